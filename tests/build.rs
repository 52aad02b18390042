//! `ent-guide build` on the `basic` fixture site: what a reader of each
//! language gets, and how the output is written.

mod common;

use common::{build, files, fixture, read, run, stderr, stdout, Scratch};

fn built() -> Scratch {
    let out = Scratch::new("basic-out");
    build(&fixture("basic"), &out.0.join("public"));
    out
}

fn page(out: &Scratch, rel: &str) -> String {
    read(out.0.join("public").join(rel))
}

#[test]
fn every_page_in_every_language_plus_root_404_sitemap_and_assets() {
    let out = built();
    let got = files(&out.0.join("public"));
    for lang in ["en", "fr", "es", "zh", "ar"] {
        for p in [
            "index.html",
            "log-in/index.html",
            "mail/index.html",
            "mail/settings/index.html",
        ] {
            let want = format!("{lang}/{p}");
            assert!(got.contains(&want), "{want} missing from {got:?}");
        }
    }
    for f in [
        "index.html",
        "404.html",
        "sitemap.xml",
        "assets/style.css",
        "media/img/portal.png",
        "media/img/portal.fr.png",
        "screenshots/log-in/click-connexion.png",
    ] {
        assert!(got.contains(&f.to_string()), "{f} missing from {got:?}");
    }
    // The root index sends readers to their language, with plain links
    // for browsers without scripts.
    let root = page(&out, "index.html");
    assert!(root.contains("navigator.languages"), "{root}");
    for lang in ["en", "fr", "es", "zh", "ar"] {
        assert!(root.contains(&format!("href=\"{lang}/\"")), "{root}");
    }
    assert!(
        root.contains(
            "<link rel=\"alternate\" hreflang=\"x-default\" href=\"https://guide.example.org/\">"
        ),
        "{root}"
    );
    assert!(
        root.contains(
            "<link rel=\"alternate\" hreflang=\"en\" href=\"https://guide.example.org/en/\">"
        ),
        "{root}"
    );
    assert!(
        !root.contains("hreflang=\"fr\" href"),
        "the home page has no French version: {root}"
    );
    let nf = page(&out, "404.html");
    assert!(nf.contains("href=\"/fr/\""), "{nf}");
}

#[test]
fn a_missing_translation_falls_back_to_the_source_with_a_notice_in_the_readers_language() {
    let out = built();
    let es = page(&out, "es/log-in/index.html");
    assert!(es.contains("<html lang=\"es\" dir=\"ltr\">"), "{es}");
    assert!(
        es.contains("Esta página aún no está traducida al español"),
        "{es}"
    );
    assert!(
        es.contains("<article lang=\"en\" dir=\"ltr\" data-pagefind-body>"),
        "{es}"
    );
    assert!(es.contains("<h1>Log in</h1>"), "{es}");
    // The fallback points search engines at the source.
    assert!(
        es.contains("<link rel=\"canonical\" href=\"https://guide.example.org/en/log-in/\">"),
        "{es}"
    );
    let zh = page(&out, "zh/mail/index.html");
    assert!(zh.contains("本页尚未翻译成中文"), "{zh}");
    let en = page(&out, "en/log-in/index.html");
    assert!(!en.contains("class=\"notice"), "{en}");
}

