//! Markdown body → HTML fragment: stable heading ids, internal links and
//! images rewritten to site URLs (and checked; an image needs alt text and
//! gets its file's width and height), step blocks rendered as numbered
//! steps with their screenshot, and HTML comments (the step directives
//! among them) removed.

use super::shots::{percent_style, PageShots, Shot};
use crate::links::{resolve, Known, Target};
use crate::steps::extract::markdown_options;
use crate::steps::Step;
use pulldown_cmark::{CowStr, Event, LinkType, Parser, Tag, TagEnd};
use std::cell::Cell;
use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;

/// What rendering a page needs to know about the site and the reader.
pub struct Env<'a> {
    /// The reader's language (links go to pages in this language).
    pub lang: &'a str,
    /// Relative path from the page to the site root (`../../`).
    pub root: &'a str,
    /// The page's slug.
    pub slug: &'a str,
    /// Folder of the page's file under `content/` (`""` at the top).
    pub dir: &'a str,
    pub known: &'a dyn Known,
    pub shots: &'a PageShots,
    /// Rendering into the print view (every page on one page): ids are
    /// prefixed with the page's name ([`crate::slug::name`]) and links between pages
    /// become in-document anchors.
    pub print: bool,
}

impl Env<'_> {
    /// The id written for the page's id `id`: as it is, or prefixed with
    /// the page's anchor in the print view (`log-in--step-2`).
    fn id(&self, id: &str) -> String {
        if self.print {
            format!("{}--{id}", crate::slug::name(self.slug))
        } else {
            id.to_string()
        }
    }
}

/// A link to check once every page is rendered: `slug#fragment` in `lang`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnchorRef {
    pub slug: String,
    pub fragment: String,
    /// Byte offset in the body.
    pub at: usize,
}

/// A broken link or image, at a byte offset of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub at: usize,
    pub message: String,
    pub hint: String,
}

/// A rendered body.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    /// Every `id` the page defines (headings, steps, footnotes aside).
    pub ids: BTreeSet<String>,
    pub anchor_refs: Vec<AnchorRef>,
    pub problems: Vec<Problem>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Open {
    Plain,
    StepItem { step: usize, figure_done: bool },
    StepBlock { step: usize },
    StepHtml { step: usize },
    StepsList,
    Legend,
}

/// A Markdown image being read: its alt text comes as the events between
/// its start and end.
struct Image {
    /// The destination as written.
    dest: String,
    src: String,
    title: String,
    alt: String,
    at: usize,
    /// Its file under `content/`, when it is one.
    rel: Option<String>,
}

/// Alt text that marks an image as decorative: `![""](border.png)`.
pub const DECORATIVE_ALT: &str = "\"\"";

/// How wide a screenshot's `<img>` is displayed, for the browser to pick
/// the phone copy or the full picture. Browsers take the first picture
/// with at least as many pixels as the screen's device pixels; on a phone
/// 360 CSS pixels wide the column is about 282 (78 % of the width), so the
/// 512-pixel copy would lose to the full picture on 2× screens by a hair.
/// 70 % understates the column by 10 % on purpose: 2× phones up to 365
/// pixels wide take the copy (1.8 device pixels per CSS pixel, a picture
/// shown at a quarter of its size anyway), 3× phones, tablets and
/// desktops the full picture.
const SHOT_SIZES: &str = "70vw";

struct Heading<'e> {
    events: Vec<Event<'e>>,
    text: String,
    start: Event<'e>,
    step: Option<usize>,
}

