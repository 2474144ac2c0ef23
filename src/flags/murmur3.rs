//! MurmurHash3 x86_32, the hash flagd buckets targeting keys with (seed 0 over UTF-8 bytes).
//!
//! Written here rather than taken from a crate: the `murmur3` crate (0.5, last released in 2022)
//! reads through `std::io::Read` and returns `io::Result`, which costs more than the hash itself
//! on short keys, and this is twenty lines with the reference vectors pinned below.

const C1: u32 = 0xcc9e_2d51;
const C2: u32 = 0x1b87_3593;

/// MurmurHash3's 32-bit x86 variant of `bytes` with `seed`.
pub fn murmur3_32(bytes: &[u8], seed: u32) -> u32 {
    let mut h = seed;
    let mut blocks = bytes.chunks_exact(4);
    for block in &mut blocks {
        let k = u32::from_le_bytes([block[0], block[1], block[2], block[3]]);
        h ^= mix_k(k);
        h = h.rotate_left(13).wrapping_mul(5).wrapping_add(0xe654_6b64);
    }
    let tail = blocks.remainder();
    if !tail.is_empty() {
        let k = tail
            .iter()
            .rev()
            .fold(0u32, |k, byte| (k << 8) | u32::from(*byte));
        h ^= mix_k(k);
    }
    // The length is mixed in modulo 2^32, as the reference implementation's `int len` does.
    h ^= bytes.len() as u32;
    fmix32(h)
}

fn mix_k(k: u32) -> u32 {
    k.wrapping_mul(C1).rotate_left(15).wrapping_mul(C2)
}

fn fmix32(mut h: u32) -> u32 {
    h ^= h >> 16;
    h = h.wrapping_mul(0x85eb_ca6b);
    h ^= h >> 13;
    h = h.wrapping_mul(0xc2b2_ae35);
    h ^= h >> 16;
    h
}

#[cfg(test)]
mod tests {
    use super::murmur3_32;

    /// Vectors published with SMHasher and repeated by most ports (Go's twmb/murmur3, which
    /// flagd uses, tests the same ones).
    #[test]
    fn matches_the_reference_vectors() {
        let cases: &[(&[u8], u32, u32)] = &[
            (b"", 0, 0),
            (b"", 1, 0x514e_28b7),
            (b"", 0xffff_ffff, 0x81f1_6f39),
            (&[0xff, 0xff, 0xff, 0xff], 0, 0x7629_3b50),
            (&[0x21, 0x43, 0x65, 0x87], 0, 0xf55b_516b),
            (&[0x21, 0x43, 0x65, 0x87], 0x5082_edee, 0x2362_f9de),
            (&[0x21, 0x43, 0x65], 0, 0x7e4a_8634),
            (&[0x21, 0x43], 0, 0xa0f7_b07a),
            (&[0x21], 0, 0x7266_1cf4),
            (&[0x00, 0x00, 0x00, 0x00], 0, 0x2362_f9de),
            (&[0x00, 0x00, 0x00], 0, 0x85f0_b427),
            (&[0x00, 0x00], 0, 0x30f4_c306),
            (&[0x00], 0, 0x514e_28b7),
            (b"Hello, world!", 0x9747_b28c, 0x2488_4cba),
            (
                b"The quick brown fox jumps over the lazy dog",
                0x9747_b28c,
                0x2fa8_26cd,
            ),
            (b"abc", 0, 0xb3dd_93fa),
            (b"abcd", 0, 0x43ed_676a),
            (b"hello", 0, 0x248b_fa47),
        ];
        for (input, seed, want) in cases {
            assert_eq!(
                murmur3_32(input, *seed),
                *want,
                "murmur3_32({input:?}, {seed:#x})"
            );
        }
    }

    #[test]
    fn hashes_utf8_bytes_of_non_ascii_keys() {
        // flagd (Go) hashes a string's UTF-8 bytes: "ü" is the two bytes c3 bc.
        assert_eq!(murmur3_32("ü".as_bytes(), 0), murmur3_32(&[0xc3, 0xbc], 0));
        assert_ne!(murmur3_32("ü".as_bytes(), 0), murmur3_32(&[0xfc], 0));
    }
}
