//! Secrets and randomness: unguessable tokens from the OS, keyed MACs, the
//! salted password hash, and a small seeded generator for deterministic data.

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

type HmacSha256 = Hmac<Sha256>;

const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// `n` random bytes from the operating system.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut buf = [0u8; N];
    if getrandom::fill(&mut buf).is_err() {
        // No OS randomness: fall back on the hasher's per-process random keys.
        use std::hash::{BuildHasher, Hasher};
        for (i, chunk) in buf.chunks_mut(8).enumerate() {
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write_usize(i);
            let v = h.finish().to_le_bytes();
            chunk.copy_from_slice(&v[..chunk.len()]);
        }
    }
    buf
}

/// An unguessable token of `len` characters in `[A-Za-z0-9]`.
pub fn random_token(len: usize) -> String {
    let mut out = String::with_capacity(len);
    while out.len() < len {
        for b in random_bytes::<32>() {
            // 62 * 4 = 248: reject the top values to keep the draw uniform.
            if (b as usize) < ALPHABET.len() * 4 && out.len() < len {
                out.push(ALPHABET[b as usize % ALPHABET.len()] as char);
            }
        }
    }
    out
}

/// Lower-case hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// HMAC-SHA-256 of `message` under `key`, as hex.
pub fn mac_hex(key: &[u8], message: &[u8]) -> String {
    let Ok(mut mac) = HmacSha256::new_from_slice(key) else {
        return String::new();
    };
    mac.update(message);
    hex(&mac.finalize().into_bytes())
}

/// Constant-time comparison of two strings.
pub fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A stored password: salt and iterated HMAC-SHA-256 (PBKDF2 with one block).
#[derive(Clone, Debug)]
pub struct PasswordHash {
    salt: [u8; 16],
    hash: [u8; 32],
}

const ROUNDS: u32 = 2_000;

impl PasswordHash {
    pub fn new(password: &str) -> Self {
        let salt = random_bytes::<16>();
        PasswordHash {
            salt,
            hash: derive(password, &salt),
        }
    }

    pub fn verify(&self, password: &str) -> bool {
        let got = derive(password, &self.salt);
        got.iter()
            .zip(&self.hash)
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
    }
}

fn derive(password: &str, salt: &[u8]) -> [u8; 32] {
    let Ok(prf) = HmacSha256::new_from_slice(password.as_bytes()) else {
        return [0; 32];
    };
    let mut mac = prf.clone();
    mac.update(salt);
    mac.update(&1u32.to_be_bytes());
    let mut u: [u8; 32] = mac.finalize().into_bytes().into();
    let mut out = u;
    for _ in 1..ROUNDS {
        let mut mac = prf.clone();
        mac.update(&u);
        u = mac.finalize().into_bytes().into();
        for (o, x) in out.iter_mut().zip(u) {
            *o ^= x;
        }
    }
    out
}

/// A deterministic generator (SplitMix64) seeded from a string, for data that
/// must be identical from run to run (names, birth dates, captcha text).
pub struct Seeded(u64);

impl Seeded {
    pub fn new(seed: &str) -> Self {
        let digest = Sha256::digest(seed.as_bytes());
        let mut first = [0u8; 8];
        first.copy_from_slice(&digest[..8]);
        Seeded(u64::from_le_bytes(first))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_hash_accepts_only_the_password() {
        let h = PasswordHash::new("Ujm-2026x");
        assert!(h.verify("Ujm-2026x"));
        assert!(!h.verify("Ujm-2026y"));
        assert!(!h.verify(""));
    }

    #[test]
    fn seeded_is_deterministic_and_tokens_are_not() {
        let a: Vec<u64> = (0..4)
            .map({
                let mut s = Seeded::new("x");
                move |_| s.next_u64()
            })
            .collect();
        let b: Vec<u64> = (0..4)
            .map({
                let mut s = Seeded::new("x");
                move |_| s.next_u64()
            })
            .collect();
        assert_eq!(a, b);
        assert_ne!(random_token(32), random_token(32));
        assert_eq!(random_token(40).len(), 40);
    }
}
