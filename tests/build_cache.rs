//! The build cache (`.ent-guide-cache/`): a build that reuses it writes the
//! very bytes a clean build (`--no-cache`) writes, on the shipped guide and
//! on a generated one; after an edit of one page only that page is parsed
//! again (for search, and its file when loading) and the unchanged output
//! files are linked to the last output's; a damaged cache is ignored and
//! rebuilt.

mod common;

#[allow(dead_code)]
#[path = "../benches/build/corpus.rs"]
mod corpus;

use common::{copy_dir, files, run, stderr, stdout, Scratch};
use std::path::Path;

const CACHE: &str = ".ent-guide-cache";

/// Builds `root` into `root/<out>` with `args`; returns what it printed.
fn build(root: &Path, out: &str, args: &[&str]) -> String {
    let out = root.join(out);
    let mut all = vec!["build", "--out", out.to_str().expect("utf-8 path")];
    all.extend_from_slice(args);
    let o = run(root, &all);
    assert!(o.status.success(), "build failed:\n{}", stderr(&o));
    stdout(&o)
}

/// The `search cache:` line of a build's output.
fn cache_line(said: &str) -> &str {
    said.lines()
        .find(|l| l.starts_with("search cache:"))
        .unwrap_or_else(|| panic!("no cache line in:\n{said}"))
}

/// The folders a `search cache:` line lists after `label` (`indexes
/// reused` or `updated with their changed pages`).
fn listed<'a>(line: &'a str, label: &str) -> Vec<&'a str> {
    let rest = line
        .split(&format!("{label}: "))
        .nth(1)
        .unwrap_or_else(|| panic!("no `{label}` in: {line}"));
    let names = rest.split(';').next().unwrap_or_default().trim();
    if names == "none" {
        return Vec::new();
    }
    names.split(", ").collect()
}

const REUSED: &str = "indexes reused";
const UPDATED: &str = "updated with their changed pages";

/// The `content cache:` line of a build's output.
fn content_line(said: &str) -> &str {
    said.lines()
        .find(|l| l.starts_with("content cache:"))
        .unwrap_or_else(|| panic!("no content cache line in:\n{said}"))
}

/// The `render cache:` line of a build's output: (bodies, pages) rendered.
fn rendered(said: &str) -> (usize, usize) {
    let line = said
        .lines()
        .find(|l| l.starts_with("render cache:"))
        .unwrap_or_else(|| panic!("no render cache line in:\n{said}"));
    let n: Vec<usize> = line
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    (n[0], n[1])
}

/// Asserts that the folders `a` and `b` under `root` hold the same files
/// with the same bytes, a search index among them.
fn same_sites(root: &Path, a: &str, b: &str) {
    let names = files(&root.join(a));
    assert!(names.iter().any(|n| n.ends_with(".pf_meta")), "{names:?}");
    same_sites_of(root, a, b);
}

/// Builds `root` clean (`--no-cache`) into `root/clean` and asserts that
/// `root/cached` holds the same files with the same bytes.
fn same_as_a_clean_build(root: &Path) {
    build(root, "clean", &["--no-cache"]);
    same_sites(root, "cached", "clean");
}

/// Appends a sentence to the page file `page`.
fn add_a_sentence(page: &Path) {
    let text = std::fs::read_to_string(page).expect("page");
    std::fs::write(page, format!("{text}\nA sentence added by the test.\n")).expect("edit");
}

/// Asserts that the folders `a` and `b` under `root` hold the same files
/// with the same bytes.
fn same_sites_of(root: &Path, a: &str, b: &str) {
    let (a, b) = (root.join(a), root.join(b));
    let names = files(&a);
    assert_eq!(names, files(&b), "the two builds wrote other files");
    for n in &names {
        let (x, y) = (std::fs::read(a.join(n)), std::fs::read(b.join(n)));
        assert!(
            x.expect("read") == y.expect("read"),
            "{n} differs from a clean build"
        );
    }
}

