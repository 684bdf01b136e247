//! One pass over a text's bytes, sixteen at a time, that sorts them into the few classes the gate, the dots list and the refanging ask about, each class a bitmap of 64 bytes a word.
//!
//! Before this pass each of them read the text on its own: the gate's
//! window test byte by byte (vectorised by the compiler, but over five
//! shifted copies of the text), its digit count, a search for the dots and
//! two searches for brackets and `x` in the refanging, whose set-up cost as
//! much as the search itself on texts of some 150 bytes.

/// Offsets listed in place: most texts have fewer of each.
pub(crate) const LISTED: usize = 16;

/// The offsets of one class of bytes, in order, listed in place, or "too
/// many to list" (more than [`LISTED`], or a text longer than `u32`).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Listed {
    at: [u32; LISTED],
    /// How many, or [`LISTED`] + 1 for too many.
    len: usize,
}

impl Listed {
    const fn new() -> Listed {
        Listed {
            at: [0; LISTED],
            len: 0,
        }
    }

    /// The offsets, or `None` when there are too many to list.
    pub fn get(&self) -> Option<&[u32]> {
        self.at.get(..self.len)
    }

    fn too_many(&mut self) {
        self.len = LISTED + 1;
    }

    /// Lists the offsets `base + i` of the set bits `i` of `bits`.
    fn push_bits(&mut self, base: usize, mut bits: u64) {
        while bits != 0 && self.len <= LISTED {
            if self.len == LISTED {
                self.too_many();
                return;
            }
            self.at[self.len] = (base + bits.trailing_zeros() as usize) as u32;
            self.len += 1;
            bits &= bits - 1;
        }
    }
}

/// The classes of 64 bytes, bit `i` standing for byte `i`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Word {
    digit: u64,
    upper: u64,
    zero: u64,
    one: u64,
    /// `b` or `B`.
    b: u64,
    /// `c` or `C`.
    c: u64,
    /// `x` or `X`.
    x: u64,
    /// `[`, `(` or `{`.
    bracket: u64,
    dot: u64,
}

/// The gate's window flags, as bits of [`Survey::heads`].
pub(crate) const IBAN_HEAD: u8 = 1;
pub(crate) const IFSC_HEAD: u8 = 2;
/// `bc1` or `0x`, in any case.
pub(crate) const WALLET_HEAD: u8 = 4;

/// What one pass over a text tells.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Survey {
    /// Which windows of five bytes occur ([`IBAN_HEAD`]: two upper-case
    /// ASCII letters then two digits; [`IFSC_HEAD`]: four letters then `0`;
    /// [`WALLET_HEAD`]).
    pub heads: u8,
    /// ASCII digits.
    pub digits: usize,
    pub dots: Listed,
    /// The brackets and `x`s: every defanged spelling starts at one of them
    /// or one byte before.
    pub marks: Listed,
}

impl Survey {
    pub fn of(b: &[u8]) -> Survey {
        let mut s = Survey {
            heads: 0,
            digits: 0,
            dots: Listed::new(),
            marks: Listed::new(),
        };
        if u32::try_from(b.len()).is_err() {
            s.dots.too_many();
            s.marks.too_many();
        }
        // The windows of a word run into the next: each word's are read
        // when the next is known (zero bytes after the end).
        let mut prev = Word::default();
        let mut base = 0;
        let mut blocks = b.chunks_exact(64);
        for block in &mut blocks {
            let w = word(block.try_into().unwrap_or(&[0; 64]));
            s.take(base, &prev, &w);
            prev = w;
            base += 64;
        }
        let rest = blocks.remainder();
        if !rest.is_empty() {
            // Zero bytes belong to no class.
            let mut pad = [0u8; 64];
            pad[..rest.len()].copy_from_slice(rest);
            let w = word(&pad);
            s.take(base, &prev, &w);
            prev = w;
        }
        s.heads |= heads(&prev, &Word::default());
        s
    }

    /// Takes the word `w` at `base`, `prev` being the word before it (all
    /// zero for the first, whose windows then match nothing).
    #[inline(always)]
    fn take(&mut self, base: usize, prev: &Word, w: &Word) {
        self.digits += w.digit.count_ones() as usize;
        self.dots.push_bits(base, w.dot);
        self.marks.push_bits(base, w.bracket | w.x);
        self.heads |= heads(prev, w);
    }
}

/// The window flags of the windows starting in `w`, `next` being the word
/// after it (the windows run into it).
#[inline(always)]
fn heads(w: &Word, next: &Word) -> u8 {
    // Bit i: the class's bit of byte i + k.
    let at = |f: fn(&Word) -> u64, k: u32| (f(w) >> k) | (f(next) << (64 - k));
    let up = |k| at(|w| w.upper, k);
    let digit = |k| at(|w| w.digit, k);
    let iban = w.upper & up(1) & digit(2) & digit(3);
    let ifsc = w.upper & up(1) & up(2) & up(3) & at(|w| w.zero, 4);
    let bc1 = w.b & at(|w| w.c, 1) & at(|w| w.one, 2);
    let hex = w.zero & at(|w| w.x, 1);
    let flag = |bits: u64, flag: u8| if bits != 0 { flag } else { 0 };
    flag(iban, IBAN_HEAD) | flag(ifsc, IFSC_HEAD) | flag(bc1 | hex, WALLET_HEAD)
}

