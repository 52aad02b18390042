//! Tests of the Markdown renderer: steps, figures, links, images, ids.

use super::*;
use crate::links::Known;
use crate::render::shots::{Mark, PageShots, Rect, Shot};
use crate::render::{ShotWords, StaleBlock};
use crate::steps::extract;
use std::path::Path;

struct K;
impl Known for K {
    fn has_page(&self, slug: &str) -> bool {
        ["", "login", "p"].contains(&slug)
    }
    fn has_file(&self, rel: &str) -> bool {
        ["a.png", "a.fr.png"].contains(&rel)
    }
    fn page_slugs(&self) -> Vec<&str> {
        vec!["", "login"]
    }
}

fn go(body: &str, shots: &PageShots, lang: &str) -> Rendered {
    let steps = extract(Path::new("p.md"), body, 0).steps;
    let env = Env {
        lang,
        root: "../../",
        slug: "p",
        dir: "",
        known: &K,
        shots,
        shot_words: ShotWords::default(),
        stale: &[],
    };
    render(body, &steps, &env)
}

#[test]
fn links_between_pages_go_to_the_page_in_the_readers_language() {
    let body = "## Part {#part}\n\n1. Open [log in](login.md#step-1), [home](index.md), [here](#part), [me](p.md) and [UJM](https://www.univ-st-etienne.fr/) or <https://ent.univ-st-etienne.fr/>.[^n]\n   <!-- step: open / -->\n\n[^n]: A note.\n";
    let r = go(body, &PageShots::new(), "fr");
    for want in [
        "<h2 id=\"part\">",
        "class=step id=step-1",
        "href=\"../../fr/login/#step-1\"",
        "href=\"../../fr/\"",
        "href=\"#part\"",
        "href=\"./\"",
        "<a class=\"ext\" href=\"https://www.univ-st-etienne.fr/\">UJM</a>",
        "<a href=\"https://ent.univ-st-etienne.fr/\">",
        "href=\"#n\"",
        "id=\"n\"",
    ] {
        assert!(r.html.contains(want), "{want}: {}", r.html);
    }
    assert!(r.ids.contains("part") && r.ids.contains("step-1"));
}

#[test]
fn steps_are_numbered_and_comments_do_not_leak() {
    let body = "## Log in\n\n1. Open the portal.\n   <!-- step: open / -->\n2. Click **Connexion**.\n   <!-- step: click \"Connexion\" -->\n   <!-- shot -->\n\n<!-- a note -->\n";
    let r = go(body, &PageShots::new(), "en");
    assert!(!r.html.contains("<!--"), "{}", r.html);
    assert!(!r.html.contains("step:"), "{}", r.html);
    assert!(r.html.contains("<ol class=\"steps\">"), "{}", r.html);
    assert!(r.html.contains("id=step-2 "), "{}", r.html);
    assert!(r.html.contains("<h2 id=\"log-in\">"), "{}", r.html);
}

#[test]
fn a_shot_shows_with_size_alt_and_overlay_in_percent() {
    let body = "1. Click **Connexion** now.\n   <!-- step: click \"Connexion\" -->\n   <!-- shot callouts \"Aide\" -->\n   1. the help\n";
    let mut shots = PageShots::new();
    let rect = Rect {
        x: 512.0,
        y: 0.0,
        width: 256.0,
        height: 76.8,
    };
    shots.insert(
        "click-connexion".into(),
        Shot {
            url: "screenshots/p/click-connexion.png".into(),
            width: 1024,
            height: 768,
            targets: vec![Mark {
                number: 1,
                label: "Connexion".into(),
                rect,
            }],
            callouts: vec![Mark {
                number: 1,
                label: "Aide".into(),
                rect,
            }],
            small: None,
        },
    );
    let r = go(body, &shots, "en");
    assert!(r.html.contains("src=\"../../screenshots/p/click-connexion.png\" width=1024 height=768 alt=\"Screen at step 1, Connexion highlighted\""), "{}", r.html);
    assert!(
        !r.html.contains("alt=\"Click Connexion now.\""),
        "the alternative does not repeat the step's sentence"
    );
    assert!(r
        .html
        .contains("<span class=\"hl\" style=\"inset:0% 25% 90% 50%\"></span>"));
    assert!(
        r.html.contains(
            "<span class=\"callout\" data-n=\"1\" style=\"inset:0% 25% 90% 50%\"></span>"
        ),
        "{}",
        r.html
    );
    assert!(
        r.html.contains("<ol class=\"legend\">\n<li>the help</li>"),
        "{}",
        r.html
    );
}

