//! Redaction levels for the reports an evidence package carries, and the
//! function that applies them.
//!
//! - `none`: reports as the exporter sees them.
//! - `contact`: victims' own contact data is removed: every mention whose
//!   role is `victim_own` is dropped; in the narrative, every span that the
//!   extractor reads as a `victim_own` indicator (any kind) is replaced by
//!   `[redacted KIND]`, and so is every phone number and e-mail address
//!   that is not a scammer indicator of the case (a value of one of the
//!   case's rings, or a mention of one of its reports that may link).
//! - `full`: everything `contact` removes, and the free text too: the
//!   narrative, the brand and the payment method are dropped (channel,
//!   region, language, loss, marking, times, ring and the remaining
//!   mentions are kept).

use ringtrace_extract::extract;
use ringtrace_model::{Indicator, Kind, Role};
use ringtrace_share::SharedReport;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

/// How much personal data an evidence package keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Redaction {
    None,
    Contact,
    Full,
}

impl Redaction {
    pub const ALL: [Redaction; 3] = [Redaction::None, Redaction::Contact, Redaction::Full];

    pub fn as_str(self) -> &'static str {
        match self {
            Redaction::None => "none",
            Redaction::Contact => "contact",
            Redaction::Full => "full",
        }
    }
}

impl fmt::Display for Redaction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl FromStr for Redaction {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Redaction::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| format!("`{s}` is not a redaction level (none, contact, full)"))
    }
}

/// The scammer indicators of a case: its rings' values and every mention of
/// its reports that may link. A phone or e-mail in a narrative that is one
/// of these is evidence, not a victim's contact, and stays.
pub fn scammer_indicators<'a>(
    ring_values: impl IntoIterator<Item = &'a Indicator>,
    reports: &[SharedReport],
) -> BTreeSet<Indicator> {
    let mut out: BTreeSet<Indicator> = ring_values.into_iter().cloned().collect();
    for r in reports {
        for m in &r.mentions {
            if m.may_link && m.role != Some(Role::VictimOwn) {
                out.insert(m.indicator.clone());
            }
        }
    }
    out
}

/// The reports with `level` applied; `scammer` is [`scammer_indicators`].
pub fn redact_reports(
    reports: &[SharedReport],
    level: Redaction,
    scammer: &BTreeSet<Indicator>,
) -> Vec<SharedReport> {
    reports
        .iter()
        .map(|r| redact_one(r, level, scammer))
        .collect()
}

fn redact_one(r: &SharedReport, level: Redaction, scammer: &BTreeSet<Indicator>) -> SharedReport {
    let mut out = r.clone();
    if level == Redaction::None {
        return out;
    }
    out.mentions.retain(|m| m.role != Some(Role::VictimOwn));
    out.narrative = match level {
        Redaction::Full => None,
        _ => r
            .narrative
            .as_deref()
            .map(|n| mask_narrative(n, r.region.as_deref(), scammer)),
    };
    if level == Redaction::Full {
        out.brand = None;
        out.payment_method = None;
    }
    out
}

/// The narrative with victims' own values and unexplained phones and
/// e-mails replaced by `[redacted KIND]`.
///
/// Besides what the extractor reads, any run that looks like a phone number
/// (7 to 15 digits, with only spaces, dots, dashes, brackets or a leading
/// `+` between them; not a `YYYY-MM-DD` date) outside every extracted span
/// is masked as `[redacted phone]`: numbers the phone metadata does not
/// know are a victim's contact as much as valid ones.
pub fn mask_narrative(text: &str, region: Option<&str>, scammer: &BTreeSet<Indicator>) -> String {
    let found = extract(text, region);
    let mut spans: Vec<(usize, usize, String)> = found
        .iter()
        .filter(|f| {
            let contact = matches!(f.indicator.kind, Kind::Phone | Kind::Email);
            f.role == Some(Role::VictimOwn) || (contact && !scammer.contains(&f.indicator))
        })
        .map(|f| (f.start, f.end, f.indicator.kind.to_string()))
        .collect();
    let claimed: Vec<(usize, usize)> = found.iter().map(|f| (f.start, f.end)).collect();
    for (s, e) in phone_like_runs(text) {
        if !claimed.iter().any(|(a, b)| s < *b && *a < e) {
            spans.push((s, e, Kind::Phone.to_string()));
        }
    }
    spans.sort();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (s, e, kind) in spans {
        if s < at || e > text.len() || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
            continue;
        }
        out.push_str(&text[at..s]);
        out.push_str(&format!("[redacted {kind}]"));
        at = e;
    }
    out.push_str(&text[at..]);
    out
}

/// Byte spans of runs of 7 to 15 digits joined only by phone punctuation.
fn phone_like_runs(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let starts = b[i].is_ascii_digit()
            || (b[i] == b'+' && b.get(i + 1).is_some_and(u8::is_ascii_digit))
            || (b[i] == b'(' && b.get(i + 1).is_some_and(u8::is_ascii_digit));
        let after_word = i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_');
        if !starts || after_word {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i;
        let mut digits = 0;
        let mut j = i;
        while j < b.len() {
            let c = b[j];
            if c.is_ascii_digit() {
                digits += 1;
                end = j + 1;
            } else if !(b" .-()+".contains(&c)) || (c == b'+' && j != start) {
                break;
            }
            j += 1;
        }
        let word_after = b.get(end).is_some_and(|c| c.is_ascii_alphanumeric());
        let run = &text[start..end];
        let date = run.len() == 10 && run.as_bytes()[4] == b'-' && run.as_bytes()[7] == b'-';
        if (7..=15).contains(&digits) && !word_after && !date {
            out.push((start, end));
        }
        i = j.max(i + 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_unknown_phone_like_runs_but_not_dates_or_amounts() {
        let scammer = BTreeSet::new();
        let out = mask_narrative(
            "Call me at 212-555-0188 or (212) 555 0199, paid 1200.50 on 2024-01-08, ref A1234567.",
            None,
            &scammer,
        );
        assert_eq!(
            out,
            "Call me at [redacted phone] or [redacted phone], paid 1200.50 on 2024-01-08, ref A1234567."
        );
    }
}
