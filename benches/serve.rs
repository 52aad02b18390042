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
    let median = rt.block_on(measure(&shipped, "content/first-login.md", runs));
    println!("shipped guide: save → reload message median {median:.1} ms over {runs} runs (target < 100 ms)");
    let _ = std::fs::remove_dir_all(&shipped);

    let synthetic = base.join(format!("ent-guide-serve-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&synthetic);
    corpus::generate(&synthetic, pages);
    let i = pages - 1;
    let page = format!("content/section-{}/page-{i}.md", 1 + i % 20);
    let median = rt.block_on(measure(&synthetic, &page, runs));
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

/// Starts the preview on `root`, edits `page` `runs` times, and returns the
/// median milliseconds from each save to its reload message.
async fn measure(root: &Path, page: &str, runs: usize) -> f64 {
    let started = Instant::now();
    let preview = start(&Options {
        root: root.to_path_buf(),
        bind: [127, 0, 0, 1].into(),
        port: 0,
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
        let mut times = Vec::new();
        for run in 0..=runs {
            let text = format!("{original}\nEdited for run {run}.\n");
            let t = Instant::now();
            std::fs::write(&file, text).expect("save the page");
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
