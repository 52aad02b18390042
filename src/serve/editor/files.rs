//! The editor's files: a page named by the browser (`log-in.md`,
//! `mail/settings.fr.md`) is resolved under `content/` only — no `..`, no
//! absolute path, no drive, no hidden file, and after resolving symbolic
//! links the file must still be inside `content/` — then read with its
//! digest, or saved atomically (a hidden temporary file beside it, then a
//! rename) keeping the file's line endings.
//!
//! The digest (16 hex digits, 64-bit FNV-1a of the bytes on disk) is what a
//! save carries to say which version it was made from: another save in
//! between makes it differ, and the save is refused ([`Saved::Conflict`]).

use std::io::Write as _;
use std::path::{Component, Path, PathBuf};

/// Why a path was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused(pub String);

/// The digest of a file's bytes.
pub fn digest(bytes: &[u8]) -> String {
    format!("{:016x}", crate::digest::fnv(bytes))
}

/// `rel` (a Markdown page under `content/`) as a path inside `content`,
/// which must be canonical. The file may not exist yet (a new page), but
/// its folder must, inside `content`.
pub fn confine(content: &Path, rel: &str) -> Result<PathBuf, Refused> {
    let bad = |why: &str| Err(Refused(format!("`{rel}` {why}")));
    if rel.is_empty() || rel.contains(['\\', '\0', ':']) {
        return bad("is not a page of content/ (write it like `log-in.md`)");
    }
    if !rel.ends_with(".md") {
        return bad("is not a Markdown page (its name must end in .md)");
    }
    let path = Path::new(rel);
    for c in path.components() {
        match c {
            Component::Normal(s) if !s.to_string_lossy().starts_with('.') => {}
            Component::ParentDir => return bad("leaves content/ (`..` is not allowed)"),
            Component::RootDir | Component::Prefix(_) => {
                return bad("is an absolute path: name the page from content/")
            }
            _ => return bad("names a hidden or odd path"),
        }
    }
    let joined = content.join(path);
    let parent = joined
        .parent()
        .and_then(|p| p.canonicalize().ok())
        .ok_or_else(|| Refused(format!("`{rel}`: its folder does not exist in content/")))?;
    if !parent.starts_with(content) {
        return bad("leads outside content/ through a symbolic link");
    }
    let Some(name) = joined.file_name() else {
        return bad("names no file");
    };
    let full = parent.join(name);
    if let Ok(meta) = std::fs::symlink_metadata(&full) {
        if meta.file_type().is_symlink() {
            match full.canonicalize() {
                Ok(real) if real.starts_with(content) => return Ok(real),
                _ => return bad("is a symbolic link that leads outside content/"),
            }
        }
        if !meta.is_file() {
            return bad("is not a file");
        }
    }
    Ok(full)
}

/// What a save did.
#[derive(Debug, PartialEq, Eq)]
pub enum Saved {
    /// Written; the new digest.
    Written(String),
    /// The file changed since the editor read it: nothing was written; the
    /// text on disk and its digest.
    Conflict { text: String, digest: String },
}

