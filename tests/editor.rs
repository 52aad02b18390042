//! The editor of `ent-guide serve` (`/__edit/`) end to end, in Chromium:
//! the real binary on a scratch copy of the `basic` fixture. A person
//! edits a sentence and sees it in the preview, adds a page and records
//! its steps by doing them in the mock, runs the page, retakes its
//! screenshots; the token, path and concurrent-save refusals.
//!
//! `ENT_GUIDE_DOCS_SHOTS=1 cargo test --test editor` also writes the
//! README's pictures of the editor (`docs/editor/*.png`).

mod common;

use common::preview::{browser, eval, serve, serve_with, Serve};
use common::{build, files, fixture, read, Scratch};
use headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption;
use headless_chrome::{Browser, Tab};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Polls `f` for up to `secs` seconds (a run of the browser takes longer
/// than the common deadline).
fn within<T>(secs: u64, what: &str, mut f: impl FnMut() -> Option<T>) -> T {
    let end = Instant::now() + Duration::from_secs(secs);
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(Instant::now() < end, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn text_of(tab: &Tab, js: &str) -> String {
    eval(tab, js).as_str().unwrap_or_default().to_string()
}

/// The editor of `path` (under `content/`), once its script has run.
fn open_editor(browser: &Browser, s: &Serve, path: &str) -> Arc<Tab> {
    let tab = browser.new_tab().expect("tab");
    tab.set_default_timeout(Duration::from_secs(20));
    tab.navigate_to(&format!("{}__edit/page?path={path}", s.url))
        .expect("navigate");
    tab.wait_until_navigated().expect("editor loads");
    within(20, "the editor's line numbers", || {
        (text_of(&tab, "document.querySelector('.gutter').textContent").starts_with("1\n"))
            .then_some(())
    });
    tab
}

/// Selects `from` in the editor's text and types `to` over it, as a person
/// does with the keyboard.
fn replace_typing(tab: &Tab, from: &str, to: &str) {
    let js = format!(
        "(() => {{ const t = document.getElementById('text'); const i = t.value.indexOf({from:?});
           if (i < 0) return false; t.focus(); t.setSelectionRange(i, i + {len}); return true; }})()",
        len = from.encode_utf16().count()
    );
    // Keys go to the tab in front.
    tab.activate().expect("bring the tab to the front");
    assert_eq!(eval(tab, &js), true, "{from:?} is not in the editor");
    tab.type_str(to).expect("type");
}

fn click(tab: &Tab, selector: &str) {
    tab.activate().expect("bring the tab to the front");
    tab.wait_for_element(selector)
        .expect("button")
        .click()
        .expect("click");
}

fn status(tab: &Tab) -> String {
    text_of(tab, "document.getElementById('status').textContent")
}

/// Writes a picture of `tab` to `docs/editor/NAME.png` when asked to.
fn docs_shot(tab: &Tab, name: &str) {
    if std::env::var_os("ENT_GUIDE_DOCS_SHOTS").is_none() {
        return;
    }
    let _ = eval(
        tab,
        "document.activeElement && document.activeElement.blur()",
    );
    let png = tab
        .capture_screenshot(CaptureScreenshotFormatOption::Png, None, None, true)
        .expect("screenshot");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/editor");
    std::fs::create_dir_all(&dir).expect("docs/editor");
    // Optimised as `shoot` optimises the guide's screenshots.
    let png = ent_guide::runner::pixels::optimise(&png);
    std::fs::write(dir.join(format!("{name}.png")), png).expect("write picture");
}

