//! The store contract: every implementation of `Store` must pass these.
//! Run against SQLite here; the PostgreSQL implementation joins the list.

use ringtrace_link::{assign_ring_ids, connected_components, WarningList};
use ringtrace_model::{
    Indicator, Kind, Mention, MentionSource, PartnerSlug, Report, ReportId, ReportKey, RingId,
    Role, Tlp,
};
use ringtrace_store::{
    DetectedHub, LinkChange, Placement, PreparedReport, RingBridge, RingQuery, Store, Upsert,
    WarningEntry, WarningVerdict,
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
    assert_eq!(
        import(store, &[changed]),
        [Upsert::Updated(LinkChange::Lost)]
    );
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
            previous: None,
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

    in_one_unit_of_work(store);
    assert_eq!(store.integrity().unwrap(), Vec::<String>::new());
    assert_eq!(store.recount().unwrap(), 0, "nothing to recount");
}

/// A ring size and the audit counter broken behind the store's back (by
/// `corrupt`, in the backend's SQL) are found by `integrity` and put right
/// by `recount`.
fn broken_counts_are_found_and_recounted(store: &mut dyn Store, corrupt: impl FnOnce()) {
    assert!(store.integrity().unwrap().is_empty());
    corrupt();
    let problems = store.integrity().unwrap();
    for says in [
        "rings whose recorded size is not their number of reports: 1",
        "audit entries not counted beside the log (meta.audit_count): 5",
    ] {
        assert!(
            problems.iter().any(|p| p == says),
            "{says:?} in {problems:?}"
        );
    }
    assert_eq!(store.recount().unwrap(), 2);
    assert_eq!(store.integrity().unwrap(), Vec::<String>::new());
}

/// Reads inside a unit of work see what it wrote (a backend may hold
/// writes back and send them in bulk), and the report count follows
/// commits only.
fn in_one_unit_of_work(store: &mut dyn Store) {
    const BOSS: &str = "boss@scam.example";
    const LINE: &str = "+18885550111";
    let before = store.report_count().unwrap();
    assert_eq!(before, store.counts().unwrap()[0]);
    let batch = |tx: &mut dyn ringtrace_store::Transaction| {
        // Announced: two new reports (one of them twice, changed), one
        // stored and unchanged; q-3 comes unannounced.
        let stored = report(
            "bank",
            "n-1",
            20,
            &[
                (Kind::Phone, SCAM, None),
                (Kind::Phone, "+18885550100", None),
            ],
        );
        tx.upcoming(&[
            report("batch", "q-1", 21, &[]),
            report("batch", "q-2", 21, &[]),
            report("batch", "q-2", 22, &[]),
            stored.clone(),
        ])
        .unwrap();
        assert_eq!(tx.upsert_report(&stored).unwrap().0, Upsert::Unchanged);
        let (o1, q1) = tx
            .upsert_report(&report(
                "batch",
                "q-1",
                21,
                &[(Kind::Email, BOSS, None), (Kind::Phone, LINE, None)],
            ))
            .unwrap();
        let (_, q2) = tx
            .upsert_report(&report("batch", "q-2", 21, &[(Kind::Email, BOSS, None)]))
            .unwrap();
        let (_, q3) = tx
            .upsert_report(&report(
                "batch",
                "q-3",
                21,
                &[(Kind::Phone, LINE, Some(Role::VictimOwn))],
            ))
            .unwrap();
        // q-2 changes before the commit: its first mentions go.
        let (o2, q2_again) = tx
            .upsert_report(&report("batch", "q-2", 22, &[(Kind::Phone, LINE, None)]))
            .unwrap();
        assert_eq!(
            (o1, o2, q2_again),
            (Upsert::New, Upsert::Updated(LinkChange::Lost), q2)
        );
        let (o3, _) = tx
            .upsert_report(&report("batch", "q-2", 22, &[(Kind::Phone, LINE, None)]))
            .unwrap();
        assert_eq!(o3, Upsert::Unchanged);
        (q1, q2, q3)
    };

    // Dropped: nothing of it stays, the count included.
    {
        let mut tx = store.begin().unwrap();
        batch(tx.as_mut());
    }
    assert!(store.report(&key("batch:q-1")).unwrap().is_none());
    assert_eq!(store.report_count().unwrap(), before);

    let mut tx = store.begin().unwrap();
    let (q1, q2, q3) = batch(tx.as_mut());
    // Several reports at once, in the order asked, one of them twice.
    let hoods = tx.neighbourhoods(&[q3, q1, q2, q1], &|_| false).unwrap();
    let pks: Vec<i64> = hoods.iter().map(|h| h.report_pk).collect();
    assert_eq!(pks, [q3, q1, q2, q1]);
    assert!(
        hoods[0].shared.is_empty(),
        "a victim's own number never links"
    );
    let q1_values: Vec<(&str, Vec<i64>)> = hoods[1]
        .shared
        .iter()
        .map(|s| {
            (
                s.indicator.value.as_str(),
                s.others.iter().map(|(pk, _)| *pk).collect(),
            )
        })
        .collect();
    assert_eq!(q1_values, [(BOSS, vec![]), (LINE, vec![q2])]);
    assert_eq!(hoods[2].shared.len(), 1);
    assert_eq!(hoods[2].shared[0].others, [(q1, None)]);
    assert_eq!(hoods[3], hoods[1]);
    let skipped = tx.neighbourhoods(&[q1], &|i| i.value == LINE).unwrap();
    assert!(skipped[0].shared[1].others.is_empty());
    // The graph read inside the unit of work has the new mentions.
    let input = tx.link_input().unwrap();
    let line = input
        .graph
        .indicators
        .iter()
        .position(|i| i.value == LINE)
        .expect("the shared line is in the graph") as u32;
    let mentioning: std::collections::BTreeSet<i64> = input
        .graph
        .mentions
        .iter()
        .filter(|m| m.1 == line)
        .map(|m| input.report_pks[m.0 as usize])
        .collect();
    assert_eq!(mentioning, [q1, q2, q3].into_iter().collect());
    assert!(!input.graph.indicators.iter().any(|i| i.value == BOSS));
    tx.commit().unwrap();

    assert_eq!(store.report_count().unwrap(), before + 3);
    assert_eq!(store.counts().unwrap()[0], before + 3);
    let q2_stored = store.report(&key("batch:q-2")).unwrap().unwrap();
    assert_eq!((q2_stored.version, q2_stored.earlier_versions), (2, 1));
    let boss = store
        .lookup(&Indicator::new(Kind::Email, BOSS))
        .unwrap()
        .unwrap();
    assert_eq!(boss.reports, 1);
    let mut mentions = Vec::new();
    store
        .catalog_reports(&[q2, q1, q2], &mut |_| {}, &mut |m| {
            mentions.push((m.report_pk, m.indicator.value))
        })
        .unwrap();
    assert_eq!(
        mentions,
        [
            (q1, BOSS.to_string()),
            (q1, LINE.to_string()),
            (q2, LINE.to_string())
        ]
    );
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
    assert_eq!(store.counts().unwrap()[0], 11);
    assert_eq!(store.report_count().unwrap(), 11);
    let mut store = store;
    broken_counts_are_found_and_recounted(store.as_mut(), || {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "UPDATE rings SET report_count = report_count + 7
              WHERE ring_id = (SELECT MIN(ring_id) FROM rings);
             UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 5 AS TEXT) WHERE key = 'audit_count';",
        )
        .unwrap();
    });
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
    assert_eq!(store.counts().unwrap()[0], 11);
    assert_eq!(store.report_count().unwrap(), 11);
    let mut store = store;
    broken_counts_are_found_and_recounted(&mut store, || {
        let mut c = postgres::Client::connect(&url, postgres::NoTls).unwrap();
        c.batch_execute(&format!(
            "UPDATE {schema}.rings SET report_count = report_count + 7
              WHERE ring_id = (SELECT MIN(ring_id) FROM {schema}.rings);
             UPDATE {schema}.meta SET value = (value::bigint + 5)::text WHERE key = 'audit_count';"
        ))
        .unwrap();
    });
    drop(store);
    let mut admin = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    admin
        .batch_execute(&format!("DROP SCHEMA {schema} CASCADE"))
        .unwrap();
}

