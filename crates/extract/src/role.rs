//! Roles: what a mention is in its report, read from cue words earlier in the same sentence (English and French).
//!
//! The cue nearest before the mention, in the same sentence and at most
//! [`REACH`] bytes back, decides:
//! - "my number", "mon numéro", "my account", ... -> `victim_own`;
//! - "the real", "official", "le vrai", "officiel", ... -> `legitimate_reference`;
//! - a pay/send/transfer or call/contact/install cue -> `payment_destination`
//!   for payment kinds, `scammer_contact` for the others.
//!
//! Without a cue, payment kinds are `payment_destination`, remote IDs are
//! `scammer_contact`, and other kinds have no role.

use crate::scan::floor_boundary;
use crate::{Kind, Role};
use aho_corasick::{AhoCorasick, AhoCorasickKind};
use rustc_hash::FxHashMap;
use std::sync::LazyLock;

/// How far back (bytes) cue words are looked for.
pub(crate) const REACH: usize = 120;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Cue {
    Victim,
    Legit,
    Pay,
    Contact,
}

const VICTIM: &[&str] = &[
    "my number",
    "my phone",
    "my cell",
    "my mobile",
    "my landline",
    "my email",
    "my e-mail",
    "my mail",
    "my address",
    "my account",
    "my bank",
    "my iban",
    "my upi",
    "my card",
    "my own",
    "my personal",
    "my work",
    "mon numéro",
    "mon numero",
    "mon téléphone",
    "mon telephone",
    "mon portable",
    "mon fixe",
    "mon adresse",
    "mon mail",
    "mon e-mail",
    "mon email",
    "mon courriel",
    "mon compte",
    "mon iban",
    "mon rib",
    "ma carte",
    "mon propre",
    "ma ligne",
    "mera number",
    "mera no",
    "mera mobile",
    "mera phone",
    "mera email",
    "meri email",
    "mera account",
    "mera khata",
    "apna number",
    "apna mobile",
    "apna phone",
    "apna email",
    "my phone number",
];
const LEGIT: &[&str] = &[
    "the real",
    "real microsoft",
    "official",
    "officially",
    "genuine",
    "legitimate",
    "actual",
    "authentic",
    "le vrai",
    "la vraie",
    "les vrais",
    "le véritable",
    "la véritable",
    "officiel",
    "officielle",
    "officiels",
    "légitime",
    "authentique",
    "vrai numéro",
    "vrai site",
    "real",
    "asli",
    "sahi number",
];
const PAY: &[&str] = &[
    "pay",
    "paid",
    "paying",
    "payment",
    "send",
    "sent",
    "sending",
    "transfer",
    "transferred",
    "wire",
    "wired",
    "deposit",
    "deposited",
    "buy",
    "bought",
    "purchase",
    "purchased",
    "virement",
    "virer",
    "viré",
    "payer",
    "payé",
    "payée",
    "payez",
    "paiement",
    "envoyer",
    "envoyé",
    "envoyée",
    "envoyez",
    "verser",
    "versé",
    "acheter",
    "acheté",
    "transférer",
    "transféré",
    "recharger",
];
const CONTACT: &[&str] = &[
    "call",
    "called",
    "calling",
    "calls",
    "dial",
    "dialed",
    "dialled",
    "phoned",
    "rang",
    "ring",
    "contact",
    "contacted",
    "reach",
    "pop-up",
    "popup",
    "pop up",
    "ask",
    "asked",
    "asking",
    "install",
    "installed",
    "download",
    "downloaded",
    "told me",
    "tell me",
    "visit",
    "visited",
    "go to",
    "went to",
    "click",
    "clicked",
    "emailed",
    "texted",
    "whatsapp",
    "connect",
    "connected",
    "appeler",
    "appelé",
    "appelez",
    "appelle",
    "appelait",
    "rappeler",
    "rappelé",
    "rappelez",
    "contacter",
    "contacté",
    "contactez",
    "m'a dit",
    "m’a dit",
    "m'a demandé",
    "m’a demandé",
    "fenêtre",
    "affiché",
    "affichait",
    "composer",
    "composé",
    "installer",
    "installé",
    "télécharger",
    "téléchargé",
    "cliquer",
    "cliqué",
    "aller sur",
    "caller id",
    "caller",
    "showed",
    "shown",
    "displayed",
    "ringing",
    "toll free",
    "toll-free",
    "helpline",
    "hotline",
    "depuis",
    "numéro affiché",
    "s'affichait",
    "bola",
    "kaha",
];