#[test]
fn an_edited_sentence_is_saved_and_shows_in_the_preview_and_problems_beside_their_line() {
    let s = serve();
    let browser = browser();
    let tab = open_editor(&browser, &s, "log-in.md");
    replace_typing(&tab, "Open the portal.", "Open the portal in your browser.");
    click(&tab, "#save");
    within(20, "the save", || (status(&tab) == "Saved").then_some(()));
    let on_disk = read(s.root.join("content/log-in.md"));
    assert!(
        on_disk.contains("1. Open the portal in your browser.\n"),
        "{on_disk}"
    );
    assert!(
        on_disk.starts_with("---\ntitle: Log in\n"),
        "front matter kept: {on_disk}"
    );
    within(20, "the sentence in the preview beside the editor", || {
        text_of(
            &tab,
            "document.getElementById('preview').contentDocument.body.innerText",
        )
        .contains("Open the portal in your browser.")
        .then_some(())
    });

    // A mistake is saved all the same, and explained beside its line.
    replace_typing(
        &tab,
        "step: click \"Connexion\"",
        "step: clik \"Connexion\"",
    );
    click(&tab, "#save");
    within(20, "the save with a problem", || {
        status(&tab).contains("1 problem").then_some(())
    });
    assert!(read(s.root.join("content/log-in.md")).contains("clik"));
    let line = on_disk
        .lines()
        .position(|l| l.contains("step: click \"Connexion\""))
        .expect("line")
        + 1;
    let note = text_of(
        &tab,
        "document.querySelector('.notes .note.bad').textContent",
    );
    assert!(
        note.starts_with(&format!("Line {line}:")) && note.contains("click"),
        "{note}"
    );
    let top = eval(
        &tab,
        "parseFloat(document.querySelector('.notes .note.bad').style.top)",
    );
    let expected = eval(
        &tab,
        &format!("6 + ({line} - 1) * parseFloat(getComputedStyle(document.getElementById('text')).lineHeight) - document.getElementById('text').scrollTop"),
    );
    assert_eq!(
        top.as_f64().map(f64::round),
        expected.as_f64().map(f64::round)
    );
}

/// The persona's login and password as the recording panel shows them.
fn recording_persona(tab: &Tab) -> (String, String) {
    let who = within(20, "the recording persona", || {
        let t = text_of(tab, "document.querySelector('#recorded .who').textContent");
        t.contains("Log in as").then_some(t)
    });
    let rest = who.split("Log in as ").nth(1).expect("login");
    let (login, rest) = rest.split_once(" with the password ").expect("password");
    (login.to_string(), rest.trim_end_matches('.').to_string())
}

fn recorder_tab(browser: &Browser, s: &Serve) -> Arc<Tab> {
    within(20, "the mock's tab", || {
        let tabs = browser.get_tabs().lock().ok()?;
        tabs.iter()
            .find(|t| t.get_url().starts_with(&s.mock_url))
            .cloned()
    })
}

fn editor_text(tab: &Tab) -> String {
    text_of(tab, "document.getElementById('text').value")
}

