//! `ringtrace import misp`: MISP events in, as reports.

use crate::args::ImportMispArgs;
use anyhow::{bail, Result};
use std::process::ExitCode;

pub fn run(_db: &str, _args: &ImportMispArgs) -> Result<ExitCode> {
    bail!("not built yet")
}
