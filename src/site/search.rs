//! The static search index: Pagefind fed every built page in a fixed
//! order, one index per language (read from each page's `<html lang>`),
//! written under `pagefind/` beside the pages. Only the part of a page
//! marked `data-pagefind-body` (the article) is indexed, so menus and
//! switchers never match a search.

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
use std::time::{Duration, Instant};

/// The folder of the site holding the index and Pagefind's script.
pub const DIR: &str = "pagefind";

/// What Pagefind writes that the theme does not use: its ready-made
/// interfaces (the theme has its own search box) and the script that
/// highlights words on the result page.
fn unused(name: &str) -> bool {
    name.contains("-ui.") || name == "pagefind-highlight.js"
}

/// What indexing produced.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchStats {
    /// Pages that went into an index.
    pub pages: usize,
    /// Languages with an index, sorted.
    pub languages: Vec<String>,
    /// Files written under `pagefind/`, and their bytes.
    pub files: usize,
    pub bytes: usize,
    pub took: Duration,
}

/// The index's files, as `(path in the site, bytes)` sorted by path.
pub type IndexFiles = Vec<(String, Vec<u8>)>;

/// Indexes `pages` — `(path in the site, HTML)`, read lazily by `read` in
/// the order given — and returns the files to write under the site root.
/// The order of `paths` decides the bytes of the index: give it sorted.
pub fn index<R>(paths: &[String], read: R) -> Result<(IndexFiles, SearchStats), String>
where
    R: Fn(&str) -> Result<String, String> + Sync,
{
    let started = Instant::now();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the search indexer: {e}"))?;
    // A thread of its own, so that indexing works from inside another
    // runtime too (the preview's server).
    let (files, pages, languages) = std::thread::scope(|s| {
        s.spawn(|| runtime.block_on(run(paths, &read)))
            .join()
            .unwrap_or_else(|_| Err("the search indexer stopped unexpectedly".into()))
    })?;
    let bytes = files.iter().map(|(_, b)| b.len()).sum();
    let stats = SearchStats {
        pages,
        languages,
        files: files.len(),
        bytes,
        took: started.elapsed(),
    };
    Ok((files, stats))
}

async fn run<R>(paths: &[String], read: &R) -> Result<(IndexFiles, usize, Vec<String>), String>
where
    R: Fn(&str) -> Result<String, String> + Sync,
{
    let options = PagefindServiceConfig::builder().build();
    let mut index = PagefindIndex::new(Some(options)).map_err(|e| e.to_string())?;
    let mut pages = 0;
    for path in paths {
        let html = read(path)?;
        if !html.contains("data-pagefind-body") {
            continue;
        }
        let added = index
            .add_html_file(Some(path.clone()), None, html)
            .await
            .map_err(|e| format!("{path}: cannot index this page: {e}"))?;
        if added.page_word_count > 0 {
            pages += 1;
        }
    }
    let made = index.get_files().await.map_err(|e| e.to_string())?;
    let mut files: IndexFiles = made
        .into_iter()
        .filter_map(|f| {
            let name = f.filename.to_string_lossy().replace('\\', "/");
            (!unused(&name)).then(|| (format!("{DIR}/{name}"), f.contents))
        })
        .collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    let mut languages: Vec<String> = files
        .iter()
        .filter_map(|(p, _)| {
            let meta = p.strip_prefix("pagefind/pagefind.")?;
            let (lang, _) = meta.split_once('_')?;
            Some(lang.to_string())
        })
        .collect();
    languages.sort();
    languages.dedup();
    Ok((files, pages, languages))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(lang: &str, body: &str) -> String {
        format!("<!doctype html><html lang=\"{lang}\"><body><nav>Menu words</nav><main data-pagefind-body><h1>{body}</h1><p>{body}</p></main></body></html>")
    }

    fn build(pages: &[(&str, String)]) -> (IndexFiles, SearchStats) {
        let paths: Vec<String> = pages.iter().map(|(p, _)| p.to_string()).collect();
        index(&paths, |p| {
            Ok(pages
                .iter()
                .find(|(q, _)| *q == p)
                .map(|(_, h)| h.clone())
                .unwrap_or_default())
        })
        .expect("index")
    }

    #[test]
    fn one_index_per_language_and_no_unused_interfaces() {
        let (files, stats) = build(&[
            ("en/a/index.html", page("en", "Timetable of courses")),
            ("fr/a/index.html", page("fr", "Emploi du temps")),
            ("zh/a/index.html", page("zh", "登录学生门户查看课程表")),
            (
                "404.html",
                "<html lang=\"en\"><body>Not found</body></html>".into(),
            ),
        ]);
        assert_eq!(stats.languages, ["en", "fr", "zh"]);
        assert_eq!(
            stats.pages, 3,
            "the page without data-pagefind-body is left out"
        );
        let names: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        assert!(names.contains(&"pagefind/pagefind.js"), "{names:?}");
        assert!(names.contains(&"pagefind/pagefind-entry.json"));
        assert!(!names.iter().any(|n| n.contains("-ui.")), "{names:?}");
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted);
    }

    #[test]
    fn the_same_pages_give_the_same_bytes() {
        let pages = [
            ("en/a/index.html", page("en", "Placement agreement")),
            ("en/b/index.html", page("en", "Webmail language")),
            ("ar/a/index.html", page("ar", "اتفاقية التدريب")),
        ];
        assert_eq!(build(&pages).0, build(&pages).0);
    }

    #[test]
    fn an_unreadable_page_is_an_error_not_a_smaller_index() {
        let paths = vec!["en/a/index.html".to_string()];
        let err = index(&paths, |p| Err(format!("{p}: gone"))).expect_err("must fail");
        assert!(err.contains("en/a/index.html: gone"), "{err}");
    }
}
