//! XLIFF 2.0 packages (OASIS XLIFF Version 2.0, core only): [`write`]
//! and [`read`].
//!
//! One `<file>` per page (`id` `f1`, `f2`..., `original` the source page's
//! file), one `<unit>` per segment (`id` the segment's id) with
//! `<notes>` (`location`: page, file:line and step; `screenshot`: the
//! picture and its targets' boxes; `previous-source`: the text the
//! translation was reviewed against, when it changed) and one
//! `<segment>` holding `<source>` and, when there is one, `<target>`
//! (both `xml:space="preserve"`: a step's text keeps its lines and
//! comments). `state` is `translated` for an up-to-date translation,
//! `initial` otherwise; the import records as reviewed only the units a
//! translator set to `translated`, `reviewed` or `final`.

use super::package::{Entry, Package, Unit};
use crate::diagnostics::{Diagnostic, LineIndex, Pos};
use std::path::Path;

const NS: &str = "urn:oasis:names:tc:xliff:document:2.0";

/// `s` escaped for an attribute value.
fn esc(s: &str) -> String {
    text(s).replace('"', "&quot;").replace('>', "&gt;")
}

/// `s` escaped for element content: `&` and `<` (and `>` after `]]`, and
/// carriage returns, which XML would drop); the rest stays readable, the
/// step comments' quotes included.
fn text(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace("]]>", "]]&gt;")
        .replace('\r', "&#13;")
}

/// The XLIFF 2.0 document of `units`, from `source` into `target`.
pub fn write(units: &[Unit], source: &str, target: &str) -> String {
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xliff xmlns=\"{NS}\" version=\"2.0\" srcLang=\"{}\" trgLang=\"{}\">\n",
        esc(source),
        esc(target)
    );
    let mut n = 0;
    let mut i = 0;
    while i < units.len() {
        let file = &units[i].file;
        n += 1;
        out.push_str(&format!(
            "  <file id=\"f{n}\" original=\"{}\">\n",
            esc(&file.to_string_lossy().replace('\\', "/"))
        ));
        while i < units.len() && units[i].file == *file {
            unit(&mut out, &units[i]);
            i += 1;
        }
        out.push_str("  </file>\n");
    }
    if units.is_empty() {
        // The schema wants a file with a unit: an empty package says so.
        out.push_str("  <file id=\"f1\">\n    <unit id=\"nothing\" translate=\"no\">\n      <notes>\n        <note category=\"location\">Nothing to translate: every segment is up to date.</note>\n      </notes>\n      <segment>\n        <source/>\n      </segment>\n    </unit>\n  </file>\n");
    }
    out.push_str("</xliff>\n");
    out
}

fn unit(out: &mut String, u: &Unit) {
    out.push_str(&format!(
        "    <unit id=\"{}\">\n      <notes>\n",
        esc(&u.id)
    ));
    out.push_str(&format!(
        "        <note category=\"location\">{}</note>\n",
        text(&u.location)
    ));
    if let Some(s) = &u.screenshot {
        out.push_str(&format!(
            "        <note category=\"screenshot\">{}</note>\n",
            text(s)
        ));
    }
    if let Some(p) = &u.previous {
        out.push_str(&format!(
            "        <note category=\"previous-source\">{}</note>\n",
            text(p)
        ));
    }
    out.push_str("      </notes>\n");
    let state = if u.current { "translated" } else { "initial" };
    out.push_str(&format!(
        "      <segment state=\"{state}\">\n        <source xml:space=\"preserve\">{}</source>\n",
        text(&u.source)
    ));
    if let Some(t) = &u.target {
        out.push_str(&format!(
            "        <target xml:space=\"preserve\">{}</target>\n",
            text(t)
        ));
    }
    out.push_str("      </segment>\n    </unit>\n");
}

/// Reads an XLIFF 2.0 package (`shown` names it in messages): every
/// problem found, each at its line and column.
pub fn read(shown: &Path, text: &str) -> Result<Package, Vec<Diagnostic>> {
    let index = LineIndex::new(text);
    let at = |offset: usize| index.pos(offset);
    let doc = roxmltree::Document::parse(text).map_err(|e| {
        let p = e.pos();
        vec![Diagnostic::new(
            shown,
            Pos {
                line: p.row as usize,
                col: p.col as usize,
            },
            format!("this is not well-formed XML: {e}"),
            "fix the XML (a CAT tool exports it well-formed), or export the package again",
        )]
    })?;
    let root = doc.root_element();
    let mut problems = Vec::new();
    if root.tag_name().name() != "xliff" || root.tag_name().namespace() != Some(NS) {
        return Err(vec![Diagnostic::new(
            shown,
            at(root.range().start),
            "this is not an XLIFF 2.0 document",
            format!("its root must be <xliff xmlns=\"{NS}\" version=\"2.0\">"),
        )]);
    }
    let lang = root.attribute("trgLang").unwrap_or("").to_string();
    if lang.is_empty() {
        problems.push(Diagnostic::new(
            shown,
            at(root.range().start),
            "the package names no target language",
            "add trgLang=\"fr\" (the language of the translation) to <xliff>",
        ));
    }
    let mut entries = Vec::new();
    for file in root.children().filter(|n| n.has_tag_name((NS, "file"))) {
        let original = file.attribute("original").unwrap_or("").to_string();
        for unit in file.descendants().filter(|n| n.has_tag_name((NS, "unit"))) {
            if unit.attribute("translate") == Some("no") {
                continue;
            }
            let pos = at(unit.range().start);
            if original.is_empty() {
                problems.push(Diagnostic::new(
                    shown,
                    at(file.range().start),
                    "this <file> names no page",
                    "keep its original=\"content/PAGE.md\" as exported",
                ));
                break;
            }
            let id = unit.attribute("id").unwrap_or("").to_string();
            let segs: Vec<_> = unit
                .children()
                .filter(|n| n.has_tag_name((NS, "segment")))
                .collect();
            if segs.len() != 1 {
                problems.push(Diagnostic::new(
                    shown,
                    pos,
                    format!("unit `{id}` has {} segments", segs.len()),
                    "keep one <segment> per unit, as exported (do not split or join segments)",
                ));
                continue;
            }
            let seg = segs[0];
            let state = seg.attribute("state").unwrap_or("initial");
            let mut text_of = |name: &str| -> Option<(String, Pos)> {
                let n = seg.children().find(|n| n.has_tag_name((NS, name)))?;
                if let Some(child) = n.children().find(|c| c.is_element()) {
                    problems.push(Diagnostic::new(
                        shown,
                        at(child.range().start),
                        format!("<{}> inside a <{name}> is not supported", child.tag_name().name()),
                        "write the text as plain text (Markdown, step comments and all), without inline codes",
                    ));
                }
                let t: String = n.children().filter_map(|c| c.text()).collect();
                Some((t, at(n.range().start)))
            };
            let source = text_of("source").map(|(t, _)| t);
            let target = text_of("target");
            entries.push(Entry {
                file: original.clone(),
                id,
                source,
                reviewed: matches!(state, "translated" | "reviewed" | "final"),
                pos: target.as_ref().map_or(pos, |(_, p)| *p),
                target: target.map(|(t, _)| t),
            });
        }
    }
    if problems.is_empty() {
        Ok(Package { lang, entries })
    } else {
        Err(problems)
    }
}
