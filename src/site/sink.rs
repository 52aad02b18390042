//! Where a build puts what it makes ([`Sink`]): nowhere (a check), a folder
//! (the staging folder of `build`, [`Staged`]), or memory (the preview);
//! and the problems of writing and reading files.

pub use super::staged::io_problem;
use super::staged::{FileDigest, Staged};
use crate::diagnostics::{Diagnostic, Pos};
use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;

/// A site held in memory (for the preview): file contents by their path in
/// the output, `/`-separated (`en/log-in/index.html`).
pub type Files = HashMap<String, Vec<u8>>;

/// Where a build puts what it makes.
#[derive(Clone, Copy)]
pub enum Sink<'a> {
    Nowhere,
    Disk(&'a Staged),
    Memory(&'a Mutex<Files>),
}

impl Sink<'_> {
    /// Whether files are kept (not a check).
    pub fn writes(&self) -> bool {
        !matches!(self, Sink::Nowhere)
    }

    /// Writes `bytes` at `rel` (`/`-separated, relative to the output).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        self.write_digested(rel, bytes).map(|_| ())
    }

    /// [`Sink::write`], and the SHA-256 of `bytes` when they go to disk (a
    /// file the next build may link, [`Sink::link`]).
    pub fn write_digested(
        &self,
        rel: &str,
        bytes: &[u8],
    ) -> Result<Option<FileDigest>, Diagnostic> {
        match self {
            Sink::Nowhere => Ok(None),
            Sink::Disk(disk) => disk.write(rel, bytes).map(Some),
            Sink::Memory(m) => {
                let mut files = m.lock().unwrap_or_else(|e| e.into_inner());
                files.insert(rel.to_string(), bytes.to_vec());
                Ok(None)
            }
        }
    }

    /// Puts at `rel` the last output's file of digest `d`, if it is still
    /// as the last build left it (on disk only): its length, or `None` when
    /// the file must be made.
    pub fn link(&self, rel: &str, d: &FileDigest) -> Option<u64> {
        match self {
            Sink::Disk(disk) => disk.link(rel, d),
            Sink::Nowhere | Sink::Memory(_) => None,
        }
    }

    /// Copies the file `from` to `rel`.
    pub fn copy(&self, from: &Path, rel: &str) -> Result<(), Diagnostic> {
        match self {
            Sink::Nowhere => Ok(()),
            Sink::Disk(disk) => disk.copy(from, rel),
            Sink::Memory(_) => {
                let bytes = std::fs::read(from).map_err(|e| read_problem(from, &e))?;
                self.write(rel, &bytes)
            }
        }
    }

    /// The text of a file written at `rel`, for outputs that read the site
    /// (the search index).
    pub fn read(&self, rel: &str) -> Result<String, String> {
        match self {
            Sink::Nowhere => Err(format!("{rel}: not written")),
            Sink::Disk(disk) => {
                std::fs::read_to_string(disk.path_of(rel)).map_err(|e| format!("{rel}: {e}"))
            }
            Sink::Memory(m) => {
                let files = m.lock().unwrap_or_else(|e| e.into_inner());
                files
                    .get(rel)
                    .map(|b| String::from_utf8_lossy(b).into_owned())
                    .ok_or_else(|| format!("{rel}: not in the site"))
            }
        }
    }
}

pub fn read_problem(path: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::new(
        path,
        Pos { line: 1, col: 1 },
        format!("cannot read this file: {e}"),
        "check that it exists and is readable",
    )
}