/// Renders `body` (a page's Markdown after its front matter) whose steps
/// are `steps` (extracted from the same body).
pub fn render(body: &str, steps: &[Step], env: &Env) -> Rendered {
    let mut out = Rendered::default();
    let by_start: HashMap<usize, usize> = steps
        .iter()
        .enumerate()
        .map(|(i, s)| (s.block.start, i))
        .collect();
    let mut starts: Vec<usize> = steps.iter().map(|s| s.block.start).collect();
    starts.sort_unstable();
    for s in steps {
        out.ids.insert(format!("step-{}", s.number));
    }
    let step_at = |range: &std::ops::Range<usize>| {
        by_start
            .get(&range.start)
            .copied()
            .filter(|&i| steps[i].block.end == range.end)
    };
    // The number of the first step inside `range`, if any.
    let first_step = |range: &std::ops::Range<usize>| {
        let i = starts.partition_point(|&s| s < range.start);
        let start = starts.get(i).copied().filter(|&s| s < range.end)?;
        by_start.get(&start).map(|&j| steps[j].number)
    };

    let mut events: Vec<Event> = Vec::with_capacity(body.len() / 16);
    let mut stack: Vec<Open> = Vec::new();
    let mut heading: Option<Heading> = None;
    let mut image: Option<Image> = None;
    let mut in_comment = false;
    // The page's first screenshot loads at once; the others when near.
    let eager = Cell::new(true);

    for (event, range) in Parser::new_ext(body, markdown_options()).into_offset_iter() {
        if !matches!(event, Event::Html(_) | Event::InlineHtml(_)) {
            in_comment = false;
        }
        if let Some(img) = image.as_mut() {
            match event {
                Event::End(TagEnd::Image) => {
                    stack.pop();
                    let html = image_html(img, env, &mut out);
                    image = None;
                    match heading.as_mut() {
                        Some(h) => h.events.push(Event::Html(html.into())),
                        None => events.push(Event::Html(html.into())),
                    }
                }
                Event::Text(t) | Event::Code(t) => {
                    img.alt.push_str(&t);
                    if let Some(h) = heading.as_mut() {
                        h.text.push_str(&t);
                    }
                }
                Event::SoftBreak | Event::HardBreak => img.alt.push(' '),
                _ => {}
            }
            continue;
        }
        let sink = match heading.as_mut() {
            Some(h) => &mut h.events,
            None => &mut events,
        };
        match event {
            Event::Html(html) | Event::InlineHtml(html) => {
                let kept = strip_comments(&html, &mut in_comment);
                if !kept.is_empty() {
                    sink.push(Event::Html(CowStr::from(kept)));
                }
            }
            Event::Start(Tag::Heading { .. }) => {
                let step = step_at(&range);
                if let Some(i) = step {
                    sink.push(Event::Html(step_open("div", &steps[i], env).into()));
                }
                stack.push(Open::Plain);
                heading = Some(Heading {
                    events: Vec::new(),
                    text: String::new(),
                    start: event,
                    step,
                });
            }
            Event::End(TagEnd::Heading(level)) => {
                stack.pop();
                if let Some(h) = heading.take() {
                    let Event::Start(Tag::Heading {
                        id, classes, attrs, ..
                    }) = h.start
                    else {
                        continue;
                    };
                    let id = match id {
                        Some(id) if !id.is_empty() => unique(&mut out.ids, &id),
                        _ => unique(&mut out.ids, &anchor_id(&h.text)),
                    };
                    events.push(Event::Start(Tag::Heading {
                        level,
                        id: Some(env.id(&id).into()),
                        classes,
                        attrs,
                    }));
                    events.extend(h.events);
                    events.push(Event::End(TagEnd::Heading(level)));
                    if let Some(i) = h.step {
                        events.push(Event::Html(
                            close_block("div", &steps[i], env, &eager).into(),
                        ));
                    }
                }
            }
            Event::Text(ref t) | Event::Code(ref t) => {
                if let Some(h) = heading.as_mut() {
                    h.text.push_str(t);
                    h.events.push(event);
                } else {
                    events.push(event);
                }
            }
            Event::Start(Tag::Item) => match step_at(&range) {
                Some(step) => {
                    sink.push(Event::Html(step_open("li", &steps[step], env).into()));
                    stack.push(Open::StepItem {
                        step,
                        figure_done: false,
                    });
                }
                None => {
                    stack.push(Open::Plain);
                    sink.push(event);
                }
            },
            Event::End(TagEnd::Item) => match stack.pop() {
                Some(Open::StepItem { step, figure_done }) => {
                    let mut html = String::new();
                    if !figure_done {
                        html.push_str(&figure(&steps[step], env, true, &eager));
                    }
                    html.push_str("</li>\n");
                    sink.push(Event::Html(html.into()));
                }
                _ => sink.push(event),
            },
            Event::Start(Tag::List(first)) => {
                let parent = stack.last().copied();
                if let Some(n) = first_step(&range) {
                    stack.push(Open::StepsList);
                    // `start` keeps the list's own numbers right where the
                    // steps go on from an earlier list (read aloud, and
                    // shown without the stylesheet).
                    let html = if n > 1 {
                        format!("<ol class=\"steps\" start=\"{n}\">\n")
                    } else {
                        "<ol class=\"steps\">\n".to_string()
                    };
                    sink.push(Event::Html(html.into()));
                } else if let Some(Open::StepItem {
                    step,
                    figure_done: false,
                }) = parent
                {
                    let s = &steps[step];
                    let legend = first.is_some() && has_callouts(s, env.shots);
                    if legend {
                        let mut html = figure(s, env, false, &eager);
                        html.push_str("<ol class=\"legend\">\n");
                        sink.push(Event::Html(html.into()));
                        if let Some(Open::StepItem { figure_done, .. }) = stack.last_mut() {
                            *figure_done = true;
                        }
                        stack.push(Open::Legend);
                    } else {
                        stack.push(Open::Plain);
                        sink.push(Event::Start(Tag::List(first)));
                    }
                } else {
                    stack.push(Open::Plain);
                    sink.push(Event::Start(Tag::List(first)));
                }
            }
            Event::End(TagEnd::List(ordered)) => match stack.pop() {
                Some(Open::StepsList | Open::Legend) => {
                    sink.push(Event::Html("</ol>\n".into()));
                }
                _ => sink.push(Event::End(TagEnd::List(ordered))),
            },
            Event::Start(Tag::Paragraph) => match step_at(&range) {
                Some(step) => {
                    sink.push(Event::Html(step_open("div", &steps[step], env).into()));
                    sink.push(event);
                    stack.push(Open::StepBlock { step });
                }
                None => {
                    stack.push(Open::Plain);
                    sink.push(event);
                }
            },
            Event::End(TagEnd::Paragraph) => {
                sink.push(event);
                if let Some(Open::StepBlock { step }) = stack.pop() {
                    sink.push(Event::Html(
                        close_block("div", &steps[step], env, &eager).into(),
                    ));
                }
            }
            Event::Start(Tag::HtmlBlock) => {
                stack.push(match step_at(&range) {
                    Some(step) => Open::StepHtml { step },
                    None => Open::Plain,
                });
                sink.push(event);
            }
            Event::End(TagEnd::HtmlBlock) => {
                sink.push(event);
                if let Some(Open::StepHtml { step }) = stack.pop() {
                    let s = &steps[step];
                    let mut html = figure(s, env, true, &eager);
                    if html.is_empty() {
                        continue;
                    }
                    html = html.replacen(
                        "<figure class=\"shot\">",
                        &format!(
                            "<figure class=\"shot\" id=\"{}\">",
                            env.id(&format!("step-{}", s.number))
                        ),
                        1,
                    );
                    sink.push(Event::Html(html.into()));
                }
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                stack.push(Open::Plain);
                let auto = matches!(link_type, LinkType::Autolink | LinkType::Email);
                if !auto && crate::links::is_external(&dest_url) {
                    // Marked so that print shows where it leads (an
                    // autolink shows its address already).
                    let mut html = format!("<a class=\"ext\" href=\"{}\"", escape(&dest_url));
                    if !title.is_empty() {
                        let _ = write!(html, " title=\"{}\"", escape(&title));
                    }
                    html.push('>');
                    sink.push(Event::Html(html.into()));
                    continue;
                }
                let dest_url = if auto {
                    dest_url
                } else {
                    rewrite(&dest_url, range.start, false, env, &mut out)
                        .map_or(dest_url, Into::into)
                };
                sink.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                stack.push(Open::Plain);
                let src = rewrite(&dest_url, range.start, true, env, &mut out)
                    .unwrap_or_else(|| dest_url.to_string());
                let rel = src
                    .strip_prefix(env.root)
                    .and_then(|r| r.strip_prefix("media/"))
                    .map(str::to_string);
                image = Some(Image {
                    dest: dest_url.to_string(),
                    src,
                    title: title.to_string(),
                    alt: String::new(),
                    at: range.start,
                    rel,
                });
            }
            Event::Start(Tag::FootnoteDefinition(name)) if env.print => {
                stack.push(Open::Plain);
                sink.push(Event::Start(Tag::FootnoteDefinition(env.id(&name).into())));
            }
            Event::FootnoteReference(name) if env.print => {
                sink.push(Event::FootnoteReference(env.id(&name).into()));
            }
            Event::Start(_) => {
                stack.push(Open::Plain);
                sink.push(event);
            }
            Event::End(_) => {
                stack.pop();
                sink.push(event);
            }
            other => sink.push(other),
        }
    }
    out.html.reserve(body.len() + body.len() / 2);
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter().map(bold_as_b));
    out
}