/// Cues read just after the mention, for languages that put the verb last
/// (Hinglish: "{number} pe call karo").
const CONTACT_AFTER: &[&str] = &[
    "pe call",
    "par call",
    "se call",
    "pe phone",
    "par phone",
    "se phone",
    "pe baat",
    "se baat",
    "pe contact",
    " call",
    " phone",
    " baat",
];
const PAY_AFTER: &[&str] = &[
    "pe pay",
    "par pay",
    "pe bhej",
    "par bhej",
    "pe transfer",
    "mein transfer",
];

/// Every cue phrase with its cue, filed under its first word (its bytes up
/// to the first that is not a letter or digit), longest phrase first; a
/// phrase in two lists keeps the first list's cue. A word is looked up by
/// its first byte and its length, then compared with the few first words
/// that share both (no hashing: most words' bucket is empty).
struct CueTable {
    /// First words with their phrases, ordered by (first byte, length).
    words: Vec<(&'static str, Vec<(&'static str, Cue)>)>,
    /// The range of `words` of each (first byte, length): at
    /// `first byte * (longest + 1) + length`.
    buckets: Vec<(u16, u16)>,
    /// The longest first word, in bytes: longer words are not looked up.
    longest: usize,
}

impl CueTable {
    /// The phrases whose first word is `word`.
    fn get(&self, word: &str) -> Option<&[(&'static str, Cue)]> {
        let len = word.len();
        if len > self.longest {
            return None;
        }
        let b = usize::from(*word.as_bytes().first()?);
        let (from, to) = self.buckets[b * (self.longest + 1) + len];
        self.words[usize::from(from)..usize::from(to)]
            .iter()
            .find(|(w, _)| same_bytes(w.as_bytes(), word.as_bytes()))
            .map(|(_, phrases)| phrases.as_slice())
    }
}

static CUES: LazyLock<CueTable> = LazyLock::new(|| {
    let mut by_first_word: FxHashMap<&'static str, Vec<(&'static str, Cue)>> = FxHashMap::default();
    for (list, cue) in [
        (VICTIM, Cue::Victim),
        (LEGIT, Cue::Legit),
        (PAY, Cue::Pay),
        (CONTACT, Cue::Contact),
    ] {
        for &phrase in list {
            let first = &phrase[..word_end(phrase, 0)];
            let entry = by_first_word.entry(first).or_default();
            if entry.iter().all(|&(p, _)| p != phrase) {
                entry.push((phrase, cue));
            }
        }
    }
    let mut words: Vec<_> = by_first_word.into_iter().collect();
    for (_, phrases) in &mut words {
        phrases.sort_by_key(|&(p, _)| std::cmp::Reverse(p.len()));
    }
    words.sort_by_key(|&(w, _)| (w.as_bytes()[0], w.len(), w));
    let longest = words.iter().map(|(w, _)| w.len()).max().unwrap_or(0);
    let mut buckets = vec![(0u16, 0u16); 256 * (longest + 1)];
    for (k, (w, _)) in words.iter().enumerate() {
        let bucket = &mut buckets[usize::from(w.as_bytes()[0]) * (longest + 1) + w.len()];
        let k = u16::try_from(k).expect("fewer than 65,536 cue words");
        if bucket.1 == 0 {
            *bucket = (k, k);
        }
        bucket.1 = k + 1;
    }
    CueTable {
        words,
        buckets,
        longest,
    }
});

/// Whether two short byte strings are equal, compared in place: the words
/// and phrases compared here are a few bytes long, shorter than the call to
/// compare memory that `==` makes.
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// The character at byte `i` of `s` (a char boundary) and its length.
fn char_at(s: &str, i: usize) -> (char, usize) {
    match s.as_bytes()[i] {
        b if b.is_ascii() => (char::from(b), 1),
        _ => {
            let c = s[i..].chars().next().unwrap_or(' ');
            (c, c.len_utf8())
        }
    }
}

/// Where the word (letters and digits) that starts at or after byte `i` of
/// `s` ends; `i` itself if no letter or digit is there.
fn word_end(s: &str, mut i: usize) -> usize {
    let b = s.as_bytes();
    while let Some(&c) = b.get(i) {
        if c.is_ascii() {
            if !c.is_ascii_alphanumeric() {
                break;
            }
            i += 1;
        } else {
            let (c, w) = char_at(s, i);
            if !c.is_alphanumeric() {
                break;
            }
            i += w;
        }
    }
    i
}

/// The part of `lower` (lower-cased text) before `start` that is in the same sentence.
fn clause_before(lower: &str, start: usize) -> &str {
    let from = floor_boundary(lower, start.saturating_sub(REACH));
    let end = floor_boundary(lower, start);
    let w = lower.get(from..end).unwrap_or("");
    w.get(sentence_start(w.as_bytes())..).unwrap_or("")
}

