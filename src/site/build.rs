//! Building the site: every page body rendered once per language (with
//! links, images and anchors checked across pages, [`super::bodies`]),
//! then each output in turn ([`super::outputs`]) into a sink — a staging
//! folder that replaces the output only when all went well, memory for the
//! preview, or nowhere for `check`.
//!
//! The outputs that read the staged site (the search index and the PDFs,
//! `build` only) run only when every output before them succeeded.

use super::bodies::{self, body_for, load_shots, own_problems, render_bodies, PageBodies};
use super::cache::Cache;
use super::context::LanguageContext;
use super::nav::Menu;
use super::outputs::{
    self, assets, pages, print, search, BuildStats, Options, Output, RenderContext, Rendered,
};
use super::previous::Previous;
use super::reuse::Reuse;
use super::sink::{io_problem, Files, Sink};
use super::staged::Staged;
use super::{sorted, verified, Site};
use crate::diagnostics::{Diagnostic, Pos};
use crate::output::Staging;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::Ordering;
use std::sync::Mutex;

/// Renders every body, then runs `outputs` in order into `out`; `shown_out`
/// names the output in messages. An output that reads the site runs only
/// when every output before it succeeded. `cache` is reused and kept (a
/// build's; the preview and `check` pass none).
fn produce(
    site: &Site,
    out: Sink,
    shown_out: &Path,
    opts: Options,
    outputs: &[&dyn Output],
    cache: &Cache,
) -> Result<BuildStats, Vec<Diagnostic>> {
    let reuse = Reuse::open(cache, site);
    crate::timings::mark("render cache opened");
    let (bodies, problems) = render_bodies(site, &reuse);
    crate::timings::mark("bodies rendered");
    if !problems.is_empty() {
        return Err(sorted(problems));
    }
    let nlang = site.config.languages.len();
    let verified = verified::of(site);
    let bases: Vec<LanguageContext> = (0..nlang)
        .map(|li| LanguageContext::new(site, li, opts))
        .collect();
    let shared_bytes = assets::shared_bytes(site);
    let searched = Mutex::new(Vec::new());
    let searched = outputs
        .iter()
        .any(|o| o.indexes_pages())
        .then_some(&searched);
    let mut stats = BuildStats {
        pages: site.pages.len() * nlang,
        shared_bytes,
        ..BuildStats::default()
    };
    let mut problems = Vec::new();
    // The outputs that read the staged site (the search index, the PDFs)
    // do not need the rendered bodies: they are dropped first, so that
    // they do not stay in memory beside the search index being built.
    let first_reader = outputs
        .iter()
        .position(|o| o.reads_site())
        .unwrap_or(outputs.len());
    let (renderers, readers) = outputs.split_at(first_reader);
    let ctx = RenderContext {
        site,
        bodies: &bodies,
        opts,
        out,
        shown_out,
        bases: &bases,
        verified: &verified,
        shared_bytes,
        searched,
        cache,
        reuse: &reuse,
    };
    for output in renderers {
        if let Err(mut d) = output.render(&ctx, &mut stats) {
            problems.append(&mut d);
        }
        crate::timings::mark(output.name());
    }
    drop(bodies);
    let ctx = RenderContext {
        site,
        bodies: &[],
        opts,
        out,
        shown_out,
        bases: &bases,
        verified: &verified,
        shared_bytes,
        searched,
        cache,
        reuse: &reuse,
    };
    for output in readers {
        if output.reads_site() && !problems.is_empty() {
            break;
        }
        if let Err(mut d) = output.render(&ctx, &mut stats) {
            problems.append(&mut d);
        }
        crate::timings::mark(output.name());
    }
    if problems.is_empty() {
        stats.rendered = reuse.on().then(|| Rendered {
            bodies: reuse.rendered_bodies.load(Ordering::Relaxed),
            pages: reuse.rendered_pages.load(Ordering::Relaxed),
        });
        reuse.save();
        crate::timings::mark("render cache saved");
        Ok(stats)
    } else {
        Err(sorted(problems))
    }
}

/// Builds the whole site in memory (for the preview): what [`build_to`]
/// would write, by path, the search index and PDFs aside.
pub fn build_in_memory(site: &Site) -> Result<(BuildStats, Files), Vec<Diagnostic>> {
    let files = Mutex::new(Files::new());
    let stats = produce(
        site,
        Sink::Memory(&files),
        Path::new("."),
        Options::default(),
        &outputs::SITE,
        &Cache::off(),
    )?;
    Ok((stats, files.into_inner().unwrap_or_else(|e| e.into_inner())))
}

/// Every language's print view in memory, by path (for the preview, after
/// a rebuild of a few pages, which the print views also show).
pub fn print_views_in_memory(site: &Site) -> Result<Files, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    // The bodies as the pages show them (problems are reported by the
    // pages' own rebuild).
    let codes = site.config.codes();
    let made: Vec<(PageBodies, Vec<Diagnostic>)> = site
        .pages
        .par_iter()
        .map(|page| {
            let mut problems = Vec::new();
            let shots = load_shots(site, page, &mut problems);
            let langs = codes
                .iter()
                .map(|lang| body_for(site, page, lang, &shots))
                .collect();
            (PageBodies { shots, langs }, problems)
        })
        .collect();
    let mut bodies = Vec::with_capacity(made.len());
    for (b, mut p) in made {
        bodies.push(b);
        problems.append(&mut p);
    }
    let verified = verified::of(site);
    let mut files = Files::new();
    for (li, lang) in site.config.languages.iter().enumerate() {
        let base = LanguageContext::new(site, li, Options::default());
        match print::render_view(site, li, &bodies, &base, &verified) {
            Ok(html) => {
                files.insert(print::file(&lang.code), html.into_bytes());
            }
            Err(d) => problems.push(d),
        }
    }
    if problems.is_empty() {
        Ok(files)
    } else {
        Err(sorted(problems))
    }
}

