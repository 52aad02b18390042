//! The pages: every page in every language (`<lang>/<slug>/index.html`,
//! template `page.html`), with their weights. With the build cache, a page
//! whose inputs did not change is linked from the last output without
//! being rendered ([`crate::site::reuse`]).

use super::search::Searched;
use super::{indexed, BuildStats, Output, RenderContext};
use crate::content::Status;
use crate::diagnostics::Diagnostic;
use crate::screenshots::verified::PageRecord;
use crate::site::bodies::html_of;
use crate::site::cache::{self, Key};
use crate::site::context::{
    css_string, localised_date, Alternate, LangLink, LanguageContext, Neighbour, PageContext,
    PageFields,
};
use crate::site::nav::Menu;
use crate::site::verified::Verified;
use crate::site::Site;
use crate::slug::Slug;
use rayon::prelude::*;
use std::sync::atomic::Ordering;

/// Page weights: `(url path, bytes)`.
type Weights = Vec<(String, usize)>;

/// The pages of the site.
pub struct Pages;

impl Output for Pages {
    fn name(&self) -> &'static str {
        "pages"
    }

    fn render(&self, ctx: &RenderContext, stats: &mut BuildStats) -> Result<(), Vec<Diagnostic>> {
        let site = ctx.site;
        let menus: Vec<Menu> = site
            .config
            .languages
            .iter()
            .map(|l| Menu::new(&site.pages, &site.children, &l.code, &site.config))
            .collect();
        let base_keys: Vec<Key> = ctx.bases.iter().map(base_key).collect();
        let menu_keys: Vec<Key> = menus.iter().map(Menu::key).collect();
        let results: Vec<(Vec<Diagnostic>, Weights)> = (0..site.pages.len())
            .into_par_iter()
            .map(|i| {
                let mut problems = Vec::new();
                let mut weights = Vec::new();
                for (li, menu) in menus.iter().enumerate() {
                    match make(ctx, &base_keys, &menu_keys, i, li, menu) {
                        Ok(w) => weights.push(w),
                        Err(d) => {
                            problems.push(d);
                            break;
                        }
                    }
                }
                (problems, weights)
            })
            .collect();
        let mut problems = Vec::new();
        for (p, w) in results {
            problems.extend(p);
            stats.weights.extend(w);
        }
        stats
            .weights
            .sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        stats.files += site.pages.len() * site.config.languages.len();
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }
}

/// Makes page `i` in language `li` into the output, or links it from the
/// last output when its inputs did not change ([`crate::site::reuse::Reuse::made`]), and hands
/// it to the search index; its url path and weight. `base_keys` are the
/// languages' [`base_key`]s, `menu_keys` their menus' ([`Menu::key`]).
fn make(
    ctx: &RenderContext,
    base_keys: &[Key],
    menu_keys: &[Key],
    i: usize,
    li: usize,
    menu: &Menu,
) -> Result<(String, usize), Diagnostic> {
    let site = ctx.site;
    let lang = &site.config.languages[li].code;
    let slug = &site.pages[i].slug;
    let file = slug.file(lang);
    let weight = |len: usize| (slug.url("/", lang), len + ctx.shared_bytes);
    let body = &ctx.bodies[i].langs[li];
    let mut inputs = inputs(site, &ctx.bases[li], i, li, menu, ctx.verified);
    let key = body
        .key
        .map(|b| inputs.key(site, &base_keys[li], &menu_keys[li], &b));
    if let Some(key) = key {
        let linked = ctx.reuse.made(&key).and_then(|d| ctx.out.link(&file, &d));
        if let Some(len) = linked {
            search(ctx, file, Some(key), None);
            return Ok(weight(usize::try_from(len).unwrap_or(usize::MAX)));
        }
    }
    ctx.reuse.rendered_pages.fetch_add(1, Ordering::Relaxed);
    let html = inputs.render(site, html_of(site, ctx.reuse, ctx.bodies, i, li))?;
    let made = ctx.out.write_digested(&file, html.as_bytes())?;
    if let (Some(key), Some(d)) = (key, made) {
        ctx.reuse.record_made(key, d);
    }
    let w = weight(html.len());
    if ctx.searched.is_some() {
        let doc = indexed::document(&html).map(|d| d.into_owned());
        search(ctx, file, key, doc);
    }
    Ok(w)
}

/// The key of a language's shared context, part of each page's key.
fn base_key(base: &LanguageContext) -> Key {
    cache::key(&[&serde_json::to_vec(base).unwrap_or_default()])
}

/// Hands a page to the search index, if one is made: its path, its key and
/// its document ([`indexed::document`]; `None` for a page linked from the
/// last output, or one without a part to index).
fn search(ctx: &RenderContext, path: String, key: Option<Key>, text: Option<String>) {
    if let Some(searched) = ctx.searched {
        if key.is_some() || text.is_some() {
            let page = Searched { path, key, text };
            searched
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(page);
        }
    }
}

/// Renders the full HTML of page `i` in language `li` from its body's
/// HTML, in `base`, the language's shared context.
pub fn assemble(
    site: &Site,
    base: &LanguageContext,
    i: usize,
    li: usize,
    body_html: &str,
    menu: &Menu,
    verified: &Verified,
) -> Result<String, Diagnostic> {
    inputs(site, base, i, li, menu, verified).render(site, body_html)
}

