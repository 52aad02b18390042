//! The words of a text: its runs of characters between white space, as
//! `str::split_whitespace` gives them (Unicode's `White_Space`), found by
//! looking at bytes: only the few lead bytes that can start a non-ASCII
//! space are decoded, so prose and unspaced Chinese go by quickly. Segment
//! digests and step texts collapse white space through it without
//! building the collapsed string first.

/// The words of `text`, in order (those of `text.split_whitespace()`).
pub fn words(text: &str) -> Words<'_> {
    Words { text, at: 0 }
}

/// `text` with white space runs collapsed to one space and trimmed.
pub fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for w in words(text) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Iterator over the words of a text (see [`words`]).
pub struct Words<'a> {
    text: &'a str,
    at: usize,
}

/// The length of the white space character starting at byte `i` of
/// `text` (a character boundary), 0 when it is not white space.
#[inline]
fn space_at(text: &str, i: usize) -> usize {
    let b = text.as_bytes()[i];
    match b {
        b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r' => 1,
        // Lead bytes of U+0085, U+00A0, U+1680, U+2000–U+205F, U+3000.
        0xc2 | 0xe1 | 0xe2 | 0xe3 => match text[i..].chars().next() {
            Some(c) if c.is_whitespace() => c.len_utf8(),
            _ => 0,
        },
        _ => 0,
    }
}

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let text = self.text;
        let len = text.len();
        let mut i = self.at;
        // Skip white space. A byte that is neither ASCII nor one of the
        // lead bytes above is inside a word (continuation bytes included),
        // so every index where a space is tested is a character boundary.
        loop {
            if i >= len {
                self.at = len;
                return None;
            }
            match space_at(text, i) {
                0 => break,
                n => i += n,
            }
        }
        let start = i;
        while i < len {
            let b = text.as_bytes()[i];
            if b < 0x80 || matches!(b, 0xc2 | 0xe1 | 0xe2 | 0xe3) {
                if space_at(text, i) > 0 {
                    break;
                }
            }
            i += 1;
        }
        self.at = i;
        Some(&text[start..i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_as_the_standard_library_does() {
        let spaces: Vec<char> = (0..=0x10ffffu32)
            .filter_map(char::from_u32)
            .filter(|c| c.is_whitespace())
            .collect();
        let pieces = [
            "a", "é", "中文", "¢", "\u{1681}", "\u{2010}", "\u{3001}", "x\u{a0}y", "",
        ];
        let mut texts = vec![String::new(), " ".into(), "plain words".into()];
        for (i, s) in spaces.iter().enumerate() {
            for (j, p) in pieces.iter().enumerate() {
                let q = pieces[(i + j) % pieces.len()];
                let t = spaces[(i + j * 7) % spaces.len()];
                texts.push(format!("{p}{s}{q}{t}{t}{p}{s}"));
                texts.push(format!("{s}{p}{q}"));
            }
        }
        for t in &texts {
            let ours: Vec<&str> = words(t).collect();
            let std: Vec<&str> = t.split_whitespace().collect();
            assert_eq!(ours, std, "{t:?}");
            assert_eq!(collapse(t), std.join(" "));
        }
    }
}
