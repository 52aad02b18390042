//! Translation status: the pages × languages table of `ent-guide i18n`
//! (up to date / outdated / missing), and `ent-guide i18n mark PAGE LANG`,
//! which records that a translator reviewed a translation against the
//! current source (writes its `source_digest`).

use crate::content::{front, Status};
use crate::diagnostics::{Diagnostic, Pos};
use crate::site::Site;
use crate::slug::{self, Slug};
use std::fmt::Write as _;

/// The status table, one row per page, one column per language.
pub fn table(site: &Site) -> String {
    let codes = site.config.codes();
    let names: Vec<String> = site
        .pages
        .iter()
        .map(|p| p.slug.name().to_string())
        .collect();
    let w0 = names
        .iter()
        .map(|n| n.chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    let w = 10;
    let mut out = String::new();
    let _ = write!(out, "{:w0$}", "page");
    for c in &codes {
        let _ = write!(out, "  {c:w$}");
    }
    out.push('\n');
    let mut counts = vec![[0usize; 3]; codes.len()];
    for (page, name) in site.pages.iter().zip(&names) {
        let _ = write!(out, "{name:w0$}");
        for (i, c) in codes.iter().enumerate() {
            let cell = if *c == page.source.lang {
                "source"
            } else {
                let st = page.version(c).1;
                counts[i][st as usize] += 1;
                st.as_str()
            };
            let _ = write!(out, "  {cell:w$}");
        }
        out.push('\n');
    }
    for (i, c) in codes.iter().enumerate().skip(1) {
        let [ok, old, missing] = counts[i];
        let _ = writeln!(
            out,
            "{c}: {ok} up to date, {old} outdated, {missing} missing"
        );
    }
    out
}

/// Marks the `lang` translation of `page` (a slug, `index` for home, or a
/// file name) as reviewed: writes the source's digest into its front matter.
/// Returns the file written.
pub fn mark(site: &Site, page: &str, lang: &str) -> Result<String, Diagnostic> {
    let top = Pos { line: 1, col: 1 };
    let slug = page
        .trim_start_matches("content/")
        .trim_end_matches(".md")
        .trim_end_matches(&format!(".{lang}"))
        .trim_end_matches('/');
    let slug = Slug::from_name(slug);
    let Some(p) = site.page(&slug) else {
        let slugs: Vec<&str> = site.pages.iter().map(|p| p.slug.as_str()).collect();
        let hint = match crate::diagnostics::did_you_mean(&slug, &slugs) {
            Some(m) => format!("did you mean `{}`?", slug::name(m)),
            None => "name a page by its slug, as `ent-guide i18n` lists them".into(),
        };
        return Err(Diagnostic::new(
            "content",
            top,
            format!("no page `{page}`"),
            hint,
        ));
    };
    let Some(t) = p.translations.get(lang) else {
        return Err(Diagnostic::new(
            &p.source.file,
            top,
            format!("this page has no `{lang}` translation"),
            format!("translate it first into content/{}.{lang}.md", slug.name()),
        ));
    };
    if p.version(lang).1 == Status::UpToDate {
        return Ok(t.file.display().to_string());
    }
    let text = with_digest(&t.text, &p.source.digest).ok_or_else(|| {
        Diagnostic::new(
            &t.file,
            top,
            "this translation has no front matter",
            "start it with `---`",
        )
    })?;
    let path = site.root.join(&t.file);
    let tmp = path.with_extension("md.tmp");
    let io = |e: std::io::Error| {
        Diagnostic::new(
            &t.file,
            top,
            format!("cannot write: {e}"),
            "check the file's permissions",
        )
    };
    std::fs::write(&tmp, text).map_err(io)?;
    std::fs::rename(&tmp, &path).map_err(io)?;
    Ok(t.file.display().to_string())
}

/// `text` with `source_digest: DIGEST` in its front matter (replacing the
/// old value, or added as the last line); everything else kept as it was.
pub fn with_digest(text: &str, digest: &str) -> Option<String> {
    let split = front::split(std::path::Path::new(""), text).ok()??;
    let fm = &text[split.yaml_start..split.yaml_end];
    let nl = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut new_fm = String::with_capacity(fm.len() + 40);
    let mut replaced = false;
    for line in fm.split_inclusive('\n') {
        if line.starts_with("source_digest:") {
            let _ = write!(new_fm, "source_digest: {digest}{nl}");
            replaced = true;
        } else {
            new_fm.push_str(line);
        }
    }
    if !replaced {
        if !new_fm.is_empty() && !new_fm.ends_with('\n') {
            new_fm.push_str(nl);
        }
        let _ = write!(new_fm, "source_digest: {digest}{nl}");
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
    fn writes_or_replaces_the_digest_and_keeps_the_rest() {
        let t = "---\ntitle: Connexion\n---\nCorps\n";
        assert_eq!(
            with_digest(t, "abc").as_deref(),
            Some("---\ntitle: Connexion\nsource_digest: abc\n---\nCorps\n")
        );
        let t = "---\nsource_digest: old\ntitle: C\n---\nB\n";
        assert_eq!(
            with_digest(t, "new").as_deref(),
            Some("---\nsource_digest: new\ntitle: C\n---\nB\n")
        );
        assert_eq!(with_digest("no front matter", "x"), None);
    }
}
