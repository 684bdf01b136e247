//! One pass over the bytes of a text that tells which readers can match at all, so that the others skip their whole-text searches.
//!
//! Each flag is a necessary condition for its reader's pattern: a reader
//! whose flag is off would have found nothing, so skipping it changes no result.

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

/// The shape of each byte value, two bits: what the IBAN and IFSC flags
/// look at in the last bytes read.
const OTHER: u32 = 0;
const UPPER: u32 = 1;
const DIGIT: u32 = 2;
const LOWER: u32 = 3;

static SHAPE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        t[c] = if b.is_ascii_digit() {
            DIGIT as u8
        } else if b.is_ascii_uppercase() {
            UPPER as u8
        } else if b.is_ascii_lowercase() {
            LOWER as u8
        } else {
            OTHER as u8
        };
        c += 1;
    }
    t
};

/// Shapes of the last bytes read, two bits each, the latest lowest.
const fn shapes(s: &[u32]) -> u32 {
    let mut h = 0;
    let mut i = 0;
    while i < s.len() {
        h = (h << 2) | s[i];
        i += 1;
    }
    h
}

/// Two upper-case letters then two digits.
const IBAN_HEAD: u32 = shapes(&[UPPER, UPPER, DIGIT, DIGIT]);
/// Four upper-case letters then a digit (a `0` for an IFSC code).
const IFSC_HEAD: u32 = shapes(&[UPPER, UPPER, UPPER, UPPER, DIGIT]);

impl Gate {
    /// One pass, with few branches per byte: the shapes and the bytes of the
    /// last few positions are kept in two shift registers and each flag is
    /// or-ed in from a comparison.
    pub fn new(text: &str) -> Gate {
        let b = text.as_bytes();
        let mut g = Gate::default();
        let mut digits = 0usize;
        // Shapes of the last 16 bytes (two bits each) and the last 4 bytes.
        let mut shape: u32 = 0;
        let mut last: u32 = 0;
        // Length of the run of ASCII letters and digits ending at `i`, and
        // whether it starts with `1`, `3` or `T`.
        let mut run = 0usize;
        let mut base58_start = false;
        let (mut iban, mut ifsc, mut wallet) = (false, false, false);
        for (i, &c) in b.iter().enumerate() {
            let k = u32::from(SHAPE[usize::from(c)]);
            shape = (shape << 2) | k;
            last = (last << 8) | u32::from(c);
            digits += usize::from(k == DIGIT);
            iban |= shape & 0xFF == IBAN_HEAD;
            ifsc |= shape & 0x3FF == IFSC_HEAD && c == b'0';
            // `bc1` (the letters in any case), `0x` (the `x` in any case).
            wallet |= (last & 0xFF_FFFF) | 0x20_2000 == u32::from_be_bytes([0, b'b', b'c', b'1']);
            wallet |= (last & 0xFFFF) | 0x20 == u32::from_be_bytes([0, 0, b'0', b'x']);
            if k == OTHER {
                run = 0;
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
            if run == 0 {
                base58_start = matches!(c, b'1' | b'3' | b'T');
            }
            run += 1;
            wallet |= base58_start && run >= 26;
        }
        g.digits = digits;
        g.iban_head = iban;
        g.ifsc_head = ifsc;
        g.wallet = wallet;
        g
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for (len, alphabet) in (0..60).flat_map(|l| alphabets.map(|a| (l, a))) {
            for _ in 0..1000 {
                let mut s = Vec::with_capacity(len);
                for _ in 0..len {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    s.push(alphabet[(seed % alphabet.len() as u64) as usize]);
                }
                let t = String::from_utf8_lossy(&s);
                assert_eq!(Gate::new(&t), reference(&t), "{t:?}");
            }
        }
        for file in ["en.jsonl", "fr.jsonl", "hi.jsonl", "hard.jsonl"] {
            let path = format!("{}/corpus/{file}", env!("CARGO_MANIFEST_DIR"));
            let data = std::fs::read_to_string(path).expect("corpus file");
            for line in data.lines() {
                for (s, _) in line.char_indices().step_by(17) {
                    let t = &line[s..];
                    assert_eq!(Gate::new(t), reference(t), "{t:?}");
                }
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
