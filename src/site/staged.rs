//! The folder a build writes into ([`Staged`], behind `Sink::Disk`): it
//! makes each folder once, and remembers the path and SHA-256 of every file
//! it writes or copies, so that the offline worker's list and version
//! (`outputs/offline.rs`) are made without reading the site back. Every
//! file of a build goes through it (a file written by other means, such as
//! a PDF, is [`Staged::record`]ed). A file with the same bytes as the last
//! output's, which is still as that build left it, is linked to it rather
//! than written ([`super::previous`]): recorded as the build goes, and
//! put into the folder once every output is made ([`Staged::place`],
//! [`super::placed`]), whole folders at a time where nothing in them
//! changed.

use super::previous::{Previous, Stamp};
use crate::diagnostics::{Diagnostic, Pos};
use rayon::prelude::*;
use sha2::{Digest as _, Sha256};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// A file that cannot be written (or copied from).
pub fn io_problem(path: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::new(
        path,
        Pos { line: 1, col: 1 },
        format!("cannot write the site: {e}"),
        "check that the output folder is writable and the disk is not full",
    )
}

/// A file's SHA-256.
pub type FileDigest = [u8; 32];

/// The SHA-256 of `bytes`.
pub fn digest(bytes: &[u8]) -> FileDigest {
    Sha256::digest(bytes).into()
}

/// A folder being filled, and what was put in it.
#[derive(Debug)]
pub struct Staged {
    dir: PathBuf,
    /// Each file written, by its `/`-separated path under `dir`, with the
    /// stamp of those written, copied or linked (not of files written by
    /// other means), for the next build.
    files: Mutex<HashMap<String, (FileDigest, Option<Stamp>)>>,
    /// The folders known to exist (made by this build, or `dir` itself).
    folders: Mutex<HashSet<PathBuf>>,
    /// The last build's output, whose unchanged files are linked.
    previous: Previous,
    /// The unchanged files recorded but not yet put into `dir`: read from
    /// the last output until then ([`Staged::path_of`]).
    deferred: Mutex<HashSet<String>>,
}

impl Staged {
    /// Writing into `dir`, which exists.
    pub fn new(dir: &Path) -> Staged {
        Self::after(dir, Previous::default())
    }

    /// Writing into `dir`, linking the files of `previous` that did not
    /// change.
    pub fn after(dir: &Path, previous: Previous) -> Staged {
        Staged {
            dir: dir.to_path_buf(),
            files: Mutex::default(),
            folders: Mutex::new(HashSet::from([dir.to_path_buf()])),
            previous,
            deferred: Mutex::default(),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes `bytes` at `rel` (`/`-separated), making its folder; their
    /// digest.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<FileDigest, Diagnostic> {
        let d = digest(bytes);
        if self.link(rel, &d).is_some() {
            return Ok(d);
        }
        let path = self.dir.join(rel);
        self.folder_of(&path)?;
        self.unlink_written(rel, &path);
        std::fs::write(&path, bytes).map_err(|e| io_problem(&path, &e))?;
        let stamp = std::fs::symlink_metadata(&path)
            .ok()
            .and_then(|m| Stamp::of(&m));
        self.put(rel, d, stamp);
        Ok(d)
    }

    /// Takes the last output's file at `rel` if it holds the bytes of
    /// digest `d` and is as that build left it: their length, or `None`
    /// (nothing is put at `rel` then). The file is put into the folder by
    /// [`Staged::place`].
    pub fn link(&self, rel: &str, d: &FileDigest) -> Option<u64> {
        let (_, stamp) = self.previous.unchanged(rel, d)?;
        if !lock(&self.deferred).insert(rel.to_string()) {
            // Taken twice: already recorded.
            return Some(stamp.bytes());
        }
        self.remove_written(rel, &self.dir.join(rel));
        self.put(rel, *d, Some(stamp));
        Some(stamp.bytes())
    }

    /// Forgets what this build put at `rel` before writing there: a file
    /// taken from the last output is not put after all, and a file written
    /// is removed.
    fn unlink_written(&self, rel: &str, path: &Path) {
        if !lock(&self.deferred).remove(rel) {
            self.remove_written(rel, path);
        }
    }

    /// Removes the file this build wrote at `rel` (at `path`), if it did.
    fn remove_written(&self, rel: &str, path: &Path) {
        let had = lock(&self.files).contains_key(rel);
        if had {
            let _ = std::fs::remove_file(path);
        }
    }

    /// Where the file at `rel` can be read now: the last output's, for an
    /// unchanged file not yet put into the folder.
    pub fn path_of(&self, rel: &str) -> PathBuf {
        if lock(&self.deferred).contains(rel) {
            self.previous.path(rel)
        } else {
            self.dir.join(rel)
        }
    }

    /// Puts every unchanged file into the folder now, each linked, for
    /// what reads the folder by its paths (Chromium printing the PDF).
    pub fn place_linked(&self) -> Result<(), Diagnostic> {
        let unchanged: Vec<String> = lock(&self.deferred).drain().collect();
        unchanged.par_iter().try_for_each(|rel| {
            let to = self.dir.join(rel);
            self.folder_of(&to)?;
            super::placed::link(&self.previous.path(rel), &to).map_err(|e| io_problem(&to, &e))
        })
    }

    /// Puts the unchanged files into the folder, before it replaces the
    /// output ([`super::placed::place`]); each move between the last
    /// output and the folder is pushed to `moved` (undone if the swap
    /// fails).
    pub fn place(&self, moved: &Mutex<Vec<crate::output::Moved>>) -> Result<(), Diagnostic> {
        let mut unchanged: Vec<String> = lock(&self.deferred).drain().collect();
        unchanged.sort_unstable();
        let written: Vec<String> = {
            let taken: HashSet<&str> = unchanged.iter().map(String::as_str).collect();
            lock(&self.files)
                .keys()
                .filter(|rel| !taken.contains(rel.as_str()))
                .cloned()
                .collect()
        };
        let written: Vec<&str> = written.iter().map(String::as_str).collect();
        let before: Vec<&str> = self.previous.rels().collect();
        super::placed::place(
            self.previous.dir(),
            &self.dir,
            &unchanged,
            &before,
            &written,
            moved,
        )
        .map_err(|e| io_problem(&self.dir, &e))
    }

    fn put(&self, rel: &str, d: FileDigest, stamp: Option<Stamp>) {
        lock(&self.files).insert(rel.to_string(), (d, stamp));
    }

    /// Every file written or linked with its digest and stamp, sorted by
    /// path: what the next build may link ([`Previous::save`]).
    pub fn stamped_files(&self) -> Vec<(String, FileDigest, Stamp)> {
        let mut all: Vec<(String, FileDigest, Stamp)> = lock(&self.files)
            .iter()
            .filter_map(|(rel, (d, s))| Some((rel.clone(), *d, (*s)?)))
            .collect();
        all.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        all
    }

    /// Copies the file `from` to `rel`, digested as it is copied (a piece
    /// at a time: a large media file is not held in memory). Where the
    /// last output has a file at `rel`, `from` is digested first: a file
    /// with the same bytes, as that build left it, is taken from it
    /// instead (reading a screenshot costs less than writing it anew and
    /// removing the old copy).
    pub fn copy(&self, from: &Path, rel: &str) -> Result<(), Diagnostic> {
        use std::io::{Read as _, Write as _};
        if self.previous.has(rel) {
            let d = digest_file(from).map_err(|e| io_problem(from, &e))?;
            if self.link(rel, &d).is_some() {
                return Ok(());
            }
        }
        let path = self.dir.join(rel);
        self.folder_of(&path)?;
        self.unlink_written(rel, &path);
        let mut source = std::fs::File::open(from).map_err(|e| io_problem(from, &e))?;
        let mut copy = std::fs::File::create(&path).map_err(|e| io_problem(&path, &e))?;
        let mut hasher = Sha256::new();
        let mut buf = vec![0; 256 * 1024];
        loop {
            let n = match source.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(io_problem(from, &e)),
            };
            hasher.update(&buf[..n]);
            copy.write_all(&buf[..n])
                .map_err(|e| io_problem(&path, &e))?;
        }
        let stamp = copy.metadata().ok().and_then(|m| Stamp::of(&m));
        self.put(rel, hasher.finalize().into(), stamp);
        Ok(())
    }

