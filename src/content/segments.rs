//! A page cut into the pieces a translator translates and reviews one by
//! one: its title and summary, headings, paragraphs, list items (steps
//! among them), table cells and other blocks, each a [`Segment`] with a
//! stable id and a digest of its text.
//!
//! Ids come from the source page: `title`, `summary`; a step is
//! `step-N-XXXX` (its number and 4 hex digits of its directives); a
//! heading `h-ANCHOR` (its anchor, as the page renders it); any other
//! segment `SECTION.K`, the K-th of the section under the heading whose
//! anchor is SECTION (`top` before the first heading). Ids are XML
//! `NMTOKEN`s, so packages can carry them as they are.
//!
//! A translation is cut the same way and its segments take the ids of the
//! source's by [`align`]: title and summary by kind, steps by number,
//! headings in order (when both pages have as many), and the other
//! segments of each section in order, from its start and from its end as
//! long as their kinds agree (a paragraph a translator added or left out
//! stays unaligned, and so does any segment between two that differ).
//!
//! A segment's digest is 8 hex digits of FNV-1a over its text with runs of
//! white space collapsed, so rewrapping a paragraph changes nothing.

use super::front::FrontMatter;
use crate::diagnostics::{LineIndex, Pos};
use crate::digest::{hex, Fnv};
use crate::steps::extract::{events, markdown_options, Events};
use crate::steps::Step;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use std::collections::BTreeSet;
use std::ops::Range;

/// What a segment is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Kind {
    Title,
    Summary,
    Heading,
    Step,
    Paragraph,
    Item,
    Cell,
    Block,
}

impl Kind {
    /// How the kind is named to translators.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Title => "title",
            Kind::Summary => "summary",
            Kind::Heading => "heading",
            Kind::Step => "step",
            Kind::Paragraph => "paragraph",
            Kind::Item => "list item",
            Kind::Cell => "table cell",
            Kind::Block => "block",
        }
    }
}

/// The Markdown element a segment's block opens with, so the renderer
/// can find it among its events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Opens {
    FrontMatter,
    Heading,
    Paragraph,
    Item,
    Cell,
    Html,
    Other,
}

/// One translatable piece of a page version.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Segment {
    pub kind: Kind,
    /// Stable id, made from the version's own text: what a source page's
    /// segments are known by (a translation's segments are matched to the
    /// source's through its review's `pairs`, not by id).
    pub id: String,
    /// Byte range of the translatable text in the version's whole file
    /// (list markers, heading marks and `{#id}` left out).
    pub range: Range<usize>,
    /// Where the segment's block starts in the body and what opens it
    /// (`None` for title and summary).
    pub block: Option<(usize, Opens)>,
    /// The number of the step this segment is, or holds.
    pub step: Option<usize>,
    pub pos: Pos,
    /// 8 hex digits of its white-space-collapsed text.
    pub digest: String,
    /// For headings: the anchor the page gives it.
    pub anchor: Option<String>,
}

impl Segment {
    /// The segment's text in `text` (its version's whole file).
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.range.clone()).unwrap_or("")
    }
}

/// The digest of a segment's text: 8 hex digits of FNV-1a over the text
/// with white space runs collapsed to one space and trimmed.
pub fn digest(text: &str) -> String {
    // The words as they come: the same hash as of the collapsed string.
    let mut h = Fnv::default();
    for (i, w) in crate::words::words(text).enumerate() {
        if i > 0 {
            h.write(b" ");
        }
        h.write(w.as_bytes());
    }
    hex(h.finish() >> 32, 8)
}

/// The visible text of a Markdown snippet: comments and markup left out,
/// white space collapsed (what readers see of a segment).
pub fn plain(markdown: &str) -> String {
    let mut out = String::new();
    for event in Parser::new_ext(markdown, markdown_options()) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell) => out.push(' '),
            _ => {}
        }
    }
    crate::words::collapse(&out)
}