/// `**…**` becomes `<b>`, not `<strong>`: in the guide it marks the
/// labels of the intranet's screens — words to spot, not words of greater
/// importance, which is what `<b>` is for — and a procedure has dozens, so
/// the shorter tag keeps long pages light.
fn bold_as_b(event: Event) -> Event {
    match event {
        Event::Start(Tag::Strong) => Event::InlineHtml("<b>".into()),
        Event::End(TagEnd::Strong) => Event::InlineHtml("</b>".into()),
        e => e,
    }
}

/// The site URL of a link or image destination, or `None` to leave it
/// as written (outside links, and broken ones after reporting them).
fn rewrite(dest: &str, at: usize, image: bool, env: &Env, out: &mut Rendered) -> Option<String> {
    match resolve(dest, env.slug, env.dir, env.known) {
        Err(b) => {
            out.problems.push(Problem {
                at,
                message: if image {
                    format!("image: {}", b.message)
                } else {
                    b.message
                },
                hint: b.hint,
            });
            None
        }
        Ok(Target::External) => None,
        Ok(Target::Page { slug, fragment }) => {
            if image {
                out.problems.push(Problem {
                    at,
                    message: format!("`{dest}` is a page, not an image"),
                    hint: "point the image at a .png, .jpg or .svg file under content/".into(),
                });
                return None;
            }
            if let Some(f) = &fragment {
                out.anchor_refs.push(AnchorRef {
                    slug: slug.clone(),
                    fragment: f.clone(),
                    at,
                });
            }
            if env.print {
                let mut url = format!("#{}", crate::slug::name(&slug));
                if let Some(f) = fragment {
                    url.push_str("--");
                    url.push_str(&f);
                }
                return Some(url);
            }
            let mut url = if slug == env.slug {
                String::new()
            } else {
                crate::slug::url(env.root, env.lang, &slug)
            };
            match fragment {
                Some(f) => {
                    url.push('#');
                    url.push_str(&f);
                }
                None if url.is_empty() => url.push_str("./"),
                None => {}
            }
            Some(url)
        }
        Ok(Target::File { rel }) => Some(format!(
            "{}media/{}",
            env.root,
            localized(&rel, env.lang, env.known)
        )),
    }
}

