//! The site's settings, `content/guide.yaml`: titles, languages (with their
//! writing direction), the real intranet origin, the base URL and the theme.

use crate::diagnostics::{Diagnostic, Pos};
use crate::yaml;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// One language of the guide.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Language {
    /// BCP 47 code, e.g. `en`, `zh`, `ar`.
    pub code: String,
    /// The language's own name for itself (`Français`, `العربية`).
    pub name: String,
    /// `rtl` for right-to-left scripts; `ltr` by default.
    #[serde(default = "ltr")]
    pub dir: String,
}

fn ltr() -> String {
    "ltr".into()
}

/// `content/guide.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Site title per language code; missing languages use the default
    /// language's title.
    #[serde(default)]
    pub title: BTreeMap<String, String>,
    #[serde(default = "en")]
    pub default_language: String,
    pub languages: Vec<Language>,
    /// The real intranet's origin, which steps may name.
    #[serde(default = "origin")]
    pub intranet_origin: String,
    /// Where the site is published, e.g. `https://guide.example.org/`.
    #[serde(default = "base")]
    pub base_url: String,
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Where readers report a step that did not work ([`Report`]); no
    /// report links without it.
    #[serde(default)]
    pub report: Option<Report>,
    /// Where `report:` is written in guide.yaml, for messages.
    #[serde(skip)]
    pub report_pos: Pos,
    /// Where `theme:` is written in guide.yaml, for messages.
    #[serde(skip)]
    pub theme_pos: Pos,
}

fn en() -> String {
    "en".into()
}
fn origin() -> String {
    "https://ent.univ-st-etienne.fr".into()
}
fn base() -> String {
    "/".into()
}
fn default_theme() -> String {
    "default".into()
}

const FIELDS: &[&str] = &[
    "title",
    "default_language",
    "languages",
    "intranet_origin",
    "base_url",
    "theme",
    "report",
];

/// `report:` in guide.yaml: where a reader's "this step didn't work" goes,
/// an e-mail address (`mailto:`) or the address of a form the university
/// hosts (`url:`, with `{page}`, `{step}`, `{lang}` and `{verified}` filled
/// in).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Report {
    pub mailto: Option<String>,
    pub url: Option<String>,
}

/// The placeholders a report form's address may hold.
pub const REPORT_FIELDS: &[&str] = &["page", "step", "lang", "verified"];

impl Report {
    /// What is wrong with it, and how to fix it.
    fn problem(&self) -> Option<(String, &'static str)> {
        match (&self.mailto, &self.url) {
            (None, None) | (Some(_), Some(_)) => Some((
                "`report:` needs exactly one of `mailto:` and `url:`".into(),
                "write `report: {mailto: office@example.org}` or `report: {url: \"https://…?page={page}&step={step}\"}`",
            )),
            (Some(m), None) => {
                let ok = m.split_once('@').is_some_and(|(a, d)| {
                    !a.is_empty() && d.contains('.') && !d.starts_with('.') && !d.ends_with('.')
                }) && !m.contains(|c: char| c.is_whitespace() || "?&<>\"',;:".contains(c))
                    && m.matches('@').count() == 1;
                (!ok).then(|| {
                    (
                        format!("`{m}` is not an e-mail address"),
                        "write the office's address alone, e.g. `mailto: international@univ-st-etienne.fr`",
                    )
                })
            }
            (None, Some(u)) => {
                if !(u.starts_with("https://") || u.starts_with("http://"))
                    || u.contains(|c: char| c.is_whitespace() || "<>\"".contains(c))
                {
                    return Some((
                        format!("`{u}` is not a web address"),
                        "write the form's full address, starting with https://",
                    ));
                }
                let mut rest = u.as_str();
                while let Some(open) = rest.find('{') {
                    let after = &rest[open + 1..];
                    let name = after.split_once('}').map(|(n, _)| n);
                    match name {
                        Some(n) if REPORT_FIELDS.contains(&n) => rest = &after[n.len() + 1..],
                        _ => {
                            return Some((
                                format!(
                                    "`{{{}` in the report address is not a known placeholder",
                                    after.split('}').next().unwrap_or("")
                                ),
                                "use {page}, {step}, {lang} and {verified} only",
                            ))
                        }
                    }
                }
                None
            }
        }
    }
}

