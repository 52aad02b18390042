//! The agreement wizard's steps and fields (labels as esup-pstage shows
//! them), and their server-side checks with esup-pstage's messages.

use std::collections::BTreeMap;

use chrono::NaiveDate;

/// What a field is on the screen.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Input {
    Text,
    Area,
    Select(&'static [&'static str]),
    /// Shown, not editable (from the student's registration).
    Fixed,
}

/// How a value is checked (besides being required).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Check {
    Any,
    Email,
    Phone,
    Siret,
    Date,
    /// Total hours: up to 4 digits, optional 2 decimals.
    Hours,
    /// Weekly hours: the 99.99 format.
    Weekly,
    Amount,
}

pub struct Field {
    pub key: &'static str,
    pub label: &'static str,
    pub input: Input,
    pub required: bool,
    pub check: Check,
}

pub struct Step {
    pub title: &'static str,
    pub fields: &'static [Field],
}

const fn f(
    key: &'static str,
    label: &'static str,
    input: Input,
    required: bool,
    check: Check,
) -> Field {
    Field {
        key,
        label,
        input,
        required,
        check,
    }
}

pub const COUNTRIES: &[&str] = &[
    "France",
    "Allemagne",
    "Belgique",
    "Brésil",
    "Canada",
    "Chine",
    "Espagne",
    "États-Unis",
    "Italie",
    "Japon",
    "Liban",
    "Maroc",
    "Royaume-Uni",
    "Sénégal",
    "Suisse",
    "Tunisie",
    "Vietnam",
];
pub const CIVILITES: &[&str] = &["Madame", "Monsieur"];
pub const TYPES: &[&str] = &["Stage obligatoire", "Stage facultatif"];
pub const YES_NO: &[&str] = &["Non", "Oui"];
pub const TEACHERS: &[&str] = &[
    "Marc Chevalier",
    "Sophie Durand",
    "Isabelle Garnier",
    "Julien Lemaire",
    "Claire Roussel",
];

use Check::*;
use Input::*;

/// Steps 1 to 7 (8 is the summary, 9 the printing).
pub const STEPS: &[Step] = &[
    Step {
        title: "Informations étudiant",
        fields: &[
            f("etu_numero", "N° étudiant", Fixed, false, Any),
            f("etu_nom", "Nom", Fixed, false, Any),
            f("etu_prenom", "Prénom", Fixed, false, Any),
            f("etu_adresse", "Adresse", Text, true, Any),
            f("etu_cp", "Code postal", Text, true, Any),
            f("etu_commune", "Commune", Text, true, Any),
            f("etu_pays", "Pays", Select(COUNTRIES), true, Any),
            f("etu_tel", "Téléphone", Text, false, Phone),
            f("etu_portable", "Téléphone Portable", Text, false, Phone),
            f("etu_mail_perso", "Mail personnel", Text, true, Email),
            f("etu_mail", "Mail institutionnel", Fixed, false, Any),
            f("etu_etape", "Étape d'étude", Fixed, false, Any),
            f("etu_ufr", "Composante/UFR", Fixed, false, Any),
        ],
    },
    Step {
        title: "Informations Établissement d'Accueil",
        fields: &[
            f("org_raison", "Raison sociale", Text, true, Any),
            f("org_siret", "Numéro SIRET", Text, false, Siret),
            f("org_adresse", "Adresse", Text, true, Any),
            f("org_cp", "Code postal", Text, true, Any),
            f("org_commune", "Commune", Text, true, Any),
            f("org_pays", "Pays", Select(COUNTRIES), true, Any),
            f("org_tel", "Téléphone", Text, true, Phone),
        ],
    },
    Step {
        title: "Informations service d'accueil",
        fields: &[f("svc_nom", "Nom du service", Text, true, Any)],
    },
    Step {
        title: "Informations tuteur professionnel",
        fields: &[
            f("tut_civilite", "Civilité", Select(CIVILITES), true, Any),
            f("tut_nom", "Nom", Text, true, Any),
            f("tut_prenom", "Prénom", Text, true, Any),
            f("tut_fonction", "Fonction", Text, true, Any),
            f("tut_tel", "Téléphone", Text, true, Phone),
            f("tut_mail", "Mail", Text, true, Email),
        ],
    },
    Step {
        title: "Informations stage",
        fields: &[
            f("stage_type", "Type de stage", Select(TYPES), true, Any),
            f("stage_sujet", "Sujet", Text, true, Any),
            f("stage_taches", "Fonctions et tâches", Area, true, Any),
            f("stage_debut", "Date de début du stage", Text, true, Date),
            f("stage_fin", "Date de fin du stage", Text, true, Date),
            f(
                "stage_heures",
                "Durée effective du stage en nombre d'heures",
                Text,
                true,
                Hours,
            ),
            f(
                "stage_hebdo",
                "Nombre d'heures hebdomadaires",
                Text,
                true,
                Weekly,
            ),
            f(
                "stage_gratification",
                "Gratification au cours du stage ?",
                Select(YES_NO),
                true,
                Any,
            ),
            f(
                "stage_montant",
                "Montant de la gratification",
                Text,
                false,
                Amount,
            ),
        ],
    },
    Step {
        title: "Informations enseignant référent",
        fields: &[f(
            "ens_referent",
            "Enseignant référent",
            Select(TEACHERS),
            true,
            Any,
        )],
    },
    Step {
        title: "Informations signataire",
        fields: &[
            f("sig_civilite", "Civilité", Select(CIVILITES), true, Any),
            f("sig_nom", "Nom", Text, true, Any),
            f("sig_prenom", "Prénom", Text, true, Any),
            f("sig_fonction", "Fonction", Text, true, Any),
        ],
    },
];

