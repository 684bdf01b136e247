//! MISP warning lists (the `misp-warninglists` format: `name`, `version`,
//! `description`, `type`, `list`, `matching_attributes`): ringtrace's hub
//! values written as lists, and lists read back into indicators.
//!
//! Written, one list per kind, each value as ringtrace's MISP events write
//! it (`kinds::represent`):
//!
//! | list | type | values |
//! |---|---|---|
//! | `ringtrace-phone` | `string` | phone numbers |
//! | `ringtrace-domain` | `hostname` | vendor and webmail domains: the domain and its subdomains |
//! | `ringtrace-domain-exact` | `string` | hosting domains (their customers' subdomains are not listed) and analysts' exact domains |
//! | `ringtrace-url`, `-email`, `-iban`, `-btc`, `-bank-account` | `string` | |
//! | `ringtrace-ip` | `cidr` | single addresses (`/32`, `/128`) |
//! | `ringtrace-text` | `string` | UPI IDs, remote-tool IDs, gift cards, non-Bitcoin wallets (MISP `text` attributes) |
//!
//! Read: `string` lists by their `matching_attributes` (and the value's
//! shape), `hostname` lists as domains (a leading dot dropped), `cidr` lists
//! for their single addresses only; `regex` and `substring` lists match
//! patterns ringtrace does not keep and are skipped whole.

use super::kinds::represent;
use ringtrace_model::{Indicator, Kind};
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// The version of the lists made from the shipped warning list
/// (`crates/link/data/warninglist.tsv`): the day it last changed. Bump it
/// with every change of that file, so that MISP instances take the new lists.
pub const SHIPPED_VERSION: u64 = 20261128;

/// A hub value to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HubValue {
    pub indicator: Indicator,
    /// Its subdomains are the same organisation's (a vendor or webmail
    /// domain): it goes to a `hostname` list.
    pub subdomains: bool,
}

/// One list, to be written as `<dir>/list.json`.
#[derive(Clone, Debug, PartialEq)]
pub struct WarninglistFile {
    pub dir: String,
    pub list: Value,
}

struct ListDef {
    dir: &'static str,
    name: &'static str,
    description: &'static str,
    type_: &'static str,
    matching: &'static [&'static str],
}

const IP_TYPES: &[&str] = &[
    "ip-src",
    "ip-dst",
    "domain|ip",
    "ip-src|port",
    "ip-dst|port",
];

fn def_for(type_: &str, subdomains: bool) -> ListDef {
    match (type_, subdomains) {
        ("phone-number", _) => ListDef {
            dir: "ringtrace-phone",
            name: "ringtrace: legitimate phone numbers",
            description: "Published support and customer-service numbers of the companies tech-support scammers impersonate. Scam reports mention them, but they are not the scammers' (ringtrace's warning list).",
            type_: "string",
            matching: &["phone-number", "whois-registrant-phone"],
        },
        ("domain", true) => ListDef {
            dir: "ringtrace-domain",
            name: "ringtrace: legitimate vendor and webmail domains",
            description: "Domains, with their subdomains, of the companies tech-support scammers impersonate, of webmail providers and of payment services. Scam reports mention them, but they are not the scammers' (ringtrace's warning list).",
            type_: "hostname",
            matching: &["domain", "hostname", "url", "uri", "domain|ip"],
        },
        ("domain", false) => ListDef {
            dir: "ringtrace-domain-exact",
            name: "ringtrace: legitimate domains, without their subdomains",
            description: "Hosting, site-builder and link-shortening services' own domains (their customers' subdomains are not listed: scammers use them), and domains analysts marked legitimate (ringtrace's warning list).",
            type_: "string",
            matching: &["domain", "hostname", "domain|ip"],
        },
        ("url", _) => ListDef {
            dir: "ringtrace-url",
            name: "ringtrace: legitimate URLs",
            description: "URLs analysts marked legitimate or too widely shared to tell scams apart (ringtrace's warning list).",
            type_: "string",
            matching: &["url", "uri"],
        },
        ("email-src", _) => ListDef {
            dir: "ringtrace-email",
            name: "ringtrace: legitimate e-mail addresses",
            description: "E-mail addresses analysts marked legitimate or too widely shared to tell scams apart (ringtrace's warning list).",
            type_: "string",
            matching: &["email", "email-src", "email-dst", "email-reply-to"],
        },
        ("ip-dst", _) => ListDef {
            dir: "ringtrace-ip",
            name: "ringtrace: legitimate IP addresses",
            description: "IP addresses analysts marked legitimate or too widely shared to tell scams apart (ringtrace's warning list).",
            type_: "cidr",
            matching: IP_TYPES,
        },
        ("iban", _) => ListDef {
            dir: "ringtrace-iban",
            name: "ringtrace: legitimate IBANs",
            description: "IBANs analysts marked legitimate, e.g. a bank's own collection accounts (ringtrace's warning list).",
            type_: "string",
            matching: &["iban"],
        },
        ("btc", _) => ListDef {
            dir: "ringtrace-btc",
            name: "ringtrace: legitimate Bitcoin addresses",
            description: "Bitcoin addresses analysts marked legitimate, e.g. an exchange's hot wallets (ringtrace's warning list).",
            type_: "string",
            matching: &["btc"],
        },
        ("bank-account-nr", _) => ListDef {
            dir: "ringtrace-bank-account",
            name: "ringtrace: legitimate bank account numbers",
            description: "Bank account numbers analysts marked legitimate (ringtrace's warning list).",
            type_: "string",
            matching: &["bank-account-nr"],
        },
        _ => ListDef {
            dir: "ringtrace-text",
            name: "ringtrace: legitimate payment and remote-access identifiers",
            description: "UPI IDs, remote-access tool IDs, gift cards and wallet addresses analysts marked legitimate, as ringtrace writes them in MISP text attributes (ringtrace's warning list).",
            type_: "string",
            matching: &["text"],
        },
    }
}

