//! Screenshots: capturing a step (raw page, no overlay; highlight boxes as
//! data in the JSON sidecar) and writing `screenshots/<page>/<name>.png` +
//! `.json` so that an unchanged picture keeps its bytes: a PNG is rewritten
//! only when its pixels really differ, new PNGs are optimised losslessly,
//! each wide picture gets its phone copy (`<name>.small.png`, see
//! [`super::phone`]), and pictures no step takes any more are removed.

use super::finder::BoxPx;
use super::pixels::{optimise, png_size, rgba, same_pixels};
use crate::chrome::{Session, VIEWPORT};
use crate::screenshots::{self, Crop, Rect, Sidecar, Size};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// One captured picture, not yet written.
#[derive(Debug, Clone)]
pub struct Capture {
    pub page: String,
    pub name: String,
    pub png: Vec<u8>,
    pub sidecar: Sidecar,
    /// How long the capture took (frame, PNG, boxes).
    pub took: std::time::Duration,
}

/// A highlighted element: its number, label and box in image pixels.
#[derive(Debug, Clone)]
pub struct Mark {
    pub label: String,
    pub bbox: BoxPx,
}

/// How the picture is framed.
pub enum Frame {
    Viewport,
    Full,
    /// Around this box (page pixels).
    Crop(BoxPx),
}

const CROP_MARGIN: f64 = 16.0;

/// Captures the page in `frame` and builds the sidecar.
#[allow(clippy::too_many_arguments)]
pub fn capture(
    session: &Session,
    page: &str,
    name: &str,
    step: usize,
    source: &str,
    frame: Frame,
    targets: &[Mark],
    callouts: &[Mark],
) -> anyhow::Result<Capture> {
    let started = std::time::Instant::now();
    let (doc_w, doc_h): (f64, f64) = {
        let v: Value = session.eval_json(
            "JSON.stringify([document.documentElement.scrollWidth, document.documentElement.scrollHeight])",
        )?;
        (
            v[0].as_f64().unwrap_or(f64::from(VIEWPORT.0)),
            v[1].as_f64().unwrap_or(f64::from(VIEWPORT.1)),
        )
    };
    // `origin` maps a box to image pixels; `clip` is what is captured.
    let (png, crop, origin): (Vec<u8>, Option<Crop>, Option<(f64, f64)>) = match frame {
        Frame::Viewport => {
            let (sx, sy) = bring_into_view(session, targets, callouts, doc_h)?;
            (session.capture(None, false)?, None, Some((sx, sy)))
        }
        Frame::Full => {
            let w = doc_w.max(f64::from(VIEWPORT.0)).round();
            let h = doc_h.max(f64::from(VIEWPORT.1)).round();
            (
                session.capture(Some((0.0, 0.0, w, h)), true)?,
                None,
                Some((0.0, 0.0)),
            )
        }
        Frame::Crop(b) => {
            let x = (b.page_x - CROP_MARGIN).max(0.0).floor();
            let y = (b.page_y - CROP_MARGIN).max(0.0).floor();
            let w = (b.width + 2.0 * CROP_MARGIN)
                .min(doc_w.max(1.0) - x)
                .max(1.0)
                .ceil();
            let h = (b.height + 2.0 * CROP_MARGIN)
                .min(doc_h.max(1.0) - y)
                .max(1.0)
                .ceil();
            (
                session.capture(Some((x, y, w, h)), true)?,
                Some(Crop {
                    height: h,
                    width: w,
                    x,
                    y,
                }),
                Some((x, y)),
            )
        }
    };
    let (iw, ih) = png_size(&png).unwrap_or((VIEWPORT.0, VIEWPORT.1));
    let boxes = |marks: &[Mark]| -> Vec<screenshots::Mark> {
        marks
            .iter()
            .zip(1..)
            .map(|(m, number)| {
                let (x, y) = match origin {
                    None => (m.bbox.x, m.bbox.y),
                    Some((ox, oy)) => (m.bbox.page_x - ox, m.bbox.page_y - oy),
                };
                screenshots::Mark {
                    rect: Rect {
                        x: x.round(),
                        y: y.round(),
                        width: m.bbox.width.round(),
                        height: m.bbox.height.round(),
                    },
                    label: m.label.clone(),
                    number,
                }
            })
            .collect()
    };
    let sidecar = Sidecar {
        callouts: boxes(callouts),
        crop,
        device_scale: 1,
        image: Size {
            height: ih,
            width: iw,
        },
        page: page.to_string(),
        source: source.to_string(),
        step,
        targets: boxes(targets),
        viewport: Size {
            height: VIEWPORT.1,
            width: VIEWPORT.0,
        },
    };
    Ok(Capture {
        page: page.to_string(),
        name: name.to_string(),
        png,
        sidecar,
        took: started.elapsed(),
    })
}

