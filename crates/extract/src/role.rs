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
use regex::Regex;
use std::sync::LazyLock;

/// How far back (bytes) cue words are looked for.
pub(crate) const REACH: usize = 120;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Cue {
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

static CUES: LazyLock<(Regex, Vec<(&'static str, Cue)>)> = LazyLock::new(|| {
    let mut all: Vec<(&'static str, Cue)> = Vec::new();
    all.extend(VICTIM.iter().map(|c| (*c, Cue::Victim)));
    all.extend(LEGIT.iter().map(|c| (*c, Cue::Legit)));
    all.extend(PAY.iter().map(|c| (*c, Cue::Pay)));
    all.extend(CONTACT.iter().map(|c| (*c, Cue::Contact)));
    // Longest first, so that "my phone" is not read as a shorter cue.
    let mut alts: Vec<&str> = all.iter().map(|(c, _)| *c).collect();
    alts.sort_by_key(|c| std::cmp::Reverse(c.len()));
    let pattern = format!(
        r"(?:^|[^\p{{L}}\p{{N}}])({})(?:$|[^\p{{L}}\p{{N}}])",
        alts.iter()
            .map(|c| regex::escape(c))
            .collect::<Vec<_>>()
            .join("|")
    );
    (Regex::new(&pattern).expect("cue regex"), all)
});

/// The part of `lower` (lower-cased text) before `start` that is in the same sentence.
fn clause_before(lower: &str, start: usize) -> &str {
    let from = floor_boundary(lower, start.saturating_sub(REACH));
    let end = floor_boundary(lower, start);
    let w = lower.get(from..end).unwrap_or("");
    let cut = [". ", "! ", "? ", "\n", ";"]
        .iter()
        .filter_map(|t| w.rfind(t).map(|i| i + t.len()))
        .max()
        .unwrap_or(0);
    w.get(cut..).unwrap_or("")
}

fn last_cue(clause: &str) -> Option<Cue> {
    let (re, all) = &*CUES;
    let mut last = None;
    let mut pos = 0;
    // Matches may share the separating character: search again from inside.
    while let Some(c) = re.captures_at(clause, pos) {
        let Some(m) = c.get(1) else { break };
        last = all.iter().find(|(w, _)| *w == m.as_str()).map(|(_, k)| *k);
        pos = m.end();
        if pos >= clause.len() {
            break;
        }
    }
    last
}

/// A cue read in the few words after the mention, in its sentence.
fn cue_after(lower: &str, end: usize) -> Option<Cue> {
    let from = floor_boundary(lower, end.min(lower.len()));
    let to = floor_boundary(lower, (end + 24).min(lower.len()));
    let w = lower.get(from..to).unwrap_or("");
    let cut = [". ", "! ", "? ", "\n", ";"]
        .iter()
        .filter_map(|t| w.find(t))
        .min()
        .unwrap_or(w.len());
    let w = &w[..cut];
    if CONTACT_AFTER.iter().any(|c| w.contains(c)) {
        Some(Cue::Contact)
    } else if PAY_AFTER.iter().any(|c| w.contains(c)) {
        Some(Cue::Pay)
    } else {
        None
    }
}

/// The role of a mention of `kind` at `start..end`.
pub(crate) fn role_for(lower: &str, kind: Kind, start: usize, end: usize) -> Option<Role> {
    let cue = last_cue(clause_before(lower, start)).or_else(|| cue_after(lower, end));
    match (cue, kind.is_payment()) {
        (Some(Cue::Victim), _) => Some(Role::VictimOwn),
        (Some(Cue::Legit), _) => Some(Role::LegitimateReference),
        (_, true) => Some(Role::PaymentDestination),
        (Some(Cue::Pay | Cue::Contact), false) => Some(Role::ScammerContact),
        (None, false) => (kind == Kind::RemoteId).then_some(Role::ScammerContact),
    }
}
