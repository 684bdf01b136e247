//! MISP events read back as report records (the spec's section 1), one
//! report per event:
//!
//! - `id`: the event's `uuid`;
//! - `partner`: the one given, else the event's `Orgc` (or `Org`) name as a
//!   slug (`CIRCL` → `circl`, `Bank of X` → `bank-of-x`);
//! - `received_at`: the event's `date` at midnight UTC, else its `timestamp`;
//! - `tlp`: the most restrictive `tlp:` tag (`tlp:white` reads as `clear`);
//!   without one, distribution 0 ("your organisation only") reads as
//!   `amber+strict`, anything else leaves the default (`amber`);
//! - `narrative`: the event's `info`;
//! - `indicators`: the attributes and objects that hold one (see `kinds`),
//!   canonicalised, each value once. Deleted attributes and objects are
//!   skipped, and so are attributes of other types.
//!
//! A value that a kept type holds but that is not a valid indicator (a phone
//! number that is no number anywhere, an IBAN with bad check digits) is an
//! error naming the event, the attribute and the field: the caller imports
//! nothing of that input.

use super::kinds::{chain_of_symbol, is_ifsc, kind_of_tag, read_type};
use super::{time, tlp};
use ringtrace_model::{Kind, PartnerSlug, ReportId, Tlp};
use serde_json::{json, Map, Value};
use std::collections::HashSet;
use std::fmt;

/// One event read as a report record.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportedEvent {
    pub uuid: String,
    /// The report record, ready for `ringtrace_intake::decode_record`.
    pub record: Map<String, Value>,
    /// Attributes (objects' included) read as indicators.
    pub read: usize,
    /// Attributes that hold no indicator ringtrace keeps.
    pub ignored: usize,
}

/// Why an input is refused (boxed: results stay small); its fields are
/// those of [`ImportFault`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ImportError(pub Box<ImportFault>);

impl std::ops::Deref for ImportError {
    type Target = ImportFault;
    fn deref(&self) -> &ImportFault {
        &self.0
    }
}

impl From<ImportFault> for ImportError {
    fn from(f: ImportFault) -> Self {
        ImportError(Box::new(f))
    }
}

/// The event, the attribute and the field at fault.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportFault {
    /// The event's position in the input, from 1.
    pub event: usize,
    pub event_uuid: Option<String>,
    /// Where in the event: `Attribute[3]`, `Object[1].Attribute[0]`; empty
    /// for the event's own fields.
    pub path: String,
    pub attribute_uuid: Option<String>,
    pub field: String,
    pub message: String,
}

impl fmt::Display for ImportFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "event {}", self.event)?;
        if let Some(u) = &self.event_uuid {
            write!(f, " ({u})")?;
        }
        if !self.path.is_empty() {
            write!(f, ", {}", self.path)?;
            if let Some(u) = &self.attribute_uuid {
                write!(f, " (uuid {u})")?;
            }
        }
        write!(f, ", field `{}`: {}", self.field, self.message)
    }
}

/// The events of a document: `{"Event": …}`, a bare event, a list of either,
/// or an API answer `{"response": […]}`.
fn events_of(doc: &Value) -> Result<Vec<&Map<String, Value>>, ImportError> {
    let top = |message: String| ImportFault {
        event: 0,
        event_uuid: None,
        path: String::new(),
        attribute_uuid: None,
        field: "Event".into(),
        message,
    };
    fn one(v: &Value) -> Option<&Map<String, Value>> {
        let o = v.as_object()?;
        match o.get("Event") {
            Some(Value::Object(e)) => Some(e),
            Some(_) => None,
            None => Some(o),
        }
    }
    let items: Vec<&Value> = match doc {
        Value::Array(items) => items.iter().collect(),
        Value::Object(o) => match o.get("response") {
            Some(Value::Array(items)) => items.iter().collect(),
            _ => vec![doc],
        },
        other => {
            return Err(top(format!(
                "expected a MISP event ({{\"Event\": …}}) or a list of them, got {}",
                type_name(other)
            ))
            .into())
        }
    };
    items
        .into_iter()
        .enumerate()
        .map(|(i, v)| {
            one(v).ok_or_else(|| {
                ImportFault {
                    event: i + 1,
                    ..top(format!(
                        "expected an object {{\"Event\": {{…}}}}, got {}",
                        type_name(v)
                    ))
                }
                .into()
            })
        })
        .collect()
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Reads every event of `doc` into a report record; `partner` credits them
/// all to one partner instead of each event's organisation.
pub fn event_records(
    doc: &Value,
    partner: Option<&PartnerSlug>,
) -> Result<Vec<ImportedEvent>, ImportError> {
    events_of(doc)?
        .into_iter()
        .enumerate()
        .map(|(i, e)| Reader::new(i + 1, e).record(partner))
        .collect()
}

/// A name as a partner slug: lower-case ASCII letters and digits, other runs
/// as one dash, at most 64 characters.
pub fn slug(name: &str) -> Option<PartnerSlug> {
    let mut s = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            s.push(c.to_ascii_lowercase());
        } else if !s.is_empty() && !s.ends_with('-') {
            s.push('-');
        }
    }
    let s: String = s.chars().take(64).collect();
    PartnerSlug::parse(s.trim_end_matches('-')).ok()
}

