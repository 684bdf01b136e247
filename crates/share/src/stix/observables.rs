//! Indicators as STIX Cyber-observable Objects and back: the core types
//! where STIX has them (`domain-name`, `url`, `email-addr`, `ipv4-addr`,
//! `ipv6-addr`), ringtrace's own `x-ringtrace-*` types (each defined by an
//! extension-definition with `new-sco`) for the rest, or, as an option,
//! the `phone-number`, `bank-account` and `cryptocurrency-wallet` types
//! OpenCTI uses.

use super::extensions::{sco_extension, ScoType};
use super::ids;
use ringtrace_model::{Indicator, Kind};
use serde_json::{json, Map, Value};

/// How one indicator is written as an SCO: its type and the property that
/// holds the value (its only ID contributing property).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shape {
    pub object_type: &'static str,
    pub property: &'static str,
    /// The extension-definition that defines the type (`None` for core types).
    pub extension: Option<ScoType>,
}

/// The SCO shape of an indicator. `opencti` picks OpenCTI's types for
/// phone numbers, IBANs and wallets.
pub fn shape(i: &Indicator, opencti: bool) -> Shape {
    let core = |object_type| Shape {
        object_type,
        property: "value",
        extension: None,
    };
    let custom = |t: ScoType| Shape {
        object_type: t.object_type(),
        property: t.property(),
        extension: Some(t),
    };
    match i.kind {
        Kind::Domain => core("domain-name"),
        Kind::Url => core("url"),
        Kind::Email => core("email-addr"),
        Kind::Ip if i.value.contains(':') => core("ipv6-addr"),
        Kind::Ip => core("ipv4-addr"),
        Kind::Phone if opencti => custom(ScoType::OpenctiPhone),
        Kind::Iban if opencti => custom(ScoType::OpenctiBankAccount),
        Kind::CryptoWallet if opencti => custom(ScoType::OpenctiWallet),
        Kind::Phone => custom(ScoType::Phone),
        Kind::Upi => custom(ScoType::Upi),
        Kind::Iban => custom(ScoType::Iban),
        Kind::CryptoWallet => custom(ScoType::CryptoWallet),
        Kind::RemoteId => custom(ScoType::RemoteId),
        Kind::GiftCard => custom(ScoType::GiftCard),
        Kind::BankAccount => custom(ScoType::BankAccount),
    }
}

/// The value as the SCO holds it. OpenCTI's wallets hold the bare address
/// (ringtrace's canonical value is `chain:address`).
fn sco_value(i: &Indicator, s: &Shape) -> String {
    if s.extension == Some(ScoType::OpenctiWallet) {
        if let Some((_, addr)) = i.value.split_once(':') {
            return addr.to_string();
        }
    }
    i.value.clone()
}

/// The SCO's identifier (UUIDv5 over its ID contributing property).
pub fn sco_id(i: &Indicator, opencti: bool) -> String {
    let s = shape(i, opencti);
    let mut props = Map::new();
    props.insert(s.property.into(), Value::String(sco_value(i, &s)));
    ids::sco(s.object_type, &Value::Object(props))
}

/// The SCO object of an indicator, marked with `marking`.
pub fn sco_object(i: &Indicator, opencti: bool, marking: &str) -> Value {
    let s = shape(i, opencti);
    let mut o = Map::new();
    o.insert("type".into(), json!(s.object_type));
    o.insert("spec_version".into(), json!("2.1"));
    o.insert("id".into(), json!(sco_id(i, opencti)));
    o.insert(s.property.into(), json!(sco_value(i, &s)));
    o.insert("object_marking_refs".into(), json!([marking]));
    if let Some(t) = s.extension {
        o.insert(
            "extensions".into(),
            json!({ sco_extension(t): { "extension_type": "new-sco" } }),
        );
    }
    Value::Object(o)
}

/// The STIX pattern that matches an indicator's SCO.
pub fn pattern(i: &Indicator, opencti: bool) -> String {
    let s = shape(i, opencti);
    format!(
        "[{}:{} = '{}']",
        s.object_type,
        s.property,
        escape(&sco_value(i, &s))
    )
}

/// A string literal's body in a STIX pattern: `\` and `'` escaped.
fn escape(v: &str) -> String {
    v.replace('\\', "\\\\").replace('\'', "\\'")
}

/// What an SCO (of any producer) says, as a kind and a raw value to
/// canonicalise, or why it is not taken.
pub fn read_sco(o: &Value) -> Result<(Kind, String), String> {
    let t = o.get("type").and_then(Value::as_str).unwrap_or("");
    let text = |p: &str| o.get(p).and_then(Value::as_str).map(String::from);
    let value = || text("value").ok_or_else(|| format!("a {t} without a string `value`"));
    match t {
        "bank-account" => {
            if let Some(iban) = text("iban") {
                Ok((Kind::Iban, iban))
            } else {
                Err("a bank-account without an IBAN (an account number alone has no bank or country to make it canonical)".into())
            }
        }
        _ => match_kind(t, "value")
            .ok_or_else(|| format!("observable type `{t}` is not one ringtrace reads"))
            .and_then(|k| Ok((k, value()?))),
    }
}

/// The kind an SCO type and property of a pattern comparison stand for.
pub fn match_kind(object_type: &str, property: &str) -> Option<Kind> {
    Some(match (object_type, property) {
        ("domain-name", "value") => Kind::Domain,
        ("url", "value") => Kind::Url,
        ("email-addr", "value") => Kind::Email,
        ("ipv4-addr" | "ipv6-addr", "value") => Kind::Ip,
        ("phone-number", "value") => Kind::Phone,
        ("cryptocurrency-wallet", "value") => Kind::CryptoWallet,
        ("bank-account", "iban") => Kind::Iban,
        (t, "value") => ScoType::ALL
            .into_iter()
            .find(|s| s.object_type() == t && s.property() == "value")?
            .kind(),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_escape_quotes() {
        let i = Indicator::new(Kind::Url, "https://a.example/it's\\x");
        assert_eq!(
            pattern(&i, false),
            r"[url:value = 'https://a.example/it\'s\\x']"
        );
    }

    #[test]
    fn wallets_for_opencti_hold_the_address() {
        let i = Indicator::new(Kind::CryptoWallet, "btc:1BoatSLRHtKNngkdXEeobR76b53LETtpyT");
        let o = sco_object(&i, true, "m");
        assert_eq!(o["type"], "cryptocurrency-wallet");
        assert_eq!(o["value"], "1BoatSLRHtKNngkdXEeobR76b53LETtpyT");
        let o = sco_object(&i, false, "m");
        assert_eq!(o["type"], "x-ringtrace-crypto-wallet");
        assert_eq!(o["value"], "btc:1BoatSLRHtKNngkdXEeobR76b53LETtpyT");
    }
}
