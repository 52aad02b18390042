//! The files the last build wrote into the output, kept in the build cache
//! (store `output`): each file's path, SHA-256 and stamp (length, device,
//! inode, modification time). A build whose file has the same bytes as
//! the last output's, still as that build left it, links the new output's
//! file to it instead of writing it again ([`super::staged::Staged`]): after
//! an edit of one page, most of the 11,000 files of a large guide. A file
//! whose stamp changed (edited or replaced by hand) is written anew.
//!
//! The staging folder is beside the output, on the same file system; where
//! a link cannot be made the file is written. Only Unix file systems give
//! the stamp; elsewhere every file is written.

use super::cache::{self, put_str, put_u64, Cache, Reader};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A file's SHA-256 (as `staged::FileDigest`).
type FileDigest = [u8; 32];

/// The store and its tag.
const STORE: &str = "output";
const TAG: &str = "output files 1";

/// What a file of the output was when the last build left it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    len: u64,
    dev: u64,
    ino: u64,
    modified_ns: i128,
}

impl Stamp {
    /// The file's length in bytes.
    pub fn bytes(&self) -> u64 {
        self.len
    }

    /// The stamp of a file, from its metadata (`None` but on Unix).
    pub fn of(meta: &std::fs::Metadata) -> Option<Stamp> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Some(Stamp {
                len: meta.len(),
                dev: meta.dev(),
                ino: meta.ino(),
                modified_ns: i128::from(meta.mtime()) * 1_000_000_000
                    + i128::from(meta.mtime_nsec()),
            })
        }
        #[cfg(not(unix))]
        {
            let _ = meta;
            None
        }
    }
}

/// The last build's output: its folder and files.
#[derive(Debug, Default)]
pub struct Previous {
    dir: PathBuf,
    files: HashMap<String, (FileDigest, Stamp)>,
}

impl Previous {
    /// What `cache` recorded of the last build into `out` (nothing without
    /// a cache, or when the output is another folder).
    pub fn load(cache: &Cache, out: &Path) -> Previous {
        let store = cache.open(STORE, TAG);
        let files = store.get(&key(out)).and_then(decode).unwrap_or_default();
        Previous {
            dir: out.to_path_buf(),
            files,
        }
    }

    /// The last output's file at `rel`, if it holds the bytes of digest `d`
    /// and is as that build left it; and its stamp.
    pub fn unchanged(&self, rel: &str, d: &FileDigest) -> Option<(PathBuf, Stamp)> {
        let (was, stamp) = self.files.get(rel)?;
        if was != d {
            return None;
        }
        let path = self.dir.join(rel);
        let now = Stamp::of(&std::fs::symlink_metadata(&path).ok()?)?;
        (now == *stamp).then_some((path, now))
    }

    /// Whether the last output had a file at `rel`.
    pub fn has(&self, rel: &str) -> bool {
        self.files.contains_key(rel)
    }

    /// The last output's folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Where the last output's file at `rel` is.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.join(rel)
    }

    /// The paths of the last output's files.
    pub fn rels(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    /// Records `files` (path, digest, stamp) as the output in `out`, for
    /// the next build; a cache that cannot be written only makes it slower.
    pub fn save(cache: &Cache, out: &Path, files: &[(String, FileDigest, Stamp)]) {
        let store = cache.open(STORE, TAG);
        if !store.keeps() {
            return;
        }
        store.put(key(out), encode(files));
        let _ = store.save();
    }
}

/// The entry of an output folder: its absolute path.
fn key(out: &Path) -> cache::Key {
    let out = std::path::absolute(out).unwrap_or_else(|_| out.to_path_buf());
    cache::key(&[b"output", out.as_os_str().as_encoded_bytes()])
}

fn encode(files: &[(String, FileDigest, Stamp)]) -> Vec<u8> {
    let mut out = Vec::with_capacity(files.len() * 96);
    put_u64(&mut out, files.len() as u64);
    for (rel, d, s) in files {
        put_str(&mut out, rel.as_bytes());
        out.extend_from_slice(d);
        put_u64(&mut out, s.len);
        put_u64(&mut out, s.dev);
        put_u64(&mut out, s.ino);
        out.extend_from_slice(&s.modified_ns.to_le_bytes());
    }
    out
}

fn decode(bytes: &[u8]) -> Option<HashMap<String, (FileDigest, Stamp)>> {
    let mut r = Reader::new(bytes);
    let n = usize::try_from(r.u64()?).ok()?;
    let mut files = HashMap::with_capacity(n.min(bytes.len()));
    for _ in 0..n {
        let rel = String::from_utf8(r.str()?.to_vec()).ok()?;
        let d: FileDigest = r.bytes(32)?.try_into().ok()?;
        let len = r.u64()?;
        let dev = r.u64()?;
        let ino = r.u64()?;
        let modified_ns = i128::from_le_bytes(r.bytes(16)?.try_into().ok()?);
        files.insert(
            rel,
            (
                d,
                Stamp {
                    len,
                    dev,
                    ino,
                    modified_ns,
                },
            ),
        );
    }
    r.done().then_some(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_reads_back_and_a_cut_one_does_not() {
        let s = Stamp {
            len: 5,
            dev: 1,
            ino: 2,
            modified_ns: -3,
        };
        let files = vec![("en/a/index.html".to_string(), [7; 32], s)];
        let bytes = encode(&files);
        let back = decode(&bytes).expect("decodes");
        assert_eq!(back.get("en/a/index.html"), Some(&([7; 32], s)));
        assert!(decode(&bytes[..bytes.len() - 1]).is_none());
    }
}
