//! The published guide as students meet it, in headless Chromium: the
//! shipped guide built once and served by a plain static server, then
//! read with the mouse, the keyboard and the search box, in every
//! language.

mod common;

use common::{files, run, static_site, until, DEADLINE as LOAD};
use ent_guide::chrome::{self, Session};
use headless_chrome::protocol::cdp::types::Event;
use headless_chrome::Browser;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

const LANGS: [&str; 5] = ["en", "fr", "es", "zh", "ar"];

/// The shipped guide, built once for all the tests of this file.
struct Built {
    dir: PathBuf,
    url: String,
}

fn built() -> &'static Built {
    static BUILT: OnceLock<Built> = OnceLock::new();
    BUILT.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("site-browser");
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        // Without the service workers, which tests/site_offline.rs covers:
        // these tests read each page as a first visit would.
        let o = run(
            root,
            &[
                "build",
                "--no-offline",
                "--out",
                dir.to_str().expect("utf-8 path"),
            ],
        );
        assert!(o.status.success(), "{}", common::stderr(&o));
        let url = static_site::serve(&dir);
        Built { dir, url }
    })
}

fn browser() -> Browser {
    chrome::launch().expect("start Chromium")
}

fn open(browser: &Browser, path: &str) -> Session {
    let s = Session::open(browser).expect("tab");
    s.navigate(&format!("{}{path}", built().url), LOAD)
        .unwrap_or_else(|e| panic!("load {path}: {e:#}"));
    s
}

fn eval_string(s: &Session, js: &str) -> String {
    match s.eval(js).unwrap_or_else(|e| panic!("{js}: {e:#}")) {
        Value::String(v) => v,
        other => other.to_string(),
    }
}

/// Evaluates `js` and reads its value as `T`.
fn value<T: serde::de::DeserializeOwned>(s: &Session, js: &str) -> T {
    let v = s.eval(js).unwrap_or_else(|e| panic!("{js}: {e:#}"));
    serde_json::from_value(v.clone()).unwrap_or_else(|e| panic!("{js} gave {v}: {e}"))
}

fn path_of(s: &Session) -> String {
    eval_string(s, "location.pathname")
}

/// Presses a key (with real key events) in the page.
fn press(s: &Session, key: &str) {
    s.tab
        .press_key(key)
        .unwrap_or_else(|e| panic!("{key}: {e:#}"));
}

/// The slugs of the guide's pages, from the built English pages.
fn slugs() -> Vec<String> {
    files(&built().dir.join("en"))
        .into_iter()
        .filter_map(|f| {
            Some(
                f.strip_suffix("index.html")?
                    .trim_end_matches('/')
                    .to_string(),
            )
        })
        .filter(|slug| slug != "print")
        .collect()
}

fn page_path(lang: &str, slug: &str) -> String {
    if slug.is_empty() {
        format!("{lang}/")
    } else {
        format!("{lang}/{slug}/")
    }
}

#[test]
fn the_language_switcher_keeps_the_page() {
    let browser = browser();
    let slugs = slugs();
    assert!(slugs.len() >= 10, "{slugs:?}");
    for slug in &slugs {
        let s = open(&browser, &page_path("fr", slug));
        let links: Vec<(String, String)> = value(
            &s,
            "[...document.querySelectorAll('.lang-switch a')].map(a => [a.hreflang, new URL(a.href).pathname])",
        );
        let codes: Vec<&str> = links.iter().map(|(c, _)| c.as_str()).collect();
        assert_eq!(codes, LANGS, "{slug}: every language is offered");
        for (code, path) in &links {
            assert_eq!(path, &format!("/{}", page_path(code, slug)), "{slug}");
        }
    }
    // A real click on a link of the switcher.
    let s = open(&browser, "fr/timetable/");
    let (x, y): (f64, f64) = value(
        &s,
        "(() => { const r = document.querySelector('.lang-switch a[hreflang=es]').getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()",
    );
    s.click_at(x, y).expect("click");
    until("the Spanish page", || {
        (path_of(&s) == "/es/timetable/").then_some(())
    });
    assert_eq!(eval_string(&s, "document.documentElement.lang"), "es");
}

