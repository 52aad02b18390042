//! The size of an image written in Markdown (`![alt](img/x.png)`), read
//! from the file's header at build time so the page can reserve its place
//! (`width`/`height`) and nothing shifts while it loads: PNG, JPEG, WebP,
//! GIF and the other raster formats through `imagesize`; SVG from the root
//! element's `width`/`height` (plain or `px` numbers) or else its `viewBox`.

use std::io::Read;
use std::path::Path;

/// How much of an SVG is read to find its root element.
const SVG_HEAD: u64 = 4096;

/// File name extensions of the images whose size is read.
const IMAGES: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "webp", "svg", "avif", "bmp", "ico",
];

/// Width and height in CSS pixels of the image at `path`, when it is one
/// (by its extension) and its header gives them.
pub fn image_size(path: &Path) -> Option<(u32, u32)> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    if !IMAGES.contains(&ext.as_str()) {
        return None;
    }
    if ext == "svg" {
        let mut head = Vec::new();
        std::fs::File::open(path)
            .ok()?
            .take(SVG_HEAD)
            .read_to_end(&mut head)
            .ok()?;
        return svg_size(&String::from_utf8_lossy(&head));
    }
    let size = imagesize::size(path).ok()?;
    let w = u32::try_from(size.width).ok()?;
    let h = u32::try_from(size.height).ok()?;
    (w > 0 && h > 0).then_some((w, h))
}

/// The size an SVG's root element declares.
pub fn svg_size(text: &str) -> Option<(u32, u32)> {
    let start = text.find("<svg")?;
    let rest = &text[start..];
    let tag = &rest[..rest.find('>')?];
    let attr = |name: &str| attribute(tag, name);
    if let (Some(w), Some(h)) = (
        attr("width").and_then(|v| length(&v)),
        attr("height").and_then(|v| length(&v)),
    ) {
        return Some((w, h));
    }
    let view_box = attr("viewBox")?;
    let nums: Vec<f64> = view_box
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok())
        .collect();
    match nums[..] {
        [_, _, w, h] => Some((whole(w)?, whole(h)?)),
        _ => None,
    }
}

/// The value of `name="…"` (or `'…'`) in a start tag.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let mut from = 0;
    while let Some(i) = tag[from..].find(name) {
        let at = from + i;
        from = at + name.len();
        let before_ok = tag[..at]
            .chars()
            .next_back()
            .is_some_and(char::is_whitespace);
        let after = tag[from..].trim_start();
        if !before_ok || !after.starts_with('=') {
            continue;
        }
        let value = after[1..].trim_start();
        let quote = value.chars().next()?;
        if quote != '"' && quote != '\'' {
            continue;
        }
        let inner = &value[1..];
        return Some(inner[..inner.find(quote)?].to_string());
    }
    None
}

/// A length in CSS pixels: `120`, `120.5`, `120px`; relative units give none.
fn length(v: &str) -> Option<u32> {
    let v = v.trim();
    let v = v.strip_suffix("px").unwrap_or(v);
    whole(v.parse().ok()?)
}

fn whole(v: f64) -> Option<u32> {
    (v.is_finite() && v >= 0.5 && v < f64::from(u32::MAX)).then(|| v.round() as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_size_from_width_and_height_or_the_view_box() {
        assert_eq!(
            svg_size(
                r#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="120" height="40px">"#
            ),
            Some((120, 40))
        );
        assert_eq!(
            svg_size(r#"<svg viewBox="0 0 300.4 150" stroke-width="2">"#),
            Some((300, 150)),
            "stroke-width is not width"
        );
        assert_eq!(
            svg_size(r#"<svg width='50%' height='2em' viewBox='0,0,64,32'>"#),
            Some((64, 32)),
            "relative lengths give way to the view box"
        );
        assert_eq!(svg_size("<svg>"), None);
        assert_eq!(svg_size("not an image"), None);
    }

    #[test]
    fn raster_sizes_come_from_the_header() {
        let dir = tempfile::tempdir().expect("tempdir");
        // PNG: signature, IHDR with 640×480.
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend(640u32.to_be_bytes());
        png.extend(480u32.to_be_bytes());
        png.extend([8, 6, 0, 0, 0, 0, 0, 0, 0]);
        // GIF: logical screen 100×50, little-endian.
        let gif = b"GIF89a\x64\x00\x32\x00\x00\x00\x00".to_vec();
        // JPEG: SOI, then a SOF0 segment with height 30 and width 70.
        let jpeg = [
            0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x00, 0x1E, 0x00, 0x46, 0x03, 0x01, 0x22,
            0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01, 0xFF, 0xD9,
        ]
        .to_vec();
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" width="24" height="12"/>"#.to_vec();
        for (name, bytes, want) in [
            ("a.png", png, Some((640, 480))),
            ("a.gif", gif, Some((100, 50))),
            ("a.jpg", jpeg, Some((70, 30))),
            ("a.svg", svg, Some((24, 12))),
            ("a.txt.png", b"hello".to_vec(), None),
        ] {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).expect("write");
            assert_eq!(image_size(&path), want, "{name}");
        }
        assert_eq!(image_size(&dir.path().join("missing.png")), None);
    }
}
