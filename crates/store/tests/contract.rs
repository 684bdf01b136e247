//! The store contract: every implementation of `Store` must pass these.
//! Run against SQLite here; the PostgreSQL implementation joins the list.

use ringtrace_link::{assign_ring_ids, connected_components, WarningList};
use ringtrace_model::{
    Indicator, Kind, Mention, MentionSource, PartnerSlug, Report, ReportId, ReportKey, RingId,
    Role, Tlp,
};
use ringtrace_store::{
    DetectedHub, Placement, PreparedReport, RingBridge, RingQuery, Store, Upsert, WarningEntry,
    WarningVerdict,
};
use serde_json::json;

fn report(
    partner: &str,
    id: &str,
    day: u32,
    indicators: &[(Kind, &str, Option<Role>)],
) -> PreparedReport {
    let received = format!("2023-10-{day:02}T09:00:00Z");
    let record = json!({"id": id, "partner": partner, "received_at": received,
                        "indicators": indicators.iter().map(|(k, v, _)| json!({"kind": k.as_str(), "value": v})).collect::<Vec<_>>()});
    let serde_json::Value::Object(record) = record else {
        unreachable!()
    };
    PreparedReport {
        report: Report {
            key: ReportKey {
                partner: PartnerSlug::parse(partner).unwrap(),
                id: ReportId::parse(id).unwrap(),
            },
            received_at: chrono::DateTime::parse_from_rfc3339(&received).unwrap(),
            channel: None,
            brand: Some("Microsoft".into()),
            language: None,
            region: None,
            narrative: None,
            given_indicators: vec![],
            loss: None,
            payment_method: None,
            tlp: Tlp::Amber,
            extra: Default::default(),
        },
        content_hash: ringtrace_intake_hash(&record),
        record,
        mentions: indicators
            .iter()
            .map(|(k, v, role)| Mention {
                indicator: Indicator::new(*k, *v),
                source: MentionSource::Given,
                span: None,
                role: *role,
            })
            .collect(),
    }
}

/// A stand-in content hash: the record's text (keys keep their order here).
fn ringtrace_intake_hash(record: &serde_json::Map<String, serde_json::Value>) -> String {
    serde_json::Value::Object(record.clone()).to_string()
}

/// Imports `reports` in one transaction and relinks, as `ringtrace import` does.
fn import(store: &mut dyn Store, reports: &[PreparedReport]) -> Vec<Upsert> {
    let mut tx = store.begin().unwrap();
    let outcomes = reports
        .iter()
        .map(|r| tx.upsert_report(r).unwrap().0)
        .collect();
    let input = tx.link_input().unwrap();
    let pairs = input.graph.linking_pairs(&WarningList::shipped());
    let comps = connected_components(input.graph.reports, &pairs);
    let a = assign_ring_ids(&input.previous, &comps, input.next_seq);
    tx.apply_rings(&input, &a, "test import").unwrap();
    tx.commit().unwrap();
    outcomes
}

fn key(s: &str) -> ReportKey {
    let (p, i) = s.split_once(':').unwrap();
    ReportKey {
        partner: PartnerSlug::parse(p).unwrap(),
        id: ReportId::parse(i).unwrap(),
    }
}

const SCAM: &str = "+18442818482";
const MS: &str = "+18006427676"; // on the shipped warning list

