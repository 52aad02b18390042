//! The static search index: Pagefind fed every built page in a fixed
//! order, one index per language (read from each page's `<html lang>`),
//! written under `pagefind/` beside the pages. Only the part of a page
//! marked `data-pagefind-body` (the article) is indexed, so menus and
//! switchers never match a search; the pages are handed over in memory as
//! they are rendered, without the header and menu that Pagefind would
//! parse only to skip ([`indexed`]).
//!
//! Each top folder (a language) gets an index of its own, one after the
//! other, the pages of each parsed in parallel by the (patched) Pagefind
//! of `vendor/pagefind`; their `pagefind-entry.json` files are merged
//! into one. With the build cache ([`cache`]), what Pagefind parsed of a
//! page is kept under the page's key (or the digest of the exact document
//! it read), a record of a folder's index files under the digest of all
//! its pages' keys, and the index as Pagefind made it: a folder whose pages
//! did not change has its files linked from the last output ([`written`]),
//! one where a few did has its index updated with those alone
//! ([`update`]), and any other parses only the pages that changed. The
//! bytes are the same as without a cache.

use super::{indexed, BuildStats, Output, RenderContext};
use crate::diagnostics::{Diagnostic, Pos};
use crate::site::cache::{self, Cache, Key, Shards};
use crate::site::staged::FileDigest;
use gzips::Gzips;
use pagefind::api::{PagefindIndex, ParsedPage};
use pagefind::options::PagefindServiceConfig;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use update::Updated;

mod gzips;
mod update;
mod written;

/// The folder of the site holding the index and Pagefind's script.
pub const DIR: &str = "pagefind";

/// Pagefind's version: what it parsed is kept only for the same one.
const PAGEFIND: &str = "pagefind 1.6.0 ent-guide 5";

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
    /// Pages Pagefind parsed in this build (the others came from the cache).
    pub parsed: usize,
    /// Languages with an index, sorted.
    pub languages: Vec<String>,
    /// Top folders whose index files came whole from the cache.
    pub reused: Vec<String>,
    /// Top folders whose index was updated with their changed pages
    /// alone ([`update`]).
    pub updated: Vec<String>,
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

/// A page a build indexes.
#[derive(Debug)]
pub struct Searched {
    /// Its path in the site.
    pub path: String,
    /// Its key in the build cache (of all that made the page), if any.
    pub key: Option<Key>,
    /// The document Pagefind reads of it ([`indexed::document`]), or
    /// `None` for a page linked from the last output: what Pagefind parsed
    /// of it is in the cache under its key, or else its document is read
    /// from the output.
    pub text: Option<String>,
}

/// Reads a page of the site being built (by its path in the site): where
/// the documents of linked pages come from when the cache lacks them.
pub type Read<'a> = dyn Fn(&str) -> Result<String, String> + Sync + 'a;

/// Links a file of the last output into the site being built, if it is
/// still the one of that digest the last build left there: its length.
pub type Link<'a> = dyn Fn(&str, &FileDigest) -> Option<u64> + Sync + 'a;

/// Where the files of an index go as they are made: each file's path in
/// the site and its bytes.
pub type Put<'a> = dyn FnMut(&str, &[u8]) -> Result<(), String> + Send + 'a;

/// Indexes `docs` without a cache, and returns the files to write under the
/// site root, sorted by path; see [`index_into`].
pub fn index(docs: Vec<Doc>) -> Result<(IndexFiles, SearchStats), String> {
    let mut files = BTreeMap::new();
    let pages = docs
        .into_iter()
        .map(|(path, text)| Searched {
            path,
            key: None,
            text: Some(text),
        })
        .collect();
    let read = |path: &str| Err(format!("{path}: not given"));
    let stats = index_into(
        pages,
        &Cache::off(),
        &read,
        &|_, _| None,
        &mut |path, bytes| {
            files.insert(path.to_string(), bytes.to_vec());
            Ok(())
        },
    )?;
    Ok((files.into_iter().collect(), stats))
}