/// Withdrawal: the report, its history and mentions go; the ring counts one
/// less; a tombstone says when and why until the key is stored again.
fn withdrawal_contract(store: &mut dyn Store) {
    let reports = [
        report("amazon", "w-1", 1, &[(Kind::Phone, SCAM, None)]),
        report("amazon", "w-2", 2, &[(Kind::Phone, SCAM, None)]),
        report("microsoft", "w-3", 3, &[(Kind::Phone, SCAM, None)]),
    ];
    import(store, &reports);
    let ring_of = |store: &dyn Store| {
        store
            .rings(&RingQuery {
                min_reports: 1,
                limit: None,
                ring: None,
            })
            .unwrap()
            .into_iter()
            .map(|r| (r.ring.as_str().to_string(), r.reports))
            .collect::<Vec<_>>()
    };
    let before = ring_of(store);
    assert_eq!(before.len(), 1, "{before:?}");
    let ring = before[0].0.clone();

    // Nothing to withdraw: nothing happens. Undone with its transaction.
    {
        let mut tx = store.begin().unwrap();
        assert_eq!(
            tx.withdraw_report(&key("amazon:nope"), "x", None).unwrap(),
            None
        );
        assert!(tx
            .withdraw_report(&key("amazon:w-2"), "x", None)
            .unwrap()
            .is_some());
    }
    assert!(store.report(&key("amazon:w-2")).unwrap().is_some());
    assert!(store.withdrawals(None).unwrap().is_empty());

    let mut tx = store.begin().unwrap();
    let w = tx
        .withdraw_report(&key("amazon:w-1"), "sent by mistake", Some("https://peer/"))
        .unwrap()
        .expect("w-1 is there");
    let input = tx.link_input().unwrap();
    let pairs = input.graph.linking_pairs(&WarningList::shipped());
    let comps = connected_components(input.graph.reports, &pairs);
    let a = assign_ring_ids(&input.previous, &comps, input.next_seq);
    tx.apply_rings(&input, &a, "withdrawal").unwrap();
    tx.commit().unwrap();
    assert_eq!(w.key, key("amazon:w-1"));
    assert!(w.report_pk.is_some());
    assert_eq!(w.tlp, Tlp::Amber);
    assert_eq!(w.received_at, "2023-10-01T09:00:00Z");
    assert_eq!(w.ring.as_deref(), Some(ring.as_str()));
    assert_eq!(w.reason, "sent by mistake");
    assert_eq!(w.via.as_deref(), Some("https://peer/"));
    assert!(is_rfc3339(&w.withdrawn_at), "{w:?}");

    assert!(store.report(&key("amazon:w-1")).unwrap().is_none());
    assert!(store.report_pk(&key("amazon:w-1")).unwrap().is_none());
    assert_eq!(store.report_count().unwrap(), 2);
    assert_eq!(store.counts().unwrap()[0], 2);
    let verdict = store
        .lookup(&Indicator::new(Kind::Phone, SCAM))
        .unwrap()
        .unwrap();
    assert_eq!(verdict.reports, 2, "{verdict:?}");
    assert_eq!(
        ring_of(store),
        [(
            ring.clone(),
            vec!["amazon:w-2".to_string(), "microsoft:w-3".to_string()]
        )]
    );
    let listed = store.rings(&RingQuery {
        min_reports: 1,
        limit: None,
        ring: Some(ring.clone()),
    });
    assert_eq!(listed.unwrap()[0].report_count, 2);

    // The tombstone, read back, and nothing after its time.
    let tombstones = store.withdrawals(None).unwrap();
    assert_eq!(tombstones.len(), 1);
    let t = &tombstones[0];
    assert_eq!((&t.key, t.report_pk, t.tlp), (&w.key, None, Tlp::Amber));
    assert_eq!(
        (&t.withdrawn_at, &t.reason, &t.ring),
        (&w.withdrawn_at, &w.reason, &w.ring)
    );
    assert_eq!(t.via, w.via, "where it came from is kept");
    assert!(store.withdrawals(Some(&w.withdrawn_at)).unwrap().is_empty());
    assert_eq!(
        store
            .withdrawals(Some("2000-01-01T00:00:00Z"))
            .unwrap()
            .len(),
        1
    );

    // Stored again, it is back and the tombstone no longer counts.
    assert_eq!(import(store, &reports[..1]), [Upsert::New]);
    assert!(store.withdrawals(None).unwrap().is_empty());
    assert_eq!(store.report_count().unwrap(), 3);

    // Written and withdrawn in one unit of work: as if never written.
    let mut tx = store.begin().unwrap();
    let late = report("amazon", "w-4", 4, &[(Kind::Phone, SCAM, None)]);
    tx.upcoming(std::slice::from_ref(&late)).unwrap();
    assert_eq!(tx.upsert_report(&late).unwrap().0, Upsert::New);
    assert!(tx
        .withdraw_report(&key("amazon:w-4"), "x", None)
        .unwrap()
        .is_some());
    tx.commit().unwrap();
    assert!(store.report(&key("amazon:w-4")).unwrap().is_none());
    assert_eq!(store.report_count().unwrap(), 3);
    assert_eq!(store.counts().unwrap()[0], 3);
    assert_eq!(store.withdrawals(None).unwrap().len(), 1);
}

/// Values found in common by PSI: recorded once per session and value,
/// listed newest first, by ring.
fn psi_links_contract(store: &mut dyn Store) {
    use ringtrace_store::PsiLink;
    let link = |session: &str, value: &str, ring: Option<&str>, at: &str| PsiLink {
        session: session.into(),
        peer: "amzn".into(),
        indicator: Indicator::new(Kind::Phone, value),
        ring: ring.map(String::from),
        found_at: at.into(),
    };
    assert!(store.psi_links(None).unwrap().is_empty());
    store
        .add_psi_links(&[
            link(
                "s1",
                "+18442818482",
                Some("R-1"),
                "2026-11-01T00:00:00.000000Z",
            ),
            link("s1", "+18442818483", None, "2026-11-01T00:00:00.000000Z"),
        ])
        .unwrap();
    // The same session and value again: kept as first recorded.
    store
        .add_psi_links(&[
            link(
                "s1",
                "+18442818482",
                Some("R-9"),
                "2026-11-03T00:00:00.000000Z",
            ),
            link("s2", "+18442818482", Some("R-1"), ""),
        ])
        .unwrap();
    let all = store.psi_links(None).unwrap();
    assert_eq!(all.len(), 3, "{all:?}");
    assert_eq!(all[0].session, "s2", "newest first");
    assert!(is_rfc3339(&all[0].found_at), "filled in: {all:?}");
    assert_eq!(
        all[1],
        link(
            "s1",
            "+18442818482",
            Some("R-1"),
            "2026-11-01T00:00:00.000000Z"
        )
    );
    let in_ring = store.psi_links(Some("R-1")).unwrap();
    assert_eq!(in_ring.len(), 2);
    assert!(in_ring.iter().all(|l| l.ring.as_deref() == Some("R-1")));
    assert!(store.psi_links(Some("R-2")).unwrap().is_empty());
}

