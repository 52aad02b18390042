//! The build cache's content store (`content.bin`): each page file's parse
//! ([`content::stored`]) keyed on exactly what it is parsed from — the file
//! as shown in messages, its language, whether it is a source page, and
//! its bytes (the crate's version is in the store's header) — so that a
//! build whose files did not change reads them, digests them and decodes
//! instead of parsing the Markdown and the YAML again. Only `build` uses
//! it; `check`, `serve` and `i18n` parse every time.

use super::cache::{self, Cache, Key};
use crate::config::Config;
use crate::content::{self, stored, Content, Found, Version};
use crate::diagnostics::Diagnostic;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// The store's tag: change it when what a parse holds changes shape.
const TAG: &str = "content-1";

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
    let mut store = cache.open("content", TAG);
    let parsed = AtomicUsize::new(0);
    // Each file's key, with the bytes of its new parse (none when reused).
    let used: Mutex<Vec<(Key, Option<Vec<u8>>)>> = Mutex::default();
    let keeps = store.keeps();
    let store_ref = &store;
    let parse = |f: &Found, text: String| -> Result<Version, Vec<Diagnostic>> {
        if !keeps {
            parsed.fetch_add(1, Ordering::Relaxed);
            return content::parse(f, text);
        }
        let key = key(f, &text);
        let text = match store_ref.get(&key) {
            Some(bytes) => match stored::decode(bytes, f, text) {
                Ok(v) => {
                    lock(&used).push((key, None));
                    return Ok(v);
                }
                Err(text) => text,
            },
            None => text,
        };
        parsed.fetch_add(1, Ordering::Relaxed);
        let v = content::parse(f, text)?;
        if let Some(bytes) = stored::encode(&v) {
            lock(&used).push((key, Some(bytes)));
        }
        Ok(v)
    };
    let content = content::load_with(root, content_dir, config, &parse);
    for (key, bytes) in used.into_inner().unwrap_or_else(|e| e.into_inner()) {
        match bytes {
            None => store.keep(&key),
            Some(b) => store.put(key, b),
        }
    }
    // A cache that cannot be written only makes the next build slower.
    let _ = store.save();
    (content, parsed.into_inner())
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
