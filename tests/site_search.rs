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