#[test]
fn sqlite_records_psi_links() {
    let (_dir, path) = sqlite_temp();
    let mut store = ringtrace_store::open(&path).unwrap();
    psi_links_contract(store.as_mut());
}

#[cfg(feature = "postgres-tests")]
#[test]
fn postgres_records_psi_links() {
    let pg = PgSchema::new("psi");
    psi_links_contract(&mut pg.open());
}

/// Cases as event logs (optimistic concurrency, all or nothing) and the
/// exhibits imported into them.
fn cases_contract(store: &mut dyn Store) {
    use ringtrace_store::{ExhibitRecord, StoreError};
    let ev = |n: u32| (format!("{{\"n\":{n}}}"), format!("2026-11-0{n}T00:00:00Z"));
    assert!(store.case_ids().unwrap().is_empty());
    assert!(store.case_events("C-000001").unwrap().is_empty());
    // Each row: (case, after_seq, events, expected last seq or conflict).
    type Step = (&'static str, u64, Vec<(String, String)>, Option<u64>);
    let steps: &[Step] = &[
        ("C-000001", 0, vec![ev(1), ev(2)], Some(2)),
        ("C-000001", 0, vec![ev(3)], None), // opened again: conflict
        ("C-000001", 1, vec![ev(3)], None), // stale
        ("C-000001", 2, vec![ev(3)], Some(3)),
        ("C-000002", 0, vec![ev(1)], Some(1)),
        ("C-000002", 5, vec![ev(2)], None), // ahead of the log
        ("C-000001", 3, vec![], Some(3)),   // nothing to add
    ];
    let audited = |store: &dyn Store| store.audit_recorded().unwrap() as usize;
    let before = audited(&*store);
    let draft = |case: &str| ringtrace_model::AuditDraft {
        actor: "alice".into(),
        action: "case.test".into(),
        target: case.into(),
        detail: "{}".into(),
    };
    let mut accepted = 0;
    for (i, (case, after, events, want)) in steps.iter().enumerate() {
        let audits: Vec<_> = events.iter().map(|_| draft(case)).collect();
        let got = store.append_case_events(case, *after, events, &audits);
        if got.is_ok() {
            accepted += audits.len();
        }
        // each accepted event has its audit entry; a refused append none
        assert_eq!(audited(&*store), before + accepted, "step {i}");
        match (got, want) {
            (Ok(last), Some(w)) => assert_eq!(last, *w, "step {i}"),
            (Err(StoreError::Conflict(msg)), None) => {
                assert!(msg.contains(case), "step {i}: {msg}")
            }
            (got, _) => panic!("step {i}: {got:?}, wanted {want:?}"),
        }
    }
    let log = store.case_events("C-000001").unwrap();
    assert_eq!(
        log,
        vec![(1, ev(1).0), (2, ev(2).0), (3, ev(3).0)],
        "a refused append left nothing behind"
    );
    assert_eq!(store.case_ids().unwrap(), ["C-000001", "C-000002"]);

    let exhibit = |id: &str, case: &str, site: &str, at: &str| ExhibitRecord {
        exhibit_id: id.into(),
        case_id: case.into(),
        site: site.into(),
        file_name: format!("{id}.json"),
        sha256: "ab".repeat(32),
        format: "json".into(),
        size: 1234,
        imported_by: "cli".into(),
        imported_at: at.into(),
        extract: "{\"device_type\":\"phone\"}".into(),
        indicators: "[]".into(),
    };
    let a = exhibit(
        "EXH-1",
        "C-000001",
        "site 12",
        "2026-11-01T00:00:00.000000Z",
    );
    let b = exhibit(
        "EXH-2",
        "C-000001",
        "site 40",
        "2026-11-02T00:00:00.000000Z",
    );
    let c = exhibit("EXH-3", "C-000002", "site 40", "");
    for e in [&b, &a, &c] {
        store.add_exhibit(e, &draft(&e.case_id)).unwrap();
    }
    let before = audited(&*store);
    let again = store.add_exhibit(&exhibit("EXH-1", "C-000002", "x", ""), &draft("C-000002"));
    assert_eq!(audited(&*store), before, "a refused exhibit is not audited");
    assert!(
        matches!(&again, Err(StoreError::Conflict(m)) if m.contains("EXH-1")),
        "{again:?}"
    );
    assert_eq!(store.exhibits(Some("C-000001")).unwrap(), vec![a, b]);
    let all = store.exhibits(None).unwrap();
    assert_eq!(all.len(), 3);
    assert!(is_rfc3339(&all[2].imported_at), "filled in: {all:?}");
    assert_eq!(all[2].case_id, "C-000002");
    assert!(store.exhibits(Some("C-000009")).unwrap().is_empty());

    assert_eq!(store.signing_key().unwrap(), None);
    store
        .set_signing_key("-----BEGIN PRIVATE KEY-----")
        .unwrap();
    assert_eq!(
        store.signing_key().unwrap().as_deref(),
        Some("-----BEGIN PRIVATE KEY-----")
    );
}

#[test]
fn sqlite_keeps_cases_and_exhibits() {
    let (_dir, path) = sqlite_temp();
    let mut store = ringtrace_store::open(&path).unwrap();
    cases_contract(store.as_mut());
}

#[cfg(feature = "postgres-tests")]
#[test]
fn postgres_keeps_cases_and_exhibits() {
    let pg = PgSchema::new("cases");
    cases_contract(&mut pg.open());
}

/// Incremental linking's primitives: how a replaced report's linkable
/// values changed, a report's ring in its neighbourhood, a ring's members
/// with their values, and placements that move reports between rings
/// (a split recorded as such, a ring left empty recorded as merged).
fn incremental_contract(store: &mut dyn Store) {
    const P1: &str = "+18442810001";
    const P2: &str = "+18442810002";
    const P3: &str = "+18442810003";
    const P4: &str = "+18442810004";
    let base = [
        report("amazon", "x-1", 1, &[(Kind::Phone, P1, None)]),
        report(
            "amazon",
            "x-2",
            2,
            &[(Kind::Phone, P1, None), (Kind::Phone, P2, None)],
        ),
        report("amazon", "x-3", 3, &[(Kind::Phone, P2, None)]),
        report("microsoft", "y-1", 4, &[(Kind::Phone, P3, None)]),
    ];
    import(store, &base);
    let ring_of = |store: &dyn Store, k: &str| -> RingId {
        RingId::parse(&store.report(&key(k)).unwrap().unwrap().ring.unwrap()).unwrap()
    };
    let (a, b) = (
        ring_of(store, "amazon:x-1"),
        ring_of(store, "microsoft:y-1"),
    );
    assert_eq!(ring_of(store, "amazon:x-3"), a);
    assert_ne!(a, b);

    let mut tx = store.begin().unwrap();
    // The same values on another day; a value more (a victim's own number
    // does not count); a value lost.
    let (same, pk1) = tx
        .upsert_report(&report("amazon", "x-1", 9, &[(Kind::Phone, P1, None)]))
        .unwrap();
    let (own, _) = tx
        .upsert_report(&report(
            "microsoft",
            "y-1",
            4,
            &[
                (Kind::Phone, P3, None),
                (Kind::Phone, P4, Some(Role::VictimOwn)),
            ],
        ))
        .unwrap();
    let (grown, pk3) = tx
        .upsert_report(&report(
            "amazon",
            "x-3",
            3,
            &[(Kind::Phone, P2, None), (Kind::Phone, P4, None)],
        ))
        .unwrap();
    let (lost, pk2) = tx
        .upsert_report(&report("amazon", "x-2", 2, &[(Kind::Phone, P1, None)]))
        .unwrap();
    assert_eq!(
        [same, own, grown, lost],
        [
            Upsert::Updated(LinkChange::Same),
            Upsert::Updated(LinkChange::Same),
            Upsert::Updated(LinkChange::Grown),
            Upsert::Updated(LinkChange::Lost),
        ]
    );
    let hoods = tx.neighbourhoods(&[pk3], &|_| false).unwrap();
    assert_eq!(hoods[0].ring.as_deref(), Some(a.as_str()));

    // What x-2 dropped, and who still mentions it.
    let phone = |v: &str| Indicator::new(Kind::Phone, v);
    assert_eq!(tx.dropped_values(pk2), [phone(P2)]);
    assert_eq!(tx.dropped_values(pk3), []);
    let nobody = phone("+18442819999");
    let shared = tx.mentioning(&[phone(P2), nobody.clone()]).unwrap();
    assert_eq!(shared.len(), 2);
    assert_eq!(shared[0].indicator, phone(P2));
    assert_eq!(shared[0].others, [(pk3, Some(a.as_str().to_string()))]);
    assert_eq!((&shared[1].indicator, shared[1].others.len()), (&nobody, 0));

    // The ring's members in store-key order, each with its linkable values.
    assert_eq!(
        tx.ring_links(&a).unwrap(),
        [
            (pk1, vec![phone(P1)]),
            (pk2, vec![phone(P1)]),
            (pk3, vec![phone(P2), phone(P4)]),
        ]
    );
    assert_eq!(tx.ring_links(&RingId::from_sequence(999_999)).unwrap(), []);

    // x-3 no longer links to x-1 and x-2: split off into a new ring. Then
    // y-1 joins the new ring: its own ring is left empty, merged into it.
    let mut seq = tx.next_ring_seq().unwrap();
    let c = RingId::from_sequence(seq);
    seq += 1;
    let split = Placement {
        report_pk: pk3,
        ring: c.clone(),
        created: true,
        previous: Some(a.clone()),
    };
    let stays = Placement {
        report_pk: pk1,
        ring: a.clone(),
        created: false,
        previous: Some(a.clone()),
    };
    tx.place_reports(&[split, stays], seq, "split test")
        .unwrap();
    let pk_y1 = {
        let hood = tx.ring_links(&b).unwrap();
        assert_eq!(hood.len(), 1);
        hood[0].0
    };
    tx.place_reports(
        &[Placement {
            report_pk: pk_y1,
            ring: c.clone(),
            created: false,
            previous: Some(b.clone()),
        }],
        seq,
        "merge test",
    )
    .unwrap();
    tx.commit().unwrap();

    assert_eq!(ring_of(store, "amazon:x-3"), c);
    assert_eq!(ring_of(store, "microsoft:y-1"), c);
    assert_eq!(ring_of(store, "amazon:x-1"), a);
    let counts: std::collections::BTreeMap<String, usize> = store
        .rings(&RingQuery {
            min_reports: 1,
            limit: None,
            ring: None,
        })
        .unwrap()
        .into_iter()
        .map(|r| (r.ring.as_str().to_string(), r.reports.len()))
        .collect();
    assert_eq!(
        counts,
        [(a.as_str().to_string(), 2), (c.as_str().to_string(), 2)]
            .into_iter()
            .collect()
    );
    let events = |ring: &RingId| -> Vec<(String, String, Option<String>, Option<String>)> {
        store
            .ring_history(ring.as_str())
            .unwrap()
            .into_iter()
            .filter(|e| e.reason.as_deref() != Some("test import"))
            .map(|e| (e.event, e.ring, e.other, e.reason))
            .collect()
    };
    let c_events = events(&c);
    assert!(
        c_events.contains(&(
            "split".into(),
            c.as_str().into(),
            Some(a.as_str().into()),
            Some("split test".into())
        )),
        "{c_events:?}"
    );
    let b_events = events(&b);
    assert!(
        b_events.contains(&(
            "merged".into(),
            b.as_str().into(),
            Some(c.as_str().into()),
            Some("merge test".into())
        )),
        "{b_events:?}"
    );
    // The recorded counts agree with the reports.
    assert_eq!(store.integrity().unwrap(), Vec::<String>::new());
}

#[test]
fn sqlite_places_reports_incrementally() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let mut store = ringtrace_store::open(path.to_str().unwrap()).unwrap();
    incremental_contract(store.as_mut());
}