/// Clean, cached and cached-after-an-edit builds of the guide at `root`
/// give a clean build's bytes; `edit` names a page file to change, one
/// whose edit changes no other page (a translation, or a source page whose
/// translations are already outdated).
fn cache_gives_clean_bytes(root: &Path, edit: &str, languages: usize) {
    let first = build(root, "cached", &[]);
    assert!(listed(cache_line(&first), REUSED).is_empty(), "{first}");
    assert!(root.join(CACHE).is_dir());
    same_as_a_clean_build(root);

    let again = build(root, "cached", &[]);
    assert!(
        cache_line(&again).starts_with("search cache: 0 pages parsed"),
        "{again}"
    );
    assert_eq!(
        rendered(&again),
        (0, 0),
        "nothing is rendered again: {again}"
    );
    assert_eq!(
        listed(cache_line(&again), REUSED).len(),
        languages,
        "{again}"
    );
    same_sites(root, "cached", "clean");

    add_a_sentence(&root.join("content").join(edit));
    let edited = build(root, "cached", &[]);
    assert_eq!(
        rendered(&edited),
        (1, 1),
        "only the edited page is rendered again: {edited}"
    );
    let line = cache_line(&edited);
    assert!(
        line.starts_with("search cache: 1 pages parsed"),
        "only the edited page is parsed again: {line}"
    );
    assert_eq!(
        listed(line, REUSED).len(),
        languages - 1,
        "the other languages' indexes are reused: {line}"
    );
    assert_eq!(
        listed(line, UPDATED).len(),
        1,
        "the edited page's language's index is updated with it alone: {line}"
    );
    same_as_a_clean_build(root);
    assert!(
        !files(&root.join(CACHE)).is_empty(),
        "the cache is kept for the next build"
    );
}

#[test]
fn the_cache_gives_the_bytes_of_a_clean_build_of_the_shipped_guide() {
    let site = Scratch::new("cache-shipped");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in ["content", "themes", "screenshots"] {
        copy_dir(&repo.join(dir), &site.0.join(dir));
    }
    cache_gives_clean_bytes(&site.0, "first-login.fr.md", 5);
}

#[test]
fn the_cache_gives_the_bytes_of_a_clean_build_of_a_generated_guide() {
    let site = Scratch::new("cache-corpus");
    corpus::generate(&site.0, 30);
    cache_gives_clean_bytes(&site.0, "section-2/index.md", corpus::LANGS.len());
}

/// A language's search index is updated with the pages that changed
/// alone, edit after edit, for the bytes of a clean build; where pages came
/// or went it is made of every page again, still with a clean build's
/// bytes.
#[test]
fn a_search_index_is_updated_with_the_changed_pages_alone() {
    let site = Scratch::new("cache-update");
    let root = &site.0;
    corpus::generate(root, 30);
    let content = root.join("content");
    build(root, "cached", &[]);
    let updated = |said: &str| listed(cache_line(said), UPDATED).join(", ");

    // Twice the same page, then two pages of a language, one edited in
    // its middle (every later word moves).
    let page = content.join("section-2/page-21.md");
    for _ in 0..2 {
        add_a_sentence(&page);
        let said = build(root, "cached", &[]);
        assert_eq!(updated(&said), "en", "{said}");
        same_as_a_clean_build(root);
    }
    // An English page edited in its middle (every later word moves) and
    // a French one given words with diacritics.
    let other = content.join("section-6/page-25.md");
    let text = std::fs::read_to_string(&other).expect("page");
    let middle = text.len() / 2;
    let cut = text[middle..]
        .find("\n\n")
        .map_or(text.len(), |i| middle + i);
    let edited = format!(
        "{}\n\nA sentence in the middle tells of the library card.\n{}",
        &text[..cut],
        &text[cut..]
    );
    std::fs::write(&other, edited).expect("edit");
    let french = content.join("section-7/page-26.fr.md");
    let before = std::fs::read_to_string(&french).expect("page");
    std::fs::write(
        &french,
        format!("{before}\nUne phrase ajoutée : élève, université.\n"),
    )
    .expect("edit");
    let said = build(root, "cached", &[]);
    assert!(
        cache_line(&said).starts_with("search cache: 2 pages parsed"),
        "{said}"
    );
    assert_eq!(listed(cache_line(&said), UPDATED), ["en", "fr"], "{said}");
    same_as_a_clean_build(root);
    // The French sentence taken out again: its words leave the page, the
    // page's other words stay where they were.
    std::fs::write(&french, before).expect("edit");
    let said = build(root, "cached", &[]);
    assert_eq!(updated(&said), "fr", "{said}");
    same_as_a_clean_build(root);

    // A new page, then the same page gone.
    let new = content.join("section-3/new-page.md");
    std::fs::write(
        &new,
        "---\ntitle: A new page\n---\nIt tells of the library card.\n",
    )
    .expect("new page");
    let said = build(root, "cached", &[]);
    assert_eq!(
        updated(&said),
        "",
        "a page came: every page is indexed: {said}"
    );
    same_as_a_clean_build(root);
    std::fs::remove_file(&new).expect("remove");
    let said = build(root, "cached", &[]);
    assert_eq!(
        updated(&said),
        "",
        "a page went: every page is indexed: {said}"
    );
    same_as_a_clean_build(root);
}