/// `name.<lang>.png` when it exists beside `name.png`.
fn localized(rel: &str, lang: &str, known: &dyn Known) -> String {
    if let Some((stem, ext)) = rel.rsplit_once('.') {
        if !stem.ends_with('/') {
            let candidate = format!("{stem}.{lang}.{ext}");
            if known.has_file(&candidate) {
                return candidate;
            }
        }
    }
    rel.to_string()
}

/// Removes `<!-- ... -->` from an HTML chunk; `in_comment` carries an open
/// comment over to the next chunk of the same block.
fn strip_comments(html: &str, in_comment: &mut bool) -> String {
    let mut kept = String::new();
    let mut rest = html;
    loop {
        if *in_comment {
            match rest.find("-->") {
                Some(i) => {
                    rest = &rest[i + 3..];
                    *in_comment = false;
                }
                None => return kept,
            }
        } else {
            match rest.find("<!--") {
                Some(i) => {
                    kept.push_str(&rest[..i]);
                    rest = &rest[i + 4..];
                    *in_comment = true;
                }
                None => {
                    kept.push_str(rest);
                    break;
                }
            }
        }
    }
    if kept.trim().is_empty() {
        String::new()
    } else {
        kept
    }
}

/// The id of a heading: lower-case letters and digits of any script,
/// other runs turned into dashes.
pub fn anchor_id(text: &str) -> String {
    let mut id = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            id.extend(c.to_lowercase());
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    }
    while id.ends_with('-') {
        id.pop();
    }
    if id.is_empty() {
        "section".into()
    } else {
        id
    }
}

