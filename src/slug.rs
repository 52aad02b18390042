//! A page's address in the guide, [`Slug`]: `log-in`, `mail/settings`, or
//! the home page's empty slug. It owns everything derived from it — the
//! page's URL and output file in a language, its source file name, the
//! name that stands for it where an empty string cannot (`index`: its
//! screenshots folder, its anchor in the print view, the runner's page
//! name) and its depth — so the home page's special case lives here only.
//! Imports nothing else of the crate.

use serde::Serialize;
use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;

/// The name of the home page where a name cannot be empty.
pub const HOME_NAME: &str = "index";

/// A page's slug: its content path without `.md` (`a/index.md` is `a`,
/// `index.md` is home, `""`).
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Slug(String);

impl Slug {
    /// The home page's slug.
    pub fn home() -> Slug {
        Slug(String::new())
    }

    /// The slug `s` (`""` is home).
    pub fn new(s: impl Into<String>) -> Slug {
        Slug(s.into())
    }

    /// The page a name stands for (`index` or `""` is home).
    pub fn from_name(name: &str) -> Slug {
        if name == HOME_NAME {
            Slug::home()
        } else {
            Slug::new(name)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_home(&self) -> bool {
        self.0.is_empty()
    }

    /// The page's name where an empty one cannot stand: the slug, `index`
    /// for home (no page can have that slug). Names its screenshots folder,
    /// its anchor in the print view and the runner's page.
    pub fn name(&self) -> &str {
        name(&self.0)
    }

    /// The page's URL in `lang` from a page whose root prefix is `root`:
    /// `{root}{lang}/{slug}/`.
    pub fn url(&self, root: &str, lang: &str) -> String {
        url(root, lang, &self.0)
    }

    /// Where the page is written in `lang`: `lang/slug/index.html`.
    pub fn file(&self, lang: &str) -> String {
        if self.is_home() {
            format!("{lang}/index.html")
        } else {
            format!("{lang}/{}/index.html", self.0)
        }
    }

    /// The page's source file name under `content/`: `slug.md`, `index.md`
    /// for home.
    pub fn source_file(&self) -> String {
        format!("{}.md", self.name())
    }

    /// How deep the page sits: home 0, `a` 1, `a/b` 2.
    pub fn depth(&self) -> usize {
        if self.is_home() {
            0
        } else {
            self.0.split('/').count()
        }
    }

    /// Relative path from the page to the site root (`../` per level, one
    /// more for the language folder).
    pub fn root_prefix(&self) -> String {
        "../".repeat(1 + self.depth())
    }

    /// The parent page's slug (home for top-level pages), `None` for home.
    pub fn parent(&self) -> Option<&str> {
        if self.is_home() {
            None
        } else {
            Some(self.0.rsplit_once('/').map_or("", |(p, _)| p))
        }
    }

    /// The address as people read it: `/` for home.
    pub fn shown(&self) -> &str {
        if self.is_home() {
            "/"
        } else {
            &self.0
        }
    }
}

/// [`Slug::name`] of a slug held as text.
pub fn name(slug: &str) -> &str {
    if slug.is_empty() {
        HOME_NAME
    } else {
        slug
    }
}

/// [`Slug::url`] of a slug held as text.
pub fn url(root: &str, lang: &str, slug: &str) -> String {
    if slug.is_empty() {
        format!("{root}{lang}/")
    } else {
        format!("{root}{lang}/{slug}/")
    }
}

impl Deref for Slug {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Slug {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Slug {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for Slug {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Slug {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn home_is_the_one_special_case() {
        let home = Slug::home();
        assert!(home.is_home());
        assert_eq!(home.name(), "index");
        assert_eq!(home.url("../", "en"), "../en/");
        assert_eq!(home.file("fr"), "fr/index.html");
        assert_eq!(home.source_file(), "index.md");
        assert_eq!(home.depth(), 0);
        assert_eq!(home.root_prefix(), "../");
        assert_eq!(home.parent(), None);
        assert_eq!(Slug::from_name("index"), home);
    }

    #[test]
    fn a_page_derives_its_addresses() {
        let s = Slug::new("mail/settings");
        assert_eq!(s.name(), "mail/settings");
        assert_eq!(s.url("../../../", "en"), "../../../en/mail/settings/");
        assert_eq!(s.file("ar"), "ar/mail/settings/index.html");
        assert_eq!(s.source_file(), "mail/settings.md");
        assert_eq!(s.depth(), 2);
        assert_eq!(s.root_prefix(), "../../../");
        assert_eq!(s.parent(), Some("mail"));
        assert_eq!(Slug::new("log-in").parent(), Some(""));
    }
}
