//! `ringtrace export stix`: a STIX 2.1 bundle of the selected reports and rings.

use crate::args::ExportStixArgs;
use anyhow::{bail, Result};
use std::process::ExitCode;

pub fn run(_db: &str, _args: &ExportStixArgs) -> Result<ExitCode> {
    bail!("not built yet")
}