impl Config {
    /// Reads `guide.yaml` at `path`; `shown` is the path used in messages.
    pub fn load(path: &Path, shown: &Path) -> Result<Config, Vec<Diagnostic>> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            vec![Diagnostic::new(
                shown,
                Pos { line: 1, col: 1 },
                format!("cannot read the site settings: {e}"),
                "create content/guide.yaml with the site's title and languages",
            )]
        })?;
        Self::parse(&text, shown)
    }

    /// Parses the text of `guide.yaml` and checks it.
    pub fn parse(text: &str, shown: &Path) -> Result<Config, Vec<Diagnostic>> {
        let mut config: Config =
            yaml::parse(shown, text, 0, text.len(), FIELDS).map_err(|d| vec![d])?;
        let mut problems = Vec::new();
        let at = |key: &str| yaml::key_pos(text, 0, text.len(), key);
        let mut seen = std::collections::BTreeSet::new();
        for lang in &config.languages {
            if !valid_code(&lang.code) {
                problems.push(Diagnostic::new(
                    shown,
                    at("languages"),
                    format!("`{}` is not a language code", lang.code),
                    "use a short code such as en, fr, es, zh, ar",
                ));
            }
            if !seen.insert(lang.code.clone()) {
                problems.push(Diagnostic::new(
                    shown,
                    at("languages"),
                    format!("language `{}` is listed twice", lang.code),
                    "list each language once",
                ));
            }
            if lang.dir != "ltr" && lang.dir != "rtl" {
                problems.push(Diagnostic::new(
                    shown,
                    at("languages"),
                    format!(
                        "`dir: {}` of `{}` is neither ltr nor rtl",
                        lang.dir, lang.code
                    ),
                    "write `dir: rtl` for right-to-left scripts such as Arabic, or leave it out",
                ));
            }
        }
        if config.languages.is_empty() {
            problems.push(Diagnostic::new(
                shown,
                at("languages"),
                "the guide has no languages",
                "list them under `languages:`, e.g. `- {code: en, name: English}`",
            ));
        } else if !seen.contains(&config.default_language) {
            problems.push(Diagnostic::new(
                shown,
                at("default_language"),
                format!(
                    "the default language `{}` is not among the languages",
                    config.default_language
                ),
                "add it under `languages:` or name one of them",
            ));
        }
        if let Some((what, hint)) = config.report.as_ref().and_then(Report::problem) {
            problems.push(Diagnostic::new(shown, at("report"), what, hint));
        }
        config.theme_pos = at("theme");
        config.report_pos = at("report");
        if !config.base_url.ends_with('/') {
            config.base_url.push('/');
        }
        if problems.is_empty() {
            // The default language first, then the others as listed.
            config
                .languages
                .sort_by_key(|l| l.code != config.default_language);
            Ok(config)
        } else {
            Err(problems)
        }
    }

    /// The language with `code`.
    pub fn language(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.code == code)
    }

    /// The site title in `lang` (falling back to the default language).
    pub fn title_in(&self, lang: &str) -> &str {
        self.title
            .get(lang)
            .or_else(|| self.title.get(&self.default_language))
            .map(String::as_str)
            .unwrap_or("Guide")
    }

    /// The language codes, default language first.
    pub fn codes(&self) -> Vec<&str> {
        self.languages.iter().map(|l| l.code.as_str()).collect()
    }

    /// The path part of `base_url` (`/` or `/guide/`), for pages such as
    /// 404 that are served at any depth.
    pub fn base_path(&self) -> String {
        let rest = match self.base_url.find("://") {
            Some(i) => &self.base_url[i + 3..],
            None => self.base_url.as_str(),
        };
        match (self.base_url.contains("://"), rest.find('/')) {
            (true, Some(i)) => rest[i..].to_string(),
            (true, None) => "/".into(),
            (false, _) if rest.starts_with('/') => rest.to_string(),
            (false, _) => format!("/{rest}"),
        }
    }
}

/// A plausible language code: `xx`, `xxx`, optionally `-Region`.
pub fn valid_code(code: &str) -> bool {
    let mut parts = code.split('-');
    let main = parts.next().unwrap_or("");
    (2..=3).contains(&main.len())
        && main.chars().all(|c| c.is_ascii_lowercase())
        && parts.all(|p| (2..=4).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_languages_and_puts_the_default_first() {
        let text = "title: {en: Guide}\ndefault_language: fr\nlanguages:\n  - {code: en, name: English}\n  - {code: fr, name: Français}\n  - {code: ar, name: العربية, dir: rtl}\nbase_url: https://x.org/guide\n";
        let c = Config::parse(text, Path::new("guide.yaml")).unwrap();
        assert_eq!(c.codes(), vec!["fr", "en", "ar"]);
        assert_eq!(c.language("ar").map(|l| l.dir.as_str()), Some("rtl"));
        assert_eq!(c.title_in("ar"), "Guide");
        assert_eq!(c.base_path(), "/guide/");
    }

    #[test]
    fn report_addresses_are_checked_where_they_are_written() {
        let head = "languages:\n  - {code: en, name: English}\n";
        let ok = |r: &str| Config::parse(&format!("{head}{r}"), Path::new("g.yaml"));
        let c = ok("report: {mailto: intl@univ-st-etienne.fr}\n").unwrap();
        assert_eq!(
            c.report.and_then(|r| r.mailto).as_deref(),
            Some("intl@univ-st-etienne.fr")
        );
        assert!(
            ok("report: {url: \"https://f.org/?p={page}&s={step}&l={lang}&v={verified}\"}\n")
                .is_ok()
        );
        for bad in [
            "report: {mailto: not-an-address}\n",
            "report: {mailto: \"a@b.org?subject=x\"}\n",
            "report: {url: \"ftp://f.org/\"}\n",
            "report: {url: \"https://f.org/?p={pgae}\"}\n",
            "report: {mailto: a@b.org, url: \"https://f.org/\"}\n",
            "report: {}\n",
        ] {
            let e = ok(bad).unwrap_err();
            assert_eq!(e[0].pos.line, 3, "{bad}");
            assert!(!e[0].hint.is_empty(), "{bad}");
        }
    }

    #[test]
    fn rejects_a_default_language_that_is_not_listed() {
        let text = "default_language: de\nlanguages:\n  - {code: en, name: English}\n";
        let e = Config::parse(text, Path::new("guide.yaml")).unwrap_err();
        assert_eq!(e[0].pos, Pos { line: 1, col: 19 });
    }
}
