//! `ent-guide i18n import FILE`: a translated package (XLIFF 2.0 or PO,
//! told apart by its first character) written back into
//! `content/<page>.<lang>.md`.
//!
//! Every entry is checked before anything is written: its page and
//! segment id must exist, its step comments (`<!-- step: ... -->`,
//! `<!-- shot -->`, any comment) must be exactly the source's, and the
//! page once rewritten must keep the source's structure (each imported
//! text lands in one segment). Any problem is reported at the package's
//! `file:line:col` and nothing is written; otherwise each changed file is
//! replaced atomically. A translated text replaces the translation's
//! segment (a title or summary its front matter value); a page not
//! translated yet is made from the source page with the translated
//! segments put in. Entries marked done (XLIFF `state` translated,
//! reviewed or final; PO not fuzzy) are recorded as reviewed against the
//! package's source text, which `content/.i18n/` keeps; an unchanged
//! package gives back the same bytes.

pub use super::package::{Entry, Package};
use super::record::{record_of, record_writes, write_all, Write};
use super::{segment_text, source_text};
use crate::content::segments::{self, align, comments, Kind};
use crate::content::{front, Page};
use crate::diagnostics::{Diagnostic, Pos};
use crate::site::Site;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Reads a package: XLIFF when it starts with `<`, else PO.
pub fn read(shown: &Path, text: &str) -> Result<Package, Vec<Diagnostic>> {
    if text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('<')
    {
        super::xliff::read(shown, text)
    } else {
        super::po::read(shown, text)
    }
}

/// Imports the package at `file`: the files written, or every problem.
pub fn import(site: &Site, file: &Path) -> Result<Vec<PathBuf>, Vec<Diagnostic>> {
    let text = std::fs::read_to_string(file).map_err(|e| {
        vec![Diagnostic::new(
            file,
            Pos { line: 1, col: 1 },
            format!("cannot read this package: {e}"),
            "name an .xlf or .po file exported by `ent-guide i18n export`",
        )]
    })?;
    let sorted = |mut d: Vec<Diagnostic>| {
        crate::diagnostics::sort(&mut d);
        d
    };
    let pkg = read(file, &text).map_err(sorted)?;
    let writes = plan(site, file, &pkg).map_err(sorted)?;
    write_all(&site.root, &writes).map_err(|d| vec![d])
}

/// The writes `pkg` makes, or every problem it has.
pub fn plan(site: &Site, shown: &Path, pkg: &Package) -> Result<Vec<Write>, Vec<Diagnostic>> {
    let lang = pkg.lang.as_str();
    let codes = site.config.codes();
    let default = &site.config.default_language;
    if lang == default || !codes.contains(&lang) {
        return Err(vec![Diagnostic::new(
            shown,
            Pos { line: 1, col: 1 },
            format!("`{lang}` is not a language the guide is translated into"),
            "export the package again with `ent-guide i18n export LANG`",
        )]);
    }
    let mut problems = Vec::new();
    let mut by_page: BTreeMap<usize, Vec<&Entry>> = BTreeMap::new();
    for e in &pkg.entries {
        match site
            .pages
            .iter()
            .position(|p| p.source.file == Path::new(&e.file))
        {
            Some(i) => by_page.entry(i).or_default().push(e),
            None => problems.push(Diagnostic::new(
                shown,
                e.pos,
                format!("no page `{}` in the guide", e.file),
                "keep the page names of the exported package; export it again if pages were renamed",
            )),
        }
    }
    let mut writes = Vec::new();
    for (i, entries) in by_page {
        let page = &site.pages[i];
        match apply(site, page, lang, shown, &entries) {
            Ok(w) => writes.extend(w),
            Err(mut d) => problems.append(&mut d),
        }
    }
    if problems.is_empty() {
        Ok(writes)
    } else {
        Err(problems)
    }
}

/// A title or summary as a YAML value: plain when it reads back the same,
/// else double-quoted.
fn yaml_scalar(v: &str) -> String {
    let plain = serde_yaml::from_str::<String>(v).is_ok_and(|s| s == v)
        && !v.contains(['\n', '#', '"', '\''])
        && !v.trim().is_empty();
    if plain {
        v.to_string()
    } else {
        serde_json::to_string(v).unwrap_or_default()
    }
}

/// The file a translation of `page` in `lang` has or would have.
fn translation_file(page: &Page, lang: &str) -> PathBuf {
    match page.translations.get(lang) {
        Some(t) => t.file.clone(),
        None => {
            let s = page.source.file.to_string_lossy();
            PathBuf::from(format!("{}.{lang}.md", s.trim_end_matches(".md")))
        }
    }
}