/// A rebuild links each output file whose bytes did not change to the last
/// output's (the same file, not a copy of it), writes those that changed,
/// and trusts no file changed since the last build: one edited by hand in
/// the output is written anew, and the site is a clean build's.
#[cfg(unix)]
#[test]
fn a_rebuild_links_the_unchanged_files_of_the_last_output() {
    use std::os::unix::fs::MetadataExt;
    let site = Scratch::new("cache-links");
    corpus::generate(&site.0, 30);
    let root = &site.0;
    build(root, "cached", &[]);
    let out = root.join("cached");
    let ino = |rel: &str| std::fs::metadata(out.join(rel)).expect(rel).ino();
    let (kept, edited, tampered) = (
        "fr/section-2/index.html",
        "en/section-2/index.html",
        "es/section-2/index.html",
    );
    let (kept_ino, edited_ino) = (ino(kept), ino(edited));
    // A screenshot, copied from `screenshots/` by the first build.
    let shot = files(&out.join("screenshots"))
        .into_iter()
        .find(|f| f.ends_with(".png"))
        .map(|f| format!("screenshots/{f}"))
        .expect("a screenshot in the output");
    let shot_ino = ino(&shot);
    let original = std::fs::read(out.join(tampered)).expect("page");
    std::fs::write(out.join(tampered), b"changed by hand").expect("tamper");
    // A file of the Chinese search index, changed by hand too.
    let index_file = files(&out.join("pagefind"))
        .into_iter()
        .find(|f| f.contains("zh_") && f.ends_with(".pf_meta"))
        .map(|f| out.join("pagefind").join(f))
        .expect("the Chinese index's meta file");
    let index_bytes = std::fs::read(&index_file).expect("index file");
    std::fs::write(&index_file, b"changed by hand").expect("tamper");
    // A file added by hand to a folder where nothing changes: gone after
    // the build, as after a clean one.
    std::fs::write(out.join("fr/section-3/notes.txt"), b"by hand").expect("add");

    add_a_sentence(&root.join("content/section-2/index.md"));
    let said = build(root, "cached", &[]);
    assert_eq!(
        listed(cache_line(&said), REUSED),
        ["ar", "es", "fr"],
        "the unchanged languages' index files are linked, but for the one changed by hand: {said}"
    );
    assert_eq!(
        std::fs::read(&index_file).expect("index file"),
        index_bytes,
        "an index file changed by hand is made again"
    );
    assert_eq!(
        rendered(&said),
        (1, 2),
        "the edited page, and the page changed by hand in the output, are rendered: {said}"
    );
    assert_eq!(
        ino(kept),
        kept_ino,
        "an unchanged page is linked, not written"
    );
    assert_ne!(ino(edited), edited_ino, "the edited page is written");
    assert_eq!(
        ino(&shot),
        shot_ino,
        "an unchanged screenshot is linked, not copied again"
    );
    assert!(!out.join("fr/section-3/notes.txt").exists());
    assert_eq!(
        std::fs::read(out.join(tampered)).expect("page"),
        original,
        "a file changed by hand in the output is not linked"
    );
    same_as_a_clean_build(root);
}

