//! Payment indicators: UPI IDs, IBANs, Indian bank accounts (IFSC + account number) and gift card codes.

use crate::scan::{ascii_in, ceil_boundary, floor_boundary, has_word, separator_len, Scan, HIGH};

use crate::{Invalid, Kind};
use aho_corasick::{packed, AhoCorasick};
use phonenumber::country::Id;
#[cfg(test)]
use regex::Regex;
use std::sync::LazyLock;

// ---------------------------------------------------------------- UPI

/// UPI payment service provider handles (the part after `@`).
const KNOWN_PSP: &[&str] = &[
    "okaxis",
    "oksbi",
    "okhdfcbank",
    "okicici",
    "ybl",
    "ibl",
    "axl",
    "paytm",
    "apl",
    "yapl",
    "rapl",
    "upi",
    "icici",
    "sbi",
    "hdfcbank",
    "axisbank",
    "axisb",
    "kotak",
    "kmbl",
    "yesbank",
    "yesbankltd",
    "ptyes",
    "ptaxis",
    "pthdfc",
    "ptsbi",
    "waaxis",
    "wahdfcbank",
    "wasbi",
    "waicici",
    "jupiteraxis",
    "fbl",
    "idfcbank",
    "idfcfirst",
    "indus",
    "pnb",
    "boi",
    "barodampay",
    "unionbank",
    "ubi",
    "cnrb",
    "federal",
    "rbl",
    "aubank",
    "freecharge",
    "airtel",
    "jio",
    "abfspay",
    "dbs",
    "hsbc",
    "citi",
    "sc",
    "ikwik",
    "mobikwik",
    "timecosmos",
    "postbank",
    "equitas",
    "idbi",
    "allbank",
    "andb",
    "uco",
    "mahb",
    "kbl",
    "kvb",
    "tjsb",
    "dlb",
    "lvb",
    "cub",
    "iob",
    "cboi",
    "csbpay",
    "axisbank",
    "amazonpay",
    "apay",
    "slc",
    "superyes",
    "naviaxis",
    "fam",
    "fifederal",
    "dhani",
    "zoicici",
    "goaxb",
];

/// Canonical form of a UPI ID: `handle@psp`, lower-case, the PSP without a dot.
pub(crate) fn canonical_upi(raw: &str) -> Option<String> {
    let (handle, psp) = raw.trim().rsplit_once('@')?;
    let ok_handle = (2..=256).contains(&handle.len())
        && handle
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || b"._-".contains(&c))
        && handle
            .bytes()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric());
    let ok_psp = (2..=64).contains(&psp.len()) && psp.bytes().all(|c| c.is_ascii_alphabetic());
    (ok_handle && ok_psp).then(|| {
        let mut upi = [handle, "@", psp].concat();
        upi.make_ascii_lowercase();
        upi
    })
}

/// A UPI ID read in text: a known PSP handle, or any PSP when the text says UPI nearby.
pub(crate) fn upi_in_text(scan: &Scan<'_>, raw: &str, start: usize, end: usize) -> Option<String> {
    let v = canonical_upi(raw)?;
    let psp = v.rsplit_once('@').map(|(_, p)| p).unwrap_or("");
    (KNOWN_PSP.contains(&psp) || has_word(scan.window(start, end, 80, 40), "upi")).then_some(v)
}

// ---------------------------------------------------------------- IBAN

/// IBAN length for each country using IBANs (ISO 13616 registry).
const IBAN_LENGTHS: &[(&str, usize)] = &[
    ("AD", 24),
    ("AE", 23),
    ("AL", 28),
    ("AT", 20),
    ("AZ", 28),
    ("BA", 20),
    ("BE", 16),
    ("BG", 22),
    ("BH", 22),
    ("BR", 29),
    ("BY", 28),
    ("CH", 21),
    ("CR", 22),
    ("CY", 28),
    ("CZ", 24),
    ("DE", 22),
    ("DK", 18),
    ("DO", 28),
    ("EE", 20),
    ("EG", 29),
    ("ES", 24),
    ("FI", 18),
    ("FO", 18),
    ("FR", 27),
    ("GB", 22),
    ("GE", 22),
    ("GI", 23),
    ("GL", 18),
    ("GR", 27),
    ("GT", 28),
    ("HR", 21),
    ("HU", 28),
    ("IE", 22),
    ("IL", 23),
    ("IQ", 23),
    ("IS", 26),
    ("IT", 27),
    ("JO", 30),
    ("KW", 30),
    ("KZ", 20),
    ("LB", 28),
    ("LC", 32),
    ("LI", 21),
    ("LT", 20),
    ("LU", 20),
    ("LV", 21),
    ("MC", 27),
    ("MD", 24),
    ("ME", 22),
    ("MK", 19),
    ("MR", 27),
    ("MT", 31),
    ("MU", 30),
    ("NL", 18),
    ("NO", 15),
    ("PK", 24),
    ("PL", 28),
    ("PS", 29),
    ("PT", 25),
    ("QA", 29),
    ("RO", 24),
    ("RS", 22),
    ("SA", 24),
    ("SC", 31),
    ("SE", 24),
    ("SI", 19),
    ("SK", 24),
    ("SM", 27),
    ("ST", 25),
    ("SV", 28),
    ("TL", 23),
    ("TN", 24),
    ("TR", 26),
    ("UA", 29),
    ("VA", 22),
    ("VG", 24),
    ("XK", 20),
];

