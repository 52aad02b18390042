//! Build benchmark: generates a synthetic guide of N pages × 5 languages
//! (headings, step lists with step comments and screenshots, tables,
//! links with anchors, images) on a RAM disk, builds it several times with
//! the release binary, and prints the median wall time, pages per second
//! and the peak memory of the build process: with the search index (what
//! `build` does) and without it (`--no-search`), to show what search costs.
//!
//! `cargo bench --bench build` (N = 1000; set `BENCH_PAGES`, `BENCH_RUNS`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const LANGS: &[&str] = &["en", "fr", "es", "zh", "ar"];
const SECTIONS: usize = 20;

fn main() {
    let pages: usize = env_or("BENCH_PAGES", 1000);
    let runs: usize = env_or("BENCH_RUNS", 7);
    let base = if Path::new("/dev/shm").is_dir() {
        PathBuf::from("/dev/shm")
    } else {
        std::env::temp_dir()
    };
    let root = base.join(format!("ent-guide-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let bytes = generate(&root, pages);
    let out = root.join("public");
    if let Ok(load) = std::fs::read_to_string("/proc/loadavg") {
        // Other work on the machine inflates wall times, not CPU times.
        println!("load average: {}", load.trim());
    }
    println!(
        "corpus: {pages} pages × {} languages = {} files, {:.1} MiB of Markdown, in {}",
        LANGS.len(),
        pages * LANGS.len(),
        bytes as f64 / 1048576.0,
        root.display()
    );
    for (name, args) in [
        ("build", &[][..]),
        ("build --no-search", &["--no-search"][..]),
    ] {
        measure(name, &root, &out, args, runs, pages * LANGS.len());
    }
    if std::env::var_os("BENCH_KEEP").is_none() {
        let _ = std::fs::remove_dir_all(&root);
    }
}

/// Builds `runs` times (after one warm-up) and prints the figures.
fn measure(name: &str, root: &Path, out: &Path, args: &[&str], runs: usize, total: usize) {
    let mut times = Vec::new();
    let mut rss = Vec::new();
    let mut cpu = Vec::new();
    for i in 0..=runs {
        let (secs, cpu_secs, kib, ok) = run(root, out, args);
        assert!(ok, "the build failed");
        if i > 0 {
            // The first run warms the page cache.
            times.push(secs);
            cpu.push(cpu_secs);
            rss.push(kib);
        }
    }
    cpu.sort_by(f64::total_cmp);
    times.sort_by(f64::total_cmp);
    rss.sort_unstable();
    let median = times[times.len() / 2];
    println!(
        "{name}: median {:.3} s (min {:.3}, max {:.3}) over {runs} runs, {:.0} pages/s, CPU (user+sys) median {:.3} s, peak RSS median {:.1} MiB (max {:.1})",
        median,
        times[0],
        times[times.len() - 1],
        total as f64 / median,
        cpu[cpu.len() / 2],
        rss[rss.len() / 2] as f64 / 1024.0,
        rss[rss.len() - 1] as f64 / 1024.0,
    );
}

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Runs one build; returns wall seconds, CPU seconds (user + system),
/// peak RSS in KiB, success.
// The child is reaped by `wait4`, which also reports its peak memory.
#[allow(clippy::zombie_processes)]
fn run(root: &Path, out: &Path, args: &[&str]) -> (f64, f64, i64, bool) {
    let started = Instant::now();
    let child = Command::new(env!("CARGO_BIN_EXE_ent-guide"))
        .arg("--root")
        .arg(root)
        .arg("build")
        .arg("--out")
        .arg(out)
        .args(args)
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("start ent-guide");
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: plain FFI calls with valid pointers to locals; the child is
    // ours and waited for exactly once here.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let secs = started.elapsed().as_secs_f64();
    let ok = r == pid && libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    let tv = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    let cpu = tv(usage.ru_utime) + tv(usage.ru_stime);
    (secs, cpu, usage.ru_maxrss, ok)
}

fn write(path: &Path, text: &str) -> usize {
    if let Some(p) = path.parent() {
        std::fs::create_dir_all(p).expect("create folder");
    }
    std::fs::write(path, text).expect("write");
    text.len()
}

/// A 1×1 PNG is enough: the generator reads sizes from the sidecar.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x04\0\0\0\x03\0\x08\x06\0\0\0";

pub fn generate(root: &Path, pages: usize) -> usize {
    let content = root.join("content");
    let theme_src = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    copy_dir(&theme_src, &root.join("themes/default"));
    let mut bytes = write(
        &content.join("guide.yaml"),
        "title: {en: Bench guide}\ndefault_language: en\nlanguages:\n  - {code: en, name: English}\n  - {code: fr, name: Français}\n  - {code: es, name: Español}\n  - {code: zh, name: 中文}\n  - {code: ar, name: العربية, dir: rtl}\nbase_url: https://guide.example.org/\n",
    );
    std::fs::create_dir_all(content.join("img")).expect("img");
    std::fs::write(content.join("img/portal.png"), PNG).expect("png");
    let slugs: Vec<String> = (0..pages)
        .map(|i| {
            if i == 0 {
                String::new()
            } else if i <= SECTIONS {
                format!("section-{i}")
            } else {
                format!("section-{}/page-{i}", 1 + i % SECTIONS)
            }
        })
        .collect();
    for (i, slug) in slugs.iter().enumerate() {
        let file = if slug.is_empty() {
            "index".to_string()
        } else if i <= SECTIONS {
            format!("{slug}/index")
        } else {
            slug.clone()
        };
        let depth = file.matches('/').count();
        let up = "../".repeat(depth);
        let link_to = |j: usize| {
            let s = &slugs[j % pages];
            if s.is_empty() {
                format!("{up}index.md")
            } else if j % pages <= SECTIONS {
                format!("{up}{s}/index.md")
            } else {
                format!("{up}{s}.md")
            }
        };
        for (li, lang) in LANGS.iter().enumerate() {
            let name = if li == 0 {
                format!("{file}.md")
            } else {
                format!("{file}.{lang}.md")
            };
            let text = page(i, lang, &link_to, &up);
            bytes += write(&content.join(name), &text);
        }
        if i % 2 == 0 {
            let dir = root
                .join("screenshots")
                .join(if slug.is_empty() { "index" } else { slug });
            for name in ["click-connexion", "click-se-connecter"] {
                std::fs::create_dir_all(&dir).expect("shots");
                std::fs::write(dir.join(format!("{name}.png")), PNG).expect("png");
                write(
                    &dir.join(format!("{name}.json")),
                    r#"{"image": {"width": 1024, "height": 768}, "targets": [{"number": 1, "label": "Connexion", "box": {"x": 900, "y": 10, "width": 100, "height": 30}}], "callouts": []}"#,
                );
            }
        }
    }
    bytes
}

fn page(i: usize, lang: &str, link_to: &dyn Fn(usize) -> String, up: &str) -> String {
    let w = |en: &str| -> String {
        match lang {
            "en" => en.to_string(),
            "fr" => format!("{en} (fr)"),
            "es" => format!("{en} (es)"),
            "zh" => format!("{en}（中文）"),
            _ => format!("{en} (عربي)"),
        }
    };
    let mut t = String::with_capacity(6000);
    let _ = write!(
        t,
        "---\ntitle: {}\nsummary: {}\nweight: {}\n",
        w(&format!("Topic number {i}")),
        w("What this page explains, in one sentence."),
        i % 7
    );
    if lang != "en" {
        t.push_str("source_digest: 0000000000000000\n");
    }
    t.push_str("---\n\n");
    for part in 0..3 {
        let _ = write!(
            t,
            "## {} {{#part-{part}}}\n\n{} See [the related page]({}#step-1) and [this section](#part-{part}).\n\n",
            w(&format!("Part {part} of the topic")),
            w("The intranet is in French. This guide keeps every button name exactly as the screen shows it, in bold, so that you recognise it; a translation follows where it helps. Read the steps in order and check each screen against the picture."),
            link_to(i + 1 + part),
        );
        for s in 0..4 {
            let n = part * 4 + s;
            let _ = write!(
                t,
                "{}. {}\n   <!-- step: click \"Connexion\" -->\n",
                s + 1,
                w(&format!("Click **Connexion** (log in), at the top right, then wait for the page number {n} to load completely."))
            );
            if n == 1 || n == 6 {
                t.push_str(if n == 1 {
                    "   <!-- shot -->\n"
                } else {
                    "   <!-- step: click \"SE CONNECTER\" -->\n   <!-- shot -->\n"
                });
            }
        }
        t.push('\n');
    }
    let _ = write!(
        t,
        "| {} | {} |\n|---|---|\n| Identifiant | {} |\n| Mot de passe | {} |\n\n![{}]({up}img/portal.png)\n\n> {}\n\n```\nhttps://ent.univ-st-etienne.fr/\n```\n",
        w("Field"),
        w("What to type"),
        w("your login"),
        w("your password"),
        w("The portal"),
        w("Tip: add the portal to your bookmarks."),
    );
    t
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create");
    for e in std::fs::read_dir(from).expect("read theme") {
        let e = e.expect("entry");
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).expect("copy");
        }
    }
}
