//! The first stage of a build: every page body rendered once per language
//! (Markdown → HTML, with its screenshots), then links, images and anchors
//! checked across pages. Every output works from these bodies.

use super::cache::Key;
use super::reuse::Reuse;
use super::Site;
use crate::content::{segments, Page, Version};
use crate::diagnostics::{Diagnostic, LineIndex, Pos};
use crate::render::shots::{self, PageShots};
use crate::render::{self, escape, Env, Rendered, ShotWords, StaleBlock};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::Path;
use std::sync::OnceLock;

/// A page body rendered for one language.
pub struct Body {
    /// What rendering found: ids, links to anchors, problems. Its HTML is
    /// empty: see [`Body::html`].
    pub rendered: Rendered,
    /// Its key in the build cache, when there is one ([`Reuse`]).
    pub key: Option<Key>,
    /// Its HTML: rendered in this build, or read from the build cache when
    /// first needed (a page or print view made anew).
    html: OnceLock<String>,
}

impl Body {
    /// Its HTML, if it was rendered in this build or read already (always,
    /// for [`body_for`]'s).
    pub fn html(&self) -> Option<&str> {
        self.html.get().map(String::as_str)
    }

    /// A body rendered now.
    fn rendered(mut rendered: Rendered, key: Option<Key>) -> Body {
        let html = OnceLock::from(std::mem::take(&mut rendered.html));
        Body {
            rendered,
            key,
            html,
        }
    }
}

/// The HTML of the body of page `i` in language `li` (of `bodies`, every
/// page's): as rendered, or read from the build cache, or rendered again
/// if the cache lost it.
pub fn html_of<'b>(
    site: &Site,
    reuse: &Reuse,
    bodies: &'b [PageBodies],
    i: usize,
    li: usize,
) -> &'b str {
    let pb = &bodies[i];
    let body = &pb.langs[li];
    body.html.get_or_init(|| {
        let lang = &site.config.languages[li].code;
        let kept = body.key.and_then(|k| reuse.body_html(&k, lang));
        kept.unwrap_or_else(|| {
            let page = &site.pages[i];
            let again = body_for(site, page, lang, &pb.shots);
            let html = again.html.into_inner().unwrap_or_default();
            if let Some(k) = body.key {
                reuse.restore_html(k, lang, &html);
            }
            html
        })
    })
}

/// A page rendered in every language (in the order of the site's
/// languages), with its screenshots.
pub struct PageBodies {
    pub shots: PageShots,
    pub langs: Vec<Body>,
}

/// The folder of `content/` holding a version's file.
pub fn content_dir_of(v: &Version) -> String {
    let rel = v
        .file
        .strip_prefix("content")
        .unwrap_or(&v.file)
        .to_string_lossy()
        .replace('\\', "/");
    rel.rsplit_once('/')
        .map_or(String::new(), |(d, _)| d.to_string())
}

/// Reads the screenshots the steps of a page name.
pub fn load_shots(site: &Site, page: &Page, problems: &mut Vec<Diagnostic>) -> PageShots {
    let mut shots = PageShots::new();
    let names: BTreeSet<&str> = page
        .versions()
        .flat_map(|v| v.shot_names.iter().map(String::as_str))
        .collect();
    if names.is_empty() {
        return shots;
    }
    let dir = site.screenshots_dir();
    let shown = Path::new("screenshots");
    for name in names {
        match shots::load(&dir, shown, &page.slug, name) {
            Ok(Some(s)) => {
                shots.insert(name.to_string(), s);
            }
            Ok(None) => {}
            Err(d) => problems.push(d),
        }
    }
    shots
}

/// How screenshots are described in `lang` (the language of a page's text).
fn shot_words<'s>(site: &'s Site, lang: &str) -> ShotWords<'s> {
    let default = &site.config.default_language;
    let english = ShotWords::default();
    // A theme without the words (`word` then gives the key) speaks English.
    let word = |key: &'static str, english: &'static str| match site.theme.word(lang, default, key)
    {
        w if w == key => english,
        w => w,
    };
    ShotWords {
        alt: word("shot_alt", english.alt),
        marked: word("shot_marked", english.marked),
    }
}

/// Renders the body `page` shows to readers of `lang`.
pub fn body_for(site: &Site, page: &Page, lang: &str, shots: &PageShots) -> Body {
    body_with(site, &Reuse::off(), page, lang, shots, &[0; 32])
}

/// The key of a page's screenshots in the build cache.
pub fn shots_key(shots: &PageShots) -> Key {
    super::cache::key(&[format!("{shots:?}").as_bytes()])
}

/// [`body_for`], reused from the build cache when it holds it; `shots_key`
/// is [`shots_key`] of `shots`.
pub fn body_with(
    site: &Site,
    reuse: &Reuse,
    page: &Page,
    lang: &str,
    shots: &PageShots,
    shots_key: &Key,
) -> Body {
    let (v, _) = page.version(lang);
    let root = page.slug.root_prefix();
    let dir = content_dir_of(v);
    let stale = stale_blocks(site, page, lang);
    let env = Env {
        lang,
        root: &root,
        slug: &page.slug,
        dir: &dir,
        known: site,
        shots,
        shot_words: shot_words(site, &v.lang),
        stale: &stale,
    };
    let words = env.shot_words;
    let key = reuse.body_key(&[
        lang.as_bytes(),
        root.as_bytes(),
        page.slug.as_str().as_bytes(),
        dir.as_bytes(),
        words.alt.as_bytes(),
        words.marked.as_bytes(),
        format!("{stale:?}").as_bytes(),
        shots_key,
        &(v.body_start as u64).to_le_bytes(),
        // The whole text, or its digest when loading made one.
        v.text_key
            .as_ref()
            .map_or(v.text.as_bytes(), |k| k.as_slice()),
    ]);
    match reuse.body(key, lang, || render::render(v.body(), v.steps(), &env)) {
        (kept, true) => Body {
            rendered: kept,
            key,
            html: OnceLock::new(),
        },
        (rendered, false) => Body::rendered(rendered, key),
    }
}

