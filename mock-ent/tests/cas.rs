//! CAS: the protocol as clients use it, and every error path.

mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::json;

const APP: &str = "https://ent.univ-st-etienne.fr/app/";

async fn form_page(b: &mut Browser, query: &str) -> Reply {
    b.get(&format!("/esup-cas/login{query}")).await
}

/// Logs in at CAS for `service` and returns the ticket from the redirect.
async fn ticket_for(b: &mut Browser, login: &str, password: &str, service: &str) -> String {
    let page = form_page(b, &format!("?service={}", mock_enc(service))).await;
    if page.status == StatusCode::FOUND {
        // Single sign-on is alive: CAS answers with a ticket at once.
        return page.location().split("ticket=").nth(1).unwrap().to_string();
    }
    let r = b
        .post(
            &attr(&page.body, "action"),
            &[
                ("username", login),
                ("password", password),
                ("execution", &page.input("execution")),
                ("_eventId", "submit"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::FOUND, "{}", r.body);
    let loc = r.location();
    assert!(loc.starts_with(service), "{loc}");
    loc.split("ticket=").nth(1).unwrap().to_string()
}

fn mock_enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

async fn validate(b: &mut Browser, endpoint: &str, service: &str, ticket: &str) -> String {
    b.get(&format!(
        "/esup-cas/{endpoint}?service={}&ticket={ticket}",
        mock_enc(service)
    ))
    .await
    .body
}

#[tokio::test]
async fn form_has_the_reference_labels() {
    let mut b = Browser::new();
    let page = form_page(&mut b, "").await;
    let t = page.text();
    for label in [
        "Identifiant:",
        "Mot de passe:",
        "value=\"SE CONNECTER\"",
        "value=\"EFFACER\"",
        "Prévenez-moi avant d'accéder à d'autres services.",
        "Entrez votre identifiant et votre mot de passe.",
        "name=\"execution\"",
        "name=\"_eventId\" value=\"submit\"",
    ] {
        assert!(t.contains(label), "{label}");
    }
}

#[tokio::test]
async fn tickets_are_single_use_bound_to_their_service_and_short_lived() {
    let mut b = Browser::new();
    let p = b.persona("active-student").await;
    let (login, pw) = (s(&p, "login"), s(&p, "password"));
    let t = ticket_for(&mut b, &login, &pw, APP).await;
    assert!(t.starts_with("ST-") && (32..=256).contains(&t.len()));
    assert!(t.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-'));
    let ok = validate(&mut b, "p3/serviceValidate", APP, &t).await;
    assert!(ok.contains("<cas:serviceResponse xmlns:cas=\"http://www.yale.edu/tp/cas\">"));
    assert!(ok.contains(&format!("<cas:user>{login}</cas:user>")));
    assert!(ok.contains(&format!("<cas:mail>{}</cas:mail>", s(&p, "email"))));
    // Reused.
    let again = validate(&mut b, "p3/serviceValidate", APP, &t).await;
    assert!(
        again.contains("<cas:authenticationFailure code=\"INVALID_TICKET\">"),
        "{again}"
    );
    assert!(
        again.contains(&format!("Ticket &#39;{t}&#39; not recognized"))
            || again.contains("not recognized")
    );

    // Wrong service: INVALID_SERVICE, and the ticket is gone for the right one too.
    let t = ticket_for(&mut b, &login, &pw, APP).await;
    let wrong = validate(
        &mut b,
        "serviceValidate",
        "https://ent.univ-st-etienne.fr/other/",
        &t,
    )
    .await;
    assert!(wrong.contains("code=\"INVALID_SERVICE\""), "{wrong}");
    assert!(validate(&mut b, "serviceValidate", APP, &t)
        .await
        .contains("INVALID_TICKET"));

    // Expired after five minutes of the persona's clock.
    let t = ticket_for(&mut b, &login, &pw, APP).await;
    b.control(
        "POST",
        "/__mock/clock/advance",
        Some(json!({"minutes": 5, "seconds": 1, "login": login})),
    )
    .await;
    assert!(validate(&mut b, "serviceValidate", APP, &t)
        .await
        .contains("INVALID_TICKET"));

    // Missing parameters, and CAS 1.
    let r = b.get("/esup-cas/serviceValidate?service=x").await;
    assert!(r.body.contains("code=\"INVALID_REQUEST\""));
    assert!(b
        .get("/esup-cas/p3/serviceValidate")
        .await
        .body
        .contains("INVALID_REQUEST"));
    let t = ticket_for(&mut b, &login, &pw, APP).await;
    assert_eq!(
        validate(&mut b, "validate", APP, &t).await,
        format!("yes\n{login}\n")
    );
    assert_eq!(validate(&mut b, "validate", APP, &t).await, "no\n");
}

#[tokio::test]
async fn renew_demands_a_fresh_login_and_gateway_never_prompts() {
    let mut b = Browser::new();
    let p = b.persona("active-student").await;
    let (login, pw) = (s(&p, "login"), s(&p, "password"));
    // gateway without a session: straight back, no ticket.
    let r = form_page(&mut b, &format!("?service={}&gateway=true", mock_enc(APP))).await;
    assert_eq!(
        (r.status, r.location()),
        (StatusCode::FOUND, APP.to_string())
    );
    ticket_for(&mut b, &login, &pw, APP).await;
    // Single sign-on: a ticket without the form, even through gateway.
    let r = form_page(&mut b, &format!("?service={}&gateway=true", mock_enc(APP))).await;
    assert!(r.location().contains("ticket=ST-"));
    let sso = form_page(&mut b, &format!("?service={}", mock_enc(APP))).await;
    let sso_ticket = sso.location().split("ticket=").nth(1).unwrap().to_string();
    // A single-sign-on ticket does not satisfy renew=true.
    let r = b
        .get(&format!(
            "/esup-cas/serviceValidate?service={}&ticket={sso_ticket}&renew=true",
            mock_enc(APP)
        ))
        .await;
    assert!(r.body.contains("INVALID_TICKET"), "{}", r.body);
    // renew=true shows the form despite the session.
    let r = form_page(&mut b, &format!("?service={}&renew=true", mock_enc(APP))).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("SE CONNECTER"));
    let fresh = b
        .post(
            &attr(&r.body, "action"),
            &[
                ("username", &login),
                ("password", &pw),
                ("execution", &r.input("execution")),
            ],
        )
        .await
        .location();
    let t = fresh.split("ticket=").nth(1).unwrap();
    let ok = b
        .get(&format!(
            "/esup-cas/serviceValidate?service={}&ticket={t}&renew=true",
            mock_enc(APP)
        ))
        .await;
    assert!(ok.body.contains("authenticationSuccess"), "{}", ok.body);
}

#[tokio::test]
async fn warn_asks_before_going_to_another_service() {
    let mut b = Browser::new();
    let p = b.persona("active-student").await;
    let page = form_page(&mut b, "").await;
    let r = b
        .post(
            "/esup-cas/login",
            &[
                ("username", &s(&p, "login")),
                ("password", &s(&p, "password")),
                ("execution", &page.input("execution")),
                ("warn", "true"),
            ],
        )
        .await;
    assert!(r.text().contains("Connexion réussie"));
    assert!(r
        .text()
        .contains("Vous vous êtes authentifié(e) auprès du Service Central d'Authentification."));
    let r = form_page(&mut b, &format!("?service={}", mock_enc(APP))).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.text().contains("pour accéder au service désiré"));
    assert!(r.text().contains(&format!("<a href=\"{APP}?ticket=ST-")));
}

#[tokio::test]
async fn bad_input_gets_the_reference_messages() {
    let mut b = Browser::new();
    let p = b.persona("active-student").await;
    let page = form_page(&mut b, "").await;
    let r = b
        .post(
            "/esup-cas/login",
            &[
                ("username", ""),
                ("password", ""),
                ("execution", &page.input("execution")),
            ],
        )
        .await;
    assert!(r.text().contains("Vous devez entrer votre identifiant."));
    assert!(r.text().contains("Vous devez entrer votre mot de passe."));
    let r2 = b
        .post(
            "/esup-cas/login",
            &[
                ("username", &s(&p, "login")),
                ("password", "wrong"),
                ("execution", &r.input("execution")),
            ],
        )
        .await;
    assert_eq!(r2.status, StatusCode::UNAUTHORIZED);
    assert!(r2
        .text()
        .contains("Les informations transmises n'ont pas permis de vous authentifier."));
    // The login typed is kept, never the password.
    assert_eq!(r2.input("username"), s(&p, "login"));
    assert_eq!(r2.input("password"), "");
    // Replaying a form already submitted.
    let replay = b
        .post(
            "/esup-cas/login",
            &[
                ("username", &s(&p, "login")),
                ("password", &s(&p, "password")),
                ("execution", &r.input("execution")),
            ],
        )
        .await;
    assert!(replay.text().contains(
        "Vous ne pouvez pas re-soumettre un formulaire d'autentification qui a déjà été soumis."
    ));
    assert!(b.cookie("TGC").is_none());
    // Unknown services.
    let r = form_page(&mut b, "?service=https%3A%2F%2Fevil.example%2F").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r
        .text()
        .contains("Application non autorisée à utiliser CAS"));
    // Markup in input is escaped.
    let page = form_page(&mut b, "").await;
    let r = b
        .post(
            "/esup-cas/login",
            &[
                ("username", "<script>alert(1)</script>"),
                ("password", "x"),
                ("execution", &page.input("execution")),
            ],
        )
        .await;
    assert!(!r.body.contains("<script>alert(1)</script>"));
    assert!(r.body.contains("&lt;script&gt;"));
}

