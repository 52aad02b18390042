//! Finding targets on the screen by accessible name or visible text, polled
//! until exactly one visible (and, for controls, enabled) element matches or
//! the timeout passes; a failure names the candidates or the nearest names.
//!
//! The search itself runs in the page (`finder.js`, injected by
//! [`crate::chrome`]), polled every 25 ms.

use crate::chrome::Session;
use crate::diagnostics::did_you_mean;
use anyhow::Result;
use serde::{Deserialize, Serialize};
use std::time::{Duration, Instant};

/// What kind of element a target names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Buttons, links, tabs, anything clickable.
    Click,
    /// Text fields.
    Field,
    /// Drop-downs.
    Select,
    /// Checkboxes and radio buttons.
    Check,
    /// File inputs.
    File,
    /// Any visible text or named element (`expect`, bold labels, callouts).
    Text,
}

impl Kind {
    fn js(self) -> &'static str {
        match self {
            Kind::Click => "click",
            Kind::Field => "field",
            Kind::Select => "select",
            Kind::Check => "check",
            Kind::File => "file",
            Kind::Text => "text",
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Kind::Click => "button or link",
            Kind::Field => "field",
            Kind::Select => "drop-down",
            Kind::Check => "checkbox",
            Kind::File => "file field",
            Kind::Text => "text",
        }
    }
}

/// A box in CSS pixels: `x`/`y` relative to the viewport, `page_x`/`page_y`
/// to the document.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Default)]
pub struct BoxPx {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    #[serde(default)]
    pub page_x: f64,
    #[serde(default)]
    pub page_y: f64,
}

/// One element that matched.
#[derive(Debug, Clone, Deserialize)]
pub struct Match {
    pub index: usize,
    pub tag: String,
    pub name: String,
    #[serde(rename = "box")]
    pub bbox: BoxPx,
    #[serde(default)]
    pub disabled: bool,
}

#[derive(Debug, Deserialize)]
struct Found {
    matches: Vec<Match>,
    names: Vec<String>,
}

/// Looks for `text` once.
fn find_once(session: &Session, kind: Kind, text: &str) -> Result<Found> {
    let expr = format!(
        "__entGuide.find({}, {})",
        serde_json::to_string(kind.js())?,
        serde_json::to_string(text)?
    );
    session.eval_json(&expr)
}

/// Finds the one element `text` names, waiting until it is there, visible
/// and enabled. With `first`, several matches are fine (the first one in
/// reading order is taken), as for text that may appear twice.
pub fn find(
    session: &Session,
    kind: Kind,
    text: &str,
    first: bool,
    timeout: Duration,
) -> Result<Match, String> {
    let start = Instant::now();
    let mut last: Option<Found> = None;
    let mut last_err = None;
    loop {
        match find_once(session, kind, text) {
            Ok(found) => {
                let usable = |m: &Match| kind == Kind::Text || !m.disabled;
                match found.matches.len() {
                    1 if usable(&found.matches[0]) => return Ok(found.matches[0].clone()),
                    n if n > 1 && first && usable(&found.matches[0]) => {
                        return Ok(found.matches[0].clone())
                    }
                    _ => last = Some(found),
                }
            }
            // The page may be between two documents: try again.
            Err(e) => last_err = Some(e.to_string()),
        }
        if start.elapsed() >= timeout {
            return Err(explain(kind, text, last, last_err, timeout));
        }
        std::thread::sleep(Duration::from_millis(25));
    }
}

fn explain(
    kind: Kind,
    text: &str,
    found: Option<Found>,
    err: Option<String>,
    timeout: Duration,
) -> String {
    let secs = timeout.as_secs_f64();
    let Some(found) = found else {
        return format!(
            "could not search the page for \"{text}\" within {secs:.1} s: {}",
            err.unwrap_or_default()
        );
    };
    let noun = kind.noun();
    match found.matches.len() {
        0 => {
            let names: Vec<&str> = found.names.iter().map(String::as_str).collect();
            let near = near_misses(text, &names);
            let missing = format!("no {noun} named \"{text}\" on this screen (waited {secs:.1} s)");
            match near.as_slice() {
                [] => missing,
                [one] => format!("{missing}; the nearest is \"{one}\""),
                more => format!("{missing}; the nearest are {}", quote_list(more)),
            }
        }
        1 => format!("the {noun} \"{text}\" stayed disabled (greyed out) for {secs:.1} s"),
        n => {
            let list: Vec<String> = found
                .matches
                .iter()
                .map(|m| {
                    format!(
                        "{} \"{}\" at ({:.0}, {:.0})",
                        m.tag, m.name, m.bbox.page_x, m.bbox.page_y
                    )
                })
                .collect();
            format!(
                "\"{text}\" names {n} elements on this screen, so the step cannot tell which one: {}",
                list.join("; ")
            )
        }
    }
}

fn quote_list(items: &[String]) -> String {
    items
        .iter()
        .map(|s| format!("\"{s}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The names closest to `text`: those `did_you_mean` accepts, then those
/// sharing a word with it, at most five.
pub fn near_misses(text: &str, names: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut pool: Vec<&str> = names.to_vec();
    while out.len() < 5 {
        let Some(best) = did_you_mean(text, &pool) else {
            break;
        };
        let best = best.to_string();
        pool.retain(|n| *n != best);
        out.push(best);
    }
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().filter(|w| w.len() > 2).collect();
    for n in names {
        if out.len() >= 5 {
            break;
        }
        let nl = n.to_lowercase();
        if !out.iter().any(|o| o == n) && words.iter().any(|w| nl.contains(w)) {
            out.push(n.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::near_misses;

    #[test]
    fn near_misses_rank_spelling_then_shared_words() {
        let names = [
            "Identifiant",
            "Mot de passe",
            "SE CONNECTER",
            "Mot de passe oublié",
        ];
        let near = near_misses("Mot de pase", &names);
        assert_eq!(near.first().map(String::as_str), Some("Mot de passe"));
        assert!(near_misses("Quitter", &names).is_empty());
    }
}
