//! Translation status and review: the pages × languages table of
//! `ent-guide i18n` (up to date / outdated / missing) and, for each
//! outdated translation, the segments whose source changed since review
//! with their old and new text; `i18n mark PAGE LANG [--segment ID]`,
//! which records a review (see `content::review` for the record);
//! translation packages ([`export`], [`import`], as [`xliff`] or [`po`])
//! and the translators' context page ([`context`]).
//!
//! Files are written whole and atomically (a temporary file renamed over
//! the old one), and only when their bytes change.

pub mod context;
pub mod export;
pub mod import;
pub mod package;
pub mod po;
pub mod store;
pub mod xliff;

use crate::content::review::{recorded, write_record};
use crate::content::segments::{Kind, Segment};
use crate::content::{front, Page, Status, Version};
use crate::diagnostics::{Diagnostic, Pos};
use crate::site::Site;
use crate::slug::{self, Slug};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The status table, one row per page, one column per language.
pub fn table(site: &Site) -> String {
    let codes = site.config.codes();
    let names: Vec<String> = site
        .pages
        .iter()
        .map(|p| p.slug.name().to_string())
        .collect();
    let w0 = names
        .iter()
        .map(|n| n.chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    let w = 10;
    let mut out = String::new();
    let _ = write!(out, "{:w0$}", "page");
    for c in &codes {
        let _ = write!(out, "  {c:w$}");
    }
    out.push('\n');
    let mut counts = vec![[0usize; 3]; codes.len()];
    for (page, name) in site.pages.iter().zip(&names) {
        let _ = write!(out, "{name:w0$}");
        for (i, c) in codes.iter().enumerate() {
            let cell = if *c == page.source.lang {
                "source"
            } else {
                let st = page.version(c).1;
                counts[i][st as usize] += 1;
                st.as_str()
            };
            let _ = write!(out, "  {cell:w$}");
        }
        out.push('\n');
    }
    for (i, c) in codes.iter().enumerate().skip(1) {
        let [ok, old, missing] = counts[i];
        let _ = writeln!(
            out,
            "{c}: {ok} up to date, {old} outdated, {missing} missing"
        );
    }
    out
}

/// The changed segments of every outdated translation, page by page:
/// each with its id, where it is in the source, and the source text the
/// translation was reviewed against beside the current one.
pub fn report(site: &Site) -> String {
    let mut out = String::new();
    for page in &site.pages {
        let old = store::read(&site.root, page);
        for lang in site.config.codes() {
            let (Some(r), Some(t)) = (page.reviews.get(lang), page.translations.get(lang)) else {
                continue;
            };
            if r.is_current() {
                continue;
            }
            let name = page.slug.name();
            if r.whole {
                let _ = writeln!(
                    out,
                    "\n{} ({lang}): reviewed against an earlier version of the whole page, before per-segment records: which parts changed is not known; review it all, then `ent-guide i18n mark {name} {lang}`",
                    t.file.display()
                );
                continue;
            }
            let stale: Vec<usize> = r.stale_segments().collect();
            let _ = writeln!(
                out,
                "\n{} ({lang}): {} segment{} changed since review",
                t.file.display(),
                stale.len(),
                if stale.len() == 1 { "" } else { "s" }
            );
            for i in stale {
                let seg = &page.source.segments[i];
                let _ = writeln!(
                    out,
                    "  {} ({}, {}:{})",
                    seg.id,
                    describe(seg),
                    page.source.file.display(),
                    seg.pos.line
                );
                let was = match r.reviewed[i].as_deref() {
                    None => "(new: never reviewed)".to_string(),
                    Some(d) => old
                        .get(d)
                        .map_or_else(|| "(text not recorded)".to_string(), |t| one_line(t)),
                };
                let _ = writeln!(out, "    was: {was}");
                let _ = writeln!(
                    out,
                    "    now: {}",
                    one_line(&segment_text(&page.source, seg))
                );
            }
        }
    }
    out
}

/// A segment as translators name it: "step 5", "heading", "paragraph".
pub fn describe(seg: &Segment) -> String {
    match (seg.kind, seg.step) {
        (Kind::Step, Some(n)) => format!("step {n}"),
        (k, Some(n)) => format!("{} with step {n}", k.as_str()),
        (k, None) => k.as_str().to_string(),
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What a translator translates of a segment: a title's or summary's
/// value, else the segment's Markdown.
pub fn segment_text(v: &Version, seg: &Segment) -> String {
    match seg.kind {
        Kind::Title => v.title().to_string(),
        Kind::Summary => v.front.summary.clone().unwrap_or_default(),
        _ => seg.text(&v.text).to_string(),
    }
}

/// [`segment_text`] of a source segment.
pub fn source_text(page: &Page, seg: &Segment) -> String {
    segment_text(&page.source, seg)
}

/// The page named `page` (a slug, `index` for home, or a file name).
pub fn find_page<'s>(site: &'s Site, page: &str, lang: &str) -> Result<&'s Page, Diagnostic> {
    let top = Pos { line: 1, col: 1 };
    let slug = page
        .trim_start_matches("content/")
        .trim_end_matches(".md")
        .trim_end_matches(&format!(".{lang}"))
        .trim_end_matches('/');
    let slug = Slug::from_name(slug);
    site.page(&slug).ok_or_else(|| {
        let slugs: Vec<&str> = site.pages.iter().map(|p| p.slug.as_str()).collect();
        let hint = match crate::diagnostics::did_you_mean(&slug, &slugs) {
            Some(m) => format!("did you mean `{}`?", slug::name(m)),
            None => "name a page by its slug, as `ent-guide i18n` lists them".into(),
        };
        Diagnostic::new("content", top, format!("no page `{page}`"), hint)
    })
}

/// A file to write: its path relative to the site root and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Write {
    pub path: PathBuf,
    pub text: String,
}

