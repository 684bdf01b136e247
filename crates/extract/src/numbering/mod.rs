//! Phone numbers parsed and validated the way libphonenumber does it, over its metadata (kept in `data.rs`), its patterns compiled to DFAs over ASCII digits by the build script.
//!
//! Only what the extractor asks is implemented: a string of ASCII digits,
//! either led by `+` (the country code comes first) or dialled in a region.
//! For those inputs the verdict and the E.164 form are libphonenumber's own:
//! the steps below follow `rlibphonenumber`'s `parse` (international prefix,
//! country code, national prefix and its transform rule, the length tests)
//! and `is_valid_number` (region by leading digits, then the number types),
//! and a test compares both on every region's example numbers and on
//! hundreds of thousands of variants of them.
//!
//! Why not call the library: building its tables costs some 8 ms in every
//! process, and it compiles each pattern with Unicode `\d` the first time a
//! region is met (2–14 ms for the first number of the US, Britain or India),
//! a third of the time of a short extraction run. The same patterns over
//! ASCII are compiled once, at build time (`build.rs`), and read in place
//! ([`prebuilt`]); compiling one at run time ([`pattern`]) is the fallback.

#[rustfmt::skip] // generated: compared byte for byte with the generator's output
mod data;
#[cfg(test)]
mod tests;

use crate::trunk;
use regex_automata::dfa::{dense, Automaton};
use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::nfa::thompson::{self, WhichCaptures};
use regex_automata::util::syntax;
use regex_automata::{Anchored, Input};
use std::borrow::Cow;
use std::cell::RefCell;
use std::sync::{LazyLock, OnceLock};

/// A pattern compiled to its forward NFA; its DFA states are made as
/// searches reach them (each thread keeps its own in [`CACHES`]).
type Regex = DFA;

/// One description of numbers: the national number pattern (unanchored), the
/// possible lengths and the lengths possible only for local dialling.
#[derive(Debug)]
pub(crate) struct Desc(
    pub Option<&'static str>,
    pub &'static [i8],
    pub &'static [i8],
);

/// A description no number matches (libphonenumber's "NA": no pattern, length -1).
pub(crate) const NA: Desc = Desc(None, &[-1], &[]);

/// The number types, in the order libphonenumber tests them.
pub(crate) const TYPES: usize = 10;

/// One region's metadata (or one non-geographic calling code's, id `001`).
#[derive(Debug)]
pub(crate) struct Meta {
    #[allow(dead_code)] // read by the tests, which compare it with the library's
    pub id: &'static str,
    pub cc: u16,
    /// International (IDD) prefix pattern.
    pub intl: Option<&'static str>,
    /// National prefix for parsing pattern.
    pub npfp: Option<&'static str>,
    pub transform: &'static str,
    pub leading: Option<&'static str>,
    /// Fixed-line and mobile numbers share one pattern.
    pub same: bool,
    pub general: Desc,
    /// premium rate, toll free, shared cost, VoIP, personal, pager, UAN,
    /// voicemail, fixed line, mobile.
    pub types: [Desc; TYPES],
}

const FIXED: usize = 8;
const MOBILE: usize = 9;

/// Pattern slots compiled per metadata entry: general, the types, leading
/// digits, international prefix.
const SLOTS: usize = TYPES + 3;
const GENERAL: usize = 0;
const LEADING: usize = TYPES + 1;
const INTL: usize = TYPES + 2;

/// Boxed: a compiled pattern is large, and most slots are never compiled,
/// so that the table of slots stays a pointer each (zero-filled megabytes of
/// them were a tenth of the time of a short run, in page faults).
type Slot = OnceLock<Option<Box<Regex>>>;

static COMPILED: LazyLock<Box<[[Slot; SLOTS]]>> =
    LazyLock::new(|| data::META.iter().map(|_| Default::default()).collect());

/// The national prefix for parsing of each entry, whose groups are read.
static NPFP: LazyLock<Box<[OnceLock<Option<regex::bytes::Regex>>]>> =
    LazyLock::new(|| data::META.iter().map(|_| Default::default()).collect());

fn meta(i: usize) -> &'static Meta {
    &data::META[i]
}

/// The pattern of `slot` of entry `i` compiled here (where its prebuilt DFA
/// cannot be read): whole-string for the descriptions, at the start for the
/// prefixes.
///
/// Each is only asked whether it matches from the start of the digits, and
/// where that match ends: a forward lazy DFA without capture states gives
/// both, and is a fraction of what a full regex builds (a reverse NFA,
/// capture states, other engines), which every process pays for each pattern
/// it uses. The national prefix for parsing, whose groups are read, is
/// [`national_prefix`].
fn pattern(i: usize, slot: usize) -> Option<&'static Regex> {
    COMPILED[i][slot]
        .get_or_init(|| {
            let m = meta(i);
            let (p, whole) = match slot {
                GENERAL => (m.general.0, true),
                LEADING => (m.leading, false),
                INTL => (m.intl, false),
                t => (m.types[t - 1].0, true),
            };
            let p = p?;
            let src = if whole {
                format!("^(?:{p})$")
            } else {
                format!("^(?:{p})")
            };
            DFA::builder()
                .syntax(syntax::Config::new().unicode(false).utf8(false))
                .thompson(thompson::Config::new().which_captures(WhichCaptures::None))
                .build(&src)
                .ok()
                .map(Box::new)
        })
        .as_deref()
}

