//! End-to-end tests of `ent-guide verify` and `ent-guide shoot` in real
//! headless Chromium against a small fixture intranet.

mod fixture;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

struct Run {
    code: i32,
    stdout: String,
}

fn ent_guide(dir: &Path, args: &[&str], origin: &str) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_ent-guide"))
        .args(args)
        .args(["--target", origin, "--timeout", "1.5"])
        .current_dir(dir)
        .env("ENT_GUIDE_TRACE", "1")
        .output()
        .expect("ent-guide runs");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr);
    eprintln!("--- stdout\n{stdout}--- stderr\n{stderr}");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout,
    }
}

const GUIDE: &str = "title:\n  en: Test guide\n  fr: Guide de test\ndefault_language: en\n\
languages:\n  - code: en\n    name: English\n  - code: fr\n    name: Français\n\
intranet_origin: https://ent.univ-st-etienne.fr\nbase_url: https://example.org/\n";

fn workspace(pages: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("content")).expect("mkdir");
    std::fs::write(dir.path().join("content/guide.yaml"), GUIDE).expect("guide.yaml");
    for (name, text) in pages {
        let path = dir.path().join("content").join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write page");
    }
    dir
}

/// `file:line:` of the first line of `text` containing `needle`.
fn line_of(file: &str, text: &str, needle: &str) -> String {
    let n = text
        .lines()
        .position(|l| l.contains(needle))
        .expect("needle in page")
        + 1;
    format!("{file}:{n}:")
}

const LOGIN: &str = r#"---
title: Log in
persona: new-student
---
# Log in

1. Open the login page.
   <!-- step: open https://cas.univ-st-etienne.fr/cas/login -->
2. Type your login in **Identifiant** and your birth date in **Mot de pase**.
   <!-- step: fill "Identifiant" with "{login}" -->
   <!-- step: fill "Mot de passe" with "{birthdate}" -->
3. Click the button.
   <!-- step: click "SE CONECTER" -->
"#;

const LOGIN_FR: &str = r#"---
title: Se connecter
---
# Se connecter

1. Ouvrez la page de connexion.
   <!-- step: open https://cas.univ-st-etienne.fr/cas/login -->
2. Tapez votre identifiant dans **Identifiant**.
   <!-- step: fill "Identifiant" with "{login}" -->
   <!-- step: fill "Mot de passe" with "{birthdate}" -->
"#;

const TWICE: &str = r#"---
title: Twice
---
1. Open the page with two forms.
   <!-- step: open /twice -->
2. Click **Valider**.
   <!-- step: click "Valider" -->
"#;