struct Reader<'a> {
    n: usize,
    event: &'a Map<String, Value>,
    uuid: Option<String>,
    indicators: Vec<(Kind, String)>,
    seen: HashSet<(Kind, String)>,
    read: usize,
    ignored: usize,
}

/// Where an attribute is: its path and uuid.
struct At<'a> {
    path: String,
    attr: &'a Map<String, Value>,
}

impl<'a> Reader<'a> {
    fn new(n: usize, event: &'a Map<String, Value>) -> Self {
        Reader {
            n,
            event,
            uuid: event
                .get("uuid")
                .and_then(Value::as_str)
                .map(str::to_string),
            indicators: Vec::new(),
            seen: HashSet::new(),
            read: 0,
            ignored: 0,
        }
    }

    fn fail(&self, at: Option<&At<'_>>, field: &str, message: String) -> ImportError {
        ImportFault {
            event: self.n,
            event_uuid: self.uuid.clone(),
            path: at.map(|a| a.path.clone()).unwrap_or_default(),
            attribute_uuid: at
                .and_then(|a| a.attr.get("uuid"))
                .and_then(Value::as_str)
                .map(str::to_string),
            field: field.into(),
            message,
        }
        .into()
    }

    fn event_str(&self, field: &str) -> Result<Option<&'a str>, ImportError> {
        match self.event.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.as_str())),
            Some(other) => Err(self.fail(
                None,
                field,
                format!("expected a string, got {}", type_name(other)),
            )),
        }
    }

    fn record(mut self, partner: Option<&PartnerSlug>) -> Result<ImportedEvent, ImportError> {
        let uuid = self
            .event_str("uuid")?
            .ok_or_else(|| self.fail(None, "uuid", "is required".into()))?
            .to_string();
        ReportId::parse(&uuid).map_err(|e| self.fail(None, "uuid", e.0))?;
        let info = self
            .event_str("info")?
            .ok_or_else(|| self.fail(None, "info", "is required".into()))?;
        let partner = match partner {
            Some(p) => p.clone(),
            None => self.partner()?,
        };
        let received_at = self.received_at()?;
        let tlp = self.tlp()?;

        let attributes = self.array(self.event, None, "Attribute")?;
        for (i, a) in attributes.iter().enumerate() {
            let at = self.at(format!("Attribute[{i}]"), a)?;
            if deleted(at.attr) {
                continue;
            }
            self.plain(&at)?;
        }
        let objects = self.array(self.event, None, "Object")?;
        for (j, o) in objects.iter().enumerate() {
            let Value::Object(o) = o else {
                return Err(self.fail(
                    None,
                    &format!("Object[{j}]"),
                    format!("expected an object, got {}", type_name(o)),
                ));
            };
            if deleted(o) {
                continue;
            }
            self.object(j, o)?;
        }

        let mut record = Map::new();
        record.insert("id".into(), json!(uuid));
        record.insert("partner".into(), json!(partner.as_str()));
        record.insert("received_at".into(), json!(received_at));
        if !info.trim().is_empty() {
            record.insert("narrative".into(), json!(info));
        }
        record.insert(
            "indicators".into(),
            Value::Array(
                self.indicators
                    .iter()
                    .map(|(k, v)| json!({"kind": k.as_str(), "value": v}))
                    .collect(),
            ),
        );
        if let Some(t) = tlp {
            record.insert("tlp".into(), json!(t.as_str()));
        }
        Ok(ImportedEvent {
            uuid,
            record,
            read: self.read,
            ignored: self.ignored,
        })
    }

    fn partner(&self) -> Result<PartnerSlug, ImportError> {
        for field in ["Orgc", "Org"] {
            if let Some(name) = self
                .event
                .get(field)
                .and_then(|o| o.get("name"))
                .and_then(Value::as_str)
            {
                return slug(name).ok_or_else(|| {
                    self.fail(
                        None,
                        &format!("{field}.name"),
                        format!("`{name}` makes no partner slug; give --partner"),
                    )
                });
            }
        }
        Err(self.fail(
            None,
            "Orgc.name",
            "is missing, so the reporting partner is unknown; give --partner".into(),
        ))
    }

    fn received_at(&self) -> Result<String, ImportError> {
        if let Some(d) = self.event_str("date")? {
            return time::from_day(d)
                .ok_or_else(|| self.fail(None, "date", format!("`{d}` is not a date YYYY-MM-DD")));
        }
        let secs = match self.event.get("timestamp") {
            Some(Value::String(s)) => s.trim().parse::<i64>().ok(),
            Some(Value::Number(n)) => n.as_i64(),
            _ => None,
        };
        secs.and_then(time::from_epoch).ok_or_else(|| {
            self.fail(
                None,
                "date",
                "is required (or a `timestamp` in epoch seconds)".into(),
            )
        })
    }

    fn tlp(&self) -> Result<Option<Tlp>, ImportError> {
        let mut names: Vec<&str> = Vec::new();
        for t in self.array(self.event, None, "Tag")? {
            if let Some(n) = t.get("name").and_then(Value::as_str) {
                names.push(n);
            }
        }
        for t in self.array(self.event, None, "EventTag")? {
            if let Some(n) = t.pointer("/Tag/name").and_then(Value::as_str) {
                names.push(n);
            }
        }
        let tagged = names.into_iter().filter_map(tlp::from_tag).max();
        if tagged.is_some() {
            return Ok(tagged);
        }
        let distribution = match self.event.get("distribution") {
            Some(Value::String(s)) => s.trim().parse::<i64>().ok(),
            Some(Value::Number(n)) => n.as_i64(),
            _ => None,
        };
        Ok((distribution == Some(0)).then_some(Tlp::AmberStrict))
    }

    fn array(
        &self,
        within: &'a Map<String, Value>,
        at: Option<&At<'_>>,
        field: &str,
    ) -> Result<&'a [Value], ImportError> {
        match within.get(field) {
            None | Some(Value::Null) => Ok(&[]),
            Some(Value::Array(items)) => Ok(items),
            Some(other) => Err(self.fail(
                at,
                field,
                format!("expected an array, got {}", type_name(other)),
            )),
        }
    }

    fn at(&self, path: String, v: &'a Value) -> Result<At<'a>, ImportError> {
        match v {
            Value::Object(attr) => Ok(At { path, attr }),
            other => Err(ImportFault {
                event: self.n,
                event_uuid: self.uuid.clone(),
                path,
                attribute_uuid: None,
                field: "Attribute".into(),
                message: format!("expected an object, got {}", type_name(other)),
            }
            .into()),
        }
    }

    /// An attribute's `type` and `value` (a number reads as its text).
    fn type_value(&self, at: &At<'a>) -> Result<(&'a str, String), ImportError> {
        let t = match at.attr.get("type") {
            Some(Value::String(s)) => s.as_str(),
            None | Some(Value::Null) => {
                return Err(self.fail(Some(at), "type", "is required".into()))
            }
            Some(other) => {
                return Err(self.fail(
                    Some(at),
                    "type",
                    format!("expected a string, got {}", type_name(other)),
                ))
            }
        };
        let v = match at.attr.get("value") {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            None | Some(Value::Null) => {
                return Err(self.fail(Some(at), "value", "is required".into()))
            }
            Some(other) => {
                return Err(self.fail(
                    Some(at),
                    "value",
                    format!("expected a string, got {}", type_name(other)),
                ))
            }
        };
        Ok((t, v))
    }

    /// The ringtrace kind a `text` attribute's tags name.
    fn tagged_kind(&self, at: &At<'a>) -> Option<Kind> {
        let tags = at.attr.get("Tag")?.as_array()?;
        tags.iter()
            .filter_map(|t| t.get("name").and_then(Value::as_str))
            .find_map(kind_of_tag)
    }

    fn add(
        &mut self,
        at: &At<'_>,
        kind: Kind,
        raw: &str,
        region: Option<&str>,
    ) -> Result<(), ImportError> {
        let value = ringtrace_extract::canonicalize(kind, raw, region).map_err(|e| {
            self.fail(
                Some(at),
                "value",
                format!("`{}` is not a valid {kind}: {e}", raw.trim()),
            )
        })?;
        if self.seen.insert((kind, value.clone())) {
            self.indicators.push((kind, value));
        }
        Ok(())
    }

    /// A plain attribute, or one of an object ringtrace has no rule for.
    fn plain(&mut self, at: &At<'a>) -> Result<(), ImportError> {
        let (t, v) = self.type_value(at)?;
        let read = if t == "text" {
            self.tagged_kind(at).map(|k| vec![(k, v.clone())])
        } else {
            read_type(t, &v)
        };
        match read {
            Some(values) => {
                for (k, raw) in values {
                    self.add(at, k, &raw, None)?;
                }
                self.read += 1;
            }
            None => self.ignored += 1,
        }
        Ok(())
    }

    fn object(&mut self, j: usize, o: &'a Map<String, Value>) -> Result<(), ImportError> {
        let name = o.get("name").and_then(Value::as_str).unwrap_or("");
        let mut attrs: Vec<(At<'a>, &'a str, &'a str, String)> = Vec::new();
        let here = At {
            path: format!("Object[{j}]"),
            attr: o,
        };
        for (i, a) in self.array(o, Some(&here), "Attribute")?.iter().enumerate() {
            let at = self.at(format!("Object[{j}].Attribute[{i}]"), a)?;
            if deleted(at.attr) {
                continue;
            }
            let (t, v) = self.type_value(&at)?;
            let relation = at
                .attr
                .get("object_relation")
                .and_then(Value::as_str)
                .unwrap_or("");
            attrs.push((at, relation, t, v));
        }
        let find = |rel: &str| attrs.iter().find(|a| a.1 == rel).map(|a| a.3.trim());
        match name {
            "phone-number" => {
                let region = find("country-code")
                    .filter(|c| c.len() == 2)
                    .map(str::to_string);
                for (at, rel, t, v) in &attrs {
                    if *rel == "phone-number" || *t == "phone-number" {
                        self.add(at, Kind::Phone, v, region.as_deref())?;
                        self.read += 1;
                    } else {
                        self.ignored += 1;
                    }
                }
            }
            "bank-account" => {
                let ifsc = ["branch", "institution-code", "swift", "text", "comments"]
                    .iter()
                    .filter_map(|r| find(r))
                    .flat_map(|v| v.split(|c: char| !c.is_ascii_alphanumeric()))
                    .map(str::to_ascii_uppercase)
                    .find(|w| is_ifsc(w));
                let country = ["text", "comments"]
                    .iter()
                    .filter_map(|r| find(r))
                    .find_map(country_of);
                for (at, rel, t, v) in &attrs {
                    match (*rel, *t) {
                        (_, "iban") => {
                            self.add(at, Kind::Iban, v, None)?;
                            self.read += 1;
                        }
                        ("account", _) | (_, "bank-account-nr") => {
                            let head = ifsc.clone().or_else(|| country.clone());
                            match head {
                                Some(h) => {
                                    self.add(
                                        at,
                                        Kind::BankAccount,
                                        &format!("{h}:{}", v.trim()),
                                        None,
                                    )?;
                                    self.read += 1;
                                }
                                // A number without IFSC code or country makes no ringtrace value.
                                None => self.ignored += 1,
                            }
                        }
                        _ => self.ignored += 1,
                    }
                }
            }
            "coin-address" | "btc-wallet" => {
                let chain = find("symbol").and_then(chain_of_symbol);
                for (at, rel, t, v) in &attrs {
                    match (*rel, *t) {
                        ("address" | "wallet-address", _) | (_, "btc") => {
                            self.add(at, Kind::CryptoWallet, &format!("btc:{}", v.trim()), None)?;
                            self.read += 1;
                        }
                        ("address-crypto", _) => match chain {
                            Some(c) => {
                                self.add(
                                    at,
                                    Kind::CryptoWallet,
                                    &format!("{c}:{}", v.trim()),
                                    None,
                                )?;
                                self.read += 1;
                            }
                            // A chain ringtrace does not keep (LTC, XMR, …).
                            None => self.ignored += 1,
                        },
                        _ => self.ignored += 1,
                    }
                }
            }
            _ => {
                for (at, _, _, _) in &attrs {
                    self.plain(at)?;
                }
            }
        }
        Ok(())
    }
}

fn deleted(attr: &Map<String, Value>) -> bool {
    match attr.get("deleted") {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s == "1" || s.eq_ignore_ascii_case("true"),
        Some(Value::Number(n)) => n.as_i64() == Some(1),
        _ => false,
    }
}

/// `CC` from a text such as `Country: FR`.
fn country_of(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    let i = lower.find("country")?;
    let rest = text[i + "country".len()..].trim_start_matches([':', ' ', '=']);
    let cc: String = rest.chars().take(2).collect();
    let after = rest.chars().nth(2);
    (cc.len() == 2
        && cc.bytes().all(|c| c.is_ascii_alphabetic())
        && after.is_none_or(|c| !c.is_ascii_alphanumeric()))
    .then(|| cc.to_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_of_names() {
        assert_eq!(slug("CIRCL").unwrap().as_str(), "circl");
        assert_eq!(
            slug("Bank of X — Fraud Team").unwrap().as_str(),
            "bank-of-x-fraud-team"
        );
        assert!(slug("—").is_none());
    }

    #[test]
    fn countries_in_text() {
        assert_eq!(country_of("Country: FR").as_deref(), Some("FR"));
        assert_eq!(country_of("country=de").as_deref(), Some("DE"));
        assert_eq!(country_of("Countryside"), None);
    }
}
