//! Preview benchmark: the time from saving a page to the reload message
//! its open browsers receive, for a one-page edit, on the shipped guide and
//! on the build benchmark's synthetic corpus (5,000 pages × 5 languages).
//! Runs the preview in-process on a copy of each site (on a RAM disk when
//! there is one), listens to its event stream like a browser, appends a
//! line to one page, and prints the median over the runs.
//!
//! `cargo bench --bench serve` (set `BENCH_PAGES`, `BENCH_RUNS`).

#[allow(dead_code)]
#[path = "build/corpus.rs"]
mod corpus;

use ent_guide::serve::{start, Options};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn main() {
    let pages: usize = env_or("BENCH_PAGES", 5000);
    let runs: usize = env_or("BENCH_RUNS", 15);
    let base = if Path::new("/dev/shm").is_dir() {
        PathBuf::from("/dev/shm")
    } else {
        std::env::temp_dir()
    };
    if let Ok(load) = std::fs::read_to_string("/proc/loadavg") {
        println!("load average: {}", load.trim());
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");

    let shipped = base.join(format!(
        "ent-guide-serve-bench-shipped-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&shipped);
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in ["content", "themes", "screenshots"] {
        if repo.join(dir).is_dir() {
            corpus_copy(&repo.join(dir), &shipped.join(dir));
        }
    }
    let median = rt.block_on(measure(&shipped, "content/first-login.md", runs, false));
    println!("shipped guide: save → reload message median {median:.1} ms over {runs} runs (target < 100 ms)");
    let median = rt.block_on(measure(&shipped, "content/first-login.md", runs, true));
    println!("shipped guide, saved from the editor (/__edit/): save → reload message median {median:.1} ms over {runs} runs (target < 100 ms)");
    let _ = std::fs::remove_dir_all(&shipped);

    let synthetic = base.join(format!("ent-guide-serve-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&synthetic);
    corpus::generate(&synthetic, pages);
    let i = pages - 1;
    let page = format!("content/section-{}/page-{i}.md", 1 + i % 20);
    let median = rt.block_on(measure(&synthetic, &page, runs, false));
    println!(
        "synthetic {pages} pages × 5 languages: save → reload message median {median:.1} ms over {runs} runs (target < 300 ms)"
    );
    let _ = std::fs::remove_dir_all(&synthetic);
}

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn corpus_copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create folder");
    for e in std::fs::read_dir(from).expect("read folder").flatten() {
        let p = e.path();
        if p.is_dir() {
            corpus_copy(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).expect("copy");
        }
    }
}

/// Starts the preview on `root`, edits `page` `runs` times (writing the
/// file, or `via_editor`: posting it to the editor's save), and returns the
/// median milliseconds from each save to its reload message.
async fn measure(root: &Path, page: &str, runs: usize, via_editor: bool) -> f64 {
    let started = Instant::now();
    let preview = start(&Options {
        root: root.to_path_buf(),
        bind: [127, 0, 0, 1].into(),
        port: 0,
        edit_token: None,
    })
    .await
    .expect("start the preview");
    println!(
        "{}: first build in {} ms",
        root.display(),
        started.elapsed().as_millis()
    );
    let url = preview.url.clone();
    let file = root.join(page);
    let rel = page.trim_start_matches("content/").to_string();
    let times = tokio::task::spawn_blocking(move || {
        let host = url.trim_start_matches("http://").trim_end_matches('/');
        let mut c = TcpStream::connect(host).expect("connect");
        c.set_read_timeout(Some(Duration::from_secs(60)))
            .expect("timeout");
        write!(
            c,
            "GET /__preview/events HTTP/1.1\r\nHost: {host}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .expect("send");
        let mut lines = BufReader::new(c).lines();
        wait_for(&mut lines, "event: hello");
        let original = std::fs::read_to_string(&file).expect("read the page");
        let csrf = if via_editor {
            editor_csrf(host, &rel)
        } else {
            String::new()
        };
        let mut times = Vec::new();
        for run in 0..=runs {
            let text = format!("{original}\nEdited for run {run}.\n");
            let t = Instant::now();
            if via_editor {
                let digest = digest(&std::fs::read(&file).expect("read the page"));
                editor_save(host, &csrf, &rel, &text, &digest);
            } else {
                std::fs::write(&file, text).expect("save the page");
            }
            wait_for(&mut lines, "event: reload");
            if run > 0 {
                // The first edit warms caches.
                times.push(t.elapsed().as_secs_f64() * 1000.0);
            }
        }
        std::fs::write(&file, original).expect("restore the page");
        times
    })
    .await
    .expect("measure");
    drop(preview);
    let mut times = times;
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

fn wait_for(lines: &mut impl Iterator<Item = std::io::Result<String>>, what: &str) {
    for line in lines.by_ref() {
        let line = line.expect("the event stream stays open");
        if line.starts_with("event: problems") {
            panic!("the rebuild failed");
        }
        if line == what {
            return;
        }
    }
    panic!("the event stream ended before {what}");
}

/// The CSRF token written into the editor page of `rel`.
fn editor_csrf(host: &str, rel: &str) -> String {
    let mut c = TcpStream::connect(host).expect("connect");
    write!(
        c,
        "GET /__edit/page?path={rel} HTTP/1.0\r\nHost: {host}\r\n\r\n"
    )
    .expect("send");
    let mut page = String::new();
    std::io::Read::read_to_string(&mut c, &mut page).expect("editor page");
    let meta = "name=\"csrf\" content=\"";
    let at = page.find(meta).expect("csrf meta") + meta.len();
    page[at..at + 32].to_string()
}

/// Posts `text` to the editor's save without waiting for its answer (the
/// reload message is what is timed).
fn editor_save(host: &str, csrf: &str, rel: &str, text: &str, digest: &str) {
    let body = serde_json::json!({ "path": rel, "text": text, "digest": digest }).to_string();
    let host = host.to_string();
    let req = format!(
        "POST /__edit/api/save HTTP/1.0\r\nHost: {host}\r\nContent-Type: application/json\r\nX-CSRF-Token: {csrf}\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    std::thread::spawn(move || {
        let mut c = TcpStream::connect(&host).expect("connect");
        c.write_all(req.as_bytes()).expect("send");
        let mut answer = String::new();
        let _ = std::io::Read::read_to_string(&mut c, &mut answer);
        assert!(
            answer.starts_with("HTTP/1.0 200") || answer.starts_with("HTTP/1.1 200"),
            "{answer}"
        );
    });
}

/// The editor's digest of a file (64-bit FNV-1a, 16 hex digits).
fn digest(bytes: &[u8]) -> String {
    ent_guide::serve::editor::files::digest(bytes)
}
