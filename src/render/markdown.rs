//! Markdown body → HTML fragment: stable heading ids, internal links and
//! images rewritten to site URLs (and checked; an image needs alt text and
//! gets its file's width and height), step blocks rendered as numbered
//! steps with their screenshot, and HTML comments (the step directives
//! among them) removed.
//!
//! The body is parsed with the same Markdown options as `steps::extract`, so
//! the byte ranges of the steps found there line up with the events here.

use super::figure::{close_block, figure, has_callouts, step_open};
use super::urls::rewrite;
use super::{escape, Env, Problem, Rendered};
use crate::content::segments::Opens;
use crate::steps::extract::markdown_options;
use crate::steps::Step;
use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Parser, Tag, TagEnd};
use std::cell::Cell;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::ops::Range;

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

struct Heading<'e> {
    events: Vec<Event<'e>>,
    text: String,
    start: Event<'e>,
    step: Option<usize>,
}

/// Renders `body` (a page's Markdown after its front matter) whose steps
/// are `steps` (extracted from the same body).
pub fn render(body: &str, steps: &[Step], env: &Env) -> Rendered {
    let mut walk = Walk::new(body, steps, env);
    for (event, range) in Parser::new_ext(body, markdown_options()).into_offset_iter() {
        walk.event(event, range);
    }
    let mut out = walk.out;
    out.html.reserve(body.len() + body.len() / 2);
    pulldown_cmark::html::push_html(
        &mut out.html,
        walk.events
            .into_iter()
            .map(bold_as_b)
            .flat_map(scrollable_table),
    );
    out
}

/// The walk over a body's Markdown events: what is open, and the events
/// to write.
struct Walk<'a, 'e> {
    steps: &'a [Step],
    env: &'a Env<'a>,
    /// Step index by the start of its block.
    by_start: HashMap<usize, usize>,
    /// Every step's block start, sorted.
    starts: Vec<usize>,
    out: Rendered,
    events: Vec<Event<'e>>,
    stack: Vec<Open>,
    /// The heading being read (its events wait for its id).
    heading: Option<Heading<'e>>,
    /// The image being read (its alt text).
    image: Option<Image>,
    in_comment: bool,
    /// The page's first screenshot loads at once; the others when near.
    eager: Cell<bool>,
    /// Outdated blocks open: the depth of `stack` they opened at, and
    /// their index in `env.stale`.
    stale_open: Vec<(usize, usize)>,
}

impl<'a, 'e> Walk<'a, 'e> {
    fn new(body: &str, steps: &'a [Step], env: &'a Env<'a>) -> Self {
        let mut out = Rendered::default();
        for s in steps {
            out.ids.insert(format!("step-{}", s.number));
        }
        let mut starts: Vec<usize> = steps.iter().map(|s| s.block.start).collect();
        starts.sort_unstable();
        Walk {
            steps,
            env,
            by_start: steps
                .iter()
                .enumerate()
                .map(|(i, s)| (s.block.start, i))
                .collect(),
            starts,
            out,
            events: Vec::with_capacity(body.len() / 16),
            stack: Vec::new(),
            heading: None,
            image: None,
            in_comment: false,
            eager: Cell::new(true),
            stale_open: Vec::new(),
        }
    }

    /// The step whose block is exactly `range`.
    fn step_at(&self, range: &Range<usize>) -> Option<usize> {
        self.by_start
            .get(&range.start)
            .copied()
            .filter(|&i| self.steps[i].block.end == range.end)
    }

    /// The number of the first step inside `range`, if any.
    fn first_step(&self, range: &Range<usize>) -> Option<usize> {
        let i = self.starts.partition_point(|&s| s < range.start);
        let start = self.starts.get(i).copied().filter(|&s| s < range.end)?;
        self.by_start.get(&start).map(|&j| self.steps[j].number)
    }

