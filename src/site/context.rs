//! The templates' contexts as types (`#[derive(Serialize)]`): what a theme
//! may use in `page.html` ([`PageContext`]), `print.html`
//! ([`PrintContext`]), `root.html` and `404.html` ([`ChooserContext`]). The
//! part that depends only on the language, [`LanguageContext`], is made once
//! per language and shared by the pages and the print view.

use super::verified::{self, DateWords};
use super::Site;
use crate::slug::Slug;
use serde::Serialize;
use std::collections::BTreeMap;

/// What a build makes besides the site itself (templates show a search
/// box and PDF links accordingly).
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// A PDF per language, printed by Chromium from the print view, and
    /// linked from every page.
    pub pdf: bool,
    /// The search index of every language, and the search box.
    pub search: bool,
    /// The web app manifests and the service worker that keep the guide
    /// readable offline (`build` only: the preview must never be cached).
    pub offline: bool,
    /// Reuse and keep what did not change in the build cache
    /// (`.ent-guide-cache/`; `build` without `--no-cache`).
    pub cache: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            pdf: false,
            search: true,
            offline: false,
            cache: false,
        }
    }
}

/// What every page of one language shares.
#[derive(Serialize)]
pub struct LanguageContext<'a> {
    /// Whether the site is built with PDFs (every page links its own).
    pub with_pdf: bool,
    /// Whether the site has a search index (and box).
    pub search: bool,
    /// Whether the site works offline (`build`: a web app manifest per
    /// language and a service worker; never in the preview).
    pub offline: bool,
    pub lang: &'a str,
    pub dir: &'a str,
    pub site_title: &'a str,
    /// The word read before each step's number, as a CSS string.
    pub step_css: String,
    /// The freshness sentence on each side of its `{date}`.
    pub verified_before: String,
    pub verified_after: String,
    /// The theme's interface words.
    pub t: BTreeMap<String, String>,
}

impl<'a> LanguageContext<'a> {
    /// The context of the site's language `li`.
    pub fn new(site: &'a Site, li: usize, opts: Options) -> Self {
        let cfg = &site.config;
        let lang = &cfg.languages[li];
        let words = site.theme.words(&lang.code, &cfg.default_language);
        let step = words.get("step").map_or("", String::as_str);
        let step_css = css_string(step);
        let sentence = words.get("verified").map_or("", String::as_str);
        let (before, after) = sentence.split_once("{date}").unwrap_or((sentence, ""));
        let (verified_before, verified_after) = (before.to_string(), after.to_string());
        LanguageContext {
            with_pdf: opts.pdf,
            search: opts.search,
            offline: opts.offline,
            lang: &lang.code,
            dir: &lang.dir,
            site_title: cfg.title_in(&lang.code),
            step_css,
            verified_before,
            verified_after,
            t: words,
        }
    }
}

/// The links every page shows to its language's print view and, when the
/// site is built with PDFs, to its PDF (made by `outputs::print::links`).
#[derive(Serialize)]
pub struct PrintLinks {
    pub print_url: String,
    pub pdf_url: Option<String>,
}

/// `page.html`: one page in one language.
#[derive(Serialize)]
pub struct PageContext<'a> {
    #[serde(flatten)]
    pub base: &'a LanguageContext<'a>,
    #[serde(flatten)]
    pub page: PageFields<'a>,
}

