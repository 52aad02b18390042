//! A theme: `themes/<name>/templates/*.html` (Tera), `static/` (copied to
//! the site's `assets/`), `i18n.yaml`, the interface's words in every
//! language (notices, Previous/Next, "Step", the skip link...), and
//! `icons/touch-icon.svg`, the drawing `build` renders the installed
//! guide's icons from (`site/outputs/icons.rs`).

use crate::diagnostics::{display_path, Diagnostic, Pos};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use tera::Tera;
use walkdir::WalkDir;

/// Interface words that must hold a placeholder for a value the page fills
/// in: the word, its placeholder, and an English example.
const PLACEHOLDERS: &[(&str, &str, &str)] = &[
    (
        "verified",
        "{date}",
        "Steps last checked against the intranet on {date}.",
    ),
    ("shot_alt", "{n}", "Screen at step {n}"),
    ("shot_marked", "{labels}", ", {labels} highlighted"),
    ("report_step", "{n}", "Step {n}: write to the office"),
    (
        "report_subject",
        "{n}",
        "Guide: step {n} of “{page}” did not work",
    ),
    ("report_body", "{url}", "Page: {url}\\nStep: {n}"),
    (
        "verified_step",
        "{date}",
        "This step last passed the check on {date}.",
    ),
];

/// The templates a theme must provide.
pub const REQUIRED: &[&str] = &["page.html", "root.html", "404.html", "print.html"];

/// A loaded theme.
pub struct Theme {
    pub tera: Tera,
    /// Where each template came from, for messages.
    pub template_files: BTreeMap<String, PathBuf>,
    /// Interface strings: language → key → text.
    pub strings: BTreeMap<String, BTreeMap<String, String>>,
    /// `i18n.yaml` as shown in messages, and its text (for positions).
    pub strings_file: PathBuf,
    pub strings_text: String,
    /// Static files: (path under `static/`, content).
    pub assets: Vec<(String, Source)>,
    /// The stylesheets and scripts the templates of a guide page link
    /// ([`PAGE_TEMPLATES`]: `assets/style.css`, …): what every page loads.
    /// The others load on demand (the search code), belong to other pages
    /// (the print view's stylesheet) or are linked from content.
    pub linked: BTreeSet<String>,
    /// [`TOUCH_ICON`] as shown in messages, and its text, when the theme
    /// has it.
    pub touch_icon: Option<(PathBuf, Cow<'static, str>)>,
    /// The build cache's key of the templates (every name and text): what
    /// a page rendered from them is cached under, with its context.
    pub templates_key: crate::digest::Key,
}

/// The drawing the installed guide's icons are rendered from.
pub const TOUCH_ICON: &str = "icons/touch-icon.svg";

/// Where a theme file's bytes are.
#[derive(Debug, Clone)]
pub enum Source {
    Disk(PathBuf),
    Text(Cow<'static, str>),
    /// A picture of the built-in theme (its icons).
    Bytes(&'static [u8]),
}

/// The templates every guide page is rendered with.
pub const PAGE_TEMPLATES: &[&str] = &["base.html", "page.html"];

struct ThemeFile {
    rel: String,
    source: Source,
}

/// The default theme as built into the program, for sites without a
/// `themes/default` folder of their own.
fn builtin() -> Vec<ThemeFile> {
    macro_rules! file {
        ($rel:literal) => {
            ThemeFile {
                rel: $rel.to_string(),
                source: Source::Text(Cow::Borrowed(include_str!(concat!(
                    "../themes/default/",
                    $rel
                )))),
            }
        };
    }
    let picture = |rel: &str, bytes: &'static [u8]| ThemeFile {
        rel: rel.to_string(),
        source: Source::Bytes(bytes),
    };
    vec![
        file!("i18n.yaml"),
        file!("icons/touch-icon.svg"),
        picture(
            "static/apple-touch-icon.png",
            include_bytes!("../themes/default/static/apple-touch-icon.png"),
        ),
        picture(
            "static/favicon.ico",
            include_bytes!("../themes/default/static/favicon.ico"),
        ),
        file!("static/print-view.css"),
        file!("static/search.css"),
        file!("static/search.js"),
        file!("static/site.js"),
        file!("static/style.css"),
        file!("templates/404.html"),
        file!("templates/base.html"),
        file!("templates/chooser-style.html"),
        file!("templates/page.html"),
        file!("templates/print.html"),
        file!("templates/report.html"),
        file!("templates/root.html"),
    ]
}

impl std::fmt::Debug for Theme {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Theme")
            .field("templates", &self.template_files.keys())
            .field("assets", &self.assets.len())
            .field("strings", &self.strings_file)
            .finish()
    }
}

impl Theme {
    /// Loads `root/themes/<name>`; a site without `themes/default` gets
    /// the default theme built into the program.
    /// `at` is where guide.yaml names the theme.
    pub fn load(root: &Path, name: &str, at: Pos) -> Result<Theme, Vec<Diagnostic>> {
        let dir = root.join("themes").join(name);
        if !dir.is_dir() && name == "default" {
            return Self::from_files(Path::new("themes/default"), builtin());
        }
        let shown = |p: &Path| display_path(root, p);
        if !dir.is_dir() {
            return Err(vec![Diagnostic::new(
                "content/guide.yaml",
                at,
                format!(
                    "the theme `{name}` does not exist ({} is missing)",
                    shown(&dir).display()
                ),
                "name a folder of themes/ in `theme:`, or remove the line to use the default theme",
            )]);
        }
        let mut files = Vec::new();
        let mut problems = Vec::new();
        for entry in WalkDir::new(&dir).sort_by_file_name().into_iter().flatten() {
            if !entry.file_type().is_file() {
                continue;
            }
            let Ok(rel) = entry.path().strip_prefix(&dir) else {
                continue;
            };
            let rel = rel.to_string_lossy().replace('\\', "/");
            let is_text = rel.starts_with("templates/") || rel == "i18n.yaml" || rel == TOUCH_ICON;
            if rel.starts_with("static/") {
                files.push(ThemeFile {
                    rel,
                    source: Source::Disk(entry.path().to_path_buf()),
                });
            } else if is_text {
                match std::fs::read_to_string(entry.path()) {
                    Ok(text) => files.push(ThemeFile {
                        rel,
                        source: Source::Text(text.into()),
                    }),
                    Err(e) => problems.push(Diagnostic::new(
                        shown(entry.path()),
                        Pos { line: 1, col: 1 },
                        format!("cannot read this theme file: {e}"),
                        "save it as UTF-8 text",
                    )),
                }
            }
        }
        match Self::from_files(&shown(&dir), files) {
            Ok(t) if problems.is_empty() => Ok(t),
            Ok(_) => Err(problems),
            Err(mut d) => {
                problems.append(&mut d);
                Err(problems)
            }
        }
    }