/// The pattern [`iban_matches`] reads by hand (kept for its test).
#[cfg(test)]
static IBAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)[A-Z]{2}[0-9]{2}(?:[ \u{a0}\-]?[A-Z0-9]){10,32}").expect("iban regex")
});

/// The matches of [`CODE`] in `b`, as one search of the whole text gives
/// them, read by hand: at a word start, up to seven groups of two or more
/// capitals or digits, each after one space or `-`, ending where the last
/// group kept is followed by no word character (a group followed by one is
/// given back with those after it, as the pattern backtracks).
fn code_matches(b: &[u8]) -> impl Iterator<Item = (usize, usize)> + '_ {
    let run = move |i: usize| {
        let mut e = i;
        while e < b.len() && upper_or_digit(b[e]) {
            e += 1;
        }
        e
    };
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < b.len() {
            // A code starts at a capital or digit: eight bytes without one
            // are crossed at once, and with one, the bytes before it.
            if let Some(w) = b.get(i..i + 8).and_then(|w| <[u8; 8]>::try_from(w).ok()) {
                let x = u64::from_le_bytes(w);
                let starts = ascii_in(x, b'A', b'Z') | ascii_in(x, b'0', b'9');
                if starts == 0 {
                    i += 8;
                    continue;
                }
                i += (starts.trailing_zeros() / 8) as usize;
            }
            let s = i;
            i += 1;
            if !upper_or_digit(b[s]) || !starts_word(b, s) {
                continue;
            }
            let (mut g, mut end, mut groups) = (s, None, 0);
            loop {
                let e = run(g);
                if e - g < 2 {
                    break;
                }
                groups += 1;
                if !b.get(e).copied().is_some_and(word) {
                    end = Some(e);
                }
                if groups == 7 || !matches!(b.get(e), Some(b' ' | b'-')) {
                    break;
                }
                g = e + 1;
            }
            if let Some(e) = end {
                i = e;
                return Some((s, e));
            }
        }
        None
    })
}

/// An ASCII word byte, as `(?-u:\b)` reads them.
fn word(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// Whether `(?-u:\b)` holds before byte `i` of `b` that is a word byte.
fn starts_word(b: &[u8], i: usize) -> bool {
    i == 0 || !word(b[i - 1])
}

fn upper_or_digit(c: u8) -> bool {
    c.is_ascii_uppercase() || c.is_ascii_digit()
}

/// The matches of [`IBAN`] in `b`, as one search of the whole text gives
/// them, read by hand: at a word start, two capitals and two digits, then
/// 10 to 32 capitals or digits, each after at most one space, no-break
/// space or `-` (reading as many as there are decides the match: a
/// separator not followed by one ends it either way).
fn iban_matches(b: &[u8]) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        while i + 4 <= b.len() {
            // An IBAN starts at a capital: eight bytes without one are
            // crossed at once, and with one, the bytes before it.
            if let Some(w) = b.get(i..i + 8).and_then(|w| <[u8; 8]>::try_from(w).ok()) {
                let capitals = ascii_in(u64::from_le_bytes(w), b'A', b'Z');
                if capitals == 0 {
                    i += 8;
                    continue;
                }
                i += (capitals.trailing_zeros() / 8) as usize;
                if i + 4 > b.len() {
                    break;
                }
            }
            let s = i;
            i += 1;
            let head = b[s].is_ascii_uppercase()
                && b[s + 1].is_ascii_uppercase()
                && b[s + 2].is_ascii_digit()
                && b[s + 3].is_ascii_digit();
            if !head || !starts_word(b, s) {
                continue;
            }
            let (mut e, mut n) = (s + 4, 0);
            while n < 32 {
                let sep = separator_len(b, e);
                if b.get(e + sep).copied().is_some_and(upper_or_digit) {
                    e += sep + 1;
                } else if sep > 0 || !b.get(e).copied().is_some_and(upper_or_digit) {
                    break;
                } else {
                    e += 1;
                }
                n += 1;
            }
            if n >= 10 {
                i = e;
                return Some((s, e));
            }
        }
        None
    })
}

