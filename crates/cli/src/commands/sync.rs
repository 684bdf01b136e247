//! `ringtrace sync pull|push`: exchange with a TAXII 2.1 server (another
//! ringtrace, medallion, OpenCTI, …). The exchange itself is
//! `ringtrace_exchange::{pull, push}` (shared with the scheduled sync of
//! `serve`); here, pulled reports go through `import`'s store step and
//! withdrawals through `withdraw`'s. Where each stopped is kept in the
//! store, so either resumes where the last run ended.

use super::import::{import_records, summary_line};
use super::thousands;
use crate::args::{SyncArgs, SyncCommand};
use crate::config::open_store;
use crate::progress;
use anyhow::Result;
use ringtrace_exchange::pull::{self, PullState};
use ringtrace_exchange::push::{self, PushState};
use ringtrace_exchange::remote::{Remote, RemoteSpec};
use std::process::ExitCode;

pub fn run(db: &str, cmd: &SyncCommand) -> Result<ExitCode> {
    match cmd {
        SyncCommand::Pull(a) => pull(db, a),
        SyncCommand::Push(a) => push(db, a),
    }
}

fn remote(args: &SyncArgs) -> Result<Remote> {
    Ok(Remote::new(&RemoteSpec {
        from: args.from.clone(),
        collection: args.collection.clone(),
        token: args.token.clone(),
        user: args.user.clone(),
    })?)
}

fn pull(db: &str, args: &SyncArgs) -> Result<ExitCode> {
    let remote = remote(args)?;
    let mut store = open_store(db)?;
    let state = PullState::load(store.as_ref(), &remote)?;

    let bar = progress::spinner("pulling objects");
    let fetched = pull::fetch(&remote, state.added_after.as_deref(), &mut |n| {
        bar.set_message(format!("pulling objects: {}", thousands(n as u64)))
    })?;
    bar.finish_and_clear();
    let imported = pull::read(&remote, &fetched, args.partner.clone())?;
    let ignored = imported.ignored.clone();
    let triage = pull::triage(store.as_ref(), imported, &remote.from)?;

    let name = remote.collection_url.clone();
    let summary = if triage.records.is_empty() {
        None
    } else {
        Some(import_records(
            store.as_mut(),
            &name,
            triage.records,
            &|i| format!("report {i}"),
        )?)
    };
    let withdrawn = if triage.withdraw.is_empty() {
        0
    } else {
        let reason = pull::withdrawal_reason(&remote.from);
        super::withdraw::withdraw(
            store.as_mut(),
            &triage.withdraw,
            &reason,
            Some(&remote.from),
            "sync",
        )?
        .len()
    };
    if fetched.last_added.is_some() {
        PullState {
            added_after: fetched.last_added.clone(),
        }
        .save(store.as_mut(), &remote)?;
    }

    println!(
        "pulled {} objects ({} more fetched by id) from {name}",
        thousands(fetched.pulled as u64),
        thousands(fetched.fetched_by_id as u64)
    );
    if let Some(s) = summary {
        println!("{}", summary_line(&s, &name));
    }
    if triage.ours > 0 {
        println!(
            "{} reports are this instance's own and were left as they are",
            thousands(triage.ours)
        );
    }
    if withdrawn > 0 {
        println!(
            "{} reports withdrawn at the source were withdrawn here",
            thousands(withdrawn as u64)
        );
    }
    if triage.kept > 0 {
        println!(
            "{} reports revoked by {name} were kept: they are this instance's own or came from elsewhere",
            thousands(triage.kept)
        );
    }
    if !ignored.is_empty() {
        println!(
            "{} objects were not imported:",
            thousands(ignored.len() as u64)
        );
        for (id, why) in ignored.iter().take(10) {
            println!("  {id}: {why}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn push(db: &str, args: &SyncArgs) -> Result<ExitCode> {
    let remote = remote(args)?;
    let mut store = open_store(db)?;
    let state = PushState::load(store.as_ref(), &remote)?;
    let bar = progress::spinner("reading reports");
    let out = push::outgoing(
        store.as_ref(),
        &remote,
        &state,
        args.without_definitions,
        &mut |n| bar.set_message(format!("reading reports: {}", thousands(n))),
    )?;
    bar.finish_and_clear();
    if out.objects.is_empty() {
        println!("nothing new to push to {}", remote.collection_url);
        return Ok(ExitCode::SUCCESS);
    }
    let bar = progress::items(out.objects.len() as u64, "pushing objects");
    let sent = push::send(&remote, &out.objects, &mut |n| bar.set_position(n))?;
    bar.finish_and_clear();
    out.state.save(store.as_mut(), &remote)?;
    println!(
        "pushed {} reports and {} withdrawals as {} objects to {}: {} accepted, {} refused",
        thousands(out.reports as u64),
        thousands(out.withdrawals as u64),
        thousands(out.objects.len() as u64),
        remote.collection_url,
        thousands(sent.accepted),
        thousands(sent.failures.len() as u64)
    );
    for f in sent.failures.iter().take(10) {
        println!(
            "  {}: {}",
            f["id"].as_str().unwrap_or(""),
            f["message"].as_str().unwrap_or("")
        );
    }
    Ok(if sent.failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}
