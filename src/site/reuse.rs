//! What a build reuses of the previous build's rendering, from the build
//! cache ([`super::cache`]), so that after an edit only what the edit
//! changed is rendered again:
//! - each page body (Markdown → HTML): its ids and links to anchors
//!   (store `anchors`, read whole: every build checks them across pages)
//!   and its HTML (stores `bodies-<lang>`, a shard read only when one of
//!   its bodies is needed: a page or print view made anew);
//! - each page and print view the build wrote (store `made`): the SHA-256
//!   of the file made from given inputs, so that a file whose inputs did
//!   not change is linked from the last output ([`super::previous`])
//!   without rendering it, nor even reading its body.
//!
//! Every entry is keyed on all that made it, so that no entry can be stale:
//! - a body on its version's whole file text, the reader's language, the
//!   page's slug and folder, its screenshots (sidecars and sizes), the
//!   notices of its stale blocks, the screenshot words of its language and
//!   what links and images are checked against (every page's slug, every
//!   file's path, every image's size: [`Site::known_key`]);
//! - a page on the templates ([`crate::theme::Theme::templates_key`]), its
//!   template context but the content, as JSON, its body's key and what is
//!   added to the body's steps (`outputs::pages`);
//! - a print view on the templates, its context without the sections'
//!   text, and the keys of the bodies it shows.
//!
//! A body with problems (a broken link) is never kept: the build fails, and
//! the next one renders it again. Without a cache ([`Reuse::off`]: the
//! preview, `check`, `--no-cache`) everything is rendered, nothing kept.

use super::cache::{self, put_str, put_u64, Cache, Key, Reader, Shards};
use super::staged::FileDigest;
use super::Site;
use crate::render::{AnchorRef, Rendered};
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The stores' tag: the meaning of their entries.
const TAG: &str = "rendered 2";

/// Files per store: an edit rewrites one of them (a few megabytes on a
/// guide of thousands of pages).
const SHARDS: usize = 16;

/// Files per language's store of body HTML: a page made anew reads one.
const HTML_SHARDS: usize = 8;

/// The rendering a build reuses and keeps.
pub struct Reuse {
    anchors: Shards,
    /// The bodies' HTML, by language.
    html: HashMap<String, Shards>,
    made: Shards,
    /// [`Site::known_key`], when there is a cache.
    known: Key,
    /// Bodies and pages rendered in this build (the others were reused).
    pub rendered_bodies: AtomicUsize,
    pub rendered_pages: AtomicUsize,
}

impl Reuse {
    /// The rendering kept in `cache` for `site`.
    pub fn open(cache: &Cache, site: &Site) -> Reuse {
        let mut reuse = Self::stores(cache);
        if reuse.on() {
            reuse.known = site.known_key();
            for lang in site.config.codes() {
                let safe: String = lang
                    .chars()
                    .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
                    .collect();
                let store = Shards::open_lazily(cache, &format!("bodies-{safe}"), TAG, HTML_SHARDS);
                reuse.html.insert(lang.to_string(), store);
            }
        }
        reuse
    }

    /// Nothing reused, nothing kept.
    pub fn off() -> Reuse {
        Self::stores(&Cache::off())
    }

    /// The stores of `cache` that do not depend on the site.
    fn stores(cache: &Cache) -> Reuse {
        Reuse {
            anchors: Shards::open(cache, "anchors", TAG, SHARDS),
            html: HashMap::new(),
            made: Shards::open(cache, "made", TAG, SHARDS),
            known: [0; 32],
            rendered_bodies: AtomicUsize::new(0),
            rendered_pages: AtomicUsize::new(0),
        }
    }

    /// Whether there is a cache to reuse from and keep in.
    pub fn on(&self) -> bool {
        self.anchors.keeps()
    }

    /// The key of a body made of `parts` (see the module's doc), or `None`
    /// without a cache.
    pub fn body_key(&self, parts: &[&[u8]]) -> Option<Key> {
        self.on().then(|| {
            let mut all: Vec<&[u8]> = vec![b"body", &self.known];
            all.extend_from_slice(parts);
            cache::key(&all)
        })
    }

