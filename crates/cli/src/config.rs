//! Flags validated into the values the commands use.

use anyhow::{bail, Context, Result};
use ringtrace_model::{Kind, RegionCode};

/// A `--region` flag, checked.
pub fn region(flag: Option<&str>) -> Result<Option<RegionCode>> {
    flag.map(|r| RegionCode::parse(r).with_context(|| format!("--region {r}")))
        .transpose()
}

/// A `--kind` flag, checked.
pub fn kind(flag: Option<&str>) -> Result<Option<Kind>> {
    flag.map(|k| k.parse::<Kind>().with_context(|| format!("--kind {k}")))
        .transpose()
}

/// The store a `--db` value names, opened.
pub fn open_store(db: &str) -> Result<Box<dyn ringtrace_store::Store>> {
    if db.is_empty() {
        bail!("--db is empty: give a SQLite file path or a postgres:// URL");
    }
    ringtrace_store::open(db).with_context(|| format!("opening the database {db}"))
}
