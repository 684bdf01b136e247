//! The working state of one extraction: the refanged text, the spans already read, and small text helpers.

use crate::bits::{Listed, Survey};
use crate::gate::Gate;
use crate::Kind;
use phonenumber::country::Id;
use std::borrow::Cow;

/// One indicator read, in refanged-text offsets.
#[derive(Clone, Debug)]
pub(crate) struct Hit {
    pub kind: Kind,
    pub value: String,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug)]
pub(crate) struct Scan<'a> {
    /// The refanged text.
    pub text: &'a str,
    /// `text` with ASCII letters lower-cased (same byte offsets).
    pub lower: Cow<'a, str>,
    pub region: Option<Id>,
    /// Which readers can match at all.
    pub gate: Gate,
    pub hits: Vec<Hit>,
    /// One bit per byte of `text`: read already (a bitset, so that checking a
    /// span costs its length, never the number of spans read).
    claimed: Claimed,
    /// Where the dots of `text` are.
    pub dots: Dots,
}

/// Where the dots of a text are, listed by its [`Survey`] and read by the
/// gate and the URL, IP and domain readers (which ran a search each); a
/// text with more than [`crate::bits::LISTED`] dots is searched again by each of them.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Dots(Listed);

impl From<Listed> for Dots {
    fn from(listed: Listed) -> Dots {
        Dots(listed)
    }
}

impl Dots {
    #[cfg(test)]
    pub fn of(b: &[u8]) -> Dots {
        Dots(Survey::of(b).dots)
    }

    /// The dots of `b`, the text they were listed for, in order.
    pub fn iter<'b>(&'b self, b: &'b [u8]) -> DotIter<'b> {
        match self.0.get() {
            Some(listed) => DotIter::Listed(listed.iter()),
            None => DotIter::Searched(memchr::memchr_iter(b'.', b)),
        }
    }
}

/// The offsets of a text's dots, listed or searched.
pub(crate) enum DotIter<'b> {
    Listed(std::slice::Iter<'b, u32>),
    Searched(memchr::Memchr<'b>),
}

impl Iterator for DotIter<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        match self {
            DotIter::Listed(it) => it.next().map(|&i| i as usize),
            DotIter::Searched(it) => it.next(),
        }
    }
}

/// Words of the claimed bitset kept in the scan itself: texts shorter than
/// 512 bytes (most) need no allocation for it.
const INLINE_WORDS: usize = 8;

/// The bitset of [`Scan::claimed`]: in place for short texts, on the heap
/// for longer ones.
#[derive(Debug)]
enum Claimed {
    Inline([u64; INLINE_WORDS]),
    Heap(Vec<u64>),
}

impl Claimed {
    fn new(len: usize) -> Claimed {
        let words = len / 64 + 1;
        if words <= INLINE_WORDS {
            Claimed::Inline([0; INLINE_WORDS])
        } else {
            Claimed::Heap(vec![0; words])
        }
    }

    fn words(&self) -> &[u64] {
        match self {
            Claimed::Inline(w) => w,
            Claimed::Heap(w) => w,
        }
    }

    fn words_mut(&mut self) -> &mut [u64] {
        match self {
            Claimed::Inline(w) => w,
            Claimed::Heap(w) => w,
        }
    }
}

impl<'a> Scan<'a> {
    #[cfg(test)]
    pub fn new(text: &'a str, region: Option<Id>) -> Self {
        let lower = Cow::Owned(text.to_ascii_lowercase());
        Scan::with_lower(text, lower, region, &Survey::of(text.as_bytes()))
    }

    /// A scan of `text`, given lower-cased already as `lower` (ASCII letters
    /// only, as [`str::to_ascii_lowercase`] does it) and surveyed as `survey`.
    pub fn with_lower(
        text: &'a str,
        lower: Cow<'a, str>,
        region: Option<Id>,
        survey: &Survey,
    ) -> Self {
        debug_assert_eq!(lower.len(), text.len());
        let dots = Dots::from(survey.dots);
        Scan {
            text,
            lower,
            region,
            gate: Gate::of(text, survey, dots.iter(text.as_bytes())),
            hits: Vec::new(),
            claimed: Claimed::new(text.len()),
            dots,
        }
    }

    /// Whether `start..end` overlaps a span already read.
    pub fn is_claimed(&self, start: usize, end: usize) -> bool {
        let words = self.claimed.words();
        span_masks(start, end.min(self.text.len())).any(|(w, m)| words[w] & m != 0)
    }

    pub fn claim(&mut self, start: usize, end: usize) {
        let words = self.claimed.words_mut();
        for (w, m) in span_masks(start, end.min(self.text.len())) {
            words[w] |= m;
        }
    }