#[test]
fn an_outdated_translation_shows_a_notice_until_a_translator_marks_it() {
    let site = Scratch::copy_of("basic");
    let out = site.0.join("public");
    build(&site.0, &out);
    let fr = read(out.join("fr/log-in/index.html"));
    assert!(
        fr.contains("La page originale a changé depuis cette traduction"),
        "{fr}"
    );
    assert!(
        fr.contains("<a href=\"../../en/log-in/\">Lire la version originale</a>"),
        "{fr}"
    );
    assert!(fr.contains("<h1>Se connecter</h1>"), "{fr}");

    let table = stdout(&run(&site.0, &["i18n"]));
    let row = table
        .lines()
        .find(|l| l.starts_with("log-in"))
        .unwrap_or_default();
    assert_eq!(
        row.split_whitespace().collect::<Vec<_>>(),
        ["log-in", "source", "outdated", "missing", "missing", "outdated"],
        "{table}"
    );

    let o = run(&site.0, &["i18n", "mark", "log-in", "fr"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = read(site.0.join("content/log-in.fr.md"));
    assert!(
        text.starts_with(
            "---\ntitle: Se connecter\nsummary: Ouvrez votre session.\nsource_digest: "
        ),
        "{text}"
    );
    assert!(!text.contains("0000000000000000"), "{text}");
    assert!(
        text.ends_with("et [l'étape 2](#step-2).\n"),
        "the body is kept: {text}"
    );

    build(&site.0, &out);
    let fr = read(out.join("fr/log-in/index.html"));
    assert!(!fr.contains("class=\"notice"), "{fr}");
    let table = stdout(&run(&site.0, &["i18n"]));
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("log-in") && l.contains("up to date")),
        "{table}"
    );

    // Editing the source makes the translation outdated again.
    let src = site.0.join("content/log-in.md");
    let text = read(&src).replace("Open the portal.", "Open the intranet portal.");
    std::fs::write(&src, text).expect("edit source");
    build(&site.0, &out);
    let fr = read(out.join("fr/log-in/index.html"));
    // Only the changed step is marked, with the current English text.
    assert!(!fr.contains("notice-outdated"), "{fr}");
    assert_eq!(fr.matches("<details class=\"notice\">").count(), 1, "{fr}");
    assert!(
        fr.contains("<p lang=\"en\">Open the intranet portal.</p></details>\n</li>"),
        "{fr}"
    );
}

#[test]
fn arabic_pages_are_right_to_left_but_screenshots_keep_their_physical_layout() {
    let out = built();
    let ar = page(&out, "ar/log-in/index.html");
    assert!(ar.contains("<html lang=\"ar\" dir=\"rtl\">"), "{ar}");
    assert!(
        ar.contains("<article lang=\"ar\" dir=\"rtl\" data-pagefind-body>"),
        "{ar}"
    );
    // Step numbers are drawn from `data-n` and read with the page's word.
    assert!(ar.contains("<li class=step id=step-2 data-n=2>"), "{ar}");
    assert!(ar.contains("style=\"--step:'الخطوة'\""), "{ar}");
    // Overlay boxes are placed from the left, as in the picture.
    assert!(ar.contains("style=\"inset:2.1% 3.1% 93.8% 87.5%\""), "{ar}");
    // An untranslated page read in Arabic: Arabic interface, English text.
    let ar_mail = page(&out, "ar/mail/index.html");
    assert!(
        ar_mail.contains("<html lang=\"ar\" dir=\"rtl\">"),
        "{ar_mail}"
    );
    assert!(
        ar_mail.contains("<article lang=\"en\" dir=\"ltr\" data-pagefind-body>"),
        "{ar_mail}"
    );
    // English titles in an Arabic menu and pager keep their own direction.
    assert!(
        ar.contains("<a href=\"../../ar/mail/\" lang=\"en\" dir=\"ltr\">Your mail</a>"),
        "{ar}"
    );
    assert!(ar.contains("<span class=\"pager-label\">التالي</span> <span lang=\"en\" dir=\"ltr\">Your mail</span>"), "{ar}");
    let en = page(&out, "en/log-in/index.html");
    assert!(en.contains("<html lang=\"en\" dir=\"ltr\">"), "{en}");
}

