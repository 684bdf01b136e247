//! Times what `POST /v1/reports` asks of the store for one batch of new
//! reports: the report count (`report_count`), then in one transaction `upsert_report` for
//! each, the warning list, hubs and `neighbourhoods` of the new reports,
//! `place_reports`, the commit, then `catalog_reports`.
//!
//! ```text
//! cargo run --release -p ringtrace-store --example batch_timing -- \
//!     postgres://postgres@127.0.0.1:5432/test?schema=rt_perf [--fill 200000] [--announce] [--batches 3] [--size 1000]
//! cargo run --release -p ringtrace-store --example batch_timing -- /tmp/perf.db --fill 200000
//! ```
//!
//! `--fill N` first adds N synthetic reports (in transactions of 10,000) if
//! the store holds fewer. Batches share values with what is stored, as real
//! ones do: each new report mentions one stored phone number and one stored
//! URL besides a value of its own.

use ringtrace_model::{
    Indicator, Kind, Mention, MentionSource, PartnerSlug, Report, ReportId, ReportKey, RingId,
    Role, Tlp,
};
use ringtrace_store::{Placement, PreparedReport};
use std::time::Instant;

fn prepared(id: &str, values: &[(Kind, String)]) -> PreparedReport {
    let narrative = format!(
        "The caller said my computer had a virus and asked me to call back. {}",
        "He insisted I install remote support software and pay with gift cards. ".repeat(4)
    );
    let record = serde_json::json!({
        "id": id, "partner": "bench", "received_at": "2024-01-02T03:04:05Z",
        "narrative": narrative,
        "indicators": values.iter().map(|(k, v)| serde_json::json!({"kind": k.as_str(), "value": v})).collect::<Vec<_>>(),
    });
    let serde_json::Value::Object(record) = record else {
        unreachable!()
    };
    PreparedReport {
        report: Report {
            key: ReportKey {
                partner: PartnerSlug::parse("bench").unwrap(),
                id: ReportId::parse(id).unwrap(),
            },
            received_at: chrono::DateTime::parse_from_rfc3339("2024-01-02T03:04:05Z").unwrap(),
            channel: None,
            brand: Some("Microsoft".into()),
            language: None,
            region: None,
            narrative: Some(narrative),
            given_indicators: vec![],
            loss: None,
            payment_method: None,
            tlp: Tlp::Green,
            extra: Default::default(),
        },
        content_hash: format!("{id}-hash"),
        record,
        mentions: values
            .iter()
            .enumerate()
            .map(|(n, (k, v))| Mention {
                indicator: Indicator::new(*k, v.clone()),
                source: if n == 0 {
                    MentionSource::Given
                } else {
                    MentionSource::Narrative
                },
                span: (n > 0).then_some((n * 10, n * 10 + 8)),
                role: (n > 0).then_some(Role::ScammerContact),
            })
            .collect(),
    }
}

/// Values of report `n` of a synthetic population: a phone shared by about
/// 8 reports, a URL by about 20, a gift card of its own.
fn synthetic(n: u64) -> Vec<(Kind, String)> {
    vec![
        (Kind::Phone, format!("+1555{:07}", n / 8)),
        (Kind::Url, format!("https://support-{}.example/fix", n / 20)),
        (Kind::GiftCard, format!("GC{n:012}")),
    ]
}

