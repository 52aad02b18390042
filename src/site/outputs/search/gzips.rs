//! The gzip of each index file, kept in the build cache: most files of a
//! language's index (a page's fragment, a chunk of words where no page
//! changed) are the same bytes as in the last build, and their gzip is
//! kept under the digest of those bytes.

use crate::site::cache::{self, Key, Shards};
use pagefind::api::gzip;
use std::sync::Mutex;

/// Gzips index files, reusing those a store holds.
pub struct Gzips<'a> {
    store: &'a Shards,
    /// Gzips found in the store, and those made.
    reused: Mutex<Vec<Key>>,
    made: Mutex<Vec<(Key, Vec<u8>)>>,
}

impl<'a> Gzips<'a> {
    pub fn new(store: &'a Shards) -> Self {
        Gzips {
            store,
            reused: Mutex::new(Vec::new()),
            made: Mutex::new(Vec::new()),
        }
    }

    /// `raw` gzipped (Pagefind's [`gzip`]), from the store if it holds it.
    pub fn compress(&self, raw: &[u8]) -> Vec<u8> {
        if !self.store.keeps() {
            return gzip(raw);
        }
        let key = cache::key(&[b"gzip", raw]);
        if let Some(gz) = self.store.get(&key) {
            super::lock(&self.reused).push(key);
            return gz.to_vec();
        }
        let gz = gzip(raw);
        super::lock(&self.made).push((key, gz.clone()));
        gz
    }

    /// Keeps in the store the gzips used in this build.
    pub fn record(self) {
        for key in self.reused.into_inner().unwrap_or_else(|e| e.into_inner()) {
            self.store.keep(&key);
        }
        for (key, gz) in self.made.into_inner().unwrap_or_else(|e| e.into_inner()) {
            self.store.put(key, gz);
        }
    }
}
