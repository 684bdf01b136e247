//! Private matching between two ringtrace instances on loopback: `ringtrace
//! psi` against another's `serve` finds exactly the plain intersection of
//! their scam numbers; the answering side learns the common values only as
//! its policy says (all, the count only, or the count and then the items);
//! a replayed request and a partner over its daily limit are refused; and
//! `ringtrace oprf` tells known numbers from unknown ones.

mod support;

use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Child, Command};

struct Instance {
    db: PathBuf,
    url: String,
    /// A key of partner `peer` (the other instance).
    peer_key: String,
    /// A lookup key.
    lookup_key: String,
    server: Child,
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.server.kill();
        let _ = self.server.wait();
    }
}

fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("ringtrace")
}

fn run(db: &Path, args: &[&str]) -> std::process::Output {
    Command::new(bin())
        .env("RINGTRACE_DB", db)
        .env("RINGTRACE_NO_PROGRESS", "1")
        .args(args)
        .output()
        .unwrap()
}

fn ok(db: &Path, args: &[&str]) -> String {
    let out = run(db, args);
    assert!(
        out.status.success(),
        "ringtrace {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn phone(n: u32) -> String {
    format!("+1844281{n:04}")
}

/// An instance whose reports name the phones `numbers` (two reports each,
/// so that each is a ring), served with `settings`.
fn instance(dir: &Path, name: &str, numbers: &[u32], settings: &str) -> Instance {
    let db = dir.join(format!("{name}.db"));
    let mut lines = String::new();
    for n in numbers {
        for copy in 0..2 {
            lines.push_str(
                &json!({"id": format!("r-{n}-{copy}"), "partner": name, "received_at": "2026-10-01T10:00:00Z",
                        "region": "US", "tlp": "amber",
                        "narrative": format!("they said call {} for a refund", phone(*n))})
                .to_string(),
            );
            lines.push('\n');
        }
    }
    // A RED report is never offered.
    lines.push_str(&json!({"id": "red", "partner": name, "received_at": "2026-10-01T10:00:00Z", "region": "US",
                           "tlp": "red", "narrative": format!("call {}", phone(9000))}).to_string());
    lines.push('\n');
    let file = dir.join(format!("{name}.jsonl"));
    std::fs::write(&file, lines).unwrap();
    ok(&db, &["import", file.to_str().unwrap()]);
    ok(&db, &["partner", "add", "peer"]);
    let peer_key = ok(
        &db,
        &["key", "create", "--partner", "peer", "--role", "partner"],
    )
    .trim()
    .to_string();
    let lookup_key = ok(
        &db,
        &["key", "create", "--partner", "peer", "--role", "lookup"],
    )
    .trim()
    .to_string();
    let conf = dir.join(format!("{name}.toml"));
    std::fs::write(&conf, settings).unwrap();
    let (server, url) = support::serve(&db, Some(&conf));
    Instance {
        db,
        url,
        peer_key,
        lookup_key,
        server,
    }
}

fn psi(from: &Path, with: &Instance, extra: &[&str]) -> Value {
    let mut args = vec![
        "psi",
        "--with",
        &with.url,
        "--token",
        &with.peer_key,
        "--json",
    ];
    args.extend_from_slice(extra);
    serde_json::from_str(&ok(from, &args)).unwrap()
}

fn items(v: &Value) -> BTreeSet<String> {
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["value"].as_str().unwrap().to_string())
        .collect()
}

/// The values a database recorded as found in common.
fn links(db: &Path) -> BTreeSet<String> {
    ok(db, &["psi-links"])
        .lines()
        .map(|l| {
            l.split('\t')
                .nth(3)
                .unwrap()
                .trim_start_matches("phone:")
                .to_string()
        })
        .collect()
}

#[test]
fn both_sides_learn_exactly_the_intersection() {
    let dir = tempfile::tempdir().unwrap();
    let ours: Vec<u32> = (1..=40).collect();
    let theirs: Vec<u32> = (25..=70).collect();
    let b = instance(dir.path(), "bank", &theirs, "");
    let a_db = dir.path().join("a.db");
    let mut lines = String::new();
    for n in &ours {
        lines.push_str(&json!({"id": format!("a-{n}"), "partner": "msft", "received_at": "2026-10-02T10:00:00Z",
                               "region": "US", "tlp": "green",
                               "narrative": format!("pop-up said to call {}", phone(*n))}).to_string());
        lines.push('\n');
    }
    // Our RED report names their RED number: never offered, never found.
    lines.push_str(&json!({"id": "a-red", "partner": "msft", "received_at": "2026-10-02T10:00:00Z",
                           "region": "US", "tlp": "red", "narrative": format!("call {}", phone(9000))}).to_string());
    lines.push('\n');
    std::fs::write(dir.path().join("a.jsonl"), lines).unwrap();
    ok(
        &a_db,
        &["import", dir.path().join("a.jsonl").to_str().unwrap()],
    );

    let got = psi(&a_db, &b, &[]);
    let plain: BTreeSet<String> = (25..=40).map(phone).collect();
    assert_eq!(got["common"], 16, "{got}");
    assert_eq!(items(&got), plain);
    assert_eq!(got["ours"], 40);
    // Bytes on the wire: 32 an element each way, plus headers.
    let sent = got["bytes_sent"].as_u64().unwrap();
    assert!((40 * 32..40 * 32 + 64).contains(&sent), "{sent}");
    // Each side recorded the common values as links of its rings.
    assert_eq!(links(&a_db), plain);
    assert_eq!(links(&b.db), plain, "the bank's policy shares matches");
    for item in got["items"].as_array().unwrap() {
        assert!(item["ring"].as_str().unwrap().starts_with("R-"), "{item}");
    }
    let audit = ok(&b.db, &["audit", "list", "--limit", "10000"]);
    assert!(
        audit.contains("psi.respond") && audit.contains("psi.matches"),
        "{audit}"
    );
    let audit = ok(&a_db, &["audit", "list", "--limit", "10000"]);
    assert!(audit.contains("psi.initiate"), "{audit}");

    // --since on both sides: nothing of ours is that recent.
    let none = psi(&a_db, &b, &["--since", "2026-10-03"]);
    assert_eq!(none["ours"], 0);
    assert_eq!(none["common"], 0);
}

