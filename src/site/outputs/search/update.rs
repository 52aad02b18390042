//! A language's search index made again from the pages that changed: the
//! build cache keeps what Pagefind made the last index of (its words, each
//! encoded, and what it needs of each page: `pagefind::api::Kept`, see
//! `vendor/pagefind/src/index/kept.rs`) with the keys of the pages it was
//! made of, in parts each stored under its own tag ([`put`]: an update
//! stores the few parts it changed). When a few of those pages changed and
//! none came or went, only they are parsed (or read back from the cache)
//! and only their words are indexed again; the files are the same bytes
//! as an index of every page.
//! Where Pagefind cannot update the index so, the caller indexes every
//! page, as without a kept index.

use super::gzips::Gzips;
use super::{document_of, store_page, stored_page, Read, Searched};
use crate::site::cache::{self, put_str, put_u64, Key, Reader, Shards};
use pagefind::api::{Kept, PagefindIndex, Part, SyntheticFile};

/// What an update made: the files, the pages in the index, and the
/// pages parsed.
pub struct Updated {
    pub files: Vec<SyntheticFile>,
    pub pages: usize,
    pub parsed: usize,
}

/// The most pages an update parses, as a share of the index's: past it,
/// indexing every page on both cores is about as fast.
const MOST: usize = 4;

/// The key of a language's kept index in its store: its record (the keys
/// of its pages, its head, and the tags of its parts, each stored under
/// its own tag).
fn key() -> Key {
    cache::key(&[b"kept index"])
}

/// Stores what `index` kept of the index it made last, with `keys`, the
/// keys of its pages in order: the record, and the parts not stored yet
/// (after an update of a few pages, a few small ones; the others are
/// kept as they are).
pub fn put(store: &Shards, keys: &[Key], index: &mut PagefindIndex) {
    if !store.keeps() {
        return;
    }
    let Some((head, parts)) = index
        .take_kept()
        .ok()
        .flatten()
        .and_then(|kept| kept.parts().ok())
    else {
        return;
    };
    let mut record = Vec::with_capacity(24 + keys.len() * 32 + head.len() + parts.len() * 32);
    put_u64(&mut record, keys.len() as u64);
    for k in keys {
        record.extend_from_slice(k);
    }
    put_str(&mut record, &head);
    put_u64(&mut record, parts.len() as u64);
    for part in parts {
        let tag = match part {
            Part::Same(tag) => {
                store.keep(&tag);
                tag
            }
            Part::New(bytes) => {
                let tag = cache::key(&[b"kept index part", &bytes]);
                store.put(tag, bytes);
                tag
            }
        };
        record.extend_from_slice(&tag);
    }
    store.put(key(), record);
}

/// The keys and the index that [`put`] stored; `None` when a part is
/// missing or the bytes are not its output.
fn read(store: &Shards) -> Option<(Vec<Key>, Kept)> {
    let mut r = Reader::new(store.get(&key())?);
    let n = usize::try_from(r.u64()?).ok()?;
    let keys = (0..n)
        .map(|_| r.bytes(32)?.try_into().ok())
        .collect::<Option<Vec<Key>>>()?;
    let head = r.str()?;
    let n = usize::try_from(r.u64()?).ok()?;
    let mut parts = Vec::with_capacity(n.min(1 << 16));
    for _ in 0..n {
        let tag: Key = r.bytes(32)?.try_into().ok()?;
        parts.push((tag, store.get(&tag)?));
    }
    if !r.done() {
        return None;
    }
    Some((keys, Kept::from_parts(head, &parts).ok()?))
}

/// The index of `pages` (with their `keys`) made by updating the one kept
/// in `store`, through `index` (which is asked to keep the result);
/// `None` when there is none, when pages came or went or too many
/// changed, or when Pagefind cannot update it: index every page then.
pub fn update(
    index: &mut PagefindIndex,
    pages: &[Searched],
    keys: &[Key],
    store: &Shards,
    read_page: &Read,
    gzips: &Gzips,
) -> Result<Option<Updated>, String> {
    let Some((old, kept)) = read(store) else {
        return Ok(None);
    };
    if old.len() != keys.len() {
        return Ok(None);
    }
    let changed: Vec<usize> = (0..keys.len()).filter(|&i| old[i] != keys[i]).collect();
    if changed.is_empty() || changed.len() * MOST > keys.len() {
        return Ok(None);
    }
    // The changed pages as they were when the index was made.
    let mut replaced = Vec::with_capacity(changed.len());
    for &i in &changed {
        match stored_page(store, &old[i]) {
            Some(page) => replaced.push(page),
            None => return Ok(None),
        }
    }
    // The changed pages: read back from the cache, or parsed.
    let mut parsed = Vec::with_capacity(changed.len());
    let mut todo = Vec::new();
    for &i in &changed {
        match stored_page(store, &keys[i]) {
            Some(page) => parsed.push(page),
            None => {
                let page = &pages[i];
                let Some(text) = document_of(page.text.clone(), &page.path, read_page)? else {
                    return Ok(None);
                };
                todo.push((i, (page.path.clone(), text)));
            }
        }
    }
    let (fresh_at, docs): (Vec<usize>, Vec<_>) = todo.into_iter().unzip();
    let fresh = index.parse_html_files(docs).map_err(|e| e.to_string())?;
    let count = fresh.len();
    for (i, page) in fresh_at.into_iter().zip(fresh) {
        let page = page.map_err(|e| format!("{}: cannot index this page: {e}", pages[i].path))?;
        store_page(store, keys[i], &page);
        parsed.push(page);
    }
    let indexed = kept.pages();
    let compress = |raw: &[u8]| gzips.compress(raw);
    let Some(files) = index
        .update_files_with(kept, parsed, replaced, &compress)
        .map_err(|e| e.to_string())?
    else {
        return Ok(None);
    };
    crate::timings::mark("  index updated");
    // What the unchanged pages parsed to stays for a build that needs it.
    for k in keys {
        store.keep(k);
    }
    Ok(Some(Updated {
        files,
        pages: indexed,
        parsed: count,
    }))
}
