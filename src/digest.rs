//! 64-bit FNV-1a, the project's one small hash: stable across platforms
//! and releases, for telling contents apart (a translation's
//! `source_digest`, segment digests, the editor's file digests, PDF ids).
//! Not a defence against anyone; the build cache and the offline worker's
//! version key on SHA-256 ([`key`]).

use sha2::{Digest as _, Sha256};

/// A build cache entry's key: the SHA-256 of what produced the entry.
pub type Key = [u8; 32];

/// The key of the inputs `parts` (each length-prefixed, so that moving
/// bytes from one part to the next gives another key).
pub fn key(parts: &[&[u8]]) -> Key {
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_le_bytes());
        h.update(p);
    }
    h.finalize().into()
}

/// FNV-1a fed in pieces.
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    pub fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    pub fn finish(&self) -> u64 {
        self.0
    }
}

/// Text written into the hash (`write!`), hashed as it is written.
impl std::fmt::Write for Fnv {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.write(s.as_bytes());
        Ok(())
    }
}

/// The `digits` low hex digits of `v`, lower case (`format!("{v:0digits$x}")`
/// for values that fit, without the formatting machinery).
pub fn hex(v: u64, digits: u32) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    (0..digits)
        .rev()
        .map(|i| char::from(HEX[((v >> (4 * i)) & 0xf) as usize]))
        .collect()
}

/// FNV-1a of `bytes`.
pub fn fnv(bytes: &[u8]) -> u64 {
    let mut h = Fnv::default();
    h.write(bytes);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_digits_as_format_writes_them() {
        for v in [0u64, 1, 0xabc, 0xffff, 0x1234_5678, 0xffff_ffff] {
            assert_eq!(hex(v, 8), format!("{v:08x}"));
            assert_eq!(hex(v & 0xffff, 4), format!("{:04x}", v & 0xffff));
        }
        assert_eq!(hex(u64::MAX - 1, 16), format!("{:016x}", u64::MAX - 1));
    }

    #[test]
    fn known_values_and_pieces_agree() {
        // The published FNV-1a 64 test vectors.
        assert_eq!(fnv(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv(b"foobar"), 0x8594_4171_f739_67e8);
        let mut h = Fnv::default();
        h.write(b"foo");
        h.write(b"bar");
        assert_eq!(h.finish(), fnv(b"foobar"));
    }
}
