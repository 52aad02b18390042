//! The mock's clock: fixed (Monday 14 September 2026, 09:00 Europe/Paris) or
//! real, plus a global advance and a per-login advance, so moving one
//! persona's days never moves another's.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc, Weekday};

use crate::core::config::ClockMode;

/// The fixed instant: 2026-09-14 09:00 in Paris (CEST, UTC+2).
pub fn fixed_start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 9, 14, 7, 0, 0)
        .single()
        .unwrap_or(DateTime::<Utc>::UNIX_EPOCH)
}

#[derive(Default)]
struct Offsets {
    global: Duration,
    per_login: HashMap<String, Duration>,
}

pub struct Clock {
    mode: ClockMode,
    offsets: Mutex<Offsets>,
}

impl Clock {
    pub fn new(mode: ClockMode) -> Self {
        Clock {
            mode,
            offsets: Mutex::new(Offsets::default()),
        }
    }

    pub fn mode(&self) -> ClockMode {
        self.mode
    }

    fn base(&self) -> DateTime<Utc> {
        match self.mode {
            ClockMode::Fixed => fixed_start(),
            ClockMode::Real => Utc::now(),
        }
    }

    /// Now, as seen by `login` (or by everyone, for `None`).
    pub fn now(&self, login: Option<&str>) -> DateTime<Utc> {
        let offsets = self.offsets.lock().unwrap_or_else(|e| e.into_inner());
        let own = login
            .and_then(|l| offsets.per_login.get(l).copied())
            .unwrap_or_else(Duration::zero);
        self.base() + offsets.global + own
    }

    /// Paris wall-clock time now, as seen by `login`.
    pub fn paris_now(&self, login: Option<&str>) -> NaiveDateTime {
        to_paris(self.now(login))
    }

    /// Today's date in Paris, as seen by `login`.
    pub fn today(&self, login: Option<&str>) -> NaiveDate {
        self.paris_now(login).date()
    }

    /// Moves the clock forward for one login, or for everyone.
    pub fn advance(&self, login: Option<&str>, by: Duration) {
        let mut offsets = self.offsets.lock().unwrap_or_else(|e| e.into_inner());
        match login {
            Some(l) => {
                *offsets
                    .per_login
                    .entry(l.to_string())
                    .or_insert_with(Duration::zero) += by
            }
            None => offsets.global += by,
        }
    }

    /// The extra advance of one login (over the global one).
    pub fn login_offset(&self, login: &str) -> Duration {
        let offsets = self.offsets.lock().unwrap_or_else(|e| e.into_inner());
        offsets
            .per_login
            .get(login)
            .copied()
            .unwrap_or_else(Duration::zero)
    }

    pub fn reset(&self) {
        *self.offsets.lock().unwrap_or_else(|e| e.into_inner()) = Offsets::default();
    }
}

/// Paris's UTC offset at `utc`: CEST (+2) from the last Sunday of March 01:00
/// UTC to the last Sunday of October 01:00 UTC, CET (+1) otherwise.
pub fn paris_offset_hours(utc: DateTime<Utc>) -> i64 {
    let year = utc.year();
    let start = last_sunday(year, 3).and_hms_opt(1, 0, 0);
    let end = last_sunday(year, 10).and_hms_opt(1, 0, 0);
    match (start, end) {
        (Some(s), Some(e)) if utc.naive_utc() >= s && utc.naive_utc() < e => 2,
        _ => 1,
    }
}

fn last_sunday(year: i32, month: u32) -> NaiveDate {
    let (ny, nm) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    let mut day = NaiveDate::from_ymd_opt(ny, nm, 1)
        .and_then(|d| d.pred_opt())
        .unwrap_or(NaiveDate::MIN);
    while day.weekday() != Weekday::Sun {
        day = day.pred_opt().unwrap_or(NaiveDate::MIN);
        if day == NaiveDate::MIN {
            break;
        }
    }
    day
}

/// UTC → Paris wall-clock time.
pub fn to_paris(utc: DateTime<Utc>) -> NaiveDateTime {
    utc.naive_utc() + Duration::hours(paris_offset_hours(utc))
}

/// Paris wall-clock time → UTC (the earlier instant when ambiguous).
pub fn from_paris(local: NaiveDateTime) -> DateTime<Utc> {
    let guess = Utc.from_utc_datetime(&(local - Duration::hours(2)));
    let offset = paris_offset_hours(guess);
    Utc.from_utc_datetime(&(local - Duration::hours(offset)))
}

/// French date and time as the intranet prints it: `14/09/2026 09:00`.
pub fn french(dt: NaiveDateTime) -> String {
    dt.format("%d/%m/%Y %H:%M").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_clock_is_monday_nine_in_paris() {
        let clock = Clock::new(ClockMode::Fixed);
        let now = clock.paris_now(None);
        assert_eq!(now.weekday(), Weekday::Mon);
        assert_eq!(french(now), "14/09/2026 09:00");
    }

    #[test]
    fn advancing_one_login_leaves_others_alone() {
        let clock = Clock::new(ClockMode::Fixed);
        clock.advance(Some("a"), Duration::days(1));
        assert_eq!(clock.today(Some("a")).to_string(), "2026-09-15");
        assert_eq!(clock.today(Some("b")).to_string(), "2026-09-14");
        clock.advance(None, Duration::days(1));
        assert_eq!(clock.today(Some("a")).to_string(), "2026-09-16");
        assert_eq!(clock.today(Some("b")).to_string(), "2026-09-15");
    }

    #[test]
    fn paris_switches_to_winter_time_in_october() {
        let summer = Utc
            .with_ymd_and_hms(2026, 10, 25, 0, 59, 0)
            .single()
            .unwrap();
        let winter = Utc
            .with_ymd_and_hms(2026, 10, 25, 1, 0, 0)
            .single()
            .unwrap();
        assert_eq!(paris_offset_hours(summer), 2);
        assert_eq!(paris_offset_hours(winter), 1);
        let local = NaiveDate::from_ymd_opt(2026, 12, 1)
            .unwrap()
            .and_hms_opt(8, 0, 0)
            .unwrap();
        assert_eq!(from_paris(local).to_rfc3339(), "2026-12-01T07:00:00+00:00");
    }
}