/// The matches of [`IFSC`] in `b`, read by hand: a whole word of four
/// capitals, `0`, then six capitals or digits.
fn ifsc_matches(b: &[u8]) -> impl Iterator<Item = (usize, usize)> + '_ {
    (0..b.len().saturating_sub(10))
        .filter(move |&s| {
            starts_word(b, s)
                && b[s..s + 4].iter().all(u8::is_ascii_uppercase)
                && b[s + 4] == b'0'
                && b[s + 5..s + 11].iter().all(|&c| upper_or_digit(c))
                && !b.get(s + 11).copied().is_some_and(word)
        })
        .map(|s| (s, s + 11))
}

/// The matches of [`ACCOUNT`] in `b`, read by hand: whole words of 9 to 18
/// digits (a longer run, or one glued to a letter, fails every shorter
/// reading too).
fn account_matches(b: &[u8]) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < b.len() {
            let s = i;
            i += 1;
            if !b[s].is_ascii_digit() || !starts_word(b, s) {
                continue;
            }
            let mut e = s;
            while e < b.len() && b[e].is_ascii_digit() {
                e += 1;
            }
            i = e;
            if (9..=18).contains(&(e - s)) && !b.get(e).copied().is_some_and(word) {
                return Some((s, e));
            }
        }
        None
    })
}

fn iban_length(country: &str) -> Option<usize> {
    IBAN_LENGTHS
        .iter()
        .find(|(c, _)| *c == country)
        .map(|(_, n)| *n)
}

fn mod97_ok(iban: &str) -> bool {
    let b = iban.as_bytes();
    if b.len() < 5 {
        return false;
    }
    let mut rem: u32 = 0;
    for &c in b[4..].iter().chain(&b[..4]) {
        let v = match c {
            b'0'..=b'9' => u32::from(c - b'0'),
            b'A'..=b'Z' => u32::from(c - b'A') + 10,
            _ => return false,
        };
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    rem == 1
}

pub(crate) fn canonical_iban(raw: &str) -> Result<String, Invalid> {
    let s: String = raw
        .trim()
        .trim_start_matches("IBAN")
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '\u{a0}' | ':'))
        .collect::<String>()
        .to_ascii_uppercase();
    if s.len() < 5 || !s.bytes().all(|c| c.is_ascii_alphanumeric()) {
        return Err(Invalid(format!("`{}` is not an IBAN", raw.trim())));
    }
    let country = &s[..2];
    let Some(len) = iban_length(country) else {
        return Err(Invalid(format!(
            "`{country}` is not a country that uses IBANs"
        )));
    };
    if s.len() != len {
        return Err(Invalid(format!(
            "an IBAN of {country} has {len} characters, `{}` has {}",
            raw.trim(),
            s.len()
        )));
    }
    if !mod97_ok(&s) {
        return Err(Invalid("IBAN check digits do not match".to_string()));
    }
    Ok(s)
}

pub(crate) fn find_ibans(scan: &mut Scan<'_>) {
    if !scan.gate.iban_head {
        return;
    }
    let text = scan.text;
    let mut out = Vec::new();
    for (ms, me) in iban_matches(text.as_bytes()) {
        let raw = &text[ms..me];
        let Some(len) = iban_length(&raw[..2]) else {
            continue;
        };
        // Take exactly the country's length of characters.
        let mut taken = String::with_capacity(len);
        let mut end = ms;
        for (i, c) in raw.char_indices() {
            if taken.len() == len {
                break;
            }
            if c.is_ascii_alphanumeric() {
                taken.push(c);
                end = ms + i + 1;
            }
        }
        if taken.len() != len
            || scan.char_at(end).is_some_and(|c| c.is_alphanumeric())
            || scan.is_claimed(ms, end)
        {
            continue;
        }
        // An IBAN with wrong check digits is no IBAN, but its digits are no
        // phone number either: claim the span without a value.
        let valid = mod97_ok(&taken);
        out.push((ms, end, valid.then_some(taken)));
    }
    for (s, e, v) in out {
        scan.claim(s, e);
        if let Some(v) = v {
            scan.push(Kind::Iban, v, s, e);
        }
    }
}

// ---------------------------------------------------------------- bank account

/// The patterns [`ifsc_matches`] and [`account_matches`] read by hand (kept
/// for their test).
#[cfg(test)]
static IFSC: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)[A-Z]{4}0[A-Z0-9]{6}(?-u:\b)").expect("ifsc regex"));
#[cfg(test)]
static ACCOUNT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)[0-9]{9,18}(?-u:\b)").expect("account regex"));

