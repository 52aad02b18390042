//! User-facing problems: every error an editor can cause is a [`Diagnostic`]
//! printed as `file:line:col: what is wrong — how to fix it`.
//!
//! [`LineIndex`] turns byte offsets into line and column; [`did_you_mean`]
//! offers the nearest known word (edit distance, case ignored) as a hint.

use std::fmt;
use std::path::{Path, PathBuf};

/// A 1-based line and column (columns count characters, not bytes).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
    serde::Serialize,
    serde::Deserialize,
)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.col)
    }
}

/// One problem in one file, with a hint that tells the editor how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Diagnostic {
    pub file: PathBuf,
    pub pos: Pos,
    pub message: String,
    pub hint: String,
}

impl Diagnostic {
    pub fn new(
        file: impl Into<PathBuf>,
        pos: Pos,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        Diagnostic {
            file: file.into(),
            pos,
            message: message.into(),
            hint: hint.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file.display(),
            self.pos.line,
            self.pos.col,
            self.message
        )?;
        if !self.hint.is_empty() {
            write!(f, " — {}", self.hint)?;
        }
        Ok(())
    }
}

/// Sorts diagnostics by file then position, so reports read top to bottom
/// and are identical from run to run.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| (&a.file, a.pos, &a.message).cmp(&(&b.file, b.pos, &b.message)));
}

/// Maps byte offsets of one text to line and column.
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, starts }
    }

    /// The position of byte `offset` (clamped to the text; never panics).
    pub fn pos(&self, offset: usize) -> Pos {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let mut end = offset;
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let col = self.text[start..end].chars().count() + 1;
        Pos {
            line: line + 1,
            col,
        }
    }
}

/// The closest candidate to `word` by edit distance, if close enough to be a
/// plausible typo ("did you mean ...?").
pub fn did_you_mean<'c>(word: &str, candidates: &[&'c str]) -> Option<&'c str> {
    let word = word.to_lowercase();
    candidates
        .iter()
        .map(|c| (levenshtein(&word, &c.to_lowercase()), *c))
        .filter(|(d, c)| *d <= 2.max(c.chars().count() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Edit distance between two strings, counted in characters.
pub fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// A path shown relative to `root` when it lies inside it.
pub fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_not_bytes() {
        let text = "é\nab\u{4e2d}c";
        let idx = LineIndex::new(text);
        assert_eq!(idx.pos(0), Pos { line: 1, col: 1 });
        assert_eq!(idx.pos(3), Pos { line: 2, col: 1 });
        assert_eq!(idx.pos(8), Pos { line: 2, col: 4 });
        assert_eq!(idx.pos(999), Pos { line: 2, col: 5 });
    }

    #[test]
    fn suggests_near_words_only() {
        assert_eq!(did_you_mean("clik", &["click", "fill"]), Some("click"));
        assert_eq!(did_you_mean("teleport", &["click", "fill"]), None);
    }

    #[test]
    fn displays_file_line_col_message_and_hint() {
        let d = Diagnostic::new("content/a.md", Pos { line: 3, col: 7 }, "bad", "fix it");
        assert_eq!(d.to_string(), "content/a.md:3:7: bad — fix it");
    }
}
