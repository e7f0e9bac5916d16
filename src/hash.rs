//! A fast hash for the maps rules build from a document's own names, anchors and
//! fingerprints, and for the run's caches keyed by path.
//!
//! The standard library's SipHash resists collision flooding by a remote attacker. The
//! keys here are headings, bullets and paths of the files being linted, so that
//! resistance buys nothing, and it costs several times more per key than a
//! multiply-and-rotate hash: the maps are rebuilt for every document and every track.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// A [`HashMap`] keyed by [`WordHasher`].
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<WordHasher>>;
/// A [`HashSet`] keyed by [`WordHasher`].
pub type FastSet<T> = HashSet<T, BuildHasherDefault<WordHasher>>;

/// Odd, with bits spread over the whole word (the golden ratio's fraction).
const MULTIPLIER: u64 = 0x9e37_79b9_7f4a_7c15;

/// Mixes the input a word at a time: rotate, xor, multiply.
#[derive(Debug, Default, Clone, Copy)]
pub struct WordHasher {
    state: u64,
}

impl WordHasher {
    #[inline]
    fn mix(&mut self, word: u64) {
        self.state = (self.state.rotate_left(5) ^ word).wrapping_mul(MULTIPLIER);
    }
}

impl Hasher for WordHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            let word: [u8; 8] = word.try_into().expect("chunks of eight");
            self.mix(u64::from_le_bytes(word));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            // The length keeps "a" and "a\0" apart.
            self.mix(u64::from_le_bytes(last) ^ ((rest.len() as u64) << 59));
        }
    }

    #[inline]
    fn write_u8(&mut self, value: u8) {
        self.mix(u64::from(value));
    }

    #[inline]
    fn write_u32(&mut self, value: u32) {
        self.mix(u64::from(value));
    }

    #[inline]
    fn write_u64(&mut self, value: u64) {
        self.mix(value);
    }

    #[inline]
    fn write_usize(&mut self, value: usize) {
        self.mix(value as u64);
    }

    /// A multiply carries each bit only upwards, so the top bits depend on the whole
    /// input and the bottom ones, by which the table indexes, on its low bits alone. The
    /// top half is folded down, spread by one more multiply, and folded again.
    #[inline]
    fn finish(&self) -> u64 {
        let folded = (self.state ^ (self.state >> 32)).wrapping_mul(MULTIPLIER);
        folded ^ (folded >> 32)
    }
}

#[cfg(test)]
mod tests {
    use std::hash::BuildHasher;

    use super::*;

    fn hash(value: impl std::hash::Hash) -> u64 {
        BuildHasherDefault::<WordHasher>::default().hash_one(value)
    }

    #[test]
    fn equal_keys_hash_equal_and_near_keys_apart() {
        assert_eq!(hash("core skills"), hash(String::from("core skills")));
        let keys = [
            "a",
            "a\0",
            "ab",
            "ba",
            "",
            "responsibility",
            "responsibilities",
        ];
        let hashes: FastSet<u64> = keys.iter().map(hash).collect();
        assert_eq!(hashes.len(), keys.len());
    }

    #[test]
    fn low_bits_spread_over_sequential_keys() {
        // A table of 1,024 buckets indexes by the low ten bits.
        let buckets: FastSet<u64> = (0u64..1024).map(|n| hash(n) & 1023).collect();
        assert!(buckets.len() > 620, "only {} buckets used", buckets.len());
        let words: FastSet<u64> = (0..1024)
            .map(|n| hash(format!("level {n} scope")) & 1023)
            .collect();
        assert!(words.len() > 620, "only {} buckets used", words.len());
    }
}