    pub fn push(&mut self, kind: Kind, value: String, start: usize, end: usize) {
        self.hits.push(Hit {
            kind,
            value,
            start,
            end,
        });
    }

    /// The character before byte `i`, if any.
    pub fn char_before(&self, i: usize) -> Option<char> {
        self.text.get(..i).and_then(|s| s.chars().next_back())
    }

    /// The character at byte `i`, if any.
    pub fn char_at(&self, i: usize) -> Option<char> {
        self.text.get(i..).and_then(|s| s.chars().next())
    }

    /// The lower-cased text from up to `before` bytes before `start` to up to
    /// `after` bytes after `end`, cut on character boundaries.
    pub fn window(&self, start: usize, end: usize, before: usize, after: usize) -> &str {
        let s = floor_boundary(&self.lower, start.saturating_sub(before));
        let e = ceil_boundary(&self.lower, end.saturating_add(after));
        self.lower.get(s..e).unwrap_or("")
    }
}

/// The bits of `start..end` in a bitset of 64-bit words: each word's index
/// and the mask of its bits in the span (a word at a time, not a bit).
fn span_masks(start: usize, end: usize) -> impl Iterator<Item = (usize, u64)> {
    let words = if start < end {
        start / 64..(end - 1) / 64 + 1
    } else {
        0..0
    };
    words.map(move |w| {
        let lo = start.max(w * 64) - w * 64;
        let hi = end.min(w * 64 + 64) - w * 64;
        // Bits lo..hi of the word (hi - lo is 1 to 64).
        (w, (u64::MAX >> (64 - (hi - lo))) << lo)
    })
}

/// The high bit of every byte.
pub(crate) const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `x` set where that byte is in `lo..=hi`
/// (`1 <= lo <= hi < 0x80`), all others clear: each sum stays inside its
/// byte, so no byte carries into the next.
pub(crate) fn ascii_in(x: u64, lo: u8, hi: u8) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let low7 = x & !HIGH;
    let at_least_lo = low7 + ONES * u64::from(0x80 - lo);
    let above_hi = low7 + ONES * u64::from(0x7f - hi);
    at_least_lo & !above_hi & !x & HIGH
}

/// The length of the separator between digit groups at byte `i` of `b`
/// (space or `-`: 1, no-break space: 2), 0 if there is none.
pub(crate) fn separator_len(b: &[u8], i: usize) -> usize {
    match (b.get(i), b.get(i + 1)) {
        (Some(b' ' | b'-'), _) => 1,
        (Some(0xC2), Some(0xA0)) => 2,
        _ => 0,
    }
}

/// The largest char boundary `<= i`.
pub(crate) fn floor_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The smallest char boundary `>= i`.
pub(crate) fn ceil_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Whether `needle` occurs in `hay` starting at a word start (not preceded by a letter or digit).
pub(crate) fn has_word(hay: &str, needle: &str) -> bool {
    hay.match_indices(needle).any(|(i, _)| {
        !hay[..i]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_texts::Rng;

    /// The dots listed, or searched when there are too many, are the dots.
    #[test]
    fn dots_are_every_dot() {
        let mut rng = Rng::new(0x2545_f491_4f6c_dd1d);
        for len in [0, 1, 15, 16, 17, 40, 200] {
            for _ in 0..200 {
                let b: Vec<u8> = (0..len).map(|_| [b'.', b'a', b' '][rng.below(3)]).collect();
                let want: Vec<usize> = memchr::memchr_iter(b'.', &b).collect();
                let dots = Dots::of(&b);
                assert_eq!(dots.iter(&b).collect::<Vec<_>>(), want, "{b:?}");
            }
        }
    }

    /// Spans claimed and asked about at random, in a short text (the bitset
    /// in place) and a long one (on the heap), against a flag per byte.
    #[test]
    fn claims_read_like_a_flag_per_byte() {
        let mut rng = Rng::new(0x9e37_79b9_7f4a_7c15);
        for len in [0, 1, 63, 64, 65, 300, 511, 512, 513, 2000] {
            let text = "a".repeat(len);
            let mut scan = Scan::new(&text, None);
            let mut flags = vec![false; len];
            for _ in 0..400 {
                let s = rng.below(len + 2);
                let e = s + rng.below(70);
                if rng.below(3) == 0 {
                    scan.claim(s, e);
                    for f in flags.iter_mut().take(e.min(len)).skip(s) {
                        *f = true;
                    }
                } else {
                    let want = flags.iter().take(e.min(len)).skip(s).any(|&f| f);
                    assert_eq!(scan.is_claimed(s, e), want, "{len}: {s}..{e}");
                }
            }
        }
    }
}
