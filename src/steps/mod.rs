//! The step language: the machine-readable actions that ride in HTML comments
//! of a guide page (`<!-- step: click "Connexion" -->`, `<!-- shot -->`), as a
//! typed model with source positions.
//!
//! [`action`] defines each action once (its word, form, target, when it is
//! observed); [`directive`] parses one comment; [`mod@extract`] finds every
//! comment of a Markdown page and groups them into [`Step`]s, one per list
//! item; [`consistency`] holds a translation's steps to its source's.

pub mod action;
pub mod consistency;
pub mod directive;
pub mod extract;

pub use action::{Element, Keyword};
pub use directive::{parse_directive, Directive, DirectiveError};
pub use extract::{extract, Extraction};

use crate::diagnostics::Pos;
use std::fmt;

/// One thing the reader does (or checks) on the intranet.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Action {
    /// `open URL-or-path`: load a page (real intranet URLs map onto the mock).
    Open { url: String },
    /// `click "TEXT"`: a button, link or control found by its accessible name.
    Click { target: String },
    /// `fill "LABEL" with "VALUE"`: type into the field labelled LABEL.
    Fill { label: String, value: String },
    /// `select "OPTION" in "LABEL"`: choose OPTION in the drop-down LABEL.
    Select { option: String, label: String },
    /// `check "LABEL"`: tick the checkbox LABEL.
    Check { label: String },
    /// `upload "LABEL" with "FILE"`: attach a generated file named FILE.
    Upload { label: String, file: String },
    /// `expect "TEXT"`: TEXT is visible on the screen.
    Expect { text: String },
    /// `mail "SUBJECT"`: open the newest message with SUBJECT in the
    /// persona's personal mailbox.
    Mail { subject: String },
    /// `wait N day(s)`: advance the mock's clock.
    Wait { days: u32 },
}

impl Action {
    /// Which action this is (its definition: `self.kind().def()`).
    pub fn kind(&self) -> Keyword {
        match self {
            Action::Open { .. } => Keyword::Open,
            Action::Click { .. } => Keyword::Click,
            Action::Fill { .. } => Keyword::Fill,
            Action::Select { .. } => Keyword::Select,
            Action::Check { .. } => Keyword::Check,
            Action::Upload { .. } => Keyword::Upload,
            Action::Expect { .. } => Keyword::Expect,
            Action::Mail { .. } => Keyword::Mail,
            Action::Wait { .. } => Keyword::Wait,
        }
    }

    /// The action's keyword, as written in a comment.
    pub fn keyword(&self) -> &'static str {
        self.kind().def().word
    }

    /// The on-screen text or label this action looks for, if any: what a
    /// screenshot highlights.
    pub fn target(&self) -> Option<&str> {
        match self {
            Action::Click { target } => Some(target),
            Action::Fill { label, .. }
            | Action::Select { label, .. }
            | Action::Check { label }
            | Action::Upload { label, .. } => Some(label),
            Action::Expect { text } => Some(text),
            Action::Open { .. } | Action::Mail { .. } | Action::Wait { .. } => None,
        }
    }
}

impl fmt::Display for Action {
    /// Writes the action back in the step language, so messages quote it as
    /// the editor wrote it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kw = self.keyword();
        match self {
            Action::Open { url } => write!(f, "{kw} {url}"),
            Action::Click { target } => write!(f, "{kw} {}", quote(target)),
            Action::Fill { label, value } => {
                write!(f, "{kw} {} with {}", quote(label), quote(value))
            }
            Action::Select { option, label } => {
                write!(f, "{kw} {} in {}", quote(option), quote(label))
            }
            Action::Check { label } => write!(f, "{kw} {}", quote(label)),
            Action::Upload { label, file } => {
                write!(f, "{kw} {} with {}", quote(label), quote(file))
            }
            Action::Expect { text } => write!(f, "{kw} {}", quote(text)),
            Action::Mail { subject } => write!(f, "{kw} {}", quote(subject)),
            Action::Wait { days } => {
                write!(f, "{kw} {days} {}", if *days == 1 { "day" } else { "days" })
            }
        }
    }
}

/// `s` in double quotes, `\\` and `"` escaped with a backslash.
fn quote(s: &str) -> Quoted<'_> {
    Quoted(s)
}

