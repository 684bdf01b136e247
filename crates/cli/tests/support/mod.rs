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

/// `ringtrace serve` on `db`, on a free loopback port, with a settings
/// file if given; the process and its base URL (`http://127.0.0.1:PORT`),
/// read from the line it prints once it serves.
pub fn serve(
    db: &std::path::Path,
    settings: Option<&std::path::Path>,
) -> (std::process::Child, String) {
    serve_with(db, |cmd| {
        cmd.stderr(std::process::Stdio::null());
        if let Some(path) = settings {
            cmd.arg("--config").arg(path);
        }
    })
}

/// `serve` with the command adjusted first (environment, log file, flags).
pub fn serve_with(
    db: &std::path::Path,
    adjust: impl FnOnce(&mut std::process::Command),
) -> (std::process::Child, String) {
    use std::io::{BufRead, BufReader};
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("ringtrace"));
    cmd.env("RINGTRACE_DB", db)
        .args(["serve", "--addr", "127.0.0.1:0"])
        .stdout(std::process::Stdio::piped());
    adjust(&mut cmd);
    let mut child = cmd.spawn().unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .trim()
        .strip_prefix("ringtrace serving on ")
        .unwrap_or_else(|| panic!("{line}"))
        .split_whitespace()
        .next()
        .unwrap()
        .trim_end_matches('/')
        .to_string();
    (child, url)
}
