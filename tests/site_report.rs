//! "This step didn't work": the report address in guide.yaml, each step's
//! link and its report page with the message filled in (page, step,
//! language, the day the step last passed), none in the print view; bad
//! addresses as `file:line:col` problems; and the days each step last
//! passed, shown per step when they differ.

mod common;

use common::{read, run, stderr, Scratch};

/// The test guide with `report` (a line of guide.yaml) and, when given,
/// `screenshots/verified.json`, built.
fn built(report: &str, verified: Option<&str>) -> Scratch {
    let site = Scratch::copy_of("basic");
    let yaml = site.0.join("content/guide.yaml");
    std::fs::write(&yaml, format!("{}{report}\n", read(&yaml))).expect("guide.yaml");
    if let Some(v) = verified {
        std::fs::write(site.0.join("screenshots/verified.json"), v).expect("verified.json");
    }
    common::build(&site.0, &site.0.join("public"));
    site
}

fn page(site: &Scratch, path: &str) -> String {
    read(site.0.join("public").join(path))
}

#[test]
fn every_step_links_its_prefilled_report_and_print_leaves_it_out() {
    let site = built(
        "report: {mailto: intl@univ-st-etienne.fr}",
        Some(r#"{"log-in": {"date": "2026-11-27", "passed": true}}"#),
    );
    let fr = page(&site, "fr/log-in/index.html");
    for n in 1..=3 {
        assert!(
            fr.contains(&format!(
                "data-n={n}><a href=report.html#{n} aria-labelledby=R></a>"
            )),
            "step {n}: {fr}"
        );
    }
    assert!(
        fr.contains("<span id=R hidden>Cette étape n&#39;a pas marché</span>"),
        "{fr}"
    );
    let report = page(&site, "fr/log-in/report.html");
    // Step 3's message: to the office, naming the page, the step, the
    // language and when the step last passed, in the reader's language.
    let href = report
        .split("<li id=\"3\"><a href=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("step 3's link")
        .replace("&amp;", "&");
    let decoded = percent_encoding::percent_decode_str(&href.replace("&#x2F;", "/"))
        .decode_utf8()
        .expect("utf-8")
        .into_owned();
    assert!(
        decoded.starts_with("mailto:intl@univ-st-etienne.fr?subject="),
        "{decoded}"
    );
    for part in [
        "l'étape 3 de « Se connecter »",
        "https://guide.example.org/fr/log-in/#step-3",
        "Langue : fr",
        "27 novembre 2026",
    ] {
        assert!(decoded.contains(part), "{part} in {decoded}");
    }
    assert!(
        !report.contains("data-pagefind-body"),
        "report pages are not searched"
    );
    // Neither the print view nor a page without steps carries links.
    let print = page(&site, "fr/print/index.html");
    assert!(!print.contains("report.html"), "{print}");
    assert!(!page(&site, "en/index.html").contains("aria-labelledby=R"));
    assert!(!site.0.join("public/en/report.html").exists());
}

#[test]
fn a_form_address_gets_the_fields_filled_in() {
    let site = built(
        r#"report: {url: "https://forms.univ-st-etienne.fr/guide?p={page}&s={step}&l={lang}&v={verified}"}"#,
        Some(r#"{"log-in": {"date": "2026-11-27", "passed": true}}"#),
    );
    let report = page(&site, "ar/log-in/report.html")
        .replace("&amp;", "&")
        .replace("&#x2F;", "/");
    assert!(
        report.contains("https://forms.univ-st-etienne.fr/guide?p=log-in&s=2&l=ar&v=2026-11-27"),
        "{report}"
    );
}

#[test]
fn without_an_address_no_step_links_a_report() {
    let site = built("", None);
    assert!(!page(&site, "en/log-in/index.html").contains("report.html"));
    assert!(!site.0.join("public/en/log-in/report.html").exists());
}

#[test]
fn a_bad_address_is_a_problem_on_its_line() {
    let site = Scratch::copy_of("basic");
    let yaml = site.0.join("content/guide.yaml");
    let text = read(&yaml);
    let line = text.lines().count() + 1;
    std::fs::write(
        &yaml,
        format!("{text}report: {{mailto: \"office at ujm\"}}\n"),
    )
    .expect("write");
    let o = run(&site.0, &["check"]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains(&format!("content/guide.yaml:{line}:"))
            && err.contains("not an e-mail address"),
        "{err}"
    );
    let out = site.0.join("public");
    let o = run(&site.0, &["build", "--out", out.to_str().expect("utf-8")]);
    assert!(!o.status.success());
    assert!(!out.exists(), "nothing written");
}

/// The days steps last passed, in the page (French words).
fn days(html: &str) -> Vec<String> {
    html.split("<time datetime=")
        .skip(1)
        .filter_map(|t| {
            t.split(['>', '"'])
                .find(|s| !s.is_empty())
                .map(str::to_string)
        })
        .collect()
}

#[test]
fn steps_that_passed_on_different_days_show_their_own_day() {
    let one = built(
        "",
        Some(
            r#"{"log-in": {"date": "2026-11-27", "passed": true, "steps": ["2026-11-27", "2026-11-27", "2026-11-27"]}}"#,
        ),
    );
    let html = page(&one, "fr/log-in/index.html");
    assert_eq!(days(&html), ["2026-11-27"], "one day for the page");
    assert!(html.contains("<p class=\"verified\">"), "{html}");

    // `verify --page` failed at step 3 a day later: steps 1 and 2 passed
    // then, step 3 last passed the day before.
    let split = built(
        "",
        Some(
            r#"{"log-in": {"date": "2026-11-28", "passed": false, "steps": ["2026-11-28", "2026-11-28", "2026-11-27"]}}"#,
        ),
    );
    let html = page(&split, "fr/log-in/index.html");
    assert_eq!(days(&html), ["2026-11-28", "2026-11-28", "2026-11-27"]);
    assert!(
        !html.contains("<p class=\"verified\">"),
        "no single day: {html}"
    );
    assert!(
        html.contains(
            "vérifiée pour la dernière fois le <time datetime=2026-11-27>27 novembre 2026</time>"
        ),
        "{html}"
    );
}

/// In Chromium, with scripts off: the keyboard reaches a step's link, which
/// reads and shows its words, and Enter opens the report page at that
/// step, whose link is the prefilled message.
#[test]
fn the_link_is_reached_by_keyboard_and_works_without_javascript() {
    use ent_guide::chrome::{self, cdp, Session};
    use headless_chrome::protocol::cdp::Emulation;
    let site = built(
        "report: {mailto: intl@univ-st-etienne.fr}",
        Some(r#"{"log-in": {"date": "2026-11-27", "passed": true}}"#),
    );
    let url = common::static_site::serve(&site.0.join("public"));
    let browser = chrome::launch().expect("start Chromium");
    let s = Session::open(&browser).expect("tab");
    cdp::<Emulation::SetScriptExecutionDisabled>(&s.tab, serde_json::json!({"value": true}))
        .expect("scripts off");
    s.navigate(&format!("{url}fr/log-in/"), common::DEADLINE)
        .expect("page");
    let reached = (0..60).find_map(|_| {
        s.tab.press_key("Tab").expect("Tab");
        let href = s
            .tab
            .evaluate("document.activeElement.getAttribute('href')", false)
            .ok()?
            .value?;
        (href.as_str() == Some("report.html#2")).then_some(())
    });
    assert!(reached.is_some(), "Tab reaches step 2's report link");
    let shown = s
        .tab
        .evaluate(
            "getComputedStyle(document.activeElement, '::after').content",
            false,
        )
        .expect("style")
        .value;
    assert_eq!(
        shown
            .and_then(|v| v.as_str().map(str::to_string))
            .as_deref(),
        Some("\"Cette étape n'a pas marché\"")
    );
    let name = s
        .tab
        .evaluate(
            "document.getElementById(document.activeElement.getAttribute('aria-labelledby')).textContent",
            false,
        )
        .expect("name")
        .value;
    assert_eq!(
        name.and_then(|v| v.as_str().map(str::to_string)).as_deref(),
        Some("Cette étape n'a pas marché")
    );
    s.tab.press_key("Enter").expect("Enter");
    common::until("the report page", || {
        let v = s
            .tab
            .evaluate(
                "location.pathname + location.hash + ' ' + (document.querySelector(':target a') || {}).href",
                false,
            )
            .ok()?
            .value?;
        let v = v.as_str()?.to_string();
        v.starts_with("/fr/log-in/report.html#2 mailto:intl@univ-st-etienne.fr?subject=")
            .then_some(())
    });
}
