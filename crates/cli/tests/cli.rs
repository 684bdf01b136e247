//! End-to-end tests of the `ringtrace` binary over real files and a real
//! SQLite database in a temporary directory.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
        .to_str()
        .unwrap()
        .to_string()
}

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        Env {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("t.db")
    }

    fn cmd(&self) -> Command {
        let mut c = Command::cargo_bin("ringtrace").unwrap();
        c.env("RINGTRACE_DB", self.db())
            .env_remove("RINGTRACE_NO_PROGRESS");
        c
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.cmd().args(args).output().unwrap();
        assert!(
            out.status.success(),
            "ringtrace {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn rings(&self) -> Vec<Value> {
        self.ok(&["rings", "--format", "jsonl"])
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }
}

fn members(ring: &Value) -> Vec<&str> {
    ring["reports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect()
}

#[test]
fn import_links_reports_across_partners_and_languages() {
    let env = Env::new();
    let out = env.ok(&["import", &fixture("reports.jsonl")]);
    assert!(
        out.contains("8 reports (8 new, 0 updated, 0 unchanged, 0 rejected)"),
        "{out}"
    );
    let rings = env.rings();
    let sets: Vec<Vec<&str>> = rings.iter().map(members).collect();
    assert_eq!(
        sets,
        vec![
            vec![
                "amazon:az-17",
                "amazon:az-18",
                "microsoft:ms-001",
                "microsoft:ms-002"
            ],
            vec!["hdfc-bank:hd-5", "hdfc-bank:hd-6"],
            vec!["orange-fr:or-1", "orange-fr:or-2"],
        ]
    );
    let big = &rings[0];
    assert_eq!(big["report_count"], 4);
    assert_eq!(big["partners"], serde_json::json!(["amazon", "microsoft"]));
    assert_eq!(big["loss_total"]["USD"], 1699.0);
    assert_eq!(big["first_seen"], "2023-10-01T09:00:00Z");
    assert_eq!(big["last_seen"], "2023-10-06T08:00:00Z");
    let values: Vec<&str> = big["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["value"].as_str().unwrap())
        .collect();
    assert!(values.contains(&"+18442818482"), "{values:?}");
    assert!(
        !values.contains(&"+18006427676"),
        "the real Microsoft number is a hub: {values:?}"
    );
    let ring_id = big["ring"].as_str().unwrap();
    assert!(ring_id.starts_with("R-"));

    // Re-importing changes nothing, ring identifiers included.
    let out = env.ok(&["import", &fixture("reports.jsonl")]);
    assert!(
        out.contains("(0 new, 0 updated, 8 unchanged, 0 rejected)"),
        "{out}"
    );
    assert!(out.contains("0 rings touched"), "{out}");
    assert_eq!(env.rings()[0]["ring"], ring_id);

    // Lookup, written the way a user types it.
    let out = env.ok(&["lookup", "(844) 281-8482", "--region", "US"]);
    assert!(out.starts_with("phone:+18442818482: known"), "{out}");
    assert!(out.contains(ring_id), "{out}");
    let out = env.ok(&["lookup", "+1 800 642 7676", "--json"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["verdict"], "legitimate");
    assert_eq!(v["warning_list"]["owner"], "Microsoft");
    assert_eq!(v["reports"], 1);
    assert_eq!(v["rings"], serde_json::json!([]), "a hub is nobody's ring");
    assert_eq!(v["roles"]["legitimate_reference"], 1);
    let out = env.ok(&["lookup", "+1 866 555 7788", "--json"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["verdict"], "unknown");
}

#[test]
fn changed_reports_keep_the_ring_id_and_grow_it() {
    let env = Env::new();
    env.ok(&["import", &fixture("reports.json")]);
    let first = env.rings();
    assert_eq!(first.len(), 1);
    assert_eq!(members(&first[0]), ["apple:j-1", "apple:j-2"]);
    // The CSV shares nothing with the JSON; a new report that does joins the ring.
    env.ok(&["import", &fixture("reports.csv")]);
    let csv_ring = env
        .rings()
        .into_iter()
        .find(|r| members(r)[0] == "bt-uk:c-1")
        .unwrap();
    let file = env.dir.path().join("more.jsonl");
    std::fs::write(
        &file,
        concat!(
            r#"{"id": "j-2", "partner": "apple", "received_at": "2023-10-14T09:00:00Z", "region": "US", "narrative": "Called 877.390.4511 from a pop-up, then +44 800 048 7123.", "brand": "Apple"}"#,
            "\n",
            r#"{"id": "j-3", "partner": "apple", "received_at": "2023-10-15T09:00:00Z", "region": "US", "narrative": "Same scam: 877-390-4511."}"#,
        ),
    )
    .unwrap();
    let out = env.ok(&["import", file.to_str().unwrap()]);
    assert!(
        out.contains("(1 new, 1 updated, 0 unchanged, 0 rejected)"),
        "{out}"
    );
    assert!(out.contains("1 merged"), "{out}");
    let rings = env.rings();
    assert_eq!(rings.len(), 1, "{rings:?}");
    assert_eq!(rings[0]["report_count"], 5);
    // The larger ring (three Apple reports against two BT ones) keeps its identifier.
    assert_eq!(rings[0]["ring"], first[0]["ring"]);
    assert_ne!(rings[0]["ring"], csv_ring["ring"]);
}

#[test]
fn csv_import_keeps_unknown_columns_and_links() {
    let env = Env::new();
    let out = env.ok(&["import", &fixture("reports.csv")]);
    assert!(out.contains("2 reports (2 new"), "{out}");
    let rings = env.rings();
    assert_eq!(members(&rings[0]), ["bt-uk:c-1", "bt-uk:c-2"]);
    assert_eq!(rings[0]["loss_total"]["GBP"], 150.0);
}

#[test]
fn a_bad_line_names_line_and_field_and_changes_nothing() {
    let env = Env::new();
    env.ok(&["import", &fixture("reports.jsonl")]);
    let before = env.ok(&["rings", "--format", "jsonl", "--min-reports", "1"]);
    let out = env
        .cmd()
        .args(["import", &fixture("bad_line7.jsonl")])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("bad_line7.jsonl line 7, field `received_at`"),
        "{err}"
    );
    assert!(err.contains("nothing was imported"), "{err}");
    assert_eq!(err.lines().count(), 1, "one clear error: {err}");
    let after = env.ok(&["rings", "--format", "jsonl", "--min-reports", "1"]);
    assert_eq!(before, after);

    // With --skip-invalid, the nine good lines land and line 7 is written out.
    let rejects = env.dir.path().join("rejects.jsonl");
    let out = env.ok(&[
        "import",
        &fixture("bad_line7.jsonl"),
        "--skip-invalid",
        rejects.to_str().unwrap(),
    ]);
    assert!(
        out.contains("9 reports (9 new, 0 updated, 0 unchanged, 1 rejected)"),
        "{out}"
    );
    let rejected: Vec<Value> = std::fs::read_to_string(&rejects)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rejected.len(), 1);
    assert_eq!(rejected[0]["line"], 7);
    assert_eq!(rejected[0]["field"], "received_at");
    assert!(rejected[0]["record"].as_str().unwrap().contains("\"b-7\""));
}

#[test]
fn bad_given_indicator_and_missing_file_are_clear_errors() {
    let env = Env::new();
    let file = env.dir.path().join("x.jsonl");
    std::fs::write(
        &file,
        "{\"id\": \"1\", \"partner\": \"p\", \"received_at\": \"2023-10-01T09:00:00Z\", \"indicators\": [{\"kind\": \"iban\", \"value\": \"FR76 3000 6000 0112 3456 7890 180\"}]}\n",
    )
    .unwrap();
    let out = env
        .cmd()
        .args(["import", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("x.jsonl line 1, field `indicators[0].value`"),
        "{err}"
    );

    let out = env
        .cmd()
        .args(["import", "/nonexistent/r.jsonl"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("cannot open /nonexistent/r.jsonl"));
}

#[test]
fn stdin_import_and_extract_jsonl() {
    let env = Env::new();
    let data = std::fs::read_to_string(fixture("reports.jsonl")).unwrap();
    let out = env
        .cmd()
        .args(["import", "-"])
        .write_stdin(data)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let out = env
        .cmd()
        .args(["extract", "--jsonl"])
        .write_stdin("{\"id\": \"a\", \"text\": \"appelez le 09 70 73 45 12\", \"region\": \"FR\"}\n{\"id\": 2, \"text\": \"nothing here\"}\n")
        .output()
        .unwrap();
    assert!(out.status.success());
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["id"], "a");
    assert_eq!(lines[0]["indicators"][0]["value"], "+33970734512");
    assert_eq!(lines[0]["indicators"][0]["start"], 11);
    assert_eq!(lines[0]["indicators"][0]["end"], 25);
    assert_eq!(lines[1]["indicators"], serde_json::json!([]));
}

#[test]
fn sim_then_eval_beats_naive_components() {
    let env = Env::new();
    let out_dir = env.dir.path().join("sim");
    env.ok(&[
        "sim",
        "--reports",
        "3000",
        "--seed",
        "7",
        "--out",
        out_dir.to_str().unwrap(),
    ]);
    let reports = out_dir.join("reports.jsonl");
    env.ok(&["import", reports.to_str().unwrap()]);
    let out = env.ok(&[
        "eval",
        "--truth",
        out_dir.join("truth.jsonl").to_str().unwrap(),
        "--json",
    ]);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["reports"], 3000);
    let ours = v["ringtrace"]["bcubed"]["f1"].as_f64().unwrap();
    let naive = v["naive_components"]["bcubed"]["f1"].as_f64().unwrap();
    assert!(ours > naive + 0.2, "ringtrace {ours} vs naive {naive}");
    assert!(ours > 0.7, "ringtrace B-cubed F1 {ours}");

    // The same scores from a rings file.
    let rings = env.ok(&["rings", "--format", "jsonl", "--min-reports", "1"]);
    let file = env.dir.path().join("rings.jsonl");
    std::fs::write(&file, rings).unwrap();
    let out = env.ok(&[
        "eval",
        "--truth",
        out_dir.join("truth.jsonl").to_str().unwrap(),
        "--rings",
        file.to_str().unwrap(),
        "--json",
    ]);
    let w: Value = serde_json::from_str(&out).unwrap();
    for family in ["bcubed", "pairwise"] {
        for figure in ["precision", "recall", "f1"] {
            let (a, b) = (
                &w["ringtrace"][family][figure],
                &v["ringtrace"][family][figure],
            );
            assert!(
                (a.as_f64().unwrap() - b.as_f64().unwrap()).abs() < 1e-9,
                "{family} {figure}: {a} vs {b}"
            );
        }
    }
}

#[test]
fn every_shipped_warning_list_value_is_canonical() {
    let list = ringtrace_link::WarningList::shipped();
    assert!(list.len() > 50);
    for hub in list.entries() {
        let canonical =
            ringtrace_extract::canonicalize(hub.indicator.kind, &hub.indicator.value, None);
        match canonical {
            Ok(c) => assert_eq!(c, hub.indicator.value, "{:?}", hub.indicator),
            // Hosting parents such as azurewebsites.net are public suffixes
            // themselves: never extracted, listed so the intent is written down.
            Err(e) => assert!(
                hub.scope == ringtrace_link::Scope::Hosting
                    && e.to_string().contains("public suffix"),
                "{:?}: {e}",
                hub.indicator
            ),
        }
    }
}

/// `bench extract` times the extraction alone and finds what `extract
/// --jsonl` finds on the same texts; a bad line is named, nothing timed.
#[test]
fn bench_extract_counts_what_extract_finds() {
    let env = Env::new();
    let corpus = fixture("narratives.jsonl");
    let report: Value =
        serde_json::from_str(&env.ok(&["bench", "extract", &corpus, "--rounds", "2"])).unwrap();
    assert_eq!(report["warm_up"], true);
    let cold: Value =
        serde_json::from_str(&env.ok(&["bench", "extract", &corpus, "--cold"])).unwrap();
    assert_eq!(cold["warm_up"], false);
    assert_eq!(cold["indicators"], report["indicators"]);
    let data = std::fs::read_to_string(&corpus).unwrap();
    let out = env
        .cmd()
        .args(["extract", "--jsonl"])
        .write_stdin(data.clone())
        .output()
        .unwrap();
    assert!(out.status.success());
    let found: usize = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["indicators"]
                .as_array()
                .unwrap()
                .len()
        })
        .sum();
    assert!(found > 0);
    assert_eq!(report["indicators"], found);
    assert_eq!(
        report["texts"],
        data.lines().filter(|l| !l.trim().is_empty()).count()
    );
    assert_eq!(report["rounds"], 2);
    assert!(report["mb_per_s"].as_f64().unwrap() > 0.0);
    // CPU seconds of one thread cannot exceed the wall-clock seconds they ran in.
    let (cpu, wall) = (
        report["best_seconds"].as_f64().unwrap(),
        report["best_wall_seconds"].as_f64().unwrap(),
    );
    assert!(
        cpu > 0.0 && cpu <= wall * 1.01 + 1e-3,
        "{cpu} s of CPU in {wall} s"
    );

    let bad = env.dir.path().join("bad.jsonl");
    std::fs::write(&bad, "{\"text\": \"call 1-844-281-8482\"}\n{\"text\": 5}\n").unwrap();
    let out = env
        .cmd()
        .args(["bench", "extract", bad.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("bad.jsonl line 2, field `text`"), "{err}");
}

#[test]
fn extraction_corpus_snapshot() {
    let env = Env::new();
    let corpus = std::fs::read_to_string(fixture("narratives.jsonl")).unwrap();
    let out = env
        .cmd()
        .args(["extract", "--jsonl"])
        .write_stdin(corpus)
        .output()
        .unwrap();
    assert!(out.status.success());
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    insta::assert_json_snapshot!(lines);
}

#[test]
fn rings_snapshot() {
    let env = Env::new();
    env.ok(&["import", &fixture("reports.jsonl")]);
    insta::assert_json_snapshot!(env.rings(), { "[].ring" => "[ring id]" });
    let table = env.ok(&["rings"]);
    let redacted: String = table
        .lines()
        .map(|l| {
            if l.starts_with("R-") {
                format!("R-?????{}", &l[7..])
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    insta::assert_snapshot!(redacted);
}

#[test]
fn analysts_curate_hubs_and_rings_keep_their_history() {
    let env = Env::new();
    env.ok(&["import", &fixture("reports.jsonl")]);
    let ring = env.rings()[0]["ring"].as_str().unwrap().to_string();
    assert_eq!(env.rings()[0]["report_count"], 4);

    let out = env.ok(&[
        "warninglist",
        "add",
        "phone",
        "(844) 281-8482",
        "--region",
        "US",
        "--note",
        "test hub",
    ]);
    assert!(out.contains("phone:+18442818482: marked as a hub"), "{out}");
    let rings = env.rings();
    let kept = rings.iter().find(|r| r["ring"] == ring.as_str()).unwrap();
    assert_eq!(
        kept["report_count"], 2,
        "the ring loses the reports only the hub joined: {rings:?}"
    );
    let listed = env.ok(&["warninglist", "list", "--jsonl"]);
    assert!(listed.contains("\"value\":\"+18442818482\""), "{listed}");
    assert!(listed.contains("\"note\":\"test hub\""), "{listed}");

    env.ok(&["warninglist", "remove", "phone", "+18442818482"]);
    assert_eq!(env.rings()[0]["ring"], ring.as_str());
    assert_eq!(env.rings()[0]["report_count"], 4);
    let history = env.ok(&["rings", "--history", &ring]);
    let lines: Vec<&str> = history.lines().collect();
    assert!(lines[0].contains("created (import of"), "{history}");
    assert!(
        history.contains("split off (warning list: phone:+18442818482 marked as a hub"),
        "{history}"
    );
    assert!(history.contains("absorbed R-"), "{history}");

    let out = env
        .cmd()
        .args(["warninglist", "remove", "phone", "+18442818482"])
        .output()
        .unwrap();
    assert!(!out.status.success());

    let profile: Value = serde_json::from_str(&env.ok(&["ring", &ring, "--json"])).unwrap();
    assert_eq!(profile["report_count"], 4);
    assert_eq!(profile["victim_regions"]["US"], 4);
    assert_eq!(profile["channels"]["popup"], 1);
    assert_eq!(
        profile["weekly"],
        serde_json::json!([["2023-W39", 1], ["2023-W40", 3]])
    );
    let text = env.ok(&["ring", &ring]);
    assert!(
        text.contains("weekly reports 2023-W39 |▃█| 2023-W40"),
        "{text}"
    );
    let out = env.cmd().args(["ring", "R-00000"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("no ring R-00000"));
}

#[test]
fn a_few_new_reports_are_placed_incrementally() {
    let env = Env::new();
    let sim = env.dir.path().join("sim");
    env.ok(&[
        "sim",
        "--reports",
        "2000",
        "--seed",
        "3",
        "--out",
        sim.to_str().unwrap(),
    ]);
    env.ok(&["import", sim.join("reports.jsonl").to_str().unwrap()]);
    let top = env.ok(&["rings", "--format", "jsonl", "--limit", "1"]);
    let top: Value = serde_json::from_str(top.lines().next().unwrap()).unwrap();
    let phone = top["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == "phone")
        .expect("the largest simulated ring has a phone number")["value"]
        .as_str()
        .unwrap()
        .to_string();
    let file = env.dir.path().join("new.jsonl");
    std::fs::write(
        &file,
        format!(
            "{{\"id\": \"n-1\", \"partner\": \"late\", \"received_at\": \"2024-12-30T09:00:00Z\", \"narrative\": \"they said call {phone}\"}}\n\
             {{\"id\": \"n-2\", \"partner\": \"late\", \"received_at\": \"2024-12-30T10:00:00Z\", \"narrative\": \"a lone scam from +1 866 555 0177 and +1 866 555 0178\"}}\n"
        ),
    )
    .unwrap();
    let out = env.ok(&["import", file.to_str().unwrap()]);
    assert!(out.contains("2 rings touched (1 new, 0 merged)"), "{out}");
    let ring: Value =
        serde_json::from_str(&env.ok(&["ring", top["ring"].as_str().unwrap(), "--json"])).unwrap();
    assert_eq!(
        ring["report_count"],
        top["report_count"].as_u64().unwrap() + 1
    );
    assert!(ring["reports"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r == "late:n-1"));
    let lookup: Value =
        serde_json::from_str(&env.ok(&["lookup", "+18665550177", "--json"])).unwrap();
    assert_eq!(lookup["rings"][0]["report_count"], 1);
}

#[test]
fn explain_names_the_path_and_what_was_ignored() {
    let env = Env::new();
    env.ok(&["import", &fixture("reports.jsonl")]);
    let out = env.ok(&["explain", "microsoft:ms-001", "amazon:az-18"]);
    assert!(
        out.starts_with("microsoft:ms-001 and amazon:az-18 are in one ring"),
        "{out}"
    );
    assert!(out.contains("--phone:+18442818482-->"), "{out}");
    assert!(
        out.contains("--domain:secure-alert.com-->  amazon:az-18"),
        "{out}"
    );

    let out = env.ok(&["explain", "hdfc-bank:hd-5", "microsoft:ms-001", "--json"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["same_ring"], false);
    assert_eq!(v["path"], serde_json::json!([]));

    // A hub shared by two reports is named as the reason they are apart.
    let file = env.dir.path().join("hub.jsonl");
    std::fs::write(
        &file,
        "{\"id\": \"h-1\", \"partner\": \"bank\", \"received_at\": \"2023-11-01T09:00:00Z\", \"narrative\": \"I called Microsoft at 1-800-642-7676 after a scam from +1 877 390 4400\"}\n",
    )
    .unwrap();
    env.ok(&["import", file.to_str().unwrap()]);
    let out = env.ok(&["explain", "bank:h-1", "microsoft:ms-002"]);
    assert!(out.contains("are in different rings"), "{out}");
    assert!(
        out.contains("ignored phone:+18006427676: on the warning list (Microsoft"),
        "{out}"
    );

    let out = env
        .cmd()
        .args(["explain", "bank:nope", "microsoft:ms-002"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("no report bank:nope"));
}

#[test]
fn partners_keys_and_a_tampered_audit_log() {
    let env = Env::new();
    env.ok(&["partner", "add", "microsoft", "--name", "Microsoft DCU"]);
    let dup = env
        .cmd()
        .args(["partner", "add", "microsoft"])
        .output()
        .unwrap();
    assert!(!dup.status.success());
    assert!(String::from_utf8_lossy(&dup.stderr).contains("already exists"));
    let bad = env
        .cmd()
        .args(["key", "create", "--partner", "microsoft", "--role", "root"])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("--role"),
        "{bad:?}"
    );
    let key = env.ok(&[
        "key",
        "create",
        "--partner",
        "microsoft",
        "--role",
        "analyst",
        "--label",
        "team",
    ]);
    let key = key.trim();
    assert!(
        key.starts_with("rt_") && key.len() == 3 + 12 + 1 + 43,
        "{key}"
    );
    let key_id = &key[3..15];
    let listed = env.ok(&["key", "list"]);
    assert!(
        listed.contains(key_id) && !listed.contains(&key[16..]),
        "secrets are never listed: {listed}"
    );
    env.ok(&["key", "revoke", key_id]);
    assert!(env.ok(&["key", "list"]).contains("revoked"));
    env.ok(&["partner", "disable", "microsoft"]);
    let verified = env.ok(&["audit", "verify"]);
    assert!(
        verified.starts_with("audit log intact: 4 entries"),
        "{verified}"
    );
    let actions: Vec<String> = env
        .ok(&["audit", "list"])
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["action"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(
        actions,
        ["partner.add", "key.create", "key.revoke", "partner.disable"],
        "a refused change leaves no entry"
    );

    // The store refuses edits; someone with the file and the will to drop
    // its triggers still cannot change an entry unnoticed.
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    assert!(conn
        .execute("UPDATE audit_log SET target = 'x' WHERE seq = 2", [])
        .is_err());
    let triggers: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for t in &triggers {
        conn.execute(&format!("DROP TRIGGER {t}"), []).unwrap();
    }
    conn.execute("UPDATE audit_log SET target = 'amazon' WHERE seq = 2", [])
        .unwrap();
    drop(conn);
    let out = env.cmd().args(["audit", "verify"]).output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("audit entry 2 was altered"), "{err}");
    // `check` finds it too, and `--repair` does not pretend to mend it
    for args in [vec!["check"], vec!["check", "--repair"]] {
        let out = env.cmd().args(&args).output().unwrap();
        assert!(!out.status.success(), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("the audit log was altered: audit entry 2 was altered"),
            "{err}"
        );
    }
}

#[test]
fn check_finds_broken_rings_and_repair_rebuilds_them() {
    let env = Env::new();
    env.ok(&["import", &fixture("reports.jsonl")]);
    let said = env.ok(&["check"]);
    assert!(said.starts_with("database intact: "), "{said}");
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    conn.execute_batch(
        "UPDATE reports SET ring_id = NULL WHERE report_pk IN (SELECT report_pk FROM reports LIMIT 2);
         UPDATE rings SET report_count = report_count + 3 WHERE ring_id = (SELECT MAX(ring_id) FROM rings);",
    )
    .unwrap();
    drop(conn);
    let out = env.cmd().arg("check").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    for says in [
        "problem: reports without a ring: 2",
        "problem: rings whose recorded size is not their number of reports",
        "ringtrace check --repair",
    ] {
        assert!(err.contains(says), "{says:?} in {err}");
    }
    let said = env.ok(&["check", "--repair"]);
    assert!(said.contains("repaired: rings recomputed"), "{said}");
    assert!(said.contains("database intact: "), "{said}");
    let said = env.ok(&["check"]);
    assert!(said.starts_with("database intact: "), "{said}");
}

#[test]
fn serve_settings_are_checked_and_sigterm_stops_it_cleanly() {
    let env = Env::new();
    let bad = env.dir.path().join("bad.toml");
    std::fs::write(&bad, "addr = \"127.0.0.1:0\"\nlog_fromat = \"json\"\n").unwrap();
    let cases: Vec<(Vec<String>, &str)> = vec![
        (
            vec!["--config".into(), bad.to_str().unwrap().into()],
            "log_fromat",
        ),
        (
            vec!["--addr".into(), "localhost".into()],
            "--addr localhost",
        ),
        (
            vec!["--log-format".into(), "xml".into()],
            "--log-format xml",
        ),
        (
            vec!["--read-connections".into(), "0".into()],
            "--read-connections",
        ),
    ];
    for (args, expected) in cases {
        let out = env.cmd().arg("serve").args(&args).output().unwrap();
        assert!(!out.status.success(), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(expected), "{args:?}: {err}");
    }

    // A settings file, then SIGTERM: the server says where it listens and
    // exits 0.
    let good = env.dir.path().join("good.toml");
    std::fs::write(
        &good,
        "addr = \"127.0.0.1:0\"\nlog_format = \"json\"\n[limits]\nmax_batch = 10\n",
    )
    .unwrap();
    let bin = assert_cmd::cargo::cargo_bin("ringtrace");
    let mut child = std::process::Command::new(bin)
        .env("RINGTRACE_DB", env.db())
        .args(["serve", "--config", good.to_str().unwrap()])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(child.stdout.take().unwrap()),
        &mut line,
    )
    .unwrap();
    assert!(
        line.starts_with("ringtrace serving on http://127.0.0.1:"),
        "{line}"
    );
    let status = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let logs = String::from_utf8_lossy(&out.stderr);
    assert!(
        logs.lines().all(|l| l.starts_with('{')),
        "JSON logs: {logs}"
    );
    assert!(logs.contains("shutting down"), "{logs}");
}
