//! Step screenshots as the site shows them: `screenshots/<page>/<name>.png`,
//! its size, and the highlight and callout boxes of its JSON sidecar
//! (see ARCHITECTURE.md, "Screenshots").

use crate::diagnostics::{Diagnostic, Pos};
use crate::screenshots::{self, Sidecar};
use std::collections::BTreeMap;
use std::path::Path;

pub use crate::screenshots::{Mark, Rect};

/// One screenshot ready to show.
#[derive(Debug, Clone, PartialEq)]
pub struct Shot {
    /// URL path from the site root: `screenshots/<page>/<name>.png`.
    pub url: String,
    pub width: u32,
    pub height: u32,
    pub targets: Vec<Mark>,
    pub callouts: Vec<Mark>,
    /// The phone copy `screenshots/<page>/<name>.small.png` written by
    /// `shoot`, when there is one.
    pub small: Option<Small>,
}

/// A smaller copy of a screenshot, for narrow screens.
#[derive(Debug, Clone, PartialEq)]
pub struct Small {
    /// URL path from the site root.
    pub url: String,
    pub width: u32,
}

/// The screenshots of one page, by shot name.
pub type PageShots = BTreeMap<String, Shot>;

/// Reads the screenshot `name` of page `slug` under `dir` (the site's
/// `screenshots/`), if its PNG exists. `shown` is `dir` as shown in messages.
/// Its phone copy `<name>.small.png` comes along when present.
pub fn load(dir: &Path, shown: &Path, slug: &str, name: &str) -> Result<Option<Shot>, Diagnostic> {
    let page_dir = crate::slug::name(slug);
    let png = dir.join(page_dir).join(format!("{name}.png"));
    let json_path = dir.join(page_dir).join(format!("{name}.json"));
    let json_shown = shown.join(page_dir).join(format!("{name}.json"));
    // With a sidecar, the size is in it and the PNG is only looked for;
    // without, it is in the PNG's first 24 bytes. Either way a guide's
    // thousands of shots are not read whole (nor opened) for it.
    let (width, height, targets, callouts) = match std::fs::read_to_string(&json_path) {
        Ok(_) if !png.is_file() => return Ok(None),
        Ok(text) => {
            let side: Sidecar = serde_json::from_str(&text).map_err(|e| {
                Diagnostic::new(
                    &json_shown,
                    Pos {
                        line: e.line().max(1),
                        col: e.column().max(1),
                    },
                    format!("this screenshot description cannot be read: {e}"),
                    "run `ent-guide shoot` to write it again",
                )
            })?;
            if side.image.width == 0 || side.image.height == 0 {
                return Err(Diagnostic::new(
                    &json_shown,
                    Pos { line: 1, col: 1 },
                    "this screenshot description gives an empty image size",
                    "run `ent-guide shoot` to write it again",
                ));
            }
            (
                side.image.width,
                side.image.height,
                side.targets,
                side.callouts,
            )
        }
        Err(_) => {
            let Some(bytes) = head(&png) else {
                return Ok(None);
            };
            let (width, height) = png_size(&bytes).ok_or_else(|| {
                Diagnostic::new(
                    shown.join(page_dir).join(format!("{name}.png")),
                    Pos { line: 1, col: 1 },
                    "this screenshot is not a PNG image",
                    "run `ent-guide shoot` to take it again",
                )
            })?;
            (width, height, Vec::new(), Vec::new())
        }
    };
    Ok(Some(Shot {
        url: format!("screenshots/{page_dir}/{name}.png"),
        width,
        height,
        targets,
        callouts,
        small: small_copy(&dir.join(page_dir), page_dir, name),
    }))
}

/// The phone copy of shot `name` in `folder` (`page_dir` in URLs), when
/// its header can be read.
fn small_copy(folder: &Path, page_dir: &str, name: &str) -> Option<Small> {
    let file = screenshots::copy_name(name);
    let (width, _) = png_size(&head(&folder.join(&file))?)?;
    Some(Small {
        url: format!("screenshots/{page_dir}/{file}"),
        width,
    })
}

