//! The timetable's data: the weekly courses of the ADE project's resources
//! (the programmes and groups of `world::enrolment`) and the teaching
//! calendar.

use chrono::{Datelike, Duration, NaiveDate, NaiveTime, Weekday};

pub use crate::world::enrolment::{resource, resources_of, Resource, RESOURCES};

/// The ADE project every export names (`projectId`).
pub const PROJECT_ID: u32 = 7;

/// A weekly course of a resource.
pub struct Course {
    pub resource: u32,
    pub weekday: Weekday,
    pub start: (u32, u32),
    pub end: (u32, u32),
    pub module: &'static str,
    /// CM (lecture), TD (tutorial), TP (practical).
    pub kind: &'static str,
    pub lecturer: &'static str,
    pub room: &'static str,
    pub weeks: Weeks,
}

/// Which teaching weeks a course runs.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Weeks {
    All,
    /// Odd ISO week numbers only.
    Odd,
    /// Even ISO week numbers only.
    Even,
}

use Weekday::{Fri, Mon, Sat, Thu, Tue, Wed};

#[allow(clippy::too_many_arguments)] // one row of the table below
const fn c(
    resource: u32,
    weekday: Weekday,
    start: (u32, u32),
    end: (u32, u32),
    module: &'static str,
    kind: &'static str,
    lecturer: &'static str,
    room: &'static str,
    weeks: Weeks,
) -> Course {
    Course {
        resource,
        weekday,
        start,
        end,
        module,
        kind,
        lecturer,
        room,
        weeks,
    }
}

