//! The print view: the whole guide in one language on one page
//! (`<lang>/print/index.html`), every page in navigation order, its ids
//! prefixed with its slug and its links to other pages turned into
//! in-document anchors, so it prints (and becomes the PDF) as one book.

use super::{BuildStats, Output, RenderContext};
use crate::content::Page;
use crate::diagnostics::{Diagnostic, Pos};
use crate::site::bodies::PageBodies;
use crate::site::context::{localised_date, LanguageContext, PrintContext, PrintLinks};
use crate::site::reuse::Reuse;
use crate::site::verified::Verified;
use crate::site::Site;
use crate::slug::Slug;
use rayon::prelude::*;
use rewrite::Rewrite;

mod rewrite;
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

/// The print view of every language (only when the site is written).
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
        for (li, base) in ctx.bases.iter().enumerate() {
            let code = &site.config.languages[li].code;
            let view = render_view(site, ctx.reuse, li, ctx.bodies, base, ctx.verified);
            let written = view.and_then(|html| {
                ctx.out.write(&file(code), html.as_bytes())?;
                Ok(html.len())
            });
            match written {
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
/// shared context) from every page's `bodies`, in navigation order (or
/// reuses it, [`Reuse`]).
pub fn render_view(
    site: &Site,
    reuse: &Reuse,
    li: usize,
    bodies: &[PageBodies],
    base: &LanguageContext,
    verified: &Verified,
) -> Result<String, Diagnostic> {
    let lang = &site.config.languages[li].code;
    // The sections without their text, which is made only when the view
    // is rendered.
    let sections: Vec<Section> = site
        .pages
        .par_iter()
        .map(|page| section(site, page, lang, verified))
        .collect();
    let mut ctx = PrintContext {
        base,
        links: links(base, ROOT),
        root: ROOT,
        home_url: Slug::home().url(ROOT, lang),
        sections,
    };
    let keys: Vec<_> = bodies.iter().map(|b| b.langs[li].key).collect();
    reuse.print(site, &mut ctx, &keys, |ctx| {
        ctx.sections
            .par_iter_mut()
            .zip(site.pages.par_iter().zip(bodies.par_iter()))
            .for_each(|(s, (page, b))| {
                s.content = Rewrite {
                    anchor: page.slug.name(),
                    lang,
                    page_root: &page.slug.root_prefix(),
                    print_root: ROOT,
                }
                .apply(&b.langs[li].rendered.html);
            });
    })
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