fn contract(store: &mut dyn Store) {
    // Two reports share a scam number; a third shares only the real Microsoft number.
    let first = [
        report(
            "microsoft",
            "r-1",
            1,
            &[(Kind::Phone, SCAM, None), (Kind::Phone, MS, None)],
        ),
        report(
            "amazon",
            "a-9",
            3,
            &[(Kind::Phone, SCAM, Some(Role::ScammerContact))],
        ),
        report("amazon", "a-10", 5, &[(Kind::Phone, MS, None)]),
    ];
    assert_eq!(import(store, &first), [Upsert::New; 3]);
    let rings = store
        .rings(&RingQuery {
            min_reports: 2,
            limit: None,
            ring: None,
        })
        .unwrap();
    assert_eq!(rings.len(), 1, "the hub must not link a-10: {rings:?}");
    assert_eq!(rings[0].reports, ["amazon:a-9", "microsoft:r-1"]);
    assert_eq!(rings[0].first_seen, "2023-10-01T09:00:00Z");
    assert_eq!(rings[0].last_seen, "2023-10-03T09:00:00Z");
    let ring = rings[0].ring.clone();

    // Re-import: nothing changes.
    assert_eq!(import(store, &first), [Upsert::Unchanged; 3]);
    assert_eq!(store.counts().unwrap(), [3, 2, 4, 2]);

    // A victim's own number never links.
    let own = report(
        "bank",
        "b-1",
        6,
        &[(Kind::Phone, SCAM, Some(Role::VictimOwn))],
    );
    import(store, &[own]);
    let stored = store.report(&key("bank:b-1")).unwrap().unwrap();
    assert_ne!(stored.ring.as_deref(), Some(ring.as_str()));

    // A changed report replaces the old one and keeps its history; the ring
    // that grows keeps its identifier.
    let changed = report("amazon", "a-10", 5, &[(Kind::Phone, SCAM, None)]);
    assert_eq!(import(store, &[changed]), [Upsert::Updated]);
    let stored = store.report(&key("amazon:a-10")).unwrap().unwrap();
    assert_eq!((stored.version, stored.earlier_versions), (2, 1));
    assert_eq!(stored.ring.as_deref(), Some(ring.as_str()));

    // Lookup.
    let v = store
        .lookup(&Indicator::new(Kind::Phone, SCAM))
        .unwrap()
        .unwrap();
    assert_eq!(v.reports, 4);
    assert_eq!(v.partners, ["amazon", "bank", "microsoft"]);
    assert_eq!(v.rings.len(), 2);
    assert_eq!(v.rings[0].ring, ring.as_str());
    assert_eq!(v.rings[0].report_count, 3);
    assert!(store
        .lookup(&Indicator::new(Kind::Phone, "+18885550199"))
        .unwrap()
        .is_none());

    // A unit of work dropped without commit leaves nothing behind.
    {
        let mut tx = store.begin().unwrap();
        tx.upsert_report(&report("x", "gone", 1, &[(Kind::Phone, SCAM, None)]))
            .unwrap();
    }
    assert!(store.report(&key("x:gone")).unwrap().is_none());
    assert_eq!(store.counts().unwrap()[0], 4);

    // Merge: a report joining two rings keeps the larger one's identifier.
    let other = [
        report(
            "apple",
            "p-1",
            7,
            &[(Kind::Domain, "fix-pc.example-scam.com", None)],
        ),
        report(
            "apple",
            "p-2",
            8,
            &[(Kind::Domain, "fix-pc.example-scam.com", None)],
        ),
    ];
    import(store, &other);
    let bridge = report(
        "apple",
        "p-3",
        9,
        &[
            (Kind::Domain, "fix-pc.example-scam.com", None),
            (Kind::Phone, SCAM, None),
        ],
    );
    import(store, &[bridge]);
    let rings = store
        .rings(&RingQuery {
            min_reports: 2,
            limit: None,
            ring: None,
        })
        .unwrap();
    assert_eq!(rings.len(), 1);
    assert_eq!(rings[0].ring, ring);
    assert_eq!(rings[0].report_count, 6);
    assert_eq!(rings[0].indicators[0].value, SCAM);
    let ring_id = rings[0].ring.as_str().to_string();

    // History: the ring was created, then absorbed the domain ring.
    let history = store.ring_history(&ring_id).unwrap();
    assert_eq!(history[0].event, "created");
    assert_eq!(history[0].reason.as_deref(), Some("test import"));
    assert!(history
        .iter()
        .any(|e| e.event == "merged" && e.other.as_deref() == Some(ring_id.as_str())));

    // Facts for the profile, oldest first.
    let facts = store.ring_report_facts(&ring_id).unwrap();
    assert_eq!(facts.reports.len(), 6);
    assert_eq!(facts.reports[0].0, "2023-10-01T09:00:00Z");

    // Report keys.
    assert!(store.report_pk(&key("apple:p-3")).unwrap().is_some());
    assert!(store.report_pk(&key("apple:nope")).unwrap().is_none());

    // Analysts' warning list.
    let entry = WarningEntry {
        indicator: Indicator::new(Kind::Phone, SCAM),
        verdict: WarningVerdict::Hub,
        note: "confirmed".into(),
        added_at: String::new(),
    };
    store.set_warning(&entry).unwrap();
    store
        .set_warning(&WarningEntry {
            verdict: WarningVerdict::NotHub,
            ..entry.clone()
        })
        .unwrap();
    let list = store.warninglist().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].verdict, WarningVerdict::NotHub);
    assert!(store.remove_warning(&entry.indicator).unwrap());
    assert!(!store.remove_warning(&entry.indicator).unwrap());

    // Detected hubs and bridges are replaced wholesale, in a transaction.
    {
        let mut tx = store.begin().unwrap();
        tx.replace_detected_hubs(&[DetectedHub {
            indicator: Indicator::new(Kind::Domain, "bank.example.com"),
            reports: 40,
            clusters: 12,
            reason: "joins 12 groups".into(),
            detected_at: String::new(),
        }])
        .unwrap();
        tx.replace_bridges(&[RingBridge {
            ring_a: ring_id.clone(),
            ring_b: "R-00001".into(),
            indicator: Indicator::new(Kind::Upi, "mule@okaxis"),
            reports_a: 3,
            reports_b: 2,
        }])
        .unwrap();
        tx.commit().unwrap();
    }
    assert_eq!(store.detected_hubs().unwrap()[0].clusters, 12);
    let bridges = store.ring_bridges("R-00001").unwrap();
    assert_eq!(bridges.len(), 1);
    assert_eq!(bridges[0].indicator.value, "mule@okaxis");

    // Incremental placement: a new report's neighbourhood, then it joins a ring.
    let size_before = store
        .rings(&RingQuery {
            ring: Some(ring_id.clone()),
            ..RingQuery::default()
        })
        .unwrap()[0]
        .report_count;
    let mut tx = store.begin().unwrap();
    let newcomer = report(
        "bank",
        "n-1",
        20,
        &[
            (Kind::Phone, SCAM, None),
            (Kind::Phone, "+18885550100", None),
        ],
    );
    let (_, pk) = tx.upsert_report(&newcomer).unwrap();
    let hood = tx.neighbourhoods(&[pk], &|_| false).unwrap();
    let skipped = tx.neighbourhoods(&[pk], &|i| i.value == SCAM).unwrap();
    assert!(
        skipped[0].shared[0].others.is_empty(),
        "a skipped value lists no other reports"
    );
    assert_eq!(hood[0].report_pk, pk);
    let values: Vec<&str> = hood[0]
        .shared
        .iter()
        .map(|s| s.indicator.value.as_str())
        .collect();
    assert_eq!(values, ["+18442818482", "+18885550100"]);
    let rings_of_others: std::collections::BTreeSet<_> = hood[0].shared[0]
        .others
        .iter()
        .map(|(_, r)| r.clone().unwrap())
        .collect();
    assert!(rings_of_others.contains(&ring_id));
    assert!(hood[0].shared[1].others.is_empty());
    let seq = tx.next_ring_seq().unwrap();
    tx.place_reports(
        &[Placement {
            report_pk: pk,
            ring: RingId::parse(&ring_id).unwrap(),
            created: false,
        }],
        seq,
        "incremental test",
    )
    .unwrap();
    tx.commit().unwrap();
    assert_eq!(
        store
            .report(&key("bank:n-1"))
            .unwrap()
            .unwrap()
            .ring
            .as_deref(),
        Some(ring_id.as_str())
    );
    let after = store
        .rings(&RingQuery {
            ring: Some(ring_id.clone()),
            ..RingQuery::default()
        })
        .unwrap();
    assert_eq!(after[0].report_count, size_before + 1);
}