fn shot(name: &str, targets: &[&str], small: bool) -> Shot {
    Shot {
        url: format!("screenshots/p/{name}.png"),
        width: 1024,
        height: 768,
        targets: targets
            .iter()
            .enumerate()
            .map(|(i, l)| Mark {
                number: i as u32 + 1,
                label: (*l).into(),
                rect: Rect {
                    x: 10.0,
                    y: 10.0 + 50.0 * i as f64,
                    width: 100.0,
                    height: 30.0,
                },
            })
            .collect(),
        callouts: Vec::new(),
        small: small.then(|| crate::render::shots::Small {
            url: format!("screenshots/p/{name}.small.png"),
            width: 512,
        }),
    }
}

#[test]
fn only_the_first_screenshot_loads_at_once_and_phones_get_the_copy() {
    let body = "1. Type your login and click **SE CONNECTER**.\n   <!-- step: fill \"Identifiant\" with \"x\" -->\n   <!-- step: click \"SE CONNECTER\" -->\n   <!-- shot -->\n2. Click **Quitter**.\n   <!-- step: click \"Quitter\" -->\n   <!-- shot -->\n";
    let mut shots = PageShots::new();
    shots.insert(
        "click-se-connecter".into(),
        shot("click-se-connecter", &["Identifiant", "SE CONNECTER"], true),
    );
    shots.insert(
        "click-quitter".into(),
        shot("click-quitter", &["Quitter"], false),
    );
    let r = go(body, &shots, "en");
    let imgs: Vec<&str> = r
        .html
        .match_indices("<img ")
        .map(|(i, _)| &r.html[i..])
        .collect();
    assert_eq!(imgs.len(), 2, "{}", r.html);
    let first = &imgs[0][..imgs[0].find('>').unwrap_or(0)];
    let second = &imgs[1][..imgs[1].find('>').unwrap_or(0)];
    assert!(!first.contains("loading="), "{first}");
    assert!(second.contains(" loading=lazy"), "{second}");
    assert!(
        first.contains("srcset=\"../../screenshots/p/click-se-connecter.small.png 512w,../../screenshots/p/click-se-connecter.png 1024w\" sizes="),
        "{first}"
    );
    assert!(!second.contains("srcset"), "no copy, plain src: {second}");
    // Several targets are numbered on the picture and listed for screen readers.
    assert!(
        r.html.contains(
            "<ol class=\"visually-hidden\"><li>Identifiant</li><li>SE CONNECTER</li></ol>"
        ),
        "{}",
        r.html
    );
    assert_eq!(
        r.html.matches("class=\"visually-hidden\"><li").count(),
        1,
        "one target: the alt says it"
    );
}

