//! Phone numbers: finding them in text and giving them their E.164 form, checked against libphonenumber's metadata.
//!
//! How a number without `+` is read:
//! - `00…` (and `011…` when the region is NANP or unknown) is an international prefix;
//! - with a region, the number is read as a national number of that region:
//!   with its trunk prefix (`09 70…` in France), or, in NANP and for Indian
//!   mobiles, without it (the country code is then put before it);
//! - written the NANP way (`(415) 555-2671`, `1 800 952 6436`), it is read as
//!   NANP first whatever the region;
//! - whatever the region, 11 digits starting `1` then `2-9` are tried as NANP (`1-888-…`);
//! - without a region, 10 digits starting with a toll-free code (800, 833, 844,
//!   855, 866, 877, 888) are tried as US; other national numbers are not read.
//!
//! NANP numbers `555-0100`…`555-0199` (reserved for fiction) are refused in
//! geographic area codes; the spec's own examples use toll-free `888-555-0123`,
//! so toll-free codes keep them.

use crate::numbering;
use crate::scan::{ascii_in, Scan};
use crate::{Invalid, Kind};
use phonenumber::country::Id;

/// Bytes that may start a candidate (`+`, `(`, a digit), separate its
/// digits (space, `(`, `)`, `.`, `-`; the no-break space is `C2 A0`), or
/// follow a line break inside it (space, `(`, `)`).
const START: u8 = 1;
const SEP: u8 = 2;
const AFTER_BREAK: u8 = 4;

static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        t[c] = match b {
            b'0'..=b'9' | b'+' => START,
            b'(' => START | SEP | AFTER_BREAK,
            b')' | b' ' => SEP | AFTER_BREAK,
            b'.' | b'-' => SEP,
            _ => 0,
        };
        c += 1;
    }
    t
};

/// Length in bytes of the character at `i` if it is in `class` (`SEP` or
/// `AFTER_BREAK`, both of which hold the no-break space), else 0.
fn class_len(b: &[u8], i: usize, class: u8) -> usize {
    match b.get(i) {
        Some(&c) if CLASS[usize::from(c)] & class != 0 => 1,
        Some(0xC2) if b.get(i + 1) == Some(&0xA0) => 2,
        _ => 0,
    }
}

/// The first byte at or after `from` that may start a candidate (a digit,
/// `+` or `(`): eight bytes without one are crossed at once.
fn next_start(b: &[u8], mut from: usize) -> Option<usize> {
    while let Some(word) = b
        .get(from..from + 8)
        .and_then(|w| <[u8; 8]>::try_from(w).ok())
    {
        let x = u64::from_le_bytes(word);
        let starts = ascii_in(x, b'0', b'9') | ascii_in(x, b'+', b'+') | ascii_in(x, b'(', b'(');
        if starts != 0 {
            // The lowest marked byte comes first in the text.
            return Some(from + (starts.trailing_zeros() / 8) as usize);
        }
        from += 8;
    }
    let rest = b.get(from..)?;
    rest.iter()
        .position(|&c| CLASS[usize::from(c)] & START != 0)
        .map(|k| from + k)
}

/// Where a run of at most `max` characters of `class` from `i` ends.
fn skip_class(b: &[u8], mut i: usize, class: u8, max: usize) -> usize {
    for _ in 0..max {
        match class_len(b, i, class) {
            0 => break,
            n => i += n,
        }
    }
    i
}