fn unique(ids: &mut BTreeSet<String>, id: &str) -> String {
    if ids.insert(id.to_string()) {
        return id.to_string();
    }
    let next = (2..)
        .map(|n| format!("{id}-{n}"))
        .find(|c| !ids.contains(c))
        .unwrap_or_default();
    ids.insert(next.clone());
    next
}

/// A step's opening tag. Its number badge is drawn by the stylesheet from
/// `data-n`, and read aloud with the word for "step" (`--step`, set once
/// per page), so each step carries only its number.
fn step_open(tag: &str, step: &Step, env: &Env) -> String {
    format!(
        "<{tag} class=\"step\" id=\"{id}\" data-n=\"{n}\">\n",
        n = step.number,
        id = env.id(&format!("step-{}", step.number)),
    )
}

fn close_block(tag: &str, step: &Step, env: &Env, eager: &Cell<bool>) -> String {
    format!("{}</{tag}>\n", figure(step, env, true, eager))
}

/// The `<img>` of a Markdown image: alt text required (an empty one is a
/// problem unless marked decorative with [`DECORATIVE_ALT`]), the file's
/// width and height when its header gives them, loaded lazily.
fn image_html(img: &Image, env: &Env, out: &mut Rendered) -> String {
    let alt = img.alt.trim();
    let alt = if alt == DECORATIVE_ALT {
        ""
    } else {
        if alt.is_empty() {
            out.problems.push(Problem {
                at: img.at,
                message: "this image has no alt text: a screen reader cannot say what it shows"
                    .into(),
                hint: format!(
                    "describe it in the brackets, e.g. `![The login form]({0})`; if it is only decoration, write `![\"\"]({0})`",
                    img.dest
                ),
            });
        }
        alt
    };
    let mut h = format!("<img src=\"{}\" alt=\"{}\"", escape(&img.src), escape(alt));
    if !img.title.is_empty() {
        let _ = write!(h, " title=\"{}\"", escape(&img.title));
    }
    if let Some((w, ht)) = img.rel.as_deref().and_then(|r| env.known.image_size(r)) {
        let _ = write!(h, " width=\"{w}\" height=\"{ht}\"");
    }
    // The print view loads every picture before it is printed.
    h.push_str(if env.print { ">" } else { " loading=\"lazy\">" });
    h
}

fn shot_of<'s>(step: &Step, shots: &'s PageShots) -> Option<&'s Shot> {
    step.shot_name.as_ref().and_then(|n| shots.get(n))
}

fn has_callouts(step: &Step, shots: &PageShots) -> bool {
    shot_of(step, shots).is_some_and(|s| !s.callouts.is_empty())
}

