//! The editor's two HTML pages, written here (not by the guide's theme, so
//! `build` output never carries them): the list of pages with each
//! language's state and last `verify` result, and one file's editor beside
//! its live preview. Their behaviour is `editor.js`; both work on any theme.

use crate::content::Status;
use crate::render::escape;
use crate::site::Site;
use serde_json::{json, Value};
use std::fmt::Write as _;
use std::path::Path;

/// Where a page file sits: its slug (`""` for home) and language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub slug: String,
    pub lang: String,
}

impl Located {
    /// The name `verify --page` takes (`index` for home).
    pub fn page_name(&self) -> &str {
        crate::slug::name(&self.slug)
    }

    /// The page's address in the preview.
    pub fn url(&self) -> String {
        crate::slug::url("/", &self.lang, &self.slug)
    }
}

/// `log-in.fr.md` → slug `log-in`, language `fr` (when `fr` is one of
/// `codes`); `a/index.md` → slug `a` in `default`.
pub fn locate(rel: &str, codes: &[&str], default: &str) -> Located {
    let stem = rel.strip_suffix(".md").unwrap_or(rel);
    let (name, lang) = match stem.rsplit_once('.') {
        Some((n, l)) if codes.contains(&l) && l != default => (n, l),
        _ => (stem, default),
    };
    let slug = if name == "index" {
        ""
    } else {
        name.strip_suffix("/index").unwrap_or(name)
    };
    Located {
        slug: slug.to_string(),
        lang: lang.to_string(),
    }
}

/// The last `verify` result of each page (`screenshots/verified.json`):
/// `(passed, date)`.
fn last_runs(root: &Path) -> serde_json::Map<String, Value> {
    let path = root
        .join("screenshots")
        .join(crate::screenshots::verified::FILE);
    std::fs::read_to_string(path)
        .ok()
        .and_then(|t| serde_json::from_str::<Value>(&t).ok())
        .and_then(|v| v.as_object().cloned())
        .unwrap_or_default()
}

fn head(title: &str, csrf: &str, out: &mut String) {
    let _ = write!(
        out,
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <meta name=\"csrf\" content=\"{}\"><title>{} — guide editor</title>\
         <link rel=\"stylesheet\" href=\"/__edit/assets/editor.css\"></head><body>",
        escape(csrf),
        escape(title)
    );
}

