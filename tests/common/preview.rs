//! `ent-guide serve` for the integration tests: the real binary on a
//! scratch copy of a fixture site, and Chromium as the runner launches it.

use super::{copy_dir, Scratch, DEADLINE};
use headless_chrome::{Browser, Tab};
use std::ffi::OsStr;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::time::Instant;

/// A running `ent-guide serve`, killed when dropped.
pub struct Serve {
    child: Child,
    pub url: String,
    pub mock_url: String,
    /// What it printed at start (and later).
    pub lines: Arc<Mutex<Vec<String>>>,
    _site: Scratch,
    pub root: PathBuf,
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Serve {
    /// Everything printed so far, one line each.
    pub fn printed(&self) -> String {
        self.lines.lock().map(|l| l.join("\n")).unwrap_or_default()
    }
}

/// Starts `serve` on an ephemeral port, on a copy of the `basic` fixture
/// with the default theme's files beside it (so stylesheet edits are seen).
pub fn serve() -> Serve {
    serve_with(&[])
}

/// [`serve`] with more arguments (`--edit-token`, `--bind`).
pub fn serve_with(args: &[&str]) -> Serve {
    let site = Scratch::copy_of("basic");
    let root = site.path().to_path_buf();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"),
        &root.join("themes/default"),
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_ent-guide"))
        .args([OsStr::new("--root"), root.as_os_str()])
        .args(["serve", "--port", "0"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start ent-guide serve");
    let out = child.stdout.take().expect("stdout");
    let (tx, rx) = mpsc::channel();
    let lines: Arc<Mutex<Vec<String>>> = Arc::default();
    let kept = lines.clone();
    // Keep draining stdout so the server never blocks on a full pipe.
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            if let Ok(mut l) = kept.lock() {
                l.push(line.clone());
            }
            let _ = tx.send(line);
        }
    });
    let mut url = None;
    let mut mock_url = None;
    let end = Instant::now() + DEADLINE;
    while url.is_none() || mock_url.is_none() {
        let left = end.saturating_duration_since(Instant::now());
        let line = rx.recv_timeout(left).expect("serve printed its URLs");
        if let Some(u) = line.strip_prefix("preview:") {
            url = Some(u.trim().to_string());
        }
        if let Some(u) = line.strip_prefix("mock intranet:") {
            mock_url = Some(u.trim().to_string());
        }
    }
    // The line after the mock's says whether editing is on.
    let _ = rx.recv_timeout(DEADLINE);
    Serve {
        child,
        url: url.unwrap_or_default(),
        mock_url: mock_url.unwrap_or_default(),
        lines,
        _site: site,
        root,
    }
}

/// Chromium as the runner launches it.
pub fn browser() -> Browser {
    ent_guide::chrome::launch().expect("start Chromium")
}

/// The value of a JavaScript expression (awaited when it is a promise), or null.
pub fn eval(tab: &Tab, js: &str) -> serde_json::Value {
    tab.evaluate(js, true)
        .ok()
        .and_then(|r| r.value)
        .unwrap_or(serde_json::Value::Null)
}