#[test]
fn a_new_page_recorded_in_the_mock_runs_and_gets_its_screenshots() {
    let s = serve();
    let browser = browser();
    let list = browser.new_tab().expect("tab");
    list.navigate_to(&format!("{}__edit/", s.url))
        .expect("list");
    list.wait_until_navigated().expect("list loads");
    let table = text_of(&list, "document.querySelector('table.pages').innerText");
    assert!(
        table.contains("Log in") && table.contains("up to date"),
        "{table}"
    );
    assert!(
        table.contains("missing"),
        "es/zh have no translation: {table}"
    );
    list.wait_for_element("#np-title")
        .expect("form")
        .click()
        .expect("focus");
    list.type_str("Check your timetable").expect("type");
    list.wait_for_element("#np-slug")
        .expect("form")
        .click()
        .expect("focus");
    list.type_str("timetable").expect("type");
    docs_shot(&list, "1-pages");
    click(&list, "#new-page button");
    within(20, "the new page's editor", || {
        list.get_url().contains("path=timetable.md").then_some(())
    });
    let tab = list;
    within(20, "the editor", || {
        text_of(&tab, "document.querySelector('.gutter').textContent")
            .starts_with("1\n")
            .then_some(())
    });
    assert!(read(s.root.join("content/timetable.md")).contains("title: \"Check your timetable\""));

    click(&tab, "#record");
    let (login, password) = recording_persona(&tab);
    let mock = recorder_tab(&browser, &s);
    mock.wait_until_navigated().expect("mock loads");
    mock.wait_for_xpath("//a[normalize-space()='Connexion']")
        .expect("Connexion")
        .click()
        .expect("click");
    mock.wait_for_element("#username")
        .expect("login page")
        .click()
        .expect("focus");
    mock.type_str(&login).expect("type");
    mock.wait_for_element("#password")
        .expect("password")
        .click()
        .expect("focus");
    mock.type_str(&password).expect("type");
    mock.wait_for_element("input[value='SE CONNECTER']")
        .expect("button")
        .click()
        .expect("click");
    mock.wait_for_xpath("//*[normalize-space()='Déconnexion']")
        .expect("logged in")
        .click()
        .expect("click");

    let text = within(20, "the recorded steps", || {
        let t = editor_text(&tab);
        t.contains("step: click \"Déconnexion\"").then_some(t)
    });
    let expected = [
        "1. Open the intranet.\n   <!-- step: open https://ent.univ-st-etienne.fr/ -->\n   <!-- shot -->\n",
        "2. Click **Connexion**.\n   <!-- step: click \"Connexion\" -->\n   <!-- shot -->\n",
        "3. Type your login in **Identifiant**.\n   <!-- step: fill \"Identifiant\" with \"{login}\" -->\n   <!-- shot -->\n",
        "4. Type your password in **Mot de passe**.\n   <!-- step: fill \"Mot de passe\" with \"{password}\" -->\n   <!-- shot -->\n",
        "5. Click **SE CONNECTER**.\n   <!-- step: click \"SE CONNECTER\" -->\n   <!-- shot -->\n",
        "6. Click **Déconnexion**.\n   <!-- step: click \"Déconnexion\" -->\n   <!-- shot -->\n",
    ];
    let mut at = 0;
    for step in expected {
        let i = text[at..]
            .find(step)
            .unwrap_or_else(|| panic!("{step:?} not recorded in order:\n{text}"));
        at += i + step.len();
    }
    let flagged = text_of(
        &tab,
        "document.querySelector('#recorded li.bad') ? 'yes' : ''",
    );
    assert_eq!(flagged, "", "no step is ambiguous on these screens");
    // Closed by target, not by `Page.close`: the logout's navigation may still
    // be under way, and a page between documents answers "Not attached to an
    // active page" to `Page.close`.
    mock.close(false).expect("close the mock's tab");
    docs_shot(&tab, "2-recorded");

    // Run: every step passes, then the screenshots are taken.
    click(&tab, "#run");
    let summary = within(90, "the run", || {
        let t = text_of(
            &tab,
            "document.querySelector('#results .summary').textContent",
        );
        (!t.is_empty()).then_some(t)
    });
    assert!(
        summary.starts_with("All 6 steps passed"),
        "{summary}\n{}",
        editor_text(&tab)
    );
    assert_eq!(
        eval(
            &tab,
            "document.querySelectorAll('#results li.passed').length"
        ),
        6
    );
    docs_shot(&tab, "3-run");
    click(&tab, "#shoot");
    let summary = within(90, "the screenshots", || {
        let t = text_of(
            &tab,
            "document.querySelector('#results .summary').textContent",
        );
        t.contains("screenshots:").then_some(t)
    });
    assert!(summary.contains("6 added"), "{summary}");
    let shots = s.root.join("screenshots/timetable");
    assert!(shots.join("click-se-connecter.png").is_file());
    assert!(shots.join("fill-mot-de-passe.json").is_file());
    let verified = read(s.root.join("screenshots/verified.json"));
    assert!(verified.contains("\"timetable\""), "{verified}");
    // The preview shows the pictures once it has rebuilt.
    within(30, "the screenshots in the preview", || {
        (eval(
            &tab,
            "document.getElementById('preview').contentDocument.querySelectorAll('figure.shot img').length",
        ) == 6)
            .then_some(())
    });
}

