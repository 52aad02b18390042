//! The directory (LDAP-like): personas with their identity, registration
//! date, activation status and hashed password; persona creation from a seed
//! (on a fresh directory identical seeds give identical people; a seed used
//! again gets a deterministic variant); password checks.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::core::secret::{PasswordHash, Seeded};

/// The kinds of persona the control API creates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// Registered today: no login until tomorrow.
    NewStudentToday,
    /// Registered yesterday, not activated: the birth date works.
    NewStudent,
    /// Activated; webmail never opened.
    ActiveStudent,
    /// Activated; webmail already set up in French.
    ReturningStudent,
}

impl Kind {
    pub const ALL: [Kind; 4] = [
        Kind::NewStudentToday,
        Kind::NewStudent,
        Kind::ActiveStudent,
        Kind::ReturningStudent,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Kind::NewStudentToday => "new-student-today",
            Kind::NewStudent => "new-student",
            Kind::ActiveStudent => "active-student",
            Kind::ReturningStudent => "returning-student",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == s)
    }

    pub fn activated(self) -> bool {
        matches!(self, Kind::ActiveStudent | Kind::ReturningStudent)
    }
}

/// One person in the directory.
#[derive(Clone, Debug)]
pub struct Persona {
    pub kind: Kind,
    pub login: String,
    pub given_name: String,
    pub family_name: String,
    pub birthdate: NaiveDate,
    pub registered_on: NaiveDate,
    /// University address `given.family@etu.univ-st-etienne.fr`.
    pub email: String,
    /// The outside address given at registration.
    pub personal_email: String,
    pub mobile: String,
    /// A password that satisfies the policy, for scripts to choose at activation.
    pub new_password: String,
    /// The password the control API reports as working now (scripts only;
    /// the directory checks `password_hash`).
    pub current_password: String,
    pub activated: bool,
    pub password_hash: Option<PasswordHash>,
    /// Secret part of the personal mailbox viewer's address.
    pub mailbox_token: String,
    /// Student number (N° étudiant).
    pub student_number: String,
}

impl Persona {
    /// The birth date as the initial password: `DDMMYYYY`.
    pub fn birthdate_password(&self) -> String {
        self.birthdate.format("%d%m%Y").to_string()
    }
}

/// What a login attempt with a password gives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Auth {
    /// Good credentials of an activated account.
    Ok,
    /// The birth date of an account not activated yet, the day after
    /// registration or later: only the activation pages open.
    NeedsActivation,
    /// Anything else.
    Denied,
}

#[derive(Default)]
pub struct Directory {
    personas: BTreeMap<String, Persona>,
    created: u64,
}

const GIVEN: &[&str] = &[
    "Amina", "Lucas", "Chen", "Sofia", "Mateo", "Yasmine", "Kofi", "Hélène", "Diego", "Mei",
    "Omar", "Léa", "Ivan", "Fatou", "Hiroshi", "Camila", "Rahul", "Zoé", "Tariq", "Ana",
];
const FAMILY: &[&str] = &[
    "Diallo",
    "Moreau",
    "Wang",
    "Rossi",
    "García",
    "Benali",
    "Mensah",
    "Dupré",
    "Fernández",
    "Li",
    "Haddad",
    "Girard",
    "Petrov",
    "Ndiaye",
    "Tanaka",
    "Souza",
    "Sharma",
    "Lefèvre",
    "Karimi",
    "Oliveira",
];
const WORDS: &[&str] = &[
    "Forez",
    "Loire",
    "Pilat",
    "Furan",
    "Gier",
    "Jaures",
    "Manufacture",
    "Tréfilerie",
    "Carnot",
    "Fauriel",
];

/// Lower-case ASCII of a name: accents dropped, anything else but letters removed.
pub fn ascii_slug(name: &str) -> String {
    name.chars()
        .filter_map(|c| {
            let c = match c {
                'à' | 'â' | 'ä' | 'á' | 'À' | 'Â' | 'Á' => 'a',
                'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' => 'e',
                'î' | 'ï' | 'í' | 'Î' => 'i',
                'ô' | 'ö' | 'ó' | 'Ô' => 'o',
                'ù' | 'û' | 'ü' | 'ú' | 'Û' => 'u',
                'ç' | 'Ç' => 'c',
                'ñ' => 'n',
                c => c,
            };
            c.is_ascii_alphabetic().then(|| c.to_ascii_lowercase())
        })
        .collect()
}

impl Directory {
    pub fn get(&self, login: &str) -> Option<&Persona> {
        self.personas.get(login)
    }

    pub fn get_mut(&mut self, login: &str) -> Option<&mut Persona> {
        self.personas.get_mut(login)
    }

    pub fn all(&self) -> impl Iterator<Item = &Persona> {
        self.personas.values()
    }

    pub fn by_mailbox_token(&self, token: &str) -> Option<&Persona> {
        self.personas
            .values()
            .find(|p| crate::core::secret::same(&p.mailbox_token, token))
    }

    /// Creates a persona of `kind`. The same `seed` gives the same person on
    /// a fresh directory; when that person's login or address is taken (the
    /// seed was used already on this directory, or another persona has it),
    /// it is the first free of the seed's variants `seed#1`, `seed#2`, ...,
    /// each always the same person. Without a seed the kind and a counter are
    /// the seed. `today` is the persona's date.
    pub fn create(&mut self, kind: Kind, seed: Option<&str>, today: NaiveDate) -> Persona {
        self.created += 1;
        let base_seed = match seed {
            Some(s) => format!("seed:{s}"),
            None => format!("{}:{}", kind.name(), self.created),
        };
        let mut attempt = 0u32;
        loop {
            let seed = if attempt == 0 {
                base_seed.clone()
            } else {
                format!("{base_seed}#{attempt}")
            };
            let p = generate(kind, &seed, today);
            let taken = self.personas.contains_key(&p.login)
                || self.personas.values().any(|q| q.email == p.email);
            if !taken {
                self.personas.insert(p.login.clone(), p.clone());
                return p;
            }
            attempt += 1;
        }
    }

