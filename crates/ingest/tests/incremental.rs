//! Incremental linking end to end on a real (SQLite) store: replaced reports
//! that link by the same values leave the rings alone, changed ones move,
//! rings that lose their links split, withdrawals split what they leave,
//! and after all of it a full relink finds the same rings.

use ringtrace_ingest::{relink, update_rings, withdraw, Dirty, RingUpdate};
use ringtrace_model::{
    Indicator, Kind, Mention, MentionSource, PartnerSlug, Report, ReportId, ReportKey, RingId, Tlp,
};
use ringtrace_store::{PreparedReport, Store};
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet};

/// A report of `id` linking by `values` (each expands to a phone, an email
/// and a UPI ID, so two reports sharing one value share three, as the
/// clustering wants of a ring), received on `day`.
fn report(id: &str, day: u32, values: &[u32]) -> PreparedReport {
    let indicators: Vec<Indicator> = values
        .iter()
        .flat_map(|v| {
            [
                Indicator::new(Kind::Phone, format!("+1844{v:07}")),
                Indicator::new(Kind::Email, format!("agent{v}@scam-desk.example")),
                Indicator::new(Kind::Upi, format!("refund{v}@okaxis")),
            ]
        })
        .collect();
    let received = format!("2024-03-{day:02}T09:00:00Z");
    let record = json!({"id": id, "partner": "bank", "received_at": received,
        "indicators": indicators.iter().map(|i| json!({"kind": i.kind.as_str(), "value": i.value.as_str()})).collect::<Vec<_>>()});
    let serde_json::Value::Object(record) = record else {
        unreachable!()
    };
    PreparedReport {
        report: Report {
            key: key(id),
            received_at: chrono::DateTime::parse_from_rfc3339(&received).unwrap(),
            channel: None,
            brand: None,
            language: None,
            region: None,
            narrative: None,
            given_indicators: vec![],
            loss: None,
            payment_method: None,
            tlp: Tlp::Green,
            extra: Default::default(),
        },
        content_hash: serde_json::Value::Object(record.clone()).to_string(),
        record,
        mentions: indicators
            .into_iter()
            .map(|indicator| Mention {
                indicator,
                source: MentionSource::Given,
                span: None,
                role: None,
            })
            .collect(),
    }
}

fn key(id: &str) -> ReportKey {
    ReportKey {
        partner: PartnerSlug::parse("bank").unwrap(),
        id: ReportId::parse(id).unwrap(),
    }
}

/// Stores `reports` and updates the rings as an import does; whether the
/// update was a full relink.
fn ingest(store: &mut dyn Store, reports: &[PreparedReport]) -> bool {
    let before = store.report_count().unwrap();
    let mut tx = store.begin().unwrap();
    let mut dirty = Dirty::default();
    for r in reports {
        let (outcome, pk) = tx.upsert_report(r).unwrap();
        dirty.record(outcome, pk);
    }
    let how = RingUpdate {
        reports_before: before,
        full_relink: false,
        reason: "test",
    };
    let relinked = update_rings(tx.as_mut(), &dirty, &how).unwrap();
    tx.commit().unwrap();
    relinked.full
}

/// Each ring's reports, by id, as a set of sets (identifiers aside).
fn partition(store: &dyn Store) -> BTreeSet<BTreeSet<String>> {
    let mut rings: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (_, report, ring) in store.report_rings().unwrap() {
        rings.entry(ring).or_default().insert(report);
    }
    rings.into_values().collect()
}

fn ring_of(store: &dyn Store, id: &str) -> RingId {
    RingId::parse(&store.report(&key(id)).unwrap().unwrap().ring.unwrap()).unwrap()
}

fn set(ids: &[&str]) -> BTreeSet<String> {
    ids.iter().map(|i| format!("bank:{i}")).collect()
}