    /// Where events go: the heading being read, or the body.
    fn sink(&mut self) -> &mut Vec<Event<'e>> {
        match self.heading.as_mut() {
            Some(h) => &mut h.events,
            None => &mut self.events,
        }
    }

    fn push_html(&mut self, html: String) {
        self.sink().push(Event::Html(html.into()));
    }

    /// One event, with the notices of outdated blocks (see
    /// [`super::StaleBlock`]) added where their blocks end.
    fn event(&mut self, event: Event<'e>, range: Range<usize>) {
        let stale = self.env.stale;
        if stale.is_empty() || self.image.is_some() {
            return self.event_inner(event, range);
        }
        match &event {
            Event::Start(tag) => {
                let depth = self.stack.len();
                let found = opens_of(tag).and_then(|o| {
                    stale
                        .iter()
                        .position(|s| s.start == range.start && s.opens == o)
                });
                self.event_inner(event, range);
                if let Some(i) = found {
                    self.stale_open.push((depth, i));
                }
            }
            Event::End(_) => {
                let top = self.stale_open.last().copied();
                let inside = top.filter(|&(d, i)| {
                    self.stack.len() == d + 1 && matches!(stale[i].opens, Opens::Item | Opens::Cell)
                });
                if let Some((_, i)) = inside {
                    self.stale_open.pop();
                    self.push_html(stale[i].html.clone());
                }
                self.event_inner(event, range);
                if let (None, Some((d, i))) = (inside, top) {
                    if self.stack.len() == d {
                        self.stale_open.pop();
                        self.push_html(stale[i].html.clone());
                    }
                }
            }
            _ => self.event_inner(event, range),
        }
    }

    fn event_inner(&mut self, event: Event<'e>, range: Range<usize>) {
        if !matches!(event, Event::Html(_) | Event::InlineHtml(_)) {
            self.in_comment = false;
        }
        if self.image.is_some() {
            self.image_event(event);
            return;
        }
        match event {
            Event::Html(html) | Event::InlineHtml(html) => {
                let kept = strip_comments(&html, &mut self.in_comment);
                if !kept.is_empty() {
                    self.sink().push(Event::Html(CowStr::from(kept)));
                }
            }
            Event::Start(Tag::Heading { .. }) => {
                let step = self.step_at(&range);
                if let Some(i) = step {
                    self.push_html(step_open("div", &self.steps[i]));
                }
                self.stack.push(Open::Plain);
                self.heading = Some(Heading {
                    events: Vec::new(),
                    text: String::new(),
                    start: event,
                    step,
                });
            }
            Event::End(TagEnd::Heading(level)) => self.heading_end(level),
            Event::Text(ref t) | Event::Code(ref t) => {
                if let Some(h) = self.heading.as_mut() {
                    h.text.push_str(t);
                }
                self.sink().push(event);
            }
            Event::Start(Tag::Item) => match self.step_at(&range) {
                Some(step) => {
                    self.push_html(step_open("li", &self.steps[step]));
                    self.stack.push(Open::StepItem {
                        step,
                        figure_done: false,
                    });
                }
                None => {
                    self.stack.push(Open::Plain);
                    self.sink().push(event);
                }
            },
            Event::End(TagEnd::Item) => match self.stack.pop() {
                Some(Open::StepItem { step, figure_done }) => {
                    let mut html = String::new();
                    if !figure_done {
                        html.push_str(&figure(&self.steps[step], self.env, true, &self.eager));
                    }
                    html.push_str("</li>\n");
                    self.push_html(html);
                }
                _ => self.sink().push(event),
            },
            Event::Start(Tag::List(first)) => self.list_start(first, &range),
            Event::End(TagEnd::List(ordered)) => match self.stack.pop() {
                Some(Open::StepsList | Open::Legend) => self.push_html("</ol>\n".into()),
                _ => self.sink().push(Event::End(TagEnd::List(ordered))),
            },
            Event::Start(Tag::Paragraph) => match self.step_at(&range) {
                Some(step) => {
                    self.push_html(step_open("div", &self.steps[step]));
                    self.sink().push(event);
                    self.stack.push(Open::StepBlock { step });
                }
                None => {
                    self.stack.push(Open::Plain);
                    self.sink().push(event);
                }
            },
            Event::End(TagEnd::Paragraph) => {
                self.sink().push(event);
                if let Some(Open::StepBlock { step }) = self.stack.pop() {
                    self.push_html(close_block("div", &self.steps[step], self.env, &self.eager));
                }
            }
            Event::Start(Tag::HtmlBlock) => {
                let open = match self.step_at(&range) {
                    Some(step) => Open::StepHtml { step },
                    None => Open::Plain,
                };
                self.stack.push(open);
                self.sink().push(event);
            }
            Event::End(TagEnd::HtmlBlock) => self.html_block_end(event),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => self.link_start(link_type, dest_url, title, id, range.start),
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => self.image_start(&dest_url, &title, range.start),
            Event::Start(_) => {
                self.stack.push(Open::Plain);
                self.sink().push(event);
            }
            Event::End(_) => {
                self.stack.pop();
                self.sink().push(event);
            }
            other => self.sink().push(other),
        }
    }

    /// An event inside an image: its alt text, until its end.
    fn image_event(&mut self, event: Event<'e>) {
        let Some(img) = self.image.as_mut() else {
            return;
        };
        match event {
            Event::End(TagEnd::Image) => {
                self.stack.pop();
                if let Some(img) = self.image.take() {
                    let html = image_html(&img, self.env, &mut self.out);
                    self.push_html(html);
                }
            }
            Event::Text(t) | Event::Code(t) => {
                img.alt.push_str(&t);
                if let Some(h) = self.heading.as_mut() {
                    h.text.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => img.alt.push(' '),
            _ => {}
        }
    }

    /// The end of a heading: its id (explicit or from its text, unique)
    /// now known, its events are written.
    fn heading_end(&mut self, level: HeadingLevel) {
        self.stack.pop();
        let Some(h) = self.heading.take() else {
            return;
        };
        let Event::Start(Tag::Heading {
            id, classes, attrs, ..
        }) = h.start
        else {
            return;
        };
        let id = match id {
            Some(id) if !id.is_empty() => unique(&mut self.out.ids, &id),
            _ => unique(&mut self.out.ids, &anchor_id(&h.text)),
        };
        self.events.push(Event::Start(Tag::Heading {
            level,
            id: Some(id.into()),
            classes,
            attrs,
        }));
        self.events.extend(h.events);
        self.events.push(Event::End(TagEnd::Heading(level)));
        if let Some(i) = h.step {
            let html = close_block("div", &self.steps[i], self.env, &self.eager);
            self.events.push(Event::Html(html.into()));
        }
    }

    /// A list: the list of steps, a step's legend of callouts (its figure
    /// first), or an ordinary list.
    fn list_start(&mut self, first: Option<u64>, range: &Range<usize>) {
        let parent = self.stack.last().copied();
        if let Some(n) = self.first_step(range) {
            self.stack.push(Open::StepsList);
            // `start` keeps the list's own numbers right where the
            // steps go on from an earlier list (read aloud, and
            // shown without the stylesheet).
            let html = if n > 1 {
                format!("<ol class=\"steps\" start=\"{n}\">\n")
            } else {
                "<ol class=\"steps\">\n".to_string()
            };
            self.push_html(html);
            return;
        }
        if let Some(Open::StepItem {
            step,
            figure_done: false,
        }) = parent
        {
            let s = &self.steps[step];
            if first.is_some() && has_callouts(s, self.env.shots) {
                let mut html = figure(s, self.env, false, &self.eager);
                html.push_str("<ol class=\"legend\">\n");
                self.push_html(html);
                if let Some(Open::StepItem { figure_done, .. }) = self.stack.last_mut() {
                    *figure_done = true;
                }
                self.stack.push(Open::Legend);
                return;
            }
        }
        self.stack.push(Open::Plain);
        self.sink().push(Event::Start(Tag::List(first)));
    }

    /// The end of an HTML block: a step made of one gets its figure.
    fn html_block_end(&mut self, event: Event<'e>) {
        self.sink().push(event);
        let Some(Open::StepHtml { step }) = self.stack.pop() else {
            return;
        };
        let s = &self.steps[step];
        let html = figure(s, self.env, true, &self.eager);
        if html.is_empty() {
            return;
        }
        let html = html.replacen(
            "<figure class=\"shot\">",
            &format!("<figure class=\"shot\" id=\"step-{}\">", s.number),
            1,
        );
        self.push_html(html);
    }

    /// A link: outside links marked, the others pointed at the site.
    fn link_start(
        &mut self,
        link_type: LinkType,
        dest_url: CowStr<'e>,
        title: CowStr<'e>,
        id: CowStr<'e>,
        at: usize,
    ) {
        self.stack.push(Open::Plain);
        let auto = matches!(link_type, LinkType::Autolink | LinkType::Email);
        if !auto && crate::links::is_external(&dest_url) {
            // Marked so that print shows where it leads (an
            // autolink shows its address already).
            let mut html = format!("<a class=\"ext\" href=\"{}\"", escape(&dest_url));
            if !title.is_empty() {
                let _ = write!(html, " title=\"{}\"", escape(&title));
            }
            html.push('>');
            self.push_html(html);
            return;
        }
        let dest_url = if auto {
            dest_url
        } else {
            rewrite(&dest_url, at, false, self.env, &mut self.out).map_or(dest_url, Into::into)
        };
        self.sink().push(Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }));
    }

    /// An image: its source pointed at the site; its HTML is written at
    /// its end, once its alt text is read.
    fn image_start(&mut self, dest_url: &str, title: &str, at: usize) {
        self.stack.push(Open::Plain);
        let src = rewrite(dest_url, at, true, self.env, &mut self.out)
            .unwrap_or_else(|| dest_url.to_string());
        let rel = src
            .strip_prefix(self.env.root)
            .and_then(|r| r.strip_prefix("media/"))
            .map(str::to_string);
        self.image = Some(Image {
            dest: dest_url.to_string(),
            src,
            title: title.to_string(),
            alt: String::new(),
            at,
            rel,
        });
    }
}

