//! The guide offline, in headless Chromium: the shipped guide built and
//! served by a plain static server; a student opens one page while
//! connected, then loses the network (DevTools' offline mode, and the host
//! itself unreachable, since a service worker's own requests may not go
//! through the emulation) and still reads other pages of that language and
//! searches; once a changed build is published, the next visit online gets
//! it, and the phone's copy follows.

mod common;

use common::{run, static_site, until, Scratch, DEADLINE as LOAD};
use ent_guide::chrome::{self, cdp, Session};
use headless_chrome::protocol::cdp::Network;
use serde_json::{json, Value};
use std::path::Path;

fn eval_string(s: &Session, js: &str) -> String {
    match s.eval(js).unwrap_or_else(|e| panic!("{js}: {e:#}")) {
        Value::String(v) => v,
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// A copy of the shipped guide's sources.
fn shipped() -> Scratch {
    let site = Scratch::new("arrival-offline");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in ["content", "themes", "screenshots"] {
        common::copy_dir(&repo.join(dir), &site.0.join(dir));
    }
    site
}

fn build(site: &Path, out: &Path) {
    let o = run(site, &["build", "--out", out.to_str().expect("utf-8 path")]);
    assert!(o.status.success(), "{}", common::stderr(&o));
}

/// The version the language's worker was built with.
fn version(out: &Path, lang: &str) -> String {
    let sw = common::read(out.join(lang).join("sw.js"));
    let start = sw.find("VERSION = \"").expect("a version") + 11;
    sw[start..start + 16].to_string()
}

/// The names of the page's caches, once read.
fn caches(s: &Session) -> String {
    s.eval("window.__caches = null; caches.keys().then(k => window.__caches = k.join('|')); 0")
        .expect("ask the caches");
    until("the cache names", || {
        let v = eval_string(s, "window.__caches");
        (!v.is_empty() && v != "null").then_some(v)
    })
}

fn offline(s: &Session, host: &static_site::Host, dir: Option<&Path>) {
    cdp::<Network::EmulateNetworkConditions>(
        &s.tab,
        json!({"offline": dir.is_none(), "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}),
    )
    .expect("network conditions");
    host.publish(dir);
}

fn h1(s: &Session) -> String {
    eval_string(s, "document.querySelector('h1').textContent")
}

#[test]
fn after_one_visit_the_language_reads_and_searches_offline_and_updates_online() {
    let site = shipped();
    let first = site.0.join("public-1");
    build(&site.0, &first);
    let (url, host) = static_site::serve_switchable(&first);
    let browser = chrome::launch().expect("start Chromium");
    let s = Session::open(&browser).expect("tab");

    // One visit, connected: the worker installs and keeps the language.
    s.navigate(&format!("{url}fr/"), LOAD)
        .expect("the French home");
    until("the service worker to control the page", || {
        (eval_string(&s, "String(!!navigator.serviceWorker.controller)") == "true").then_some(())
    });
    let v1 = version(&first, "fr");
    assert!(caches(&s).contains(&v1), "the cache of this build");

    // Offline: another page of the language, then a search.
    offline(&s, &host, None);
    s.navigate(&format!("{url}fr/log-in/"), LOAD)
        .expect("a French page offline");
    assert_eq!(h1(&s), "Connectez-vous à l'intranet");
    let input = s.tab.find_element("#search-q").expect("a search box");
    input.click().expect("focus the search box");
    s.insert_text("emploi du temps").expect("type");
    let found: Vec<String> = until("search results offline", || {
        let v = s
            .eval("[...document.querySelectorAll('.search-results a')].map(a => new URL(a.href).pathname)")
            .ok()?;
        let list: Vec<String> = serde_json::from_value(v).ok()?;
        (!list.is_empty()).then_some(list)
    });
    assert!(
        found.iter().any(|p| p == "/fr/timetable/"),
        "the timetable page is found offline: {found:?}"
    );
    // A page never opened, with its screenshots' phone copies.
    s.navigate(&format!("{url}fr/first-login/"), LOAD)
        .expect("an unvisited French page offline");
    assert_eq!(h1(&s), "Activez votre compte (première connexion)");

    // A changed build is published: the next visit online gets it.
    let page = site.0.join("content/log-in.fr.md");
    let text = common::read(&page);
    std::fs::write(
        &page,
        format!("{text}\nUne phrase ajoutée à la nouvelle version.\n"),
    )
    .expect("edit");
    let second = site.0.join("public-2");
    build(&site.0, &second);
    let v2 = version(&second, "fr");
    assert_ne!(v1, v2, "a changed build changes the worker");
    offline(&s, &host, Some(&second));
    s.navigate(&format!("{url}fr/log-in/"), LOAD)
        .expect("the changed page online");
    assert!(
        s.html().expect("html").contains("Une phrase ajoutée"),
        "online, the page is the published one, not the kept copy"
    );
    // The worker updates itself: the new build's cache replaces the old.
    until("the new worker's cache", || {
        let names = caches(&s);
        (names.contains(&v2) && !names.contains(&v1)).then_some(())
    });
    offline(&s, &host, None);
    s.navigate(&format!("{url}fr/log-in/"), LOAD)
        .expect("the changed page offline");
    assert!(
        s.html().expect("html").contains("Une phrase ajoutée"),
        "offline, the kept copy is the new build's"
    );
}

#[test]
fn two_builds_give_the_same_worker_and_manifests() {
    let site = shipped();
    let (a, b) = (site.0.join("a"), site.0.join("b"));
    build(&site.0, &a);
    build(&site.0, &b);
    for lang in ["en", "fr", "es", "zh", "ar"] {
        for f in ["sw.js", "manifest.webmanifest"] {
            let (x, y) = (a.join(lang).join(f), b.join(lang).join(f));
            assert_eq!(common::read(&x), common::read(&y), "{}", x.display());
        }
    }
    let manifest: Value =
        serde_json::from_str(&common::read(a.join("ar/manifest.webmanifest"))).expect("json");
    assert_eq!(manifest["start_url"], "./", "relative: any base path works");
    assert_eq!(manifest["dir"], "rtl");
    assert_eq!(
        manifest["name"],
        "دليل الشبكة الداخلية لطلاب جامعة جان مونيه"
    );
    let sizes: Vec<&str> = manifest["icons"]
        .as_array()
        .expect("icons")
        .iter()
        .filter_map(|i| i["sizes"].as_str())
        .collect();
    assert_eq!(sizes, ["192x192", "512x512"]);
    for icon in manifest["icons"].as_array().expect("icons") {
        let src = icon["src"].as_str().expect("src");
        let (x, y) = (a.join("ar").join(src), b.join("ar").join(src));
        assert_eq!(bytes(&x), bytes(&y), "{src}: drawn the same twice");
    }
    let page = common::read(a.join("ar/log-in/index.html"));
    assert!(
        page.contains("<link rel=manifest href=\"../../ar/manifest.webmanifest\">"),
        "{page}"
    );
    let sw = common::read(a.join("zh/sw.js"));
    assert!(sw.contains("\"../screenshots/log-in/"), "phone copies kept");
    assert!(
        !sw.contains("\"../en/"),
        "only the reader's language's pages"
    );
    assert!(sw.contains("\"../pagefind/pagefind.js\""));
}

#[test]
fn an_edited_screenshot_or_media_file_changes_the_worker() {
    let site = shipped();
    let media = site.0.join("content/plan.txt");
    std::fs::write(&media, "Salle B12\n").expect("a media file");
    let (a, b, c) = (site.0.join("a"), site.0.join("b"), site.0.join("c"));
    build(&site.0, &a);
    assert_eq!(bytes(&a.join("media/plan.txt")), b"Salle B12\n");
    // Bytes after a PNG's end: the same picture to a reader, another file.
    let shot = site.0.join("screenshots/log-in/click-connexion.small.png");
    let mut png = bytes(&shot);
    png.extend_from_slice(b"edited");
    std::fs::write(&shot, &png).expect("edit the screenshot");
    build(&site.0, &b);
    assert_eq!(
        bytes(&b.join("screenshots/log-in/click-connexion.small.png")),
        png,
        "the edited screenshot published"
    );
    std::fs::write(&media, "Salle B13\n").expect("edit the media file");
    build(&site.0, &c);
    for lang in ["en", "fr", "es", "zh", "ar"] {
        let (va, vb, vc) = (version(&a, lang), version(&b, lang), version(&c, lang));
        assert_ne!(va, vb, "{lang}: a new screenshot, a new worker");
        assert_ne!(vb, vc, "{lang}: a new media file, a new worker");
    }
}

fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// The icons a language's manifest lists: (size it states, the file's
/// bytes), after checking each is a PNG of that size (its IHDR).
fn listed_icons(out: &Path, lang: &str) -> Vec<(String, Vec<u8>)> {
    let dir = out.join(lang);
    let manifest: Value =
        serde_json::from_str(&common::read(dir.join("manifest.webmanifest"))).expect("json");
    let icons = manifest["icons"].as_array().expect("icons");
    icons
        .iter()
        .map(|icon| {
            let (src, sizes) = (icon["src"].as_str().expect("src"), &icon["sizes"]);
            let png = bytes(&dir.join(src));
            assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "{src} is a PNG");
            assert_eq!(&png[12..16], b"IHDR", "{src}");
            let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
            let ihdr = format!("{}x{}", be(&png[16..20]), be(&png[20..24]));
            assert_eq!(sizes.as_str(), Some(ihdr.as_str()), "{src}: stated size");
            (ihdr, png)
        })
        .collect()
}

#[test]
fn the_icons_are_drawn_from_the_themes_svg() {
    let site = Scratch::copy_of("basic");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    common::copy_dir(&repo.join("themes"), &site.0.join("themes"));
    let drawing = site.0.join("themes/default/icons/touch-icon.svg");
    let static_dir = site.0.join("themes/default/static");
    assert!(!static_dir.join("icon-192.png").exists(), "none committed");
    let out = |name: &str| site.0.join(name);

    build(&site.0, &out("a"));
    let first = listed_icons(&out("a"), "fr");
    let sizes: Vec<&str> = first.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(sizes, ["192x192", "512x512"]);

    // A new colour in the drawing, new icons.
    let svg = common::read(&drawing);
    std::fs::write(&drawing, svg.replace("#0b5cad", "#a3122b")).expect("write");
    build(&site.0, &out("b"));
    let second = listed_icons(&out("b"), "fr");
    assert_eq!(second.len(), 2);
    for ((size, a), (_, b)) in first.iter().zip(&second) {
        assert_ne!(a, b, "{size}: the changed drawing is rendered");
    }

    // A broken drawing stops the build, named with its line and column.
    std::fs::write(
        &drawing,
        "<svg xmlns=\"http://www.w3.org/2000/svg\">\n<rect></svg>",
    )
    .expect("write");
    let o = run(
        &site.0,
        &["build", "--out", out("c").to_str().expect("utf-8")],
    );
    let err = common::stderr(&o);
    assert!(!o.status.success(), "{err}");
    assert!(
        err.contains("themes/default/icons/touch-icon.svg:2:"),
        "file:line:col: {err}"
    );
    assert!(err.contains("not valid SVG"), "{err}");
    assert!(!out("c").exists(), "no half-written output");

    // Without the drawing, the theme's own static icons are listed.
    std::fs::remove_file(&drawing).expect("remove");
    std::fs::write(static_dir.join("icon-512.png"), &first[1].1).expect("write");
    build(&site.0, &out("d"));
    let own = listed_icons(&out("d"), "fr");
    assert_eq!(own, [first[1].clone()]);
}

#[test]
fn the_preview_never_registers_a_worker() {
    let site = Scratch::copy_of("basic");
    let out = site.0.join("public");
    let o = run(
        &site.0,
        &[
            "build",
            "--out",
            out.to_str().expect("utf-8"),
            "--no-offline",
        ],
    );
    assert!(o.status.success(), "{}", common::stderr(&o));
    assert!(!out.join("en/sw.js").exists());
    let page = common::read(out.join("en/index.html"));
    assert!(!page.contains("rel=manifest"), "{page}");
    // The preview renders pages as `build --no-offline` does.
    let root = ent_guide::site::Site::load(&site.0).expect("load");
    let (_, files) = ent_guide::site::build::build_in_memory(&root).expect("memory build");
    assert!(files.keys().all(|f| !f.ends_with("sw.js")));
    let home = String::from_utf8_lossy(&files["en/index.html"]).into_owned();
    assert!(!home.contains("rel=manifest"), "{home}");
}
