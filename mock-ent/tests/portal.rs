//! The portal: public home, login through CAS with real tickets, tabs, logout.

mod common;

use axum::http::StatusCode;
use common::*;

#[tokio::test]
async fn public_home_offers_connexion_and_protected_pages_redirect_to_cas() {
    let mut b = Browser::new();
    let home = b.get("/").await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.body.contains(">Connexion</a>"));
    assert!(home.headers.get_all("set-cookie").iter().any(|v| {
        let v = v.to_str().unwrap();
        v.starts_with("JSESSIONID=") && v.contains("HttpOnly") && v.contains("SameSite=Lax")
    }));
    for page in [
        "/uPortal/",
        "/uPortal/f/enseignements",
        "/uPortal/p/bureau-virtuel",
    ] {
        let r = b.get(page).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{page}");
        assert!(
            r.location().starts_with(
                "/esup-cas/login?service=http%3A%2F%2F127.0.0.1%3A4000%2FuPortal%2FLogin"
            ),
            "{page}: {}",
            r.location()
        );
    }
}

#[tokio::test]
async fn active_student_logs_in_sees_the_tabs_and_comes_back_where_asked() {
    let mut b = Browser::new();
    let p = b.persona("active-student").await;
    let portal = b.login(&s(&p, "login"), &s(&p, "password")).await;
    assert_eq!(portal.status, StatusCode::OK);
    for label in [
        "ENSEIGNEMENTS",
        "BUREAU VIRTUEL",
        "SCOLARITÉ",
        "Déconnexion",
    ] {
        assert!(portal.body.contains(label), "{label} missing");
    }
    assert!(portal.body.contains(&s(&p, "given_name")));
    let tab = b.get("/uPortal/f/enseignements").await;
    assert!(
        tab.text().contains(">Mon emploi du temps</a>") && tab.text().contains("href=\"/ade/\"")
    );
    assert!(tab.body.contains(">Claroline</a>"));
    let bv = b.get("/uPortal/f/bureau-virtuel").await;
    assert!(bv.body.contains(">Bureau Virtuel</a>"));
    let bureau = b.get("/uPortal/p/bureau-virtuel").await;
    assert!(bureau.text().contains("J'accède à ma messagerie"));
    let sco = b.get("/uPortal/f/scolarite").await;
    assert!(sco.body.contains(">Convention de stage</a>"));

    // With single sign-on alive, a deep link goes through CAS without a form.
    let mut deep = b.get("/uPortal/f/scolarite").await;
    assert_eq!(deep.status, StatusCode::OK);
    b.get("/uPortal/Logout").await;
    deep = b.get("/uPortal/f/scolarite").await;
    assert_eq!(deep.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn logout_ends_both_sessions() {
    let mut b = Browser::new();
    let p = b.persona("active-student").await;
    b.login(&s(&p, "login"), &s(&p, "password")).await;
    let out = b.follow("/uPortal/Logout").await;
    assert!(out.body.contains("Déconnexion réussie"));
    assert!(out
        .body
        .contains("Pour des raisons de sécurité, veuillez fermer votre navigateur."));
    // No single sign-on left: the login form shows again.
    let again = b.follow("/uPortal/Login").await;
    assert!(again.body.contains("SE CONNECTER"));
}
