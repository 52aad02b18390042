//! What a run replays: the guide's pages (read by the generator's site
//! model) with their persona and steps in every language; a translation
//! whose directives differ from its source's fails its page, since all
//! languages share one replay and one set of screenshots.

use crate::diagnostics::Diagnostic;
use crate::steps::Step;
use anyhow::{bail, Result};
use std::path::{Path, PathBuf};

/// One language version of a page.
#[derive(Debug, Clone)]
pub struct Version {
    pub lang: String,
    /// The file as shown to the user (relative to the working directory).
    pub file: PathBuf,
    pub steps: Vec<Step>,
}

/// One page to replay.
#[derive(Debug, Clone)]
pub struct PagePlan {
    pub slug: String,
    /// The persona kind the page needs (front matter `persona`).
    pub persona: Option<String>,
    /// The source language version.
    pub source: Version,
    pub translations: Vec<Version>,
    /// Problems found while reading the page (bad directives, translations
    /// whose actions differ): each fails the page.
    pub problems: Vec<Diagnostic>,
}

impl PagePlan {
    /// The number of steps a replay of this page runs.
    pub fn step_count(&self) -> usize {
        self.source.steps.len()
    }
}

/// Reads the site at `root` (the generator's model: pages, languages,
/// personas) into page plans in navigation order; `only` keeps one page.
/// Each page's problems are its step comments' syntax errors and the
/// generator's translation consistency check.
pub fn load(root: &Path, only: Option<&str>) -> Result<Vec<PagePlan>> {
    let (site, problems, _) = crate::site::Site::load_all(root);
    let Some(site) = site else {
        let list: Vec<String> = problems.iter().map(ToString::to_string).collect();
        bail!("the site cannot be read:\n{}", list.join("\n"));
    };
    let mut plans = Vec::new();
    for page in &site.pages {
        let slug = page.slug.name().to_string();
        if only.is_some_and(|o| o != slug && o != page.slug.as_str()) {
            continue;
        }
        let version = |v: &crate::content::Version| Version {
            lang: v.lang.clone(),
            file: v.file.clone(),
            steps: v.steps().to_vec(),
        };
        let source = version(&page.source);
        let translations: Vec<Version> = page.translations.values().map(version).collect();
        if source.steps.is_empty() && translations.iter().all(|t| t.steps.is_empty()) {
            continue;
        }
        let mut problems: Vec<Diagnostic> = page.source.step_problems().to_vec();
        for t in page.translations.values() {
            problems.extend(t.step_problems().iter().cloned());
        }
        problems.extend(page.step_differences());
        plans.push(PagePlan {
            slug,
            persona: page.persona().map(str::to_string),
            source,
            translations,
            problems,
        });
    }
    Ok(plans)
}
