//! Step screenshots as the site shows them: `screenshots/<page>/<name>.png`,
//! its size, and the highlight and callout boxes of its JSON sidecar
//! (see ARCHITECTURE.md, "Screenshots").

use crate::diagnostics::{Diagnostic, Pos};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// A box in image pixels.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

/// A highlighted target or a numbered callout.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct Mark {
    pub number: u32,
    #[serde(default)]
    pub label: String,
    #[serde(rename = "box")]
    pub rect: Rect,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq)]
struct Size {
    width: u32,
    height: u32,
}

/// The part of the sidecar the site uses; other fields are ignored.
#[derive(Debug, Clone, Deserialize)]
struct Sidecar {
    image: Size,
    #[serde(default)]
    targets: Vec<Mark>,
    #[serde(default)]
    callouts: Vec<Mark>,
}

/// One screenshot ready to show.
#[derive(Debug, Clone, PartialEq)]
pub struct Shot {
    /// URL path from the site root: `screenshots/<page>/<name>.png`.
    pub url: String,
    pub width: u32,
    pub height: u32,
    pub targets: Vec<Mark>,
    pub callouts: Vec<Mark>,
}

/// The screenshots of one page, by shot name.
pub type PageShots = BTreeMap<String, Shot>;

/// Reads the screenshot `name` of page `slug` under `dir` (the site's
/// `screenshots/`), if its PNG exists. `shown` is `dir` as shown in messages.
pub fn load(dir: &Path, shown: &Path, slug: &str, name: &str) -> Result<Option<Shot>, Diagnostic> {
    let page_dir = if slug.is_empty() { "index" } else { slug };
    let png = dir.join(page_dir).join(format!("{name}.png"));
    let Ok(bytes) = std::fs::read(&png) else {
        return Ok(None);
    };
    let json_path = dir.join(page_dir).join(format!("{name}.json"));
    let json_shown = shown.join(page_dir).join(format!("{name}.json"));
    let url = format!("screenshots/{page_dir}/{name}.png");
    match std::fs::read_to_string(&json_path) {
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
            Ok(Some(Shot {
                url,
                width: side.image.width,
                height: side.image.height,
                targets: side.targets,
                callouts: side.callouts,
            }))
        }
        Err(_) => {
            let (width, height) = png_size(&bytes).ok_or_else(|| {
                Diagnostic::new(
                    shown.join(page_dir).join(format!("{name}.png")),
                    Pos { line: 1, col: 1 },
                    "this screenshot is not a PNG image",
                    "run `ent-guide shoot` to take it again",
                )
            })?;
            Ok(Some(Shot {
                url,
                width,
                height,
                targets: Vec::new(),
                callouts: Vec::new(),
            }))
        }
    }
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

/// `left/top/width/height` of `r` in percent of the image, for a style
/// attribute. Physical sides: the screenshot is not mirrored in
/// right-to-left pages, so neither are its marks.
pub fn percent_style(r: &Rect, width: u32, height: u32) -> String {
    let pc = |v: f64, of: u32| (v / f64::from(of) * 100.0).clamp(0.0, 100.0);
    format!(
        "left:{:.2}%;top:{:.2}%;width:{:.2}%;height:{:.2}%",
        pc(r.x, width),
        pc(r.y, height),
        pc(r.width, width),
        pc(r.height, height)
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
        assert_eq!(
            percent_style(&r, 1024, 768),
            "left:25.00%;top:25.00%;width:50.00%;height:5.00%"
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
}
