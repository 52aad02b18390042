//! Building the site: every page in every language rendered in parallel,
//! links and anchors checked across pages, then the pages, root index,
//! 404, sitemap and assets written into a staging folder that replaces the
//! output only when all went well.

use super::nav::Menu;
use super::search::{self, SearchStats};
use super::{sorted, Site};
use crate::content::{Page, Status, Version};
use crate::diagnostics::{Diagnostic, LineIndex, Pos};
use crate::output::Staging;
use crate::render::shots::{self, PageShots};
use crate::render::{self, escape, Env, Rendered};
use crate::slug::Slug;
use crate::theme::Source;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// A site held in memory (for the preview): file contents by their path in
/// the output, `/`-separated (`en/log-in/index.html`).
pub type Files = HashMap<String, Vec<u8>>;

/// Page weights: `(url path, bytes)`.
type Weights = Vec<(String, usize)>;

/// What a build produced.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BuildStats {
    /// Pages written (every page × every language).
    pub pages: usize,
    /// Files written in all (pages, assets, screenshots, index, 404, sitemap).
    pub files: usize,
    /// Bytes every page loads besides its own HTML: the theme's CSS and JS.
    pub shared_bytes: usize,
    /// Each page's weight before compression (its HTML plus `shared_bytes`,
    /// screenshots aside), as `(url path, bytes)`, heaviest first, then by
    /// path.
    pub weights: Vec<(String, usize)>,
    /// The print views' weights (`/<lang>/print/`), kept out of `weights`:
    /// they hold the whole guide.
    pub print_weights: Vec<(String, usize)>,
    /// The PDFs made (with `--pdf`), one per language.
    pub pdfs: Vec<super::pdf::PdfStats>,
    /// The search index, when one was made.
    pub search: Option<SearchStats>,
}

/// What a build makes besides the site itself.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// A PDF per language, printed by Chromium from the print view, and
    /// linked from every page.
    pub pdf: bool,
    /// The search index of every language, and the search box.
    pub search: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            pdf: false,
            search: true,
        }
    }
}

impl BuildStats {
    /// The pages heavier than `limit` bytes.
    pub fn over(&self, limit: usize) -> impl Iterator<Item = &(String, usize)> {
        self.weights.iter().filter(move |(_, w)| *w > limit)
    }

    /// All pages' weights added up.
    pub fn total(&self) -> usize {
        self.weights.iter().map(|(_, w)| w).sum()
    }
}

/// A page body rendered for one language.
struct Body {
    rendered: Rendered,
}

/// A page rendered in every language, with its screenshots.
struct PageBodies {
    shots: PageShots,
    langs: Vec<Body>,
}

/// The folder of `content/` holding a version's file.
pub(super) fn content_dir_of(v: &Version) -> String {
    let rel = v
        .file
        .strip_prefix("content")
        .unwrap_or(&v.file)
        .to_string_lossy()
        .replace('\\', "/");
    rel.rsplit_once('/')
        .map_or(String::new(), |(d, _)| d.to_string())
}

/// Reads the screenshots the steps of a page name.
fn load_shots(site: &Site, page: &Page, problems: &mut Vec<Diagnostic>) -> PageShots {
    let mut shots = PageShots::new();
    let names: BTreeSet<&str> = page
        .versions()
        .flat_map(|v| v.steps.iter())
        .filter_map(|s| s.shot_name.as_deref())
        .collect();
    if names.is_empty() {
        return shots;
    }
    let dir = site.screenshots_dir();
    let shown = Path::new("screenshots");
    for name in names {
        match shots::load(&dir, shown, &page.slug, name) {
            Ok(Some(s)) => {
                shots.insert(name.to_string(), s);
            }
            Ok(None) => {}
            Err(d) => problems.push(d),
        }
    }
    shots
}

fn body_for(site: &Site, page: &Page, lang: &str, shots: &PageShots) -> Body {
    let (v, _) = page.version(lang);
    let root = page.slug.root_prefix();
    let dir = content_dir_of(v);
    let env = Env {
        lang,
        root: &root,
        slug: &page.slug,
        dir: &dir,
        known: site,
        shots,
        print: false,
    };
    Body {
        rendered: render::render(v.body(), &v.steps, &env),
    }
}

