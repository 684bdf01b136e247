//! `ringtrace relink`: every ring recomputed from scratch.

use crate::config::open_store;
use crate::progress;
use anyhow::{Context, Result};
use ringtrace_ingest::relink;
use std::collections::HashSet;
use std::process::ExitCode;
use std::time::Instant;

pub fn run(db: &str) -> Result<ExitCode> {
    let mut store = open_store(db)?;
    let started = Instant::now();
    let spinner = progress::spinner("relinking rings");
    let mut tx = store.begin()?;
    let r = relink(tx.as_mut(), &HashSet::new(), "full relink").context("relinking rings")?;
    tx.commit()?;
    spinner.finish_and_clear();
    println!(
        "relinked: {} rings changed ({} new, {} merged) in {:.2} s",
        r.rings_touched,
        r.rings_created,
        r.rings_merged,
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}