/// Scrolls the page so the marked elements are in the viewport (their
/// union centred, or the last target centred when the union is taller than
/// the screen), and returns the scroll offset the picture is taken at. A
/// highlight outside the picture would point at nothing.
fn bring_into_view(
    session: &Session,
    targets: &[Mark],
    callouts: &[Mark],
    doc_h: f64,
) -> anyhow::Result<(f64, f64)> {
    let scroll = |expr: &str| -> anyhow::Result<(f64, f64)> {
        let v: Value = session.eval_json(expr)?;
        Ok((v[0].as_f64().unwrap_or(0.0), v[1].as_f64().unwrap_or(0.0)))
    };
    let read = "JSON.stringify([window.scrollX, window.scrollY])";
    let marks: Vec<&Mark> = targets.iter().chain(callouts).collect();
    let (Some(top), Some(bottom)) = (
        marks.iter().map(|m| m.bbox.page_y).reduce(f64::min),
        marks
            .iter()
            .map(|m| m.bbox.page_y + m.bbox.height)
            .reduce(f64::max),
    ) else {
        return scroll(read);
    };
    let (_, sy) = scroll(read)?;
    let vh = f64::from(VIEWPORT.1);
    if top >= sy && bottom <= sy + vh {
        return Ok((0.0, sy));
    }
    let centre = if bottom - top <= vh {
        (top + bottom) / 2.0
    } else {
        let last = targets.last().unwrap_or(marks[0]);
        last.bbox.page_y + last.bbox.height / 2.0
    };
    let want = (centre - vh / 2.0)
        .clamp(0.0, (doc_h - vh).max(0.0))
        .round();
    scroll(&format!(
        "window.scrollTo(0, {want}); JSON.stringify([window.scrollX, window.scrollY])"
    ))
}

/// What `shoot` did to the screenshots folder.
#[derive(Debug, Default)]
pub struct ShotReport {
    pub added: Vec<String>,
    pub changed: Vec<String>,
    pub removed: Vec<String>,
    pub kept: Vec<String>,
}

/// Writes `captures` under `dir`. `complete` lists the pages whose every
/// shot was taken: only their folders lose pictures no step takes any more.
/// With `prune_pages`, folders of pages outside `all_pages` are removed too.
pub fn write(
    dir: &Path,
    captures: &[Capture],
    complete: &[String],
    all_pages: Option<&[String]>,
) -> std::io::Result<ShotReport> {
    let mut report = ShotReport::default();
    for c in captures {
        let page_dir = dir.join(&c.page);
        std::fs::create_dir_all(&page_dir)?;
        let png_path = page_dir.join(format!("{}.png", c.name));
        let json_path = page_dir.join(format!("{}.json", c.name));
        let id = format!("{}/{}", c.page, c.name);
        let old = std::fs::read(&png_path).ok();
        let json_new = c.sidecar.to_text();
        let json_old = std::fs::read_to_string(&json_path).ok();
        let mut touched = false;
        // The picture on disk after this capture: the new one, or the old
        // one when only noise differs.
        let kept_png = match &old {
            Some(old) if same_pixels(old, &c.png) => old.as_slice(),
            _ => {
                std::fs::write(&png_path, optimise(&c.png))?;
                touched = true;
                c.png.as_slice()
            }
        };
        let copy_changed = write_phone_copy(&page_dir, &c.name, kept_png, touched)?;
        let json_changed = json_old.as_deref() != Some(json_new.as_str());
        let status = match &old {
            None => &mut report.added,
            Some(_) if touched || json_changed || copy_changed => &mut report.changed,
            Some(_) => &mut report.kept,
        };
        status.push(id);
        if touched || json_changed {
            std::fs::write(&json_path, json_new)?;
        }
    }
    for page in complete {
        let wanted: BTreeSet<String> = captures
            .iter()
            .filter(|c| &c.page == page)
            .map(|c| c.name.clone())
            .collect();
        remove_orphans(&dir.join(page), page, &wanted, &mut report)?;
    }
    if let Some(all) = all_pages {
        for page_dir in page_dirs(dir)? {
            let page = page_dir
                .strip_prefix(dir)
                .unwrap_or(&page_dir)
                .to_string_lossy()
                .replace('\\', "/");
            if !all.contains(&page) {
                remove_orphans(&page_dir, &page, &BTreeSet::new(), &mut report)?;
            }
        }
    }
    Ok(report)
}

