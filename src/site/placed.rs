//! Putting the unchanged files of the last output into the staging
//! folder, once every output is made ([`super::staged::Staged::place`]):
//! a folder of the last output that holds only files this build left
//! unchanged, and nothing else, is moved whole (one rename for a
//! language's thousand pages); the other unchanged files are hard-linked
//! one by one. A file left unchanged used to be linked as the build went,
//! and the old output's copy unlinked after the swap: two operations on
//! the file system per file, most of a rebuild's writing.
//!
//! A folder without sub-folders where a few files changed among many
//! (Pagefind's `pagefind/fragment/`, one file per page of every
//! language) is taken over all the same: moved whole, the files this
//! build does not keep moved back out into the last output (removed with
//! it), and the files this build wrote there moved in. An edit of one
//! page then moves a handful of files instead of linking five thousand
//! and unlinking as many after the swap.
//!
//! Every move is listed as it is made ([`Moved`]), so that the staging
//! folder undoes them, last first, where it fails to replace the output
//! (`crate::output::Staging`).

use crate::output::Moved;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io;
use std::path::Path;
use std::sync::Mutex;

/// What is under one folder (`/`-separated, relative): the unchanged files
/// to place, the files the last output had, the files this build wrote,
/// and whether any of them is in a sub-folder.
#[derive(Default)]
struct Under {
    unchanged: usize,
    before: usize,
    written: usize,
    deep: bool,
}

/// The folders (each ancestor of each path) with what is under them.
fn tally<'a>(
    unchanged: &'a [String],
    before: impl Iterator<Item = &'a str>,
    written: impl Iterator<Item = &'a str>,
) -> HashMap<&'a str, Under> {
    let mut under: HashMap<&str, Under> = HashMap::new();
    let mut each = |rel: &'a str, f: &dyn Fn(&mut Under)| {
        let parent = rel.rfind('/');
        for (i, _) in rel.match_indices('/') {
            let u = under.entry(&rel[..i]).or_default();
            f(u);
            u.deep |= Some(i) != parent;
        }
    };
    for rel in unchanged {
        each(rel, &|u| u.unchanged += 1);
    }
    for rel in before {
        each(rel, &|u| u.before += 1);
    }
    for rel in written {
        each(rel, &|u| u.written += 1);
    }
    under
}

/// The names of the entries of `dir` if all are regular files; `None` if
/// it holds anything else or cannot be read.
fn flat_files(dir: &Path) -> Option<Vec<String>> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir).ok()? {
        let entry = entry.ok()?;
        if !entry.file_type().ok()?.is_file() {
            return None;
        }
        names.push(entry.file_name().into_string().ok()?);
    }
    Some(names)
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
/// each move is pushed to `moved` as it is made.
pub fn place(
    old: &Path,
    new: &Path,
    unchanged: &[String],
    before: &[&str],
    written: &[&str],
    moved: &Mutex<Vec<Moved>>,
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
    moved: &'a Mutex<Vec<Moved>>,
}

