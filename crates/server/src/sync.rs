//! Scheduled sync: `serve` pulls from and pushes to other TAXII 2.1
//! servers on its own, every so often, as `ringtrace sync` does by hand.
//! Pulled reports go through the service's own ingest (`store_batch`), and
//! withdrawals through `withdraw_reports`, so the catalog, the rings and the
//! TAXII logs follow at once; each run is recorded in the audit log.

use crate::auth::Caller;
use crate::routes::reports::{decode_all, store_batch, withdraw_reports};
use crate::state::{AppState, Shared};
use ringtrace_exchange::pull::{self, PullState};
use ringtrace_exchange::push::{self, PushState};
use ringtrace_exchange::remote::{Remote, RemoteSpec};
use ringtrace_exchange::ExchangeError;
use ringtrace_model::{AccessRole, Viewer};
use serde_json::{json, Value};
use std::time::Duration;

/// Which way a job goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Pull,
    Push,
}

/// One scheduled exchange with one collection.
#[derive(Clone, Debug)]
pub struct SyncJob {
    pub direction: Direction,
    pub remote: RemoteSpec,
    /// Time between the end of one run and the start of the next; the
    /// first run starts when the server does.
    pub every: Duration,
    /// Pull: the partner reports are credited to when objects name none.
    pub partner: Option<String>,
    /// Push: leave out ringtrace's extension definitions.
    pub without_definitions: bool,
}

impl SyncJob {
    fn label(&self) -> String {
        let dir = match self.direction {
            Direction::Pull => "pull from",
            Direction::Push => "push to",
        };
        format!("{dir} {} {}", self.remote.from, self.remote.collection)
    }
}

/// Runs every job on its schedule, until the server stops (aborting this
/// task drops the set, which aborts every job).
pub(crate) async fn run_jobs(state: Shared) {
    let jobs = state.config.sync.clone();
    let mut set = tokio::task::JoinSet::new();
    for (n, job) in jobs.into_iter().enumerate() {
        let state = state.clone();
        set.spawn(async move {
            loop {
                let j = job.clone();
                let run = state.blocking(move |s| Ok(run_once(s, n, &j))).await;
                match run {
                    Ok(Ok(said)) => tracing::info!(job = %job.label(), "sync: {said}"),
                    Ok(Err(e)) => tracing::warn!(job = %job.label(), "sync failed: {e}"),
                    Err(p) => tracing::warn!(job = %job.label(), "sync failed: {}", p.detail),
                }
                tokio::time::sleep(job.every).await;
            }
        });
    }
    while set.join_next().await.is_some() {}
}

/// Why one run failed.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Exchange(#[from] ExchangeError),
    #[error("{0}")]
    Service(String),
}

impl From<crate::problem::Problem> for SyncError {
    fn from(p: crate::problem::Problem) -> Self {
        SyncError::Service(p.detail)
    }
}

impl From<ringtrace_store::StoreError> for SyncError {
    fn from(e: ringtrace_store::StoreError) -> Self {
        SyncError::Exchange(e.into())
    }
}

/// One run of job number `n`: what it did, in a sentence.
pub fn run_once(state: &AppState, n: usize, job: &SyncJob) -> Result<String, SyncError> {
    let remote = Remote::new(&job.remote)?;
    // The job acts as an administrator of this instance: it stores reports
    // of any partner, as `sync pull` does from the command line.
    let caller = Caller {
        key_id: format!("sync-{n}"),
        viewer: Viewer {
            partner: "sync".into(),
            role: AccessRole::Admin,
        },
    };
    let actor = caller.actor();
    match job.direction {
        Direction::Pull => {
            let st = state.readers.with(|s| PullState::load(s, &remote))?;
            let fetched = pull::fetch(&remote, st.added_after.as_deref(), &mut |_| {})?;
            let imported = pull::read(&remote, &fetched, job.partner.clone())?;
            let ignored = imported.ignored.len();
            let triage = state
                .readers
                .with(|s| pull::triage(s, imported, &remote.from))?;
            let mut stored = (0, 0);
            if !triage.records.is_empty() {
                let records: Vec<Value> = triage.records.into_iter().map(Value::Object).collect();
                let prepared = decode_all(records, &caller)?;
                let out = store_batch(state, prepared, &actor)?;
                state.metrics.reports_ingested.inc_by(out.new + out.updated);
                stored = (out.new, out.updated);
            }
            let withdrawn = if triage.withdraw.is_empty() {
                0
            } else {
                let reason = pull::withdrawal_reason(&remote.from);
                withdraw_reports(state, &triage.withdraw, &reason, Some(&remote.from), &actor)?
                    .len()
            };
            if fetched.last_added.is_some() {
                let mut w = state
                    .writer
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner());
                PullState {
                    added_after: fetched.last_added.clone(),
                }
                .save(w.as_mut(), &remote)?;
            }
            let detail = json!({
                "pulled": fetched.pulled, "fetched_by_id": fetched.fetched_by_id,
                "new": stored.0, "updated": stored.1, "own_kept": triage.ours,
                "withdrawn": withdrawn, "ignored": ignored,
            });
            state.audit(&actor, "sync.pull", &remote.collection_url, detail.clone())?;
            Ok(format!("pulled {detail}"))
        }
        Direction::Push => {
            let st = state.readers.with(|s| PushState::load(s, &remote))?;
            let out = state
                .readers
                .with(|s| push::outgoing(s, &remote, &st, job.without_definitions, &mut |_| {}))?;
            if out.objects.is_empty() {
                return Ok("nothing new to push".into());
            }
            let sent = push::send(&remote, &out.objects, &mut |_| {})?;
            {
                let mut w = state
                    .writer
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner());
                out.state.save(w.as_mut(), &remote)?;
            }
            let detail = json!({
                "reports": out.reports, "withdrawals": out.withdrawals,
                "objects": out.objects.len(), "accepted": sent.accepted,
                "refused": sent.failures.len(),
            });
            state.audit(&actor, "sync.push", &remote.collection_url, detail.clone())?;
            Ok(format!("pushed {detail}"))
        }
    }
}
