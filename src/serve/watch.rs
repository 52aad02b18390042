//! Watching the site's sources (`content/` with `guide.yaml`, `themes/`,
//! `screenshots/`) with a debouncer: a burst of events (an editor's
//! save-via-rename, its backup and swap files) arrives as one set of
//! changed paths, with editors' temporary files left out.
//!
//! Built on `notify-debouncer-full` with 30 ms of quiet ([`QUIET`]); access
//! events are dropped (a rebuild reads files), and so are hidden files and
//! folders, vim's `.swp`/`.swx`/`.swo` and `4913` probe, `~` backups,
//! emacs' `#…` and `.#…` files, and `.tmp`/`.bak` files ([`is_temporary`]).

use notify_debouncer_full::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

/// The watcher: dropping it stops watching.
pub type Watcher = Debouncer<RecommendedWatcher, RecommendedCache>;

/// How long the files must stay quiet before a rebuild starts.
pub const QUIET: Duration = Duration::from_millis(30);

/// The folders watched under the site root.
pub const WATCHED: &[&str] = &["content", "themes", "screenshots"];

/// Whether a path is an editor's temporary file (vim's `.swp`, `~` backups
/// and `4913` probe, emacs' `.#` locks, hidden files, `.tmp`).
pub fn is_temporary(path: &Path) -> bool {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy()) else {
        return true;
    };
    name.starts_with('.')
        || name.ends_with('~')
        || name == "4913"
        || [".swp", ".swx", ".swo", ".tmp", ".bak"]
            .iter()
            .any(|e| name.ends_with(e))
        || name.starts_with('#')
}

/// Whether any folder between `root` and `path` is hidden (`.git`, an
/// editor's `.backup/`).
fn in_hidden_folder(root: &Path, path: &Path) -> bool {
    path.strip_prefix(root).is_ok_and(|rel| {
        rel.parent().is_some_and(|p| {
            p.components()
                .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
        })
    })
}

/// Starts watching the folders of `root` that exist; each burst of changes
/// arrives on the returned channel as the set of paths changed. Keep the
/// returned debouncer alive as long as changes are wanted.
pub fn watch(
    root: &Path,
) -> notify_debouncer_full::notify::Result<(Watcher, mpsc::Receiver<BTreeSet<PathBuf>>)> {
    let (tx, rx) = mpsc::channel();
    let base = root.to_path_buf();
    let mut debouncer = new_debouncer(QUIET, None, move |res: DebounceEventResult| match res {
        Ok(events) => {
            // Reading a file (as a rebuild does) is no change.
            let paths: BTreeSet<PathBuf> = events
                .into_iter()
                .filter(|e| !e.event.kind.is_access())
                .flat_map(|e| e.event.paths.clone())
                .filter(|p| !is_temporary(p) && !in_hidden_folder(&base, p))
                .collect();
            if !paths.is_empty() {
                let _ = tx.send(paths);
            }
        }
        Err(errors) => {
            for e in errors {
                eprintln!("watching the files failed: {e}");
            }
        }
    })?;
    for dir in WATCHED {
        let path = root.join(dir);
        if path.is_dir() {
            debouncer.watch(&path, RecursiveMode::Recursive)?;
        }
    }
    Ok((debouncer, rx))
}

/// Waits for the next burst of changes and gathers any that follow at once
/// (the rebuild of one burst covers them all).
pub fn next_burst(rx: &mpsc::Receiver<BTreeSet<PathBuf>>) -> Option<BTreeSet<PathBuf>> {
    let mut all = rx.recv().ok()?;
    while let Ok(more) = rx.try_recv() {
        all.extend(more);
    }
    Some(all)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_temporary_files_are_left_out() {
        for p in [
            "content/.log-in.md.swp",
            "content/log-in.md~",
            "content/4913",
            "content/.#log-in.md",
            "content/#log-in.md#",
        ] {
            assert!(is_temporary(Path::new(p)), "{p}");
        }
        for p in [
            "content/log-in.md",
            "themes/default/static/style.css",
            "content/guide.yaml",
        ] {
            assert!(!is_temporary(Path::new(p)), "{p}");
        }
        assert!(in_hidden_folder(
            Path::new("/s"),
            Path::new("/s/content/.git/x.md")
        ));
        assert!(!in_hidden_folder(
            Path::new("/s"),
            Path::new("/s/content/a/x.md")
        ));
    }
}