/// The `<!-- ... -->` comments of a text, trimmed, in order: a step's
/// directives (and any other comment), which translations keep exactly.
pub fn comments(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("<!--") {
        let after = &rest[i + 4..];
        match after.find("-->") {
            Some(j) => {
                out.push(after[..j].trim());
                rest = &after[j + 3..];
            }
            None => {
                out.push(after.trim());
                break;
            }
        }
    }
    out
}

/// The id of a heading: lower-case letters and digits of any script,
/// other runs turned into dashes (the renderer's rule).
pub fn anchor_id(text: &str) -> String {
    let mut id = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            id.extend(c.to_lowercase());
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    }
    while id.ends_with('-') {
        id.pop();
    }
    if id.is_empty() {
        "section".into()
    } else {
        id
    }
}

/// `id`, or `id-2`, `id-3`... the first not yet in `ids` (added to it).
pub fn unique(ids: &mut BTreeSet<String>, id: &str) -> String {
    if ids.insert(id.to_string()) {
        return id.to_string();
    }
    let next = (2..)
        .map(|n| format!("{id}-{n}"))
        .find(|c| !ids.contains(c))
        .unwrap_or_default();
    ids.insert(next.clone());
    next
}

/// `s` as an XML NMTOKEN: characters other than letters, digits, `-`,
/// `_` and `.` become `-`.
fn nmtoken(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// The directives of a step as one digest (4 hex digits), for its id.
fn directive_digest(step: &Step) -> String {
    use std::fmt::Write;
    // The directives as written, one a line, hashed as they are written.
    let mut h = Fnv::default();
    for a in &step.actions {
        let _ = writeln!(h, "{}", a.value);
    }
    if let Some(shot) = &step.shot {
        let _ = write!(h, "{}", shot.value);
    }
    hex(h.finish() >> 48, 4)
}

/// Cuts a page version (`text`, the whole file, whose body starts at
/// `body_start`; `yaml` the front matter's byte range) into segments, in
/// page order, with the ids a source page gives them.
pub fn segments(
    text: &str,
    yaml: Range<usize>,
    body_start: usize,
    front: &FrontMatter,
    steps: &[Step],
) -> Vec<Segment> {
    let body_start = body_start.min(text.len());
    let events = events(&text[body_start..]);
    let index = LineIndex::new(text);
    segments_from(text, yaml, body_start, front, steps, &events, &index)
}

/// [`segments`] from the body's `events` (see
/// [`crate::steps::extract::events`]) and the whole file's line `index`.
pub fn segments_from(
    text: &str,
    yaml: Range<usize>,
    body_start: usize,
    front: &FrontMatter,
    steps: &[Step],
    events: &Events<'_>,
    index: &LineIndex<'_>,
) -> Vec<Segment> {
    let mut out = Vec::new();
    for (kind, key, value) in [
        (Kind::Title, "title", front.title.as_deref()),
        (Kind::Summary, "summary", front.summary.as_deref()),
    ] {
        if let Some(range) = value.and_then(|v| value_range(text, yaml.clone(), key, v)) {
            out.push(Segment {
                kind,
                id: key.into(),
                pos: index.pos(range.start),
                digest: digest(value.unwrap_or("")),
                range,
                block: None,
                step: None,
                anchor: None,
            });
        }
    }
    let body_start = body_start.min(text.len());
    let body = &text[body_start..];
    for b in blocks(body, events, steps) {
        let range = b.text.start + body_start..b.text.end + body_start;
        out.push(Segment {
            kind: b.kind,
            id: String::new(),
            pos: index.pos(range.start),
            digest: digest(text.get(range.clone()).unwrap_or("")),
            range,
            block: Some((b.start, b.opens)),
            step: b.step,
            anchor: b.anchor,
        });
    }
    name(&mut out, steps);
    out
}

/// Gives segments their ids (see the module's doc).
fn name(segs: &mut [Segment], steps: &[Step]) {
    let mut section = "top".to_string();
    let mut k = 0;
    for s in segs.iter_mut() {
        s.id = match s.kind {
            Kind::Title => "title".into(),
            Kind::Summary => "summary".into(),
            Kind::Heading => {
                let a = nmtoken(s.anchor.as_deref().unwrap_or("section"));
                section = a.clone();
                k = 0;
                format!("h-{a}")
            }
            Kind::Step => {
                let n = s.step.unwrap_or(0);
                let d = steps
                    .iter()
                    .find(|st| st.number == n)
                    .map(directive_digest)
                    .unwrap_or_default();
                format!("step-{n}-{d}")
            }
            _ => {
                k += 1;
                format!("{section}.{k}")
            }
        };
    }
}

/// The byte range of a one-line front matter value `key: value`, when the
/// line holds it as it is parsed (plain or quoted on one line).
fn value_range(text: &str, yaml: Range<usize>, key: &str, value: &str) -> Option<Range<usize>> {
    let fm = text.get(yaml.clone())?;
    let mut offset = yaml.start;
    for line in fm.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix(key).and_then(|r| r.strip_prefix(':')) {
            let lead = rest.len() - rest.trim_start().len();
            let v = rest.trim();
            let start = offset + key.len() + 1 + lead;
            if v == value {
                return Some(start..start + v.len());
            }
            // Quoted: the range is the whole quoted scalar.
            let quoted = (v.starts_with('"') && v.ends_with('"'))
                || (v.starts_with('\'') && v.ends_with('\''));
            if quoted && v.len() >= 2 {
                return Some(start..start + v.len());
            }
            return None;
        }
        offset += line.len();
    }
    None
}

