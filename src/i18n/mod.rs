//! Translation status and review: the pages × languages table of
//! `ent-guide i18n` (up to date / outdated / missing) and, for each
//! outdated translation, the segments whose source changed since review
//! with their old and new text; `i18n mark PAGE LANG [--segment ID]`,
//! which records a review (see `content::review` for the record);
//! translation packages ([`export`], [`import`], as [`xliff`] or [`po`])
//! and the translators' context page ([`context`]).
//!
//! Reviews are recorded by [`record`], whose files are written whole and
//! atomically (a temporary file renamed over the old one), and only when
//! their bytes change.

pub mod context;
pub mod export;
pub mod import;
pub mod package;
pub mod po;
pub mod record;
pub mod store;
pub mod xliff;

pub use record::{mark, migrate};

use crate::content::review::recorded;
use crate::content::segments::{Kind, Segment};
use crate::content::{Page, Version};
use crate::diagnostics::{Diagnostic, Pos};
use crate::site::Site;
use crate::slug::{self, Slug};
use std::fmt::Write as _;

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
            let record = recorded(&page.source, t).unwrap_or_default();
            let stale: Vec<usize> = r.stale_segments().collect();
            let _ = writeln!(
                out,
                "\n{} ({lang}): {} segment{} changed since review",
                t.file.display(),
                stale.len(),
                if stale.len() == 1 { "" } else { "s" }
            );
            for i in stale {
                let seg = &page.source.segments()[i];
                let _ = writeln!(
                    out,
                    "  {} ({}, {}:{})",
                    seg.id,
                    describe(seg),
                    page.source.file.display(),
                    seg.pos.line
                );
                let was = match record.get(&seg.id) {
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
