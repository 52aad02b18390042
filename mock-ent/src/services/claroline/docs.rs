//! A persona's view of a course's documents: the teacher's files and folders
//! plus the persona's own uploads, as a tree of paths (`/Cours/Séance 1.pdf`).
//! Safe names, paths that cannot climb out, quotas, and the folder as a zip
//! with the items' own dates (so the same folder gives the same bytes).

use std::collections::BTreeMap;
use std::io::{Cursor, Write};
use std::sync::Arc;

use chrono::{Datelike, NaiveDateTime, Timelike};

use super::courses::{self, Course};

/// Largest file a student may upload.
pub const MAX_FILE: usize = 5 * 1024 * 1024;
/// Most bytes a student may upload in all.
pub const QUOTA: usize = 20 * 1024 * 1024;
/// Most items a student may create in all.
pub const MAX_ITEMS: usize = 500;
/// Longest name, in characters.
const MAX_NAME: usize = 120;

#[derive(Clone)]
pub enum Content {
    Folder,
    File(Arc<Vec<u8>>),
}

#[derive(Clone)]
pub struct Node {
    pub content: Content,
    pub date: NaiveDateTime,
    /// Uploaded or created by the persona (not the teacher's).
    pub own: bool,
}

/// One course's documents as one persona sees them.
#[derive(Clone)]
pub struct Tree {
    pub nodes: BTreeMap<String, Node>,
}

impl Tree {
    /// The teacher's documents of `course`.
    pub fn of(course: &Course) -> Tree {
        let mut nodes = BTreeMap::new();
        for (path, date) in course.documents {
            let (path, content) = match path.strip_suffix('/') {
                Some(folder) => (folder.to_string(), Content::Folder),
                None => {
                    let title = path.rsplit('/').next().unwrap_or(path);
                    (
                        path.to_string(),
                        Content::File(Arc::new(courses::pdf(title, course.title))),
                    )
                }
            };
            nodes.insert(
                path,
                Node {
                    content,
                    date: courses::when(date),
                    own: false,
                },
            );
        }
        Tree { nodes }
    }

    pub fn is_folder(&self, path: &str) -> bool {
        path == "/"
            || matches!(
                self.nodes.get(path),
                Some(Node {
                    content: Content::Folder,
                    ..
                })
            )
    }

    /// The items directly in folder `path`: folders first, then by name.
    pub fn children(&self, path: &str) -> Vec<(&str, &Node)> {
        let mut out: Vec<(&str, &Node)> = self
            .nodes
            .iter()
            .filter(|(p, _)| parent(p) == path)
            .map(|(p, n)| (p.as_str(), n))
            .collect();
        out.sort_by_key(|(p, n)| (!matches!(n.content, Content::Folder), p.to_lowercase()));
        out
    }

    /// Every item under folder `path` (not the folder itself).
    pub fn descendants(&self, path: &str) -> Vec<(&str, &Node)> {
        let prefix = if path == "/" {
            "/".to_string()
        } else {
            format!("{path}/")
        };
        self.nodes
            .iter()
            .filter(|(p, _)| p.starts_with(&prefix))
            .map(|(p, n)| (p.as_str(), n))
            .collect()
    }

    /// A free path for `name` in `folder`: `name`, else `name_1.ext`, ...
    pub fn free_path(&self, folder: &str, name: &str) -> String {
        let first = join(folder, name);
        if !self.nodes.contains_key(&first) {
            return first;
        }
        let (stem, ext) = match name.rsplit_once('.') {
            Some((s, e)) if !s.is_empty() => (s, format!(".{e}")),
            _ => (name, String::new()),
        };
        (1..)
            .map(|i| join(folder, &format!("{stem}_{i}{ext}")))
            .find(|p| !self.nodes.contains_key(p))
            .unwrap_or(first)
    }

    pub fn own_usage(&self) -> (usize, usize) {
        self.nodes
            .values()
            .filter(|n| n.own)
            .fold((0, 0), |(bytes, items), n| match &n.content {
                Content::File(b) => (bytes + b.len(), items + 1),
                Content::Folder => (bytes, items + 1),
            })
    }
}

/// The folder holding `path` (`/` for top-level items).
pub fn parent(path: &str) -> &str {
    match path.rsplit_once('/') {
        Some(("", _)) | None => "/",
        Some((p, _)) => p,
    }
}