/// Edits what many pages show (a template, the screenshots of a page, the
/// set of pages): what they change is rendered again, and the bytes are a
/// clean build's.
#[test]
fn edits_of_templates_screenshots_and_pages_render_again_what_they_change() {
    let site = Scratch::new("cache-edits");
    let root = &site.0;
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in ["content", "themes", "screenshots"] {
        copy_dir(&repo.join(dir), &root.join(dir));
    }
    let first = build(root, "cached", &["--no-search"]);
    let (bodies, pages) = rendered(&first);
    assert!(bodies > 40 && pages == bodies, "{first}");
    let clean_is_cached = || {
        build(root, "clean", &["--no-cache", "--no-search"]);
        same_sites_of(root, "cached", "clean");
    };

    // A template: every page again, no body.
    let template = root.join("themes/default/templates/base.html");
    let text = std::fs::read_to_string(&template).expect("template");
    std::fs::write(&template, text.replace("</body>", "<!-- edited --></body>")).expect("edit");
    let said = build(root, "cached", &["--no-search"]);
    assert_eq!(rendered(&said), (0, pages), "{said}");
    clean_is_cached();

    // A screenshot's boxes: that page's bodies, in every language.
    let sidecar = root.join("screenshots/claroline/expect-my-report-pdf.json");
    let text = std::fs::read_to_string(&sidecar).expect("sidecar");
    std::fs::write(&sidecar, text.replacen("\"x\": 272", "\"x\": 270", 1)).expect("edit");
    let said = build(root, "cached", &["--no-search"]);
    assert_eq!(rendered(&said), (5, 5), "{said}");
    clean_is_cached();

    // A page's title in one language: every page of that language shows
    // it in its menu (and in its neighbours' links), the others none.
    let french = root.join("content/first-login.fr.md");
    let text = std::fs::read_to_string(&french).expect("translation");
    std::fs::write(
        &french,
        text.replacen("title: Activez votre compte", "title: Activez ce compte", 1),
    )
    .expect("edit");
    let said = build(root, "cached", &["--no-search"]);
    assert_eq!(rendered(&said), (1, pages / 5), "{said}");
    clean_is_cached();

    // A paragraph of an English page: each translation reviewed against
    // the old text now shows that paragraph as changed, with its new text.
    let english = root.join("content/first-login.md");
    let text = std::fs::read_to_string(&english).expect("source");
    let was = "You do this once, at the start of your studies.";
    assert!(text.contains(was));
    std::fs::write(
        &english,
        text.replacen(was, "You do this once, on your first day.", 1),
    )
    .expect("edit");
    let said = build(root, "cached", &["--no-search"]);
    let french = std::fs::read_to_string(root.join("cached/fr/first-login/index.html"))
        .expect("the French page");
    assert!(
        french.contains("Ce passage a changé") && french.contains("on your first day."),
        "the French page marks the changed paragraph: {said}"
    );
    clean_is_cached();

    // A new page: links may now reach it, and every menu shows it.
    std::fs::write(
        root.join("content/new-page.md"),
        "---\ntitle: A new page\n---\n\nIts text.\n",
    )
    .expect("new page");
    let said = build(root, "cached", &["--no-search"]);
    assert_eq!(rendered(&said), (bodies + 5, pages + 5), "{said}");
    clean_is_cached();
}

#[test]
fn an_edit_of_a_page_text_front_matter_or_translation_is_parsed_again() {
    let site = Scratch::new("cache-content");
    let root = &site.0;
    corpus::generate(root, 30);
    let first = build(root, "cached", &[]);
    assert!(
        !content_line(&first).starts_with("content cache: 0 "),
        "{first}"
    );
    let again = build(root, "cached", &[]);
    assert!(
        content_line(&again).starts_with("content cache: 0 page files parsed"),
        "every file is read back: {again}"
    );
    same_as_a_clean_build(root);
    type Edit = fn(&str) -> String;
    let edits: [(&str, Edit); 4] = [
        ("section-6/page-25.md", |t| {
            format!("{t}\nA sentence added by the test.\n")
        }),
        ("section-6/page-25.md", |t| {
            t.replacen("title: \"", "title: \"Edited ", 1)
        }),
        ("section-6/page-25.fr.md", |t| {
            format!("{t}\nUne phrase ajoutée par le test.\n")
        }),
        ("section-6/page-25.fr.md", |t| {
            t.replacen("\n---\n", "\npersona: new-student\n---\n", 1)
        }),
    ];
    for (file, edit) in edits {
        let page = root.join("content").join(file);
        let text = std::fs::read_to_string(&page).expect("page");
        let edited = edit(&text);
        assert_ne!(edited, text, "{file}");
        std::fs::write(&page, edited).expect("edit");
        let said = build(root, "cached", &[]);
        assert!(
            content_line(&said).starts_with("content cache: 1 page files parsed"),
            "only {file} is parsed again: {said}"
        );
        same_as_a_clean_build(root);
    }
}