pub const SUMMARY_TITLE: &str = "Récapitulatif des informations saisies";
pub const PRINT_TITLE: &str = "Impression";
pub const FORM_ERROR: &str = "Le formulaire n'est pas rempli correctement";
pub const HOURS_WARNING: &str =
    "Attention : la durée effective du stage dépasse 924 heures (6 mois), le maximum d'un stage sur une année universitaire. Vérifiez les dates et les heures avec votre composante ; cliquez à nouveau sur Valider pour confirmer.";
/// Longest value kept for a field.
pub const MAX_LEN: usize = 2000;

/// A decimal with at most `int` digits before the dot and 2 after.
fn decimal(s: &str, int: usize) -> Option<f64> {
    let (whole, frac) = match s.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (s, None),
    };
    let digits = |p: &str, max: usize| {
        !p.is_empty() && p.len() <= max && p.bytes().all(|b| b.is_ascii_digit())
    };
    if !digits(whole, int) || frac.is_some_and(|f| !digits(f, 2)) {
        return None;
    }
    s.parse().ok()
}

/// A date written `jj/mm/aaaa`.
pub fn date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    let shape = b.len() == 10
        && b[2] == b'/'
        && b[5] == b'/'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 2 || i == 5 || c.is_ascii_digit());
    if !shape {
        return None;
    }
    NaiveDate::parse_from_str(s, "%d/%m/%Y").ok()
}

/// Total hours as a number, if well written.
pub fn hours(s: &str) -> Option<f64> {
    decimal(s, 4)
}

