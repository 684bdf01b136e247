//! One report record (a JSON object) checked field by field into a [`Report`].

use crate::Rejected;
use ringtrace_model::{
    Channel, CurrencyCode, Kind, LanguageTag, Loss, PartnerSlug, RegionCode, Report, ReportId,
    ReportKey, Tlp,
};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

/// The largest narrative the spec allows.
pub const MAX_NARRATIVE_BYTES: usize = 64 * 1024;

/// The most indicators a partner may give structured in one report (a
/// narrative's are bounded by its length).
pub const MAX_GIVEN_INDICATORS: usize = 1_000;

/// The fields the spec names; every other field is kept as it came.
const KNOWN: [&str; 12] = [
    "id",
    "partner",
    "received_at",
    "channel",
    "brand",
    "language",
    "region",
    "narrative",
    "indicators",
    "loss",
    "payment_method",
    "tlp",
];

/// A record that passed every check.
#[derive(Clone, Debug)]
pub struct Decoded {
    pub line: usize,
    pub report: Report,
    /// The record as the partner sent it (CSV rows turned into the JSON shape).
    pub record: Map<String, Value>,
    /// SHA-256 of the record's canonical JSON (keys sorted): same content, same hash.
    pub content_hash: String,
}

struct Fault {
    field: Option<String>,
    message: String,
}

fn fault(field: &str, message: impl Into<String>) -> Fault {
    Fault {
        field: Some(field.to_string()),
        message: message.into(),
    }
}

/// Checks one record; `raw` is its text for the rejects file.
pub fn decode_record(line: usize, value: Value, raw: &str) -> Result<Decoded, Rejected> {
    let reject = |f: Fault| Rejected {
        line,
        field: f.field,
        message: f.message,
        raw: raw.to_string(),
    };
    let Value::Object(record) = value else {
        return Err(reject(Fault {
            field: None,
            message: "expected a JSON object (one report)".into(),
        }));
    };
    let report = parse_report(&record).map_err(reject)?;
    Ok(Decoded {
        line,
        content_hash: content_hash(&record),
        report,
        record,
    })
}

fn parse_report(r: &Map<String, Value>) -> Result<Report, Fault> {
    let id = required_str(r, "id")?;
    let id = ReportId::parse(id).map_err(|e| fault("id", e.0))?;
    let partner = required_str(r, "partner")?;
    let partner = PartnerSlug::parse(partner).map_err(|e| fault("partner", e.0))?;
    let received_at = required_str(r, "received_at")?;
    let received_at = chrono::DateTime::parse_from_rfc3339(received_at).map_err(|_| {
        fault(
            "received_at",
            format!("`{received_at}` is not an RFC 3339 timestamp such as 2023-10-01T09:00:00Z"),
        )
    })?;
    let channel = optional_str(r, "channel")?
        .map(|s| s.parse::<Channel>())
        .transpose()
        .map_err(|e| fault("channel", e.0))?;
    let brand = optional_str(r, "brand")?.map(str::to_string);
    let language = optional_str(r, "language")?
        .map(LanguageTag::parse)
        .transpose()
        .map_err(|e| fault("language", e.0))?;
    let region = optional_str(r, "region")?
        .map(RegionCode::parse)
        .transpose()
        .map_err(|e| fault("region", e.0))?;
    let narrative = optional_str(r, "narrative")?.map(str::to_string);
    if let Some(n) = &narrative {
        if n.len() > MAX_NARRATIVE_BYTES {
            return Err(fault(
                "narrative",
                format!("is {} bytes, more than the 64 KiB allowed", n.len()),
            ));
        }
    }
    let given_indicators = parse_indicators(r.get("indicators"))?;
    let loss = parse_loss(r.get("loss"))?;
    let payment_method = optional_str(r, "payment_method")?.map(str::to_string);
    let tlp = optional_str(r, "tlp")?
        .map(|s| s.parse::<Tlp>())
        .transpose()
        .map_err(|e| fault("tlp", e.0))?
        .unwrap_or_default();
    let extra = r
        .iter()
        .filter(|(k, _)| !KNOWN.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    Ok(Report {
        key: ReportKey { partner, id },
        received_at,
        channel,
        brand,
        language,
        region,
        narrative,
        given_indicators,
        loss,
        payment_method,
        tlp,
        extra,
    })
}

fn required_str<'a>(r: &'a Map<String, Value>, field: &str) -> Result<&'a str, Fault> {
    match r.get(field) {
        None | Some(Value::Null) => Err(fault(field, "is required")),
        Some(Value::String(s)) => Ok(s),
        Some(other) => Err(fault(
            field,
            format!("expected a string, got {}", type_name(other)),
        )),
    }
}