/// 100 rings of two reports (values 1000+k) for the store to be large
/// enough that a change is placed, not relinked; then the rings under test.
fn base() -> Vec<PreparedReport> {
    let mut out = Vec::new();
    for k in 0..100 {
        out.push(report(&format!("p{k}a"), 1, &[1000 + k]));
        out.push(report(&format!("p{k}b"), 1, &[1000 + k]));
    }
    out.extend([
        // A chain: a-b share 1, b-c share 2.
        report("a", 1, &[1]),
        report("b", 1, &[1, 2]),
        report("c", 1, &[2]),
        // Another chain for the withdrawal.
        report("w1", 1, &[5]),
        report("w2", 1, &[5, 6]),
        report("w3", 1, &[6]),
        // Two rings a report moves between.
        report("m1", 1, &[7]),
        report("m2", 1, &[7]),
        report("n1", 1, &[8]),
        report("n2", 1, &[8]),
    ]);
    out
}

#[test]
fn rings_follow_updates_and_withdrawals_without_a_relink() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let mut store = ringtrace_store::open(path.to_str().unwrap()).unwrap();
    let store = store.as_mut();
    assert!(ingest(store, &base()), "a first import relinks");
    let abc = ring_of(store, "a");
    assert_eq!(ring_of(store, "c"), abc);
    let history_len = |store: &dyn Store, r: &RingId| store.ring_history(r.as_str()).unwrap().len();
    let abc_events = history_len(store, &abc);

    // The same values, another day: nothing moves, no history.
    assert!(!ingest(store, &[report("b", 2, &[1, 2])]));
    assert_eq!(ring_of(store, "b"), abc);
    assert_eq!(history_len(store, &abc), abc_events);

    // b forgets value 2: c no longer links to the ring and is split off.
    assert!(!ingest(store, &[report("b", 3, &[1])]));
    assert_eq!(ring_of(store, "b"), abc, "the larger part keeps the ring");
    let c = ring_of(store, "c");
    assert_ne!(c, abc);
    let events = store.ring_history(c.as_str()).unwrap();
    assert!(
        events
            .iter()
            .any(|e| e.event == "split" && e.other.as_deref() == Some(abc.as_str())),
        "{events:?}"
    );

    // n1 now names m's values instead: it moves to m's ring.
    let m = ring_of(store, "m1");
    let n = ring_of(store, "n1");
    assert!(!ingest(store, &[report("n1", 4, &[7])]));
    assert_eq!(ring_of(store, "n1"), m);
    assert_eq!(ring_of(store, "n2"), n, "n2 keeps its ring, alone");

    // n2 follows: its ring is left empty and recorded as merged.
    assert!(!ingest(store, &[report("n2", 4, &[7])]));
    assert_eq!(ring_of(store, "n2"), m);
    let events = store.ring_history(n.as_str()).unwrap();
    assert!(
        events
            .iter()
            .any(|e| e.event == "merged" && e.other.as_deref() == Some(m.as_str())),
        "{events:?}"
    );

    // c learns value 1 again (grown): it joins a and b's ring.
    assert!(!ingest(store, &[report("c", 5, &[1, 2])]));
    assert_eq!(ring_of(store, "c"), abc);

    // Withdrawing the middle of a chain splits what it leaves.
    let w = ring_of(store, "w1");
    let mut tx = store.begin().unwrap();
    let (gone, relinked) = withdraw(tx.as_mut(), &[key("w2")], "test", None).unwrap();
    tx.commit().unwrap();
    assert_eq!(gone.len(), 1);
    assert!(!relinked.full);
    assert_ne!(ring_of(store, "w1"), ring_of(store, "w3"));
    assert!([ring_of(store, "w1"), ring_of(store, "w3")].contains(&w));

    // What the increments built is what a full relink finds.
    let incremental = partition(store);
    assert!(incremental.contains(&set(&["a", "b", "c"])));
    assert!(incremental.contains(&set(&["m1", "m2", "n1", "n2"])));
    assert!(incremental.contains(&set(&["w1"])));
    assert!(incremental.contains(&set(&["w3"])));
    let mut tx = store.begin().unwrap();
    relink(tx.as_mut(), &Default::default(), "check").unwrap();
    tx.commit().unwrap();
    assert_eq!(partition(store), incremental);
    assert_eq!(store.integrity().unwrap(), Vec::<String>::new());
}