/// The list of pages: one row a page, one cell a language (linking to its
/// file in the editor, or offering to start the translation), the last
/// verify result, and the form to add a page.
pub fn list(root: &Path, site: Option<&Site>, problems: usize, csrf: &str) -> String {
    let mut out = String::new();
    head("Pages", csrf, &mut out);
    out.push_str(
        "<header><h1>Guide editor</h1><p><a href=\"/\">Open the preview</a></p></header><main>",
    );
    if problems > 0 {
        let _ = write!(
            out,
            "<p class=\"warn\" role=\"alert\">The guide has {problems} problem{}: open a page to see the ones in it.</p>",
            if problems == 1 { "" } else { "s" }
        );
    }
    let Some(site) = site else {
        out.push_str("<p class=\"warn\">The guide's settings cannot be read (content/guide.yaml): fix them in a text editor, the problems are in the terminal.</p></main></body></html>");
        return out;
    };
    let codes = site.config.codes();
    let runs = last_runs(root);
    out.push_str("<table class=\"pages\"><caption>Every page in every language</caption><thead><tr><th scope=\"col\">Page</th>");
    for l in &site.config.languages {
        let _ = write!(out, "<th scope=\"col\">{}</th>", escape(&l.name));
    }
    out.push_str("<th scope=\"col\">Last run</th></tr></thead><tbody>");
    for page in &site.pages {
        let _ = write!(
            out,
            "<tr><th scope=\"row\">{}<br><small>{}</small></th>",
            escape(page.source.title()),
            escape(page.slug.shown())
        );
        for code in &codes {
            let (version, status) = page.version(code);
            let rel = if status == Status::Missing {
                missing_file(&page.source.file, code)
            } else {
                content_rel(&version.file)
            };
            let (class, word) = match status {
                Status::UpToDate => ("ok", "up to date"),
                Status::Outdated => ("old", "outdated"),
                Status::Missing => ("none", "missing — start it"),
            };
            let _ = write!(
                out,
                "<td class=\"{class}\"><a href=\"/__edit/page?path={}\">{word}</a></td>",
                percent_encoding::utf8_percent_encode(&rel, percent_encoding::NON_ALPHANUMERIC)
            );
        }
        let run = runs.get(page.slug.name());
        let cell = match run {
            Some(r) if r.get("passed") == Some(&Value::Bool(true)) => format!(
                "<td class=\"ok\">passed {}</td>",
                escape(r.get("date").and_then(Value::as_str).unwrap_or(""))
            ),
            Some(r) => format!(
                "<td class=\"bad\">failed {}</td>",
                escape(r.get("date").and_then(Value::as_str).unwrap_or(""))
            ),
            None if page.source.steps().is_empty() => "<td>no steps</td>".to_string(),
            None => "<td>never run</td>".to_string(),
        };
        out.push_str(&cell);
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
    out.push_str(
        "<form id=\"new-page\"><h2>Add a page</h2>\
         <p><label for=\"np-title\">Title</label> <input id=\"np-title\" name=\"title\" required size=\"40\"></p>\
         <p><label for=\"np-slug\">Address</label> <input id=\"np-slug\" name=\"slug\" required pattern=\"[a-z0-9][a-z0-9/-]*\" placeholder=\"library-card\"> \
         <small>lower-case words joined by -, as in the page's web address</small></p>\
         <p><label for=\"np-persona\">Whose account the steps start from</label> <select id=\"np-persona\" name=\"persona\">",
    );
    for p in crate::content::front::PERSONAS {
        let _ = write!(
            out,
            "<option{}>{}</option>",
            if *p == "active-student" {
                " selected"
            } else {
                ""
            },
            escape(p)
        );
    }
    out.push_str("</select></p><p><button>Create the page</button> <output id=\"np-status\"></output></p></form></main>");
    out.push_str("<script src=\"/__edit/assets/editor.js\"></script></body></html>");
    out
}

/// `content/log-in.md` → `log-in.md`.
fn content_rel(file: &Path) -> String {
    let s = file.to_string_lossy().replace('\\', "/");
    match s.split_once("content/") {
        Some((_, rest)) => rest.to_string(),
        None => s,
    }
}

/// The translation file a missing language would have: `log-in.fr.md`.
fn missing_file(source: &Path, lang: &str) -> String {
    let rel = content_rel(source);
    let stem = rel.strip_suffix(".md").unwrap_or(&rel);
    format!("{stem}.{lang}.md")
}

/// What the editor page needs to start.
pub struct EditorPage<'a> {
    pub rel: &'a str,
    pub text: &'a str,
    /// Empty for a file that does not exist yet.
    pub digest: &'a str,
    pub located: &'a Located,
    pub mock_url: &'a str,
    pub csrf: &'a str,
    /// The file does not exist yet (`text` is its starting point: a
    /// missing translation starts as a copy of its source).
    pub is_new: bool,
}