/// The screenshot of a step, with its highlights and callouts drawn over
/// it; `legend` adds the callouts' legend as a caption (when the page has
/// no legend list of its own). Empty when the step has no screenshot.
fn figure(step: &Step, env: &Env, legend: bool, eager: &Cell<bool>) -> String {
    let Some(shot) = shot_of(step, env.shots) else {
        return String::new();
    };
    let mut h = String::with_capacity(512);
    let _ = write!(
        h,
        "<figure class=\"shot\"><div class=\"shot-frame\"><img src=\"{}{}\"",
        env.root, shot.url
    );
    // The print view prints the full picture.
    let small = shot
        .small
        .as_ref()
        .filter(|s| s.width < shot.width && !env.print);
    if let Some(small) = small {
        let _ = write!(
            h,
            " srcset=\"{root}{} {}w,{root}{} {}w\" sizes=\"{SHOT_SIZES}\"",
            small.url,
            small.width,
            shot.url,
            shot.width,
            root = env.root
        );
    }
    let _ = write!(
        h,
        " width=\"{}\" height=\"{}\"{} alt=\"{}\">",
        shot.width,
        shot.height,
        // The print view loads every picture before it is printed.
        if eager.replace(false) || env.print {
            ""
        } else {
            " loading=\"lazy\""
        },
        escape(&step.text)
    );
    // Marks are drawn by CSS; their numbers (`data-n`, shown by `::after`
    // with empty alternative text) are silent for screen readers, which
    // get the lists below instead.
    let numbered = shot.targets.len() > 1;
    for t in &shot.targets {
        h.push_str("<span class=\"hl\"");
        if numbered {
            let _ = write!(h, " data-n=\"{}\"", t.number);
        }
        let _ = write!(
            h,
            " style=\"{}\"></span>",
            percent_style(&t.rect, shot.width, shot.height)
        );
    }
    for c in &shot.callouts {
        let _ = write!(
            h,
            "<span class=\"callout\" data-n=\"{}\" style=\"{}\"></span>",
            c.number,
            percent_style(&c.rect, shot.width, shot.height)
        );
    }
    h.push_str("</div>");
    if numbered {
        // The numbers drawn on the picture, for screen readers.
        h.push_str("<ol class=\"visually-hidden\">");
        for t in &shot.targets {
            let _ = write!(h, "<li>{}</li>", escape(&t.label));
        }
        h.push_str("</ol>");
    }
    if legend && !shot.callouts.is_empty() {
        h.push_str("<figcaption><ol class=\"legend\">");
        for c in &shot.callouts {
            let _ = write!(h, "<li value=\"{}\">{}</li>", c.number, escape(&c.label));
        }
        h.push_str("</ol></figcaption>");
    }
    h.push_str("</figure>\n");
    h
}

