//! No input makes a form handler fail: random bodies and query strings
//! (with and without a valid CSRF token) never give a server error or a
//! panic, and never log anyone in.

mod common;

use common::*;
use proptest::prelude::*;
use proptest::test_runner::{Config as PropConfig, TestRunner};

const POSTS: &[&str] = &[
    "/esup-cas/login",
    "/esup-activ/",
    "/esup-activ/info",
    "/esup-activ/recommencer",
    "/esup-activ/activer",
    "/windows/",
    "/__mock/personas",
    "/__mock/clock/advance",
];
const GETS: &[&str] = &[
    "/esup-cas/login",
    "/esup-cas/serviceValidate",
    "/esup-cas/p3/serviceValidate",
    "/esup-cas/validate",
    "/esup-cas/logout",
    "/uPortal/Login",
    "/esup-activ/activer",
    "/uPortal/f/",
    "/perso-mail/",
];

fn field() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z_]{0,12}",
        Just("username".to_string()),
        Just("password".to_string()),
        Just("code".to_string()),
        Just("courriel".to_string()),
        Just("mobile".to_string()),
        Just("execution".to_string()),
        Just("service".to_string()),
        Just("ticket".to_string()),
        Just("charte".to_string()),
    ]
}

fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[ -~]{0,40}",
        Just("ST-1-x".to_string()),
        Just("http://127.0.0.1:4000/uPortal/Login".to_string()),
        Just("<script>alert(1)</script>".to_string()),
    ]
}

/// A body: either well-formed fields or raw bytes.
fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec((field(), value()), 0..6).prop_map(|pairs| {
            let refs: Vec<(&str, &str)> = pairs
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            form(&refs).into_bytes()
        }),
        prop::collection::vec(any::<u8>(), 0..300),
    ]
}

#[test]
fn form_handlers_survive_any_body() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let browser = tokio::sync::Mutex::new(Browser::new());
    // A browser half-way through activation, so the deep branches run too.
    let csrf = rt.block_on(async {
        let mut b = browser.lock().await;
        let p = b.persona("new-student").await;
        b.cas_login(&s(&p, "login"), &s(&p, "birthdate")).await;
        b.follow("/esup-activ/").await.input("_csrf")
    });
    let mut runner = TestRunner::new(PropConfig {
        cases: 300,
        ..PropConfig::default()
    });
    let strategy = (prop::sample::select(POSTS), body(), any::<bool>());
    runner
        .run(&strategy, |(path, mut body, with_csrf)| {
            if with_csrf {
                let mut prefixed = format!("_csrf={csrf}&").into_bytes();
                prefixed.append(&mut body);
                body = prefixed;
            }
            let r = rt.block_on(async {
                let mut b = browser.lock().await;
                let body = String::from_utf8_lossy(&body).into_owned();
                b.request("POST", path, Some(body)).await
            });
            prop_assert!(r.status.as_u16() < 500, "{path}: {}", r.status);
            prop_assert!(!r.body.contains("<script>alert(1)</script>"));
            Ok(())
        })
        .unwrap();
    // Nothing above could log in: the portal still asks for CAS.
    let r = rt.block_on(async { browser.lock().await.get("/uPortal/").await });
    assert!(r.status.is_redirection());
}

#[test]
fn get_handlers_survive_any_query() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let browser = tokio::sync::Mutex::new(Browser::new());
    let mut runner = TestRunner::new(PropConfig {
        cases: 300,
        ..PropConfig::default()
    });
    let strategy = (
        prop::sample::select(GETS),
        prop::collection::vec((field(), value()), 0..4),
        "[a-zA-Z0-9%._~-]{0,30}",
    );
    runner
        .run(&strategy, |(path, pairs, tail)| {
            let refs: Vec<(&str, &str)> = pairs
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            let uri = if path.ends_with('/') && !path.starts_with("/esup") {
                format!("{path}{tail}")
            } else {
                format!("{path}?{}", form(&refs))
            };
            let r = rt.block_on(async { browser.lock().await.get(&uri).await });
            prop_assert!(r.status.as_u16() < 500, "{uri}: {}", r.status);
            Ok(())
        })
        .unwrap();
}

#[test]
fn oversized_bodies_are_refused() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let mut b = Browser::new();
        let big = format!(
            "username={}&password=x",
            "a".repeat(mock_ent::FORM_BODY_LIMIT + 10)
        );
        let r = b.request("POST", "/esup-cas/login", Some(big)).await;
        assert_eq!(r.status, axum::http::StatusCode::PAYLOAD_TOO_LARGE);
    });
}
