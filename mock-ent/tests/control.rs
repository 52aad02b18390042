//! The control API, `--no-control`, the bundled assets, and `spawn`.

mod common;

use std::io::{Read, Write};

use axum::http::StatusCode;
use common::*;
use mock_ent::Config;
use serde_json::json;

#[tokio::test]
async fn personas_of_every_kind_carry_every_field() {
    let mut b = Browser::new();
    for kind in [
        "new-student-today",
        "new-student",
        "active-student",
        "returning-student",
    ] {
        let p = b.persona(kind).await;
        assert_eq!(s(&p, "kind"), kind);
        for field in [
            "login",
            "password",
            "birthdate",
            "new_password",
            "given_name",
            "family_name",
            "email",
            "personal_email",
            "mobile",
            "personal_mailbox_url",
        ] {
            assert!(!s(&p, field).is_empty(), "{kind}: {field} empty in {p}");
        }
        assert_eq!(s(&p, "birthdate").len(), 8);
        assert!(s(&p, "email").ends_with("@etu.univ-st-etienne.fr"));
        assert!(s(&p, "personal_mailbox_url").starts_with("http://127.0.0.1:4000/perso-mail/"));
        let expected_password = if kind.starts_with("new") {
            s(&p, "birthdate")
        } else {
            s(&p, "new_password")
        };
        assert_eq!(s(&p, "password"), expected_password);
    }
    let (status, err) = b
        .control(
            "POST",
            "/__mock/personas",
            Some(json!({"kind": "professor"})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(err["error"].as_str().unwrap().contains("new-student"));
    let (status, _) = b.control("POST", "/__mock/personas", None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn seeded_personas_are_identical_across_mocks() {
    let mut a = Browser::new();
    let mut b = Browser::new();
    a.persona("active-student").await; // creation order must not matter
    let (_, p) = a
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
            Some(json!({"kind": "new-student", "seed": "first-login"})),
        )
        .await;
    for field in [
        "login",
        "birthdate",
        "given_name",
        "family_name",
        "email",
        "new_password",
    ] {
        assert_eq!(p[field], q[field], "{field}");
    }
}

/// On one mock, asking again with a seed already used gives another person
/// (logins and addresses are unique), and that variant too is the same on
/// every mock asked the same things in the same order.
#[tokio::test]
async fn a_seed_used_twice_on_one_mock_gives_a_deterministic_variant() {
    let mut a = Browser::new();
    let mut b = Browser::new();
    let mut firsts = Vec::new();
    let mut seconds = Vec::new();
    for browser in [&mut a, &mut b] {
        let mut made = Vec::new();
        for _ in 0..2 {
            let (status, p) = browser
                .control(
                    "POST",
                    "/__mock/personas",
                    Some(json!({"kind": "active-student", "seed": "twice"})),
                )
                .await;
            assert_eq!(status, StatusCode::CREATED, "{p}");
            made.push(p);
        }
        seconds.push(made.pop().unwrap());
        firsts.push(made.pop().unwrap());
    }
    for field in ["login", "email", "personal_email"] {
        assert_ne!(firsts[0][field], seconds[0][field], "{field}");
    }
    for field in [
        "login",
        "birthdate",
        "given_name",
        "family_name",
        "email",
        "personal_email",
        "mobile",
        "new_password",
    ] {
        assert_eq!(firsts[0][field], firsts[1][field], "first, {field}");
        assert_eq!(seconds[0][field], seconds[1][field], "variant, {field}");
    }
}

#[tokio::test]
async fn clock_advances_per_login_and_reset_forgets_everything() {
    let mut b = Browser::new();
    let p = b.persona("active-student").await;
    let (_, c) = b.control("GET", "/__mock/clock", None).await;
    assert_eq!(c["paris"], "2026-09-14T09:00:00");
    let (status, r) = b
        .control(
            "POST",
            "/__mock/clock/advance",
            Some(json!({"days": 1, "login": s(&p, "login")})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(r["paris"], "2026-09-15T09:00:00");
    let (_, c) = b.control("GET", "/__mock/clock", None).await;
    assert_eq!(
        c["paris"], "2026-09-14T09:00:00",
        "another persona's advance moved the global clock"
    );
    let (status, _) = b
        .control("POST", "/__mock/clock/advance", Some(json!({"days": -1})))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = b
        .control(
            "POST",
            "/__mock/clock/advance",
            Some(json!({"days": 1, "login": "nobody"})),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    b.control("POST", "/__mock/reset", None).await;
    let (status, _) = b
        .control("GET", &format!("/__mock/personas/{}", s(&p, "login")), None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn no_control_means_404() {
    let mut b = Browser::with_config(Config {
        control: false,
        ..Config::default()
    });
    let (status, _) = b
        .control(
            "POST",
            "/__mock/personas",
            Some(json!({"kind": "new-student"})),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = b.control("POST", "/__mock/reset", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

/// Without the control API nothing under `/__mock/` exists: every path
/// answers 404 whatever the method (a `405` would tell a scanner the route
/// is there), including the services' own control endpoints.
#[tokio::test]
async fn no_control_means_404_for_every_path_and_method() {
    let mut b = Browser::with_config(Config {
        control: false,
        ..Config::default()
    });
    let paths = [
        "/__mock/personas",
        "/__mock/personas/ab12345c",
        "/__mock/personas/ab12345c/captcha",
        "/__mock/mailboxes/someone@example.org",
        "/__mock/clock",
        "/__mock/clock/advance",
        "/__mock/reset",
        "/__mock/pstage/ab12345c/validate",
        "/__mock/nothing-here",
    ];
    for path in paths {
        for method in ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"] {
            let json = (method != "GET" && method != "HEAD").then(|| json!({}));
            let (status, _) = b.control(method, path, json).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{method} {path}");
        }
    }
    // With the control API, the same routes are there.
    let mut c = Browser::new();
    let (status, _) = c.control("GET", "/__mock/clock", None).await;
    assert_eq!(status, StatusCode::OK);
    let (status, v) = c
        .control("POST", "/__mock/pstage/nobody/validate", None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{v}");
    assert!(v["error"].as_str().unwrap_or("").contains("nobody"), "{v}");
}

#[tokio::test]
async fn fonts_and_css_are_bundled() {
    let mut b = Browser::new();
    let css = b.get("/static/css/fonts.css").await;
    assert!(css.body.contains("font-display: block"));
    let font = b
        .get("/static/fonts/open-sans-latin-400-normal.woff2")
        .await;
    assert_eq!(font.status, StatusCode::OK);
    assert_eq!(font.headers["content-type"], "font/woff2");
    assert_eq!(&font.bytes[..4], b"wOF2");
    assert_eq!(
        b.get("/static/../Cargo.toml").await.status,
        StatusCode::NOT_FOUND
    );
}

#[test]
fn spawn_serves_on_loopback_from_sync_code() {
    let running = mock_ent::spawn(Config::default()).expect("spawn");
    assert!(running.url.starts_with("http://127.0.0.1:"));
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", running.port)).expect("connect");
    stream
        .write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .expect("write");
    let mut reply = String::new();
    stream.read_to_string(&mut reply).expect("read");
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
    assert!(reply.contains("Connexion"));
    running.stop();
}

#[tokio::test]
async fn fixtures_create_personas_at_start() {
    let path = std::env::temp_dir().join(format!("mock-ent-fixtures-{}.json", std::process::id()));
    std::fs::write(
        &path,
        r#"{"personas": [{"kind": "active-student", "seed": "demo"}, {"kind": "new-student"}]}"#,
    )
    .unwrap();
    let mut b = Browser::with_config(Config {
        fixtures: Some(path.clone()),
        ..Config::default()
    });
    let mut reference = Browser::new();
    let (_, demo) = reference
        .control(
            "POST",
            "/__mock/personas",
            Some(json!({"kind": "active-student", "seed": "demo"})),
        )
        .await;
    let (status, p) = b
        .control(
            "GET",
            &format!("/__mock/personas/{}", s(&demo, "login")),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(p["kind"], "active-student");
    let portal = b.login(&s(&demo, "login"), &s(&demo, "password")).await;
    assert!(portal.text().contains("Déconnexion"));
    std::fs::remove_file(path).ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn spawn_also_works_from_async_code() {
    let running = mock_ent::spawn(Config::default()).expect("spawn");
    let port = running.port;
    let reply = tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect");
        stream
            .write_all(
                b"GET /esup-cas/login HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
            )
            .expect("write");
        let mut reply = String::new();
        stream.read_to_string(&mut reply).expect("read");
        reply
    })
    .await
    .unwrap();
    assert!(reply.contains("SE CONNECTER"));
    drop(running);
    assert!(
        std::net::TcpStream::connect(("127.0.0.1", port)).is_err(),
        "still serving after drop"
    );
}
