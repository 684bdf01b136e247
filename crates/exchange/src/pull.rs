//! The pulling half of a sync: page through a collection's objects added
//! since the last pull, fetch the objects they refer to that the pages did
//! not carry, read the bundle into reports, and decide what to take:
//! reports this instance holds as its own are never replaced by a pulled
//! copy (so two instances pulling from each other do not loop), and a
//! report revoked at the source withdraws only the copy pulled from there.

use crate::remote::Remote;
use crate::{ExchangeError, VIA};
use ringtrace_model::ReportKey;
use ringtrace_share::stix::{self, ImportOptions, Imported};
use ringtrace_store::Store;
use serde_json::{json, Map, Value};
use std::collections::HashSet;

/// Objects asked for per page.
pub const PAGE: usize = 1000;

/// Where the last pull from a collection stopped, kept in the store.
#[derive(Debug, Default, Clone, serde::Serialize, serde::Deserialize)]
pub struct PullState {
    pub added_after: Option<String>,
}

impl PullState {
    pub fn load(store: &dyn Store, remote: &Remote) -> Result<PullState, ExchangeError> {
        remote.load_state(store, "pull")
    }

    pub fn save(&self, store: &mut dyn Store, remote: &Remote) -> Result<(), ExchangeError> {
        remote.save_state(store, "pull", self)
    }
}

/// What a pull brought.
#[derive(Debug)]
pub struct Fetched {
    /// The objects, as one bundle.
    pub bundle: Value,
    /// Objects listed since the last pull.
    pub pulled: usize,
    /// Objects fetched by id because listed ones referred to them.
    pub fetched_by_id: usize,
    /// The `X-TAXII-Date-Added-Last` of the last page: where the next pull
    /// starts.
    pub last_added: Option<String>,
}

/// Pages through the collection from `added_after`; `progress` is told how
/// many objects arrived so far.
pub fn fetch(
    remote: &Remote,
    added_after: Option<&str>,
    progress: &mut dyn FnMut(usize),
) -> Result<Fetched, ExchangeError> {
    let mut objects: Vec<Value> = Vec::new();
    let mut next: Option<String> = None;
    let mut last_added = added_after.map(String::from);
    loop {
        let mut q = vec![("limit", PAGE.to_string())];
        match (&next, added_after) {
            (Some(n), _) => q.push(("next", n.clone())),
            (None, Some(t)) => q.push(("added_after", t.to_string())),
            (None, None) => {}
        }
        let (page, last) = remote.objects(&q)?;
        objects.extend(
            page.get("objects")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default(),
        );
        if let Some(l) = last {
            last_added = Some(l);
        }
        progress(objects.len());
        match (
            page.get("more").and_then(Value::as_bool),
            page.get("next").and_then(Value::as_str),
        ) {
            (Some(true), Some(n)) => next = Some(n.to_string()),
            _ => break,
        }
    }
    let pulled = objects.len();

    // Objects referred to but added before this pull (a TAXII log lists
    // each object once): fetched by id.
    let have: HashSet<String> = objects
        .iter()
        .filter_map(|o| o.get("id").and_then(Value::as_str).map(String::from))
        .collect();
    let mut wanted: Vec<String> = Vec::new();
    for o in &objects {
        refs(o, &mut wanted);
    }
    let mut missing: Vec<String> = wanted
        .into_iter()
        .filter(|id| !have.contains(id) && !id.starts_with("marking-definition--"))
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    missing.sort();
    for ids in missing.chunks(50) {
        let (page, _) =
            remote.objects(&[("match[id]", ids.join(",")), ("limit", PAGE.to_string())])?;
        objects.extend(
            page.get("objects")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default(),
        );
    }
    let fetched_by_id = objects.len() - pulled;
    Ok(Fetched {
        bundle: json!({
            "type": "bundle",
            "id": format!("bundle--{}", uuid::Uuid::new_v4()),
            "objects": objects,
        }),
        pulled,
        fetched_by_id,
        last_added,
    })
}

/// Every `…_ref` and `…_refs` an object holds.
fn refs(o: &Value, out: &mut Vec<String>) {
    if let Value::Object(m) = o {
        for (k, v) in m {
            if k.ends_with("_ref") {
                if let Some(s) = v.as_str() {
                    out.push(s.to_string());
                }
            } else if k.ends_with("_refs") {
                for s in v.as_array().into_iter().flatten().filter_map(Value::as_str) {
                    out.push(s.to_string());
                }
            }
        }
    }
}

/// Reads the bundle into report records; `partner` names the source's
/// reports that carry no partner of their own.
pub fn read(
    remote: &Remote,
    fetched: &Fetched,
    partner: Option<String>,
) -> Result<Imported, ExchangeError> {
    stix::import_bundle(&fetched.bundle, &ImportOptions { partner }).map_err(|source| {
        ExchangeError::Stix {
            url: remote.collection_url.clone(),
            source,
        }
    })
}

/// The reason recorded for a copy withdrawn because the server it was
/// pulled from revoked it (the store also keeps the server as `via`).
pub fn withdrawal_reason(from: &str) -> String {
    format!("withdrawn at {from}")
}

/// What to do with what a pull read.
#[derive(Debug, Default)]
pub struct Triage {
    /// Records to store, each marked with the server it came from.
    pub records: Vec<Map<String, Value>>,
    /// Copies pulled from this server that it now revokes.
    pub withdraw: Vec<ReportKey>,
    /// Reports left alone: this instance holds them as its own.
    pub ours: u64,
    /// Revocations ignored: the report is this instance's own, or came
    /// from elsewhere.
    pub kept: u64,
}

/// Decides, against the store, what of `imported` to take from `from`.
pub fn triage(store: &dyn Store, imported: Imported, from: &str) -> Result<Triage, ExchangeError> {
    let mut t = Triage::default();
    for mut r in imported.reports {
        let key = match (
            r.get("partner").and_then(Value::as_str),
            r.get("id").and_then(Value::as_str),
        ) {
            (Some(p), Some(i)) => ReportKey::parse(&format!("{p}:{i}")).ok(),
            _ => None,
        };
        if let Some(key) = key {
            if let Some(existing) = store.report(&key)? {
                if !existing.record.contains_key(VIA) {
                    t.ours += 1;
                    continue;
                }
            }
        }
        r.insert(VIA.into(), Value::String(from.to_string()));
        t.records.push(r);
    }
    for k in &imported.withdrawn {
        let Ok(key) = ReportKey::parse(k) else {
            continue;
        };
        if let Some(stored) = store.report(&key)? {
            if stored.record.get(VIA).and_then(Value::as_str) == Some(from) {
                t.withdraw.push(key);
            } else {
                t.kept += 1;
            }
        }
    }
    Ok(t)
}
