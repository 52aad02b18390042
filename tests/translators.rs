//! Translators' work on a copy of the shipped guide: per-segment outdated
//! detection (on the built page and in `ent-guide i18n`), reviews recorded
//! per segment, XLIFF 2.0 and PO packages (valid against the OASIS schema
//! and `msgfmt --check`, byte-identical round trip, every bad package
//! refused with its file:line:col and nothing written), bold labels locked
//! to the screen, and the translators' context page.

mod common;

use common::{read, run, stderr, stdout, Scratch};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const TRANSLATIONS: [&str; 4] = ["fr", "es", "zh", "ar"];

/// A scratch copy of the shipped guide (content, with its hidden
/// `.i18n` store, themes and screenshots).
fn shipped() -> Scratch {
    let s = Scratch::new("translators");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in ["content", "themes", "screenshots"] {
        common::copy_dir(&repo.join(dir), &s.path().join(dir));
    }
    s
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    common::files(dir)
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(dir.join(&f)).expect("read");
            (f, bytes)
        })
        .collect()
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = read(path);
    assert!(text.contains(from), "{} lacks {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).expect("write");
}

const STEP3: &str = "3. In **Identifiant**, type your login, as your student card shows it.";
const STEP3_NEW: &str =
    "3. In **Identifiant**, type your login exactly as your student card prints it.";

/// The ids of the segments `ent-guide i18n` lists as changed for `file`.
fn listed(report: &str, file: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut inside = false;
    for line in report.lines() {
        if line.starts_with(file) {
            inside = true;
        } else if !line.starts_with(' ') {
            inside = false;
        } else if inside && line.starts_with("  ") && !line.starts_with("    ") {
            out.push(line.split_whitespace().next().unwrap_or("").to_string());
        }
    }
    out
}

