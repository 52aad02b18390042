//! The build cache's content store (`content-*.bin`, 64 files split by the keys' first byte): each page file's parse
//! ([`content::stored`]) keyed on exactly what it is parsed from — the file
//! as shown in messages, its language, whether it is a source page, and
//! its bytes (the crate's version is in the store's header) — so that a
//! build whose files did not change reads them, digests them and decodes
//! instead of parsing the Markdown and the YAML again; and each
//! translation's review against its source, keyed on the two parses' keys,
//! so that the steps and segments of a page not rendered are never decoded
//! ([`content::derived`]). Only `build` uses it; `check`, `serve` and
//! `i18n` parse every time.

use super::cache::{self, Cache, Key, Shards};
use crate::config::Config;
use crate::content::review::{self, Review};
use crate::content::{self, stored, Content, Found, Version};
use crate::diagnostics::Diagnostic;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The store's tag: change it when what a parse holds changes shape.
const TAG: &str = "content-2";

/// Files in the store (about 250 KB each on a guide of 5,000 page files):
/// an edit of a page rewrites the one of its parse and those of its
/// translations' reviews.
const SHARDS: usize = 64;

/// The key of a file's parse.
fn key(f: &Found, text: &str) -> Key {
    cache::key(&[
        b"page",
        f.shown.as_os_str().as_encoded_bytes(),
        f.lang.as_bytes(),
        &[u8::from(f.is_source)],
        text.as_bytes(),
    ])
}

/// Loads the content under `content_dir` (see [`content::load`]), reusing
/// the parses `cache` holds and keeping this build's for the next one.
/// Also returns how many page files were parsed (the others were decoded).
pub fn load(root: &Path, content_dir: &Path, config: &Config, cache: &Cache) -> (Content, usize) {
    let store = Shards::open(cache, "content", TAG, SHARDS);
    let parsed = AtomicUsize::new(0);
    let keeps = store.keeps();
    let parse = |f: &Found, text: String| -> Result<Version, Vec<Diagnostic>> {
        if !keeps {
            parsed.fetch_add(1, Ordering::Relaxed);
            return content::parse(f, text);
        }
        let key = key(f, &text);
        let text = match store.get(&key) {
            Some(bytes) => match stored::decode(bytes, f, text) {
                Ok(v) => {
                    store.keep(&key);
                    return Ok(Version {
                        text_key: Some(key),
                        ..v
                    });
                }
                Err(text) => text,
            },
            None => text,
        };
        parsed.fetch_add(1, Ordering::Relaxed);
        let v = content::parse(f, text)?;
        if let Some(bytes) = stored::encode(&v) {
            store.put(key, bytes);
        }
        Ok(Version {
            text_key: Some(key),
            ..v
        })
    };
    // A review is the same for the same two texts: kept by their keys.
    let review = |source: &Version, t: &Version| -> Review {
        let (Some(s), Some(k)) = (&source.text_key, &t.text_key) else {
            return review::review(source, t);
        };
        let key = cache::key(&[b"review", s, k]);
        if let Some(r) = store.get(&key).and_then(|b| postcard::from_bytes(b).ok()) {
            store.keep(&key);
            return r;
        }
        let r = review::review(source, t);
        if let Ok(bytes) = postcard::to_stdvec(&r) {
            store.put(key, bytes);
        }
        r
    };
    let content = content::load_with(root, content_dir, config, &parse, &review);
    // A cache that cannot be written only makes the next build slower.
    let _ = store.save();
    (content, parsed.into_inner())
}