/// The national prefix for parsing of entry `i`, anchored at the start.
fn national_prefix(i: usize) -> Option<&'static regex::bytes::Regex> {
    NPFP[i]
        .get_or_init(|| {
            let p = meta(i).npfp?;
            regex::bytes::RegexBuilder::new(&format!("^(?:{p})"))
                .unicode(false)
                .build()
                .ok()
        })
        .as_ref()
}

thread_local! {
    /// The lazy DFAs' states, per thread, by entry and slot (boxed: most
    /// slots of a thread are never used, and stay one pointer each).
    static CACHES: RefCell<Vec<Option<Box<Cache>>>> = const { RefCell::new(Vec::new()) };
}

/// Where each entry's DFAs, compiled by the build script, lie in
/// [`PREBUILT_BYTES`]: `(offset, length)` by entry and slot, length 0 for none.
static PREBUILT_INDEX: &[[(usize, usize); SLOTS]] =
    include!(concat!(env!("OUT_DIR"), "/numbering_dfas.rs"));

/// Bytes aligned to 8, so that a DFA's tables can be read in place.
#[repr(C)]
struct Aligned<B: ?Sized> {
    _align: [u64; 0],
    bytes: B,
}

/// The serialised DFAs (little-endian), each starting on a multiple of 8.
static PREBUILT_BYTES: &Aligned<[u8]> = &Aligned {
    _align: [],
    bytes: *include_bytes!(concat!(env!("OUT_DIR"), "/numbering_dfas.bin")),
};

type Prebuilt = dense::DFA<&'static [u32]>;

/// An entry's prebuilt DFAs, each read the first time it is needed (boxed,
/// as [`Slot`]s are).
type PrebuiltSlots = [OnceLock<Option<Box<Prebuilt>>>; SLOTS];

static PREBUILT: LazyLock<Box<[PrebuiltSlots]>> =
    LazyLock::new(|| data::META.iter().map(|_| Default::default()).collect());

/// The build script's DFA for slot `slot` of entry `i`, read in place (its
/// tables are checked, not copied), or `None` if there is none or it cannot
/// be read here (another byte order): [`match_end`] then compiles the pattern.
fn prebuilt(i: usize, slot: usize) -> Option<&'static Prebuilt> {
    PREBUILT[i][slot]
        .get_or_init(|| {
            let (offset, len) = *PREBUILT_INDEX.get(i)?.get(slot)?;
            let bytes = PREBUILT_BYTES.bytes.get(offset..offset + len)?;
            (len > 0)
                .then(|| dense::DFA::from_bytes(bytes).ok())
                .flatten()
                .map(|(dfa, _)| Box::new(dfa))
        })
        .as_deref()
}

/// Where the leftmost-first match of slot `slot` of entry `i` from the
/// start of `s` ends.
fn match_end(i: usize, slot: usize, s: &[u8]) -> Option<usize> {
    let input = Input::new(s).anchored(Anchored::Yes);
    if let Some(dfa) = prebuilt(i, slot) {
        // As below, errors are impossible: no quit bytes, anchored starts built.
        return dfa
            .try_search_fwd(&input)
            .ok()
            .flatten()
            .map(|m| m.offset());
    }
    lazy_match_end(i, slot, &input)
}

/// [`match_end`] with the pattern compiled here, to a lazy DFA.
fn lazy_match_end(i: usize, slot: usize, input: &Input<'_>) -> Option<usize> {
    let re = pattern(i, slot)?;
    CACHES.with(|caches| {
        let mut caches = caches.borrow_mut();
        let k = i * SLOTS + slot;
        if caches.len() <= k {
            caches.resize_with((k + 1).max(data::META.len() * SLOTS), || None);
        }
        let cache = caches[k].get_or_insert_with(|| Box::new(re.create_cache()));
        // Errors are impossible here: no quit bytes (no Unicode word
        // boundaries) and no limit on how often the cache may be cleared.
        re.try_search_fwd(cache, input)
            .ok()
            .flatten()
            .map(|m| m.offset())
    })
}

fn matches(i: usize, slot: usize, s: &[u8]) -> bool {
    match_end(i, slot, s).is_some()
}

