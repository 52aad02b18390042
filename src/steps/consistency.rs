//! The rule that keeps languages in step: a translation carries the same
//! step directives, in the same order, as its source page, so every
//! language shares one replay and the source's screenshots.

use super::Step;
use crate::diagnostics::{Diagnostic, Pos};
use std::path::Path;

/// The directives of a step, as the step language writes them.
fn directives(s: &Step) -> Vec<String> {
    let mut d: Vec<String> = s.actions.iter().map(|a| a.value.to_string()).collect();
    if let Some(shot) = &s.shot {
        d.push(shot.value.to_string());
    }
    d
}

/// The first difference between the steps of a translation and its
/// source's, each given with its file: a problem in the translation.
pub fn first_difference(
    (source_file, source_steps): (&Path, &[Step]),
    (file, steps): (&Path, &[Step]),
) -> Option<Diagnostic> {
    let hint = "translate the text around the step comments, but keep the comments exactly as in the source";
    for (i, (s, ts)) in source_steps.iter().zip(steps).enumerate() {
        let (a, b) = (directives(s), directives(ts));
        if a != b {
            let k = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
            let theirs = b.get(k).map_or("nothing".to_string(), |x| format!("`{x}`"));
            let ours = a.get(k).map_or("nothing".to_string(), |x| format!("`{x}`"));
            return Some(Diagnostic::new(
                file,
                ts.pos,
                format!(
                    "step {} differs from the source: {theirs} here, {ours} in {}:{}",
                    i + 1,
                    source_file.display(),
                    s.pos
                ),
                hint,
            ));
        }
    }
    let (n, m) = (source_steps.len(), steps.len());
    if n > m {
        let s = &source_steps[m];
        let at = steps.last().map_or(Pos { line: 1, col: 1 }, |x| x.pos);
        return Some(Diagnostic::new(
            file,
            at,
            format!(
                "this translation has {m} of the source's {n} steps: step {} (`{}`) is missing, at {}:{}",
                m + 1,
                directives(s).join("`, `"),
                source_file.display(),
                s.pos
            ),
            hint,
        ));
    }
    if m > n {
        let ts = &steps[n];
        return Some(Diagnostic::new(
            file,
            ts.pos,
            format!(
                "this translation has {m} steps, its source {} only {n}: step {} is extra",
                source_file.display(),
                n + 1
            ),
            hint,
        ));
    }
    None
}

/// How far a bold label may be from an interface label and still be
/// taken for a miswritten copy of it (case ignored).
fn near(a: &str, b: &str) -> Option<usize> {
    let (a, b) = (a.to_lowercase(), b.to_lowercase());
    let d = crate::diagnostics::levenshtein(&a, &b);
    (d <= 2.max(b.chars().count() / 4)).then_some(d)
}

/// The bold labels of a translation's steps that stand for an interface
/// label but do not say it exactly: a label close to one the step acts
/// on, shows in bold in the source, or was seen on the screen (`seen`,
/// by step number) without being it; or, in a step with as many bold
/// labels as its source's, one that replaces the source's label at the
/// same place (a translated label). Each is a problem with the exact label
/// as the hint.
pub fn drifted_labels(
    file: &Path,
    source_steps: &[Step],
    steps: &[Step],
    seen: &dyn Fn(usize) -> Vec<String>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (s, ts) in source_steps.iter().zip(steps) {
        let mut allowed: Vec<String> = s.labels.iter().map(|l| l.text.clone()).collect();
        allowed.extend(s.targets().into_iter().map(str::to_string));
        allowed.extend(seen(s.number));
        let positional = ts.labels.len() == s.labels.len();
        for (k, l) in ts.labels.iter().enumerate() {
            if allowed.contains(&l.text) {
                continue;
            }
            let close = allowed
                .iter()
                .filter_map(|a| near(&l.text, a).map(|d| (d, a)))
                .min_by_key(|(d, _)| *d)
                .map(|(_, a)| a.as_str());
            let exact = close.or_else(|| positional.then(|| s.labels[k].text.as_str()));
            if let Some(exact) = exact {
                out.push(Diagnostic::new(
                    file,
                    l.pos,
                    format!(
                        "step {}: the bold label **{}** is not the label the intranet shows",
                        ts.number, l.text
                    ),
                    format!("write it exactly as on the screen: **{exact}** (a translation may follow it in brackets)"),
                ));
            }
        }
    }
    out
}