    /// Notes that `rel` holds a file of digest `d` (written by other means).
    pub fn record(&self, rel: &str, d: FileDigest) {
        lock(&self.deferred).remove(rel);
        self.put(rel, d, None);
    }

    /// Every file written, by sorted path, with its digest.
    pub fn files(&self) -> Vec<(String, FileDigest)> {
        let mut all: Vec<(String, FileDigest)> = lock(&self.files)
            .iter()
            .map(|(rel, (d, _))| (rel.clone(), *d))
            .collect();
        all.sort_unstable();
        all
    }

    /// Makes the folder of `path` unless this build already has.
    fn folder_of(&self, path: &Path) -> Result<(), Diagnostic> {
        let Some(parent) = path.parent() else {
            return Ok(());
        };
        {
            let folders = self.folders.lock().unwrap_or_else(|e| e.into_inner());
            if folders.contains(parent) {
                return Ok(());
            }
        }
        std::fs::create_dir_all(parent).map_err(|e| io_problem(parent, &e))?;
        let mut folders = self.folders.lock().unwrap_or_else(|e| e.into_inner());
        let mut at = Some(parent);
        while let Some(p) = at {
            if !folders.insert(p.to_path_buf()) {
                break;
            }
            at = p.parent();
        }
        Ok(())
    }
}

/// The SHA-256 of the file at `path`, read a piece at a time.
fn digest_file(path: &Path) -> std::io::Result<FileDigest> {
    let mut hasher = Sha256::new();
    std::io::copy(&mut std::fs::File::open(path)?, &mut hasher)?;
    Ok(hasher.finalize().into())
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_what_it_wrote() {
        let dir = std::env::temp_dir().join(format!("ent-guide-staged-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let s = Staged::new(&dir);
        s.write("en/a/index.html", b"page").unwrap();
        s.write("en/a/report.html", b"report").unwrap();
        assert_eq!(std::fs::read(dir.join("en/a/index.html")).unwrap(), b"page");
        let from = dir.join("from.bin");
        let big: Vec<u8> = (0..700_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&from, &big).unwrap();
        s.copy(&from, "media/big.bin").unwrap();
        assert_eq!(std::fs::read(dir.join("media/big.bin")).unwrap(), big);
        std::fs::remove_file(&from).unwrap();
        s.record("other.txt", digest(b"by hand"));
        assert_eq!(
            s.files(),
            [
                ("en/a/index.html".to_string(), digest(b"page")),
                ("en/a/report.html".to_string(), digest(b"report")),
                ("media/big.bin".to_string(), digest(&big)),
                ("other.txt".to_string(), digest(b"by hand")),
            ]
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
