//! Live reload: the site being served (swapped or patched after each
//! rebuild), the events pushed to open pages over server-sent events, and
//! the script and toolbar injected into every served HTML page (never into
//! `build` output: injection happens only here, as a page is served).
//!
//! The search index is made for the pages being served the first time a
//! `/pagefind/…` file is asked for after a rebuild ([`Live::search_file`]),
//! not on every save.

use super::rebuild::{Outcome, Reload};
use axum::body::Bytes;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::stream::{self, Stream};
use serde_json::json;
use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::{Arc, Mutex, RwLock};
use tokio::sync::broadcast;

/// The script injected into every page (toolbar, reconnecting event
/// stream, error overlay, stylesheet swap).
pub const LIVE_JS: &str = include_str!("live.js");

/// Where the script and the event stream are served.
pub const SCRIPT_PATH: &str = "/__preview/live.js";
pub const EVENTS_PATH: &str = "/__preview/events";

/// What is served now.
#[derive(Default)]
struct Snapshot {
    files: HashMap<String, Bytes>,
    /// Bumped by each successful rebuild.
    version: u64,
    /// The problems of the last rebuild, when it failed.
    errors: Vec<String>,
}

/// The search index of one version of the site: its files by path.
type SearchIndex = (u64, Arc<HashMap<String, Bytes>>);

/// The served site and the channel of its events, shared by the server and
/// the rebuild thread.
#[derive(Clone)]
pub struct Live {
    snapshot: Arc<RwLock<Snapshot>>,
    /// Made on first use after each rebuild, not on every save: the box is
    /// rarely used while editing, and the index takes longer than a page.
    search: Arc<Mutex<Option<SearchIndex>>>,
    events: broadcast::Sender<Event>,
    /// The mock intranet's URL, for the toolbar.
    pub mock_url: String,
}

impl Live {
    pub fn new(mock_url: String) -> Live {
        let (events, _) = broadcast::channel(64);
        Live {
            snapshot: Arc::default(),
            search: Arc::default(),
            events,
            mock_url,
        }
    }

    /// A served file (`en/log-in/index.html`).
    pub fn file(&self, path: &str) -> Option<Bytes> {
        self.read().files.get(path).cloned()
    }

    /// A file of the search index (`pagefind/pagefind.js`) of the site
    /// served now, making the index first if this version has none yet.
    /// Blocks while it is made.
    pub fn search_file(&self, path: &str) -> Option<Bytes> {
        let mut cache = self.search.lock().unwrap_or_else(|e| e.into_inner());
        let (version, pages) = {
            let s = self.read();
            if let Some((v, files)) = cache.as_ref() {
                if *v == s.version {
                    return files.get(path).cloned();
                }
            }
            let pages: HashMap<String, Bytes> = s
                .files
                .iter()
                .filter(|(k, _)| k.ends_with(".html"))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            (s.version, pages)
        };
        let made = crate::site::search_index_in_memory(&pages).ok()?;
        let files: HashMap<String, Bytes> =
            made.into_iter().map(|(k, v)| (k, Bytes::from(v))).collect();
        let found = files.get(path).cloned();
        *cache = Some((version, Arc::new(files)));
        found
    }

    /// Whether `path` names a folder holding an `index.html`.
    pub fn has(&self, path: &str) -> bool {
        self.read().files.contains_key(path)
    }

    /// The version of the site served now.
    pub fn version(&self) -> u64 {
        self.read().version
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Snapshot> {
        self.snapshot.read().unwrap_or_else(|e| e.into_inner())
    }

    /// Applies a rebuild's outcome, then tells open pages: a reload or
    /// stylesheet swap only once the new files are in place, or the errors.
    pub fn publish(&self, outcome: Outcome) {
        let event = {
            let mut s = self.snapshot.write().unwrap_or_else(|e| e.into_inner());
            match outcome {
                Outcome::Failed(problems) => {
                    s.errors = problems.iter().map(|d| d.to_string()).collect();
                    Event::default()
                        .event("problems")
                        .data(json!({ "problems": s.errors }).to_string())
                }
                Outcome::Full(files, reload) => {
                    s.files = files
                        .into_iter()
                        .map(|(k, v)| (k, Bytes::from(v)))
                        .collect();
                    finish(&mut s, &reload)
                }
                Outcome::Partial(files, reload) => {
                    for (k, v) in files {
                        s.files.insert(k, Bytes::from(v));
                    }
                    finish(&mut s, &reload)
                }
            }
        };
        // No page open is not an error.
        let _ = self.events.send(event);
    }

    /// The event stream of one open page: first where things stand (the
    /// version served and any problems), then every rebuild.
    pub fn stream(&self) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
        let hello = {
            let s = self.read();
            Event::default()
                .event("hello")
                .data(json!({ "version": s.version, "problems": s.errors }).to_string())
        };
        let rx = self.events.subscribe();
        let rest = stream::unfold(rx, |mut rx| async move {
            match rx.recv().await {
                Ok(e) => Some((Ok(e), rx)),
                // A page that fell behind reloads: it cannot know what it missed.
                Err(broadcast::error::RecvError::Lagged(_)) => {
                    let e = Event::default().event("reload").data("{}");
                    Some((Ok(e), rx))
                }
                Err(broadcast::error::RecvError::Closed) => None,
            }
        });
        let all = stream::once(async move { Ok(hello) });
        Sse::new(futures_util::StreamExt::chain(all, rest)).keep_alive(KeepAlive::default())
    }

    /// `html` with the preview's script before `</body>`.
    pub fn inject(&self, html: &[u8]) -> Vec<u8> {
        let tag = format!(
            "<script src=\"{SCRIPT_PATH}\" data-version=\"{}\" data-mock=\"{}\"></script>",
            self.version(),
            crate::render::escape(&self.mock_url)
        );
        let at = find_last(html, b"</body>").unwrap_or(html.len());
        let mut out = Vec::with_capacity(html.len() + tag.len());
        out.extend_from_slice(&html[..at]);
        out.extend_from_slice(tag.as_bytes());
        out.extend_from_slice(&html[at..]);
        out
    }
}

fn finish(s: &mut Snapshot, reload: &Reload) -> Event {
    s.version += 1;
    s.errors.clear();
    let data = match reload {
        Reload::All => json!({ "version": s.version }),
        Reload::Pages(p) => json!({ "version": s.version, "pages": p }),
        Reload::Css(c) => json!({ "version": s.version, "css": c }),
    };
    let name = if matches!(reload, Reload::Css(_)) {
        "css"
    } else {
        "reload"
    };
    Event::default().event(name).data(data.to_string())
}

fn find_last(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_goes_before_the_end_of_body() {
        let live = Live::new("http://127.0.0.1:9/".into());
        let out = String::from_utf8(live.inject(b"<html><body><p>x</p></body></html>")).unwrap();
        assert!(out.contains("<p>x</p><script src=\"/__preview/live.js\""));
        assert!(out.ends_with("</script></body></html>"));
        let out = String::from_utf8(live.inject(b"<p>no body</p>")).unwrap();
        assert!(out.starts_with("<p>no body</p><script"));
    }
}