pub const COURSES: &[Course] = &[
    // M1 Management international (IAE, Campus Tréfilerie)
    c(
        3101,
        Mon,
        (8, 0),
        (10, 0),
        "Stratégie internationale des entreprises",
        "CM",
        "MARCHAND Thomas",
        "Tréfilerie - Amphi D01",
        Weeks::All,
    ),
    c(
        3101,
        Mon,
        (10, 15),
        (12, 15),
        "Marketing international",
        "CM",
        "ROUSSEL Claire",
        "Tréfilerie - Amphi D01",
        Weeks::All,
    ),
    c(
        3101,
        Tue,
        (9, 0),
        (12, 0),
        "Finance d'entreprise",
        "CM",
        "VIDAL Patrick",
        "Tréfilerie - Bât. J - J104",
        Weeks::All,
    ),
    c(
        3101,
        Thu,
        (8, 30),
        (10, 30),
        "Management interculturel",
        "CM",
        "OKAFOR Grace",
        "Tréfilerie - Bât. J - J010",
        Weeks::All,
    ),
    c(
        3101,
        Fri,
        (9, 0),
        (12, 0),
        "Commerce international et douanes",
        "CM",
        "BERTRAND Luc",
        "Tréfilerie - Amphi D02",
        Weeks::Odd,
    ),
    c(
        3102,
        Mon,
        (14, 0),
        (16, 0),
        "Marketing international",
        "TD",
        "ROUSSEL Claire",
        "Tréfilerie - Bât. J - J202",
        Weeks::All,
    ),
    c(
        3102,
        Wed,
        (9, 0),
        (12, 0),
        "Études de cas en management",
        "TD",
        "FONTAINE Hugo",
        "Tréfilerie - Bât. J - J203",
        Weeks::All,
    ),
    c(
        3102,
        Thu,
        (13, 30),
        (15, 30),
        "Anglais des affaires",
        "TD",
        "WALKER Emma",
        "Tréfilerie - Bât. H - H105",
        Weeks::All,
    ),
    c(
        3103,
        Mon,
        (16, 0),
        (18, 0),
        "Marketing international",
        "TD",
        "ROUSSEL Claire",
        "Tréfilerie - Bât. J - J202",
        Weeks::All,
    ),
    c(
        3103,
        Wed,
        (13, 30),
        (16, 30),
        "Études de cas en management",
        "TD",
        "FONTAINE Hugo",
        "Tréfilerie - Bât. J - J203",
        Weeks::All,
    ),
    c(
        3103,
        Thu,
        (15, 30),
        (17, 30),
        "Anglais des affaires",
        "TD",
        "WALKER Emma",
        "Tréfilerie - Bât. H - H105",
        Weeks::All,
    ),
    // M1 Machine Learning and Data Mining (Campus Manufacture)
    c(
        3201,
        Mon,
        (8, 0),
        (10, 0),
        "Advanced Machine Learning",
        "CM",
        "LEMAIRE Julien",
        "Manufacture - Bât. F - F021",
        Weeks::All,
    ),
    c(
        3201,
        Mon,
        (10, 15),
        (12, 15),
        "Data Mining",
        "CM",
        "NGUYEN Thi Lan",
        "Manufacture - Bât. F - F021",
        Weeks::All,
    ),
    c(
        3201,
        Tue,
        (8, 30),
        (10, 30),
        "Probabilistic Graphical Models",
        "CM",
        "CHEVALIER Marc",
        "Manufacture - Bât. F - F112",
        Weeks::All,
    ),
    c(
        3201,
        Wed,
        (10, 0),
        (12, 0),
        "Computer Vision",
        "CM",
        "ALMEIDA Rafael",
        "Manufacture - Bât. F - F021",
        Weeks::All,
    ),
    c(
        3201,
        Thu,
        (9, 0),
        (12, 0),
        "Research Seminar",
        "CM",
        "LEMAIRE Julien",
        "Manufacture - Salle du conseil",
        Weeks::Even,
    ),
    c(
        3202,
        Mon,
        (14, 0),
        (17, 0),
        "Advanced Machine Learning",
        "TP",
        "PERRIN Aurélie",
        "Manufacture - Bât. F - F203 (TP)",
        Weeks::All,
    ),
    c(
        3202,
        Tue,
        (13, 30),
        (15, 30),
        "Data Mining",
        "TP",
        "NGUYEN Thi Lan",
        "Manufacture - Bât. F - F204 (TP)",
        Weeks::All,
    ),
    c(
        3202,
        Fri,
        (9, 0),
        (11, 0),
        "Scientific English",
        "TD",
        "WALKER Emma",
        "Manufacture - Bât. E - E015",
        Weeks::All,
    ),
    c(
        3203,
        Tue,
        (15, 30),
        (17, 30),
        "Data Mining",
        "TP",
        "NGUYEN Thi Lan",
        "Manufacture - Bât. F - F204 (TP)",
        Weeks::All,
    ),
    c(
        3203,
        Wed,
        (13, 30),
        (16, 30),
        "Advanced Machine Learning",
        "TP",
        "PERRIN Aurélie",
        "Manufacture - Bât. F - F203 (TP)",
        Weeks::All,
    ),
    c(
        3203,
        Fri,
        (11, 0),
        (13, 0),
        "Scientific English",
        "TD",
        "WALKER Emma",
        "Manufacture - Bât. E - E015",
        Weeks::All,
    ),
    // M1 Langues étrangères appliquées (Campus Tréfilerie)
    c(
        3301,
        Mon,
        (8, 0),
        (10, 0),
        "Traduction économique et juridique",
        "CM",
        "GARNIER Isabelle",
        "Tréfilerie - Bât. H - H001",
        Weeks::All,
    ),
    c(
        3301,
        Mon,
        (10, 15),
        (12, 15),
        "Civilisation des pays anglophones",
        "CM",
        "O'BRIEN Sean",
        "Tréfilerie - Bât. H - H001",
        Weeks::All,
    ),
    c(
        3301,
        Tue,
        (10, 0),
        (12, 0),
        "Droit du commerce international",
        "CM",
        "LACROIX Benoît",
        "Tréfilerie - Amphi D02",
        Weeks::All,
    ),
    c(
        3301,
        Thu,
        (9, 0),
        (11, 0),
        "Négociation internationale",
        "CM",
        "MORENO Lucía",
        "Tréfilerie - Bât. H - H012",
        Weeks::All,
    ),
    c(
        3302,
        Mon,
        (13, 30),
        (15, 30),
        "Traduction anglais-français",
        "TD",
        "GARNIER Isabelle",
        "Tréfilerie - Bât. H - H108",
        Weeks::All,
    ),
    c(
        3302,
        Wed,
        (9, 0),
        (11, 0),
        "Espagnol des affaires",
        "TD",
        "MORENO Lucía",
        "Tréfilerie - Bât. H - H110",
        Weeks::All,
    ),
    c(
        3302,
        Fri,
        (10, 0),
        (12, 0),
        "Outils de traduction assistée",
        "TP",
        "DUBOIS Nathalie",
        "Tréfilerie - Bât. K - Salle informatique K02",
        Weeks::Odd,
    ),
    c(
        3303,
        Mon,
        (15, 30),
        (17, 30),
        "Traduction anglais-français",
        "TD",
        "GARNIER Isabelle",
        "Tréfilerie - Bât. H - H108",
        Weeks::All,
    ),
    c(
        3303,
        Wed,
        (11, 0),
        (13, 0),
        "Espagnol des affaires",
        "TD",
        "MORENO Lucía",
        "Tréfilerie - Bât. H - H110",
        Weeks::All,
    ),
    c(
        3303,
        Fri,
        (13, 30),
        (15, 30),
        "Outils de traduction assistée",
        "TP",
        "DUBOIS Nathalie",
        "Tréfilerie - Bât. K - Salle informatique K02",
        Weeks::Even,
    ),
    // French as a foreign language (CILEC, Campus Tréfilerie)
    c(
        4001,
        Tue,
        (17, 30),
        (19, 30),
        "FLE - Expression orale",
        "TD",
        "BLANC Sophie",
        "CILEC - Tréfilerie - Salle C12",
        Weeks::All,
    ),
    c(
        4001,
        Thu,
        (17, 30),
        (19, 30),
        "FLE - Grammaire et écrit",
        "TD",
        "MARTIN Élodie",
        "CILEC - Tréfilerie - Salle C12",
        Weeks::All,
    ),
    c(
        4001,
        Sat,
        (9, 0),
        (12, 0),
        "FLE - Civilisation française",
        "CM",
        "ROCHE Antoine",
        "CILEC - Tréfilerie - Salle C20",
        Weeks::Odd,
    ),
    c(
        4002,
        Wed,
        (17, 30),
        (19, 30),
        "FLE - Compréhension et expression",
        "TD",
        "MARTIN Élodie",
        "CILEC - Tréfilerie - Salle C14",
        Weeks::All,
    ),
    c(
        4002,
        Fri,
        (16, 0),
        (18, 0),
        "FLE - Français universitaire",
        "TD",
        "BLANC Sophie",
        "CILEC - Tréfilerie - Salle C14",
        Weeks::All,
    ),
    c(
        4002,
        Sat,
        (9, 0),
        (12, 0),
        "FLE - Civilisation française",
        "CM",
        "ROCHE Antoine",
        "CILEC - Tréfilerie - Salle C20",
        Weeks::Even,
    ),
];

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
