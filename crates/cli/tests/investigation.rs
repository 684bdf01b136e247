//! Issue 8 end to end on the command line: rings imported, a case opened,
//! changed (and an illegal change refused), seized-device extracts from
//! two sites imported and matched, the evidence package signed at each
//! redaction level, verified, altered in one byte and rejected.

mod support;

use serde_json::Value;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use support::Env;

const DB: &str = "t.db";

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
        .display()
        .to_string()
}

fn device(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../act/tests/fixtures")
        .join(name)
        .display()
        .to_string()
}

/// Runs `ringtrace args`; returns (success, stdout, stderr).
fn run(env: &Env, args: &[&str]) -> (bool, String, String) {
    let out = env.cmd(DB).args(args).output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Each row: the command, whether it must succeed, a text its output
/// (stdout or stderr) must hold.
fn expect(env: &Env, rows: &[(Vec<&str>, bool, &str)]) {
    for (args, ok, says) in rows {
        let (success, out, err) = run(env, args);
        assert_eq!(success, *ok, "ringtrace {args:?}: {out}{err}");
        assert!(
            out.contains(says) || err.contains(says),
            "ringtrace {args:?} should say {says:?}: {out}{err}"
        );
    }
}

/// The ring holding a report.
fn ring_of(env: &Env, report: &str) -> String {
    env.rings(DB)
        .into_iter()
        .find(|r| r["reports"].as_array().unwrap().iter().any(|k| k == report))
        .and_then(|r| r["ring"].as_str().map(String::from))
        .unwrap_or_else(|| panic!("no ring holds {report}"))
}

/// The package with one byte of `file` changed, zipped again.
fn tampered(zip_path: &Path, file: &str, out: &Path) {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(zip_path).unwrap()).unwrap();
    let mut w = zip::ZipWriter::new(std::fs::File::create(out).unwrap());
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().to_string();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        if name == file {
            bytes[10] ^= 0x01;
        }
        w.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(&bytes).unwrap();
    }
    w.finish().unwrap();
}

fn read_entry(zip_path: &Path, file: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(zip_path).unwrap()).unwrap();
    let mut s = String::new();
    zip.by_name(file).unwrap().read_to_string(&mut s).unwrap();
    s
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

