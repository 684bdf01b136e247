//! Traffic Light Protocol markings: the official TLP 2.0 marking-definition
//! objects (OASIS cti-stix-common-objects, extension
//! `extension-definition--60a3c5c5-…`), and reading a marking back from
//! TLP 2.0, TLP 1.0 and OpenCTI identifiers or from the bundle's own
//! marking-definition objects.

use ringtrace_model::Tlp;
use serde_json::{json, Map, Value};

/// The TLP 2.0 property extension that the official markings carry.
pub const TLP2_EXTENSION: &str = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d";

/// The official TLP 2.0 marking-definition identifier of a marking.
pub fn marking_id(tlp: Tlp) -> &'static str {
    match tlp {
        Tlp::Clear => "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
        Tlp::Green => "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
        Tlp::Amber => "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
        Tlp::AmberStrict => "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
        Tlp::Red => "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
    }
}

/// Identifiers whose marking is known without their object: TLP 2.0, the
/// TLP 1.0 ones of the STIX 2.1 specification (WHITE read as CLEAR), and the
/// fixed AMBER+STRICT one of OpenCTI (which marks the other levels with the
/// TLP 1.0 identifiers).
fn known(id: &str) -> Option<Tlp> {
    Some(match id {
        "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487" => Tlp::Clear,
        "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb" => Tlp::Green,
        "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421" => Tlp::Amber,
        "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003" => Tlp::AmberStrict,
        "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1" => Tlp::Red,
        "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9" => Tlp::Clear,
        "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da" => Tlp::Green,
        "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82" => Tlp::Amber,
        "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed" => Tlp::Red,
        "marking-definition--826578e1-40ad-459f-bc73-ede076f81f37" => Tlp::AmberStrict,
        _ => return None,
    })
}

/// The official TLP 2.0 marking-definition object, as published (created
/// 2022-10-01, no marking of its own).
pub fn marking_definition(tlp: Tlp) -> Value {
    let name = format!("TLP:{}", tlp.as_str().to_ascii_uppercase());
    json!({
        "type": "marking-definition",
        "spec_version": "2.1",
        "id": marking_id(tlp),
        "created": "2022-10-01T00:00:00.000Z",
        "name": name,
        "extensions": {
            TLP2_EXTENSION: {
                "extension_type": "property-extension",
                "tlp_2_0": tlp.as_str(),
            }
        }
    })
}

/// The TLP 2.0 extension-definition object, as published.
pub fn tlp2_extension_definition() -> Value {
    json!({
        "id": TLP2_EXTENSION,
        "type": "extension-definition",
        "spec_version": "2.1",
        "name": "TLP 2.0",
        "description": "This defines TLP 2.0 as a STIX extension",
        "created": "2022-10-01T00:00:00.000Z",
        "modified": "2022-10-01T00:00:00.000Z",
        "created_by_ref": "identity--b3bca3c2-1f3d-4b54-b44f-dac42c3a8f01",
        "schema": "https://github.com/oasis-open/cti-stix-common-objects/tree/master/extension-definition-specifications/tlp-2.0",
        "version": "1.0.0",
        "extension_types": ["property-extension"]
    })
}

/// The TLP marking of one object from its `object_marking_refs`, by the
/// well-known identifiers only (the most restrictive if several). `None`
/// when no reference is a known TLP marking.
pub fn tlp_of_object(object: &Value) -> Option<Tlp> {
    tlp_with(object, &Markings::default())
}

/// Marking-definition objects of a bundle that define a TLP level under an
/// identifier of their own.
#[derive(Debug, Default)]
pub(crate) struct Markings(std::collections::HashMap<String, Tlp>);

impl Markings {
    pub(crate) fn of_bundle(objects: &[Value]) -> Markings {
        let mut m = Markings::default();
        for o in objects {
            if o.get("type").and_then(Value::as_str) != Some("marking-definition") {
                continue;
            }
            let (Some(id), Some(map)) = (o.get("id").and_then(Value::as_str), o.as_object()) else {
                continue;
            };
            if let Some(tlp) = level_of_definition(map) {
                m.0.insert(id.to_string(), tlp);
            }
        }
        m
    }
}

/// What a marking-definition object says its TLP level is: the TLP 2.0
/// extension, a TLP 1.0 `definition`, OpenCTI's `x_opencti_definition`, or a
/// name `TLP:…`.
fn level_of_definition(o: &Map<String, Value>) -> Option<Tlp> {
    let word = o
        .get("extensions")
        .and_then(|e| e.get(TLP2_EXTENSION))
        .and_then(|e| e.get("tlp_2_0"))
        .and_then(Value::as_str)
        .map(String::from)
        .or_else(|| {
            let is_tlp = o
                .get("definition_type")
                .and_then(Value::as_str)
                .is_some_and(|t| t.eq_ignore_ascii_case("tlp"));
            if !is_tlp {
                return None;
            }
            let d = o.get("definition")?;
            d.get("tlp")
                .or_else(|| d.get("TLP"))
                .and_then(Value::as_str)
                .map(String::from)
        })
        .or_else(|| {
            o.get("x_opencti_definition")
                .and_then(Value::as_str)
                .map(String::from)
        })
        .or_else(|| o.get("name").and_then(Value::as_str).map(String::from))?;
    level_of_word(&word)
}

/// `TLP:AMBER+STRICT`, `amber+strict`, `white`, … as a level.
fn level_of_word(word: &str) -> Option<Tlp> {
    let w = word.trim().to_ascii_lowercase();
    let w = w.strip_prefix("tlp:").unwrap_or(&w).trim();
    Some(match w {
        "clear" | "white" => Tlp::Clear,
        "green" => Tlp::Green,
        "amber" => Tlp::Amber,
        "amber+strict" | "amber_strict" | "amber strict" => Tlp::AmberStrict,
        "red" => Tlp::Red,
        _ => return None,
    })
}

/// The most restrictive TLP among an object's marking references, reading
/// the bundle's own marking definitions as well as the well-known ids.
pub(crate) fn tlp_with(object: &Value, markings: &Markings) -> Option<Tlp> {
    object
        .get("object_marking_refs")
        .and_then(Value::as_array)?
        .iter()
        .filter_map(Value::as_str)
        .filter_map(|id| known(id).or_else(|| markings.0.get(id).copied()))
        .max()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn official_objects_read_back() {
        for t in Tlp::ALL {
            let m = marking_definition(*t);
            assert_eq!(level_of_definition(m.as_object().unwrap()), Some(*t));
            let o = json!({"object_marking_refs": [marking_id(*t)]});
            assert_eq!(tlp_of_object(&o), Some(*t));
        }
        assert_eq!(
            marking_definition(Tlp::AmberStrict)["name"],
            "TLP:AMBER+STRICT"
        );
    }

    #[test]
    fn tlp1_and_bundle_markings() {
        let o = json!({"object_marking_refs": [
            "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9",
            "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82"
        ]});
        assert_eq!(tlp_of_object(&o), Some(Tlp::Amber));
        assert_eq!(tlp_of_object(&json!({})), None);
        let bundle = vec![json!({
            "type": "marking-definition", "id": "marking-definition--x",
            "definition_type": "TLP", "name": "TLP:AMBER+STRICT",
            "definition": {"TLP": "TLP:AMBER+STRICT"}
        })];
        let m = Markings::of_bundle(&bundle);
        let o = json!({"object_marking_refs": ["marking-definition--x"]});
        assert_eq!(tlp_with(&o, &m), Some(Tlp::AmberStrict));
        assert_eq!(tlp_of_object(&o), None);
    }
}