/// One block of a body: its kind, its text's range and where it starts.
struct Block {
    kind: Kind,
    text: Range<usize>,
    start: usize,
    opens: Opens,
    step: Option<usize>,
    anchor: Option<String>,
}

/// The segment being read: its block, its event range, the text of a
/// heading, its explicit id, and the HTML of an HTML block.
type Reading = (Block, Range<usize>, String, Option<String>, String);

/// What is open in the walk over a body's events.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Open {
    List,
    Table,
    Row,
    /// A segment's block, opened at this depth.
    Segment,
    Inner,
}

/// The blocks of a body that make segments, in order.
fn blocks(body: &str, events: &Events<'_>, steps: &[Step]) -> Vec<Block> {
    let step_exact = |r: &Range<usize>| steps.iter().find(|s| s.block == *r).map(|s| s.number);
    let step_in = |r: &Range<usize>| {
        steps
            .iter()
            .find(|s| s.block.start >= r.start && s.block.start < r.end)
            .map(|s| s.number)
    };
    let mut ids: BTreeSet<String> = steps.iter().map(|s| format!("step-{}", s.number)).collect();
    let mut out: Vec<Block> = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    let mut cur: Option<Reading> = None;
    for (event, range) in events {
        let range = range.clone();
        match event {
            Event::Start(tag) => {
                if stack.contains(&Open::Segment) {
                    stack.push(Open::Inner);
                    continue;
                }
                let parent = stack.last().copied();
                let (kind, opens, text, explicit) = match (tag, parent) {
                    (Tag::List(_), None) => {
                        stack.push(Open::List);
                        continue;
                    }
                    (Tag::Table(_), None) => {
                        stack.push(Open::Table);
                        continue;
                    }
                    (Tag::TableHead | Tag::TableRow, Some(Open::Table)) => {
                        stack.push(Open::Row);
                        continue;
                    }
                    (Tag::Heading { id, .. }, None) => {
                        let t = heading_text(body, &range);
                        (
                            Kind::Heading,
                            Opens::Heading,
                            t,
                            id.as_ref().map(|i| i.to_string()),
                        )
                    }
                    (Tag::Paragraph, None) => {
                        let kind = if step_exact(&range).is_some() {
                            Kind::Step
                        } else {
                            Kind::Paragraph
                        };
                        (kind, Opens::Paragraph, trim_end(body, range.clone()), None)
                    }
                    (Tag::Item, Some(Open::List)) => {
                        let kind = if step_exact(&range).is_some() {
                            Kind::Step
                        } else {
                            Kind::Item
                        };
                        (kind, Opens::Item, item_text(body, &range), None)
                    }
                    (Tag::TableCell, Some(Open::Row)) => {
                        let t = trim(body, range.clone());
                        (Kind::Cell, Opens::Cell, t, None)
                    }
                    (Tag::HtmlBlock, None) => {
                        let kind = if step_exact(&range).is_some() {
                            Kind::Step
                        } else {
                            Kind::Block
                        };
                        (kind, Opens::Html, trim_end(body, range.clone()), None)
                    }
                    _ => (
                        Kind::Block,
                        Opens::Other,
                        trim_end(body, range.clone()),
                        None,
                    ),
                };
                let step = step_exact(&range).or_else(|| step_in(&range));
                stack.push(Open::Segment);
                cur = Some((
                    Block {
                        kind,
                        text,
                        start: range.start,
                        opens,
                        step,
                        anchor: None,
                    },
                    range,
                    String::new(),
                    explicit,
                    String::new(),
                ));
            }
            Event::End(_) => {
                let top = stack.pop();
                if top != Some(Open::Segment) {
                    continue;
                }
                let Some((mut b, range, heading, explicit, html)) = cur.take() else {
                    continue;
                };
                if b.kind == Kind::Heading {
                    let anchor = match explicit {
                        Some(id) if !id.is_empty() => unique(&mut ids, &id),
                        _ => unique(&mut ids, &anchor_id(&heading)),
                    };
                    b.anchor = Some(anchor);
                }
                if b.opens == Opens::Html && html_is_comments(&html) {
                    // A block of comments under a paragraph belongs to it
                    // (the step it makes is that paragraph's).
                    if let (Some(n), Some(prev)) = (step_exact(&range), out.last_mut()) {
                        if prev.opens == Opens::Paragraph && prev.kind == Kind::Paragraph {
                            prev.kind = Kind::Step;
                            prev.step = Some(n);
                            prev.text.end = trim_end(body, range.clone()).end;
                        }
                    }
                    continue;
                }
                if b.text.is_empty() {
                    continue;
                }
                out.push(b);
            }
            // Only a heading's text and an HTML block's HTML are looked at.
            Event::Text(t) | Event::Code(t) => {
                if let Some(c) = cur.as_mut().filter(|c| c.0.kind == Kind::Heading) {
                    c.2.push_str(t);
                }
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                if let Some(c) = cur.as_mut().filter(|c| c.0.opens == Opens::Html) {
                    c.4.push_str(h);
                }
            }
            _ => {}
        }
    }
    out
}