fn at(v: &Version, offset: usize) -> Pos {
    LineIndex::new(&v.text).pos(v.body_start + offset)
}

/// Renders every body and checks links, images and anchors.
fn render_bodies(site: &Site) -> (Vec<PageBodies>, Vec<Diagnostic>) {
    let codes = site.config.codes();
    let results: Vec<(PageBodies, Vec<Diagnostic>)> = site
        .pages
        .par_iter()
        .map(|page| {
            let mut problems = Vec::new();
            let shots = load_shots(site, page, &mut problems);
            let langs: Vec<Body> = codes
                .iter()
                .map(|lang| body_for(site, page, lang, &shots))
                .collect();
            for (lang, body) in codes.iter().zip(&langs) {
                let (v, _) = page.version(lang);
                for p in &body.rendered.problems {
                    problems.push(Diagnostic::new(&v.file, at(v, p.at), &p.message, &p.hint));
                }
            }
            (PageBodies { shots, langs }, problems)
        })
        .collect();
    let mut problems = Vec::new();
    let mut bodies = Vec::with_capacity(results.len());
    for (b, mut p) in results {
        bodies.push(b);
        problems.append(&mut p);
    }
    // Anchors, now that every page's ids are known.
    let anchor_problems: Vec<Diagnostic> = site
        .pages
        .par_iter()
        .zip(bodies.par_iter())
        .flat_map_iter(|(page, pb)| {
            let mut out = Vec::new();
            for (li, lang) in codes.iter().enumerate() {
                let (v, _) = page.version(lang);
                for r in &pb.langs[li].rendered.anchor_refs {
                    let Some(ti) = site.index_of(&r.slug) else {
                        continue;
                    };
                    let ids = &bodies[ti].langs[li].rendered.ids;
                    if ids.contains(&r.fragment) {
                        continue;
                    }
                    if v.lang != *lang {
                        // A fallback page: a link broken in its own
                        // language is reported there, once.
                        let own = codes.iter().position(|c| *c == v.lang).unwrap_or(0);
                        if !bodies[ti].langs[own].rendered.ids.contains(&r.fragment) {
                            continue;
                        }
                    }
                    let (target, _) = site.pages[ti].version(lang);
                    let list: Vec<&str> = ids.iter().map(String::as_str).collect();
                    let hint = match crate::diagnostics::did_you_mean(&r.fragment, &list) {
                        Some(m) => format!("did you mean `#{m}`?"),
                        None if target.lang != v.lang => format!(
                            "give the heading the same id in every language, e.g. `## Title {{#{}}}` in {}",
                            r.fragment,
                            target.file.display()
                        ),
                        None => {
                            let shown: Vec<String> =
                                list.iter().take(8).map(|a| format!("#{a}")).collect();
                            format!("its anchors are: {}", shown.join(", "))
                        }
                    };
                    out.push(Diagnostic::new(
                        &v.file,
                        at(v, r.at),
                        format!("`#{}` is not an anchor of {}", r.fragment, target.file.display()),
                        hint,
                    ));
                }
            }
            out
        })
        .collect();
    problems.extend(anchor_problems);
    (bodies, problems)
}

#[derive(Serialize)]
struct LangLink<'a> {
    code: &'a str,
    name: &'a str,
    dir: &'a str,
    url: String,
    current: bool,
    /// Whether the page exists in this language (else readers get the source).
    translated: bool,
}

#[derive(Serialize)]
struct Alternate {
    hreflang: String,
    href: String,
}

#[derive(Serialize)]
struct Neighbour<'a> {
    url: String,
    title: &'a str,
    /// The language and direction of the title (the source's when the
    /// page is not translated).
    lang: &'a str,
    dir: &'a str,
}

