//! `ringtrace partner`, `ringtrace key` and `ringtrace audit`: who may use
//! the service, and the record of what they did.

use crate::args::{AuditCommand, KeyCommand, PartnerCommand};
use crate::config::open_store;
use anyhow::{anyhow, bail, Result};
use ringtrace_model::AccessRole;
use ringtrace_server::admin;
use std::process::ExitCode;

/// The audit log's actor for changes made on the command line.
const CLI: &str = "cli";

pub fn partner(db: &str, cmd: &PartnerCommand) -> Result<ExitCode> {
    let mut store = open_store(db)?;
    match cmd {
        PartnerCommand::Add { slug, name } => {
            let p = admin::add_partner(store.as_mut(), slug, name, CLI)?;
            println!("partner {} added ({})", p.slug, p.name);
        }
        PartnerCommand::List => {
            let partners = store.partners()?;
            if partners.is_empty() {
                println!("no partners yet: `ringtrace partner add SLUG`");
            }
            for p in partners {
                let state = if p.disabled { "disabled" } else { "active" };
                println!(
                    "{:<24} {:<9} {:<32} since {}",
                    p.slug, state, p.name, p.created_at
                );
            }
        }
        PartnerCommand::Disable { slug } => {
            admin::set_disabled(store.as_mut(), slug, true, CLI)?;
            println!("partner {slug} disabled: its keys are refused");
        }
        PartnerCommand::Enable { slug } => {
            admin::set_disabled(store.as_mut(), slug, false, CLI)?;
            println!("partner {slug} enabled");
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn key(db: &str, cmd: &KeyCommand) -> Result<ExitCode> {
    let mut store = open_store(db)?;
    match cmd {
        KeyCommand::Create {
            partner,
            role,
            label,
        } => {
            let role: AccessRole = role.parse().map_err(|e| anyhow!("--role: {e}"))?;
            let (plaintext, record) = admin::create_key(store.as_mut(), partner, role, label, CLI)?;
            eprintln!(
                "key {} made for {} with role {}; it is shown this once, keep it now:",
                record.key_id, record.partner, record.role
            );
            println!("{plaintext}");
        }
        KeyCommand::Revoke { key_id } => {
            admin::revoke_key(store.as_mut(), key_id, CLI)?;
            println!("key {key_id} revoked");
        }
        KeyCommand::List { partner } => {
            for k in store.keys(partner.as_deref())? {
                let state = match &k.revoked_at {
                    Some(at) => format!("revoked {at}"),
                    None => "active".into(),
                };
                println!(
                    "{}  {:<20} {:<12} {:<28} {}  {}",
                    k.key_id, k.partner, k.role, state, k.created_at, k.label
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn audit(db: &str, cmd: &AuditCommand) -> Result<ExitCode> {
    let store = open_store(db)?;
    match cmd {
        AuditCommand::Verify => match verify_audit(store.as_ref())? {
            Ok((n, head)) => {
                println!("audit log intact: {n} entries; head {head}");
                Ok(ExitCode::SUCCESS)
            }
            Err(e) => bail!("the audit log was tampered with: {e}"),
        },
        AuditCommand::List { after, limit } => {
            for e in store.audit_entries(*after, *limit)? {
                println!("{}", serde_json::to_string(&e)?);
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Walks the audit log's hash chain: `Ok((entries, head hash))` when
/// intact, else what was altered or removed.
pub fn verify_audit(store: &dyn ringtrace_store::Store) -> Result<Result<(u64, String), String>> {
    let recorded = store.audit_recorded()?;
    let mut entries = Vec::new();
    let mut after = 0;
    loop {
        let page = store.audit_entries(after, 10_000)?;
        let Some(last) = page.last() else { break };
        after = last.seq;
        entries.extend(page);
    }
    Ok(
        match ringtrace_model::verify_chain(&entries, Some(recorded)) {
            Ok(n) => {
                let head = entries
                    .last()
                    .map_or(ringtrace_model::GENESIS, |e| e.hash.as_str());
                Ok((n, head.to_string()))
            }
            Err(e) => Err(e.to_string()),
        },
    )
}
