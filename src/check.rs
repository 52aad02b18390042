//! `ent-guide check`: every problem a build would meet, plus the step
//! comments' syntax, translations whose steps differ from their source's,
//! and languages the theme has no interface words for — all at once,
//! writing nothing.

use crate::diagnostics::Diagnostic;
use crate::site::{check_render, sorted, Site};
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