impl Placer<'_> {
    /// Whether folder `dir` of the last output holds only unchanged files,
    /// all of them, and this build put nothing there yet.
    fn movable(&self, dir: &str) -> bool {
        self.under.get(dir).is_some_and(|u| {
            u.written == 0
                && u.unchanged == u.before
                && !self.new.join(dir).exists()
                && files_under(&self.old.join(dir)) == Some(u.before)
        })
    }

    /// The files of folder `dir` of the last output that this build does
    /// not keep, when the folder is better taken over than its files
    /// linked: it holds files only, all of the last output's and nothing
    /// else, this build wrote no sub-folder into it, and fewer files are
    /// dropped and written there than kept.
    fn adoptable(&self, dir: &str) -> Option<Vec<String>> {
        let u = self.under.get(dir)?;
        if u.deep || u.before.saturating_sub(u.unchanged) + u.written >= u.unchanged {
            return None;
        }
        let names = flat_files(&self.old.join(dir))?;
        if names.len() != u.before {
            return None;
        }
        let kept: BTreeSet<&str> = self
            .files
            .get(dir)
            .into_iter()
            .flatten()
            .map(|rel| rel.rsplit_once('/').map_or(*rel, |(_, name)| name))
            .collect();
        Some(
            names
                .into_iter()
                .filter(|n| !kept.contains(n.as_str()))
                .collect(),
        )
    }

    fn record(&self, m: Moved) {
        self.moved.lock().unwrap_or_else(|e| e.into_inner()).push(m);
    }

    /// Moves folder `dir` of the last output into the new one.
    fn take(&self, dir: &str) -> io::Result<()> {
        if let Some(parent) = self.new.join(dir).parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::rename(self.old.join(dir), self.new.join(dir))?;
        self.record(Moved::In(dir.to_string()));
        Ok(())
    }

    /// Takes folder `dir` over ([`Placer::adoptable`]): the files this
    /// build wrote there set aside, the folder moved in, the files in
    /// `dropped` moved back out into the last output (in a folder of the
    /// same name, removed with it), and the written files moved in.
    fn adopt(&self, dir: &str, dropped: &[String]) -> io::Result<()> {
        let here = self.new.join(dir);
        let aside = here.with_file_name(format!(
            ".{}.written-{}",
            here.file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
            std::process::id()
        ));
        let wrote = here.exists();
        if wrote {
            std::fs::rename(&here, &aside)?;
        }
        self.take(dir)?;
        std::fs::create_dir(self.old.join(dir))?;
        for name in dropped {
            let rel = format!("{dir}/{name}");
            std::fs::rename(self.new.join(&rel), self.old.join(&rel))?;
            self.record(Moved::Out(rel));
        }
        if wrote {
            for entry in std::fs::read_dir(&aside)? {
                let name = entry?.file_name();
                std::fs::rename(aside.join(&name), here.join(&name))?;
                self.record(Moved::Added(format!("{dir}/{}", name.to_string_lossy())));
            }
            std::fs::remove_dir(&aside)?;
        }
        Ok(())
    }

    /// Places what is under `dir`: the folder moved whole or taken over,
    /// or its files linked and its sub-folders placed (in parallel).
    fn walk(&self, dir: &str) -> io::Result<()> {
        if !dir.is_empty() && self.movable(dir) {
            return self.take(dir);
        }
        if !dir.is_empty() {
            if let Some(dropped) = self.adoptable(dir) {
                return self.adopt(dir, &dropped);
            }
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
            ["en/a", "es/a", "fr"].map(|d| Moved::In(d.into())),
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

    /// The files of `dir`, by name, with their contents.
    fn contents(dir: &Path) -> BTreeMap<String, String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                let text = std::fs::read_to_string(e.path()).unwrap();
                (e.file_name().into_string().unwrap(), text)
            })
            .collect()
    }

    #[test]
    fn a_folder_where_few_files_changed_is_taken_over_and_given_back_if_the_build_fails() {
        use crate::output::Staging;
        let base = std::env::temp_dir().join(format!("ent-guide-adopt-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&base);
        let target = base.join("public");
        let before = [
            "f/a",
            "f/b",
            "f/c",
            "f/d",
            "f/e",
            "f/g",
            "f/h",
            "f/i",
            "index.html",
        ];
        tree(&target, &before);
        let old_files = contents(&target.join("f"));
        // This build changed f/c, added f/new, dropped f/g, kept the rest.
        let unchanged: Vec<String> = before
            .iter()
            .filter(|f| !["f/c", "f/g"].contains(f))
            .map(|s| s.to_string())
            .collect();
        let written = ["f/c", "f/new"];
        for fail in [true, false] {
            let staging = Staging::new(&target).unwrap();
            std::fs::create_dir_all(staging.dir.join("f")).unwrap();
            std::fs::write(staging.dir.join("f/c"), "c, edited").unwrap();
            std::fs::write(staging.dir.join("f/new"), "new").unwrap();
            place(
                &target,
                &staging.dir,
                &unchanged,
                &before,
                &written,
                &staging.moved,
            )
            .unwrap();
            let moved = staging.moved.lock().unwrap().clone();
            assert!(moved.contains(&Moved::In("f".into())), "{moved:?}");
            assert!(moved.contains(&Moved::Out("f/g".into())), "{moved:?}");
            let mut want = old_files.clone();
            want.remove("g");
            want.insert("c".into(), "c, edited".into());
            want.insert("new".into(), "new".into());
            assert_eq!(contents(&staging.dir.join("f")), want);
            if fail {
                drop(staging);
                assert_eq!(
                    contents(&target.join("f")),
                    old_files,
                    "the last output is as it was"
                );
            } else {
                staging.commit().unwrap();
                assert_eq!(contents(&target.join("f")), want);
            }
            assert_eq!(
                std::fs::read_dir(&base).unwrap().count(),
                1,
                "no staging folder left"
            );
        }
        std::fs::remove_dir_all(&base).unwrap();
    }
}