/// The lists holding `values`, one per kind (domains split by reach),
/// sorted by directory; empty lists are not made. `version` is every list's.
pub fn warninglists(values: &[HubValue], version: u64) -> Vec<WarninglistFile> {
    let mut lists: BTreeMap<&'static str, (ListDef, BTreeSet<String>)> = BTreeMap::new();
    for v in values {
        let rep = represent(&v.indicator);
        let Some(main) = rep.parts.iter().find(|p| p.main) else {
            continue;
        };
        let def = def_for(main.type_, v.subdomains && v.indicator.kind == Kind::Domain);
        let mut value = main.value.clone();
        if def.type_ == "cidr" {
            value.push_str(if value.contains(':') { "/128" } else { "/32" });
        }
        lists
            .entry(def.dir)
            .or_insert_with(|| (def, BTreeSet::new()))
            .1
            .insert(value);
    }
    lists
        .into_values()
        .map(|(def, values)| {
            // Keys in the order `jq --sort-keys` gives them, as in misp-warninglists.
            let mut list = Map::new();
            list.insert("description".into(), json!(def.description));
            list.insert("list".into(), json!(values));
            list.insert("matching_attributes".into(), json!(def.matching));
            list.insert("name".into(), json!(def.name));
            list.insert("type".into(), json!(def.type_));
            list.insert("version".into(), json!(version));
            WarninglistFile {
                dir: def.dir.to_string(),
                list: Value::Object(list),
            }
        })
        .collect()
}

/// Why a warning list could not be read at all.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("field `{field}`: {message}")]
pub struct WarninglistError {
    pub field: String,
    pub message: String,
}

/// What one MISP warning list holds for ringtrace.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReadWarninglist {
    pub name: String,
    pub version: u64,
    pub type_: String,
    /// Canonical values, each once, in list order.
    pub values: Vec<Indicator>,
    /// Entries that are no valid value of the kinds the list matches, with why.
    pub invalid: Vec<(String, String)>,
    /// Entries passed over on purpose (ranges, patterns), and why.
    pub skipped: usize,
    pub skipped_why: Option<String>,
}

fn field<'a>(o: &'a Map<String, Value>, name: &str) -> Result<&'a Value, WarninglistError> {
    o.get(name).ok_or_else(|| WarninglistError {
        field: name.into(),
        message: "is required".into(),
    })
}

fn wrong(name: &str, expected: &str) -> WarninglistError {
    WarninglistError {
        field: name.into(),
        message: format!("expected {expected}"),
    }
}

/// The kinds a list's `matching_attributes` stand for, in a useful order of trial.
fn kinds_matching(attrs: &[&str]) -> Vec<Kind> {
    let mut kinds = Vec::new();
    let mut push = |k: Kind| {
        if !kinds.contains(&k) {
            kinds.push(k);
        }
    };
    for a in attrs {
        match *a {
            "phone-number" | "whois-registrant-phone" | "prtn" => push(Kind::Phone),
            "email"
            | "email-src"
            | "email-dst"
            | "email-reply-to"
            | "target-email"
            | "whois-registrant-email"
            | "dns-soa-email" => push(Kind::Email),
            "url" | "uri" | "link" => push(Kind::Url),
            "domain" | "hostname" | "domain|ip" | "hostname|port" => push(Kind::Domain),
            "ip-src" | "ip-dst" | "ip-src|port" | "ip-dst|port" => push(Kind::Ip),
            "iban" => push(Kind::Iban),
            "btc" => push(Kind::CryptoWallet),
            _ => {}
        }
    }
    // URLs before domains: a value with a scheme is a URL.
    kinds.sort_by_key(|k| match k {
        Kind::Url => 0,
        _ => 1,
    });
    kinds
}