/// Renders the full HTML of page `i` in language `li`, in `ctx` (made by
/// [`base_context`] for `li`, possibly holding a previous page's values).
fn assemble(
    site: &Site,
    ctx: &mut tera::Context,
    i: usize,
    li: usize,
    body: &Body,
    menu: &Menu,
    verified: &super::verified::Verified,
) -> Result<String, Diagnostic> {
    let page = &site.pages[i];
    let cfg = &site.config;
    let lang = &cfg.languages[li];
    let default = &cfg.default_language;
    let (v, status) = page.version(&lang.code);
    let root = page.slug.root_prefix();
    let content_lang = cfg.language(&v.lang).unwrap_or(lang);
    ctx.insert("content_lang", &content_lang.code);
    ctx.insert("content_dir", &content_lang.dir);
    ctx.insert("title", v.title());
    ctx.insert("summary", &v.front.summary);
    ctx.insert("content", &body.rendered.html);
    ctx.insert("root", &root);
    ctx.insert("home_url", &Slug::home().url(&root, &lang.code));
    ctx.insert("slug", &page.slug);
    ctx.insert("is_home", &page.slug.is_home());
    ctx.insert("nav", &menu.html(i, &root));
    let date = verified.get(page.slug.as_str());
    ctx.insert("verified", &date);
    if let Some(date) = date {
        ctx.insert("verified_text", &localised_date(site, &lang.code, date));
    }
    super::print::insert_links(ctx, &root, &lang.code);
    ctx.insert(
        "notice",
        match status {
            Status::UpToDate => "",
            Status::Outdated => "outdated",
            Status::Missing => "missing",
        },
    );
    ctx.insert("source_url", &page.slug.url(&root, default));
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
    ctx.insert("languages", &languages);
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
    ctx.insert("alternates", &alternates);
    let canonical = if status == Status::Missing {
        abs(default)
    } else {
        abs(&lang.code)
    };
    ctx.insert("canonical", &canonical);
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
    ctx.insert("prev", &i.checked_sub(1).map(neighbour));
    ctx.insert(
        "next",
        &(i + 1 < site.pages.len()).then(|| neighbour(i + 1)),
    );
    site.theme.render("page.html", ctx)
}

/// `date` (`YYYY-MM-DD`) in the words of the theme for `lang`.
pub(super) fn localised_date(site: &Site, lang: &str, date: &str) -> String {
    let default = &site.config.default_language;
    let theme = &site.theme;
    let words = super::verified::DateWords {
        pattern: theme.word(lang, default, "date"),
        months: theme.word(lang, default, "months"),
        day_one: theme
            .strings
            .get(lang)
            .and_then(|w| w.get("day_one"))
            .map(String::as_str),
    };
    super::verified::localise(date, &words)
}

/// The part of a page's template context that depends only on the
/// language; each page overwrites the rest.
fn base_context(site: &Site, li: usize, opts: Options) -> tera::Context {
    let cfg = &site.config;
    let lang = &cfg.languages[li];
    let mut ctx = tera::Context::new();
    super::print::mark_pdf(&mut ctx, opts.pdf);
    ctx.insert("search", &opts.search);
    ctx.insert("lang", &lang.code);
    ctx.insert("dir", &lang.dir);
    ctx.insert("site_title", cfg.title_in(&lang.code));
    let words = site.theme.words(&lang.code, &cfg.default_language);
    // The word read before each step's number, as a CSS string.
    let step = words.get("step").map_or("", String::as_str);
    ctx.insert("step_css", &css_string(step));
    // The freshness sentence on each side of its `{date}`.
    let sentence = words.get("verified").map_or("", String::as_str);
    let (before, after) = sentence.split_once("{date}").unwrap_or((sentence, ""));
    ctx.insert("verified_before", before);
    ctx.insert("verified_after", after);
    ctx.insert("t", &words);
    ctx
}

