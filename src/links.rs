//! Links and images of a page: what a Markdown destination points at
//! (another page, an anchor, a published file, the outside world), the URL
//! it becomes in the site, and the check that it leads somewhere.

use crate::slug::{self, Slug};
use std::collections::{BTreeMap, BTreeSet};

/// What a link or image destination refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Another page (or this one), by slug, with an optional `#fragment`.
    Page {
        slug: String,
        fragment: Option<String>,
    },
    /// A file under `content/`, published under `media/`.
    File { rel: String },
    /// An address outside the site (`https:`, `mailto:`...), left alone.
    External,
}

/// Why a destination leads nowhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    pub message: String,
    pub hint: String,
}

/// What the site contains, for resolving destinations.
pub trait Known {
    fn has_page(&self, slug: &str) -> bool;
    fn has_file(&self, rel: &str) -> bool;
    /// Width and height of the image file `rel` (under `content/`), when
    /// its header gives them.
    fn image_size(&self, _rel: &str) -> Option<(u32, u32)> {
        None
    }
    /// Slugs of all pages, for "did you mean".
    fn page_slugs(&self) -> Vec<&str>;
}

/// Resolves `dest` written in the page `from_slug` whose file lies in the
/// folder `dir` of `content/` (`""` for the top).
pub fn resolve(
    dest: &str,
    from_slug: &str,
    dir: &str,
    known: &dyn Known,
) -> Result<Target, Broken> {
    let dest = dest.trim();
    if is_external(dest) {
        return Ok(Target::External);
    }
    let (path, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f.to_string())),
        None => (dest, None),
    };
    let path = path.split_once('?').map_or(path, |(p, _)| p);
    if path.is_empty() {
        return Ok(Target::Page {
            slug: from_slug.to_string(),
            fragment: fragment.filter(|f| !f.is_empty()),
        });
    }
    let joined = join(dir, path).ok_or_else(|| Broken {
        message: format!("`{dest}` points outside the guide's content"),
        hint: "link to a page's file, such as `first-login.md`".into(),
    })?;
    if let Some(stem) = joined.strip_suffix(".md") {
        let stem = match stem.rsplit_once('.') {
            Some((s, l)) if crate::config::valid_code(l) => s,
            _ => stem,
        };
        let slug = match stem.strip_suffix(slug::HOME_NAME) {
            Some(s) if s.is_empty() || s.ends_with('/') => s.trim_end_matches('/'),
            _ => stem,
        };
        if known.has_page(slug) {
            return Ok(Target::Page {
                slug: slug.to_string(),
                fragment: fragment.filter(|f| !f.is_empty()),
            });
        }
        let slugs = known.page_slugs();
        let hint = match crate::diagnostics::did_you_mean(slug, &slugs) {
            Some(m) => format!("did you mean `{}`?", Slug::new(m).source_file()),
            None => "check the page's file name under content/".into(),
        };
        return Err(Broken {
            message: format!("the linked page `{path}` does not exist"),
            hint,
        });
    }
    if known.has_file(&joined) {
        return Ok(Target::File { rel: joined });
    }
    let page_like = joined.trim_end_matches('/');
    if known.has_page(page_like) {
        return Err(Broken {
            message: format!("`{dest}` is a site address, not a page file"),
            hint: format!(
                "link to the page's file instead: `{}`",
                Slug::new(page_like).source_file()
            ),
        });
    }
    Err(Broken {
        message: format!("`{path}` does not exist"),
        hint: "put the file under content/ and link to it relative to this page".into(),
    })
}

/// `https:`, `mailto:`, `//host`...
pub fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    match dest.find(':') {
        Some(i) => {
            let scheme = &dest[..i];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
                && !dest[..i].contains('/')
        }
        None => false,
    }
}

/// Joins a relative path to a folder of `content/`, resolving `.` and `..`;
/// `None` when it climbs above `content/`. A leading `/` starts at the top.
fn join(dir: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    let start = if path.starts_with('/') { "" } else { dir };
    for seg in start.split('/').chain(path.split('/')) {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// The anchors of every rendered page, by (slug, language), to check
/// `page.md#anchor` links once every page is rendered.
#[derive(Debug, Default)]
pub struct Anchors {
    pub ids: BTreeMap<(String, String), BTreeSet<String>>,
}

impl Anchors {
    pub fn has(&self, slug: &str, lang: &str, id: &str) -> Option<bool> {
        self.ids
            .get(&(slug.to_string(), lang.to_string()))
            .map(|ids| ids.contains(id))
    }

    /// The anchors of a page closest to `id`, for a hint.
    pub fn near(&self, slug: &str, lang: &str, id: &str) -> Option<String> {
        let ids = self.ids.get(&(slug.to_string(), lang.to_string()))?;
        let list: Vec<&str> = ids.iter().map(String::as_str).collect();
        crate::diagnostics::did_you_mean(id, &list).map(str::to_string)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct K;
    impl Known for K {
        fn has_page(&self, slug: &str) -> bool {
            ["", "login", "mail/settings"].contains(&slug)
        }
        fn has_file(&self, rel: &str) -> bool {
            rel == "img/portal.png"
        }
        fn page_slugs(&self) -> Vec<&str> {
            vec!["", "login", "mail/settings"]
        }
    }

    #[test]
    fn resolves_pages_anchors_files_and_outside_links() {
        let r = |d: &str, dir: &str| resolve(d, "mail/settings", dir, &K);
        assert_eq!(
            r("../login.md#step-2", "mail"),
            Ok(Target::Page {
                slug: "login".into(),
                fragment: Some("step-2".into())
            })
        );
        assert_eq!(
            r("#top", "mail"),
            Ok(Target::Page {
                slug: "mail/settings".into(),
                fragment: Some("top".into())
            })
        );
        assert_eq!(
            r("/index.md", "mail"),
            Ok(Target::Page {
                slug: "".into(),
                fragment: None
            })
        );
        assert_eq!(
            r("../img/portal.png", "mail"),
            Ok(Target::File {
                rel: "img/portal.png".into()
            })
        );
        assert_eq!(
            r("https://ent.univ-st-etienne.fr/", ""),
            Ok(Target::External)
        );
        assert_eq!(r("mailto:a@b.fr", ""), Ok(Target::External));
        let e = r("logn.md", "").unwrap_err();
        assert!(e.hint.contains("login.md"), "{e:?}");
        assert!(r("../../x.md", "mail").is_err());
        assert!(r("login/", "").unwrap_err().hint.contains("login.md"));
    }
}
