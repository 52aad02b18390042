//! The print view (`<lang>/print/`) and the PDFs of `build --pdf`, on the
//! `basic` fixture (nested pages, a fallback language) and on the shipped
//! guide: every step of every page, ids unique, every `#` link resolving,
//! pictures found from the print view's depth, the print stylesheet as
//! Chromium applies it (steps kept with their screenshot, a sheet per page,
//! marks in colour, menus hidden), and PDFs — one per language,
//! a PDF page at least per guide page, the same bytes from two builds, and
//! a failed PDF that leaves the previous site in place. PDFs are printed by
//! the real headless Chromium.

mod common;

use common::{files, fixture, read, run, stderr, stdout, Scratch};
use ent_guide::site::Site;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const LANGS: [&str; 5] = ["en", "fr", "es", "zh", "ar"];

/// A built site: its root, output and the build's standard output.
struct Built {
    root: PathBuf,
    out: PathBuf,
    stdout: String,
    /// Removes the output when dropped (`None` for the shared builds).
    _scratch: Option<Scratch>,
}

fn build_into(root: &Path, tag: &str, args: &[&str]) -> Built {
    let scratch = Scratch::new(tag);
    let mut built = build_at(root, &scratch.0.join("public"), args);
    built._scratch = Some(scratch);
    built
}

fn build_at(root: &Path, out: &Path, args: &[&str]) -> Built {
    let out = out.to_path_buf();
    let mut all = vec!["build", "--out", out.to_str().expect("utf-8 path")];
    all.extend_from_slice(args);
    let o = run(root, &all);
    assert!(o.status.success(), "build failed:\n{}", stderr(&o));
    Built {
        root: root.to_path_buf(),
        out,
        stdout: stdout(&o),
        _scratch: None,
    }
}

fn shipped_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The fixture and the shipped guide, built once without PDFs for the
/// tests that only read them, under the build's folder for tests (a static
/// is never dropped, so nothing would remove a temporary folder).
fn plain() -> &'static [Built; 2] {
    static B: OnceLock<[Built; 2]> = OnceLock::new();
    B.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("site_print");
        [
            build_at(&fixture("basic"), &dir.join("basic"), &[]),
            build_at(&shipped_root(), &dir.join("shipped"), &[]),
        ]
    })
}

/// Every value of `attr="..."` in `html`, in order.
fn attrs<'h>(html: &'h str, attr: &str) -> Vec<&'h str> {
    let key = format!(" {attr}=\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&key) {
        rest = &rest[i + key.len()..];
        let end = rest.find('"').unwrap_or(rest.len());
        out.push(&rest[..end]);
        rest = &rest[end..];
    }
    out
}

fn count(html: &str, what: &str) -> usize {
    html.matches(what).count()
}

/// Steps (list items or blocks) and screenshots in a piece of HTML.
fn steps_and_shots(html: &str) -> (usize, usize) {
    (
        count(html, " class=step id="),
        count(html, "<figure class=\"shot\""),
    )
}

fn print_view(b: &Built, lang: &str) -> String {
    read(b.out.join(lang).join("print/index.html"))
}

fn page_file(lang: &str, slug: &str) -> String {
    if slug.is_empty() {
        format!("{lang}/index.html")
    } else {
        format!("{lang}/{slug}/index.html")
    }
}

/// Resolves `href` (relative, without fragment) against the folder of the
/// output file `from`.
fn resolve(out: &Path, from: &str, href: &str) -> PathBuf {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for seg in href.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let mut p = out.join(parts.join("/"));
    if href.ends_with('/') || href.is_empty() {
        p = p.join("index.html");
    }
    p
}