/// The first 24 bytes of the file at `path` (fewer in a shorter file),
/// `None` when it cannot be opened or read.
fn head(path: &Path) -> Option<Vec<u8>> {
    use std::io::Read;
    let mut head = Vec::with_capacity(24);
    std::fs::File::open(path)
        .ok()?
        .take(24)
        .read_to_end(&mut head)
        .ok()?;
    Some(head)
}

/// Width and height from a PNG's IHDR chunk.
pub fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    const SIG: &[u8] = b"\x89PNG\r\n\x1a\n";
    if bytes.len() < 24 || &bytes[..8] != SIG || &bytes[12..16] != b"IHDR" {
        return None;
    }
    let w = u32::from_be_bytes(bytes[16..20].try_into().ok()?);
    let h = u32::from_be_bytes(bytes[20..24].try_into().ok()?);
    (w > 0 && h > 0).then_some((w, h))
}

/// The box `r` as `inset: top right bottom left` in percent of the image,
/// for a style attribute (one decimal, a pixel of a 1024-pixel picture).
/// Physical sides: the screenshot is not mirrored in right-to-left pages,
/// so neither are its marks.
pub fn percent_style(r: &Rect, width: u32, height: u32) -> String {
    let pc = |v: f64, of: u32| {
        let p = (v / f64::from(of) * 100.0).clamp(0.0, 100.0);
        let text = format!("{p:.1}");
        let text = text.strip_suffix(".0").unwrap_or(&text);
        format!("{text}%")
    };
    let (w, h) = (f64::from(width), f64::from(height));
    format!(
        "inset:{} {} {} {}",
        pc(r.y, height),
        pc(w - r.x - r.width, width),
        pc(h - r.y - r.height, height),
        pc(r.x, width),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boxes_become_percentages_of_the_image() {
        let r = Rect {
            x: 256.0,
            y: 192.0,
            width: 512.0,
            height: 38.4,
        };
        assert_eq!(percent_style(&r, 1024, 768), "inset:25% 25% 70% 25%");
        let past_the_edge = Rect {
            x: 1000.0,
            y: 10.0,
            width: 100.0,
            height: 7.7,
        };
        assert_eq!(
            percent_style(&past_the_edge, 1024, 768),
            "inset:1.3% 0% 97.7% 97.7%"
        );
    }

    #[test]
    fn reads_png_size() {
        let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        b.extend(640u32.to_be_bytes());
        b.extend(480u32.to_be_bytes());
        assert_eq!(png_size(&b), Some((640, 480)));
        assert_eq!(png_size(b"GIF89a"), None);
    }

    #[test]
    fn a_shot_takes_its_size_from_its_description_or_else_the_png_header() {
        let dir = std::env::temp_dir().join(format!("ent-guide-shots-{}", std::process::id()));
        let page = dir.join("log-in");
        std::fs::create_dir_all(&page).expect("tmp dir");
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend(640u32.to_be_bytes());
        png.extend(480u32.to_be_bytes());
        png.extend([7u8; 4096]);
        std::fs::write(page.join("open.png"), &png).expect("write");
        std::fs::write(page.join("cut.png"), &png[..20]).expect("write");
        let shown = Path::new("screenshots");
        let shot = load(&dir, shown, "log-in", "open").expect("reads");
        let shot = shot.expect("a shot");
        assert_eq!((shot.width, shot.height), (640, 480));
        assert_eq!(shot.url, "screenshots/log-in/open.png");
        // A file cut short is reported, a missing one is no shot.
        let cut = load(&dir, shown, "log-in", "cut").expect_err("not a PNG");
        assert!(cut.to_string().contains("not a PNG"), "{cut}");
        assert_eq!(load(&dir, shown, "log-in", "missing"), Ok(None));
        // With a description, the size is the description's; without its
        // PNG, a description is no shot.
        let sidecar = r#"{"image": {"width": 1024, "height": 768}, "targets": [], "callouts": []}"#;
        for name in ["open", "gone"] {
            std::fs::write(page.join(format!("{name}.json")), sidecar).expect("write");
        }
        let shot = load(&dir, shown, "log-in", "open").expect("reads");
        let shot = shot.expect("a shot");
        assert_eq!((shot.width, shot.height), (1024, 768));
        assert_eq!(load(&dir, shown, "log-in", "gone"), Ok(None));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