pub(crate) fn is_ifsc(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 11
        && b[..4].iter().all(u8::is_ascii_uppercase)
        && b[4] == b'0'
        && b[5..]
            .iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

/// Canonical form of a bank account: `IFSC:ACCOUNT` for India, else `CC:ACCOUNT`.
pub(crate) fn canonical_bank_account(raw: &str, region: Option<Id>) -> Result<String, Invalid> {
    let shown = raw.trim();
    let clean = |s: &str| -> String {
        s.chars()
            .filter(|c| !matches!(c, ' ' | '-' | '.' | '\u{a0}'))
            .collect::<String>()
            .to_ascii_uppercase()
    };
    let parts: Vec<&str> = shown
        .split(|c: char| c == ':' || c == ',' || c == ';' || c == '/' || c.is_whitespace())
        .filter(|p| !p.is_empty())
        .collect();
    // IFSC anywhere with a 9-18 digit account.
    if let Some(ifsc) = parts.iter().find(|p| is_ifsc(&p.to_ascii_uppercase())) {
        let acct: String = parts
            .iter()
            .filter(|p| *p != ifsc)
            .filter(|p| p.bytes().all(|c| c.is_ascii_digit()))
            .copied()
            .collect();
        if (9..=18).contains(&acct.len()) {
            return Ok([&ifsc.to_ascii_uppercase(), ":", &acct].concat());
        }
        return Err(Invalid(format!(
            "`{shown}` has an IFSC code but no account number of 9 to 18 digits"
        )));
    }
    let (country, acct) = match shown.split_once(':') {
        Some((cc, rest)) if cc.len() == 2 && cc.bytes().all(|c| c.is_ascii_alphabetic()) => {
            (cc.to_ascii_uppercase(), clean(rest))
        }
        _ => match region {
            Some(r) => (r.as_ref().to_string(), clean(shown)),
            None => {
                return Err(Invalid(format!(
                    "`{shown}` needs an IFSC code or a country (`CC:ACCOUNT`, or a report region)"
                )))
            }
        },
    };
    if !(4..=34).contains(&acct.len()) || !acct.bytes().all(|c| c.is_ascii_alphanumeric()) {
        return Err(Invalid(format!("`{shown}` is not a bank account number")));
    }
    if country == "IN" {
        return Err(Invalid(format!(
            "an Indian bank account needs its IFSC code (`IFSC:ACCOUNT`), `{shown}` has none"
        )));
    }
    Ok([&*country, ":", &acct].concat())
}

pub(crate) fn find_bank_accounts(scan: &mut Scan<'_>) {
    if !scan.gate.ifsc_head {
        return;
    }
    let text = scan.text;
    let mut out = Vec::new();
    for (is, ie) in ifsc_matches(text.as_bytes()) {
        if scan.is_claimed(is, ie) {
            continue;
        }
        let lo = floor_boundary(text, is.saturating_sub(80));
        let hi = ceil_boundary(text, (ie + 80).min(text.len()));
        let mut best: Option<(usize, usize, usize)> = None;
        // Only the text around the IFSC code is searched (linear time overall).
        for (a_s, a_e) in account_matches(&text.as_bytes()[lo..hi]) {
            let (a_start, a_end) = (lo + a_s, lo + a_e);
            // A match cut by the window's edge is not a whole number.
            let cut_edge = (a_start == lo
                && scan.char_before(lo).is_some_and(|c| c.is_ascii_digit()))
                || (a_end == hi && scan.char_at(hi).is_some_and(|c| c.is_ascii_digit()));
            if cut_edge || scan.is_claimed(a_start, a_end) {
                continue;
            }
            let dist = if a_end <= is {
                is - a_end
            } else {
                a_start.saturating_sub(ie)
            };
            if best.is_none_or(|(d, _, _)| dist < d) {
                best = Some((dist, a_start, a_end));
            }
        }
        if let Some((_, a_s, a_e)) = best {
            let value = [&text[is..ie], ":", &text[a_s..a_e]].concat();
            out.push((a_s.min(is), a_e.max(ie), value, (a_s, a_e), (is, ie)));
        }
    }
    for (s, e, v, a, i) in out {
        scan.claim(a.0, a.1);
        scan.claim(i.0, i.1);
        scan.push(Kind::BankAccount, v, s, e);
    }
}

// ---------------------------------------------------------------- gift cards

/// Ways brands are written (lower-case) and their canonical slug.
const BRANDS: &[(&str, &str)] = &[
    ("google play", "google_play"),
    ("google-play", "google_play"),
    ("googleplay", "google_play"),
    ("play store", "google_play"),
    ("itunes", "apple"),
    ("app store", "apple"),
    ("apple", "apple"),
    ("amazon", "amazon"),
    ("steam", "steam"),
    ("ebay", "ebay"),
    ("target", "target"),
    ("walmart", "walmart"),
    ("vanilla visa", "visa"),
    ("visa", "visa"),
    ("razer gold", "razer"),
    ("razer", "razer"),
    ("xbox", "xbox"),
    ("playstation", "psn"),
    ("psn", "psn"),
    ("paysafecard", "paysafecard"),
    ("paysafe", "paysafecard"),
    ("transcash", "transcash"),
    ("neosurf", "neosurf"),
    ("pcs", "pcs"),
    ("best buy", "best_buy"),
    ("sephora", "sephora"),
    ("nordstrom", "nordstrom"),
];

/// Brands whose codes may be digits only.
const DIGIT_BRANDS: &[&str] = &["paysafecard", "transcash", "neosurf", "pcs", "visa"];

const GIFT_CUES: &[&str] = &[
    "gift card",
    "giftcard",
    "gift-card",
    "gift code",
    "carte cadeau",
    "carte-cadeau",
    "cartes cadeaux",
    "cartes-cadeaux",
    "voucher",
    "coupon",
    "code",
    "recharge",
    "ticket",
    "card",
    "carte",
    "pin",
];

/// The pattern [`code_matches`] reads by hand (kept for its test).
#[cfg(test)]
static CODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)[A-Z0-9]{2,}(?:[ \-][A-Z0-9]{2,}){0,6}(?-u:\b)").expect("code regex")
});