#[test]
fn the_print_view_holds_every_step_and_screenshot_of_every_page_in_navigation_order() {
    for b in plain() {
        let site = Site::load(&b.root).expect("site loads");
        let mut total_steps = 0;
        for lang in LANGS {
            let view = print_view(b, lang);
            let (mut steps, mut shots) = (0, 0);
            let mut model_steps = 0;
            let mut fresh = 0;
            let mut last = 0;
            for page in &site.pages {
                let html = read(b.out.join(page_file(lang, &page.slug)));
                let (s, f) = steps_and_shots(&html);
                fresh += count(&html, "<p class=\"verified\"");
                steps += s;
                shots += f;
                let (v, _) = page.version(lang);
                model_steps += v.steps().len();
                let anchor = if page.slug.is_empty() {
                    "index"
                } else {
                    &page.slug
                };
                let open = format!(
                    "<article class=\"print-page\" id=\"{anchor}\" lang=\"{}\"",
                    v.lang
                );
                let at = view
                    .find(&open)
                    .unwrap_or_else(|| panic!("{lang}: no `{open}` in the print view"));
                assert!(at > last, "{lang}: {anchor} is out of navigation order");
                last = at;
                // The page's own steps sit in its section.
                let end = view[at + 1..]
                    .find("<article class=\"print-page\"")
                    .map_or(view.len(), |e| e + at + 1);
                assert_eq!(
                    steps_and_shots(&view[at..end]),
                    (s, f),
                    "{lang}: steps and screenshots of {anchor}"
                );
            }
            assert_eq!(steps, model_steps, "{lang}: the pages show all their steps");
            assert_eq!(
                count(&view, "<p class=\"verified\""),
                fresh,
                "{lang}: each page says when its steps last passed, as on its own page"
            );
            assert_eq!(steps_and_shots(&view), (steps, shots), "{lang}: print view");
            total_steps += steps;
        }
        assert!(total_steps > 0, "{} has steps", b.root.display());
    }
    // The fixture's Spanish reader gets the English log-in page, marked so.
    let es = print_view(&plain()[0], "es");
    assert!(
        es.contains("<article class=\"print-page\" id=\"log-in\" lang=\"en\" dir=\"ltr\">\n<p class=\"notice notice-missing\" role=\"note\" lang=\"es\""),
        "{es}"
    );
    // The shipped guide's verify record dates its pages, in the reader's words.
    let fr = print_view(&plain()[1], "fr");
    assert!(
        fr.contains("<p class=\"verified\" lang=\"fr\" dir=\"ltr\">Étapes vérifiées sur l&#39;intranet le <time datetime="),
        "{fr}"
    );
    let ar = print_view(&plain()[0], "ar");
    assert!(ar.contains("<html lang=\"ar\" dir=\"rtl\">"));
    assert!(
        ar.contains("id=\"log-in\" lang=\"ar\" dir=\"rtl\">"),
        "{ar}"
    );
}

#[test]
fn print_view_ids_are_unique_its_links_stay_in_the_document_and_its_pictures_exist() {
    for b in plain() {
        for lang in LANGS {
            let view = print_view(b, lang);
            let from = format!("{lang}/print/index.html");
            let ids = attrs(&view, "id");
            let unique: BTreeSet<&str> = ids.iter().copied().collect();
            assert_eq!(unique.len(), ids.len(), "{from}: repeated ids");
            let main = &view[view.find("<main").expect("main")..];
            let mut internal = 0;
            for href in attrs(main, "href") {
                if let Some(frag) = href.strip_prefix('#') {
                    assert!(unique.contains(frag), "{from}: `{href}` leads nowhere");
                    internal += 1;
                } else if !href.starts_with("https:") && !href.starts_with("mailto:") {
                    // Only published files leave the document.
                    assert!(
                        href.contains("media/"),
                        "{from}: `{href}` leaves the document"
                    );
                    assert!(resolve(&b.out, &from, href).exists(), "{from}: `{href}`");
                }
            }
            assert!(internal > 0, "{from}: no table of contents");
            for src in attrs(&view, "src") {
                assert!(
                    resolve(&b.out, &from, src).is_file(),
                    "{from}: picture `{src}` not found from the print view"
                );
            }
        }
    }
    // Links between pages and to steps became anchors, prefixed by slug.
    let en = print_view(&plain()[0], "en");
    assert!(en.contains("id=\"log-in--step-2\""), "{en}");
    assert!(en.contains("id=\"mail/settings--time-zone\""), "{en}");
}