/// `text` as a quoted CSS string.
fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn root_index(site: &Site) -> Result<String, Diagnostic> {
    let cfg = &site.config;
    let default = &cfg.default_language;
    let languages: Vec<serde_json::Value> = cfg
        .languages
        .iter()
        .map(|l| {
            serde_json::json!({
                "code": l.code, "name": l.name, "dir": l.dir, "url": format!("{}/", l.code),
                "abs_url": Slug::home().url(&cfg.base_url, &l.code),
                "home_translated": site.page("").is_some_and(|p| p.version(&l.code).1 != Status::Missing),
                "title": cfg.title_in(&l.code),
                "t": site.theme.words(&l.code, default),
            })
        })
        .collect();
    let mut ctx = default_language_context(site, &languages, "");
    ctx.insert("default_language", default);
    ctx.insert("base_url", &cfg.base_url);
    ctx.insert(
        "codes_json",
        &serde_json::to_string(&cfg.codes()).unwrap_or_default(),
    );
    site.theme.render("root.html", &ctx)
}

/// The context of the pages that belong to no language (the root index,
/// the 404 page): they speak the default language and list every language.
fn default_language_context(
    site: &Site,
    languages: &[serde_json::Value],
    root: &str,
) -> tera::Context {
    let cfg = &site.config;
    let default = &cfg.default_language;
    let mut ctx = tera::Context::new();
    ctx.insert("lang", default);
    ctx.insert(
        "dir",
        &cfg.language(default).map_or("ltr", |l| l.dir.as_str()),
    );
    ctx.insert("site_title", cfg.title_in(default));
    ctx.insert("languages", languages);
    ctx.insert("root", root);
    ctx.insert("t", &site.theme.words(default, default));
    ctx
}

fn not_found(site: &Site) -> Result<String, Diagnostic> {
    let cfg = &site.config;
    let default = &cfg.default_language;
    let base = cfg.base_path();
    let languages: Vec<serde_json::Value> = cfg
        .languages
        .iter()
        .map(|l| {
            serde_json::json!({
                "code": l.code, "name": l.name, "dir": l.dir, "url": format!("{base}{}/", l.code),
                "t": site.theme.words(&l.code, default),
            })
        })
        .collect();
    let ctx = default_language_context(site, &languages, &base);
    site.theme.render("404.html", &ctx)
}

/// `sitemap.xml`: every page in every language it is written in, with its
/// alternates (`hreflang`, plus `x-default`).
fn sitemap(site: &Site) -> String {
    let cfg = &site.config;
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for page in &site.pages {
        let langs: Vec<&str> = cfg
            .languages
            .iter()
            .map(|l| l.code.as_str())
            .filter(|l| page.version(l).1 != Status::Missing)
            .collect();
        for l in &langs {
            let _ = writeln!(
                x,
                "<url><loc>{}</loc>",
                escape(&page.slug.url(&cfg.base_url, l))
            );
            for a in &langs {
                let _ = writeln!(
                    x,
                    "<xhtml:link rel=\"alternate\" hreflang=\"{a}\" href=\"{}\"/>",
                    escape(&page.slug.url(&cfg.base_url, a))
                );
            }
            let _ = writeln!(
                x,
                "<xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/>\n</url>",
                escape(&page.slug.url(&cfg.base_url, &cfg.default_language))
            );
        }
    }
    x.push_str("</urlset>\n");
    x
}

fn io_problem(path: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::new(
        path,
        Pos { line: 1, col: 1 },
        format!("cannot write the site: {e}"),
        "check that the output folder is writable and the disk is not full",
    )
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| io_problem(parent, &e))?;
    }
    std::fs::write(path, bytes).map_err(|e| io_problem(path, &e))
}

fn copy(from: &Path, to: &Path) -> Result<(), Diagnostic> {
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent).map_err(|e| io_problem(parent, &e))?;
    }
    std::fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| io_problem(from, &e))
}

