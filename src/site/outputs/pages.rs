//! The pages: every page in every language (`<lang>/<slug>/index.html`,
//! template `page.html`), with their weights.

use super::{indexed, BuildStats, Output, RenderContext};
use crate::content::Status;
use crate::diagnostics::Diagnostic;
use crate::site::bodies::Body;
use crate::site::context::{
    css_string, localised_date, Alternate, LangLink, LanguageContext, Neighbour, PageContext,
};
use crate::site::nav::Menu;
use crate::site::reuse::Reuse;
use crate::site::verified::Verified;
use crate::site::Site;
use crate::slug::Slug;
use rayon::prelude::*;

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
        let results: Vec<(Vec<Diagnostic>, Weights)> = (0..site.pages.len())
            .into_par_iter()
            .map(|i| {
                let mut problems = Vec::new();
                let mut weights = Vec::new();
                for (li, menu) in menus.iter().enumerate() {
                    let body = &ctx.bodies[i].langs[li];
                    let base = &ctx.bases[li];
                    let html =
                        match assemble(site, ctx.reuse, base, i, li, body, menu, ctx.verified) {
                            Err(d) => {
                                problems.push(d);
                                break;
                            }
                            Ok(html) => html,
                        };
                    let lang = &site.config.languages[li].code;
                    let slug = &site.pages[i].slug;
                    weights.push((slug.url("/", lang), html.len() + ctx.shared_bytes));
                    let file = slug.file(lang);
                    if let Err(d) = ctx.out.write(&file, html.as_bytes()) {
                        problems.push(d);
                        break;
                    }
                    if let Some(searched) = ctx.searched {
                        if let Some(doc) = indexed::document(&html) {
                            let doc = doc.into_owned();
                            searched
                                .lock()
                                .unwrap_or_else(|e| e.into_inner())
                                .push((file, doc));
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

/// Renders the full HTML of page `i` in language `li` from its `body`, in
/// `base`, the language's shared context (or reuses it, [`Reuse`]).
#[allow(clippy::too_many_arguments)]
pub fn assemble(
    site: &Site,
    reuse: &Reuse,
    base: &LanguageContext,
    i: usize,
    li: usize,
    body: &Body,
    menu: &Menu,
    verified: &Verified,
) -> Result<String, Diagnostic> {
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
    let report = super::report::enabled(site) && !v.steps.is_empty();
    let step_sentence = base.t.get("verified_step").map_or("", String::as_str);
    let localise = |d: &str| localised_date(site, &lang.code, d);
    let content = super::report::link_steps(
        &body.rendered.html,
        &super::report::StepExtras {
            report,
            days,
            sentence: step_sentence
                .split_once("{date}")
                .unwrap_or((step_sentence, "")),
            localise: &localise,
        },
    );
    let ctx = PageContext {
        base,
        links: super::print::links(base, &root),
        content_lang: &content_lang.code,
        content_dir: &content_lang.dir,
        title: v.title(),
        summary: &v.front.summary,
        content: &content,
        report_css: report.then(|| css_string(base.t.get("report").map_or("", String::as_str))),
        home_url: Slug::home().url(&root, &lang.code),
        slug: &page.slug,
        is_home: page.slug.is_home(),
        nav: menu.html(i, &root),
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
    reuse.page(site, "page.html", &ctx)
}
