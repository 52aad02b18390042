//! Screenshots as phones and desktops get them, in headless Chromium: the
//! shipped guide built once and served by a plain static server; a phone
//! takes the 512-pixel copies, a desktop the full pictures; every image
//! holds its place before it loads; highlights stay on their target at any
//! size; a reduced-motion preference turns smooth scrolling off.

mod common;

use common::{run, static_site};
use ent_guide::chrome::{self, cdp, Session};
use headless_chrome::protocol::cdp::Emulation;
use headless_chrome::Browser;
use serde_json::{json, Value};
use std::path::Path;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

const LOAD: Duration = Duration::from_secs(20);
/// The page with the most screenshots, in right-to-left text.
const PAGE: &str = "ar/placement-agreement/";

fn site_url() -> &'static str {
    static URL: OnceLock<String> = OnceLock::new();
    URL.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("site-images");
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let o = run(
            root,
            &[
                "build",
                "--no-search",
                "--out",
                dir.to_str().expect("utf-8 path"),
            ],
        );
        assert!(o.status.success(), "{}", common::stderr(&o));
        static_site::serve(&dir)
    })
}

/// A tab of `width`×`height` CSS pixels at `scale` device pixels each
/// (`mobile`: a phone's viewport), showing `path`.
fn open_as(browser: &Browser, path: &str, width: u32, height: u32, scale: f64) -> Session {
    let s = Session::open(browser).expect("tab");
    cdp::<Emulation::SetDeviceMetricsOverride>(
        &s.tab,
        json!({"width": width, "height": height, "deviceScaleFactor": scale, "mobile": width < 600}),
    )
    .expect("viewport");
    s.navigate(&format!("{}{path}", site_url()), LOAD)
        .unwrap_or_else(|e| panic!("load {path}: {e:#}"));
    s
}

fn value<T: serde::de::DeserializeOwned>(s: &Session, js: &str) -> T {
    let v = s.eval(js).unwrap_or_else(|e| panic!("{js}: {e:#}"));
    serde_json::from_value(v.clone()).unwrap_or_else(|e| panic!("{js} gave {v}: {e}"))
}

/// The address the page's first screenshot was loaded from, once loaded.
fn first_shot_source(s: &Session) -> String {
    let js = "(() => { const i = document.querySelector('.shot img'); \
              return i && i.complete && i.naturalWidth > 0 ? i.currentSrc : ''; })()";
    let end = Instant::now() + LOAD;
    loop {
        let src: String = value(s, js);
        if !src.is_empty() {
            return src;
        }
        assert!(Instant::now() < end, "the first screenshot never loaded");
        std::thread::sleep(Duration::from_millis(25));
    }
}

#[test]
fn a_phone_loads_the_small_copy_and_a_desktop_the_full_picture() {
    let browser = chrome::launch().expect("start Chromium");
    // A common phone: 360 CSS pixels wide, 2 device pixels each.
    let phone = open_as(&browser, PAGE, 360, 740, 2.0);
    let src = first_shot_source(&phone);
    assert!(src.ends_with(".small.png"), "phone got {src}");
    // A phone with 3 device pixels per CSS pixel has room for the full one.
    let sharp = open_as(&browser, PAGE, 390, 844, 3.0);
    let src = first_shot_source(&sharp);
    assert!(!src.ends_with(".small.png"), "3× phone got {src}");
    // A desktop screen.
    let desk = open_as(&browser, PAGE, 1280, 800, 1.0);
    let src = first_shot_source(&desk);
    assert!(
        src.ends_with(".png") && !src.ends_with(".small.png"),
        "desktop got {src}"
    );
    // The others wait until the reader scrolls near them.
    let loaded: usize = value(
        &phone,
        "[...document.querySelectorAll('.shot img')].filter(i => i.complete && i.naturalWidth > 0).length",
    );
    let all: usize = value(&phone, "document.querySelectorAll('.shot img').length");
    assert!(all >= 5 && loaded < all, "{loaded} of {all} loaded at once");
}

