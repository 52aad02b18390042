//! What a translation was reviewed against, segment by segment, and so
//! which of its segments are outdated.
//!
//! A translation's front matter records, in `source_segments`, the digest
//! of each source segment it was last reviewed against, one `ID DIGEST`
//! per line of a literal block:
//!
//! ```yaml
//! source_digest: fb5eab9940b59fe7
//! source_segments: |
//!   title 3f1a09c2
//!   step-2-91be 0c44e1d7
//! ```
//!
//! A source segment is outdated in a translation when its digest is not
//! the one recorded (a new segment has none). A file written before
//! per-segment records (only `source_digest`) is read losslessly: when
//! its `source_digest` is the source's current digest, every segment was
//! reviewed against the current text; otherwise the file is outdated as a
//! whole ([`Review::whole`]: which segments changed cannot be known), as
//! it was before. `i18n mark` and `i18n import` write the record.
//!
//! The English text each recorded digest stands for is kept in
//! `content/.i18n/<page>.json` (`{"DIGEST": "text"}`, keys sorted), so
//! `i18n` can show the text a translation was reviewed against beside the
//! current one; hidden folders are neither published nor watched.

use super::segments::{align, Segment};
use super::Version;
use std::collections::BTreeMap;

/// The review state of one translation against its source.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Review {
    /// For each source segment, its counterpart in the translation.
    pub pairs: Vec<Option<usize>>,
    /// For each source segment, whether it changed since review.
    pub stale: Vec<bool>,
    /// Outdated as a whole: reviewed, by `source_digest` only, against
    /// another version of the source.
    pub whole: bool,
    /// Reviewed against the current source in every segment (kept, as
    /// pages ask for their status many times a build).
    pub current: bool,
}

impl Review {
    /// Reviewed against the current source in every segment.
    pub fn is_current(&self) -> bool {
        self.current
    }

    /// The indexes of the source segments that changed since review.
    pub fn stale_segments(&self) -> impl Iterator<Item = usize> + '_ {
        self.stale
            .iter()
            .enumerate()
            .filter(|(_, s)| **s)
            .map(|(i, _)| i)
    }
}

/// Reads a `source_segments` record: `ID DIGEST` per line (other lines
/// are left out).
pub fn parse_record(record: &str) -> BTreeMap<&str, &str> {
    record
        .lines()
        .filter_map(|l| {
            let mut w = l.split_whitespace();
            match (w.next(), w.next(), w.next()) {
                (Some(id), Some(d), None) => Some((id, d)),
                _ => None,
            }
        })
        .collect()
}

/// Writes a `source_segments` record in page order.
pub fn write_record<'a>(entries: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut out = String::new();
    for (id, d) in entries {
        out.push_str(id);
        out.push(' ');
        out.push_str(d);
        out.push('\n');
    }
    out
}

/// The digests a translation records per source segment id: its record,
/// or, for a file with only `source_digest` equal to the source's current
/// digest, every current digest. `None`: reviewed as a whole against
/// another source.
pub fn recorded(source: &Version, t: &Version) -> Option<BTreeMap<String, String>> {
    let record = recorded_in(source, t)?;
    Some(
        record
            .into_iter()
            .map(|(id, d)| (id.to_string(), d.to_string()))
            .collect(),
    )
}

/// [`recorded`], borrowed from the versions (a build reviews thousands of
/// translations and keeps none of it).
fn recorded_in<'a>(source: &'a Version, t: &'a Version) -> Option<BTreeMap<&'a str, &'a str>> {
    if let Some(r) = &t.front.source_segments {
        return Some(parse_record(r));
    }
    if t.front.source_digest.as_deref() == Some(source.digest.as_str()) {
        return Some(
            source
                .segments()
                .iter()
                .map(|s| (s.id.as_str(), s.digest.as_str()))
                .collect(),
        );
    }
    None
}

/// The review state of translation `t` of `source`.
pub fn review(source: &Version, t: &Version) -> Review {
    let pairs = align(source.segments(), t.segments());
    let Some(record) = recorded_in(source, t) else {
        return Review {
            stale: vec![true; source.segments().len()],
            pairs,
            whole: true,
            current: false,
        };
    };
    let stale: Vec<bool> = source
        .segments()
        .iter()
        .map(|s: &Segment| record.get(s.id.as_str()) != Some(&s.digest.as_str()))
        .collect();
    Review {
        pairs,
        current: !stale.contains(&true),
        stale,
        whole: false,
    }
}
