//! `screenshots/verified.json`: when each page's steps last passed `verify`
//! (`{"<page>": {"date": "YYYY-MM-DD", "passed": true, "steps":
//! ["YYYY-MM-DD", null, …]}}`: the date and outcome of the page's last run,
//! and for each step, by number, the day it last passed). The runner
//! records it ([`record`]); the site reads it ([`load`]).
//!
//! Records written before steps were recorded (no `steps`) still read: a
//! page that passed then passed every step that day; the next record of
//! that page fills `steps` from it, keeping `date` and `passed` as they
//! were. No file, a page missing from it, a failed run without step dates
//! or a malformed date: no claim for that page.

use std::collections::BTreeMap;
use std::path::Path;

/// The record's file name in `screenshots/`.
pub const FILE: &str = "verified.json";

/// What the record says of one page.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PageRecord {
    /// The day of the page's last run, when it passed.
    pub passed_on: Option<String>,
    /// Each step's last passing day, step 1 first (`None`: never seen
    /// passing). Empty for records that did not keep steps.
    pub steps: Vec<Option<String>>,
}

impl PageRecord {
    /// The day step `n` (from 1) last passed.
    pub fn step(&self, n: usize) -> Option<&str> {
        match self.steps.get(n.wrapping_sub(1)) {
            Some(d) => d.as_deref(),
            None if self.steps.is_empty() => self.passed_on.as_deref(),
            None => None,
        }
    }

    /// One day for the whole page: it passed, and every step it recorded
    /// passed that same day. Otherwise the steps' own days tell.
    pub fn one_day(&self) -> Option<&str> {
        let day = self.passed_on.as_deref()?;
        self.steps
            .iter()
            .all(|d| d.as_deref() == Some(day))
            .then_some(day)
    }
}

/// The record, by page slug.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Verified {
    pub pages: BTreeMap<String, PageRecord>,
}

impl Verified {
    pub fn new() -> Self {
        Self::default()
    }

    /// The day every step of `slug` last passed, when it is one day.
    pub fn get(&self, slug: &str) -> Option<&String> {
        let rec = self.pages.get(slug)?;
        rec.one_day()?;
        rec.passed_on.as_ref()
    }

    /// The page's record.
    pub fn page(&self, slug: &str) -> Option<&PageRecord> {
        self.pages.get(slug)
    }

    pub fn len(&self) -> usize {
        self.pages.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pages.is_empty()
    }
}

/// Reads the record at `path`; anything unreadable counts as "never
/// verified".
pub fn load(path: &Path) -> Verified {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Verified::new();
    };
    parse(&text)
}

/// The pages of a `verified.json` text with what it claims of them.
pub fn parse(text: &str) -> Verified {
    let Ok(serde_json::Value::Object(map)) = serde_json::from_str::<serde_json::Value>(text) else {
        return Verified::new();
    };
    let pages = map
        .into_iter()
        .filter_map(|(slug, v)| {
            let passed = v.get("passed").and_then(|p| p.as_bool()) == Some(true);
            let date = v
                .get("date")
                .and_then(|d| d.as_str())
                .filter(|d| is_date(d));
            let steps: Vec<Option<String>> = match v.get("steps") {
                Some(serde_json::Value::Array(a)) => a
                    .iter()
                    .map(|d| d.as_str().filter(|d| is_date(d)).map(str::to_string))
                    .collect(),
                _ => Vec::new(),
            };
            let rec = PageRecord {
                passed_on: date.filter(|_| passed).map(str::to_string),
                steps,
            };
            (rec.passed_on.is_some() || rec.steps.iter().any(Option::is_some))
                .then_some((slug, rec))
        })
        .collect();
    Verified { pages }
}

/// `YYYY-MM-DD` with a plausible month and day.
pub fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if !(digits(0..4) && digits(5..7) && digits(8..10)) {
        return false;
    }
    let month: u32 = s[5..7].parse().unwrap_or(0);
    let day: u32 = s[8..10].parse().unwrap_or(0);
    (1..=12).contains(&month) && (1..=31).contains(&day)
}

/// One page's run: its slug, whether it passed, and the numbers of the
/// steps that passed.
pub struct Outcome<'a> {
    pub slug: &'a str,
    pub passed: bool,
    pub passed_steps: Vec<usize>,
    /// How many steps the page has.
    pub steps: usize,
}

