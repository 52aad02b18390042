//! Rendering: a page body's Markdown to HTML ([`markdown`]), a step's
//! screenshot as a figure with its overlays ([`figure`]), the size of its
//! images ([`media`]) and the screenshots' files ([`shots`]); the
//! rendering environment ([`Env`]) and HTML escaping.

pub mod figure;
pub mod markdown;
pub mod media;
pub mod shots;
pub mod urls;

pub use markdown::render;

use crate::links::Known;
use shots::PageShots;
use std::collections::BTreeSet;

/// What rendering a page needs to know about the site and the reader.
pub struct Env<'a> {
    /// The reader's language (links go to pages in this language).
    pub lang: &'a str,
    /// Relative path from the page to the site root (`../../`).
    pub root: &'a str,
    /// The page's slug.
    pub slug: &'a str,
    /// Folder of the page's file under `content/` (`""` at the top).
    pub dir: &'a str,
    pub known: &'a dyn Known,
    pub shots: &'a PageShots,
}

/// A link to check once every page is rendered: `slug#fragment` in `lang`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnchorRef {
    pub slug: String,
    pub fragment: String,
    /// Byte offset in the body.
    pub at: usize,
}

/// A broken link or image, at a byte offset of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub at: usize,
    pub message: String,
    pub hint: String,
}

/// A rendered body.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    /// Every `id` the page defines (headings, steps, footnotes aside).
    pub ids: BTreeSet<String>,
    pub anchor_refs: Vec<AnchorRef>,
    pub problems: Vec<Problem>,
}

/// Escapes text for HTML content and attribute values.
pub fn escape(s: &str) -> String {
    let bytes = s.as_bytes();
    let Some(first) = bytes
        .iter()
        .position(|b| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\''))
    else {
        return s.to_string();
    };
    let mut out = String::with_capacity(s.len() + 16);
    out.push_str(&s[..first]);
    let mut from = first;
    for (i, &b) in bytes.iter().enumerate().skip(first) {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[from..i]);
        out.push_str(rep);
        from = i + 1;
    }
    out.push_str(&s[from..]);
    out
}