/// The writes of one page's entries.
fn apply(
    site: &Site,
    page: &Page,
    lang: &str,
    shown: &Path,
    entries: &[&Entry],
) -> Result<Vec<Write>, Vec<Diagnostic>> {
    let t = page.translations.get(lang);
    let src = &page.source;
    let (base, tsegs, pairs): (&str, &[segments::Segment], Vec<Option<usize>>) = match t {
        Some(t) => (
            &t.text,
            t.segments(),
            page.reviews
                .get(lang)
                .map(|r| r.pairs.clone())
                .unwrap_or_default(),
        ),
        None => (
            &src.text,
            src.segments(),
            (0..src.segments().len()).map(Some).collect(),
        ),
    };
    let base_version = t.unwrap_or(src);
    let mut problems = Vec::new();
    let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    let mut update = BTreeMap::new();
    let mut known = BTreeMap::new();
    let mut imported: Vec<(usize, &Entry)> = Vec::new();
    let mut seen = BTreeMap::new();
    let file = translation_file(page, lang);
    for e in entries {
        let err = |m: String, h: &str| Diagnostic::new(shown, e.pos, m, h);
        let Some(i) = src.segments().iter().position(|s| s.id == e.id) else {
            let ids: Vec<&str> = src.segments().iter().map(|s| s.id.as_str()).collect();
            let hint = match crate::diagnostics::did_you_mean(&e.id, &ids) {
                Some(m) => format!("did you mean `{m}`? Keep the ids of the exported package"),
                None => "keep the ids of the exported package; export it again if the page changed"
                    .into(),
            };
            problems.push(err(
                format!("{} has no segment `{}`", src.file.display(), e.id),
                &hint,
            ));
            continue;
        };
        if let Some(first) = seen.insert(e.id.clone(), e.pos) {
            problems.push(err(
                format!(
                    "segment `{}` is already in this package, at line {}",
                    e.id, first.line
                ),
                "keep one entry per segment",
            ));
            continue;
        }
        let Some(target) = e.target.as_deref() else {
            continue;
        };
        let seg = &src.segments()[i];
        let source = source_text(page, seg);
        let (want, got) = (comments(&source), comments(target));
        if want != got {
            let k = want.iter().zip(&got).take_while(|(a, b)| a == b).count();
            let show = |v: &[&str]| {
                v.get(k)
                    .map_or("nothing".to_string(), |c| format!("`<!-- {c} -->`"))
            };
            problems.push(err(
                format!(
                    "the translation of `{}` changes its step comments: {} here, {} in the source ({}:{})",
                    e.id,
                    show(&got),
                    show(&want),
                    src.file.display(),
                    seg.pos.line
                ),
                "copy every <!-- ... --> comment of the source text into the translation exactly as it is",
            ));
            continue;
        }
        if matches!(seg.kind, Kind::Title | Kind::Summary) && target.contains('\n') {
            problems.push(err(
                format!("the {} `{}` must be one line", seg.kind.as_str(), e.id),
                "join its lines",
            ));
            continue;
        }
        let Some(j) = pairs.get(i).copied().flatten() else {
            problems.push(err(
                format!(
                    "{} does not have the source's structure around `{}`: the translation cannot be put in its place",
                    file.display(),
                    e.id
                ),
                "give that part of the translation the source's headings, paragraphs and lists, then import again",
            ));
            continue;
        };
        let tseg = &tsegs[j];
        if segment_text(base_version, tseg) != target {
            let new = if matches!(seg.kind, Kind::Title | Kind::Summary) {
                yaml_scalar(target)
            } else {
                target.to_string()
            };
            edits.push((tseg.range.clone(), new));
        }
        if e.reviewed {
            let reviewed = e.source.clone().unwrap_or(source);
            let d = segments::digest(&reviewed);
            update.insert(e.id.clone(), d.clone());
            known.insert(d, reviewed);
        }
        imported.push((i, e));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    if edits.is_empty() && update.is_empty() {
        return Ok(Vec::new());
    }
    edits.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
    let mut text = base.to_string();
    for (r, new) in &edits {
        text.replace_range(r.clone(), new);
    }
    // The page as rewritten keeps the source's structure.
    let check = |text: &str| -> Option<Vec<Option<usize>>> {
        let split = front::split(&file, text).ok()??;
        let fm = front::parse(&file, text, Some(split)).ok()?;
        let x = crate::steps::extract(&file, text, split.body_start);
        let segs = segments::segments(
            text,
            split.yaml_start..split.yaml_end,
            split.body_start,
            &fm,
            &x.steps,
        );
        let pairs = align(src.segments(), &segs);
        let ok = imported.iter().all(|(i, e)| {
            let Some(j) = pairs[*i] else { return false };
            let v_text = match segs[j].kind {
                Kind::Title => fm.title.clone().unwrap_or_default(),
                Kind::Summary => fm.summary.clone().unwrap_or_default(),
                _ => segs[j].text(text).to_string(),
            };
            e.target.as_deref().is_none_or(|t| t == v_text)
        });
        ok.then_some(pairs)
    };
    if check(&text).is_none() {
        let at = imported
            .first()
            .map_or(Pos { line: 1, col: 1 }, |(_, e)| e.pos);
        return Err(vec![Diagnostic::new(
            shown,
            at,
            format!(
                "the translations of {} would change the page's structure (a blank line, list marker or heading inside a text?)",
                src.file.display()
            ),
            "keep each translated text to one paragraph, item or heading, as its source text",
        )]);
    }
    let rec = record_of(page, t, &update);
    let records = BTreeMap::from([(lang.to_string(), rec)]);
    let texts = BTreeMap::from([(lang.to_string(), (file, text))]);
    record_writes(site, page, &records, &texts, &known).map_err(|d| vec![d])
}