/// Runs of digits and separators that may be phone numbers: the matches of
///
/// ```text
/// [+(]{0,2}[0-9](?:[0-9]|(?:[ \u{a0}().\-]{1,3}|[ \u{a0}().\-]{0,2}\r?\n[ \u{a0}()]{0,2})[0-9])*
/// ```
///
/// (separators between digits, or one line break: a number split across
/// lines), as one leftmost-first search of the whole text would give them, read
/// by hand in one pass (the test `candidates_match_the_pattern` holds them equal).
fn candidates(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let b = text.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let mut at = 0;
    std::iter::from_fn(move || {
        // The leftmost start: a digit, or one or two of `+(` then a digit.
        let start = loop {
            let s = next_start(b, at)?;
            let lead = b[s..]
                .iter()
                .take(2)
                .take_while(|&&c| c == b'+' || c == b'(')
                .count();
            if lead == 0 || digit(s + 1) || (lead == 2 && digit(s + 2)) {
                break s;
            }
            at = s + 1;
        };
        let mut i = start
            + b[start..]
                .iter()
                .take_while(|&&c| c == b'+' || c == b'(')
                .count()
            + 1;
        loop {
            if digit(i) {
                i += 1;
                continue;
            }
            // One to three separators, then a digit.
            let j = skip_class(b, i, SEP, 3);
            if j > i && digit(j) {
                i = j + 1;
                continue;
            }
            // Up to two separators, a line break, up to two of ` (`)`, a digit.
            let mut j = skip_class(b, i, SEP, 2);
            if b.get(j) == Some(&b'\r') {
                j += 1;
            }
            if b.get(j) == Some(&b'\n') {
                let k = skip_class(b, j + 1, AFTER_BREAK, 2);
                if digit(k) {
                    i = k + 1;
                    continue;
                }
            }
            break;
        }
        at = i;
        Some((start, i))
    })
}