#[test]
fn every_page_links_the_print_view_which_stays_out_of_sitemap_budget_and_search() {
    for b in plain() {
        let site = Site::load(&b.root).expect("site loads");
        for lang in LANGS {
            for page in &site.pages {
                let from = page_file(lang, &page.slug);
                let html = read(b.out.join(&from));
                let footer = &html[html.find("<footer").expect("footer")..];
                let links = attrs(footer, "href");
                let print = links
                    .iter()
                    .find(|h| h.ends_with("/print/"))
                    .unwrap_or_else(|| panic!("{from}: no print link in {footer}"));
                assert_eq!(
                    resolve(&b.out, &from, print),
                    b.out.join(lang).join("print/index.html"),
                    "{from}"
                );
                assert!(
                    !html.contains("ent-guide-"),
                    "{from}: a PDF link without --pdf"
                );
            }
            let view = print_view(b, lang);
            assert!(view.contains("<main id=\"main\" tabindex=\"-1\" class=\"print-view\" data-pagefind-ignore=\"all\" "));
            assert!(view.contains("<meta name=\"robots\" content=\"noindex\">"));
        }
        let sitemap = read(b.out.join("sitemap.xml"));
        assert!(!sitemap.contains("/print/"), "{sitemap}");
        // Only its own line names a print view (the first line names the
        // output folder, which may hold any word).
        let budget: Vec<&str> = b
            .stdout
            .lines()
            .filter(|l| !l.starts_with("built ") && l.contains("/print/"))
            .collect();
        assert_eq!(budget.len(), 1, "{}", b.stdout);
        assert!(budget[0].starts_with("print views (whole guide, outside the budget): /en/print/"));
    }
    let fr = read(plain()[0].out.join("fr/log-in/index.html"));
    assert!(fr.contains(">Imprimer tout le guide</a>"), "{fr}");
}

/// Counts `/Type /Page` objects (not `/Pages`).
fn pdf_pages(pdf: &[u8]) -> usize {
    let key = b"/Type /Page";
    pdf.windows(key.len() + 1)
        .filter(|w| &w[..key.len()] == key && w[key.len()] != b's')
        .count()
}

fn pdfs(b: &Built) -> BTreeMap<String, Vec<u8>> {
    LANGS
        .iter()
        .map(|l| {
            let p = b.out.join(l).join(format!("ent-guide-{l}.pdf"));
            let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (l.to_string(), bytes)
        })
        .collect()
}

#[test]
fn build_pdf_prints_each_language_with_a_page_per_guide_page_and_the_same_bytes_twice() {
    let root = fixture("basic");
    let a = build_into(&root, "pdf-a", &["--pdf"]);
    let b = build_into(&root, "pdf-b", &["--pdf"]);
    let guide_pages = Site::load(&root).expect("site").pages.len();
    let (pa, pb) = (pdfs(&a), pdfs(&b));
    for lang in LANGS {
        let pdf = &pa[lang];
        assert!(pdf.starts_with(b"%PDF-"), "{lang}");
        let n = pdf_pages(pdf);
        assert!(
            n >= guide_pages,
            "{lang}: {n} PDF pages for {guide_pages} guide pages"
        );
        assert!(
            a.stdout
                .contains(&format!("pdf {lang}/ent-guide-{lang}.pdf: {n} pages, ")),
            "{}",
            a.stdout
        );
        assert!(pdf == &pb[lang], "{lang}: two builds gave different PDFs");
        // Every page links its language's PDF, beside the print view.
        let html = read(a.out.join(lang).join("mail/settings/index.html"));
        assert!(
            html.contains(&format!(
                "href=\"../../../{lang}/ent-guide-{lang}.pdf\" type=\"application/pdf\""
            )),
            "{html}"
        );
        let view = print_view(&a, lang);
        assert!(view.contains(&format!("href=\"../../{lang}/ent-guide-{lang}.pdf\"")));
    }
    // The staged site's temporary address never reaches the PDF.
    let text = String::from_utf8_lossy(&pa["en"]);
    assert!(!text.contains("file:"), "a file: link in the PDF");
    assert!(
        text.contains("(https://guide.example.org/en/)"),
        "the title links the site"
    );
}

#[test]
fn the_shipped_guide_prints_a_pdf_per_language_with_a_page_per_guide_page() {
    let b = build_into(&shipped_root(), "pdf-shipped", &["--pdf"]);
    let guide_pages = Site::load(&b.root).expect("site").pages.len();
    for (lang, pdf) in pdfs(&b) {
        let n = pdf_pages(&pdf);
        assert!(
            n >= guide_pages,
            "{lang}: {n} PDF pages for {guide_pages} guide pages"
        );
    }
}

