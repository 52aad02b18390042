//! The shipped guide keeps every step of the 2015 guide executable: each seed
//! step appears, in order, as a step action of the English source page and
//! of every translation found beside it, and a translation carries exactly
//! its source's actions.

use ent_guide::steps::{extract, Action, Step};
use std::fs;
use std::path::{Path, PathBuf};

const CONTENT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/content");

/// The seed steps each page must carry, in order, written in the step
/// language (other actions may sit between them).
const SEED: &[(&str, &[&str])] = &[
    (
        "first-login",
        &[
            "open https://ent.univ-st-etienne.fr/",
            r#"click "Connexion""#,
            r#"fill "Identifiant" with "{login}""#,
            r#"fill "Mot de passe" with "{birthdate}""#,
            r#"click "SE CONNECTER""#,
            r#"fill "Recopiez le texte de l'image" with "{captcha}""#,
            r#"select "Etudiant" in "Vous êtes""#,
            r#"click "Valider""#,
            r#"fill "Courriel alternatif" with "{personal_email}""#,
            r#"click "Envoyer""#,
            r#"mail "Activation de votre compte""#,
            r#"click "Activer mon compte""#,
            r#"expect "{login}""#,
            r#"fill "Nouveau Mot de passe" with "{new_password}""#,
            r#"fill "Confirmez votre mot de passe" with "{new_password}""#,
            r#"check "J'accepte la charte et j'active mon compte :""#,
            r#"click "Valider""#,
            r#"click "Quitter""#,
            r#"click "Déconnexion""#,
            r#"click "Connexion""#,
            r#"fill "Identifiant" with "{login}""#,
            r#"fill "Mot de passe" with "{new_password}""#,
            r#"click "SE CONNECTER""#,
            r#"expect "ENSEIGNEMENTS""#,
        ],
    ),
    (
        "windows-session",
        &[
            r#"fill "Nom d'utilisateur" with "{login}""#,
            r#"fill "Mot de passe" with "{password}""#,
            r#"click "Se connecter""#,
        ],
    ),
    (
        "log-in",
        &[
            "open https://ent.univ-st-etienne.fr/",
            r#"click "Connexion""#,
            r#"fill "Identifiant" with "{login}""#,
            r#"fill "Mot de passe" with "{password}""#,
            r#"click "SE CONNECTER""#,
            r#"click "Déconnexion""#,
        ],
    ),
    (
        "timetable",
        &[
            r#"click "ENSEIGNEMENTS""#,
            r#"click "Mon emploi du temps""#,
            r#"click "Exporter""#,
        ],
    ),
    (
        "email",
        &[
            r#"click "BUREAU VIRTUEL""#,
            r#"click "Bureau Virtuel""#,
            r#"click "J'accède à ma messagerie""#,
            r#"select "English (United Kingdom)" in "Langue""#,
        ],
    ),
    (
        "email-language",
        &[
            r#"click "J'accède à ma messagerie""#,
            r#"click "Paramètres""#,
            r#"click "Options""#,
            r#"click "Général""#,
            r#"click "Région et fuseau horaire""#,
            r#"select "English (United Kingdom)" in "Langue""#,
            r#"click "Enregistrer""#,
        ],
    ),
    (
        "claroline",
        &[
            r#"click "Documents et liens""#,
            r#"click "Ajouter un fichier""#,
            r#"upload "Fichier" with "my-report.pdf""#,
            r#"expect "Chargement terminé""#,
        ],
    ),
    (
        "placement-agreement",
        &[
            r#"click "Convention de stage""#,
            r#"click "Créer une convention""#,
            r#"click "Valider la convention""#,
        ],
    ),
    (
        "troubleshooting",
        &[
            r#"fill "Mot de passe" with "{birthdate}""#,
            r#"click "SE CONNECTER""#,
            r#"expect "Les informations transmises n'ont pas permis de vous authentifier.""#,
            "wait 1 day",
            r#"click "SE CONNECTER""#,
            r#"expect "Activation de votre compte""#,
        ],
    ),
];

/// The steps of one page file, failing on any directive problem.
fn steps_of(path: &Path) -> Vec<Step> {
    let source =
        fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let x = extract(path, &source, body_start(&source));
    assert!(
        x.problems.is_empty(),
        "{} has step problems:\n{}",
        path.display(),
        x.problems
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    );
    x.steps
}

