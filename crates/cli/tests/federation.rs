//! Two ringtrace instances on loopback, each pulling from the other over
//! TAXII 2.1 with `ringtrace sync pull`: each ends with what TLP lets it
//! have, RED and AMBER+STRICT never leave their owner, AMBER arrives
//! without its narrative, nothing is duplicated, and pulling again (both
//! ways, twice) changes nothing: no loop.

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

const COMMUNITY: &str = "5f9e8b52-1c3d-5a7e-9b21-6d0c4e8f7a10";
const AMBER: &str = "7a3c1e64-2b8d-5f90-8c42-1e5d7b9a3c21";

struct Instance {
    db: PathBuf,
    server: Option<Child>,
    url: String,
}

impl Drop for Instance {
    fn drop(&mut self) {
        if let Some(mut c) = self.server.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("ringtrace")
}

fn run(db: &PathBuf, args: &[&str]) -> String {
    let out = Command::new(bin())
        .env("RINGTRACE_DB", db)
        .env("RINGTRACE_NO_PROGRESS", "1")
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "ringtrace {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A database with one partner's reports in every marking, and a partner
/// for the other instance with a key; then its server.
fn instance(
    dir: &std::path::Path,
    name: &str,
    owner: &str,
    peer: &str,
    phone_base: u32,
) -> (Instance, String) {
    let db = dir.join(format!("{name}.db"));
    let mut lines = String::new();
    for i in 0..6u32 {
        for tlp in ["clear", "green", "amber", "amber+strict", "red"] {
            let r = json!({
                "id": format!("{}-{i}", tlp.replace('+', "-")),
                "partner": owner,
                "received_at": format!("2026-10-{:02}T10:00:00Z", i + 1),
                "region": "US",
                "narrative": format!("secret narrative {owner} {tlp} {i}: a pop-up said call +1 844 281 {:04}", phone_base + i),
                "tlp": tlp,
            });
            lines.push_str(&r.to_string());
            lines.push('\n');
        }
    }
    let file = dir.join(format!("{name}.jsonl"));
    std::fs::File::create(&file)
        .unwrap()
        .write_all(lines.as_bytes())
        .unwrap();
    run(&db, &["import", file.to_str().unwrap()]);
    run(&db, &["partner", "add", owner]);
    run(&db, &["partner", "add", peer]);
    let key = run(
        &db,
        &["key", "create", "--partner", peer, "--role", "partner"],
    )
    .trim()
    .to_string();
    let mut child = Command::new(bin())
        .env("RINGTRACE_DB", &db)
        .args(["serve", "--addr", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
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
    (
        Instance {
            db,
            server: Some(child),
            url,
        },
        key,
    )
}

fn pull(into: &Instance, from: &Instance, key: &str, coll: &str) -> String {
    run(
        &into.db,
        &[
            "sync",
            "pull",
            "--from",
            &format!("{}/taxii2/ringtrace/", from.url),
            "--collection",
            coll,
            "--token",
            key,
        ],
    )
}

/// Every report an instance holds, as the operator's STIX export shows
/// it: (key, marking, whether it carries its narrative).
fn reports(db: &PathBuf) -> Vec<(String, String, bool)> {
    let out = run(db, &["export", "stix", "--tlp-max", "red"]);
    let bundle: Value = serde_json::from_str(&out).unwrap();
    let mut found = Vec::new();
    for o in bundle["objects"].as_array().unwrap() {
        if o["type"] != "report" {
            continue;
        }
        let text = o.to_string();
        let key = o["name"].as_str().unwrap_or("").to_string();
        let tlp = ["amber+strict", "clear", "green", "amber", "red"]
            .into_iter()
            .find(|t| {
                text.contains(&format!("\"{t}\"")) || text.contains(&format!("tlp_2_0\":\"{t}"))
            })
            .unwrap_or("?")
            .to_string();
        found.push((key, tlp, text.contains("secret narrative")));
    }
    found.sort();
    found
}

#[test]
fn two_instances_sync_both_ways_under_tlp() {
    let dir = tempfile::tempdir().unwrap();
    let (a, key_for_b) = instance(dir.path(), "a", "msft", "peer-b", 1000);
    let (b, key_for_a) = instance(dir.path(), "b", "amzn", "peer-a", 2000);
    let a_before = reports(&a.db);
    let b_before = reports(&b.db);
    assert_eq!(a_before.len(), 30);

    for _round in 0..2 {
        for coll in [COMMUNITY, AMBER] {
            pull(&b, &a, &key_for_b, coll);
            pull(&a, &b, &key_for_a, coll);
        }
    }
    let a_after = reports(&a.db);
    let b_after = reports(&b.db);
    // Each gained the other's CLEAR, GREEN and AMBER reports, once.
    assert_eq!(a_after.len(), 30 + 18, "{a_after:?}");
    assert_eq!(b_after.len(), 30 + 18, "{b_after:?}");
    for (mine, theirs, other) in [(&a_after, &a_before, "amzn"), (&b_after, &b_before, "msft")] {
        // Its own reports are untouched.
        for r in theirs {
            assert!(mine.contains(r), "{r:?} changed");
        }
        let gained: Vec<_> = mine.iter().filter(|r| !theirs.contains(r)).collect();
        for (key, _, narrative) in &gained {
            assert!(key.starts_with(other) || key.contains(other), "{key}");
            assert!(
                !key.contains("red-") && !key.contains("amber-strict-"),
                "{key} crossed"
            );
            if key.contains("amber-") {
                assert!(!narrative, "AMBER narrative crossed: {key}");
            } else {
                assert!(narrative, "GREEN/CLEAR narrative missing: {key}");
            }
        }
    }
}