/// Index of a region's metadata by its upper-case ISO code.
pub(crate) fn region(code: &str) -> Option<usize> {
    static BY_PAIR: LazyLock<Box<[u16; trunk::PAIRS]>> =
        LazyLock::new(|| trunk::by_pair(data::BY_ID.iter().map(|(id, _)| *id)));
    let k = match trunk::letter_pair(code) {
        Some(p) => Some(usize::from(BY_PAIR[p])).filter(|&k| k < data::BY_ID.len())?,
        None => data::BY_ID.binary_search_by_key(&code, |(id, _)| id).ok()?,
    };
    Some(usize::from(data::BY_ID[k].1))
}

/// The entries of a calling code, the main region first.
fn regions_of(cc: u32) -> Option<&'static [u16]> {
    let cc = u16::try_from(cc).ok()?;
    data::BY_CC
        .binary_search_by_key(&cc, |(c, _)| *c)
        .ok()
        .map(|k| data::BY_CC[k].1)
}

/// The calling code at the start of `s` (one to three digits, never from a
/// leading `0`) and the rest.
fn extract_cc(s: &[u8]) -> Option<(u32, &[u8])> {
    if s.first().is_none_or(|&b| b == b'0') {
        return None;
    }
    let mut cc = 0u32;
    for (i, &b) in s.iter().take(3).enumerate() {
        cc = cc * 10 + u32::from(b - b'0');
        if regions_of(cc).is_some() {
            return Some((cc, &s[i + 1..]));
        }
    }
    None
}

#[derive(Debug, PartialEq, Eq)]
enum Length {
    Possible,
    LocalOnly,
    TooShort,
    TooLong,
    Invalid,
}

fn mask(lengths: &[i8]) -> u64 {
    let mut m = 0u64;
    for &l in lengths {
        if l < 0 {
            m = 0;
        } else {
            m |= 1 << l;
        }
    }
    m
}

/// libphonenumber's `testNumberLength` for the unknown type.
fn test_length(s: &[u8], i: usize) -> Length {
    let g = &meta(i).general;
    let possible = mask(g.1);
    let local = mask(g.2);
    if possible == 0 {
        return Length::Invalid;
    }
    let n = s.len() as u32;
    if n >= 64 {
        return Length::TooLong;
    }
    let bit = 1u64 << n;
    if local & bit != 0 {
        return Length::LocalOnly;
    }
    let min = possible.trailing_zeros();
    let max = 63 - possible.leading_zeros();
    if min == n {
        Length::Possible
    } else if min > n {
        Length::TooShort
    } else if max < n {
        Length::TooLong
    } else if possible & bit != 0 {
        Length::Possible
    } else {
        Length::Invalid
    }
}

/// libphonenumber's `maybeStripNationalPrefixAndCarrierCode`, carrier code left out.
fn strip_national_prefix(s: &[u8], i: usize) -> Cow<'_, [u8]> {
    if s.is_empty() {
        return Cow::Borrowed(s);
    }
    let Some(re) = national_prefix(i) else {
        return Cow::Borrowed(s);
    };
    // Most numbers do not start with the prefix: ask that first, which
    // costs much less than reading the groups (an allocation among it).
    if !re.is_match(s) {
        return Cow::Borrowed(s);
    }
    let Some(caps) = re.captures(s) else {
        return Cow::Borrowed(s);
    };
    let viable = matches(i, GENERAL, s);
    let transform = meta(i).transform;
    let first = caps.get(1);
    let second = caps.get(2);
    let transforms = first.is_some_and(|f| {
        !transform.is_empty()
            && (second.is_some_and(|c| !c.is_empty()) || (!f.is_empty() && second.is_none()))
    });
    if transforms {
        let replaced = re.replace(s, transform.as_bytes());
        if viable && !matches(i, GENERAL, &replaced) {
            return Cow::Borrowed(s);
        }
        return Cow::Owned(replaced.into_owned());
    }
    let end = caps.get(0).map_or(0, |m| m.end());
    let stripped = &s[end..];
    if viable && !matches(i, GENERAL, stripped) {
        return Cow::Borrowed(s);
    }
    Cow::Borrowed(stripped)
}

/// The entry whose metadata reads a number of calling code `cc`: the
/// code's main region (or its non-geographic entry).
fn entry_for(cc: u32) -> Option<usize> {
    regions_of(cc)?.first().map(|&e| usize::from(e))
}

