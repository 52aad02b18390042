//! Rebuilding the preview after edits: decides what a set of changed files
//! affects and renders only that — one page in every language for a page
//! edit, every page when navigation (a title, a weight) or the theme's
//! templates changed, only the theme's static files for a stylesheet edit,
//! and a full reload of the site for anything else (settings, pages added
//! or removed, media).
//!
//! The kept model is the last good `Site`. A page edit re-reads that page
//! and renders it in every language, checking only its own anchors (`check`
//! does the rest), and refreshes the print views too in a guide of at most
//! 200 pages; a title, weight or set of translations that changed renders
//! every page from the model. Templates or `i18n.yaml` re-read the theme and
//! render every page; an edit under `screenshots/` renders every page; the
//! theme's static files alone are re-read on their own, announced by a
//! `css` event instead of a reload when all are stylesheets. After a failed
//! rebuild any change reads the whole site again.

use crate::content;
use crate::diagnostics::Diagnostic;
use crate::site::Site;
use crate::site::{self, build_in_memory, render_page, theme_assets_in_memory, Files};
use crate::theme::Theme;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// What browsers showing the site should do after a rebuild.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reload {
    /// Reload every page.
    All,
    /// Reload the pages at these URL paths (`/en/log-in/`).
    Pages(Vec<String>),
    /// Swap these stylesheets (`/assets/style.css`) without reloading.
    Css(Vec<String>),
}

/// The result of a rebuild.
#[derive(Debug)]
pub enum Outcome {
    /// The whole site, replacing what is served.
    Full(Files, Reload),
    /// Files to replace in what is served.
    Partial(Files, Reload),
    /// The problems that stop the rebuild; the last good site stays served.
    Failed(Vec<Diagnostic>),
}

impl Outcome {
    /// A short name for the terminal.
    pub fn scope(&self) -> &'static str {
        match self {
            Outcome::Full(..) => "whole site",
            Outcome::Partial(_, Reload::Css(_)) => "stylesheet",
            Outcome::Partial(..) => "one page",
            Outcome::Failed(_) => "failed",
        }
    }
}

/// What one changed path is.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    /// A page's file (source or translation) the site already has.
    Page(usize),
    /// A static file of the theme in use.
    ThemeStatic { css: bool },
    /// A template or the interface words of the theme in use.
    ThemeTemplate,
    /// A file under `screenshots/`.
    Screenshot,
    /// Anything else: settings, files added or removed, media.
    Other,
}

/// Holds the last good site model and rebuilds it after edits.
pub struct Rebuilder {
    root: PathBuf,
    site: Option<Site>,
    /// Whether the last rebuild failed (the next one then starts from the
    /// files, so every problem still there is reported).
    failed: bool,
}

impl Rebuilder {
    /// Loads and renders the whole site at `root`.
    pub fn start(root: &Path) -> (Rebuilder, Outcome) {
        let mut r = Rebuilder {
            root: root.to_path_buf(),
            site: None,
            failed: false,
        };
        let outcome = r.full();
        (r, outcome)
    }

    /// The site's root folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The last site model that built.
    pub fn site(&self) -> Option<&Site> {
        self.site.as_ref()
    }

    /// Rebuilds what the changes (absolute paths) affect.
    pub fn apply(&mut self, changed: &BTreeSet<PathBuf>) -> Outcome {
        let outcome = self.plan(changed);
        self.failed = matches!(outcome, Outcome::Failed(_));
        outcome
    }

    fn plan(&mut self, changed: &BTreeSet<PathBuf>) -> Outcome {
        if self.failed || self.site.is_none() {
            return self.full();
        }
        let kinds: Vec<Kind> = changed.iter().map(|p| self.kind(p)).collect();
        if kinds.contains(&Kind::Other) {
            return self.full();
        }
        if kinds
            .iter()
            .any(|k| matches!(k, Kind::ThemeStatic { .. } | Kind::ThemeTemplate))
        {
            return self.theme(&kinds);
        }
        if kinds.contains(&Kind::Screenshot) {
            return self.render_all();
        }
        let pages: BTreeSet<usize> = kinds
            .iter()
            .filter_map(|k| match k {
                Kind::Page(i) => Some(*i),
                _ => None,
            })
            .collect();
        self.pages(&pages)
    }

    fn kind(&self, path: &Path) -> Kind {
        let Some(site) = &self.site else {
            return Kind::Other;
        };
        let Ok(rel) = path.strip_prefix(&self.root) else {
            return Kind::Other;
        };
        let exists = path.is_file();
        if rel.starts_with("screenshots") {
            return Kind::Screenshot;
        }
        let theme_dir = Path::new("themes").join(&site.config.theme);
        if let Ok(in_theme) = rel.strip_prefix(&theme_dir) {
            if in_theme.starts_with("static") && exists {
                let css = in_theme.extension().is_some_and(|e| e == "css");
                return Kind::ThemeStatic { css };
            }
            return Kind::ThemeTemplate;
        }
        if rel.starts_with("themes") {
            // Another theme than the one in use.
            return Kind::ThemeTemplate;
        }
        if exists && rel.extension().is_some_and(|e| e == "md") {
            for (i, p) in site.pages.iter().enumerate() {
                if p.versions().any(|v| v.file == rel) {
                    return Kind::Page(i);
                }
            }
        }
        Kind::Other
    }

    /// Reads and renders everything.
    fn full(&mut self) -> Outcome {
        let site = match Site::load(&self.root) {
            Ok(s) => s,
            Err(d) => return Outcome::Failed(d),
        };
        match build_in_memory(&site) {
            Ok((_, files)) => {
                self.site = Some(site);
                Outcome::Full(files, Reload::All)
            }
            Err(d) => Outcome::Failed(d),
        }
    }