    /// The body of `lang` kept under `key`, without its HTML (read when
    /// needed, [`Reuse::body_html`]), and `true`; or the one `render` makes
    /// (kept when it has no problems), and `false`.
    pub fn body(
        &self,
        key: Option<Key>,
        lang: &str,
        render: impl FnOnce() -> Rendered,
    ) -> (Rendered, bool) {
        let Some(key) = key else {
            return (render(), false);
        };
        let html = self.html.get(lang);
        if let (Some(kept), Some(html)) = (self.anchors.get(&key).and_then(decode_body), html) {
            self.anchors.keep(&key);
            html.keep(&key);
            return (kept, true);
        }
        self.rendered_bodies.fetch_add(1, Ordering::Relaxed);
        let rendered = render();
        if let (true, Some(html)) = (rendered.problems.is_empty(), html) {
            self.anchors.put(key, encode_body(&rendered));
            html.put(key, rendered.html.clone().into_bytes());
        }
        (rendered, false)
    }

    /// The HTML of the body of `lang` kept under `key`, if the cache still
    /// has it.
    pub fn body_html(&self, key: &Key, lang: &str) -> Option<String> {
        let bytes = self.html.get(lang)?.get(key)?;
        simdutf8::basic::from_utf8(bytes).ok().map(str::to_string)
    }

    /// Keeps `html` as the body of `lang` under `key` again (the cache had
    /// lost it).
    pub fn restore_html(&self, key: Key, lang: &str, html: &str) {
        if let Some(store) = self.html.get(lang) {
            store.put(key, html.as_bytes().to_vec());
        }
    }

    /// The digest of the file made last time from inputs of key `key`
    /// (kept for the next build).
    pub fn made(&self, key: &Key) -> Option<FileDigest> {
        let d = self.made.get(key)?.try_into().ok()?;
        self.made.keep(key);
        Some(d)
    }

    /// Records that inputs of key `key` made a file of digest `d`.
    pub fn record_made(&self, key: Key, d: FileDigest) {
        self.made.put(key, d.to_vec());
    }

    /// Writes what the build used for the next one; a cache that cannot be
    /// written only makes the next build slower.
    pub fn save(self) {
        let stores = [self.anchors, self.made].into_iter();
        for store in stores.chain(self.html.into_values()) {
            let _ = store.save();
        }
    }
}

/// A body's ids and links to anchors (its HTML is kept apart).
fn encode_body(r: &Rendered) -> Vec<u8> {
    let mut out = Vec::with_capacity(256);
    put_u64(&mut out, r.ids.len() as u64);
    for id in &r.ids {
        put_str(&mut out, id.as_bytes());
    }
    put_u64(&mut out, r.anchor_refs.len() as u64);
    for a in &r.anchor_refs {
        put_str(&mut out, a.slug.as_bytes());
        put_str(&mut out, a.fragment.as_bytes());
        put_u64(&mut out, a.at as u64);
    }
    out
}

fn decode_body(bytes: &[u8]) -> Option<Rendered> {
    let mut r = Reader::new(bytes);
    let text = |r: &mut Reader| {
        r.str()
            .and_then(|b| std::str::from_utf8(b).ok())
            .map(str::to_string)
    };
    let ids = (0..r.u64()?).map(|_| text(&mut r)).collect::<Option<_>>()?;
    let anchor_refs = (0..r.u64()?)
        .map(|_| {
            Some(AnchorRef {
                slug: text(&mut r)?,
                fragment: text(&mut r)?,
                at: usize::try_from(r.u64()?).ok()?,
            })
        })
        .collect::<Option<_>>()?;
    r.done().then_some(Rendered {
        html: String::new(),
        ids,
        anchor_refs,
        problems: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_reads_back_as_it_was_kept() {
        let r = Rendered {
            html: "<p>é</p>".into(),
            ids: ["a".to_string(), "step-1".to_string()].into(),
            anchor_refs: vec![AnchorRef {
                slug: "log-in".into(),
                fragment: "step-2".into(),
                at: 42,
            }],
            problems: Vec::new(),
        };
        let back = decode_body(&encode_body(&r)).expect("decodes");
        assert_eq!((back.ids, back.anchor_refs), (r.ids, r.anchor_refs));
        let bytes = encode_body(&Rendered::default());
        assert!(decode_body(&bytes[..bytes.len() - 1]).is_none());
    }
}
