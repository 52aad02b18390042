//! What `build` makes for search: a Pagefind index per language and a
//! search box — or neither, with `--no-search`. (Searching in a browser is
//! in `site_browser.rs`.)

mod common;

use common::{files, read, run, stdout, Scratch};

fn build(args: &[&str]) -> (Scratch, String) {
    let site = Scratch::copy_of("basic");
    let out = site.0.join("public");
    let mut all = vec!["build", "--out", out.to_str().expect("utf-8 path")];
    all.extend_from_slice(args);
    let o = run(&site.0, &all);
    assert!(o.status.success(), "{}", common::stderr(&o));
    (site, stdout(&o))
}

#[test]
fn build_makes_an_index_per_language_and_a_search_box() {
    let (site, said) = build(&[]);
    let out = site.0.join("public");
    let all = files(&out);
    let langs: Vec<&str> = all
        .iter()
        .filter(|f| f.ends_with(".pf_meta"))
        .filter_map(|f| f.strip_prefix("pagefind/pagefind.")?.split_once('_'))
        .map(|(lang, _)| lang)
        .collect();
    assert_eq!(
        langs,
        ["ar", "en", "es", "fr", "zh"],
        "every language of the site has pages (translated or not), so an index"
    );
    assert!(all.contains(&"pagefind/pagefind.js".to_string()));
    assert!(
        !all.iter().any(|f| f.contains("-ui.")),
        "Pagefind's own interfaces are not shipped"
    );
    assert!(said.contains("search: "), "{said}");
    let page = read(out.join("fr/log-in/index.html"));
    assert!(
        page.contains("<form class=\"search\" role=\"search\" data-root"),
        "{page}"
    );
    assert!(page.contains("<label for=\"search-q\">Rechercher dans le guide</label>"));
    assert!(
        page.contains("data-pagefind-body"),
        "the article is what gets indexed"
    );
}

#[test]
fn without_search_there_is_no_index_and_no_box() {
    let (site, said) = build(&["--no-search"]);
    let out = site.0.join("public");
    assert!(!out.join("pagefind").exists());
    assert!(!said.contains("search: "), "{said}");
    let page = read(out.join("en/log-in/index.html"));
    assert!(!page.contains("role=\"search\""), "{page}");
}

/// The index is made from the pages without their header and menu (what
/// Pagefind does not index): it must be the very index Pagefind makes of
/// the whole pages, on the test guide and on the shipped one.
#[test]
fn the_index_is_the_one_of_the_whole_pages() {
    let basic = Scratch::copy_of("basic");
    let shipped = Scratch::new("shipped-search");
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in ["content", "themes", "screenshots"] {
        common::copy_dir(&repo.join(dir), &shipped.0.join(dir));
    }
    for site in [&basic, &shipped] {
        let out = site.0.join("public");
        common::build(&site.0, &out);
        let mut whole: Vec<(String, String)> = files(&out)
            .into_iter()
            .filter(|f| f.ends_with("/index.html"))
            .map(|f| {
                let html = read(out.join(&f));
                (f, html)
            })
            .filter(|(_, html)| html.contains("data-pagefind-body"))
            .collect();
        assert!(whole.len() > 10, "{}", whole.len());
        whole.sort();
        let (made, _) = ent_guide::site::search::index(whole).expect("index");
        for (path, bytes) in &made {
            let built = std::fs::read(out.join(path)).expect("index file");
            assert!(built == *bytes, "{path} differs");
        }
        let built = files(&out.join("pagefind"));
        assert_eq!(built.len(), made.len(), "{built:?}");
    }
}
