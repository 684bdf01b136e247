//! `ringtrace sync pull|push`: exchange with a TAXII 2.1 server (another
//! ringtrace, medallion, OpenCTI, …).
//!
//! `pull` pages through a collection's objects added since the last pull,
//! fetches objects they refer to that the pages did not carry, turns the
//! bundle into reports (`ringtrace_share::stix::import_bundle`) and imports
//! them in one transaction. Reports this instance holds as its own (not
//! pulled from elsewhere) are never replaced by a pulled copy, so two
//! instances pulling from each other do not loop. `push` sends the reports
//! stored since the last push, as an outside partner may see them under TLP
//! (CLEAR and GREEN whole, AMBER as ring membership and indicators), never
//! those pulled from the same server. Where each stopped is kept in the
//! store, so either resumes where the last run ended.

use super::import::{import_records, summary_line};
use super::shared::{self, Selection};
use super::thousands;
use crate::args::{SyncArgs, SyncCommand};
use crate::config::open_store;
use crate::progress;
use anyhow::{anyhow, bail, Context, Result};
use ringtrace_model::{AccessRole, ReportKey, Viewer};
use ringtrace_share::stix::{self, ExportOptions, ImportOptions};
use ringtrace_share::taxii::MEDIA_TYPE;
use serde_json::{json, Value};
use std::collections::{HashMap, HashSet};
use std::process::ExitCode;
use std::time::Duration;

/// The record field that says which server a pulled report came from.
pub const VIA: &str = "x_ringtrace_via";
/// Objects asked for per page, and sent per envelope at most.
const PAGE: usize = 1000;

pub fn run(db: &str, cmd: &SyncCommand) -> Result<ExitCode> {
    match cmd {
        SyncCommand::Pull(a) => pull(db, a),
        SyncCommand::Push(a) => push(db, a),
    }
}

/// A TAXII collection on a server.
struct Remote {
    agent: ureq::Agent,
    collection_url: String,
    authorization: Option<String>,
}

impl Remote {
    fn new(args: &SyncArgs) -> Result<Remote> {
        let root = if args.from.ends_with('/') {
            args.from.clone()
        } else {
            format!("{}/", args.from)
        };
        url::Url::parse(&root).with_context(|| format!("--from: `{}` is not a URL", args.from))?;
        if args.collection.is_empty() || args.collection.contains('/') {
            bail!("--collection: `{}` is not a collection id", args.collection);
        }
        let authorization = match (&args.user, &args.token) {
            (Some(user), Some(password)) => {
                use base64::Engine;
                let pair = format!("{user}:{password}");
                Some(format!(
                    "Basic {}",
                    base64::engine::general_purpose::STANDARD.encode(pair)
                ))
            }
            (Some(_), None) => bail!("--user needs the password in --token"),
            (None, Some(token)) => Some(format!("Bearer {token}")),
            (None, None) => None,
        };
        Ok(Remote {
            agent: ureq::AgentBuilder::new()
                .timeout(Duration::from_secs(120))
                .build(),
            collection_url: format!("{root}collections/{}/", args.collection),
            authorization,
        })
    }

    fn request(&self, method: &str, url: &str) -> ureq::Request {
        let mut r = self.agent.request(method, url).set("Accept", MEDIA_TYPE);
        if let Some(a) = &self.authorization {
            r = r.set("Authorization", a);
        }
        r
    }

    /// A GET of objects: the envelope and its `X-TAXII-Date-Added-Last`.
    fn objects(&self, query: &[(&str, String)]) -> Result<(Value, Option<String>)> {
        let mut req = self.request("GET", &format!("{}objects/", self.collection_url));
        for (k, v) in query {
            req = req.query(k, v);
        }
        match req.call() {
            Ok(res) => {
                let last = res.header("X-TAXII-Date-Added-Last").map(String::from);
                let body: Value = res.into_json().context("the server's answer is not JSON")?;
                Ok((body, last))
            }
            Err(e) => Err(http_error(e, &self.collection_url)),
        }
    }

    fn add(&self, envelope: &Value) -> Result<Value> {
        let res = self
            .request("POST", &format!("{}objects/", self.collection_url))
            .set("Content-Type", MEDIA_TYPE)
            .send_string(&envelope.to_string())
            .map_err(|e| http_error(e, &self.collection_url))?;
        res.into_json().context("the server's status is not JSON")
    }

