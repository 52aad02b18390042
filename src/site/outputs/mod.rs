//! What a build makes from the rendered bodies, one [`Output`] each (after
//! mdBook's `Renderer`): the pages ([`pages`]), the print view ([`mod@print`]),
//! the root index and 404 page ([`root`]), `sitemap.xml` ([`sitemap`]), the
//! theme's static files, media and screenshots ([`assets`], with the icons
//! drawn from the theme, [`icons`]), the report
//! pages ([`report`]), the search index ([`search`]), the PDFs ([`pdf`])
//! and what keeps the site readable offline ([`offline`]). `site::build` renders each
//! body once, runs the outputs in order and stages the result.

pub mod assets;
pub mod icons;
pub mod indexed;
pub mod offline;
pub mod pages;
pub mod pdf;
pub mod print;
pub mod report;
pub mod root;
pub mod search;
pub mod sitemap;

use super::bodies::PageBodies;
use super::context::LanguageContext;
pub use super::context::Options;
use super::sink::Sink;
use super::verified::Verified;
use super::Site;
use crate::diagnostics::Diagnostic;
use std::path::Path;
use std::sync::Mutex;

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
    pub pdfs: Vec<pdf::PdfStats>,
    /// The search index, when one was made.
    pub search: Option<search::SearchStats>,
    /// What was rendered anew, when the build reused the cache's rendering.
    pub rendered: Option<Rendered>,
}

/// The bodies and pages a build with the cache rendered anew (the others
/// were reused).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Rendered {
    pub bodies: usize,
    pub pages: usize,
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

/// Everything an output may use.
pub struct RenderContext<'a> {
    pub site: &'a Site,
    /// Every page's bodies, in navigation order.
    pub bodies: &'a [PageBodies],
    pub opts: Options,
    /// Where files go.
    pub out: Sink<'a>,
    /// The output folder as messages name it (a staging folder stands in
    /// for it while building).
    pub shown_out: &'a Path,
    /// Each language's shared template context, in the site's order.
    pub bases: &'a [LanguageContext<'a>],
    /// The record of the last `verify`.
    pub verified: &'a Verified,
    /// Bytes every page loads besides its own HTML.
    pub shared_bytes: usize,
    /// Where the pages output keeps what the search index reads of each
    /// page ([`search::Searched`]), when an output indexes the pages:
    /// handed over in memory rather than read back.
    pub searched: Option<&'a Mutex<Vec<search::Searched>>>,
    /// The build cache (off unless the build uses one).
    pub cache: &'a super::cache::Cache,
    /// The rendering reused from the build cache, and kept for the next.
    pub reuse: &'a super::reuse::Reuse,
}

/// One thing a build makes.
pub trait Output: Sync {
    /// Its name, as the build's code speaks of it.
    fn name(&self) -> &'static str;

    /// Whether it reads what the outputs before it wrote (the search index,
    /// the PDFs): then it runs only when they all succeeded.
    fn reads_site(&self) -> bool {
        false
    }

    /// Whether it indexes the pages ([`RenderContext::searched`]).
    fn indexes_pages(&self) -> bool {
        false
    }

    /// Makes its files into `ctx.out`, counting them in `stats`; the
    /// problems met, all at once.
    fn render(&self, ctx: &RenderContext, stats: &mut BuildStats) -> Result<(), Vec<Diagnostic>>;
}

/// The outputs of every build, in order: the site itself.
pub const SITE: [&dyn Output; 6] = [
    &pages::Pages,
    &report::Reports,
    &print::PrintView,
    &root::RootAndNotFound,
    &sitemap::Sitemap,
    &assets::Assets,
];
