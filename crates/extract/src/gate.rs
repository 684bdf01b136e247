//! Flags that tell which readers can match at all, so that the others skip their whole-text searches: read off the text's survey (`bits.rs`), at its dots, and by a skipping search for base58 runs.
//!
//! Each flag is a necessary condition for its reader's pattern: a reader
//! whose flag is off would have found nothing, so skipping it changes no result.

use crate::bits::{self, Survey};

/// What the text contains, as far as the readers' patterns care.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Gate {
    /// A digit, `.`, a digit (every IPv4 address).
    pub digit_dot_digit: bool,
    /// A letter or digit, `.`, a letter, non-ASCII counted as both (every domain name).
    pub dotted_word: bool,
    /// Two upper-case ASCII letters then two digits (every IBAN).
    pub iban_head: bool,
    /// Four upper-case ASCII letters then `0` (every IFSC code).
    pub ifsc_head: bool,
    /// `bc1` or `0x` in any case, or a run of 26 ASCII letters and digits
    /// starting with `1`, `3` or `T` (every wallet address).
    pub wallet: bool,
    /// ASCII digits in the whole text (a phone number has at least 7).
    pub digits: usize,
}

/// ASCII digit (and, below, ASCII letter or digit): compared, not looked up.
fn digit(c: u8) -> bool {
    c.wrapping_sub(b'0') < 10
}

fn alnum(c: u8) -> bool {
    (c | 0x20).wrapping_sub(b'a') < 26 || digit(c)
}

impl Gate {
    /// [`Gate::of`], the text surveyed here.
    #[cfg(test)]
    pub fn new(text: &str) -> Gate {
        let survey = Survey::of(text.as_bytes());
        let dots = crate::scan::Dots::from(survey.dots);
        Gate::of(text, &survey, dots.iter(text.as_bytes()))
    }

    /// The flags of `text`, given its [`Survey`] (the windows of five bytes,
    /// the digits) and its dots: the dot flags are read at the dots, and a
    /// skipping search looks for base58 runs.
    pub fn of(text: &str, survey: &Survey, dots: impl Iterator<Item = usize>) -> Gate {
        let b = text.as_bytes();
        let (digit_dot_digit, dotted_word) = dot_flags(b, dots);
        Gate {
            iban_head: survey.heads & bits::IBAN_HEAD != 0,
            ifsc_head: survey.heads & bits::IFSC_HEAD != 0,
            wallet: survey.heads & bits::WALLET_HEAD != 0 || has_base58_run(b),
            digit_dot_digit,
            dotted_word,
            digits: survey.digits,
        }
    }
}

/// The two flags read around dots (digit, dot, digit; letter or digit, dot,
/// letter), looked for only at the dots.
fn dot_flags(b: &[u8], dots: impl Iterator<Item = usize>) -> (bool, bool) {
    let (mut ddd, mut word) = (false, false);
    for i in dots {
        let (Some(&a), Some(&c)) = (i.checked_sub(1).map(|p| &b[p]), b.get(i + 1)) else {
            continue;
        };
        ddd |= digit(a) & digit(c);
        word |= (alnum(a) | (a >= 0x80)) & (c.is_ascii_alphabetic() | (c >= 0xC0));
        if ddd & word {
            break;
        }
    }
    (ddd, word)
}

