//! The loaded site: settings, theme and pages in navigation order — the
//! model that `build`, `check`, `i18n`, the runner and the preview share.
//! [`Site::load`] reads everything; [`build`] renders it.
//!
//! [`Site::load`] fails on the first problems ([`Site::load_cached`], for
//! `build`, reuses the page parses of the build cache, see [`content_store`]); [`Site::load_all`] (for
//! `check`) keeps the pages that could be read even when others could not,
//! plus the problems only `check` reports. Pages are in navigation order:
//! home, then depth-first by `weight` then slug ([`nav`]). The sizes of the
//! images under `content/` are read once per site, on first use
//! ([`crate::render::media`]). Entry points of a build, re-exported from
//! [`build`]: [`build_to`] (a folder), [`build_in_memory`],
//! [`theme_assets_in_memory`] and [`print_views_in_memory`] (the preview),
//! [`check_render`] (`check`) and [`render_page`] (one page).

pub mod bodies;
pub mod build;
pub mod cache;
pub mod content_store;
pub mod context;
mod minify;
pub mod nav;
pub mod outputs;
pub mod placed;
pub mod previous;
pub mod reuse;
pub mod sink;
pub mod staged;
pub mod verified;

use crate::config::Config;
use crate::content::{Asset, Page};
use crate::diagnostics::{self, Diagnostic, Pos};
use crate::links::Known;
use crate::theme::Theme;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

pub use build::{
    build_in_memory, build_to, build_with, check_render, print_views_in_memory, render_page,
    search_index_in_memory, theme_assets_in_memory,
};
pub use outputs::{print, search, BuildStats, Options};
pub use sink::Files;

/// Everything under a site root (`content/`, `themes/`, `screenshots/`).
#[derive(Debug)]
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    pub theme: Theme,
    /// Pages in navigation order: home first, then depth-first by weight
    /// and slug.
    pub pages: Vec<Page>,
    /// Other files of `content/`, published under `media/`.
    pub assets: Vec<Asset>,
    by_slug: HashMap<String, usize>,
    files: BTreeSet<String>,
    /// Pages whose files could not be read (only in a site loaded with
    /// problems, for `check`).
    unreadable: BTreeSet<String>,
    /// Width and height of the images among `assets`, read once on first
    /// use (every language of every page asks).
    image_sizes: std::sync::OnceLock<HashMap<String, (u32, u32)>>,
    /// Navigation tree: the child page indexes of each page.
    pub children: Vec<Vec<usize>>,
    /// Page files parsed in loading (the others were read back from the
    /// build cache, see [`Site::load_cached`]).
    pub parsed: usize,
}

impl Site {
    /// Reads the site at `root`. Any problem that stops a build is returned,
    /// all of them at once; step-comment problems are kept on the pages (see
    /// [`Site::step_problems`]).
    pub fn load(root: &Path) -> Result<Site, Vec<Diagnostic>> {
        Self::load_cached(root, &cache::Cache::off())
    }

    /// [`Site::load`], reusing the page parses `cache` holds and keeping
    /// them for the next build (see [`content_store`]).
    pub fn load_cached(root: &Path, cache: &cache::Cache) -> Result<Site, Vec<Diagnostic>> {
        let (site, problems, _) = Self::load_inner(root, false, cache);
        match site {
            Some(site) if problems.is_empty() => Ok(site),
            _ => Err(sorted(problems)),
        }
    }

    /// Reads the site at `root` for `check`: the site (the pages that could
    /// be read, whenever the settings and theme could), the problems that
    /// stop a build, and the problems only `check` reports (step comments,
    /// translations whose steps differ from their source).
    pub fn load_all(root: &Path) -> (Option<Site>, Vec<Diagnostic>, Vec<Diagnostic>) {
        Self::load_inner(root, true, &cache::Cache::off())
    }