/// One step of a [`Shape`]: a byte, a byte that may be left out, a number
/// of ASCII digits, or one byte of a set.
#[derive(Clone, Copy)]
enum Step {
    Byte(u8),
    Maybe(u8),
    Digits(usize),
    OneOf(&'static [u8]),
}

/// A sequence of steps a whole string is matched against. No step can take
/// a byte the next one could take instead (digits, brackets and separators
/// are apart), so reading each step as far as it goes decides the match.
type Shape = &'static [Step];

fn matches_shape(s: &[u8], shape: Shape) -> bool {
    let mut i = 0;
    for step in shape {
        match *step {
            Step::Byte(c) if s.get(i) == Some(&c) => i += 1,
            Step::Byte(_) => return false,
            Step::Maybe(c) => i += usize::from(s.get(i) == Some(&c)),
            Step::Digits(n) => {
                if !s
                    .get(i..i + n)
                    .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
                {
                    return false;
                }
                i += n;
            }
            Step::OneOf(set) if s.get(i).is_some_and(|c| set.contains(c)) => i += 1,
            Step::OneOf(_) => return false,
        }
    }
    i == s.len()
}

/// The ways NANP numbers are written (`(415) 555-2671`, `1 800 952 6436`):
/// read as NANP first whatever the region.
const NANP_SHAPES: [Shape; 2] = {
    use Step::*;
    const SEP: &[u8] = b" .-";
    [
        &[
            Byte(b'('),
            Digits(3),
            Byte(b')'),
            Maybe(b' '),
            Digits(3),
            OneOf(SEP),
            Digits(4),
        ],
        &[
            Byte(b'1'),
            OneOf(SEP),
            Maybe(b'('),
            Digits(3),
            Maybe(b')'),
            OneOf(SEP),
            Digits(3),
            OneOf(SEP),
            Digits(4),
        ],
    ]
};

fn is_nanp_shape(raw: &str) -> bool {
    NANP_SHAPES
        .iter()
        .any(|&shape| matches_shape(raw.as_bytes(), shape))
}

/// Whether `raw` is written as a date: three groups of digits with one of
/// `-./ ` between them, of 4, 1–2, 1–2 or 1–2, 1–2, 2–4 digits.
fn is_date(raw: &str) -> bool {
    let mut groups = raw
        .as_bytes()
        .split(|c| matches!(c, b'-' | b'.' | b'/' | b' '));
    let mut len = || {
        groups
            .next()
            .filter(|g| g.iter().all(u8::is_ascii_digit))
            .map_or(0, <[u8]>::len)
    };
    let (a, b, c) = (len(), len(), len());
    groups.next().is_none()
        && ((a == 4 && (1..=2).contains(&b) && (1..=2).contains(&c))
            || ((1..=2).contains(&a) && (1..=2).contains(&b) && (2..=4).contains(&c)))
}

const NANP: &[Id] = &[
    Id::US,
    Id::CA,
    Id::AG,
    Id::AI,
    Id::AS,
    Id::BB,
    Id::BM,
    Id::BS,
    Id::DM,
    Id::DO,
    Id::GD,
    Id::GU,
    Id::JM,
    Id::KN,
    Id::KY,
    Id::LC,
    Id::MP,
    Id::MS,
    Id::PR,
    Id::SX,
    Id::TC,
    Id::TT,
    Id::VC,
    Id::VG,
    Id::VI,
];

const TOLL_FREE: &[&str] = &["800", "833", "844", "855", "866", "877", "888"];

/// Words that, just before a run of digits, say it is not a phone number.
const NOT_PHONE_WORDS: &[&str] = &[
    "order",
    "orders",
    "commande",
    "ref",
    "réf",
    "reference",
    "référence",
    "invoice",
    "facture",
    "ticket",
    "case",
    "dossier",
    "transaction",
    "txn",
    "tracking",
    "suivi",
    "colis",
    "serial",
    "série",
    "version",
    "build",
    "kb",
    "error",
    "erreur",
    "amount",
    "montant",
    "total",
    "price",
    "prix",
    "rs",
    "inr",
    "usd",
    "eur",
    "id",
    "account",
    "compte",
    "a/c",
    "acct",
    "card",
    "carte",
    "pin",
    "code",
    "otp",
    "iban",
    "rib",
    "password",
    "passe",
    "siret",
    "siren",
    "ifsc",
    "sku",
    "pnr",
    "awb",
    "aadhaar",
    "aadhar",
    "pan",
    "gst",
    "gstin",
    "imei",
    "utr",
    "rrn",
    "ticket#",
    "claim",
    "policy",
    "membership",
    "customer",
    "client",
    "batch",
    "lot",
    "receipt",
    "reçu",
    "bill",
];

/// [`NOT_PHONE_WORDS`] as a set: looked up for every run of digits, where
/// going through the list was a sixth of the time of reading them.
static NOT_PHONE: std::sync::LazyLock<rustc_hash::FxHashSet<&'static str>> =
    std::sync::LazyLock::new(|| NOT_PHONE_WORDS.iter().copied().collect());

/// Words between a "not a phone" word and the digits ("order number 123…").
const LINK_WORDS: &[&str] = &[
    "number", "no", "no.", "num", "nr", "nº", "n°", "numéro", "numero", "is", "was", "id", "code",
    "de", "du", "est", "hai", "tha", "#", "n",
];

/// Words that, just after a run of digits, say it is an amount.
const AMOUNT_WORDS: &[&str] = &[
    "€", "$", "£", "₹", "eur", "euro", "euros", "usd", "dollar", "dollars", "rs", "inr", "rupees",
    "roupies", "%",
];

/// The region code (any case) as libphonenumber's id; `UK` is read as `GB`.
pub(crate) fn region_id(region: Option<&str>) -> Option<Id> {
    let r = region?.trim().as_bytes();
    let &[a, b] = r else {
        return None;
    };
    let mut code = [a.to_ascii_uppercase(), b.to_ascii_uppercase()];
    if &code == b"UK" {
        code = *b"GB";
    }
    thread_local! {
        /// The last code read and its id: a batch's reports mostly share a
        /// region, and reading an id by name walks every region's name.
        static LAST: std::cell::Cell<Option<([u8; 2], Option<Id>)>> =
            const { std::cell::Cell::new(None) };
    }
    LAST.with(|last| match last.get() {
        Some((c, id)) if c == code => id,
        _ => {
            let id = std::str::from_utf8(&code).ok()?.parse::<Id>().ok();
            last.set(Some((code, id)));
            id
        }
    })
}

/// Entries kept per thread by the memo of `parse_valid` before it is cleared.
const MEMO_LIMIT: usize = 65_536;

/// Verdicts of `parse_valid_uncached`, by [`MemoKey`]: the digits of the
/// E.164 form as a number, 0 for none (eight bytes rather than an optional
/// string's 24, so that the table, which grows by thousands of numbers in a
/// large run, touches fewer new pages).
type Memo = rustc_hash::FxHashMap<MemoKey, u64>;

/// The digits of an E.164 form (`+` then one to 19 digits, the first not
/// `0`) as a number, or `None`.
fn e164_number(e164: &str) -> Option<u64> {
    let d = e164.strip_prefix('+')?;
    if d.is_empty() || d.starts_with('0') {
        return None;
    }
    digits_value(d)
}

/// At most 19 ASCII digits as a number (`None` for more, or for another byte).
fn digits_value(d: &str) -> Option<u64> {
    if d.len() > 19 {
        return None;
    }
    d.bytes().try_fold(0u64, |n, b| {
        b.is_ascii_digit().then(|| n * 10 + u64::from(b - b'0'))
    })
}

/// The E.164 form of digits packed by [`e164_number`].
fn e164_string(mut n: u64) -> String {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    while n > 0 {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
    }
    let mut out = String::with_capacity(1 + digits.len() - i);
    out.push('+');
    out.push_str(std::str::from_utf8(&digits[i..]).unwrap_or_default());
    out
}

/// What `parse_valid` is asked, packed without allocating: the region,
/// whether a `+` leads, and the digits as a number with their count (so that
/// leading zeros count).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct MemoKey {
    region: Option<Id>,
    plus: bool,
    len: u8,
    value: u64,
}

