//! `ent-guide check` (and `build`) on broken sites: every problem an editor
//! can cause is reported with its file:line:col and a hint, all at once,
//! with exit status 1 and no panic.

mod common;

use common::{fixture, run, stderr, Scratch};

fn problems(site: &std::path::Path, args: &[&str]) -> Vec<String> {
    let o = run(site, args);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    let mut lines: Vec<String> = err
        .lines()
        .filter(|l| !l.ends_with("left as it was"))
        .map(str::to_string)
        .collect();
    let last = lines.pop().unwrap_or_default();
    let n = lines.len();
    let want = format!("{n} problem{} found", if n == 1 { "" } else { "s" });
    assert_eq!(last, want, "{err}");
    lines
}

#[test]
fn content_and_theme_errors_are_all_reported_at_their_position() {
    let got = problems(&fixture("broken-load"), &["check"]);
    let want = [
        "content/bad-yaml.md:2:8: title: invalid type: sequence, expected a string — give this field the kind of value it expects: text (in quotes when it starts with [ or { or holds `: `), or a whole number for weight",
        "content/dup.md:1:1: this page has the same address `dup` as content/dup/index.md — rename or remove one of the two files",
        "content/no-title.md:1:1: this page has no title — add a line `title: ...` to the front matter",
        "content/orphan.fr.md:1:1: this translation has no source page `orphan.md` — write the en page first, or rename this file after an existing page",
        "content/page.de.md:1:1: unknown language `de` in this file name — the guide's languages are en, fr, ar; add `de` to content/guide.yaml to publish it",
        "content/persona.md:3:10: unknown persona `new-studnet` — did you mean `new-student`?",
        "content/print.md:1:1: `print` is the address of the print view (the whole guide on one page): no page can have it — rename content/print.md to another name, such as `printing`, and update links to it",
        "content/typo-field.md:2:1: unknown field `titel`, expected one of `title`, `summary`, `weight`, `persona`, `source_digest`, `source_segments` — did you mean `title`?",
        "content/weight.md:3:9: weight: invalid type: string \"heavy\", expected i64 — give this field the kind of value it expects: text (in quotes when it starts with [ or { or holds `: `), or a whole number for weight",
        "themes/broken/templates/page.html:4:7: Failed to parse 'page.html': expected a value that can be negated — fix the template here; its language is Tera's (https://keats.github.io/tera/docs/)",
    ];
    assert_eq!(got, want);
    // build reports the same, and writes nothing.
    let out = Scratch::new("broken-load-out");
    let public = out.0.join("public");
    let got = problems(
        &fixture("broken-load"),
        &["build", "--out", public.to_str().unwrap_or_default()],
    );
    assert_eq!(got, want);
    assert!(!public.exists());
}

#[test]
fn links_anchors_images_steps_and_translations_are_checked() {
    let got = problems(&fixture("broken-render"), &["check"]);
    assert_eq!(
        got,
        [
            "content/index.md:4:3: the linked page `nowhere.md` does not exist — check the page's file name under content/",
            "content/index.md:4:35: `#missing` is not an anchor of content/other.md — its anchors are: #part-one, #step-1, #step-2",
            "content/index.md:6:1: image: `img/none.png` does not exist — put the file under content/ and link to it relative to this page",
            "content/index.md:9:15: unknown action `clik` — did you mean `click`? write it as: click \"TEXT\"",
            "content/other.fr.md:8:1: step 2 differs from the source: `click \"Se connecter\"` here, `click \"Connexion\"` in content/other.md:8:1 — translate the text around the step comments, but keep the comments exactly as in the source",
        ]
    );
    // A build does not judge step comments, only what it renders.
    let out = Scratch::new("broken-render-out");
    let public = out.0.join("public");
    let got = problems(
        &fixture("broken-render"),
        &["build", "--out", public.to_str().unwrap_or_default()],
    );
    assert_eq!(got.len(), 3, "{got:?}");
}

#[test]
fn unreadable_pages_and_broken_links_are_reported_together() {
    let site = Scratch::copy_of("broken-render");
    std::fs::write(
        site.0.join("content/bad.md"),
        "---\ntitle: Bad\nweight: [\n---\nBody.\n",
    )
    .expect("write");
    let index = site.0.join("content/index.md");
    let text = common::read(&index).replace("A [broken link]", "[Bad](bad.md). A [broken link]");
    std::fs::write(&index, text).expect("write");
    let got = problems(&site.0, &["check"]);
    assert_eq!(got.len(), 6, "{got:?}");
    assert!(
        got[0].starts_with("content/bad.md:3:9: weight: invalid type"),
        "{got:?}"
    );
    // The link to the unreadable page is not reported as broken too.
    assert!(!got.iter().any(|d| d.contains("bad.md`")), "{got:?}");
    assert!(
        got[1].starts_with("content/index.md:4:18: the linked page `nowhere.md` does not exist"),
        "{got:?}"
    );
}

#[test]
fn a_translation_with_fewer_steps_names_the_missing_one() {
    let site = Scratch::copy_of("broken-render");
    let fr = site.0.join("content/other.fr.md");
    std::fs::write(
        &fr,
        "---\ntitle: Autre\n---\n1. Ouvrez le portail.\n   <!-- step: open https://ent.univ-st-etienne.fr/ -->\n",
    )
    .expect("write");
    let got = problems(&site.0, &["check"]);
    assert!(
        got.contains(&"content/other.fr.md:4:1: this translation has 1 of the source's 2 steps: step 2 (`click \"Connexion\"`, `shot`) is missing, at content/other.md:8:1 — translate the text around the step comments, but keep the comments exactly as in the source".to_string()),
        "{got:?}"
    );
}

