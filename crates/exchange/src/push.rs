//! The pushing half of a sync: the reports stored since the last push, as
//! an outside partner may see them under TLP (CLEAR and GREEN whole, AMBER
//! as ring membership and indicators), never those pulled from the same
//! server, with the reports withdrawn since as revoked objects; then sent
//! in envelopes, waiting for each status.

use crate::remote::Remote;
use crate::selection::{self, Selection};
use crate::{ExchangeError, VIA};
use ringtrace_model::{AccessRole, Tlp, Viewer};
use ringtrace_share::stix::{self, ExportOptions};
use ringtrace_share::SharedReport;
use ringtrace_store::Store;
use serde_json::{json, Value};
use std::collections::{HashMap, HashSet};
use std::time::Duration;

/// Objects sent per envelope at most.
pub const ENVELOPE: usize = 1000;

/// Where the last push to a collection stopped, kept in the store.
#[derive(Debug, Default, Clone, serde::Serialize, serde::Deserialize)]
pub struct PushState {
    /// The latest stored time of the reports sent.
    pub sent_up_to: Option<String>,
    /// The latest time of the withdrawals sent.
    #[serde(default)]
    pub withdrawn_up_to: Option<String>,
}

impl PushState {
    pub fn load(store: &dyn Store, remote: &Remote) -> Result<PushState, ExchangeError> {
        remote.load_state(store, "push")
    }

    pub fn save(&self, store: &mut dyn Store, remote: &Remote) -> Result<(), ExchangeError> {
        remote.save_state(store, "push", self)
    }
}

/// What a push sends.
#[derive(Debug, Default)]
pub struct Outgoing {
    pub objects: Vec<Value>,
    /// Reports sent (withdrawn ones not counted).
    pub reports: usize,
    pub withdrawals: usize,
    /// The state once they are sent.
    pub state: PushState,
}

/// The objects to send to `remote` after `state`. `without_definitions`
/// leaves out ringtrace's extension definitions (for servers that refuse
/// them).
pub fn outgoing(
    store: &dyn Store,
    remote: &Remote,
    state: &PushState,
    without_definitions: bool,
    progress: &mut dyn FnMut(u64),
) -> Result<Outgoing, ExchangeError> {
    // What any outside partner may see: a recipient that is none of ours.
    let sel = Selection {
        tlp_max: Some(Tlp::Amber),
        recipient: Some(Viewer {
            partner: "\u{0}outside".into(),
            role: AccessRole::Partner,
        }),
        ..Selection::default()
    };
    let mut data = selection::load(store, &sel, progress)?;
    // Not what was sent already, then not what came from this server (a
    // store read each, so only for what is left).
    data.reports.retain(|r| {
        state
            .sent_up_to
            .as_deref()
            .is_none_or(|t| r.modified.as_str() > t)
    });
    let mut from_there = HashSet::new();
    for r in &data.reports {
        if let Some(stored) = store.report(&r.key)? {
            if stored.record.get(VIA).and_then(Value::as_str) == Some(remote.from.as_str()) {
                from_there.insert(r.key.clone());
            }
        }
    }
    data.reports.retain(|r| !from_there.contains(&r.key));
    let reports = data.reports.len();
    let sent_up_to = data
        .reports
        .iter()
        .map(|r| r.modified.clone())
        .max()
        .or(state.sent_up_to.clone());

    // Withdrawn since the last push, that an outside partner could have had;
    // not those withdrawn because this server revoked them.
    let withdrawn: Vec<_> = store
        .withdrawals(state.withdrawn_up_to.as_deref())?
        .into_iter()
        .filter(|w| w.tlp <= Tlp::Amber && w.via.as_deref() != Some(remote.from.as_str()))
        .collect();
    let withdrawn_up_to = withdrawn
        .last()
        .map(|w| w.withdrawn_at.clone())
        .or(state.withdrawn_up_to.clone());
    let withdrawals = withdrawn.len();
    data.reports.extend(
        withdrawn
            .into_iter()
            .map(|w| SharedReport::withdrawn(w.key, w.tlp, &w.received_at, &w.withdrawn_at)),
    );

    let mut out = Outgoing {
        objects: Vec::new(),
        reports,
        withdrawals,
        state: PushState {
            sent_up_to,
            withdrawn_up_to,
        },
    };
    if data.reports.is_empty() {
        return Ok(out);
    }
    let rings = selection::rings_of(&data.reports);
    let opts = ExportOptions::default();
    let tlps = stix::indicator_tlps(&data.reports);
    let tlp_of = |i: &ringtrace_model::Indicator| tlps.get(i).copied().unwrap_or(Tlp::Amber);
    let mut seen = HashSet::new();
    let mut keep = |o: Value, objects: &mut Vec<Value>| {
        if let Some(id) = o.get("id").and_then(Value::as_str) {
            if seen.insert(id.to_string()) {
                objects.push(o);
            }
        }
    };
    for o in stix::common_objects(&opts) {
        if without_definitions
            && o.get("type").and_then(Value::as_str) == Some("extension-definition")
        {
            continue;
        }
        keep(o, &mut out.objects);
    }
    let ring_objects: HashMap<&str, Vec<Value>> = rings
        .iter()
        .map(|r| (r.id.as_str(), stix::ring_objects(r, &opts)))
        .collect();
    for r in &data.reports {
        if let Some(ring) = r.ring.as_deref().and_then(|g| ring_objects.get(g)) {
            for o in ring.clone() {
                keep(o, &mut out.objects);
            }
        }
        for o in stix::report_objects(r, &tlp_of, &opts) {
            keep(o, &mut out.objects);
        }
    }
    Ok(out)
}

/// What the server made of a push.
#[derive(Debug, Default)]
pub struct Sent {
    pub accepted: u64,
    /// The failures its statuses listed (`{id, message}`).
    pub failures: Vec<Value>,
}

/// Sends `objects` in envelopes and waits for each status (a minute at
/// most); `progress` is told how many were sent.
pub fn send(
    remote: &Remote,
    objects: &[Value],
    progress: &mut dyn FnMut(u64),
) -> Result<Sent, ExchangeError> {
    let mut sent = Sent::default();
    let mut done = 0u64;
    for chunk in objects.chunks(ENVELOPE) {
        let mut status = remote.add(&json!({ "objects": chunk }))?;
        for _ in 0..120 {
            if status.get("status").and_then(Value::as_str) != Some("pending") {
                break;
            }
            std::thread::sleep(Duration::from_millis(500));
            let id = status.get("id").and_then(Value::as_str).unwrap_or("");
            status = remote.status(id)?;
        }
        sent.accepted += status
            .get("success_count")
            .and_then(Value::as_u64)
            .unwrap_or(0);
        sent.failures.extend(
            status
                .get("failures")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .cloned(),
        );
        done += chunk.len() as u64;
        progress(done);
    }
    Ok(sent)
}