/// libphonenumber's `parse`, for `digits` (ASCII) led by `+` when
/// `default` is `None`, else dialled in region `default`: the calling code
/// and the national significant number.
fn parse(digits: &[u8], default: Option<usize>) -> Option<(u32, Cow<'_, [u8]>)> {
    let plus = default.is_none();
    if digits.len() < if plus { 3 } else { 2 } || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let (mut cc, mut national): (u32, Cow<'_, [u8]>) = if let Some(d) = default {
        let idd_end = match_end(d, INTL, digits).filter(|&e| digits.get(e) != Some(&b'0'));
        if let Some(e) = idd_end {
            let rest = &digits[e..];
            if rest.len() <= 2 {
                return None;
            }
            let (cc, national) = extract_cc(rest)?;
            (cc, Cow::Borrowed(national))
        } else {
            let (own, len) = cc_digits(meta(d).cc);
            match digits.strip_prefix(&own[3 - len..]) {
                Some(rest) => {
                    let potential = strip_national_prefix(rest, d);
                    let better = !matches(d, GENERAL, digits) && matches(d, GENERAL, &potential);
                    if better || test_length(digits, d) == Length::TooLong {
                        (u32::from(meta(d).cc), Cow::Owned(potential.into_owned()))
                    } else {
                        (0, Cow::Borrowed(digits))
                    }
                }
                None => (0, Cow::Borrowed(digits)),
            }
        }
    } else {
        let (cc, national) = extract_cc(digits)?;
        (cc, Cow::Borrowed(national))
    };
    let entry = if cc != 0 {
        entry_for(cc)?
    } else {
        let d = default?;
        cc = u32::from(meta(d).cc);
        d
    };
    if national.len() < 2 {
        return None;
    }
    let potential = strip_national_prefix(&national, entry).into_owned();
    if !matches!(
        test_length(&potential, entry),
        Length::LocalOnly | Length::TooShort | Length::Invalid
    ) {
        national = Cow::Owned(potential);
    }
    if !(2..=17).contains(&national.len()) {
        return None;
    }
    Some((cc, national))
}

/// libphonenumber's `isNumberMatchingDesc`.
fn matches_desc(nsn: &[u8], i: usize, t: usize) -> bool {
    let lengths = meta(i).types[t].1;
    if !lengths.is_empty() && !lengths.contains(&(nsn.len() as i8)) {
        return false;
    }
    matches(i, t + 1, nsn)
}

/// Whether libphonenumber gives the number a type in entry `i`.
fn has_type(nsn: &[u8], i: usize) -> bool {
    let g = meta(i).general.1;
    if (!g.is_empty() && !g.contains(&(nsn.len() as i8))) || !matches(i, GENERAL, nsn) {
        return false;
    }
    if matches_desc(nsn, i, FIXED) {
        return true;
    }
    if !meta(i).same && matches_desc(nsn, i, MOBILE) {
        return true;
    }
    (0..FIXED).any(|t| matches_desc(nsn, i, t))
}

/// libphonenumber's `isValidNumber` for a parsed number.
fn is_valid(cc: u32, nsn: &[u8]) -> bool {
    let Some(entries) = regions_of(cc) else {
        return false;
    };
    if entries.len() == 1 {
        return has_type(nsn, usize::from(entries[0]));
    }
    // The first entry whose leading digits match or that gives the number a
    // type; the number is valid if that entry gives it one (known already
    // when that is why the entry was chosen).
    entries.iter().map(|&e| usize::from(e)).find_map(|e| {
        if matches(e, LEADING, nsn) {
            Some(has_type(nsn, e))
        } else {
            has_type(nsn, e).then_some(true)
        }
    }) == Some(true)
}

/// The digits of a calling code (one to three), right-aligned, and how many.
fn cc_digits(cc: u16) -> ([u8; 3], usize) {
    let d = [(cc / 100 % 10) as u8, (cc / 10 % 10) as u8, (cc % 10) as u8].map(|d| b'0' + d);
    (
        d,
        if cc >= 100 {
            3
        } else if cc >= 10 {
            2
        } else {
            1
        },
    )
}

fn e164(cc: u32, nsn: &[u8]) -> String {
    let (digits, len) = cc_digits(cc as u16);
    // ASCII digits both (`parse` checked them): copied as strings, not
    // pushed a character at a time.
    let mut out = String::with_capacity(nsn.len() + 4);
    out.push('+');
    out.push_str(std::str::from_utf8(&digits[3 - len..]).unwrap_or_default());
    out.push_str(std::str::from_utf8(nsn).unwrap_or_default());
    out
}

/// The E.164 form of a number written `+digits`, if it is valid.
pub(crate) fn international(digits: &str) -> Option<String> {
    let (cc, nsn) = parse(digits.as_bytes(), None)?;
    is_valid(cc, &nsn).then(|| e164(cc, &nsn))
}

/// The E.164 form of `digits` dialled in the region of entry `region` (see
/// [`region`]), if it is valid.
pub(crate) fn national(digits: &str, region: usize) -> Option<String> {
    let (cc, nsn) = parse(digits.as_bytes(), Some(region))?;
    is_valid(cc, &nsn).then(|| e164(cc, &nsn))
}
