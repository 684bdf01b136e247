//! The catalog scan at the service's scale: 1M reports, 5M mentions (set
//! RINGTRACE_SCALE_REPORTS for another size; mentions are five per report).
//! Ignored by default; run with
//! `cargo test -p ringtrace-store --release --test catalog_scale -- --ignored --nocapture`
//! (add `--features postgres-tests` for PostgreSQL).

use ringtrace_store::Store;
use std::time::Instant;

fn scale() -> i64 {
    std::env::var("RINGTRACE_SCALE_REPORTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000)
}

/// Reads the whole catalog, keeping what a service would keep, and reports
/// the time taken.
fn time_catalog(store: &dyn Store, reports: i64) {
    // The store's own cost: rows counted, not kept.
    let start = Instant::now();
    let (mut r, mut m) = (0i64, 0i64);
    store.catalog(&mut |_| r += 1, &mut |_| m += 1).unwrap();
    assert_eq!((r, m), (reports, reports * 5));
    eprintln!(
        "catalog, counted: {r} reports, {m} mentions in {:.2} s",
        start.elapsed().as_secs_f64()
    );
    let start = Instant::now();
    let mut kept_reports = Vec::new();
    let mut kept_mentions = Vec::new();
    let mut reports_took = None;
    store
        .catalog(&mut |r| kept_reports.push(r), &mut |m| {
            reports_took.get_or_insert_with(|| start.elapsed());
            kept_mentions.push(m)
        })
        .unwrap();
    let took = start.elapsed();
    assert_eq!(kept_reports.len() as i64, reports);
    assert_eq!(kept_mentions.len() as i64, reports * 5);
    assert!(kept_reports
        .windows(2)
        .all(|w| w[0].report_pk < w[1].report_pk));
    eprintln!(
        "catalog, kept: {} reports, {} mentions in {:.2} s (reports {:.2} s)",
        kept_reports.len(),
        kept_mentions.len(),
        took.as_secs_f64(),
        reports_took.unwrap_or_default().as_secs_f64()
    );
    let pks: Vec<i64> = (1..=reports).step_by(997).collect();
    let start = Instant::now();
    let (mut r, mut m) = (0, 0);
    store
        .catalog_reports(&pks, &mut |_| r += 1, &mut |_| m += 1)
        .unwrap();
    assert_eq!((r, m), (pks.len(), pks.len() * 5));
    eprintln!(
        "catalog_reports: {} reports, {} mentions in {:.3} s",
        r,
        m,
        start.elapsed().as_secs_f64()
    );
}

/// Rows of about the size real ones have (a narrative, the record as sent);
/// indicators shared across distant reports, as rings' are. `?1` (or `$1`)
/// is the number of reports; `{series}` yields `i` from 1 to it (times
/// FROM_N) and `n`.
fn fill_sql(series: &str, text: &str, overriding: &str, yes: &str) -> [String; 3] {
    [
        format!(
            "INSERT INTO reports (report_pk, partner, id, received_at, channel, brand, region,
                 narrative, loss_amount, loss_currency, tlp, record, content_hash, version,
                 ring_id, first_imported_at, updated_at) {overriding}
             SELECT i, 'partner' || (i % 20), 'r-' || i, '2024-01-01T00:00:00Z', 'phone_call',
                 'Microsoft', 'IN', {text}, (i % 1000) * 1.5, 'USD',
                 CASE WHEN i % 7 = 0 THEN 'red' ELSE 'amber' END, {text} || {text},
                 'h' || i, 1, CASE WHEN i % 3 = 0 THEN 'R-' || (i / 10) END,
                 '2024-01-02T00:00:00Z', '2024-01-02T00:00:00Z'
             FROM {series}"
        ),
        format!(
            "INSERT INTO indicators (indicator_pk, kind, value) {overriding}
             SELECT i, 'phone', '+1800' || (1000000 + i) FROM {series}"
        ),
        format!(
            "INSERT INTO mentions (report_pk, indicator_pk, source, span_start, span_end, role, may_link)
             SELECT (i - 1) / 5 + 1, ((i * 7919) % (5 * n)) / 5 + 1, 'narrative', 10, 22,
                 CASE WHEN i % 4 = 0 THEN 'scammer_contact' END, {yes}
             FROM {series}"
        ),
    ]
}

#[test]
#[ignore]
fn sqlite_catalog_at_scale() {
    let n = scale();
    let dir = tempfile::tempdir().unwrap();
    // RINGTRACE_SCALE_DB keeps the database for another run.
    let path = std::env::var("RINGTRACE_SCALE_DB")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| dir.path().join("scale.db"));
    let existed = path.exists();
    let store = ringtrace_store::open(path.to_str().unwrap()).unwrap();
    let start = Instant::now();
    if !existed {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("PRAGMA synchronous = OFF; BEGIN")
            .unwrap();
        let text = "printf('%.500c', 'x') || ' repeat'";
        let series =
            "(WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ?1 * FROM_N)
                        SELECT i, ?1 AS n FROM s) AS series";
        for (sql, per) in fill_sql(series, text, "", "1").iter().zip(["1", "2", "5"]) {
            conn.execute(&sql.replace("FROM_N", per), [n]).unwrap();
        }
        conn.execute_batch("COMMIT").unwrap();
    }
    eprintln!("filled in {:.1} s", start.elapsed().as_secs_f64());
    drop(store);
    // A fresh connection, as the service has at start.
    let store = ringtrace_store::open(path.to_str().unwrap()).unwrap();
    time_catalog(store.as_ref(), n);
}

#[cfg(feature = "postgres-tests")]
#[test]
#[ignore]
fn postgres_catalog_at_scale() {
    let n = scale();
    let url = std::env::var("RINGTRACE_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
    // RINGTRACE_SCALE_SCHEMA keeps the schema for another run.
    let kept = std::env::var("RINGTRACE_SCALE_SCHEMA").ok();
    let schema = kept
        .clone()
        .unwrap_or_else(|| format!("rt_scale_{}", std::process::id()));
    struct DropSchema<'a>(&'a str, &'a str);
    impl Drop for DropSchema<'_> {
        fn drop(&mut self) {
            if let Ok(mut c) = postgres::Client::connect(self.0, postgres::NoTls) {
                let _ = c.batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.1));
            }
        }
    }
    let _guard = kept.is_none().then(|| DropSchema(&url, &schema));
    let store = ringtrace_store::postgres::PostgresStore::open(&url, Some(&schema)).unwrap();
    let mut c = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    c.batch_execute(&format!("SET search_path TO {schema}"))
        .unwrap();
    let start = Instant::now();
    let text = "repeat('x', 500)";
    let series =
        "(SELECT i, $1::bigint AS n FROM generate_series(1, $1::bigint * FROM_N) AS i) AS series";
    let sqls = fill_sql(series, text, "OVERRIDING SYSTEM VALUE", "TRUE");
    if store.counts().unwrap()[0] == 0 {
        for (sql, per) in sqls.iter().zip(["1", "2", "5"]) {
            c.execute(&sql.replace("FROM_N", per), &[&n]).unwrap();
        }
        c.batch_execute("ANALYZE").unwrap();
    }
    eprintln!("filled in {:.1} s", start.elapsed().as_secs_f64());
    time_catalog(&store, n);
}