impl MemoKey {
    /// `None` when `s` is not `+digits` or `digits` with at most 19 digits.
    fn new(s: &str, region: Option<Id>) -> Option<MemoKey> {
        let (plus, digits) = match s.strip_prefix('+') {
            Some(d) => (true, d),
            None => (false, s),
        };
        Some(MemoKey {
            region,
            plus,
            len: digits.len() as u8,
            value: digits_value(digits)?,
        })
    }
}

thread_local! {
    /// Scam numbers recur across thousands of reports: remember each
    /// (region, digits) verdict rather than run the metadata's expressions again.
    static MEMO: std::cell::RefCell<Memo> = std::cell::RefCell::new(Memo::default());
}

/// Empties this thread's [`MEMO`].
pub(crate) fn forget_verdicts() {
    MEMO.with(|m| m.borrow_mut().clear());
}

fn parse_valid(s: &str, region: Option<Id>) -> Option<String> {
    let Some(key) = MemoKey::new(s, region) else {
        return parse_valid_uncached(s, region);
    };
    if let Some(hit) = MEMO.with(|m| m.borrow().get(&key).copied()) {
        return (hit != 0).then(|| e164_string(hit));
    }
    let verdict = parse_valid_uncached(s, region);
    // (A form too long to pack is not remembered.)
    let packed = verdict.as_deref().map_or(Some(0), e164_number);
    if let Some(packed) = packed {
        MEMO.with(|m| {
            let mut m = m.borrow_mut();
            if m.len() >= MEMO_LIMIT {
                m.clear();
            }
            m.insert(key, packed);
        });
    }
    verdict
}

/// Parsing and validation as libphonenumber does them, over its current
/// metadata (`numbering`). `s` is `+digits` or `digits` dialled in `region`.
fn parse_valid_uncached(s: &str, region: Option<Id>) -> Option<String> {
    let parsed = match s.strip_prefix('+') {
        Some(digits) => numbering::international(digits),
        None => numbering::national(s, numbering::region(region?.as_ref())?),
    }?;
    if is_fictitious(&parsed) {
        return None;
    }
    Some(parsed)
}

/// The country calling code and national (trunk) prefix of a region.
fn region_prefixes(region: Id) -> Option<(u16, Option<&'static str>)> {
    crate::trunk::lookup(region.as_ref())
}

fn is_fictitious(e164: &str) -> bool {
    let b = e164.as_bytes();
    e164.len() == 12
        && e164.starts_with("+1")
        && !TOLL_FREE.contains(&&e164[2..5])
        && &b[5..8] == b"555"
        && &b[8..10] == b"01"
}

