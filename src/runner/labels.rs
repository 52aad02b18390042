//! The bold labels of a step (`**SE CONNECTER**`, every language's): each
//! must be on the screen at some moment of the step, or the step fails
//! naming the label and why it was not found.

use super::actions::Replay;
use super::finder::{self, Kind};
use super::plan::PagePlan;
use super::Failure;
use std::path::Path;
use std::time::{Duration, Instant};

/// The bold labels of one step in every language, each of which must be on
/// the screen at some moment of the step: before its first action, when it
/// is observed, or once its actions are done.
pub struct Labels<'p> {
    /// (file, label, last reason) of the labels not seen yet.
    pending: Vec<(&'p Path, &'p crate::steps::Label, String)>,
}

impl<'p> Labels<'p> {
    pub fn new(plan: &'p PagePlan, index: usize) -> Self {
        let mut pending = Vec::new();
        for version in std::iter::once(&plan.source).chain(plan.translations.iter()) {
            if let Some(step) = version.steps.get(index) {
                for label in &step.labels {
                    pending.push((version.file.as_path(), label, String::new()));
                }
            }
        }
        Labels { pending }
    }

    /// Looks for every label not seen yet, waiting up to `wait` for each.
    pub fn look(&mut self, replay: &Replay<'_>, wait: Duration) {
        let started = Instant::now();
        let before = self.pending.len();
        self.look_once(replay, wait);
        if std::env::var_os("ENT_GUIDE_TRACE").is_some() && before > 0 {
            eprintln!(
                "  labels: {before} pending, {} left after {:?}",
                self.pending.len(),
                started.elapsed()
            );
        }
    }

    fn look_once(&mut self, replay: &Replay<'_>, wait: Duration) {
        let mut outcome: Vec<(String, Result<(), String>)> = Vec::new();
        for (_, label, reason) in &mut self.pending {
            let known = outcome.iter().find(|(t, _)| *t == label.text);
            let result = match known {
                Some((_, r)) => r.clone(),
                None => {
                    let r = finder::find(replay.session, Kind::Text, &label.text, true, wait)
                        .map(|_| ());
                    outcome.push((label.text.clone(), r.clone()));
                    r
                }
            };
            if let Err(why) = result {
                *reason = why;
            }
        }
        self.pending
            .retain(|(_, l, _)| !outcome.iter().any(|(t, r)| *t == l.text && r.is_ok()));
    }

    /// A failure for each label never seen.
    pub fn missing(self, step: usize) -> Vec<Failure> {
        self.pending
            .into_iter()
            .map(|(file, label, reason)| Failure {
                file: file.to_path_buf(),
                pos: label.pos,
                step,
                action: String::new(),
                reason: format!(
                    "the bold label **{}** is not on the screen at this step: {reason}",
                    label.text
                ),
                artifacts: Vec::new(),
            })
            .collect()
    }
}
