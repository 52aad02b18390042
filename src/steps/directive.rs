//! Parses the text of one HTML comment into a step directive: an [`Action`]
//! (`step: click "Connexion"`) or a [`Shot`] (`shot callouts "A" "B"`).

use super::action::{Keyword, Shape, WORDS};
use super::{Action, Shot};
use crate::diagnostics::did_you_mean;

/// What one comment asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Directive {
    Action(Action),
    Shot(Shot),
}

/// A malformed directive; `offset` is the byte offset of the fault within
/// the comment text that was parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectiveError {
    pub offset: usize,
    pub message: String,
    pub hint: String,
}

/// The persona variables a step may use, as `{name}`.
pub const VARIABLES: &[&str] = &[
    "login",
    "birthdate",
    "password",
    "new_password",
    "email",
    "personal_email",
    "given_name",
    "family_name",
    "mobile",
    "captcha",
];

/// Parses the inside of a comment (between `<!--` and `-->`).
///
/// Returns `None` for an ordinary comment, which is left alone.
pub fn parse_directive(body: &str) -> Option<Result<Directive, DirectiveError>> {
    let lead = body.len() - body.trim_start().len();
    let rest = &body[lead..];
    let word_end = rest
        .find(|c: char| c.is_whitespace() || c == ':')
        .unwrap_or(rest.len());
    let word = &rest[..word_end];
    let has_colon = rest[word_end..].starts_with(':');
    match word {
        "step" if has_colon => Some(parse_action(body, lead + word_end + 1)),
        "step" => Some(Err(err(
            lead + word_end,
            "a step comment needs a colon after `step`",
            "write it as <!-- step: click \"Connexion\" -->",
        ))),
        "shot" if !has_colon => Some(parse_shot(body, lead + word_end).map(Directive::Shot)),
        _ => {
            let near_step = has_colon && did_you_mean(word, &["step"]).is_some();
            let near_shot = !has_colon
                && word.len() >= 3
                && rest.trim().len() == word.len()
                && did_you_mean(word, &["shot"]).is_some();
            if near_step || near_shot {
                let meant = if near_step { "step:" } else { "shot" };
                Some(Err(err(
                    lead,
                    format!("`{word}` is not a step directive"),
                    format!("did you mean `{meant}`?"),
                )))
            } else {
                None
            }
        }
    }
}

