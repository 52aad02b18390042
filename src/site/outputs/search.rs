//! The static search index: Pagefind fed every built page in a fixed
//! order, one index per language (read from each page's `<html lang>`),
//! written under `pagefind/` beside the pages. Only the part of a page
//! marked `data-pagefind-body` (the article) is indexed, so menus and
//! switchers never match a search; the pages are handed over in memory as
//! they are rendered, without the header and menu that Pagefind would
//! parse only to skip ([`indexed`]).
//!
//! Pagefind indexes one page at a time, so each language gets an index of
//! its own, on its own thread (as many at once as there are cores), and
//! their `pagefind-entry.json` files are merged into one.

use super::{indexed, BuildStats, Output, RenderContext};
use crate::diagnostics::{Diagnostic, Pos};
use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;
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

/// A page to index: its path in the site and the document Pagefind reads
/// of it ([`indexed::document`]).
pub type Doc = (String, String);

/// Indexes `docs` and returns the files to write under the site root. The
/// pages of each top folder (a language: `en/…`) go to an index of their
/// own, in the order given, several folders at once; give `docs` sorted by
/// path, as the order decides the bytes.
pub fn index(docs: Vec<Doc>) -> Result<(IndexFiles, SearchStats), String> {
    let started = Instant::now();
    let mut groups: BTreeMap<String, Vec<Doc>> = BTreeMap::new();
    for doc in docs {
        let folder = doc.0.split_once('/').map_or("", |(f, _)| f).to_string();
        groups.entry(folder).or_default().push(doc);
    }
    let queue = Mutex::new(groups.into_values().collect::<Vec<_>>());
    let done = Mutex::new(Vec::new());
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    // Threads of their own, so that indexing works from inside another
    // runtime too (the preview's server).
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| loop {
                let Some(group) = lock(&queue).pop() else {
                    break;
                };
                let made = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .map_err(|e| format!("cannot start the search indexer: {e}"))
                    .and_then(|rt| rt.block_on(run(group)));
                lock(&done).push(made);
            });
        }
    });
    let mut parts = Vec::new();
    for made in done.into_inner().unwrap_or_else(|e| e.into_inner()) {
        parts.push(made?);
    }
    let pages = parts.iter().map(|(_, n)| n).sum();
    let (files, languages) = merge(parts.into_iter().map(|(f, _)| f).collect())?;
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

/// The documents to index of the pages `pages` (`(path in the site, HTML)`,
/// any order), sorted by path; pages without an indexed part left out.
pub fn documents<'a, I>(pages: I) -> Vec<Doc>
where
    I: IntoParallelIterator<Item = (&'a String, &'a [u8])>,
{
    let mut docs: Vec<Doc> = pages
        .into_par_iter()
        .filter_map(|(path, bytes)| {
            let html = String::from_utf8_lossy(bytes);
            let doc = indexed::document(&html)?.into_owned();
            Some((path.clone(), doc))
        })
        .collect();
    docs.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    docs
}

/// The search index of every language (with `build`, unless
/// `--no-search`): indexes what the pages output kept of each page
/// ([`RenderContext::searched`]).
pub struct Search;

impl Output for Search {
    fn name(&self) -> &'static str {
        "search index"
    }

    fn reads_site(&self) -> bool {
        true
    }

    fn indexes_pages(&self) -> bool {
        true
    }

    fn render(&self, ctx: &RenderContext, stats: &mut BuildStats) -> Result<(), Vec<Diagnostic>> {
        let mut docs = ctx
            .searched
            .map(|m| std::mem::take(&mut *lock(m)))
            .unwrap_or_default();
        docs.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let (files, made) = index(docs).map_err(|e| vec![problem(ctx.shown_out, &e)])?;
        for (rel, bytes) in &files {
            ctx.out.write(rel, bytes).map_err(|d| vec![d])?;
        }
        stats.files += files.len();
        stats.search = Some(made);
        Ok(())
    }
}

