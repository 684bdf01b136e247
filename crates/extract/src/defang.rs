//! Refanging: turns defanged writing (`hxxp`, `[.]`, `[at]`, ...) back into plain text, keeping a map to the original byte offsets.

use crate::bits::{Listed, Survey};
use std::borrow::Cow;

/// Defanged spellings and what they stand for. Matched ASCII case-insensitively;
/// longer spellings come first so that ` [at] ` wins over `[at]`.
const PATTERNS: &[(&[u8], &str)] = &[
    (b" [at] ", "@"),
    (b" (at) ", "@"),
    (b" {at} ", "@"),
    (b" [@] ", "@"),
    (b" [dot] ", "."),
    (b" (dot) ", "."),
    (b" [.] ", "."),
    (b"[://]", "://"),
    (b"[at]", "@"),
    (b"(at)", "@"),
    (b"{at}", "@"),
    (b"[@]", "@"),
    (b"(@)", "@"),
    (b"{@}", "@"),
    (b"[dot]", "."),
    (b"(dot)", "."),
    (b"{dot}", "."),
    (b"[.]", "."),
    (b"(.)", "."),
    (b"{.}", "."),
    (b"[:]", ":"),
    (b"[/]", "/"),
    (b"hxxps", "https"),
    (b"hxxp", "http"),
    (b"hxtps", "https"),
    (b"hxtp", "http"),
    (b"fxp://", "ftp://"),
];

/// The stretch of [`PATTERNS`] that holds every spelling starting with
/// `first` (a lower-case byte), in their order: the spellings starting with a
/// space, then with a bracket, `h` and `f` lie together (a test checks it),
/// so that a place is compared with a few of them, not with all.
fn starting_with(first: u8) -> &'static [(&'static [u8], &'static str)] {
    &PATTERNS[stretch(first)]
}

/// Where [`starting_with`]'s stretch lies in [`PATTERNS`].
fn stretch(first: u8) -> std::ops::Range<usize> {
    match first {
        b' ' => 0..7,
        b'[' | b'(' | b'{' => 7..22,
        b'h' => 22..26,
        b'f' => 26..27,
        _ => 0..0,
    }
}

/// A text with its defanged spellings undone.
#[derive(Debug)]
pub(crate) struct Refanged<'a> {
    pub text: Cow<'a, str>,
    /// `map[i]` is the original offset of byte `i` of `text`; one extra entry
    /// for the end. `None` when nothing was changed.
    map: Option<Vec<usize>>,
}

fn pattern_at(bytes: &[u8], i: usize) -> Option<(usize, &'static str)> {
    // Cheap test on the first bytes: this runs at every place a spelling may start.
    let next = bytes.get(i + 1).map(u8::to_ascii_lowercase);
    let possible = match bytes[i] {
        b' ' => {
            matches!(next, Some(b'[' | b'(' | b'{'))
                && matches!(
                    bytes.get(i + 2).map(u8::to_ascii_lowercase),
                    Some(b'a' | b'@' | b'd' | b'.')
                )
        }
        b'[' | b'(' | b'{' => matches!(next, Some(b'a' | b'@' | b'd' | b'.' | b':' | b'/')),
        b'h' | b'H' | b'f' | b'F' => matches!(next, Some(b'x')),
        _ => false,
    };
    if !possible {
        return None;
    }
    let first = bytes[i].to_ascii_lowercase();
    for (pat, rep) in starting_with(first) {
        if pat[0] != first {
            continue;
        }
        let end = i + pat.len();
        if end <= bytes.len() && bytes[i..end].eq_ignore_ascii_case(pat) {
            // `hxxp` and friends only at the start of a word.
            let wordy = pat[0].is_ascii_alphabetic();
            if wordy && i > 0 && bytes[i - 1].is_ascii_alphanumeric() {
                continue;
            }
            return Some((pat.len(), rep));
        }
    }
    None
}

/// The first offset `>= from` where a defanged spelling may start (the
/// length of `bytes` if none): every spelling has a bracket or an `x` as its
/// first or second byte. The byte-by-byte reading [`Starts`] must agree with.
#[cfg(test)]
fn next_possible(bytes: &[u8], from: usize) -> usize {
    bytes
        .get(from..)
        .and_then(|rest| {
            rest.iter()
                .position(|c| matches!(c, b'[' | b'(' | b'{' | b'x' | b'X'))
        })
        .map_or(bytes.len(), |j| (from + j).saturating_sub(1).max(from))
}

/// Where defanged spellings may start, for offsets asked in increasing
/// order: every spelling has a bracket or an `x` (a mark) as its first or
/// second byte. The marks are listed by the text's [`Survey`], or, when
/// there are too many to list, found by vectorised searches, each of which
/// reads the text once.
struct Starts<'b> {
    len: usize,
    marks: Marks<'b>,
}

enum Marks<'b> {
    Listed(std::iter::Peekable<std::slice::Iter<'b, u32>>),
    Searched {
        brackets: memchr::Memchr3<'b>,
        xs: memchr::Memchr2<'b>,
        next_bracket: Option<usize>,
        next_x: Option<usize>,
    },
}

impl<'b> Starts<'b> {
    /// The marks of `bytes` listed in `marks`, or searched if there are too many.
    fn new(bytes: &'b [u8], marks: &'b Listed) -> Self {
        let marks = match marks.get() {
            Some(listed) => Marks::Listed(listed.iter().peekable()),
            None => {
                let mut brackets = memchr::memchr3_iter(b'[', b'(', b'{', bytes);
                let mut xs = memchr::memchr2_iter(b'x', b'X', bytes);
                Marks::Searched {
                    next_bracket: brackets.next(),
                    next_x: xs.next(),
                    brackets,
                    xs,
                }
            }
        };
        Starts {
            len: bytes.len(),
            marks,
        }
    }

