//! The contents of a translation package, whatever its format: the
//! [`Unit`]s an export writes and the [`Package`] of [`Entry`]s an import
//! reads ([`super::xliff`] and [`super::po`] turn them into text and back).

use crate::content::segments::Kind;
use crate::diagnostics::Pos;
use std::path::PathBuf;

/// One segment in a package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// The source page's file (`content/log-in.md`): names the page.
    pub file: PathBuf,
    pub id: String,
    pub kind: Kind,
    /// The source text to translate (Markdown; step comments included).
    pub source: String,
    /// The current translation, if any.
    pub target: Option<String>,
    /// The source text the current translation was reviewed against,
    /// when it changed since and is known.
    pub previous: Option<String>,
    /// The current translation is up to date with the source.
    pub current: bool,
    /// The page, the segment and where it is: `Log in to the intranet
    /// (content/log-in.md:16), step 2`.
    pub location: String,
    /// For a step with a screenshot: its file and the boxes of what it
    /// highlights, in image pixels.
    pub screenshot: Option<String>,
}

/// A package as read: its target language and entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Package {
    pub lang: String,
    pub entries: Vec<Entry>,
}

/// One segment of a package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The source page's file, as the package names it.
    pub file: String,
    pub id: String,
    pub source: Option<String>,
    pub target: Option<String>,
    /// Marked done by the translator.
    pub reviewed: bool,
    /// Where the entry's translation is in the package.
    pub pos: Pos,
}