#[tokio::test]
async fn five_failures_lock_the_login_for_fifteen_minutes() {
    let mut b = Browser::new();
    let p = b.persona("active-student").await;
    let (login, pw) = (s(&p, "login"), s(&p, "password"));
    let mut last = None;
    for _ in 0..5 {
        let page = form_page(&mut b, "").await;
        last = Some(
            b.post(
                "/esup-cas/login",
                &[
                    ("username", &login),
                    ("password", "bad"),
                    ("execution", &page.input("execution")),
                ],
            )
            .await,
        );
    }
    let locked = last.unwrap();
    assert_eq!(locked.status, StatusCode::FORBIDDEN);
    assert!(locked.text().contains("Accès non autorisé"));
    assert!(locked.text().contains(
        "Vous avez saisi un mauvais mot de passe trop de fois de suite. Vous avez été bloqué."
    ));
    // Even the right password is refused while locked, from any browser.
    let mut other = b.sibling();
    let page = form_page(&mut other, "").await;
    let r = other
        .post(
            "/esup-cas/login",
            &[
                ("username", &login),
                ("password", &pw),
                ("execution", &page.input("execution")),
            ],
        )
        .await;
    assert!(r.text().contains("Accès non autorisé"));
    b.control(
        "POST",
        "/__mock/clock/advance",
        Some(json!({"minutes": 16, "login": login})),
    )
    .await;
    let portal = other.login(&login, &pw).await;
    assert!(portal.text().contains("Déconnexion"));
}

