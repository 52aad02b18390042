//! Freshness: when each page's steps last passed `verify`, read from
//! `screenshots/verified.json` (written by the runner; see ARCHITECTURE.md).
//! No file, a page missing from it, a failed run or a malformed date: no
//! claim for that page. The date is shown in the reader's language with the
//! theme's words ([`localise`]).

use std::collections::BTreeMap;
use std::path::Path;

/// The date (`YYYY-MM-DD`) each page last passed `verify`, by page slug.
pub type Verified = BTreeMap<String, String>;

/// The record of `site`'s last `verify`, `screenshots/verified.json`.
pub fn of(site: &super::Site) -> Verified {
    load(&site.screenshots_dir().join("verified.json"))
}

/// Reads `path`; anything unreadable counts as "never verified".
fn load(path: &Path) -> Verified {
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

/// How a theme writes dates in one language (its `i18n.yaml` words).
pub struct DateWords<'a> {
    /// `date`: the pattern, with `{day}`, `{month}` (the name), `{m}` (the
    /// month's number) and `{year}`, e.g. `{day} de {month} de {year}`.
    pub pattern: &'a str,
    /// `months`: the twelve names, separated by commas.
    pub months: &'a str,
    /// `day_one`: how the first of the month is written, when not `1`
    /// (French `1er`).
    pub day_one: Option<&'a str>,
}

/// `YYYY-MM-DD` written as `words` say (`27 novembre 2026`); the ISO date
/// itself when it is malformed or the theme lacks that month's name.
pub fn localise(date: &str, words: &DateWords) -> String {
    if !is_date(date) {
        return date.to_string();
    }
    let year = date[..4].trim_start_matches('0');
    let month: usize = date[5..7].parse().unwrap_or(0);
    let day: u32 = date[8..10].parse().unwrap_or(0);
    let name = words
        .months
        .split(',')
        .map(str::trim)
        .nth(month.wrapping_sub(1))
        .unwrap_or_default();
    if name.is_empty() && words.pattern.contains("{month}") {
        return date.to_string();
    }
    let day = match (day, words.day_one) {
        (1, Some(one)) => one.to_string(),
        _ => day.to_string(),
    };
    words
        .pattern
        .replace("{day}", &day)
        .replace("{month}", name)
        .replace("{m}", &month.to_string())
        .replace("{year}", year)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_as_each_language_writes_them() {
        let en = "January, February, March, April, May, June, July, August, September, October, November, December";
        let fr = "janvier, février, mars, avril, mai, juin, juillet, août, septembre, octobre, novembre, décembre";
        let es = "enero, febrero, marzo, abril, mayo, junio, julio, agosto, septiembre, octubre, noviembre, diciembre";
        let ar =
            "يناير, فبراير, مارس, أبريل, مايو, يونيو, يوليو, أغسطس, سبتمبر, أكتوبر, نوفمبر, ديسمبر";
        let w = |pattern, months, day_one| DateWords {
            pattern,
            months,
            day_one,
        };
        let cases = [
            (
                w("{day} {month} {year}", en, None),
                "2026-11-27",
                "27 November 2026",
            ),
            (
                w("{day} {month} {year}", fr, Some("1er")),
                "2026-11-27",
                "27 novembre 2026",
            ),
            (
                w("{day} {month} {year}", fr, Some("1er")),
                "2026-08-01",
                "1er août 2026",
            ),
            (
                w("{day} de {month} de {year}", es, None),
                "2026-11-27",
                "27 de noviembre de 2026",
            ),
            (
                w("{year}年{m}月{day}日", "", None),
                "2026-01-05",
                "2026年1月5日",
            ),
            (
                w("{day} {month} {year}", ar, None),
                "2026-11-27",
                "27 نوفمبر 2026",
            ),
        ];
        for (words, iso, want) in cases {
            assert_eq!(localise(iso, &words), want);
        }
    }

    #[test]
    fn a_bad_date_or_missing_month_name_stays_iso() {
        let short = DateWords {
            pattern: "{day} {month} {year}",
            months: "Jan, Feb",
            day_one: None,
        };
        assert_eq!(localise("2026-11-27", &short), "2026-11-27");
        assert_eq!(localise("2026-02-03", &short), "3 Feb 2026");
        assert_eq!(localise("27/11/2026", &short), "27/11/2026");
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
        assert!(parse("not json").is_empty());
    }
}