#[test]
fn from_rings_to_a_verified_package_and_lit_up_exhibits() {
    let env = Env::new();
    env.ok(DB, &["import", &fixture("case_reports.jsonl")]);
    let call_centre = ring_of(&env, "microsoft:v-1");
    let mailer = ring_of(&env, "bank-1:v-4");
    assert_ne!(call_centre, mailer);

    // A case on both rings, then its life: each row one command.
    let id = env.ok(
        DB,
        &[
            "case",
            "open",
            "--title",
            "Chakra",
            "--ring",
            &call_centre,
            "--ring",
            &mailer,
            "--by",
            "alice",
        ],
    );
    assert_eq!(id.trim(), "C-000001");
    let c = "C-000001";
    expect(
        &env,
        &[
            (vec!["case", "list"], true, "Chakra"),
            (
                vec!["case", "open", "--title", "x", "--ring", "R-NOPE"],
                false,
                "there is no ring R-NOPE",
            ),
            (
                vec![
                    "case",
                    "note",
                    c,
                    "Both rings pay one UPI mule",
                    "--by",
                    "alice",
                ],
                true,
                "noted",
            ),
            (vec!["case", "assign", c, "bob"], true, "assigned"),
            (
                vec![
                    "case",
                    "task",
                    c,
                    "Ask the bank for the IBAN holder",
                    "--assignee",
                    "bob",
                ],
                true,
                "task_added",
            ),
            (vec!["case", "done", c, "1"], true, "task_done"),
            (
                vec!["case", "done", c, "1"],
                false,
                "task 1 is already done",
            ),
            (vec!["case", "done", c, "9"], false, "there is no task 9"),
            (
                vec!["case", "reopen", c],
                false,
                "case C-000001 is open and cannot be reopened",
            ),
            (
                vec!["case", "link", c, "--report", "microsoft:v-3"],
                true,
                "report_linked",
            ),
            (
                vec!["case", "link", c, "--ring", &call_centre],
                false,
                "already linked",
            ),
            (
                vec!["case", "note", "C-000009", "x"],
                false,
                "there is no case C-000009",
            ),
            (vec!["case", "note", "C-9", "x"], false, "is not a case id"),
            (
                vec!["case", "refer", c, "--agency", "CBI"],
                true,
                "referred",
            ),
            (
                vec!["case", "refer", c, "--agency", "FBI"],
                false,
                "is referred and cannot be referred",
            ),
        ],
    );

    // Seized devices at two sites.
    let import = |exhibit: &str, site: &str, file: &str| -> Vec<String> {
        [
            "evidence",
            "import",
            "--case",
            c,
            "--exhibit",
            exhibit,
            "--site",
            site,
            "--region",
            "US",
        ]
        .iter()
        .map(|s| s.to_string())
        .chain([device(file)])
        .collect()
    };
    let phone = import("EXH-12-1", "12", "phone_site12.json");
    let laptop = import("EXH-40-1", "40", "computer_site40.csv");
    let again = import("EXH-40-2", "40", "computer_site40.csv");
    let mut malformed = import("EXH-40-3", "40", "malformed.jsonl");
    malformed.splice(2..2, ["--format".to_string(), "json".to_string()]);
    expect(
        &env,
        &[
            (strs(&phone), true, "carried +18885550123"),
            (
                strs(&laptop),
                true,
                "help.desk@gmail.com on EXH-40-1 (site 40) is the scam sender",
            ),
            (
                strs(&again),
                false,
                "was already imported as exhibit EXH-40-1 of case C-000001",
            ),
            (
                strs(&malformed),
                false,
                "malformed.jsonl, line 1, field `name`",
            ),
        ],
    );
    let custody = env.ok(DB, &["evidence", "custody", "--case", c]);
    assert_eq!(
        custody.lines().count(),
        2,
        "the malformed file left nothing: {custody}"
    );
    assert!(custody.contains("EXH-12-1  site 12"), "{custody}");
    let shown = env.ok(DB, &["evidence", "show", "--case", c]);
    for says in [
        "site 12 and site 40 share a payment account (upi:refund.desk99@okaxis)",
        "site 12 and site 40 share a remote-access ID (remote_id:anydesk:123456789)",
        &format!("ring {mailer}:"),
        "victims' reports: amazon:v-2, microsoft:v-1, microsoft:v-3",
    ] {
        assert!(shown.contains(says), "{says:?} in {shown}");
    }
    let m: Value =
        serde_json::from_str(&env.ok(DB, &["evidence", "show", "--case", c, "--json"])).unwrap();
    assert_eq!(m["sims"][0]["exhibit"], "EXH-12-1");
    assert_eq!(m["mail_accounts"][0]["rings"][0], mailer.as_str());

    // The package: no key, then a key, each redaction level verified.
    let pkg = |r: &str| env.path(&format!("{r}.zip"));
    let pkg_s = |r: &str| pkg(r).display().to_string();
    let public = env.path("signer.pem").display().to_string();
    expect(
        &env,
        &[
            (
                vec!["case", "export", c, "--out", &pkg_s("none")],
                false,
                "keys signing create",
            ),
            (vec!["keys", "signing", "create"], true, "signing key"),
            (vec!["keys", "signing", "create"], false, "--force"),
            (
                vec!["keys", "signing", "export-public", "--out", &public],
                true,
                "written",
            ),
            (
                vec![
                    "case",
                    "export",
                    c,
                    "--out",
                    &pkg_s("x"),
                    "--redact",
                    "some",
                ],
                false,
                "--redact",
            ),
        ],
    );
    for level in ["none", "contact", "full"] {
        let out = env.ok(
            DB,
            &[
                "case",
                "export",
                c,
                "--out",
                &pkg_s(level),
                "--redact",
                level,
            ],
        );
        assert!(out.contains(&format!("redaction {level}")), "{out}");
        let (ok, said, err) = run(&env, &["verify", &pkg_s(level), "--key", &public]);
        assert!(
            ok && said.contains("verified: 6 files of case C-000001"),
            "{said}{err}"
        );
        let csv = read_entry(&pkg(level), "reports.csv");
        let stix = read_entry(&pkg(level), "case.stix.json");
        let victim_phone = csv.contains("+33 6 12 34 56 78") || stix.contains("+33612345678");
        assert_eq!(victim_phone, level == "none", "{level}: {csv}");
        assert!(read_entry(&pkg(level), "report.html").contains("<svg"));
    }
    for (file, blamed) in [
        ("reports.json", "FAILED reports.json"),
        ("report.html", "FAILED report.html"),
        ("manifest.json", "FAILED manifest.sig"),
    ] {
        let bad = env.path(&format!("tampered-{file}.zip"));
        tampered(&pkg("contact"), file, &bad);
        let (ok, said, _) = run(&env, &["verify", bad.to_str().unwrap(), "--key", &public]);
        assert!(!ok, "{file}: {said}");
        assert!(said.contains(blamed), "{file}: {said}");
    }
    // Another exporter's key: the signer is named as not trusted.
    let other = Env::new();
    other.ok(DB, &["keys", "signing", "create"]);
    let stranger = other.path("stranger.pem").display().to_string();
    other.ok(
        DB,
        &["keys", "signing", "export-public", "--out", &stranger],
    );
    let (ok, said, _) = run(&env, &["verify", &pkg_s("full"), "--key", &stranger]);
    assert!(!ok && said.contains("not the trusted key"), "{said}");

    // A report joining a ring after the case was opened shows on the case.
    env.ok(DB, &["import", &fixture("case_new_report.jsonl")]);
    let v: Value = serde_json::from_str(&env.ok(DB, &["case", "show", c, "--json"])).unwrap();
    let ring = v["rings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ring"] == call_centre.as_str())
        .unwrap();
    assert_eq!(ring["report_count"], 4);
    assert_eq!(ring["new_reports"][0]["report"], "amazon:v-6");
    assert_eq!(v["case"]["status"]["state"], "referred");
    assert_eq!(v["exhibits"].as_array().unwrap().len(), 2);
    let text = env.ok(DB, &["case", "show", c]);
    assert!(
        text.contains("1 new since the case was opened: amazon:v-6"),
        "{text}"
    );

    // Closing: notes still allowed, other changes refused until reopened.
    let late = import("EXH-99", "99", "phone_site12.json");
    expect(
        &env,
        &[
            (
                vec!["case", "close", c, "--resolution", "Charged"],
                true,
                "closed",
            ),
            (vec!["case", "note", c, "Sentenced"], true, "noted"),
            (
                vec!["case", "assign", c, "carol"],
                false,
                "is closed: reopen it",
            ),
            (strs(&late), false, "is closed"),
            (
                vec!["case", "reopen", c, "--reason", "appeal"],
                true,
                "reopened",
            ),
            (vec!["case", "assign", c, "carol"], true, "assigned"),
        ],
    );

    // Every change is in the audit log, which still verifies.
    let audit = env.ok(DB, &["audit", "list", "--limit", "1000"]);
    for action in [
        "case.opened",
        "case.ring_linked",
        "case.noted",
        "case.referred",
        "case.closed",
        "evidence.import",
        "case.export",
        "keys.signing.create",
    ] {
        assert!(
            audit.contains(&format!("\"action\":\"{action}\"")),
            "{action}"
        );
    }
    env.ok(DB, &["audit", "verify"]);
}

