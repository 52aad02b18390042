//! The guide's content as a model: pages discovered in `content/`, each
//! with its source version and its translations, their front matter and
//! their steps.
//!
//! [`load`] reads the pages in parallel (rayon) into [`Page`]s (`slug`,
//! `source`, `translations`), each [`Version`] holding its text, front matter,
//! digest and steps (from `steps::extract`). [`Page::version`] gives what
//! readers of a language get and its [`Status`] (up to date, outdated, or
//! missing and replaced by the source); [`reread`] reads one page's files
//! again, for the preview.

pub mod derived;
pub mod discover;
pub mod front;
pub mod review;
pub mod segments;
pub mod stored;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, LineIndex, Pos};
use crate::slug::Slug;
use crate::steps::{extract, Step};
pub use discover::{Asset, Found};
pub use front::FrontMatter;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// One language version of a page: its file, text, front matter and steps.
#[derive(Debug, Clone)]
pub struct Version {
    pub lang: String,
    /// The file as shown in messages (relative to the site root).
    pub file: PathBuf,
    pub text: String,
    /// Where the Markdown body starts in `text`.
    pub body_start: usize,
    pub front: FrontMatter,
    /// Digest of this version's title, summary and body (source versions
    /// only; empty in translations).
    pub digest: String,
    /// The names of its steps' screenshots, in step order, and whether it
    /// has steps: known without its steps ([`Version::steps`]).
    pub shot_names: Vec<String>,
    pub has_steps: bool,
    /// Its steps, step problems and segments (a translation's segments
    /// are reached from its source's through its review's `pairs`).
    pub derived: derived::Lazy,
    /// The key of its file's parse in the build cache (a digest of its
    /// whole text among others), when loaded with one: what renders it
    /// digests this rather than the text again.
    pub text_key: Option<crate::digest::Key>,
}

impl Version {
    pub fn body(&self) -> &str {
        &self.text[self.body_start.min(self.text.len())..]
    }

    pub fn title(&self) -> &str {
        self.front.title.as_deref().unwrap_or("")
    }

    /// Its steps.
    pub fn steps(&self) -> &[Step] {
        &self.parts().steps
    }

    /// Problems in its step comments (reported by `check`).
    pub fn step_problems(&self) -> &[Diagnostic] {
        &self.parts().step_problems
    }

    /// The version cut into translatable segments (see [`segments`]).
    pub fn segments(&self) -> &[segments::Segment] {
        &self.parts().segments
    }

    /// Its derived parts, decoded on first use; parsed again from its
    /// text where they cannot be decoded.
    pub(crate) fn parts(&self) -> &derived::Derived {
        self.derived.get(&self.text, self.body_start, || {
            let found = Found {
                path: self.file.clone(),
                shown: self.file.clone(),
                slug: Slug::home(),
                lang: self.lang.clone(),
                is_source: !self.digest.is_empty(),
            };
            parse(&found, self.text.clone())
                .map(|v| v.parts().clone())
                .unwrap_or_default()
        })
    }
}

/// How a language reads a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// The source itself, or a translation reviewed against the current source.
    UpToDate,
    /// A translation with segments changed in the source since review
    /// (or, reviewed as a whole, whose `source_digest` no longer matches).
    Outdated,
    /// No translation: readers get the source with a notice.
    Missing,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::UpToDate => "up to date",
            Status::Outdated => "outdated",
            Status::Missing => "missing",
        }
    }
}

/// A page of the guide in all its languages.
#[derive(Debug, Clone)]
pub struct Page {
    /// Home, else the path under `content/` without `.md` (`first-login`,
    /// `webmail/settings`).
    pub slug: Slug,
    /// The source language's version.
    pub source: Version,
    /// Translations by language code.
    pub translations: BTreeMap<String, Version>,
    /// Each translation's review against the source, by language code.
    pub reviews: BTreeMap<String, review::Review>,
}

impl Page {
    /// A page from its versions, each translation reviewed against the
    /// source (its segments aligned with the source's: see [`review`]).
    pub fn new(slug: Slug, source: Version, translations: BTreeMap<String, Version>) -> Page {
        Page::reviewed(slug, source, translations, &review::review)
    }

