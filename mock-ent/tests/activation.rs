//! First-login activation end to end, and each of its error paths.

mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::json;

/// Logs `p` in with the birth date and lands on the captcha page.
async fn start(b: &mut Browser, p: &serde_json::Value) -> Reply {
    let r = b.cas_login(&s(p, "login"), &s(p, "birthdate")).await;
    assert_eq!(r.status, StatusCode::FOUND, "{}", r.body);
    assert_eq!(r.location(), "/esup-activ/");
    b.follow("/esup-activ/").await
}

async fn captcha(b: &mut Browser, login: &str) -> String {
    let (status, a) = b
        .control("GET", &format!("/__mock/personas/{login}/captcha"), None)
        .await;
    assert_eq!(status, StatusCode::OK);
    s(&a, "answer")
}

/// Passes steps 1 and 2; returns the activation link from the mailbox.
async fn through_to_link(b: &mut Browser, p: &serde_json::Value) -> String {
    let page = start(b, p).await;
    let csrf = page.input("_csrf");
    let code = captcha(b, &s(p, "login")).await;
    let r = b
        .post(
            "/esup-activ/",
            &[("_csrf", &csrf), ("code", &code), ("profile", "Etudiant")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let info = b.follow("/esup-activ/").await;
    let r = b
        .post(
            "/esup-activ/info",
            &[
                ("_csrf", &csrf),
                ("courriel", &s(p, "personal_email")),
                ("mobile", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", info.body);
    let (_, mail) = b
        .control(
            "GET",
            &format!("/__mock/mailboxes/{}", s(p, "personal_email")),
            None,
        )
        .await;
    let m = &mail["messages"][0];
    assert_eq!(m["subject"], "Activation de votre compte");
    assert_eq!(m["links"][0]["text"], "Activer mon compte");
    m["links"][0]["url"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn the_guides_first_login_works_end_to_end() {
    let mut b = Browser::new();
    let p = b.persona("new-student").await;
    let login = s(&p, "login");

    let page = start(&mut b, &p).await;
    let text = page.text();
    assert!(text.contains("Activation de votre compte"));
    assert!(text.contains("alt=\"Image de vérification\""));
    assert!(text.contains("Recopiez le texte de l'image"));
    assert!(text.contains("Vous êtes"));
    for profile in [
        "Etudiant",
        "Personnel",
        "Ancien Etudiant",
        "Etudiant externe",
    ] {
        assert!(text.contains(&format!(">{profile}</option>")), "{profile}");
    }
    let png = b.get("/esup-activ/captcha.png").await;
    assert_eq!(png.headers["content-type"], "image/png");
    assert_eq!(&png.bytes[..8], b"\x89PNG\r\n\x1a\n");
    let csrf = page.input("_csrf");

    // A wrong answer is refused and a new picture is drawn.
    let first = captcha(&mut b, &login).await;
    let wrong = b
        .post(
            "/esup-activ/",
            &[("_csrf", &csrf), ("code", "nope"), ("profile", "Etudiant")],
        )
        .await;
    assert!(wrong.text().contains("Code invalide"));
    let second = captcha(&mut b, &login).await;
    assert_ne!(first, second);
    assert_ne!(b.get("/esup-activ/captcha.png").await.bytes, png.bytes);

    // The right answer without a profile asks for the profile.
    let r = b
        .post(
            "/esup-activ/",
            &[("_csrf", &csrf), ("code", &second), ("profile", "")],
        )
        .await;
    assert!(r.text().contains("Veuillez indiquer votre profil."));
    let r = b
        .post(
            "/esup-activ/",
            &[
                ("_csrf", &csrf),
                ("code", &second.to_lowercase()),
                ("profile", "Etudiant"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);

    // Step 2: each validation message of the reference.
    let info = b.follow("/esup-activ/").await;
    assert!(info.text().contains("Courriel alternatif") && info.text().contains("Mobile"));
    assert!(info.text().contains("value=\"Envoyer\""));
    let cases = [
        (
            "",
            "",
            "Veuillez saisir soit un courriel alternatif soit un numéro portable",
        ),
        ("pas-un-courriel", "", "Courriel invalide"),
        (
            &s(&p, "email") as &str,
            "",
            "Votre courriel personnel doit être différent de celui de l'université",
        ),
        ("", "12", "Numéro de portable invalide"),
    ];
    for (courriel, mobile, message) in cases {
        let r = b
            .post(
                "/esup-activ/info",
                &[("_csrf", &csrf), ("courriel", courriel), ("mobile", mobile)],
            )
            .await;
        let t = r.text();
        assert!(
            t.contains(message),
            "{message} missing for {courriel:?}/{mobile:?}"
        );
        assert!(t.contains("Ce formulaire ne peut pas être validé en raison d'une (ou plusieurs) erreurs de saisie : voir ci-dessous."));
    }
    let r = b
        .post(
            "/esup-activ/info",
            &[
                ("_csrf", &csrf),
                ("courriel", &s(&p, "personal_email")),
                ("mobile", &s(&p, "mobile")),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let sent = b.follow("/esup-activ/").await;
    assert!(sent.text().contains(
        "Un courriel contenant un lien d'activation a été envoyé à votre adresse personnelle."
    ));

    // The personal mailbox shows the message and its link.
    let inbox = b.get(&s(&p, "personal_mailbox_url")).await;
    assert!(inbox.text().contains(">Activation de votre compte</a>"));
    let (_, mail) = b
        .control(
            "GET",
            &format!("/__mock/mailboxes/{}", s(&p, "personal_email")),
            None,
        )
        .await;
    let m = &mail["messages"][0];
    let msg = b
        .get(&format!("{}{}", s(&p, "personal_mailbox_url"), m["id"]))
        .await;
    assert!(msg.text().contains(">Activer mon compte</a>"));
    assert!(msg
        .body
        .contains("La Direction du Numérique<br>Université Jean Monnet"));
    let link = m["links"][0]["url"].as_str().unwrap().to_string();
    assert!(msg.text().contains(&link));

    // Step 3 and the end.
    let page = b.get(&link).await;
    let t = page.text();
    for label in [
        "Nom",
        "Prénom",
        "Identifiant",
        "Courriel",
        "Nouveau Mot de passe",
        "Confirmez votre mot de passe",
        "Robustesse du mot de passe",
        "J'accepte la charte et j'active mon compte :",
    ] {
        assert!(t.contains(label), "{label}");
    }
    assert!(t.contains(&login) && t.contains(&s(&p, "family_name")) && t.contains(&s(&p, "email")));
    let code = page.input("code");
    let csrf = page.input("_csrf");
    let pw = s(&p, "new_password");
    let done = b
        .post(
            "/esup-activ/activer",
            &[
                ("_csrf", &csrf),
                ("code", &code),
                ("password", &pw),
                ("confirm", &pw),
                ("charte", "on"),
            ],
        )
        .await;
    let t = done.text();
    assert!(t.contains("Activation de votre compte réussie"), "{t}");
    assert!(t.contains(&format!(
        "Votre identifiant unique est {login} et votre courriel est {}",
        s(&p, "email")
    )));
    assert!(t.contains(">Quitter</a>") && t.contains("href=\"/\""));

    // Afterwards: the link is spent, the birth date refused, the new password works.
    let again = b.get(&link).await;
    assert_eq!(again.status, StatusCode::GONE);
    assert!(again.text().contains("Code invalide"));
    let mut c = b.sibling();
    let r = c.cas_login(&login, &s(&p, "birthdate")).await;
    assert!(r
        .text()
        .contains("Les informations transmises n'ont pas permis de vous authentifier."));
    let portal = c.login(&login, &pw).await;
    assert!(portal.text().contains("ENSEIGNEMENTS"));
    let (_, view) = c
        .control("GET", &format!("/__mock/personas/{login}"), None)
        .await;
    assert_eq!(view["password"], pw.as_str());
}

#[tokio::test]
async fn registered_today_waits_until_tomorrow() {
    let mut b = Browser::new();
    let p = b.persona("new-student-today").await;
    let r = b.cas_login(&s(&p, "login"), &s(&p, "birthdate")).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r
        .text()
        .contains("Les informations transmises n'ont pas permis de vous authentifier."));
    b.control(
        "POST",
        "/__mock/clock/advance",
        Some(json!({"days": 1, "login": s(&p, "login")})),
    )
    .await;
    let page = start(&mut b, &p).await;
    assert!(page.text().contains("Recopiez le texte de l'image"));
}

#[tokio::test]
async fn three_wrong_captchas_block_for_thirty_seconds() {
    let mut b = Browser::new();
    let p = b.persona("new-student").await;
    let login = s(&p, "login");
    let page = start(&mut b, &p).await;
    let csrf = page.input("_csrf");
    for _ in 0..2 {
        let r = b
            .post(
                "/esup-activ/",
                &[("_csrf", &csrf), ("code", "XXXXX"), ("profile", "Etudiant")],
            )
            .await;
        assert_eq!(r.status, StatusCode::OK);
    }
    let r = b
        .post(
            "/esup-activ/",
            &[("_csrf", &csrf), ("code", "XXXXX"), ("profile", "Etudiant")],
        )
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.text().contains("veuillez patienter 30 secondes"));
    // Even the right answer waits.
    let right = captcha(&mut b, &login).await;
    let r = b
        .post(
            "/esup-activ/",
            &[("_csrf", &csrf), ("code", &right), ("profile", "Etudiant")],
        )
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    b.control(
        "POST",
        "/__mock/clock/advance",
        Some(json!({"seconds": 31, "login": login})),
    )
    .await;
    let r = b
        .post(
            "/esup-activ/",
            &[("_csrf", &csrf), ("code", &right), ("profile", "Etudiant")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn each_weak_password_is_explained_and_nothing_is_activated() {
    let mut b = Browser::new();
    let p = b.persona("new-student").await;
    let link = through_to_link(&mut b, &p).await;
    let page = b.get(&link).await;
    let (code, csrf) = (page.input("code"), page.input("_csrf"));
    let cases = [
        (
            "Ab1",
            "Le mot de passe doit contenir au moins 6 caractères.",
        ),
        (
            "abc def1",
            "Le mot de passe ne doit pas contenir des espaces",
        ),
        (
            "Éléphant1",
            "Le mot de passe ne doit pas contenir de lettres accentuées.",
        ),
        (
            "abcdefgh",
            "Le mot de passe doit contenir au moins 2 types de caractères",
        ),
        (
            "ABCDEFGH",
            "Le mot de passe doit contenir au moins 2 types de caractères",
        ),
        (
            "12345678",
            "Le mot de passe doit contenir au moins 2 types de caractères",
        ),
        (
            "abc\"def1",
            "Le caractère spécial suivant est interdit : \"",
        ),
        ("", "Veuillez saisir un nouveau mot de passe."),
    ];
    for (pw, message) in cases {
        let r = b
            .post(
                "/esup-activ/activer",
                &[
                    ("_csrf", &csrf),
                    ("code", &code),
                    ("password", pw),
                    ("confirm", pw),
                    ("charte", "on"),
                ],
            )
            .await;
        assert!(r.text().contains(message), "{pw:?}: {message}");
    }
    let pw = s(&p, "new_password");
    let r = b
        .post(
            "/esup-activ/activer",
            &[
                ("_csrf", &csrf),
                ("code", &code),
                ("password", &pw),
                ("confirm", "different1A"),
            ],
        )
        .await;
    assert!(r
        .text()
        .contains("Les deux mots de passe saisis ne sont pas identiques."));
    assert!(r
        .text()
        .contains("Vous devez accepter la charte pour pouvoir continuer"));
    let r = b
        .post(
            "/esup-activ/activer",
            &[
                ("_csrf", &csrf),
                ("code", &code),
                ("password", &pw),
                ("confirm", &pw),
            ],
        )
        .await;
    assert!(r
        .text()
        .contains("Vous devez accepter la charte pour pouvoir continuer"));
    // Still not activated: the birth date still opens the activation.
    let mut c = b.sibling();
    let r = c.cas_login(&s(&p, "login"), &s(&p, "birthdate")).await;
    assert_eq!(r.location(), "/esup-activ/");
}

#[tokio::test]
async fn expired_and_superseded_links_are_refused() {
    let mut b = Browser::new();
    let p = b.persona("new-student").await;
    let link = through_to_link(&mut b, &p).await;
    b.control(
        "POST",
        "/__mock/clock/advance",
        Some(json!({"hours": 49, "login": s(&p, "login")})),
    )
    .await;
    let r = b.get(&link).await;
    assert_eq!(r.status, StatusCode::GONE);
    assert!(r.text().contains("Délai d'utilisation du code dépassé"));

    // Starting again sends a new link, and the older one no longer works.
    let mut q = b.sibling();
    let p2 = q.persona("new-student").await;
    let first = through_to_link(&mut q, &p2).await;
    let sent = q.follow("/esup-activ/").await;
    q.post(
        "/esup-activ/recommencer",
        &[("_csrf", &sent.input("_csrf"))],
    )
    .await;
    let page = q.follow("/esup-activ/").await;
    let code = captcha(&mut q, &s(&p2, "login")).await;
    let csrf = page.input("_csrf");
    q.post(
        "/esup-activ/",
        &[("_csrf", &csrf), ("code", &code), ("profile", "Etudiant")],
    )
    .await;
    q.post(
        "/esup-activ/info",
        &[("_csrf", &csrf), ("courriel", &s(&p2, "personal_email"))],
    )
    .await;
    assert!(q.get(&first).await.text().contains("Code invalide"));
    let (_, mail) = q
        .control(
            "GET",
            &format!("/__mock/mailboxes/{}", s(&p2, "personal_email")),
            None,
        )
        .await;
    assert_eq!(mail["messages"].as_array().unwrap().len(), 2);
    let newest = mail["messages"][0]["links"][0]["url"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(q.get(&newest).await.status, StatusCode::OK);
}

#[tokio::test]
async fn forms_without_the_csrf_token_are_refused() {
    let mut b = Browser::new();
    let p = b.persona("new-student").await;
    start(&mut b, &p).await;
    let code = captcha(&mut b, &s(&p, "login")).await;
    let r = b
        .post("/esup-activ/", &[("code", &code), ("profile", "Etudiant")])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = b
        .post(
            "/esup-activ/",
            &[
                ("_csrf", "forged"),
                ("code", &code),
                ("profile", "Etudiant"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Another browser's token does not fit this session.
    let mut other = b.sibling();
    let theirs = other.get("/windows/").await.input("_csrf");
    let r = b
        .post(
            "/esup-activ/",
            &[("_csrf", &theirs), ("code", &code), ("profile", "Etudiant")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn personas_never_see_each_others_activation_or_mail() {
    let mut a = Browser::new();
    let pa = a.persona("new-student").await;
    let mut b = a.sibling();
    let pb = b.persona("new-student").await;
    through_to_link(&mut a, &pa).await;
    start(&mut b, &pb).await;
    // B's captcha is B's own; A's mailbox is closed to a guessed address.
    assert_ne!(
        captcha(&mut a, &s(&pa, "login")).await,
        captcha(&mut b, &s(&pb, "login")).await
    );
    let inbox_b = b.get(&s(&pb, "personal_mailbox_url")).await;
    assert!(inbox_b.text().contains("Aucun message."));
    assert_eq!(
        b.get("/perso-mail/guessed-token/").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        b.get("/perso-mail/guessed-token/1").await.status,
        StatusCode::NOT_FOUND
    );
    // A's message id under B's mailbox is not found either.
    let (_, mail) = a
        .control(
            "GET",
            &format!("/__mock/mailboxes/{}", s(&pa, "personal_email")),
            None,
        )
        .await;
    let id = mail["messages"][0]["id"].to_string();
    let r = b
        .get(&format!("{}{id}", s(&pb, "personal_mailbox_url")))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // Activation pages without a birth-date login send to login.
    let mut c = a.sibling();
    let r = c.get("/esup-activ/").await;
    assert_eq!(r.location(), "/uPortal/Login");
    assert_eq!(
        c.get("/esup-activ/captcha.png").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn activated_users_are_told_so() {
    let mut b = Browser::new();
    let p = b.persona("active-student").await;
    b.login(&s(&p, "login"), &s(&p, "password")).await;
    let r = b.get("/esup-activ/").await;
    assert!(r.text().contains("Votre compte a déjà été activé."));
}

#[tokio::test]
async fn a_mail_delay_holds_the_message_back_until_the_clock_passes_it() {
    let mut b = Browser::with_config(mock_ent::Config {
        mail_delay_minutes: 90,
        ..mock_ent::Config::default()
    });
    let p = b.persona("new-student").await;
    let page = start(&mut b, &p).await;
    let csrf = page.input("_csrf");
    let code = captcha(&mut b, &s(&p, "login")).await;
    b.post(
        "/esup-activ/",
        &[("_csrf", &csrf), ("code", &code), ("profile", "Etudiant")],
    )
    .await;
    b.post(
        "/esup-activ/info",
        &[("_csrf", &csrf), ("courriel", &s(&p, "personal_email"))],
    )
    .await;
    let mailbox = format!("/__mock/mailboxes/{}", s(&p, "personal_email"));
    let (_, mail) = b.control("GET", &mailbox, None).await;
    assert_eq!(mail["messages"].as_array().unwrap().len(), 0);
    assert!(b
        .get(&s(&p, "personal_mailbox_url"))
        .await
        .text()
        .contains("Aucun message."));
    b.control(
        "POST",
        "/__mock/clock/advance",
        Some(json!({"minutes": 90, "login": s(&p, "login")})),
    )
    .await;
    let (_, mail) = b.control("GET", &mailbox, None).await;
    assert_eq!(mail["messages"][0]["subject"], "Activation de votre compte");
}

#[tokio::test]
async fn quitter_lands_on_the_portal_logged_in_so_the_student_can_log_out() {
    let mut b = Browser::new();
    let p = b.persona("new-student").await;
    let login = s(&p, "login");
    let link = through_to_link(&mut b, &p).await;
    let page = b.get(&link).await;
    let (code, csrf) = (page.input("code"), page.input("_csrf"));
    let pw = s(&p, "new_password");
    let before = b.cookie("JSESSIONID");
    let done = b
        .post(
            "/esup-activ/activer",
            &[
                ("_csrf", &csrf),
                ("code", &code),
                ("password", &pw),
                ("confirm", &pw),
                ("charte", "on"),
            ],
        )
        .await;
    assert!(done.text().contains("Activation de votre compte réussie"));
    assert_ne!(
        b.cookie("JSESSIONID"),
        before,
        "a login gets a fresh session id"
    );

    // Quitter: the portal, logged in, with Déconnexion.
    let portal = b.follow("/").await;
    assert!(portal.text().contains("Déconnexion"), "{}", portal.body);
    assert!(portal.text().contains("ENSEIGNEMENTS"));

    // Déconnexion, then the new password opens the portal again.
    let out = b.follow("/uPortal/Logout").await;
    assert!(out.text().contains("Déconnexion réussie"));
    let home = b.follow("/").await;
    assert!(home.text().contains("Connexion") && !home.text().contains("Déconnexion"));
    let portal = b.login(&login, &pw).await;
    assert!(portal.text().contains("ENSEIGNEMENTS"));
}

#[tokio::test]
async fn another_accounts_link_ends_this_browsers_birth_date_session() {
    let mut b = Browser::new();
    let mine = b.persona("new-student").await;
    let theirs = b.persona("new-student").await;
    let mut other = b.sibling();
    let link = through_to_link(&mut other, &theirs).await;
    start(&mut b, &mine).await;
    let page = b.get(&link).await;
    let (code, csrf) = (page.input("code"), page.input("_csrf"));
    let pw = s(&theirs, "new_password");
    b.post(
        "/esup-activ/activer",
        &[
            ("_csrf", &csrf),
            ("code", &code),
            ("password", &pw),
            ("confirm", &pw),
            ("charte", "on"),
        ],
    )
    .await;
    let home = b.follow("/").await;
    assert!(!home.text().contains("Déconnexion"), "{}", home.body);
}