/// The theme's static files (`assets/...`) in memory: what a stylesheet
/// edit changes.
pub fn theme_assets_in_memory(site: &Site) -> Result<Files, Vec<Diagnostic>> {
    let files = Mutex::new(Files::new());
    let problems = assets::write_theme_assets(site, Sink::Memory(&files));
    if problems.is_empty() {
        Ok(files.into_inner().unwrap_or_else(|e| e.into_inner()))
    } else {
        Err(sorted(problems))
    }
}

/// Builds the site into `out`, atomically: on any problem the previous
/// content of `out` is left as it was.
pub fn build_to(site: &Site, out: &Path) -> Result<BuildStats, Vec<Diagnostic>> {
    build_with(site, out, Options::default())
}

/// [`build_to`] with options: with `search`, the search index is made from
/// the staged pages; with `pdf`, each language's PDF is printed from the
/// staged print view before the staging folder replaces `out`, so a PDF
/// that fails leaves the previous site in place.
pub fn build_with(site: &Site, out: &Path, opts: Options) -> Result<BuildStats, Vec<Diagnostic>> {
    let staging = Staging::new(out).map_err(|e| vec![io_problem(out, &e)])?;
    let mut list: Vec<&dyn Output> = outputs::SITE.to_vec();
    if opts.search {
        list.push(&search::Search);
    }
    if opts.pdf {
        list.push(&outputs::pdf::Pdf);
    }
    if opts.offline {
        list.push(&outputs::offline::Offline);
    }
    let cache = if opts.cache {
        Cache::of(&site.root)
    } else {
        Cache::off()
    };
    let staged = Staged::after(&staging.dir, Previous::load(&cache, out));
    let stats = produce(site, Sink::Disk(&staged), out, opts, &list, &cache)?;
    staged.place(&staging.moved).map_err(|d| vec![d])?;
    staging.commit().map_err(|e| vec![io_problem(out, &e)])?;
    Previous::save(&cache, out, &staged.stamped_files());
    cache.sweep();
    crate::timings::mark("output replaced");
    Ok(stats)
}

/// The search index of a site held in memory (for the preview): every
/// HTML file in `files`, by sorted path.
pub fn search_index_in_memory<B: AsRef<[u8]> + Sync>(
    files: &HashMap<String, B>,
) -> Result<search::IndexFiles, String> {
    let pages: Vec<(&String, &[u8])> = files
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, b)| (p, b.as_ref()))
        .collect();
    search::index(search::documents(pages)).map(|(files, _)| files)
}

/// Renders every page without writing anything: the problems a build would
/// meet.
pub fn check_render(site: &Site) -> Vec<Diagnostic> {
    match produce(
        site,
        Sink::Nowhere,
        Path::new("."),
        Options::default(),
        &outputs::SITE,
        &Cache::off(),
    ) {
        Ok(_) => Vec::new(),
        Err(d) => d,
    }
}

/// Renders one page in one language (for the live preview): its full HTML,
/// or the problems found in it (links to missing pages, missing images;
/// anchors are checked within the page only).
pub fn render_page(site: &Site, slug: &str, lang: &str) -> Result<String, Vec<Diagnostic>> {
    let top = Pos { line: 1, col: 1 };
    let Some(i) = site.index_of(slug) else {
        return Err(vec![Diagnostic::new(
            "content",
            top,
            format!("no page `{slug}`"),
            "",
        )]);
    };
    let Some(li) = site.config.languages.iter().position(|l| l.code == lang) else {
        return Err(vec![Diagnostic::new(
            "content/guide.yaml",
            top,
            format!("no language `{lang}`"),
            "",
        )]);
    };
    let page = &site.pages[i];
    let mut problems = Vec::new();
    let shots = load_shots(site, page, &mut problems);
    let body = body_for(site, page, lang, &shots);
    let (v, _) = page.version(lang);
    problems.extend(own_problems(v, &body));
    for r in &body.rendered.anchor_refs {
        if page.slug == r.slug.as_str() && !body.rendered.ids.contains(&r.fragment) {
            problems.push(Diagnostic::new(
                &v.file,
                bodies::at(v, r.at),
                format!("`#{}` is not an anchor of this page", r.fragment),
                "link to a heading's id or to #step-N",
            ));
        }
    }
    if !problems.is_empty() {
        return Err(sorted(problems));
    }
    let menu = Menu::new(&site.pages, &site.children, lang, &site.config);
    let base = LanguageContext::new(site, li, Options::default());
    let html = body.html().unwrap_or_default();
    pages::assemble(site, &base, i, li, html, &menu, &verified::of(site)).map_err(|d| vec![d])
}
