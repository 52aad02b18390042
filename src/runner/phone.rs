//! The phone copy of a screenshot: `<name>.small.png`, the picture scaled
//! down to [`PHONE_WIDTH`] pixels wide with an area filter (each output
//! pixel is the exact average of the input pixels it covers, so text stays
//! as legible as the size allows and nothing rings), then optimised like
//! the full picture. The same pixels always give the same bytes.
//!
//! Measured on the guide's 50 screenshots (1024×768, oxipng): the copies
//! weigh 45 % of the originals (1.11 MB against 2.50 MB); lossless WebP
//! from the pure-Rust encoder was larger than the PNGs at both sizes, so
//! the site keeps PNG (see README, "Screenshots on phones").

/// Width of the phone copy, in pixels.
pub const PHONE_WIDTH: u32 = 512;

/// Pictures narrower than this get no copy: it would save too little.
pub const MIN_WIDTH_FOR_COPY: u32 = 768;

/// The phone copy of an RGBA picture (`width`×`height`, 8 bits a channel),
/// as optimised PNG bytes; `None` when the picture is too narrow to need
/// one or the buffer does not match its size.
pub fn phone_copy(width: u32, height: u32, rgba: &[u8]) -> Option<Vec<u8>> {
    if width < MIN_WIDTH_FOR_COPY || height == 0 {
        return None;
    }
    let (w, h, pixels) = downscale(width, height, rgba, PHONE_WIDTH)?;
    let png = super::pixels::encode(w, h, &pixels)?;
    Some(super::pixels::optimise(&png))
}

/// Scales an RGBA picture to `new_width` wide (height in proportion, at
/// least 1) by area averaging, on premultiplied alpha.
pub fn downscale(
    width: u32,
    height: u32,
    rgba: &[u8],
    new_width: u32,
) -> Option<(u32, u32, Vec<u8>)> {
    let (w, h) = (width as usize, height as usize);
    if w == 0 || h == 0 || new_width == 0 || rgba.len() != w * h * 4 {
        return None;
    }
    let nw = new_width as usize;
    let nh = ((h * nw + w / 2) / w).max(1);
    // Premultiplied channels, so a transparent pixel adds no colour.
    let pre: Vec<f64> = rgba
        .chunks_exact(4)
        .flat_map(|p| {
            let a = f64::from(p[3]) / 255.0;
            [
                f64::from(p[0]) * a,
                f64::from(p[1]) * a,
                f64::from(p[2]) * a,
                f64::from(p[3]),
            ]
        })
        .collect();
    let cols = spans(w, nw);
    let rows = spans(h, nh);
    // Horizontal pass: h rows of nw pixels.
    let mut across = vec![0.0f64; h * nw * 4];
    for y in 0..h {
        for (ox, span) in cols.iter().enumerate() {
            let mut acc = [0.0f64; 4];
            for &(x, weight) in span {
                let at = (y * w + x) * 4;
                for c in 0..4 {
                    acc[c] += weight * pre[at + c];
                }
            }
            across[(y * nw + ox) * 4..][..4].copy_from_slice(&acc);
        }
    }
    // Vertical pass.
    let mut out = vec![0u8; nw * nh * 4];
    for (oy, span) in rows.iter().enumerate() {
        for ox in 0..nw {
            let mut acc = [0.0f64; 4];
            for &(y, weight) in span {
                let at = (y * nw + ox) * 4;
                for c in 0..4 {
                    acc[c] += weight * across[at + c];
                }
            }
            let alpha = acc[3];
            let px = &mut out[(oy * nw + ox) * 4..][..4];
            for c in 0..3 {
                px[c] = if alpha > 0.0 {
                    to_byte(acc[c] * 255.0 / alpha)
                } else {
                    0
                };
            }
            px[3] = to_byte(alpha);
        }
    }
    Some((nw as u32, nh as u32, out))
}

fn to_byte(v: f64) -> u8 {
    v.round().clamp(0.0, 255.0) as u8
}

/// For each of `to` output cells, the input cells of `from` it covers and
/// their weights (summing to 1).
fn spans(from: usize, to: usize) -> Vec<Vec<(usize, f64)>> {
    let scale = from as f64 / to as f64;
    (0..to)
        .map(|o| {
            let start = o as f64 * scale;
            let end = start + scale;
            let mut span = Vec::new();
            let mut i = start.floor() as usize;
            while (i as f64) < end && i < from {
                let covered = end.min(i as f64 + 1.0) - start.max(i as f64);
                if covered > 0.0 {
                    span.push((i, covered / scale));
                }
                i += 1;
            }
            span
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn solid(w: u32, h: u32, px: [u8; 4]) -> Vec<u8> {
        (0..w * h).flat_map(|_| px).collect()
    }

    #[test]
    fn halving_averages_each_two_by_two_block() {
        // 4×2: a black-white checker row pair → mid grey; a red block stays red.
        #[rustfmt::skip]
        let px: Vec<u8> = [
            [0, 0, 0, 255], [255, 255, 255, 255], [255, 0, 0, 255], [255, 0, 0, 255],
            [255, 255, 255, 255], [0, 0, 0, 255], [255, 0, 0, 255], [255, 0, 0, 255],
        ]
        .concat();
        let (w, h, out) = downscale(4, 2, &px, 2).expect("scaled");
        assert_eq!((w, h), (2, 1));
        assert_eq!(out, [128, 128, 128, 255, 255, 0, 0, 255]);
    }

    #[test]
    fn odd_ratios_keep_proportions_and_flat_colour() {
        let px = solid(1000, 700, [10, 20, 30, 255]);
        let (w, h, out) = downscale(1000, 700, &px, 512).expect("scaled");
        assert_eq!((w, h), (512, 358));
        assert!(out.chunks_exact(4).all(|p| p == [10, 20, 30, 255]));
    }

    #[test]
    fn transparent_pixels_add_no_colour() {
        let px: Vec<u8> = [[255, 0, 0, 0], [0, 0, 255, 255]].concat();
        let (_, _, out) = downscale(2, 1, &px, 1).expect("scaled");
        assert_eq!(out, [0, 0, 255, 128]);
    }

    #[test]
    fn copies_are_512_wide_deterministic_and_only_for_wide_pictures() {
        let px: Vec<u8> = (0..1024u32 * 768)
            .flat_map(|i| {
                let v = ((i % 1024) / 8 + (i / 1024) % 7) as u8;
                [v, v, 255 - v, 255]
            })
            .collect();
        let a = phone_copy(1024, 768, &px).expect("a copy");
        let b = phone_copy(1024, 768, &px).expect("a copy");
        assert_eq!(a, b, "the same pixels give the same bytes");
        assert_eq!(super::super::pixels::png_size(&a), Some((512, 384)));
        assert!(phone_copy(600, 300, &solid(600, 300, [0, 0, 0, 255])).is_none());
        assert!(downscale(10, 10, &[0; 12], 5).is_none(), "short buffer");
    }
}