/// Types `query` into the search box of `lang`'s home page and returns the
/// paths of the pages found.
fn search(browser: &Browser, lang: &str, query: &str) -> Vec<String> {
    let s = Session::open(browser).expect("tab");
    search_on(&s, lang, query)
}

/// [`search`] in the tab of `s`.
fn search_on(s: &Session, lang: &str, query: &str) -> Vec<String> {
    s.navigate(&format!("{}{lang}/", built().url), LOAD)
        .expect("home page");
    let input = s.tab.find_element("#search-q").expect("a search box");
    input.click().expect("focus the search box");
    s.insert_text(query).expect("type");
    until(&format!("results for {query:?} in {lang}"), || {
        let status = eval_string(s, "document.querySelector('#search-status').textContent");
        if status.is_empty() {
            return None;
        }
        Some(value::<Vec<String>>(
            s,
            // The reader's own results (other languages' carry `lang`).
            "[...document.querySelectorAll('.search-results > li > a:first-child:not([lang])')].map(a => new URL(a.href).pathname)",
        ))
    })
}

#[test]
fn search_finds_a_page_from_a_word_of_its_body_in_each_language() {
    let browser = browser();
    // A word of the timetable page's body (not of its title), per language.
    let words = [
        ("en", "calendar"),
        ("fr", "calendrier"),
        ("es", "calendario"),
        ("zh", "日历"),
        ("ar", "تقويم"),
    ];
    for (lang, word) in words {
        let html = common::read(built().dir.join(lang).join("timetable/index.html"));
        let article = &html[html.find("<article").expect("article")..];
        let title_end = article.find("</h1>").expect("title");
        assert!(
            article[title_end..].contains(word),
            "{word:?} is in the body of /{lang}/timetable/"
        );
        let found = search(&browser, lang, word);
        assert!(
            found.contains(&format!("/{lang}/timetable/")),
            "{lang}: searching {word:?} found {found:?}"
        );
        assert!(
            found.iter().all(|p| p.starts_with(&format!("/{lang}/"))),
            "{lang}: results only in the reader's language, got {found:?}"
        );
    }
}

#[test]
fn search_says_when_nothing_matches() {
    let browser = browser();
    let found = search(&browser, "en", "zzyzxqqq");
    assert!(found.is_empty(), "{found:?}");
}

/// The boxes of the menu and of the main column: `[nav left, main left]`.
fn columns(s: &Session) -> (f64, f64) {
    value(
        s,
        "(() => { const n = document.querySelector('#site-nav').getBoundingClientRect(); const m = document.querySelector('main').getBoundingClientRect(); return [n.left, m.left]; })()",
    )
}

#[test]
fn the_arabic_page_lays_out_right_to_left() {
    let browser = browser();
    let ar = open(&browser, "ar/log-in/");
    assert_eq!(eval_string(&ar, "document.documentElement.dir"), "rtl");
    assert_eq!(
        eval_string(
            &ar,
            "getComputedStyle(document.querySelector('article')).direction"
        ),
        "rtl"
    );
    let (nav, main) = columns(&ar);
    assert!(
        nav > main,
        "the menu is on the right in Arabic: nav {nav}, main {main}"
    );
    let en = open(&browser, "en/log-in/");
    let (nav, main) = columns(&en);
    assert!(
        nav < main,
        "the menu is on the left in English: nav {nav}, main {main}"
    );
    // Text starts at the right edge of the article.
    let (text_right, article_right): (f64, f64) = value(
        &ar,
        "(() => { const p = document.querySelector('article p'); const r = document.createRange(); r.selectNodeContents(p); const a = p.getBoundingClientRect(); return [r.getClientRects()[0].right, a.right]; })()",
    );
    assert!(
        (article_right - text_right).abs() < 2.0,
        "the first line starts at the right: text ends at {text_right}, paragraph at {article_right}"
    );
}

/// A short description of the focused element.
fn focused(s: &Session) -> String {
    eval_string(
        s,
        "(() => { const e = document.activeElement; if (!e || e === document.body) return 'body'; \
         if (e.id) return '#' + e.id; \
         const sw = e.closest('.lang-switch'); if (sw) return 'switch:' + e.hreflang; \
         return e.tagName.toLowerCase() + '.' + e.className; })()",
    )
}

