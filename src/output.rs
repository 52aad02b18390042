//! Atomic output: a build writes into a fresh folder beside the target and
//! swaps it in only when everything succeeded, so a failed build leaves the
//! previous site untouched.
//!
//! The fresh folder is `.<out>.new-<pid>` beside `<out>`; on commit the old
//! output is moved aside (`.<out>.old-<pid>`) and the new one renamed into
//! place; the old one is then removed, or put back if that rename failed.
//! What the build moved between the old output and the new one
//! ([`Staging::moved`], see `site/placed.rs`: folders taken over, files
//! they drop, files added to them) is undone, last first, when the new
//! one is not swapped in.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// A move between the target and the staging folder (paths relative to
/// each), undone when the staging folder is not swapped in.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Moved {
    /// A folder moved from the target into the staging folder.
    In(String),
    /// A file moved from a folder taken over ([`Moved::In`]) back into
    /// the target: a file the new output does not have.
    Out(String),
    /// A file the build put into a folder taken over.
    Added(String),
}

/// A folder being filled, to be swapped in place of `target`.
#[derive(Debug)]
pub struct Staging {
    pub dir: PathBuf,
    /// What was moved between the target and `dir`, in order.
    pub moved: Mutex<Vec<Moved>>,
    target: PathBuf,
    done: bool,
}

impl Staging {
    /// Creates `.<name>.new-<pid>` beside `target`.
    pub fn new(target: &Path) -> io::Result<Staging> {
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent)?;
        let dir = parent.join(format!(".{name}.new-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        std::fs::create_dir(&dir)?;
        Ok(Staging {
            dir,
            moved: Mutex::default(),
            target: target.to_path_buf(),
            done: false,
        })
    }

    /// Puts the new folder in place of the target; the old one is removed.
    pub fn commit(mut self) -> io::Result<()> {
        let old = self.dir.with_file_name(
            self.dir
                .file_name()
                .map(|n| n.to_string_lossy().replace(".new-", ".old-"))
                .unwrap_or_else(|| ".old".into()),
        );
        let had_old = match std::fs::symlink_metadata(&self.target) {
            Ok(_) => {
                if old.exists() {
                    std::fs::remove_dir_all(&old)?;
                }
                std::fs::rename(&self.target, &old)?;
                true
            }
            Err(_) => false,
        };
        if let Err(e) = std::fs::rename(&self.dir, &self.target) {
            if had_old {
                let _ = std::fs::rename(&old, &self.target);
            }
            return Err(e);
        }
        self.done = true;
        if had_old {
            remove_parallel(&old);
        }
        Ok(())
    }
}

/// Removes a folder, its top-level entries in parallel (a site has one
/// folder per language).
fn remove_parallel(dir: &Path) {
    use rayon::prelude::*;
    if let Ok(entries) = std::fs::read_dir(dir) {
        let paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        paths.par_iter().for_each(|p| {
            if p.is_dir() {
                let _ = std::fs::remove_dir_all(p);
            } else {
                let _ = std::fs::remove_file(p);
            }
        });
    }
    let _ = std::fs::remove_dir_all(dir);
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.done {
            // What was moved from the target goes back, the last first.
            let moved = std::mem::take(self.moved.get_mut().unwrap_or_else(|e| e.into_inner()));
            for m in moved.iter().rev() {
                let _ = match m {
                    Moved::In(rel) => {
                        // The folder that held the files it dropped, empty by now.
                        let _ = std::fs::remove_dir(self.target.join(rel));
                        std::fs::rename(self.dir.join(rel), self.target.join(rel))
                    }
                    Moved::Out(rel) => std::fs::rename(self.target.join(rel), self.dir.join(rel)),
                    Moved::Added(rel) => std::fs::remove_file(self.dir.join(rel)),
                };
            }
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swaps_in_only_on_commit() {
        let base = std::env::temp_dir().join(format!("ent-guide-out-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&base);
        let target = base.join("public");
        std::fs::create_dir_all(&target).unwrap();
        std::fs::write(target.join("old.txt"), "old").unwrap();
        {
            let s = Staging::new(&target).unwrap();
            std::fs::write(s.dir.join("new.txt"), "new").unwrap();
            // dropped without commit
        }
        assert!(target.join("old.txt").exists());
        assert_eq!(std::fs::read_dir(&base).unwrap().count(), 1);
        let s = Staging::new(&target).unwrap();
        std::fs::write(s.dir.join("new.txt"), "new").unwrap();
        s.commit().unwrap();
        assert!(target.join("new.txt").exists());
        assert!(!target.join("old.txt").exists());
        assert_eq!(std::fs::read_dir(&base).unwrap().count(), 1);
        std::fs::remove_dir_all(&base).unwrap();
    }

    #[test]
    fn folders_moved_from_the_output_go_back_when_it_is_not_replaced() {
        let base = std::env::temp_dir().join(format!("ent-guide-back-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&base);
        let target = base.join("public");
        std::fs::create_dir_all(target.join("fr/a")).unwrap();
        std::fs::write(target.join("fr/a/index.html"), "page").unwrap();
        {
            let s = Staging::new(&target).unwrap();
            std::fs::rename(target.join("fr"), s.dir.join("fr")).unwrap();
            s.moved.lock().unwrap().push(Moved::In("fr".into()));
            // dropped without commit: the build failed
        }
        assert_eq!(
            std::fs::read(target.join("fr/a/index.html")).unwrap(),
            b"page"
        );
        assert_eq!(std::fs::read_dir(&base).unwrap().count(), 1);
        std::fs::remove_dir_all(&base).unwrap();
    }
}
