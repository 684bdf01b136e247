//! MISP end to end, through the binary: sim → import → export misp → import
//! misp into another database; bad input; warning lists both ways, and the
//! shipped MISP warning lists equal to what the export writes.

mod support;

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use support::Env;

fn share_fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../share/tests/fixtures/misp")
        .join(name)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn read_dir_sorted(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().to_string(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn sim_import_export_feed_and_import_it_elsewhere() {
    let env = Env::new();
    let sim = env.path("sim");
    env.ok(
        "a.db",
        &["sim", "--reports", "300", "--seed", "7", "--out", s(&sim)],
    );
    env.ok("a.db", &["import", s(&sim.join("reports.jsonl"))]);
    let feed = env.path("feed");
    let out = env.ok(
        "a.db",
        &["export", "misp", "--tlp-max", "red", "--out", s(&feed)],
    );
    assert!(out.contains("events (one per ring)"), "{out}");

    // One event file per ring, each named in the manifest; hashes.csv names them.
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(feed.join("manifest.json")).unwrap())
            .unwrap();
    let rings = env.rings("a.db");
    assert_eq!(manifest.as_object().unwrap().len(), rings.len());
    let events: BTreeSet<String> = std::fs::read_dir(&feed)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter_map(|n| n.strip_suffix(".json").map(str::to_string))
        .filter(|n| n != "manifest")
        .collect();
    let named: BTreeSet<String> = manifest.as_object().unwrap().keys().cloned().collect();
    assert_eq!(events, named);
    let hashes = std::fs::read_to_string(feed.join("hashes.csv")).unwrap();
    assert!(!hashes.is_empty());
    for line in hashes.lines() {
        let (h, uuid) = line.split_once(',').unwrap();
        assert_eq!(h.len(), 32, "{line}");
        assert!(named.contains(uuid), "{line}");
    }

    // A second export writes the same bytes; a stale event file goes.
    let stale = feed.join("00000000-0000-4000-8000-000000000000.json");
    std::fs::write(&stale, "{}").unwrap();
    let before = read_dir_sorted(&feed);
    let feed2 = env.path("feed2");
    env.ok(
        "a.db",
        &["export", "misp", "--tlp-max", "red", "--out", s(&feed2)],
    );
    env.ok(
        "a.db",
        &["export", "misp", "--tlp-max", "red", "--out", s(&feed)],
    );
    assert!(!stale.exists());
    let again = read_dir_sorted(&feed);
    assert_eq!(again, read_dir_sorted(&feed2));
    assert_eq!(again.len() + 1, before.len());

    // The feed directory reads into another database: one report per event.
    let out = env.ok("b.db", &["import", "misp", s(&feed)]);
    assert!(
        out.contains(&format!(
            "{} events as reports ({} new",
            named.len(),
            named.len()
        )),
        "{out}"
    );
    let again = env.ok("b.db", &["import", "misp", s(&feed)]);
    assert!(again.contains("0 new, 0 updated"), "{again}");

    // Every exported scammer value is known in the other database.
    let first = manifest.as_object().unwrap().keys().next().unwrap();
    let event: Value =
        serde_json::from_str(&std::fs::read_to_string(feed.join(format!("{first}.json"))).unwrap())
            .unwrap();
    let phone = event["Event"]["Object"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == "phone-number")
        .map(|o| o["Attribute"][0]["value"].as_str().unwrap().to_string());
    let value = phone.unwrap_or_else(|| {
        event["Event"]["Attribute"][0]["value"]
            .as_str()
            .unwrap()
            .to_string()
    });
    let verdict = env.ok("b.db", &["lookup", &value, "--json"]);
    let verdict: Value = serde_json::from_str(&verdict).unwrap();
    assert_ne!(verdict["known"], false, "{value}: {verdict}");

    // The export is in the audit log.
    let audit = env.ok("a.db", &["audit", "list"]);
    assert!(audit.contains("export.misp"), "{audit}");
}

#[test]
fn a_bad_event_file_imports_nothing_and_names_the_fault() {
    let env = Env::new();
    let good = share_fixture("circl_style_event.json");
    let bad = share_fixture("bad_phone.json");
    let out = env
        .cmd("a.db")
        .args(["import", "misp", s(&bad), s(&good)])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad_phone.json event 1 (0c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5), Attribute[1] (uuid 2e3f4a5b-6c7d-4e8f-9091-a2b3c4d5e6f7), field `value`"), "{err}");
    assert!(err.contains("nothing was imported from"), "{err}");
    // The good file went in; nothing of the bad one did.
    let rings = env.rings("a.db");
    let reports: Vec<&str> = rings
        .iter()
        .flat_map(|r| r["reports"].as_array().unwrap())
        .map(|r| r.as_str().unwrap())
        .collect();
    assert_eq!(
        reports,
        ["cert-example:65241a3e-8c4c-4d7b-9a4e-2f1b0a0c0d01"]
    );
}

#[test]
fn the_shipped_misp_warninglists_are_what_the_export_writes() {
    let env = Env::new();
    let out = env.path("lists");
    env.ok(
        "never.db",
        &[
            "warninglist",
            "export-misp",
            "--shipped-only",
            "--out",
            s(&out),
        ],
    );
    assert!(
        !env.path("never.db").exists(),
        "--shipped-only opened the database"
    );
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/misp-warninglists");
    let mut dirs: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    dirs.sort();
    assert_eq!(
        dirs,
        [
            "ringtrace-domain",
            "ringtrace-domain-exact",
            "ringtrace-phone"
        ]
    );
    for d in dirs {
        let made = std::fs::read_to_string(out.join(&d).join("list.json")).unwrap();
        let committed = std::fs::read_to_string(shipped.join(&d).join("list.json"))
            .unwrap_or_else(|_| panic!("data/misp-warninglists/{d}/list.json is missing"));
        assert_eq!(
            made, committed,
            "data/misp-warninglists/{d}/list.json is stale: run `ringtrace warninglist export-misp --shipped-only --out data/misp-warninglists`"
        );
    }
}

#[test]
fn misp_warninglists_import_as_analysts_hubs() {
    let env = Env::new();
    let out = env.ok(
        "a.db",
        &[
            "warninglist",
            "import-misp",
            "--no-relink",
            s(&share_fixture("warninglists")),
        ],
    );
    // hdfcbank.com, icicibank.com, onlinesbi.sbi; three support lines; 9.9.9.9.
    assert!(out.contains("(hostname, version 3): 3 hubs added"), "{out}");
    assert!(
        out.contains("(string, version 20240301): 3 hubs added"),
        "{out}"
    );
    assert!(
        out.contains(
            "(cidr, version 4): 1 hubs added, 0 already on the warning list, 0 invalid, 3 skipped"
        ),
        "{out}"
    );
    assert!(out.contains("invalid: `axis bank`"), "{out}");
    assert!(out.contains("a regex list holds patterns"), "{out}");
    assert!(out.contains("address ranges"), "{out}");
    let listed = env.ok("a.db", &["warninglist", "list", "--jsonl"]);
    let entries: Vec<Value> = listed
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let values: BTreeSet<String> = entries
        .iter()
        .filter(|e| e["source"] == "analyst")
        .map(|e| {
            format!(
                "{}:{}",
                e["kind"].as_str().unwrap(),
                e["value"].as_str().unwrap()
            )
        })
        .collect();
    assert!(values.contains("domain:hdfcbank.com"), "{values:?}");
    assert!(values.contains("phone:+9118002026161"), "{values:?}");
    assert!(values.contains("ip:9.9.9.9"), "{values:?}");
    assert!(entries.iter().any(|e| e["note"]
        .as_str()
        .is_some_and(|n| n.contains("MISP warning list"))));

    // And they go out again with the analysts' entries.
    let lists = env.path("lists");
    env.ok("a.db", &["warninglist", "export-misp", "--out", s(&lists)]);
    let ip: Value = serde_json::from_str(
        &std::fs::read_to_string(lists.join("ringtrace-ip/list.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(ip["list"], serde_json::json!(["9.9.9.9/32"]));
    assert_eq!(ip["type"], "cidr");
}