/// Writes (or removes) the phone copy of the shot `name` whose picture is
/// `png`: rewritten when the picture was (`picture_changed`) or when it is
/// missing, removed when the picture is too narrow to need one. Returns
/// whether the folder changed.
fn write_phone_copy(
    page_dir: &Path,
    name: &str,
    png: &[u8],
    picture_changed: bool,
) -> std::io::Result<bool> {
    let path = page_dir.join(screenshots::copy_name(name));
    let exists = path.is_file();
    if exists && !picture_changed {
        return Ok(false);
    }
    let copy = rgba(png).and_then(|(w, h, px)| super::phone::phone_copy(w, h, &px));
    match copy {
        Some(bytes) => {
            if std::fs::read(&path).ok().as_deref() == Some(bytes.as_slice()) {
                return Ok(false);
            }
            std::fs::write(&path, bytes)?;
            Ok(true)
        }
        None if exists => {
            std::fs::remove_file(&path)?;
            Ok(true)
        }
        None => Ok(false),
    }
}

/// Folders under `dir` that directly hold pictures.
fn page_dirs(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    for entry in walkdir::WalkDir::new(dir).min_depth(1).sort_by_file_name() {
        let entry = entry.map_err(std::io::Error::other)?;
        if entry.file_type().is_dir() {
            let holds = std::fs::read_dir(entry.path())?
                .filter_map(Result::ok)
                .any(|e| e.path().extension().is_some_and(|x| x == "png"));
            if holds {
                out.push(entry.path().to_path_buf());
            }
        }
    }
    Ok(out)
}

fn remove_orphans(
    page_dir: &Path,
    page: &str,
    wanted: &BTreeSet<String>,
    report: &mut ShotReport,
) -> std::io::Result<()> {
    let Ok(entries) = std::fs::read_dir(page_dir) else {
        return Ok(());
    };
    let mut gone = BTreeSet::new();
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        let is_shot = path.extension().is_some_and(|x| x == "png" || x == "json");
        let Some(stem) = path.file_stem().map(|s| s.to_string_lossy().into_owned()) else {
            continue;
        };
        let stem = screenshots::shot_of_stem(&stem).to_string();
        if is_shot && path.is_file() && !wanted.contains(&stem) {
            std::fs::remove_file(&path)?;
            gone.insert(format!("{page}/{stem}"));
        }
    }
    report.removed.extend(gone);
    if std::fs::read_dir(page_dir)?.next().is_none() {
        std::fs::remove_dir(page_dir)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::pixels::tests::gray_png;
    use super::*;

    fn capture(name: &str, png: Vec<u8>) -> Capture {
        Capture {
            page: "p".into(),
            name: name.into(),
            png,
            sidecar: Sidecar::default(),
            took: std::time::Duration::ZERO,
        }
    }

    #[test]
    fn wide_pictures_get_a_phone_copy_that_follows_them() {
        let dir = tempfile::tempdir().expect("tempdir");
        let wide: Vec<u8> = (0..1024 * 768).map(|i| (i % 7 * 30) as u8).collect();
        let wide = gray_png(1024, 768, &wide);
        let copy = dir.path().join("p/shot.small.png");

        let r = write(dir.path(), &[capture("shot", wide.clone())], &[], None).expect("write");
        assert_eq!(r.added, ["p/shot"]);
        let first = std::fs::read(&copy).expect("a phone copy");
        let size = png_size(&first);
        assert_eq!(size, Some((512, 384)));

        // The same picture again: nothing is rewritten.
        let r = write(dir.path(), &[capture("shot", wide.clone())], &[], None).expect("write");
        assert_eq!(r.kept, ["p/shot"]);
        // A lost copy comes back, the same bytes.
        std::fs::remove_file(&copy).expect("remove");
        let r = write(dir.path(), &[capture("shot", wide)], &[], None).expect("write");
        assert_eq!(r.changed, ["p/shot"]);
        assert_eq!(std::fs::read(&copy).expect("copy again"), first);

        // The step now takes a narrow crop: no copy any more.
        let narrow = gray_png(300, 100, &vec![90; 300 * 100]);
        let r = write(dir.path(), &[capture("shot", narrow)], &[], None).expect("write");
        assert_eq!(r.changed, ["p/shot"]);
        assert!(!copy.exists());

        // The step loses its picture: the copy goes with it.
        write(
            dir.path(),
            &[capture("shot", gray_png(1024, 768, &[0; 1024 * 768]))],
            &[],
            None,
        )
        .expect("write");
        assert!(copy.exists());
        let r = write(dir.path(), &[], &["p".to_string()], None).expect("write");
        assert_eq!(r.removed, ["p/shot"]);
        assert!(!copy.exists());
    }
}