    /// Builds a theme from its files; `dir` is the theme folder as shown in
    /// messages.
    fn from_files(dir: &Path, files: Vec<ThemeFile>) -> Result<Theme, Vec<Diagnostic>> {
        let top = Pos { line: 1, col: 1 };
        let mut problems = Vec::new();
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(crate::render::escape);
        let mut sources = Vec::new();
        let mut template_files = BTreeMap::new();
        let mut strings = BTreeMap::new();
        let strings_file = dir.join("i18n.yaml");
        let mut strings_text = String::new();
        let mut assets = Vec::new();
        let mut touch_icon = None;
        let mut templates_key = Vec::new();
        for f in files {
            let file = dir.join(&f.rel);
            match (
                f.rel.strip_prefix("templates/"),
                f.rel.strip_prefix("static/"),
                f.source,
            ) {
                (Some(name), _, Source::Text(text)) => {
                    templates_key.extend_from_slice(&crate::digest::key(&[
                        name.as_bytes(),
                        text.as_bytes(),
                    ]));
                    template_files.insert(name.to_string(), file);
                    sources.push((name.to_string(), text.into_owned()));
                }
                (_, Some(rel), source) => assets.push((rel.to_string(), source)),
                (None, None, Source::Text(text)) if f.rel == "i18n.yaml" => {
                    match crate::yaml::parse(&file, &text, 0, text.len(), &[]) {
                        Ok(s) => {
                            strings = s;
                            strings_text = text.to_string();
                        }
                        Err(d) => problems.push(d),
                    }
                }
                (None, None, Source::Text(text)) if f.rel == TOUCH_ICON => {
                    touch_icon = Some((file, text));
                }
                _ => {}
            }
        }
        // The page budget counts HTML, CSS and JS: the icons a page links
        // are fetched once for the whole site, not with each page.
        let linked = assets
            .iter()
            .map(|(rel, _)| rel)
            .filter(|rel| rel.ends_with(".css") || rel.ends_with(".js"))
            .filter(|rel| {
                let link = format!("assets/{rel}\"");
                sources
                    .iter()
                    .filter(|(name, _)| PAGE_TEMPLATES.contains(&name.as_str()))
                    .any(|(_, text)| text.contains(&link))
            })
            .cloned()
            .collect();
        if let Err(e) = tera.add_raw_templates(sources) {
            // Name the faulty template: Tera quotes it in its message.
            let text = e.to_string();
            let file = template_files
                .iter()
                .find(|(name, _)| text.contains(&format!("'{name}'")))
                .map(|(_, f)| f.clone())
                .unwrap_or_else(|| dir.join("templates"));
            problems.push(template_error(&file, &e));
        }
        for req in REQUIRED {
            if !template_files.contains_key(*req) {
                problems.push(Diagnostic::new(
                    dir.join("templates").join(req),
                    top,
                    format!("the theme has no `{req}` template"),
                    "copy it from themes/default/templates/",
                ));
            }
        }
        if problems.is_empty() {
            Ok(Theme {
                tera,
                template_files,
                strings,
                strings_file,
                strings_text,
                assets,
                linked,
                touch_icon,
                templates_key: crate::digest::key(&[&templates_key]),
            })
        } else {
            Err(problems)
        }
    }

