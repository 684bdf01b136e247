//! One pass over the bytes of a text that tells which readers can match at all, so that the others skip their whole-text searches.
//!
//! Each flag is a necessary condition for its reader's pattern: a reader
//! whose flag is off would have found nothing, so skipping it changes no result.

/// What the text contains, as far as the readers' patterns care.
#[derive(Clone, Copy, Debug, Default)]
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

const DIGIT: u8 = 1;
const UPPER: u8 = 2;
const LOWER: u8 = 4;
const DOT: u8 = 8;
const ALNUM: u8 = DIGIT | UPPER | LOWER;

/// The class of each byte value (0 for all the others).
static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        t[c] = if b.is_ascii_digit() {
            DIGIT
        } else if b.is_ascii_uppercase() {
            UPPER
        } else if b.is_ascii_lowercase() {
            LOWER
        } else if b == b'.' {
            DOT
        } else {
            0
        };
        c += 1;
    }
    t
};

impl Gate {
    pub fn new(text: &str) -> Gate {
        let b = text.as_bytes();
        let mut g = Gate::default();
        // Length of the run of upper-case ASCII letters ending just before `i`.
        let mut upper_run = 0usize;
        // Length of the run of ASCII letters and digits ending at `i`, and
        // whether it starts with `1`, `3` or `T`.
        let mut alnum_run = 0usize;
        let mut base58_start = false;
        for i in 0..b.len() {
            let c = b[i];
            let k = CLASS[usize::from(c)];
            if k & ALNUM == 0 {
                alnum_run = 0;
                upper_run = 0;
                if k == DOT && i > 0 && i + 1 < b.len() {
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
            if k == DIGIT {
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
                upper_run = if k == UPPER { upper_run + 1 } else { 0 };
            }
        }
        g
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
