//! Telling what a run did: a progress line per page, the failures, a
//! summary, JUnit XML for CI, and `screenshots/verified.json` (per page: the
//! date of the last verify, whether it passed, and the day each step last
//! passed) for the reader site.

use super::{PageResult, StepStatus};
use std::fmt::Write as _;
use std::path::Path;
use std::time::Duration;

/// `[3/12] ok    first-login  9 steps  2.1 s`
pub fn progress_line(n: usize, total: usize, page: &PageResult) {
    println!(
        "[{n}/{total}] {:<5} {}  {} steps  {:.1} s",
        if page.passed() { "ok" } else { "FAIL" },
        page.slug,
        page.steps.len(),
        page.duration.as_secs_f64()
    );
}

/// Counts over a run.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Totals {
    pub pages: usize,
    pub failed_pages: usize,
    pub steps: usize,
    pub passed: usize,
    pub failed: usize,
    pub skipped: usize,
}

pub fn totals(results: &[PageResult]) -> Totals {
    let mut t = Totals {
        pages: results.len(),
        ..Totals::default()
    };
    for r in results {
        if !r.passed() {
            t.failed_pages += 1;
        }
        for s in &r.steps {
            t.steps += 1;
            match s.status {
                StepStatus::Passed => t.passed += 1,
                StepStatus::Failed => t.failed += 1,
                StepStatus::Skipped => t.skipped += 1,
            }
        }
        // A page-level problem (bad directive, translation out of step)
        // fails the page even when every step ran.
        if !r.passed() && r.steps.iter().all(|s| s.status != StepStatus::Failed) {
            t.failed += 1;
        }
    }
    t
}

/// Every failure (sorted by file and position), then the summary lines.
pub fn summary(word: &str, results: &[PageResult], elapsed: Duration) -> String {
    let mut out = String::new();
    let mut failures: Vec<_> = results.iter().flat_map(|r| r.failures.iter()).collect();
    failures.sort_by(|a, b| (&a.file, a.pos).cmp(&(&b.file, b.pos)));
    for f in &failures {
        let _ = writeln!(out, "{f}");
        for a in &f.artifacts {
            let _ = writeln!(out, "    see {}", a.display());
        }
    }
    let t = totals(results);
    let _ = writeln!(
        out,
        "{word}: {} pages ({} failed), {} steps in {:.1} s",
        t.pages,
        t.failed_pages,
        t.steps,
        elapsed.as_secs_f64()
    );
    let _ = writeln!(
        out,
        "{word}: {} passed, {} failed, {} skipped",
        t.passed, t.failed, t.skipped
    );
    out
}

fn xml(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect::<String>()
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// JUnit XML: one suite per page, one case per step (page-level problems
/// as a case named `page`).
pub fn junit(results: &[PageResult]) -> String {
    let t = totals(results);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"ent-guide verify\" tests=\"{}\" failures=\"{}\" skipped=\"{}\">",
        t.steps, t.failed, t.skipped
    );
    for r in results {
        let failed = r
            .steps
            .iter()
            .filter(|s| s.status == StepStatus::Failed)
            .count();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" time=\"{:.3}\" file=\"{}\">",
            xml(&r.slug),
            r.steps.len(),
            failed,
            r.duration.as_secs_f64(),
            xml(&r.file.display().to_string())
        );
        let page_level: Vec<_> = r.failures.iter().filter(|f| f.step == 0).collect();
        if !page_level.is_empty() {
            let _ = writeln!(
                out,
                "    <testcase name=\"page\" classname=\"{}\">",
                xml(&r.slug)
            );
            for f in page_level {
                let _ = writeln!(
                    out,
                    "      <failure message=\"{}\">{}</failure>",
                    xml(&f.reason),
                    xml(&f.to_string())
                );
            }
            let _ = writeln!(out, "    </testcase>");
        }
        for s in &r.steps {
            let _ = write!(
                out,
                "    <testcase name=\"step {}\" classname=\"{}\" time=\"{:.3}\"",
                s.number,
                xml(&r.slug),
                s.duration.as_secs_f64()
            );
            let fails: Vec<_> = r.failures.iter().filter(|f| f.step == s.number).collect();
            match s.status {
                StepStatus::Passed => {
                    let _ = writeln!(out, "/>");
                }
                StepStatus::Skipped => {
                    let _ = writeln!(out, "><skipped/></testcase>");
                }
                StepStatus::Failed => {
                    let _ = writeln!(out, ">");
                    for f in fails {
                        let _ = writeln!(
                            out,
                            "      <failure message=\"{}\">{}</failure>",
                            xml(&f.reason),
                            xml(&f.to_string())
                        );
                    }
                    let _ = writeln!(out, "    </testcase>");
                }
            }
        }
        let _ = writeln!(out, "  </testsuite>");
    }
    out.push_str("</testsuites>\n");
    out
}

/// Today's date (UTC) as `YYYY-MM-DD`, from the system clock (never the
/// mock's).
pub fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    civil(i64::try_from(secs / 86_400).unwrap_or(0))
}

/// Days since 1970-01-01 to a calendar date (proleptic Gregorian).
fn civil(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Records each page's verify outcome in `path` (see
/// [`crate::screenshots::verified`]).
pub fn record_verified(path: &Path, results: &[PageResult], date: &str) -> std::io::Result<()> {
    use crate::screenshots::verified::{record, Outcome};
    record(
        path,
        results.iter().map(|r| Outcome {
            slug: r.slug.as_str(),
            passed: r.passed(),
            passed_steps: r
                .steps
                .iter()
                .filter(|s| s.status == StepStatus::Passed)
                .map(|s| s.number)
                .collect(),
            steps: r.steps.iter().map(|s| s.number).max().unwrap_or(0),
        }),
        date,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_dates_from_day_numbers() {
        assert_eq!(civil(0), "1970-01-01");
        assert_eq!(civil(20_710), "2026-09-14");
        assert_eq!(civil(11_016), "2000-02-29");
    }

    #[test]
    fn xml_escapes_markup() {
        assert_eq!(xml("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
    }
}
