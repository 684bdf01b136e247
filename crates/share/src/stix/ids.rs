//! Deterministic identifiers and STIX timestamps: UUIDv5 over the STIX
//! namespace for SCOs (spec §2.9), over ringtrace's own namespace for
//! everything ringtrace derives (rings, reports, partners, indicators,
//! relationships), and times written with milliseconds and `Z`.

use serde_json::Value;
use uuid::Uuid;

/// The namespace the STIX 2.1 specification gives for SCO identifiers.
pub const STIX_NAMESPACE: Uuid = uuid::uuid!("00abedb4-aa42-466c-9c01-fed23315a9b7");

/// ringtrace's namespace for the identifiers it derives from its data (the
/// specification forbids the STIX namespace for anything but SCOs).
pub const RINGTRACE_NAMESPACE: Uuid = uuid::uuid!("605b4661-175b-42b5-bcc9-8e371e0d2418");

/// `TYPE--uuid5(ringtrace namespace, name)`.
pub fn derived(object_type: &str, name: &str) -> String {
    format!(
        "{object_type}--{}",
        Uuid::new_v5(&RINGTRACE_NAMESPACE, name.as_bytes())
    )
}

/// An SCO identifier: `TYPE--uuid5(STIX namespace, canonical JSON of the ID
/// contributing properties)`.
pub fn sco(object_type: &str, contributing: &Value) -> String {
    format!(
        "{object_type}--{}",
        Uuid::new_v5(&STIX_NAMESPACE, canonical_json(contributing).as_bytes())
    )
}

/// The JSON Canonicalization Scheme (RFC 8785) for the values SCO
/// identifiers are made of: objects with keys sorted, strings escaped as
/// ECMAScript does (which `serde_json` matches for strings), integers.
pub fn canonical_json(v: &Value) -> String {
    let mut out = String::new();
    write_canonical(v, &mut out);
    out
}

fn write_canonical(v: &Value, out: &mut String) {
    match v {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            // RFC 8785 sorts by UTF-16 code units; for the ASCII keys of
            // STIX properties that is byte order.
            keys.sort();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                write_canonical(&map[k], out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// The UUID part of an identifier, for compact sets of seen ids.
pub fn uuid_of(id: &str) -> Option<Uuid> {
    id.rsplit_once("--")
        .and_then(|(_, u)| Uuid::parse_str(u).ok())
}

/// An RFC 3339 time as STIX writes it: UTC, milliseconds, `Z`. Text that is
/// not RFC 3339 is returned unchanged (the store never holds such text).
pub fn stix_time(text: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(text) {
        Ok(t) => t
            .with_timezone(&chrono::Utc)
            .format("%Y-%m-%dT%H:%M:%S%.3fZ")
            .to_string(),
        Err(_) => text.to_string(),
    }
}

/// A STIX timestamp as the report record's `received_at` (RFC 3339, UTC,
/// seconds unless the time has a fraction).
pub fn record_time(text: &str) -> Option<String> {
    let t = chrono::DateTime::parse_from_rfc3339(text).ok()?;
    let t = t.with_timezone(&chrono::Utc);
    Some(if t.timestamp_subsec_nanos() == 0 {
        t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
    } else {
        t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sco_ids_match_the_python_stix2_library() {
        // Values computed with stix2 3.0 (`stix2.DomainName(value=…).id`, …).
        assert_eq!(
            sco("domain-name", &json!({"value": "example.com"})),
            "domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7"
        );
        assert_eq!(
            sco(
                "url",
                &json!({"value": "https://secure-alert.com/fix?id=1"})
            ),
            "url--996a6759-01ef-5ff8-945e-1c1e77f57ff6"
        );
        assert_eq!(
            sco("email-addr", &json!({"value": "help.desk@gmail.com"})),
            "email-addr--3c2381af-8cbb-5720-8bf2-5b1dd37741d9"
        );
        assert_eq!(
            sco("ipv4-addr", &json!({"value": "203.0.113.7"})),
            "ipv4-addr--9ddd739e-87b1-587d-83f2-62ef1130af2f"
        );
        assert_eq!(
            sco("ipv6-addr", &json!({"value": "2001:db8::1"})),
            "ipv6-addr--6469e3a9-b053-5e34-a025-9396ae051d26"
        );
    }

    #[test]
    fn canonical_json_sorts_keys() {
        assert_eq!(
            canonical_json(&json!({"b": 1, "a": {"d": "x", "c": [1, "é"]}})),
            r#"{"a":{"c":[1,"é"],"d":"x"},"b":1}"#
        );
    }

    #[test]
    fn times() {
        assert_eq!(
            stix_time("2023-10-02T13:17:01Z"),
            "2023-10-02T13:17:01.000Z"
        );
        assert_eq!(
            stix_time("2024-02-05T18:01:00+05:30"),
            "2024-02-05T12:31:00.000Z"
        );
        assert_eq!(
            record_time("2023-10-02T13:17:01.000Z").unwrap(),
            "2023-10-02T13:17:01Z"
        );
        assert_eq!(
            record_time("2023-10-02T13:17:01.250Z").unwrap(),
            "2023-10-02T13:17:01.250Z"
        );
        assert!(record_time("yesterday").is_none());
    }
}