fn check(c: Check, v: &str) -> Option<&'static str> {
    let ok = match c {
        Any => true,
        Email => {
            let mut parts = v.split('@');
            let (local, domain) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
            parts.next().is_none()
                && !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !v.contains(char::is_whitespace)
                && v.len() <= 254
        }
        Phone => {
            v.len() <= 30
                && v.chars()
                    .all(|c| c.is_ascii_digit() || " +.-()".contains(c))
                && v.chars().filter(char::is_ascii_digit).count() >= 6
        }
        Siret => {
            let digits: String = v.chars().filter(|c| !c.is_whitespace()).collect();
            digits.len() == 14 && digits.bytes().all(|b| b.is_ascii_digit())
        }
        Date => date(v).is_some(),
        Hours => hours(v).is_some_and(|h| h > 0.0),
        Weekly => decimal(v, 2).is_some_and(|h| h > 0.0),
        Amount => decimal(v, 6).is_some(),
    };
    if ok {
        return None;
    }
    Some(match c {
        Email => "Adresse électronique invalide",
        Phone => "Numéro de téléphone invalide",
        Siret => "Le numéro SIRET doit comporter 14 chiffres",
        Date => "Date invalide : le format attendu est jj/mm/aaaa",
        Hours => "Nombre d'heures invalide : le format attendu est 9999.99",
        Weekly => "Nombre d'heures invalide : le format attendu est 99.99",
        Amount => "Montant invalide : le format attendu est 9999.99",
        Any => "",
    })
}

/// The errors of step `index` (0-based) for `values`, by field key.
pub fn validate(
    index: usize,
    values: &BTreeMap<String, String>,
) -> BTreeMap<&'static str, &'static str> {
    let mut errors = BTreeMap::new();
    let Some(step) = STEPS.get(index) else {
        return errors;
    };
    let get = |k: &str| values.get(k).map(|v| v.trim()).unwrap_or("");
    for field in step.fields {
        if field.input == Fixed {
            continue;
        }
        let v = get(field.key);
        if v.is_empty() {
            let needed = field.required
                || (field.key == "stage_montant" && get("stage_gratification") == "Oui");
            if needed {
                errors.insert(field.key, "Champ obligatoire");
            }
            continue;
        }
        if let Select(options) = field.input {
            if !options.contains(&v) {
                errors.insert(field.key, "Choisissez une valeur dans la liste");
                continue;
            }
        }
        if let Some(e) = check(field.check, v) {
            errors.insert(field.key, e);
        }
    }
    if index == 1 && get("org_pays") == "France" && !errors.contains_key("org_cp") {
        let cp = get("org_cp");
        if !(cp.len() == 5 && cp.bytes().all(|b| b.is_ascii_digit())) {
            errors.insert("org_cp", "Code postal invalide : 5 chiffres en France");
        }
    }
    if index == 4
        && get("stage_gratification") == "Non"
        && !errors.contains_key("stage_heures")
        && hours(get("stage_heures")).is_some_and(|h| h > 308.0)
    {
        errors.insert(
            "stage_gratification",
            "Un stage de plus de deux mois (308 heures) doit être gratifié : choisissez Oui",
        );
    }
    if index == 4 {
        if let (Some(start), Some(end)) = (date(get("stage_debut")), date(get("stage_fin"))) {
            if end <= start {
                errors.insert(
                    "stage_fin",
                    "La date de fin du stage doit être postérieure à la date de début du stage",
                );
            }
        }
    }
    errors
}

/// Whether the total hours of `values` exceed 924.
pub fn over_924(values: &BTreeMap<String, String>) -> bool {
    values
        .get("stage_heures")
        .and_then(|h| hours(h.trim()))
        .is_some_and(|h| h > 924.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert!(date("01/06/2027").is_some());
        assert!(
            date("1/6/2027").is_none()
                && date("31/02/2027").is_none()
                && date("2027-06-01").is_none()
        );
        assert_eq!(decimal("35.00", 2), Some(35.0));
        assert!(
            decimal("35,00", 2).is_none()
                && decimal("135", 2).is_none()
                && decimal("3.5.0", 2).is_none()
        );
        assert!(decimal("35.123", 2).is_none() && decimal(".5", 2).is_none());
        assert_eq!(check(Siret, "123 456 789 00012"), None);
        assert!(check(Email, "a@b").is_some() && check(Email, "a@b.fr").is_none());
    }
}
