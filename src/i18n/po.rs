//! gettext PO packages: [`write`] and [`read`].
//!
//! One entry per segment: `msgctxt` is `PAGE-FILE#ID`
//! (`content/log-in.md#step-2-91be`), `msgid` the source text, `msgstr`
//! the current translation (empty when there is none); extracted
//! comments (`#.`) name the page and step and the screenshot with its
//! targets' boxes, the reference (`#:`) the source's file and line. An
//! entry whose translation is not up to date is `#, fuzzy`, with the text
//! it was reviewed against as `#| msgid` when known, as gettext tools
//! show it. The import records as reviewed the entries with a translation
//! that are not fuzzy.

use super::package::{Entry, Package, Unit};
use crate::diagnostics::{Diagnostic, Pos};
use std::path::Path;

/// `s` as PO string lines: `"..."` pieces, split after each newline.
fn quoted(keyword: &str, s: &str) -> String {
    let esc = |p: &str| {
        let mut o = String::with_capacity(p.len() + 2);
        for c in p.chars() {
            match c {
                '"' => o.push_str("\\\""),
                '\\' => o.push_str("\\\\"),
                '\n' => o.push_str("\\n"),
                '\r' => o.push_str("\\r"),
                '\t' => o.push_str("\\t"),
                c => o.push(c),
            }
        }
        o
    };
    if !s.contains('\n') {
        return format!("{keyword} \"{}\"\n", esc(s));
    }
    let mut out = format!("{keyword} \"\"\n");
    for piece in s.split_inclusive('\n') {
        out.push_str(&format!("\"{}\"\n", esc(piece)));
    }
    out
}

/// The PO file of `units`, translated into `lang`.
pub fn write(units: &[Unit], lang: &str) -> String {
    let mut out = String::from("# ent-guide translation package\n");
    out.push_str("msgid \"\"\nmsgstr \"\"\n");
    for h in [
        "Project-Id-Version: ent-guide".to_string(),
        "PO-Revision-Date: 2000-01-01 00:00+0000".to_string(),
        "Last-Translator: ent-guide".to_string(),
        format!("Language-Team: {lang}"),
        format!("Language: {lang}"),
        "MIME-Version: 1.0".to_string(),
        "Content-Type: text/plain; charset=UTF-8".to_string(),
        "Content-Transfer-Encoding: 8bit".to_string(),
    ] {
        out.push_str(&format!("\"{h}\\n\"\n"));
    }
    for u in units {
        out.push('\n');
        // A comment is one line: a page title written over several lines
        // in its front matter gives a location of several.
        for l in u.location.lines() {
            out.push_str(&format!("#. {l}\n"));
        }
        if let Some(s) = &u.screenshot {
            for l in format!("screenshot: {s}").lines() {
                out.push_str(&format!("#. {l}\n"));
            }
        }
        let file = u.file.to_string_lossy().replace('\\', "/");
        let line = u.location.rsplit_once(':').and_then(|(_, l)| {
            l.split(|c: char| !c.is_ascii_digit())
                .next()
                .filter(|d| !d.is_empty())
        });
        match line {
            Some(l) => out.push_str(&format!("#: {file}:{l}\n")),
            None => out.push_str(&format!("#: {file}\n")),
        }
        if !u.current {
            out.push_str("#, fuzzy\n");
            if let Some(p) = &u.previous {
                for l in quoted("msgid", p).lines() {
                    out.push_str(&format!("#| {l}\n"));
                }
            }
        }
        out.push_str(&quoted("msgctxt", &format!("{file}#{}", u.id)));
        out.push_str(&quoted("msgid", &u.source));
        out.push_str(&quoted("msgstr", u.target.as_deref().unwrap_or("")));
    }
    out
}

#[derive(Default)]
struct Raw {
    ctx: Option<(String, Pos)>,
    id: Option<String>,
    str_: Option<(String, Pos)>,
    fuzzy: bool,
    start: Pos,
}