    /// [`Page::new`], each translation's review made by `review`.
    pub fn reviewed(
        slug: Slug,
        source: Version,
        translations: BTreeMap<String, Version>,
        review: &Reviewer<'_>,
    ) -> Page {
        let reviews = translations
            .iter()
            .map(|(lang, t)| (lang.clone(), review(&source, t)))
            .collect();
        Page {
            slug,
            source,
            translations,
            reviews,
        }
    }

    /// The notice a reader of `lang` gets above the page: `missing`,
    /// `outdated` when the translation was reviewed as a whole against
    /// another source, else nothing (outdated segments carry their own).
    pub fn notice(&self, lang: &str) -> &'static str {
        match self.version(lang).1 {
            Status::Missing => "missing",
            Status::Outdated if self.reviews.get(lang).is_none_or(|r| r.whole) => "outdated",
            _ => "",
        }
    }

    pub fn weight(&self) -> i64 {
        self.source.front.weight.unwrap_or(0)
    }

    pub fn persona(&self) -> Option<&str> {
        self.source.front.persona.as_deref()
    }

    /// The version readers of `lang` get, and its status.
    pub fn version(&self, lang: &str) -> (&Version, Status) {
        if lang == self.source.lang {
            return (&self.source, Status::UpToDate);
        }
        match self.translations.get(lang) {
            Some(t) if self.reviews.get(lang).is_some_and(|r| r.is_current()) => {
                (t, Status::UpToDate)
            }
            Some(t) => (t, Status::Outdated),
            None => (&self.source, Status::Missing),
        }
    }

    /// The parent page's slug (`""` for top-level pages), `None` for home.
    pub fn parent(&self) -> Option<&str> {
        self.slug.parent()
    }

    /// Translations whose step directives differ from the source's (see
    /// [`crate::steps::consistency`]): a problem each, at its first
    /// difference.
    pub fn step_differences(&self) -> Vec<Diagnostic> {
        self.translations
            .values()
            .filter_map(|t| {
                crate::steps::consistency::first_difference(
                    (&self.source.file, self.source.steps()),
                    (&t.file, t.steps()),
                )
            })
            .collect()
    }

    /// The page's every version, source first.
    pub fn versions(&self) -> impl Iterator<Item = &Version> {
        std::iter::once(&self.source).chain(self.translations.values())
    }
}

/// The loaded content: pages (unordered; see `site` for navigation order),
/// other files, and problems.
#[derive(Debug, Default)]
pub struct Content {
    pub pages: Vec<Page>,
    pub assets: Vec<Asset>,
    /// Problems that make the content unbuildable.
    pub errors: Vec<Diagnostic>,
    /// Slugs of source pages that exist but could not be read, so that
    /// links to them are not reported as broken as well.
    pub unreadable: BTreeSet<String>,
}

/// Reads every page under `content_dir` in parallel. Paths in messages are
/// shown relative to `root`.
pub fn load(root: &Path, content_dir: &Path, config: &Config) -> Content {
    load_with(root, content_dir, config, &parse, &review::review)
}

/// How a page file's text becomes its version: [`parse`], or a reuse of
/// an earlier parse of the same text (the build cache's, in `site`).
pub type Parse<'a> = dyn Fn(&Found, String) -> Result<Version, Vec<Diagnostic>> + Sync + 'a;

/// How a translation's review against its source is made: [`review::review`],
/// or a reuse of an earlier review of the same two texts (the build
/// cache's, in `site`).
pub type Reviewer<'a> = dyn Fn(&Version, &Version) -> review::Review + Sync + 'a;