#[cfg(feature = "postgres-tests")]
#[test]
fn postgres_places_reports_incrementally() {
    let pg = PgSchema::new("incremental");
    incremental_contract(&mut pg.open());
}

#[test]
fn sqlite_withdraws_reports() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let mut store = ringtrace_store::open(path.to_str().unwrap()).unwrap();
    withdrawal_contract(store.as_mut());
}

#[cfg(feature = "postgres-tests")]
#[test]
fn postgres_withdraws_reports() {
    let pg = PgSchema::new("withdraw");
    withdrawal_contract(&mut pg.open());
}

// ---------------------------------------------------------------------------
// The service's side: partners, API keys, AMBER grants, the audit log, the
// catalog. Each part runs on a fresh store of each backend.

use ringtrace_model::{
    verify_chain, AccessRole, AuditDraft, Channel, CurrencyCode, Loss, RegionCode, GENESIS,
};
use ringtrace_store::{ApiKeyRecord, CatalogMention, CatalogReport, Partner, StoreError};

fn partner(slug: &str, name: &str, created_at: &str) -> Partner {
    Partner {
        slug: slug.into(),
        name: name.into(),
        disabled: false,
        created_at: created_at.into(),
    }
}

fn api_key(key_id: &str, partner: &str, role: AccessRole, created_at: &str) -> ApiKeyRecord {
    ApiKeyRecord {
        key_id: key_id.into(),
        partner: partner.into(),
        role,
        // Any SHA-256 in hex will do; this one is of the key id's name.
        secret_hash: format!("{:0>64}", hex_of(key_id)),
        label: format!("{key_id} label"),
        created_at: created_at.into(),
        revoked_at: None,
    }
}

fn hex_of(s: &str) -> String {
    s.bytes().map(|b| format!("{b:02x}")).collect()
}

fn slugs(partners: &[Partner]) -> Vec<&str> {
    partners.iter().map(|p| p.slug.as_str()).collect()
}

fn key_ids(keys: &[ApiKeyRecord]) -> Vec<&str> {
    keys.iter().map(|k| k.key_id.as_str()).collect()
}

fn is_rfc3339(s: &str) -> bool {
    chrono::DateTime::parse_from_rfc3339(s).is_ok()
}