#[test]
fn keyboard_alone_reaches_the_search_box_and_the_switcher() {
    let browser = browser();
    let s = open(&browser, "en/log-in/");
    let mut seen = Vec::new();
    for _ in 0..30 {
        press(&s, "Tab");
        seen.push(focused(&s));
        if seen.iter().any(|f| f == "#search-q") && seen.iter().any(|f| f == "switch:fr") {
            break;
        }
    }
    assert_eq!(
        seen[0], "a.skip-link",
        "the skip link comes first: {seen:?}"
    );
    assert!(seen.contains(&"#search-q".to_string()), "{seen:?}");
    assert!(seen.contains(&"switch:fr".to_string()), "{seen:?}");
    // The focus ring shows.
    let outline = eval_string(&s, "getComputedStyle(document.activeElement).outlineStyle");
    assert_ne!(outline, "none", "focus is visible");
    // Enter on the switcher's link follows it, to the same page.
    press(&s, "Enter");
    until("the French page", || {
        (path_of(&s) == "/fr/log-in/").then_some(())
    });
}

/// Records the address of every request the tab of `s` makes.
fn record(s: &Session) -> Arc<Mutex<Vec<String>>> {
    let requests = Arc::new(Mutex::new(Vec::<String>::new()));
    let seen = Arc::clone(&requests);
    s.tab
        .add_event_listener(Arc::new(move |event: &Event| {
            if let Event::NetworkRequestWillBeSent(e) = event {
                if let Ok(mut r) = seen.lock() {
                    r.push(e.params.request.url.clone());
                }
            }
        }))
        .expect("listen");
    requests
}

#[test]
fn no_page_makes_a_request_outside_the_site() {
    let browser = browser();
    let pages: Vec<String> = files(&built().dir)
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .collect();
    assert!(pages.len() > 50, "{} pages", pages.len());
    let s = Session::open(&browser).expect("tab");
    let requests = record(&s);
    for page in pages.iter().filter(|p| *p != "index.html") {
        s.navigate(&format!("{}{page}", built().url), LOAD)
            .unwrap_or_else(|e| panic!("load {page}: {e:#}"));
    }
    // Searching loads Pagefind and an index: from the site too.
    let found = search_on(&s, "fr", "calendrier");
    assert!(!found.is_empty());
    // The root sends the reader on to a language at once.
    let root = Session::open(&browser).expect("tab");
    let root_requests = record(&root);
    root.tab.navigate_to(&built().url).expect("load the root");
    until("the root to choose a language", || {
        let p = path_of(&root);
        LANGS.iter().any(|l| p == format!("/{l}/")).then_some(())
    });
    let mut all = requests.lock().expect("requests").clone();
    all.extend(root_requests.lock().expect("requests").iter().cloned());
    assert!(all.len() >= pages.len(), "{} requests", all.len());
    let outside: Vec<&String> = all
        .iter()
        .filter(|u| !u.starts_with(&built().url) && !u.starts_with("data:"))
        .collect();
    assert!(outside.is_empty(), "requests outside the site: {outside:?}");
}

/// A tab the size of a phone screen (`scale` device pixels per CSS pixel).
fn phone(browser: &Browser, scale: u32) -> Session {
    let s = Session::open(browser).expect("tab");
    chrome::cdp::<headless_chrome::protocol::cdp::Emulation::SetDeviceMetricsOverride>(
        &s.tab,
        serde_json::json!({"width": 375, "height": 740, "deviceScaleFactor": scale, "mobile": true}),
    )
    .expect("phone size");
    s
}

