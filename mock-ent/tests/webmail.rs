//! The webmail: first visit (language and time zone), the inbox and its
//! welcome messages, reading, the regional settings, the language switch that
//! persists across logins, and the returning student already in French.

mod common;

use axum::http::StatusCode;
use common::*;

async fn student(kind: &str) -> (Browser, serde_json::Value) {
    let mut b = Browser::new();
    let p = b.persona(kind).await;
    b.login(&s(&p, "login"), &s(&p, "password")).await;
    (b, p)
}

async fn first_run(b: &mut Browser, lcid: &str) -> Reply {
    let page = b.get("/owa/").await;
    assert!(
        page.text().contains("<label for=\"lcid\">Langue :</label>"),
        "{}",
        page.body
    );
    let csrf = page.input("_csrf");
    b.post(
        "/owa/lang.owa",
        &[
            ("_csrf", &csrf),
            ("lcid", lcid),
            ("tzid", "Romance Standard Time"),
        ],
    )
    .await
}

#[tokio::test]
async fn first_visit_asks_language_and_time_zone_then_opens_the_inbox_in_english() {
    let (mut b, p) = student("active-student").await;
    let page = b.get("/owa/").await;
    assert_eq!(page.status, StatusCode::OK);
    let t = page.text();
    for label in [
        "Fuseau horaire :",
        ">OK</button>",
        ">English (United Kingdom)</option>",
        ">Français (France)</option>",
    ] {
        assert!(t.contains(label), "{label}");
    }
    assert!(t.contains("selected>(UTC+01:00) Bruxelles, Copenhague, Madrid, Paris"));
    let r = first_run(&mut b, "en-GB").await;
    assert_eq!(
        (r.status, r.location().as_str()),
        (StatusCode::SEE_OTHER, "/owa/")
    );
    let inbox = b.get("/owa/").await.text();
    assert!(inbox.contains("<html lang=\"en\">"));
    assert!(inbox.contains(">Inbox</a>") && inbox.contains("aria-label=\"Settings\""));
    assert!(!inbox.contains("Boîte de réception"));
    assert!(inbox.contains("Bienvenue sur votre messagerie universitaire"));
    assert!(inbox.contains("Welcome to Université Jean Monnet"));
    // Read the welcome message: it names the student's own address.
    let at = inbox
        .find("Bienvenue sur votre messagerie universitaire")
        .unwrap();
    let href = inbox[..at].rfind("href=\"/owa/?id=").unwrap();
    let link = &inbox[href + 6..href + 6 + inbox[href + 6..].find('"').unwrap()];
    let read = b.get(link).await.text();
    assert!(read.contains(&s(&p, "email")), "{read}");
    assert!(read.contains(&format!("Bonjour {},", s(&p, "given_name"))));
    assert!(read.contains(">From</dt>"));
    let again = b.get("/owa/").await.text();
    assert!(again.matches("owa-unread").count() < inbox.matches("owa-unread").count());
}

#[tokio::test]
async fn the_language_is_changed_in_the_options_and_kept_across_logins() {
    let (mut b, p) = student("returning-student").await;
    // Already set up in French: no first-visit page.
    let inbox = b.get("/owa/").await.text();
    assert!(inbox.contains(">Boîte de réception</a>"), "{inbox}");
    assert!(inbox.contains("aria-label=\"Paramètres\"") && inbox.contains(">Options</a>"));
    let options = b.get("/owa/options").await.text();
    assert!(options.contains(">Général</a>"));
    assert!(!options.contains("Région et fuseau horaire"));
    let general = b.get("/owa/options/general").await.text();
    assert!(general.contains("href=\"/owa/options/regional\">Région et fuseau horaire</a>"));
    let regional = b.get("/owa/options/regional").await;
    let t = regional.text();
    assert!(
        t.contains("<label for=\"language\">Langue :</label>")
            && t.contains(">Enregistrer</button>")
    );
    let csrf = regional.input("_csrf");
    let fields = |lang: &'static str| {
        vec![
            ("language", lang),
            ("date_format", "dd/MM/yyyy"),
            ("time_format", "HH:mm"),
            ("time_zone", "Romance Standard Time"),
        ]
    };
    // No token, no change.
    let r = b.post("/owa/options/regional", &fields("en-GB")).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let mut with_token = fields("en-GB");
    with_token.push(("_csrf", &csrf));
    let r = b.post("/owa/options/regional", &with_token).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let after = b.follow(&r.location()).await.text();
    assert!(after.contains("<h2>Region and time zone</h2>"), "{after}");
    assert!(after.contains("Your changes have been saved.") && after.contains(">Save</button>"));
    assert!(after.contains("aria-label=\"Settings\"") && !after.contains("Enregistrer"));
    // Log out and in again: still English.
    b.follow("/uPortal/Logout").await;
    let r = b.get("/owa/").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "logged out");
    b.login(&s(&p, "login"), &s(&p, "password")).await;
    let inbox = b.get("/owa/").await.text();
    assert!(inbox.contains(">Inbox</a>"), "{inbox}");
    // And back to French.
    let page = b.get("/owa/options/regional").await;
    let csrf = page.input("_csrf");
    let mut back = fields("fr-FR");
    back.push(("_csrf", &csrf));
    b.post("/owa/options/regional", &back).await;
    assert!(b
        .get("/owa/")
        .await
        .text()
        .contains(">Boîte de réception</a>"));
}