fn access_contract(store: &mut dyn Store) {
    // Where exchanges stopped: none at first, then the last value written.
    assert_eq!(store.sync_state("pull http://a/ c1").unwrap(), None);
    store
        .set_sync_state("pull http://a/ c1", "2026-01-01T00:00:00.000Z")
        .unwrap();
    store
        .set_sync_state("pull http://a/ c1", "2026-02-01T00:00:00.000Z")
        .unwrap();
    store.set_sync_state("push http://a/ c1", "x").unwrap();
    assert_eq!(
        store.sync_state("pull http://a/ c1").unwrap().as_deref(),
        Some("2026-02-01T00:00:00.000Z")
    );
    assert_eq!(
        store.sync_state("push http://a/ c1").unwrap().as_deref(),
        Some("x")
    );

    // Partners, listed by slug; an empty `created_at` is filled in.
    assert!(store.partners().unwrap().is_empty());
    for (slug, name, at) in [
        ("msft", "Microsoft", "2026-01-01T00:00:00Z"),
        ("bank", "A Bank", ""),
        ("amzn", "Amazon", "2026-01-03T00:00:00Z"),
    ] {
        store.add_partner(&partner(slug, name, at)).unwrap();
    }
    let listed = store.partners().unwrap();
    assert_eq!(slugs(&listed), ["amzn", "bank", "msft"]);
    assert_eq!(
        listed[2],
        partner("msft", "Microsoft", "2026-01-01T00:00:00Z")
    );
    assert!(is_rfc3339(&listed[1].created_at), "{listed:?}");
    assert!(listed.iter().all(|p| !p.disabled));

    // A slug is added once; the first partner stays as it was.
    let err = store
        .add_partner(&partner("msft", "Someone else", ""))
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict(_)), "{err:?}");
    assert_eq!(err.to_string(), "partner `msft` already exists");
    assert_eq!(store.partners().unwrap(), listed);

    // Disabling and enabling: (slug, disabled, known, disabled slugs after).
    for (slug, disabled, known, after) in [
        ("bank", true, true, vec!["bank"]),
        ("bank", true, true, vec!["bank"]),
        ("amzn", true, true, vec!["amzn", "bank"]),
        ("bank", false, true, vec!["amzn"]),
        ("ghost", true, false, vec!["amzn"]),
        ("amzn", false, true, vec![]),
    ] {
        assert_eq!(
            store.set_partner_disabled(slug, disabled).unwrap(),
            known,
            "{slug} {disabled}"
        );
        let now_disabled: Vec<String> = store
            .partners()
            .unwrap()
            .into_iter()
            .filter(|p| p.disabled)
            .map(|p| p.slug)
            .collect();
        assert_eq!(now_disabled, after, "after {slug} {disabled}");
    }

    // API keys.
    let k1 = api_key("k1", "msft", AccessRole::Analyst, "2026-02-02T00:00:00Z");
    let k2 = api_key("k2", "bank", AccessRole::Partner, "2026-02-01T00:00:00Z");
    let k3 = api_key("k3", "msft", AccessRole::Admin, "2026-02-01T00:00:00Z");
    let k4 = api_key("k4", "amzn", AccessRole::Lookup, "");
    for k in [&k1, &k2, &k3, &k4] {
        store.add_key(k).unwrap();
    }
    assert_eq!(store.key("k1").unwrap().as_ref(), Some(&k1));
    assert!(store.key("nope").unwrap().is_none());
    let k4_stored = store.key("k4").unwrap().unwrap();
    assert!(is_rfc3339(&k4_stored.created_at));
    assert_eq!(k4_stored.role, AccessRole::Lookup);
    // The hash of the secret never leaves through serialisation.
    let json = serde_json::to_value(&k1).unwrap();
    assert!(json.get("secret_hash").is_none(), "{json}");
    assert_eq!(json["role"], "analyst");

    // Listing: by creation time, then id; all or one partner's.
    for (filter, expected) in [
        (None, vec!["k2", "k3", "k1", "k4"]),
        (Some("msft"), vec!["k3", "k1"]),
        (Some("bank"), vec!["k2"]),
        (Some("ghost"), vec![]),
    ] {
        assert_eq!(
            key_ids(&store.keys(filter).unwrap()),
            expected,
            "{filter:?}"
        );
    }

    // Refused keys: (key, error variant, message contains); none is stored.
    let bad_hash = ApiKeyRecord {
        secret_hash: "the-secret-itself".into(),
        ..api_key("k9", "msft", AccessRole::Admin, "")
    };
    let upper_hash = ApiKeyRecord {
        secret_hash: k1.secret_hash.to_uppercase().replace('0', "A"),
        ..api_key("k8", "msft", AccessRole::Admin, "")
    };
    for (key, conflict, message) in [
        (
            api_key("k1", "bank", AccessRole::Admin, ""),
            true,
            "API key `k1` already exists",
        ),
        (
            api_key("k7", "ghost", AccessRole::Admin, ""),
            true,
            "no partner `ghost`",
        ),
        (bad_hash, false, "not a SHA-256"),
        (upper_hash, false, "not a SHA-256"),
    ] {
        let err = store.add_key(&key).unwrap_err();
        match err {
            StoreError::Conflict(_) => assert!(conflict, "{err:?}"),
            StoreError::Invalid(_) => assert!(!conflict, "{err:?}"),
            _ => panic!("{}: unexpected {err:?}", key.key_id),
        }
        assert!(err.to_string().contains(message), "{err}");
    }
    assert_eq!(store.keys(None).unwrap().len(), 4);
    assert_eq!(store.key("k1").unwrap().as_ref(), Some(&k1));

    // Revoking: (key, revoked now); a key is revoked once.
    for (key_id, revoked) in [("k1", true), ("k1", false), ("nope", false), ("k2", true)] {
        assert_eq!(store.revoke_key(key_id).unwrap(), revoked, "{key_id}");
    }
    let k1_after = store.key("k1").unwrap().unwrap();
    assert!(k1_after.revoked_at.as_deref().is_some_and(is_rfc3339));
    assert_eq!(
        ApiKeyRecord {
            revoked_at: None,
            ..k1_after
        },
        k1
    );
    assert!(store.key("k3").unwrap().unwrap().revoked_at.is_none());
    // Revoked keys are still listed.
    assert_eq!(store.keys(Some("msft")).unwrap().len(), 2);

    // AMBER grants: (owner, grantee, shared, grants after).
    let pairs = |v: &[(&str, &str)]| -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    };
    assert!(store.amber_grants().unwrap().is_empty());
    for (owner, grantee, shared, after) in [
        ("msft", "bank", true, vec![("msft", "bank")]),
        ("msft", "bank", true, vec![("msft", "bank")]),
        (
            "msft",
            "amzn",
            true,
            vec![("msft", "amzn"), ("msft", "bank")],
        ),
        (
            "bank",
            "msft",
            true,
            vec![("bank", "msft"), ("msft", "amzn"), ("msft", "bank")],
        ),
        (
            "msft",
            "amzn",
            false,
            vec![("bank", "msft"), ("msft", "bank")],
        ),
        (
            "msft",
            "amzn",
            false,
            vec![("bank", "msft"), ("msft", "bank")],
        ),
        (
            "ghost",
            "bank",
            false,
            vec![("bank", "msft"), ("msft", "bank")],
        ),
    ] {
        store.share_amber(owner, grantee, shared).unwrap();
        assert_eq!(
            store.amber_grants().unwrap(),
            pairs(&after),
            "{owner} -> {grantee} {shared}"
        );
    }
    for (owner, grantee, unknown) in [("ghost", "bank", "ghost"), ("msft", "nobody", "nobody")] {
        let err = store.share_amber(owner, grantee, true).unwrap_err();
        assert!(matches!(err, StoreError::Conflict(_)), "{err:?}");
        assert!(err.to_string().contains(&format!("`{unknown}`")), "{err}");
    }
    assert_eq!(store.amber_grants().unwrap().len(), 2);
}