/// [`parse_valid`] for an international number given in parts (`+`, the
/// country code, the digits), joined on the stack rather than in a new string.
fn parse_dialled(parts: &[&str]) -> Option<String> {
    let mut buf = [0u8; 40];
    let mut n = 0;
    for p in parts {
        buf.get_mut(n..n + p.len())?.copy_from_slice(p.as_bytes());
        n += p.len();
    }
    parse_valid(std::str::from_utf8(&buf[..n]).ok()?, None)
}

/// `n` in decimal, written in `buf`.
fn decimal(mut n: u16, buf: &mut [u8; 5]) -> &str {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    std::str::from_utf8(&buf[i..]).unwrap_or_default()
}

/// E.164 form of a number given as its digits (and whether a `+` led them).
pub(crate) fn to_e164(digits: &str, plus: bool, region: Option<Id>) -> Option<String> {
    let n = digits.len();
    if !(7..=18).contains(&n) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if plus {
        return (n <= 15).then(|| parse_dialled(&["+", digits])).flatten();
    }
    if let Some(rest) = digits.strip_prefix("00") {
        return (!rest.starts_with('0') && rest.len() <= 15)
            .then(|| parse_dialled(&["+", rest]))
            .flatten();
    }
    let nanp_region = region.is_none_or(|r| NANP.contains(&r));
    if nanp_region {
        if let Some(rest) = digits.strip_prefix("011") {
            return (!rest.starts_with('0') && rest.len() <= 15)
                .then(|| parse_dialled(&["+", rest]))
                .flatten();
        }
    }
    if n > 15 {
        return None;
    }
    if let Some(r) = region {
        if let Some(v) = read_national(digits, r) {
            return Some(v);
        }
    }
    let b = digits.as_bytes();
    if n == 11 && b[0] == b'1' && (b'2'..=b'9').contains(&b[1]) {
        return parse_dialled(&["+", digits]);
    }
    if region.is_none() && n == 10 && TOLL_FREE.contains(&&digits[..3]) {
        return parse_dialled(&["+1", digits]);
    }
    None
}

/// A number written without `+` or an international prefix, in `region`.
fn read_national(digits: &str, r: Id) -> Option<String> {
    let Some((cc, np)) = region_prefixes(r) else {
        return parse_valid(digits, Some(r));
    };
    let np = np.unwrap_or_default();
    if np.is_empty() || digits.starts_with(np) {
        return parse_valid(digits, Some(r));
    }
    if NANP.contains(&r) || r == Id::IN {
        // The national number without its trunk prefix: put the country code
        // before it ourselves (the library takes an Indian mobile starting 91
        // for one written with the country code).
        if digits.len() <= 13 {
            let mut code = [0u8; 5];
            if let Some(v) = parse_dialled(&["+", decimal(cc, &mut code), digits]) {
                return Some(v);
            }
        }
        return parse_valid(digits, Some(r));
    }
    // Elsewhere national numbers are written with their trunk prefix (`09 70…`
    // in France); without it, only the country code then the number is read.
    if digits.starts_with(decimal(cc, &mut [0u8; 5])) {
        return parse_valid(digits, Some(r));
    }
    None
}

/// Canonical form of a phone number given on its own.
pub(crate) fn canonicalize(raw: &str, region: Option<Id>) -> Result<String, Invalid> {
    let bad = || Invalid(format!("`{}` is not a valid phone number", raw.trim()));
    let s = raw.trim();
    let s = s
        .strip_prefix("tel:")
        .or_else(|| s.strip_prefix("TEL:"))
        .unwrap_or(s)
        .trim();
    if s.chars().any(|c| c.is_alphabetic()) {
        return Err(bad());
    }
    let plus = s.starts_with('+') || s.starts_with("(+");
    let s = if plus {
        s.replacen("(0)", "", 1)
    } else {
        s.to_string()
    };
    let digits: String = s.chars().filter(|c| c.is_ascii_digit()).collect();
    to_e164(&digits, plus, region).ok_or_else(bad)
}