/// The blocks of the `lang` translation of `page` whose source changed
/// since review, each with its notice: theme word `stale` in the reader's
/// language, and the source's current text under a disclosure. None for
/// a translation outdated as a whole (the page-wide notice says it).
pub fn stale_blocks(site: &Site, page: &Page, lang: &str) -> Vec<StaleBlock> {
    let (Some(r), Some(t)) = (page.reviews.get(lang), page.translations.get(lang)) else {
        return Vec::new();
    };
    if r.whole || r.is_current() {
        return Vec::new();
    }
    let cfg = &site.config;
    let default = &cfg.default_language;
    let notice = escape(site.theme.word(lang, default, "stale"));
    let dir_of = |code: &str| cfg.language(code).map_or("ltr", |l| l.dir.as_str());
    let dir = if dir_of(lang) == dir_of(default) {
        String::new()
    } else {
        format!(" dir=\"{}\"", dir_of(default))
    };
    r.stale_segments()
        .filter_map(|i| {
            let seg = t.segments().get((*r.pairs.get(i)?)?)?;
            let (start, opens) = seg.block?;
            let source = page.source.segments().get(i)?;
            let english = segments::plain(source.text(&page.source.text));
            Some(StaleBlock {
                start,
                opens,
                html: format!(
                    "<details class=\"notice\"><summary>{notice}</summary><p lang=\"{default}\"{dir}>{}</p></details>\n",
                    escape(&english)
                ),
            })
        })
        .collect()
}

/// The position of byte `offset` of a version's body.
pub fn at(v: &Version, offset: usize) -> Pos {
    LineIndex::new(&v.text).pos(v.body_start + offset)
}

/// The problems a rendered body found in itself (links, images), placed in
/// its file.
pub fn own_problems<'a>(v: &'a Version, body: &'a Body) -> impl Iterator<Item = Diagnostic> + 'a {
    let problems = &body.rendered.problems;
    problems
        .iter()
        .map(move |p| Diagnostic::new(&v.file, at(v, p.at), &p.message, &p.hint))
}

/// Renders every body (or reuses it, [`Reuse`]) and checks links, images
/// and anchors.
pub fn render_bodies(site: &Site, reuse: &Reuse) -> (Vec<PageBodies>, Vec<Diagnostic>) {
    let codes = site.config.codes();
    let results: Vec<(PageBodies, Vec<Diagnostic>)> = site
        .pages
        .par_iter()
        .map(|page| {
            let mut problems = Vec::new();
            let shots = load_shots(site, page, &mut problems);
            let shots_key = if reuse.on() {
                shots_key(&shots)
            } else {
                [0; 32]
            };
            let langs: Vec<Body> = codes
                .iter()
                .map(|lang| body_with(site, reuse, page, lang, &shots, &shots_key))
                .collect();
            for (lang, body) in codes.iter().zip(&langs) {
                let (v, _) = page.version(lang);
                problems.extend(own_problems(v, body));
            }
            (PageBodies { shots, langs }, problems)
        })
        .collect();
    let mut problems = Vec::new();
    let mut bodies = Vec::with_capacity(results.len());
    for (b, mut p) in results {
        bodies.push(b);
        problems.append(&mut p);
    }
    // Anchors, now that every page's ids are known.
    let anchor_problems: Vec<Diagnostic> = site
        .pages
        .par_iter()
        .zip(bodies.par_iter())
        .flat_map_iter(|(page, pb)| broken_anchors(site, &codes, &bodies, page, pb))
        .collect();
    problems.extend(anchor_problems);
    (bodies, problems)
}

/// The links of `page` (rendered as `pb`) to anchors that their target
/// page does not have.
fn broken_anchors(
    site: &Site,
    codes: &[&str],
    bodies: &[PageBodies],
    page: &Page,
    pb: &PageBodies,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (li, lang) in codes.iter().enumerate() {
        let (v, _) = page.version(lang);
        for r in &pb.langs[li].rendered.anchor_refs {
            let Some(ti) = site.index_of(&r.slug) else {
                continue;
            };
            let ids = &bodies[ti].langs[li].rendered.ids;
            if ids.contains(&r.fragment) {
                continue;
            }
            if v.lang != *lang {
                // A fallback page: a link broken in its own
                // language is reported there, once.
                let own = codes.iter().position(|c| *c == v.lang).unwrap_or(0);
                if !bodies[ti].langs[own].rendered.ids.contains(&r.fragment) {
                    continue;
                }
            }
            let (target, _) = site.pages[ti].version(lang);
            let list: Vec<&str> = ids.iter().map(String::as_str).collect();
            let hint = match crate::diagnostics::did_you_mean(&r.fragment, &list) {
                Some(m) => format!("did you mean `#{m}`?"),
                None if target.lang != v.lang => format!(
                    "give the heading the same id in every language, e.g. `## Title {{#{}}}` in {}",
                    r.fragment,
                    target.file.display()
                ),
                None => {
                    let shown: Vec<String> = list.iter().take(8).map(|a| format!("#{a}")).collect();
                    format!("its anchors are: {}", shown.join(", "))
                }
            };
            out.push(Diagnostic::new(
                &v.file,
                at(v, r.at),
                format!(
                    "`#{}` is not an anchor of {}",
                    r.fragment,
                    target.file.display()
                ),
                hint,
            ));
        }
    }
    out
}