/// [`load`], each file's text turned into its version by `parse`, each
/// translation reviewed by `review`.
pub fn load_with(
    root: &Path,
    content_dir: &Path,
    config: &Config,
    parse: &Parse<'_>,
    review: &Reviewer<'_>,
) -> Content {
    let found = discover::discover(root, content_dir, config);
    let mut errors = found.errors;
    let versions: Vec<Result<(Slug, Version), Vec<Diagnostic>>> = found
        .pages
        .par_iter()
        .map(|f| read_version(f, parse))
        .collect();
    let unreadable: BTreeSet<String> = found
        .pages
        .iter()
        .zip(&versions)
        .filter(|(f, v)| f.is_source && v.is_err())
        .map(|(f, _)| f.slug.to_string())
        .collect();
    let mut sources: BTreeMap<Slug, Version> = BTreeMap::new();
    let mut translations: Vec<(Slug, Version)> = Vec::new();
    for v in versions {
        match v {
            Err(mut d) => errors.append(&mut d),
            Ok((slug, v)) if v.lang == config.default_language => {
                if let Some(first) = sources.get(&slug) {
                    errors.push(duplicate(&slug, &v.file, &first.file));
                } else {
                    sources.insert(slug, v);
                }
            }
            Ok(t) => translations.push(t),
        }
    }
    let mut pages: BTreeMap<Slug, (Version, BTreeMap<String, Version>)> = sources
        .into_iter()
        .map(|(slug, source)| (slug, (source, BTreeMap::new())))
        .collect();
    for (slug, t) in translations {
        match pages.get_mut(&slug) {
            None => errors.push(Diagnostic::new(
                &t.file,
                Pos { line: 1, col: 1 },
                format!(
                    "this translation has no source page `{}`",
                    slug.source_file()
                ),
                format!(
                    "write the {} page first, or rename this file after an existing page",
                    config.default_language
                ),
            )),
            Some((_, translations)) => {
                if let Some(first) = translations.get(&t.lang) {
                    errors.push(duplicate(&slug, &t.file, &first.file));
                } else {
                    translations.insert(t.lang.clone(), t);
                }
            }
        }
    }
    // Each page's translations are aligned with its source in parallel.
    let pages: Vec<_> = pages.into_iter().collect();
    Content {
        pages: pages
            .into_par_iter()
            .map(|(slug, (source, translations))| {
                Page::reviewed(slug, source, translations, review)
            })
            .collect(),
        assets: found.assets,
        errors,
        unreadable,
    }
}

/// Reads again the files of one page (its source and translations), after
/// an edit: the page as it now is, or the problems found in its files. The
/// set of files stays the same (a file added or removed needs [`load`]).
pub fn reread(root: &Path, page: &Page, default_language: &str) -> Result<Page, Vec<Diagnostic>> {
    let read = |v: &Version| {
        read_version(
            &Found {
                path: root.join(&v.file),
                shown: v.file.clone(),
                slug: page.slug.clone(),
                lang: v.lang.clone(),
                is_source: v.lang == default_language,
            },
            &parse,
        )
    };
    let mut errors = Vec::new();
    let source = read(&page.source).map_err(|mut d| errors.append(&mut d));
    let mut translations = BTreeMap::new();
    for (lang, v) in &page.translations {
        match read(v) {
            Ok((_, t)) => {
                translations.insert(lang.clone(), t);
            }
            Err(mut d) => errors.append(&mut d),
        }
    }
    match source {
        Ok((_, source)) if errors.is_empty() => {
            Ok(Page::new(page.slug.clone(), source, translations))
        }
        _ => Err(errors),
    }
}

fn duplicate(slug: &Slug, file: &Path, first: &Path) -> Diagnostic {
    Diagnostic::new(
        file,
        Pos { line: 1, col: 1 },
        format!(
            "this page has the same address `{}` as {}",
            slug.shown(),
            first.display()
        ),
        "rename or remove one of the two files",
    )
}

fn read_version(f: &Found, parse: &Parse<'_>) -> Result<(Slug, Version), Vec<Diagnostic>> {
    let text = read_text(f)?;
    Ok((f.slug.clone(), parse(f, text)?))
}

/// The text of a page file, or the problem that stops reading it.
fn read_text(f: &Found) -> Result<String, Vec<Diagnostic>> {
    let file = &f.shown;
    Ok(match std::fs::read(&f.path) {
        Err(e) => {
            return Err(vec![Diagnostic::new(
                file,
                Pos { line: 1, col: 1 },
                format!("cannot read this page: {e}"),
                "check the file's permissions",
            )])
        }
        // Checked with SIMD first: several times faster than the standard
        // check on Chinese and Arabic text, which a build reads whole.
        Ok(bytes) if simdutf8::basic::from_utf8(&bytes).is_ok() => {
            // SAFETY: the bytes were just checked to be UTF-8.
            unsafe { String::from_utf8_unchecked(bytes) }
        }
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let valid = e.utf8_error().valid_up_to();
                let bytes = e.into_bytes();
                let head = String::from_utf8_lossy(&bytes[..valid]);
                let pos = crate::diagnostics::LineIndex::new(&head).pos(valid);
                return Err(vec![Diagnostic::new(
                    file,
                    pos,
                    "this page is not UTF-8 text",
                    "save the file as UTF-8 in your editor",
                )]);
            }
        },
    })
}