#[test]
fn the_language_switcher_stays_on_the_same_page() {
    let out = built();
    let fr = page(&out, "fr/mail/settings/index.html");
    for (code, name) in [("en", "English"), ("es", "Español"), ("zh", "中文")] {
        let link = format!(
            "<a href=\"../../../{code}/mail/settings/\" hreflang=\"{code}\" lang=\"{code}\" dir=\"ltr\">{name}</a>"
        );
        assert!(fr.contains(&link), "{link} not in {fr}");
    }
    assert!(fr.contains("<a href=\"../../../ar/mail/settings/\" hreflang=\"ar\" lang=\"ar\" dir=\"rtl\">العربية</a>"), "{fr}");
    assert!(fr.contains("<a href=\"../../../fr/mail/settings/\" hreflang=\"fr\" lang=\"fr\" dir=\"ltr\" aria-current=\"page\">Français</a>"), "{fr}");
    let home = page(&out, "zh/index.html");
    assert!(
        home.contains("<a href=\"../en/\" hreflang=\"en\""),
        "{home}"
    );
}

#[test]
fn language_versions_are_listed_in_the_sitemap_not_in_every_page() {
    let out = built();
    let en = page(&out, "en/log-in/index.html");
    // Search engines read hreflang from the sitemap as from the head; once
    // is lighter.
    assert!(!en.contains("<link rel=\"alternate\""), "{en}");
    assert!(en.contains("<link rel=\"canonical\" href=\"https://guide.example.org/en/log-in/\">"));
    let map = page(&out, "sitemap.xml");
    assert!(map.contains(
        "<xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"https://guide.example.org/en/log-in/\"/>"
    ));
}