/// Whether `s` starts with a known gift card brand or its slug (`apple:…`, `Google Play …`).
pub(crate) fn is_known_brand(s: &str) -> bool {
    let l = s.trim().to_lowercase();
    BRANDS
        .iter()
        .any(|(alias, slug)| l.starts_with(alias) || l.starts_with(&format!("{slug}:")))
}

fn brand_slug(s: &str) -> String {
    let l = s.trim().to_lowercase();
    for (alias, slug) in BRANDS {
        if l == *alias {
            return (*slug).to_string();
        }
    }
    l.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect::<String>()
        .trim_matches('_')
        .to_string()
}

pub(crate) fn canonical_gift_card(raw: &str) -> Result<String, Invalid> {
    let shown = raw.trim();
    let (brand, code) = match shown.split_once(':') {
        Some((b, c)) => (brand_slug(b), c),
        None => {
            let l = shown.to_lowercase();
            let Some((alias, slug)) = BRANDS.iter().find(|(a, _)| l.starts_with(a)) else {
                return Err(Invalid(format!(
                    "`{shown}` names no gift card brand (write `BRAND:CODE`)"
                )));
            };
            (slug.to_string(), shown.get(alias.len()..).unwrap_or(""))
        }
    };
    let code: String = code
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '\u{a0}'))
        .collect::<String>()
        .to_ascii_uppercase();
    if brand.is_empty() {
        return Err(Invalid(format!("`{shown}` names no gift card brand")));
    }
    if !(6..=32).contains(&code.len()) || !code.bytes().all(|c| c.is_ascii_alphanumeric()) {
        return Err(Invalid(format!(
            "`{shown}` has no gift card code (6 to 32 letters and digits)"
        )));
    }
    Ok([&*brand, ":", &code].concat())
}

/// The brand nearest to a code at `start..end`, from the text around it.
fn nearby_brand(scan: &Scan<'_>, start: usize, end: usize) -> Option<&'static str> {
    let before = scan.window(start, start, 120, 0);
    let after = scan.window(end, end, 0, 40);
    // Where each spelling occurs last before the code and first after it
    // (two automaton passes, all occurrences, overlapping ones included).
    let brands = &CUES_BRANDS.1;
    let mut last_before = [None::<usize>; BRANDS.len()];
    for m in brands.find_overlapping_iter(before) {
        let k = m.pattern().as_usize();
        last_before[k] = Some(last_before[k].map_or(m.start(), |i| i.max(m.start())));
    }
    let mut first_after = [None::<usize>; BRANDS.len()];
    for m in brands.find_overlapping_iter(after) {
        let k = m.pattern().as_usize();
        first_after[k] = Some(first_after[k].map_or(m.start(), |i| i.min(m.start())));
    }
    let mut best: Option<(usize, &'static str)> = None;
    for (k, (_, slug)) in BRANDS.iter().enumerate() {
        if let Some(i) = last_before[k] {
            let d = before.len() - i;
            if best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, slug));
            }
        }
        if let Some(i) = first_after[k] {
            let d = i + 200;
            if best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, slug));
            }
        }
    }
    best.map(|(_, s)| s)
}

