//! `ringtrace import stix`: STIX 2.1 bundles in, as reports.

use crate::args::ImportStixArgs;
use anyhow::{bail, Result};
use std::process::ExitCode;

pub fn run(_db: &str, _args: &ImportStixArgs) -> Result<ExitCode> {
    bail!("not built yet")
}