#[tokio::test]
async fn logout_follows_an_authorised_service_only() {
    let mut b = Browser::new();
    let r = b
        .get(&format!("/esup-cas/logout?service={}", mock_enc(APP)))
        .await;
    assert_eq!(r.location(), APP);
    let r = b
        .get("/esup-cas/logout?service=https%3A%2F%2Fevil.example%2F")
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.text().contains("Déconnexion réussie"));
}

#[tokio::test]
async fn windows_accepts_the_directory_credentials() {
    let mut b = Browser::new();
    let p = b.persona("new-student").await;
    let page = b.get("/windows/").await;
    let t = page.text();
    assert!(
        t.contains("Nom d'utilisateur")
            && t.contains("Mot de passe")
            && t.contains("value=\"Se connecter\"")
    );
    let csrf = page.input("_csrf");
    let r = b
        .post(
            "/windows/",
            &[
                ("_csrf", &csrf),
                ("username", &s(&p, "login")),
                ("password", "01011990"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r
        .text()
        .contains("Le nom d'utilisateur ou le mot de passe est incorrect."));
    let r = b
        .post(
            "/windows/",
            &[
                ("_csrf", &csrf),
                ("username", &format!("UJM\\{}", s(&p, "login"))),
                ("password", &s(&p, "birthdate")),
            ],
        )
        .await;
    assert!(
        r.text()
            .contains(&format!("Bienvenue, {}", s(&p, "given_name"))),
        "{}",
        r.body
    );
    let r = b
        .post(
            "/windows/",
            &[
                ("username", &s(&p, "login")),
                ("password", &s(&p, "birthdate")),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

const SCHEMA: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/schema/cas-server-protocol-3.0.xsd"
);
const SCHEMA_CHECK: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/cas_schema_check.py");

/// Validates `documents` (name, XML) against the CAS 3.0 protocol schema with
/// a standard validator (lxml, which python-cas brings); returns whether all
/// are valid, and the validator's report.
fn check_schema(label: &str, documents: &[(&str, &str)]) -> (bool, String) {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("cas-schema-{}-{label}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temporary directory");
    let paths: Vec<_> = documents
        .iter()
        .map(|(name, xml)| {
            let path = dir.join(format!("{name}.xml"));
            std::fs::write(&path, xml).expect("write a response");
            path
        })
        .collect();
    let out = std::process::Command::new("python3")
        .arg(SCHEMA_CHECK)
        .arg(SCHEMA)
        .args(&paths)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run python3 ({e}): the CAS schema check needs python3 with lxml \
                 (the README's test command installs them with python-cas)"
            )
        });
    assert_ne!(
        out.status.code(),
        Some(2),
        "python3 has no lxml: install it with `python3 -m pip install python-cas` \
         (the README's test command does)"
    );
    let _ = std::fs::remove_dir_all(&dir);
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), report)
}

