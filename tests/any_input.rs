//! Whatever an editor writes, the generator answers with positioned
//! problems or a site, never a panic: pages made of random pieces of front
//! matter, Markdown and step comments (the syntax editors get wrong) go
//! through `check`, the runner's step planning, the translators' report
//! and packages (exported and read back), and a build in memory.

mod common;

use common::Scratch;
use ent_guide::diagnostics::Diagnostic;
use ent_guide::i18n::export::{export, Format};
use ent_guide::site::{build, Site};
use proptest::prelude::*;
use std::path::Path;

/// One of `fixed`, or now and then a random string of `random`'s pattern.
fn pieces(fixed: &'static [&'static str], random: &'static str) -> impl Strategy<Value = String> {
    prop_oneof![
        fixed.len() as u32 => prop::sample::select(fixed).prop_map(str::to_string),
        1 => random,
    ]
}

/// Pieces of front matter, valid and not.
const FRONT: &[&str] = &[
    "title: Log in",
    "title: [a",
    "title: \"unterminated",
    "title: |\n  two\n  lines",
    "title:",
    "summary: {x: y}",
    "weight: 99999999999999999999999",
    "weight: -3",
    "persona: new-student",
    "persona: nobody",
    "source_digest: 0",
    "source_segments: |\n  title 0\n  top.1 x y\n  step-1-0000 12345678",
    "source_segments: [1, 2]",
    "titel: typo",
    "- a list",
    "\t: :",
    "---",
];

fn front_piece() -> impl Strategy<Value = String> {
    pieces(FRONT, "\\PC{0,24}")
}

/// Pieces of a Markdown body: lists, headings, links, images, tables, HTML
/// and step comments cut anywhere.
const BODY: &[&str] = &[
    "\n",
    "\n1. ",
    "\n2. ",
    "\n   ",
    "\n- ",
    "\n## ",
    "\n# ",
    "\n> ",
    "<!-- step: ",
    "<!-- ",
    " -->",
    "<!-- shot -->",
    "<!-- shot callouts \"Aide\" -->",
    "<!-- shot phone -->",
    "open https://ent.univ-st-etienne.fr/",
    "open /cas/login",
    "click \"Connexion\"",
    "fill \"Identifiant\" with \"{login}\"",
    "wait ",
    "\"",
    "{",
    "}",
    "![The portal](img/portal.png)",
    "![](img/missing.png)",
    "![\"\"](img/portal.png)",
    "[the settings](mail/settings.md#time-zone)",
    "[a](nowhere.md#x)",
    "[step](#step-2)",
    "[",
    "](",
    ")",
    "**Connexion**",
    "**",
    "`",
    "\n| a | b |\n|---|---|\n| 1 | 2 |\n",
    "<b>",
    "</div>",
    "&amp;",
    "\u{202e}",
    "中文",
    "العربية",
    "[^1]",
];

fn body_piece() -> impl Strategy<Value = String> {
    pieces(BODY, "\\PC{0,16}")
}

/// Pieces that make a valid body in any order, so that some pages pass
/// `check` and go on to the build.
const GOOD: &[&str] = &[
    "\n\n## Before you start\n\n",
    "\n\n1. Open the portal.\n   <!-- step: open https://ent.univ-st-etienne.fr/ -->\n",
    "\n\n1. Click **Connexion** (log in).\n   <!-- step: click \"Connexion\" -->\n   <!-- shot -->\n",
    "\n\n- See [the settings](mail/settings.md#time-zone).\n",
    "\n\n![The portal](img/portal.png)\n\n",
    "\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n",
    " 中文 العربية \u{202e} ",
];

fn good_piece() -> impl Strategy<Value = String> {
    pieces(GOOD, "[a-zA-Z0-9 ,.éà'()]{0,30}")
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
        // Translators' reports and packages are made, and a package read
        // back, whatever the pages hold.
        if let Ok(loaded) = Site::load(&site.0) {
            let _ = ent_guide::i18n::report(&loaded);
            for format in [Format::Xliff, Format::Po] {
                if let Ok(text) = export(&loaded, "fr", format, true) {
                    let pkg = ent_guide::i18n::import::read(Path::new("p"), &text);
                    let pkg = pkg.expect("an exported package reads back");
                    let _ = ent_guide::i18n::import::plan(&loaded, Path::new("p"), &pkg);
                }
            }
        }
        // A guide that `check` accepts builds.
        if problems.is_empty() {
            let loaded = Site::load(&site.0).expect("check found no problem");
            if let Err(e) = build::build_in_memory(&loaded) {
                panic!("check passed but the build failed: {e:?}");
            }
        }
    }
}
