//! Putting the unchanged files of the last output into the staging
//! folder, once every output is made ([`super::staged::Staged::place`]):
//! a folder of the last output that holds only files this build left
//! unchanged, and nothing else, is moved whole (one rename for a
//! language's thousand pages); the other unchanged files are hard-linked
//! one by one. A file left unchanged used to be linked as the build went,
//! and the old output's copy unlinked after the swap: two operations on
//! the file system per file, most of a rebuild's writing.
//!
//! The folders moved are listed as they move, so that the staging folder
//! puts them back where it fails to replace the output
//! (`crate::output::Staging`).

use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io;
use std::path::Path;
use std::sync::Mutex;

/// What is under one folder (`/`-separated, relative): the unchanged files
/// to place, the files the last output had, and whether this build wrote
/// any file.
#[derive(Default)]
struct Under {
    unchanged: usize,
    before: usize,
    written: bool,
}

/// The folders (each ancestor of each path) with what is under them.
fn tally<'a>(
    unchanged: &'a [String],
    before: impl Iterator<Item = &'a str>,
    written: impl Iterator<Item = &'a str>,
) -> HashMap<&'a str, Under> {
    let mut under: HashMap<&str, Under> = HashMap::new();
    let mut each = |rel: &'a str, f: &dyn Fn(&mut Under)| {
        for (i, _) in rel.match_indices('/') {
            f(under.entry(&rel[..i]).or_default());
        }
    };
    for rel in unchanged {
        each(rel, &|u| u.unchanged += 1);
    }
    for rel in before {
        each(rel, &|u| u.before += 1);
    }
    for rel in written {
        each(rel, &|u| u.written = true);
    }
    under
}

/// The regular files under `dir`, counted; `None` if it holds anything
/// else (a link, a device) or cannot be read.
fn files_under(dir: &Path) -> Option<usize> {
    let mut n = 0;
    for entry in std::fs::read_dir(dir).ok()? {
        let entry = entry.ok()?;
        let kind = entry.file_type().ok()?;
        if kind.is_dir() {
            n += files_under(&entry.path())?;
        } else if kind.is_file() {
            n += 1;
        } else {
            return None;
        }
    }
    Some(n)
}

/// Puts each file of `unchanged` (paths under both folders) from `old`
/// into `new`: whole folders moved where they hold nothing else, the rest
/// linked (or copied where a link cannot be made). `before` lists the
/// files of the last output, `written` those this build wrote into `new`;
/// each folder moved is pushed to `moved` as it moves.
pub fn place(
    old: &Path,
    new: &Path,
    unchanged: &[String],
    before: &[&str],
    written: &[&str],
    moved: &Mutex<Vec<String>>,
) -> io::Result<()> {
    let under = tally(unchanged, before.iter().copied(), written.iter().copied());
    // The tree of unchanged files: each folder's files and sub-folders.
    let mut files: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut folders: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for rel in unchanged {
        let (dir, _) = rel.rsplit_once('/').unwrap_or(("", rel));
        files.entry(dir).or_default().push(rel);
        let mut child = dir;
        while !child.is_empty() {
            let parent = child.rsplit_once('/').map_or("", |(p, _)| p);
            if !folders.entry(parent).or_default().insert(child) {
                break;
            }
            child = parent;
        }
    }
    Placer {
        old,
        new,
        under,
        files,
        folders,
        moved,
    }
    .walk("")
}

/// Puts the file `from` at `to` as a hard link, or a copy where a link
/// cannot be made.
pub fn link(from: &Path, to: &Path) -> io::Result<()> {
    if std::fs::hard_link(from, to).is_err() {
        std::fs::copy(from, to)?;
    }
    Ok(())
}

/// The placing of one build's unchanged files (see [`place`]).
struct Placer<'a> {
    old: &'a Path,
    new: &'a Path,
    under: HashMap<&'a str, Under>,
    files: BTreeMap<&'a str, Vec<&'a str>>,
    folders: BTreeMap<&'a str, BTreeSet<&'a str>>,
    moved: &'a Mutex<Vec<String>>,
}

impl Placer<'_> {
    /// Whether folder `dir` of the last output holds only unchanged files,
    /// all of them, and this build put nothing there yet.
    fn movable(&self, dir: &str) -> bool {
        self.under.get(dir).is_some_and(|u| {
            !u.written
                && u.unchanged == u.before
                && !self.new.join(dir).exists()
                && files_under(&self.old.join(dir)) == Some(u.before)
        })
    }

    /// Places what is under `dir`: the folder moved whole, or its files
    /// linked and its sub-folders placed (in parallel).
    fn walk(&self, dir: &str) -> io::Result<()> {
        if !dir.is_empty() && self.movable(dir) {
            if let Some(parent) = self.new.join(dir).parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::rename(self.old.join(dir), self.new.join(dir))?;
            self.moved
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(dir.to_string());
            return Ok(());
        }
        if let Some(here) = self.files.get(dir) {
            std::fs::create_dir_all(self.new.join(dir))?;
            here.par_iter()
                .try_for_each(|rel| link(&self.old.join(rel), &self.new.join(rel)))?;
        }
        let subs: Vec<&str> = self
            .folders
            .get(dir)
            .map(|s| s.iter().copied().collect())
            .unwrap_or_default();
        subs.par_iter().try_for_each(|sub| self.walk(sub))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(root: &Path, files: &[&str]) {
        for f in files {
            let p = root.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, f.as_bytes()).unwrap();
        }
    }

    #[test]
    fn whole_unchanged_folders_move_and_the_rest_is_linked() {
        let base = std::env::temp_dir().join(format!("ent-guide-placed-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&base);
        let (old, new) = (base.join("old"), base.join("new"));
        let before = [
            "index.html",
            "fr/a/index.html",
            "fr/b/index.html",
            "en/a/index.html",
            "en/b/index.html",
            "es/a/index.html",
        ];
        tree(&old, &before);
        // By hand in the last output: not part of it, never carried over.
        tree(&old, &["es/notes.txt"]);
        // This build wrote en/b anew and took the rest unchanged.
        tree(&new, &["en/b/index.html"]);
        let unchanged: Vec<String> = ["index.html", "fr/a/index.html", "fr/b/index.html"]
            .iter()
            .chain(&["en/a/index.html", "es/a/index.html"])
            .map(|s| s.to_string())
            .collect();
        let moved = Mutex::new(Vec::new());
        place(
            &old,
            &new,
            &unchanged,
            &before,
            &["en/b/index.html"],
            &moved,
        )
        .unwrap();
        let mut moved = moved.into_inner().unwrap();
        moved.sort();
        assert_eq!(
            moved,
            ["en/a", "es/a", "fr"],
            "folders holding only unchanged files"
        );
        for f in before {
            assert_eq!(std::fs::read(new.join(f)).unwrap(), f.as_bytes(), "{f}");
        }
        assert!(
            !new.join("es/notes.txt").exists(),
            "a file by hand stays behind"
        );
        assert!(
            old.join("index.html").exists(),
            "a file is linked, not moved"
        );
        assert!(!old.join("fr").exists());
        std::fs::remove_dir_all(&base).unwrap();
    }
}
