//! The print view: the whole guide in one language on one page
//! (`<lang>/print/index.html`), every page in navigation order, its ids
//! prefixed with its slug and its links to other pages turned into
//! in-document anchors, so it prints (and becomes the PDF) as one book.

use super::{BuildStats, Output, RenderContext};
use crate::content::Page;
use crate::diagnostics::{Diagnostic, Pos};
use crate::site::bodies::{html_of, PageBodies};
use crate::site::cache::{self, Key};
use crate::site::context::{localised_date, LanguageContext, PrintContext, PrintLinks};
use crate::site::verified::Verified;
use crate::site::Site;
use crate::slug::Slug;
use rayon::prelude::*;
use rewrite::Rewrite;

mod rewrite;
mod splice;
use serde::Serialize;

/// The slug the print view takes in every language: no page may have it.
pub const SLUG: &str = "print";

/// Relative path from the print view to the site root.
const ROOT: &str = "../../";

/// Where the print view of `lang` is written.
pub fn file(lang: &str) -> String {
    format!("{lang}/{SLUG}/index.html")
}

/// Where the PDF of `lang` is written (beside its home page).
pub fn pdf_file(lang: &str) -> String {
    format!("{lang}/ent-guide-{lang}.pdf")
}

/// A page whose slug is the print view's: a problem on each of its files.
pub fn reserved(pages: &[Page]) -> Vec<Diagnostic> {
    pages
        .iter()
        .filter(|p| p.slug == SLUG)
        .flat_map(|p| p.versions())
        .map(|v| {
            Diagnostic::new(
                &v.file,
                Pos { line: 1, col: 1 },
                format!("`{SLUG}` is the address of the print view (the whole guide on one page): no page can have it"),
                format!("rename {} to another name, such as `printing`, and update links to it", v.file.display()),
            )
        })
        .collect()
}

/// The links every page at `root` shows to the print view of `base`'s
/// language and, when the site is built with PDFs, to its PDF.
pub fn links(base: &LanguageContext, root: &str) -> PrintLinks {
    PrintLinks {
        print_url: crate::slug::url(root, base.lang, SLUG),
        pdf_url: base
            .with_pdf
            .then(|| format!("{root}{}", pdf_file(base.lang))),
    }
}

/// The print view of every language (only when the site is written). With
/// the build cache, a view whose inputs did not change is linked from the
/// last output without being rendered ([`crate::site::reuse`]).
pub struct PrintView;

impl Output for PrintView {
    fn name(&self) -> &'static str {
        "print view"
    }

    fn render(&self, ctx: &RenderContext, stats: &mut BuildStats) -> Result<(), Vec<Diagnostic>> {
        // The print view re-renders every body: only when writing a site.
        if !ctx.out.writes() {
            return Ok(());
        }
        let site = ctx.site;
        let mut problems = Vec::new();
        for li in 0..ctx.bases.len() {
            let code = &site.config.languages[li].code;
            match make_view(ctx, li, &file(code)) {
                Ok(len) => {
                    stats
                        .print_weights
                        .push((format!("/{code}/{SLUG}/"), len + ctx.shared_bytes));
                    stats.files += 1;
                }
                Err(d) => problems.push(d),
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }
}

/// Makes the print view of language `li` into `file`, or links it from the
/// last output when its inputs did not change ([`crate::site::reuse::Reuse::made`]): its
/// length.
fn make_view(ctx: &RenderContext, li: usize, file: &str) -> Result<usize, Diagnostic> {
    let site = ctx.site;
    let mut view = context(site, li, &ctx.bases[li], ctx.verified);
    let key = view_key(site, &view, ctx.bodies, li);
    if let Some(key) = key {
        let linked = ctx.reuse.made(&key).and_then(|d| ctx.out.link(file, &d));
        if let Some(len) = linked {
            return Ok(usize::try_from(len).unwrap_or(usize::MAX));
        }
    }
    fill(site, &mut view, li, |i| {
        html_of(site, ctx.reuse, ctx.bodies, i, li)
    });
    let html = splice::render(site, &mut view)?;
    let made = ctx.out.write_digested(file, html.as_bytes())?;
    if let (Some(key), Some(d)) = (key, made) {
        ctx.reuse.record_made(key, d);
    }
    Ok(html.len())
}

/// One guide page in the print view.
#[derive(Serialize)]
struct Section<'a> {
    /// Its id: the page's name ([`crate::slug::Slug::name`]).
    anchor: &'a str,
    title: &'a str,
    summary: Option<&'a str>,
    /// Language and direction of the text shown (the source's for a page
    /// not translated yet).
    lang: &'a str,
    dir: &'a str,
    /// `missing` or `outdated` when the reader gets the source or an old
    /// translation.
    notice: &'static str,
    /// How deep the page sits in the navigation (home 0, top level 1...).
    depth: usize,
    content: String,
    /// When its steps last passed `verify` (`YYYY-MM-DD`), and that date in
    /// the reader's language.
    verified: Option<&'a str>,
    verified_text: Option<String>,
}

