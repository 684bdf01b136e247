//! A temporary directory of databases and files, and the binary run over
//! them; shared by the format tests (`stix.rs`, `misp.rs`).

#![allow(dead_code)]

use assert_cmd::Command;
use serde_json::Value;
use std::path::PathBuf;

pub struct Env {
    pub dir: tempfile::TempDir,
}

impl Env {
    pub fn new() -> Env {
        Env {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `ringtrace` on database `db` of this directory.
    pub fn cmd(&self, db: &str) -> Command {
        let mut c = Command::cargo_bin("ringtrace").unwrap();
        c.env("RINGTRACE_DB", self.path(db))
            .env("RINGTRACE_NO_PROGRESS", "1");
        c
    }

    /// Runs it, asserts success, returns standard output.
    pub fn ok(&self, db: &str, args: &[&str]) -> String {
        let out = self.cmd(db).args(args).output().unwrap();
        assert!(
            out.status.success(),
            "ringtrace {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Every ring of `db`, singletons included.
    pub fn rings(&self, db: &str) -> Vec<Value> {
        self.ok(db, &["rings", "--format", "jsonl", "--min-reports", "1"])
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }
}