/// Reads one MISP warning list (the JSON of a `list.json`).
pub fn read_warninglist(doc: &Value) -> Result<ReadWarninglist, WarninglistError> {
    let o = doc
        .as_object()
        .ok_or_else(|| wrong("list", "a JSON object with name, type, version, list"))?;
    let name = field(o, "name")?
        .as_str()
        .ok_or_else(|| wrong("name", "a string"))?;
    let type_ = field(o, "type")?
        .as_str()
        .ok_or_else(|| wrong("type", "a string"))?;
    if !["string", "substring", "hostname", "cidr", "regex"].contains(&type_) {
        return Err(wrong(
            "type",
            "one of string, substring, hostname, cidr, regex",
        ));
    }
    let version = field(o, "version")?
        .as_u64()
        .ok_or_else(|| wrong("version", "a whole number"))?;
    let entries = field(o, "list")?
        .as_array()
        .ok_or_else(|| wrong("list", "an array of strings"))?;
    let entries: Vec<&str> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| {
            e.as_str()
                .ok_or_else(|| wrong(&format!("list[{i}]"), "a string"))
        })
        .collect::<Result<_, _>>()?;
    let matching: Vec<&str> = match o.get("matching_attributes") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(a)) => a
            .iter()
            .enumerate()
            .map(|(i, e)| {
                e.as_str()
                    .ok_or_else(|| wrong(&format!("matching_attributes[{i}]"), "a string"))
            })
            .collect::<Result<_, _>>()?,
        Some(_) => return Err(wrong("matching_attributes", "an array of strings")),
    };

    let mut out = ReadWarninglist {
        name: name.to_string(),
        version,
        type_: type_.to_string(),
        ..Default::default()
    };
    let mut seen = BTreeSet::new();
    let mut keep = |out: &mut ReadWarninglist, i: Indicator| {
        if seen.insert(i.clone()) {
            out.values.push(i);
        }
    };
    match type_ {
        "regex" | "substring" => {
            out.skipped = entries.len();
            out.skipped_why = Some(format!(
                "a {type_} list holds patterns, and ringtrace's warning list holds exact values"
            ));
        }
        "cidr" => {
            for e in entries {
                let e = e.trim();
                let address = match e.split_once('/') {
                    None => Some(e),
                    Some((a, "32")) if !a.contains(':') => Some(a),
                    Some((a, "128")) if a.contains(':') => Some(a),
                    Some(_) => None,
                };
                let Some(address) = address else {
                    out.skipped += 1;
                    continue;
                };
                match ringtrace_extract::canonicalize(Kind::Ip, address, None) {
                    Ok(v) => keep(&mut out, Indicator::new(Kind::Ip, v)),
                    Err(err) => out.invalid.push((e.to_string(), err.to_string())),
                }
            }
            if out.skipped > 0 {
                out.skipped_why =
                    Some("address ranges: ringtrace's warning list holds single values".into());
            }
        }
        _ => {
            let kinds = if type_ == "hostname" {
                vec![Kind::Domain]
            } else {
                kinds_matching(&matching)
            };
            for e in entries {
                let raw = if type_ == "hostname" {
                    e.trim().trim_start_matches('.')
                } else {
                    e.trim()
                };
                match read_value(raw, &kinds) {
                    Ok(i) => keep(&mut out, i),
                    Err(why) => out.invalid.push((e.to_string(), why)),
                }
            }
        }
    }
    Ok(out)
}

/// One entry as the first of `kinds` it is valid for (a guess from its
/// shape when the list names no kind ringtrace keeps).
fn read_value(raw: &str, kinds: &[Kind]) -> Result<Indicator, String> {
    if kinds.is_empty() {
        return ringtrace_extract::detect(raw, None)
            .ok_or_else(|| "is no value of a kind ringtrace keeps".to_string());
    }
    let mut first_err = None;
    for &k in kinds {
        if k == Kind::Url && !raw.contains("://") {
            continue;
        }
        let given = if k == Kind::CryptoWallet && !raw.contains(':') {
            format!("btc:{raw}")
        } else {
            raw.to_string()
        };
        match ringtrace_extract::canonicalize(k, &given, None) {
            Ok(v) => return Ok(Indicator::new(k, v)),
            Err(e) => {
                first_err.get_or_insert(format!("not a valid {k}: {e}"));
            }
        }
    }
    Err(first_err.unwrap_or_else(|| "is no value of the kinds the list matches".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_lists_read_back() {
        let values = vec![
            HubValue {
                indicator: Indicator::new(Kind::Phone, "+18006427676"),
                subdomains: false,
            },
            HubValue {
                indicator: Indicator::new(Kind::Domain, "microsoft.com"),
                subdomains: true,
            },
            HubValue {
                indicator: Indicator::new(Kind::Domain, "bit.ly"),
                subdomains: false,
            },
            HubValue {
                indicator: Indicator::new(Kind::Ip, "203.0.113.7"),
                subdomains: false,
            },
        ];
        let lists = warninglists(&values, 7);
        let dirs: Vec<&str> = lists.iter().map(|l| l.dir.as_str()).collect();
        assert_eq!(
            dirs,
            [
                "ringtrace-domain",
                "ringtrace-domain-exact",
                "ringtrace-ip",
                "ringtrace-phone"
            ]
        );
        let mut back = Vec::new();
        for l in &lists {
            let r = read_warninglist(&l.list).unwrap();
            assert!(r.invalid.is_empty(), "{r:?}");
            assert_eq!(r.version, 7);
            back.extend(r.values);
        }
        back.sort();
        let mut want: Vec<Indicator> = values.into_iter().map(|v| v.indicator).collect();
        want.sort();
        assert_eq!(back, want);
    }
}