#[test]
fn a_pdf_that_cannot_be_printed_leaves_the_previous_site_in_place() {
    let site = Scratch::copy_of("basic");
    let out = site.0.join("public");
    let outs = out.to_str().expect("utf-8");
    assert!(run(&site.0, &["build", "--out", outs]).status.success());
    let before = files(&out);
    let home = read(out.join("en/index.html"));
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_ent-guide"))
        .env("CHROME", "/nonexistent/chromium")
        .args([
            "--root",
            site.0.to_str().expect("utf-8"),
            "build",
            "--pdf",
            "--out",
            outs,
        ])
        .output()
        .expect("run ent-guide");
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("/nonexistent/chromium:1:1: cannot print the PDF: could not start /nonexistent/chromium"),
        "{err}"
    );
    assert!(err.contains("— install Chromium"), "{err}");
    assert!(err.contains("left as it was"), "{err}");
    assert_eq!(files(&out), before);
    assert_eq!(read(out.join("en/index.html")), home);
    let left: Vec<String> = std::fs::read_dir(&site.0)
        .expect("site folder")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public"))
        .collect();
    assert!(left.is_empty(), "staging left behind: {left:?}");
}

/// What the print stylesheet does to an element, read in Chromium with the
/// print media emulated.
#[derive(serde::Deserialize, Debug)]
struct OnPaper {
    steps: usize,
    shots: usize,
    marks: usize,
    pages: usize,
    /// Steps, screenshots and pictures that may be split across sheets.
    split: Vec<String>,
    /// Guide pages that do not start a sheet.
    joined: Vec<String>,
    /// Highlights, callouts and step numbers printed without their colours.
    faded: usize,
    /// Menus, switcher, search and pager still shown.
    shown: Vec<String>,
}

fn on_paper(session: &ent_guide::chrome::Session, file: &Path) -> OnPaper {
    use headless_chrome::protocol::cdp::Emulation::SetEmulatedMedia;
    let url = format!("file://{}", file.display());
    session
        .navigate(&url, std::time::Duration::from_secs(30))
        .unwrap_or_else(|e| panic!("{url}: {e:#}"));
    ent_guide::chrome::cdp::<SetEmulatedMedia>(&session.tab, serde_json::json!({"media": "print"}))
        .expect("print media");
    let js = r#"(() => {
      const all = s => [...document.querySelectorAll(s)];
      const css = e => getComputedStyle(e);
      const name = e => e.id || e.className || e.tagName;
      const exactIn = c => (c.printColorAdjust || c.webkitPrintColorAdjust) === 'exact';
      const exact = e => exactIn(e.matches('.step') ? getComputedStyle(e, '::before') : css(e));
      return JSON.stringify({
        steps: all('.step').length, shots: all('figure.shot').length,
        marks: all('.hl, .callout, .step').length, pages: all('.print-page').length,
        split: all('.step, figure.shot, .shot>div').filter(e => css(e).breakInside !== 'avoid').map(name),
        joined: all('.print-page').filter(e => css(e).breakBefore !== 'page').map(name),
        faded: all('.hl, .callout, .step').filter(e => !exact(e)).length,
        shown: all('.site-nav, .lang-switch, [role=search], .pager, .menu-toggle, .site-footer')
          .filter(e => css(e).display !== 'none').map(name),
      });
    })()"#;
    session.eval_json(js).expect("styles")
}

#[test]
fn on_paper_steps_stay_with_their_screenshot_pages_start_a_sheet_and_marks_keep_colour() {
    let b = &plain()[1];
    let browser = ent_guide::chrome::launch().expect("start Chromium");
    let session = ent_guide::chrome::Session::open(&browser).expect("tab");
    for lang in ["en", "ar"] {
        let view = on_paper(&session, &b.out.join(lang).join("print/index.html"));
        assert!(
            view.steps > 0 && view.shots > 0 && view.marks > 0,
            "{view:?}"
        );
        assert_eq!(view.pages, Site::load(&b.root).expect("site").pages.len());
        assert!(view.split.is_empty(), "{lang}: {view:?}");
        assert!(view.joined.is_empty(), "{lang}: {view:?}");
        assert_eq!(view.faded, 0, "{lang}: {view:?}");
        // A single page printed from the site: only its content.
        let page = on_paper(&session, &b.out.join(lang).join("log-in/index.html"));
        assert!(page.steps > 0 && page.split.is_empty(), "{lang}: {page:?}");
        assert!(
            page.shown.is_empty(),
            "{lang}: still on paper: {:?}",
            page.shown
        );
    }
}
