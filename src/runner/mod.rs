//! The runner behind `verify` and `shoot`: replays every documented step of
//! the guide in headless Chromium against the mock, one isolated browser
//! context per page, pages in parallel.
//!
//! The browser is [`crate::chrome`]; [`finder`] finds targets the way a
//! person does, [`actions`] runs the step language, [`labels`] checks a
//! step's bold labels, [`control`] talks to the mock's control API,
//! [`plan`] reads the pages, [`shots`] captures and writes the screenshots
//! (with [`pixels`] and [`phone`]) and [`report`] prints and records the
//! outcome.

pub mod actions;
pub mod cli;
pub mod control;
pub mod finder;
pub mod labels;
pub mod phone;
pub mod pixels;
pub mod plan;
pub mod report;
pub mod shots;

use crate::chrome::{self, Session};
use crate::diagnostics::Pos;
use crate::steps::Step;
use actions::{kind_of, Replay};
use control::Mock;
use finder::Kind;
use labels::Labels;
use plan::PagePlan;
use shots::{Capture, Frame, Mark};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// What a run produces besides pass or fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Check every step; failures leave a screenshot and HTML snapshot.
    Verify,
    /// As verify, and capture every step that has a `shot`.
    Shoot,
}

/// How to run.
#[derive(Debug, Clone)]
pub struct Options {
    pub mode: Mode,
    /// Pages replayed at once.
    pub jobs: usize,
    /// How long one action may wait for its target or for the page.
    pub timeout: Duration,
    pub mock: Mock,
    /// Where failure screenshots and HTML snapshots go (`target/verify`).
    pub failures_dir: PathBuf,
    /// Print a line as each page finishes.
    pub progress: bool,
}

/// One thing that went wrong, where the editor can fix it.
#[derive(Debug, Clone)]
pub struct Failure {
    pub file: PathBuf,
    pub pos: Pos,
    /// 1-based step number, 0 for a page-level problem.
    pub step: usize,
    /// The action as written (empty for a page-level problem).
    pub action: String,
    pub reason: String,
    /// Failure screenshot and HTML snapshot, when the page was open.
    pub artifacts: Vec<PathBuf>,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: ", self.file.display(), self.pos)?;
        if self.step > 0 {
            write!(f, "step {}", self.step)?;
            if !self.action.is_empty() {
                write!(f, " `{}`", self.action)?;
            }
            write!(f, ": ")?;
        }
        write!(f, "{}", self.reason)
    }
}

/// The outcome of one step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepStatus {
    Passed,
    Failed,
    /// Not run because an earlier step of the page failed.
    Skipped,
}

#[derive(Debug, Clone)]
pub struct StepOutcome {
    pub number: usize,
    pub status: StepStatus,
    pub duration: Duration,
    pub shots: usize,
}

/// The outcome of one page.
#[derive(Debug, Clone)]
pub struct PageResult {
    pub slug: String,
    pub file: PathBuf,
    pub steps: Vec<StepOutcome>,
    pub failures: Vec<Failure>,
    pub captures: Vec<Capture>,
    /// Every step ran (so every shot of the page was taken).
    pub complete: bool,
    pub duration: Duration,
}

impl PageResult {
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

/// Replays `plans` (in parallel, `options.jobs` at once) in one browser.
pub fn run(plans: &[PagePlan], options: &Options) -> anyhow::Result<Vec<PageResult>> {
    if plans.is_empty() {
        return Ok(Vec::new());
    }
    let browser = chrome::launch()?;
    let uploads = tempdir_for_uploads()?;
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<PageResult>>> = Mutex::new(vec![None; plans.len()]);
    let jobs = options.jobs.clamp(1, plans.len());
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some(plan) = plans.get(i) else { break };
                let result = replay_page(&browser, plan, options, &uploads.join(i.to_string()));
                let n = done.fetch_add(1, Ordering::SeqCst) + 1;
                if options.progress {
                    report::progress_line(n, plans.len(), &result);
                }
                if let Ok(mut r) = results.lock() {
                    r[i] = Some(result);
                }
            });
        }
    });
    let _ = std::fs::remove_dir_all(&uploads);
    let results = results.into_inner().unwrap_or_default();
    Ok(results.into_iter().flatten().collect())
}