/// Writes each file whose bytes change, each atomically (temporary file,
/// then rename); returns the files written.
pub fn write_all(root: &Path, writes: &[Write]) -> Result<Vec<PathBuf>, Diagnostic> {
    let mut done = Vec::new();
    for w in writes {
        let path = root.join(&w.path);
        if std::fs::read(&path).is_ok_and(|b| b == w.text.as_bytes()) {
            continue;
        }
        let io = |e: std::io::Error| {
            Diagnostic::new(
                &w.path,
                Pos { line: 1, col: 1 },
                format!("cannot write: {e}"),
                "check the folder's permissions",
            )
        };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        let mut tmp = path.clone().into_os_string();
        tmp.push(".tmp");
        std::fs::write(&tmp, &w.text).map_err(io)?;
        std::fs::rename(&tmp, &path).map_err(io)?;
        done.push(w.path.clone());
    }
    Ok(done)
}

/// A translation's record once `update` is applied: its recorded digests
/// (or none, if it was reviewed as a whole against another source), kept
/// to the source's ids, in page order.
pub fn record_of(
    page: &Page,
    t: Option<&Version>,
    update: &BTreeMap<String, String>,
) -> Vec<(String, String)> {
    let mut rec = t
        .and_then(|t| recorded(&page.source, t))
        .unwrap_or_default();
    rec.extend(update.iter().map(|(k, v)| (k.clone(), v.clone())));
    page.source
        .segments
        .iter()
        .filter_map(|s| rec.get(&s.id).map(|d| (s.id.clone(), d.clone())))
        .collect()
}

/// The writes that record `records` (per language, the digests by id, in
/// page order) in `page`'s translations whose text is given in `texts`
/// (default: the file as it is), and the store with `known` texts added.
/// `source_digest` becomes the source's digest where every segment is
/// recorded current.
pub fn record_writes(
    site: &Site,
    page: &Page,
    records: &BTreeMap<String, Vec<(String, String)>>,
    texts: &BTreeMap<String, (PathBuf, String)>,
    known: &store::Texts,
) -> Result<Vec<Write>, Diagnostic> {
    let mut writes = Vec::new();
    let mut maps = BTreeMap::new();
    for (lang, rec) in records {
        let (path, text) = match (texts.get(lang), page.translations.get(lang)) {
            (Some((p, t)), _) => (p.clone(), t.clone()),
            (None, Some(t)) => (t.file.clone(), t.text.clone()),
            (None, None) => continue,
        };
        let current = page.source.segments.len() == rec.len()
            && page
                .source
                .segments
                .iter()
                .zip(rec)
                .all(|(s, (id, d))| s.id == *id && s.digest == *d);
        let digest = current.then_some(page.source.digest.as_str());
        let lines = write_record(rec.iter().map(|(a, b)| (a.as_str(), b.as_str())));
        let new = with_record(&text, digest, &lines).ok_or_else(|| {
            Diagnostic::new(
                &path,
                Pos { line: 1, col: 1 },
                "this translation has no front matter",
                "start it with `---`",
            )
        })?;
        writes.push(Write { path, text: new });
        maps.insert(lang.clone(), rec.iter().cloned().collect());
    }
    let old = store::read(&site.root, page);
    let texts = store::updated(page, &old, &maps, known);
    let file = store::file(page);
    if !texts.is_empty() || site.root.join(&file).exists() {
        writes.push(Write {
            path: file,
            text: store::to_text(&texts),
        });
    }
    Ok(writes)
}

