//! `ent-guide serve` end to end: the real binary on a scratch copy of the
//! `basic` fixture site, read by headless Chromium. Every wait polls a
//! condition under a deadline.

mod common;

use common::preview::{browser, eval, serve};
use common::{build, files, fixture, read, until, Scratch, DEADLINE};
use headless_chrome::{Browser, Tab};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;

fn open(browser: &Browser, url: &str) -> std::sync::Arc<Tab> {
    let tab = browser.new_tab().expect("tab");
    tab.navigate_to(url).expect("navigate");
    tab.wait_until_navigated().expect("page loads");
    // The live script is connected once the toolbar is there.
    until("the preview toolbar", || {
        (eval(&tab, "!!document.getElementById('ent-preview-bar')") == true).then_some(())
    });
    tab
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = read(path);
    assert!(text.contains(from), "{from:?} not in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).expect("save the file");
}

fn body_text(tab: &Tab) -> String {
    eval(tab, "document.body.innerText")
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn an_edit_shows_in_the_open_page_and_problems_show_as_an_overlay() {
    let s = serve();
    let browser = browser();
    let tab = open(&browser, &format!("{}en/log-in/", s.url));
    let toolbar_link = eval(&tab, "document.querySelector('#ent-preview-bar a').href");
    assert_eq!(toolbar_link.as_str(), Some(s.mock_url.as_str()));
    let page = s.root.join("content/log-in.md");

    edit(&page, "Open the portal.", "Open the portal in a new tab.");
    until("the edited text", || {
        body_text(&tab)
            .contains("Open the portal in a new tab.")
            .then_some(())
    });

    // Broken front matter: the overlay lists the problem, the page stays.
    edit(&page, "title: Log in", "title: [Log in");
    let overlay = until("the problems overlay", || {
        let t = eval(
            &tab,
            "(document.getElementById('ent-preview-problems')||{}).innerText",
        );
        t.as_str().map(str::to_string)
    });
    assert!(overlay.contains("content/log-in.md:2:"), "{overlay}");
    assert!(body_text(&tab).contains("Open the portal in a new tab."));

    // Fixed: the overlay goes, the page shows the fixed title.
    edit(&page, "title: [Log in", "title: Signing in");
    until("the overlay to go and the new title", || {
        let gone = eval(&tab, "!document.getElementById('ent-preview-problems')") == true;
        (gone && eval(&tab, "document.querySelector('h1').innerText") == "Signing in").then_some(())
    });
}

#[test]
fn a_stylesheet_edit_applies_without_a_reload() {
    let s = serve();
    let browser = browser();
    let tab = open(&browser, &format!("{}en/", s.url));
    eval(&tab, "window.notReloaded = true");
    let css = s.root.join("themes/default/static/style.css");
    let mut text = read(&css);
    text.push_str("\nh1 { color: rgb(1, 2, 3); }\n");
    std::fs::write(&css, text).expect("save the stylesheet");
    until("the new colour", || {
        (eval(&tab, "getComputedStyle(document.querySelector('h1')).color") == "rgb(1, 2, 3)")
            .then_some(())
    });
    assert_eq!(eval(&tab, "window.notReloaded === true"), true);
}

/// Sends a raw request (no client normalises the path) and returns the
/// status code and body.
#[test]
fn a_page_edit_shows_in_the_print_view_too() {
    let s = serve();
    let (status, body) = raw_get(&s.url, "/es/print/");
    assert_eq!(status, 200);
    assert!(body.contains("id=\"log-in\""), "{body}");
    edit(
        &s.root.join("content/log-in.md"),
        "Open the portal.",
        "Open the portal from the print view.",
    );
    until("the print view to show the edit", || {
        let (_, body) = raw_get(&s.url, "/es/print/");
        body.contains("Open the portal from the print view.")
            .then_some(())
    });
}

fn raw_get(url: &str, path: &str) -> (u16, String) {
    let host = url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string();
    let mut c = TcpStream::connect(&host).expect("connect");
    c.set_read_timeout(Some(DEADLINE)).expect("timeout");
    write!(
        c,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut out = String::new();
    let _ = c.read_to_string(&mut out);
    let status = out
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, out)
}

#[test]
fn paths_stay_inside_the_site_and_unknown_ones_get_its_404_page() {
    let s = serve();
    for p in [
        "/../../../etc/passwd",
        "/en/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/en/..%2f..%2f..%2fetc%2fpasswd",
        "/en/%5c..%5c..%5cCargo.toml",
        "/C:/Windows/win.ini",
    ] {
        let (status, body) = raw_get(&s.url, p);
        assert!(status == 400 || status == 404, "{p}: {status}");
        assert!(!body.contains("root:"), "{p} leaked a file");
    }
    let (status, body) = raw_get(&s.url, "//etc/passwd");
    assert_eq!(status, 404);
    assert!(!body.contains("root:"));
    let (status, body) = raw_get(&s.url, "/en/no-such-page/");
    assert_eq!(status, 404);
    assert!(body.contains("text/html"), "{body}");
    assert!(body.contains("__preview/live.js"));
    let (status, body) = raw_get(&s.url, "/assets/style.css");
    assert_eq!(status, 200);
    assert!(body.to_ascii_lowercase().contains("content-type: text/css"));
    let (status, body) = raw_get(&s.url, "/en/log-in");
    assert_eq!(status, 301);
    assert!(body.to_ascii_lowercase().contains("location: /en/log-in/"));
}

#[test]
fn build_output_carries_no_preview_script() {
    let out = Scratch::new("serve-build");
    let public = out.path().join("public");
    build(&fixture("basic"), &public);
    let html: Vec<String> = files(&public)
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .collect();
    assert!(html.len() > 10);
    for f in html {
        let text = read(public.join(&f));
        assert!(
            !text.contains("__preview"),
            "{f} carries the preview script"
        );
        assert!(
            !text.contains("ent-preview"),
            "{f} carries the preview toolbar"
        );
    }
}

#[test]
fn search_in_the_preview_finds_what_was_just_written() {
    let s = serve();
    let browser = browser();
    let tab = open(&browser, &format!("{}en/log-in/", s.url));
    edit(
        &s.root.join("content/log-in.md"),
        "Open the portal.",
        "Open the portal (the zyxomatic way).",
    );
    until("the edited text", || {
        body_text(&tab).contains("zyxomatic").then_some(())
    });
    let tab = open(&browser, &format!("{}en/", s.url));
    tab.find_element("#search-q")
        .expect("a search box")
        .click()
        .expect("focus it");
    // The whole word at once (as pasted): typed letter by letter, the
    // results of "z" may show before those of the word.
    tab.send_character("zyxomatic").expect("type");
    let found = until("a search result", || {
        let v = eval(
            &tab,
            "[...document.querySelectorAll('.search-results a')].map(a => new URL(a.href).pathname).join(' ')",
        );
        v.as_str().filter(|s| !s.is_empty()).map(str::to_string)
    });
    assert_eq!(found, "/en/log-in/");
}