/// All that makes a page but its body: the template context without the
/// content and the menu, the menu, and what is added to the body's steps.
pub struct Inputs<'a> {
    ctx: PageContext<'a>,
    lang: &'a str,
    report: bool,
    days: Option<&'a PageRecord>,
    menu: &'a Menu<'a>,
    /// The page's place in the menu.
    index: usize,
}

impl Inputs<'_> {
    /// The key of the page made of these inputs and the body of key
    /// `body` (see [`crate::site::reuse`]), in the language whose shared
    /// context has key `base` ([`base_key`]) and whose menu has key `menu`
    /// ([`Menu::key`]): the menu's HTML is made only when the page is.
    fn key(&self, site: &Site, base: &Key, menu: &Key, body: &Key) -> Key {
        let json = serde_json::to_vec(&self.ctx.page).unwrap_or_default();
        // What `link_steps` adds: each step's link and day, written out.
        let mut steps = format!("{}{:?}", self.report, self.days);
        for day in self.days.iter().flat_map(|d| d.steps.iter().flatten()) {
            steps.push_str(&localised_date(site, self.lang, day));
        }
        cache::key(&[
            b"page.html",
            &site.theme.templates_key,
            base,
            menu,
            &(self.index as u64).to_le_bytes(),
            &json,
            body,
            steps.as_bytes(),
        ])
    }

    /// The page's HTML, with `body_html` as its content.
    fn render(&mut self, site: &Site, body_html: &str) -> Result<String, Diagnostic> {
        self.ctx.page.nav = self.menu.html(self.index, &self.ctx.page.root);
        let step_sentence = self
            .ctx
            .base
            .t
            .get("verified_step")
            .map_or("", String::as_str);
        let lang = self.lang;
        let localise = |d: &str| localised_date(site, lang, d);
        self.ctx.page.content = super::report::link_steps(
            body_html,
            &super::report::StepExtras {
                report: self.report,
                days: self.days,
                sentence: step_sentence
                    .split_once("{date}")
                    .unwrap_or((step_sentence, "")),
                localise: &localise,
            },
        );
        site.theme.render_with("page.html", &self.ctx)
    }
}

/// The inputs of page `i` in language `li`, in `base`, the language's
/// shared context.
fn inputs<'a>(
    site: &'a Site,
    base: &'a LanguageContext,
    i: usize,
    li: usize,
    menu: &'a Menu<'a>,
    verified: &'a Verified,
) -> Inputs<'a> {
    let page = &site.pages[i];
    let cfg = &site.config;
    let lang = &cfg.languages[li];
    let default = &cfg.default_language;
    let (v, status) = page.version(&lang.code);
    let root = page.slug.root_prefix();
    let content_lang = cfg.language(&v.lang).unwrap_or(lang);
    let date = verified.get(page.slug.as_str());
    let languages: Vec<LangLink> = cfg
        .languages
        .iter()
        .map(|l| LangLink {
            code: &l.code,
            name: &l.name,
            dir: &l.dir,
            url: page.slug.url(&root, &l.code),
            current: l.code == lang.code,
            translated: page.version(&l.code).1 != Status::Missing,
        })
        .collect();
    let abs = |code: &str| page.slug.url(&cfg.base_url, code);
    let alternates: Vec<Alternate> = cfg
        .languages
        .iter()
        .filter(|l| page.version(&l.code).1 != Status::Missing)
        .map(|l| Alternate {
            hreflang: l.code.clone(),
            href: abs(&l.code),
        })
        .chain(std::iter::once(Alternate {
            hreflang: "x-default".into(),
            href: abs(default),
        }))
        .collect();
    let neighbour = |j: usize| {
        let p = &site.pages[j];
        let v = p.version(&lang.code).0;
        Neighbour {
            url: p.slug.url(&root, &lang.code),
            title: v.title(),
            lang: &v.lang,
            dir: cfg.language(&v.lang).map_or("ltr", |l| l.dir.as_str()),
        }
    };
    let record = verified.page(page.slug.as_str());
    let days = record.filter(|r| r.one_day().is_none() && r.steps.iter().any(Option::is_some));
    let report = super::report::enabled(site) && v.has_steps;
    let page_fields = PageFields {
        links: super::print::links(base, &root),
        content_lang: &content_lang.code,
        content_dir: &content_lang.dir,
        title: v.title(),
        summary: &v.front.summary,
        content: String::new(),
        report_css: report.then(|| css_string(base.t.get("report").map_or("", String::as_str))),
        home_url: Slug::home().url(&root, &lang.code),
        slug: &page.slug,
        is_home: page.slug.is_home(),
        nav: String::new(),
        verified: date,
        verified_text: date.map(|d| localised_date(site, &lang.code, d)),
        notice: page.notice(&lang.code),
        source_url: page.slug.url(&root, default),
        languages,
        alternates,
        canonical: if status == Status::Missing {
            abs(default)
        } else {
            abs(&lang.code)
        },
        prev: i.checked_sub(1).map(neighbour),
        next: (i + 1 < site.pages.len()).then(|| neighbour(i + 1)),
        root,
    };
    Inputs {
        ctx: PageContext {
            base,
            page: page_fields,
        },
        lang: &lang.code,
        report,
        days,
        menu,
        index: i,
    }
}