#[test]
fn verify_reports_each_mistake_where_the_editor_made_it() {
    let (origin, _state) = fixture::spawn();
    let dir = workspace(&[
        ("login.md", LOGIN),
        ("login.fr.md", LOGIN_FR),
        ("twice.md", TWICE),
    ]);
    let run = ent_guide(
        dir.path(),
        &["verify", "--jobs", "2", "--junit", "junit.xml"],
        &origin,
    );
    assert_eq!(run.code, 1, "verify fails");

    // A misspelled target: its file:line, the action, and the near miss.
    let at = line_of("content/login.md", LOGIN, "SE CONECTER");
    let line = run
        .stdout
        .lines()
        .find(|l| l.starts_with(&at))
        .expect("failure at the click's line");
    assert!(line.contains("step 3 `click \"SE CONECTER\"`"), "{line}");
    assert!(
        line.contains("no button or link named \"SE CONECTER\" on this screen"),
        "{line}"
    );
    assert!(
        line.contains("; the nearest") && line.contains("\"SE CONNECTER\""),
        "near miss named: {line}"
    );
    let shot = dir.path().join("target/verify/login/step-3.png");
    let html = dir.path().join("target/verify/login/step-3.html");
    assert!(shot.is_file() && html.is_file(), "failure artifacts saved");
    let snapshot = std::fs::read_to_string(html).expect("html");
    assert!(snapshot.contains("SE CONNECTER"));

    // A bold label that is not on the screen.
    let at = line_of("content/login.md", LOGIN, "**Mot de pase**");
    let line = run
        .stdout
        .lines()
        .find(|l| l.starts_with(&at))
        .expect("failure at the label's line");
    assert!(line.contains("**Mot de pase**"), "{line}");
    assert!(line.contains("\"Mot de passe\""), "near miss named: {line}");

    // A translation that drops a step.
    let at = line_of("content/login.fr.md", LOGIN_FR, "Tapez");
    let line = run
        .stdout
        .lines()
        .find(|l| l.starts_with(&at) || l.starts_with("content/login.fr.md"))
        .expect("failure in the translation");
    assert!(line.contains("has 2 of the source's 3 steps"), "{line}");
    assert!(
        line.contains("SE CONECTER"),
        "the missing step is named: {line}"
    );

    // Several matches: the candidates are listed.
    let line = run
        .stdout
        .lines()
        .find(|l| l.starts_with("content/twice.md"))
        .expect("failure in twice.md");
    assert!(
        line.contains("\"Valider\" names 2 elements on this screen"),
        "{line}"
    );
    assert_eq!(line.matches("\"Valider\" at (").count(), 2, "{line}");

    assert!(run.stdout.contains("verify: 2 pages (2 failed)"), "summary");
    let junit = std::fs::read_to_string(dir.path().join("junit.xml")).expect("junit");
    assert!(junit.contains("<testsuite name=\"login\""));
    assert!(junit.contains("SE CONECTER"));
    let verified =
        std::fs::read_to_string(dir.path().join("screenshots/verified.json")).expect("record");
    assert!(verified.contains("\"passed\": false"));
    // Each step's own day: step 1 passed in this run, step 3 never did.
    let record: serde_json::Value = serde_json::from_str(&verified).expect("json");
    let login = &record["login"];
    assert_eq!(login["steps"][0], login["date"], "{verified}");
    assert!(login["steps"][2].is_null(), "{verified}");
}

const TOUR: &str = r#"---
title: Tour
persona: new-student
---
# Tour

1. Open the portal and click **Connexion**.
   <!-- step: open https://ent.univ-st-etienne.fr/ -->
   <!-- step: click "Connexion" -->
   <!-- shot -->
2. Type your login in **Identifiant** and your birth date in **Mot de passe**,
   then click **SE CONNECTER**.
   <!-- step: fill "Identifiant" with "{login}" -->
   <!-- step: fill "Mot de passe" with "{birthdate}" -->
   <!-- step: click "SE CONNECTER" -->
   <!-- shot -->
3. The welcome page opens.
   <!-- step: expect "Accueil" -->
   <!-- shot as "welcome" -->
4. Open the e-mail and click **Activer mon compte**.
   <!-- step: mail "Activation de votre compte" -->
   <!-- step: click "Activer mon compte" -->
5. Copy the text of the image, choose **Etudiant** in **Vous êtes**, accept
   the charter and click **Valider**.
   <!-- step: fill "Recopiez le texte de l'image" with "{captcha}" -->
   <!-- step: select "Etudiant" in "Vous êtes" -->
   <!-- step: check "J'accepte la charte et j'active mon compte :" -->
   <!-- step: click "Valider" -->
   <!-- shot callouts "Image de vérification" -->
6. Your account is active.
   <!-- step: expect "Activation de votre compte réussie" -->
7. Attach your report in **Fichier** and click **Ajouter**.
   <!-- step: open /upload -->
   <!-- step: upload "Fichier" with "rapport.pdf" -->
   <!-- step: click "Ajouter" -->
   <!-- shot crop "Fichier" -->
8. It is there.
   <!-- step: expect "rapport.pdf" -->
9. Come back tomorrow.
   <!-- step: wait 1 day -->
   <!-- step: open /clock -->
   <!-- step: expect "Jour 1" -->
"#;

fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.expect("walk");
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(dir)
                .expect("inside")
                .to_path_buf();
            out.insert(rel, std::fs::read(entry.path()).expect("read"));
        }
    }
    out
}