#[test]
fn sqlite_meets_the_contract() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let mut store = ringtrace_store::open(path.to_str().unwrap()).unwrap();
    contract(store.as_mut());
    // Reopening migrates nothing and keeps everything.
    drop(store);
    let store = ringtrace_store::open(path.to_str().unwrap()).unwrap();
    assert_eq!(store.counts().unwrap()[0], 8);
}

#[test]
fn sqlite_refuses_a_newer_schema() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    drop(ringtrace_store::open(path.to_str().unwrap()).unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute("INSERT INTO schema_migrations VALUES (99, 'x')", [])
        .unwrap();
    drop(conn);
    let Err(err) = ringtrace_store::open(path.to_str().unwrap()) else {
        panic!("a newer schema must be refused");
    };
    assert!(err.to_string().contains("schema version 99"), "{err}");
}

#[cfg(feature = "postgres-tests")]
#[test]
fn postgres_meets_the_contract() {
    let url = std::env::var("RINGTRACE_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let schema = format!("rt_contract_{}_{nanos}", std::process::id());
    let mut store = ringtrace_store::postgres::PostgresStore::open(&url, Some(&schema)).unwrap();
    contract(&mut store);
    // Reopening migrates nothing and keeps everything.
    drop(store);
    let store = ringtrace_store::postgres::PostgresStore::open(&url, Some(&schema)).unwrap();
    assert_eq!(store.counts().unwrap()[0], 8);
    drop(store);
    let mut admin = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    admin
        .batch_execute(&format!("DROP SCHEMA {schema} CASCADE"))
        .unwrap();
}