/// The clusters (`op-…`) of reports, from the simulator's truth.jsonl.
fn clusters(path: &Path) -> std::collections::HashMap<String, String> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            (
                v["report"].as_str().unwrap().to_string(),
                v["cluster"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_simulated_raid_lights_up_the_expected_exhibits_and_rings() {
    use std::collections::{BTreeSet, HashMap};
    let env = Env::new();
    let dir = env.path("sim");
    let dir_s = dir.display().to_string();
    let said = env.ok(
        DB,
        &[
            "sim",
            "--reports",
            "3000",
            "--seed",
            "11",
            "--out",
            &dir_s,
            "--seized-operations",
            "3",
            "--seized-sites",
            "2",
            "--decoy-sites",
            "2",
        ],
    );
    assert!(said.contains("seized-device extracts"), "{said}");
    env.ok(DB, &["import", &format!("{dir_s}/reports.jsonl")]);
    let cluster = clusters(&dir.join("truth.jsonl"));
    let truth: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("seized/truth.json")).unwrap())
            .unwrap();
    let exhibits = truth["exhibits"].as_array().unwrap();
    let raided: BTreeSet<&str> = exhibits
        .iter()
        .flat_map(|e| e["ops"].as_array().unwrap().iter())
        .map(|o| o.as_str().unwrap())
        .collect();
    assert_eq!(raided.len(), 3, "{truth}");
    assert!(exhibits
        .iter()
        .any(|e| e["ops"].as_array().unwrap().is_empty()));
    assert!(exhibits
        .iter()
        .any(|e| e["file"].as_str().unwrap().ends_with(".csv")));

    // The case holds, for each raided operation, the ring with most of its reports.
    let rings = env.rings(DB);
    let mut args: Vec<String> = ["case", "open", "--title", "Raid", "--by", "alice"]
        .map(String::from)
        .to_vec();
    for op in &raided {
        let best = rings
            .iter()
            .max_by_key(|r| {
                r["reports"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|k| cluster.get(k.as_str().unwrap()).map(String::as_str) == Some(*op))
                    .count()
            })
            .unwrap();
        args.push("--ring".into());
        args.push(best["ring"].as_str().unwrap().into());
    }
    let c = env.ok(DB, &strs(&args)).trim().to_string();

    for e in exhibits {
        let file = dir.join("seized").join(e["file"].as_str().unwrap());
        env.ok(
            DB,
            &[
                "evidence",
                "import",
                "--case",
                &c,
                "--exhibit",
                e["exhibit"].as_str().unwrap(),
                "--site",
                e["site"].as_str().unwrap(),
                "--region",
                "IN",
                &file.display().to_string(),
            ],
        );
    }
    let m: Value =
        serde_json::from_str(&env.ok(DB, &["evidence", "show", "--case", &c, "--json"])).unwrap();
    let found: HashMap<&str, &Value> = m["exhibits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| (x["exhibit"].as_str().unwrap(), x))
        .collect();
    for e in exhibits {
        let id = e["exhibit"].as_str().unwrap();
        let want: BTreeSet<&str> = e["ops"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o.as_str().unwrap())
            .collect();
        let got: BTreeSet<&str> = found
            .get(id)
            .map(|x| {
                x["reports"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|k| cluster[k.as_str().unwrap()].as_str())
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(got, want, "{id}: the operations of the reports it reaches");
        if !want.is_empty() {
            assert!(!found[id]["rings"].as_array().unwrap().is_empty(), "{id}");
        }
        let sim_hit = m["sims"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["exhibit"] == id);
        assert_eq!(sim_hit, e["sim_in_ring"] == true, "{id}: its SIM");
    }
    let mut linked: Vec<(String, String)> = m["sites"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["sites"][0].as_str().unwrap().to_string(),
                l["sites"][1].as_str().unwrap().to_string(),
            )
        })
        .collect();
    linked.sort();
    let want: Vec<(String, String)> = truth["linked_sites"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p[0].as_str().unwrap().to_string(),
                p[1].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(!want.is_empty());
    assert_eq!(linked, want, "sites linked by a shared value");

    // The case shows the exhibits against its rings.
    let shown = env.ok(DB, &["case", "show", &c]);
    assert!(shown.contains("EXH-"), "{shown}");
}
