//! The welcome messages every new university mailbox receives from the
//! university's services, dated from the persona's registration day and the
//! same for the same persona on every run.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use crate::core::secret::Seeded;
use crate::world::directory::Persona;

/// One message of the mailbox.
#[derive(Clone, Debug)]
pub struct Message {
    pub from_name: &'static str,
    pub from_address: &'static str,
    pub subject: String,
    pub body: String,
    pub date: DateTime<Utc>,
    pub read: bool,
}

struct Template {
    from_name: &'static str,
    from_address: &'static str,
    subject: &'static str,
    /// `{given}`, `{email}`, `{login}`, `{meeting}` are replaced.
    body: &'static str,
    /// Days after registration.
    day: i64,
}

const TEMPLATES: &[Template] = &[
    Template {
        from_name: "Direction du numérique",
        from_address: "dnum@univ-st-etienne.fr",
        subject: "Bienvenue sur votre messagerie universitaire",
        day: 0,
        body: "Bonjour {given},\n\nVotre compte numérique de l'Université Jean Monnet est ouvert. Votre adresse électronique universitaire est :\n\n{email}\n\nLes services de l'université (scolarité, bibliothèque, enseignants) vous écrivent à cette adresse : consultez-la régulièrement, depuis l'ENT (onglet BUREAU VIRTUEL) ou depuis votre téléphone.\n\nVotre identifiant est {login}. Il vous sert aussi pour les postes de travail Windows des salles informatiques et pour le Wi-Fi eduroam.\n\nLa Direction du numérique\nUniversité Jean Monnet Saint-Étienne",
    },
    Template {
        from_name: "Relations internationales",
        from_address: "international@univ-st-etienne.fr",
        subject: "Welcome to Université Jean Monnet / Bienvenue à l'UJM",
        day: 1,
        body: "Dear {given},\n\nWelcome to Université Jean Monnet! The International Office invites all international students to the welcome meeting on {meeting} at 14:00, Campus Tréfilerie, amphitheatre D01. We will present the campus, your student card, housing aid (CAF) and the buddy programme.\n\nBonjour {given},\n\nBienvenue à l'Université Jean Monnet ! Le service des relations internationales invite les étudiants internationaux à la réunion d'accueil du {meeting} à 14h00, campus Tréfilerie, amphithéâtre D01.\n\nService des relations internationales\n10 rue Tréfilerie, 42023 Saint-Étienne Cedex 2",
    },
    Template {
        from_name: "Scolarité",
        from_address: "scolarite@univ-st-etienne.fr",
        subject: "Votre certificat de scolarité 2026-2027",
        day: 2,
        body: "Bonjour {given},\n\nVotre inscription administrative est terminée. Votre certificat de scolarité est disponible dans l'ENT, onglet SCOLARITÉ. Conservez-le : il vous sera demandé pour votre titre de séjour, votre compte bancaire et l'aide au logement.\n\nVotre carte d'étudiant est à retirer à l'accueil de votre composante.\n\nLe service de la scolarité",
    },
    Template {
        from_name: "Bibliothèque universitaire",
        from_address: "bu@univ-st-etienne.fr",
        subject: "Votre compte lecteur à la BU",
        day: 3,
        body: "Bonjour {given},\n\nVotre compte lecteur est actif : votre carte d'étudiant vous permet d'emprunter jusqu'à 15 documents pendant 3 semaines dans toutes les bibliothèques de l'université. Les ressources en ligne sont accessibles avec votre identifiant ENT.\n\nDes visites de la bibliothèque en anglais sont proposées chaque mercredi de septembre à 12h30.\n\nLes bibliothèques universitaires",
    },
    Template {
        from_name: "CILEC - Français langue étrangère",
        from_address: "cilec@univ-st-etienne.fr",
        subject: "Cours de français : test de positionnement",
        day: 4,
        body: "Bonjour {given},\n\nLes cours de français langue étrangère (FLE) commencent cette semaine. Votre groupe de niveau est indiqué dans votre emploi du temps (ENSEIGNEMENTS > Mon emploi du temps).\n\nSi vous pensez que votre niveau ne correspond pas, passez un test de positionnement au CILEC, campus Tréfilerie, bâtiment C, du lundi au jeudi de 9h à 12h.\n\nL'équipe du CILEC",
    },
    Template {
        from_name: "Service de santé universitaire",
        from_address: "ssu@univ-st-etienne.fr",
        subject: "Visite de santé des étudiants internationaux",
        day: 6,
        body: "Bonjour {given},\n\nLe service de santé universitaire vous propose une visite de santé gratuite, recommandée pendant votre première année en France. Prenez rendez-vous au 04 77 42 17 85 ou à l'accueil du service, campus Tréfilerie.\n\nLe service de santé universitaire",
    },
];

/// The mailbox of `persona` when first opened, newest first; messages dated
/// after `now` are left out.
pub fn welcome(persona: &Persona, now: DateTime<Utc>) -> Vec<Message> {
    let mut rng = Seeded::new(&format!("owa:{}", persona.login));
    let start = persona.registered_on;
    let meeting = next_weekday_after(start + Duration::days(8));
    let mut out: Vec<Message> = TEMPLATES
        .iter()
        .filter_map(|t| {
            let day = start + Duration::days(t.day);
            let minutes = 8 * 60 + rng.below(9 * 60) as u32;
            let local = day.and_hms_opt(minutes / 60, minutes % 60, rng.below(60) as u32)?;
            let date = crate::core::clock::from_paris(local);
            (date <= now).then(|| Message {
                from_name: t.from_name,
                from_address: t.from_address,
                subject: t.subject.to_string(),
                body: t
                    .body
                    .replace("{given}", &persona.given_name)
                    .replace("{email}", &persona.email)
                    .replace("{login}", &persona.login)
                    .replace("{meeting}", &meeting.format("%d/%m/%Y").to_string()),
                date,
                read: false,
            })
        })
        .collect();
    out.sort_by_key(|m| std::cmp::Reverse(m.date));
    out
}

fn next_weekday_after(day: NaiveDate) -> NaiveDate {
    use chrono::{Datelike, Weekday};
    let mut d = day;
    while matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
        d = d.succ_opt().unwrap_or(d);
        if d == day {
            break;
        }
    }
    d
}
