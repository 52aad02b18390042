//! What a build reuses of the previous build's rendering, from the build
//! cache ([`super::cache`]): each page body (Markdown → HTML, store
//! `bodies`), each page (the template filled in, store `pages`) and each
//! print view (store `prints`), so that after an edit only what the edit
//! changed is rendered again.
//!
//! Every entry is keyed on all that made it, so that no entry can be stale:
//! - a body on its version's whole file text, the reader's language, the
//!   page's slug and folder, its screenshots (sidecars and sizes), the
//!   notices of its stale blocks, the screenshot words of its language and
//!   what links and images are checked against (every page's slug, every
//!   file's path, every image's size: [`Site::known_key`]);
//! - a page on the templates ([`crate::theme::Theme::templates_key`]) and its
//!   whole template context (body, menu, languages, dates...), as JSON;
//! - a print view on the templates, its context without the sections'
//!   text, and the keys of the bodies it shows.
//!
//! A body with problems (a broken link) is never kept: the build fails, and
//! the next one renders it again. Without a cache ([`Reuse::off`]: the
//! preview, `check`, `--no-cache`) everything is rendered, nothing kept.

use super::cache::{self, put_str, put_u64, Cache, Key, Reader, Shards};
use super::Site;
use crate::diagnostics::Diagnostic;
use crate::render::{AnchorRef, Rendered};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The stores' tag: the meaning of their entries.
const TAG: &str = "rendered 1";

/// Files per store: an edit rewrites one of them (a few megabytes on a
/// guide of thousands of pages).
const SHARDS: usize = 16;

/// The rendering a build reuses and keeps.
pub struct Reuse {
    bodies: Shards,
    pages: Shards,
    prints: Shards,
    /// [`Site::known_key`], when there is a cache.
    known: Key,
    /// Bodies and pages rendered in this build (the others were reused).
    pub rendered_bodies: AtomicUsize,
    pub rendered_pages: AtomicUsize,
}

impl Reuse {
    /// The rendering kept in `cache` for `site`.
    pub fn open(cache: &Cache, site: &Site) -> Reuse {
        let reuse = Self::stores(cache);
        Reuse {
            known: if reuse.on() {
                site.known_key()
            } else {
                [0; 32]
            },
            ..reuse
        }
    }

    /// Nothing reused, nothing kept.
    pub fn off() -> Reuse {
        Self::stores(&Cache::off())
    }

    /// The stores of `cache`, before the site's key is known.
    fn stores(cache: &Cache) -> Reuse {
        Reuse {
            bodies: Shards::open(cache, "bodies", TAG, SHARDS),
            pages: Shards::open(cache, "pages", TAG, SHARDS),
            prints: Shards::open(cache, "prints", TAG, SHARDS),
            known: [0; 32],
            rendered_bodies: AtomicUsize::new(0),
            rendered_pages: AtomicUsize::new(0),
        }
    }

    /// Whether there is a cache to reuse from and keep in.
    pub fn on(&self) -> bool {
        self.bodies.keeps()
    }

    /// The key of a body made of `parts` (see the module's doc), or `None`
    /// without a cache.
    pub fn body_key(&self, parts: &[&[u8]]) -> Option<Key> {
        self.on().then(|| {
            let mut all: Vec<&[u8]> = vec![b"body", &self.known];
            all.extend_from_slice(parts);
            cache::key(&all)
        })
    }

    /// The body kept under `key`, or the one `render` makes (kept when it
    /// has no problems).
    pub fn body(&self, key: Option<Key>, render: impl FnOnce() -> Rendered) -> Rendered {
        let Some(key) = key else {
            return render();
        };
        if let Some(rendered) = self.bodies.get(&key).and_then(decode_body) {
            self.bodies.keep(&key);
            return rendered;
        }
        self.rendered_bodies.fetch_add(1, Ordering::Relaxed);
        let rendered = render();
        if rendered.problems.is_empty() {
            self.bodies.put(key, encode_body(&rendered));
        }
        rendered
    }

