//! A theme: `themes/<name>/templates/*.html` (Tera), `static/` (copied to
//! the site's `assets/`), and `i18n.yaml`, the interface's words in every
//! language (notices, Previous/Next, "Step", the skip link...).

use crate::diagnostics::{display_path, Diagnostic, Pos};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tera::Tera;
use walkdir::WalkDir;

/// The templates a theme must provide.
pub const REQUIRED: &[&str] = &["page.html", "root.html", "404.html"];

/// A loaded theme.
pub struct Theme {
    pub tera: Tera,
    /// Where each template came from, for messages.
    pub template_files: BTreeMap<String, PathBuf>,
    /// Interface strings: language → key → text.
    pub strings: BTreeMap<String, BTreeMap<String, String>>,
    /// Static files: (path under `static/`, file).
    pub assets: Vec<(String, PathBuf)>,
}

impl std::fmt::Debug for Theme {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Theme")
            .field("templates", &self.template_files.keys())
            .field("assets", &self.assets.len())
            .finish()
    }
}

impl Theme {
    /// Loads `root/themes/<name>`.
    pub fn load(root: &Path, name: &str) -> Result<Theme, Vec<Diagnostic>> {
        let dir = root.join("themes").join(name);
        let shown = |p: &Path| display_path(root, p);
        let top = Pos { line: 1, col: 1 };
        if !dir.is_dir() {
            return Err(vec![Diagnostic::new(
                "content/guide.yaml",
                top,
                format!(
                    "the theme `{name}` does not exist ({} is missing)",
                    shown(&dir).display()
                ),
                "name a folder of themes/ in `theme:`, or remove the line to use the default theme",
            )]);
        }
        let mut problems = Vec::new();
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(crate::render::escape);
        let mut sources = Vec::new();
        let mut template_files = BTreeMap::new();
        let tdir = dir.join("templates");
        for entry in WalkDir::new(&tdir)
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            if !entry.file_type().is_file() {
                continue;
            }
            let Ok(rel) = entry.path().strip_prefix(&tdir) else {
                continue;
            };
            let name = rel.to_string_lossy().replace('\\', "/");
            match std::fs::read_to_string(entry.path()) {
                Ok(text) => {
                    template_files.insert(name.clone(), shown(entry.path()));
                    sources.push((name, text));
                }
                Err(e) => problems.push(Diagnostic::new(
                    shown(entry.path()),
                    top,
                    format!("cannot read this template: {e}"),
                    "save it as UTF-8 text",
                )),
            }
        }
        if problems.is_empty() {
            if let Err(e) = tera.add_raw_templates(sources) {
                // Name the faulty template: Tera quotes it in its message.
                let text = e.to_string();
                let file = template_files
                    .iter()
                    .find(|(name, _)| text.contains(&format!("'{name}'")))
                    .map(|(_, f)| f.clone())
                    .unwrap_or_else(|| shown(&tdir));
                problems.push(template_error(&file, &e));
            }
        }
        for req in REQUIRED {
            if !template_files.contains_key(*req) {
                problems.push(Diagnostic::new(
                    shown(&tdir.join(req)),
                    top,
                    format!("the theme has no `{req}` template"),
                    "copy it from themes/default/templates/",
                ));
            }
        }
        let i18n_path = dir.join("i18n.yaml");
        let strings = match std::fs::read_to_string(&i18n_path) {
            Err(_) => BTreeMap::new(),
            Ok(text) => match crate::yaml::parse(&shown(&i18n_path), &text, 0, text.len(), &[]) {
                Ok(s) => s,
                Err(d) => {
                    problems.push(d);
                    BTreeMap::new()
                }
            },
        };
        let sdir = dir.join("static");
        let mut assets = Vec::new();
        for entry in WalkDir::new(&sdir)
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            if entry.file_type().is_file() {
                if let Ok(rel) = entry.path().strip_prefix(&sdir) {
                    let rel = rel.to_string_lossy().replace('\\', "/");
                    assets.push((rel, entry.path().to_path_buf()));
                }
            }
        }
        if problems.is_empty() {
            Ok(Theme {
                tera,
                template_files,
                strings,
                assets,
            })
        } else {
            Err(problems)
        }
    }

    /// The interface word `key` in `lang`, falling back to `default`, then
    /// to the key itself.
    pub fn word<'a>(&'a self, lang: &str, default: &str, key: &'a str) -> &'a str {
        self.strings
            .get(lang)
            .and_then(|m| m.get(key))
            .or_else(|| self.strings.get(default).and_then(|m| m.get(key)))
            .map(String::as_str)
            .unwrap_or(key)
    }

    /// Every interface word in `lang` (with the default language's words
    /// where `lang` lacks one), for templates as `t.KEY`.
    pub fn words(&self, lang: &str, default: &str) -> BTreeMap<String, String> {
        let mut all = self.strings.get(default).cloned().unwrap_or_default();
        if let Some(own) = self.strings.get(lang) {
            all.extend(own.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        all
    }

    /// Renders `template`; an error becomes a diagnostic on the template.
    pub fn render(&self, template: &str, ctx: &tera::Context) -> Result<String, Diagnostic> {
        self.tera.render(template, ctx).map_err(|e| {
            let file = self
                .template_files
                .get(template)
                .cloned()
                .unwrap_or_else(|| PathBuf::from(template));
            template_error(&file, &e)
        })
    }
}

/// A Tera error as a diagnostic: its whole cause chain, and the
/// position Tera gives (` --> line:col`) when there is one.
pub fn template_error(file: &Path, e: &tera::Error) -> Diagnostic {
    use std::error::Error as _;
    let mut parts = vec![e.to_string()];
    let mut source = e.source();
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    let all = parts.join(": ");
    let mut pos = Pos { line: 1, col: 1 };
    if let Some(i) = all.find("--> ") {
        let rest = &all[i + 4..];
        let mut nums = rest
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty())
            .map(|s| s.parse::<usize>().unwrap_or(1));
        if let (Some(l), Some(c)) = (nums.next(), nums.next()) {
            pos = Pos { line: l, col: c };
        }
    }
    // The first line of each part, without Tera's source excerpt.
    let message = parts
        .iter()
        .filter_map(|p| {
            p.lines()
                .find(|l| !l.trim().is_empty() && !l.contains("-->"))
        })
        .map(|l| l.trim().to_string())
        .collect::<Vec<_>>()
        .join(": ");
    let expected = all
        .lines()
        .find(|l| l.trim_start().starts_with('='))
        .map(|l| l.trim().trim_start_matches('=').trim().to_string());
    let hint = match expected {
        Some(x) => format!("{x}; see https://keats.github.io/tera/docs/"),
        None => {
            "fix the template; its syntax is Tera's (https://keats.github.io/tera/docs/)".into()
        }
    };
    Diagnostic::new(file, pos, message, hint)
}
