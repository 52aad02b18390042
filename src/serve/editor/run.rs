//! "Run this page" and "Retake screenshots": the runner replays one page
//! (as `verify --page` / `shoot --page`, against a fresh in-process mock,
//! so pictures come out as `shoot` makes them), off the async runtime, one
//! run at a time; the outcome becomes JSON for the editor: each step
//! passed, failed with the runner's plain-language reason and its failure
//! screenshot, or skipped.

use crate::runner::cli::{run_page, PageRun};
use crate::runner::{Mode, StepStatus};
use serde_json::{json, Value};
use std::path::Path;

/// Runs page `page` (its `verify --page` name) and describes the outcome
/// with step lines taken from the version in `lang` (the file being edited).
pub fn run(root: &Path, page: &str, lang: &str, shoot: bool) -> Value {
    let mode = if shoot { Mode::Shoot } else { Mode::Verify };
    match run_page(root, page, mode) {
        Ok(run) => describe(&run, lang),
        Err(e) => json!({ "error": format!("{e:#}") }),
    }
}

fn describe(run: &PageRun, lang: &str) -> Value {
    let PageRun {
        plan,
        result,
        shots,
    } = run;
    let version = plan
        .translations
        .iter()
        .find(|t| t.lang == lang)
        .unwrap_or(&plan.source);
    let steps: Vec<Value> = version
        .steps
        .iter()
        .map(|step| {
            let outcome = result.steps.iter().find(|s| s.number == step.number);
            let status = match outcome.map(|o| o.status) {
                Some(StepStatus::Passed) => "passed",
                Some(StepStatus::Failed) => "failed",
                Some(StepStatus::Skipped) | None => "skipped",
            };
            let failures: Vec<&crate::runner::Failure> = result
                .failures
                .iter()
                .filter(|f| f.step == step.number)
                .collect();
            let screenshot = failures
                .iter()
                .flat_map(|f| f.artifacts.iter())
                .find(|a| a.extension().is_some_and(|e| e == "png"))
                .and_then(|a| a.file_name())
                .map(|n| format!("{}/{}", plan.slug, n.to_string_lossy()));
            json!({
                "number": step.number,
                "line": step.pos.line,
                "text": step.text,
                "status": status,
                "reasons": failures.iter().map(|f| f.reason.clone()).collect::<Vec<_>>(),
                "screenshot": screenshot,
            })
        })
        .collect();
    // Problems of the page as a whole (a translation whose steps differ,
    // no persona): they stop the run before any step.
    let page_problems: Vec<String> = result
        .failures
        .iter()
        .filter(|f| f.step == 0)
        .map(ToString::to_string)
        .collect();
    let shots = shots.as_ref().map(|s| {
        json!({
            "added": s.added, "changed": s.changed, "removed": s.removed, "kept": s.kept.len(),
        })
    });
    json!({
        "passed": result.passed(),
        "seconds": result.duration.as_secs_f64(),
        "steps": steps,
        "problems": page_problems,
        "shots": shots,
    })
}
