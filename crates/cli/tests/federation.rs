//! Two ringtrace instances on loopback, each pulling from the other over
//! TAXII 2.1 with `ringtrace sync pull`: each ends with what TLP lets it
//! have, RED and AMBER+STRICT never leave their owner, AMBER arrives
//! without its narrative, nothing is duplicated, and pulling again (both
//! ways, twice) changes nothing: no loop. A report withdrawn at its source
//! is withdrawn downstream, and only there where it came from.

mod support;

use serde_json::{json, Value};
use std::io::Write;
use std::path::PathBuf;
use std::process::{Child, Command};

const COMMUNITY: &str = "5f9e8b52-1c3d-5a7e-9b21-6d0c4e8f7a10";
const AMBER: &str = "7a3c1e64-2b8d-5f90-8c42-1e5d7b9a3c21";

struct Instance {
    db: PathBuf,
    server: Option<Child>,
    url: String,
    /// A key of the owning partner.
    own_key: String,
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
    instance_with(dir, name, owner, peer, phone_base, None)
}

/// The same, its server started with a settings file (TOML).
fn instance_with(
    dir: &std::path::Path,
    name: &str,
    owner: &str,
    peer: &str,
    phone_base: u32,
    settings: Option<&str>,
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
    let own_key = run(
        &db,
        &["key", "create", "--partner", owner, "--role", "partner"],
    )
    .trim()
    .to_string();
    let settings = settings.map(|text| {
        let path = dir.join(format!("{name}.toml"));
        std::fs::write(&path, text).unwrap();
        path
    });
    let (child, url) = support::serve(&db, settings.as_deref());
    (
        Instance {
            db,
            server: Some(child),
            url,
            own_key,
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
        if o["type"] != "report" || o["revoked"] == true {
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

/// Withdraws a report through the API of its instance.
fn withdraw(at: &Instance, key: &str) -> Value {
    ureq::delete(&format!("{}/v1/reports/{key}", at.url))
        .query("reason", "the victim asked")
        .set("Authorization", &format!("Bearer {}", at.own_key))
        .call()
        .unwrap_or_else(|e| panic!("DELETE {key}: {e}"))
        .into_json()
        .unwrap()
}

#[test]
fn a_withdrawal_follows_the_report_downstream() {
    let dir = tempfile::tempdir().unwrap();
    let (a, key_for_b) = instance(dir.path(), "a", "msft", "peer-b", 1000);
    let (b, key_for_a) = instance(dir.path(), "b", "amzn", "peer-a", 2000);
    for coll in [COMMUNITY, AMBER] {
        pull(&b, &a, &key_for_b, coll);
        pull(&a, &b, &key_for_a, coll);
    }
    let held = |db: &PathBuf| reports(db).into_iter().map(|r| r.0).collect::<Vec<_>>();
    assert!(held(&b.db).contains(&"Scam report msft:green-0".to_string()));
    assert!(held(&b.db).contains(&"Scam report msft:amber-1".to_string()));

    // A withdraws two of its reports, B one of its own.
    let w = withdraw(&a, "msft:green-0");
    assert_eq!(w["report"], "msft:green-0");
    assert_eq!(w["reason"], "the victim asked");
    withdraw(&a, "msft:amber-1");
    withdraw(&b, "amzn:clear-2");
    let a_before = held(&a.db);
    let b_before = held(&b.db);
    assert!(!a_before.contains(&"Scam report msft:green-0".to_string()));

    for coll in [COMMUNITY, AMBER] {
        let said = pull(&b, &a, &key_for_b, coll);
        assert!(!said.contains("were kept"), "{said}");
        pull(&a, &b, &key_for_a, coll);
    }
    let a_after = held(&a.db);
    let b_after = held(&b.db);
    // B lost A's two withdrawn reports and nothing else; A lost B's one.
    let lost = |before: &[String], after: &[String]| {
        before
            .iter()
            .filter(|k| !after.contains(k))
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(
        lost(&b_before, &b_after),
        ["Scam report msft:amber-1", "Scam report msft:green-0"]
    );
    assert_eq!(lost(&a_before, &a_after), ["Scam report amzn:clear-2"]);
    assert_eq!(b_after.len(), b_before.len() - 2);
    assert_eq!(a_after.len(), a_before.len() - 1);
    // The withdrawal is in each audit log.
    let audit = run(&b.db, &["audit", "list", "--limit", "100000"]);
    assert!(audit.contains("report.withdraw"), "{audit}");

    // A report B holds as its own is never withdrawn from outside: B
    // imports its own version of `msft:green-5`, then A withdraws its.
    let own = dir.path().join("own.jsonl");
    std::fs::write(
        &own,
        json!({"id": "green-5", "partner": "msft", "received_at": "2026-10-06T10:00:00Z",
               "narrative": "B's own account: call +1 844 281 9999", "tlp": "green"})
        .to_string()
            + "\n",
    )
    .unwrap();
    run(&b.db, &["import", own.to_str().unwrap()]);
    withdraw(&a, "msft:green-5");
    let said = pull(&b, &a, &key_for_b, COMMUNITY);
    assert!(said.contains("1 reports revoked by"), "{said}");
    assert!(
        held(&b.db).contains(&"Scam report msft:green-5".to_string()),
        "{said}"
    );
}

/// The reports of `partner` an instance's API lists to its own partner.
fn listed(at: &Instance, partner: &str) -> Vec<String> {
    let page: Value = ureq::get(&format!("{}/v1/reports", at.url))
        .query("partner", partner)
        .query("limit", "1000")
        .set("Authorization", &format!("Bearer {}", at.own_key))
        .call()
        .unwrap()
        .into_json()
        .unwrap();
    let mut keys: Vec<String> = page["reports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["report"].as_str().unwrap().to_string())
        .collect();
    keys.sort();
    keys
}

/// Waits (30 s at most) until `check` holds.
fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    let start = std::time::Instant::now();
    while !check() {
        assert!(start.elapsed().as_secs() < 30, "never happened: {what}");
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
}

#[test]
fn serve_pulls_on_its_own_schedule() {
    let dir = tempfile::tempdir().unwrap();
    let (a, key_for_b) = instance(dir.path(), "a", "msft", "peer-b", 1000);
    let settings = format!(
        "[[sync]]\ndirection = \"pull\"\nfrom = \"{}/taxii2/ringtrace/\"\ncollection = \"{COMMUNITY}\"\ntoken_env = \"PEER_A_KEY\"\nevery_seconds = 1\n",
        a.url
    );
    std::env::set_var("PEER_A_KEY", &key_for_b);
    let (b, _) = instance_with(dir.path(), "b", "amzn", "peer-a", 2000, Some(&settings));
    // B's service took A's CLEAR and GREEN reports in through its own
    // ingest: its API lists them without a restart.
    eventually("B lists A's 12 community reports", || {
        listed(&b, "msft").len() == 12
    });
    assert!(listed(&b, "msft").contains(&"msft:green-3".to_string()));
    // A withdrawal at A reaches B at its next run.
    withdraw(&a, "msft:green-3");
    eventually("B drops msft:green-3", || {
        !listed(&b, "msft").contains(&"msft:green-3".to_string())
    });
    assert_eq!(listed(&b, "msft").len(), 11);
    // Each run is in B's audit log.
    let audit = run(&b.db, &["audit", "list", "--limit", "100000"]);
    assert!(audit.contains("sync.pull"), "{audit}");
}