/// Marks the `lang` translation of `page` (a slug, `index` for home, or a
/// file name) as reviewed against the current source: every segment, or
/// only `segment`. Returns the files written.
pub fn mark(
    site: &Site,
    page: &str,
    lang: &str,
    segment: Option<&str>,
) -> Result<Vec<PathBuf>, Diagnostic> {
    let top = Pos { line: 1, col: 1 };
    let p = find_page(site, page, lang)?;
    let Some(t) = p.translations.get(lang) else {
        return Err(Diagnostic::new(
            &p.source.file,
            top,
            format!("this page has no `{lang}` translation"),
            format!(
                "translate it first into content/{}.{lang}.md",
                p.slug.name()
            ),
        ));
    };
    let mut update = BTreeMap::new();
    match segment {
        None => {
            for s in &p.source.segments {
                update.insert(s.id.clone(), s.digest.clone());
            }
        }
        Some(id) => {
            let Some(s) = p.source.segments.iter().find(|s| s.id == id) else {
                let ids: Vec<&str> = p.source.segments.iter().map(|s| s.id.as_str()).collect();
                let hint = match crate::diagnostics::did_you_mean(id, &ids) {
                    Some(m) => format!("did you mean `{m}`?"),
                    None => "`ent-guide i18n` lists the changed segments by id".into(),
                };
                return Err(Diagnostic::new(
                    &p.source.file,
                    top,
                    format!("this page has no segment `{id}`"),
                    hint,
                ));
            };
            update.insert(s.id.clone(), s.digest.clone());
        }
    }
    let rec = record_of(p, Some(t), &update);
    let records = BTreeMap::from([(lang.to_string(), rec)]);
    let writes = record_writes(site, p, &records, &BTreeMap::new(), &store::Texts::new())?;
    write_all(&site.root, &writes)
}

/// Writes the per-segment record into every translation that has only a
/// `source_digest` equal to its source's current digest (reviewed against
/// the current text, so every segment is): the lossless migration of
/// files written before per-segment records. Returns the files written.
pub fn migrate(site: &Site) -> Result<Vec<PathBuf>, Diagnostic> {
    let mut written = Vec::new();
    for page in &site.pages {
        let mut records = BTreeMap::new();
        for (lang, t) in &page.translations {
            if t.front.source_segments.is_none() && page.version(lang).1 == Status::UpToDate {
                records.insert(lang.clone(), record_of(page, Some(t), &BTreeMap::new()));
            }
        }
        if records.is_empty() {
            continue;
        }
        let writes = record_writes(site, page, &records, &BTreeMap::new(), &store::Texts::new())?;
        written.extend(write_all(&site.root, &writes)?);
    }
    Ok(written)
}

/// `text` with `source_digest: DIGEST` (when given; replacing the old
/// value, or added) and `source_segments` holding `record` (`ID DIGEST`
/// lines) as the front matter's last field; everything else kept as it
/// was. `None` when the text has no front matter.
pub fn with_record(text: &str, digest: Option<&str>, record: &str) -> Option<String> {
    let split = front::split(Path::new(""), text).ok()??;
    let fm = &text[split.yaml_start..split.yaml_end];
    let nl = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut new_fm = String::with_capacity(fm.len() + record.len() + 40);
    let mut has_digest = false;
    let mut in_block = false;
    for line in fm.split_inclusive('\n') {
        if in_block && (line.starts_with(' ') || line.starts_with('\t')) {
            continue;
        }
        in_block = false;
        if line.starts_with("source_segments:") {
            in_block = true;
            continue;
        }
        match digest {
            Some(d) if line.starts_with("source_digest:") => {
                let _ = write!(new_fm, "source_digest: {d}{nl}");
                has_digest = true;
            }
            _ => new_fm.push_str(line),
        }
    }
    if !new_fm.is_empty() && !new_fm.ends_with('\n') {
        new_fm.push_str(nl);
    }
    if let (Some(d), false) = (digest, has_digest) {
        let _ = write!(new_fm, "source_digest: {d}{nl}");
    }
    if !record.is_empty() {
        let _ = write!(new_fm, "source_segments: |{nl}");
        for l in record.lines() {
            let _ = write!(new_fm, "  {l}{nl}");
        }
    }
    Some(format!(
        "{}{}{}",
        &text[..split.yaml_start],
        new_fm,
        &text[split.yaml_end..]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_or_replaces_the_record_and_keeps_the_rest() {
        let t = "---\ntitle: Connexion\n---\nCorps\n";
        assert_eq!(
            with_record(t, Some("abc"), "title 0a0b0c0d\n").as_deref(),
            Some("---\ntitle: Connexion\nsource_digest: abc\nsource_segments: |\n  title 0a0b0c0d\n---\nCorps\n")
        );
        let t =
            "---\nsource_digest: old\nsource_segments: |\n  title 1\n  h-a 2\ntitle: C\n---\nB\n";
        assert_eq!(
            with_record(t, None, "title 3\n").as_deref(),
            Some("---\nsource_digest: old\ntitle: C\nsource_segments: |\n  title 3\n---\nB\n")
        );
        let crlf = "---\r\ntitle: C\r\n---\r\nB\r\n";
        assert_eq!(
            with_record(crlf, Some("d"), "").as_deref(),
            Some("---\r\ntitle: C\r\nsource_digest: d\r\n---\r\nB\r\n")
        );
        assert_eq!(with_record("no front matter", Some("x"), ""), None);
    }
}
