//! `ringtrace backup` and `ringtrace restore`: a consistent copy of the
//! database taken while it is in use, checked before it is kept, and put
//! back in place atomically. SQLite is copied by the store (`VACUUM
//! INTO`); PostgreSQL by its own tools (`pg_dump`, `pg_restore`).

use crate::config::open_store;
use anyhow::{anyhow, bail, Context, Result};
use ringtrace_store::{is_postgres, split_schema};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

fn sha256_of(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(hex::encode(Sha256::digest(&bytes)))
}

/// A sibling of `path` to write first and rename over it.
fn temporary_beside(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "ringtrace".into());
    path.with_file_name(format!(".{name}.partial-{}", std::process::id()))
}

/// Opens the copy at `path` as a database and checks it; the numbers it holds.
fn checked_copy(path: &Path) -> Result<(u64, u64)> {
    let name = path.to_str().context("the path is not UTF-8")?;
    let store = ringtrace_store::open(name).with_context(|| format!("opening the copy {name}"))?;
    let problems = store.integrity()?;
    if !problems.is_empty() {
        bail!("the copy {name} is damaged: {}", problems.join("; "));
    }
    Ok((store.report_count()?, store.audit_recorded()?))
}

fn run_tool(cmd: &mut Command, what: &str) -> Result<()> {
    let out = cmd
        .output()
        .with_context(|| format!("running {what} (is the PostgreSQL client installed?)"))?;
    if !out.status.success() {
        bail!(
            "{what} failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(())
}

pub fn backup(db: &str, out: &Path) -> Result<ExitCode> {
    if out.exists() {
        bail!("{} exists: a backup never overwrites a file", out.display());
    }
    let tmp = temporary_beside(out);
    let _ = std::fs::remove_file(&tmp);
    let done = (|| -> Result<String> {
        if is_postgres(db) {
            let (url, schema) = split_schema(db);
            let mut cmd = Command::new("pg_dump");
            cmd.args(["--format=custom", "--no-owner", "--file"])
                .arg(&tmp)
                .arg(&url);
            if let Some(s) = &schema {
                cmd.arg(format!("--schema={s}"));
            }
            run_tool(&mut cmd, "pg_dump")?;
            Ok("PostgreSQL custom-format dump (pg_restore reads it)".into())
        } else {
            let store = open_store(db)?;
            let name = tmp.to_str().context("the backup path is not UTF-8")?;
            store
                .backup_into(name)
                .with_context(|| format!("copying {db} into {}", out.display()))?;
            drop(store);
            let (reports, audit) = checked_copy(&tmp)?;
            Ok(format!(
                "SQLite database, checked: {reports} reports, {audit} audit entries"
            ))
        }
    })();
    let what = match done {
        Ok(w) => w,
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
    };
    std::fs::rename(&tmp, out)
        .with_context(|| format!("moving the backup to {}", out.display()))?;
    let size = std::fs::metadata(out)?.len();
    println!(
        "backed up to {} ({what}; {size} bytes, sha256 {})",
        out.display(),
        sha256_of(out)?
    );
    Ok(ExitCode::SUCCESS)
}

pub fn restore(db: &str, from: &Path, force: bool) -> Result<ExitCode> {
    if !from.is_file() {
        bail!("{}: no such backup file", from.display());
    }
    if is_postgres(db) {
        // the dump holds only ringtrace's schema (pg_dump --schema), with
        // its CREATE SCHEMA: it goes back under the same name
        let (url, _) = split_schema(db);
        let mut cmd = Command::new("pg_restore");
        cmd.args(["--no-owner", "--exit-on-error", "--single-transaction"]);
        if force {
            cmd.args(["--clean", "--if-exists"]);
        }
        cmd.arg("--dbname").arg(&url).arg(from);
        run_tool(&mut cmd, "pg_restore")?;
        let store = open_store(db)?;
        println!(
            "restored {} into {url}: {} reports",
            from.display(),
            store.report_count()?
        );
        return Ok(ExitCode::SUCCESS);
    }
    let target = PathBuf::from(db);
    if target.exists() && !force {
        bail!(
            "{db} exists: stop the server that uses it, then `ringtrace restore --force` to replace it"
        );
    }
    // Copy, open (which migrates an older backup), check, then rename over
    // the database: a reader sees the old file or the new, never half of one.
    let tmp = temporary_beside(&target);
    let _ = std::fs::remove_file(&tmp);
    let result = (|| -> Result<(u64, u64)> {
        std::fs::copy(from, &tmp).with_context(|| format!("copying {}", from.display()))?;
        checked_copy(&tmp)
    })();
    let (reports, audit) = match result {
        Ok(n) => n,
        Err(e) => {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", tmp.display()));
            }
            return Err(e.context(format!(
                "{} is not a usable ringtrace backup",
                from.display()
            )));
        }
    };
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", tmp.display()));
        let old = format!("{db}{suffix}");
        if Path::new(&old).exists() {
            std::fs::remove_file(&old).map_err(|e| anyhow!("removing {old}: {e}"))?;
        }
    }
    std::fs::rename(&tmp, &target).with_context(|| format!("moving the copy to {db}"))?;
    println!(
        "restored {} into {db}: {reports} reports, {audit} audit entries",
        from.display()
    );
    Ok(ExitCode::SUCCESS)
}