#[test]
fn every_image_holds_its_place_before_it_loads() {
    let browser = chrome::launch().expect("start Chromium");
    let s = open_as(&browser, PAGE, 360, 740, 2.0);
    // For every image: its box already has the picture's proportions, and
    // some of them have not loaded (so the box comes from width/height).
    let boxes: Vec<Value> = value(
        &s,
        "[...document.querySelectorAll('main img')].map(i => { const r = i.getBoundingClientRect(); \
         return {w: r.width, h: r.height, ratio: i.getAttribute('height') / i.getAttribute('width'), \
         loaded: i.naturalWidth > 0, src: i.getAttribute('src')}; })",
    );
    assert!(!boxes.is_empty());
    let mut waiting = 0;
    for b in &boxes {
        let (w, h) = (
            b["w"].as_f64().unwrap_or(0.0),
            b["h"].as_f64().unwrap_or(0.0),
        );
        let ratio = b["ratio"].as_f64().unwrap_or(0.0);
        assert!(w > 100.0 && (h - w * ratio).abs() < 1.5, "{b}");
        if b["loaded"] == false {
            waiting += 1;
        }
    }
    assert!(waiting > 0, "every image loaded already: {boxes:?}");
}

#[test]
fn highlights_stay_on_their_target_at_any_size() {
    let browser = chrome::launch().expect("start Chromium");
    for (width, scale) in [(360, 2.0), (1280, 1.0)] {
        let s = open_as(&browser, PAGE, width, 800, scale);
        // Each highlight's box, in fractions of its picture, against the
        // sidecar's box in fractions of the picture's pixels.
        let marks: Vec<Value> = value(
            &s,
            "[...document.querySelectorAll('.shot>div')].flatMap(f => { const i = f.querySelector('img').getBoundingClientRect(); \
             return [...f.querySelectorAll('.hl')].map(h => { const r = h.getBoundingClientRect(); \
             return {src: f.querySelector('img').getAttribute('src'), x: (r.left - i.left) / i.width, y: (r.top - i.top) / i.height, \
             w: r.width / i.width, h: r.height / i.height}; }); })",
        );
        assert!(marks.len() >= 5, "{marks:?}");
        for m in &marks {
            let src = m["src"].as_str().unwrap_or_default();
            let json = src
                .rsplit_once("screenshots/")
                .map(|(_, rest)| rest.replace(".png", ".json"))
                .unwrap_or_default();
            let sidecar: Value = serde_json::from_str(
                &std::fs::read_to_string(
                    Path::new(env!("CARGO_MANIFEST_DIR"))
                        .join("screenshots")
                        .join(&json),
                )
                .expect("sidecar"),
            )
            .expect("json");
            let (iw, ih) = (
                sidecar["image"]["width"].as_f64().unwrap_or(1.0),
                sidecar["image"]["height"].as_f64().unwrap_or(1.0),
            );
            let near = sidecar["targets"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|t| {
                    let b = &t["box"];
                    let f = |k: &str, of: f64| b[k].as_f64().unwrap_or(-1.0) / of;
                    (f("x", iw) - m["x"].as_f64().unwrap_or(9.0)).abs() < 0.01
                        && (f("y", ih) - m["y"].as_f64().unwrap_or(9.0)).abs() < 0.01
                        && (f("width", iw) - m["w"].as_f64().unwrap_or(9.0)).abs() < 0.01
                        && (f("height", ih) - m["h"].as_f64().unwrap_or(9.0)).abs() < 0.01
                });
            assert!(near, "{width} px: {m} matches no target of {json}");
        }
    }
}

#[test]
fn smooth_scrolling_only_without_a_reduced_motion_preference() {
    let browser = chrome::launch().expect("start Chromium");
    let s = open_as(&browser, PAGE, 1280, 800, 1.0);
    // The runner's sessions add a stylesheet that stops all motion for
    // screenshots; a reader's browser has none.
    let _: Value = value(
        &s,
        "(document.getElementById('__entGuideStill') || {remove() {}}).remove() || null",
    );
    let behaviour = |s: &Session| -> String {
        value(
            s,
            "getComputedStyle(document.documentElement).scrollBehavior",
        )
    };
    assert_eq!(behaviour(&s), "smooth");
    cdp::<Emulation::SetEmulatedMedia>(
        &s.tab,
        json!({"features": [{"name": "prefers-reduced-motion", "value": "reduce"}]}),
    )
    .expect("emulate");
    assert_eq!(behaviour(&s), "auto");
}
