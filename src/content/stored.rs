//! What [`super::parse`] derives from a page file's text (front matter,
//! digest, steps, step problems, segments), as bytes and back, so that the
//! build cache can keep it: decoding is several times cheaper than parsing
//! the Markdown and the YAML again.
//!
//! The encoding is postcard (serde, compact varints); the text itself is
//! not stored, the reader has it. [`decode`] checks that every range it
//! reads fits the text, so that bytes from another text can do no harm
//! (the cache keys on the text, so they are never given).

use super::segments::Segment;
use super::{Found, FrontMatter, Version};
use crate::diagnostics::Diagnostic;
use crate::steps::Step;
use serde::{Deserialize, Serialize};

/// The part of a version derived from its text, borrowed for writing.
#[derive(Serialize)]
struct Parsed<'a> {
    body_start: usize,
    front: &'a FrontMatter,
    digest: &'a str,
    steps: &'a [Step],
    step_problems: &'a [Diagnostic],
    segments: &'a [Segment],
}

/// The same, owned, read back.
#[derive(Deserialize)]
struct Read {
    body_start: usize,
    front: FrontMatter,
    digest: String,
    steps: Vec<Step>,
    step_problems: Vec<Diagnostic>,
    segments: Vec<Segment>,
}

/// `v`'s parse as bytes (`None` when a part cannot be written, such as a
/// path that is not UTF-8: that version is parsed every time).
pub fn encode(v: &Version) -> Option<Vec<u8>> {
    postcard::to_stdvec(&Parsed {
        body_start: v.body_start,
        front: &v.front,
        digest: &v.digest,
        steps: &v.steps,
        step_problems: &v.step_problems,
        segments: &v.segments,
    })
    .ok()
}

/// The version of file `f` with `text`, from the bytes [`encode`] made of
/// the parse of that same text; the text back when they cannot be read or
/// do not fit it.
pub fn decode(bytes: &[u8], f: &Found, text: String) -> Result<Version, String> {
    let Ok((r, rest)) = postcard::take_from_bytes::<Read>(bytes) else {
        return Err(text);
    };
    let fits =
        |range: &std::ops::Range<usize>, len: usize| range.start <= range.end && range.end <= len;
    let body = text.len().saturating_sub(r.body_start);
    let ok = rest.is_empty()
        && text.is_char_boundary(r.body_start)
        && r.steps.iter().all(|s| fits(&s.block, body))
        && r.segments
            .iter()
            .all(|s| fits(&s.range, text.len()) && s.block.is_none_or(|(start, _)| start <= body));
    if !ok {
        return Err(text);
    }
    Ok(Version {
        lang: f.lang.clone(),
        file: f.shown.clone(),
        body_start: r.body_start,
        front: r.front,
        digest: r.digest,
        steps: r.steps,
        step_problems: r.step_problems,
        segments: r.segments,
        text,
        text_key: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::slug::Slug;
    use std::path::PathBuf;

    const PAGE: &str = "---\ntitle: Log in\nsummary: \"How: to\"\n---\n\nIntro *text*.\n\n## Log in {#in}\n\n1. Click **Connexion**.\n   <!-- step: click \"Connexion\" -->\n   <!-- shot -->\n2. Type it.\n   <!-- step: clik \"x\" -->\n\n| A | B |\n|---|---|\n| c | d |\n";

    fn found() -> Found {
        Found {
            path: PathBuf::from("/nowhere/a.md"),
            shown: PathBuf::from("content/a.md"),
            slug: Slug::new("a"),
            lang: "en".into(),
            is_source: true,
        }
    }

    #[test]
    fn a_parse_reads_back_whole() {
        let f = found();
        let v = super::super::parse(&f, PAGE.to_string()).expect("parses");
        assert!(!v.step_problems.is_empty() && !v.steps.is_empty());
        let bytes = encode(&v).expect("encodes");
        let back = decode(&bytes, &f, PAGE.to_string()).expect("decodes");
        assert_eq!(format!("{v:?}"), format!("{back:?}"));
        // Damaged or cut bytes, or another text, are refused, never a panic.
        assert!(decode(&bytes[..bytes.len() - 1], &f, PAGE.to_string()).is_err());
        assert!(decode(&bytes, &f, "short".to_string()).is_err());
        for i in 0..bytes.len() {
            let mut b = bytes.clone();
            b[i] ^= 0xff;
            let _ = decode(&b, &f, PAGE.to_string());
        }
    }
}
