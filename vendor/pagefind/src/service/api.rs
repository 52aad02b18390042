//! The programmatic service interface for integrating Pagefind into another Rust project.
//!
//! # Examples
//!
//! ```
//! use pagefind::api::{PagefindIndex};
//! use pagefind::options::{PagefindServiceConfig};
//!
//! #[tokio::main]
//! async fn main() {
//!     let options = PagefindServiceConfig::builder()
//!         .keep_index_url(true)
//!         .force_language("en".to_string())
//!         .build();
//!     let mut index = PagefindIndex::new(Some(options)).expect("Options should be valid");
//!     let indexing_response = index
//!         .add_html_file(
//!             Some("test/index.html".into()),
//!             None,
//!             "<html><body><h1>Test content</h1></body></html>".into(),
//!         )
//!         .await;
//!
//!     if let Ok(file) = indexing_response {
//!         println!("Page word count: {}", file.page_word_count);
//!         println!("Page URL: {}", file.page_url);
//!     }
//!
//!     let files_response = index.get_files().await;
//!     if let Ok(files) = files_response {
//!         println!("Have {} files to write to disk", files.len());
//!     }
//! }
//! ```

pub use crate::output::{gzip, SyntheticFile};
pub use crate::index::{Kept, Part};
use anyhow::{bail, Result};
use rust_patch::Patch;
use std::{collections::BTreeMap, path::PathBuf, sync::Arc};

use crate::{
    fossick::{parser::DomParserResult, FossickedData, Fossicker, MetaFossickedWord, WordData},
    fragments::{PageAnchorData, PageFragment, PageFragmentData},
    options::PagefindServiceConfig,
    PagefindInboundConfig, SearchOptions, SearchState,
};

#[derive(Debug)]
pub struct IndexedFileResponse {
    pub page_word_count: u32,
    pub page_url: String,
    pub page_meta: BTreeMap<String, String>,
}

pub struct PagefindIndex {
    search_index: Arc<tokio::sync::Mutex<SearchState>>,
}

impl PagefindIndex {
    /// Create a new PagefindIndex instance that files can be added to.
    ///
    /// # Arguments
    /// * `config` - An optional PagefindServiceConfig to override default options for the service.
    ///
    /// # Returns
    /// A PagefindIndex instance if search options are valid, otherwise an Error.
    pub fn new(config: Option<PagefindServiceConfig>) -> Result<Self> {
        let mut service_options: PagefindInboundConfig =
            serde_json::from_str("{}").expect("All fields have serde defaults");

        service_options.service = true;
        if let Some(config) = config {
            service_options = config.apply(service_options);
        }

        let options = SearchOptions::load(service_options)?;
        Ok(Self {
            search_index: Arc::new(tokio::sync::Mutex::new(SearchState::new(options))),
        })
    }

    /// Add an HTML file that isn't on disk into this search index.
    /// Either a filepath or a URL must be provided.
    ///
    /// # Arguments
    /// * `source_path` - The source path of the HTML file if it were to exist on disk.
    /// * `url` - An explicit URL to use, instead of having Pagefind compute the URL based on the `source_path`.
    /// * `content` - The source HTML content of the file to be parsed.
    ///
    /// # Returns
    /// Metadata about the added file if successful, otherwise an Error.
    pub async fn add_html_file(
        &mut self,
        source_path: Option<String>,
        url: Option<String>,
        content: String,
    ) -> Result<IndexedFileResponse> {
        if source_path.is_none() && url.is_none() {
            bail!("Either source_path or url must be provided");
        }

        let file = Fossicker::new_synthetic(source_path.map(PathBuf::from), url, content);
        let state = Arc::clone(&self.search_index);
        let data = tokio::task::spawn_blocking(move || {
            state.blocking_lock().fossick_one(file)
        })
        .await
        .map_err(|e| anyhow::anyhow!("Task join error: {e}"))??;

        Ok(IndexedFileResponse {
            page_word_count: data.fragment.data.word_count as u32,
            page_url: data.fragment.data.url,
            page_meta: data.fragment.data.meta,
        })
    }

