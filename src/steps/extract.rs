//! Finds the step directives of a Markdown page and groups them into
//! [`Step`]s: the directives of one list item (or, outside lists, of one
//! block) form one step, whose text is the item's visible text.

use super::directive::{parse_directive, Directive};
use super::{slug, Action, Label, Located, Shot, Step};
use crate::diagnostics::{Diagnostic, LineIndex};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

/// The Markdown dialect of guide pages; the renderer uses the same, so
/// steps and rendered blocks line up.
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// The steps of one page, and the problems found in its directives.
#[derive(Debug, Clone, Default)]
pub struct Extraction {
    pub steps: Vec<Step>,
    pub problems: Vec<Diagnostic>,
}

#[derive(Default)]
struct Container {
    block: Range<usize>,
    text: String,
    labels: Vec<Label>,
    actions: Vec<Located<Action>>,
    shot: Option<Located<Shot>>,
    first_directive: Option<usize>,
    top_level: bool,
    is_html_block: bool,
}

/// The events of a Markdown body with their byte ranges in it, parsed
/// once and walked by step extraction and by segments alike.
pub type Events<'a> = [(Event<'a>, Range<usize>)];

/// Parses a Markdown body in the guide's dialect into its events.
pub fn events(body: &str) -> Vec<(Event<'_>, Range<usize>)> {
    Parser::new_ext(body, markdown_options())
        .into_offset_iter()
        .collect()
}

/// Extracts the steps of `source` (a whole page file), whose Markdown body
/// starts at byte `body_start` (after the front matter). Positions are
/// reported in `file`'s coordinates.
pub fn extract(file: &Path, source: &str, body_start: usize) -> Extraction {
    let body_start = body_start.min(source.len());
    let events = events(&source[body_start..]);
    extract_from(file, source, body_start, &events, &LineIndex::new(source))
}

/// [`extract`] from the body's `events` (see [`events`]) and the whole
/// file's line `index`.
pub fn extract_from(
    file: &Path,
    source: &str,
    body_start: usize,
    events: &Events<'_>,
    index: &LineIndex<'_>,
) -> Extraction {
    let body_start = body_start.min(source.len());
    let body = &source[body_start..];
    let pos = |offset: usize| index.pos(body_start + offset);
    let mut problems = Vec::new();
    let mut with_directives: Vec<Container> = containers(body, events, &pos, &mut problems)
        .into_iter()
        .filter(|c| c.first_directive.is_some())
        .collect();
    with_directives.sort_by_key(|c| c.first_directive);

    let mut steps = Vec::with_capacity(with_directives.len());
    let mut names: HashMap<String, usize> = HashMap::new();
    for (i, c) in with_directives.into_iter().enumerate() {
        let number = i + 1;
        let shot_name = c.shot.as_ref().map(|shot| {
            let base = shot.value.name.clone().unwrap_or_else(|| {
                c.actions
                    .last()
                    .map(|a| derived_name(&a.value))
                    .unwrap_or_else(|| format!("step-{number}"))
            });
            let seen = names.entry(base.clone()).or_insert(0);
            *seen += 1;
            if *seen == 1 {
                base
            } else if shot.value.name.is_some() {
                problems.push(Diagnostic::new(
                    file,
                    shot.pos,
                    format!("another shot of this page is already named \"{base}\""),
                    "give each shot its own name",
                ));
                format!("{base}-{seen}")
            } else {
                format!("{base}-{seen}")
            }
        });
        steps.push(Step {
            number,
            pos: pos(c.block.start),
            block: c.block,
            actions: c.actions,
            shot: c.shot,
            text: collapse(&c.text),
            labels: c.labels,
            shot_name,
        });
    }
    let problems = problems
        .into_iter()
        .map(|mut d: Diagnostic| {
            if d.file.as_os_str().is_empty() {
                d.file = file.to_path_buf();
            }
            d
        })
        .collect();
    Extraction { steps, problems }
}