/// What a segment's block opens with, for the tags that open one.
fn opens_of(tag: &Tag) -> Option<Opens> {
    Some(match tag {
        Tag::Heading { .. } => Opens::Heading,
        Tag::Paragraph => Opens::Paragraph,
        Tag::Item => Opens::Item,
        Tag::TableCell => Opens::Cell,
        Tag::HtmlBlock => Opens::Html,
        Tag::BlockQuote(_) | Tag::CodeBlock(_) | Tag::FootnoteDefinition(_) => Opens::Other,
        _ => return None,
    })
}

/// A table sits in a box that scrolls sideways on a narrow screen, and
/// that the keyboard can reach (`tabindex`) to scroll it.
fn scrollable_table(event: Event) -> impl Iterator<Item = Event> {
    let (before, after) = match event {
        Event::Start(Tag::Table(_)) => (Some("<div class=\"table\" tabindex=\"0\">\n"), None),
        Event::End(TagEnd::Table) => (None, Some("</div>\n")),
        _ => (None, None),
    };
    let html = |h: &'static str| Event::Html(h.into());
    before
        .map(html)
        .into_iter()
        .chain(std::iter::once(event))
        .chain(after.map(html))
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

pub use crate::content::segments::{anchor_id, unique};

/// A step's opening tag. Its number badge is drawn by the stylesheet from
/// `data-n`, and read aloud with the word for "step" (`--step`, set once
/// per page), so each step carries only its number.
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
    h.push_str(" loading=\"lazy\">");
    h
}

#[cfg(test)]
mod tests;