/// Every answer of `/serviceValidate` and `/p3/serviceValidate`, success and
/// failure, is valid against the published CAS 3.0 schema: the attributes
/// open with `authenticationDate`, `longTermAuthenticationRequestTokenUsed`
/// and `isFromNewLogin`, as Apereo CAS sends them.
#[tokio::test]
async fn validation_responses_follow_the_cas_3_schema() {
    let mut b = Browser::new();
    let p = b.persona("active-student").await;
    let (login, pw) = (s(&p, "login"), s(&p, "password"));
    // Credentials typed in the form: a new login.
    let t = ticket_for(&mut b, &login, &pw, APP).await;
    let cas2 = validate(&mut b, "serviceValidate", APP, &t).await;
    // Single sign-on: not a new login, same authentication date.
    let t = ticket_for(&mut b, &login, &pw, APP).await;
    let cas3 = validate(&mut b, "p3/serviceValidate", APP, &t).await;
    let replayed = validate(&mut b, "p3/serviceValidate", APP, &t).await;
    let t = ticket_for(&mut b, &login, &pw, APP).await;
    let wrong_service = validate(
        &mut b,
        "serviceValidate",
        "https://ent.univ-st-etienne.fr/other/",
        &t,
    )
    .await;
    let missing = b.get("/esup-cas/p3/serviceValidate").await.body;

    // The fixed clock: Monday 14 September 2026, 09:00 in Paris.
    let date = "<cas:authenticationDate>2026-09-14T07:00:00.000Z</cas:authenticationDate>";
    for (xml, new_login) in [(&cas2, "true"), (&cas3, "false")] {
        assert!(xml.contains(date), "{xml}");
        assert!(
            xml.contains(&format!(
                "<cas:isFromNewLogin>{new_login}</cas:isFromNewLogin>"
            )),
            "{xml}"
        );
        assert!(
            xml.contains(&format!("<cas:uid>{login}</cas:uid>")),
            "{xml}"
        );
    }
    assert!(replayed.contains("code=\"INVALID_TICKET\""), "{replayed}");
    assert!(
        wrong_service.contains("code=\"INVALID_SERVICE\""),
        "{wrong_service}"
    );
    assert!(missing.contains("code=\"INVALID_REQUEST\""), "{missing}");

    let (valid, report) = check_schema(
        "mock",
        &[
            ("serviceValidate-success", &cas2),
            ("p3-serviceValidate-success", &cas3),
            ("p3-serviceValidate-replayed", &replayed),
            ("serviceValidate-wrong-service", &wrong_service),
            ("p3-serviceValidate-missing-parameters", &missing),
        ],
    );
    assert!(
        valid,
        "CAS responses do not follow the CAS 3.0 schema:\n{report}"
    );
    assert_eq!(report.matches("valid ").count(), 5, "{report}");

    // The check has teeth: attributes without the three the schema requires
    // first (what the mock sent before) are refused.
    let without: String = cas3
        .lines()
        .filter(|l| {
            ![
                "authenticationDate",
                "longTermAuthentication",
                "isFromNewLogin",
            ]
            .iter()
            .any(|a| l.contains(a))
        })
        .collect::<Vec<_>>()
        .join("\n");
    let (valid, report) = check_schema("control", &[("attributes-without-dates", &without)]);
    assert!(!valid && report.contains("invalid"), "{report}");
}