#[test]
fn a_large_change_still_relinks_everything() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let mut store = ringtrace_store::open(path.to_str().unwrap()).unwrap();
    let store = store.as_mut();
    ingest(store, &base());
    // Three moving reports in a store of 210 are more than 1%.
    let changed = [
        report("a", 9, &[9]),
        report("b", 9, &[9]),
        report("c", 9, &[9]),
    ];
    assert!(ingest(store, &changed));
    assert_eq!(ring_of(store, "a"), ring_of(store, "c"));
    // Replaced reports with the same values never relink, however many.
    let same: Vec<_> = (0..100)
        .map(|k| report(&format!("p{k}a"), 9, &[1000 + k]))
        .collect();
    assert!(!ingest(store, &same));
}

/// The reports of each ring fall into how many connected parts (through
/// values that are not hubs), read from the store.
fn pieces(store: &mut dyn Store) -> BTreeMap<String, usize> {
    let hubs: BTreeSet<Indicator> = store
        .detected_hubs()
        .unwrap()
        .into_iter()
        .map(|h| h.indicator)
        .collect();
    let mut rings: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (_, report, ring) in store.report_rings().unwrap() {
        rings.entry(ring).or_default().push(report);
    }
    let mut out = BTreeMap::new();
    for (ring, reports) in rings {
        let values: Vec<BTreeSet<Indicator>> = reports
            .iter()
            .map(|r| {
                let (p, i) = r.split_once(':').unwrap();
                assert_eq!(p, "bank");
                let record = store.report(&key(i)).unwrap().unwrap().record;
                record["indicators"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| {
                        let kind: Kind = v["kind"].as_str().unwrap().parse().unwrap();
                        Indicator::new(kind, v["value"].as_str().unwrap())
                    })
                    .filter(|v| !hubs.contains(v))
                    .collect()
            })
            .collect();
        let mut part: Vec<usize> = (0..reports.len()).collect();
        let mut changed = true;
        while changed {
            changed = false;
            for a in 0..reports.len() {
                for b in 0..reports.len() {
                    if part[a] < part[b] && !values[a].is_disjoint(&values[b]) {
                        part[b] = part[a];
                        changed = true;
                    }
                }
            }
        }
        out.insert(ring, part.into_iter().collect::<BTreeSet<_>>().len());
    }
    out
}

#[test]
fn random_changes_leave_every_ring_in_one_piece() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let mut store = ringtrace_store::open(path.to_str().unwrap()).unwrap();
    let store = store.as_mut();
    // A small deterministic generator (64-bit LCG, high bits).
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |n: u32| -> u32 {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((state >> 33) % u64::from(n)) as u32
    };
    let pick = |next: &mut dyn FnMut(u32) -> u32| -> Vec<u32> {
        let n = next(4); // 0 to 3 values, from a pool of 25
        (0..n).map(|_| 1 + next(25)).collect()
    };
    let mut all = base();
    all.truncate(200); // the background pairs only
    for k in 0..40 {
        all.push(report(&format!("r{k}"), 1, &pick(&mut next)));
    }
    ingest(store, &all);
    assert!(
        pieces(store).values().all(|&n| n == 1),
        "a relink's rings are whole"
    );
    let mut splits = 0;
    for step in 0..150 {
        let who = format!("r{}", next(40));
        let before = partition(store).len();
        let full = ingest(store, &[report(&who, 2 + (step % 27), &pick(&mut next))]);
        assert!(
            !full,
            "one change in a store of 240 is placed, not relinked"
        );
        splits += usize::from(partition(store).len() > before);
        let broken: Vec<_> = pieces(store).into_iter().filter(|(_, n)| *n > 1).collect();
        assert!(
            broken.is_empty(),
            "step {step} ({who}): rings in pieces {broken:?}"
        );
    }
    assert!(splits > 0, "the walk should split some ring");
    assert_eq!(store.integrity().unwrap(), Vec::<String>::new());
}
