//! The installed guide's icons, drawn at build time: when the theme has
//! `icons/touch-icon.svg`, it is rendered (with `resvg`, no browser) to
//! `assets/icon-192.png` and `assets/icon-512.png`, which the web app
//! manifests list (`offline.rs`). The drawing wins over static files of
//! those names; a theme without it ships its static `icon-*.png`, if any.
//!
//! The drawing is shapes only: no system fonts are loaded, so text in it is
//! not drawn. The same drawing gives the same bytes on every build.

use crate::diagnostics::{Diagnostic, Pos};
use crate::site::sink::Sink;
use crate::site::Site;
use std::path::Path;

/// The icons' sizes in pixels (square), each written as
/// `assets/icon-<size>.png`.
pub const SIZES: [u32; 2] = [192, 512];

/// Where the icon of `size` pixels goes.
pub fn path(size: u32) -> String {
    format!("assets/icon-{size}.png")
}

/// Whether the theme's static file `rel` (under `static/`) is one the
/// drawing replaces.
pub fn replaces(site: &Site, rel: &str) -> bool {
    site.theme.touch_icon.is_some() && SIZES.iter().any(|s| rel == format!("icon-{s}.png"))
}

/// Renders the theme's drawing at every size into `out`; the problems met.
/// Nothing is written for a theme without the drawing.
pub fn write(site: &Site, out: Sink) -> Vec<Diagnostic> {
    let Some((file, svg)) = &site.theme.touch_icon else {
        return Vec::new();
    };
    let pngs = match render(file, svg, &SIZES) {
        Ok(p) => p,
        Err(d) => return vec![d],
    };
    SIZES
        .iter()
        .zip(pngs)
        .filter_map(|(size, png)| out.write(&path(*size), &png).err())
        .collect()
}

/// `svg` (from `file`, as messages name it) as square PNGs of `sizes`
/// pixels, the drawing scaled to fill each.
pub fn render(file: &Path, svg: &str, sizes: &[u32]) -> Result<Vec<Vec<u8>>, Diagnostic> {
    let tree = resvg::usvg::Tree::from_str(svg, &resvg::usvg::Options::default())
        .map_err(|e| problem(file, e))?;
    let drawn = tree.size();
    sizes
        .iter()
        .map(|&size| {
            let mut pixmap = resvg::tiny_skia::Pixmap::new(size, size).ok_or_else(|| {
                Diagnostic::new(
                    file,
                    Pos { line: 1, col: 1 },
                    format!("cannot make a {size}×{size} picture"),
                    "report this to the guide's maintainers",
                )
            })?;
            let scale = resvg::tiny_skia::Transform::from_scale(
                size as f32 / drawn.width(),
                size as f32 / drawn.height(),
            );
            resvg::render(&tree, scale, &mut pixmap.as_mut());
            pixmap.encode_png().map_err(|e| {
                Diagnostic::new(
                    file,
                    Pos { line: 1, col: 1 },
                    format!("cannot encode the {size}-pixel icon: {e}"),
                    "report this to the guide's maintainers",
                )
            })
        })
        .collect()
}

/// A drawing `usvg` cannot read, at the place it names.
fn problem(file: &Path, e: resvg::usvg::Error) -> Diagnostic {
    use resvg::usvg::Error;
    let top = Pos { line: 1, col: 1 };
    let (pos, message, hint) = match e {
        Error::ParsingFailed(x) => {
            let at = x.pos();
            let what = x.to_string();
            let suffix = format!(" at {}:{}", at.row, at.col);
            let what = what.strip_suffix(&suffix).unwrap_or(&what);
            (
                Pos {
                    line: at.row as usize,
                    col: at.col as usize,
                },
                format!("the icon drawing is not valid SVG: {what}"),
                "fix the XML (an editor that checks SVG shows where), or delete the file to ship static/icon-*.png instead",
            )
        }
        Error::InvalidSize => (
            top,
            "the icon drawing has no size".to_string(),
            "give the <svg> element a `viewBox` (or `width` and `height`) greater than zero, e.g. viewBox=\"0 0 64 64\"",
        ),
        other => (
            top,
            format!("cannot read the icon drawing: {other}"),
            "save it as plain SVG text (UTF-8, not compressed)",
        ),
    };
    Diagnostic::new(file, pos, message, hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DRAWING: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" fill="#0b5cad"/></svg>"##;

    /// Width and height from a PNG's header (IHDR).
    fn size(png: &[u8]) -> (u32, u32) {
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "a PNG");
        assert_eq!(&png[12..16], b"IHDR");
        let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
        (be(&png[16..20]), be(&png[20..24]))
    }

    #[test]
    fn the_drawing_fills_each_size_the_same_way_every_time() {
        let file = Path::new("themes/default/icons/touch-icon.svg");
        let a = render(file, DRAWING, &SIZES).expect("rendered");
        let b = render(file, DRAWING, &SIZES).expect("rendered");
        assert_eq!(a, b, "same drawing, same bytes");
        assert_eq!(size(&a[0]), (192, 192));
        assert_eq!(size(&a[1]), (512, 512));
        // Filled edge to edge: a corner pixel is the drawing's blue.
        let picture = png::Decoder::new(std::io::Cursor::new(&a[1]))
            .read_info()
            .expect("decodable");
        let mut reader = picture;
        let mut buf = vec![0; reader.output_buffer_size().expect("size")];
        reader.next_frame(&mut buf).expect("a frame");
        assert_eq!(&buf[..4], &[0x0b, 0x5c, 0xad, 0xff]);
        let other = DRAWING.replace("#0b5cad", "#ad0b0b");
        assert_ne!(render(file, &other, &SIZES).expect("rendered"), a);
    }

    #[test]
    fn a_broken_drawing_is_named_with_its_line_and_column() {
        let file = Path::new("themes/mine/icons/touch-icon.svg");
        let broken = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 64 64\">\n  <rect width=\"64\"</svg>";
        let Err(d) = render(file, broken, &SIZES) else {
            panic!("a broken drawing rendered");
        };
        assert_eq!(d.file, file);
        assert_eq!(d.pos.line, 2, "{d}");
        assert!(d.message.contains("not valid SVG"), "{d}");
        assert!(!d.message.contains("2:"), "the position said once: {d}");
        let no_size = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"0\" height=\"0\"/>";
        let Err(d) = render(file, no_size, &SIZES) else {
            panic!("a drawing of no size rendered");
        };
        assert!(d.hint.contains("viewBox"), "{d}");
    }
}