fn optional_str<'a>(r: &'a Map<String, Value>, field: &str) -> Result<Option<&'a str>, Fault> {
    match r.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.is_empty() => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(fault(
            field,
            format!("expected a string, got {}", type_name(other)),
        )),
    }
}

fn parse_indicators(v: Option<&Value>) -> Result<Vec<(Kind, String)>, Fault> {
    let items = match v {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(items)) => items,
        Some(other) => {
            return Err(fault(
                "indicators",
                format!(
                    "expected an array of {{kind, value}}, got {}",
                    type_name(other)
                ),
            ))
        }
    };
    if items.len() > MAX_GIVEN_INDICATORS {
        return Err(fault(
            "indicators",
            format!(
                "holds {} values, more than the {MAX_GIVEN_INDICATORS} allowed in one report",
                items.len()
            ),
        ));
    }
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let Value::Object(o) = item else {
                return Err(fault(
                    &format!("indicators[{i}]"),
                    format!(
                        "expected an object {{kind, value}}, got {}",
                        type_name(item)
                    ),
                ));
            };
            let kind = required_str(o, "kind").map_err(|f| nest(f, i))?;
            let kind = kind
                .parse::<Kind>()
                .map_err(|e| fault(&format!("indicators[{i}].kind"), e.to_string()))?;
            let value = required_str(o, "value").map_err(|f| nest(f, i))?;
            Ok((kind, value.to_string()))
        })
        .collect()
}

fn nest(f: Fault, i: usize) -> Fault {
    Fault {
        field: f.field.map(|name| format!("indicators[{i}].{name}")),
        message: f.message,
    }
}

fn parse_loss(v: Option<&Value>) -> Result<Option<Loss>, Fault> {
    let o = match v {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Object(o)) => o,
        Some(other) => {
            return Err(fault(
                "loss",
                format!(
                    "expected an object {{amount, currency}}, got {}",
                    type_name(other)
                ),
            ))
        }
    };
    let amount = match o.get("amount") {
        Some(Value::Number(n)) => n.as_f64().filter(|a| a.is_finite() && *a >= 0.0),
        None | Some(Value::Null) => return Err(fault("loss.amount", "is required")),
        Some(other) => {
            return Err(fault(
                "loss.amount",
                format!("expected a number, got {}", type_name(other)),
            ))
        }
    }
    .ok_or_else(|| fault("loss.amount", "must be a number >= 0"))?;
    let currency = match o.get("currency") {
        Some(Value::String(s)) => {
            CurrencyCode::parse(s).map_err(|e| fault("loss.currency", e.0))?
        }
        None | Some(Value::Null) => return Err(fault("loss.currency", "is required")),
        Some(other) => {
            return Err(fault(
                "loss.currency",
                format!("expected a string, got {}", type_name(other)),
            ))
        }
    };
    Ok(Some(Loss { amount, currency }))
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