/// Byte offset of the Markdown body, after the `---` front matter.
fn body_start(source: &str) -> usize {
    let Some(rest) = source.strip_prefix("---\n") else {
        return 0;
    };
    let mut at = 4;
    for line in rest.split_inclusive('\n') {
        at += line.len();
        if line.trim_end() == "---" {
            return at;
        }
    }
    0
}

fn actions(steps: &[Step]) -> Vec<String> {
    steps
        .iter()
        .flat_map(|s| s.actions.iter().map(|a| a.value.to_string()))
        .collect()
}

/// The translations of `slug` present in `content/`: `slug.<lang>.md`.
fn translations(slug: &str) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = fs::read_dir(CONTENT)
        .expect("content/ exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            name.strip_prefix(slug)
                .and_then(|r| r.strip_prefix('.'))
                .and_then(|r| r.strip_suffix(".md"))
                .is_some_and(|lang| !lang.is_empty() && !lang.contains('.'))
        })
        .collect();
    found.sort();
    found
}

/// The source pages of `content/`: `slug.md`, without a language suffix.
fn source_pages() -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = fs::read_dir(CONTENT)
        .expect("content/ exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            name.strip_suffix(".md")
                .is_some_and(|stem| !stem.contains('.'))
        })
        .collect();
    found.sort();
    found
}

/// Where the seed steps stop appearing in order: the first one missing.
fn first_missing<'a>(seed: &[&'a str], actions: &[String]) -> Option<&'a str> {
    let mut rest = actions.iter();
    seed.iter()
        .find(|want| !rest.any(|have| have == *want))
        .copied()
}

#[test]
fn every_seed_step_is_executable_in_the_source() {
    for (slug, seed) in SEED {
        let path = Path::new(CONTENT).join(format!("{slug}.md"));
        let have = actions(&steps_of(&path));
        if let Some(missing) = first_missing(seed, &have) {
            panic!(
                "{}: the seed step `{missing}` is missing (or out of order); its actions are:\n{}",
                path.display(),
                have.join("\n")
            );
        }
    }
}

#[test]
fn every_translation_carries_the_seed_steps_and_its_source_steps() {
    for source_path in source_pages() {
        let slug = source_path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_string();
        let source = steps_of(&source_path);
        let seed = SEED.iter().find(|(s, _)| *s == slug).map(|(_, seed)| *seed);
        for path in translations(&slug) {
            let steps = steps_of(&path);
            let have = actions(&steps);
            if let Some(missing) = seed.and_then(|seed| first_missing(seed, &have)) {
                panic!(
                    "{}: the seed step `{missing}` is missing (or out of order)",
                    path.display()
                );
            }
            assert_eq!(
                have,
                actions(&source),
                "{} must carry the same actions as {slug}.md",
                path.display()
            );
            let shots = |steps: &[Step]| -> Vec<Option<String>> {
                steps.iter().map(|s| s.shot_name.clone()).collect()
            };
            assert_eq!(
                shots(&steps),
                shots(&source),
                "{} must take the same screenshots, at the same steps, as {slug}.md",
                path.display()
            );
        }
    }
}

#[test]
fn the_timetable_grid_is_explained_with_three_callouts() {
    let path = Path::new(CONTENT).join("timetable.md");
    let steps = steps_of(&path);
    let grid = steps
        .iter()
        .find_map(|s| {
            s.shot
                .as_ref()
                .filter(|shot| !shot.value.callouts.is_empty())
        })
        .expect("a timetable step has a shot with callouts");
    assert_eq!(grid.value.callouts, vec!["08:00", "Lundi", "14/09/26"]);
}

#[test]
fn every_page_with_steps_starts_by_opening_a_page() {
    let mut pages = source_pages();
    for source in source_pages() {
        let slug = source
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_string();
        pages.extend(translations(&slug));
    }
    for path in pages {
        let steps = steps_of(&path);
        let Some(first) = steps.first().and_then(|s| s.actions.first()) else {
            continue;
        };
        assert!(
            matches!(&first.value, Action::Open { .. }),
            "{}: the first step must open a page (a fresh browser starts nowhere), not `{}`",
            path.display(),
            first.value
        );
    }
}

#[test]
fn every_seed_page_exists_in_the_source() {
    let slugs: Vec<String> = source_pages()
        .iter()
        .filter_map(|p| p.file_stem().and_then(|s| s.to_str()).map(String::from))
        .collect();
    for (slug, _) in SEED {
        assert!(
            slugs.iter().any(|s| s == slug),
            "content/{slug}.md is missing"
        );
    }
}