/// Where a build puts what it makes: nowhere (a check), a folder, or memory.
#[derive(Clone, Copy)]
enum Out<'a> {
    Nowhere,
    Disk(&'a Path),
    Memory(&'a Mutex<Files>),
}

impl Out<'_> {
    fn writes(&self) -> bool {
        !matches!(self, Out::Nowhere)
    }

    /// Writes `bytes` at `rel` (`/`-separated, relative to the output).
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        match self {
            Out::Nowhere => Ok(()),
            Out::Disk(dir) => write(&dir.join(rel), bytes),
            Out::Memory(m) => {
                let mut files = m.lock().unwrap_or_else(|e| e.into_inner());
                files.insert(rel.to_string(), bytes.to_vec());
                Ok(())
            }
        }
    }

    /// Copies the file `from` to `rel`.
    fn copy(&self, from: &Path, rel: &str) -> Result<(), Diagnostic> {
        match self {
            Out::Nowhere => Ok(()),
            Out::Disk(dir) => copy(from, &dir.join(rel)),
            Out::Memory(_) => {
                let bytes = std::fs::read(from).map_err(|e| read_problem(from, &e))?;
                self.write(rel, &bytes)
            }
        }
    }
}

fn read_problem(path: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::new(
        path,
        Pos { line: 1, col: 1 },
        format!("cannot read this file: {e}"),
        "check that it exists and is readable",
    )
}

/// Renders the whole site; writes it under `out` when given (else only
/// checks that every page renders).
fn produce(site: &Site, out: Out, opts: Options) -> Result<BuildStats, Vec<Diagnostic>> {
    let (bodies, mut problems) = render_bodies(site);
    if !problems.is_empty() {
        return Err(sorted(problems));
    }
    let menus: Vec<Menu> = site
        .config
        .languages
        .iter()
        .map(|l| Menu::new(&site.pages, &site.children, &l.code, &site.config))
        .collect();
    let nlang = site.config.languages.len();
    let verified = super::verified::of(site);
    let bases: Vec<tera::Context> = (0..nlang).map(|li| base_context(site, li, opts)).collect();
    let shared_bytes: usize = site
        .theme
        .assets
        .iter()
        .filter(|(rel, _)| site.theme.linked.contains(rel))
        .map(|(rel, source)| match (minified(rel, source), source) {
            (Some(Ok(css)), _) => css.len(),
            (_, Source::Disk(p)) => std::fs::metadata(p).map_or(0, |m| m.len() as usize),
            (_, Source::Text(t)) => t.len(),
        })
        .sum();
    let results: Vec<(Vec<Diagnostic>, Weights)> = (0..site.pages.len())
        .into_par_iter()
        .map_init(
            || bases.clone(),
            |ctxs, i| {
                let mut problems = Vec::new();
                let mut weights = Vec::new();
                for (li, menu) in menus.iter().enumerate() {
                    match assemble(
                        site,
                        &mut ctxs[li],
                        i,
                        li,
                        &bodies[i].langs[li],
                        menu,
                        &verified,
                    ) {
                        Err(d) => {
                            problems.push(d);
                            break;
                        }
                        Ok(html) => {
                            let lang = &site.config.languages[li].code;
                            let slug = &site.pages[i].slug;
                            weights.push((slug.url("/", lang), html.len() + shared_bytes));
                            if out.writes() {
                                let path = slug.file(lang);
                                if let Err(d) = out.write(&path, html.as_bytes()) {
                                    problems.push(d);
                                    break;
                                }
                            }
                        }
                    }
                }
                if out.writes() {
                    let dir = site.screenshots_dir();
                    let urls = bodies[i].shots.values().flat_map(|s| {
                        std::iter::once(&s.url).chain(s.small.as_ref().map(|c| &c.url))
                    });
                    for url in urls {
                        let rel = url.trim_start_matches("screenshots/");
                        if let Err(d) = out.copy(&dir.join(rel), url) {
                            problems.push(d);
                        }
                    }
                }
                (problems, weights)
            },
        )
        .collect();
    let mut weights = Vec::new();
    for (p, w) in results {
        problems.extend(p);
        weights.extend(w);
    }
    weights.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let mut files = site.pages.len() * nlang;
    let mut print_weights = Vec::new();
    let shots: Vec<&PageShots> = bodies.iter().map(|b| &b.shots).collect();
    // The print view re-renders every body: only when writing a site.
    let views = if out.writes() { bases } else { Vec::new() };
    for (li, base) in views.into_iter().enumerate() {
        let code = &site.config.languages[li].code;
        let written =
            super::print::render_view(site, li, &shots, base, &verified).and_then(|html| {
                out.write(&super::print::file(code), html.as_bytes())?;
                Ok(html.len())
            });
        match written {
            Ok(len) => {
                print_weights.push((
                    format!("/{code}/{}/", super::print::SLUG),
                    len + shared_bytes,
                ));
                files += 1;
            }
            Err(d) => problems.push(d),
        }
    }
    let extra = [
        ("index.html", root_index(site)),
        ("404.html", not_found(site)),
        ("sitemap.xml", Ok(sitemap(site))),
    ];
    for (name, r) in extra {
        match r {
            Err(d) => problems.push(d),
            Ok(text) => {
                if let Err(d) = out.write(name, text.as_bytes()) {
                    problems.push(d);
                }
                files += 1;
            }
        }
    }
    if out.writes() {
        problems.extend(write_theme_assets(site, out));
        files += site.theme.assets.len();
        let copies: Vec<(PathBuf, String)> = site
            .assets
            .iter()
            .map(|a| (a.path.clone(), format!("media/{}", a.rel)))
            .collect();
        files += copies.len();
        let failed: Vec<Diagnostic> = copies
            .par_iter()
            .filter_map(|(from, to)| out.copy(from, to).err())
            .collect();
        problems.extend(failed);
        files += bodies
            .iter()
            .flat_map(|b| b.shots.values())
            .map(|s| 1 + usize::from(s.small.is_some()))
            .sum::<usize>();
    }
    if problems.is_empty() {
        Ok(BuildStats {
            pages: site.pages.len() * nlang,
            files,
            shared_bytes,
            weights,
            print_weights,
            pdfs: Vec::new(),
            search: None,
        })
    } else {
        Err(sorted(problems))
    }
}

