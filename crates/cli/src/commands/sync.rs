//! `ringtrace sync pull|push`: exchange with a TAXII 2.1 server.

use crate::args::SyncCommand;
use anyhow::{bail, Result};
use std::process::ExitCode;

pub fn run(_db: &str, _cmd: &SyncCommand) -> Result<ExitCode> {
    bail!("not built yet")
}