/// A quoted string as it is written, without building it first.
struct Quoted<'a>(&'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use fmt::Write;
        f.write_char('"')?;
        let mut rest = self.0;
        while let Some(i) = rest.find(['\\', '"']) {
            f.write_str(&rest[..i])?;
            f.write_char('\\')?;
            f.write_str(&rest[i..i + 1])?;
            rest = &rest[i + 1..];
        }
        f.write_str(rest)?;
        f.write_char('"')
    }
}

/// How a step's screenshot is framed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
pub struct Shot {
    /// `as "NAME"`: an explicit, stable file name.
    pub name: Option<String>,
    /// `callouts "A" "B"`: numbered callouts on these elements (numbered in
    /// this order); the legend comes from the page text.
    pub callouts: Vec<String>,
    /// `crop "TEXT"`: crop around this element.
    pub crop: Option<String>,
    /// `full`: the whole page, not only the viewport.
    pub full: bool,
}

impl fmt::Display for Shot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "shot")?;
        if let Some(name) = &self.name {
            write!(f, " as {}", quote(name))?;
        }
        if self.full {
            write!(f, " full")?;
        }
        if let Some(crop) = &self.crop {
            write!(f, " crop {}", quote(crop))?;
        }
        if !self.callouts.is_empty() {
            write!(f, " callouts")?;
            for c in &self.callouts {
                write!(f, " {}", quote(c))?;
            }
        }
        Ok(())
    }
}

/// An action with where it was written.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Located<T> {
    pub value: T,
    pub pos: Pos,
}

/// A bold phrase of a step's text (`**SE CONNECTER**`): a UI label that the
/// step must really find on the screen.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Label {
    pub text: String,
    pub pos: Pos,
}

/// One documented step: a list item (or block) with its actions and
/// optional screenshot.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Step {
    /// 1-based number of the step within its page.
    pub number: usize,
    /// Where the step's block starts.
    pub pos: Pos,
    /// Byte range of the enclosing Markdown block in the page *body*
    /// (after front matter), to match it while rendering.
    pub block: std::ops::Range<usize>,
    pub actions: Vec<Located<Action>>,
    pub shot: Option<Located<Shot>>,
    /// The step's visible text (plain, whitespace collapsed): the
    /// screenshot's alt text.
    pub text: String,
    /// Bold phrases of the step's text.
    pub labels: Vec<Label>,
    /// Stable name of the step's screenshot (`screenshots/<page>/<name>.png`),
    /// unique within the page; `None` when the step takes no shot.
    pub shot_name: Option<String>,
}

impl Step {
    /// The targets a screenshot of this step highlights, in order.
    pub fn targets(&self) -> Vec<&str> {
        self.actions
            .iter()
            .filter_map(|a| a.value.target())
            .collect()
    }
}

/// Lower-case ASCII slug of `text`: accents folded, runs of other
/// characters turned into single dashes.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(fold_accent) {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.len() > 48 {
        out.truncate(48);
        while out.ends_with('-') {
            out.pop();
        }
    }
    out
}

fn fold_accent(c: char) -> impl Iterator<Item = char> {
    let folded: &str = match c {
        'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' | 'À' | 'Á' | 'Â' | 'Ä' => "a",
        'ç' | 'Ç' => "c",
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'Î' | 'Ï' => "i",
        'ñ' | 'Ñ' => "n",
        'ò' | 'ó' | 'ô' | 'ö' | 'õ' | 'Ô' | 'Ö' => "o",
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Û' | 'Ü' => "u",
        'ÿ' | 'Ÿ' => "y",
        'œ' | 'Œ' => "oe",
        'æ' | 'Æ' => "ae",
        _ => "",
    };
    let single = if folded.is_empty() { Some(c) } else { None };
    folded.chars().chain(single)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_fold_french_accents() {
        assert_eq!(slug("J'accède à ma messagerie"), "j-accede-a-ma-messagerie");
        assert_eq!(slug("  SE CONNECTER "), "se-connecter");
        assert_eq!(slug("Région et fuseau horaire"), "region-et-fuseau-horaire");
    }

    #[test]
    fn actions_print_back_in_the_step_language() {
        let a = Action::Fill {
            label: "Mot de passe".into(),
            value: "{birthdate}".into(),
        };
        assert_eq!(a.to_string(), r#"fill "Mot de passe" with "{birthdate}""#);
        assert_eq!(Action::Wait { days: 1 }.to_string(), "wait 1 day");
        let odd = Action::Click {
            target: r#"say "hi" \ bye"#.into(),
        };
        assert_eq!(odd.to_string(), r#"click "say \"hi\" \\ bye""#);
    }
}