/// Where the last sentence of `b` starts: after its last line break or
/// `;`, or after the space of its last `. `, `! ` or `? ` (0 if none).
/// Each kind of end is found by a vectorised search from the back.
fn sentence_start(b: &[u8]) -> usize {
    let hard = memchr::memrchr2(b'\n', b';', b).map_or(0, |i| i + 1);
    let stop = memchr::memrchr3_iter(b'.', b'!', b'?', b)
        .take_while(|&j| j + 2 > hard)
        .find(|&j| b.get(j + 1) == Some(&b' '))
        .map_or(0, |j| j + 2);
    hard.max(stop)
}

/// The cue of the last cue phrase in `clause`, phrases read as whole words
/// from left to right, the longest where several start at the same word.
/// Each word is looked up in [`CUES`] (a table read once per word, where an
/// automaton over the phrases walked tables too large to stay in cache).
fn last_cue(clause: &str) -> Option<Cue> {
    let cues = &*CUES;
    let b = clause.as_bytes();
    let mut last = None;
    let mut i = 0;
    while let Some(&first) = b.get(i) {
        if first.is_ascii() {
            if !first.is_ascii_alphanumeric() {
                i += 1;
                continue;
            }
        } else {
            let (c, w) = char_at(clause, i);
            if !c.is_alphanumeric() {
                i += w;
                continue;
            }
        }
        let end = word_end(clause, i);
        let mut next = end;
        let looked_up = cues.get(&clause[i..end]);
        if let Some(phrases) = looked_up {
            let rest = &clause[i..];
            if let Some(&(p, cue)) = phrases.iter().find(|&&(p, _)| {
                rest.as_bytes()
                    .get(..p.len())
                    .is_some_and(|head| same_bytes(head, p.as_bytes()))
                    && word_end(clause, i + p.len()) == i + p.len()
            }) {
                last = Some(cue);
                next = i + p.len();
            }
        }
        i = next;
    }
    last
}

/// The cues read after a mention, contact cues first: one automaton, whose
/// pattern number tells the two lists apart.
static AFTER: LazyLock<AhoCorasick> =
    LazyLock::new(|| dfa(CONTACT_AFTER.iter().chain(PAY_AFTER)).expect("cue-after automaton"));

/// An automaton for `words` built as a DFA: the texts are short and read
/// often, so its larger tables pay for themselves in fewer instructions per byte.
pub(crate) fn dfa<I, P>(words: I) -> Result<AhoCorasick, aho_corasick::BuildError>
where
    I: IntoIterator<Item = P>,
    P: AsRef<[u8]>,
{
    AhoCorasick::builder()
        .kind(Some(AhoCorasickKind::DFA))
        .prefilter(false)
        .build(words)
}

/// A cue read in the few words after the mention, in its sentence.
fn cue_after(lower: &str, end: usize) -> Option<Cue> {
    let from = floor_boundary(lower, end.min(lower.len()));
    let to = floor_boundary(lower, (end + 24).min(lower.len()));
    let w = lower.get(from..to).unwrap_or("");
    // The sentence ends at the first ". ", "! ", "? ", line break or ";".
    let b = w.as_bytes();
    let cut = (0..b.len())
        .find(|&i| match b[i] {
            b'\n' | b';' => true,
            b'.' | b'!' | b'?' => b.get(i + 1) == Some(&b' '),
            _ => false,
        })
        .unwrap_or(b.len());
    after_cue_in(&w[..cut])
}

/// The cue of the words after a mention: a contact cue anywhere in `w`,
/// else a pay cue anywhere in it.
fn after_cue_in(w: &str) -> Option<Cue> {
    // Every match is read (overlapping ones too, as a search for each list
    // would find its own).
    let mut pay = false;
    for m in AFTER.find_overlapping_iter(w) {
        if m.pattern().as_usize() < CONTACT_AFTER.len() {
            return Some(Cue::Contact);
        }
        pay = true;
    }
    pay.then_some(Cue::Pay)
}

/// The cue that decides the role of a mention at `start..end`, whatever its
/// kind: one reading serves every indicator of the same span (a URL and its host).
pub(crate) fn cue_for(lower: &str, start: usize, end: usize) -> Option<Cue> {
    last_cue(clause_before(lower, start)).or_else(|| cue_after(lower, end))
}