    /// The page of template context `ctx` (serialisable) rendered with
    /// `site`'s `template`: kept, or made now and kept.
    pub fn page<C: serde::Serialize>(
        &self,
        site: &Site,
        template: &str,
        ctx: &C,
    ) -> Result<String, Diagnostic> {
        if !self.on() {
            return site.theme.render_with(template, ctx);
        }
        let json = serde_json::to_vec(ctx).unwrap_or_default();
        let key = cache::key(&[template.as_bytes(), &site.theme.templates_key, &json]);
        kept_or(&self.pages, key, || {
            self.rendered_pages.fetch_add(1, Ordering::Relaxed);
            site.theme.render_with(template, ctx)
        })
    }

    /// The print view of context `ctx`, whose sections' text comes from
    /// the bodies keyed `bodies` (in order) and is filled in by `fill`
    /// only when the view is rendered.
    pub fn print<C: serde::Serialize>(
        &self,
        site: &Site,
        ctx: &mut C,
        bodies: &[Option<Key>],
        fill: impl FnOnce(&mut C),
    ) -> Result<String, Diagnostic> {
        let keys: Option<Vec<u8>> =
            bodies
                .iter()
                .try_fold(Vec::with_capacity(bodies.len() * 32), |mut all, k| {
                    all.extend_from_slice(k.as_ref()?);
                    Some(all)
                });
        let Some(keys) = keys.filter(|_| self.on()) else {
            fill(ctx);
            return site.theme.render_with("print.html", ctx);
        };
        let json = serde_json::to_vec(ctx).unwrap_or_default();
        let key = cache::key(&[b"print", &site.theme.templates_key, &json, &keys]);
        kept_or(&self.prints, key, || {
            fill(ctx);
            site.theme.render_with("print.html", ctx)
        })
    }

    /// Writes what the build used for the next one; a cache that cannot be
    /// written only makes the next build slower.
    pub fn save(self) {
        for store in [self.bodies, self.pages, self.prints] {
            let _ = store.save();
        }
    }
}

/// The HTML kept in `store` under `key`, or the one `render` makes, kept.
fn kept_or(
    store: &Shards,
    key: Key,
    render: impl FnOnce() -> Result<String, Diagnostic>,
) -> Result<String, Diagnostic> {
    if let Some(html) = store.get(&key).and_then(|b| std::str::from_utf8(b).ok()) {
        store.keep(&key);
        return Ok(html.to_string());
    }
    let html = render()?;
    store.put(key, html.clone().into_bytes());
    Ok(html)
}

fn encode_body(r: &Rendered) -> Vec<u8> {
    let mut out = Vec::with_capacity(r.html.len() + 256);
    put_str(&mut out, r.html.as_bytes());
    put_u64(&mut out, r.ids.len() as u64);
    for id in &r.ids {
        put_str(&mut out, id.as_bytes());
    }
    put_u64(&mut out, r.anchor_refs.len() as u64);
    for a in &r.anchor_refs {
        put_str(&mut out, a.slug.as_bytes());
        put_str(&mut out, a.fragment.as_bytes());
        put_u64(&mut out, a.at as u64);
    }
    out
}

fn decode_body(bytes: &[u8]) -> Option<Rendered> {
    let mut r = Reader::new(bytes);
    let text = |r: &mut Reader| {
        r.str()
            .and_then(|b| std::str::from_utf8(b).ok())
            .map(str::to_string)
    };
    let html = text(&mut r)?;
    let ids = (0..r.u64()?).map(|_| text(&mut r)).collect::<Option<_>>()?;
    let anchor_refs = (0..r.u64()?)
        .map(|_| {
            Some(AnchorRef {
                slug: text(&mut r)?,
                fragment: text(&mut r)?,
                at: usize::try_from(r.u64()?).ok()?,
            })
        })
        .collect::<Option<_>>()?;
    r.done().then_some(Rendered {
        html,
        ids,
        anchor_refs,
        problems: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_reads_back_as_it_was_kept() {
        let r = Rendered {
            html: "<p>é</p>".into(),
            ids: ["a".to_string(), "step-1".to_string()].into(),
            anchor_refs: vec![AnchorRef {
                slug: "log-in".into(),
                fragment: "step-2".into(),
                at: 42,
            }],
            problems: Vec::new(),
        };
        let back = decode_body(&encode_body(&r)).expect("decodes");
        assert_eq!(
            (back.html, back.ids, back.anchor_refs),
            (r.html, r.ids, r.anchor_refs)
        );
        let bytes = encode_body(&Rendered::default());
        assert!(decode_body(&bytes[..bytes.len() - 1]).is_none());
    }
}
