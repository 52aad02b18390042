//! The services against any input: arbitrary form values and query strings
//! never crash a handler (no 5xx), and the same persona gets the same pages
//! in two separate mocks (only the per-process CSRF tokens differ).

mod common;

use axum::http::StatusCode;
use common::*;
use proptest::prelude::*;

async fn seeded(b: &mut Browser, kind: &str, seed: &str) -> serde_json::Value {
    let (status, p) = b
        .control(
            "POST",
            "/__mock/personas",
            Some(serde_json::json!({ "kind": kind, "seed": seed })),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    b.login(&s(&p, "login"), &s(&p, "password")).await;
    p
}

/// The page without its CSRF tokens (random per process).
fn without_tokens(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(at) = rest.find("name=\"_csrf\" value=\"") {
        let start = at + "name=\"_csrf\" value=\"".len();
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        rest = &rest[rest.find('"').unwrap_or(0)..];
    }
    out.push_str(rest);
    out
}

#[tokio::test]
async fn the_same_persona_gets_the_same_pages_in_two_mocks() {
    let mut pages = Vec::new();
    for _ in 0..2 {
        let mut b = Browser::new();
        seeded(&mut b, "returning-student", "determinism").await;
        let mut bodies = Vec::new();
        for page in [
            "/ade/",
            "/ade/?week=2026-12-07",
            "/ade/export",
            "/owa/",
            "/owa/?id=2",
            "/owa/options/regional",
            "/claroline/courses",
            "/claroline/course/FLE101/document?path=/Cours",
            "/claroline/course/FLE101/document/zip?path=/",
            "/esup-pstage/",
        ] {
            let r = b.get(page).await;
            assert_eq!(r.status, StatusCode::OK, "{page}");
            bodies.push((page, without_tokens(&String::from_utf8_lossy(&r.bytes))));
        }
        let ics = b.get("/jsp/custom/modules/plannings/anonymous_cal.jsp?resources=3101,3102,4001&projectId=7&calType=ical&firstDate=2026-09-01&lastDate=2026-10-31").await;
        bodies.push(("ics", ics.body));
        pages.push(bodies);
    }
    for (a, b) in pages[0].iter().zip(&pages[1]) {
        assert!(a.1 == b.1, "{} differs between two mocks", a.0);
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

    #[test]
    fn webmail_and_claroline_forms_take_any_value(
        values in proptest::collection::vec("\\PC{0,30}", 6),
        path in "(/|/Cours|/\\.\\.|[a-z/%.]{0,12})",
    ) {
        runtime().block_on(async {
            let mut b = Browser::new();
            seeded(&mut b, "returning-student", "bad-input").await;
            let token = b.get("/owa/options/regional").await.input("_csrf");
            let cases: Vec<(String, Vec<(&str, &str)>)> = vec![
                ("/owa/lang.owa".into(), vec![("lcid", &values[0]), ("tzid", &values[1])]),
                ("/owa/options/regional".into(), vec![("language", &values[0]), ("time_zone", &values[1]), ("date_format", &values[2]), ("time_format", &values[3])]),
                ("/claroline/course/FLE101/document/mkdir".into(), vec![("path", &path), ("name", &values[4])]),
                ("/claroline/enrol".into(), vec![("code", &values[5]), ("key", &values[0])]),
            ];
            for (url, fields) in cases {
                let mut all = fields.clone();
                all.push(("_csrf", &token));
                let r = b.post(&url, &all).await;
                prop_assert!(r.status.as_u16() < 500, "{url}: {}", r.status);
            }
            for url in [
                format!("/claroline/course/FLE101/document?path={}", encode(&path)),
                format!("/claroline/course/FLE101/document/zip?path={}", encode(&path)),
                format!("/claroline/course/FLE101/document/file?path={}", encode(&values[4])),
                format!("/owa/?id={}", encode(&values[2])),
                format!("/ade/?week={}", encode(&values[3])),
                format!("/jsp/custom/modules/plannings/anonymous_cal.jsp?resources={}&projectId=7&calType=ical&firstDate={}&lastDate=2026-10-01", encode(&values[0]), encode(&values[1])),
            ] {
                let r = b.get(&url).await;
                prop_assert!(r.status.as_u16() < 500, "{url}: {}", r.status);
            }
            // The page still works afterwards.
            prop_assert_eq!(b.get("/owa/").await.status, StatusCode::OK);
            Ok(())
        })?;
    }
}

fn encode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}