    /// Renders every page of the model again (no file is read again).
    fn render_all(&mut self) -> Outcome {
        let Some(site) = &self.site else {
            return self.full();
        };
        match build_in_memory(site) {
            Ok((_, files)) => Outcome::Full(files, Reload::All),
            Err(d) => Outcome::Failed(d),
        }
    }

    /// A theme edit: static files only when only they changed, else every page.
    fn theme(&mut self, kinds: &[Kind]) -> Outcome {
        let Some(site) = &mut self.site else {
            return self.full();
        };
        let theme = match Theme::load(&self.root, &site.config.theme, site.config.theme_pos) {
            Ok(t) => t,
            Err(d) => return Outcome::Failed(site::sorted(d)),
        };
        site.theme = theme;
        let only_static = kinds
            .iter()
            .all(|k| matches!(k, Kind::ThemeStatic { .. } | Kind::Page(_)));
        let pages_changed = kinds.iter().any(|k| matches!(k, Kind::Page(_)));
        if !only_static || pages_changed {
            return self.render_all_or_full(kinds);
        }
        match theme_assets_in_memory(site) {
            Ok(files) => {
                let reload = if kinds.iter().all(|k| *k == Kind::ThemeStatic { css: true }) {
                    let mut css: Vec<String> = files
                        .keys()
                        .filter(|k| k.ends_with(".css"))
                        .map(|k| format!("/{k}"))
                        .collect();
                    css.sort();
                    Reload::Css(css)
                } else {
                    Reload::All
                };
                Outcome::Partial(files, reload)
            }
            Err(d) => Outcome::Failed(d),
        }
    }

    fn render_all_or_full(&mut self, kinds: &[Kind]) -> Outcome {
        if kinds.iter().any(|k| matches!(k, Kind::Page(_))) {
            self.full()
        } else {
            self.render_all()
        }
    }

    /// Page edits: each page read again and rendered in every language;
    /// every page when a title or weight changed (navigation shows them).
    fn pages(&mut self, pages: &BTreeSet<usize>) -> Outcome {
        let Some(site) = &mut self.site else {
            return self.full();
        };
        let default = site.config.default_language.clone();
        let mut fresh = Vec::new();
        let mut problems = Vec::new();
        for &i in pages {
            match content::reread(&self.root, &site.pages[i], &default) {
                Ok(p) => fresh.push((i, p)),
                Err(mut d) => problems.append(&mut d),
            }
        }
        if !problems.is_empty() {
            return Outcome::Failed(site::sorted(problems));
        }
        let mut nav_changed = false;
        for (i, page) in fresh {
            nav_changed |= navigation_differs(&site.pages[i], &page);
            site.pages[i] = page;
        }
        if nav_changed {
            return self.render_all();
        }
        let mut files = Files::new();
        let mut paths = Vec::new();
        let codes: Vec<String> = site.config.codes().iter().map(|c| c.to_string()).collect();
        for &i in pages {
            let slug = site.pages[i].slug.clone();
            for lang in &codes {
                match render_page(site, &slug, lang) {
                    Ok(html) => {
                        let file = slug.file(lang);
                        paths.push(format!("/{}", file.trim_end_matches("index.html")));
                        files.insert(file, html.into_bytes());
                    }
                    Err(mut d) => problems.append(&mut d),
                }
            }
            // Its report pages, whose steps and words may have changed.
            let verified = site::verified::of(site);
            for li in 0..codes.len() {
                match site::outputs::report::render_page_report(site, i, li, &verified) {
                    Some(Ok((file, html))) => {
                        files.insert(file, html.into_bytes());
                    }
                    Some(Err(d)) => problems.push(d),
                    None => {}
                }
            }
            if let Some(page) = site.pages.get(i) {
                copy_shots(site, page, &mut files);
            }
        }
        // The print views show every page: re-rendered whole on a save when
        // the guide is small enough for that to stay quick.
        if site.pages.len() <= PRINT_VIEWS_LIVE {
            match site::print_views_in_memory(site) {
                Ok(views) => {
                    for (file, html) in views {
                        paths.push(format!("/{}", file.trim_end_matches("index.html")));
                        files.insert(file, html);
                    }
                }
                Err(mut d) => problems.append(&mut d),
            }
        }
        if !problems.is_empty() {
            return Outcome::Failed(site::sorted(problems));
        }
        Outcome::Partial(files, Reload::Pages(paths))
    }
}

/// The largest guide (in pages) whose print views a one-page rebuild
/// refreshes; larger guides refresh them on the rebuilds of every page.
const PRINT_VIEWS_LIVE: usize = 200;

/// Whether two readings of a page differ in what other pages show of it:
/// titles (menus, previous/next links) and weight (order).
fn navigation_differs(old: &content::Page, new: &content::Page) -> bool {
    old.weight() != new.weight()
        || old.source.title() != new.source.title()
        || old.translations.len() != new.translations.len()
        || old
            .translations
            .iter()
            .zip(&new.translations)
            .any(|((la, a), (lb, b))| la != lb || a.title() != b.title())
}

/// Puts the page's screenshots (a step may name a new one) in `files`.
fn copy_shots(site: &Site, page: &content::Page, files: &mut Files) {
    let names: BTreeSet<&str> = page
        .versions()
        .flat_map(|v| v.steps().iter())
        .filter_map(|s| s.shot_name.as_deref())
        .collect();
    let folder = page.slug.name();
    let dir = site.screenshots_dir().join(folder);
    for name in names {
        let file = format!("{name}.png");
        if let Ok(bytes) = std::fs::read(dir.join(&file)) {
            files.insert(format!("screenshots/{folder}/{file}"), bytes);
        }
    }
}
