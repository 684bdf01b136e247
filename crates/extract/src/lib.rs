//! Finds indicators (phone numbers, URLs, domains, emails, IPs, UPI IDs, IBANs, wallets, remote-tool IDs, gift cards, bank accounts) in free text and gives each its canonical form (spec section 2). No IO.
//!
//! - [`extract`] reads a narrative (English or French) and returns every
//!   indicator found, with its byte span and, where the text tells it, its role.
//! - [`canonicalize`] normalises one value a partner gave with its kind.
//! - [`detect`] guesses the kind of one bare value a user typed.

mod bits;
mod crypto;
mod defang;
mod gate;
mod numbering;
mod payment;
mod phone;
mod plain_url;
mod remote;
mod role;
mod scan;
#[cfg(test)]
mod test_texts;
mod trunk;
mod web;

pub use ringtrace_model::{Indicator, Kind, Role};

use bits::Survey;
use scan::Scan;
use std::borrow::Cow;

/// One indicator found in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    pub indicator: Indicator,
    /// Byte offset where the raw match starts (`text[start..end]` is what was read).
    pub start: usize,
    /// Byte offset where the raw match ends.
    pub end: usize,
    pub role: Option<Role>,
}

/// Why a value is not a valid indicator of its kind: one clear sentence.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Invalid(pub String);

/// Everything found in `text`, sorted by (start, kind). `region` is an ISO
/// 3166-1 alpha-2 code (any case) used for phone numbers written without a
/// country code; an unknown region is ignored.
///
/// Indicators are read in this order, each claiming its span so that later
/// readers do not read its characters again: URLs (each with its host as a
/// `domain` or `ip`), emails and UPI IDs, wallets, IBANs, remote-tool IDs,
/// Indian bank accounts, gift cards, IP addresses, domains, phone numbers.
pub fn extract(text: &str, region: Option<&str>) -> Vec<Found> {
    extract_many(&[(text, region)]).pop().unwrap_or_default()
}

/// How many texts to give [`extract_many`] at once: enough for each
/// reader's code to stay in the instruction cache across texts, few enough
/// for the texts' working state to stay in the data cache (64 measured
/// faster than 16 and 256).
pub const BATCH: usize = 64;

/// [`extract`] for each of several texts, in order: the same results, read
/// faster. Each reader reads all the texts before the next starts, so that
/// its code stays in the processor's instruction cache rather than taking
/// turns there with ten others at every text (give it [`BATCH`] texts).
pub fn extract_many(texts: &[(&str, Option<&str>)]) -> Vec<Vec<Found>> {
    // One pass over each text's bytes tells where defanged spellings may
    // start, and what the gate asks; a text that was refanged is surveyed
    // again.
    let mut surveys: Vec<Survey> = texts
        .iter()
        .map(|(text, _)| Survey::of(text.as_bytes()))
        .collect();
    let refanged: Vec<defang::Refanged<'_>> = texts
        .iter()
        .zip(&surveys)
        .map(|((text, _), survey)| defang::Refanged::with_marks(text, &survey.marks))
        .collect();
    for (survey, r) in surveys.iter_mut().zip(&refanged) {
        if let Cow::Owned(text) = &r.text {
            *survey = Survey::of(text.as_bytes());
        }
    }
    // The batch's texts lower-cased in one string (one allocation, not one
    // per text), each scan reading its own stretch.
    let mut lowered = String::with_capacity(refanged.iter().map(|r| r.text.len()).sum());
    for r in &refanged {
        lowered.push_str(&r.text);
    }
    lowered.make_ascii_lowercase();
    let mut scans: Vec<Scan<'_>> = Vec::with_capacity(texts.len());
    let mut at = 0;
    for ((r, (_, region)), survey) in refanged.iter().zip(texts).zip(&surveys) {
        let lower = &lowered[at..at + r.text.len()];
        at += r.text.len();
        scans.push(Scan::with_lower(
            &r.text,
            lower.into(),
            phone::region_id(*region),
            survey,
        ));
    }
    let each = |scans: &mut Vec<Scan<'_>>, read: fn(&mut Scan<'_>)| scans.iter_mut().for_each(read);
    each(&mut scans, web::find_urls);
    each(&mut scans, web::find_emails);
    each(&mut scans, crypto::find);
    each(&mut scans, payment::find_ibans);
    each(&mut scans, remote::find);
    each(&mut scans, payment::find_bank_accounts);
    each(&mut scans, payment::find_gift_cards);
    each(&mut scans, web::find_ips);
    for (scan, r) in scans.iter_mut().zip(&refanged) {
        web::find_domains(scan, &|s, e| r.was_defanged(s, e));
    }
    each(&mut scans, phone::find);
    scans
        .into_iter()
        .zip(&refanged)
        .map(|(scan, refanged)| {
            let Scan { hits, lower, .. } = scan;
            // A URL's host is pushed right after it, on the same span: the
            // cue read for one serves the other.
            let mut last: Option<(usize, usize, Option<role::Cue>)> = None;
            let mut out: Vec<Found> = hits
                .into_iter()
                .map(|h| {
                    let cue = match last {
                        Some((s, e, cue)) if (s, e) == (h.start, h.end) => cue,
                        _ => role::cue_for(&lower, h.start, h.end),
                    };
                    last = Some((h.start, h.end, cue));
                    Found {
                        role: role::role_of(cue, h.kind),
                        indicator: Indicator::new(h.kind, h.value),
                        start: refanged.orig(h.start),
                        end: refanged.orig(h.end),
                    }
                })
                .collect();
            out.sort_by_key(|f| (f.start, f.indicator.kind));
            out
        })
        .collect()
}