fn err(offset: usize, message: impl Into<String>, hint: impl Into<String>) -> DirectiveError {
    DirectiveError {
        offset,
        message: message.into(),
        hint: hint.into(),
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Word(String),
    Quoted(String),
}

/// Splits `text[start..]` into words and quoted strings, with offsets.
fn tokenize(text: &str, start: usize) -> Result<Vec<(usize, Tok)>, DirectiveError> {
    let mut toks = Vec::new();
    let mut chars = text[start..].char_indices().peekable();
    while let Some(&(i, c)) = chars.peek() {
        let at = start + i;
        if c.is_whitespace() {
            chars.next();
        } else if c == '"' || c == '“' || c == '«' {
            let close = match c {
                '"' => '"',
                '“' => '”',
                _ => '»',
            };
            chars.next();
            let mut s = String::new();
            let mut closed = false;
            while let Some((_, c)) = chars.next() {
                if c == '\\' && close == '"' {
                    match chars.next() {
                        Some((_, e)) => s.push(e),
                        None => break,
                    }
                } else if c == close {
                    closed = true;
                    break;
                } else {
                    s.push(c);
                }
            }
            if !closed {
                return Err(err(
                    at,
                    "this quoted text is never closed",
                    format!("add the closing {close}"),
                ));
            }
            let trimmed = s.trim();
            if trimmed.is_empty() {
                return Err(err(
                    at,
                    "empty quoted text",
                    "write the label or text the reader sees between the quotes",
                ));
            }
            toks.push((at, Tok::Quoted(trimmed.to_string())));
        } else {
            let mut s = String::new();
            while let Some(&(_, c)) = chars.peek() {
                if c.is_whitespace() || c == '"' {
                    break;
                }
                s.push(c);
                chars.next();
            }
            toks.push((at, Tok::Word(s)));
        }
    }
    Ok(toks)
}

/// The values an action's shape gives, before they become an [`Action`].
#[derive(Default)]
struct Values {
    first: String,
    second: String,
    days: u32,
}

impl Values {
    /// The action `keyword` with these values.
    fn into_action(self, keyword: Keyword) -> Action {
        let Values {
            first,
            second,
            days,
        } = self;
        match keyword {
            Keyword::Open => Action::Open { url: first },
            Keyword::Click => Action::Click { target: first },
            Keyword::Fill => Action::Fill {
                label: first,
                value: second,
            },
            Keyword::Select => Action::Select {
                option: first,
                label: second,
            },
            Keyword::Check => Action::Check { label: first },
            Keyword::Upload => Action::Upload {
                label: first,
                file: second,
            },
            Keyword::Expect => Action::Expect { text: first },
            Keyword::Mail => Action::Mail { subject: first },
            Keyword::Wait => Action::Wait { days },
        }
    }
}

fn parse_action(body: &str, start: usize) -> Result<Directive, DirectiveError> {
    let toks = tokenize(body, start)?;
    let Some((kw_at, kw)) = toks.first() else {
        return Err(err(
            start,
            "this step comment has no action",
            format!("write one of: {}", WORDS.join(", ")),
        ));
    };
    let word = match kw {
        Tok::Word(w) => w.as_str(),
        Tok::Quoted(_) => {
            return Err(err(
                *kw_at,
                "a step starts with an action, not quoted text",
                "for a click write <!-- step: click \"TEXT\" -->",
            ))
        }
    };
    let Some(keyword) = Keyword::from_word(word) else {
        let hint = match did_you_mean(word, &WORDS).and_then(Keyword::from_word) {
            Some(m) => format!(
                "did you mean `{}`? write it as: {}",
                m.def().word,
                m.def().form
            ),
            None => format!("use one of: {}", WORDS.join(", ")),
        };
        return Err(err(*kw_at, format!("unknown action `{word}`"), hint));
    };
    let values = parse_values(
        body,
        word,
        keyword.def().form,
        keyword.def().shape,
        &toks[1..],
    )?;
    check_variables(&toks)?;
    Ok(Directive::Action(values.into_action(keyword)))
}

/// The values after the keyword `word`, as its `shape` wants them; `form`
/// is how the action is written, for messages.
fn parse_values(
    body: &str,
    word: &str,
    form: &str,
    shape: Shape,
    args: &[(usize, Tok)],
) -> Result<Values, DirectiveError> {
    let bad_form = |at: usize| {
        err(
            at,
            format!("`{word}` is not written the way it expects"),
            format!("write it as: {form}"),
        )
    };
    let end = body.trim_end().len();
    let quoted = |i: usize| -> Result<String, DirectiveError> {
        match args.get(i) {
            Some((_, Tok::Quoted(s))) => Ok(s.clone()),
            Some((at, Tok::Word(_))) => Err(bad_form(*at)),
            None => Err(bad_form(end)),
        }
    };
    let joiner = |i: usize, joint: &str| -> Result<(), DirectiveError> {
        match args.get(i) {
            Some((_, Tok::Word(w))) if w == joint => Ok(()),
            Some((at, _)) => Err(bad_form(*at)),
            None => Err(bad_form(end)),
        }
    };
    let expect_len = |n: usize| -> Result<(), DirectiveError> {
        match args.get(n) {
            Some((at, _)) => Err(err(
                *at,
                format!("unexpected text after the `{word}` action"),
                format!("one action per comment, written as: {form}"),
            )),
            None => Ok(()),
        }
    };
    let mut values = Values::default();
    match shape {
        Shape::Address => {
            let (at, url) = match args.first() {
                Some((at, Tok::Word(w) | Tok::Quoted(w))) => (*at, w.clone()),
                None => return Err(bad_form(end)),
            };
            expect_len(1)?;
            if !(url.starts_with('/') || url.starts_with("https://") || url.starts_with("http://"))
            {
                return Err(err(
                    at,
                    format!("`{url}` is not an address"),
                    "write a full address (https://ent.univ-st-etienne.fr/) or a path starting with /",
                ));
            }
            values.first = url;
        }
        Shape::Quoted => {
            values.first = quoted(0)?;
            expect_len(1)?;
        }
        Shape::Pair(joint) => {
            values.first = quoted(0)?;
            joiner(1, joint)?;
            values.second = quoted(2)?;
            expect_len(3)?;
        }
        Shape::Days => {
            let (at, n) = match args.first() {
                Some((at, Tok::Word(w))) => (*at, w.clone()),
                Some((at, _)) => return Err(bad_form(*at)),
                None => return Err(bad_form(end)),
            };
            values.days = match n.parse() {
                Ok(d) if (1..=30).contains(&d) => d,
                _ => {
                    return Err(err(
                        at,
                        format!("`{n}` is not a number of days from 1 to 30"),
                        "write it as: wait 1 day",
                    ))
                }
            };
            match args.get(1) {
                Some((_, Tok::Word(w))) if w == "day" || w == "days" => {}
                Some((at, _)) => return Err(bad_form(*at)),
                None => return Err(bad_form(end)),
            }
            expect_len(2)?;
        }
    }
    Ok(values)
}

/// Every `{name}` in quoted text must be a persona variable.
fn check_variables(toks: &[(usize, Tok)]) -> Result<(), DirectiveError> {
    for (at, tok) in toks {
        let (Tok::Quoted(s) | Tok::Word(s)) = tok;
        let mut rest = s.as_str();
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}') else {
                break;
            };
            let name = &rest[open + 1..open + close];
            if !VARIABLES.contains(&name) {
                let hint = match did_you_mean(name, VARIABLES) {
                    Some(m) => format!("did you mean {{{m}}}?"),
                    None => format!("persona variables are {{{}}}", VARIABLES.join("}, {")),
                };
                return Err(err(*at, format!("unknown variable {{{name}}}"), hint));
            }
            rest = &rest[open + close + 1..];
        }
    }
    Ok(())
}