/// Whether an HTML block holds nothing but comments.
fn html_is_comments(html: &str) -> bool {
    let mut rest = html.trim();
    while let Some(r) = rest.strip_prefix("<!--") {
        match r.find("-->") {
            Some(j) => rest = r[j + 3..].trim_start(),
            None => return true,
        }
    }
    rest.is_empty()
}

fn trim_end(body: &str, r: Range<usize>) -> Range<usize> {
    let s = body.get(r.clone()).unwrap_or("");
    r.start..r.start + s.trim_end().len()
}

fn trim(body: &str, r: Range<usize>) -> Range<usize> {
    let s = body.get(r.clone()).unwrap_or("");
    let lead = s.len() - s.trim_start().len();
    r.start + lead..r.start + s.trim_end().len()
}

/// A list item's text: after its marker (`-`, `*`, `+`, `1.`, `1)`) and
/// the spaces that follow it.
fn item_text(body: &str, r: &Range<usize>) -> Range<usize> {
    let r = trim_end(body, r.clone());
    let s = body.get(r.clone()).unwrap_or("");
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() && b[i] == b' ' {
        i += 1;
    }
    if i < b.len() && matches!(b[i], b'-' | b'*' | b'+') {
        i += 1;
    } else {
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i < b.len() && matches!(b[i], b'.' | b')') {
            i += 1;
        }
    }
    while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
        i += 1;
    }
    (r.start + i).min(r.end)..r.end
}