/// One file in the editor (the newline after `<textarea>` is the one the
/// HTML parser drops, so a text starting with a blank line keeps it): the toolbar (save, record, run, retake), the
/// text with its line numbers and problems, the panels for recorded steps
/// and run results, and the live preview of the page in a frame.
pub fn editor(p: &EditorPage<'_>) -> String {
    let mut out = String::new();
    head(p.rel, p.csrf, &mut out);
    let data = json!({
        "path": p.rel,
        "digest": p.digest,
        "preview": p.located.url(),
        "page": p.located.page_name(),
        "mock": p.mock_url,
        "isNew": p.is_new,
    });
    let _ = write!(
        out,
        "<header><p><a href=\"/__edit/\">All pages</a></p><h1>{}</h1>\
         <div class=\"tools\" role=\"toolbar\" aria-label=\"Page tools\">\
         <button id=\"save\" accesskey=\"s\">Save</button>\
         <button id=\"record\">Record steps</button>\
         <label><input type=\"checkbox\" id=\"with-shot\" checked> with a screenshot</label>\
         <button id=\"run\">Run this page</button>\
         <button id=\"shoot\">Retake screenshots</button>\
         <output id=\"status\" role=\"status\"></output></div></header>\
         <main class=\"split\"><section class=\"edit\" aria-label=\"Text\">\
         <div class=\"editor\"><pre class=\"gutter\" aria-hidden=\"true\"></pre>\
         <textarea id=\"text\" spellcheck=\"true\" aria-label=\"The page's text\" aria-describedby=\"problems\">\n{}</textarea>\
         <div class=\"notes\" aria-hidden=\"true\"></div></div>\
         <section id=\"problems\" aria-live=\"polite\"></section>\
         <section id=\"recorded\" aria-live=\"polite\" hidden><h2>Recording</h2><p class=\"who\"></p><ol></ol></section>\
         <section id=\"results\" aria-live=\"polite\" hidden><h2>Run</h2><p class=\"summary\"></p><ol></ol></section>\
         <section id=\"conflict\" hidden><h2>Someone else saved this file</h2>\
         <p>Your text is not lost: compare the two versions, then keep one.</p>\
         <h3>Lines that differ (struck out: saved meanwhile; underlined: yours)</h3><ul class=\"diff\"></ul>\
         <div class=\"both\"><label>Saved meanwhile<textarea id=\"theirs\" readonly></textarea></label>\
         <label>Yours<textarea id=\"mine\" readonly></textarea></label></div>\
         <p><button id=\"keep-mine\">Save mine over it</button> <button id=\"take-theirs\">Take the saved version</button></p></section>\
         </section><section class=\"view\" aria-label=\"Preview\">\
         <iframe id=\"preview\" title=\"Preview of the page\" src=\"{}\"></iframe></section></main>\
         <script type=\"application/json\" id=\"editor-data\">{}</script>\
         <script src=\"/__edit/assets/editor.js\"></script></body></html>",
        escape(p.rel),
        escape(p.text),
        escape(&p.located.url()),
        data.to_string().replace("</", "<\\/")
    );
    out
}

/// A refusal, as a page.
pub fn refused(status_word: &str, why: &str) -> String {
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{0}</title></head>\
         <body><h1>{0}</h1><p>{1}</p></body></html>",
        escape(status_word),
        escape(why)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_name_their_page_and_language() {
        let codes = ["en", "fr", "ar"];
        let l = locate("log-in.md", &codes, "en");
        assert_eq!((l.slug.as_str(), l.lang.as_str()), ("log-in", "en"));
        assert_eq!(l.url(), "/en/log-in/");
        let l = locate("mail/settings.fr.md", &codes, "en");
        assert_eq!((l.slug.as_str(), l.lang.as_str()), ("mail/settings", "fr"));
        let l = locate("index.ar.md", &codes, "en");
        assert_eq!((l.url(), l.page_name()), ("/ar/".to_string(), "index"));
        let l = locate("a/index.md", &codes, "en");
        assert_eq!(l.url(), "/en/a/");
        // A dot that is no language stays in the name.
        assert_eq!(locate("v1.2.md", &codes, "en").slug, "v1.2");
    }

    #[test]
    fn missing_translations_are_named_beside_the_source() {
        assert_eq!(
            missing_file(Path::new("content/log-in.md"), "fr"),
            "log-in.fr.md"
        );
        assert_eq!(
            missing_file(Path::new("/x/content/a/b.md"), "zh"),
            "a/b.zh.md"
        );
    }
}
