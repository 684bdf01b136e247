//! How each indicator kind is written in MISP, and which MISP attributes are
//! read back as which kind.
//!
//! | kind | MISP |
//! |---|---|
//! | `phone` | object `phone-number`, attribute `phone-number` (type `phone-number`) |
//! | `url` | attribute `url` |
//! | `domain` | attribute `domain` |
//! | `email` | attribute `email-src` (the address the scammers write from and answer at) |
//! | `ip` | attribute `ip-dst` |
//! | `iban` | object `bank-account`, attribute `iban` (type `iban`) |
//! | `bank_account` | object `bank-account`: `account` (type `bank-account-nr`), with `branch` = the IFSC code for India, else `text` = `Country: CC`; an account that is not all digits (MISP refuses those as `bank-account-nr`) is a `text` attribute tagged `ringtrace:kind="bank_account"` |
//! | `crypto_wallet` | object `coin-address`: `address` (type `btc`) and `symbol` `BTC` for Bitcoin; `address-crypto` (type `text`) and `symbol` `ETH` or `TRX` otherwise |
//! | `upi`, `remote_id`, `gift_card` | attribute `text` with the canonical value, tagged `ringtrace:kind="upi"` (…`remote_id`, …`gift_card`): MISP has no type for them |
//!
//! Read back: `phone-number`; `url`; `domain` and `hostname`; `email`,
//! `email-src` and `email-reply-to` (never `email-dst` or `target-email`,
//! which name victims); `ip-src` and `ip-dst` (and the parts of `domain|ip`,
//! `ip-src|port`, `ip-dst|port`); `iban`; `btc`; `text` tagged with a
//! ringtrace kind; and inside the objects above their own attributes
//! (`coin-address` with `address-crypto` by its `symbol`, `bank-account`'s
//! `account` with an IFSC code or a country).

use ringtrace_model::{Indicator, Kind};

/// A MISP object template, as `misp-objects` defines it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Template {
    pub name: &'static str,
    pub meta_category: &'static str,
    pub description: &'static str,
    pub uuid: &'static str,
    pub version: u32,
}

/// `objects/phone-number/definition.json`.
pub const PHONE_NUMBER: Template = Template {
    name: "phone-number",
    meta_category: "mobile",
    description:
        "Phone number based on the E.164 international public telecommunication numbering plan",
    uuid: "c4b5a67c-63d2-11ec-90d6-0242ac120003",
    version: 1,
};

/// `objects/bank-account/definition.json`.
pub const BANK_ACCOUNT: Template = Template {
    name: "bank-account",
    meta_category: "financial",
    description:
        "An object describing bank account information based on account description from goAML 4.0.",
    uuid: "b4712203-95a8-4883-80e9-b566f5df11c9",
    version: 3,
};

/// `objects/coin-address/definition.json`.
pub const COIN_ADDRESS: Template = Template {
    name: "coin-address",
    meta_category: "financial",
    description: "An address used in a cryptocurrency",
    uuid: "d0e6997e-78da-4815-a6a1-cfc1c1cb8a46",
    version: 7,
};

/// The tag namespace that names a kind on a `text` attribute.
pub const KIND_TAG_PREFIX: &str = "ringtrace:kind=";

/// The tag that says which kind a `text` attribute holds.
pub fn kind_tag(kind: Kind) -> String {
    format!("{KIND_TAG_PREFIX}\"{kind}\"")
}

/// The kind a `ringtrace:kind="…"` tag names.
pub fn kind_of_tag(name: &str) -> Option<Kind> {
    name.strip_prefix(KIND_TAG_PREFIX)?
        .trim_matches('"')
        .parse()
        .ok()
}

/// One MISP attribute of an indicator's representation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    /// The `object_relation` inside an object; `None` for a plain attribute.
    pub relation: Option<&'static str>,
    pub type_: &'static str,
    pub category: &'static str,
    pub value: String,
    /// The attribute that carries the indicator itself (its `to_ids`,
    /// comment and sightings); the others describe it.
    pub main: bool,
}

/// How one indicator is written: a plain attribute, or an object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Representation {
    pub object: Option<&'static Template>,
    pub parts: Vec<Part>,
    /// The main attribute is `text`: it carries a `ringtrace:kind` tag.
    pub kind_tag: bool,
}

fn plain(type_: &'static str, category: &'static str, value: &str) -> Representation {
    Representation {
        object: None,
        parts: vec![Part {
            relation: None,
            type_,
            category,
            value: value.to_string(),
            main: true,
        }],
        kind_tag: type_ == "text",
    }
}

fn part(relation: &'static str, type_: &'static str, category: &'static str, value: &str) -> Part {
    Part {
        relation: Some(relation),
        type_,
        category,
        value: value.to_string(),
        main: false,
    }
}

fn object(template: &'static Template, mut parts: Vec<Part>) -> Representation {
    parts[0].main = true;
    Representation {
        object: Some(template),
        parts,
        kind_tag: false,
    }
}