/// Forgets the phone-number verdicts this thread remembers (a number seen
/// once is not validated again): for benchmarks, so that each round reads
/// every number afresh. What [`extract`] finds is the same either way.
pub fn forget_verdicts() {
    phone::forget_verdicts();
}

/// Canonical form of one value a partner gave as a structured indicator of
/// `kind`, or why it is invalid.
///
/// Each kind also accepts its own canonical form (`btc:…`, `anydesk:…`,
/// `apple:…`, `HDFC0001234:…`, `FR:…`), so canonical values round-trip.
pub fn canonicalize(kind: Kind, raw: &str, region: Option<&str>) -> Result<String, Invalid> {
    let region = phone::region_id(region);
    if raw.trim().is_empty() {
        return Err(Invalid(format!("an empty value is not a valid {kind}")));
    }
    match kind {
        Kind::Phone => phone::canonicalize(raw, region),
        Kind::Url | Kind::Domain | Kind::Email | Kind::Ip => web::canonicalize(kind, raw),
        Kind::Upi => payment::canonical_upi(&raw.replace(' ', "")).ok_or_else(|| {
            Invalid(format!(
                "`{}` is not a UPI ID (handle@psp, the psp without a dot)",
                raw.trim()
            ))
        }),
        Kind::Iban => payment::canonical_iban(raw),
        Kind::CryptoWallet => crypto::canonicalize(raw),
        Kind::RemoteId => remote::canonicalize(raw),
        Kind::GiftCard => payment::canonical_gift_card(raw),
        Kind::BankAccount => payment::canonical_bank_account(raw, region),
    }
}

/// The kind and canonical value of one bare value typed by a user, or `None`
/// if it is none of them.
///
/// Tried in this order: URL (with a scheme or `www.`), email, UPI ID, IBAN,
/// crypto wallet, IP address, remote-tool ID, gift card and bank account
/// (these three only in their `prefix:value` forms), phone number, domain.
pub fn detect(raw: &str, region: Option<&str>) -> Option<Indicator> {
    let s = defang::refang(raw.trim());
    let s = s.trim();
    if s.is_empty() || s.len() > 2048 {
        return None;
    }
    let try_kind = |k: Kind| {
        canonicalize(k, s, region)
            .ok()
            .map(|v| Indicator::new(k, v))
    };
    let lower = s.to_ascii_lowercase();
    if lower.contains("://") || lower.starts_with("www.") {
        return try_kind(Kind::Url);
    }
    if s.contains('@') {
        return try_kind(Kind::Email).or_else(|| try_kind(Kind::Upi));
    }
    let first_alpha = s.bytes().next().is_some_and(|c| c.is_ascii_alphabetic());
    if first_alpha {
        if let Some(i) = try_kind(Kind::Iban) {
            return Some(i);
        }
    }
    if let Some(i) = try_kind(Kind::CryptoWallet) {
        return Some(i);
    }
    if let Some(i) = try_kind(Kind::Ip) {
        return Some(i);
    }
    if s.contains(':') || s.chars().any(char::is_whitespace) {
        let head = s.split([':', ' ']).next().unwrap_or("");
        if let Some(i) = try_kind(Kind::RemoteId) {
            return Some(i);
        }
        if payment::is_ifsc(&head.to_ascii_uppercase()) {
            if let Some(i) = try_kind(Kind::BankAccount) {
                return Some(i);
            }
        }
        if payment::is_known_brand(s) {
            if let Some(i) = try_kind(Kind::GiftCard) {
                return Some(i);
            }
        }
    }
    if s.bytes().any(|c| c.is_ascii_digit())
        && s.bytes()
            .all(|c| c.is_ascii_digit() || b"+-. ()/".contains(&c))
    {
        if let Some(i) = try_kind(Kind::Phone) {
            return Some(i);
        }
    }
    try_kind(Kind::Domain)
}
