//! The files published as they are, or nearly: the theme's static files
//! under `assets/` (stylesheets and scripts minified, see
//! `site/minify.rs`) with the search code's words (`assets/words.json`)
//! and, in a build, the icons drawn from the theme ([`super::icons`]), the
//! other files of `content/` under `media/`, and the screenshots the pages
//! show (with their phone copies).

use super::{icons, BuildStats, Output, RenderContext};
use crate::diagnostics::Diagnostic;
use crate::site::sink::{read_problem, Sink};
use crate::site::{minify, Site};
use crate::theme::Source;
use rayon::prelude::*;
use std::path::PathBuf;

/// Theme files, media and screenshots (only when the site is written).
pub struct Assets;

impl Output for Assets {
    fn name(&self) -> &'static str {
        "assets"
    }

    fn render(&self, ctx: &RenderContext, stats: &mut BuildStats) -> Result<(), Vec<Diagnostic>> {
        if !ctx.out.writes() {
            return Ok(());
        }
        let site = ctx.site;
        let mut problems = write_theme_assets(site, ctx.out);
        stats.files += (site.theme.assets.iter())
            .filter(|(rel, _)| !icons::replaces(site, rel))
            .count();
        let drawn = icons::write(site, ctx.out);
        if site.theme.touch_icon.is_some() && drawn.is_empty() {
            stats.files += icons::SIZES.len();
        }
        problems.extend(drawn);
        let copies: Vec<(PathBuf, String)> = site
            .assets
            .iter()
            .map(|a| (a.path.clone(), format!("media/{}", a.rel)))
            .collect();
        stats.files += copies.len();
        problems.par_extend(
            copies
                .par_iter()
                .filter_map(|(from, to)| ctx.out.copy(from, to).err()),
        );
        // The screenshots the pages show, from `screenshots/`.
        let dir = site.screenshots_dir();
        let urls: Vec<&String> = ctx
            .bodies
            .iter()
            .flat_map(|b| b.shots.values())
            .flat_map(|s| std::iter::once(&s.url).chain(s.small.as_ref().map(|c| &c.url)))
            .collect();
        stats.files += urls.len();
        problems.par_extend(urls.par_iter().filter_map(|url| {
            let rel = url.trim_start_matches("screenshots/");
            ctx.out.copy(&dir.join(rel), url).err()
        }));
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }
}

/// Bytes every page loads besides its own HTML: the theme files its
/// templates link (stylesheets as published).
pub fn shared_bytes(site: &Site) -> usize {
    site.theme
        .assets
        .iter()
        .filter(|(rel, _)| site.theme.linked.contains(rel))
        .map(|(rel, source)| match (minified(rel, source), source) {
            (Some(Ok(css)), _) => css.len(),
            (_, Source::Disk(p)) => std::fs::metadata(p).map_or(0, |m| m.len() as usize),
            (_, Source::Text(t)) => t.len(),
            (_, Source::Bytes(b)) => b.len(),
        })
        .sum()
}

/// A stylesheet or script of the theme as published; `None` for other
/// files.
fn minified(rel: &str, source: &Source) -> Option<Result<String, Diagnostic>> {
    let minify: fn(&str) -> String = if rel.ends_with(".css") {
        minify::css
    } else if rel.ends_with(".js") {
        minify::js
    } else {
        return None;
    };
    Some(match source {
        Source::Disk(p) => std::fs::read_to_string(p)
            .map(|t| minify(&t))
            .map_err(|e| read_problem(p, &e)),
        Source::Text(t) => Ok(minify(t)),
        Source::Bytes(b) => Ok(minify(&String::from_utf8_lossy(b))),
    })
}

/// Writes the theme's static files under `assets/`, stylesheets and
/// scripts minified (but the icons its drawing replaces, which only a
/// build renders).
pub fn write_theme_assets(site: &Site, out: Sink) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for (rel, source) in &site.theme.assets {
        if icons::replaces(site, rel) {
            continue;
        }
        let to = format!("assets/{rel}");
        let done = match (minified(rel, source), source) {
            (Some(css), _) => css.and_then(|css| out.write(&to, css.as_bytes())),
            (None, Source::Disk(p)) => out.copy(p, &to),
            (None, Source::Text(t)) => out.write(&to, t.as_bytes()),
            (None, Source::Bytes(b)) => out.write(&to, b),
        };
        if let Err(d) = done {
            problems.push(d);
        }
    }
    if let Err(d) = out.write(WORDS, search_words(site).as_bytes()) {
        problems.push(d);
    }
    problems
}

/// The words the search code shows (`assets/words.json`: per language,
/// the theme's `search_*` words), loaded with it rather than carried by
/// every page.
pub const WORDS: &str = "assets/words.json";

fn search_words(site: &Site) -> String {
    let default = &site.config.default_language;
    let mut all = serde_json::Map::new();
    for lang in &site.config.languages {
        let words: serde_json::Map<String, serde_json::Value> = site
            .theme
            .words(&lang.code, default)
            .into_iter()
            .filter(|(k, _)| k.starts_with("search_"))
            .map(|(k, v)| (k, serde_json::Value::from(v)))
            .collect();
        all.insert(lang.code.clone(), serde_json::Value::Object(words));
    }
    let mut text = serde_json::Value::Object(all).to_string();
    text.push('\n');
    text
}
