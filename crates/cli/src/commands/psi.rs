//! `ringtrace psi --with URL`: private set intersection with another
//! ringtrace, this instance the initiator (the other answers in its
//! `serve`); `ringtrace oprf --server URL VALUE…`: whether values are among
//! another instance's scam values, without showing them to it. The
//! protocol is docs/psi.md; the cryptography `ringtrace-psi`.

use crate::args::{OprfArgs, PsiArgs};
use crate::config::open_store;
use anyhow::{anyhow, bail, Context, Result};
use ringtrace_model::{AuditDraft, Indicator, Tlp};
use ringtrace_psi::{
    EvaluatedValue, Initiator, OprfLookup, PsiConfig, Reveal, RevealLevel, SessionPolicy,
};
use ringtrace_server::psi::{element_kind, session_hex};
use ringtrace_store::{PsiLink, Store};
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashSet};
use std::io::Read;
use std::process::ExitCode;
use std::time::Duration;

fn agent() -> ureq::Agent {
    ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(600))
        .build()
}

fn base(url: &str) -> String {
    url.trim_end_matches('/').to_string()
}

/// One sentence for a failed request: the status and the server's words.
fn failed(e: ureq::Error, what: &str) -> anyhow::Error {
    match e {
        ureq::Error::Status(code, res) => {
            let text = res.into_string().unwrap_or_default();
            let said = serde_json::from_str::<Value>(&text)
                .ok()
                .and_then(|v| v.get("detail").and_then(Value::as_str).map(String::from))
                .unwrap_or(text);
            anyhow!("{what}: the server answered {code}: {}", said.trim())
        }
        ureq::Error::Transport(t) => anyhow!("{what}: {t}"),
    }
}

fn bytes_of(res: ureq::Response) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    res.into_reader()
        .read_to_end(&mut out)
        .context("reading the answer")?;
    Ok(out)
}

fn day(flag: &str, text: &str) -> Result<String> {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map(|d| d.to_string())
        .map_err(|_| anyhow!("{flag}: `{text}` is not a day YYYY-MM-DD"))
}

/// The values this instance offers, as its `serve` does (the catalog's
/// rule, at most AMBER), each with the ring most of its reports are in.
fn own_values(
    store: &dyn Store,
    kind: ringtrace_model::Kind,
    since: Option<&str>,
) -> Result<BTreeMap<String, Option<String>>> {
    let cat = ringtrace_server::catalog::Catalog::load(store)?;
    Ok(cat
        .linking_values(kind, since, Tlp::Amber)
        .into_iter()
        .map(|v| {
            let ring = cat.ring_of_value(&Indicator::new(kind, v.clone()));
            (v, ring)
        })
        .collect())
}

