//! The placement agreements' data: each persona's own list of agreements
//! (agreement `n` is the `n`-th of the persona's list, so nobody can name
//! another's), their status (the referent teacher validates a submitted one
//! [`TEACHER_DELAY_DAYS`] later on the persona's clock), the values a new
//! one starts with, and the copies the pages render.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

use crate::core::state::AppState;
use crate::world::WorldState;

/// How long the referent teacher takes to check a submitted agreement.
pub const TEACHER_DELAY_DAYS: i64 = 2;
/// Most agreements one student may create.
pub const MAX_AGREEMENTS: usize = 20;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Status {
    Draft,
    Submitted,
    Validated,
}

pub struct Agreement {
    /// `2026-2027`.
    pub year: String,
    pub values: BTreeMap<String, String>,
    /// The furthest part reached (1..=8), where **Reprendre** leads.
    pub reached: usize,
    pub status: Status,
    pub submitted_at: Option<DateTime<Utc>>,
    /// The 924-hour warning was shown and confirmed.
    pub hours_confirmed: bool,
}

/// Every persona's agreements, keyed by login (the service's own state).
#[derive(Default)]
pub struct Pstage {
    users: HashMap<String, Vec<Agreement>>,
}

/// The academic year `day` belongs to: `2026-2027` from 1 September 2026.
pub fn academic_year(day: NaiveDate) -> String {
    let start = if day.month() >= 9 {
        day.year()
    } else {
        day.year() - 1
    };
    format!("{start}-{}", start + 1)
}

/// Runs `f` on `login`'s agreements, after the teacher's time-based checks.
pub fn with_agreements<R>(
    state: &AppState,
    login: &str,
    f: impl FnOnce(&mut Vec<Agreement>) -> R,
) -> R {
    let now = state.clock().now(Some(login));
    state.service::<Pstage, _>(|p| {
        let list = p.users.entry(login.to_string()).or_default();
        for a in list.iter_mut() {
            if a.status == Status::Submitted
                && a.submitted_at
                    .is_some_and(|t| now >= t + Duration::days(TEACHER_DELAY_DAYS))
            {
                a.status = Status::Validated;
            }
        }
        f(list)
    })
}

/// The referent teacher validates every submitted agreement of `login` now;
/// returns how many.
pub fn validate_submitted(state: &AppState, login: &str) -> usize {
    with_agreements(state, login, |list| {
        let mut count = 0;
        for a in list.iter_mut().filter(|a| a.status == Status::Submitted) {
            a.status = Status::Validated;
            count += 1;
        }
        count
    })
}

/// The values a new agreement starts with: the student's registration.
pub fn prefill(state: &AppState, login: &str) -> BTreeMap<String, String> {
    let mut v = BTreeMap::new();
    let Some(p) = state.persona(login) else {
        return v;
    };
    let mut rng = crate::core::secret::Seeded::new(&format!("pstage:{login}"));
    let streets = [
        "rue Michelet",
        "rue de la Résistance",
        "cours Fauriel",
        "rue Balay",
        "boulevard Karl Marx",
        "rue des Docteurs Charcot",
    ];
    let programme = crate::world::enrolment::resources_of(login)
        .first()
        .and_then(|id| crate::world::enrolment::resource(*id))
        .map(|r| r.name)
        .unwrap_or("M1");
    let ufr = if programme.contains("Management") {
        "IAE Saint-Étienne"
    } else if programme.contains("Machine") {
        "Faculté des Sciences et Techniques"
    } else {
        "Faculté des Arts, Lettres et Langues"
    };
    for (k, val) in [
        ("etu_numero", p.student_number.clone()),
        ("etu_nom", p.family_name.to_uppercase()),
        ("etu_prenom", p.given_name.clone()),
        (
            "etu_adresse",
            format!("{} {}", 1 + rng.below(60), rng.pick(&streets)),
        ),
        ("etu_cp", "42000".to_string()),
        ("etu_commune", "Saint-Étienne".to_string()),
        ("etu_pays", "France".to_string()),
        ("etu_tel", String::new()),
        ("etu_portable", p.mobile.clone()),
        ("etu_mail_perso", p.personal_email.clone()),
        ("etu_mail", p.email.clone()),
        ("etu_etape", programme.to_string()),
        ("etu_ufr", ufr.to_string()),
        ("org_pays", "France".to_string()),
        ("stage_gratification", "Non".to_string()),
    ] {
        v.insert(k.to_string(), val);
    }
    v
}

/// What the pages of one agreement need: a copy of it.
pub struct Snapshot {
    pub year: String,
    pub values: BTreeMap<String, String>,
    pub status: Status,
    pub hours_confirmed: bool,
    /// Another agreement of the same academic year exists.
    pub second: bool,
}

/// A copy of `login`'s agreement `n`, if it exists.
pub fn snapshot(state: &AppState, login: &str, n: usize) -> Option<Snapshot> {
    with_agreements(state, login, |list| {
        let a = list.get(n.checked_sub(1)?)?;
        let second = list
            .iter()
            .enumerate()
            .any(|(i, b)| i + 1 != n && b.year == a.year);
        Some(Snapshot {
            year: a.year.clone(),
            values: a.values.clone(),
            status: a.status,
            hours_confirmed: a.hours_confirmed,
            second,
        })
    })
}
