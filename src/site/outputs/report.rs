//! "This step didn't work": when `guide.yaml` names where reports go
//! (`report: {mailto: …}` or `report: {url: …}`), every step of a page gets
//! a small link to the page's report page (`<lang>/<slug>/report.html#N`,
//! template `report.html`), which holds, for each step, a link that opens
//! the message already filled in (a `mailto:` with subject and body, or the
//! university's form with `{page}`, `{step}`, `{lang}` and `{verified}`
//! filled in): the page, the step's number, the language and the day the
//! step last passed `verify`. Plain links: no script, no cookie, nothing
//! sent unless the reader sends it.
//!
//! The step's link costs a page as few bytes as it can (a page may hold 25
//! steps): `<a href=report.html#N aria-labelledby=R></a>`, its words drawn
//! by the stylesheet from `--rp` and named, for screen readers, by the
//! page's one hidden `#R`. The links are added to the page itself
//! ([`link_steps`]), not to the body the print view shares, so print and
//! PDF never carry them. With per-step days (steps of one page that last
//! passed on different days), each step also says its own day.

use super::{BuildStats, Output, RenderContext};
use crate::config::Report;
use crate::content::Page;
use crate::diagnostics::Diagnostic;
use crate::site::context::{localised_date, LanguageContext};
use crate::site::verified::Verified;
use crate::site::Site;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Serialize;

/// The report pages.
pub struct Reports;

/// The template of a report page.
pub const TEMPLATE: &str = "report.html";

/// The report page of a page's file (`en/log-in/index.html` →
/// `en/log-in/report.html`).
pub fn file(page_file: &str) -> String {
    match page_file.strip_suffix("index.html") {
        Some(dir) => format!("{dir}report.html"),
        None => format!("{page_file}.report.html"),
    }
}

/// Whether `site` gets report links: an address in guide.yaml and a theme
/// with the report page's template.
pub fn enabled(site: &Site) -> bool {
    site.config.report.is_some() && site.theme.template_files.contains_key(TEMPLATE)
}

impl Output for Reports {
    fn name(&self) -> &'static str {
        "report"
    }

    fn render(&self, ctx: &RenderContext, stats: &mut BuildStats) -> Result<(), Vec<Diagnostic>> {
        let site = ctx.site;
        let Some(report) = &site.config.report else {
            return Ok(());
        };
        if !site.theme.template_files.contains_key(TEMPLATE) {
            return Err(vec![Diagnostic::new(
                "content/guide.yaml",
                site.config.report_pos,
                "`report:` is set but the theme has no `report.html` template",
                "copy themes/default/templates/report.html into the theme",
            )]);
        }
        let mut problems = Vec::new();
        for page in &site.pages {
            for (li, lang) in site.config.languages.iter().enumerate() {
                if !page.version(&lang.code).0.has_steps {
                    continue;
                }
                let made =
                    render_one(site, &ctx.bases[li], page, report, ctx.verified).and_then(|html| {
                        let path = file(&page.slug.file(&lang.code));
                        ctx.out.write(&path, html.as_bytes())
                    });
                match made {
                    Ok(()) => stats.files += 1,
                    Err(d) => problems.push(d),
                }
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }
}

/// The report page of page `i` in language `li` (for the preview, after an
/// edit of that page): its file and HTML, or `None` when the page has no
/// steps in that language or the site no report address.
pub fn render_page_report(
    site: &Site,
    i: usize,
    li: usize,
    verified: &Verified,
) -> Option<Result<(String, String), Diagnostic>> {
    let report = site.config.report.as_ref().filter(|_| enabled(site))?;
    let page = site.pages.get(i)?;
    let lang = &site.config.languages.get(li)?.code;
    if !page.version(lang).0.has_steps {
        return None;
    }
    let base = LanguageContext::new(site, li, super::Options::default());
    let made = render_one(site, &base, page, report, verified);
    Some(made.map(|html| (file(&page.slug.file(lang)), html)))
}

/// One step's entry on a report page.
#[derive(Serialize)]
struct Entry {
    n: usize,
    label: String,
    href: String,
    /// The day the step last passed, in the reader's language.
    verified_text: Option<String>,
}

/// `report.html`'s context.
#[derive(Serialize)]
struct ReportContext<'a> {
    #[serde(flatten)]
    base: &'a LanguageContext<'a>,
    root: String,
    home_url: String,
    title: &'a str,
    steps: Vec<Entry>,
}

/// What `mailto:` fields and form addresses may leave unescaped.
const KEEP: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