/// Whether a run of 26 or more ASCII letters and digits starts with `1`, `3`
/// or `T`. Looks for 26 letters and digits in a row by probing the last
/// byte of each window and reading back from it, so that ordinary text,
/// whose words are short, is crossed some twenty bytes at a time.
fn has_base58_run(b: &[u8]) -> bool {
    const RUN: usize = 26;
    let mut s = 0;
    while s + RUN <= b.len() {
        // The last byte of the window `s..s + RUN` that is not a letter or digit.
        match (s..s + RUN).rev().find(|&i| !alnum(b[i])) {
            Some(q) => s = q + 1,
            None => {
                // A run of at least RUN: where it really starts and ends.
                let mut r = s;
                while r > 0 && alnum(b[r - 1]) {
                    r -= 1;
                }
                if matches!(b[r], b'1' | b'3' | b'T') {
                    return true;
                }
                let mut e = s + RUN;
                while e < b.len() && alnum(b[e]) {
                    e += 1;
                }
                s = e + 1;
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_texts::{corpus_lines, Rng};

    /// The byte-by-byte reading the flags were first written as; `Gate::new`
    /// must give the same flags on every text.
    fn reference(text: &str) -> Gate {
        let b = text.as_bytes();
        let mut g = Gate::default();
        let mut upper_run = 0usize;
        let mut alnum_run = 0usize;
        let mut base58_start = false;
        for i in 0..b.len() {
            let c = b[i];
            if !c.is_ascii_alphanumeric() {
                alnum_run = 0;
                upper_run = 0;
                if c == b'.' && i > 0 && i + 1 < b.len() {
                    let (p, n) = (b[i - 1], b[i + 1]);
                    if p.is_ascii_digit() && n.is_ascii_digit() {
                        g.digit_dot_digit = true;
                    }
                    if (p.is_ascii_alphanumeric() || p >= 0x80)
                        && (n.is_ascii_alphabetic() || n >= 0xC0)
                    {
                        g.dotted_word = true;
                    }
                }
                continue;
            }
            if alnum_run == 0 {
                base58_start = matches!(c, b'1' | b'3' | b'T');
            }
            alnum_run += 1;
            if base58_start && alnum_run >= 26 {
                g.wallet = true;
            }
            if c.is_ascii_digit() {
                g.digits += 1;
                if i >= 3
                    && b[i - 1].is_ascii_digit()
                    && b[i - 2].is_ascii_uppercase()
                    && b[i - 3].is_ascii_uppercase()
                {
                    g.iban_head = true;
                }
                if c == b'0' && upper_run >= 4 {
                    g.ifsc_head = true;
                }
                if c == b'1' && i >= 2 && (b[i - 1] | 0x20) == b'c' && (b[i - 2] | 0x20) == b'b' {
                    g.wallet = true;
                }
                upper_run = 0;
            } else {
                if (c | 0x20) == b'x' && i >= 1 && b[i - 1] == b'0' {
                    g.wallet = true;
                }
                upper_run = if c.is_ascii_uppercase() {
                    upper_run + 1
                } else {
                    0
                };
            }
        }
        g
    }

    #[test]
    fn same_flags_as_the_reference() {
        // Short texts over alphabets that make every flag likely, then the
        // corpus files from every 17th character on.
        let alphabets: [&[u8]; 2] = [b"ABCT01bcxX3.. \xc3\xa9-", b"ABCDT0013bcxX "];
        // (Bytes, not characters: the lone halves of `é` are read as U+FFFD.)
        let mut rng = Rng::new(0x2545_f491_4f6c_dd1d);
        // Lengths around one and two 64-byte words too, where windows
        // run from one word into the next.
        let lengths = (0..60).chain([63, 64, 65, 66, 67, 68, 127, 128, 129, 130]);
        for (len, alphabet) in lengths.flat_map(|l| alphabets.map(|a| (l, a))) {
            for _ in 0..1000 {
                let s: Vec<u8> = (0..len)
                    .map(|_| alphabet[rng.below(alphabet.len())])
                    .collect();
                let t = String::from_utf8_lossy(&s);
                assert_eq!(Gate::new(&t), reference(&t), "{t:?}");
            }
        }
        for line in corpus_lines() {
            for (s, _) in line.char_indices().step_by(17) {
                let t = &line[s..];
                assert_eq!(Gate::new(t), reference(t), "{t:?}");
            }
        }
    }

    #[test]
    fn flags() {
        let g = Gate::new("ip 10.0.0.1, FR76 3000, HDFC0001234, abc.com, 12345");
        assert!(g.digit_dot_digit && g.iban_head && g.ifsc_head && g.dotted_word);
        assert_eq!(g.digits, 23);
        let g = Gate::new("The end. Next 1.5 Fr7 ABC0");
        assert!(g.digit_dot_digit);
        assert!(!g.dotted_word && !g.iban_head && !g.ifsc_head);
        assert!(Gate::new("café.fr").dotted_word);
        assert!(Gate::new("error 0X8007").wallet && Gate::new("BC1q").wallet);
        assert!(Gate::new("to 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2").wallet);
        assert!(!Gate::new("to 1BvBMSEYstWetqTFn5Au4m4GF, bc 1").wallet);
        assert!(Gate::new("a.été").dotted_word);
    }
}
