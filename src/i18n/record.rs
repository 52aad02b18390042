//! Recording reviews: `i18n mark` (every segment of a translation, or
//! one), the migration of files that only have `source_digest`, and the
//! writes an import makes — each translation's `source_segments` record
//! (and `source_digest` when every segment is current), the page's store
//! of reviewed texts (`content/.i18n/`), each file replaced atomically
//! and only when its bytes change.

use super::{find_page, store};
use crate::content::review::{recorded, write_record};
use crate::content::{front, Page, Status, Version};
use crate::diagnostics::{Diagnostic, Pos};
use crate::site::Site;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// A file to write: its path relative to the site root and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Write {
    pub path: PathBuf,
    pub text: String,
}

/// Writes each file whose bytes change, each atomically (temporary file,
/// then rename); returns the files written.
pub fn write_all(root: &Path, writes: &[Write]) -> Result<Vec<PathBuf>, Diagnostic> {
    let mut done = Vec::new();
    for w in writes {
        let path = root.join(&w.path);
        if std::fs::read(&path).is_ok_and(|b| b == w.text.as_bytes()) {
            continue;
        }
        let io = |e: std::io::Error| {
            Diagnostic::new(
                &w.path,
                Pos { line: 1, col: 1 },
                format!("cannot write: {e}"),
                "check the folder's permissions",
            )
        };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        let mut tmp = path.clone().into_os_string();
        tmp.push(".tmp");
        std::fs::write(&tmp, &w.text).map_err(io)?;
        std::fs::rename(&tmp, &path).map_err(io)?;
        done.push(w.path.clone());
    }
    Ok(done)
}

/// A translation's record once `update` is applied: its recorded digests
/// (or none, if it was reviewed as a whole against another source), kept
/// to the source's ids, in page order.
pub fn record_of(
    page: &Page,
    t: Option<&Version>,
    update: &BTreeMap<String, String>,
) -> Vec<(String, String)> {
    let mut rec = t
        .and_then(|t| recorded(&page.source, t))
        .unwrap_or_default();
    rec.extend(update.iter().map(|(k, v)| (k.clone(), v.clone())));
    page.source
        .segments()
        .iter()
        .filter_map(|s| rec.get(&s.id).map(|d| (s.id.clone(), d.clone())))
        .collect()
}

/// The writes that record `records` (per language, the digests by id, in
/// page order) in `page`'s translations whose text is given in `texts`
/// (default: the file as it is), and the store with `known` texts added.
/// `source_digest` becomes the source's digest where every segment is
/// recorded current.
pub fn record_writes(
    site: &Site,
    page: &Page,
    records: &BTreeMap<String, Vec<(String, String)>>,
    texts: &BTreeMap<String, (PathBuf, String)>,
    known: &store::Texts,
) -> Result<Vec<Write>, Diagnostic> {
    let mut writes = Vec::new();
    let mut maps = BTreeMap::new();
    for (lang, rec) in records {
        let (path, text) = match (texts.get(lang), page.translations.get(lang)) {
            (Some((p, t)), _) => (p.clone(), t.clone()),
            (None, Some(t)) => (t.file.clone(), t.text.clone()),
            (None, None) => continue,
        };
        let current = page.source.segments().len() == rec.len()
            && page
                .source
                .segments()
                .iter()
                .zip(rec)
                .all(|(s, (id, d))| s.id == *id && s.digest == *d);
        let digest = current.then_some(page.source.digest.as_str());
        let lines = write_record(rec.iter().map(|(a, b)| (a.as_str(), b.as_str())));
        let new = with_record(&text, digest, &lines).ok_or_else(|| {
            Diagnostic::new(
                &path,
                Pos { line: 1, col: 1 },
                "this translation has no front matter",
                "start it with `---`",
            )
        })?;
        writes.push(Write { path, text: new });
        maps.insert(lang.clone(), rec.iter().cloned().collect());
    }
    let old = store::read(&site.root, page);
    let texts = store::updated(page, &old, &maps, known);
    let file = store::file(page);
    if !texts.is_empty() || site.root.join(&file).exists() {
        writes.push(Write {
            path: file,
            text: store::to_text(&texts),
        });
    }
    Ok(writes)
}