/// Indexes `pages`, handing each file of the index to `put` (a path under
/// the site root) as soon as its language's index is made, so that no more
/// than one language's files are held at once. The pages of each top
/// folder (a language: `en/…`) go to an index of their own, in the order
/// given; give `pages` sorted by path, as the order decides the bytes. The
/// files every index has (Pagefind's scripts) are put once, and the entry
/// file listing every language last. `cache` keeps what was parsed for the
/// next build; `read` gives the pages without a document; `link` puts the
/// files of an unchanged language's index from the last output.
pub fn index_into(
    pages: Vec<Searched>,
    cache: &Cache,
    read: &Read,
    link: &Link,
    put: &mut Put,
) -> Result<SearchStats, String> {
    let started = Instant::now();
    let mut groups: BTreeMap<String, Vec<Searched>> = BTreeMap::new();
    for page in pages {
        let folder = page.path.split_once('/').map_or("", |(f, _)| f);
        groups.entry(folder.to_string()).or_default().push(page);
    }
    // A thread of its own, so that indexing works from inside another
    // runtime too (the preview's server); Pagefind parses on rayon's.
    let mut stats = std::thread::scope(|s| {
        s.spawn(|| {
            let mut stats = SearchStats::default();
            let mut entry = Entry::default();
            // The files already put, with the checksum of their bytes,
            // and those linked.
            let mut shared: HashMap<String, u32> = HashMap::new();
            let mut linked: HashSet<String> = HashSet::new();
            for (folder, docs) in groups {
                let f = index_folder(&folder, docs, cache, read, link)?;
                crate::timings::mark(&format!("search index of {folder}/"));
                stats.pages += f.pages;
                stats.parsed += f.parsed;
                if f.reused {
                    stats.reused.push(f.name.clone());
                }
                if f.updated {
                    stats.updated.push(f.name.clone());
                }
                for (path, len) in f.linked {
                    if shared.contains_key(&path) || !linked.insert(path) {
                        continue;
                    }
                    stats.files += 1;
                    stats.bytes += len as usize;
                }
                for (path, bytes) in f.files {
                    if path == ENTRY {
                        entry.add(&bytes)?;
                        continue;
                    }
                    if linked.contains(&path) {
                        continue;
                    }
                    let sum = crc32fast::hash(&bytes);
                    if let Some(before) = shared.insert(path.clone(), sum) {
                        if before != sum {
                            return Err(format!("Pagefind made two different files `{path}`"));
                        }
                        continue;
                    }
                    put(&path, &bytes)?;
                    stats.files += 1;
                    stats.bytes += bytes.len();
                }
            }
            if let Some(bytes) = entry.bytes()? {
                put(ENTRY, &bytes)?;
                stats.files += 1;
                stats.bytes += bytes.len();
            }
            stats.languages = entry.languages;
            Ok(stats)
        })
        .join()
        .unwrap_or_else(|_| Err("the search indexer stopped".to_string()))
    })?;
    stats.took = started.elapsed();
    Ok(stats)
}

/// One top folder's index.
struct Folder {
    name: String,
    files: IndexFiles,
    /// Files linked from the last output, with their lengths.
    linked: Vec<(String, u64)>,
    /// Pages indexed, and those parsed in this build.
    pages: usize,
    parsed: usize,
    /// Whether the files came whole from the cache.
    reused: bool,
    /// Whether the index was updated with the changed pages alone.
    updated: bool,
}