#[test]
fn shoot_is_stable_and_rewrites_only_what_changed() {
    let (origin, state) = fixture::spawn();
    let dir = workspace(&[("tour.md", TOUR)]);

    let run = ent_guide(dir.path(), &["verify"], &origin);
    assert_eq!(run.code, 0, "the tour verifies");
    assert!(run.stdout.contains("verify: 9 passed, 0 failed, 0 skipped"));

    let run = ent_guide(dir.path(), &["shoot"], &origin);
    assert_eq!(run.code, 0);
    assert!(run
        .stdout
        .contains("shoot: 5 added, 0 changed, 0 removed, 0 kept"));
    let shots = dir.path().join("screenshots");
    let first = snapshot(&shots);
    let names: Vec<String> = first
        .keys()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        [
            "tour/click-ajouter.json",
            "tour/click-ajouter.png",
            "tour/click-connexion.json",
            "tour/click-connexion.png",
            "tour/click-connexion.small.png",
            "tour/click-se-connecter.json",
            "tour/click-se-connecter.png",
            "tour/click-se-connecter.small.png",
            "tour/click-valider.json",
            "tour/click-valider.png",
            "tour/click-valider.small.png",
            "tour/welcome.json",
            "tour/welcome.png",
            "tour/welcome.small.png",
            "verified.json",
        ]
    );

    // The sidecar: source position, viewport, every target numbered.
    let sidecar: serde_json::Value = serde_json::from_slice(
        first
            .get(Path::new("tour/click-se-connecter.json"))
            .expect("sidecar"),
    )
    .expect("json");
    let at = line_of("content/tour.md", TOUR, "2. Type your login");
    assert!(
        sidecar["source"].as_str().expect("source").starts_with(&at),
        "{sidecar}"
    );
    assert_eq!(sidecar["viewport"]["width"], 1024);
    assert_eq!(sidecar["image"]["height"], 768);
    let targets = sidecar["targets"].as_array().expect("targets");
    let labels: Vec<&str> = targets
        .iter()
        .map(|t| t["label"].as_str().expect("label"))
        .collect();
    assert_eq!(labels, ["Identifiant", "Mot de passe", "SE CONNECTER"]);
    assert_eq!(targets[2]["number"], 3);
    assert!(targets[0]["box"]["width"].as_i64().expect("w") > 20);
    let crop: serde_json::Value = serde_json::from_slice(
        first
            .get(Path::new("tour/click-ajouter.json"))
            .expect("crop sidecar"),
    )
    .expect("json");
    assert!(crop["crop"]["width"].as_f64().expect("crop") < 1024.0);
    let callouts: serde_json::Value = serde_json::from_slice(
        first
            .get(Path::new("tour/click-valider.json"))
            .expect("sidecar"),
    )
    .expect("json");
    assert_eq!(callouts["callouts"][0]["label"], "Image de vérification");

    // Twice: not one byte changes.
    let run = ent_guide(dir.path(), &["shoot"], &origin);
    assert!(run
        .stdout
        .contains("shoot: 0 added, 0 changed, 0 removed, 5 kept"));
    assert_eq!(snapshot(&shots), first, "a second shoot changes nothing");

    // The welcome page changes: exactly its picture changes.
    state
        .variant
        .store(true, std::sync::atomic::Ordering::SeqCst);
    let run = ent_guide(dir.path(), &["shoot"], &origin);
    assert!(run
        .stdout
        .contains("shoot: 0 added, 1 changed, 0 removed, 4 kept"));
    let after = snapshot(&shots);
    let differing: Vec<&PathBuf> = first
        .keys()
        .filter(|k| after.get(*k) != first.get(*k))
        .collect();
    assert_eq!(
        differing,
        [
            Path::new("tour/welcome.png"),
            Path::new("tour/welcome.small.png")
        ],
        "the picture and its phone copy"
    );
    let copy = &after[Path::new("tour/welcome.small.png")];
    assert_eq!(
        ent_guide::render::shots::png_size(copy),
        Some((512, 384)),
        "the phone copy is 512 pixels wide"
    );

    // A step without its shot any more: its picture is removed.
    let fewer = TOUR.replace("<!-- shot as \"welcome\" -->", "<!-- no picture here -->");
    std::fs::write(dir.path().join("content/tour.md"), fewer).expect("write");
    let run = ent_guide(dir.path(), &["shoot"], &origin);
    assert!(run
        .stdout
        .contains("shoot: 0 added, 0 changed, 1 removed, 4 kept"));
    assert!(!shots.join("tour/welcome.png").exists());
    assert!(!shots.join("tour/welcome.json").exists());
    assert!(!shots.join("tour/welcome.small.png").exists());
}
