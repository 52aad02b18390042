//! The pages that belong to no language: the root index (`index.html`, the
//! language chooser, template `root.html`) and `404.html`.

use super::{BuildStats, Output, RenderContext};
use crate::content::Status;
use crate::diagnostics::Diagnostic;
use crate::site::context::{ChooserContext, RootIndex};
use crate::site::Site;
use crate::slug::Slug;
use serde::Serialize;
use std::collections::BTreeMap;

/// `index.html` and `404.html`.
pub struct RootAndNotFound;

impl Output for RootAndNotFound {
    fn name(&self) -> &'static str {
        "root index and 404 page"
    }

    fn render(&self, ctx: &RenderContext, stats: &mut BuildStats) -> Result<(), Vec<Diagnostic>> {
        let mut problems = Vec::new();
        for (name, made) in [
            ("index.html", root_index(ctx.site)),
            ("404.html", not_found(ctx.site)),
        ] {
            match made.and_then(|text| ctx.out.write(name, text.as_bytes())) {
                Err(d) => problems.push(d),
                Ok(()) => stats.files += 1,
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }
}

/// A language as the root index lists it.
#[derive(Serialize)]
struct RootLanguage<'a> {
    code: &'a str,
    name: &'a str,
    dir: &'a str,
    url: String,
    abs_url: String,
    /// Whether the home page is written in it.
    home_translated: bool,
    title: &'a str,
    t: BTreeMap<String, String>,
}

fn root_index(site: &Site) -> Result<String, Diagnostic> {
    let cfg = &site.config;
    let default = &cfg.default_language;
    let languages: Vec<RootLanguage> = cfg
        .languages
        .iter()
        .map(|l| RootLanguage {
            code: &l.code,
            name: &l.name,
            dir: &l.dir,
            url: format!("{}/", l.code),
            abs_url: Slug::home().url(&cfg.base_url, &l.code),
            home_translated: site
                .page("")
                .is_some_and(|p| p.version(&l.code).1 != Status::Missing),
            title: cfg.title_in(&l.code),
            t: site.theme.words(&l.code, default),
        })
        .collect();
    let mut ctx = ChooserContext::new(site, languages, "");
    ctx.root_index = Some(RootIndex {
        default_language: default,
        base_url: &cfg.base_url,
        codes_json: serde_json::to_string(&cfg.codes()).unwrap_or_default(),
    });
    site.theme.render_with("root.html", &ctx)
}

/// A language as the 404 page lists it.
#[derive(Serialize)]
struct NotFoundLanguage<'a> {
    code: &'a str,
    name: &'a str,
    dir: &'a str,
    url: String,
    t: BTreeMap<String, String>,
}

fn not_found(site: &Site) -> Result<String, Diagnostic> {
    let cfg = &site.config;
    let default = &cfg.default_language;
    let base = cfg.base_path();
    let languages: Vec<NotFoundLanguage> = cfg
        .languages
        .iter()
        .map(|l| NotFoundLanguage {
            code: &l.code,
            name: &l.name,
            dir: &l.dir,
            url: format!("{base}{}/", l.code),
            t: site.theme.words(&l.code, default),
        })
        .collect();
    let ctx = ChooserContext::new(site, languages, &base);
    site.theme.render_with("404.html", &ctx)
}