/// The role a cue gives a mention of `kind`.
pub(crate) fn role_of(cue: Option<Cue>, kind: Kind) -> Option<Role> {
    match (cue, kind.is_payment()) {
        (Some(Cue::Victim), _) => Some(Role::VictimOwn),
        (Some(Cue::Legit), _) => Some(Role::LegitimateReference),
        (_, true) => Some(Role::PaymentDestination),
        (Some(Cue::Pay | Cue::Contact), false) => Some(Role::ScammerContact),
        (None, false) => (kind == Kind::RemoteId).then_some(Role::ScammerContact),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_texts::{corpus_lines, random_texts};

    /// The backward byte-by-byte reading [`sentence_start`] replaced.
    fn reference(b: &[u8]) -> usize {
        (0..b.len())
            .rev()
            .find_map(|i| match b[i] {
                b'\n' | b';' => Some(i + 1),
                b' ' if i > 0 && matches!(b[i - 1], b'.' | b'!' | b'?') => Some(i + 1),
                _ => None,
            })
            .unwrap_or(0)
    }

    /// The cue phrases' meaning read the slow way: at every character that
    /// starts a word, every phrase tried, longest first (a phrase in two
    /// lists counting as the first), and the phrases kept without overlaps
    /// from left to right.
    fn last_cue_reference(clause: &str) -> Option<Cue> {
        let lists = [
            (VICTIM, Cue::Victim),
            (LEGIT, Cue::Legit),
            (PAY, Cue::Pay),
            (CONTACT, Cue::Contact),
        ];
        let mut all: Vec<(&str, Cue)> = Vec::new();
        for (list, cue) in lists {
            for &p in list {
                if !all.iter().any(|&(q, _)| q == p) {
                    all.push((p, cue));
                }
            }
        }
        all.sort_by_key(|&(p, _)| std::cmp::Reverse(p.len()));
        let wordy = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        let mut last = None;
        let mut from = 0;
        for (i, _) in clause.char_indices() {
            if i < from || wordy(clause[..i].chars().next_back()) {
                continue;
            }
            if let Some(&(p, cue)) = all.iter().find(|&&(p, _)| {
                clause[i..].starts_with(p) && !wordy(clause[i + p.len()..].chars().next())
            }) {
                last = Some(cue);
                from = i + p.len();
            }
        }
        last
    }

    #[test]
    fn last_cue_reads_like_the_slow_way() {
        let mut texts = corpus_lines();
        let pieces = [
            "my",
            " ",
            "phone",
            "number",
            "the",
            "real",
            "microsoft",
            "m'a",
            "m’a",
            "dit",
            "pop",
            "-",
            "up",
            "é",
            "call",
            "ing",
            "x",
            "mon",
            "numéro",
            "affiché",
            ".",
            "pay",
            "toll",
            "free",
            "e",
            "mail",
        ];
        texts.extend(random_texts(&pieces, 0..14, 4000, 0x9e37_79b9_7f4a_7c15));
        let mut cues = 0;
        for t in &texts {
            let l = t.to_ascii_lowercase();
            let want = last_cue_reference(&l);
            cues += usize::from(want.is_some());
            assert_eq!(last_cue(&l), want, "{l:?}");
        }
        assert!(cues > 3000, "only {cues} texts with a cue");
    }

    /// One automaton for both lists says what a search of each list says.
    #[test]
    fn after_cues_read_like_each_list() {
        let mut texts: Vec<String> = corpus_lines()
            .iter()
            .map(|t| t.to_ascii_lowercase())
            .collect();
        let pieces: Vec<&str> = CONTACT_AFTER
            .iter()
            .chain(PAY_AFTER)
            .copied()
            .chain([" ", "x", "é", "."])
            .collect();
        texts.extend(random_texts(&pieces, 0..4, 4000, 0x2545_f491_4f6c_dd1d));
        let (mut contact, mut pay) = (0, 0);
        for t in &texts {
            for w in [&t[..], &t[..floor_boundary(t, 24)]] {
                let want = if CONTACT_AFTER.iter().any(|p| w.contains(p)) {
                    contact += 1;
                    Some(Cue::Contact)
                } else if PAY_AFTER.iter().any(|p| w.contains(p)) {
                    pay += 1;
                    Some(Cue::Pay)
                } else {
                    None
                };
                assert_eq!(after_cue_in(w), want, "{w:?}");
            }
        }
        assert!(contact > 500 && pay > 500, "{contact} contact, {pay} pay");
    }

    #[test]
    fn sentence_start_reads_like_byte_by_byte() {
        let mut texts = corpus_lines();
        let pieces = [".", "!", "?", " ", ";", "\n", "a", "é", ". ", "x"];
        texts.extend(random_texts(&pieces, 0..30, 3000, 0x9e37_79b9_7f4a_7c15));
        for t in &texts {
            let b = t.as_bytes();
            for end in [b.len(), b.len() / 2, b.len() / 3] {
                assert_eq!(sentence_start(&b[..end]), reference(&b[..end]), "{t:?}");
            }
        }
    }
}