#[test]
fn markdown_images_need_alt_text_and_get_their_size() {
    struct Sized;
    impl Known for Sized {
        fn has_page(&self, _: &str) -> bool {
            false
        }
        fn has_file(&self, rel: &str) -> bool {
            ["a.png", "b.png", "c.png"].contains(&rel)
        }
        fn image_size(&self, rel: &str) -> Option<(u32, u32)> {
            (rel == "a.png").then_some((320, 200))
        }
        fn page_slugs(&self) -> Vec<&str> {
            Vec::new()
        }
    }
    let body = "Intro.\n\n![The *portal* page](a.png \"Portal\")\n\n![](b.png)\n\n![\"\"](c.png)\n";
    let env = Env {
        lang: "en",
        root: "../../",
        slug: "p",
        dir: "",
        known: &Sized,
        shots: &PageShots::new(),
        shot_words: ShotWords::default(),
        stale: &[],
    };
    let r = render(body, &[], &env);
    assert!(
        r.html.contains("<img src=\"../../media/a.png\" alt=\"The portal page\" title=\"Portal\" width=\"320\" height=\"200\" loading=\"lazy\">"),
        "{}",
        r.html
    );
    assert!(
        r.html
            .contains("<img src=\"../../media/c.png\" alt=\"\" loading"),
        "decorative: {}",
        r.html
    );
    assert_eq!(r.problems.len(), 1, "{:?}", r.problems);
    assert_eq!(r.problems[0].at, body.find("![](b.png)").unwrap_or(0));
    assert!(r.problems[0].message.contains("no alt text"));
    assert!(r.problems[0].hint.contains("![\"\"](b.png)"));
}

#[test]
fn links_and_images_become_site_urls() {
    let body =
        "[log in](login.md#step-1) [home](index.md) ![x](a.png) [me](#top) [x](nowhere.md)\n";
    let r = go(body, &PageShots::new(), "fr");
    assert!(
        r.html.contains("href=\"../../fr/login/#step-1\""),
        "{}",
        r.html
    );
    assert!(r.html.contains("href=\"../../fr/\""), "{}", r.html);
    assert!(
        r.html.contains("src=\"../../media/a.fr.png\""),
        "{}",
        r.html
    );
    assert!(r.html.contains("href=\"#top\""), "{}", r.html);
    assert_eq!(r.anchor_refs.len(), 2);
    assert_eq!(r.problems.len(), 1);
    assert_eq!(r.problems[0].at, body.find("[x](nowhere").unwrap_or(0));
}

#[test]
fn heading_ids_are_unique_and_keep_any_script() {
    let r = go(
        "# Région\n\n# Région\n\n# 登录\n\n# x {#custom}\n",
        &PageShots::new(),
        "en",
    );
    for id in ["région", "région-2", "登录", "custom"] {
        assert!(r.html.contains(&format!("id=\"{id}\"")), "{id}: {}", r.html);
    }
}

#[test]
fn outdated_blocks_carry_their_notice_where_the_markup_allows() {
    use crate::content::segments::Opens;
    let body = "## Part\n\nIntro.\n\n1. Click **X**.\n   <!-- step: click \"X\" -->\n2. Then.\n\n| a | b |\n|---|---|\n| c | d |\n";
    let steps = extract(Path::new("p.md"), body, 0).steps;
    let at = |s: &str| body.find(s).expect("in body");
    let note = |n: &str| format!("<details class=\"notice\">{n}</details>");
    let stale = [
        StaleBlock {
            start: at("## Part"),
            opens: Opens::Heading,
            html: note("h"),
        },
        StaleBlock {
            start: at("Intro."),
            opens: Opens::Paragraph,
            html: note("p"),
        },
        StaleBlock {
            start: at("1. Click"),
            opens: Opens::Item,
            html: note("i"),
        },
    ];
    let shots = PageShots::new();
    let env = Env {
        lang: "fr",
        root: "../../",
        slug: "p",
        dir: "",
        known: &K,
        shots: &shots,
        shot_words: ShotWords::default(),
        stale: &stale,
    };
    let html = render(body, &steps, &env).html;
    assert!(
        html.contains("</h2>\n<details class=\"notice\">h</details>"),
        "{html}"
    );
    assert!(
        html.contains("<p>Intro.</p>\n<details class=\"notice\">p</details>"),
        "{html}"
    );
    assert!(
        html.contains("<details class=\"notice\">i</details></li>"),
        "{html}"
    );
    assert_eq!(html.matches("<details").count(), 3, "{html}");
    assert!(!html.contains("Then.<details"), "{html}");
}