#[test]
fn the_responder_may_reveal_the_count_only() {
    let dir = tempfile::tempdir().unwrap();
    let a = instance(dir.path(), "msft", &(1..=20).collect::<Vec<_>>(), "");
    let count_only = "[psi]\nreveal = \"cardinality\"\nshare_matches = false\n";
    let b = instance(
        dir.path(),
        "bank",
        &(11..=30).collect::<Vec<_>>(),
        count_only,
    );
    let got = psi(&a.db, &b, &[]);
    assert_eq!(got["common"], 10, "{got}");
    assert!(items(&got).is_empty(), "{got}");
    assert!(links(&b.db).is_empty(), "nobody told the bank");
    // With `reveal_later`, the items follow on request.
    let later = "[psi]\nreveal = \"cardinality\"\nreveal_later = true\nshare_matches = false\n";
    let c = instance(dir.path(), "telco", &(15..=30).collect::<Vec<_>>(), later);
    let first = psi(&a.db, &c, &[]);
    assert!(items(&first).is_empty());
    let asked = psi(&a.db, &c, &["--reveal"]);
    assert_eq!(items(&asked), (15..=20).map(phone).collect());
}

#[test]
fn limits_and_replays_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let a = instance(dir.path(), "msft", &[1, 2, 3], "");
    let b = instance(
        dir.path(),
        "bank",
        &[2, 3, 4],
        "[psi]\nmax_sessions_per_day = 2\n",
    );
    psi(&a.db, &b, &[]);
    psi(&a.db, &b, &[]);
    let out = run(&a.db, &["psi", "--with", &b.url, "--token", &b.peer_key]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("429") && err.contains("2 sessions"), "{err}");

    // The same request twice is answered once.
    let c = instance(dir.path(), "telco", &[2, 3], "");
    let values = [phone(2), phone(9)];
    let (_, request) = ringtrace_psi::Initiator::start(
        ringtrace_psi::PsiConfig::new(
            ringtrace_psi::ElementKind::Phone,
            ringtrace_psi::SessionPolicy::MUTUAL,
            1 << 20,
        ),
        &values,
        &mut rand::rngs::OsRng,
    )
    .unwrap();
    let bytes = request.to_bytes();
    // The status of a POST of the request.
    let post = || -> u16 {
        match ureq::post(&format!("{}/v1/psi/phone", c.url))
            .set("Authorization", &format!("Bearer {}", c.peer_key))
            .set("Content-Type", "application/octet-stream")
            .send_bytes(&bytes)
        {
            Ok(r) => r.status(),
            Err(ureq::Error::Status(s, _)) => s,
            Err(e) => panic!("{e}"),
        }
    };
    assert_eq!(post(), 200);
    assert_eq!(post(), 409, "a replay is refused");
    // Garbage is a 400, not a crash.
    let res = ureq::post(&format!("{}/v1/psi/phone", c.url))
        .set("Authorization", &format!("Bearer {}", c.peer_key))
        .send_bytes(b"not a message");
    assert!(matches!(res, Err(ureq::Error::Status(400, _))), "{res:?}");
}

#[test]
fn oprf_lookups_tell_known_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let b = instance(
        dir.path(),
        "bank",
        &[5, 6, 7],
        "[psi]\nmax_oprf_per_day = 5\n",
    );
    let out = ok(
        &b.db,
        &[
            "oprf",
            "--server",
            &b.url,
            "--token",
            &b.lookup_key,
            "--region",
            "US",
            "844-281-0006",
            "+1 844 281 0099",
            "(844) 281-9000",
        ],
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines,
        [
            "+18442810006\tknown",
            "+18442810099\tnot known",
            "+18442819000\tnot known", // RED: never offered
        ]
    );
    // A report arriving through the API joins the published set (only its
    // value is evaluated again).
    ureq::post(&format!("{}/v1/reports", b.url))
        .set("Authorization", &format!("Bearer {}", b.peer_key))
        .send_json(
            json!({"id": "new", "received_at": "2026-10-03T10:00:00Z", "region": "US",
                          "tlp": "green", "narrative": format!("call {}", phone(99))}),
        )
        .unwrap();
    let out = ok(
        &b.db,
        &[
            "oprf",
            "--server",
            &b.url,
            "--token",
            &b.lookup_key,
            "+18442810099",
        ],
    );
    assert_eq!(out.trim(), "+18442810099\tknown");
    // Three more exceed the key's five a day (four were asked).
    let again = run(
        &b.db,
        &[
            "oprf",
            "--server",
            &b.url,
            "--token",
            &b.lookup_key,
            "+18442810005",
            "+18442810006",
            "+18442810007",
        ],
    );
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("429"));
}