/// The classes of 64 bytes, a byte at a time (the scalar reading the
/// vector one must agree with).
#[cfg(any(test, not(all(target_arch = "x86_64", target_feature = "sse2"))))]
fn word_scalar(block: &[u8; 64]) -> Word {
    let mut w = Word::default();
    for (i, &c) in block.iter().enumerate() {
        let bit = 1u64 << i;
        let set = |f: &mut u64, yes: bool| *f |= if yes { bit } else { 0 };
        set(&mut w.digit, c.is_ascii_digit());
        set(&mut w.upper, c.is_ascii_uppercase());
        set(&mut w.zero, c == b'0');
        set(&mut w.one, c == b'1');
        set(&mut w.b, c | 0x20 == b'b');
        set(&mut w.c, c | 0x20 == b'c');
        set(&mut w.x, c | 0x20 == b'x');
        set(&mut w.bracket, matches!(c, b'[' | b'(' | b'{'));
        set(&mut w.dot, c == b'.');
    }
    w
}

#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
fn word(block: &[u8; 64]) -> Word {
    word_scalar(block)
}

/// [`word_scalar`] sixteen bytes at a time: a compare per class, its
/// results gathered into bits by `movemask` (SSE2, which every x86-64 has).
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[inline(always)]
fn word(block: &[u8; 64]) -> Word {
    use safe_arch::{
        cmp_eq_mask_i8_m128i as eq, load_unaligned_m128i, m128i, max_u8_m128i, move_mask_i8_m128i,
        set_splat_i8_m128i as splat, sub_i8_m128i,
    };
    let bits = |m: m128i, k: usize| u64::from(move_mask_i8_m128i(m) as u16) << (16 * k);
    // Bytes in `lo..=hi`: `v - lo` no more than `hi - lo`, unsigned.
    let within = |v: m128i, lo: u8, hi: u8| {
        let span = splat((hi - lo) as i8);
        eq(max_u8_m128i(sub_i8_m128i(v, splat(lo as i8)), span), span)
    };
    let is = |v: m128i, c: u8| eq(v, splat(c as i8));
    let mut w = Word::default();
    for (k, part) in block.chunks_exact(16).enumerate() {
        let v = load_unaligned_m128i(part.try_into().unwrap_or(&[0; 16]));
        let folded = v | splat(0x20);
        w.digit |= bits(within(v, b'0', b'9'), k);
        w.upper |= bits(within(v, b'A', b'Z'), k);
        w.zero |= bits(is(v, b'0'), k);
        w.one |= bits(is(v, b'1'), k);
        w.b |= bits(is(folded, b'b'), k);
        w.c |= bits(is(folded, b'c'), k);
        w.x |= bits(is(folded, b'x'), k);
        w.bracket |= bits(is(v, b'[') | is(v, b'(') | is(v, b'{'), k);
        w.dot |= bits(is(v, b'.'), k);
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_texts::Rng;

    /// The vector reading gives the scalar one's classes, on blocks of
    /// random bytes and of the bytes near each class's bounds.
    #[test]
    fn words_read_like_byte_by_byte() {
        let mut rng = Rng::new(0x2545_f491_4f6c_dd1d);
        let near = b"/09:@AZ[`azbBcCxX{(.-01\x80\xc0\xff\x00 ";
        for round in 0..4000 {
            let block: [u8; 64] = std::array::from_fn(|_| match round % 2 {
                0 => rng.below(256) as u8,
                _ => near[rng.below(near.len())],
            });
            assert_eq!(word(&block), word_scalar(&block), "{block:?}");
        }
        for c in 0..=255u8 {
            let block = [c; 64];
            assert_eq!(word(&block), word_scalar(&block), "byte {c}");
        }
    }

    /// Dots and marks are listed as the bytes are, or "too many".
    #[test]
    fn lists_every_dot_and_mark() {
        let mut rng = Rng::new(0x9e37_79b9_7f4a_7c15);
        for len in [0, 1, 15, 16, 17, 63, 64, 65, 130, 300] {
            for _ in 0..300 {
                let b: Vec<u8> = (0..len)
                    .map(|_| [b'.', b'a', b' ', b'x', b'(', b'X', b'1'][rng.below(7)])
                    .collect();
                let s = Survey::of(&b);
                let listed = |f: fn(u8) -> bool| {
                    let all: Vec<u32> = (0..b.len() as u32).filter(|&i| f(b[i as usize])).collect();
                    (all.len() <= LISTED).then_some(all)
                };
                assert_eq!(s.dots.get().map(<[u32]>::to_vec), listed(|c| c == b'.'));
                let mark = |c: u8| matches!(c, b'[' | b'(' | b'{' | b'x' | b'X');
                assert_eq!(s.marks.get().map(<[u32]>::to_vec), listed(mark));
                let digits = b.iter().filter(|c| c.is_ascii_digit()).count();
                assert_eq!(s.digits, digits);
            }
        }
    }
}
