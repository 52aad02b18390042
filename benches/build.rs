//! Build benchmark: generates a synthetic guide of N pages × 5 languages
//! of realistic size (about 600 words a page: prose, step lists with step
//! comments and screenshots, a table, images, links with anchors; see
//! [`corpus`]) on a RAM disk, builds it several times with
//! the release binary, and prints the median wall time, pages per second,
//! CPU time and the peak memory of the build process: a clean build with
//! the search index (what `build --no-cache` does), a clean build without
//! it (`--no-search`), and a rebuild with search after an edit of one page
//! (what `build` does with its cache, `.ent-guide-cache/`).
//!
//! `cargo bench --bench build` (N = 1000; set `BENCH_PAGES`, `BENCH_RUNS`;
//! `BENCH_BIN` to measure another binary, `BENCH_KEEP` to keep the corpus).

#[path = "build/corpus.rs"]
mod corpus;

use corpus::{generate, LANGS};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

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
    // Other work on the machine inflates wall times, not CPU times.
    print_load("at the start");
    println!(
        "corpus: {pages} pages × {} languages = {} files, {:.1} MiB of Markdown, in {}",
        LANGS.len(),
        pages * LANGS.len(),
        bytes as f64 / 1048576.0,
        root.display()
    );
    // An older binary (`BENCH_BIN`) may have no cache, nor its option.
    let cache = Command::new(bin())
        .args(["build", "--help"])
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("--no-cache"));
    let clean: &[&str] = if cache { &["--no-cache"] } else { &[] };
    let total = pages * LANGS.len();
    let none = |_: usize| {};
    measure("clean build", &root, &out, clean, runs, total, &none);
    let no_search = [clean, &["--no-search"]].concat();
    measure(
        "clean build --no-search",
        &root,
        &out,
        &no_search,
        runs,
        total,
        &none,
    );
    if cache {
        // One English page, whose translations are already outdated: the
        // edit changes that page only. Each run adds another sentence.
        let file = if pages > 21 {
            let i = pages / 2;
            format!("section-{}/page-{i}.md", 1 + i % 20)
        } else {
            "index.md".to_string()
        };
        let page = root.join("content").join(file);
        let edit = |run: usize| {
            let text = std::fs::read_to_string(&page).expect("page");
            let more = format!("{text}\nA sentence added by run {run} of the benchmark.\n");
            std::fs::write(&page, more).expect("edit");
        };
        let name = "rebuild after editing one page (cache)";
        measure(name, &root, &out, &[], runs, total, &edit);
    }
    print_load("at the end");
    if std::env::var_os("BENCH_KEEP").is_none() {
        let _ = std::fs::remove_dir_all(&root);
    }
}

/// Builds `runs` times (after one warm-up), each after `before(run)`, and
/// prints the figures.
fn measure(
    name: &str,
    root: &Path,
    out: &Path,
    args: &[&str],
    runs: usize,
    total: usize,
    before: &dyn Fn(usize),
) {
    let mut times = Vec::new();
    let mut rss = Vec::new();
    let mut cpu = Vec::new();
    for i in 0..=runs {
        before(i);
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

fn print_load(when: &str) {
    if let Ok(load) = std::fs::read_to_string("/proc/loadavg") {
        println!("load average {when}: {}", load.trim());
    }
}

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The program measured: `BENCH_BIN` names another build of it (an older
/// one).
fn bin() -> PathBuf {
    std::env::var_os("BENCH_BIN").map_or_else(
        || PathBuf::from(env!("CARGO_BIN_EXE_ent-guide")),
        PathBuf::from,
    )
}

/// Runs one build; returns wall seconds, CPU seconds (user + system),
/// peak RSS in KiB, success.
// The child is reaped by `wait4`, which also reports its peak memory.
#[allow(clippy::zombie_processes)]
fn run(root: &Path, out: &Path, args: &[&str]) -> (f64, f64, i64, bool) {
    let started = Instant::now();
    let child = Command::new(bin())
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
