//! `ringtrace export stix` and `ringtrace import stix` end to end: a
//! simulated ecosystem (plus a file with every indicator kind) exported and
//! read into a second database gives the same reports and indicators; a
//! second export is byte-identical; a bad bundle names its object and
//! imports nothing.

mod support;

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use support::Env;

fn every_kind() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../scripts/interop/stix-every-kind.jsonl")
        .to_str()
        .unwrap()
        .to_string()
}

/// Each report's facts and distinct indicators, read from the database.
type Facts = BTreeMap<String, (String, String, Option<String>, BTreeSet<(String, String)>)>;

fn facts(db: &Path) -> Facts {
    let c = rusqlite::Connection::open(db).unwrap();
    let mut out = Facts::new();
    let mut s = c
        .prepare("SELECT report_pk, partner, id, received_at, tlp, channel FROM reports")
        .unwrap();
    let rows: Vec<(i64, String, String, String, Option<String>)> = s
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                format!("{}:{}", r.get::<_, String>(1)?, r.get::<_, String>(2)?),
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for (pk, key, received, tlp, channel) in rows {
        let mut m = c
            .prepare(
                "SELECT DISTINCT i.kind, i.value FROM mentions m JOIN indicators i USING (indicator_pk) WHERE m.report_pk = ?1",
            )
            .unwrap();
        let values: BTreeSet<(String, String)> = m
            .query_map([pk], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        out.insert(key, (received, tlp, channel, values));
    }
    out
}

#[test]
fn export_then_import_gives_the_same_reports() {
    let env = Env::new();
    let sim = env.path("sim");
    env.ok(
        "a.db",
        &[
            "sim",
            "--reports",
            "400",
            "--seed",
            "7",
            "--out",
            sim.to_str().unwrap(),
        ],
    );
    env.ok(
        "a.db",
        &[
            "import",
            sim.join("reports.jsonl").to_str().unwrap(),
            &every_kind(),
        ],
    );
    let bundle = env.path("all.json");
    let out = env.ok(
        "a.db",
        &[
            "export",
            "stix",
            "--tlp-max",
            "red",
            "--out",
            bundle.to_str().unwrap(),
        ],
    );
    assert!(out.contains("405 reports"), "{out}");

    // The same data, the same bytes; standard output holds the same bundle.
    let first = std::fs::read(&bundle).unwrap();
    let again = env.ok("a.db", &["export", "stix", "--tlp-max", "red"]);
    assert_eq!(first, again.as_bytes());
    let parsed: Value = serde_json::from_slice(&first).unwrap();
    assert_eq!(parsed["type"], "bundle");

    let out = env.ok("b.db", &["import", "stix", bundle.to_str().unwrap()]);
    assert!(out.contains("405 reports (405 new"), "{out}");
    let a = facts(&env.path("a.db"));
    let b = facts(&env.path("b.db"));
    assert_eq!(a.len(), 405);
    assert_eq!(a, b);

    // Importing it again changes nothing.
    let out = env.ok("b.db", &["import", "stix", bundle.to_str().unwrap()]);
    assert!(
        out.contains("405 reports (0 new, 0 updated, 405 unchanged)"),
        "{out}"
    );
}

#[test]
fn the_default_export_stops_at_amber() {
    let env = Env::new();
    env.ok("a.db", &["import", &every_kind()]);
    let bundle: Value = serde_json::from_str(&env.ok("a.db", &["export", "stix"])).unwrap();
    let reports: Vec<&Value> = bundle["objects"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["type"] == "report")
        .collect();
    // ek-2 is RED and ek-4 AMBER+STRICT.
    assert_eq!(reports.len(), 3);
}

#[test]
fn a_bad_bundle_names_the_object_and_imports_nothing() {
    let env = Env::new();
    env.ok("a.db", &["import", &every_kind()]);
    let mut bundle: Value =
        serde_json::from_str(&env.ok("a.db", &["export", "stix", "--tlp-max", "red"])).unwrap();
    let objects = bundle["objects"].as_array_mut().unwrap();
    let (index, id) = objects
        .iter()
        .enumerate()
        .filter(|(_, o)| o["type"] == "report")
        .map(|(i, o)| (i, o["id"].as_str().unwrap().to_string()))
        .nth(1)
        .unwrap();
    objects[index]["extensions"]
        .as_object_mut()
        .unwrap()
        .values_mut()
        .next()
        .unwrap()["received_at"] = Value::from("the day before");
    let path = env.path("bad.json");
    std::fs::write(&path, serde_json::to_vec(&bundle).unwrap()).unwrap();

    let out = env
        .cmd("b.db")
        .args(["import", "stix", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("object {index} ({id}), field `extensions.")),
        "{err}"
    );
    assert!(
        err.contains(".received_at`: `the day before` is not an RFC 3339 timestamp"),
        "{err}"
    );
    assert!(err.contains("nothing was imported"), "{err}");
    assert!(facts(&env.path("b.db")).is_empty());
}

#[test]
fn revoked_reports_are_counted_and_foreign_reports_need_a_partner() {
    let env = Env::new();
    let bundle = r#"{"type": "bundle", "id": "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d", "objects": [
        {"type": "report", "spec_version": "2.1", "id": "report--84e4d88f-44ea-4bcd-bbf3-b2c1c320bcb3",
         "created": "2024-02-01T10:00:00.000Z", "modified": "2024-02-01T10:00:00.000Z",
         "name": "Refund scam", "published": "2024-02-01T10:00:00.000Z",
         "object_refs": ["domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7"]},
        {"type": "domain-name", "spec_version": "2.1", "id": "domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7", "value": "example.com"},
        {"type": "report", "spec_version": "2.1", "id": "report--0c0d3b7b-1d7e-4b59-a8c9-6e9f2e7b0c11",
         "created": "2024-02-01T10:00:00.000Z", "modified": "2024-02-02T10:00:00.000Z", "revoked": true,
         "name": "Withdrawn", "published": "2024-02-01T10:00:00.000Z", "object_refs": ["domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7"]}
    ]}"#;
    let path = env.path("foreign.json");
    std::fs::write(&path, bundle).unwrap();
    let out = env
        .cmd("a.db")
        .args(["import", "stix", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "object 0 (report--84e4d88f-44ea-4bcd-bbf3-b2c1c320bcb3), field `created_by_ref`"
        ),
        "{err}"
    );
    assert!(err.contains("give --partner"), "{err}");

    let out = env.ok(
        "a.db",
        &[
            "import",
            "stix",
            "--partner",
            "cert-x",
            path.to_str().unwrap(),
        ],
    );
    assert!(out.contains("1 reports (1 new"), "{out}");
    assert!(out.contains("1 reports are revoked by the bundle"), "{out}");
    assert!(
        out.contains("cert-x:report--0c0d3b7b-1d7e-4b59-a8c9-6e9f2e7b0c11"),
        "{out}"
    );
    let f = facts(&env.path("a.db"));
    let (received, tlp, _, values) = &f["cert-x:report--84e4d88f-44ea-4bcd-bbf3-b2c1c320bcb3"];
    assert_eq!(received, "2024-02-01T10:00:00Z");
    assert_eq!(tlp, "amber");
    assert_eq!(
        values,
        &[("domain".to_string(), "example.com".to_string())].into()
    );
}

