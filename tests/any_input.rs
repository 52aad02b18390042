//! Whatever an editor writes, the generator answers with positioned
//! problems or a site, never a panic: pages made of random pieces of front
//! matter, Markdown and step comments (the syntax editors get wrong) go
//! through `check`, the runner's step planning and a build in memory.

mod common;

use common::Scratch;
use ent_guide::diagnostics::Diagnostic;
use ent_guide::site::{build, Site};
use proptest::prelude::*;
use std::path::Path;

/// Pieces of front matter, valid and not.
fn front_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("title: Log in".to_string()),
        Just("title: [a".to_string()),
        Just("title: \"unterminated".to_string()),
        Just("title: |\n  two\n  lines".to_string()),
        Just("title:".to_string()),
        Just("summary: {x: y}".to_string()),
        Just("weight: 99999999999999999999999".to_string()),
        Just("weight: -3".to_string()),
        Just("persona: new-student".to_string()),
        Just("persona: nobody".to_string()),
        Just("source_digest: 0".to_string()),
        Just("titel: typo".to_string()),
        Just("- a list".to_string()),
        Just("\t: :".to_string()),
        Just("---".to_string()),
        "\\PC{0,24}",
    ]
}

/// Pieces of a Markdown body: lists, headings, links, images, tables, HTML
/// and step comments cut anywhere.
fn body_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("\n".to_string()),
        Just("\n1. ".to_string()),
        Just("\n2. ".to_string()),
        Just("\n   ".to_string()),
        Just("\n- ".to_string()),
        Just("\n## ".to_string()),
        Just("\n# ".to_string()),
        Just("\n> ".to_string()),
        Just("<!-- step: ".to_string()),
        Just("<!-- ".to_string()),
        Just(" -->".to_string()),
        Just("<!-- shot -->".to_string()),
        Just("<!-- shot callouts \"Aide\" -->".to_string()),
        Just("<!-- shot phone -->".to_string()),
        Just("open https://ent.univ-st-etienne.fr/".to_string()),
        Just("open /cas/login".to_string()),
        Just("click \"Connexion\"".to_string()),
        Just("fill \"Identifiant\" with \"{login}\"".to_string()),
        Just("wait ".to_string()),
        Just("\"".to_string()),
        Just("{".to_string()),
        Just("}".to_string()),
        Just("![The portal](img/portal.png)".to_string()),
        Just("![](img/missing.png)".to_string()),
        Just("![\"\"](img/portal.png)".to_string()),
        Just("[the settings](mail/settings.md#time-zone)".to_string()),
        Just("[a](nowhere.md#x)".to_string()),
        Just("[step](#step-2)".to_string()),
        Just("[".to_string()),
        Just("](".to_string()),
        Just(")".to_string()),
        Just("**Connexion**".to_string()),
        Just("**".to_string()),
        Just("`".to_string()),
        Just("\n| a | b |\n|---|---|\n| 1 | 2 |\n".to_string()),
        Just("<b>".to_string()),
        Just("</div>".to_string()),
        Just("&amp;".to_string()),
        Just("\u{202e}".to_string()),
        Just("中文".to_string()),
        Just("العربية".to_string()),
        Just("[^1]".to_string()),
        "\\PC{0,16}",
    ]
}

/// Pieces that make a valid body in any order, so that some pages pass
/// `check` and go on to the build.
fn good_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("\n\n## Before you start\n\n".to_string()),
        Just("\n\n1. Open the portal.\n   <!-- step: open https://ent.univ-st-etienne.fr/ -->\n".to_string()),
        Just("\n\n1. Click **Connexion** (log in).\n   <!-- step: click \"Connexion\" -->\n   <!-- shot -->\n".to_string()),
        Just("\n\n- See [the settings](mail/settings.md#time-zone).\n".to_string()),
        Just("\n\n![The portal](img/portal.png)\n\n".to_string()),
        Just("\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n".to_string()),
        Just(" 中文 العربية \u{202e} ".to_string()),
        "[a-zA-Z0-9 ,.éà'()]{0,30}",
    ]
}

/// A page: sometimes front matter, sometimes a broken fence, then a body;
/// or a valid page built from [`good_piece`]s.
fn page() -> impl Strategy<Value = String> {
    prop_oneof![
        broken_page(),
        prop::collection::vec(good_piece(), 0..16)
            .prop_map(|body| format!("---\ntitle: Log in\n---\n{}", body.concat())),
    ]
}

fn broken_page() -> impl Strategy<Value = String> {
    (
        0..3u8,
        prop::collection::vec(front_piece(), 0..6),
        prop::collection::vec(body_piece(), 0..48),
    )
        .prop_map(|(fence, front, body)| {
            let front = front.join("\n");
            let body = body.concat();
            match fence {
                0 => format!("---\n{front}\n---\n{body}"),
                1 => format!("---\n{front}\n{body}"),
                _ => format!("---\ntitle: Log in\n---\n{front}\n{body}"),
            }
        })
}

/// Every problem points at a real place of a real file and says how to
/// fix it.
fn assert_positioned(root: &Path, problems: &[Diagnostic]) {
    for d in problems {
        let shown = d.to_string();
        assert!(d.pos.line >= 1 && d.pos.col >= 1, "{shown}");
        assert!(!d.message.is_empty() && !d.hint.is_empty(), "{shown}");
        if let Ok(text) = std::fs::read_to_string(root.join(&d.file)) {
            assert!(d.pos.line <= text.lines().count() + 1, "{shown}");
        }
    }
}

proptest! {
    // PROPTEST_CASES=5000 searches longer.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(96),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn any_page_gets_problems_or_a_site_never_a_panic(
        source in page(),
        translation in prop::option::of(page()),
    ) {
        let site = Scratch::copy_of("basic");
        // The translations are the source copied (steps that agree) or a
        // page of their own.
        let translation = translation.unwrap_or_else(|| source.clone());
        std::fs::write(site.0.join("content/log-in.md"), &source).expect("write");
        for lang in ["fr", "ar"] {
            let file = site.0.join(format!("content/log-in.{lang}.md"));
            std::fs::write(file, &translation).expect("write");
        }
        let problems = ent_guide::check::check(&site.0);
        assert_positioned(&site.0, &problems);
        // The runner plans the same steps, or says why it cannot.
        let _ = ent_guide::runner::plan::load(&site.0, None);
        // A guide that `check` accepts builds.
        if problems.is_empty() {
            let loaded = Site::load(&site.0).expect("check found no problem");
            if let Err(e) = build::build_in_memory(&loaded) {
                panic!("check passed but the build failed: {e:?}");
            }
        }
    }
}