    fn status(&self, url: &str) -> Result<Value> {
        let res = self
            .request("GET", url)
            .call()
            .map_err(|e| http_error(e, url))?;
        res.into_json().context("the server's status is not JSON")
    }
}

/// One sentence for a failed request: the status and the server's words.
fn http_error(e: ureq::Error, url: &str) -> anyhow::Error {
    match e {
        ureq::Error::Status(code, res) => {
            let text = res.into_string().unwrap_or_default();
            let said = serde_json::from_str::<Value>(&text)
                .ok()
                .and_then(|v| {
                    v.get("description")
                        .or_else(|| v.get("detail"))
                        .or_else(|| v.get("title"))
                        .and_then(Value::as_str)
                        .map(String::from)
                })
                .unwrap_or(text);
            anyhow!("{url} answered {code}: {}", said.trim())
        }
        ureq::Error::Transport(t) => anyhow!("{url}: {t}"),
    }
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

#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct PullState {
    added_after: Option<String>,
}

fn pull(db: &str, args: &SyncArgs) -> Result<ExitCode> {
    let remote = Remote::new(args)?;
    let mut store = open_store(db)?;
    let state_name = format!("pull {} {}", args.from, args.collection);
    let state: PullState = match store.sync_state(&state_name)? {
        Some(s) => serde_json::from_str(&s).unwrap_or_default(),
        None => PullState::default(),
    };

    let bar = progress::spinner("pulling objects");
    let mut objects: Vec<Value> = Vec::new();
    let mut next: Option<String> = None;
    let mut last_added = state.added_after.clone();
    loop {
        let mut q = vec![("limit", PAGE.to_string())];
        match (&next, &state.added_after) {
            (Some(n), _) => q.push(("next", n.clone())),
            (None, Some(t)) => q.push(("added_after", t.clone())),
            (None, None) => {}
        }
        let (page, last) = remote.objects(&q)?;
        let got = page
            .get("objects")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        objects.extend(got);
        if let Some(l) = last {
            last_added = Some(l);
        }
        bar.set_message(format!(
            "pulling objects: {}",
            thousands(objects.len() as u64)
        ));
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
    bar.finish_and_clear();

    let bundle = json!({
        "type": "bundle",
        "id": format!("bundle--{}", uuid::Uuid::new_v4()),
        "objects": objects,
    });
    let opts = ImportOptions {
        partner: args.partner.clone(),
    };
    let imported = stix::import_bundle(&bundle, &opts)
        .map_err(|e| anyhow!("{}: {e}", remote.collection_url))?;

    // Never replace what this instance holds as its own.
    let mut records = Vec::new();
    let mut ours = 0u64;
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
                    ours += 1;
                    continue;
                }
            }
        }
        r.insert(VIA.into(), Value::String(args.from.clone()));
        records.push(r);
    }
    let name = remote.collection_url.clone();
    let summary = if records.is_empty() {
        None
    } else {
        Some(import_records(store.as_mut(), &name, records, &|i| {
            format!("report {i}")
        })?)
    };
    if let Some(t) = &last_added {
        let state = PullState {
            added_after: Some(t.clone()),
        };
        store.set_sync_state(&state_name, &serde_json::to_string(&state)?)?;
    }
    println!(
        "pulled {} objects ({} more fetched by id) from {name}",
        thousands(pulled as u64),
        thousands((objects_len(&bundle) - pulled) as u64)
    );
    if let Some(s) = summary {
        println!("{}", summary_line(&s, &name));
    }
    if ours > 0 {
        println!(
            "{} reports are this instance's own and were left as they are",
            thousands(ours)
        );
    }
    if !imported.ignored.is_empty() {
        println!(
            "{} objects were not imported:",
            thousands(imported.ignored.len() as u64)
        );
        for (id, why) in imported.ignored.iter().take(10) {
            println!("  {id}: {why}");
        }
    }
    if !imported.withdrawn.is_empty() {
        println!(
            "{} reports were withdrawn at the source; withdrawal is not applied yet, they were kept",
            thousands(imported.withdrawn.len() as u64)
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn objects_len(bundle: &Value) -> usize {
    bundle["objects"].as_array().map_or(0, Vec::len)
}

#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct PushState {
    /// The latest stored time of the reports sent.
    sent_up_to: Option<String>,
}

fn push(db: &str, args: &SyncArgs) -> Result<ExitCode> {
    let remote = Remote::new(args)?;
    let mut store = open_store(db)?;
    let state_name = format!("push {} {}", args.from, args.collection);
    let state: PushState = match store.sync_state(&state_name)? {
        Some(s) => serde_json::from_str(&s).unwrap_or_default(),
        None => PushState::default(),
    };
    // What any outside partner may see: a recipient that is none of ours.
    let selection = Selection {
        tlp_max: Some(ringtrace_model::Tlp::Amber),
        recipient: Some(Viewer {
            partner: "\u{0}outside".into(),
            role: AccessRole::Partner,
        }),
        ..Selection::default()
    };
    let bar = progress::spinner("reading reports");
    let mut data = shared::load(store.as_ref(), &selection, &mut |n| {
        bar.set_message(format!("reading reports: {}", thousands(n)));
    })?;
    bar.finish_and_clear();
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
            if stored.record.get(VIA).and_then(Value::as_str) == Some(args.from.as_str()) {
                from_there.insert(r.key.clone());
            }
        }
    }
    data.reports.retain(|r| !from_there.contains(&r.key));
    if data.reports.is_empty() {
        println!("nothing new to push to {}", remote.collection_url);
        return Ok(ExitCode::SUCCESS);
    }
    let rings = shared::rings_of(&data.reports);
    let opts = ExportOptions::default();
    let tlps = stix::indicator_tlps(&data.reports);
    let tlp_of = |i: &ringtrace_model::Indicator| {
        tlps.get(i).copied().unwrap_or(ringtrace_model::Tlp::Amber)
    };
    let mut seen = HashSet::new();
    let mut objects: Vec<Value> = Vec::new();
    let mut keep = |o: Value, objects: &mut Vec<Value>| {
        if let Some(id) = o.get("id").and_then(Value::as_str) {
            if seen.insert(id.to_string()) {
                objects.push(o);
            }
        }
    };
    for o in stix::common_objects(&opts) {
        if args.without_definitions
            && o.get("type").and_then(Value::as_str) == Some("extension-definition")
        {
            continue;
        }
        keep(o, &mut objects);
    }
    let ring_objects: HashMap<&str, Vec<Value>> = rings
        .iter()
        .map(|r| (r.id.as_str(), stix::ring_objects(r, &opts)))
        .collect();
    for r in &data.reports {
        if let Some(ring) = r.ring.as_deref().and_then(|g| ring_objects.get(g)) {
            for o in ring.clone() {
                keep(o, &mut objects);
            }
        }
        for o in stix::report_objects(r, &tlp_of, &opts) {
            keep(o, &mut objects);
        }
    }
    let bar = progress::items(objects.len() as u64, "pushing objects");
    let (mut ok, mut failed) = (0u64, Vec::new());
    for chunk in objects.chunks(PAGE) {
        let mut status = remote.add(&json!({ "objects": chunk }))?;
        for _ in 0..60 {
            if status.get("status").and_then(Value::as_str) != Some("pending") {
                break;
            }
            std::thread::sleep(Duration::from_millis(500));
            let id = status.get("id").and_then(Value::as_str).unwrap_or("");
            let root = remote
                .collection_url
                .split("/collections/")
                .next()
                .unwrap_or("")
                .to_string();
            status = remote.status(&format!("{root}/status/{id}/"))?;
        }
        ok += status
            .get("success_count")
            .and_then(Value::as_u64)
            .unwrap_or(0);
        for f in status
            .get("failures")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            failed.push(f.clone());
        }
        bar.inc(chunk.len() as u64);
    }
    bar.finish_and_clear();
    let up_to = data.reports.iter().map(|r| r.modified.clone()).max();
    store.set_sync_state(
        &state_name,
        &serde_json::to_string(&PushState { sent_up_to: up_to })?,
    )?;
    println!(
        "pushed {} reports as {} objects to {}: {} accepted, {} refused",
        thousands(data.reports.len() as u64),
        thousands(objects.len() as u64),
        remote.collection_url,
        thousands(ok),
        thousands(failed.len() as u64)
    );
    for f in failed.iter().take(10) {
        println!(
            "  {}: {}",
            f["id"].as_str().unwrap_or(""),
            f["message"].as_str().unwrap_or("")
        );
    }
    Ok(if failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}