fn arg(args: &[String], name: &str) -> Option<u64> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .map(|v| v.parse().expect("a number"))
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let location = args.first().expect("a --db location").clone();
    let fill = arg(&args, "--fill").unwrap_or(0);
    let batches = arg(&args, "--batches").unwrap_or(3);
    let size = arg(&args, "--size").unwrap_or(1000);
    // Fill as an import that names each chunk's reports beforehand would.
    let announce = args.iter().any(|a| a == "--announce");
    let mut store = ringtrace_store::open(&location).unwrap();

    let have = store.counts().unwrap()[0];
    if have < fill {
        let started = Instant::now();
        let mut n = have;
        while n < fill {
            let mut tx = store.begin().unwrap();
            let end = (n + 10_000).min(fill);
            let chunk: Vec<PreparedReport> = (n..end)
                .map(|i| prepared(&format!("fill-{i}"), &synthetic(i)))
                .collect();
            if announce {
                tx.upcoming(&chunk).unwrap();
            }
            for r in &chunk {
                tx.upsert_report(r).unwrap();
            }
            tx.commit().unwrap();
            n = end;
            eprintln!(
                "filled {n} reports ({:.0}/s)",
                (n - have) as f64 / started.elapsed().as_secs_f64()
            );
        }
        let started = Instant::now();
        let mut tx = store.begin().unwrap();
        let input = tx.link_input().unwrap();
        let pairs = input
            .graph
            .linking_pairs(&ringtrace_link::WarningList::shipped());
        let comps = ringtrace_link::connected_components(input.graph.reports, &pairs);
        let a = ringtrace_link::assign_ring_ids(&input.previous, &comps, input.next_seq);
        tx.apply_rings(&input, &a, "fill").unwrap();
        tx.commit().unwrap();
        eprintln!("linked in {:.1} s", started.elapsed().as_secs_f64());
    }

    if location.starts_with("postgres") {
        // The floor: one round trip of a prepared statement.
        let url = location.split('?').next().unwrap_or(&location);
        let mut c = postgres::Client::connect(url, postgres::NoTls).unwrap();
        let st = c.prepare("SELECT $1::BIGINT").unwrap();
        let t = Instant::now();
        for i in 0..1000i64 {
            c.query_one(&st, &[&i]).unwrap();
        }
        eprintln!(
            "round trip: {:.1} µs",
            t.elapsed().as_secs_f64() * 1e6 / 1000.0
        );
    }

    // Stored values for new reports to share: those of the synthetic
    // population when there is one, else some of the store's own.
    let stored = store.counts().unwrap()[0];
    let run = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis();
    let mut totals = Vec::new();
    for b in 0..batches {
        let reports: Vec<PreparedReport> = (0..size)
            .map(|i| {
                let shared = (b * size + i) * 7919 % stored.max(1);
                let mut values = synthetic(shared);
                values[2] = (Kind::Email, format!("victim-{run}-{b}-{i}@mail.example"));
                prepared(&format!("batch-{run}-{b}-{i}"), &values)
            })
            .collect();
        let t0 = Instant::now();
        let before = store.report_count().unwrap();
        let t_counts = t0.elapsed();
        let mut tx = store.begin().unwrap();
        let mut pks = Vec::new();
        tx.upcoming(&reports).unwrap();
        for r in &reports {
            pks.push(tx.upsert_report(r).unwrap().1);
        }
        let t_upsert = t0.elapsed();
        let _ = tx.warninglist().unwrap();
        let _ = tx.detected_hubs().unwrap();
        let hoods = tx.neighbourhoods(&pks, &|_| false).unwrap();
        let t_hoods = t0.elapsed();
        let mut seq = tx.next_ring_seq().unwrap();
        let placements: Vec<Placement> = hoods
            .iter()
            .map(|h| {
                let near = h
                    .shared
                    .iter()
                    .flat_map(|s| &s.others)
                    .find_map(|(_, r)| r.as_deref().and_then(RingId::parse));
                match near {
                    Some(ring) => Placement {
                        report_pk: h.report_pk,
                        ring,
                        created: false,
                        previous: None,
                    },
                    None => {
                        seq += 1;
                        Placement {
                            report_pk: h.report_pk,
                            ring: RingId::from_sequence(seq - 1),
                            created: true,
                            previous: None,
                        }
                    }
                }
            })
            .collect();
        tx.place_reports(&placements, seq, "bench").unwrap();
        let t_place = t0.elapsed();
        tx.commit().unwrap();
        let t_commit = t0.elapsed();
        let (mut r, mut m) = (0, 0);
        store
            .catalog_reports(&pks, &mut |_| r += 1, &mut |_| m += 1)
            .unwrap();
        let t_all = t0.elapsed();
        assert_eq!(r, size);
        let ms = |d: std::time::Duration| d.as_secs_f64() * 1e3;
        eprintln!(
            "batch {b} of {size} into {before}: counts {:.1} ms, upserts {:.1}, neighbourhoods {:.1}, place {:.1}, commit {:.1}, catalog {:.1}; total {:.1} ms ({} mentions)",
            ms(t_counts),
            ms(t_upsert - t_counts),
            ms(t_hoods - t_upsert),
            ms(t_place - t_hoods),
            ms(t_commit - t_place),
            ms(t_all - t_commit),
            ms(t_all),
            m
        );
        totals.push(ms(t_all));
    }
    totals.sort_by(f64::total_cmp);
    if let Some(median) = totals.get(totals.len() / 2) {
        eprintln!("median batch: {median:.1} ms");
    }
}