    /// Languages of the site whose interface words the theme lacks (all of
    /// them, or some of the default language's keys).
    pub fn missing_words(&self, codes: &[&str], default: &str) -> Vec<Diagnostic> {
        let keys: Vec<&String> = self
            .strings
            .get(default)
            .map(|m| m.keys().collect())
            .unwrap_or_default();
        let mut out = Vec::new();
        let text = &self.strings_text;
        for code in codes {
            let pos = crate::yaml::key_pos(text, 0, text.len(), code);
            match self.strings.get(*code) {
                None => out.push(Diagnostic::new(
                    &self.strings_file,
                    pos,
                    format!("the theme has no interface words in `{code}`"),
                    format!("add a `{code}:` section with the words of the `{default}:` section, translated"),
                )),
                Some(m) => {
                    out.extend(self.missing_placeholders(code, m));
                    let missing: Vec<&str> = keys
                        .iter()
                        .filter(|k| !m.contains_key(k.as_str()))
                        .map(|k| k.as_str())
                        .collect();
                    if !missing.is_empty() {
                        out.push(Diagnostic::new(
                            &self.strings_file,
                            pos,
                            format!("the `{code}` interface words lack: {}", missing.join(", ")),
                            format!("translate them from the `{default}:` section"),
                        ));
                    }
                }
            }
        }
        out
    }

    /// Interface words of `code` that lack the placeholder where the page
    /// puts its value (each language places the date where its grammar wants).
    fn missing_placeholders(
        &self,
        code: &str,
        words: &BTreeMap<String, String>,
    ) -> Vec<Diagnostic> {
        let text = &self.strings_text;
        let section = text.find(&format!("\n{code}:")).map_or(0, |at| at + 1);
        PLACEHOLDERS
            .iter()
            .filter(|(key, hole, _)| words.get(*key).is_some_and(|w| !w.contains(hole)))
            .map(|(key, hole, example)| {
                Diagnostic::new(
                    &self.strings_file,
                    crate::yaml::key_pos(text, section, text.len(), &format!("  {key}")),
                    format!("the `{code}` interface word `{key}` has no `{hole}`"),
                    format!("write `{hole}` where its value goes, as in \"{example}\""),
                )
            })
            .collect()
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
        self.tera
            .render(template, ctx)
            .map_err(|e| template_error(&self.file_of(template), &e))
    }

    /// Renders `template` with a typed context (see `site::context`).
    pub fn render_with<C: serde::Serialize>(
        &self,
        template: &str,
        ctx: &C,
    ) -> Result<String, Diagnostic> {
        let ctx = tera::Context::from_serialize(ctx)
            .map_err(|e| template_error(&self.file_of(template), &e))?;
        self.render(template, &ctx)
    }

    /// The file of `template`, as shown in messages.
    fn file_of(&self, template: &str) -> PathBuf {
        self.template_files
            .get(template)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(template))
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
    // Each part's reason, without Tera's source excerpt.
    let message = parts
        .iter()
        .filter_map(|p| {
            if p.contains("--> ") {
                p.lines()
                    .find(|l| l.trim_start().starts_with('='))
                    .map(|l| l.trim().trim_start_matches('=').trim().to_string())
            } else {
                p.lines()
                    .find(|l| !l.trim().is_empty())
                    .map(|l| l.trim().to_string())
            }
        })
        .collect::<Vec<_>>()
        .join(": ");
    let hint = "fix the template here; its language is Tera's (https://keats.github.io/tera/docs/)";
    Diagnostic::new(file, pos, message, hint)
}