fn draft(n: usize) -> AuditDraft {
    let actions = ["report.read", "key.create", "export.stix", "ring.read"];
    AuditDraft {
        actor: if n.is_multiple_of(3) {
            "cli".into()
        } else {
            format!("msft/k{n}")
        },
        action: actions[n % actions.len()].into(),
        target: format!("microsoft:r-{n}"),
        detail: if n.is_multiple_of(2) {
            "{}".into()
        } else {
            format!(r#"{{"n":{n},"note":"caf\u00e9 ☎ «{n}»"}}"#)
        },
    }
}

/// Appends 50 entries to an empty log and checks the chain; then each of
/// `tamper` (direct SQL on the log) must be refused, naming the rule.
fn audit_contract(store: &mut dyn Store, tamper: &mut dyn FnMut(&str) -> Result<(), String>) {
    assert_eq!(store.audit_recorded().unwrap(), 0);
    assert!(store.audit_entries(0, 100).unwrap().is_empty());
    let mut appended = Vec::new();
    for n in 1..=50 {
        let e = store.append_audit(&draft(n)).unwrap();
        assert_eq!(e.seq, n as u64);
        let prev = appended
            .last()
            .map_or(GENESIS, |p: &ringtrace_model::AuditEntry| p.hash.as_str());
        assert_eq!(e.prev_hash, prev);
        assert!(is_rfc3339(&e.at));
        assert_eq!(
            (
                e.actor.as_str(),
                e.action.as_str(),
                e.target.as_str(),
                e.detail.as_str()
            ),
            (
                draft(n).actor.as_str(),
                draft(n).action.as_str(),
                draft(n).target.as_str(),
                draft(n).detail.as_str()
            )
        );
        appended.push(e);
    }
    let recorded = store.audit_recorded().unwrap();
    assert_eq!(recorded, 50);
    let entries = store.audit_entries(0, u64::MAX).unwrap();
    assert_eq!(entries, appended, "what is read back is what was sealed");
    assert_eq!(verify_chain(&entries, Some(recorded)), Ok(50));

    // Pages: (after_seq, limit, seqs).
    let seqs = |r: std::ops::RangeInclusive<u64>| r.collect::<Vec<_>>();
    for (after, limit, expected) in [
        (0, 3, seqs(1..=3)),
        (10, 5, seqs(11..=15)),
        (47, 10, seqs(48..=50)),
        (50, 10, vec![]),
        (0, 0, vec![]),
    ] {
        let page: Vec<u64> = store
            .audit_entries(after, limit)
            .unwrap()
            .iter()
            .map(|e| e.seq)
            .collect();
        assert_eq!(page, expected, "after {after} limit {limit}");
    }

    // The log is append-only, whatever the way in.
    for sql in [
        "UPDATE audit_log SET target = 'someone:else' WHERE seq = 3",
        "UPDATE audit_log SET hash = hash",
        "DELETE FROM audit_log WHERE seq = 50",
        "DELETE FROM audit_log",
        // Not the next entry: a gap, or a second entry 7.
        "INSERT INTO audit_log (seq, at, actor, action, target, detail, prev_hash, hash)
         VALUES (60, 'x', 'x', 'x', 'x', '{}', 'x', 'x')",
        "INSERT INTO audit_log (seq, at, actor, action, target, detail, prev_hash, hash)
         VALUES (7, 'x', 'x', 'x', 'x', '{}', 'x', 'x')",
    ] {
        let err = tamper(sql).expect_err(sql);
        assert!(err.contains("the audit log is append-only"), "{sql}: {err}");
    }
    let entries = store.audit_entries(0, 1000).unwrap();
    assert_eq!(entries, appended);
    assert_eq!(
        verify_chain(&entries, Some(store.audit_recorded().unwrap())),
        Ok(50)
    );
    // And it goes on where it stopped.
    assert_eq!(store.append_audit(&draft(51)).unwrap().seq, 51);
}

/// Four appenders, each with its own connection, 25 entries each: one chain
/// of 100 without gaps, each appender's entries in its own order.
fn audit_concurrently(open: &(dyn Fn() -> Box<dyn Store> + Sync)) {
    std::thread::scope(|s| {
        for t in 0..4 {
            s.spawn(move || {
                let mut store = open();
                for i in 0..25 {
                    let d = AuditDraft {
                        actor: format!("appender-{t}"),
                        action: "report.read".into(),
                        target: format!("t{t}:r-{i}"),
                        detail: format!(r#"{{"i":{i}}}"#),
                    };
                    store.append_audit(&d).unwrap();
                }
            });
        }
    });
    let store = open();
    let recorded = store.audit_recorded().unwrap();
    assert_eq!(recorded, 100);
    let entries = store.audit_entries(0, 1000).unwrap();
    assert_eq!(
        entries.iter().map(|e| e.seq).collect::<Vec<_>>(),
        (1..=100).collect::<Vec<_>>()
    );
    assert_eq!(verify_chain(&entries, Some(recorded)), Ok(100));
    for t in 0..4 {
        let mine: Vec<&str> = entries
            .iter()
            .filter(|e| e.actor == format!("appender-{t}"))
            .map(|e| e.target.as_str())
            .collect();
        let expected: Vec<String> = (0..25).map(|i| format!("t{t}:r-{i}")).collect();
        assert_eq!(mine, expected);
    }
}

fn mention_key(m: &CatalogMention) -> (i64, String, String, Option<String>, bool) {
    (
        m.report_pk,
        m.indicator.kind.as_str().to_string(),
        m.indicator.value.clone(),
        m.role.clone(),
        m.may_link,
    )
}

fn collect_catalog(
    scan: impl FnOnce(
        &mut dyn FnMut(CatalogReport),
        &mut dyn FnMut(CatalogMention),
    ) -> Result<(), StoreError>,
) -> (Vec<CatalogReport>, Vec<CatalogMention>) {
    let mut reports = Vec::new();
    let mut mentions = Vec::new();
    let mut reports_done_first = true;
    {
        let mut on_report = |r: CatalogReport| reports.push(r);
        let mut on_mention = |m: CatalogMention| mentions.push(m);
        scan(&mut on_report, &mut on_mention).unwrap();
    }
    // Every mention's report came first (the scan streams reports, then mentions).
    let pks: std::collections::BTreeSet<i64> = reports.iter().map(|r| r.report_pk).collect();
    for m in &mentions {
        reports_done_first &= pks.contains(&m.report_pk);
    }
    assert!(reports_done_first, "a mention of a report not streamed");
    (reports, mentions)
}

fn catalog_contract(store: &mut dyn Store) {
    let mut full = report(
        "msft",
        "r-1",
        1,
        &[
            (Kind::Phone, SCAM, Some(Role::ScammerContact)),
            (Kind::Domain, "fix-pc.example-scam.com", None),
        ],
    );
    full.report.tlp = Tlp::Red;
    full.report.channel = Some(Channel::PhoneCall);
    full.report.region = Some(RegionCode::parse("IN").unwrap());
    full.report.loss = Some(Loss {
        amount: 499.5,
        currency: CurrencyCode::parse("USD").unwrap(),
    });
    full.report.narrative = Some("called me about my computer".into());
    let mut bare = report(
        "bank",
        "b-1",
        2,
        &[(Kind::Phone, SCAM, Some(Role::VictimOwn))],
    );
    bare.report.brand = None;
    bare.report.tlp = Tlp::Clear;
    let lone = report(
        "amzn",
        "a-1",
        3,
        &[(Kind::Email, "help@scam.example", None)],
    );
    let linked = report("amzn", "a-2", 4, &[(Kind::Phone, SCAM, None)]);
    let before_update = report("amzn", "a-3", 5, &[(Kind::Phone, "+18885550100", None)]);
    import(
        store,
        &[full.clone(), bare.clone(), lone.clone(), before_update],
    );
    // An update replaces the report's mentions; the catalog sees the new ones.
    let updated = report(
        "amzn",
        "a-3",
        5,
        &[
            (Kind::Phone, SCAM, None),
            (Kind::Upi, "mule@okaxis", Some(Role::PaymentDestination)),
        ],
    );
    import(store, &[linked.clone(), updated.clone()]);
    let prepared = [full, bare, lone, linked, updated];

    let mut expected_reports = Vec::new();
    let mut expected_mentions = Vec::new();
    for p in &prepared {
        let r = &p.report;
        let pk = store.report_pk(&r.key).unwrap().unwrap();
        expected_reports.push(CatalogReport {
            report_pk: pk,
            partner: r.key.partner.as_str().into(),
            id: r.key.id.as_str().into(),
            tlp: r.tlp,
            ring: store.report(&r.key).unwrap().unwrap().ring,
            received_at: r
                .received_at
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            brand: r.brand.clone(),
            channel: r.channel.map(|c| c.as_str().into()),
            region: r.region.as_ref().map(|c| c.as_str().into()),
            loss_amount: r.loss.as_ref().map(|l| l.amount),
            loss_currency: r.loss.as_ref().map(|l| l.currency.as_str().into()),
            updated_at: store.report(&r.key).unwrap().unwrap().state.updated_at,
        });
        for m in &p.mentions {
            expected_mentions.push(CatalogMention {
                report_pk: pk,
                indicator: m.indicator.clone(),
                role: m.role.map(|r| r.as_str().into()),
                may_link: m.may_link(),
            });
        }
    }
    expected_reports.sort_by_key(|r| r.report_pk);
    expected_mentions.sort_by_key(mention_key);
    assert!(expected_reports.iter().filter(|r| r.ring.is_some()).count() >= 3);

    // Everything: reports in store-key order, mentions in any order.
    let (reports, mut mentions) = collect_catalog(|r, m| store.catalog(r, m));
    assert_eq!(reports, expected_reports);
    mentions.sort_by_key(mention_key);
    assert_eq!(mentions, expected_mentions);

    // Some reports (keys in any order, unknown ones and repeats ignored):
    // reports in store-key order, then their mentions report by report.
    let pk_of = |i: usize| expected_reports[i].report_pk;
    for wanted in [
        vec![pk_of(4), pk_of(0)],
        vec![pk_of(2)],
        vec![pk_of(1), pk_of(1), 987_654_321],
        vec![],
        vec![987_654_321],
    ] {
        let (reports, mentions) = collect_catalog(|r, m| store.catalog_reports(&wanted, r, m));
        let expected: Vec<CatalogReport> = expected_reports
            .iter()
            .filter(|r| wanted.contains(&r.report_pk))
            .cloned()
            .collect();
        assert_eq!(reports, expected, "{wanted:?}");
        let expected: Vec<CatalogMention> = expected_mentions
            .iter()
            .filter(|m| wanted.contains(&m.report_pk))
            .cloned()
            .collect();
        assert_eq!(mentions, expected, "{wanted:?}");
    }
}

fn sqlite_temp() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db").to_str().unwrap().to_string();
    (dir, path)
}

#[test]
fn sqlite_partners_keys_and_grants() {
    let (_dir, path) = sqlite_temp();
    let mut store = ringtrace_store::open(&path).unwrap();
    access_contract(store.as_mut());
}

#[test]
fn sqlite_audit_log() {
    let (_dir, path) = sqlite_temp();
    let mut store = ringtrace_store::open(&path).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.busy_timeout(std::time::Duration::from_secs(10))
        .unwrap();
    audit_contract(store.as_mut(), &mut |sql| {
        conn.execute_batch(sql).map_err(|e| e.to_string())
    });
    // SQLite's REPLACE deletes without firing delete triggers: refused too.
    let err = conn
        .execute_batch(
            "INSERT OR REPLACE INTO audit_log (seq, at, actor, action, target, detail, prev_hash, hash)
             SELECT seq, at, 'someone else', action, target, detail, prev_hash, hash
             FROM audit_log WHERE seq = 2",
        )
        .unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
    let entries = store.audit_entries(0, 1000).unwrap();
    assert_eq!(verify_chain(&entries, Some(51)), Ok(51));
}

#[test]
fn sqlite_audit_log_with_concurrent_appenders() {
    let (_dir, path) = sqlite_temp();
    let open = || ringtrace_store::open(&path).unwrap();
    audit_concurrently(&open);
}

#[test]
fn sqlite_opened_by_many_at_once() {
    // Eight processes (here threads) open a database at once, fresh or one
    // migration behind: it is migrated once and nobody fails.
    let (_dir, path) = sqlite_temp();
    let open_all = || {
        std::thread::scope(|s| {
            for _ in 0..8 {
                s.spawn(|| drop(ringtrace_store::open(&path).unwrap()));
            }
        })
    };
    let versions = || -> Vec<i64> {
        let conn = rusqlite::Connection::open(&path).unwrap();
        let mut stmt = conn
            .prepare("SELECT version FROM schema_migrations ORDER BY version")
            .unwrap();
        let v = stmt.query_map([], |r| r.get(0)).unwrap();
        v.collect::<Result<_, _>>().unwrap()
    };
    open_all();
    assert_eq!(versions(), [1, 2, 3, 4, 5, 6, 7]);
    for _ in 0..5 {
        // Back to version 6, as a database left by the previous ringtrace.
        rusqlite::Connection::open(&path)
            .unwrap()
            .execute_batch(
                "ALTER TABLE withdrawn_reports DROP COLUMN via;
                 DELETE FROM schema_migrations WHERE version = 7;",
            )
            .unwrap();
        open_all();
        assert_eq!(versions(), [1, 2, 3, 4, 5, 6, 7]);
    }
}

#[test]
fn sqlite_catalog() {
    let (_dir, path) = sqlite_temp();
    let mut store = ringtrace_store::open(&path).unwrap();
    catalog_contract(store.as_mut());
}

/// A fresh PostgreSQL schema, dropped at the end.
#[cfg(feature = "postgres-tests")]
struct PgSchema {
    url: String,
    schema: String,
}

#[cfg(feature = "postgres-tests")]
impl PgSchema {
    fn new(what: &str) -> PgSchema {
        let url = std::env::var("RINGTRACE_TEST_POSTGRES")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let schema = format!("rt_{what}_{}_{nanos}", std::process::id());
        PgSchema { url, schema }
    }

    fn open(&self) -> ringtrace_store::postgres::PostgresStore {
        ringtrace_store::postgres::PostgresStore::open(&self.url, Some(&self.schema)).unwrap()
    }

    /// A plain client whose search path is the schema.
    fn client(&self) -> postgres::Client {
        let mut c = postgres::Client::connect(&self.url, postgres::NoTls).unwrap();
        c.batch_execute(&format!("SET search_path TO {}", self.schema))
            .unwrap();
        c
    }
}

#[cfg(feature = "postgres-tests")]
impl Drop for PgSchema {
    fn drop(&mut self) {
        if let Ok(mut c) = postgres::Client::connect(&self.url, postgres::NoTls) {
            let _ = c.batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.schema));
        }
    }
}