/// Records each page's outcome on `date` in `path`, keeping the other
/// pages (and, for each recorded page, the last passing day of the steps
/// that did not pass this time); writes only when something changed.
pub fn record<'a>(
    path: &Path,
    outcomes: impl IntoIterator<Item = Outcome<'a>>,
    date: &str,
) -> std::io::Result<()> {
    let old = std::fs::read_to_string(path).unwrap_or_default();
    let mut map: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&old).unwrap_or_default();
    let before = parse(&old);
    for o in outcomes {
        let prev = before.page(o.slug);
        let steps: Vec<serde_json::Value> = (1..=o.steps)
            .map(|n| {
                if o.passed_steps.contains(&n) {
                    serde_json::Value::from(date)
                } else {
                    prev.and_then(|p| p.step(n))
                        .map_or(serde_json::Value::Null, serde_json::Value::from)
                }
            })
            .collect();
        map.insert(
            o.slug.to_string(),
            serde_json::json!({"date": date, "passed": o.passed, "steps": steps}),
        );
    }
    let mut sorted: Vec<_> = map.into_iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let value = serde_json::Value::Object(sorted.into_iter().collect());
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    if text != old {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, text)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome<'a>(
        slug: &'a str,
        passed: bool,
        passed_steps: &[usize],
        steps: usize,
    ) -> Outcome<'a> {
        Outcome {
            slug,
            passed,
            passed_steps: passed_steps.to_vec(),
            steps,
        }
    }

    #[test]
    fn only_passing_pages_with_real_dates_are_claimed() {
        let v = parse(
            r#"{"log-in": {"date": "2026-11-27", "passed": true},
                "email": {"date": "2026-11-27", "passed": false},
                "odd": {"date": "27/11/2026", "passed": true},
                "none": {"passed": true}}"#,
        );
        assert_eq!(v.len(), 1);
        assert_eq!(v.get("log-in").map(String::as_str), Some("2026-11-27"));
        assert_eq!(v.page("log-in").and_then(|p| p.step(3)), Some("2026-11-27"));
        assert!(parse("not json").is_empty());
    }

    #[test]
    fn a_record_keeps_other_pages_and_reads_back() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(FILE);
        record(
            &path,
            [outcome("a", true, &[1, 2], 2), outcome("b", false, &[1], 2)],
            "2026-11-27",
        )
        .expect("write");
        record(&path, [outcome("b", true, &[1, 2], 2)], "2026-11-28").expect("write");
        let v = load(&path);
        assert_eq!(v.get("a").map(String::as_str), Some("2026-11-27"));
        assert_eq!(v.get("b").map(String::as_str), Some("2026-11-28"));
    }

    #[test]
    fn steps_that_passed_on_other_days_keep_their_own_days() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(FILE);
        // The format before steps were recorded.
        std::fs::write(&path, r#"{"p": {"date": "2026-11-20", "passed": true}}"#).expect("old");
        // Step 3 of 4 fails a week later: steps 1 and 2 pass that day, 3
        // and 4 last passed on the old day.
        record(&path, [outcome("p", false, &[1, 2], 4)], "2026-11-27").expect("write");
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(text.contains("\"date\": \"2026-11-27\""), "{text}");
        let v = load(&path);
        let p = v.page("p").expect("recorded");
        assert_eq!(v.get("p"), None, "no single day for the page");
        assert_eq!(p.step(1), Some("2026-11-27"));
        assert_eq!(p.step(3), Some("2026-11-20"));
        assert_eq!(p.step(4), Some("2026-11-20"));
        // The whole page passes again: one day again.
        record(&path, [outcome("p", true, &[1, 2, 3, 4], 4)], "2026-11-28").expect("write");
        assert_eq!(load(&path).get("p").map(String::as_str), Some("2026-11-28"));
    }

    #[test]
    fn migrating_keeps_every_old_field() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(FILE);
        let old = r#"{"a": {"date": "2026-11-20", "passed": true}, "b": {"date": "2026-11-21", "passed": false}}"#;
        std::fs::write(&path, old).expect("old");
        record(&path, [outcome("a", true, &[1], 1)], "2026-11-20").expect("write");
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("json");
        assert_eq!(v["a"]["date"], "2026-11-20");
        assert_eq!(v["a"]["passed"], true);
        assert_eq!(v["a"]["steps"][0], "2026-11-20");
        assert_eq!(
            v["b"],
            serde_json::json!({"date": "2026-11-21", "passed": false})
        );
    }
}
