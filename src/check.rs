//! `ent-guide check`: every problem a build would meet, plus the step
//! comments' syntax, translations whose steps differ from their source's,
//! and languages the theme has no interface words for — all at once,
//! writing nothing.

use crate::content::{Page, Version};
use crate::diagnostics::Diagnostic;
use crate::site::{check_render, sorted, Site};
use crate::steps::Step;
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
    }
    sorted(problems)
}

/// The directives of a step, as the step language writes them.
fn directives(s: &Step) -> Vec<String> {
    let mut d: Vec<String> = s.actions.iter().map(|a| a.value.to_string()).collect();
    if let Some(shot) = &s.shot {
        d.push(shot.value.to_string());
    }
    d
}

/// Each translation of `page` must carry the same step directives in the
/// same order as the source; names the first step that differs.
pub fn consistency(page: &Page) -> Vec<Diagnostic> {
    page.translations
        .values()
        .filter_map(|t| first_difference(&page.source, t))
        .collect()
}

fn first_difference(source: &Version, t: &Version) -> Option<Diagnostic> {
    let hint = "translate the text around the step comments, but keep the comments exactly as in the source";
    for (i, (s, ts)) in source.steps.iter().zip(&t.steps).enumerate() {
        let (a, b) = (directives(s), directives(ts));
        if a != b {
            let k = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
            let theirs = b.get(k).map_or("nothing".to_string(), |x| format!("`{x}`"));
            let ours = a.get(k).map_or("nothing".to_string(), |x| format!("`{x}`"));
            return Some(Diagnostic::new(
                &t.file,
                ts.pos,
                format!(
                    "step {} differs from the source: {theirs} here, {ours} in {}:{}",
                    i + 1,
                    source.file.display(),
                    s.pos
                ),
                hint,
            ));
        }
    }
    let (n, m) = (source.steps.len(), t.steps.len());
    if n > m {
        let s = &source.steps[m];
        let at = t
            .steps
            .last()
            .map_or(crate::diagnostics::Pos { line: 1, col: 1 }, |x| x.pos);
        return Some(Diagnostic::new(
            &t.file,
            at,
            format!(
                "this translation has {m} of the source's {n} steps: step {} (`{}`) is missing, at {}:{}",
                m + 1,
                directives(s).join("`, `"),
                source.file.display(),
                s.pos
            ),
            hint,
        ));
    }
    if m > n {
        let ts = &t.steps[n];
        return Some(Diagnostic::new(
            &t.file,
            ts.pos,
            format!(
                "this translation has {m} steps, its source {} only {n}: step {} is extra",
                source.file.display(),
                n + 1
            ),
            hint,
        ));
    }
    None
}