/// What [`PageContext`] holds of the page itself (its language's shared
/// part aside).
#[derive(Serialize)]
pub struct PageFields<'a> {
    #[serde(flatten)]
    pub links: PrintLinks,
    /// Language and direction of the text shown (the source's for a page
    /// not translated yet).
    pub content_lang: &'a str,
    pub content_dir: &'a str,
    pub title: &'a str,
    pub summary: &'a Option<String>,
    /// The rendered body.
    pub content: String,
    /// The words of each step's report link, as a CSS string, when the
    /// page's steps link their report page (`outputs::report`).
    pub report_css: Option<String>,
    /// Relative path to the site root.
    pub root: String,
    pub home_url: String,
    pub slug: &'a Slug,
    pub is_home: bool,
    /// The menu's HTML.
    pub nav: String,
    /// When its steps last passed `verify` (`YYYY-MM-DD`), and that date in
    /// the reader's language.
    pub verified: Option<&'a String>,
    pub verified_text: Option<String>,
    /// `outdated` or `missing` when the reader gets an old translation or
    /// the source.
    pub notice: &'static str,
    pub source_url: String,
    pub languages: Vec<LangLink<'a>>,
    /// Every written language's address, and `x-default`.
    pub alternates: Vec<Alternate>,
    pub canonical: String,
    pub prev: Option<Neighbour<'a>>,
    pub next: Option<Neighbour<'a>>,
}

/// An entry of the language switcher.
#[derive(Serialize)]
pub struct LangLink<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub dir: &'a str,
    pub url: String,
    pub current: bool,
    /// Whether the page exists in this language (else readers get the source).
    pub translated: bool,
}

/// A language version's address (`hreflang`).
#[derive(Serialize)]
pub struct Alternate {
    pub hreflang: String,
    pub href: String,
}

/// The previous or next page.
#[derive(Serialize)]
pub struct Neighbour<'a> {
    pub url: String,
    pub title: &'a str,
    /// The language and direction of the title (the source's when the
    /// page is not translated).
    pub lang: &'a str,
    pub dir: &'a str,
}

/// `print.html`: the whole guide in one language.
#[derive(Serialize)]
pub struct PrintContext<'a, S: Serialize> {
    #[serde(flatten)]
    pub base: &'a LanguageContext<'a>,
    #[serde(flatten)]
    pub links: PrintLinks,
    pub root: &'a str,
    pub home_url: String,
    pub sections: Vec<S>,
}

/// `root.html` (the language chooser) and `404.html`: pages that belong to
/// no language, in the default language, listing every language.
#[derive(Serialize)]
pub struct ChooserContext<'a, L: Serialize> {
    pub lang: &'a str,
    pub dir: &'a str,
    pub site_title: &'a str,
    pub languages: Vec<L>,
    pub root: &'a str,
    pub t: BTreeMap<String, String>,
    /// The root index's own fields.
    #[serde(flatten)]
    pub root_index: Option<RootIndex<'a>>,
}

/// What only `root.html` gets.
#[derive(Serialize)]
pub struct RootIndex<'a> {
    pub default_language: &'a str,
    pub base_url: &'a str,
    /// The language codes as a JSON array, for the chooser's script.
    pub codes_json: String,
}

impl<'a, L: Serialize> ChooserContext<'a, L> {
    /// The context in `site`'s default language, for a page at `root`.
    pub fn new(site: &'a Site, languages: Vec<L>, root: &'a str) -> Self {
        let cfg = &site.config;
        let default = &cfg.default_language;
        ChooserContext {
            lang: default,
            dir: cfg.language(default).map_or("ltr", |l| l.dir.as_str()),
            site_title: cfg.title_in(default),
            languages,
            root,
            t: site.theme.words(default, default),
            root_index: None,
        }
    }
}

/// `date` (`YYYY-MM-DD`) in the words of the theme for `lang`.
pub fn localised_date(site: &Site, lang: &str, date: &str) -> String {
    let default = &site.config.default_language;
    let theme = &site.theme;
    let words = DateWords {
        pattern: theme.word(lang, default, "date"),
        months: theme.word(lang, default, "months"),
        day_one: theme
            .strings
            .get(lang)
            .and_then(|w| w.get("day_one"))
            .map(String::as_str),
    };
    verified::localise(date, &words)
}

/// `text` as a single-quoted CSS string, ready for a double-quoted HTML
/// attribute (`&`, `"`, `<` and `>` as entities): templates write it
/// with `| safe`.
pub fn css_string(text: &str) -> String {
    let mut out = String::from("'");
    for c in text.chars() {
        match c {
            '\'' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}
