//! `ringtrace lookup`: the verdict on one value.

use crate::args::LookupArgs;
use crate::config::{self, open_store};
use anyhow::{anyhow, Result};
use ringtrace_link::WarningList;
use ringtrace_model::Indicator;
use serde_json::json;
use std::process::ExitCode;

pub fn run(db: &str, args: &LookupArgs) -> Result<ExitCode> {
    let region = config::region(args.region.as_deref())?;
    let region = region.as_ref().map(|r| r.as_str());
    let indicator = match config::kind(args.kind.as_deref())? {
        Some(kind) => {
            let value = ringtrace_extract::canonicalize(kind, &args.value, region)
                .map_err(|e| anyhow!("`{}` is not a valid {kind}: {e}", args.value))?;
            Indicator::new(kind, value)
        }
        None => ringtrace_extract::detect(&args.value, region).ok_or_else(|| {
            anyhow!(
                "cannot tell what kind of value `{}` is; give --kind (and --region for a national phone number)",
                args.value
            )
        })?,
    };
    let store = open_store(db)?;
    let mut verdict = store.lookup(&indicator)?;
    let warnings = WarningList::shipped();
    let hub = warnings.hub(&indicator);
    if let (Some(_), Some(v)) = (hub, verdict.as_mut()) {
        // A legitimate value links nothing: the rings of the reports that
        // mention it are not its rings.
        v.rings.clear();
    }
    let status = match (hub, &verdict) {
        (Some(_), _) => "legitimate",
        (None, Some(_)) => "known",
        (None, None) => "unknown",
    };
    if args.json {
        let mut out = json!({
            "kind": indicator.kind.as_str(),
            "value": indicator.value,
            "verdict": status,
            "known": verdict.is_some(),
            "warning_list": hub.map(|h| json!({"owner": h.owner, "note": h.note})),
        });
        if let Some(v) = &verdict {
            out["reports"] = json!(v.reports);
            out["rings"] = json!(v.rings);
            out["partners"] = json!(v.partners);
            out["first_seen"] = json!(v.first_seen);
            out["last_seen"] = json!(v.last_seen);
            out["roles"] = v
                .roles
                .iter()
                .map(|(r, n)| (r.clone(), json!(n)))
                .collect::<serde_json::Map<_, _>>()
                .into();
        }
        println!("{out}");
        return Ok(ExitCode::SUCCESS);
    }
    println!("{indicator}: {status}");
    if let Some(h) = hub {
        println!(
            "  on the warning list: {} ({}); it never links reports",
            h.owner, h.note
        );
    }
    match &verdict {
        None => println!("  no report mentions it"),
        Some(v) => {
            let rings: Vec<String> = v
                .rings
                .iter()
                .map(|r| format!("{} ({} reports)", r.ring, r.report_count))
                .collect();
            println!("  reports: {}", v.reports);
            if !rings.is_empty() {
                println!("  rings: {}", rings.join(", "));
            }
            println!("  partners: {}", v.partners.join(", "));
            println!("  first seen: {}", v.first_seen);
            println!("  last seen: {}", v.last_seen);
            let roles: Vec<String> = v.roles.iter().map(|(r, n)| format!("{r} {n}")).collect();
            println!("  roles in reports: {}", roles.join(", "));
        }
    }
    Ok(ExitCode::SUCCESS)
}