    /// ent-guide: parses HTML files that aren't on disk, `(source path,
    /// content)` each, in parallel, without adding them: the results (in
    /// the order given) may be stored ([`ParsedPage::to_bytes`]) and are
    /// added with [`PagefindIndex::add_parsed`]. Call it outside an async
    /// task or while nothing else uses the index.
    pub fn parse_html_files(&self, files: Vec<(String, String)>) -> Result<Vec<Result<ParsedPage>>> {
        let state = self
            .search_index
            .try_lock()
            .map_err(|_| anyhow::anyhow!("the index is busy"))?;
        let fossickers = files
            .into_iter()
            .map(|(path, content)| Fossicker::new_synthetic(Some(PathBuf::from(path)), None, content))
            .collect();
        Ok(state
            .fossick_batch(fossickers)
            .into_iter()
            .map(|r| r.map(ParsedPage))
            .collect())
    }

    /// ent-guide: adds parsed pages to the index, in the order given, as
    /// `add_html_file` would have added them (the pages are moved, not
    /// copied; after `get_files` the index holds none).
    pub fn add_parsed(&mut self, pages: Vec<ParsedPage>) -> Result<()> {
        let mut state = self
            .search_index
            .try_lock()
            .map_err(|_| anyhow::anyhow!("the index is busy"))?;
        state.add_fossicked(pages.into_iter().map(|p| p.0).collect());
        Ok(())
    }

    /// ent-guide: builds the index and returns its files as `get_files`
    /// does, each index file gzipped by `compress` ([`gzip`] of its bytes,
    /// or the same bytes kept from an earlier build).
    pub async fn get_files_with(
        &mut self,
        compress: &(dyn Fn(&[u8]) -> Vec<u8> + Sync),
    ) -> Result<Vec<SyntheticFile>> {
        let mut state = self.search_index.lock().await;
        state.build_indexes().await?;
        Ok(state.get_files_with(compress))
    }

    /// ent-guide: keeps what the index is made of, if it has one language:
    /// after [`PagefindIndex::get_files_with`], [`PagefindIndex::take_kept`]
    /// gives it, to update the index in a later build.
    pub fn keep(&mut self) -> Result<()> {
        self.state()?.keep = true;
        Ok(())
    }

    /// ent-guide: what was kept of the index made last (see
    /// [`PagefindIndex::keep`]).
    pub fn take_kept(&mut self) -> Result<Option<Kept>> {
        Ok(self.state()?.kept.take())
    }

    /// ent-guide: the files of the index `kept` (from an earlier build)
    /// with `changed`, pages already in it parsed anew, in place of theirs
    /// (`replaced`: those pages as they were parsed when `kept` was made),
    /// as [`PagefindIndex::get_files_with`] gives them for all the pages;
    /// only the words of the changed pages are indexed again. `None` where
    /// it cannot be made so (a page new to the index, a meta field new to
    /// it or gone, rarely a word's diacritic variants): index every page
    /// then. What is kept of the result is in
    /// [`PagefindIndex::take_kept`].
    pub fn update_files_with(
        &mut self,
        kept: Kept,
        changed: Vec<ParsedPage>,
        replaced: Vec<ParsedPage>,
        compress: &(dyn Fn(&[u8]) -> Vec<u8> + Sync),
    ) -> Result<Option<Vec<SyntheticFile>>> {
        let mut state = self.state()?;
        let changed = changed.into_iter().map(|p| p.0).collect();
        let replaced = replaced.into_iter().map(|p| p.0).collect();
        if !state.update_kept(kept, changed, replaced)? {
            return Ok(None);
        }
        Ok(Some(state.get_files_with(compress)))
    }