#[tokio::test]
async fn time_zone_and_formats_change_how_dates_show() {
    let (mut b, _) = student("active-student").await;
    first_run(&mut b, "en-GB").await;
    let paris = b.get("/owa/").await.text();
    let page = b.get("/owa/options/regional").await;
    let csrf = page.input("_csrf");
    b.post(
        "/owa/options/regional",
        &[
            ("_csrf", &csrf),
            ("language", "en-US"),
            ("date_format", "yyyy-MM-dd"),
            ("time_format", "h:mm tt"),
            ("time_zone", "China Standard Time"),
        ],
    )
    .await;
    let beijing = b.get("/owa/").await.text();
    assert_ne!(paris, beijing);
    assert!(
        beijing.contains("<span class=\"owa-date\">2026-09-"),
        "{beijing}"
    );
    assert!(beijing.contains(" PM</span>") || beijing.contains(" AM</span>"));
}

#[tokio::test]
async fn bad_settings_are_refused_and_mailboxes_are_private() {
    let (mut b, _) = student("active-student").await;
    let page = b.get("/owa/").await;
    let csrf = page.input("_csrf");
    let r = b
        .post(
            "/owa/lang.owa",
            &[("_csrf", &csrf), ("lcid", "xx-XX"), ("tzid", "Mars")],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.text().contains("Choisissez une langue"));
    let r = b
        .post("/owa/lang.owa", &[("lcid", "en-GB"), ("tzid", "UTC")])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Options before the first visit lead back to it.
    let r = b.get("/owa/options/regional").await;
    assert_eq!(
        (r.status, r.location().as_str()),
        (StatusCode::SEE_OTHER, "/owa/")
    );
    first_run(&mut b, "fr-FR").await;
    let page = b.get("/owa/options/regional").await;
    let csrf = page.input("_csrf");
    let r = b
        .post(
            "/owa/options/regional",
            &[
                ("_csrf", &csrf),
                ("language", "fr-FR"),
                ("date_format", "%s"),
                ("time_format", "HH:mm"),
                ("time_zone", "UTC"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    // Another student's first message is not reachable: ids are per mailbox.
    let mut other = b.sibling();
    let q = other.persona("active-student").await;
    other.login(&s(&q, "login"), &s(&q, "password")).await;
    let mine = b.get("/owa/?id=1").await.text();
    first_run(&mut other, "fr-FR").await;
    let theirs = other.get("/owa/?id=1").await.text();
    assert!(theirs.contains(&s(&q, "email")));
    assert!(!mine.contains(&s(&q, "email")));
    for bad in ["?id=0", "?id=99", "?id=-1", "?id=abc"] {
        let r = b.get(&format!("/owa/{bad}")).await;
        assert_eq!(r.status, StatusCode::OK, "{bad}");
    }
    assert!(b
        .get("/owa/?id=99")
        .await
        .text()
        .contains("Cet élément n'existe plus."));
    // Nobody logged in: off to CAS.
    let mut anonymous = b.sibling();
    for page in ["/owa/", "/owa/options", "/owa/options/regional"] {
        assert_eq!(
            anonymous.get(page).await.status,
            StatusCode::SEE_OTHER,
            "{page}"
        );
    }
}
