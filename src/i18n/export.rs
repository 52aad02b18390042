//! What a translation package of one language holds: a [`Unit`] per
//! segment to translate — every segment of a page not translated yet and
//! the changed segments of outdated translations (or, with `all`, every
//! segment) — with its source, its current translation, a note naming
//! the page and step, and for steps the screenshot with its targets'
//! boxes (from the sidecar). [`xliff`](super::xliff) and [`po`](super::po)
//! write them; [`export`] picks the format.

pub use super::package::Unit;
use super::{describe, segment_text, source_text, store};
use crate::content::review::recorded;
use crate::content::segments::Kind;
use crate::diagnostics::{Diagnostic, Pos};
use crate::screenshots::sidecar::Sidecar;
use crate::site::Site;

/// The package formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// XLIFF 2.0 (OmegaT, Trados, memoQ, Crowdin...).
    Xliff,
    /// gettext PO (Poedit, Weblate...).
    Po,
}

/// The units of `lang`: missing and outdated segments, or every segment
/// with `all`. `lang` must be one of the guide's translated languages.
pub fn units(site: &Site, lang: &str, all: bool) -> Result<Vec<Unit>, Diagnostic> {
    let default = &site.config.default_language;
    let codes = site.config.codes();
    if lang == default || !codes.contains(&lang) {
        let others: Vec<&str> = codes.iter().copied().filter(|c| c != default).collect();
        return Err(Diagnostic::new(
            "content/guide.yaml",
            Pos { line: 1, col: 1 },
            format!("`{lang}` is not a language the guide is translated into"),
            format!("use one of: {}", others.join(", ")),
        ));
    }
    let mut out = Vec::new();
    for page in &site.pages {
        let t = page.translations.get(lang);
        let review = page.reviews.get(lang);
        let old = store::read(&site.root, page);
        let record = t
            .and_then(|t| recorded(&page.source, t))
            .unwrap_or_default();
        for (i, seg) in page.source.segments().iter().enumerate() {
            let stale = review.is_none_or(|r| r.stale[i]);
            if !all && !stale {
                continue;
            }
            let target = t.and_then(|t| {
                let j = review?.pairs[i]?;
                Some(segment_text(t, &t.segments()[j]))
            });
            let previous = review
                .filter(|r| r.stale[i])
                .and_then(|_| record.get(&seg.id))
                .and_then(|d| old.get(d).cloned());
            let mut location = format!(
                "{} ({}:{}), {}",
                page.source.title(),
                page.source.file.display(),
                seg.pos.line,
                describe(seg)
            );
            if seg.kind == Kind::Heading {
                if let Some(a) = &seg.anchor {
                    location.push_str(&format!(" #{a}"));
                }
            }
            out.push(Unit {
                file: page.source.file.clone(),
                id: seg.id.clone(),
                kind: seg.kind,
                source: source_text(page, seg),
                current: target.is_some() && !stale,
                target,
                previous,
                location,
                screenshot: screenshot(site, page, seg.step),
            });
        }
    }
    Ok(out)
}

/// The screenshot of step `step` of `page` and its highlighted boxes.
fn screenshot(site: &Site, page: &crate::content::Page, step: Option<usize>) -> Option<String> {
    let s = page
        .source
        .steps()
        .iter()
        .find(|s| Some(s.number) == step)?;
    let name = s.shot_name.as_deref()?;
    let rel = format!("screenshots/{}/{name}.png", page.slug.name());
    let json = site
        .screenshots_dir()
        .join(page.slug.name())
        .join(format!("{name}.json"));
    let Some(side) = std::fs::read_to_string(json)
        .ok()
        .and_then(|t| serde_json::from_str::<Sidecar>(&t).ok())
    else {
        return Some(rel);
    };
    let mut text = format!("{rel} ({}×{} px)", side.image.width, side.image.height);
    for (what, marks) in [("target", &side.targets), ("callout", &side.callouts)] {
        for m in marks {
            let r = &m.rect;
            text.push_str(&format!(
                "; {what} {} “{}” at x={} y={} width={} height={}",
                m.number,
                m.label,
                r.x.round(),
                r.y.round(),
                r.width.round(),
                r.height.round()
            ));
        }
    }
    Some(text)
}

/// The package of `lang` in `format`.
pub fn export(site: &Site, lang: &str, format: Format, all: bool) -> Result<String, Diagnostic> {
    let units = units(site, lang, all)?;
    let source = &site.config.default_language;
    Ok(match format {
        Format::Xliff => super::xliff::write(&units, source, lang),
        Format::Po => super::po::write(&units, lang),
    })
}
