//! STIX 2.1: objects, bundles, TLP 2.0 markings, ringtrace extension definitions.
//! (Placeholder on main until the mapping lands: just enough for the TAXII
//! server to be built against the same names.)

use crate::{SharedReport, SharedRing};
use ringtrace_model::{Indicator, Tlp};
use serde_json::{json, Value};
use std::collections::HashMap;

#[derive(Clone, Debug, Default)]
pub struct ExportOptions {}

#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    pub partner: Option<String>,
}

#[derive(Debug, Default)]
pub struct Imported {
    pub reports: Vec<serde_json::Map<String, Value>>,
    pub withdrawn: Vec<String>,
    pub ignored: Vec<(String, String)>,
}

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct StixError(String);

fn uuid5(s: &str) -> String {
    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, s.as_bytes()).to_string()
}

pub fn common_objects(_: &ExportOptions) -> Vec<Value> {
    vec![
        json!({"type": "identity", "spec_version": "2.1", "id": format!("identity--{}", uuid5("ringtrace")), "created": "2020-01-01T00:00:00.000Z", "modified": "2020-01-01T00:00:00.000Z", "name": "ringtrace"}),
    ]
}

pub fn report_objects(
    r: &SharedReport,
    _: &dyn Fn(&Indicator) -> Tlp,
    _: &ExportOptions,
) -> Vec<Value> {
    let mut out = Vec::new();
    let mut refs = Vec::new();
    for m in &r.mentions {
        let id = format!("x-ringtrace-value--{}", uuid5(&m.indicator.to_string()));
        out.push(json!({"type": "x-ringtrace-value", "spec_version": "2.1", "id": id, "kind": m.indicator.kind.as_str(), "value": m.indicator.value}));
        refs.push(id);
    }
    out.push(json!({"type": "report", "spec_version": "2.1", "id": format!("report--{}", uuid5(&r.key.to_string())), "created": r.received_at, "modified": r.modified, "name": r.key.to_string(), "published": r.received_at, "object_refs": refs, "x_ringtrace": {"partner": r.key.partner.as_str(), "id": r.key.id.as_str(), "tlp": r.tlp.as_str(), "revoked": r.withdrawn}}));
    out
}

pub fn ring_objects(ring: &SharedRing, _: &ExportOptions) -> Vec<Value> {
    vec![
        json!({"type": "intrusion-set", "spec_version": "2.1", "id": format!("intrusion-set--{}", uuid5(&ring.id)), "created": ring.first_seen, "modified": ring.modified, "name": ring.id}),
    ]
}

pub fn indicator_tlps(reports: &[SharedReport]) -> HashMap<Indicator, Tlp> {
    let mut out: HashMap<Indicator, Tlp> = HashMap::new();
    for r in reports {
        for m in &r.mentions {
            let t = out.entry(m.indicator.clone()).or_insert(r.tlp);
            *t = (*t).min(r.tlp);
        }
    }
    out
}

pub fn tlp_of_object(_: &Value) -> Option<Tlp> {
    None
}

pub fn import_bundle(bundle: &Value, opts: &ImportOptions) -> Result<Imported, StixError> {
    let objects = bundle
        .get("objects")
        .and_then(Value::as_array)
        .ok_or_else(|| StixError("objects: missing".into()))?;
    let by_id: HashMap<&str, &Value> = objects
        .iter()
        .filter_map(|o| Some((o.get("id")?.as_str()?, o)))
        .collect();
    let mut out = Imported::default();
    for o in objects {
        if o.get("type").and_then(Value::as_str) != Some("report") {
            continue;
        }
        let x = &o["x_ringtrace"];
        let key = format!(
            "{}:{}",
            x["partner"].as_str().unwrap_or(""),
            x["id"].as_str().unwrap_or("")
        );
        if x["revoked"].as_bool() == Some(true) {
            out.withdrawn.push(key);
            continue;
        }
        let inds: Vec<Value> = o["object_refs"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|r| by_id.get(r.as_str()?))
            .map(|s| json!({"kind": s["kind"], "value": s["value"]}))
            .collect();
        let mut m = serde_json::Map::new();
        m.insert("id".into(), x["id"].clone());
        m.insert(
            "partner".into(),
            x.get("partner")
                .cloned()
                .unwrap_or_else(|| json!(opts.partner)),
        );
        m.insert("received_at".into(), o["published"].clone());
        m.insert("tlp".into(), x["tlp"].clone());
        m.insert("indicators".into(), Value::Array(inds));
        out.reports.push(m);
    }
    Ok(out)
}
