//! Freshness: when each page's steps last passed `verify`, read from
//! `screenshots/verified.json` (written by the runner; see ARCHITECTURE.md).
//! No file, a page missing from it, a failed run or a malformed date: no
//! claim for that page.

use std::collections::BTreeMap;
use std::path::Path;

/// The date (`YYYY-MM-DD`) each page last passed `verify`, by page slug.
pub type Verified = BTreeMap<String, String>;

/// Reads `path`; anything unreadable counts as "never verified".
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
fn is_date(s: &str) -> bool {
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
}
