//! YAML read with positions: parses a YAML fragment of a file (front matter
//! or `guide.yaml`) and maps serde_yaml's errors to `file:line:col`
//! diagnostics in the file's own coordinates.

use crate::diagnostics::{did_you_mean, Diagnostic, LineIndex, Pos};
use serde::de::DeserializeOwned;
use std::path::Path;

/// Parses `source[start..end]` as YAML into `T`. An empty fragment parses
/// as an empty mapping, so `T`'s defaults apply.
pub fn parse<T: DeserializeOwned>(
    file: &Path,
    source: &str,
    start: usize,
    end: usize,
    fields: &[&str],
) -> Result<T, Diagnostic> {
    let start = start.min(source.len());
    let end = end.clamp(start, source.len());
    let text = &source[start..end];
    let text = if text.trim().is_empty() { "{}" } else { text };
    serde_yaml::from_str(text).map_err(|e| {
        let offset = e.location().map_or(0, |l| l.index());
        let pos = LineIndex::new(source).pos(start + offset.min(text.len()));
        let message = clean_message(&e.to_string());
        let hint = hint_for(&message, fields);
        Diagnostic::new(file, pos, message, hint)
    })
}

/// serde_yaml appends " at line L column C" to its messages; the
/// diagnostic already carries the position.
fn clean_message(message: &str) -> String {
    let cut = message.find(" at line ").unwrap_or(message.len());
    let m = message[..cut].trim();
    if m.is_empty() {
        "this YAML cannot be read".into()
    } else {
        m.to_string()
    }
}

fn hint_for(message: &str, fields: &[&str]) -> String {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let word = rest.split('`').next().unwrap_or("");
        return match did_you_mean(word, fields) {
            Some(m) => format!("did you mean `{m}`?"),
            None => format!("the known fields are: {}", fields.join(", ")),
        };
    }
    if message.contains("invalid type") || message.contains("invalid value") {
        return "give this field the kind of value it expects: text (in quotes when it starts with [ or { or holds `: `), or a whole number for weight".into();
    }
    "write `key: value` pairs, one per line; put text containing `: ` or `#` in quotes".into()
}

/// Position of the value of top-level `key:` within `source[start..end]`
/// (the key itself when the value is empty); the fragment's start when the
/// key is absent.
pub fn key_pos(source: &str, start: usize, end: usize, key: &str) -> Pos {
    let start = start.min(source.len());
    let end = end.clamp(start, source.len());
    let index = LineIndex::new(source);
    let mut offset = start;
    for line in source[start..end].split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix(key) {
            let rest_trim = rest.trim_start_matches([' ', '\t']);
            if let Some(value) = rest_trim.strip_prefix(':') {
                let lead = value.len() - value.trim_start_matches([' ', '\t']).len();
                let value_at = offset + line.len() - value.len() + lead;
                let at = if value.trim().is_empty() {
                    offset
                } else {
                    value_at
                };
                return index.pos(at);
            }
        }
        offset += line.len();
    }
    index.pos(start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    struct T {
        #[allow(dead_code)]
        title: Option<String>,
        #[allow(dead_code)]
        weight: Option<i64>,
    }

    #[test]
    fn errors_land_on_the_faulty_line_of_the_file() {
        let src = "---\ntitle: a\nweight: heavy\n---\n";
        let e = parse::<T>(Path::new("a.md"), src, 4, 28, &["title", "weight"]).unwrap_err();
        assert_eq!(e.pos.line, 3, "{e}");
        let src = "---\ntitel: a\n---\n";
        let e = parse::<T>(Path::new("a.md"), src, 4, 13, &["title", "weight"]).unwrap_err();
        assert_eq!(e.pos, Pos { line: 2, col: 1 }, "{e}");
        assert!(e.hint.contains("`title`"), "{e}");
    }

    #[test]
    fn finds_a_key_value() {
        let src = "---\ntitle: a\npersona:  nobody\n---\n";
        assert_eq!(
            key_pos(src, 4, src.len(), "persona"),
            Pos { line: 3, col: 11 }
        );
    }
}
