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

/// What a byte can be: inside a word, an ASCII space, or the lead byte of
/// a character that may be a space (U+0085, U+00A0, U+1680,
/// U+2000–U+205F, U+3000).
const WORD: u8 = 0;
const SPACE: u8 = 1;
const MAYBE: u8 = 2;

static CLASS: [u8; 256] = {
    let mut t = [WORD; 256];
    t[b' ' as usize] = SPACE;
    t[b'\t' as usize] = SPACE;
    t[b'\n' as usize] = SPACE;
    t[0x0b] = SPACE;
    t[0x0c] = SPACE;
    t[b'\r' as usize] = SPACE;
    t[0xc2] = MAYBE;
    t[0xe1] = MAYBE;
    t[0xe2] = MAYBE;
    t[0xe3] = MAYBE;
    t
};

/// The length of the white space character starting at byte `i` of
/// `text` (a character boundary), 0 when it is not white space.
#[inline]
fn space_at(text: &str, i: usize) -> usize {
    match CLASS[usize::from(text.as_bytes()[i])] {
        WORD => 0,
        SPACE => 1,
        _ => match text[i..].chars().next() {
            Some(c) if c.is_whitespace() => c.len_utf8(),
            _ => 0,
        },
    }
}

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;

    #[inline]
    fn next(&mut self) -> Option<&'a str> {
        let text = self.text;
        let bytes = text.as_bytes();
        let len = bytes.len();
        let mut i = self.at;
        // Skip white space. A byte of class WORD is inside a word
        // (continuation bytes included), so every index where a space is
        // tested is a character boundary.
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
            match CLASS[usize::from(bytes[i])] {
                WORD => i += 1,
                SPACE => break,
                _ if space_at(text, i) > 0 => break,
                _ => i += 1,
            }
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