/// Indexes the pages of one top folder, reusing what `cache` holds.
fn index_folder(
    name: &str,
    pages: Vec<Searched>,
    cache: &Cache,
    read: &Read,
    link: &Link,
) -> Result<Folder, String> {
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    // Read a shard at a time: a folder whose documents did not change
    // needs only the shard of its files.
    let store = Shards::open_lazily(cache, &format!("search-{safe}"), PAGEFIND, SHARDS);
    // Each page's entry: under the key of all that made the page, or else
    // the digest of its document.
    let keys: Vec<Key> = if store.keeps() {
        pages
            .par_iter()
            .map(|p| match (&p.key, &p.text) {
                (Some(k), _) => cache::key(&[b"page", p.path.as_bytes(), k]),
                (None, text) => cache::key(&[
                    b"document",
                    p.path.as_bytes(),
                    text.as_deref().unwrap_or_default().as_bytes(),
                ]),
            })
            .collect()
    } else {
        vec![[0; 32]; pages.len()]
    };
    let all = cache::key(&[keys.concat().as_slice()]);
    if let Some(was) = store.get(&all).and_then(written::decode) {
        // The last output holds these very files: linked, the store left
        // as it is.
        if let Some(linked) = was.link_all(link) {
            let files = was.entry.into_iter().map(|e| (ENTRY.to_string(), e));
            return Ok(Folder {
                name: name.to_string(),
                files: files.collect(),
                linked,
                pages: was.pages,
                parsed: 0,
                reused: true,
                updated: false,
            });
        }
    }
    let options = PagefindServiceConfig::builder().build();
    let mut index = PagefindIndex::new(Some(options)).map_err(|e| e.to_string())?;
    if store.keeps() {
        index.keep().map_err(|e| e.to_string())?;
    }
    let gzips = Gzips::new(&store);
    let (made, updated) = match update::update(&mut index, &pages, &keys, &store, read, &gzips)? {
        Some(made) => (made, true),
        None => (
            index_all(name, &mut index, pages, &keys, &store, read, &gzips)?,
            false,
        ),
    };
    gzips.record();
    update::put(&store, &keys, &mut index);
    let files: IndexFiles = made
        .files
        .into_iter()
        .filter_map(|f| {
            let name = f.filename.to_string_lossy().replace('\\', "/");
            (!unused(&name)).then(|| (format!("{DIR}/{name}"), f.contents))
        })
        .collect();
    if store.keeps() {
        store.put(all, written::encode(&files, made.pages));
    }
    save(store);
    let name = name.to_string();
    Ok(Folder {
        name,
        files,
        linked: Vec::new(),
        pages: made.pages,
        parsed: made.parsed,
        reused: false,
        updated,
    })
}

/// Indexes every page of a folder through `index`: each read back from
/// `store` under its key, or else parsed.
fn index_all(
    name: &str,
    index: &mut PagefindIndex,
    pages: Vec<Searched>,
    keys: &[Key],
    store: &Shards,
    read: &Read,
    gzips: &Gzips,
) -> Result<Updated, String> {
    // Pages read back from the cache, and the others to parse.
    let cached: Vec<Option<ParsedPage>> = keys.par_iter().map(|k| stored_page(store, k)).collect();
    // The documents of the others (a linked page's read from the output;
    // one without a part to index is left out).
    let todo: Vec<Option<Doc>> = pages
        .into_par_iter()
        .zip(&cached)
        .map(|(page, c)| {
            if c.is_some() {
                return Ok(None);
            }
            let text = document_of(page.text, &page.path, read)?;
            Ok(text.map(|text| (page.path, text)))
        })
        .collect::<Result<_, String>>()?;
    let (keys, cached): (Vec<&Key>, Vec<Option<ParsedPage>>) = keys
        .iter()
        .zip(cached)
        .zip(&todo)
        .filter(|((_, c), t)| c.is_some() || t.is_some())
        .map(|(kc, _)| kc)
        .unzip();
    let (todo, paths): (Vec<Doc>, Vec<String>) = todo
        .into_iter()
        .flatten()
        .map(|doc| {
            let path = doc.0.clone();
            (doc, path)
        })
        .unzip();
    let parsed = todo.len();
    let mut fresh = index
        .parse_html_files(todo)
        .map_err(|e| e.to_string())?
        .into_iter()
        .zip(paths)
        .map(|(r, path)| r.map_err(|e| format!("{path}: cannot index this page: {e}")));
    crate::timings::mark(&format!("  {name}/ pages parsed"));
    let mut pages = Vec::with_capacity(keys.len());
    for (key, old) in keys.iter().zip(cached) {
        let page = match old {
            Some(p) => {
                store.keep(key);
                p
            }
            None => {
                let p = fresh.next().ok_or("a page went missing while indexing")??;
                store_page(store, **key, &p);
                p
            }
        };
        pages.push(page);
    }
    let count = pages.iter().filter(|p| p.word_count() > 0).count();
    if count == 0 {
        return Ok(Updated {
            files: Vec::new(),
            pages: 0,
            parsed,
        });
    }
    index.add_parsed(pages).map_err(|e| e.to_string())?;
    crate::timings::mark(&format!("  {name}/ pages added"));
    let compress = |raw: &[u8]| gzips.compress(raw);
    let files = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| format!("cannot start the search indexer: {e}"))?
        .block_on(index.get_files_with(&compress))
        .map_err(|e| e.to_string())?;
    Ok(Updated {
        files,
        pages: count,
        parsed,
    })
}

