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
    /// How screenshots are described, in the language of the page's text.
    pub shot_words: ShotWords<'a>,
    /// Blocks of a translation whose source changed since review, with
    /// the notice each carries.
    pub stale: &'a [StaleBlock],
}

/// A block of a translation whose source segment changed since the
/// translation was reviewed: the notice to add to it, as HTML (inside a
/// list item or table cell, after any other block).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaleBlock {
    /// Where the block starts in the body, and what opens it.
    pub start: usize,
    pub opens: crate::content::segments::Opens,
    pub html: String,
}

/// A screenshot's alternative text in the page's language (theme words
/// `shot_alt`, with `{n}` for the step's number, and `shot_marked`, with
/// `{labels}` for what the picture highlights). The step's own sentence
/// sits just above the picture, so the alternative names the screen and
/// its marks instead of reading that sentence a second time.
#[derive(Clone, Copy, Debug)]
pub struct ShotWords<'a> {
    pub alt: &'a str,
    pub marked: &'a str,
}

impl Default for ShotWords<'_> {
    fn default() -> Self {
        ShotWords {
            alt: "Screen at step {n}",
            marked: ", {labels} highlighted",
        }
    }
}

impl ShotWords<'_> {
    /// The alternative text of the screenshot of step `step`, which
    /// highlights `labels`.
    pub fn describe<'l>(&self, step: usize, labels: impl IntoIterator<Item = &'l str>) -> String {
        let mut alt = self.alt.replace("{n}", &step.to_string());
        let labels: Vec<&str> = labels.into_iter().collect();
        if !labels.is_empty() {
            alt.push_str(&self.marked.replace("{labels}", &labels.join(", ")));
        }
        alt
    }
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
