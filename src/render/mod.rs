//! Rendering: a page body's Markdown to HTML ([`markdown`]), a step's
//! screenshot as a figure with its overlays ([`figure`]), the size of its
//! images ([`media`]) and the screenshots' files ([`shots`]); the
//! rendering environment ([`Env`]) and HTML escaping.

pub mod figure;
pub mod markdown;
pub mod media;
pub mod shots;

pub use markdown::{render, Rendered};

use crate::links::Known;
use shots::PageShots;

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