    /// ent-guide: the index's state, for a call made outside an async task.
    fn state(&self) -> Result<tokio::sync::MutexGuard<'_, SearchState>> {
        self.search_index
            .try_lock()
            .map_err(|_| anyhow::anyhow!("the index is busy"))
    }

    /// Index a custom record that isn't backed by an HTML file.
    ///
    /// # Arguments
    /// * `url` - The output URL of this record. Pagefind will not alter this.
    /// * `content` - The raw content of this record.
    /// * `language` - What language is this record written in. Expects an ISO 639-1 code.
    /// * `meta` - The metadata to attach to this record. Supplying a `title` is highly recommended.
    /// * `filters` - The filters to attach to this record.
    /// * `sort` - The sort keys to attach to this record.
    ///
    /// # Returns
    /// Metadata about the added record if successful, otherwise an Error.
    pub async fn add_custom_record(
        &mut self,
        url: String,
        content: String,
        language: String,
        meta: Option<BTreeMap<String, String>>,
        filters: Option<BTreeMap<String, Vec<String>>>,
        sort: Option<BTreeMap<String, String>>,
    ) -> Result<IndexedFileResponse> {
        let force_language = self
            .search_index
            .lock()
            .await
            .options
            .force_language
            .clone();
        let data = DomParserResult {
            digest: content,
            filters: filters.unwrap_or_default(),
            sort: sort.unwrap_or_default(),
            meta: meta.unwrap_or_default(),
            anchor_content: BTreeMap::new(),
            anchor_titles: BTreeMap::new(),
            has_custom_body: false,
            force_inclusion: true,
            has_html_element: true,
            has_old_bundle_reference: false,
            has_default_ui_reference: false,
            language: force_language.unwrap_or(language),
        };
        let file = Fossicker::new_with_data(url, data);
        let state = Arc::clone(&self.search_index);
        let data = tokio::task::spawn_blocking(move || {
            state.blocking_lock().fossick_one(file)
        })
        .await
        .map_err(|e| anyhow::anyhow!("Task join error: {e}"))??;

        Ok(IndexedFileResponse {
            page_word_count: data.fragment.data.word_count as u32,
            page_url: data.fragment.data.url,
            page_meta: data.fragment.data.meta,
        })
    }

    /// Index a directory of HTML files from disk.
    ///
    /// # Arguments
    /// * `path` - The path to the directory to index.
    /// * `glob` - A glob pattern to match files in the directory. If not provided, the default glob pattern will be used.
    ///
    /// # Returns
    /// The number of pages indexed if successful, otherwise an Error.
    pub async fn add_directory(&mut self, path: String, glob: Option<String>) -> Result<usize> {
        let defaults: PagefindInboundConfig =
            serde_json::from_str("{}").expect("All fields have serde defaults");
        let glob = glob.unwrap_or(defaults.glob);

        let state = Arc::clone(&self.search_index);
        let page_count = tokio::task::spawn_blocking(move || {
            state.blocking_lock().fossick_many(PathBuf::from(path), glob)
        })
        .await
        .map_err(|e| anyhow::anyhow!("Task join error: {e}"))??;

        Ok(page_count)
    }

    /// Build the search index for this instance and hold it in memory.
    pub async fn build_indexes(&mut self) -> Result<()> {
        self.search_index.lock().await.build_indexes().await
    }

    /// Build the search index for this instance and write the files to disk.
    ///
    /// # Arguments
    /// * `output_path` - The path to write the files to. If not provided, the default output path will be used.
    ///
    /// # Returns
    /// The path files were written to if successful, otherwise an Error.
    pub async fn write_files(&mut self, output_path: Option<String>) -> Result<String> {
        let mut state = self.search_index.lock().await;
        state.build_indexes().await?;
        let resolved_output_path = state.write_files(output_path.map(Into::into)).await;

        Ok(resolved_output_path.to_string_lossy().into())
    }

    /// Build the search index for this instance and return the files as a list of
    /// SyntheticFileResponse.
    ///
    /// # Returns
    /// A list of SyntheticFiles containing the path and content of each file.
    pub async fn get_files(&mut self) -> Result<Vec<SyntheticFile>> {
        let mut state = self.search_index.lock().await;
        state.build_indexes().await?;
        Ok(state.get_files().await)
    }
}

/// ent-guide: what Pagefind read of one page, ready to be added to an
/// index; it can be stored as bytes and read back, so that a page that did
/// not change need not be parsed again.
pub struct ParsedPage(FossickedData);

/// The stored form of a [`ParsedPage`] (postcard, fields in this order;
/// the words as their packed bytes, [`WordData`]).
/// Anchors are tuples, as their JSON form leaves out a missing title,
/// which a format without field names cannot do.
#[derive(serde::Serialize)]
struct StoredRef<'a> {
    url: &'a str,
    content: &'a str,
    word_count: usize,
    filters: &'a BTreeMap<String, Vec<String>>,
    meta: &'a BTreeMap<String, String>,
    anchors: Vec<(&'a str, &'a str, &'a str, &'a Option<String>, u32)>,
    word_data: &'a [u8],
    meta_word_data: &'a hashbrown::HashMap<String, Vec<MetaFossickedWord>>,
    sort: &'a BTreeMap<String, String>,
    flags: [bool; 5],
    language: &'a str,
}