/// A stylesheet or script of the theme as published (see
/// [`super::minify`]); `None` for other files.
fn minified(rel: &str, source: &Source) -> Option<Result<String, Diagnostic>> {
    let minify: fn(&str) -> String = if rel.ends_with(".css") {
        super::minify::css
    } else if rel.ends_with(".js") {
        super::minify::js
    } else {
        return None;
    };
    Some(match source {
        Source::Disk(p) => std::fs::read_to_string(p)
            .map(|t| minify(&t))
            .map_err(|e| read_problem(p, &e)),
        Source::Text(t) => Ok(minify(t)),
    })
}

/// Writes the theme's static files under `assets/`, stylesheets and
/// scripts minified.
fn write_theme_assets(site: &Site, out: Out) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for (rel, source) in &site.theme.assets {
        let to = format!("assets/{rel}");
        let done = match (minified(rel, source), source) {
            (Some(css), _) => css.and_then(|css| out.write(&to, css.as_bytes())),
            (None, Source::Disk(p)) => out.copy(p, &to),
            (None, Source::Text(t)) => out.write(&to, t.as_bytes()),
        };
        if let Err(d) = done {
            problems.push(d);
        }
    }
    problems
}

/// Builds the whole site in memory (for the preview): what [`build_to`]
/// would write, by path.
pub fn build_in_memory(site: &Site) -> Result<(BuildStats, Files), Vec<Diagnostic>> {
    let files = Mutex::new(Files::new());
    let stats = produce(site, Out::Memory(&files), Options::default())?;
    Ok((stats, files.into_inner().unwrap_or_else(|e| e.into_inner())))
}

