//! What a run replays: the guide's pages with their persona and steps, and
//! the check that every translation carries its source's actions in the same
//! order (so all languages share one replay and one set of screenshots).

use crate::diagnostics::{Diagnostic, Pos};
use crate::steps::{extract, Step};
use anyhow::{Context, Result};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One language version of a page.
#[derive(Debug, Clone)]
pub struct Version {
    pub lang: String,
    /// The file as shown to the user (relative to the working directory).
    pub file: PathBuf,
    pub steps: Vec<Step>,
}

/// One page to replay.
#[derive(Debug, Clone)]
pub struct PagePlan {
    pub slug: String,
    /// The persona kind the page needs (front matter `persona`).
    pub persona: Option<String>,
    /// The source language version.
    pub source: Version,
    pub translations: Vec<Version>,
    /// Problems found while reading the page (bad directives, translations
    /// whose actions differ): each fails the page.
    pub problems: Vec<Diagnostic>,
}

impl PagePlan {
    /// The number of steps a replay of this page runs.
    pub fn step_count(&self) -> usize {
        self.source.steps.len()
    }
}

/// Splits a page into its front matter (YAML) and the byte offset of its
/// body.
fn front_matter(source: &str) -> (Option<&str>, usize) {
    let Some(rest) = source
        .strip_prefix("---\n")
        .or_else(|| source.strip_prefix("---\r\n"))
    else {
        return (None, 0);
    };
    let start = source.len() - rest.len();
    let mut offset = start;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            return (Some(&source[start..offset]), offset + line.len());
        }
        offset += line.len();
    }
    (None, 0)
}

/// Reads `content_dir` (`<slug>.md` sources, `<slug>.<lang>.md`
/// translations) into page plans, sorted by slug; `only` keeps one page.
pub fn load(content_dir: &Path, only: Option<&str>) -> Result<Vec<PagePlan>> {
    let mut files: BTreeMap<String, Vec<(Option<String>, PathBuf)>> = BTreeMap::new();
    for entry in walkdir::WalkDir::new(content_dir).sort_by_file_name() {
        let entry = entry.with_context(|| format!("reading {}", content_dir.display()))?;
        let path = entry.path();
        if !entry.file_type().is_file() || path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let rel = path.strip_prefix(content_dir).unwrap_or(path);
        let rel = rel.with_extension("");
        let rel = rel.to_string_lossy().replace('\\', "/");
        let (slug, lang) = match rel.rsplit_once('.') {
            Some((slug, lang))
                if (2..=3).contains(&lang.len())
                    && lang.chars().all(|c| c.is_ascii_lowercase()) =>
            {
                (slug.to_string(), Some(lang.to_string()))
            }
            _ => (rel.clone(), None),
        };
        files
            .entry(slug)
            .or_default()
            .push((lang, path.to_path_buf()));
    }
    let mut plans = Vec::new();
    for (slug, versions) in files {
        if only.is_some_and(|o| o != slug) {
            continue;
        }
        let Some((_, source_file)) = versions.iter().find(|(l, _)| l.is_none()) else {
            continue;
        };
        let mut problems = Vec::new();
        let (source, persona) = read_version(source_file, "source", &mut problems)?;
        let mut translations = Vec::new();
        for (lang, file) in &versions {
            if let Some(lang) = lang {
                let (v, _) = read_version(file, lang, &mut problems)?;
                problems.extend(consistency(&source, &v));
                translations.push(v);
            }
        }
        if source.steps.is_empty() && translations.iter().all(|t| t.steps.is_empty()) {
            continue;
        }
        plans.push(PagePlan {
            slug,
            persona,
            source,
            translations,
            problems,
        });
    }
    Ok(plans)
}

fn read_version(
    file: &Path,
    lang: &str,
    problems: &mut Vec<Diagnostic>,
) -> Result<(Version, Option<String>)> {
    let text =
        std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
    let (fm, body_start) = front_matter(&text);
    let mut persona = None;
    if let Some(fm) = fm {
        match serde_yaml::from_str::<serde_yaml::Value>(fm) {
            Ok(v) => {
                persona = v
                    .get("persona")
                    .and_then(|p| p.as_str())
                    .map(str::to_string);
            }
            Err(e) => problems.push(Diagnostic::new(
                file,
                Pos { line: 2, col: 1 },
                format!("the front matter is not valid YAML: {e}"),
                "fix the block between the --- lines",
            )),
        }
    }
    let extraction = extract(file, &text, body_start);
    problems.extend(extraction.problems);
    Ok((
        Version {
            lang: lang.to_string(),
            file: file.to_path_buf(),
            steps: extraction.steps,
        },
        persona,
    ))
}

/// Compares a translation's directives with its source's, step by step:
/// the first difference is a diagnostic at the translation's step.
pub fn consistency(source: &Version, translation: &Version) -> Option<Diagnostic> {
    let hint = format!(
        "copy the step comments of {} unchanged into this translation",
        source.file.display()
    );
    for (i, src) in source.steps.iter().enumerate() {
        let Some(tr) = translation.steps.get(i) else {
            let at = translation.steps.last().map(|s| s.pos).unwrap_or_default();
            return Some(Diagnostic::new(
                &translation.file,
                at,
                format!(
                    "this translation has {} step(s) but its source has {}: step {} (`{}`, {}:{}) is missing",
                    translation.steps.len(),
                    source.steps.len(),
                    src.number,
                    summary(src),
                    source.file.display(),
                    src.pos.line
                ),
                hint,
            ));
        };
        let sa: Vec<_> = src.actions.iter().map(|a| &a.value).collect();
        let ta: Vec<_> = tr.actions.iter().map(|a| &a.value).collect();
        let ss = src.shot.as_ref().map(|s| &s.value);
        let ts = tr.shot.as_ref().map(|s| &s.value);
        if sa != ta || ss != ts {
            return Some(Diagnostic::new(
                &translation.file,
                tr.pos,
                format!(
                    "step {} does `{}` but the source's step {} ({}:{}) does `{}`",
                    tr.number,
                    summary(tr),
                    src.number,
                    source.file.display(),
                    src.pos.line,
                    summary(src)
                ),
                hint,
            ));
        }
    }
    if translation.steps.len() > source.steps.len() {
        let extra = &translation.steps[source.steps.len()];
        return Some(Diagnostic::new(
            &translation.file,
            extra.pos,
            format!(
                "this translation has {} step(s) but its source has {}: `{}` is extra",
                translation.steps.len(),
                source.steps.len(),
                summary(extra)
            ),
            hint,
        ));
    }
    None
}

fn summary(step: &Step) -> String {
    let mut parts: Vec<String> = step.actions.iter().map(|a| a.value.to_string()).collect();
    if let Some(shot) = &step.shot {
        parts.push(shot.value.to_string());
    }
    parts.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_split_from_the_body() {
        let (fm, at) = front_matter("---\ntitle: A\n---\nbody");
        assert_eq!(fm, Some("title: A\n"));
        assert_eq!(at, "---\ntitle: A\n---\n".len());
        assert_eq!(front_matter("no front matter"), (None, 0));
    }
}