#[test]
fn on_a_phone_the_menu_folds_the_languages_fit_one_row_and_no_page_scrolls_sideways() {
    let browser = browser();
    let s = phone(&browser, 1);
    for lang in LANGS {
        for slug in slugs() {
            let path = page_path(lang, &slug);
            s.navigate(&format!("{}{path}", built().url), LOAD)
                .unwrap_or_else(|e| panic!("load {path}: {e:#}"));
            let (wide, screen, rows): (f64, f64, usize) = value(
                &s,
                "[document.documentElement.scrollWidth, window.innerWidth,\
                  new Set([...document.querySelectorAll('.lang-switch a')]\
                    .map(a => a.offsetTop)).size]",
            );
            assert!(
                wide <= screen,
                "/{path} is {wide} px wide on a {screen} px screen"
            );
            // The header stays short: the five languages share one row.
            assert_eq!(rows, 1, "/{path}: the languages take {rows} rows");
        }
    }
    s.navigate(&format!("{}en/log-in/", built().url), LOAD)
        .expect("page");
    let shown =
        |s: &Session| -> bool { value(s, "!!document.querySelector('#site-nav').offsetParent") };
    assert!(!shown(&s), "the menu starts folded");
    let button = s.tab.find_element(".menu-toggle").expect("the menu button");
    assert_eq!(
        button
            .get_attribute_value("aria-expanded")
            .expect("attribute")
            .as_deref(),
        Some("false")
    );
    button.click().expect("open the menu");
    until("the menu to open", || shown(&s).then_some(()));
    // A phone screen of one device pixel per CSS pixel gets the small copy.
    let src = eval_string(&s, "document.querySelector('figure.shot img').currentSrc");
    assert!(src.ends_with(".small.png"), "{src}");
    let big = phone(&browser, 3);
    big.navigate(&format!("{}en/log-in/", built().url), LOAD)
        .expect("page");
    let src = eval_string(&big, "document.querySelector('figure.shot img').currentSrc");
    assert!(
        !src.ends_with(".small.png"),
        "a sharp screen gets the full picture: {src}"
    );
}

#[test]
fn without_javascript_every_page_reads_whole_and_only_search_is_missing() {
    let browser = browser();
    let s = phone(&browser, 1);
    chrome::cdp::<headless_chrome::protocol::cdp::Emulation::SetScriptExecutionDisabled>(
        &s.tab,
        serde_json::json!({"value": true}),
    )
    .expect("turn JavaScript off");
    s.navigate(&format!("{}fr/first-login/", built().url), LOAD)
        .expect("page");
    let (menu, links, button, search, steps, shots): (bool, usize, bool, bool, usize, usize) = value(
        &s,
        "(() => { const seen = e => !!(e && e.offsetParent); return [\
           seen(document.querySelector('#site-nav')),\
           document.querySelectorAll('#site-nav a').length,\
           seen(document.querySelector('.menu-toggle')),\
           seen(document.querySelector('form.search')),\
           document.querySelectorAll('article li.step').length,\
           [...document.querySelectorAll('article img')].filter(i => i.complete && i.naturalWidth > 0).length]; })()",
    );
    assert!(
        menu && links >= 10,
        "the menu is open, with every page: {links} links"
    );
    assert!(!button, "no menu button that would do nothing");
    assert!(!search, "no search box that would do nothing");
    assert!(steps >= 5, "{steps} steps");
    assert!(shots >= 3, "{shots} screenshots shown");
}

#[test]
fn step_numbers_show_as_badges_and_read_as_step_n_in_the_pages_language() {
    let browser = browser();
    let s = open(&browser, "fr/log-in/");
    let (content, badge): (String, String) = value(
        &s,
        "(() => { const c = getComputedStyle(document.querySelector('#step-3'), '::before'); return [c.content, c.backgroundColor]; })()",
    );
    assert!(
        content.contains("Étape"),
        "read aloud as « Étape 3 »: {content}"
    );
    assert_ne!(badge, "rgba(0, 0, 0, 0)", "drawn as a badge");
}

#[test]
fn opened_from_the_disk_a_page_shows_no_search_box_that_cannot_work() {
    let browser = browser();
    let s = Session::open(&browser).expect("tab");
    let file = built().dir.join("en/log-in/index.html");
    s.navigate(&format!("file://{}", file.display()), LOAD)
        .expect("page from the disk");
    let (search, menu): (bool, bool) = value(
        &s,
        "[!!document.querySelector('form.search').offsetParent, !!document.querySelector('#site-nav a').offsetParent]",
    );
    assert!(!search, "no search box from file://");
    assert!(menu, "the rest of the page works");
}

/// Every HTML file of the built guide but the root, which sends the reader
/// on to a language at once.
fn html_pages() -> Vec<String> {
    files(&built().dir)
        .into_iter()
        .filter(|f| f.ends_with(".html") && f != "index.html")
        .collect()
}