#[test]
fn changing_one_step_marks_that_step_alone_outdated_in_every_language() {
    let s = shipped();
    let root = s.path();
    let before = run(root, &["i18n"]);
    assert!(before.status.success(), "{}", stderr(&before));
    assert!(
        !stdout(&before).contains("changed since review"),
        "the shipped guide is up to date:\n{}",
        stdout(&before)
    );
    edit(&root.join("content/log-in.md"), STEP3, STEP3_NEW);

    // In `i18n`: exactly step 3, in every language, old and new text.
    let o = run(root, &["i18n"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let report = stdout(&o);
    for lang in TRANSLATIONS {
        let file = format!("content/log-in.{lang}.md");
        let ids = listed(&report, &file);
        assert_eq!(ids.len(), 1, "{file}: {ids:?}\n{report}");
        assert!(ids[0].starts_with("step-3-"), "{file}: {ids:?}");
    }
    assert!(
        report.contains("was: In **Identifiant**, type your login, as your student card shows it."),
        "{report}"
    );
    assert!(
        report.contains(
            "now: In **Identifiant**, type your login exactly as your student card prints it."
        ),
        "{report}"
    );
    assert_eq!(
        report.matches("changed since review").count(),
        4,
        "{report}"
    );
    assert!(
        report.contains("log-in  ") || report.contains("log-in "),
        "{report}"
    );

    // On the built pages: a notice inside step 3 only, in the reader's
    // language, with the current English text; no page-wide notice.
    let out = s.path().join("public");
    common::build(root, &out);
    let words = [
        ("fr", "Ce passage a changé"),
        ("es", "Este pasaje cambió"),
        ("zh", "此段原文在翻译之后有所修改"),
        ("ar", "تغيّر هذا المقطع"),
    ];
    for (lang, word) in words {
        let html = read(out.join(lang).join("log-in/index.html"));
        assert_eq!(
            html.matches("<details class=\"notice\">").count(),
            1,
            "{lang}"
        );
        assert!(
            html.contains(word),
            "{lang}: the notice is in the reader's language"
        );
        assert!(
            !html.contains("notice-outdated"),
            "{lang}: no page-wide notice"
        );
        let step3 = html.find("id=step-3 ").expect("step 3");
        let step4 = html.find("id=step-4 ").expect("step 4");
        let notice = html.find("<details class=\"notice\">").expect("notice");
        assert!(
            step3 < notice && notice < step4,
            "{lang}: the notice sits in step 3"
        );
        assert!(html.contains("type your login exactly as your student card prints it."));
    }
    // Nothing else is marked: the other pages and the English page.
    for f in common::files(&out) {
        if f.ends_with(".html") && !f.contains("log-in/") && !f.contains("print/") {
            let html = read(out.join(&f));
            assert!(!html.contains("<details class=\"notice\">"), "{f}");
            assert!(!html.contains("notice-outdated"), "{f}");
        }
    }
    assert!(!read(out.join("en/log-in/index.html")).contains("<details"));

    // Recording the review of that step makes the page up to date again.
    for lang in TRANSLATIONS {
        let id = listed(&report, &format!("content/log-in.{lang}.md")).remove(0);
        let o = run(root, &["i18n", "mark", "log-in", lang, "--segment", &id]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let after = stdout(&run(root, &["i18n"]));
    assert!(!after.contains("changed since review"), "{after}");
    assert!(
        fr_line(&after).ends_with(" up to date, 0 outdated, 0 missing"),
        "{after}"
    );
}

#[test]
fn a_translation_reviewed_before_per_segment_records_is_migrated_losslessly() {
    let s = shipped();
    let root = s.path();
    let fr = root.join("content/timetable.fr.md");
    let text = read(&fr);
    let start = text.find("source_segments: |").expect("the shipped record");
    let end = text[start..].find("\n---").expect("end of front matter") + start + 1;
    let legacy = format!("{}{}", &text[..start], &text[end..]);
    std::fs::write(&fr, &legacy).expect("write");
    std::fs::remove_dir_all(root.join("content/.i18n")).expect("remove store");
    // Up to date as it was (its source_digest is the current one) ...
    let o = run(root, &["i18n"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let said = stdout(&o);
    assert!(
        fr_line(&said).ends_with(" up to date, 0 outdated, 0 missing"),
        "{said}"
    );
    assert!(stderr(&o).contains("content/timetable.fr.md: per-segment review record written"));
    // ... and given back its record, nothing else changed.
    assert_eq!(read(&fr), text);
    assert!(root.join("content/.i18n/timetable.json").exists());
}

fn validate_xliff(path: &Path) -> (bool, String) {
    let check = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/mock-ent/tests/cas_schema_check.py"
    );
    let schema = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/schema/xliff_core_2.0.xsd"
    );
    let out = std::process::Command::new("python3")
        .args([check, schema])
        .arg(path)
        .output()
        .expect("python3 runs (the README's test command installs lxml with python-cas)");
    assert_ne!(
        out.status.code(),
        Some(2),
        "python3 has no lxml: install python-cas"
    );
    let report = String::from_utf8_lossy(&out.stdout).into_owned();
    (out.status.success(), report)
}

fn msgfmt_check(path: &Path) -> (bool, String) {
    let out = std::process::Command::new("msgfmt")
        .args(["--check", "-o", "/dev/null"])
        .arg(path)
        .output()
        .expect("msgfmt runs (the README's test command installs gettext)");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn export(root: &Path, lang: &str, format: &str, extra: &[&str]) -> PathBuf {
    let ext = if format == "po" { "po" } else { "xlf" };
    let file = root.join(format!("{lang}-{}.{ext}", extra.len()));
    let mut args = vec!["i18n", "export", lang, "--format", format, "-o"];
    let f = file.to_str().expect("utf-8").to_string();
    args.push(&f);
    args.extend(extra);
    let o = run(root, &args);
    assert!(o.status.success(), "{}", stderr(&o));
    file
}

#[test]
fn packages_of_the_shipped_guide_are_valid_and_round_trip_byte_for_byte() {
    let s = shipped();
    let root = s.path();
    let before = snapshot(&root.join("content"));
    for lang in TRANSLATIONS {
        for format in ["xliff", "po"] {
            let file = export(root, lang, format, &["--all"]);
            let text = read(&file);
            let (ok, report) = if format == "po" {
                msgfmt_check(&file)
            } else {
                validate_xliff(&file)
            };
            assert!(ok, "{lang} {format}: {report}");
            if format == "xliff" {
                assert!(text.contains("<note category=\"screenshot\">screenshots/log-in/click-connexion.png (1024×768 px); target 1 “Connexion” at x="), "{lang}");
                assert!(text.contains(
                    "<note category=\"location\">Log in to the intranet (content/log-in.md:"
                ));
            } else {
                assert!(text.contains("#. screenshot: screenshots/log-in/click-connexion.png"));
                assert!(text.contains("msgctxt \"content/log-in.md#step-2-"));
            }
            let o = run(root, &["i18n", "import", file.to_str().expect("utf-8")]);
            assert!(o.status.success(), "{lang} {format}: {}", stderr(&o));
            assert!(stdout(&o).contains("0 file(s) written"), "{}", stdout(&o));
            assert_eq!(snapshot(&root.join("content")), before, "{lang} {format}");
        }
    }
}

#[test]
fn an_outdated_segment_is_exported_translated_and_imported_back() {
    let s = shipped();
    let root = s.path();
    edit(&root.join("content/log-in.md"), STEP3, STEP3_NEW);
    let fr_before = read(root.join("content/log-in.fr.md"));
    let store_before = read(root.join("content/.i18n/log-in.json"));
    for format in ["xliff", "po"] {
        let file = export(root, "fr", format, &[]);
        let text = read(&file);
        let (ok, report) = if format == "po" {
            msgfmt_check(&file)
        } else {
            validate_xliff(&file)
        };
        assert!(ok, "{format}: {report}");
        let old_fr = "Dans **Identifiant**, tapez votre identifiant, tel qu'il figure sur votre\n   carte d'étudiant.";
        let new_fr = "Dans **Identifiant**, tapez votre identifiant exactement comme l'imprime\n   votre carte d'étudiant.";
        let translated = if format == "po" {
            assert!(text.contains("#, fuzzy\n#| msgid \"\"\n#| \"In **Identifiant**, type your login, as your student card shows it.\\n\""), "{text}");
            let old_po = "msgstr \"\"\n\"Dans **Identifiant**, tapez votre identifiant, tel qu'il figure sur votre\\n\"\n\"   carte d'étudiant.\\n\"";
            let new_po = "msgstr \"\"\n\"Dans **Identifiant**, tapez votre identifiant exactement comme l'imprime\\n\"\n\"   votre carte d'étudiant.\\n\"";
            assert!(text.contains(old_po), "{text}");
            text.replace(old_po, new_po).replace("#, fuzzy\n", "")
        } else {
            assert!(text.contains(old_fr), "{text}");
            assert!(text.contains("<note category=\"previous-source\">In **Identifiant**, type your login, as your student card shows it."));
            text.replace(old_fr, new_fr)
                .replace("state=\"initial\"", "state=\"translated\"")
        };
        std::fs::write(&file, translated).expect("write");
        let o = run(root, &["i18n", "import", file.to_str().expect("utf-8")]);
        assert!(o.status.success(), "{format}: {}", stderr(&o));
        let fr = read(root.join("content/log-in.fr.md"));
        assert!(fr.contains(new_fr), "{format}: {fr}");
        let report = stdout(&run(root, &["i18n"]));
        assert!(
            listed(&report, "content/log-in.fr.md").is_empty(),
            "{format}: {report}"
        );
        // Back to the outdated French for the other format's turn.
        std::fs::write(root.join("content/log-in.fr.md"), &fr_before).expect("write");
        std::fs::write(root.join("content/.i18n/log-in.json"), &store_before).expect("write");
    }
}

/// Imports `package` (written into the scratch guide) and expects it
/// refused with `problem` at `file:LINE:` and nothing written.
fn refused(root: &Path, name: &str, package: &str, line: usize, problem: &str) {
    let before = snapshot(&root.join("content"));
    let file = root.join(name);
    std::fs::write(&file, package).expect("write package");
    let o = run(root, &["i18n", "import", file.to_str().expect("utf-8")]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{name}: {err}");
    let at = format!("{}:{line}:", file.display());
    assert!(
        err.contains(&at) && err.contains(problem),
        "{name}: expected {at} … {problem}:\n{err}"
    );
    assert!(err.contains(" — "), "{name}: a hint follows: {err}");
    assert_eq!(
        snapshot(&root.join("content")),
        before,
        "{name}: nothing written"
    );
}

fn line_of(text: &str, needle: &str) -> usize {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in the package"));
    text[..at].matches('\n').count() + 1
}

#[test]
fn bad_packages_are_refused_with_their_line_and_nothing_is_written() {
    let s = shipped();
    let root = s.path();
    let xlf = read(export(root, "fr", "xliff", &["--all"]));
    let po = read(export(root, "fr", "po", &["--all"]));

    // A changed directive, with a good change in another page before it:
    // nothing at all is written.
    let good = xlf.replacen(
        ">Partagez des fichiers sur Claroline</target>",
        ">Partagez vos fichiers sur Claroline</target>",
        1,
    );
    assert_ne!(good, xlf);
    let directive = "&lt;!-- step: click \"Connexion\" --></target>";
    assert!(good.contains(directive), "{good}");
    let bad = good.replacen(
        directive,
        "&lt;!-- step: click \"Connecter\" --></target>",
        1,
    );
    let comment = bad.find("click \"Connecter\"").expect("changed");
    let target = bad[..comment].rfind("<target").expect("its target");
    let target_line = bad[..target].matches('\n').count() + 1;
    refused(
        root,
        "directive.xlf",
        &bad,
        target_line,
        "changes its step comments",
    );

    let unknown = xlf.replacen("<unit id=\"title\">", "<unit id=\"titel\">", 1);
    refused(
        root,
        "unknown.xlf",
        &unknown,
        line_of(&unknown, "<unit id=\"titel\">") + 6,
        "has no segment `titel`",
    );

    let broken = xlf.replacen("</notes>", "</note>", 1);
    refused(
        root,
        "broken.xlf",
        &broken,
        line_of(&broken, "</note>\n      <segment"),
        "not well-formed XML",
    );

    // PO: a changed directive, an unknown id, bad syntax.
    let i = po
        .find("msgctxt \"content/log-in.md#step-2-")
        .expect("step 2");
    let msgstr = i + po[i..].find("msgstr").expect("msgstr");
    let end = msgstr + po[msgstr..].find("\n\n").expect("entry end");
    let changed = po[msgstr..end].replace("click \\\"Connexion\\\"", "click \\\"Connecter\\\"");
    assert_ne!(changed, po[msgstr..end], "{}", &po[msgstr..end]);
    let bad_po = format!("{}{}{}", &po[..msgstr], changed, &po[end..]);
    let line = po[..msgstr].matches('\n').count() + 1;
    refused(
        root,
        "directive.po",
        &bad_po,
        line,
        "changes its step comments",
    );

    let unknown_po = po.replacen(
        "msgctxt \"content/log-in.md#title\"",
        "msgctxt \"content/log-in.md#titel\"",
        1,
    );
    let l = line_of(&unknown_po, "msgctxt \"content/log-in.md#titel\"");
    refused(
        root,
        "unknown.po",
        &unknown_po,
        l + 2,
        "has no segment `titel`",
    );

    let bad_syntax = po.replacen(
        "msgid \"Log in to the intranet\"",
        "msgid Log in to the intranet\"",
        1,
    );
    refused(
        root,
        "syntax.po",
        &bad_syntax,
        line_of(&bad_syntax, "msgid Log in"),
        "a PO string starts with",
    );
}

#[test]
fn check_reports_a_translated_or_misspelt_interface_label() {
    let s = shipped();
    let root = s.path();
    let fr = root.join("content/log-in.fr.md");
    edit(
        &fr,
        "2. Cliquez sur **Connexion**, en haut à droite.",
        "2. Cliquez sur **Conexion**, en haut à droite.",
    );
    let es = root.join("content/log-in.es.md");
    let es_text = read(&es);
    let translated = es_text.replacen("**SE CONNECTER**", "**INICIAR SESIÓN**", 1);
    std::fs::write(&es, &translated).expect("write");
    let o = run(root, &["check"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    let line = read(&fr)
        .lines()
        .position(|l| l.contains("**Conexion**"))
        .unwrap()
        + 1;
    assert!(
        err.contains(&format!("content/log-in.fr.md:{line}:16: step 2: the bold label **Conexion** is not the label the intranet shows — write it exactly as on the screen: **Connexion**")),
        "{err}"
    );
    assert!(err.contains("the bold label **INICIAR SESIÓN** is not the label the intranet shows — write it exactly as on the screen: **SE CONNECTER**"), "{err}");
    assert_eq!(
        err.matches("is not the label the intranet shows").count(),
        2,
        "{err}"
    );
}

#[test]
fn the_context_page_shows_each_segment_with_its_screenshot() {
    let s = shipped();
    let root = s.path();
    let o = run(root, &["i18n", "context", "fr"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = read(root.join("target/i18n-context/fr/index.html"));
    assert!(html.contains("<h2>Log in to the intranet"));
    assert!(html.contains("Cliquez sur **Connexion**, en haut à droite."));
    assert!(
        html.contains("src=\"data:image/png;base64,iVBOR"),
        "screenshots are embedded"
    );
    assert!(
        html.contains("<div class=\"box\" style=\"left:87.89%;top:1.56%;"),
        "the target of log-in step 2 is outlined"
    );
    assert!(
        !html.contains("src=\"screenshots/"),
        "nothing outside the page"
    );
}

/// In Chromium, a reader of the Arabic page sees the notice on the changed
/// step, in Arabic, and opens it with a click to read the current English
/// text, laid out left to right inside the right-to-left page.
#[test]
fn in_the_browser_the_notice_opens_on_the_english_text() {
    use ent_guide::chrome::{self, Session};
    let s = shipped();
    let root = s.path();
    edit(&root.join("content/log-in.md"), STEP3, STEP3_NEW);
    let out = root.join("public");
    common::build(root, &out);
    let url = common::static_site::serve(&out);
    let browser = chrome::launch().expect("start Chromium");
    let tab = Session::open(&browser).expect("tab");
    tab.navigate(&format!("{url}/ar/log-in/"), common::DEADLINE)
        .expect("load the page");
    let state = |js: &str| -> serde_json::Value { tab.eval(js).expect(js) };
    let english = "document.querySelector('#step-3 details.notice p')";
    assert_eq!(
        state(&format!("{english}.checkVisibility()")),
        false,
        "the English text waits under the disclosure"
    );
    let summary: (f64, f64) = serde_json::from_value(state(
            "(() => { const r = document.querySelector('#step-3 details.notice summary').getBoundingClientRect(); \
             scrollTo(0, scrollY + r.top - 100); const q = document.querySelector('#step-3 details.notice summary').getBoundingClientRect(); \
             return [q.left + q.width / 2, q.top + q.height / 2]; })()",
    ))
    .expect("summary position");
    let text = state("document.querySelector('#step-3 details.notice summary').textContent");
    assert_eq!(text, "تغيّر هذا المقطع في الأصل بعد ترجمته؛ النص الأصلي:");
    tab.click_at(summary.0, summary.1)
        .expect("click the notice");
    common::until("the English text to show", || {
        (state(&format!("{english}.checkVisibility()")) == true).then_some(())
    });
    assert_eq!(
        state(&format!("{english}.textContent")),
        "In Identifiant, type your login exactly as your student card prints it."
    );
    assert_eq!(
        state(&format!("getComputedStyle({english}).direction")),
        "ltr"
    );
    assert_eq!(
        state("document.querySelectorAll('details.notice').length"),
        1
    );
}

/// A page not translated yet is exported whole, and a translated package
/// makes its translation file from the source page: front matter, step
/// comments and structure kept, the translated texts put in.
#[test]
fn importing_a_missing_translation_writes_its_file() {
    let s = shipped();
    let root = s.path();
    let fr = root.join("content/windows-session.fr.md");
    std::fs::remove_file(&fr).expect("remove the French page");
    let po = read(export(root, "fr", "po", &[]));
    let mut entries: Vec<String> = Vec::new();
    for e in po.split("\n\n") {
        if !e.contains("msgctxt \"content/windows-session.md#") {
            entries.push(e.to_string());
            continue;
        }
        assert!(
            e.contains("#, fuzzy"),
            "a missing segment is to be done: {e}"
        );
        let id = &e[e.find("\nmsgid ").expect("msgid") + 1..e.find("\nmsgstr ").expect("msgstr")];
        let done = if e.contains("#title\"") {
            "msgstr \"Ouvrez une session Windows\"".to_string()
        } else {
            id.replacen("msgid", "msgstr", 1)
        };
        let head = &e[..e.find("\nmsgstr ").expect("msgstr")];
        entries.push(format!("{}\n{done}", head.replace("#, fuzzy\n", "")));
    }
    let file = root.join("fr-missing.po");
    std::fs::write(&file, entries.join("\n\n")).expect("write");
    let o = run(root, &["i18n", "import", file.to_str().expect("utf-8")]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = read(&fr);
    let source = read(root.join("content/windows-session.md"));
    assert!(
        text.starts_with("---\ntitle: Ouvrez une session Windows\n"),
        "{text}"
    );
    assert!(text.contains("\nsource_segments: |\n  title "), "{text}");
    let body = |t: &str| t[t.find("\n---\n").expect("front matter") + 5..].to_string();
    assert_eq!(
        body(&text),
        body(&source),
        "the rest is the source, comments and all"
    );
    let o = run(root, &["check"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let table = stdout(&run(root, &["i18n"]));
    let row = table
        .lines()
        .find(|l| l.starts_with("windows-session"))
        .expect("row");
    assert_eq!(
        row.split_whitespace().collect::<Vec<_>>(),
        [
            "windows-session",
            "source",
            "up",
            "to",
            "date",
            "up",
            "to",
            "date",
            "up",
            "to",
            "date",
            "up",
            "to",
            "date"
        ],
        "{table}"
    );
}

/// The French summary line of `i18n`'s table (`fr: N up to date, …`).
fn fr_line(said: &str) -> &str {
    said.lines()
        .find(|l| l.starts_with("fr: "))
        .unwrap_or_else(|| panic!("no French summary in:\n{said}"))
}