    fn load_inner(
        root: &Path,
        for_check: bool,
        cache: &cache::Cache,
    ) -> (Option<Site>, Vec<Diagnostic>, Vec<Diagnostic>) {
        let content_dir = root.join("content");
        let guide = content_dir.join("guide.yaml");
        let config = match Config::load(&guide, &diagnostics::display_path(root, &guide)) {
            Ok(c) => c,
            Err(d) => return (None, d, Vec::new()),
        };
        let mut problems = Vec::new();
        let theme = match Theme::load(root, &config.theme, config.theme_pos) {
            Ok(t) => Some(t),
            Err(mut d) => {
                problems.append(&mut d);
                None
            }
        };
        let (content, parsed) = content_store::load(root, &content_dir, &config, cache);
        problems.extend(content.errors);
        problems.extend(outputs::print::reserved(&content.pages));
        let mut pages = content.pages;
        let mut extra: Vec<Diagnostic> = Vec::new();
        if for_check {
            extra.extend(
                pages
                    .iter()
                    .flat_map(|p| p.versions())
                    .flat_map(|v| v.step_problems().iter().cloned()),
            );
            extra.extend(pages.iter().flat_map(Page::step_differences));
        }
        if !pages.iter().any(|p| p.slug.is_home()) {
            problems.push(Diagnostic::new(
                diagnostics::display_path(root, &content_dir.join("index.md")),
                Pos { line: 1, col: 1 },
                "the guide has no home page",
                "create content/index.md with a title and a short welcome",
            ));
        }
        let Some(theme) = theme else {
            return (None, problems, extra);
        };
        let (order, children) = nav::order(&pages);
        let mut slots: Vec<Option<Page>> = pages.drain(..).map(Some).collect();
        let pages: Vec<Page> = order.iter().filter_map(|&i| slots[i].take()).collect();
        let by_slug = pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.slug.to_string(), i))
            .collect();
        let files = content.assets.iter().map(|a| a.rel.clone()).collect();
        let unreadable = content.unreadable;
        let site = Site {
            root: root.to_path_buf(),
            config,
            theme,
            pages,
            assets: content.assets,
            by_slug,
            files,
            unreadable,
            image_sizes: std::sync::OnceLock::new(),
            children,
            parsed,
        };
        (Some(site), problems, extra)
    }

    /// The page with `slug` (`""` is home).
    pub fn page(&self, slug: &str) -> Option<&Page> {
        self.by_slug.get(slug).map(|&i| &self.pages[i])
    }

    /// Index of the page with `slug` in [`Site::pages`].
    pub fn index_of(&self, slug: &str) -> Option<usize> {
        self.by_slug.get(slug).copied()
    }

    /// Problems in step comments, over every page and language.
    pub fn step_problems(&self) -> Vec<Diagnostic> {
        self.pages
            .iter()
            .flat_map(|p| p.versions())
            .flat_map(|v| v.step_problems().iter().cloned())
            .collect()
    }

    /// The key, in the build cache, of what a body's links and images are
    /// checked against: every page's slug (and the unreadable ones), every
    /// file's path and every image's size.
    pub fn known_key(&self) -> cache::Key {
        let mut all = String::new();
        for p in &self.pages {
            all.push_str(p.slug.as_str());
            all.push('\n');
        }
        all.push('\0');
        for s in &self.unreadable {
            all.push_str(s);
            all.push('\n');
        }
        all.push('\0');
        for f in &self.files {
            all.push_str(f);
            if let Some((w, h)) = self.image_size(f) {
                all.push_str(&format!(" {w}x{h}"));
            }
            all.push('\n');
        }
        cache::key(&[all.as_bytes()])
    }

    /// `screenshots/` of the site.
    pub fn screenshots_dir(&self) -> PathBuf {
        self.root.join("screenshots")
    }
}

impl Known for Site {
    fn has_page(&self, slug: &str) -> bool {
        self.by_slug.contains_key(slug) || self.unreadable.contains(slug)
    }
    fn has_file(&self, rel: &str) -> bool {
        self.files.contains(rel)
    }
    fn image_size(&self, rel: &str) -> Option<(u32, u32)> {
        use rayon::prelude::*;
        self.image_sizes
            .get_or_init(|| {
                self.assets
                    .par_iter()
                    .filter_map(|a| {
                        crate::render::media::image_size(&a.path).map(|s| (a.rel.clone(), s))
                    })
                    .collect()
            })
            .get(rel)
            .copied()
    }
    fn page_slugs(&self) -> Vec<&str> {
        self.pages.iter().map(|p| p.slug.as_str()).collect()
    }
}

/// Diagnostics sorted and without repeats.
pub fn sorted(mut d: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostics::sort(&mut d);
    d.dedup();
    d
}
