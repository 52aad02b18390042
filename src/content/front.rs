//! Front matter: the YAML block between `---` lines at the top of a page,
//! and the source digest that tells whether a translation is up to date.
//!
//! [`digest`] is 16 hex digits of the 64-bit FNV-1a hash of the title, the
//! summary and the body, line endings normalised first, so the same text
//! gives the same digest on every platform.

use crate::diagnostics::{Diagnostic, Pos};
use crate::digest::Fnv;
use crate::yaml;
use serde::Deserialize;
use std::path::Path;

/// A page's front matter.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// Required: the page title.
    pub title: Option<String>,
    /// One sentence under the title, in lists and search results.
    pub summary: Option<String>,
    /// Order in the navigation (smaller first; pages of equal weight are
    /// ordered by slug).
    pub weight: Option<i64>,
    /// The kind of mock account the page's steps start from.
    pub persona: Option<String>,
    /// In translations: the digest of the source page last reviewed.
    pub source_digest: Option<String>,
    /// In translations: `ID DIGEST` lines, the digest of each source
    /// segment last reviewed (see `content::review`).
    pub source_segments: Option<String>,
}

/// The fields a page may set, for "did you mean" hints.
pub const FIELDS: &[&str] = &[
    "title",
    "summary",
    "weight",
    "persona",
    "source_digest",
    "source_segments",
];

/// The persona kinds the mock creates (see ARCHITECTURE.md).
pub const PERSONAS: &[&str] = &[
    "new-student-today",
    "new-student",
    "active-student",
    "returning-student",
];

/// Where the front matter lies in a page's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Split {
    /// Byte range of the YAML (between the `---` lines).
    pub yaml_start: usize,
    pub yaml_end: usize,
    /// Where the Markdown body starts.
    pub body_start: usize,
}

/// Finds the front matter of `text`. A page without an opening `---` has
/// none (its body is the whole text); an opening without a closing line is
/// an error.
pub fn split(file: &Path, text: &str) -> Result<Option<Split>, Diagnostic> {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[bom..];
    let first_end = rest.find('\n').map_or(rest.len(), |i| i + 1);
    if rest[..first_end].trim_end() != "---" {
        return Ok(None);
    }
    let yaml_start = bom + first_end;
    let mut offset = yaml_start;
    for line in text[yaml_start..].split_inclusive('\n') {
        let t = line.trim_end();
        if t == "---" || t == "..." {
            return Ok(Some(Split {
                yaml_start,
                yaml_end: offset,
                body_start: offset + line.len(),
            }));
        }
        offset += line.len();
    }
    Err(Diagnostic::new(
        file,
        Pos { line: 1, col: 1 },
        "the front matter is never closed",
        "end it with a line holding only `---`",
    ))
}

/// Reads the front matter of a page (an empty one when there is none).
pub fn parse(file: &Path, text: &str, split: Option<Split>) -> Result<FrontMatter, Diagnostic> {
    match split {
        None => Ok(FrontMatter::default()),
        Some(s) => yaml::parse(file, text, s.yaml_start, s.yaml_end, FIELDS),
    }
}

/// The digest of what a translator translates: title, summary and body,
/// with line endings normalised. 16 hex digits of 64-bit FNV-1a: stable
/// across platforms and releases.
pub fn digest(front: &FrontMatter, body: &str) -> String {
    let mut h = Fnv::default();
    let mut eat = |bytes: &[u8]| h.write(bytes);
    eat(front.title.as_deref().unwrap_or("").trim().as_bytes());
    eat(&[0]);
    eat(front.summary.as_deref().unwrap_or("").trim().as_bytes());
    eat(&[0]);
    if !body.contains('\r') {
        eat(body.as_bytes());
        return crate::digest::hex(h.finish(), 16);
    }
    let mut prev_cr = false;
    for &b in body.as_bytes() {
        match b {
            b'\r' => eat(b"\n"),
            b'\n' if prev_cr => {}
            _ => eat(&[b]),
        }
        prev_cr = b == b'\r';
    }
    crate::digest::hex(h.finish(), 16)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_from_body() {
        let text = "---\ntitle: A\n---\nBody\n";
        let s = split(Path::new("a.md"), text).unwrap().unwrap();
        assert_eq!(&text[s.yaml_start..s.yaml_end], "title: A\n");
        assert_eq!(&text[s.body_start..], "Body\n");
        assert!(split(Path::new("a.md"), "Body\n").unwrap().is_none());
        assert!(split(Path::new("a.md"), "---\ntitle: A\n").is_err());
    }

    #[test]
    fn digest_ignores_line_endings_but_not_words() {
        let f = FrontMatter {
            title: Some("T".into()),
            ..Default::default()
        };
        assert_eq!(digest(&f, "a\r\nb\n"), digest(&f, "a\nb\n"));
        assert_ne!(digest(&f, "a\nb\n"), digest(&f, "a\nc\n"));
        let g = FrontMatter {
            title: Some("U".into()),
            ..Default::default()
        };
        assert_ne!(digest(&f, "a"), digest(&g, "a"));
    }
}
