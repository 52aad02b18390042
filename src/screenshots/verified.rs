//! `screenshots/verified.json`: when each page's steps last passed `verify`
//! (`{"<page>": {"date": "YYYY-MM-DD", "passed": true}}`). The runner
//! records it ([`record`]); the site reads the passing pages ([`load`]).
//! No file, a page missing from it, a failed run or a malformed date: no
//! claim for that page.

use std::collections::BTreeMap;
use std::path::Path;

/// The record's file name in `screenshots/`.
pub const FILE: &str = "verified.json";

/// The date (`YYYY-MM-DD`) each page last passed `verify`, by page slug.
pub type Verified = BTreeMap<String, String>;

/// Reads the record at `path`; anything unreadable counts as "never
/// verified".
pub fn load(path: &Path) -> Verified {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Verified::new();
    };
    parse(&text)
}

/// The passing pages of a `verified.json` text and their dates.
pub fn parse(text: &str) -> Verified {
    let Ok(serde_json::Value::Object(map)) = serde_json::from_str::<serde_json::Value>(text) else {
        return Verified::new();
    };
    map.into_iter()
        .filter_map(|(slug, v)| {
            let passed = v.get("passed")?.as_bool()?;
            let date = v.get("date")?.as_str()?;
            (passed && is_date(date)).then(|| (slug, date.to_string()))
        })
        .collect()
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

/// Records each page's outcome (`(slug, passed)`) on `date` in `path`,
/// keeping the other pages; writes only when something changed.
pub fn record<'a>(
    path: &Path,
    outcomes: impl IntoIterator<Item = (&'a str, bool)>,
    date: &str,
) -> std::io::Result<()> {
    let old = std::fs::read_to_string(path).unwrap_or_default();
    let mut map: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&old).unwrap_or_default();
    for (slug, passed) in outcomes {
        map.insert(
            slug.to_string(),
            serde_json::json!({"date": date, "passed": passed}),
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
        assert!(parse("not json").is_empty());
    }

    #[test]
    fn a_record_keeps_other_pages_and_reads_back() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(FILE);
        record(&path, [("a", true), ("b", false)], "2026-11-27").expect("write");
        record(&path, [("b", true)], "2026-11-28").expect("write");
        let v = load(&path);
        assert_eq!(v.get("a").map(String::as_str), Some("2026-11-27"));
        assert_eq!(v.get("b").map(String::as_str), Some("2026-11-28"));
    }
}