    /// Checks `password` for `login` on `today` (the persona's date).
    pub fn check(&self, login: &str, password: &str, today: NaiveDate) -> Auth {
        match self.personas.get(login) {
            Some(p) => check(p, password, today),
            None => Auth::Denied,
        }
    }

    /// Sets a new password and marks the account activated.
    pub fn activate(&mut self, login: &str, password: &str) {
        self.activate_with(login, PasswordHash::new(password), password);
    }

    /// Like [`activate`](Self::activate) with a hash computed beforehand.
    pub fn activate_with(&mut self, login: &str, hash: PasswordHash, password: &str) {
        if let Some(p) = self.personas.get_mut(login) {
            p.activated = true;
            p.password_hash = Some(hash);
            p.current_password = password.to_string();
        }
    }
}

/// Checks `password` for persona `p` on `today` (the persona's date).
pub fn check(p: &Persona, password: &str, today: NaiveDate) -> Auth {
    if p.activated {
        return match &p.password_hash {
            Some(h) if h.verify(password) => Auth::Ok,
            _ => Auth::Denied,
        };
    }
    if today > p.registered_on && crate::core::secret::same(&p.birthdate_password(), password) {
        Auth::NeedsActivation
    } else {
        Auth::Denied
    }
}

fn generate(kind: Kind, seed: &str, today: NaiveDate) -> Persona {
    let mut rng = Seeded::new(seed);
    let given = rng.pick(GIVEN).to_string();
    let family = rng.pick(FAMILY).to_string();
    let g = ascii_slug(&given);
    let f = ascii_slug(&family);
    let number = rng.below(100_000);
    let letter = (b'a' + rng.below(26) as u8) as char;
    let login = format!(
        "{}{}{number:05}{letter}",
        g.chars().next().unwrap_or('x'),
        f.chars().next().unwrap_or('x')
    );
    let year = 1996 + rng.below(11) as i32;
    let birthdate = NaiveDate::from_yo_opt(year, 1 + rng.below(365) as u32)
        .unwrap_or(NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or(NaiveDate::MIN));
    let suffix = if seed.contains('#') {
        format!("{}", rng.below(90) + 10)
    } else {
        String::new()
    };
    let email = format!("{g}.{f}{suffix}@etu.univ-st-etienne.fr");
    let personal_email = format!("{g}.{f}{}{suffix}@example.org", birthdate.year() % 100);
    let mobile = format!("06{:08}", rng.below(100_000_000));
    let new_password = format!(
        "{}-{}{:02}",
        ascii_title(rng.pick::<&str>(WORDS)),
        ascii_slug(rng.pick::<&str>(WORDS)),
        rng.below(90) + 10
    );
    let registered_on = match kind {
        Kind::NewStudentToday => today,
        Kind::NewStudent => today - Duration::days(1),
        Kind::ActiveStudent | Kind::ReturningStudent => today - Duration::days(10),
    };
    let activated = kind.activated();
    let current_password = if activated {
        new_password.clone()
    } else {
        birthdate.format("%d%m%Y").to_string()
    };
    Persona {
        kind,
        login,
        given_name: given,
        family_name: family,
        birthdate,
        registered_on,
        email,
        personal_email,
        mobile,
        password_hash: activated.then(|| PasswordHash::new(&new_password)),
        current_password,
        new_password,
        activated,
        mailbox_token: crate::core::secret::random_token(32),
        student_number: format!("{:08}", 21_000_000 + rng.below(1_000_000)),
    }
}

fn ascii_title(word: &str) -> String {
    let slug = ascii_slug(word);
    let mut chars = slug.chars();
    match chars.next() {
        Some(c) => c.to_ascii_uppercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 9, 14).unwrap()
    }

    #[test]
    fn same_seed_same_person_and_collisions_get_a_variant() {
        let mut a = Directory::default();
        let mut b = Directory::default();
        let p = a.create(Kind::NewStudent, Some("first-login"), day());
        let q = b.create(Kind::NewStudent, Some("first-login"), day());
        assert_eq!((p.login.clone(), p.birthdate), (q.login, q.birthdate));
        let r = a.create(Kind::NewStudent, Some("first-login"), day());
        assert_ne!(p.login, r.login);
        assert_ne!(p.email, r.email);
    }

    #[test]
    fn birth_date_works_from_the_day_after_registration_until_activation() {
        let mut d = Directory::default();
        let p = d.create(Kind::NewStudentToday, None, day());
        let pw = p.birthdate_password();
        assert_eq!(d.check(&p.login, &pw, day()), Auth::Denied);
        let tomorrow = day() + Duration::days(1);
        assert_eq!(d.check(&p.login, &pw, tomorrow), Auth::NeedsActivation);
        d.activate(&p.login, &p.new_password);
        assert_eq!(d.check(&p.login, &pw, tomorrow), Auth::Denied);
        assert_eq!(d.check(&p.login, &p.new_password, tomorrow), Auth::Ok);
    }

    #[test]
    fn addresses_are_ascii() {
        let mut d = Directory::default();
        for i in 0..30 {
            let p = d.create(Kind::ActiveStudent, Some(&format!("s{i}")), day());
            assert!(
                p.email.is_ascii() && p.personal_email.is_ascii(),
                "{}",
                p.email
            );
            assert!(p.email.ends_with("@etu.univ-st-etienne.fr"));
        }
    }
}