/// `--opencti-types`: phone numbers, bank accounts and wallets as OpenCTI's
/// observables; the bundle reads back into the same reports.
#[test]
fn opencti_types_round_trip() {
    let env = Env::new();
    env.ok("a.db", &["import", &every_kind()]);
    let bundle = env.path("opencti.json");
    env.ok(
        "a.db",
        &[
            "export",
            "stix",
            "--tlp-max",
            "red",
            "--opencti-types",
            "--out",
            bundle.to_str().unwrap(),
        ],
    );
    let parsed: Value = serde_json::from_slice(&std::fs::read(&bundle).unwrap()).unwrap();
    let types: BTreeSet<&str> = parsed["objects"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|o| o["type"].as_str())
        .collect();
    for t in ["phone-number", "bank-account", "cryptocurrency-wallet"] {
        assert!(types.contains(t), "no {t} in {types:?}");
    }
    assert!(!types.contains("x-ringtrace-phone-number"), "{types:?}");
    assert!(
        types.contains("x-ringtrace-upi-id"),
        "UPI stays ours: {types:?}"
    );
    env.ok("b.db", &["import", "stix", bundle.to_str().unwrap()]);
    assert_eq!(facts(&env.path("a.db")), facts(&env.path("b.db")));
}

/// `ringtrace withdraw`: the report is erased, the export carries it as a
/// revoked object without its content, and the audit log says why.
#[test]
fn withdrawn_reports_are_exported_revoked() {
    let env = Env::new();
    env.ok("a.db", &["import", &every_kind()]);
    let first = facts(&env.path("a.db"));
    let key = first.keys().next().unwrap().clone();
    let out = env.ok("a.db", &["withdraw", &key, "--reason", "sent twice"]);
    assert!(out.contains("withdrew 1 of 1"), "{out}");
    let after = facts(&env.path("a.db"));
    assert_eq!(after.len(), first.len() - 1);
    assert!(!after.contains_key(&key));
    let bundle: Value =
        serde_json::from_str(&env.ok("a.db", &["export", "stix", "--tlp-max", "red"])).unwrap();
    let revoked: Vec<&Value> = bundle["objects"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["revoked"] == true)
        .collect();
    assert_eq!(revoked.len(), 1, "{revoked:?}");
    assert_eq!(revoked[0]["type"], "report");
    assert_eq!(revoked[0]["name"], format!("Scam report {key}"));
    assert!(revoked[0].get("description").is_none(), "content erased");
    // Withdrawing what is not there says so and fails.
    let out = env
        .cmd("a.db")
        .args(["withdraw", &key, "--reason", "again"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no such report"));
    let audit = env.ok("a.db", &["audit", "list"]);
    assert!(
        audit.contains("report.withdraw") && audit.contains("sent twice"),
        "{audit}"
    );
}
