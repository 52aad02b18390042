//! Finds the files of `content/`: pages (`<slug>.md`, `<slug>.<lang>.md`)
//! with their slug and language, and other files (images, documents) that
//! the site publishes as they are.
//!
//! The walk (walkdir) is sorted by file name, so every run sees the same
//! order. `index.md` is the home page (slug `""`) and `a/index.md` has slug
//! `a`; files that are not pages are published under `media/<path>`.

use crate::config::{valid_code, Config};
use crate::diagnostics::{display_path, Diagnostic, Pos};
use crate::slug::{self, Slug};
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// A page file.
#[derive(Debug, Clone)]
pub struct Found {
    pub path: PathBuf,
    pub shown: PathBuf,
    pub slug: Slug,
    pub lang: String,
    /// Whether this is the source-language version.
    pub is_source: bool,
}

/// A file published as it is, under `media/<rel>`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Asset {
    pub path: PathBuf,
    /// Path under `content/`, with `/` separators.
    pub rel: String,
}

/// What `content/` holds.
#[derive(Debug, Default)]
pub struct Discovery {
    pub pages: Vec<Found>,
    pub assets: Vec<Asset>,
    pub errors: Vec<Diagnostic>,
}

/// Walks `content_dir` in a stable order.
pub fn discover(root: &Path, content_dir: &Path, config: &Config) -> Discovery {
    let mut out = Discovery::default();
    let codes = config.codes();
    let walker = WalkDir::new(content_dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let p = e.path().unwrap_or(content_dir);
                out.errors.push(Diagnostic::new(
                    display_path(root, p),
                    Pos { line: 1, col: 1 },
                    format!("cannot read this folder: {e}"),
                    "check the folder's permissions",
                ));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        let Ok(rel) = path.strip_prefix(content_dir) else {
            continue;
        };
        let rel: String = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if rel == "guide.yaml" {
            continue;
        }
        let shown = display_path(root, path);
        let Some(stem) = rel.strip_suffix(".md") else {
            out.assets.push(Asset {
                path: path.to_path_buf(),
                rel,
            });
            continue;
        };
        match classify(stem, &codes, &config.default_language) {
            Ok((slug, lang)) => out.pages.push(Found {
                path: path.to_path_buf(),
                shown,
                slug: Slug::new(slug),
                is_source: lang == config.default_language,
                lang,
            }),
            Err((message, hint)) => out.errors.push(Diagnostic::new(
                shown,
                Pos { line: 1, col: 1 },
                message,
                hint,
            )),
        }
    }
    out
}

/// Splits `dir/name.lang` into slug and language.
fn classify(
    stem: &str,
    codes: &[&str],
    default: &str,
) -> Result<(String, String), (String, String)> {
    let (dir, name) = match stem.rsplit_once('/') {
        Some((d, n)) => (Some(d), n),
        None => (None, stem),
    };
    let (name, lang) = match name.rsplit_once('.') {
        None => (name, default.to_string()),
        Some((n, l)) => {
            if !valid_code(l) {
                return Err((
                    format!("`{l}` in this file name is not a language code"),
                    "name pages `<slug>.md`, and their translations `<slug>.<lang>.md` (e.g. login.fr.md)"
                        .into(),
                ));
            }
            if !codes.contains(&l) {
                let hint = format!(
                    "the guide's languages are {}; add `{l}` to content/guide.yaml to publish it",
                    codes.join(", ")
                );
                return Err((format!("unknown language `{l}` in this file name"), hint));
            }
            if l == default {
                return Err((
                    format!("the source language `{l}` needs no suffix"),
                    format!("rename the file to `{n}.md`"),
                ));
            }
            (n, l.to_string())
        }
    };
    let mut segments: Vec<&str> = dir.map(|d| d.split('/').collect()).unwrap_or_default();
    if name != slug::HOME_NAME {
        segments.push(name);
    }
    for s in &segments {
        if s.is_empty()
            || !s
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        {
            return Err((
                format!("`{s}` cannot be part of a page address"),
                "name pages and folders with lower-case letters, digits and dashes (e.g. first-login.md)".into(),
            ));
        }
    }
    Ok((segments.join("/"), lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    const CODES: &[&str] = &["en", "fr", "ar"];

    #[test]
    fn names_give_slug_and_language() {
        let c = |s| classify(s, CODES, "en");
        assert_eq!(c("index"), Ok(("".into(), "en".into())));
        assert_eq!(c("login.fr"), Ok(("login".into(), "fr".into())));
        assert_eq!(c("mail/index.ar"), Ok(("mail".into(), "ar".into())));
        assert_eq!(c("mail/set-up"), Ok(("mail/set-up".into(), "en".into())));
        assert!(c("login.de")
            .unwrap_err()
            .0
            .contains("unknown language `de`"));
        assert!(c("login.en").is_err());
        assert!(c("Login").is_err());
        assert!(c("v1.2").is_err());
    }
}