#[test]
fn check_writes_nothing() {
    let site = Scratch::copy_of("basic");
    let o = run(&site.0, &["check"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut names: Vec<String> = std::fs::read_dir(&site.0)
        .expect("read")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["content", "screenshots"]);
}

#[test]
fn no_input_makes_it_panic() {
    let cases: &[(&str, &[u8])] = &[
        ("empty.md", b""),
        ("dashes.md", b"---"),
        ("open.md", b"---\ntitle: x\n"),
        ("binary.md", b"---\ntitle: x\n---\n\xff\xfe\x00bad"),
        ("bom.md", b"\xef\xbb\xbf---\r\ntitle: BOM\r\n---\r\nBody\r\n"),
        ("list.md", b"---\n- a\n- b\n---\n"),
        ("deep.md", b"---\ntitle: deep\n---\n>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>> - - - - - - - 1. <!-- step: click \"x\" --><!-- shot --><!--\n"),
        ("comments.md", b"---\ntitle: c\n---\n<!-- step: -->\n<!-- shot as \"\" -->\n<!-- step: open -->\n[x](#)\n[y](../../../x.md)\n![](<>)\n"),
        ("unicode.md", "---\ntitle: \u{202e}é中ع\n---\n# \u{0}\n[\u{1F600}](\u{1F600}.md#\u{1F600})\n".as_bytes()),
        ("tab.md", b"---\ntitle:\tx\n\tweight: 1\n---\n"),
    ];
    let site = Scratch::new("no-panic");
    std::fs::create_dir_all(site.0.join("content")).expect("mkdir");
    std::fs::write(
        site.0.join("content/guide.yaml"),
        "languages:\n  - {code: en, name: English}\n  - {code: ar, name: ع, dir: rtl}\n",
    )
    .expect("write");
    std::fs::write(site.0.join("content/index.md"), "---\ntitle: Home\n---\n").expect("write");
    for (name, bytes) in cases {
        std::fs::write(site.0.join("content").join(name), bytes).expect("write");
        std::fs::write(
            site.0.join("content").join(name.replace(".md", ".ar.md")),
            bytes,
        )
        .expect("write");
    }
    let out = site.0.join("out");
    let out = out.to_str().unwrap_or("out");
    for args in [&["check"][..], &["build", "--out", out][..], &["i18n"][..]] {
        let o = run(&site.0, args);
        assert!(
            matches!(o.status.code(), Some(0 | 1)),
            "{args:?} crashed: {}",
            stderr(&o)
        );
        assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    }
    for guide in [
        "",
        "languages: 3",
        "languages:\n  - {code: EN, name: x}",
        ":\n- [",
        "title: {en: x}\nlanguages: []\n",
    ] {
        std::fs::write(site.0.join("content/guide.yaml"), guide).expect("write");
        let o = run(&site.0, &["check"]);
        assert_eq!(o.status.code(), Some(1), "{guide:?}: {}", stderr(&o));
        assert!(
            stderr(&o).starts_with("content/guide.yaml:"),
            "{}",
            stderr(&o)
        );
    }
}

#[test]
fn a_new_language_needs_the_themes_interface_words() {
    let site = Scratch::copy_of("basic");
    let guide = site.0.join("content/guide.yaml");
    let text = common::read(&guide).replace(
        "  - {code: ar, name: العربية, dir: rtl}\n",
        "  - {code: ar, name: العربية, dir: rtl}\n  - {code: de, name: Deutsch}\n",
    );
    std::fs::write(&guide, text).expect("write");
    let got = problems(&site.0, &["check"]);
    assert_eq!(
        got,
        ["themes/default/i18n.yaml:1:1: the theme has no interface words in `de` — add a `de:` section with the words of the `en:` section, translated"]
    );
    // Building still works: German readers get the English words.
    let out = Scratch::new("de-out");
    common::build(&site.0, &out.0.join("public"));
    let de = common::read(out.0.join("public/de/log-in/index.html"));
    assert!(de.contains("<html lang=\"de\" dir=\"ltr\">"), "{de}");
    assert!(
        de.contains("This page is not translated into your language yet"),
        "{de}"
    );
}

#[test]
fn a_translated_sentence_must_keep_the_place_of_its_date() {
    let site = Scratch::copy_of("basic");
    let theme = site.0.join("themes/default");
    common::copy_dir(&common::fixture("../../themes/default"), &theme);
    let words = theme.join("i18n.yaml");
    let text = common::read(&words).replace(
        "\"Étapes vérifiées sur l'intranet le {date}.\"",
        "\"Étapes vérifiées sur l'intranet le\"",
    );
    std::fs::write(&words, &text).expect("write");
    let line = 1 + text
        .lines()
        .position(|l| l.contains("sur l'intranet le\""))
        .expect("the edited line");
    let got = problems(&site.0, &["check"]);
    assert_eq!(
        got,
        [format!("themes/default/i18n.yaml:{line}:13: the `fr` interface word `verified` has no `{{date}}` — write `{{date}}` where its value goes, as in \"Steps last checked against the intranet on {{date}}.\"")]
    );
}
