//! What a version's body parses to: its steps, the problems in its step
//! comments, and its translatable segments ([`Derived`]). A parse holds
//! them made; a version read back from the build cache holds their bytes
//! and decodes them the first time they are asked for ([`Lazy`]). A
//! rebuild after one edit asks for them only for the pages it renders, so
//! thousands of versions never decode them.

use super::segments::Segment;
use crate::diagnostics::Diagnostic;
use crate::steps::Step;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// A version's steps, step problems and segments.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Derived {
    pub steps: Vec<Step>,
    /// Problems in the step comments (reported by `check`).
    pub step_problems: Vec<Diagnostic>,
    pub segments: Vec<Segment>,
}

impl Derived {
    /// As bytes, for [`Lazy::encoded`] (`None` when a part cannot be
    /// written, such as a path that is not UTF-8).
    pub fn encode(&self) -> Option<Vec<u8>> {
        postcard::to_stdvec(self).ok()
    }

    /// The bytes [`Derived::encode`] made, read back for a version of
    /// `text` whose body starts at `body_start`; `None` for bytes that are
    /// not such or whose ranges do not fit the text.
    fn decode(bytes: &[u8], text: &str, body_start: usize) -> Option<Derived> {
        let d: Derived = postcard::from_bytes(bytes).ok()?;
        let fits = |range: &std::ops::Range<usize>, len: usize| {
            range.start <= range.end && range.end <= len
        };
        let body = text.len().checked_sub(body_start)?;
        let ok = d.steps.iter().all(|s| fits(&s.block, body))
            && d.segments.iter().all(|s| {
                fits(&s.range, text.len()) && s.block.is_none_or(|(start, _)| start <= body)
            });
        ok.then_some(d)
    }
}

/// [`Derived`], made, or held as bytes until first used.
#[derive(Debug, Clone, Default)]
pub struct Lazy {
    made: OnceLock<Derived>,
    bytes: Option<Box<[u8]>>,
}

impl Lazy {
    /// Already made (by a parse).
    pub fn made(d: Derived) -> Lazy {
        Lazy {
            made: OnceLock::from(d),
            bytes: None,
        }
    }

    /// To be decoded from `bytes` ([`Derived::encode`]'s) when first used.
    pub fn encoded(bytes: &[u8]) -> Lazy {
        Lazy {
            made: OnceLock::new(),
            bytes: Some(bytes.into()),
        }
    }

    /// The derived parts of a version of `text` (body at `body_start`):
    /// decoded on first use, or made by `parse` where the bytes cannot be
    /// (they never come from another text: the cache keys on it).
    pub fn get(&self, text: &str, body_start: usize, parse: impl FnOnce() -> Derived) -> &Derived {
        self.made.get_or_init(|| {
            self.bytes
                .as_deref()
                .and_then(|b| Derived::decode(b, text, body_start))
                .unwrap_or_else(parse)
        })
    }
}