/// Escapes text for HTML content and attribute values.
pub fn escape(s: &str) -> String {
    let bytes = s.as_bytes();
    let Some(first) = bytes
        .iter()
        .position(|b| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\''))
    else {
        return s.to_string();
    };
    let mut out = String::with_capacity(s.len() + 16);
    out.push_str(&s[..first]);
    let mut from = first;
    for (i, &b) in bytes.iter().enumerate().skip(first) {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[from..i]);
        out.push_str(rep);
        from = i + 1;
    }
    out.push_str(&s[from..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::shots::{Mark, Rect};
    use crate::steps::extract;
    use std::path::Path;

    struct K;
    impl Known for K {
        fn has_page(&self, slug: &str) -> bool {
            ["", "login", "p"].contains(&slug)
        }
        fn has_file(&self, rel: &str) -> bool {
            ["a.png", "a.fr.png"].contains(&rel)
        }
        fn page_slugs(&self) -> Vec<&str> {
            vec!["", "login"]
        }
    }

    fn go(body: &str, shots: &PageShots, lang: &str) -> Rendered {
        go_as(body, shots, lang, false)
    }

    fn go_as(body: &str, shots: &PageShots, lang: &str, print: bool) -> Rendered {
        let steps = extract(Path::new("p.md"), body, 0).steps;
        let env = Env {
            lang,
            root: "../../",
            slug: "p",
            dir: "",
            known: &K,
            shots,
            print,
        };
        render(body, &steps, &env)
    }

    #[test]
    fn in_the_print_view_ids_carry_the_slug_and_links_stay_in_the_document() {
        let body = "## Part {#part}\n\n1. Open [log in](login.md#step-1), [home](index.md), [here](#part), [me](p.md) and [UJM](https://www.univ-st-etienne.fr/) or <https://ent.univ-st-etienne.fr/>.[^n]\n   <!-- step: open / -->\n\n[^n]: A note.\n";
        let r = go_as(body, &PageShots::new(), "fr", true);
        for want in [
            "<h2 id=\"p--part\">",
            "class=\"step\" id=\"p--step-1\"",
            "href=\"#login--step-1\"",
            "href=\"#index\"",
            "href=\"#p--part\"",
            "href=\"#p\"",
            "<a class=\"ext\" href=\"https://www.univ-st-etienne.fr/\">UJM</a>",
            "<a href=\"https://ent.univ-st-etienne.fr/\">",
            "href=\"#p--n\"",
            "id=\"p--n\"",
        ] {
            assert!(r.html.contains(want), "{want}: {}", r.html);
        }
        // The page's own ids, as links to it name them, stay unprefixed.
        assert!(r.ids.contains("part") && r.ids.contains("step-1"));
        let plain = go(body, &PageShots::new(), "fr");
        assert!(plain.html.contains("<h2 id=\"part\">"), "{}", plain.html);
        assert!(plain.html.contains("href=\"../../fr/login/#step-1\""));
    }

    #[test]
    fn steps_are_numbered_and_comments_do_not_leak() {
        let body = "## Log in\n\n1. Open the portal.\n   <!-- step: open / -->\n2. Click **Connexion**.\n   <!-- step: click \"Connexion\" -->\n   <!-- shot -->\n\n<!-- a note -->\n";
        let r = go(body, &PageShots::new(), "en");
        assert!(!r.html.contains("<!--"), "{}", r.html);
        assert!(!r.html.contains("step:"), "{}", r.html);
        assert!(r.html.contains("<ol class=\"steps\">"), "{}", r.html);
        assert!(r.html.contains("id=\"step-2\""), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"log-in\">"), "{}", r.html);
    }

    #[test]
    fn a_shot_shows_with_size_alt_and_overlay_in_percent() {
        let body = "1. Click **Connexion** now.\n   <!-- step: click \"Connexion\" -->\n   <!-- shot callouts \"Aide\" -->\n   1. the help\n";
        let mut shots = PageShots::new();
        let rect = Rect {
            x: 512.0,
            y: 0.0,
            width: 256.0,
            height: 76.8,
        };
        shots.insert(
            "click-connexion".into(),
            Shot {
                url: "screenshots/p/click-connexion.png".into(),
                width: 1024,
                height: 768,
                targets: vec![Mark {
                    number: 1,
                    label: "Connexion".into(),
                    rect,
                }],
                callouts: vec![Mark {
                    number: 1,
                    label: "Aide".into(),
                    rect,
                }],
                small: None,
            },
        );
        let r = go(body, &shots, "en");
        assert!(r.html.contains("src=\"../../screenshots/p/click-connexion.png\" width=\"1024\" height=\"768\" alt=\"Click Connexion now.\""), "{}", r.html);
        assert!(r
            .html
            .contains("<span class=\"hl\" style=\"inset:0% 25% 90% 50%\"></span>"));
        assert!(
            r.html.contains(
                "<span class=\"callout\" data-n=\"1\" style=\"inset:0% 25% 90% 50%\"></span>"
            ),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("<ol class=\"legend\">\n<li>the help</li>"),
            "{}",
            r.html
        );
    }

    fn shot(name: &str, targets: &[&str], small: bool) -> Shot {
        Shot {
            url: format!("screenshots/p/{name}.png"),
            width: 1024,
            height: 768,
            targets: targets
                .iter()
                .enumerate()
                .map(|(i, l)| Mark {
                    number: i as u32 + 1,
                    label: (*l).into(),
                    rect: Rect {
                        x: 10.0,
                        y: 10.0 + 50.0 * i as f64,
                        width: 100.0,
                        height: 30.0,
                    },
                })
                .collect(),
            callouts: Vec::new(),
            small: small.then(|| crate::render::shots::Small {
                url: format!("screenshots/p/{name}.small.png"),
                width: 512,
            }),
        }
    }

    #[test]
    fn only_the_first_screenshot_loads_at_once_and_phones_get_the_copy() {
        let body = "1. Type your login and click **SE CONNECTER**.\n   <!-- step: fill \"Identifiant\" with \"x\" -->\n   <!-- step: click \"SE CONNECTER\" -->\n   <!-- shot -->\n2. Click **Quitter**.\n   <!-- step: click \"Quitter\" -->\n   <!-- shot -->\n";
        let mut shots = PageShots::new();
        shots.insert(
            "click-se-connecter".into(),
            shot("click-se-connecter", &["Identifiant", "SE CONNECTER"], true),
        );
        shots.insert(
            "click-quitter".into(),
            shot("click-quitter", &["Quitter"], false),
        );
        let r = go(body, &shots, "en");
        let imgs: Vec<&str> = r
            .html
            .match_indices("<img ")
            .map(|(i, _)| &r.html[i..])
            .collect();
        assert_eq!(imgs.len(), 2, "{}", r.html);
        let first = &imgs[0][..imgs[0].find('>').unwrap_or(0)];
        let second = &imgs[1][..imgs[1].find('>').unwrap_or(0)];
        assert!(!first.contains("loading="), "{first}");
        assert!(second.contains(" loading=\"lazy\""), "{second}");
        assert!(
            first.contains("srcset=\"../../screenshots/p/click-se-connecter.small.png 512w,../../screenshots/p/click-se-connecter.png 1024w\" sizes=\""),
            "{first}"
        );
        assert!(!second.contains("srcset"), "no copy, plain src: {second}");
        // Several targets are numbered on the picture and listed for screen readers.
        assert!(
            r.html.contains(
                "<ol class=\"visually-hidden\"><li>Identifiant</li><li>SE CONNECTER</li></ol>"
            ),
            "{}",
            r.html
        );
        assert_eq!(
            r.html.matches("class=\"visually-hidden\"><li").count(),
            1,
            "one target: the alt says it"
        );
    }

    #[test]
    fn markdown_images_need_alt_text_and_get_their_size() {
        struct Sized;
        impl Known for Sized {
            fn has_page(&self, _: &str) -> bool {
                false
            }
            fn has_file(&self, rel: &str) -> bool {
                ["a.png", "b.png", "c.png"].contains(&rel)
            }
            fn image_size(&self, rel: &str) -> Option<(u32, u32)> {
                (rel == "a.png").then_some((320, 200))
            }
            fn page_slugs(&self) -> Vec<&str> {
                Vec::new()
            }
        }
        let body =
            "Intro.\n\n![The *portal* page](a.png \"Portal\")\n\n![](b.png)\n\n![\"\"](c.png)\n";
        let env = Env {
            lang: "en",
            root: "../../",
            slug: "p",
            dir: "",
            known: &Sized,
            shots: &PageShots::new(),
            print: false,
        };
        let r = render(body, &[], &env);
        assert!(
            r.html.contains("<img src=\"../../media/a.png\" alt=\"The portal page\" title=\"Portal\" width=\"320\" height=\"200\" loading=\"lazy\">"),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains("<img src=\"../../media/c.png\" alt=\"\" loading"),
            "decorative: {}",
            r.html
        );
        assert_eq!(r.problems.len(), 1, "{:?}", r.problems);
        assert_eq!(r.problems[0].at, body.find("![](b.png)").unwrap_or(0));
        assert!(r.problems[0].message.contains("no alt text"));
        assert!(r.problems[0].hint.contains("![\"\"](b.png)"));
    }

    #[test]
    fn links_and_images_become_site_urls() {
        let body =
            "[log in](login.md#step-1) [home](index.md) ![x](a.png) [me](#top) [x](nowhere.md)\n";
        let r = go(body, &PageShots::new(), "fr");
        assert!(
            r.html.contains("href=\"../../fr/login/#step-1\""),
            "{}",
            r.html
        );
        assert!(r.html.contains("href=\"../../fr/\""), "{}", r.html);
        assert!(
            r.html.contains("src=\"../../media/a.fr.png\""),
            "{}",
            r.html
        );
        assert!(r.html.contains("href=\"#top\""), "{}", r.html);
        assert_eq!(r.anchor_refs.len(), 2);
        assert_eq!(r.problems.len(), 1);
        assert_eq!(r.problems[0].at, body.find("[x](nowhere").unwrap_or(0));
    }

    #[test]
    fn heading_ids_are_unique_and_keep_any_script() {
        let r = go(
            "# Région\n\n# Région\n\n# 登录\n\n# x {#custom}\n",
            &PageShots::new(),
            "en",
        );
        for id in ["région", "région-2", "登录", "custom"] {
            assert!(r.html.contains(&format!("id=\"{id}\"")), "{id}: {}", r.html);
        }
    }
}