/// Every language's print view in memory, by path (for the preview, after
/// a rebuild of a few pages, which the print views also show).
pub fn print_views_in_memory(site: &Site) -> Result<Files, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let shots: Vec<PageShots> = site
        .pages
        .iter()
        .map(|p| load_shots(site, p, &mut problems))
        .collect();
    let shots: Vec<&PageShots> = shots.iter().collect();
    let verified = super::verified::of(site);
    let mut files = Files::new();
    for (li, lang) in site.config.languages.iter().enumerate() {
        let ctx = base_context(site, li, Options::default());
        match super::print::render_view(site, li, &shots, ctx, &verified) {
            Ok(html) => {
                files.insert(super::print::file(&lang.code), html.into_bytes());
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
    let problems = write_theme_assets(site, Out::Memory(&files));
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

/// [`build_to`] with options: with `pdf`, each language's PDF is printed
/// from the staged print view before the staging folder replaces `out`,
/// so a PDF that fails leaves the previous site in place.
pub fn build_with(site: &Site, out: &Path, opts: Options) -> Result<BuildStats, Vec<Diagnostic>> {
    let staging = Staging::new(out).map_err(|e| vec![io_problem(out, &e)])?;
    let mut stats = produce(site, Out::Disk(&staging.dir), opts)?;
    if opts.search {
        let dir = &staging.dir;
        let (files, made) = search::index(&page_files(site), |rel| {
            std::fs::read_to_string(dir.join(rel)).map_err(|e| format!("{rel}: {e}"))
        })
        .map_err(|e| vec![search_problem(out, &e)])?;
        for (rel, bytes) in &files {
            write(&dir.join(rel), bytes).map_err(|d| vec![d])?;
        }
        stats.files += files.len();
        stats.search = Some(made);
    }
    if opts.pdf {
        stats.pdfs = super::pdf::print_all(site, &staging.dir, out)?;
        stats.files += stats.pdfs.len();
    }
    staging.commit().map_err(|e| vec![io_problem(out, &e)])?;
    Ok(stats)
}

/// Every page file of the site (every page in every language), sorted: the
/// order the search index reads them in.
fn page_files(site: &Site) -> Vec<String> {
    let mut files: Vec<String> = site
        .pages
        .iter()
        .flat_map(|p| {
            site.config
                .languages
                .iter()
                .map(move |l| p.slug.file(&l.code))
        })
        .collect();
    files.sort();
    files
}

/// The search index of a site held in memory (for the preview): every
/// HTML file in `files`, by sorted path.
pub fn search_index_in_memory<B: AsRef<[u8]> + Sync>(
    files: &HashMap<String, B>,
) -> Result<search::IndexFiles, String> {
    let mut paths: Vec<String> = files
        .keys()
        .filter(|p| p.ends_with(".html"))
        .cloned()
        .collect();
    paths.sort();
    search::index(&paths, |rel| {
        files
            .get(rel)
            .map(|b| String::from_utf8_lossy(b.as_ref()).into_owned())
            .ok_or_else(|| format!("{rel}: not in the site"))
    })
    .map(|(files, _)| files)
}

fn search_problem(out: &Path, e: &str) -> Diagnostic {
    Diagnostic::new(
        out,
        Pos { line: 1, col: 1 },
        format!("cannot make the search index: {e}"),
        "build with --no-search to publish without search, and report the problem",
    )
}

/// Renders every page without writing anything: the problems a build would
/// meet.
pub fn check_render(site: &Site) -> Vec<Diagnostic> {
    match produce(site, Out::Nowhere, Options::default()) {
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
    for p in &body.rendered.problems {
        problems.push(Diagnostic::new(&v.file, at(v, p.at), &p.message, &p.hint));
    }
    for r in &body.rendered.anchor_refs {
        if page.slug == r.slug.as_str() && !body.rendered.ids.contains(&r.fragment) {
            problems.push(Diagnostic::new(
                &v.file,
                at(v, r.at),
                format!("`#{}` is not an anchor of this page", r.fragment),
                "link to a heading's id or to #step-N",
            ));
        }
    }
    if !problems.is_empty() {
        return Err(sorted(problems));
    }
    let menu = Menu::new(&site.pages, &site.children, lang, &site.config);
    let mut ctx = base_context(site, li, Options::default());
    assemble(
        site,
        &mut ctx,
        i,
        li,
        &body,
        &menu,
        &super::verified::of(site),
    )
    .map_err(|d| vec![d])
}
