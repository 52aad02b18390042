//! `ent-guide i18n context LANG`: one self-contained HTML page for
//! translators (`target/i18n-context/LANG/index.html`, screenshots
//! embedded) showing, page by page, every segment's id, source text and
//! translation — outdated and missing ones flagged — and, for a step, its
//! screenshot with the targets the step acts on outlined where they sit.

use super::export::{units, Unit};
use crate::diagnostics::{Diagnostic, Pos};
use crate::render::escape;
use crate::screenshots::sidecar::Sidecar;
use crate::site::Site;
use base64::Engine as _;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const STYLE: &str = "body{font:15px/1.5 system-ui,sans-serif;margin:1rem auto;max-width:70rem;padding:0 1rem}\
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.4rem;vertical-align:top;text-align:start}\
pre{white-space:pre-wrap;margin:0;font:inherit}.old{background:#fff4d6}.missing{background:#fde2e2}\
.shot{position:relative;display:inline-block;max-width:100%}.shot img{max-width:100%;display:block}\
.box{position:absolute;outline:3px solid #d4145a;outline-offset:1px}.box span{position:absolute;top:-1.3em;inset-inline-start:0;background:#d4145a;color:#fff;font-size:12px;padding:0 .3em}\
.id{font-family:monospace;font-size:13px;color:#555}";

/// Writes the context page of `lang` under `out` (`out/LANG/index.html`)
/// and returns its path.
pub fn write(site: &Site, lang: &str, out: &Path) -> Result<PathBuf, Diagnostic> {
    let units = units(site, lang, true)?;
    let mut html = format!(
        "<!doctype html>\n<html lang=\"{0}\"><head><meta charset=\"utf-8\"><title>Translators' context: {0}</title><style>{STYLE}</style></head><body>\n<h1>Translators' context: {0}</h1>\n<p>Every segment of the guide with its translation; <span class=\"old\">outdated</span> and <span class=\"missing\">missing</span> ones are coloured. A step's screenshot outlines what the step acts on.</p>\n",
        escape(lang)
    );
    let mut i = 0;
    while i < units.len() {
        let file = units[i].file.clone();
        let title = site
            .pages
            .iter()
            .find(|p| p.source.file == file)
            .map_or(String::new(), |p| p.source.title().to_string());
        let _ = write!(
            html,
            "<h2>{} <span class=\"id\">{}</span></h2>\n<table><tr><th>segment</th><th>source</th><th>{}</th></tr>\n",
            escape(&title),
            escape(&file.display().to_string()),
            escape(lang)
        );
        while i < units.len() && units[i].file == file {
            row(&mut html, site, &units[i]);
            i += 1;
        }
        html.push_str("</table>\n");
    }
    html.push_str("</body></html>\n");
    let dir = out.join(lang);
    let path = dir.join("index.html");
    let io = |e: std::io::Error| {
        Diagnostic::new(
            &path,
            Pos { line: 1, col: 1 },
            format!("cannot write: {e}"),
            "check the folder's permissions",
        )
    };
    std::fs::create_dir_all(&dir).map_err(io)?;
    let tmp = dir.join("index.html.tmp");
    std::fs::write(&tmp, html).map_err(io)?;
    std::fs::rename(&tmp, &path).map_err(io)?;
    Ok(path)
}

fn row(html: &mut String, site: &Site, u: &Unit) {
    let class = match (&u.target, u.current) {
        (None, _) => " class=\"missing\"",
        (Some(_), false) => " class=\"old\"",
        _ => "",
    };
    let _ = write!(
        html,
        "<tr{class}><td><span class=\"id\">{}</span><br>{}</td><td><pre>{}</pre>",
        escape(&u.id),
        escape(&u.location),
        escape(&u.source)
    );
    if let Some(shot) = &u.screenshot {
        html.push_str(&picture(site, shot));
    }
    let _ = writeln!(
        html,
        "</td><td><pre>{}</pre></td></tr>",
        escape(u.target.as_deref().unwrap_or(""))
    );
}

/// The screenshot named first in a unit's `screenshot` note, embedded,
/// with its targets outlined (positions in percent of the picture).
fn picture(site: &Site, note: &str) -> String {
    let rel = note.split(' ').next().unwrap_or("");
    let Some(name) = rel.strip_prefix("screenshots/") else {
        return String::new();
    };
    let dir = site.screenshots_dir();
    let Ok(png) = std::fs::read(dir.join(name)) else {
        return format!("<p>{}</p>", escape(note));
    };
    let side: Option<Sidecar> = std::fs::read_to_string(dir.join(name).with_extension("json"))
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok());
    let mut out = format!(
        "<div class=\"shot\"><img alt=\"{}\" src=\"data:image/png;base64,{}\">",
        escape(note),
        base64::engine::general_purpose::STANDARD.encode(png)
    );
    if let Some(s) = side {
        let (w, h) = (
            f64::from(s.image.width.max(1)),
            f64::from(s.image.height.max(1)),
        );
        for m in &s.targets {
            let r = &m.rect;
            let _ = write!(
                out,
                "<div class=\"box\" style=\"left:{:.2}%;top:{:.2}%;width:{:.2}%;height:{:.2}%\"><span>{}</span></div>",
                100.0 * r.x / w,
                100.0 * r.y / h,
                100.0 * r.width / w,
                100.0 * r.height / h,
                escape(&m.label)
            );
        }
    }
    out.push_str("</div>");
    out
}