/// Marks the `lang` translation of `page` (a slug, `index` for home, or a
/// file name) as reviewed against the current source: every segment, or
/// only `segment`. Returns the files written.
pub fn mark(
    site: &Site,
    page: &str,
    lang: &str,
    segment: Option<&str>,
) -> Result<Vec<PathBuf>, Diagnostic> {
    let top = Pos { line: 1, col: 1 };
    let p = find_page(site, page, lang)?;
    let Some(t) = p.translations.get(lang) else {
        return Err(Diagnostic::new(
            &p.source.file,
            top,
            format!("this page has no `{lang}` translation"),
            format!(
                "translate it first into content/{}.{lang}.md",
                p.slug.name()
            ),
        ));
    };
    let mut update = BTreeMap::new();
    match segment {
        None => {
            for s in p.source.segments() {
                update.insert(s.id.clone(), s.digest.clone());
            }
        }
        Some(id) => {
            let Some(s) = p.source.segments().iter().find(|s| s.id == id) else {
                let ids: Vec<&str> = p.source.segments().iter().map(|s| s.id.as_str()).collect();
                let hint = match crate::diagnostics::did_you_mean(id, &ids) {
                    Some(m) => format!("did you mean `{m}`?"),
                    None => "`ent-guide i18n` lists the changed segments by id".into(),
                };
                return Err(Diagnostic::new(
                    &p.source.file,
                    top,
                    format!("this page has no segment `{id}`"),
                    hint,
                ));
            };
            update.insert(s.id.clone(), s.digest.clone());
        }
    }
    let rec = record_of(p, Some(t), &update);
    let records = BTreeMap::from([(lang.to_string(), rec)]);
    let writes = record_writes(site, p, &records, &BTreeMap::new(), &store::Texts::new())?;
    write_all(&site.root, &writes)
}

/// Writes the per-segment record into every translation that has only a
/// `source_digest` equal to its source's current digest (reviewed against
/// the current text, so every segment is): the lossless migration of
/// files written before per-segment records. Returns the files written.
pub fn migrate(site: &Site) -> Result<Vec<PathBuf>, Diagnostic> {
    let mut written = Vec::new();
    for page in &site.pages {
        let mut records = BTreeMap::new();
        for (lang, t) in &page.translations {
            if t.front.source_segments.is_none() && page.version(lang).1 == Status::UpToDate {
                records.insert(lang.clone(), record_of(page, Some(t), &BTreeMap::new()));
            }
        }
        if records.is_empty() {
            continue;
        }
        let writes = record_writes(site, page, &records, &BTreeMap::new(), &store::Texts::new())?;
        written.extend(write_all(&site.root, &writes)?);
    }
    Ok(written)
}

/// `text` with `source_digest: DIGEST` (when given; replacing the old
/// value, or added) and `source_segments` holding `record` (`ID DIGEST`
/// lines) as the front matter's last field; everything else kept as it
/// was. `None` when the text has no front matter.
pub fn with_record(text: &str, digest: Option<&str>, record: &str) -> Option<String> {
    let split = front::split(Path::new(""), text).ok()??;
    let fm = &text[split.yaml_start..split.yaml_end];
    let nl = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut new_fm = String::with_capacity(fm.len() + record.len() + 40);
    let mut has_digest = false;
    let mut in_block = false;
    for line in fm.split_inclusive('\n') {
        if in_block && (line.starts_with(' ') || line.starts_with('\t')) {
            continue;
        }
        in_block = false;
        if line.starts_with("source_segments:") {
            in_block = true;
            continue;
        }
        match digest {
            Some(d) if line.starts_with("source_digest:") => {
                let _ = write!(new_fm, "source_digest: {d}{nl}");
                has_digest = true;
            }
            _ => new_fm.push_str(line),
        }
    }
    if !new_fm.is_empty() && !new_fm.ends_with('\n') {
        new_fm.push_str(nl);
    }
    if let (Some(d), false) = (digest, has_digest) {
        let _ = write!(new_fm, "source_digest: {d}{nl}");
    }
    if !record.is_empty() {
        let _ = write!(new_fm, "source_segments: |{nl}");
        for l in record.lines() {
            let _ = write!(new_fm, "  {l}{nl}");
        }
    }
    Some(format!(
        "{}{}{}",
        &text[..split.yaml_start],
        new_fm,
        &text[split.yaml_end..]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_or_replaces_the_record_and_keeps_the_rest() {
        let t = "---\ntitle: Connexion\n---\nCorps\n";
        assert_eq!(
            with_record(t, Some("abc"), "title 0a0b0c0d\n").as_deref(),
            Some("---\ntitle: Connexion\nsource_digest: abc\nsource_segments: |\n  title 0a0b0c0d\n---\nCorps\n")
        );
        let t =
            "---\nsource_digest: old\nsource_segments: |\n  title 1\n  h-a 2\ntitle: C\n---\nB\n";
        assert_eq!(
            with_record(t, None, "title 3\n").as_deref(),
            Some("---\nsource_digest: old\ntitle: C\nsource_segments: |\n  title 3\n---\nB\n")
        );
        let crlf = "---\r\ntitle: C\r\n---\r\nB\r\n";
        assert_eq!(
            with_record(crlf, Some("d"), "").as_deref(),
            Some("---\r\ntitle: C\r\nsource_digest: d\r\n---\r\nB\r\n")
        );
        assert_eq!(with_record("no front matter", Some("x"), ""), None);
    }
}