/// What a page file's `text` says: its front matter, digest, steps and
/// segments, or the problems that stop reading it. The Markdown body is
/// parsed once, for the steps and the segments alike.
pub fn parse(f: &Found, text: String) -> Result<Version, Vec<Diagnostic>> {
    let file = f.shown.clone();
    let split = front::split(&file, &text).map_err(|d| vec![d])?;
    let Some(s) = split else {
        return Err(vec![Diagnostic::new(
            &file,
            Pos { line: 1, col: 1 },
            "this page has no front matter",
            "start the page with `---`, a line `title: ...`, and `---`",
        )]);
    };
    let front = front::parse(&file, &text, split).map_err(|d| vec![d])?;
    let mut errors = Vec::new();
    if front.title.as_deref().is_none_or(|t| t.trim().is_empty()) {
        errors.push(Diagnostic::new(
            &file,
            Pos { line: 1, col: 1 },
            "this page has no title",
            "add a line `title: ...` to the front matter",
        ));
    }
    if let Some(persona) = &front.persona {
        if !front::PERSONAS.contains(&persona.as_str()) {
            let hint = match crate::diagnostics::did_you_mean(persona, front::PERSONAS) {
                Some(m) => format!("did you mean `{m}`?"),
                None => format!("use one of: {}", front::PERSONAS.join(", ")),
            };
            errors.push(Diagnostic::new(
                &file,
                crate::yaml::key_pos(&text, s.yaml_start, s.yaml_end, "persona"),
                format!("unknown persona `{persona}`"),
                hint,
            ));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let digest = if f.is_source {
        front::digest(&front, &text[s.body_start..])
    } else {
        String::new()
    };
    let body_start = s.body_start.min(text.len());
    let events = extract::events(&text[body_start..]);
    let index = LineIndex::new(&text);
    let x = extract::extract_from(&file, &text, body_start, &events, &index);
    let segments = segments::segments_from(
        &text,
        s.yaml_start..s.yaml_end,
        body_start,
        &front,
        &x.steps,
        &events,
        &index,
    );
    drop(events);
    // Every version of every page is held for the whole build: without the
    // spare capacity its lists grew with (a quarter of their size on
    // average), the site takes about a sixth less memory.
    let (mut steps, mut segments) = (x.steps, segments);
    for step in &mut steps {
        step.actions.shrink_to_fit();
        step.labels.shrink_to_fit();
    }
    steps.shrink_to_fit();
    segments.shrink_to_fit();
    Ok(Version {
        lang: f.lang.clone(),
        file,
        body_start: s.body_start,
        front,
        digest,
        shot_names: steps.iter().filter_map(|s| s.shot_name.clone()).collect(),
        has_steps: !steps.is_empty(),
        derived: derived::Lazy::made(derived::Derived {
            steps,
            step_problems: x.problems,
            segments,
        }),
        text,
        text_key: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_that_is_not_utf8_is_reported_at_its_first_bad_byte() {
        let dir = std::env::temp_dir().join(format!("ent-guide-utf8-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let found = |name: &str, bytes: &[u8]| {
            let path = dir.join(name);
            std::fs::write(&path, bytes).unwrap();
            Found {
                path,
                shown: PathBuf::from(format!("content/{name}")),
                slug: Slug::new("a"),
                lang: "zh".into(),
                is_source: false,
            }
        };
        let good = "---\ntitle: 登录\n---\n\n点击 **连接**。\n";
        let text = read_text(&found("good.md", good.as_bytes())).expect("UTF-8 is read");
        assert_eq!(text, good);
        let mut bad = "---\ntitle: 登录\n---\n\n点击".as_bytes().to_vec();
        bad.extend_from_slice(&[0xe8, 0xbf, b' ', b'x']);
        let problems = read_text(&found("bad.md", &bad)).expect_err("not UTF-8");
        let shown = problems[0].to_string();
        assert!(
            shown.starts_with("content/bad.md:5:3: this page is not UTF-8 text"),
            "{shown}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