    /// The first mark at or after `from`.
    fn mark_from(&mut self, from: usize) -> Option<usize> {
        match &mut self.marks {
            Marks::Listed(it) => {
                while it.next_if(|&&p| (p as usize) < from).is_some() {}
                it.peek().map(|&&p| p as usize)
            }
            Marks::Searched {
                brackets,
                xs,
                next_bracket,
                next_x,
            } => {
                while next_bracket.is_some_and(|p| p < from) {
                    *next_bracket = brackets.next();
                }
                while next_x.is_some_and(|p| p < from) {
                    *next_x = xs.next();
                }
                match (*next_bracket, *next_x) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (p, None) | (None, p) => p,
                }
            }
        }
    }

    /// The first offset `>= from` where a spelling may start (the length of
    /// the text if none); `from` must not be smaller than in the call before.
    fn from(&mut self, from: usize) -> usize {
        match self.mark_from(from) {
            Some(next) => next.saturating_sub(1).max(from),
            None => self.len,
        }
    }
}

impl<'a> Refanged<'a> {
    /// `orig` refanged, its brackets and `x`s found here.
    pub fn new(orig: &'a str) -> Refanged<'a> {
        Refanged::with_marks(orig, &Survey::of(orig.as_bytes()).marks)
    }

    /// `orig` refanged, given where its brackets and `x`s are
    /// ([`Survey::marks`]).
    pub fn with_marks(orig: &'a str, marks: &Listed) -> Refanged<'a> {
        let bytes = orig.as_bytes();
        // Most texts are not defanged: the marks say where to start.
        let mut starts = Starts::new(bytes, marks);
        let mut at = starts.from(0);
        let first = loop {
            if at >= bytes.len() {
                return Refanged {
                    text: Cow::Borrowed(orig),
                    map: None,
                };
            }
            if pattern_at(bytes, at).is_some() {
                break at;
            }
            at = starts.from(at + 1);
        };
        let mut out: Vec<u8> = Vec::with_capacity(bytes.len());
        let mut map = Vec::with_capacity(bytes.len() + 1);
        out.extend_from_slice(&bytes[..first]);
        map.extend(0..first);
        let mut i = first;
        while i < bytes.len() {
            if let Some((len, rep)) = pattern_at(bytes, i) {
                for _ in 0..rep.len() {
                    map.push(i);
                }
                out.extend_from_slice(rep.as_bytes());
                i += len;
            } else {
                // Copy up to the next place where a spelling may start.
                let next = starts.from(i + 1);
                out.extend_from_slice(&bytes[i..next]);
                map.extend(i..next);
                i = next;
            }
        }
        map.push(bytes.len());
        // Patterns are ASCII and are only replaced as a whole, so the output
        // is valid UTF-8; fall back to the original text if it were not.
        match String::from_utf8(out) {
            Ok(text) => Refanged {
                text: Cow::Owned(text),
                map: Some(map),
            },
            Err(_) => Refanged {
                text: Cow::Borrowed(orig),
                map: None,
            },
        }
    }

    /// The original offset of refanged offset `i`.
    pub fn orig(&self, i: usize) -> usize {
        match &self.map {
            None => i,
            Some(m) => m
                .get(i)
                .copied()
                .unwrap_or_else(|| m.last().copied().unwrap_or(0)),
        }
    }

    /// Whether the refanged span `start..end` was written defanged.
    pub fn was_defanged(&self, start: usize, end: usize) -> bool {
        self.orig(end) - self.orig(start) != end - start
    }
}

/// The refanged form of a short value (no offsets kept).
pub(crate) fn refang(s: &str) -> String {
    Refanged::new(s).text.into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every spelling lies in the stretch [`starting_with`] gives for its
    /// first byte.
    #[test]
    fn stretches_hold_every_spelling() {
        for (k, (pat, _)) in PATTERNS.iter().enumerate() {
            assert!(
                stretch(pat[0]).contains(&k),
                "spelling {k} ({:?}) outside its stretch",
                String::from_utf8_lossy(pat)
            );
        }
    }

    #[test]
    fn maps_offsets_back() {
        let t = "go to hxxps://bad[.]com now";
        let r = Refanged::new(t);
        assert_eq!(r.text, "go to https://bad.com now");
        let s = r.text.find("https").unwrap();
        let e = s + "https://bad.com".len();
        assert_eq!(&t[r.orig(s)..r.orig(e)], "hxxps://bad[.]com");
        assert!(r.was_defanged(s, e));
        assert_eq!(refang("a (at) b [dot] c"), "a@b.c");
        assert_eq!(refang("washxxp"), "washxxp");
    }

    #[test]
    fn starts_agree_with_the_byte_by_byte_reading() {
        let pieces = ["[", "(", "{", "x", "X", "h", "a", " ", ".", "é"];
        let mut texts = crate::test_texts::corpus_lines();
        texts.extend(crate::test_texts::random_texts(&pieces, 0..30, 500, 7));
        for t in &texts {
            let b = t.as_bytes();
            // Every offset in order, and every other one (skips as the reader makes them).
            // The marks listed, and searched as when there are too many.
            let listed = Survey::of(b).marks;
            let searched = Survey::of(&[b'x'; 2 * crate::bits::LISTED]).marks;
            for (marks, step) in [&listed, &searched]
                .into_iter()
                .flat_map(|m| [(m, 1), (m, 2), (m, 5)])
            {
                let mut starts = Starts::new(b, marks);
                for from in (0..=b.len() + 1).step_by(step) {
                    assert_eq!(
                        starts.from(from),
                        next_possible(b, from),
                        "{t:?} from {from}"
                    );
                }
            }
        }
    }
}