/// Reads a PO package (`shown` names it in messages): every problem
/// found, each at its line and column.
pub fn read(shown: &Path, text: &str) -> Result<Package, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let mut raws: Vec<Raw> = Vec::new();
    let mut cur = Raw::default();
    // Which string the continuation lines add to: 0 ctx, 1 id, 2 str.
    let mut last: Option<u8> = None;
    let bad =
        |line: usize, col: usize, m: &str, h: &str| Diagnostic::new(shown, Pos { line, col }, m, h);
    let flush = |cur: &mut Raw, raws: &mut Vec<Raw>| {
        if cur.id.is_some() || cur.ctx.is_some() || cur.str_.is_some() {
            raws.push(std::mem::take(cur));
        } else {
            cur.fuzzy = false;
        }
    };
    for (n, raw_line) in text.lines().enumerate() {
        let line = n + 1;
        let l = raw_line.trim_end_matches('\r');
        let t = l.trim_start();
        let col = l.len() - t.len() + 1;
        if t.is_empty() {
            flush(&mut cur, &mut raws);
            last = None;
            continue;
        }
        if let Some(flags) = t.strip_prefix("#,") {
            if cur.id.is_some() {
                flush(&mut cur, &mut raws);
            }
            cur.fuzzy |= flags.split(',').any(|f| f.trim() == "fuzzy");
            continue;
        }
        if t.starts_with('#') {
            if cur.str_.is_some() {
                flush(&mut cur, &mut raws);
            }
            continue;
        }
        let (kw, rest) = match t.split_once(char::is_whitespace) {
            Some((k, r)) if !t.starts_with('"') => (k, r.trim_start()),
            _ => ("", t),
        };
        let which = match kw {
            "msgctxt" => 0,
            "msgid" => 1,
            "msgstr" => 2,
            "" => match last {
                Some(w) => w,
                None => {
                    problems.push(bad(
                        line,
                        col,
                        "a string outside any entry",
                        "start the entry with msgctxt, msgid and msgstr, as exported",
                    ));
                    continue;
                }
            },
            "msgid_plural" | "msgstr[0]" => {
                problems.push(bad(
                    line,
                    col,
                    "plural forms are not used in this package",
                    "keep one msgstr per entry",
                ));
                continue;
            }
            other => {
                problems.push(bad(
                    line,
                    col,
                    &format!("`{other}` is not PO syntax"),
                    "lines are comments (#), msgctxt, msgid, msgstr or \"strings\"",
                ));
                continue;
            }
        };
        if kw == "msgctxt" || (kw == "msgid" && cur.ctx.is_none()) {
            flush(&mut cur, &mut raws);
            cur.start = Pos { line, col };
        }
        let value = match unquote(rest) {
            Ok(v) => v,
            Err((at, m)) => {
                let at = l.len() - rest.len() + 1 + at;
                problems.push(bad(
                    line,
                    at,
                    &m,
                    "write strings as \"text\" with \\\" \\\\ \\n \\t escapes",
                ));
                continue;
            }
        };
        let pos = Pos { line, col };
        match (which, kw.is_empty()) {
            (0, false) => cur.ctx = Some((value, pos)),
            (1, false) => cur.id = Some(value),
            (2, false) => cur.str_ = Some((value, pos)),
            (0, true) => {
                if let Some(c) = cur.ctx.as_mut() {
                    c.0.push_str(&value);
                }
            }
            (1, true) => {
                if let Some(c) = cur.id.as_mut() {
                    c.push_str(&value);
                }
            }
            _ => {
                if let Some(c) = cur.str_.as_mut() {
                    c.0.push_str(&value);
                }
            }
        }
        last = Some(which);
    }
    flush(&mut cur, &mut raws);
    let mut lang = String::new();
    let mut entries = Vec::new();
    for r in raws {
        let (Some(id), Some((s, spos))) = (r.id.as_ref(), r.str_.as_ref()) else {
            problems.push(bad(
                r.start.line,
                r.start.col,
                "this entry lacks a msgid or a msgstr",
                "every entry has msgctxt, msgid and msgstr",
            ));
            continue;
        };
        if id.is_empty() && r.ctx.is_none() {
            lang = s
                .lines()
                .find_map(|l| l.strip_prefix("Language:"))
                .map(|l| l.trim().to_string())
                .unwrap_or_default();
            continue;
        }
        let Some((ctx, cpos)) = r.ctx else {
            problems.push(bad(
                r.start.line,
                r.start.col,
                "this entry has no msgctxt",
                "keep the msgctxt \"content/PAGE.md#ID\" each entry was exported with",
            ));
            continue;
        };
        let Some((file, seg)) = ctx.rsplit_once('#') else {
            problems.push(bad(
                cpos.line,
                cpos.col,
                &format!("msgctxt `{ctx}` names no segment"),
                "it reads \"content/PAGE.md#ID\", as exported",
            ));
            continue;
        };
        entries.push(Entry {
            file: file.to_string(),
            id: seg.to_string(),
            source: Some(id.clone()),
            target: (!s.is_empty()).then(|| s.clone()),
            reviewed: !r.fuzzy && !s.is_empty(),
            pos: *spos,
        });
    }
    if lang.is_empty() && problems.is_empty() {
        problems.push(bad(
            1,
            1,
            "the package names no language",
            "keep its header with \"Language: fr\\n\"",
        ));
    }
    if problems.is_empty() {
        Ok(Package { lang, entries })
    } else {
        Err(problems)
    }
}

/// The value of a PO string `"..."`, or the column (from 0) and reason of
/// what is wrong in it.
fn unquote(s: &str) -> Result<String, (usize, String)> {
    let Some(inner) = s.strip_prefix('"') else {
        return Err((0, "a PO string starts with `\"`".into()));
    };
    let mut out = String::new();
    let mut chars = inner.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => {
                if !inner[i + 1..].trim().is_empty() {
                    return Err((i + 2, "text after the end of the string".into()));
                }
                return Ok(out);
            }
            '\\' => match chars.next() {
                Some((_, 'n')) => out.push('\n'),
                Some((_, 't')) => out.push('\t'),
                Some((_, 'r')) => out.push('\r'),
                Some((_, '"')) => out.push('"'),
                Some((_, '\\')) => out.push('\\'),
                Some((j, e)) => return Err((j + 1, format!("unknown escape `\\{e}`"))),
                None => break,
            },
            c => out.push(c),
        }
    }
    Err((s.len(), "this string is never closed".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_location_of_several_lines_reads_back() {
        let unit = Unit {
            file: "content/log-in.md".into(),
            id: "title".into(),
            kind: crate::content::segments::Kind::Title,
            source: "two\nlines".into(),
            target: None,
            previous: None,
            current: true,
            location: "two\nlines (content/log-in.md:2), title".into(),
            screenshot: None,
        };
        let text = write(&[unit], "fr");
        assert!(
            text.contains("#. two\n#. lines (content/log-in.md:2), title\n"),
            "{text}"
        );
        let package = read(Path::new("p.po"), &text).expect("reads back");
        assert_eq!(package.lang, "fr");
    }

    #[test]
    fn strings_round_trip() {
        let s = "Click **X**\n   <!-- step: click \"X\" -->\tok\\";
        let q = quoted("msgid", s);
        let mut v = String::new();
        for l in q.lines() {
            let rest = l.strip_prefix("msgid ").unwrap_or(l);
            v.push_str(&unquote(rest).unwrap());
        }
        assert_eq!(v, s);
        assert!(unquote("\"abc").is_err());
        assert!(unquote("\"a\\qb\"").is_err());
    }
}