/// A build removes from the cache what no build of this program reads: a
/// store of an older ent-guide (another header, or a name it no longer
/// uses) and the temporary file of a save that was cut short; its own
/// stores stay, those of the search index among them when the build is
/// `--no-search`.
#[test]
fn a_build_removes_the_stores_it_can_never_read() {
    let site = Scratch::copy_of("basic");
    let root = &site.0;
    build(root, "cached", &[]);
    let stores = files(&root.join(CACHE));
    assert!(
        stores.iter().any(|s| s.starts_with("search-")),
        "{stores:?}"
    );
    let dead = ["search-en.bin", "pages.bin", "bodies-3.tmp-999999"];
    for name in dead {
        std::fs::write(root.join(CACHE).join(name), b"ent-guide build cache\nold").expect("write");
    }
    build(root, "cached", &["--no-search"]);
    let left = files(&root.join(CACHE));
    for name in dead {
        assert!(
            !left.contains(&name.to_string()),
            "{name} is left: {left:?}"
        );
    }
    for s in &stores {
        assert!(left.contains(s), "the store {s} went: {left:?}");
    }
}

#[test]
fn a_damaged_cache_is_ignored_and_rebuilt() {
    let site = Scratch::copy_of("basic");
    let root = &site.0;
    build(root, "clean", &["--no-cache"]);
    assert!(!root.join(CACHE).exists(), "--no-cache writes no cache");
    build(root, "cached", &[]);
    let stores = files(&root.join(CACHE));
    assert!(!stores.is_empty());
    let damages: [fn(Vec<u8>) -> Vec<u8>; 3] = [
        |mut b| {
            let mid = b.len() / 2;
            b[mid] ^= 0x40;
            b
        },
        |b| b[..b.len() / 3].to_vec(),
        |_| b"not a cache".to_vec(),
    ];
    for damage in damages {
        for s in &stores {
            let file = root.join(CACHE).join(s);
            let bytes = std::fs::read(&file).expect("store");
            std::fs::write(&file, damage(bytes)).expect("damage");
        }
        let said = build(root, "cached", &[]);
        assert!(
            listed(cache_line(&said), REUSED).is_empty(),
            "a damaged store is not trusted: {said}"
        );
        assert!(listed(cache_line(&said), UPDATED).is_empty(), "{said}");
        assert!(
            !cache_line(&said).starts_with("search cache: 0 pages"),
            "{said}"
        );
        assert!(
            !content_line(&said).starts_with("content cache: 0 "),
            "a damaged content store is not trusted: {said}"
        );
        same_sites(root, "cached", "clean");
        let again = build(root, "cached", &[]);
        assert!(
            cache_line(&again).starts_with("search cache: 0 pages parsed"),
            "the cache was rebuilt: {again}"
        );
    }
}

/// A cache that lost some of its stores but not others (the bodies' HTML,
/// what Pagefind parsed) still gives a clean build's bytes: a page whose
/// body HTML is gone renders it again, and a linked page whose parsed text
/// is gone is read back from the output for the search index.
#[test]
fn a_cache_that_lost_some_stores_still_gives_clean_bytes() {
    let site = Scratch::new("cache-lost");
    corpus::generate(&site.0, 30);
    let root = &site.0;
    build(root, "cached", &[]);
    let remove = |prefix: &str| {
        let mut n = 0;
        for s in files(&root.join(CACHE)) {
            if s.starts_with(prefix) {
                std::fs::remove_file(root.join(CACHE).join(&s)).expect("remove");
                n += 1;
            }
        }
        assert!(
            n > 0,
            "no store {prefix}* in {:?}",
            files(&root.join(CACHE))
        );
    };

    // Every page linked, none parsed by Pagefind: their text is read back.
    remove("search-");
    let said = build(root, "cached", &[]);
    assert_eq!(rendered(&said), (0, 0), "{said}");
    assert!(listed(cache_line(&said), REUSED).is_empty(), "{said}");
    same_as_a_clean_build(root);

    // A template edit renders every page, whose bodies' HTML is gone.
    remove("bodies-");
    let template = root.join("themes/default/templates/base.html");
    let text = std::fs::read_to_string(&template).expect("template");
    std::fs::write(&template, text.replace("</body>", "<!-- edited --></body>")).expect("edit");
    let said = build(root, "cached", &[]);
    let (bodies, pages) = rendered(&said);
    assert!(bodies == 0 && pages > 100, "{said}");
    same_as_a_clean_build(root);
    assert!(
        files(&root.join(CACHE))
            .iter()
            .any(|s| s.starts_with("bodies-")),
        "the bodies' HTML is kept again"
    );
}
