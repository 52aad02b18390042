//! The placement agreement: the wizard with its checks, save and resume,
//! summary and submission, the teacher's validation (control API and time),
//! no editing after it, printing refused before it, the second agreement of
//! a year, privacy, CSRF, and no crash on any input.

mod common;

use axum::http::StatusCode;
use common::*;
use proptest::prelude::*;

async fn student(b: &mut Browser) -> serde_json::Value {
    let p = b.persona("active-student").await;
    b.login(&s(&p, "login"), &s(&p, "password")).await;
    p
}

async fn create(b: &mut Browser) -> String {
    let home = b.get("/esup-pstage/").await;
    assert!(home.text().contains(">Créer une convention</button>"));
    let token = home.input("_csrf");
    let r = b.post("/esup-pstage/create", &[("_csrf", &token)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    r.location()
}

fn good(step: usize) -> Vec<(&'static str, &'static str)> {
    match step {
        1 => vec![],
        2 => vec![
            ("org_raison", "Atelier Forez Design"),
            ("org_adresse", "12 rue de la République"),
            ("org_cp", "42000"),
            ("org_commune", "Saint-Étienne"),
            ("org_pays", "France"),
            ("org_tel", "04 77 00 00 00"),
        ],
        3 => vec![("svc_nom", "Communication")],
        4 => vec![
            ("tut_civilite", "Madame"),
            ("tut_nom", "Bernard"),
            ("tut_prenom", "Camille"),
            ("tut_fonction", "Responsable"),
            ("tut_tel", "04 77 00 00 01"),
            ("tut_mail", "camille.bernard@example.com"),
        ],
        5 => vec![
            ("stage_type", "Stage obligatoire"),
            ("stage_sujet", "Plan de communication"),
            ("stage_taches", "Rédiger, préparer."),
            ("stage_debut", "01/06/2027"),
            ("stage_fin", "23/07/2027"),
            ("stage_heures", "280"),
            ("stage_hebdo", "35.00"),
            ("stage_gratification", "Non"),
        ],
        6 => vec![("ens_referent", "Sophie Durand")],
        7 => vec![
            ("sig_civilite", "Monsieur"),
            ("sig_nom", "Lambert"),
            ("sig_prenom", "Julien"),
            ("sig_fonction", "Directeur"),
        ],
        _ => vec![],
    }
}

async fn post_step(
    b: &mut Browser,
    base: &str,
    step: usize,
    fields: &[(&str, &str)],
    action: &str,
) -> Reply {
    let page = b.get(&format!("{base}/{step}")).await;
    let token = page.input("_csrf");
    let mut all: Vec<(&str, &str)> = fields.to_vec();
    all.push(("_csrf", &token));
    all.push(("action", action));
    b.post(&format!("{base}/{step}"), &all).await
}

/// Fills parts 1 to 7 and returns the agreement's base address (`.../etape`).
async fn fill_all(b: &mut Browser) -> String {
    let first = create(b).await;
    let base = first.trim_end_matches("/1").to_string();
    for step in 1..=7 {
        let r = post_step(b, &base, step, &good(step), "valider").await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "step {step}: {}", r.text());
        assert_eq!(r.location(), format!("{base}/{}", step + 1));
    }
    base
}

async fn submit(b: &mut Browser, base: &str) -> Reply {
    let token = b.get("/esup-pstage/").await.input("_csrf");
    let action = base.trim_end_matches("/etape").to_string() + "/valider";
    b.post(&action, &[("_csrf", &token)]).await
}

#[tokio::test]
async fn the_wizard_from_creation_to_submission_and_printing_after_validation() {
    let mut b = Browser::new();
    let p = student(&mut b).await;
    let first = create(&mut b).await;
    assert_eq!(first, "/esup-pstage/convention/1/etape/1");
    let step1 = b.get(&first).await.text();
    assert!(step1.contains("<h1>Informations étudiant</h1>"));
    for v in [s(&p, "email"), s(&p, "given_name"), s(&p, "personal_email")] {
        assert!(step1.contains(&v), "{v} prefilled");
    }
    assert!(!step1.contains("vous disposez déjà"));
    let step5 = b.get("/esup-pstage/convention/1/etape/5").await.body;
    assert_eq!(
        step5.matches("placeholder=\"jj/mm/aaaa\"").count(),
        2,
        "both dates say their format"
    );
    assert!(
        step5.contains("id=\"row-stage_montant\" hidden"),
        "the amount shows only with Oui"
    );
    let base = "/esup-pstage/convention/1/etape".to_string();
    for step in 1..=7 {
        let page = b.get(&format!("{base}/{step}")).await.text();
        for (key, _) in good(step) {
            assert!(
                page.contains(&format!("name=\"{key}\"")),
                "{key} on step {step}"
            );
        }
        let r = post_step(&mut b, &base, step, &good(step), "valider").await;
        assert_eq!(r.location(), format!("{base}/{}", step + 1), "step {step}");
    }
    let summary = b.get(&format!("{base}/8")).await.text();
    assert!(summary.contains("<h1>Récapitulatif des informations saisies</h1>"));
    for v in [
        "Atelier Forez Design",
        "Sophie Durand",
        "01/06/2027",
        "Lambert",
        ">Précédent</a>",
        ">Valider la convention</button>",
    ] {
        assert!(summary.contains(v), "{v}");
    }
    // Printing is refused before validation.
    let print = b.get(&format!("{base}/9")).await.text();
    assert!(
        print.contains("Vous ne pouvez imprimer cette convention tant qu'elle n'a pas été validée")
    );
    let r = submit(&mut b, &base).await;
    assert_eq!(
        (r.status, r.location().as_str()),
        (StatusCode::SEE_OTHER, "/esup-pstage/convention/1")
    );
    let page = b.get("/esup-pstage/convention/1").await.text();
    assert!(
        page.contains("En attente de validation pédagogique") && page.contains(">Impression</a>")
    );
    assert!(b
        .get(&format!("{base}/9"))
        .await
        .text()
        .contains("tant qu'elle n'a pas été validée"));
    // The teacher validates (control API).
    let (status, json) = b
        .control(
            "POST",
            &format!("/__mock/pstage/{}/validate", s(&p, "login")),
            None,
        )
        .await;
    assert_eq!(
        (status, json["validated"].as_i64()),
        (StatusCode::OK, Some(1))
    );
    let page = b.get("/esup-pstage/convention/1").await.text();
    assert!(page.contains("Validation pédagogique effectuée"));
    assert!(page.contains(
        "Attention : La convention ne peut plus être modifiée par l'étudiant une fois vérifiée."
    ));
    let print = b.get(&format!("{base}/9")).await.text();
    assert!(
        !print.contains("tant qu'elle n'a pas été validée")
            && print.contains("Convention de stage n° 1")
            && print.contains("Atelier Forez Design")
    );
    // No more editing: the form is read-only and a post is refused.
    let step2 = b.get(&format!("{base}/2")).await.text();
    assert!(step2.contains("ne peut plus être modifiée") && !step2.contains(">Valider</button>"));
    let token = b.get(&format!("{base}/2")).await.input("_csrf");
    let r = b
        .post(
            &format!("{base}/2"),
            &[
                ("_csrf", &token),
                ("action", "valider"),
                ("org_raison", "Autre"),
                ("org_adresse", "x"),
                ("org_cp", "42000"),
                ("org_commune", "x"),
                ("org_pays", "France"),
                ("org_tel", "0477000000"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(b
        .get(&format!("{base}/8"))
        .await
        .text()
        .contains("Atelier Forez Design"));
    let r = submit(&mut b, &base).await;
    assert!(r.text().contains("ne peut plus être modifiée"));
}

#[tokio::test]
async fn the_teacher_validates_two_days_after_submission() {
    let mut b = Browser::new();
    let p = student(&mut b).await;
    let base = fill_all(&mut b).await;
    submit(&mut b, &base).await;
    b.control(
        "POST",
        "/__mock/clock/advance",
        Some(serde_json::json!({"days": 1, "login": s(&p, "login")})),
    )
    .await;
    assert!(b
        .get("/esup-pstage/")
        .await
        .text()
        .contains("En attente de validation pédagogique"));
    b.control(
        "POST",
        "/__mock/clock/advance",
        Some(serde_json::json!({"days": 1, "login": s(&p, "login")})),
    )
    .await;
    assert!(b
        .get("/esup-pstage/")
        .await
        .text()
        .contains("Validation pédagogique effectuée"));
}

#[tokio::test]
async fn checks_refuse_missing_fields_bad_dates_and_hours_with_the_real_messages() {
    let mut b = Browser::new();
    student(&mut b).await;
    let base = create(&mut b).await.trim_end_matches("/1").to_string();
    let r = post_step(&mut b, &base, 2, &[], "valider").await;
    assert_eq!(r.status, StatusCode::OK);
    let t = r.text();
    assert!(
        t.contains("Le formulaire n'est pas rempli correctement")
            && t.matches("Champ obligatoire").count() >= 5
    );
    let mut bad2 = good(2);
    bad2.push(("org_siret", "123"));
    bad2[2] = ("org_cp", "4200");
    let t = post_step(&mut b, &base, 2, &bad2, "valider").await.text();
    assert!(t.contains("14 chiffres") && t.contains("5 chiffres en France"));
    let with = |changes: &[(&'static str, &'static str)]| {
        let mut v = good(5);
        for (k, val) in changes {
            v.retain(|(key, _)| key != k);
            v.push((k, val));
        }
        v
    };
    for (changes, message) in [
        (vec![("stage_debut", "2027-06-01")], "jj/mm/aaaa"),
        (vec![("stage_debut", "31/02/2027")], "jj/mm/aaaa"),
        (
            vec![("stage_fin", "01/05/2027")],
            "La date de fin du stage doit être postérieure à la date de début du stage",
        ),
        (vec![("stage_fin", "01/06/2027")], "postérieure"),
        (vec![("stage_hebdo", "35,00")], "99.99"),
        (vec![("stage_hebdo", "135")], "99.99"),
        (vec![("stage_hebdo", "35.123")], "99.99"),
        (vec![("stage_heures", "abc")], "9999.99"),
        (vec![("stage_gratification", "Oui")], "Champ obligatoire"),
        (
            vec![
                ("stage_gratification", "Oui"),
                ("stage_montant", "beaucoup"),
            ],
            "Montant invalide",
        ),
        (
            vec![("stage_type", "Stage imaginaire")],
            "Choisissez une valeur dans la liste",
        ),
        (vec![("stage_heures", "309")], "doit être gratifié"),
    ] {
        let r = post_step(&mut b, &base, 5, &with(&changes), "valider").await;
        assert_eq!(r.status, StatusCode::OK, "{changes:?}");
        let t = r.text();
        assert!(
            t.contains("Le formulaire n'est pas rempli correctement") && t.contains(message),
            "{changes:?}: {message}"
        );
    }
    // Paid, with an amount: fine.
    let r = post_step(
        &mut b,
        &base,
        5,
        &with(&[("stage_gratification", "Oui"), ("stage_montant", "600.60")]),
        "valider",
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    // Over 924 hours: a warning first, Valider again goes on.
    let r = post_step(
        &mut b,
        &base,
        5,
        &with(&[
            ("stage_heures", "1000"),
            ("stage_gratification", "Oui"),
            ("stage_montant", "600"),
        ]),
        "valider",
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    let t = r.text();
    assert!(
        t.contains("924 heures")
            && !t.contains("pas rempli correctement")
            && t.contains("name=\"confirm_hours\"")
    );
    let token = b.get(&format!("{base}/5")).await.input("_csrf");
    let mut again = with(&[
        ("stage_heures", "1000"),
        ("stage_gratification", "Oui"),
        ("stage_montant", "600"),
    ]);
    again.push(("_csrf", &token));
    again.push(("action", "valider"));
    again.push(("confirm_hours", "1"));
    let r = b.post(&format!("{base}/5"), &again).await;
    assert_eq!(
        (r.status, r.location()),
        (StatusCode::SEE_OTHER, format!("{base}/6"))
    );
    assert!(b
        .get(&format!("{base}/8"))
        .await
        .text()
        .contains("924 heures"));
    // Submitting with parts missing names the first one.
    let r = submit(&mut b, &base).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.text().contains("complétez la partie 2"));
}

#[tokio::test]
async fn save_and_resume_later_and_previous() {
    let mut b = Browser::new();
    let p = student(&mut b).await;
    let base = create(&mut b).await.trim_end_matches("/1").to_string();
    post_step(&mut b, &base, 1, &[], "valider").await;
    let r = post_step(
        &mut b,
        &base,
        2,
        &[("org_raison", "Atelier <b>Forez</b>")],
        "enregistrer",
    )
    .await;
    assert_eq!(r.location(), format!("{base}/2?notice=saved"));
    assert!(b
        .get(&r.location())
        .await
        .text()
        .contains("Vos informations ont été enregistrées"));
    // Log out, come back: the draft is listed and resumes at part 2.
    b.follow("/uPortal/Logout").await;
    b.login(&s(&p, "login"), &s(&p, "password")).await;
    let home = b.get("/esup-pstage/").await;
    assert!(
        home.body.contains("Atelier &lt;b&gt;Forez&lt;&#x2F;b&gt;")
            && !home.body.contains("<b>Forez")
    );
    let resume = attr(&home.body[home.body.find("<tbody>").unwrap()..], "href");
    assert_eq!(resume, format!("{base}/2"));
    assert!(b
        .get(&resume)
        .await
        .body
        .contains("value=\"Atelier &lt;b&gt;Forez&lt;&#x2F;b&gt;\""));
    let r = post_step(&mut b, &base, 2, &[], "precedent").await;
    assert_eq!(r.location(), format!("{base}/1"));
}

#[tokio::test]
async fn a_second_agreement_in_the_year_warns_and_nobody_sees_another_s() {
    let mut b = Browser::new();
    student(&mut b).await;
    create(&mut b).await;
    let second = create(&mut b).await;
    assert_eq!(second, "/esup-pstage/convention/2/etape/1");
    assert!(b.get(&second).await.text().contains(
        "Attention : vous disposez déjà d'une convention de stage sur cette année universitaire."
    ));
    let mut other = b.sibling();
    student(&mut other).await;
    for page in [
        "/esup-pstage/convention/1",
        "/esup-pstage/convention/1/etape/1",
        "/esup-pstage/convention/2/etape/8",
        "/esup-pstage/convention/1/etape/9",
    ] {
        assert_eq!(
            other.get(page).await.status,
            StatusCode::NOT_FOUND,
            "{page}"
        );
    }
    for page in [
        "/esup-pstage/convention/0",
        "/esup-pstage/convention/x/etape/1",
        "/esup-pstage/convention/1/etape/10",
        "/esup-pstage/convention/99999999999999999999/etape/1",
    ] {
        assert_eq!(b.get(page).await.status, StatusCode::NOT_FOUND, "{page}");
    }
    // State changes need the token.
    assert_eq!(
        b.post("/esup-pstage/create", &[]).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        b.post(
            "/esup-pstage/convention/1/etape/2",
            &[("action", "enregistrer"), ("org_raison", "X")]
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        b.post("/esup-pstage/convention/1/valider", &[])
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let mut anonymous = b.sibling();
    assert_eq!(
        anonymous.get("/esup-pstage/").await.status,
        StatusCode::SEE_OTHER
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]
    #[test]
    fn no_input_crashes_the_wizard(step in 1usize..=9, values in proptest::collection::vec(".{0,40}", 10), action in "(valider|precedent|enregistrer|[a-z]{0,6})") {
        let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
        rt.block_on(async {
            let mut b = Browser::new();
            student(&mut b).await;
            let base = create(&mut b).await.trim_end_matches("/1").to_string();
            let keys = ["org_raison", "org_cp", "org_pays", "stage_debut", "stage_fin", "stage_heures", "stage_hebdo", "stage_gratification", "stage_montant", "tut_mail"];
            let fields: Vec<(&str, &str)> = keys.iter().zip(values.iter()).map(|(k, v)| (*k, v.as_str())).collect();
            let token = b.get(&format!("{base}/1")).await.input("_csrf");
            let mut all = fields.clone();
            all.push(("_csrf", &token));
            all.push(("action", &action));
            let r = b.post(&format!("{base}/{step}"), &all).await;
            prop_assert!(r.status.as_u16() < 500, "{} {}", r.status, r.body);
            let r = b.get(&format!("{base}/8")).await;
            prop_assert_eq!(r.status, StatusCode::OK);
            Ok(())
        })?;
    }
}
