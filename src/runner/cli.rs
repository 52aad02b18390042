//! The `verify` and `shoot` subcommands: their flags, where the mock comes
//! from (in-process, or `--target URL`), and what they print and write.

use super::{control::Mock, plan, report, shots, Mode, Options};
use clap::Args;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// Flags shared by `verify` and `shoot`.
#[derive(Debug, Clone, Args)]
pub struct RunArgs {
    /// Run only this page (its slug, e.g. `first-login`).
    #[arg(long)]
    pub page: Option<String>,
    /// Pages replayed at once (default: the number of cores).
    #[arg(long)]
    pub jobs: Option<usize>,
    /// Use an already running mock at this address instead of starting one.
    #[arg(long, value_name = "URL")]
    pub target: Option<String>,
    /// Seconds one action may wait for its target or for the page.
    #[arg(long, default_value_t = 5.0)]
    pub timeout: f64,
}

/// `ent-guide verify`.
#[derive(Debug, Clone, Args)]
pub struct VerifyArgs {
    #[command(flatten)]
    pub run: RunArgs,
    /// Also write the results as JUnit XML to this file.
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,
}

/// `ent-guide shoot`.
#[derive(Debug, Clone, Args)]
pub struct ShootArgs {
    #[command(flatten)]
    pub run: RunArgs,
}

/// A mock to run against, kept alive for the run.
struct MockHandle {
    mock: Mock,
    _running: Option<mock_ent::Running>,
}

/// The mock at `target`, or the bundled one started in-process on an
/// ephemeral loopback port (fixed clock, control API on).
fn start_mock(target: Option<&str>) -> anyhow::Result<MockHandle> {
    if let Some(url) = target {
        return Ok(MockHandle {
            mock: Mock::new(url)?,
            _running: None,
        });
    }
    let running = mock_ent::spawn(mock_ent::Config::default())
        .map_err(|e| anyhow::anyhow!("could not start the bundled mock: {e}"))?;
    Ok(MockHandle {
        mock: Mock::new(&running.url)?,
        _running: Some(running),
    })
}

/// `root/name`, shown without a leading `./`.
fn under(root: &Path, name: &str) -> PathBuf {
    if root == Path::new(".") || root.as_os_str().is_empty() {
        PathBuf::from(name)
    } else {
        root.join(name)
    }
}

fn options(root: &Path, args: &RunArgs, mode: Mode, mock: Mock) -> Options {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    Options {
        mode,
        jobs: args.jobs.unwrap_or(cores).max(1),
        timeout: Duration::from_secs_f64(args.timeout.clamp(0.1, 600.0)),
        mock,
        failures_dir: under(root, "target/verify"),
        progress: true,
    }
}

fn plans(root: &Path, args: &RunArgs) -> anyhow::Result<Vec<plan::PagePlan>> {
    let plans = plan::load(root, args.page.as_deref())?;
    if let Some(page) = &args.page {
        if plans.is_empty() {
            anyhow::bail!(
                "no page `{page}` with steps in {} — run without --page to see every page",
                under(root, "content").display()
            );
        }
    }
    Ok(plans)
}

fn fail(e: anyhow::Error) -> ExitCode {
    eprintln!("error: {e:#}");
    ExitCode::from(2)
}

/// Plans the pages, starts the mock (or reaches `--target`) and replays
/// every step in `mode`; `verify` first clears the last run's failure
/// reports.
fn replay(
    root: &Path,
    args: &RunArgs,
    mode: Mode,
) -> anyhow::Result<(Vec<plan::PagePlan>, Vec<super::PageResult>)> {
    let plans = plans(root, args)?;
    let handle = start_mock(args.target.as_deref())?;
    let options = options(root, args, mode, handle.mock.clone());
    if mode == Mode::Verify {
        let _ = std::fs::remove_dir_all(&options.failures_dir);
    }
    let results = super::run(&plans, &options)?;
    Ok((plans, results))
}