/// What Pagefind parsed of a page, read back from `store` under `key`.
fn stored_page(store: &Shards, key: &Key) -> Option<ParsedPage> {
    store.get(key).and_then(|b| ParsedPage::from_bytes(b).ok())
}

/// Keeps what Pagefind parsed of a page in `store` under `key`.
fn store_page(store: &Shards, key: Key, page: &ParsedPage) {
    if store.keeps() {
        if let Ok(bytes) = page.to_bytes() {
            store.put(key, bytes);
        }
    }
}

/// The document Pagefind reads of the page at `path`: `text` when given,
/// or else the indexed part of the page read from the output (`read`);
/// `None` for a page without one.
fn document_of(text: Option<String>, path: &str, read: &Read) -> Result<Option<String>, String> {
    match text {
        Some(text) => Ok(Some(text)),
        None => Ok(indexed::document(&read(path)?).map(|doc| doc.into_owned())),
    }
}

/// Files per language's store: an edit rewrites a few of them (the one
/// of the kept index, and small ones).
const SHARDS: usize = 64;

/// Saves a store; a cache that cannot be written only makes the next
/// build slower.
fn save(store: Shards) {
    let _ = store.save();
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
        let mut pages = ctx
            .searched
            .map(|m| std::mem::take(&mut *lock(m)))
            .unwrap_or_default();
        pages.sort_unstable_by(|a, b| a.path.cmp(&b.path));
        crate::allocator::give_back_freed_memory_at_once();
        // A file that cannot be written is reported as it is.
        let mut unwritten = None;
        let read = |rel: &str| ctx.out.read(rel);
        let link = |rel: &str, d: &FileDigest| ctx.out.link(rel, d);
        let made = index_into(pages, ctx.cache, &read, &link, &mut |rel, bytes| {
            ctx.out.write(rel, bytes).map_err(|d| {
                let message = d.message.clone();
                unwritten = Some(d);
                message
            })
        });
        if let Some(d) = unwritten {
            return Err(vec![d]);
        }
        let made = made.map_err(|e| vec![problem(ctx.shown_out, &e)])?;
        stats.files += made.files;
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

/// The entry file of the whole site: the languages of every folder's
/// entry file, in one.
#[derive(Default)]
struct Entry {
    json: Option<serde_json::Value>,
    /// The languages so far, sorted.
    languages: Vec<String>,
}

impl Entry {
    /// Adds the languages of a folder's entry file.
    fn add(&mut self, bytes: &[u8]) -> Result<(), String> {
        let e: serde_json::Value = serde_json::from_slice(bytes)
            .map_err(|e| format!("Pagefind wrote an entry file that is not JSON: {e}"))?;
        let Some(more) = e["languages"].as_object() else {
            return Err("Pagefind's entry file has no languages".into());
        };
        for lang in more.keys() {
            if self.languages.contains(lang) {
                return Err(format!(
                    "pages in `{lang}` are in more than one folder of the site"
                ));
            }
            self.languages.push(lang.clone());
        }
        self.languages.sort();
        match self.json.as_mut() {
            None => self.json = Some(e),
            Some(all) => {
                let Some(langs) = all["languages"].as_object_mut() else {
                    return Err("Pagefind's entry file has no languages".into());
                };
                for (lang, v) in more {
                    langs.insert(lang.clone(), v.clone());
                }
            }
        }
        Ok(())
    }

    /// The merged entry file, if any folder had one.
    fn bytes(&self) -> Result<Option<Vec<u8>>, String> {
        self.json
            .as_ref()
            .map(|e| serde_json::to_vec(e).map_err(|e| e.to_string()))
            .transpose()
    }
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
