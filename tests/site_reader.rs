//! What `ent-guide build` tells and shows a reader beyond the content:
//! freshness from the last `verify`, the phone menu, and page weights.

mod common;

use common::{read, run, stdout, Scratch};

fn build_copy(verified: Option<&str>) -> (Scratch, std::process::Output) {
    let site = Scratch::copy_of("basic");
    if let Some(v) = verified {
        std::fs::write(site.0.join("screenshots/verified.json"), v).expect("verified.json");
    }
    let out = site.0.join("public");
    let o = run(
        &site.0,
        &["build", "--out", out.to_str().expect("utf-8 path")],
    );
    assert!(o.status.success(), "{}", common::stderr(&o));
    (site, o)
}

#[test]
fn pages_say_when_their_steps_last_passed_verify_in_the_readers_language() {
    let (site, _) = build_copy(Some(
        r#"{"log-in": {"date": "2026-11-27", "passed": true},
            "mail": {"date": "2026-11-27", "passed": false}}"#,
    ));
    let en = read(site.0.join("public/en/log-in/index.html"));
    assert!(
        en.contains(
            "Steps last checked against the intranet on</span> <time datetime=\"2026-11-27\">"
        ),
        "{en}"
    );
    let fr = read(site.0.join("public/fr/log-in/index.html"));
    assert!(
        fr.contains("Étapes vérifiées sur l&#39;intranet le</span>"),
        "{fr}"
    );
    let mail = read(site.0.join("public/en/mail/index.html"));
    assert!(
        !mail.contains("datetime="),
        "a failed run makes no claim: {mail}"
    );
}

#[test]
fn without_a_verify_record_no_page_claims_freshness() {
    let (site, _) = build_copy(None);
    let en = read(site.0.join("public/en/log-in/index.html"));
    assert!(!en.contains("class=\"verified\""), "{en}");
}

#[test]
fn the_menu_is_a_disclosure_button_and_comes_before_the_content() {
    let (site, _) = build_copy(None);
    let en = read(site.0.join("public/en/log-in/index.html"));
    assert!(
        en.contains("class=\"menu-toggle\" type=\"button\" aria-expanded=\"true\" aria-controls=\"site-nav\""),
        "{en}"
    );
    let nav = en.find("id=\"site-nav\"").expect("menu");
    let main = en.find("<main id=\"main\"").expect("main");
    assert!(nav < main, "the skip link jumps over the menu");
    assert!(site.0.join("public/assets/site.js").exists());
}

#[test]
fn build_prints_each_pages_weight_and_the_budget() {
    let (site, o) = build_copy(None);
    let text = stdout(&o);
    assert!(text.contains("page weight (HTML + "), "{text}");
    let html = std::fs::metadata(site.0.join("public/ar/log-in/index.html"))
        .expect("page")
        .len() as usize;
    let css = std::fs::metadata(site.0.join("public/assets/style.css"))
        .expect("css")
        .len() as usize
        + std::fs::metadata(site.0.join("public/assets/site.js"))
            .expect("js")
            .len() as usize;
    let want = format!("{:.1} KB  /ar/log-in/", (html + css) as f64 / 1024.0);
    assert!(text.contains(&want), "{want} in {text}");
    assert!(text.contains("0 over the 30.0 KB budget"), "{text}");
}