#[test]
fn a_target_whose_name_the_screen_has_twice_is_flagged_as_it_is_recorded() {
    let s = serve();
    let browser = browser();
    let tab = open_editor(&browser, &s, "log-in.md");
    click(&tab, "#record");
    recording_persona(&tab);
    let mock = recorder_tab(&browser, &s);
    mock.wait_until_navigated().expect("mock loads");
    let link = mock
        .wait_for_xpath("//a[normalize-space()='Connexion']")
        .expect("Connexion");
    // The same screen with a second control of that name.
    let _ = eval(
        &mock,
        "document.body.append(Object.assign(document.createElement('button'), {textContent: 'Connexion'}))",
    );
    link.click().expect("click");
    let flagged = within(20, "the flag", || {
        let t = text_of(
            &tab,
            "(document.querySelector('#recorded li.bad') || {}).textContent || ''",
        );
        (!t.is_empty()).then_some(t)
    });
    assert!(
        flagged.contains("click \"Connexion\"")
            && flagged.contains("2 elements are named “Connexion”"),
        "{flagged}"
    );
}

#[test]
fn running_a_page_explains_a_deliberate_failure_with_its_screenshot() {
    let s = serve();
    let browser = browser();
    let tab = open_editor(&browser, &s, "log-in.md");
    replace_typing(
        &tab,
        "step: click \"Connexion\"",
        "step: click \"Connexion now\"",
    );
    click(&tab, "#run");
    let failed = within(90, "the failed step", || {
        let t = text_of(
            &tab,
            "(document.querySelector('#results li.failed') || {}).innerText || ''",
        );
        (!t.is_empty()).then_some(t)
    });
    assert!(failed.contains("Step 2 (line 13): failed"), "{failed}");
    assert!(
        failed.contains("no button or link named \"Connexion now\" on this screen")
            && failed.contains("; the nearest")
            && failed.contains("\"Connexion\""),
        "{failed}"
    );
    // The save before the run wrote the change.
    assert!(read(s.root.join("content/log-in.md")).contains("Connexion now"));
    within(20, "the failure screenshot", || {
        (eval(
            &tab,
            "(document.querySelector('#results li.failed img') || {}).naturalWidth",
        ) == 1024)
            .then_some(())
    });
    let skipped = eval(
        &tab,
        "document.querySelectorAll('#results li.skipped').length",
    );
    assert_eq!(skipped, 1, "step 3 never ran");
}

/// `fetch` from the editor page, with or without the CSRF token and the
/// cookies (the edit token); the answer's status.
fn post(tab: &Tab, path: &str, body: &str, csrf: bool) -> i64 {
    post_as(tab, path, body, csrf, true)
}

fn post_as(tab: &Tab, path: &str, body: &str, csrf: bool, cookies: bool) -> i64 {
    let js = format!(
        "fetch({path:?}, {{ method: 'POST', credentials: {:?}, headers: {{ 'Content-Type': 'application/json'{} }}, body: JSON.stringify({body}) }}).then(r => r.status)",
        if cookies { "same-origin" } else { "omit" },
        if csrf {
            ", 'X-CSRF-Token': document.querySelector('meta[name=csrf]').content"
        } else {
            ""
        }
    );
    eval(tab, &js).as_i64().unwrap_or(0)
}

