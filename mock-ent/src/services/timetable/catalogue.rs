//! The timetable's calendar: the teaching days, and the classes of some
//! resources (the programmes and groups of `world::enrolment`) over a period,
//! from the weekly courses of `courses.rs`.

use chrono::{Datelike, Duration, NaiveDate, NaiveTime, Weekday};

pub use super::courses::{Course, Weeks, COURSES};
pub use crate::world::enrolment::{resource, resources_of, Resource, RESOURCES};

/// The ADE project every export names (`projectId`).
pub const PROJECT_ID: u32 = 7;

/// One class on one day.
pub struct Event<'a> {
    pub date: NaiveDate,
    pub course: &'a Course,
    /// Position of the course in [`COURSES`] (for stable identifiers).
    pub index: usize,
}

impl Event<'_> {
    pub fn start(&self) -> chrono::NaiveDateTime {
        self.date.and_time(time(self.course.start))
    }
    pub fn end(&self) -> chrono::NaiveDateTime {
        self.date.and_time(time(self.course.end))
    }
    /// The group the event is for (the course's resource name).
    pub fn group(&self) -> &'static str {
        resource(self.course.resource).map(|r| r.name).unwrap_or("")
    }
}

fn time((h, m): (u32, u32)) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN)
}

/// The first day of the academic year `date` belongs to (1 September).
pub fn academic_year_start(date: NaiveDate) -> NaiveDate {
    let year = if date.month() >= 9 {
        date.year()
    } else {
        date.year() - 1
    };
    NaiveDate::from_ymd_opt(year, 9, 1).unwrap_or(date)
}

/// Whether classes take place on `date`: the two semesters (7 September to
/// 19 December, 11 January to 24 April), less the autumn (ISO week 44) and
/// winter (ISO week 8) breaks and the public holidays.
pub fn teaching_day(date: NaiveDate) -> bool {
    if date.weekday() == Weekday::Sun {
        return false;
    }
    let start = academic_year_start(date).year();
    let d = |y: i32, m: u32, day: u32| NaiveDate::from_ymd_opt(y, m, day).unwrap_or(date);
    let in_s1 = date >= d(start, 9, 7) && date <= d(start, 12, 19);
    let in_s2 = date >= d(start + 1, 1, 11) && date <= d(start + 1, 4, 24);
    let week = date.iso_week().week();
    let holiday = matches!(
        (date.month(), date.day()),
        (11, 1) | (11, 11) | (5, 1) | (5, 8)
    );
    (in_s1 || in_s2) && week != 44 && week != 8 && !holiday
}

/// Every class of `resources` from `first` to `last` (inclusive, at most 400
/// days), in time order.
pub fn events(resources: &[u32], first: NaiveDate, last: NaiveDate) -> Vec<Event<'static>> {
    let mut out = Vec::new();
    let mut day = first;
    let stop = last.min(first + Duration::days(400));
    while day <= stop {
        if teaching_day(day) {
            let odd = day.iso_week().week() % 2 == 1;
            for (index, course) in COURSES.iter().enumerate() {
                let runs = match course.weeks {
                    Weeks::All => true,
                    Weeks::Odd => odd,
                    Weeks::Even => !odd,
                };
                if runs && course.weekday == day.weekday() && resources.contains(&course.resource) {
                    out.push(Event {
                        date: day,
                        course,
                        index,
                    });
                }
            }
        }
        let Some(next) = day.succ_opt() else { break };
        day = next;
    }
    out.sort_by_key(|e| (e.date, e.course.start, e.index));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::world::enrolment::{FLE_LEVELS, PROGRAMMES};

    #[test]
    fn a_persona_never_has_two_classes_at_once() {
        for (p, groups) in PROGRAMMES {
            for g in groups {
                for f in FLE_LEVELS {
                    let res = [*p, *g, *f];
                    let monday = NaiveDate::from_ymd_opt(2026, 9, 14).unwrap();
                    let evs = events(&res, monday, monday + Duration::days(13));
                    for w in evs.windows(2) {
                        assert!(
                            w[0].date != w[1].date || w[0].end() <= w[1].start(),
                            "{:?} {} overlaps {}",
                            res,
                            w[0].course.module,
                            w[1].course.module
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn breaks_and_holidays_have_no_class() {
        let res = [3101, 3102, 4001];
        let toussaint = NaiveDate::from_ymd_opt(2026, 10, 26).unwrap();
        assert!(events(&res, toussaint, toussaint + Duration::days(6)).is_empty());
        let armistice = NaiveDate::from_ymd_opt(2026, 11, 11).unwrap();
        assert!(!teaching_day(armistice));
        let first_week = NaiveDate::from_ymd_opt(2026, 9, 14).unwrap();
        assert!(!events(&res, first_week, first_week).is_empty());
    }
}