pub fn psi(db: &str, args: &PsiArgs) -> Result<ExitCode> {
    let (kind, element) = element_kind(&args.kind).ok_or_else(|| {
        anyhow!(
            "--kind: private matching takes {}",
            ringtrace_server::psi::KINDS.join(", ")
        )
    })?;
    let since = args
        .since
        .as_deref()
        .map(|d| day("--since", d))
        .transpose()?;
    let root = base(&args.with);
    let auth = format!("Bearer {}", args.token);
    let agent = agent();

    let info: Value = agent
        .get(&format!("{root}/v1/psi"))
        .set("Authorization", &auth)
        .call()
        .map_err(|e| failed(e, &format!("{root}/v1/psi")))?
        .into_json()?;
    let policy = SessionPolicy {
        responder_reveals: match info["policy"]["responder_reveals"].as_str() {
            Some("cardinality") => RevealLevel::CardinalityOnly,
            _ => RevealLevel::Reveal,
        },
        initiator_shares_matches: info["policy"]["initiator_shares_matches"] == true,
    };
    let reveal_later = info["policy"]["reveal_later"] == true;
    let max = info["max_set_size"].as_u64().unwrap_or(1 << 20) as usize;

    let mut store = open_store(db)?;
    let from = since.as_ref().map(|d| format!("{d}T00:00:00Z"));
    let ours = own_values(store.as_ref(), kind, from.as_deref())?;
    let values: Vec<&String> = ours.keys().collect();
    if values.len() > max {
        bail!(
            "{} values of ours, more than the {max} a session with {root} takes; narrow with --since",
            values.len()
        );
    }
    let (mut initiator, request) = Initiator::start(
        PsiConfig::new(element, policy, max),
        &values,
        &mut rand::rngs::OsRng,
    )?;
    let session = session_hex(&initiator.session());
    let mut url = format!("{root}/v1/psi/{}", args.kind);
    if let Some(d) = &since {
        url.push_str(&format!("?since={d}"));
    }
    let sent = request.to_bytes();
    let answer = agent
        .post(&url)
        .set("Authorization", &auth)
        .set("Content-Type", "application/octet-stream")
        .send_bytes(&sent)
        .map_err(|e| failed(e, &url))?;
    let received = bytes_of(answer)?;
    let response = ringtrace_psi::Response::from_bytes(&received)?;
    let outcome = initiator.handle_response(&response)?;
    let mut common: Option<Vec<Vec<u8>>> = outcome.items;
    if common.is_none() && reveal_later && args.reveal {
        let url = format!("{root}/v1/psi/sessions/{session}/reveal");
        let res = agent
            .get(&url)
            .set("Authorization", &auth)
            .call()
            .map_err(|e| failed(e, &url))?;
        let reveal = Reveal::from_bytes(&bytes_of(res)?)?;
        common = Some(initiator.handle_reveal(&reveal)?);
    }
    let mut told = false;
    if policy.initiator_shares_matches {
        let m = initiator.matches()?;
        let url = format!("{root}/v1/psi/sessions/{session}/matches");
        agent
            .post(&url)
            .set("Authorization", &auth)
            .set("Content-Type", "application/octet-stream")
            .send_bytes(&m.to_bytes())
            .map_err(|e| failed(e, &url))?;
        told = true;
    }

    let items: Vec<String> = common
        .iter()
        .flatten()
        .map(|v| String::from_utf8_lossy(v).into_owned())
        .collect();
    let links: Vec<PsiLink> = items
        .iter()
        .map(|v| PsiLink {
            session: session.clone(),
            peer: root.clone(),
            indicator: Indicator::new(kind, v.clone()),
            ring: ours.get(v).cloned().flatten(),
            found_at: String::new(),
        })
        .collect();
    store.add_psi_links(&links)?;
    let rings: HashSet<&str> = links.iter().filter_map(|l| l.ring.as_deref()).collect();
    store.append_audit(&AuditDraft {
        actor: "cli".into(),
        action: "psi.initiate".into(),
        target: session.clone(),
        detail: json!({
            "with": root, "kind": args.kind, "since": since, "our_elements": values.len(),
            "common": outcome.cardinality, "items_learnt": common.is_some(), "matches_told": told,
            "bytes_sent": sent.len(), "bytes_received": received.len(),
        })
        .to_string(),
    })?;

    if args.json {
        println!(
            "{}",
            json!({
                "session": session, "with": root, "kind": args.kind,
                "ours": values.len(), "common": outcome.cardinality,
                "items": links.iter().map(|l| json!({"value": l.indicator.value, "ring": l.ring})).collect::<Vec<_>>(),
                "told_them": told, "bytes_sent": sent.len(), "bytes_received": received.len(),
            })
        );
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "session {session} with {root}: {} of our {} {} values in common{}",
        outcome.cardinality,
        values.len(),
        args.kind,
        if common.is_none() {
            " (the other side reveals the count only)"
        } else {
            ""
        }
    );
    for l in &links {
        println!(
            "  {}\t{}",
            l.indicator.value,
            l.ring.as_deref().unwrap_or("(no ring)")
        );
    }
    if !links.is_empty() {
        println!(
            "{} of our rings are linked to {root}'s; recorded (ringtrace psi-links)",
            rings.len()
        );
    }
    if told {
        println!("{root} learnt which of its values are in common, as its policy says");
    }
    Ok(ExitCode::SUCCESS)
}