/// A run of digits and separators read from the text.
struct Candidate<'t> {
    raw: &'t str,
    start: usize,
}

impl Candidate<'_> {
    /// Byte offsets (in `raw`) where each group of digits starts, plus the digits.
    fn groups(&self) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut cur: Option<usize> = None;
        for (i, b) in self.raw.bytes().enumerate() {
            if b.is_ascii_digit() {
                if cur.is_none() {
                    cur = Some(i);
                }
            } else if let Some(s) = cur.take() {
                out.push((s, i));
            }
        }
        if let Some(s) = cur {
            out.push((s, self.raw.len()));
        }
        out
    }
}

/// The ASCII digits of `s`, in one allocation (collecting the filtered
/// bytes grew the string at each of them).
fn digits_of(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    out.extend(s.bytes().filter(u8::is_ascii_digit).map(char::from));
    out
}

fn last_words<'s>(scan: &'s Scan<'_>, start: usize) -> (&'s str, &'s str) {
    let before = scan.window(start, start, 40, 0);
    let trimmed = before.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, ':' | '#' | '°' | '.' | '-' | '(' | '=' | '\'')
    });
    let mut words = trimmed
        .rsplit(|c: char| c.is_whitespace() || matches!(c, ':' | '#' | '°' | '(' | ','))
        .filter(|w| !w.is_empty());
    let w1 = words.next().unwrap_or("");
    let w2 = words.next().unwrap_or("");
    (w1, w2)
}

fn context_ok(scan: &Scan<'_>, start: usize, end: usize, plus: bool) -> bool {
    if let Some(c) = scan.char_before(start) {
        if c.is_alphanumeric()
            || matches!(
                c,
                '#' | '$' | '€' | '£' | '¥' | '₹' | '_' | '@' | '/' | '\\' | '=' | '&' | '%' | '+'
            )
        {
            return false;
        }
        if matches!(c, '.' | ',' | '-' | ':')
            && scan
                .char_before(start - c.len_utf8())
                .is_some_and(|d| d.is_alphanumeric())
        {
            return false;
        }
    }
    if let Some(c) = scan.char_at(end) {
        if c.is_alphanumeric() || matches!(c, '%' | '€' | '$' | '£' | '₹' | '/' | '@' | '_') {
            return false;
        }
        if matches!(c, '.' | ',' | '-' | ':')
            && scan
                .char_at(end + c.len_utf8())
                .is_some_and(|d| d.is_ascii_digit())
        {
            return false;
        }
    }
    let after = scan.window(end, end, 0, 12);
    let next = after
        .trim_start()
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | ')' | ';'))
        .next()
        .unwrap_or("");
    if AMOUNT_WORDS.contains(&next) {
        return false;
    }
    if !plus {
        let (w1, w2) = last_words(scan, start);
        if w1 == "id" && w2 == "caller" {
            return true;
        }
        if NOT_PHONE.contains(w1) || (NOT_PHONE.contains(w2) && LINK_WORDS.contains(&w1)) {
            return false;
        }
    }
    true
}

fn shape_ok(raw: &str) -> bool {
    if is_date(raw) {
        return false;
    }
    if raw.contains('.') {
        let groups: Vec<&str> = raw
            .split(|c: char| !c.is_ascii_digit())
            .filter(|g| !g.is_empty())
            .collect();
        // Versions (10.0.19045.3570) have one-digit parts; IPv4 has four short ones.
        if groups
            .iter()
            .enumerate()
            .any(|(i, g)| g.len() == 1 && !(i == 0 && *g == "1"))
        {
            return false;
        }
        if groups.len() == 4 && groups.iter().all(|g| g.len() <= 3) && !raw.contains(' ') {
            return false;
        }
    }
    true
}