fn enc(s: &str) -> String {
    utf8_percent_encode(s, KEEP).to_string()
}

fn render_one(
    site: &Site,
    base: &LanguageContext,
    page: &Page,
    report: &Report,
    verified: &Verified,
) -> Result<String, Diagnostic> {
    let cfg = &site.config;
    let lang = base.lang;
    let v = page.version(lang).0;
    let word = |k: &str| base.t.get(k).map_or("", String::as_str);
    let record = verified.page(page.slug.as_str());
    let steps = v
        .steps()
        .iter()
        .map(|s| {
            let n = s.number;
            let day = record.and_then(|r| r.step(n));
            let shown_day = day.map(|d| localised_date(site, lang, d));
            let url = format!("{}#step-{n}", page.slug.url(&cfg.base_url, lang));
            let href = match (&report.mailto, &report.url) {
                (Some(to), _) => {
                    let fill = |w: &str| {
                        w.replace("{n}", &n.to_string())
                            .replace("{page}", v.title())
                            .replace("{url}", &url)
                            .replace("{lang}", lang)
                            .replace("{verified}", shown_day.as_deref().unwrap_or("–"))
                    };
                    let body = fill(word("report_body")).replace('\n', "\r\n");
                    format!(
                        "mailto:{to}?subject={}&body={}",
                        enc(&fill(word("report_subject"))),
                        enc(&body)
                    )
                }
                (None, Some(form)) => form
                    .replace("{page}", &enc(page.slug.as_str()))
                    .replace("{step}", &n.to_string())
                    .replace("{lang}", &enc(lang))
                    .replace("{verified}", day.unwrap_or("")),
                (None, None) => String::new(),
            };
            Entry {
                n,
                label: word("report_step").replace("{n}", &n.to_string()),
                href,
                verified_text: shown_day,
            }
        })
        .collect();
    let root = page.slug.root_prefix();
    let ctx = ReportContext {
        base,
        home_url: crate::slug::Slug::home().url(&root, lang),
        root,
        title: v.title(),
        steps,
    };
    site.theme.render_with(TEMPLATE, &ctx)
}

/// What a page's steps carry besides their text.
pub struct StepExtras<'a> {
    /// Each step links its report (`report.html#N`).
    pub report: bool,
    /// The days the page's steps last passed, when they differ.
    pub days: Option<&'a crate::screenshots::verified::PageRecord>,
    /// The per-step sentence split around its date, and how a day is
    /// written in the reader's language.
    pub sentence: (&'a str, &'a str),
    pub localise: &'a dyn Fn(&str) -> String,
}

/// `html` (a rendered page) with each step's report link, and its own day
/// when `extras.days` says so, added at the start of the step.
pub fn link_steps(html: &str, extras: &StepExtras) -> String {
    if !extras.report && extras.days.is_none() {
        return html.to_string();
    }
    const MARK: &str = " class=step id=step-";
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    let mut rest = html;
    while let Some(at) = rest.find(MARK) {
        let after = &rest[at + MARK.len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let Some(close) = after.find('>') else {
            break;
        };
        let n: usize = after[..digits].parse().unwrap_or(0);
        let end = at + MARK.len() + close + 1;
        out.push_str(&rest[..end]);
        if extras.report {
            out.push_str(&format!("<a href=report.html#{n} aria-labelledby=R></a>"));
        }
        if let Some(day) = extras.days.and_then(|d| d.step(n)) {
            out.push_str(&format!(
                "<small class=verified>{}<time datetime={day}>{}</time>{}</small>",
                extras.sentence.0,
                (extras.localise)(day),
                extras.sentence.1
            ));
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_step_gets_its_link_at_its_start() {
        let html = "<ol class=\"steps\">\n<li class=step id=step-4 data-n=4>\n<p>x</p></li>\n<div class=step id=step-12 data-n=12>\n<p>y</p></div>";
        let extras = StepExtras {
            report: true,
            days: None,
            sentence: ("", ""),
            localise: &|d| d.to_string(),
        };
        let out = link_steps(html, &extras);
        assert!(out.contains("data-n=4><a href=report.html#4 aria-labelledby=R></a>\n<p>x"));
        assert!(out.contains("data-n=12><a href=report.html#12 aria-labelledby=R></a>\n"));
        assert_eq!(out.matches("<a ").count(), 2);
    }

    #[test]
    fn report_pages_sit_beside_their_page() {
        assert_eq!(file("en/log-in/index.html"), "en/log-in/report.html");
        assert_eq!(file("fr/index.html"), "fr/report.html");
    }
}
