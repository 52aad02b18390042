//! `ent-guide check`: every problem a build would meet, plus the step
//! comments' syntax, translations whose steps differ from their source's,
//! languages the theme has no interface words for, and translations whose
//! bold interface labels drifted from the screen's — all at once,
//! writing nothing.

use crate::diagnostics::Diagnostic;
use crate::screenshots::sidecar::Sidecar;
use crate::site::{check_render, sorted, Site};
use crate::steps::consistency;
use std::path::Path;

/// All problems of the site at `root`, sorted; empty when all is well.
pub fn check(root: &Path) -> Vec<Diagnostic> {
    let (site, mut problems, extra) = Site::load_all(root);
    problems.extend(extra);
    if let Some(site) = site {
        problems.extend(check_render(&site));
        let codes = site.config.codes();
        problems.extend(
            site.theme
                .missing_words(&codes, &site.config.default_language),
        );
        problems.extend(drifted_labels(&site));
    }
    sorted(problems)
}

/// Bold labels of translations that drifted from the interface's labels
/// (see `steps::consistency::drifted_labels`); the labels a screenshot's
/// sidecar names (its targets and callouts, as `shoot` found them on the
/// screen) count as seen.
fn drifted_labels(site: &Site) -> Vec<Diagnostic> {
    let dir = site.screenshots_dir();
    let mut out = Vec::new();
    for page in &site.pages {
        let seen = |n: usize| -> Vec<String> {
            let Some(name) = page
                .source
                .steps()
                .iter()
                .find(|s| s.number == n)
                .and_then(|s| s.shot_name.as_deref())
            else {
                return Vec::new();
            };
            let path = dir.join(page.slug.name()).join(format!("{name}.json"));
            std::fs::read_to_string(path)
                .ok()
                .and_then(|t| serde_json::from_str::<Sidecar>(&t).ok())
                .map(|s| {
                    s.targets
                        .into_iter()
                        .chain(s.callouts)
                        .map(|m| m.label)
                        .collect()
                })
                .unwrap_or_default()
        };
        for t in page.translations.values() {
            out.extend(consistency::drifted_labels(
                &t.file,
                page.source.steps(),
                t.steps(),
                &seen,
            ));
        }
    }
    out
}
