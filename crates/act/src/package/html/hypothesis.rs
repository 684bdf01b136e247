//! The call-centre hypothesis: the rings' indicators grouped by what they
//! reveal (contact channel, web infrastructure, money trail, remote access),
//! each with the detail a value tells by itself.

use super::text as t;
use crate::package::IndicatorFacts;
use ringtrace_model::{Indicator, Kind};

/// One group of the hypothesis.
#[derive(Debug)]
pub struct Group<'a> {
    pub title: &'static str,
    pub note: &'static str,
    pub values: Vec<(&'a IndicatorFacts, String)>,
}

/// The group an indicator kind belongs to (0 contact, 1 web, 2 money, 3 remote).
pub fn group_of(kind: Kind) -> usize {
    match kind {
        Kind::Phone | Kind::Email => 0,
        Kind::Url | Kind::Domain | Kind::Ip => 1,
        Kind::Upi | Kind::Iban | Kind::BankAccount | Kind::CryptoWallet | Kind::GiftCard => 2,
        Kind::RemoteId => 3,
    }
}

pub fn groups<'a>(facts: impl IntoIterator<Item = &'a IndicatorFacts>) -> Vec<Group<'a>> {
    let mut out = vec![
        Group {
            title: t::CONTACT,
            note: t::CONTACT_NOTE,
            values: Vec::new(),
        },
        Group {
            title: t::WEB,
            note: t::WEB_NOTE,
            values: Vec::new(),
        },
        Group {
            title: t::MONEY,
            note: t::MONEY_NOTE,
            values: Vec::new(),
        },
        Group {
            title: t::REMOTE,
            note: t::REMOTE_NOTE,
            values: Vec::new(),
        },
    ];
    for f in facts {
        out[group_of(f.indicator.kind)]
            .values
            .push((f, detail(&f.indicator)));
    }
    for g in &mut out {
        g.values.sort_by(|a, b| {
            b.0.reports
                .cmp(&a.0.reports)
                .then_with(|| a.0.indicator.cmp(&b.0.indicator))
        });
    }
    out
}

/// What a value says by itself: the country code of a phone number, the
/// mail provider, the PSP of a UPI ID, the country of an IBAN, the bank of
/// an Indian account, the chain of a wallet, the brand of a gift card, the
/// tool of a remote ID.
pub fn detail(i: &Indicator) -> String {
    let v = i.value.as_str();
    let after = |sep: char| v.rsplit_once(sep).map(|p| p.1).unwrap_or("").to_string();
    let before = |sep: char| v.split_once(sep).map(|p| p.0).unwrap_or("").to_string();
    match i.kind {
        Kind::Phone => phone_country(v),
        Kind::Email => format!("mail provider {}", after('@')),
        Kind::Upi => format!("UPI payment app (PSP) @{}", after('@')),
        Kind::Iban => format!("bank account in {}", v.get(..2).unwrap_or("")),
        Kind::BankAccount => {
            let head = before(':');
            if head.len() == 11 {
                format!("Indian bank {} (IFSC {head})", &head[..4])
            } else {
                format!("bank account in {head}")
            }
        }
        Kind::CryptoWallet => format!("{} wallet", before(':').to_uppercase()),
        Kind::GiftCard => format!("{} gift card", before(':')),
        Kind::RemoteId => format!("{} ID", before(':')),
        Kind::Url => "web page".to_string(),
        Kind::Domain => "host name".to_string(),
        Kind::Ip => "IP address".to_string(),
    }
}

fn phone_country(e164: &str) -> String {
    const CODES: &[(&str, &str)] = &[
        ("+1", "North America (+1)"),
        ("+44", "United Kingdom (+44)"),
        ("+33", "France (+33)"),
        ("+49", "Germany (+49)"),
        ("+61", "Australia (+61)"),
        ("+91", "India (+91)"),
        ("+92", "Pakistan (+92)"),
        ("+880", "Bangladesh (+880)"),
        ("+234", "Nigeria (+234)"),
        ("+63", "Philippines (+63)"),
    ];
    CODES
        .iter()
        .filter(|(p, _)| e164.starts_with(p))
        .max_by_key(|(p, _)| p.len())
        .map(|(_, name)| format!("number in {name}"))
        .unwrap_or_else(|| "phone number".to_string())
}