#[derive(serde::Deserialize)]
struct Stored {
    url: String,
    content: String,
    word_count: usize,
    filters: BTreeMap<String, Vec<String>>,
    meta: BTreeMap<String, String>,
    anchors: Vec<(String, String, String, Option<String>, u32)>,
    word_data: Vec<u8>,
    meta_word_data: hashbrown::HashMap<String, Vec<MetaFossickedWord>>,
    sort: BTreeMap<String, String>,
    flags: [bool; 5],
    language: String,
}

impl ParsedPage {
    /// The page's word count (0: nothing indexed).
    pub fn word_count(&self) -> usize {
        self.0.fragment.data.word_count
    }

    /// The page as bytes, for [`ParsedPage::from_bytes`] of the same
    /// Pagefind version.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        let d = &self.0;
        let f = &d.fragment.data;
        let stored = StoredRef {
            url: &d.url,
            content: &f.content,
            word_count: f.word_count,
            filters: &f.filters,
            meta: &f.meta,
            anchors: f
                .anchors
                .iter()
                .map(|a| (a.element.as_str(), a.id.as_str(), a.text.as_str(), &a.title, a.location))
                .collect(),
            word_data: d.word_data.as_bytes(),
            meta_word_data: &d.meta_word_data,
            sort: &d.sort,
            flags: [
                d.has_custom_body,
                d.force_inclusion,
                d.has_html_element,
                d.has_old_bundle_reference,
                d.has_default_ui_reference,
            ],
            language: &d.language,
        };
        Ok(postcard::to_stdvec(&stored)?)
    }

    /// A page read back from [`ParsedPage::to_bytes`]; an error for bytes
    /// that are not one.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let s: Stored = postcard::from_bytes(bytes)?;
        let [has_custom_body, force_inclusion, has_html_element, has_old_bundle_reference, has_default_ui_reference] =
            s.flags;
        Ok(ParsedPage(FossickedData {
            url: s.url.clone(),
            fragment: PageFragment {
                page_number: 0,
                data: PageFragmentData {
                    url: s.url,
                    content: s.content,
                    word_count: s.word_count,
                    filters: s.filters,
                    meta: s.meta,
                    anchors: s
                        .anchors
                        .into_iter()
                        .map(|(element, id, text, title, location)| PageAnchorData {
                            element,
                            id,
                            text,
                            title,
                            location,
                        })
                        .collect(),
                },
            },
            word_data: WordData::from_bytes(s.word_data),
            meta_word_data: s.meta_word_data,
            sort: s.sort,
            has_custom_body,
            force_inclusion,
            has_html_element,
            has_old_bundle_reference,
            has_default_ui_reference,
            language: s.language,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn test_add_file() {
        let options = PagefindServiceConfig::builder()
            .keep_index_url(true)
            .force_language("en".to_string())
            .build();
        let mut index = PagefindIndex::new(Some(options)).unwrap();
        let file_response = index
            .add_html_file(
                Some("test/index.html".into()),
                None,
                "<html><body><h1>Test content</h1></body></html>".into(),
            )
            .await;

        let file = file_response.expect("Adding a file should succeed");
        assert_eq!(file.page_word_count, 2);
        assert_eq!(file.page_url, "/test/index.html");

        let files_response = index.get_files().await;

        let files = files_response.expect("Getting files should succeed");
        let filenames: Vec<_> = files.into_iter().map(|f| f.filename).collect();
        assert!(filenames.contains(&PathBuf::from("pagefind.js")));
        assert!(filenames.contains(&PathBuf::from("pagefind-ui.js")));
        assert!(filenames.contains(&PathBuf::from("pagefind-ui.css")));
        assert!(filenames.contains(&PathBuf::from("wasm.en.pagefind")));
        assert!(filenames.contains(&PathBuf::from("pagefind-entry.json")));
        assert!(filenames
            .iter()
            .any(|f| f.to_string_lossy().ends_with(".pf_meta")));
        assert!(filenames
            .iter()
            .any(|f| f.to_string_lossy().ends_with(".pf_fragment")));
        assert!(filenames
            .iter()
            .any(|f| f.to_string_lossy().ends_with(".pf_index")));
    }
}
