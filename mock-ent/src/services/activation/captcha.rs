//! Captcha pictures: a text drawn from the persona's login and attempt number
//! (so identical runs give identical pictures), rendered with a built-in
//! 5×7 pixel font, jittered and crossed with noise, as a PNG.

use crate::core::secret::Seeded;

/// Letters that cannot be confused with one another (no I/1, O/0, Q).
const ALPHABET: &str = "ABCDEFGHJKLMNPRSTUVWXYZ2345678";
pub const LENGTH: usize = 5;
pub const WIDTH: u32 = 220;
pub const HEIGHT: u32 = 70;

/// The text of `login`'s captcha number `attempt`.
pub fn text(login: &str, attempt: u32) -> String {
    let mut rng = Seeded::new(&format!("captcha:{login}:{attempt}"));
    let chars: Vec<char> = ALPHABET.chars().collect();
    (0..LENGTH).map(|_| *rng.pick(&chars)).collect()
}

/// Whether `answer` matches `expected` (case and surrounding spaces ignored).
pub fn matches(expected: &str, answer: &str) -> bool {
    crate::core::secret::same(
        &expected.to_ascii_uppercase(),
        &answer.trim().to_ascii_uppercase(),
    )
}

fn glyph(c: char) -> [&'static str; 7] {
    match c {
        'A' => [
            ".###.", "#...#", "#...#", "#####", "#...#", "#...#", "#...#",
        ],
        'B' => [
            "####.", "#...#", "#...#", "####.", "#...#", "#...#", "####.",
        ],
        'C' => [
            ".###.", "#...#", "#....", "#....", "#....", "#...#", ".###.",
        ],
        'D' => [
            "####.", "#...#", "#...#", "#...#", "#...#", "#...#", "####.",
        ],
        'E' => [
            "#####", "#....", "#....", "####.", "#....", "#....", "#####",
        ],
        'F' => [
            "#####", "#....", "#....", "####.", "#....", "#....", "#....",
        ],
        'G' => [
            ".###.", "#...#", "#....", "#.###", "#...#", "#...#", ".####",
        ],
        'H' => [
            "#...#", "#...#", "#...#", "#####", "#...#", "#...#", "#...#",
        ],
        'J' => [
            "..###", "...#.", "...#.", "...#.", "...#.", "#..#.", ".##..",
        ],
        'K' => [
            "#...#", "#..#.", "#.#..", "##...", "#.#..", "#..#.", "#...#",
        ],
        'L' => [
            "#....", "#....", "#....", "#....", "#....", "#....", "#####",
        ],
        'M' => [
            "#...#", "##.##", "#.#.#", "#.#.#", "#...#", "#...#", "#...#",
        ],
        'N' => [
            "#...#", "#...#", "##..#", "#.#.#", "#..##", "#...#", "#...#",
        ],
        'P' => [
            "####.", "#...#", "#...#", "####.", "#....", "#....", "#....",
        ],
        'R' => [
            "####.", "#...#", "#...#", "####.", "#.#..", "#..#.", "#...#",
        ],
        'S' => [
            ".####", "#....", "#....", ".###.", "....#", "....#", "####.",
        ],
        'T' => [
            "#####", "..#..", "..#..", "..#..", "..#..", "..#..", "..#..",
        ],
        'U' => [
            "#...#", "#...#", "#...#", "#...#", "#...#", "#...#", ".###.",
        ],
        'V' => [
            "#...#", "#...#", "#...#", "#...#", "#...#", ".#.#.", "..#..",
        ],
        'W' => [
            "#...#", "#...#", "#...#", "#.#.#", "#.#.#", "#.#.#", ".#.#.",
        ],
        'X' => [
            "#...#", "#...#", ".#.#.", "..#..", ".#.#.", "#...#", "#...#",
        ],
        'Y' => [
            "#...#", "#...#", ".#.#.", "..#..", "..#..", "..#..", "..#..",
        ],
        'Z' => [
            "#####", "....#", "...#.", "..#..", ".#...", "#....", "#####",
        ],
        '2' => [
            ".###.", "#...#", "....#", "...#.", "..#..", ".#...", "#####",
        ],
        '3' => [
            "####.", "....#", "....#", ".###.", "....#", "....#", "####.",
        ],
        '4' => [
            "...#.", "..##.", ".#.#.", "#..#.", "#####", "...#.", "...#.",
        ],
        '5' => [
            "#####", "#....", "####.", "....#", "....#", "#...#", ".###.",
        ],
        '6' => [
            ".###.", "#....", "#....", "####.", "#...#", "#...#", ".###.",
        ],
        '7' => [
            "#####", "....#", "...#.", "..#..", ".#...", ".#...", ".#...",
        ],
        '8' => [
            ".###.", "#...#", "#...#", ".###.", "#...#", "#...#", ".###.",
        ],
        _ => [
            "#####", "#...#", "#...#", "#...#", "#...#", "#...#", "#####",
        ],
    }
}