/// Runs `verify`; exit 1 on any failure.
pub fn verify(root: &Path, args: &VerifyArgs) -> ExitCode {
    let start = Instant::now();
    let (_, results) = match replay(root, &args.run, Mode::Verify) {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    print!("{}", report::summary("verify", &results, start.elapsed()));
    if let Some(path) = &args.junit {
        if let Err(e) = std::fs::write(path, report::junit(&results)) {
            eprintln!("error: could not write {}: {e}", path.display());
        }
    }
    let record = under(root, "screenshots").join(crate::screenshots::verified::FILE);
    if let Err(e) = report::record_verified(&record, &results, &report::today()) {
        eprintln!("error: could not write {}: {e}", record.display());
    }
    if results.iter().all(|r| r.passed()) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Runs `shoot`; exit 1 on any failure (pictures of failed pages are kept).
pub fn shoot(root: &Path, args: &ShootArgs) -> ExitCode {
    let start = Instant::now();
    let (plans, results) = match replay(root, &args.run, Mode::Shoot) {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    let out = under(root, "screenshots");
    let captures: Vec<_> = results.iter().flat_map(|r| r.captures.clone()).collect();
    let complete: Vec<String> = results
        .iter()
        .filter(|r| r.complete)
        .map(|r| r.slug.clone())
        .collect();
    let all: Vec<String> = plans.iter().map(|p| p.slug.clone()).collect();
    let prune = if args.run.page.is_none() && results.iter().all(|r| r.complete) {
        Some(all.as_slice())
    } else {
        None
    };
    let written = match shots::write(&out, &captures, &complete, prune) {
        Ok(w) => w,
        Err(e) => return fail(e.into()),
    };
    for (word, list) in [
        ("added", &written.added),
        ("changed", &written.changed),
        ("removed", &written.removed),
    ] {
        for name in list {
            println!("{word:>8} {}", out.join(name).display());
        }
    }
    print!("{}", report::summary("shoot", &results, start.elapsed()));
    println!(
        "shoot: {} added, {} changed, {} removed, {} kept",
        written.added.len(),
        written.changed.len(),
        written.removed.len(),
        written.kept.len()
    );
    if results.iter().all(|r| r.passed()) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// What a one-page run from the preview's editor gives back.
pub struct PageRun {
    pub plan: plan::PagePlan,
    pub result: super::PageResult,
    /// With [`Mode::Shoot`]: what happened to the page's screenshots.
    pub shots: Option<shots::ShotReport>,
}

/// Replays one page as `verify --page PAGE` (recording its result in
/// `screenshots/verified.json`) or `shoot --page PAGE` (writing its
/// screenshots) would, without printing: the preview editor's "Run this
/// page" and "Retake screenshots". Only this page's old failure reports
/// are cleared. Blocks for the whole run.
pub fn run_page(root: &Path, page: &str, mode: Mode) -> anyhow::Result<PageRun> {
    let args = RunArgs {
        page: Some(page.to_string()),
        jobs: Some(1),
        target: None,
        timeout: 5.0,
    };
    let mut plans = plans(root, &args)?;
    let handle = start_mock(None)?;
    let mut options = options(root, &args, mode, handle.mock.clone());
    options.progress = false;
    for p in &plans {
        let _ = std::fs::remove_dir_all(options.failures_dir.join(&p.slug));
    }
    let mut results = super::run(&plans, &options)?;
    let (Some(plan), Some(result)) = (plans.pop(), results.pop()) else {
        anyhow::bail!("page `{page}` has no steps to run");
    };
    let shots = if mode == Mode::Shoot {
        let complete: Vec<String> = if result.complete {
            vec![result.slug.clone()]
        } else {
            Vec::new()
        };
        Some(shots::write(
            &under(root, "screenshots"),
            &result.captures,
            &complete,
            None,
        )?)
    } else {
        let record = under(root, "screenshots").join(crate::screenshots::verified::FILE);
        report::record_verified(&record, std::slice::from_ref(&result), &report::today())?;
        None
    };
    Ok(PageRun {
        plan,
        result,
        shots,
    })
}
