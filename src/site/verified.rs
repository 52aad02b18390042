//! Freshness: when each page's steps last passed `verify` (the record
//! `screenshots/verified.json`, read by [`crate::screenshots::verified`]),
//! shown in the reader's language with the theme's words ([`localise`]).

pub use crate::screenshots::verified::Verified;
use crate::screenshots::verified::{self, is_date};

/// The record of `site`'s last `verify`, `screenshots/verified.json`.
pub fn of(site: &super::Site) -> Verified {
    verified::load(&site.screenshots_dir().join(verified::FILE))
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
}
