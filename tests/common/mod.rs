//! Helpers of the integration tests: run the real `ent-guide` binary on a
//! fixture site, in place or in a scratch copy.

#![allow(dead_code)]

pub mod preview;
pub mod static_site;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// How long a browser test waits for what it expects.
pub const DEADLINE: Duration = Duration::from_secs(20);

/// Polls `f` until it gives a value, or fails the test after [`DEADLINE`].
pub fn until<T>(what: &str, mut f: impl FnMut() -> Option<T>) -> T {
    let end = Instant::now() + DEADLINE;
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(Instant::now() < end, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(25));
    }
}

/// `tests/fixtures/<name>`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A folder removed when dropped.
pub struct Scratch(pub PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl Scratch {
    pub fn new(tag: &str) -> Scratch {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "ent-guide-test-{tag}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create scratch folder");
        Scratch(dir)
    }

    /// A scratch copy of a fixture site.
    pub fn copy_of(name: &str) -> Scratch {
        let s = Scratch::new(name);
        copy_dir(&fixture(name), &s.0);
        s
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create folder");
    for e in std::fs::read_dir(from).expect("read fixture") {
        let e = e.expect("entry");
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).expect("copy");
        }
    }
}

/// Runs `ent-guide --root ROOT ARGS...`. A build of a fixture in place
/// gets `--no-cache`: fixtures are shared by every test, and a build cache
/// left in one would travel into the copies other tests make of it.
pub fn run(root: &Path, args: &[&str]) -> Output {
    let in_fixtures = root.starts_with(fixture(""));
    let no_cache = (in_fixtures && args.first() == Some(&"build") && !args.contains(&"--no-cache"))
        .then_some("--no-cache");
    Command::new(env!("CARGO_BIN_EXE_ent-guide"))
        .arg("--root")
        .arg(root)
        .args(args)
        .args(no_cache)
        .output()
        .expect("run ent-guide")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Builds `root` into `out`, panicking with the diagnostics on failure.
pub fn build(root: &Path, out: &Path) {
    let o = run(root, &["build", "--out", out.to_str().expect("utf-8 path")]);
    assert!(o.status.success(), "build failed:\n{}", stderr(&o));
}

pub fn read(path: impl AsRef<Path>) -> String {
    let path = path.as_ref();
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// Every file under `dir`, as sorted relative paths.
pub fn files(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) {
    for e in std::fs::read_dir(dir).expect("read output").flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(base, &p, out);
        } else if let Ok(rel) = p.strip_prefix(base) {
            out.push(rel.to_string_lossy().into_owned());
        }
    }
}