#[test]
fn the_sitemap_lists_pages_in_their_written_languages_with_alternates() {
    let out = built();
    let map = page(&out, "sitemap.xml");
    assert!(map.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    let locs: Vec<&str> = map
        .lines()
        .filter_map(|l| l.strip_prefix("<url><loc>"))
        .map(|l| l.trim_end_matches("</loc>"))
        .collect();
    assert_eq!(
        locs,
        [
            "https://guide.example.org/en/",
            "https://guide.example.org/en/log-in/",
            "https://guide.example.org/fr/log-in/",
            "https://guide.example.org/ar/log-in/",
            "https://guide.example.org/en/mail/",
            "https://guide.example.org/en/mail/settings/",
            "https://guide.example.org/fr/mail/settings/",
        ]
    );
    let block = map
        .split("<url>")
        .find(|b| b.contains("<loc>https://guide.example.org/fr/log-in/</loc>"))
        .unwrap_or_default();
    for (lang, url) in [
        ("en", "en/log-in/"),
        ("fr", "fr/log-in/"),
        ("ar", "ar/log-in/"),
        ("x-default", "en/log-in/"),
    ] {
        let want = format!(
            "<xhtml:link rel=\"alternate\" hreflang=\"{lang}\" href=\"https://guide.example.org/{url}\"/>"
        );
        assert!(block.contains(&want), "{want} not in {block}");
    }
    assert!(!block.contains("hreflang=\"es\""), "{block}");
}

#[test]
fn steps_are_numbered_with_their_screenshot_and_comments_never_leak() {
    let out = built();
    let fr = page(&out, "fr/log-in/index.html");
    assert!(fr.contains("<ol class=\"steps\">"), "{fr}");
    assert!(fr.contains("<li class=step id=step-3 data-n=3>"), "{fr}");
    // Alt text names the screen and its marks in the page's language,
    // without repeating the step's sentence just above; size; lazy (the
    // page's first screenshot loads at once).
    assert!(fr.contains("<img src=\"../../screenshots/log-in/click-se-connecter.png\" width=1024 height=768 loading=lazy alt=\"Écran à l&#39;étape 3, Identifiant, SE CONNECTER en surbrillance\">"), "{fr}");
    // Two targets: numbered highlights; one callout with the page's legend.
    assert!(fr.contains("<span class=\"hl\" data-n=\"2\""), "{fr}");
    assert!(
        fr.contains(
            "<span class=\"callout\" data-n=\"1\" style=\"inset:12.5% 93.8% 81.2% 0%\"></span>"
        ),
        "{fr}"
    );
    assert!(
        fr.contains("<ol class=\"legend\">\n<li>le lien d'aide</li>"),
        "{fr}"
    );
    // The step without a shot has no figure.
    let step1 = fr
        .split("id=step-1 ")
        .nth(1)
        .and_then(|s| s.split("</li>").next())
        .unwrap_or_default();
    assert!(!step1.contains("<figure"), "{step1}");
    for f in files(&out.0.join("public")) {
        if f.ends_with(".html") {
            let html = page(&out, &f);
            assert!(!html.contains("<!--"), "a comment leaks into {f}");
            assert!(!html.contains("step: "), "a step directive leaks into {f}");
        }
    }
}

#[test]
fn links_images_and_previous_next_follow_the_reader() {
    let out = built();
    let fr = page(&out, "fr/log-in/index.html");
    assert!(
        fr.contains("<a href=\"../../fr/mail/settings/#time-zone\">les réglages</a>"),
        "{fr}"
    );
    assert!(
        fr.contains("<img src=\"../../media/img/portal.fr.png\" alt=\"Le portail\""),
        "{fr}"
    );
    let es = page(&out, "es/log-in/index.html");
    assert!(
        es.contains("<img src=\"../../media/img/portal.png\" alt=\"The portal\""),
        "{es}"
    );
    assert!(
        es.contains("<a href=\"../../es/mail/settings/#time-zone\">the settings</a>"),
        "{es}"
    );
    // Order: home, log-in (weight 1), mail (weight 2), mail/settings.
    assert!(
        fr.contains("<a class=\"prev\" rel=\"prev\" href=\"../../fr/\">"),
        "{fr}"
    );
    assert!(
        fr.contains("<a class=\"next\" rel=\"next\" href=\"../../fr/mail/\">"),
        "{fr}"
    );
    let settings = page(&out, "fr/mail/settings/index.html");
    assert!(
        settings.contains("<a class=\"prev\" rel=\"prev\" href=\"../../../fr/mail/\">"),
        "{settings}"
    );
    assert!(!settings.contains("rel=\"next\""), "{settings}");
    // The menu opens the current branch and marks the current page.
    assert!(settings.contains("<a href=\"../../../fr/mail/settings/\" aria-current=\"page\">Réglages de la messagerie</a>"), "{settings}");
    let home = page(&out, "fr/index.html");
    assert!(
        !home.contains("mail/settings/\""),
        "closed branch shown: {home}"
    );
}

#[test]
fn building_twice_gives_identical_bytes() {
    let a = Scratch::new("same-a");
    let b = Scratch::new("same-b");
    build(&fixture("basic"), &a.0.join("public"));
    build(&fixture("basic"), &b.0.join("public"));
    let fa = files(&a.0.join("public"));
    assert_eq!(fa, files(&b.0.join("public")));
    for f in &fa {
        let x = std::fs::read(a.0.join("public").join(f)).expect("read a");
        let y = std::fs::read(b.0.join("public").join(f)).expect("read b");
        assert!(x == y, "{f} differs between two builds");
    }
}

#[test]
fn a_failed_build_leaves_the_previous_site_intact() {
    let site = Scratch::copy_of("basic");
    let out = site.0.join("public");
    build(&site.0, &out);
    let before = files(&out);
    let page_before = read(out.join("en/log-in/index.html"));
    let src = site.0.join("content/log-in.md");
    let text = read(&src).replace("(mail/settings.md#time-zone)", "(mail/setings.md)");
    std::fs::write(&src, text).expect("break a link");
    let o = run(
        &site.0,
        &["build", "--out", out.to_str().unwrap_or_default()],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("content/log-in.md:24:5: the linked page `mail/setings.md` does not exist — did you mean `mail/settings.md`?"),
        "{}",
        stderr(&o)
    );
    assert_eq!(files(&out), before);
    assert_eq!(read(out.join("en/log-in/index.html")), page_before);
    // No staging folder is left behind (the build cache is no staging folder).
    let left: Vec<String> = std::fs::read_dir(&site.0)
        .expect("read site")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.') && n != ".ent-guide-cache")
        .collect();
    assert!(left.is_empty(), "{left:?}");
}
