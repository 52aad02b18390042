//! Search across languages, in headless Chromium on the shipped guide: a
//! reader whose language finds nothing is offered the pages of the other
//! languages, and a reader who types the intranet's French words gets the
//! French pages too; each labelled with its language and linked to the
//! reader's own version of the page.

mod common;

use common::{run, static_site, until, DEADLINE as LOAD};
use ent_guide::chrome::{self, Session};
use serde::Deserialize;
use std::path::Path;
use std::sync::OnceLock;

fn site() -> &'static str {
    static URL: OnceLock<String> = OnceLock::new();
    URL.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("search-across");
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let o = run(root, &["build", "--out", dir.to_str().expect("utf-8 path")]);
        assert!(o.status.success(), "{}", common::stderr(&o));
        static_site::serve(&dir)
    })
}

/// One result as the reader sees it.
#[derive(Deserialize, Debug)]
struct Found {
    path: String,
    lang: String,
    label: String,
    mine: String,
}

/// Types `query` in the search box of `/<lang>/` and reads the results:
/// the reader's own, then the other languages' under their heading.
fn search(s: &Session, lang: &str, query: &str) -> (Vec<Found>, String) {
    s.navigate(&format!("{}{lang}/", site()), LOAD)
        .expect("home page");
    s.tab
        .find_element("#search-q")
        .expect("a search box")
        .click()
        .expect("focus");
    s.insert_text(query).expect("type");
    let js = "JSON.stringify([...document.querySelectorAll('.search-results > li:not(.search-other)')].map(li => { \
              const a = li.querySelector('a'), here = li.querySelector('.search-here'), tag = li.querySelector('.search-lang'); \
              return {path: new URL(a.href).pathname, lang: a.lang, label: tag ? tag.textContent : '', \
                      mine: here ? new URL(here.href).pathname : ''}; }))";
    until(&format!("results for {query:?} in {lang}"), || {
        let status = s
            .eval("document.querySelector('#search-status').textContent")
            .ok()?;
        if status.as_str().is_none_or(str::is_empty) {
            return None;
        }
        let found: Vec<Found> = s.eval_json(js).ok()?;
        let heading = s
            .eval("(document.querySelector('.search-other') || {}).textContent || ''")
            .ok()?
            .as_str()?
            .to_string();
        (!found.is_empty()).then_some((found, heading))
    })
}

#[test]
fn french_interface_words_find_the_french_pages_too() {
    let browser = chrome::launch().expect("start Chromium");
    let s = Session::open(&browser).expect("tab");
    let (found, heading) = search(&s, "en", "emploi du temps");
    assert_eq!(heading, "Found in other languages", "{found:?}");
    let timetable = found
        .iter()
        .find(|f| f.path == "/fr/timetable/")
        .unwrap_or_else(|| panic!("the French timetable page: {found:?}"));
    assert_eq!(timetable.lang, "fr");
    assert_eq!(
        timetable.label, " (French)",
        "named in the reader's language"
    );
    assert_eq!(timetable.mine, "/en/timetable/", "and linked in English");
    assert!(
        found
            .iter()
            .filter(|f| !f.lang.is_empty())
            .all(|f| f.lang == "fr"),
        "only French pages are added when the reader's language found some: {found:?}"
    );
}

#[test]
fn when_the_readers_language_finds_nothing_the_others_are_offered() {
    let browser = chrome::launch().expect("start Chromium");
    let s = Session::open(&browser).expect("tab");
    // An Arabic word ("agreement"): the Spanish pages do not hold it.
    let (found, heading) = search(&s, "es", "اتفاقية");
    assert_eq!(heading, "Encontrado en otros idiomas", "{found:?}");
    let status = s
        .eval("document.querySelector('#search-status').textContent")
        .expect("status");
    assert_eq!(status.as_str(), Some("Ninguna página coincide."));
    let ar = found
        .iter()
        .find(|f| f.path == "/ar/placement-agreement/")
        .unwrap_or_else(|| panic!("the Arabic placement page: {found:?}"));
    assert_eq!(ar.lang, "ar");
    assert_eq!(ar.mine, "/es/placement-agreement/");
    assert!(!ar.label.is_empty());
}