/// Whether `s` has the shape of an Indian IFSC code (`ABCD0123456`).
pub fn is_ifsc(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 11
        && b[..4].iter().all(u8::is_ascii_uppercase)
        && b[4] == b'0'
        && b[5..]
            .iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

/// How a canonical indicator is written in MISP.
pub fn represent(ind: &Indicator) -> Representation {
    let v = ind.value.as_str();
    match ind.kind {
        Kind::Phone => object(
            &PHONE_NUMBER,
            vec![part("phone-number", "phone-number", "Person", v)],
        ),
        Kind::Url => plain("url", "Network activity", v),
        Kind::Domain => plain("domain", "Network activity", v),
        Kind::Email => plain("email-src", "Payload delivery", v),
        Kind::Ip => plain("ip-dst", "Network activity", v),
        Kind::Iban => object(
            &BANK_ACCOUNT,
            vec![part("iban", "iban", "Financial fraud", v)],
        ),
        Kind::BankAccount => {
            let (head, account) = v.split_once(':').unwrap_or(("", v));
            if !account.bytes().all(|c| c.is_ascii_digit()) || account.is_empty() {
                return plain("text", "Financial fraud", v);
            }
            let second = if is_ifsc(head) {
                part("branch", "text", "Financial fraud", head)
            } else {
                part(
                    "text",
                    "text",
                    "Financial fraud",
                    &format!("Country: {head}"),
                )
            };
            object(
                &BANK_ACCOUNT,
                vec![
                    part("account", "bank-account-nr", "Financial fraud", account),
                    second,
                ],
            )
        }
        Kind::CryptoWallet => {
            let (chain, address) = v.split_once(':').unwrap_or(("", v));
            let (relation, type_) = if chain == "btc" {
                ("address", "btc")
            } else {
                ("address-crypto", "text")
            };
            object(
                &COIN_ADDRESS,
                vec![
                    part(relation, type_, "Financial fraud", address),
                    part(
                        "symbol",
                        "text",
                        "Financial fraud",
                        &chain.to_ascii_uppercase(),
                    ),
                ],
            )
        }
        Kind::Upi | Kind::GiftCard => plain("text", "Financial fraud", v),
        Kind::RemoteId => plain("text", "Network activity", v),
    }
}

/// The kind a plain MISP attribute type holds, and the raw values to read
/// (a composite `domain|ip` holds two). `None`: not an indicator ringtrace
/// keeps (hashes, file names, victims' addresses, …).
pub fn read_type(type_: &str, value: &str) -> Option<Vec<(Kind, String)>> {
    let one = |k: Kind| Some(vec![(k, value.to_string())]);
    match type_ {
        "phone-number" => one(Kind::Phone),
        "url" => one(Kind::Url),
        "domain" | "hostname" => one(Kind::Domain),
        "email" | "email-src" | "email-reply-to" => one(Kind::Email),
        "ip-src" | "ip-dst" => one(Kind::Ip),
        "iban" => one(Kind::Iban),
        "btc" => Some(vec![(Kind::CryptoWallet, format!("btc:{}", value.trim()))]),
        "domain|ip" => {
            let (d, ip) = value.split_once('|')?;
            Some(vec![
                (Kind::Domain, d.to_string()),
                (Kind::Ip, ip.to_string()),
            ])
        }
        "ip-src|port" | "ip-dst|port" => {
            let (ip, _) = value.split_once('|')?;
            Some(vec![(Kind::Ip, ip.to_string())])
        }
        _ => None,
    }
}

/// The chain prefix ringtrace's canonical form uses for a `coin-address`
/// `symbol`, if it keeps that chain.
pub fn chain_of_symbol(symbol: &str) -> Option<&'static str> {
    match symbol.trim().to_ascii_uppercase().as_str() {
        "BTC" => Some("btc"),
        "ETH" => Some("eth"),
        "TRX" | "TRON" | "USDT" => Some("trx"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_one_main_attribute() {
        let samples = [
            (Kind::Phone, "+18885550123"),
            (Kind::Url, "https://secure-alert.com/fix"),
            (Kind::Domain, "secure-alert.com"),
            (Kind::Email, "help.desk@gmail.com"),
            (Kind::Ip, "203.0.113.7"),
            (Kind::Upi, "refund.desk99@okaxis"),
            (Kind::Iban, "FR7630006000011234567890189"),
            (Kind::CryptoWallet, "btc:1BoatSLRHtKNngkdXEeobR76b53LETtpyT"),
            (Kind::RemoteId, "anydesk:123456789"),
            (Kind::GiftCard, "apple:X4RT7YHJ2K9L"),
            (Kind::BankAccount, "HDFC0001234:50100234567890"),
        ];
        for (k, v) in samples {
            let r = represent(&Indicator::new(k, v));
            assert_eq!(r.parts.iter().filter(|p| p.main).count(), 1, "{k}");
        }
    }

    #[test]
    fn kind_tags_read_back() {
        for k in Kind::ALL {
            assert_eq!(kind_of_tag(&kind_tag(k)), Some(k));
        }
        assert_eq!(kind_of_tag("tlp:green"), None);
    }

    #[test]
    fn bank_accounts() {
        let r = represent(&Indicator::new(Kind::BankAccount, "FR:0123456789"));
        assert_eq!(r.object, Some(&BANK_ACCOUNT));
        assert_eq!(r.parts[1].value, "Country: FR");
        let r = represent(&Indicator::new(Kind::BankAccount, "GB:AB12CD"));
        assert_eq!(r.object, None);
        assert!(r.kind_tag);
    }
}
