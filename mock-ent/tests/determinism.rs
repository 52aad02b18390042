//! Identical requests give identical pages, so screenshots never drift:
//! seeded personas, the fixed clock and deterministic captchas make two
//! separate mocks answer byte for byte the same (per-session tokens aside).

mod common;

use common::*;
use serde_json::json;

/// The page without its per-session secrets (CSRF token, CAS execution).
fn stable(html: &str) -> String {
    let mut out = String::new();
    for line in html.lines() {
        if line.contains("name=\"_csrf\"") || line.contains("name=\"execution\"") {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

async fn walk(b: &mut Browser) -> Vec<(String, Vec<u8>)> {
    let (_, p) = b
        .control(
            "POST",
            "/__mock/personas",
            Some(json!({"kind": "new-student", "seed": "first-login"})),
        )
        .await;
    let (_, q) = b
        .control(
            "POST",
            "/__mock/personas",
            Some(json!({"kind": "active-student", "seed": "timetable"})),
        )
        .await;
    let mut pages = Vec::new();
    pages.push(("home".into(), b.get("/").await.bytes));
    pages.push((
        "cas".into(),
        stable(&b.follow("/uPortal/Login").await.body).into_bytes(),
    ));
    b.cas_login(&s(&p, "login"), &s(&p, "birthdate")).await;
    pages.push((
        "captcha page".into(),
        stable(&b.get("/esup-activ/").await.body).into_bytes(),
    ));
    pages.push((
        "captcha png".into(),
        b.get("/esup-activ/captcha.png").await.bytes,
    ));
    let mut c = b.sibling();
    c.login(&s(&q, "login"), &s(&q, "password")).await;
    for path in [
        "/uPortal/",
        "/uPortal/f/enseignements",
        "/uPortal/p/bureau-virtuel",
    ] {
        pages.push((path.into(), c.get(path).await.bytes));
    }
    pages
}

#[tokio::test]
async fn two_mocks_render_the_same_pages() {
    let a = walk(&mut Browser::new()).await;
    let b = walk(&mut Browser::new()).await;
    for ((name, x), (_, y)) in a.iter().zip(&b) {
        assert!(x == y, "{name} differs between runs");
    }
    assert_eq!(a.len(), 7);
}

#[tokio::test]
async fn the_same_request_twice_gives_the_same_html() {
    let mut b = Browser::new();
    let p = b.persona("active-student").await;
    b.login(&s(&p, "login"), &s(&p, "password")).await;
    for path in [
        "/uPortal/",
        "/uPortal/f/scolarite",
        "/windows/",
        "/esup-cas/login",
    ] {
        let first = stable(&b.get(path).await.body);
        let second = stable(&b.get(path).await.body);
        assert_eq!(first, second, "{path}");
    }
}