/// The last part of `path`.
pub fn name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

pub fn join(folder: &str, name: &str) -> String {
    if folder == "/" {
        format!("/{name}")
    } else {
        format!("{folder}/{name}")
    }
}

/// A path from a request: `/`-separated names, none empty, `.` or `..`.
pub fn clean_path(raw: &str) -> Option<String> {
    if raw.len() > 1000 {
        return None;
    }
    let parts: Vec<&str> = raw.split('/').filter(|p| !p.is_empty()).collect();
    if parts
        .iter()
        .any(|p| *p == "." || *p == ".." || p.contains('\\') || p.chars().any(char::is_control))
    {
        return None;
    }
    Some(if parts.is_empty() {
        "/".to_string()
    } else {
        format!("/{}", parts.join("/"))
    })
}

/// A safe name for an uploaded file or a new folder: the last part of what
/// the browser sent (no folders), no control or reserved characters, no
/// leading dots, at most 120 characters. `None` if nothing is left.
pub fn safe_name(raw: &str) -> Option<String> {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| if "<>:\"|?*".contains(c) { '_' } else { c })
        .collect();
    let trimmed = cleaned.trim().trim_start_matches('.').trim();
    if trimmed.is_empty() {
        return None;
    }
    Some(
        trimmed
            .chars()
            .take(MAX_NAME)
            .collect::<String>()
            .trim_end()
            .to_string(),
    )
}

/// `1,2 Ko`, as Claroline prints sizes.
pub fn human_size(bytes: usize) -> String {
    if bytes < 1024 {
        return format!("{bytes} o");
    }
    let (value, unit) = if bytes < 1024 * 1024 {
        (bytes as f64 / 1024.0, "Ko")
    } else {
        (bytes as f64 / (1024.0 * 1024.0), "Mo")
    };
    format!("{value:.1} {unit}").replace('.', ",")
}

fn zip_time(t: NaiveDateTime) -> zip::DateTime {
    zip::DateTime::from_date_and_time(
        t.year().clamp(1980, 2107) as u16,
        t.month() as u8,
        t.day() as u8,
        t.hour() as u8,
        t.minute() as u8,
        t.second() as u8,
    )
    .unwrap_or_default()
}

/// Folder `path` of `tree` as a zip archive (stored, entries in path order,
/// each with its own date), names relative to the folder.
pub fn zip_folder(tree: &Tree, path: &str) -> zip::result::ZipResult<Vec<u8>> {
    use zip::write::SimpleFileOptions;
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let prefix_len = if path == "/" { 1 } else { path.len() + 1 };
    for (p, node) in tree.descendants(path) {
        let rel = p.get(prefix_len..).unwrap_or(p);
        let options = SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored)
            .last_modified_time(zip_time(node.date))
            .unix_permissions(0o644);
        match &node.content {
            Content::Folder => zip.add_directory(rel, options.unix_permissions(0o755))?,
            Content::File(bytes) => {
                zip.start_file(rel, options)?;
                zip.write_all(bytes)?;
            }
        }
    }
    Ok(zip.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_never_climb_or_hide() {
        assert_eq!(safe_name("../../etc/passwd").as_deref(), Some("passwd"));
        assert_eq!(
            safe_name("C:\\Users\\me\\report.pdf").as_deref(),
            Some("report.pdf")
        );
        assert_eq!(safe_name("..").as_deref(), None);
        assert_eq!(safe_name(".htaccess").as_deref(), Some("htaccess"));
        assert_eq!(safe_name("a<b>.pdf").as_deref(), Some("a_b_.pdf"));
        assert_eq!(safe_name(" \u{0} ").as_deref(), None);
        assert_eq!(
            safe_name(&"é".repeat(500)).map(|s| s.chars().count()),
            Some(120)
        );
        assert_eq!(clean_path("/Cours/../.."), None);
        assert_eq!(clean_path("//Cours//").as_deref(), Some("/Cours"));
        assert_eq!(clean_path("").as_deref(), Some("/"));
    }

    #[test]
    fn sizes_read_like_claroline() {
        assert_eq!(human_size(900), "900 o");
        assert_eq!(human_size(1250), "1,2 Ko");
        assert_eq!(human_size(3 * 1024 * 1024), "3,0 Mo");
    }
}
