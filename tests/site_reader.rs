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
        en.contains("Steps last checked against the intranet on <time datetime=\"2026-11-27\">"),
        "{en}"
    );
    let fr = read(site.0.join("public/fr/log-in/index.html"));
    assert!(
        fr.contains("Étapes vérifiées sur l&#39;intranet le <time"),
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
        en.contains("class=\"menu-toggle\" type=\"button\" aria-expanded=\"false\" aria-controls=\"site-nav\""),
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

#[test]
fn the_verified_date_is_written_in_the_readers_language() {
    let (site, _) = build_copy(Some(
        r#"{"log-in": {"date": "2026-11-27", "passed": true}}"#,
    ));
    // Each language puts the date where its sentence wants it, spaced as its
    // script is (Chinese has no space around the date).
    let time = |shown: &str| format!("<time datetime=\"2026-11-27\">{shown}</time>");
    for (lang, want) in [
        ("en", format!("on {}.</p>", time("27 November 2026"))),
        ("fr", format!("le {}.</p>", time("27 novembre 2026"))),
        ("es", format!("el {}.</p>", time("27 de noviembre de 2026"))),
        ("zh", format!("的日期：{}。</p>", time("2026年11月27日"))),
        ("ar", format!("بتاريخ {}.</p>", time("27 نوفمبر 2026"))),
    ] {
        let html = read(site.0.join(format!("public/{lang}/log-in/index.html")));
        assert!(html.contains(&want), "{lang}: {want} in {html}");
    }
    let (site, _) = build_copy(Some(
        r#"{"log-in": {"date": "2026-08-01", "passed": true}}"#,
    ));
    let fr = read(site.0.join("public/fr/log-in/index.html"));
    assert!(fr.contains(">1er août 2026</time>"), "{fr}");
}

/// The `<img …>` tags of a page.
fn imgs(html: &str) -> Vec<&str> {
    html.match_indices("<img ")
        .map(|(i, _)| &html[i..i + html[i..].find('>').unwrap_or(0) + 1])
        .collect()
}

#[test]
fn every_image_has_its_size_and_only_the_first_screenshot_loads_at_once() {
    let (site, _) = build_copy(None);
    let en = read(site.0.join("public/en/log-in/index.html"));
    let all = imgs(&en);
    assert_eq!(all.len(), 3, "{en}");
    for img in &all {
        // Quoted in Markdown images, bare in screenshots (a page may hold
        // many).
        assert!(img.contains(" width=") && img.contains(" height="), "{img}");
        assert!(img.contains(" alt=\""), "{img}");
    }
    // The Markdown image: its size read from the PNG's header.
    assert!(
        all[0].contains("src=\"../../media/img/portal.png\" alt=\"The portal\" width=\"4\" height=\"3\" loading=\"lazy\""),
        "{}",
        all[0]
    );
    let shots: Vec<&&str> = all.iter().filter(|i| i.contains("screenshots/")).collect();
    assert!(!shots[0].contains("loading="), "{}", shots[0]);
    assert!(shots[1].contains("loading=lazy"), "{}", shots[1]);
}

#[test]
fn a_markdown_image_without_alt_text_stops_the_build_at_its_place() {
    let site = Scratch::copy_of("basic");
    let page = site.0.join("content/log-in.md");
    let text = read(&page).replace("![The portal](img/portal.png)", "![](img/portal.png)");
    std::fs::write(&page, text).expect("write");
    let out = site.0.join("public");
    let out = out.to_str().expect("utf-8 path");
    for cmd in [&["build", "--out", out][..], &["check"][..]] {
        let o = run(&site.0, cmd);
        assert!(!o.status.success(), "{cmd:?}");
        let err = common::stderr(&o);
        assert!(
            err.contains("content/log-in.md:9:1: this image has no alt text"),
            "{cmd:?}: {err}"
        );
        assert!(err.contains("![\"\"](img/portal.png)"), "{err}");
    }
    // Marked decorative: accepted, with an empty alt.
    let text = read(&page).replace("![](img/portal.png)", "![\"\"](img/portal.png)");
    std::fs::write(&page, text).expect("write");
    let o = run(&site.0, &["build", "--out", out]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let en = read(site.0.join("public/en/log-in/index.html"));
    assert!(
        en.contains("<img src=\"../../media/img/portal.png\" alt=\"\" width=\"4\""),
        "{en}"
    );
}

/// A PNG header of `w`×`h` (enough for the size to be read).
fn png_header(w: u32, h: u32) -> Vec<u8> {
    let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    b.extend(w.to_be_bytes());
    b.extend(h.to_be_bytes());
    b.extend([8, 2, 0, 0, 0]);
    b
}

#[test]
fn screenshots_with_a_phone_copy_offer_it_and_the_others_keep_a_plain_src() {
    let site = Scratch::copy_of("basic");
    std::fs::write(
        site.0
            .join("screenshots/log-in/click-se-connecter.small.png"),
        png_header(512, 384),
    )
    .expect("copy");
    let out = site.0.join("public");
    let o = run(
        &site.0,
        &["build", "--out", out.to_str().expect("utf-8 path")],
    );
    assert!(o.status.success(), "{}", common::stderr(&o));
    let ar = read(site.0.join("public/ar/log-in/index.html"));
    let with = imgs(&ar)
        .into_iter()
        .find(|i| i.contains("click-se-connecter"))
        .expect("shot");
    assert!(
        with.contains("srcset=\"../../screenshots/log-in/click-se-connecter.small.png 512w,../../screenshots/log-in/click-se-connecter.png 1024w\" sizes="),
        "{with}"
    );
    let without = imgs(&ar)
        .into_iter()
        .find(|i| i.contains("click-connexion"))
        .expect("shot");
    assert!(!without.contains("srcset"), "{without}");
    assert!(site
        .0
        .join("public/screenshots/log-in/click-se-connecter.small.png")
        .exists());
}

#[test]
fn highlights_and_callouts_are_announced_not_only_drawn() {
    let (site, _) = build_copy(None);
    let fr = read(site.0.join("public/fr/log-in/index.html"));
    let figure = fr
        .split("<figure")
        .find(|f| f.contains("click-se-connecter"))
        .expect("figure");
    // Two targets, numbered on the picture: their names in order, for
    // screen readers; the drawn numbers stay silent.
    assert!(
        figure.contains(
            "<ol class=\"visually-hidden\"><li>Identifiant</li><li>SE CONNECTER</li></ol>"
        ),
        "{figure}"
    );
    // The callout's meaning is in the page's own legend.
    assert!(
        fr.contains("<ol class=\"legend\">\n<li>le lien d'aide</li>"),
        "{fr}"
    );
    let css = read(site.0.join("public/assets/style.css"));
    assert!(
        css.contains("content:attr(data-n) / \"\""),
        "silent numbers: {css}"
    );
}

#[test]
fn every_page_has_landmarks_a_skip_link_and_its_language() {
    let (site, _) = build_copy(None);
    for (lang, dir) in [
        ("en", "ltr"),
        ("fr", "ltr"),
        ("es", "ltr"),
        ("zh", "ltr"),
        ("ar", "rtl"),
    ] {
        let html = read(site.0.join(format!("public/{lang}/log-in/index.html")));
        assert!(
            html.contains(&format!("<html lang=\"{lang}\" dir=\"{dir}\">")),
            "{html}"
        );
        let skip = html
            .find("class=\"skip-link\" href=\"#main\"")
            .expect("skip link");
        let header = html.find("<header").expect("banner");
        assert!(skip < header, "the skip link comes first");
        assert!(html.contains("<main id=\"main\""), "{html}");
        assert!(html.contains("<footer"), "{html}");
        // Every nav is named.
        assert!(html.matches("<nav ").count() >= 3, "{html}");
        for nav in html.split("<nav ").skip(1) {
            let tag = &nav[..nav.find('>').unwrap_or(0)];
            assert!(tag.contains("aria-label=\""), "unnamed nav: {tag}");
        }
        // The switcher: each language named in itself, with its hreflang.
        for code in ["en", "fr", "es", "zh", "ar"] {
            let link = format!("hreflang=\"{code}\" lang=\"{code}\"");
            assert!(html.contains(&link), "{lang}: {link}");
        }
    }
}

/// `#rrggbb` → relative luminance (WCAG 2.1).
fn luminance(hex: &str) -> f64 {
    let hex = hex.trim_start_matches('#');
    let full: String = if hex.len() == 3 {
        hex.chars().flat_map(|c| [c, c]).collect()
    } else {
        hex.to_string()
    };
    let ch = |i: usize| {
        let c = f64::from(u8::from_str_radix(&full[i..i + 2], 16).expect("hex")) / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * ch(0) + 0.7152 * ch(2) + 0.0722 * ch(4)
}

fn contrast(a: &str, b: &str) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[test]
fn theme_colours_meet_wcag_aa_contrast_and_focus_is_visible() {
    let (site, _) = build_copy(None);
    let css = read(site.0.join("public/assets/style.css"));
    let var = |name: &str| -> String {
        let at = css
            .find(&format!("--{name}:"))
            .unwrap_or_else(|| panic!("--{name}"));
        let v = &css[at + name.len() + 3..];
        v[..v.find([';', '}']).unwrap_or(v.len())]
            .trim()
            .to_string()
    };
    // Text on its backgrounds: 4.5:1.
    for (fg, bg) in [
        ("ink", "paper"),
        ("ink", "soft"),
        ("ink", "warn"),
        ("muted", "paper"),
        ("muted", "soft"),
        ("accent", "paper"),
        ("accent", "soft"),
        ("accent", "warn"),
        ("accent-ink", "accent"),
    ] {
        let c = contrast(&var(fg), &var(bg));
        assert!(c >= 4.5, "--{fg} on --{bg}: {c:.2}:1");
    }
    // Numbers on the marks (white on the mark colour).
    assert!(contrast("#fff", &var("mark")) >= 4.5);
    // Focus: an outline in the accent colour, 3:1 against every background.
    assert!(
        css.contains(":focus-visible{outline:3px solid var(--accent)"),
        "{css}"
    );
    for bg in ["paper", "soft"] {
        assert!(contrast(&var("accent"), &var(bg)) >= 3.0);
    }
    assert!(
        css.contains("@media (prefers-reduced-motion:reduce)"),
        "{css}"
    );
}

#[test]
fn right_to_left_pages_mirror_with_logical_properties() {
    let (site, _) = build_copy(None);
    let css = read(site.0.join("public/assets/style.css"));
    // Outside the screenshots (which keep their physical layout), the
    // theme uses logical sides only.
    let outside_shots: String = css
        .split('}')
        .filter(|rule| {
            !rule.contains(".hl") && !rule.contains(".callout") && !rule.contains("skip-link:focus")
        })
        .collect();
    for physical in [
        "margin-left",
        "margin-right",
        "padding-left",
        "padding-right",
        "text-align:left",
        "text-align:right",
        "border-left",
        "border-right",
    ] {
        assert!(!outside_shots.contains(physical), "{physical} in {css}");
    }
    // The pager's arrows are mirrored characters, turned round in
    // right-to-left text.
    assert!(css.contains("content:\"\\2039\\a0\" / \"\""), "{css}");
    assert!(css.contains("content:\"\\a0\\203a\" / \"\""), "{css}");
}