/// Every list item and top-level block of `body`, with the directives,
/// text and bold labels found in it; problems of directives go to
/// `problems`.
fn containers(
    body: &str,
    events: &Events<'_>,
    pos: &dyn Fn(usize) -> crate::diagnostics::Pos,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Container> {
    let mut done: Vec<Container> = Vec::new();
    let mut stack: Vec<Container> = Vec::new();
    let mut strong: Option<(usize, String)> = None;
    let mut strong_depth = 0usize;
    // The last top-level block that is not HTML, in `done`: a block of
    // comments under a paragraph takes its text.
    let mut last_top: Option<usize> = None;

    for (event, range) in events {
        match event {
            Event::Start(Tag::Item) => stack.push(Container {
                block: range.clone(),
                ..Default::default()
            }),
            Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::HtmlBlock) => {
                let is_html_block = matches!(event, Event::Start(Tag::HtmlBlock));
                if stack.is_empty() {
                    stack.push(Container {
                        block: range.clone(),
                        top_level: true,
                        is_html_block,
                        ..Default::default()
                    });
                }
                if is_html_block {
                    scan_comments(body, range.clone(), pos, &mut stack, problems);
                }
            }
            Event::InlineHtml(_) => scan_comments(body, range.clone(), pos, &mut stack, problems),
            Event::End(TagEnd::Item) => {
                if let Some(c) = stack.pop() {
                    done.push(c);
                }
            }
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::HtmlBlock)
                if stack.last().is_some_and(|c| c.top_level) =>
            {
                if let Some(mut c) = stack.pop() {
                    if c.is_html_block {
                        // A block of comments under a paragraph belongs to it.
                        let last = last_top.and_then(|i| done.get(i));
                        c.text = last.map(|l| l.text.clone()).unwrap_or_default();
                        c.labels = last.map(|l| l.labels.clone()).unwrap_or_default();
                    } else {
                        last_top = Some(done.len());
                    }
                    done.push(c);
                }
            }
            Event::Start(Tag::Strong) => {
                strong_depth += 1;
                if strong_depth == 1 {
                    strong = Some((range.start, String::new()));
                }
            }
            Event::End(TagEnd::Strong) => {
                strong_depth = strong_depth.saturating_sub(1);
                if strong_depth == 0 {
                    if let (Some((at, text)), Some(top)) = (strong.take(), stack.last_mut()) {
                        let text = collapse(&text);
                        if !text.is_empty() {
                            top.labels.push(Label { text, pos: pos(at) });
                        }
                    }
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(t);
                }
                if let Some((_, s)) = strong.as_mut() {
                    s.push_str(t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(top) = stack.last_mut() {
                    top.text.push(' ');
                }
            }
            _ => {}
        }
    }
    done.append(&mut stack);

    done
}

/// The default screenshot name of a step: its last action and target.
fn derived_name(action: &Action) -> String {
    let what = match action {
        Action::Open { url } => url
            .trim_start_matches("https://")
            .trim_start_matches("http://")
            .to_string(),
        Action::Wait { days } => format!("{days} day"),
        Action::Mail { subject } => subject.clone(),
        other => other.target().unwrap_or_default().to_string(),
    };
    let name = slug(&format!("{} {what}", action.keyword()));
    if name.is_empty() {
        action.keyword().to_string()
    } else {
        name
    }
}

/// Parses every `<!-- ... -->` in `body[range]` and files its directive
/// under the innermost open container.
fn scan_comments(
    body: &str,
    range: Range<usize>,
    pos: &dyn Fn(usize) -> crate::diagnostics::Pos,
    stack: &mut [Container],
    problems: &mut Vec<Diagnostic>,
) {
    let text = &body[range.clone()];
    let mut from = 0;
    while let Some(open) = text[from..].find("<!--") {
        let start = from + open + 4;
        let Some(close) = text[start..].find("-->") else {
            if parse_directive(&text[start..]).is_some() {
                problems.push(Diagnostic::new(
                    "",
                    pos(range.start + from + open),
                    "this comment is never closed",
                    "end it with -->",
                ));
            }
            break;
        };
        from = start + close + 3;
        let inner = &text[start..start + close];
        let at = range.start + start;
        let (Some(result), Some(top)) = (parse_directive(inner), stack.last_mut()) else {
            continue;
        };
        match result {
            Err(e) => problems.push(Diagnostic::new("", pos(at + e.offset), e.message, e.hint)),
            Ok(directive) => {
                let here = pos(at + inner.len() - inner.trim_start().len());
                top.first_directive.get_or_insert(at);
                match directive {
                    Directive::Action(value) => top.actions.push(Located { value, pos: here }),
                    Directive::Shot(_) if top.shot.is_some() => problems.push(Diagnostic::new(
                        "",
                        here,
                        "a step can take only one screenshot",
                        "split the step in two, each with its own <!-- shot -->",
                    )),
                    Directive::Shot(value) => top.shot = Some(Located { value, pos: here }),
                }
            }
        }
    }
}

/// Collapses runs of whitespace into single spaces and trims.
fn collapse(s: &str) -> String {
    crate::words::collapse(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Pos;

    const PAGE: &str = r#"---
title: Log in
---
Intro with **bold** outside steps.

1. Go to the portal.
   <!-- step: open https://ent.univ-st-etienne.fr/ -->
2. Click **Connexion** (top right).
   <!-- step: click "Connexion" -->
   <!-- shot -->
3. Type your login in **Identifiant**, then click **SE CONNECTER**.
   <!-- step: fill "Identifiant" with "{login}" -->
   <!-- step: click "SE CONNECTER" -->
   <!-- shot -->

```
<!-- step: click "in code" -->
```
"#;

    fn run(src: &str) -> Extraction {
        let body = src.match_indices("---\n").nth(1).map_or(0, |(i, _)| i + 4);
        extract(Path::new("p.md"), src, body)
    }

    #[test]
    fn groups_directives_by_list_item() {
        let x = run(PAGE);
        assert!(x.problems.is_empty(), "{:?}", x.problems);
        assert_eq!(x.steps.len(), 3);
        let s = &x.steps[2];
        assert_eq!(s.number, 3);
        assert_eq!(s.actions.len(), 2);
        assert_eq!(s.actions[0].pos, Pos { line: 12, col: 9 });
        assert_eq!(s.targets(), vec!["Identifiant", "SE CONNECTER"]);
        assert_eq!(
            s.text,
            "Type your login in Identifiant, then click SE CONNECTER."
        );
        let labels: Vec<_> = s.labels.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(labels, vec!["Identifiant", "SE CONNECTER"]);
        assert_eq!(s.labels[0].pos, Pos { line: 11, col: 23 });
    }

    #[test]
    fn shot_names_are_stable_and_unique() {
        let x = run(PAGE);
        let names: Vec<_> = x.steps.iter().map(|s| s.shot_name.clone()).collect();
        assert_eq!(
            names,
            vec![
                None,
                Some("click-connexion".into()),
                Some("click-se-connecter".into())
            ]
        );
        let dup = "---\ntitle: t\n---\n- a <!-- step: click \"X\" --> <!-- shot -->\n- b <!-- step: click \"X\" --> <!-- shot -->\n";
        let x = run(dup);
        assert_eq!(x.steps[1].shot_name.as_deref(), Some("click-x-2"));
    }

    #[test]
    fn comments_in_code_are_not_steps() {
        let x = run(PAGE);
        assert!(x.steps.iter().all(|s| s.targets() != vec!["in code"]));
    }

    #[test]
    fn reports_problems_at_their_position() {
        let src = "---\ntitle: t\n---\n1. Click.\n   <!-- step: clik \"Connexion\" -->\n   <!-- shot -->\n   <!-- shot -->\n";
        let x = run(src);
        let shown: Vec<String> = x.problems.iter().map(|d| d.to_string()).collect();
        assert_eq!(shown.len(), 2, "{shown:?}");
        assert!(
            shown[0].starts_with("p.md:5:15: unknown action `clik`"),
            "{shown:?}"
        );
        assert!(shown[1].starts_with("p.md:7:9: a step can take only one screenshot"));
    }

    #[test]
    fn paragraph_steps_take_their_text() {
        let src = "---\ntitle: t\n---\nOpen **the portal**.\n\n<!-- step: open / -->\n";
        let x = run(src);
        assert_eq!(x.steps.len(), 1);
        assert_eq!(x.steps[0].text, "Open the portal.");
    }
}