#[cfg(feature = "postgres-tests")]
fn pg_error(e: postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => db.message().to_string(),
        None => e.to_string(),
    }
}

#[cfg(feature = "postgres-tests")]
#[test]
fn postgres_partners_keys_and_grants() {
    let pg = PgSchema::new("access");
    access_contract(&mut pg.open());
}

#[cfg(feature = "postgres-tests")]
#[test]
fn postgres_audit_log() {
    let pg = PgSchema::new("audit");
    let mut store = pg.open();
    let mut client = pg.client();
    audit_contract(&mut store, &mut |sql| {
        client.batch_execute(sql).map_err(pg_error)
    });
    let err = client.batch_execute("TRUNCATE audit_log").unwrap_err();
    assert!(pg_error(err).contains("append-only"));
    let entries = store.audit_entries(0, 1000).unwrap();
    assert_eq!(verify_chain(&entries, Some(51)), Ok(51));
}

#[cfg(feature = "postgres-tests")]
#[test]
fn postgres_audit_log_with_concurrent_appenders() {
    // The appenders connect at once to a schema that does not exist yet.
    let pg = PgSchema::new("audit_conc");
    let open = || -> Box<dyn Store> { Box::new(pg.open()) };
    audit_concurrently(&open);
}

#[cfg(feature = "postgres-tests")]
#[test]
fn postgres_catalog() {
    let pg = PgSchema::new("catalog");
    catalog_contract(&mut pg.open());
}

