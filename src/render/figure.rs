//! A step's screenshot as HTML: the figure with its highlight and callout
//! boxes in percent of the picture, the phone copy offered through
//! `srcset`, and the markup that opens and closes a step.

use super::shots::{percent_style, PageShots, Shot};
use super::{escape, Env};
use crate::steps::Step;
use std::cell::Cell;
use std::fmt::Write as _;

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

/// The opening tag of step `step` (`li` in a list, `div` otherwise).
pub fn step_open(tag: &str, step: &Step) -> String {
    format!(
        "<{tag} class=step id=step-{n} data-n={n}>\n",
        n = step.number,
    )
}

/// The end of a step's block: its figure, then the closing tag.
pub fn close_block(tag: &str, step: &Step, env: &Env, eager: &Cell<bool>) -> String {
    format!("{}</{tag}>\n", figure(step, env, true, eager))
}

pub fn shot_of<'s>(step: &Step, shots: &'s PageShots) -> Option<&'s Shot> {
    step.shot_name.as_ref().and_then(|n| shots.get(n))
}

/// Whether the step's screenshot has callouts.
pub fn has_callouts(step: &Step, shots: &PageShots) -> bool {
    shot_of(step, shots).is_some_and(|s| !s.callouts.is_empty())
}

/// The screenshot of a step, with its highlights and callouts drawn over
/// it; `legend` adds the callouts' legend as a caption (when the page has
/// no legend list of its own). Empty when the step has no screenshot.
pub fn figure(step: &Step, env: &Env, legend: bool, eager: &Cell<bool>) -> String {
    let Some(shot) = shot_of(step, env.shots) else {
        return String::new();
    };
    let mut h = String::with_capacity(512);
    let _ = write!(
        h,
        "<figure class=\"shot\"><div><img src=\"{}{}\"",
        env.root, shot.url
    );
    let small = shot.small.as_ref().filter(|s| s.width < shot.width);
    if let Some(small) = small {
        let _ = write!(
            h,
            " srcset=\"{root}{} {}w,{root}{} {}w\" sizes={SHOT_SIZES}",
            small.url,
            small.width,
            shot.url,
            shot.width,
            root = env.root
        );
    }
    let _ = write!(
        h,
        " width={} height={}{} alt=\"{}\">",
        shot.width,
        shot.height,
        if eager.replace(false) {
            ""
        } else {
            " loading=lazy"
        },
        escape(
            &env.shot_words
                .describe(step.number, shot.targets.iter().map(|t| t.label.as_str()))
        )
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
