//! A language's index files as the last build wrote them, kept in the
//! build cache under the key of all its pages: each file's path, SHA-256
//! and length (the entry file, merged with the other languages', whole).
//! A language none of whose pages changed has its files linked from the
//! last output, neither read nor written; where one cannot be (the output
//! was changed by hand, or is another folder), its index is made again.

use super::{IndexFiles, Link, ENTRY};
use crate::site::cache::{put_str, put_u64, Reader};
use crate::site::staged::{digest, FileDigest};
use rayon::prelude::*;

/// What [`encode`] kept of a language's index files.
pub struct Written {
    /// Pages in the index.
    pub pages: usize,
    /// The language's entry file, if it had one.
    pub entry: Option<Vec<u8>>,
    /// Every other file: path in the site, SHA-256, length.
    files: Vec<(String, FileDigest, u64)>,
}

/// The record of `files`, an index of `pages` pages.
pub fn encode(files: &IndexFiles, pages: usize) -> Vec<u8> {
    let entry = files.iter().find(|(path, _)| path == ENTRY);
    let digested: Vec<(&str, FileDigest, u64)> = files
        .par_iter()
        .filter(|(path, _)| path != ENTRY)
        .map(|(path, bytes)| (path.as_str(), digest(bytes), bytes.len() as u64))
        .collect();
    let mut out = Vec::with_capacity(64 + digested.len() * 96);
    put_u64(&mut out, pages as u64);
    match entry {
        Some((_, bytes)) => {
            put_u64(&mut out, 1);
            put_str(&mut out, bytes);
        }
        None => put_u64(&mut out, 0),
    }
    put_u64(&mut out, digested.len() as u64);
    for (path, d, len) in digested {
        put_str(&mut out, path.as_bytes());
        out.extend_from_slice(&d);
        put_u64(&mut out, len);
    }
    out
}

/// [`encode`] read back; `None` for bytes that are not its output.
pub fn decode(bytes: &[u8]) -> Option<Written> {
    let mut r = Reader::new(bytes);
    let pages = usize::try_from(r.u64()?).ok()?;
    let entry = match r.u64()? {
        0 => None,
        1 => Some(r.str()?.to_vec()),
        _ => return None,
    };
    let n = usize::try_from(r.u64()?).ok()?;
    let mut files = Vec::with_capacity(n.min(bytes.len() / 48));
    for _ in 0..n {
        let path = String::from_utf8(r.str()?.to_vec()).ok()?;
        let d: FileDigest = r.bytes(32)?.try_into().ok()?;
        files.push((path, d, r.u64()?));
    }
    r.done().then_some(Written {
        pages,
        entry,
        files,
    })
}

impl Written {
    /// Links every file from the last output (`link`): each path and
    /// length, or `None` when one of them cannot be linked.
    pub fn link_all(&self, link: &Link) -> Option<Vec<(String, u64)>> {
        self.files
            .par_iter()
            .map(|(path, d, len)| (link(path, d)? == *len).then(|| (path.clone(), *len)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_reads_back_and_links_only_when_every_file_does() {
        let files: IndexFiles = vec![
            ("pagefind/a.pf_meta".into(), b"meta".to_vec()),
            (ENTRY.into(), b"{}".to_vec()),
            (
                "pagefind/fragment/x.pf_fragment".into(),
                b"fragment".to_vec(),
            ),
        ];
        let bytes = encode(&files, 7);
        let w = decode(&bytes).expect("reads back");
        assert_eq!((w.pages, w.entry.as_deref()), (7, Some(&b"{}"[..])));
        assert!(decode(&bytes[..bytes.len() - 1]).is_none());
        let all = |_: &str, d: &FileDigest| Some(if *d == digest(b"meta") { 4 } else { 8 });
        assert_eq!(
            w.link_all(&all),
            Some(vec![
                ("pagefind/a.pf_meta".to_string(), 4),
                ("pagefind/fragment/x.pf_fragment".to_string(), 8)
            ])
        );
        let one_gone = |p: &str, _: &FileDigest| (!p.contains("fragment")).then_some(4);
        assert_eq!(w.link_all(&one_gone), None);
    }
}