/// Saves `text` (as the browser sends it, with `\n` line endings) to
/// `path` if the file's digest is still `expected` (`None`: the file must
/// not exist yet). The file's line endings (CRLF or LF) are kept.
pub fn save(path: &Path, text: &str, expected: Option<&str>) -> std::io::Result<Saved> {
    let old = match std::fs::read(path) {
        Ok(b) => Some(b),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    let current = old.as_deref().map(digest);
    if current.as_deref() != expected {
        let text = old
            .as_deref()
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .unwrap_or_default();
        return Ok(Saved::Conflict {
            text,
            digest: current.unwrap_or_default(),
        });
    }
    let crlf = old
        .as_deref()
        .is_some_and(|b| b.windows(2).any(|w| w == b"\r\n"));
    let lf = text.replace("\r\n", "\n");
    let bytes = if crlf { lf.replace('\n', "\r\n") } else { lf };
    write_atomically(path, bytes.as_bytes())?;
    Ok(Saved::Written(digest(bytes.as_bytes())))
}

/// Writes `bytes` to a hidden temporary file beside `path` (which the
/// preview's watcher ignores), then renames it over `path`.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.saving", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        if let Ok(meta) = std::fs::metadata(path) {
            let _ = std::fs::set_permissions(&tmp, meta.permissions());
        }
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().expect("temp dir");
        let content = dir.path().join("content");
        std::fs::create_dir_all(content.join("mail")).expect("mkdir");
        std::fs::write(content.join("a.md"), "x").expect("write");
        let content = content.canonicalize().expect("canonical");
        (dir, content)
    }

    #[test]
    fn pages_inside_content_are_allowed() {
        let (_d, c) = content();
        assert_eq!(confine(&c, "a.md"), Ok(c.join("a.md")));
        assert_eq!(confine(&c, "mail/new.fr.md"), Ok(c.join("mail/new.fr.md")));
    }

    #[test]
    fn paths_leaving_content_are_refused() {
        let (_d, c) = content();
        for p in [
            "../guide.md",
            "mail/../../x.md",
            "/etc/passwd.md",
            "C:/x.md",
            "mail\\..\\..\\x.md",
            ".hidden.md",
            "a.txt",
            "",
            "nowhere/x.md",
        ] {
            assert!(confine(&c, p).is_err(), "{p}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn symbolic_links_out_of_content_are_refused() {
        let (d, c) = content();
        std::fs::write(d.path().join("secret.md"), "s").expect("write");
        std::os::unix::fs::symlink(d.path().join("secret.md"), c.join("link.md")).expect("link");
        std::os::unix::fs::symlink(d.path(), c.join("out")).expect("link");
        assert!(confine(&c, "link.md").is_err());
        assert!(confine(&c, "out/secret.md").is_err());
        std::os::unix::fs::symlink(c.join("a.md"), c.join("inside.md")).expect("link");
        assert_eq!(confine(&c, "inside.md"), Ok(c.join("a.md")));
    }

    #[test]
    fn saving_keeps_crlf_and_refuses_a_stale_digest() {
        let (_d, c) = content();
        let p = c.join("w.md");
        std::fs::write(&p, "---\r\ntitle: T\r\n---\r\nOld\r\n").expect("write");
        let d0 = digest(&std::fs::read(&p).expect("read"));
        let Saved::Written(d1) = save(&p, "---\ntitle: T\n---\nNew\n", Some(&d0)).expect("save")
        else {
            panic!("not saved")
        };
        assert_eq!(
            std::fs::read_to_string(&p).expect("read"),
            "---\r\ntitle: T\r\n---\r\nNew\r\n"
        );
        // A second tab still holding d0 is refused, and told what is on disk.
        match save(&p, "other\n", Some(&d0)).expect("save") {
            Saved::Conflict { text, digest } => {
                assert!(text.contains("New"));
                assert_eq!(digest, d1);
            }
            other => panic!("{other:?}"),
        }
        assert!(std::fs::read_to_string(&p).expect("read").contains("New"));
        // No temporary file is left beside it.
        let names: Vec<_> = std::fs::read_dir(&c)
            .expect("ls")
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert!(
            names
                .iter()
                .all(|n| !n.to_string_lossy().ends_with(".saving")),
            "{names:?}"
        );
    }

    #[test]
    fn a_new_page_must_not_exist_yet() {
        let (_d, c) = content();
        assert!(matches!(
            save(&c.join("a.md"), "y", None),
            Ok(Saved::Conflict { .. })
        ));
        assert!(matches!(
            save(&c.join("b.md"), "y\n", None),
            Ok(Saved::Written(_))
        ));
        assert_eq!(
            std::fs::read_to_string(c.join("b.md")).expect("read"),
            "y\n"
        );
    }
}
