//! PNG pixels for the runner's screenshots: reading a picture's size and
//! RGBA pixels, telling rendering noise from a real change, encoding and
//! optimising losslessly (oxipng). Used by [`super::shots`] (writing the
//! pictures) and [`super::phone`] (their phone copies).
//!
//! A picture counts as changed when more than 8 pixels differ by more than
//! 16 in some channel (`PIXEL_TOLERANCE`, `CHANNEL_TOLERANCE`); below that
//! the picture on disk keeps its bytes.

/// Width and height from a PNG's header.
pub fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let dec = png::Decoder::new(std::io::Cursor::new(bytes));
    let reader = dec.read_info().ok()?;
    let info = reader.info();
    Some((info.width, info.height))
}

/// Decodes a PNG to RGBA, 8 bits a channel.
pub fn rgba(bytes: &[u8]) -> Option<(u32, u32, Vec<u8>)> {
    let mut dec = png::Decoder::new(std::io::Cursor::new(bytes));
    dec.set_transformations(
        png::Transformations::normalize_to_color8() | png::Transformations::ALPHA,
    );
    let mut reader = dec.read_info().ok()?;
    let mut buf = vec![0; reader.output_buffer_size()?];
    let info = reader.next_frame(&mut buf).ok()?;
    buf.truncate(info.buffer_size());
    let out = match info.color_type {
        png::ColorType::Rgba => buf,
        png::ColorType::GrayscaleAlpha => buf
            .chunks_exact(2)
            .flat_map(|p| [p[0], p[0], p[0], p[1]])
            .collect(),
        png::ColorType::Rgb => buf
            .chunks_exact(3)
            .flat_map(|p| [p[0], p[1], p[2], 255])
            .collect(),
        png::ColorType::Grayscale => buf.iter().flat_map(|&g| [g, g, g, 255]).collect(),
        png::ColorType::Indexed => return None,
    };
    Some((info.width, info.height, out))
}

/// A channel difference at or below this is rendering noise.
const CHANNEL_TOLERANCE: u8 = 16;
/// More differing pixels than this make a picture changed.
const PIXEL_TOLERANCE: usize = 8;

/// Whether two PNGs show the same picture (within the tolerances).
pub fn same_pixels(a: &[u8], b: &[u8]) -> bool {
    if a == b {
        return true;
    }
    let (Some((aw, ah, ap)), Some((bw, bh, bp))) = (rgba(a), rgba(b)) else {
        return false;
    };
    if (aw, ah) != (bw, bh) {
        return false;
    }
    let differing = ap
        .chunks_exact(4)
        .zip(bp.chunks_exact(4))
        .filter(|(p, q)| {
            p.iter()
                .zip(q.iter())
                .any(|(x, y)| x.abs_diff(*y) > CHANNEL_TOLERANCE)
        })
        .count();
    differing <= PIXEL_TOLERANCE
}

/// Lossless PNG optimisation (oxipng); the input is kept if that fails.
pub fn optimise(png: &[u8]) -> Vec<u8> {
    let mut options = oxipng::Options::from_preset(2);
    options.strip = oxipng::StripChunks::Safe;
    oxipng::optimize_from_memory(png, &options).unwrap_or_else(|_| png.to_vec())
}

/// RGBA pixels → PNG (RGB when fully opaque).
pub fn encode(width: u32, height: u32, rgba: &[u8]) -> Option<Vec<u8>> {
    let opaque = rgba.chunks_exact(4).all(|p| p[3] == 255);
    let (color, data): (png::ColorType, Vec<u8>) = if opaque {
        (
            png::ColorType::Rgb,
            rgba.chunks_exact(4)
                .flat_map(|p| [p[0], p[1], p[2]])
                .collect(),
        )
    } else {
        (png::ColorType::Rgba, rgba.to_vec())
    };
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, width, height);
        enc.set_color(color);
        enc.set_depth(png::BitDepth::Eight);
        let mut writer = enc.write_header().ok()?;
        writer.write_image_data(&data).ok()?;
    }
    Some(out)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn gray_png(w: u32, h: u32, pixels: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Grayscale);
        let mut wr = enc.write_header().expect("header");
        wr.write_image_data(pixels).expect("data");
        drop(wr);
        out
    }

    #[test]
    fn pixel_noise_is_the_same_picture_but_a_real_change_is_not() {
        let base = vec![100u8; 64 * 64];
        let mut noise = base.clone();
        noise[10] = 110;
        let mut changed = base.clone();
        for p in changed.iter_mut().take(64 * 4) {
            *p = 0;
        }
        let a = gray_png(64, 64, &base);
        assert!(same_pixels(&a, &gray_png(64, 64, &noise)));
        assert!(!same_pixels(&a, &gray_png(64, 64, &changed)));
        assert!(!same_pixels(&a, &gray_png(32, 128, &base)));
    }

    #[test]
    fn optimised_pngs_keep_their_pixels() {
        let pixels: Vec<u8> = (0..64 * 64).map(|i| (i % 251) as u8).collect();
        let a = gray_png(64, 64, &pixels);
        let b = optimise(&a);
        assert_eq!(rgba(&a).map(|x| x.2), rgba(&b).map(|x| x.2));
    }
}