/// Renders the print view of language `li` in `base` (the language's
/// shared context) from every page's `bodies` (rendered), in navigation
/// order.
pub fn render_view(
    site: &Site,
    li: usize,
    bodies: &[PageBodies],
    base: &LanguageContext,
    verified: &Verified,
) -> Result<String, Diagnostic> {
    let mut view = context(site, li, base, verified);
    fill(site, &mut view, li, |i| {
        bodies[i].langs[li].html().unwrap_or_default()
    });
    splice::render(site, &mut view)
}

/// The print view of language `li` in `base`, its sections without their
/// text.
fn context<'a>(
    site: &'a Site,
    li: usize,
    base: &'a LanguageContext,
    verified: &'a Verified,
) -> PrintContext<'a, Section<'a>> {
    let lang = &site.config.languages[li].code;
    let sections: Vec<Section> = site
        .pages
        .par_iter()
        .map(|page| section(site, page, lang, verified))
        .collect();
    PrintContext {
        base,
        links: links(base, ROOT),
        root: ROOT,
        home_url: Slug::home().url(ROOT, lang),
        sections,
    }
}

/// The key of the print view `view` (its sections' text not filled in)
/// in the build cache: its context and the keys of the bodies it shows;
/// `None` without a cache.
fn view_key(
    site: &Site,
    view: &PrintContext<Section>,
    bodies: &[PageBodies],
    li: usize,
) -> Option<Key> {
    let keys: Vec<u8> =
        bodies
            .iter()
            .try_fold(Vec::with_capacity(bodies.len() * 32), |mut all, b| {
                all.extend_from_slice(b.langs[li].key.as_ref()?);
                Some(all)
            })?;
    let json = serde_json::to_vec(view).unwrap_or_default();
    Some(cache::key(&[
        b"print.html",
        &site.theme.templates_key,
        &json,
        &keys,
    ]))
}

/// Fills in the text of each section of `view`, from the HTML of each
/// page's body in language `li` (`html(i)`, page `i`'s).
fn fill<'b>(
    site: &Site,
    view: &mut PrintContext<Section>,
    li: usize,
    html: impl Fn(usize) -> &'b str + Sync,
) {
    let lang = &site.config.languages[li].code;
    view.sections.par_iter_mut().enumerate().for_each(|(i, s)| {
        let page = &site.pages[i];
        s.content = Rewrite {
            anchor: page.slug.name(),
            lang,
            page_root: &page.slug.root_prefix(),
            print_root: ROOT,
        }
        .apply(html(i));
    });
}

fn section<'a>(site: &'a Site, page: &'a Page, lang: &str, verified: &'a Verified) -> Section<'a> {
    let cfg = &site.config;
    let (v, _) = page.version(lang);
    Section {
        anchor: page.slug.name(),
        title: v.title(),
        summary: v.front.summary.as_deref(),
        lang: &v.lang,
        dir: cfg.language(&v.lang).map_or("ltr", |l| l.dir.as_str()),
        notice: page.notice(lang),
        depth: page.slug.depth(),
        content: String::new(),
        verified: verified.get(page.slug.as_str()).map(String::as_str),
        verified_text: verified
            .get(page.slug.as_str())
            .map(|d| localised_date(site, lang, d)),
    }
}