#[test]
fn the_token_csrf_and_content_folder_are_enforced() {
    let s = serve_with(&["--edit-token", "s3cret"]);
    assert!(
        s.printed().contains("/__edit/?token=s3cret"),
        "{}",
        s.printed()
    );
    let browser = browser();
    let tab = browser.new_tab().expect("tab");
    tab.navigate_to(&format!("{}__edit/", s.url)).expect("go");
    tab.wait_until_navigated().expect("load");
    assert!(text_of(&tab, "document.body.innerText").contains("needs the edit token"));
    tab.navigate_to(&format!("{}__edit/?token=wrong", s.url))
        .expect("go");
    tab.wait_until_navigated().expect("load");
    assert!(text_of(&tab, "document.body.innerText").contains("wrong edit token"));
    tab.navigate_to(&format!("{}__edit/?token=s3cret", s.url))
        .expect("go");
    tab.wait_until_navigated().expect("load");
    within(20, "the page list", || {
        text_of(&tab, "document.body.innerText")
            .contains("Every page")
            .then_some(())
    });
    let tab = open_editor(&browser, &s, "log-in.md");
    let before = read(s.root.join("content/log-in.md"));
    let digest = text_of(
        &tab,
        "JSON.parse(document.getElementById('editor-data').textContent).digest",
    );
    let save = |path: &str| format!("{{path: {path:?}, text: 'x', digest: {digest:?}}}");
    // No CSRF token: refused, on every route that writes or runs.
    for route in ["save", "new", "record", "run"] {
        assert_eq!(
            post(
                &tab,
                &format!("/__edit/api/{route}"),
                &save("log-in.md"),
                false
            ),
            403,
            "{route}"
        );
    }
    // Outside content/: refused, whatever the spelling.
    #[cfg(unix)]
    std::os::unix::fs::symlink(s.root.join("outside.md"), s.root.join("content/escape.md"))
        .expect("symlink");
    std::fs::write(s.root.join("outside.md"), "outside").expect("write");
    for bad in [
        "../outside.md",
        "/etc/passwd.md",
        "mail/../../outside.md",
        "escape.md",
        "guide.yaml",
    ] {
        assert_eq!(
            post(&tab, "/__edit/api/save", &save(bad), true),
            400,
            "{bad}"
        );
    }
    assert_eq!(read(s.root.join("outside.md")), "outside");
    // Without the token cookie: refused.
    assert_eq!(
        post_as(&tab, "/__edit/api/save", &save("log-in.md"), true, false),
        403
    );
    assert_eq!(read(s.root.join("content/log-in.md")), before);

    // On the network without a token, editing is off.
    let open = serve_with(&["--bind", "0.0.0.0"]);
    assert!(
        open.printed().contains("editing is off"),
        "{}",
        open.printed()
    );
    let tab = browser.new_tab().expect("tab");
    tab.navigate_to(&format!("{}__edit/", open.url))
        .expect("go");
    tab.wait_until_navigated().expect("load");
    assert!(text_of(&tab, "document.body.innerText").contains("without --edit-token"));
}

#[test]
fn a_concurrent_save_answers_409_and_loses_nothing() {
    let s = serve();
    let browser = browser();
    let first = open_editor(&browser, &s, "log-in.md");
    let second = open_editor(&browser, &s, "log-in.md");
    replace_typing(&first, "Open the portal.", "Open the portal (first tab).");
    click(&first, "#save");
    within(20, "the first save", || {
        (status(&first) == "Saved").then_some(())
    });
    replace_typing(&second, "Open the portal.", "Open the portal (second tab).");
    click(&second, "#save");
    within(20, "the conflict", || {
        (eval(&second, "document.getElementById('conflict').hidden") == false).then_some(())
    });
    assert!(status(&second).starts_with("Not saved"));
    let theirs = text_of(&second, "document.getElementById('theirs').value");
    let mine = text_of(&second, "document.getElementById('mine').value");
    assert!(theirs.contains("(first tab)") && !theirs.contains("(second tab)"));
    assert!(mine.contains("(second tab)"));
    let diff = text_of(
        &second,
        "document.querySelector('#conflict .diff').innerText",
    );
    assert!(
        diff.contains("Open the portal (first tab).")
            && diff.contains("Open the portal (second tab)."),
        "{diff}"
    );
    assert_eq!(
        eval(
            &second,
            "document.querySelectorAll('#conflict .diff li').length"
        ),
        2,
        "{diff}"
    );
    assert!(read(s.root.join("content/log-in.md")).contains("(first tab)"));
    docs_shot(&second, "4-conflict");
    click(&second, "#keep-mine");
    within(20, "the second save", || {
        (status(&second) == "Saved").then_some(())
    });
    assert!(read(s.root.join("content/log-in.md")).contains("(second tab)"));
}

#[test]
fn build_output_carries_no_editor_or_recorder() {
    let out = Scratch::new("editor-build");
    let public = out.path().join("public");
    build(&fixture("basic"), &public);
    let texts: Vec<String> = files(&public)
        .into_iter()
        .filter(|f| f.ends_with(".html") || f.ends_with(".js"))
        .collect();
    assert!(texts.len() > 10);
    for f in texts {
        let text = read(public.join(&f));
        for word in ["__edit", "recorder.js", "entGuideStep", "__ent-guide"] {
            assert!(!text.contains(word), "{f} carries {word}");
        }
    }
}
