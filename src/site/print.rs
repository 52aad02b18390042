//! The print view: the whole guide in one language on one page
//! (`<lang>/print/index.html`), every page in navigation order, its ids
//! prefixed with its slug and its links to other pages turned into
//! in-document anchors, so it prints (and becomes the PDF) as one book.

use super::Site;
use crate::content::{Page, Status};
use crate::diagnostics::{Diagnostic, Pos};
use crate::render::shots::PageShots;
use crate::render::{self, Env};
use crate::slug::{self, Slug};
use rayon::prelude::*;
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

/// Notes in a language's base context whether the site is built with PDFs.
pub fn mark_pdf(ctx: &mut tera::Context, pdf: bool) {
    ctx.insert("with_pdf", &pdf);
}

/// The links every page shows to the print view and, when the site is
/// built with PDFs ([`mark_pdf`]), to its language's PDF, from a page at
/// `root`.
pub fn insert_links(ctx: &mut tera::Context, root: &str, lang: &str) {
    let pdf = ctx
        .get("with_pdf")
        .and_then(serde_json::Value::as_bool)
        .unwrap_or(false);
    ctx.insert("print_url", &slug::url(root, lang, SLUG));
    ctx.insert("pdf_url", &pdf.then(|| format!("{root}{}", pdf_file(lang))));
}

/// One guide page in the print view.
#[derive(Serialize)]
struct Section<'a> {
    /// Its id: the page's name ([`Slug::name`]).
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

/// Renders the print view of language `li` into `ctx` (the language's base
/// context, see [`mark_pdf`]); `shots` are each page's screenshots, in
/// navigation order.
pub fn render_view(
    site: &Site,
    li: usize,
    shots: &[&PageShots],
    mut ctx: tera::Context,
    verified: &super::verified::Verified,
) -> Result<String, Diagnostic> {
    let cfg = &site.config;
    let lang = &cfg.languages[li].code;
    let sections: Vec<Section> = site
        .pages
        .par_iter()
        .zip(shots.par_iter())
        .map(|(page, shots)| section(site, page, lang, shots, verified))
        .collect();
    ctx.insert("root", ROOT);
    ctx.insert("home_url", &Slug::home().url(ROOT, lang));
    ctx.insert("sections", &sections);
    insert_links(&mut ctx, ROOT, lang);
    site.theme.render("print.html", &ctx)
}

fn section<'a>(
    site: &'a Site,
    page: &'a Page,
    lang: &str,
    shots: &PageShots,
    verified: &'a super::verified::Verified,
) -> Section<'a> {
    let cfg = &site.config;
    let (v, status) = page.version(lang);
    let dir = super::build::content_dir_of(v);
    let env = Env {
        lang,
        root: ROOT,
        slug: &page.slug,
        dir: &dir,
        known: site,
        shots,
        print: true,
    };
    // Problems are the page's own and reported by its own rendering.
    let content = render::render(v.body(), &v.steps, &env).html;
    Section {
        anchor: page.slug.name(),
        title: v.title(),
        summary: v.front.summary.as_deref(),
        lang: &v.lang,
        dir: cfg.language(&v.lang).map_or("ltr", |l| l.dir.as_str()),
        notice: match status {
            Status::UpToDate => "",
            Status::Outdated => "outdated",
            Status::Missing => "missing",
        },
        depth: page.slug.depth(),
        content,
        verified: verified.get(page.slug.as_str()).map(String::as_str),
        verified_text: verified
            .get(page.slug.as_str())
            .map(|d| super::build::localised_date(site, lang, d)),
    }
}