/// Reference numbers that look like codes: UPS tracking numbers (`1Z…`).
fn is_reference_number(code: &str) -> bool {
    code.len() >= 16 && code.starts_with("1Z")
}

/// Every gift card cue, and every brand spelling.
static CUES_BRANDS: LazyLock<(AhoCorasick, AhoCorasick)> = LazyLock::new(|| {
    let cues = crate::role::dfa(GIFT_CUES).expect("gift card cue automaton");
    let brands = crate::role::dfa(BRANDS.iter().map(|(a, _)| a)).expect("brand automaton");
    (cues, brands)
});

/// The cues and brands again, as vectorised searchers (Teddy) for the
/// whole-text test, where they read a few hundred bytes several times
/// faster than the automata, which stay for the short windows.
static CUES_BRANDS_PACKED: LazyLock<Option<(packed::Searcher, packed::Searcher)>> =
    LazyLock::new(|| {
        let cues = packed::Searcher::new(GIFT_CUES.iter())?;
        let brands = packed::Searcher::new(BRANDS.iter().map(|(a, _)| a))?;
        Some((cues, brands))
    });

/// Whether the lower-cased text names both a gift card cue and a brand.
fn has_cue_and_brand(lower: &str) -> bool {
    if let Some((cues, brands)) = &*CUES_BRANDS_PACKED {
        return cues.find(lower).is_some() && brands.find(lower).is_some();
    }
    let (cues, brands) = &*CUES_BRANDS;
    cues.is_match(lower) && brands.is_match(lower)
}

/// Whether the text may hold a code at all: a run of upper-case ASCII
/// letters, digits, spaces and `-` with at least 10 letters and digits, a
/// digit among them, and a letter or 16 digits (every code [`find_gift_cards`]
/// keeps is such a run). Much cheaper than looking for the cue words: the
/// text is read eight bytes at a time, each block's letters and digits
/// counted at once.
fn may_hold_code(text: &str) -> bool {
    let b = text.as_bytes();
    let mut run = CodeRun::default();
    let mut blocks = b.chunks_exact(8);
    for block in &mut blocks {
        let mut word = [0u8; 8];
        word.copy_from_slice(block);
        let x = u64::from_le_bytes(word);
        let digit = ascii_in(x, b'0', b'9');
        let upper = ascii_in(x, b'A', b'Z');
        let sep = ascii_in(x, b' ', b' ') | ascii_in(x, b'-', b'-');
        // Bytes that end the run: neither letters and digits of a code nor separators.
        let ends = !(digit | upper | sep) & HIGH;
        if ends == 0 {
            if run.add(digit, upper) {
                return true;
            }
            continue;
        }
        // Most blocks of prose: no letter or digit of a code, and a byte
        // that ends the run (a run that could hold a code has returned).
        if digit | upper == 0 {
            run = CodeRun::default();
            continue;
        }
        // The bytes before the first end continue the run; those between
        // the first and the last end make runs of fewer than 8 bytes, too
        // short for a code; those after the last end start the next run.
        let first = ends.trailing_zeros() - 7;
        let before = (1u64 << first) - 1;
        if run.add(digit & before, upper & before) {
            return true;
        }
        let last = 63 - ends.leading_zeros();
        let after = u64::MAX.checked_shl(last + 1).unwrap_or(0);
        run = CodeRun::default();
        if run.add(digit & after, upper & after) {
            return true;
        }
    }
    blocks.remainder().iter().any(|&c| run.push(c))
}

/// How many bytes of `x` have their high bit set, `x` having no other bit
/// set: each byte's flag moved to its low bit and summed into the top byte
/// by one multiplication (`count_ones` without the POPCNT instruction,
/// which the baseline x86-64 target lacks, takes a dozen).
fn high_bits(x: u64) -> usize {
    ((x >> 7).wrapping_mul(0x0101_0101_0101_0101) >> 56) as usize
}

/// The run [`may_hold_code`] reads: letters and digits, digits, whether an
/// upper-case letter is among them.
#[derive(Default)]
struct CodeRun {
    alnum: usize,
    digits: usize,
    upper: bool,
}

impl CodeRun {
    /// Reads the digits and capitals flagged (the high bit of each of their
    /// bytes) in a block of bytes that does not end the run; whether the run
    /// may now hold a code (it only grows, so asking once at the end of the
    /// block is asking after each byte).
    fn add(&mut self, digit: u64, upper: u64) -> bool {
        self.alnum += high_bits(digit | upper);
        self.digits += high_bits(digit);
        self.upper |= upper != 0;
        self.holds_code()
    }

