//! `sitemap.xml`: every page in every language it is written in, with its
//! alternates (`hreflang`, plus `x-default`).

use super::{BuildStats, Output, RenderContext};
use crate::content::Status;
use crate::diagnostics::Diagnostic;
use crate::render::escape;
use crate::site::Site;
use std::fmt::Write as _;

/// `sitemap.xml`.
pub struct Sitemap;

impl Output for Sitemap {
    fn name(&self) -> &'static str {
        "sitemap"
    }

    fn render(&self, ctx: &RenderContext, stats: &mut BuildStats) -> Result<(), Vec<Diagnostic>> {
        ctx.out
            .write("sitemap.xml", sitemap(ctx.site).as_bytes())
            .map_err(|d| vec![d])?;
        stats.files += 1;
        Ok(())
    }
}

fn sitemap(site: &Site) -> String {
    let cfg = &site.config;
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for page in &site.pages {
        // Each address once: a page in five languages lists them 35 times.
        let url = |l: &str| escape(&page.slug.url(&cfg.base_url, l));
        let langs: Vec<(&str, String)> = cfg
            .languages
            .iter()
            .map(|l| l.code.as_str())
            .filter(|l| page.version(l).1 != Status::Missing)
            .map(|l| (l, url(l)))
            .collect();
        let default = url(&cfg.default_language);
        for (_, loc) in &langs {
            let _ = writeln!(x, "<url><loc>{loc}</loc>");
            for (a, href) in &langs {
                let _ = writeln!(
                    x,
                    "<xhtml:link rel=\"alternate\" hreflang=\"{a}\" href=\"{href}\"/>"
                );
            }
            let _ = writeln!(
                x,
                "<xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{default}\"/>\n</url>"
            );
        }
    }
    x.push_str("</urlset>\n");
    x
}
