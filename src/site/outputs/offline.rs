//! The guide offline (`build` only, never the preview): per language a web
//! app manifest (`<lang>/manifest.webmanifest`: the site's title in that
//! language, `start_url` and `scope` `./`, so any base path works, and the
//! theme's `icon-*.png` icons, sizes read from the files) and a service
//! worker (`<lang>/sw.js`, scope `<lang>/`), which `site.js` registers on
//! pages that link a manifest.
//!
//! After a reader's first visit, the worker keeps in a cache that
//! language's pages and report pages, the theme's assets, the media, the
//! screenshots' phone copies (and the pictures too narrow to have one) and
//! the whole search index (every language's, so that search across
//! languages works offline too). It answers every request from the network
//! first and from the cache only when the network fails, so no stale page
//! is served online. The worker holds a digest of every other file of the
//! output (of each file's path and SHA-256): a new build that changes
//! anything changes the worker, which the browser notices on the next
//! visit; the new worker fills a new cache and drops the old one. Two
//! builds of the same guide give the same bytes.
//!
//! The manifests and workers run last, over the staged output (its files
//! and their digests as the staging folder recorded them while they were
//! written, [`Staged`]: the site is not read back), and are not counted in
//! page weights: a worker loads once.

use super::{BuildStats, Output, RenderContext};
use crate::diagnostics::Diagnostic;
use crate::site::sink::Sink;
use crate::site::staged::Staged;
use crate::site::Site;
use rayon::prelude::*;
use sha2::{Digest as _, Sha256};

/// The manifests and service workers.
pub struct Offline;

/// A language's manifest and worker, under `<lang>/`.
pub const MANIFEST: &str = "manifest.webmanifest";
pub const WORKER: &str = "sw.js";