/// A heading's text range: an ATX heading without its `#` marks and
/// `{#id}`, a setext heading's first line.
fn heading_text(body: &str, r: &Range<usize>) -> Range<usize> {
    let s = body.get(r.clone()).unwrap_or("");
    let first = s.split('\n').next().unwrap_or("");
    let line = first.trim_end_matches('\r');
    let lead = line.len() - line.trim_start_matches(' ').len();
    let mut start = lead;
    let t = &line[lead..];
    if t.starts_with('#') {
        let hashes = t.len() - t.trim_start_matches('#').len();
        start += hashes;
        start += line[start..].len() - line[start..].trim_start().len();
    }
    let mut end = line.trim_end().len().max(start);
    let inner = &line[start..end];
    if inner.ends_with('}') {
        if let Some(open) = inner.rfind('{') {
            end = start + inner[..open].trim_end().len();
        }
    }
    let inner = &line[start..end];
    // A closing sequence of `#`.
    let closed = inner.trim_end_matches('#');
    if closed.len() < inner.len() && (closed.is_empty() || closed.ends_with(' ')) {
        end = start + closed.trim_end().len();
    }
    r.start + start..r.start + end
}

/// For each segment of `source`, the index of its counterpart in
/// `translation` (see the module's doc).
pub fn align(source: &[Segment], translation: &[Segment]) -> Vec<Option<usize>> {
    let mut pairs = vec![None; source.len()];
    let find = |kind: Kind| translation.iter().position(|t| t.kind == kind);
    for (i, s) in source.iter().enumerate() {
        pairs[i] = match s.kind {
            Kind::Title | Kind::Summary => find(s.kind),
            Kind::Step => translation
                .iter()
                .position(|t| t.kind == Kind::Step && t.step == s.step),
            _ => None,
        };
    }
    // Sections: the segments before the first heading, then each heading's.
    let sections = |segs: &[Segment]| -> Vec<Vec<usize>> {
        let mut out = vec![Vec::new()];
        for (i, s) in segs.iter().enumerate() {
            match s.kind {
                Kind::Title | Kind::Summary | Kind::Step => {}
                Kind::Heading => out.push(vec![i]),
                _ => {
                    if let Some(last) = out.last_mut() {
                        last.push(i);
                    }
                }
            }
        }
        out
    };
    let (ss, ts) = (sections(source), sections(translation));
    if ss.len() != ts.len() {
        return pairs;
    }
    for (a, b) in ss.iter().zip(&ts) {
        let kinds = |segs: &[Segment], v: &[usize]| -> Vec<Kind> {
            v.iter().map(|&i| segs[i].kind).collect()
        };
        let (ka, kb) = (kinds(source, a), kinds(translation, b));
        // The same kinds from the start, and from the end: a paragraph the
        // translator added or left out leaves only itself unaligned.
        let head = ka.iter().zip(&kb).take_while(|(x, y)| x == y).count();
        let tail = ka[head..]
            .iter()
            .rev()
            .zip(kb[head..].iter().rev())
            .take_while(|(x, y)| x == y)
            .count();
        for (&i, &j) in a.iter().zip(b).take(head) {
            pairs[i] = Some(j);
        }
        for (&i, &j) in a.iter().rev().zip(b.iter().rev()).take(tail) {
            pairs[i] = Some(j);
        }
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::front;
    use std::path::Path;

    fn cut(text: &str) -> Vec<Segment> {
        let split = front::split(Path::new("a.md"), text).unwrap().unwrap();
        let fm = front::parse(Path::new("a.md"), text, Some(split)).unwrap();
        let x = crate::steps::extract(Path::new("a.md"), text, split.body_start);
        segments(
            text,
            split.yaml_start..split.yaml_end,
            split.body_start,
            &fm,
            &x.steps,
        )
    }

    const PAGE: &str = "---\ntitle: Log in\nsummary: \"How: to\"\n---\n\nIntro *text*.\n\n## Log in {#in}\n\n1. Click **Connexion**.\n   <!-- step: click \"Connexion\" -->\n2. Type it.\n\n| A | B |\n|---|---|\n| c | d |\n\n## Out\n\n- one\n- two\n\nLast.\n<!-- step: expect \"Bye\" -->\n";

    #[test]
    fn cuts_a_page_into_named_segments() {
        let segs = cut(PAGE);
        let shown: Vec<(String, &str)> =
            segs.iter().map(|s| (s.id.clone(), s.text(PAGE))).collect();
        let ids: Vec<&str> = shown.iter().map(|(i, _)| i.as_str()).collect();
        assert_eq!(
            ids[..5],
            ["title", "summary", "top.1", "h-in", segs[4].id.as_str()]
        );
        assert!(segs[4].id.starts_with("step-1-"), "{shown:?}");
        assert_eq!(shown[0].1, "Log in");
        assert_eq!(shown[1].1, "\"How: to\"");
        assert_eq!(shown[2].1, "Intro *text*.");
        assert_eq!(shown[3].1, "Log in");
        assert_eq!(
            shown[4].1,
            "Click **Connexion**.\n   <!-- step: click \"Connexion\" -->"
        );
        assert_eq!(shown[5], ("in.1".to_string(), "Type it."));
        assert_eq!(
            &shown[6..10].iter().map(|s| s.1).collect::<Vec<_>>(),
            &["A", "B", "c", "d"]
        );
        assert_eq!(shown[10], ("h-out".to_string(), "Out"));
        assert_eq!(shown[11], ("out.1".to_string(), "one"));
        let last = segs.last().unwrap();
        assert_eq!(last.kind, Kind::Step);
        assert_eq!(last.text(PAGE), "Last.\n<!-- step: expect \"Bye\" -->");
    }

    #[test]
    fn a_changed_sentence_changes_only_its_digest() {
        let a = cut(PAGE);
        let b = cut(&PAGE.replace("Type it.", "Type your login."));
        let changed: Vec<&str> = a
            .iter()
            .zip(&b)
            .filter(|(x, y)| x.digest != y.digest)
            .map(|(x, _)| x.id.as_str())
            .collect();
        assert_eq!(changed, ["in.1"]);
        let ids = |v: &[Segment]| v.iter().map(|s| s.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&a), ids(&b));
        // Rewrapping changes nothing.
        let c = cut(&PAGE.replace("Intro *text*.", "Intro\n*text*."));
        assert_eq!(a[2].digest, c[2].digest);
    }

    #[test]
    fn translations_align_by_structure() {
        let fr = PAGE
            .replace("Intro *text*.", "Texte.")
            .replace("## Log in {#in}", "## Connexion {#in}")
            .replace("## Out", "## Sortie");
        let (a, b) = (cut(PAGE), cut(&fr));
        let pairs = align(&a, &b);
        assert!(pairs.iter().all(Option::is_some), "{pairs:?}");
        // A paragraph added by the translator is left alone, and so is the
        // segment it stands for.
        let fr2 = fr.replace("- one\n- two\n", "Un paragraphe.\n\n- un\n");
        let c = cut(&fr2);
        let pairs = align(&a, &c);
        let out = a.iter().position(|s| s.id == "h-out").unwrap();
        assert_eq!(a[out + 1].id, "out.1");
        assert!(pairs[out].is_some());
        assert!(pairs[out + 1].is_none(), "{pairs:?}");
        assert_eq!(c[pairs[out + 2].unwrap()].text(&fr2), "un");
        assert_eq!(
            c[pairs[out + 3].unwrap()].text(&fr2),
            "Last.\n<!-- step: expect \"Bye\" -->"
        );
    }

    #[test]
    fn comments_and_plain_text() {
        assert_eq!(
            comments("a <!-- step: click \"X\" --> b <!--shot-->"),
            ["step: click \"X\"", "shot"]
        );
        assert_eq!(plain("Click **X** <!-- c -->\nnow"), "Click X now");
    }
}
