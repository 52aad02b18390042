//! Benchmark of the runner on the shipped guide: replays every page (shoot
//! mode, in-process mock, `--jobs` = cores) a few times and prints the
//! median time per step, per screenshot capture, per PNG optimisation and
//! for the whole guide. `BENCH_RUNS` sets the number of runs (default 3).
//!
//! Run: `cargo bench --bench runner`

use ent_guide::runner::{self, control::Mock, pixels, plan, Mode, Options, StepStatus};
use std::path::Path;
use std::time::{Duration, Instant};

fn median(mut v: Vec<Duration>) -> Duration {
    if v.is_empty() {
        return Duration::ZERO;
    }
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn main() -> anyhow::Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3)
        .max(1);
    let plans = plan::load(root, None)?;
    let running = mock_ent::spawn(mock_ent::Config::default())?;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let failures = std::env::temp_dir().join(format!("ent-guide-bench-{}", std::process::id()));
    let options = Options {
        mode: Mode::Shoot,
        jobs: cores,
        timeout: Duration::from_secs(5),
        mock: Mock::new(&running.url)?,
        failures_dir: failures.clone(),
        progress: false,
    };
    let (mut wall, mut steps, mut captures, mut optimise) = (vec![], vec![], vec![], vec![]);
    let (mut passed, mut failed) = (0, 0);
    for _ in 0..runs {
        let start = Instant::now();
        let results = runner::run(&plans, &options)?;
        wall.push(start.elapsed());
        for r in &results {
            for s in &r.steps {
                match s.status {
                    StepStatus::Passed => {
                        passed += 1;
                        steps.push(s.duration);
                    }
                    StepStatus::Failed => failed += 1,
                    StepStatus::Skipped => {}
                }
            }
            for c in &r.captures {
                captures.push(c.took);
            }
        }
        if let Some(c) = results.iter().flat_map(|r| r.captures.iter()).next() {
            let t = Instant::now();
            let _ = pixels::optimise(&c.png);
            optimise.push(t.elapsed());
        }
    }
    let _ = std::fs::remove_dir_all(&failures);
    println!(
        "runner: {} pages, {runs} run(s), {cores} job(s); steps passed {passed}, failed {failed}",
        plans.len()
    );
    println!("median per step:            {}", ms(median(steps)));
    println!("median per screenshot:      {}", ms(median(captures)));
    println!("median PNG optimisation:    {}", ms(median(optimise)));
    println!("median whole guide (shoot): {}", ms(median(wall)));
    Ok(())
}