/// The shipped guide served with every script 400 ms late, as a phone on
/// a slow network meets it: the page is painted before its scripts run.
fn slow_site() -> &'static str {
    static SLOW: OnceLock<String> = OnceLock::new();
    SLOW.get_or_init(|| {
        static_site::serve_with_script_delay(&built().dir, std::time::Duration::from_millis(400))
    })
}

/// Records, in every frame Chromium draws of each document the tab of `s`
/// loads from now on, where the main column starts (its top edge, in CSS
/// pixels from the top of the screen): `window.__tops`.
///
/// Layout-shift entries would say the same, but Chromium driven by this
/// DevTools client reports none (it does to other clients), so the test
/// watches the content itself.
fn watch_the_main_column(s: &Session) {
    chrome::cdp::<headless_chrome::protocol::cdp::Page::AddScriptToEvaluateOnNewDocument>(
        &s.tab,
        serde_json::json!({"source": "window.__tops = []; (function frame() { \
            const m = document.getElementById('main'); \
            if (m) window.__tops.push(Math.round(m.getBoundingClientRect().top)); \
            requestAnimationFrame(frame); })();"}),
    )
    .expect("watch the main column");
}

#[test]
fn on_a_slow_phone_no_page_jumps_when_its_scripts_arrive() {
    let browser = browser();
    let s = phone(&browser, 2);
    watch_the_main_column(&s);
    let pages = html_pages();
    assert!(pages.len() > 50, "{} pages", pages.len());
    let mut jumps = Vec::new();
    for page in &pages {
        s.navigate(&format!("{}{page}", slow_site()), LOAD)
            .unwrap_or_else(|e| panic!("load {page}: {e:#}"));
        // Loaded, so its scripts have run; let a few frames show the result.
        std::thread::sleep(std::time::Duration::from_millis(200));
        let tops: Vec<i64> = value(&s, "window.__tops");
        assert!(tops.len() > 2, "/{page}: {} frames seen", tops.len());
        let (first, last) = (tops[0], tops[tops.len() - 1]);
        if first != last {
            jumps.push(format!("/{page}: from {first} px to {last} px"));
        }
    }
    assert!(
        jumps.is_empty(),
        "the main column moved once the scripts ran, under the reader's thumb: {jumps:?}"
    );
}

#[test]
fn no_page_logs_an_error_or_asks_for_a_missing_file() {
    use headless_chrome::protocol::cdp::{Log, Runtime};
    let browser = browser();
    let s = phone(&browser, 2);
    chrome::cdp::<Log::Enable>(&s.tab, serde_json::json!({})).expect("log");
    chrome::cdp::<Runtime::Enable>(&s.tab, serde_json::json!({})).expect("runtime");
    let problems = Arc::new(Mutex::new(Vec::<String>::new()));
    let seen = Arc::clone(&problems);
    s.tab
        .add_event_listener(Arc::new(move |event: &Event| {
            let problem = match event {
                Event::LogEntryAdded(e) if e.params.entry.level == Log::LogEntryLevel::Error => {
                    format!("console: {}", e.params.entry.text)
                }
                Event::RuntimeExceptionThrown(e) => {
                    format!("script error: {}", e.params.exception_details.text)
                }
                Event::NetworkResponseReceived(e) if e.params.response.status >= 400 => format!(
                    "{} answered {}",
                    e.params.response.url, e.params.response.status
                ),
                Event::NetworkLoadingFailed(e) => {
                    format!("a request failed: {}", e.params.error_text)
                }
                _ => return,
            };
            if let Ok(mut p) = seen.lock() {
                p.push(problem);
            }
        }))
        .expect("listen");
    let pages = html_pages();
    for page in &pages {
        let before = problems.lock().expect("problems").len();
        s.navigate(&format!("{}{page}", built().url), LOAD)
            .unwrap_or_else(|e| panic!("load {page}: {e:#}"));
        // What the page asks for once shown (the icon).
        std::thread::sleep(std::time::Duration::from_millis(50));
        let mut p = problems.lock().expect("problems");
        for said in p.iter_mut().skip(before) {
            *said = format!("/{page}: {said}");
        }
    }
    let problems = problems.lock().expect("problems").clone();
    assert!(
        problems.is_empty(),
        "{} pages loaded, with: {problems:#?}",
        pages.len()
    );
}