fn problem(out: &Path, e: &str) -> Diagnostic {
    Diagnostic::new(
        out,
        Pos { line: 1, col: 1 },
        format!("cannot make the search index: {e}"),
        "build with --no-search to publish without search, and report the problem",
    )
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The entry file naming each language's index.
const ENTRY: &str = "pagefind/pagefind-entry.json";

/// One site's files from the indexes of its folders: the files of every
/// index (those they share — the script, its worker — are the same bytes),
/// and one entry file listing every language. Returns the files sorted by
/// path and the languages.
fn merge(parts: Vec<IndexFiles>) -> Result<(IndexFiles, Vec<String>), String> {
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut entry: Option<serde_json::Value> = None;
    for part in parts {
        for (path, bytes) in part {
            if path != ENTRY {
                files.insert(path, bytes);
                continue;
            }
            let e: serde_json::Value = serde_json::from_slice(&bytes)
                .map_err(|e| format!("Pagefind wrote an entry file that is not JSON: {e}"))?;
            match entry.as_mut() {
                None => entry = Some(e),
                Some(all) => {
                    let (Some(langs), Some(more)) =
                        (all["languages"].as_object_mut(), e["languages"].as_object())
                    else {
                        return Err("Pagefind's entry file has no languages".into());
                    };
                    for (lang, v) in more {
                        if langs.insert(lang.clone(), v.clone()).is_some() {
                            return Err(format!(
                                "pages in `{lang}` are in more than one folder of the site"
                            ));
                        }
                    }
                }
            }
        }
    }
    let mut languages = Vec::new();
    if let Some(e) = entry {
        if let Some(langs) = e["languages"].as_object() {
            languages = langs.keys().cloned().collect();
        }
        let bytes = serde_json::to_vec(&e).map_err(|e| e.to_string())?;
        files.insert(ENTRY.to_string(), bytes);
    }
    languages.sort();
    Ok((files.into_iter().collect(), languages))
}

/// Indexes one folder's pages.
async fn run(docs: Vec<Doc>) -> Result<(IndexFiles, usize), String> {
    let options = PagefindServiceConfig::builder().build();
    let mut index = PagefindIndex::new(Some(options)).map_err(|e| e.to_string())?;
    let mut pages = 0;
    for (path, html) in docs {
        let added = index
            .add_html_file(Some(path.clone()), None, html)
            .await
            .map_err(|e| format!("{path}: cannot index this page: {e}"))?;
        if added.page_word_count > 0 {
            pages += 1;
        }
    }
    if pages == 0 {
        return Ok((Vec::new(), 0));
    }
    let made = index.get_files().await.map_err(|e| e.to_string())?;
    let files = made
        .into_iter()
        .filter_map(|f| {
            let name = f.filename.to_string_lossy().replace('\\', "/");
            (!unused(&name)).then(|| (format!("{DIR}/{name}"), f.contents))
        })
        .collect();
    Ok((files, pages))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(lang: &str, body: &str) -> String {
        format!("<!doctype html><html lang=\"{lang}\"><body><nav>Menu words</nav><main data-pagefind-body><h1>{body}</h1><p>{body}</p></main></body></html>")
    }

    fn build(pages: &[(&str, String)]) -> (IndexFiles, SearchStats) {
        let pages: Vec<(String, &[u8])> = pages
            .iter()
            .map(|(p, h)| (p.to_string(), h.as_bytes()))
            .collect();
        index(documents(
            pages.iter().map(|(p, h)| (p, *h)).collect::<Vec<_>>(),
        ))
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
    fn the_entry_file_lists_the_languages_of_every_folder() {
        let (files, _) = build(&[
            ("en/a/index.html", page("en", "Timetable")),
            ("fr/a/index.html", page("fr", "Emploi du temps")),
        ]);
        let entry = &files.iter().find(|(p, _)| p == ENTRY).expect("entry").1;
        let entry: serde_json::Value = serde_json::from_slice(entry).expect("json");
        let langs: Vec<&String> = entry["languages"]
            .as_object()
            .expect("map")
            .keys()
            .collect();
        assert_eq!(langs, ["en", "fr"]);
        assert_eq!(entry["languages"]["fr"]["page_count"], 1);
    }

    #[test]
    fn one_language_in_two_folders_is_refused() {
        let docs = vec![
            ("a/x.html".to_string(), page("en", "Same language")),
            ("b/y.html".to_string(), page("en", "Same language")),
        ];
        let err = index(docs).expect_err("must fail");
        assert!(err.contains("`en` are in more than one folder"), "{err}");
    }
}
