//! The source texts translations were reviewed against:
//! `content/.i18n/<page>.json`, one file per page holding
//! `{"DIGEST": "text"}` (keys sorted, pretty JSON, final newline) for every
//! digest some translation of the page records (see
//! `content::review`). `i18n` reads it to show the old text of a changed
//! segment beside the new one; `i18n mark` and `i18n import` add to it and
//! drop the texts no translation records any more.

use crate::content::review::recorded;
use crate::content::Page;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Reviewed source texts by digest.
pub type Texts = BTreeMap<String, String>;

/// The store's file for `page`, relative to the site root.
pub fn file(page: &Page) -> PathBuf {
    Path::new("content")
        .join(".i18n")
        .join(format!("{}.json", page.slug.name()))
}

/// The texts stored for `page` (none when the file is missing or unreadable).
pub fn read(root: &Path, page: &Page) -> Texts {
    std::fs::read_to_string(root.join(file(page)))
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default()
}

/// The file's text for `texts`.
pub fn to_text(texts: &Texts) -> String {
    let mut s = serde_json::to_string_pretty(texts).unwrap_or_default();
    s.push('\n');
    s
}

/// The store of `page` once `records` (per language, the digest recorded
/// for each segment id) replace the translations' own, with `known` texts
/// (digest → text) added: only the digests some translation records stay.
pub fn updated(
    page: &Page,
    old: &Texts,
    records: &BTreeMap<String, BTreeMap<String, String>>,
    known: &Texts,
) -> Texts {
    let mut wanted: Vec<String> = Vec::new();
    for rec in records.values() {
        wanted.extend(rec.values().cloned());
    }
    for (lang, t) in &page.translations {
        if !records.contains_key(lang) {
            wanted.extend(recorded(&page.source, t).unwrap_or_default().into_values());
        }
    }
    let mut current: Texts = page
        .source
        .segments()
        .iter()
        .map(|s| (s.digest.clone(), super::source_text(page, s)))
        .collect();
    current.extend(known.iter().map(|(k, v)| (k.clone(), v.clone())));
    wanted
        .into_iter()
        .filter_map(|d| {
            let text = old.get(&d).or_else(|| current.get(&d))?;
            Some((d, text.clone()))
        })
        .collect()
}