impl Output for Offline {
    fn name(&self) -> &'static str {
        "offline"
    }

    fn reads_site(&self) -> bool {
        true
    }

    fn render(&self, ctx: &RenderContext, stats: &mut BuildStats) -> Result<(), Vec<Diagnostic>> {
        let Sink::Disk(staged) = ctx.out else {
            return Ok(());
        };
        let (files, version) = listing(staged);
        let paths: Vec<&str> = files.iter().map(String::as_str).collect();
        // Each language's pair in parallel: a worker lists thousands of files.
        let written: Vec<Result<(), Diagnostic>> = ctx
            .site
            .config
            .languages
            .par_iter()
            .flat_map_iter(|lang| {
                let code = &lang.code;
                let manifest = manifest(ctx.site, code, &lang.dir, staged, &paths);
                let worker = worker(code, &version, &precache(code, &paths));
                [(MANIFEST, manifest), (WORKER, worker)]
                    .map(|(name, text)| ctx.out.write(&format!("{code}/{name}"), text.as_bytes()))
            })
            .collect();
        let mut problems = Vec::new();
        for w in written {
            match w {
                Ok(()) => stats.files += 1,
                Err(d) => problems.push(d),
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }
}

/// Every file of the staged output (`/`-separated paths, sorted), and
/// the digest of their paths and SHA-256s in that order (16 hex digits).
fn listing(staged: &Staged) -> (Vec<String>, String) {
    let mut digest = Sha256::new();
    let mut files = Vec::new();
    for (rel, d) in staged.files() {
        digest.update(rel.as_bytes());
        digest.update([0]);
        digest.update(d);
        files.push(rel);
    }
    let first: [u8; 8] = digest.finalize()[..8].try_into().unwrap_or_default();
    let version = crate::digest::hex(u64::from_be_bytes(first), 16);
    (files, version)
}

/// What the worker of `lang` keeps, as addresses relative to `<lang>/sw.js`
/// (pages by their folder, as readers' links name them).
pub fn precache(lang: &str, paths: &[&str]) -> Vec<String> {
    let own = format!("{lang}/");
    let index = format!("{}/", super::search::DIR);
    let mut out = Vec::new();
    for p in paths {
        if let Some(rest) = p.strip_prefix(&own) {
            if rest.ends_with(".pdf") || rest == MANIFEST || rest == WORKER {
                continue;
            }
            out.push(match rest.strip_suffix("index.html") {
                Some("") => "./".to_string(),
                Some(folder) => folder.to_string(),
                None => rest.to_string(),
            });
        } else if p.starts_with("assets/")
            || p.starts_with("media/")
            || p.starts_with(&index)
            || is_phone_picture(p, paths)
        {
            out.push(format!("../{p}"));
        }
    }
    out
}

/// A screenshot as phones load it: its phone copy, or the picture itself
/// when it is too narrow to have one.
fn is_phone_picture(p: &str, paths: &[&str]) -> bool {
    if !p.starts_with("screenshots/") || !p.ends_with(".png") {
        return false;
    }
    if p.ends_with(".small.png") {
        return true;
    }
    let copy = format!("{}.small.png", p.trim_end_matches(".png"));
    paths.binary_search(&copy.as_str()).is_err()
}

/// `<lang>/manifest.webmanifest`.
/// `out` is the staged output, `paths` its files (icon sizes are read from
/// their headers).
fn manifest(site: &Site, lang: &str, dir: &str, out: &Staged, paths: &[&str]) -> String {
    let icons: Vec<serde_json::Value> = paths
        .iter()
        .filter(|p| p.starts_with("assets/icon-") && p.ends_with(".png"))
        .filter_map(|p| {
            let size = imagesize::size(out.path_of(p)).ok()?;
            Some(serde_json::json!({
                "src": format!("../{p}"),
                "sizes": format!("{}x{}", size.width, size.height),
                "type": "image/png",
                "purpose": "any maskable",
            }))
        })
        .collect();
    let title = site.config.title_in(lang);
    let value = serde_json::json!({
        "name": title,
        "short_name": title,
        "lang": lang,
        "dir": dir,
        "start_url": "./",
        "scope": "./",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b5cad",
        "icons": icons,
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

/// `<lang>/sw.js`: caches `files` on install (its version's cache), drops
/// the caches of other versions on activation, and answers from the
/// network first, from the cache when the network fails.
fn worker(lang: &str, version: &str, files: &[String]) -> String {
    let mut list = Vec::with_capacity(files.iter().map(|f| f.len() + 4).sum());
    for (i, f) in files.iter().enumerate() {
        list.extend_from_slice(if i > 0 { b",\n" } else { b"\n" });
        let _ = serde_json::to_writer(&mut list, f);
    }
    let list = String::from_utf8(list).unwrap_or_default();
    format!(
        r#"// The guide offline ({lang}), written by `ent-guide build`: keeps this
// language's pages, the assets, the screenshots' phone copies and the
// search index after a first visit; network first, the cache when offline.
const VERSION = "{version}";
const FILES = [{list}
];
const PREFIX = "ent-guide " + self.registration.scope + " ";
const CACHE = PREFIX + VERSION;

self.addEventListener("install", (e) => {{
  e.waitUntil(
    caches.open(CACHE)
      .then((c) => c.addAll(FILES.map((f) => new Request(f, {{ cache: "no-cache" }}))))
      .then(() => self.skipWaiting()),
  );
}});

self.addEventListener("activate", (e) => {{
  e.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
}});

self.addEventListener("fetch", (e) => {{
  const req = e.request;
  if (req.method !== "GET" || new URL(req.url).origin !== location.origin) return;
  e.respondWith(
    fetch(req)
      .then((res) => {{
        if (res.ok && res.type === "basic") {{
          const copy = res.clone();
          e.waitUntil(caches.open(CACHE).then((c) => c.put(req, copy)));
        }}
        return res;
      }})
      .catch(() =>
        caches.open(CACHE).then((c) =>
          c.match(req, {{ ignoreSearch: true }}).then((hit) => hit || (req.mode === "navigate" ? c.match("./") : undefined)).then((hit) => hit || Response.error()),
        ),
      ),
  );
}});
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_language_keeps_its_pages_the_assets_and_phone_pictures() {
        let paths = [
            "404.html",
            "assets/style.css",
            "en/index.html",
            "en/log-in/index.html",
            "en/log-in/report.html",
            "en/ent-guide-en.pdf",
            "fr/index.html",
            "pagefind/pagefind.js",
            "screenshots/log-in/a.png",
            "screenshots/log-in/a.small.png",
            "screenshots/log-in/narrow.png",
        ];
        let got = precache("en", &paths);
        assert_eq!(
            got,
            [
                "../assets/style.css",
                "./",
                "log-in/",
                "log-in/report.html",
                "../pagefind/pagefind.js",
                "../screenshots/log-in/a.small.png",
                "../screenshots/log-in/narrow.png",
            ]
        );
    }
}