/// SHA-256 (hex) of the record's canonical JSON: keys sorted at every level.
pub fn content_hash(record: &Map<String, Value>) -> String {
    let mut hasher = Sha256::new();
    write_canonical(&Value::Object(record.clone()), &mut hasher);
    let digest = hasher.finalize();
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn write_canonical(v: &Value, h: &mut Sha256) {
    match v {
        Value::Object(o) => {
            let mut keys: Vec<&String> = o.keys().collect();
            keys.sort();
            h.update(b"{");
            for (n, k) in keys.into_iter().enumerate() {
                if n > 0 {
                    h.update(b",");
                }
                h.update(Value::String(k.clone()).to_string().as_bytes());
                h.update(b":");
                write_canonical(&o[k], h);
            }
            h.update(b"}");
        }
        Value::Array(a) => {
            h.update(b"[");
            for (n, x) in a.iter().enumerate() {
                if n > 0 {
                    h.update(b",");
                }
                write_canonical(x, h);
            }
            h.update(b"]");
        }
        other => h.update(other.to_string().as_bytes()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn check(record: Value, expect: &str) {
        let got = match decode_record(3, record, "raw") {
            Ok(d) => format!("ok {}", d.report.key),
            Err(r) => r.to_string(),
        };
        assert_eq!(got, expect);
    }

    fn base() -> Value {
        json!({"id": "r-1", "partner": "microsoft", "received_at": "2023-10-01T09:00:00Z"})
    }

    fn with(field: &str, v: Value) -> Value {
        let mut b = base();
        b[field] = v;
        b
    }

    #[test]
    fn fields_are_checked() {
        check(base(), "ok microsoft:r-1");
        check(json!([1]), "line 3: expected a JSON object (one report)");
        check(
            with("id", json!(7)),
            "line 3, field `id`: expected a string, got a number",
        );
        check(
            with("id", json!("")),
            "line 3, field `id`: must be 1 to 128 characters, got 0",
        );
        check(
            with("partner", json!("Micro Soft")),
            "line 3, field `partner`: `Micro Soft` is not a partner slug (a lower-case letter or digit, then up to 63 lower-case letters, digits or dashes)",
        );
        check(
            with("received_at", json!("yesterday")),
            "line 3, field `received_at`: `yesterday` is not an RFC 3339 timestamp such as 2023-10-01T09:00:00Z",
        );
        check(
            with("tlp", json!("AMBER")),
            "line 3, field `tlp`: `AMBER` is not a TLP 2.0 marking (expected one of clear, green, amber, amber+strict, red)",
        );
        check(
            with("loss", json!({"amount": -5, "currency": "USD"})),
            "line 3, field `loss.amount`: must be a number >= 0",
        );
        check(
            with("indicators", json!([{"kind": "phone", "value": "+1"}, {"kind": "fax", "value": "1"}])),
            "line 3, field `indicators[1].kind`: unknown indicator kind `fax` (expected one of phone, url, domain, email, ip, upi, iban, crypto_wallet, remote_id, gift_card, bank_account)",
        );
        check(
            with("indicators", json!([{"kind": "phone"}])),
            "line 3, field `indicators[0].value`: is required",
        );
        check(
            with(
                "indicators",
                Value::Array(vec![json!({"kind": "phone", "value": "+18885550123"}); MAX_GIVEN_INDICATORS + 1]),
            ),
            "line 3, field `indicators`: holds 1001 values, more than the 1000 allowed in one report",
        );
        check(
            with("narrative", json!("x".repeat(MAX_NARRATIVE_BYTES + 1))),
            "line 3, field `narrative`: is 65537 bytes, more than the 64 KiB allowed",
        );
    }

    #[test]
    fn unknown_fields_kept_and_hash_ignores_key_order() {
        let a = decode_record(1, with("agent_notes", json!({"b": 1, "a": 2})), "").unwrap();
        assert_eq!(a.report.extra["agent_notes"], json!({"b": 1, "a": 2}));
        let b: Value = serde_json::from_str(
            r#"{"agent_notes": {"a": 2, "b": 1}, "received_at": "2023-10-01T09:00:00Z", "partner": "microsoft", "id": "r-1"}"#,
        )
        .unwrap();
        let b = decode_record(1, b, "").unwrap();
        assert_eq!(a.content_hash, b.content_hash);
        let c = decode_record(1, with("agent_notes", json!({"a": 3})), "").unwrap();
        assert_ne!(a.content_hash, c.content_hash);
    }
}