    fn holds_code(&self) -> bool {
        self.alnum >= 10 && self.digits > 0 && (self.upper || self.digits >= 16)
    }

    /// Reads one byte; whether the run may now hold a code.
    fn push(&mut self, c: u8) -> bool {
        match c {
            b'0'..=b'9' => {
                self.alnum += 1;
                self.digits += 1;
            }
            b'A'..=b'Z' => {
                self.alnum += 1;
                self.upper = true;
            }
            b' ' | b'-' => return false,
            _ => {
                *self = CodeRun::default();
                return false;
            }
        }
        self.holds_code()
    }
}

pub(crate) fn find_gift_cards(scan: &mut Scan<'_>) {
    // Every code holds a digit.
    if scan.gate.digits > 0 && may_hold_code(scan.text) {
        read_gift_cards(scan);
    }
}

/// [`find_gift_cards`] without its cheap test of the text.
fn read_gift_cards(scan: &mut Scan<'_>) {
    if !has_cue_and_brand(&scan.lower) {
        return;
    }
    let text = scan.text;
    let mut out = Vec::new();
    for (ms, me) in code_matches(text.as_bytes()) {
        let m = &text[ms..me];
        if m.len() < 10 {
            continue;
        }
        // A word of letters before digit groups is a label (`PCS 9876…`,
        // `INV-1234…`), not part of the code.
        let (base, raw) = match m.split_once([' ', '-']) {
            Some((head, tail))
                if head.bytes().all(|c| c.is_ascii_alphabetic())
                    && tail
                        .bytes()
                        .all(|c| c.is_ascii_digit() || c == b' ' || c == b'-') =>
            {
                (ms + head.len() + 1, tail)
            }
            _ => (ms, m),
        };
        // Groups, joined while they look like parts of one code.
        let mut end_rel = 0;
        let mut count = 0;
        let mut prev_len = 0;
        let mut first = true;
        let mut pos = 0;
        for part in raw.split_inclusive([' ', '-']) {
            let g = part.trim_end_matches([' ', '-']);
            let glen = g.len();
            if !first {
                let prev_sep = raw.as_bytes().get(pos - 1).copied().unwrap_or(b' ');
                let joins =
                    prev_sep == b'-' || g.bytes().any(|c| c.is_ascii_digit()) || glen == prev_len;
                if !joins || count + glen > 20 {
                    break;
                }
            }
            first = false;
            count += glen;
            end_rel = pos + glen;
            prev_len = glen;
            pos += part.len();
        }
        let (s, e) = (base, base + end_rel);
        if !(10..=20).contains(&count) || scan.is_claimed(s, e) {
            continue;
        }
        let code: String = raw[..end_rel]
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        let has_digit = code.bytes().any(|c| c.is_ascii_digit());
        let has_letter = code.bytes().any(|c| c.is_ascii_alphabetic());
        if !has_digit || is_reference_number(&code) {
            continue;
        }
        // Codes of digits only are long (16 digits for PCS, Transcash, Paysafecard).
        if !has_letter && code.len() < 16 {
            continue;
        }
        let window = scan.window(s, e, 120, 40);
        if !CUES_BRANDS.0.is_match(window) {
            continue;
        }
        let Some(brand) = nearby_brand(scan, s, e) else {
            continue;
        };
        if !has_letter && !DIGIT_BRANDS.contains(&brand) {
            continue;
        }
        out.push((s, e, [brand, ":", &code].concat()));
    }
    for (s, e, v) in out {
        scan.claim(s, e);
        scan.push(Kind::GiftCard, v, s, e);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_texts::{corpus_lines, random_texts, spans};

    #[test]
    fn codes_read_like_the_pattern() {
        let mut texts = corpus_lines();
        let pieces = ["AB", "C", "12", "3", " ", "-", "x", "_", "é", "XYZ9", "  "];
        texts.extend(random_texts(&pieces, 0..24, 4000, 0x2545_f491_4f6c_dd1d));
        let mut found = 0;
        for t in &texts {
            let want = spans(&CODE, t);
            found += want.len();
            assert_eq!(
                code_matches(t.as_bytes()).collect::<Vec<_>>(),
                want,
                "{t:?}"
            );
        }
        assert!(found > 1000, "{found} codes");
    }

    #[test]
    fn ibans_ifsc_and_accounts_read_like_their_patterns() {
        let mut texts = corpus_lines();
        let pieces = [
            "FR", "76", "A", "0", "1234", " ", "\u{a0}", "-", "x", "_", "é", "HDFC", "0001234",
        ];
        texts.extend(random_texts(&pieces, 0..24, 3000, 0x2545_f491_4f6c_dd1d));
        let digits = ["1", "234", "56789", " ", "a", "_", "-", "é"];
        texts.extend(random_texts(&digits, 0..16, 2000, 0x9e37_79b9_7f4a_7c15));
        let (mut ibans, mut ifsc, mut accounts) = (0, 0, 0);
        for t in &texts {
            let b = t.as_bytes();
            let want = spans(&IBAN, t);
            ibans += want.len();
            assert_eq!(iban_matches(b).collect::<Vec<_>>(), want, "IBAN {t:?}");
            let want = spans(&IFSC, t);
            ifsc += want.len();
            assert_eq!(ifsc_matches(b).collect::<Vec<_>>(), want, "IFSC {t:?}");
            let want = spans(&ACCOUNT, t);
            accounts += want.len();
            assert_eq!(
                account_matches(b).collect::<Vec<_>>(),
                want,
                "account {t:?}"
            );
        }
        assert!(
            ibans > 100 && ifsc > 100 && accounts > 100,
            "{ibans} {ifsc} {accounts}"
        );
    }

    #[test]
    fn high_bits_counts_like_count_ones() {
        for flags in 0..=255u64 {
            let x = (0..8)
                .filter(|k| flags >> k & 1 == 1)
                .fold(0u64, |x, k| x | 0x80 << (8 * k));
            assert_eq!(high_bits(x), x.count_ones() as usize, "{x:#x}");
        }
    }

    /// The vectorised searchers answer as the automata do.
    #[test]
    fn packed_cue_and_brand_test_reads_like_the_automata() {
        assert!(CUES_BRANDS_PACKED.is_some(), "no vectorised searcher here");
        let mut texts: Vec<String> = corpus_lines().iter().map(|t| t.to_lowercase()).collect();
        let pieces = [
            "gift",
            " card",
            "code",
            "apple",
            "steam",
            "pin",
            "x",
            " ",
            "é",
            "carte",
            "cadeau",
            "google play",
        ];
        texts.extend(random_texts(&pieces, 0..10, 3000, 0x2545_f491_4f6c_dd1d));
        let mut yes = 0;
        for t in &texts {
            let (cues, brands) = &*CUES_BRANDS;
            let want = cues.is_match(t) && brands.is_match(t);
            yes += usize::from(want);
            assert_eq!(has_cue_and_brand(t), want, "{t:?}");
        }
        assert!(yes > 1000, "only {yes} texts with a cue and a brand");
    }

    /// The word-at-a-time reading gives the byte-by-byte one's answer.
    #[test]
    fn may_hold_code_reads_like_byte_by_byte() {
        let reference = |t: &str| {
            let mut run = CodeRun::default();
            t.bytes().any(|c| run.push(c))
        };
        let mut texts = corpus_lines();
        let pieces = [
            "A", "Z", "0", "9", " ", "-", "a", "é", "@", "[", "`", "/", ":",
        ];
        texts.extend(random_texts(&pieces, 0..40, 3000, 0x2545_f491_4f6c_dd1d));
        for t in &texts {
            assert_eq!(may_hold_code(t), reference(t), "{t:?}");
        }
        // Every byte value against the bounds of each class.
        for c in 0..=255u8 {
            let x = u64::from(c) << 24;
            for (lo, hi) in [(b'0', b'9'), (b'A', b'Z'), (b' ', b' '), (b'-', b'-')] {
                let want = (lo..=hi).contains(&c);
                assert_eq!(ascii_in(x, lo, hi) == 1 << 31, want, "{c} in {lo}..={hi}");
            }
        }
    }

    /// `may_hold_code` only skips texts where the reader finds nothing: on
    /// every corpus text, and on random texts of codes, cue words and brands.
    #[test]
    fn may_hold_code_is_necessary() {
        let mut texts = corpus_lines();
        let words = [
            "gift card",
            "apple",
            "google play",
            "steam",
            "code",
            "X4RT",
            "7YHJ",
            "9KLM",
            "1234",
            "5678",
            "9012",
            "3456",
            "AB",
            "12",
            "-",
            " ",
            ". ",
            "é",
        ];
        texts.extend(random_texts(&words, 12..13, 20_000, 0x9e37_79b9_7f4a_7c15));
        let mut found = 0;
        for t in &texts {
            let mut scan = Scan::new(t, None);
            read_gift_cards(&mut scan);
            if !scan.hits.is_empty() {
                found += 1;
                assert!(may_hold_code(t), "{t:?}");
            }
        }
        assert!(
            found > 100,
            "only {found} texts with a gift card: the test reads too little"
        );
    }
}