/// `ringtrace psi-links [--ring R]`: the values found in common so far.
pub fn links(db: &str, ring: Option<&str>) -> Result<ExitCode> {
    let store = open_store(db)?;
    for l in store.psi_links(ring)? {
        println!(
            "{}\t{}\t{}\t{}\t{}",
            l.found_at,
            l.session,
            l.peer,
            l.indicator,
            l.ring.as_deref().unwrap_or("-"),
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// 64 bytes (a published OPRF output) from their hex text.
fn unhex64(text: &str) -> Option<[u8; 64]> {
    let mut out = [0u8; 64];
    hex::decode_to_slice(text, &mut out).ok()?;
    Some(out)
}

pub fn oprf(args: &OprfArgs) -> Result<ExitCode> {
    let (kind, element) = element_kind(&args.kind).ok_or_else(|| {
        anyhow!(
            "--kind: OPRF lookups take {}",
            ringtrace_server::psi::KINDS.join(", ")
        )
    })?;
    let mut values = Vec::with_capacity(args.values.len());
    for raw in &args.values {
        let v = ringtrace_extract::canonicalize(kind, raw, args.region.as_deref())
            .map_err(|e| anyhow!("`{raw}`: {}", e.0))?;
        values.push(v);
    }
    let root = base(&args.server);
    let auth = format!("Bearer {}", args.token);
    let agent = agent();
    let (lookup, blinded) = OprfLookup::blind(element, &values, &mut rand::rngs::OsRng)?;
    let url = format!("{root}/v1/oprf/{}/evaluate", args.kind);
    let answer: Value = agent
        .post(&url)
        .set("Authorization", &auth)
        .send_json(json!({"blinded": blinded.iter().map(|b| hex::encode(b.0)).collect::<Vec<_>>()}))
        .map_err(|e| failed(e, &url))?
        .into_json()?;
    let evaluated: Vec<EvaluatedValue> = answer["evaluated"]
        .as_array()
        .ok_or_else(|| anyhow!("{url}: no `evaluated` in the answer"))?
        .iter()
        .map(|v| {
            v.as_str()
                .and_then(ringtrace_server::psi::oprf::unhex32)
                .map(EvaluatedValue)
        })
        .collect::<Option<_>>()
        .ok_or_else(|| anyhow!("{url}: an evaluated value is not 32 bytes of hex"))?;
    let outputs = lookup.finalize(&evaluated)?;
    let url = format!("{root}/v1/oprf/{}", args.kind);
    let published: Value = agent
        .get(&url)
        .set("Authorization", &auth)
        .call()
        .map_err(|e| failed(e, &url))?
        .into_json()?;
    if published["key_id"] != answer["key_id"] {
        bail!("{root} changed its OPRF key during the lookup; ask again");
    }
    let set: Vec<[u8; 64]> = published["outputs"]
        .as_array()
        .ok_or_else(|| anyhow!("{url}: no `outputs` in the answer"))?
        .iter()
        .map(|v| v.as_str().and_then(unhex64))
        .collect::<Option<_>>()
        .ok_or_else(|| anyhow!("{url}: a published output is not 64 bytes of hex"))?;
    let mut known = 0;
    for (v, out) in values.iter().zip(&outputs) {
        let hit = ringtrace_psi::is_published(&set, out);
        known += usize::from(hit);
        println!("{v}\t{}", if hit { "known" } else { "not known" });
    }
    eprintln!(
        "{known} of {} values known to {root} ({} published values checked here; the server saw none of ours)",
        values.len(),
        set.len()
    );
    Ok(ExitCode::SUCCESS)
}