fn tempdir_for_uploads() -> anyhow::Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("ent-guide-uploads-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// The index of the action before which a step is observed (labels checked,
/// shot taken): its last action when that acts on the page
/// ([`crate::steps::action::Def::acts_on_page`]), else after all of them
/// (`open`, `mail`, `wait` and `expect` show their result).
pub fn observe_at(step: &Step) -> usize {
    let n = step.actions.len();
    match step.actions.last() {
        Some(last) if last.value.kind().def().acts_on_page => n - 1,
        Some(_) | None => n,
    }
}

fn replay_page(
    browser: &headless_chrome::Browser,
    plan: &PagePlan,
    options: &Options,
    uploads: &Path,
) -> PageResult {
    let start = Instant::now();
    let file = plan.source.file.clone();
    let mut result = PageResult {
        slug: plan.slug.clone(),
        file: file.clone(),
        steps: Vec::new(),
        failures: plan
            .problems
            .iter()
            .map(|d| Failure {
                file: d.file.clone(),
                pos: d.pos,
                step: 0,
                action: String::new(),
                reason: if d.hint.is_empty() {
                    d.message.clone()
                } else {
                    format!("{} — {}", d.message, d.hint)
                },
                artifacts: Vec::new(),
            })
            .collect(),
        captures: Vec::new(),
        complete: false,
        duration: Duration::ZERO,
    };
    let page_failure = |reason: String| Failure {
        file: file.clone(),
        pos: Pos { line: 1, col: 1 },
        step: 0,
        action: String::new(),
        reason,
        artifacts: Vec::new(),
    };
    let trace = std::env::var_os("ENT_GUIDE_TRACE").is_some();
    let t_open = Instant::now();
    let opened = Session::open(browser);
    if trace {
        eprintln!("{} {:?} open a tab", plan.slug, t_open.elapsed());
    }
    let session = match opened {
        Ok(s) => s,
        Err(e) => {
            result
                .failures
                .push(page_failure(format!("could not open a browser tab: {e:#}")));
            return finish(result, plan, start);
        }
    };
    let persona = match &plan.persona {
        Some(kind) => match options.mock.persona(kind, &plan.slug) {
            Ok(p) => Some(p),
            Err(e) => {
                result.failures.push(page_failure(format!(
                    "could not create a `{kind}` persona: {e:#}"
                )));
                return finish(result, plan, start);
            }
        },
        None => None,
    };
    if trace {
        eprintln!("{} {:?} tab and persona ready", plan.slug, t_open.elapsed());
    }
    let replay = Replay {
        session: &session,
        mock: &options.mock,
        persona: persona.as_ref(),
        timeout: options.timeout,
        uploads,
    };
    let mut stopped = false;
    for (index, step) in plan.source.steps.iter().enumerate() {
        if stopped {
            result.steps.push(StepOutcome {
                number: step.number,
                status: StepStatus::Skipped,
                duration: Duration::ZERO,
                shots: 0,
            });
            continue;
        }
        stopped = replay_step(&replay, plan, index, options, &mut result);
    }
    result.complete = !stopped;
    finish(result, plan, start)
}

/// Replays step `index` of `plan` into `result` (its outcome, failures,
/// captures); whether the page stops there (a failure the next steps
/// cannot survive).
fn replay_step(
    replay: &Replay,
    plan: &PagePlan,
    index: usize,
    options: &Options,
    result: &mut PageResult,
) -> bool {
    let step = &plan.source.steps[index];
    let t0 = Instant::now();
    let failures_before = result.failures.len();
    let mut labels = Labels::new(plan, index);
    labels.look(replay, Duration::ZERO);
    let (fatal, shots) = run_actions(replay, plan, step, options.mode, &mut labels, result);
    if fatal.is_none() {
        labels.look(replay, options.timeout);
        result.failures.extend(labels.missing(step.number));
    }
    let stopped = fatal.is_some();
    if let Some(mut f) = fatal {
        f.artifacts = save_artifacts(
            replay.session,
            &options.failures_dir,
            &plan.slug,
            step.number,
        );
        result.failures.push(f);
    } else if result.failures.len() > failures_before {
        let artifacts = save_artifacts(
            replay.session,
            &options.failures_dir,
            &plan.slug,
            step.number,
        );
        if let Some(last) = result.failures.last_mut() {
            last.artifacts = artifacts;
        }
    }
    let failed = stopped || result.failures.len() > failures_before;
    result.steps.push(StepOutcome {
        number: step.number,
        status: if failed {
            StepStatus::Failed
        } else {
            StepStatus::Passed
        },
        duration: t0.elapsed(),
        shots,
    });
    stopped
}

/// Runs a step's actions, observing the step (labels, screenshot) at its
/// moment ([`observe_at`]); the failure that stopped it, if any, and the
/// number of pictures taken (added to `result`'s captures).
fn run_actions(
    replay: &Replay,
    plan: &PagePlan,
    step: &Step,
    mode: Mode,
    labels: &mut Labels,
    result: &mut PageResult,
) -> (Option<Failure>, usize) {
    let trace = std::env::var_os("ENT_GUIDE_TRACE").is_some();
    let moment = observe_at(step);
    let mut shots = 0;
    for j in 0..=step.actions.len() {
        if j == moment {
            let to = Instant::now();
            labels.look(replay, Duration::ZERO);
            let observed = observe(replay, plan, step, mode);
            if trace {
                eprintln!(
                    "{} {:?} observe step {}",
                    plan.slug,
                    to.elapsed(),
                    step.number
                );
            }
            match observed {
                Ok(capture) => {
                    if let Some(c) = capture {
                        shots += 1;
                        result.captures.push(c);
                    }
                }
                Err(f) => return (Some(f), shots),
            }
        }
        let Some(action) = step.actions.get(j) else {
            break;
        };
        let ta = Instant::now();
        let outcome = replay.run(&action.value);
        if trace {
            eprintln!(
                "{} {:?} {} -> {}",
                plan.slug,
                ta.elapsed(),
                action.value,
                replay.session.url()
            );
        }
        if let Err(reason) = outcome {
            let failure = Failure {
                file: plan.source.file.clone(),
                pos: action.pos,
                step: step.number,
                action: action.value.to_string(),
                reason,
                artifacts: Vec::new(),
            };
            return (Some(failure), shots);
        }
    }
    (None, shots)
}

fn finish(mut result: PageResult, plan: &PagePlan, start: Instant) -> PageResult {
    // Steps that never ran because the page could not start.
    for step in plan.source.steps.iter().skip(result.steps.len()) {
        result.steps.push(StepOutcome {
            number: step.number,
            status: StepStatus::Skipped,
            duration: Duration::ZERO,
            shots: 0,
        });
    }
    result.duration = start.elapsed();
    result
}

/// Waits for the page to be ready and, when shooting and the step has a
/// `shot`, captures it with its targets and callouts. `Err` is a target
/// that cannot be found: the step cannot go on.
fn observe(
    replay: &Replay<'_>,
    plan: &PagePlan,
    step: &Step,
    mode: Mode,
) -> Result<Option<Capture>, Failure> {
    let session = replay.session;
    let file = &plan.source.file;
    if let Err(e) = session.settle(replay.timeout.max(Duration::from_secs(10)), true) {
        return Err(Failure {
            file: file.clone(),
            pos: step.pos,
            step: step.number,
            action: String::new(),
            reason: e.to_string(),
            artifacts: Vec::new(),
        });
    }
    let Some(shot) = step.shot.as_ref().filter(|_| mode == Mode::Shoot) else {
        return Ok(None);
    };
    let Some(name) = &step.shot_name else {
        return Ok(None);
    };
    // Every target of the step still on the screen is highlighted; one that
    // belongs to an earlier screen of the step (a link that led here) is
    // left out. The target of the action about to run must be there.
    let about_to_run = step.actions.get(observe_at(step));
    let mut targets = Vec::new();
    for action in &step.actions {
        let Some(text) = action.value.target() else {
            continue;
        };
        let fail = |reason: String| Failure {
            file: file.clone(),
            pos: action.pos,
            step: step.number,
            action: action.value.to_string(),
            reason,
            artifacts: Vec::new(),
        };
        let wanted = replay.substitute(text).map_err(fail)?;
        let kind = kind_of(&action.value);
        let found = if about_to_run.is_some_and(|a| std::ptr::eq(a, action)) {
            Some(replay.locate(kind, &wanted, true).map_err(fail)?)
        } else {
            finder::find(session, kind, &wanted, true, Duration::ZERO).ok()
        };
        if let Some(m) = found {
            targets.push(Mark {
                label: text.to_string(),
                bbox: m.bbox,
            });
        }
    }
    let fail_at_shot = |reason: String| Failure {
        file: file.clone(),
        pos: shot.pos,
        step: step.number,
        action: shot.value.to_string(),
        reason,
        artifacts: Vec::new(),
    };
    let mut callouts = Vec::new();
    for text in &shot.value.callouts {
        let m = replay
            .locate(Kind::Text, text, true)
            .map_err(&fail_at_shot)?;
        callouts.push(Mark {
            label: text.clone(),
            bbox: m.bbox,
        });
    }
    let frame = if let Some(crop) = &shot.value.crop {
        let m = replay
            .locate(Kind::Text, crop, true)
            .map_err(&fail_at_shot)?;
        Frame::Crop(m.bbox)
    } else if shot.value.full {
        Frame::Full
    } else {
        Frame::Viewport
    };
    let source = format!(
        "{}:{}",
        file.display().to_string().replace('\\', "/"),
        step.pos
    );
    let capture = shots::capture(
        session,
        &plan.slug,
        name,
        step.number,
        &source,
        frame,
        &targets,
        &callouts,
    )
    .map_err(|e| fail_at_shot(format!("the capture failed: {e:#}")))?;
    Ok(Some(capture))
}

/// Saves the page as it is now: `<dir>/<page>/step-N.png` and `.html`.
fn save_artifacts(session: &Session, dir: &Path, slug: &str, step: usize) -> Vec<PathBuf> {
    let page_dir = dir.join(slug);
    if std::fs::create_dir_all(&page_dir).is_err() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let png = page_dir.join(format!("step-{step}.png"));
    if let Ok(bytes) = session.capture(None, false) {
        if std::fs::write(&png, bytes).is_ok() {
            out.push(png);
        }
    }
    let html = page_dir.join(format!("step-{step}.html"));
    if let Ok(text) = session.html() {
        let text = format!("<!-- {} -->\n{text}", session.url());
        if std::fs::write(&html, text).is_ok() {
            out.push(html);
        }
    }
    out
}