#[cfg(feature = "postgres-tests")]
#[test]
fn postgres_analyses_after_a_large_commit() {
    // Without statistics the planner took a thousand-key lookup for a scan
    // of every row; a commit that writes many rows analyses the tables.
    let pg = PgSchema::new("analyse");
    let mut store = pg.open();
    let mut client = pg.client();
    let tuples = |c: &mut postgres::Client| -> f32 {
        c.query_one(
            "SELECT reltuples FROM pg_class WHERE oid = 'mentions'::regclass",
            &[],
        )
        .unwrap()
        .get(0)
    };
    // A small commit leaves the statistics to autovacuum.
    import(
        &mut store,
        &[report("p", "small", 1, &[(Kind::Phone, SCAM, None)])],
    );
    assert!(tuples(&mut client) <= 0.0, "{}", tuples(&mut client));
    let many: Vec<PreparedReport> = (0..4_000)
        .map(|n| {
            report(
                "p",
                &format!("r-{n}"),
                1 + n % 28,
                &[
                    (Kind::Phone, &format!("+1888555{:04}", n / 4), None),
                    (Kind::Email, &format!("v{n}@mail.example"), None),
                ],
            )
        })
        .collect();
    let mut tx = store.begin().unwrap();
    tx.upcoming(&many[..3_000]).unwrap();
    for r in &many {
        assert_eq!(tx.upsert_report(r).unwrap().0, Upsert::New);
    }
    tx.commit().unwrap();
    assert_eq!(store.counts().unwrap(), [4_001, 5_001, 8_001, 1]);
    let analysed = tuples(&mut client);
    assert!((7_000.0..=9_000.0).contains(&analysed), "{analysed}");
    assert_eq!(store.report_count().unwrap(), 4_001);
}

// ---------------------------------------------------------------------------
// Hostile values: SQL is built with bound parameters only, so text that
// would break a query built by hand is stored and read back as it is, and
// matches only itself.

const HOSTILE: &[&str] = &[
    "Robert'); DROP TABLE reports; --",
    "' OR '1'='1",
    "\"; DELETE FROM partners; --",
    "x' UNION SELECT secret_hash FROM api_keys --",
    "$1 $$ $tag$ E'\\\\' \\x27",
    "%",
    "_",
    "🙂 Ünïcode \u{202e}rtl; --",
    "back\\slash 'single' \"double\" `tick`",
];

fn hostile_values_contract(store: &mut dyn Store) {
    for (i, h) in HOSTILE.iter().enumerate() {
        store
            .add_partner(&partner(&format!("p{i}"), h, ""))
            .unwrap();
        let mut k = api_key(&format!("k{i}"), &format!("p{i}"), AccessRole::Analyst, "");
        k.label = h.to_string();
        store.add_key(&k).unwrap();
        store
            .set_warning(&WarningEntry {
                indicator: Indicator::new(Kind::Domain, *h),
                verdict: WarningVerdict::NotHub,
                note: h.to_string(),
                added_at: String::new(),
            })
            .unwrap();
        store
            .append_audit(&AuditDraft {
                actor: h.to_string(),
                action: h.to_string(),
                target: h.to_string(),
                detail: json!({ "value": h }).to_string(),
            })
            .unwrap();
    }
    let reports: Vec<PreparedReport> = HOSTILE
        .iter()
        .enumerate()
        .map(|(i, h)| report("p0", &format!("r-{i}"), 1, &[(Kind::Email, h, None)]))
        .collect();
    import(store, &reports);

    let partners = store.partners().unwrap();
    assert_eq!(partners.len(), HOSTILE.len(), "no partner lost or added");
    for (i, h) in HOSTILE.iter().enumerate() {
        let p = partners.iter().find(|p| p.slug == format!("p{i}")).unwrap();
        assert_eq!(p.name, *h);
        assert_eq!(store.key(&format!("k{i}")).unwrap().unwrap().label, *h);
        let stored = store.report(&key(&format!("p0:r-{i}"))).unwrap().unwrap();
        assert_eq!(stored.record, reports[i].record, "{h}");
        let verdict = store
            .lookup(&Indicator::new(Kind::Email, *h))
            .unwrap()
            .unwrap_or_else(|| panic!("{h} is found"));
        assert_eq!(verdict.reports, 1, "{h} matches only itself");
    }
    // `%` and `_` are not wildcards anywhere.
    assert!(store
        .lookup(&Indicator::new(Kind::Email, "%%"))
        .unwrap()
        .is_none());
    let warnings = store.warninglist().unwrap();
    for h in HOSTILE {
        assert!(
            warnings
                .iter()
                .any(|w| w.indicator.value == *h && w.note == *h),
            "{h}"
        );
    }
    let audit = store.audit_entries(0, 1000).unwrap();
    assert_eq!(audit.len(), HOSTILE.len());
    for (e, h) in audit.iter().zip(HOSTILE) {
        assert_eq!((e.actor.as_str(), e.target.as_str()), (*h, *h));
    }
    verify_chain(&audit, Some(store.audit_recorded().unwrap())).unwrap();
    assert_eq!(store.report_count().unwrap(), HOSTILE.len() as u64);
    assert_eq!(store.integrity().unwrap(), Vec::<String>::new());
}

#[test]
fn sqlite_stores_hostile_values_as_they_are() {
    let (_dir, path) = sqlite_temp();
    let mut store = ringtrace_store::open(&path).unwrap();
    hostile_values_contract(store.as_mut());
}

#[cfg(feature = "postgres-tests")]
#[test]
fn postgres_stores_hostile_values_as_they_are() {
    let pg = PgSchema::new("hostile");
    hostile_values_contract(&mut pg.open());
}

/// Bulk mode: taken only with the file to itself, a write in it commits or
/// rolls back as usual, and the database is back in WAL mode once closed.
#[test]
fn sqlite_bulk_mode_only_alone_and_back_to_wal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let path = path.to_str().unwrap();
    let journal_mode = || -> String {
        let c = rusqlite::Connection::open(path).unwrap();
        c.query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap()
    };
    {
        let mut a = ringtrace_store::open(path).unwrap();
        let b = ringtrace_store::open(path).unwrap();
        assert!(!a.bulk_write().unwrap(), "another connection is open");
        drop(b);
        assert!(a.bulk_write().unwrap());
        assert!(a.bulk_write().unwrap(), "asking again is harmless");
        let r = report("amazon", "b-1", 1, &[(Kind::Phone, SCAM, None)]);
        {
            let mut tx = a.begin().unwrap();
            tx.upsert_report(&r).unwrap();
            // dropped: rolled back
        }
        assert_eq!(a.report_count().unwrap(), 0);
        assert_eq!(import(a.as_mut(), &[r]), [Upsert::New]);
        assert_eq!(a.report_count().unwrap(), 1);
    }
    assert_eq!(journal_mode(), "wal");
    let store = ringtrace_store::open(path).unwrap();
    assert_eq!(store.report_count().unwrap(), 1);
    assert_eq!(store.integrity().unwrap(), Vec::<String>::new());
}