fn parse_shot(body: &str, start: usize) -> Result<Shot, DirectiveError> {
    let toks = tokenize(body, start)?;
    let mut shot = Shot::default();
    let mut i = 0;
    let options = ["as", "full", "crop", "callouts"];
    while i < toks.len() {
        let (at, tok) = &toks[i];
        let word = match tok {
            Tok::Word(w) => w.as_str(),
            Tok::Quoted(_) => {
                return Err(err(
                    *at,
                    "quoted text must follow a shot option",
                    "write <!-- shot callouts \"A\" \"B\" -->, <!-- shot crop \"TEXT\" --> or <!-- shot as \"name\" -->",
                ))
            }
        };
        let next_quoted = |i: usize| match toks.get(i) {
            Some((_, Tok::Quoted(s))) => Ok(s.clone()),
            _ => Err(err(
                *at,
                format!("`{word}` needs quoted text after it"),
                format!("write it as: shot {word} \"TEXT\""),
            )),
        };
        match word {
            "full" => {
                shot.full = true;
                i += 1;
            }
            "crop" => {
                shot.crop = Some(next_quoted(i + 1)?);
                i += 2;
            }
            "as" => {
                let name = next_quoted(i + 1)?;
                if name.is_empty()
                    || !name
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                {
                    return Err(err(
                        toks[i + 1].0,
                        format!("`{name}` cannot name a screenshot file"),
                        format!(
                            "use lower-case letters, digits and dashes, e.g. \"{}\"",
                            super::slug(&name)
                        ),
                    ));
                }
                shot.name = Some(name);
                i += 2;
            }
            "callouts" => {
                i += 1;
                while let Some((_, Tok::Quoted(s))) = toks.get(i) {
                    shot.callouts.push(s.clone());
                    i += 1;
                }
                if shot.callouts.is_empty() {
                    return Err(err(
                        *at,
                        "`callouts` needs the elements to number",
                        "write it as: shot callouts \"FIRST\" \"SECOND\"",
                    ));
                }
            }
            other => {
                let hint = match did_you_mean(other, &options) {
                    Some(m) => format!("did you mean `{m}`?"),
                    None => {
                        "shot options are: as \"NAME\", full, crop \"TEXT\", callouts \"A\" \"B\""
                            .into()
                    }
                };
                return Err(err(*at, format!("unknown shot option `{other}`"), hint));
            }
        }
    }
    Ok(shot)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn action(s: &str) -> Action {
        match parse_directive(s) {
            Some(Ok(Directive::Action(a))) => a,
            other => panic!("{s:?} gave {other:?}"),
        }
    }

    fn error(s: &str) -> DirectiveError {
        match parse_directive(s) {
            Some(Err(e)) => e,
            other => panic!("{s:?} gave {other:?}"),
        }
    }

    #[test]
    fn parses_every_action() {
        assert_eq!(
            action(r#" step: click "Connexion" "#),
            Action::Click {
                target: "Connexion".into()
            }
        );
        assert_eq!(
            action(r#" step: fill "Mot de passe" with "{birthdate}" "#),
            Action::Fill {
                label: "Mot de passe".into(),
                value: "{birthdate}".into()
            }
        );
        assert_eq!(
            action(r#" step: select "Etudiant" in "Profil" "#),
            Action::Select {
                option: "Etudiant".into(),
                label: "Profil".into()
            }
        );
        assert_eq!(
            action(" step: open https://ent.univ-st-etienne.fr/ "),
            Action::Open {
                url: "https://ent.univ-st-etienne.fr/".into()
            }
        );
        assert_eq!(action(" step: wait 1 day "), Action::Wait { days: 1 });
        assert_eq!(
            action(r#"step: expect "J'accède à ma messagerie""#),
            Action::Expect {
                text: "J'accède à ma messagerie".into()
            }
        );
        assert_eq!(
            action(r#"step: click “SE CONNECTER”"#),
            Action::Click {
                target: "SE CONNECTER".into()
            }
        );
    }

    #[test]
    fn ordinary_comments_are_not_directives() {
        assert_eq!(parse_directive(" TODO: ask the office "), None);
        assert_eq!(parse_directive(" reviewed in 2026 "), None);
    }

    #[test]
    fn unknown_actions_suggest_the_nearest() {
        let e = error(r#" step: clik "Connexion" "#);
        assert_eq!(e.offset, 7);
        assert!(e.message.contains("unknown action `clik`"));
        assert!(e.hint.contains("did you mean `click`"));
    }

    #[test]
    fn malformed_arguments_show_the_right_form() {
        let e = error(r#" step: fill "Identifiant" "{login}" "#);
        assert!(e.hint.contains(r#"fill "LABEL" with "VALUE""#), "{e:?}");
        let e = error(r#" step: click "Connexion "#);
        assert!(e.message.contains("never closed"));
        let e = error(r#" step: click "A" "B" "#);
        assert!(e.message.contains("unexpected text"));
        let e = error(" step: wait forever ");
        assert!(e.message.contains("number of days"));
    }

    #[test]
    fn unknown_variables_are_caught() {
        let e = error(r#" step: fill "Identifiant" with "{lgin}" "#);
        assert!(e.message.contains("{lgin}"));
        assert!(e.hint.contains("{login}"));
    }

    #[test]
    fn near_miss_directives_are_errors() {
        assert!(error(" stpe: click \"A\" ").hint.contains("step:"));
        assert!(error(" shoot ").hint.contains("shot"));
    }

    #[test]
    fn parses_shot_options() {
        let Some(Ok(Directive::Shot(s))) =
            parse_directive(r#" shot as "grid" full callouts "08:00" "Lundi" "#)
        else {
            panic!()
        };
        assert_eq!(s.name.as_deref(), Some("grid"));
        assert!(s.full);
        assert_eq!(s.callouts, vec!["08:00", "Lundi"]);
        assert!(error(r#" shot crap "X" "#).hint.contains("crop"));
        assert!(error(r#" shot as "Bad Name" "#).hint.contains("bad-name"));
    }
}
