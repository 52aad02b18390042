//! What [`super::parse`] derives from a page file's text (front matter,
//! digest, the names of its screenshots, and the bytes of its steps, step
//! problems and segments), as bytes and back, so that the build cache can
//! keep it: decoding is several times cheaper than parsing the Markdown
//! and the YAML again, and the steps and segments are only decoded when
//! first asked for ([`super::derived::Lazy`]).
//!
//! The encoding is postcard (serde, compact varints); the text itself is
//! not stored, the reader has it. [`decode`] checks that the body's start
//! fits the text, and the steps and segments are checked against it when
//! decoded, so that bytes from another text can do no harm (the cache
//! keys on the text, so they are never given).

use super::derived::Lazy;
use super::{Found, FrontMatter, Version};
use serde::{Deserialize, Serialize};

/// The part of a version derived from its text, borrowed for writing.
#[derive(Serialize)]
struct Parsed<'a> {
    body_start: usize,
    front: &'a FrontMatter,
    digest: &'a str,
    shot_names: &'a [String],
    has_steps: bool,
    /// [`super::derived::Derived::encode`]'s bytes.
    #[serde(with = "serde_bytes_borrowed")]
    derived: &'a [u8],
}

/// The same, read back (the derived parts' bytes borrowed).
#[derive(Deserialize)]
struct Read<'a> {
    body_start: usize,
    front: FrontMatter,
    digest: String,
    shot_names: Vec<String>,
    has_steps: bool,
    #[serde(borrow)]
    derived: &'a [u8],
}

/// Bytes written whole (serde's own form of a slice is a sequence of
/// numbers, one call each); a borrowed `&[u8]` reads this form back.
mod serde_bytes_borrowed {
    pub fn serialize<S: serde::Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(bytes)
    }
}

/// `v`'s parse as bytes (`None` when a part cannot be written, such as a
/// path that is not UTF-8: that version is parsed every time).
pub fn encode(v: &Version) -> Option<Vec<u8>> {
    let derived = v.parts().encode()?;
    postcard::to_stdvec(&Parsed {
        body_start: v.body_start,
        front: &v.front,
        digest: &v.digest,
        shot_names: &v.shot_names,
        has_steps: v.has_steps,
        derived: &derived,
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
    if !rest.is_empty() || !text.is_char_boundary(r.body_start) {
        return Err(text);
    }
    Ok(Version {
        lang: f.lang.clone(),
        file: f.shown.clone(),
        body_start: r.body_start,
        front: r.front,
        digest: r.digest,
        shot_names: r.shot_names,
        has_steps: r.has_steps,
        derived: Lazy::encoded(r.derived),
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
        assert!(!v.step_problems().is_empty() && !v.steps().is_empty());
        let bytes = encode(&v).expect("encodes");
        let back = decode(&bytes, &f, PAGE.to_string()).expect("decodes");
        assert_eq!(format!("{:?}", v.steps()), format!("{:?}", back.steps()));
        assert_eq!(
            format!("{:?}", v.segments()),
            format!("{:?}", back.segments())
        );
        assert_eq!(v.step_problems(), back.step_problems());
        assert_eq!(
            (&v.shot_names, v.has_steps),
            (&back.shot_names, back.has_steps)
        );
        // Damaged or cut bytes, or another text, are refused, never a panic.
        assert!(decode(&bytes[..bytes.len() - 1], &f, PAGE.to_string()).is_err());
        assert!(decode(&bytes, &f, "short".to_string()).is_err());
        for i in 0..bytes.len() {
            let mut b = bytes.clone();
            b[i] ^= 0xff;
            if let Ok(v) = decode(&b, &f, PAGE.to_string()) {
                let _ = (v.steps(), v.segments(), v.step_problems());
            }
        }
        // The bytes of a longer text: the front matter fits, the steps and
        // segments do not and are parsed from this text when asked for.
        let shorter = &PAGE[..PAGE.find("2. Type").expect("step 2")];
        let v = decode(&bytes, &f, shorter.to_string()).expect("the front matter fits");
        assert_eq!(v.steps().len(), 1);
        assert!(v.segments().iter().all(|s| s.range.end <= shorter.len()));
    }
}
