//! `ringtrace export misp`: a MISP feed directory.

use crate::args::ExportMispArgs;
use anyhow::{bail, Result};
use std::process::ExitCode;

pub fn run(_db: &str, _args: &ExportMispArgs) -> Result<ExitCode> {
    bail!("not built yet")
}