/// The picture of `text`, seeded by `seed` for its noise, as PNG bytes.
pub fn picture(text: &str, seed: &str) -> Vec<u8> {
    let (w, h) = (WIDTH as i32, HEIGHT as i32);
    let mut rng = Seeded::new(&format!("noise:{seed}:{text}"));
    let mut px = vec![0u8; (w * h * 3) as usize];
    let put = |px: &mut Vec<u8>, x: i32, y: i32, rgb: [u8; 3]| {
        if (0..w).contains(&x) && (0..h).contains(&y) {
            let i = ((y * w + x) * 3) as usize;
            px[i..i + 3].copy_from_slice(&rgb);
        }
    };
    // Background: a soft gradient with speckles.
    for y in 0..h {
        for x in 0..w {
            let base = 226 + ((x + 2 * y) % 24) as u8;
            put(
                &mut px,
                x,
                y,
                [base, base.saturating_sub(6), 200 + (y % 40) as u8],
            );
        }
    }
    for _ in 0..500 {
        let (x, y) = (rng.below(w as u64) as i32, rng.below(h as u64) as i32);
        let g = 120 + rng.below(90) as u8;
        put(&mut px, x, y, [g, g, g]);
    }
    // Letters: 5×7 cells scaled, each with its own offset, slant and colour.
    let scale = 6;
    let mut x0 = 14;
    for c in text.chars() {
        let dy = rng.below(14) as i32 - 7;
        let slant = rng.below(3) as i32 - 1;
        let colour = [
            20 + rng.below(80) as u8,
            30 + rng.below(60) as u8,
            60 + rng.below(100) as u8,
        ];
        for (row, line) in glyph(c).iter().enumerate() {
            for (col, cell) in line.chars().enumerate() {
                if cell != '#' {
                    continue;
                }
                let shift = slant * (3 - row as i32);
                for yy in 0..scale {
                    for xx in 0..scale - 1 {
                        let x = x0 + col as i32 * (scale - 1) + xx + shift;
                        let y = 12 + dy + row as i32 * scale + yy;
                        put(&mut px, x, y, colour);
                    }
                }
            }
        }
        x0 += 38 + rng.below(5) as i32;
    }
    // Two wavy strike lines across the text.
    for _ in 0..2 {
        let (y0, amp, period) = (
            15 + rng.below(40) as i32,
            2 + rng.below(6) as i32,
            18 + rng.below(20) as i32,
        );
        for x in 0..w {
            let phase = (x % period) * 4 / period;
            let y = y0
                + match phase {
                    0 => 0,
                    1 => amp,
                    2 => 0,
                    _ => -amp,
                };
            put(&mut px, x, y, [90, 90, 110]);
            put(&mut px, x, y + 1, [90, 90, 110]);
        }
    }
    super::png::encode_rgb(WIDTH, HEIGHT, &px).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_deterministic_per_login_and_attempt() {
        assert_eq!(text("ab12345c", 1), text("ab12345c", 1));
        assert_ne!(text("ab12345c", 1), text("ab12345c", 2));
        assert_eq!(text("x", 1).len(), LENGTH);
        assert!(matches("AB2CD", " ab2cd "));
        assert!(!matches("AB2CD", "AB2CE"));
    }

    #[test]
    fn picture_is_a_png_that_depends_on_the_text() {
        let a = picture("AB2CD", "x");
        assert_eq!(&a[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(a, picture("AB2CD", "x"));
        assert_ne!(a, picture("AB2CE", "x"));
    }
}