/// Whether the digits of `raw` pass the Luhn check of payment card numbers.
fn luhn_ok(raw: &str) -> bool {
    let mut sum = 0u32;
    for (i, d) in raw
        .bytes()
        .rev()
        .filter(u8::is_ascii_digit)
        .map(|b| u32::from(b - b'0'))
        .enumerate()
    {
        sum += if i % 2 == 1 {
            let x = d * 2;
            if x > 9 {
                x - 9
            } else {
                x
            }
        } else {
            d
        };
    }
    matches!(sum % 10, 0)
}

/// Reads the number written in `raw` (a whole candidate or part of one).
fn read_one(raw: &str, region: Option<Id>) -> Option<String> {
    let plus = raw.starts_with('+') || raw.starts_with("(+");
    if !plus && region.is_some_and(|r| !NANP.contains(&r)) && is_nanp_shape(raw) {
        let d = digits_of(raw);
        let ten = d.strip_prefix('1').filter(|t| t.len() == 10).unwrap_or(&d);
        return parse_dialled(&["+1", ten]);
    }
    let digits = if plus && raw.contains("(0)") {
        digits_of(&raw.replacen("(0)", "", 1))
    } else {
        digits_of(raw)
    };
    to_e164(&digits, plus, region)
}

/// Finds phone numbers in the text.
pub(crate) fn find(scan: &mut Scan<'_>) {
    if scan.gate.digits < 7 {
        return;
    }
    let text = scan.text;
    let mut found: Vec<(usize, usize, String)> = Vec::new();
    for (start, end) in candidates(text) {
        let mut start = start;
        let mut raw = &text[start..end];
        // A lone opening parenthesis belongs to the sentence, not the number.
        if raw.starts_with('(') && !raw.contains(')') {
            let t = raw.trim_start_matches('(');
            start += raw.len() - t.len();
            raw = t;
        }
        let ndigits = raw.bytes().filter(u8::is_ascii_digit).count();
        if ndigits < 7 {
            continue;
        }
        let end = start + raw.len();
        if scan.is_claimed(start, end) {
            continue;
        }
        let plus = raw.starts_with('+') || raw.starts_with("(+");
        if !context_ok(scan, start, end, plus) || !shape_ok(raw) {
            continue;
        }
        if !plus && (13..=19).contains(&ndigits) && !raw.starts_with("00") && luhn_ok(raw) {
            // A payment card number, not a phone number.
            continue;
        }
        if let Some(v) = read_one(raw, scan.region) {
            found.push((start, end, v));
            continue;
        }
        // Several numbers written one after the other: try prefixes made of whole groups.
        let cand = Candidate { raw, start };
        let groups = cand.groups();
        if groups.len() < 2 || ndigits < 14 {
            continue;
        }
        let mut g0 = 0;
        let mut budget = 12;
        while g0 < groups.len() && budget > 0 {
            let mut hit = None;
            // A number has few groups: look at most 8 groups ahead.
            for g1 in (g0 + 1..=groups.len().min(g0 + 8)).rev() {
                let from = if g0 == 0 { 0 } else { groups[g0].0 };
                let part = &raw[from..groups[g1 - 1].1];
                let nd = part.bytes().filter(u8::is_ascii_digit).count();
                if !(7..=15).contains(&nd) {
                    continue;
                }
                budget -= 1;
                if let Some(v) = read_one(part, scan.region) {
                    hit = Some((g1, v));
                    break;
                }
                if budget == 0 {
                    break;
                }
            }
            match hit {
                Some((g1, v)) => {
                    let from = if g0 == 0 { 0 } else { groups[g0].0 };
                    found.push((cand.start + from, cand.start + groups[g1 - 1].1, v));
                    g0 = g1;
                }
                None => g0 += 1,
            }
        }
    }
    for (s, e, v) in found {
        scan.claim(s, e);
        scan.push(Kind::Phone, v, s, e);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_texts::{corpus_lines, random_texts, spans};
    use regex::Regex;
    use std::sync::LazyLock;

    /// The pattern [`candidates`] reads by hand.
    static CANDIDATE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"[+(]{0,2}[0-9](?:[0-9]|(?:[ \u{a0}().\-]{1,3}|[ \u{a0}().\-]{0,2}\r?\n[ \u{a0}()]{0,2})[0-9])*",
        )
        .expect("phone regex")
    });

    #[test]
    fn shapes_read_like_their_patterns() {
        let nanp = Regex::new(r"^(?:\([0-9]{3}\) ?[0-9]{3}[-. ][0-9]{4}|1[ .\-]\(?[0-9]{3}\)?[ .\-][0-9]{3}[ .\-][0-9]{4})$").unwrap();
        let date = Regex::new(
            r"^(?:[0-9]{4}[-./ ][0-9]{1,2}[-./ ][0-9]{1,2}|[0-9]{1,2}[-./ ][0-9]{1,2}[-./ ][0-9]{2,4})$",
        )
        .unwrap();
        let mut texts: Vec<String> = corpus_lines()
            .iter()
            .flat_map(|l| {
                candidates(l)
                    .map(|(s, e)| l[s..e].to_string())
                    .collect::<Vec<_>>()
            })
            .collect();
        let pieces = [
            "1", "23", "456", "7890", "(", ")", " ", ".", "-", "/", "+", "é",
        ];
        texts.extend(random_texts(&pieces, 0..12, 5000, 0x9e37_79b9_7f4a_7c15));
        let date_pieces = ["1", "23", "2023", "7", "-", "/", ".", " "];
        texts.extend(random_texts(
            &date_pieces,
            3..8,
            3000,
            0x2545_f491_4f6c_dd1d,
        ));
        texts.extend(
            [
                "(415) 555-2671",
                "1 800 952 6436",
                "1-(800)-952.6436",
                "2023-10-12",
                "12/10/2023",
            ]
            .map(String::from),
        );
        let (mut n, mut d) = (0, 0);
        for t in &texts {
            assert_eq!(is_nanp_shape(t), nanp.is_match(t), "{t:?}");
            assert_eq!(is_date(t), date.is_match(t), "{t:?}");
            n += usize::from(nanp.is_match(t));
            d += usize::from(date.is_match(t));
        }
        // Both shapes were met many times, not only refused.
        assert!(n > 50 && d > 50, "{n} NANP shapes, {d} dates");
    }

    /// The memo's packed verdicts give back the very forms they packed, and
    /// a number asked twice gets the same answer from the memo as it did
    /// from the metadata.
    #[test]
    fn memo_keeps_verdicts_exactly() {
        for e in [
            "+1",
            "+18447220967",
            "+390612345678",
            "+9999999999999999999",
        ] {
            assert_eq!(e164_number(e).map(e164_string).as_deref(), Some(e));
        }
        for e in [
            "",
            "+",
            "+0123",
            "18447220967",
            "+1844a",
            "+99999999999999999999",
        ] {
            assert_eq!(e164_number(e), None, "{e:?}");
        }
        let regions = [None, Some(Id::US), Some(Id::FR), Some(Id::IN), Some(Id::GB)];
        let numbers = [
            "+18447220967",
            "+33970123456",
            "0970123456",
            "8447220967",
            "+919876543210",
            "9876543210",
            "02071234567",
            "+442071234567",
            "12345",
            "+1555",
        ];
        for r in regions {
            for n in numbers {
                let first = parse_valid(n, r);
                assert_eq!(first, parse_valid_uncached(n, r), "{n} in {r:?}");
                assert_eq!(parse_valid(n, r), first, "{n} in {r:?}, remembered");
            }
        }
    }

    #[test]
    fn candidates_match_the_pattern() {
        let mut texts = corpus_lines();
        let pieces = [
            "0", "1", "2", "3", "+", "(", ")", ".", " ", "-", "\u{a0}", "\r", "\n", "x", "é",
        ];
        texts.extend(random_texts(&pieces, 0..40, 2000, 0x2545_f491_4f6c_dd1d));
        for t in &texts {
            let got: Vec<(usize, usize)> = candidates(t).collect();
            assert_eq!(got, spans(&CANDIDATE, t), "{t:?}");
        }
    }
}
