//! Writes on PostgreSQL: one database transaction per unit of work.
//!
//! Round trips are what cost here, not the server's work: a report takes one
//! statement (found, or inserted, in one go); its mentions wait in the
//! transaction and go in many reports at a time through arrays, their
//! indicators resolved in bulk, before anything reads them back and at
//! commit. Reads of several reports are one statement over an array of keys,
//! joined row by row through the indexes whatever the planner's statistics
//! say (a fresh import has none until it is analysed).

use super::backend;
use crate::{
    DetectedHub, LinkChange, LinkInput, Neighbourhood, Placement, PreparedReport, RingBridge,
    SharedValue, StoreError, Transaction, Upsert, WarningEntry,
};
use postgres::types::ToSql;
use postgres::{Client, Statement};
use ringtrace_link::Assignment;
use ringtrace_model::{Indicator, RingId};
use std::collections::{BTreeSet, HashMap, HashSet};

/// Rows per statement when many rows change at once.
const BATCH: usize = 10_000;

/// Mentions kept back before they are written anyway.
const PENDING_MENTIONS: usize = 50_000;

/// Rows written by one transaction past which its commit analyses the
/// tables, so that the planner does not work from statistics of a much
/// smaller store (autovacuum may take long to get there).
const ANALYZE_AFTER: u64 = 10_000;

/// One report, found or inserted: the existing row's key and content hash,
/// or the new row's key and NULL.
const UPSERT: &str = "WITH old AS (
         SELECT report_pk, content_hash FROM reports WHERE partner = $1::text AND id = $2::text
     ), ins AS (
         INSERT INTO reports (partner, id, received_at, channel, brand, language, region,
             narrative, payment_method, loss_amount, loss_currency, tlp, record,
             content_hash, first_imported_at, updated_at, version)
         SELECT $1::text, $2::text, $3::text, $4::text, $5::text, $6::text, $7::text, $8::text,
             $9::text, $10::float8, $11::text, $12::text, $13::text, $14::text, $15::text,
             $15::text, 1
         WHERE NOT EXISTS (SELECT 1 FROM old)
         RETURNING report_pk
     )
     SELECT report_pk, content_hash FROM old
     UNION ALL SELECT report_pk, NULL::text FROM ins";

/// A changed report: its current version to the history, the new one in
/// its place, its mentions gone (`$16` its key).
const REPLACE: &str = "WITH kept AS (
         INSERT INTO report_versions (report_pk, version, content_hash, record, imported_at, replaced_at)
         SELECT report_pk, version, content_hash, record, updated_at, $15::text
         FROM reports WHERE report_pk = $16::bigint
     ), changed AS (
         UPDATE reports SET received_at = $3::text, channel = $4::text, brand = $5::text,
             language = $6::text, region = $7::text, narrative = $8::text,
             payment_method = $9::text, loss_amount = $10::float8, loss_currency = $11::text,
             tlp = $12::text, record = $13::text, content_hash = $14::text,
             updated_at = $15::text, version = version + 1
         WHERE report_pk = $16::bigint AND partner = $1::text AND id = $2::text
     )
     DELETE FROM mentions WHERE report_pk = $16::bigint";

/// Indicators not stored yet, in the order given (`$1` kinds, `$2` values,
/// distinct). Each is looked up through the index, row by row.
const ADD_INDICATORS: &str = "INSERT INTO indicators (kind, value)
     SELECT u.kind, u.value
     FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS u(kind, value, n)
     LEFT JOIN LATERAL (
         SELECT 1 AS found FROM indicators i WHERE i.kind = u.kind AND i.value = u.value OFFSET 0
     ) i ON true
     WHERE i.found IS NULL
     ORDER BY u.n
     ON CONFLICT DO NOTHING";

/// Mentions, each with its indicator's key looked up through the index.
const ADD_MENTIONS: &str = "INSERT INTO mentions (report_pk, indicator_pk, source, span_start, span_end, role, may_link)
     SELECT u.report_pk, i.indicator_pk, u.source, u.span_start, u.span_end, u.role, u.may_link
     FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[],
                 $7::text[], $8::bool[])
         WITH ORDINALITY AS u(report_pk, kind, value, source, span_start, span_end, role, may_link, n)
     CROSS JOIN LATERAL (
         SELECT indicator_pk FROM indicators i WHERE i.kind = u.kind AND i.value = u.value OFFSET 0
     ) i
     ORDER BY u.n";

/// The linkable values of some reports (`$1`), each report's by kind and value.
const OWN_VALUES: &str = "SELECT DISTINCT q.report_pk, i.indicator_pk, i.kind, i.value
     FROM (SELECT DISTINCT unnest($1::bigint[]) AS report_pk) q
     CROSS JOIN LATERAL (
         SELECT m.indicator_pk FROM mentions m WHERE m.report_pk = q.report_pk AND m.may_link OFFSET 0
     ) m
     CROSS JOIN LATERAL (
         SELECT i.indicator_pk, i.kind, i.value FROM indicators i
         WHERE i.indicator_pk = m.indicator_pk OFFSET 0
     ) i
     ORDER BY q.report_pk, i.kind, i.value";

/// The reports that mention some values (`$1`) linkably, with their rings.
const MENTIONED_BY: &str = "SELECT DISTINCT q.indicator_pk, m.report_pk, r.ring_id
     FROM (SELECT DISTINCT unnest($1::bigint[]) AS indicator_pk) q
     CROSS JOIN LATERAL (
         SELECT m.report_pk FROM mentions m
         WHERE m.indicator_pk = q.indicator_pk AND m.may_link OFFSET 0
     ) m
     CROSS JOIN LATERAL (
         SELECT r.ring_id FROM reports r WHERE r.report_pk = m.report_pk OFFSET 0
     ) r
     ORDER BY q.indicator_pk, m.report_pk";

/// Which of some reports (`$1` partners, `$2` ids) are stored, with their
/// keys and content hashes.
const KNOWN: &str = "SELECT r.partner, r.id, r.report_pk, r.content_hash
     FROM unnest($1::text[], $2::text[]) AS q(partner, id)
     CROSS JOIN LATERAL (
         SELECT r.partner, r.id, r.report_pk, r.content_hash FROM reports r
         WHERE r.partner = q.partner AND r.id = q.id OFFSET 0
     ) r";

/// Keys for `$1` new reports, from the reports' own sequence.
const RESERVE: &str = "SELECT nextval(pg_get_serial_sequence('reports', 'report_pk')::regclass)
     FROM generate_series(1, $1::bigint)";

/// New reports, their keys reserved beforehand.
const ADD_REPORTS: &str =
    "INSERT INTO reports (report_pk, partner, id, received_at, channel, brand,
         language, region, narrative, payment_method, loss_amount, loss_currency, tlp, record,
         content_hash, first_imported_at, updated_at, version)
     OVERRIDING SYSTEM VALUE
     SELECT v.*, $16::text, $16::text, 1
     FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                 $7::text[], $8::text[], $9::text[], $10::text[], $11::float8[], $12::text[],
                 $13::text[], $14::text[], $15::text[])
         AS v(report_pk, partner, id, received_at, channel, brand, language, region, narrative,
              payment_method, loss_amount, loss_currency, tlp, record, content_hash)
     ORDER BY v.report_pk";

/// A report's columns, as written.
struct ReportRow {
    partner: String,
    id: String,
    received_at: String,
    channel: Option<String>,
    brand: Option<String>,
    language: Option<String>,
    region: Option<String>,
    narrative: Option<String>,
    payment_method: Option<String>,
    loss_amount: Option<f64>,
    loss_currency: Option<String>,
    tlp: String,
    record: String,
    content_hash: String,
}

impl ReportRow {
    fn of(p: &PreparedReport) -> ReportRow {
        let r = &p.report;
        ReportRow {
            partner: r.key.partner.as_str().to_string(),
            id: r.key.id.as_str().to_string(),
            received_at: r
                .received_at
                .with_timezone(&chrono::Utc)
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            channel: r.channel.map(|c| c.as_str().to_string()),
            brand: r.brand.clone(),
            language: r.language.as_ref().map(|l| l.as_str().to_string()),
            region: r.region.as_ref().map(|l| l.as_str().to_string()),
            narrative: r.narrative.clone(),
            payment_method: r.payment_method.clone(),
            loss_amount: r.loss.as_ref().map(|l| l.amount),
            loss_currency: r.loss.as_ref().map(|l| l.currency.as_str().to_string()),
            tlp: r.tlp.as_str().to_string(),
            record: serde_json::Value::Object(p.record.clone()).to_string(),
            content_hash: p.content_hash.clone(),
        }
    }

    /// `$1`–`$15` of [`UPSERT`] and [`REPLACE`].
    fn params<'a>(&'a self, now: &'a String) -> Vec<&'a (dyn ToSql + Sync)> {
        vec![
            &self.partner,
            &self.id,
            &self.received_at,
            &self.channel,
            &self.brand,
            &self.language,
            &self.region,
            &self.narrative,
            &self.payment_method,
            &self.loss_amount,
            &self.loss_currency,
            &self.tlp,
            &self.record,
            &self.content_hash,
            now,
        ]
    }
}

/// A mention waiting to be written.
struct PendingMention {
    report_pk: i64,
    kind: &'static str,
    value: String,
    source: &'static str,
    span: Option<(i64, i64)>,
    role: Option<&'static str>,
    may_link: bool,
}

pub(super) struct PostgresTransaction<'c> {
    /// The connection, inside `BEGIN`: the transaction is ours to end, so
    /// that the commit can be followed by `ANALYZE`.
    client: &'c mut Client,
    open: bool,
    now: String,
    upsert: Option<Statement>,
    /// Reports announced by `upcoming`: stored (key, content hash) or not
    /// (None), as of then, and as this transaction changed them since.
    known: HashMap<(String, String), Option<(i64, String)>>,
    /// Keys reserved for the announced reports not stored.
    reserved: std::collections::VecDeque<i64>,
    /// New reports waiting to be written, with their reserved keys.
    pending_rows: Vec<(i64, ReportRow)>,
    pending: Vec<PendingMention>,
    /// Reports with mentions in `pending`.
    pending_reports: HashSet<i64>,
    /// Per report replaced here, the linkable values its new version lost.
    dropped: HashMap<i64, Vec<Indicator>>,
    /// Reports inserted, for the count kept in `meta`.
    new_reports: i64,
    /// Reports and mentions written, to decide on `ANALYZE`.
    written: u64,
}

impl Drop for PostgresTransaction<'_> {
    fn drop(&mut self) {
        if self.open {
            // Dropped without commit: undone. An error here leaves the
            // connection broken, which its next use reports.
            let _ = self.client.batch_execute("ROLLBACK");
        }
    }
}

impl<'c> PostgresTransaction<'c> {
    pub(super) fn begin(client: &'c mut Client) -> Result<Self, StoreError> {
        // No JIT: these statements touch a few rows each through indexes,
        // yet estimates over large tables cross the JIT threshold, and
        // compiling took longer (50 ms) than running the statement.
        // One writing transaction at a time, whatever the number of
        // processes (as SQLite has it): two servers placing reports into
        // rings at once would each see the other's rings half-made.
        client
            .batch_execute("BEGIN; SET LOCAL jit = off; SELECT pg_advisory_xact_lock(7465723002)")
            .map_err(backend)?;
        Ok(PostgresTransaction {
            client,
            open: true,
            now: crate::assemble::now(),
            upsert: None,
            known: HashMap::new(),
            reserved: std::collections::VecDeque::new(),
            pending_rows: Vec::new(),
            pending: Vec::new(),
            pending_reports: HashSet::new(),
            dropped: HashMap::new(),
            new_reports: 0,
            written: 0,
        })
    }

    /// Appends to the rings' history: `(event, ring, other)`, for `reason`,
    /// in order.
    fn record_events(
        &mut self,
        events: &[(&str, &RingId, Option<&RingId>)],
        reason: &str,
    ) -> Result<(), StoreError> {
        for chunk in events.chunks(BATCH) {
            let kinds: Vec<&str> = chunk.iter().map(|e| e.0).collect();
            let rings: Vec<&str> = chunk.iter().map(|e| e.1.as_str()).collect();
            let others: Vec<Option<&str>> = chunk.iter().map(|e| e.2.map(|o| o.as_str())).collect();
            self.client
                .execute(
                    "INSERT INTO ring_events (at, event, ring_id, other, reason)
                     SELECT $4, v.event, v.ring, v.other, $5
                     FROM unnest($1::TEXT[], $2::TEXT[], $3::TEXT[]) WITH ORDINALITY AS v(event, ring, other, n)
                     ORDER BY v.n",
                    &[&kinds, &rings, &others, &self.now, &reason],
                )
                .map_err(backend)?;
        }
        Ok(())
    }

    fn hold_mentions(&mut self, report_pk: i64, p: &PreparedReport) -> Result<(), StoreError> {
        for m in &p.mentions {
            self.pending.push(PendingMention {
                report_pk,
                kind: m.indicator.kind.as_str(),
                value: m.indicator.value.clone(),
                source: m.source.as_str(),
                span: m.span.map(|(a, b)| (a as i64, b as i64)),
                role: m.role.map(|r| r.as_str()),
                may_link: m.may_link(),
            });
        }
        if !p.mentions.is_empty() {
            self.pending_reports.insert(report_pk);
        }
        if self.pending.len() >= PENDING_MENTIONS || self.pending_rows.len() >= BATCH {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes the mentions kept back: new indicators first (in the order
    /// first mentioned, as one by one would number them), then the mentions.
    fn flush(&mut self) -> Result<(), StoreError> {
        if !self.pending_rows.is_empty() {
            let rows = std::mem::take(&mut self.pending_rows);
            let pks: Vec<i64> = rows.iter().map(|(pk, _)| *pk).collect();
            let col = |f: fn(&ReportRow) -> &String| -> Vec<&String> {
                rows.iter().map(|(_, r)| f(r)).collect()
            };
            let opt = |f: fn(&ReportRow) -> &Option<String>| -> Vec<&Option<String>> {
                rows.iter().map(|(_, r)| f(r)).collect()
            };
            let amounts: Vec<Option<f64>> = rows.iter().map(|(_, r)| r.loss_amount).collect();
            self.client
                .execute(
                    ADD_REPORTS,
                    &[
                        &pks,
                        &col(|r| &r.partner),
                        &col(|r| &r.id),
                        &col(|r| &r.received_at),
                        &opt(|r| &r.channel),
                        &opt(|r| &r.brand),
                        &opt(|r| &r.language),
                        &opt(|r| &r.region),
                        &opt(|r| &r.narrative),
                        &opt(|r| &r.payment_method),
                        &amounts,
                        &opt(|r| &r.loss_currency),
                        &col(|r| &r.tlp),
                        &col(|r| &r.record),
                        &col(|r| &r.content_hash),
                        &self.now,
                    ],
                )
                .map_err(backend)?;
        }
        if self.pending.is_empty() {
            return Ok(());
        }
        let pending = std::mem::take(&mut self.pending);
        self.pending_reports.clear();
        let mut seen = HashSet::with_capacity(pending.len());
        let (mut kinds, mut values) = (Vec::new(), Vec::new());
        for m in &pending {
            if seen.insert((m.kind, m.value.as_str())) {
                kinds.push(m.kind);
                values.push(m.value.as_str());
            }
        }
        self.client
            .execute(ADD_INDICATORS, &[&kinds, &values])
            .map_err(backend)?;
        let report_pks: Vec<i64> = pending.iter().map(|m| m.report_pk).collect();
        let kinds: Vec<&str> = pending.iter().map(|m| m.kind).collect();
        let values: Vec<&str> = pending.iter().map(|m| m.value.as_str()).collect();
        let sources: Vec<&str> = pending.iter().map(|m| m.source).collect();
        let starts: Vec<Option<i64>> = pending.iter().map(|m| m.span.map(|s| s.0)).collect();
        let ends: Vec<Option<i64>> = pending.iter().map(|m| m.span.map(|s| s.1)).collect();
        let roles: Vec<Option<&str>> = pending.iter().map(|m| m.role).collect();
        let links: Vec<bool> = pending.iter().map(|m| m.may_link).collect();
        let n = self
            .client
            .execute(
                ADD_MENTIONS,
                &[
                    &report_pks,
                    &kinds,
                    &values,
                    &sources,
                    &starts,
                    &ends,
                    &roles,
                    &links,
                ],
            )
            .map_err(backend)?;
        if n != pending.len() as u64 {
            return Err(StoreError::Corrupt(format!(
                "{} mentions to write, {n} written: an indicator went missing",
                pending.len()
            )));
        }
        self.written += n;
        Ok(())
    }
}

impl Transaction for PostgresTransaction<'_> {
    fn upcoming(&mut self, reports: &[PreparedReport]) -> Result<(), StoreError> {
        let mut partners = Vec::new();
        let mut ids = Vec::new();
        for p in reports {
            let key = (
                p.report.key.partner.as_str().to_string(),
                p.report.key.id.as_str().to_string(),
            );
            if let std::collections::hash_map::Entry::Vacant(e) = self.known.entry(key) {
                partners.push(e.key().0.clone());
                ids.push(e.key().1.clone());
                e.insert(None);
            }
        }
        if partners.is_empty() {
            return Ok(());
        }
        let mut absent = partners.len() as i64;
        for row in self
            .client
            .query(KNOWN, &[&partners, &ids])
            .map_err(backend)?
        {
            self.known
                .insert((row.get(0), row.get(1)), Some((row.get(2), row.get(3))));
            absent -= 1;
        }
        if absent > 0 {
            for row in self.client.query(RESERVE, &[&absent]).map_err(backend)? {
                self.reserved.push_back(row.get(0));
            }
        }
        Ok(())
    }

    fn upsert_report(&mut self, p: &PreparedReport) -> Result<(Upsert, i64), StoreError> {
        let row = ReportRow::of(p);
        let key = (row.partner.clone(), row.id.clone());
        let known = self.known.get(&key).cloned();
        let (pk, hash) = match known {
            // Announced and not stored: written later, with the others.
            Some(None) if !self.reserved.is_empty() => {
                let pk = self.reserved.pop_front().expect("not empty");
                self.known.insert(key, Some((pk, p.content_hash.clone())));
                self.pending_rows.push((pk, row));
                self.new_reports += 1;
                self.written += 1;
                self.hold_mentions(pk, p)?;
                return Ok((Upsert::New, pk));
            }
            Some(Some((pk, hash))) => (pk, Some(hash)),
            _ => {
                if self.upsert.is_none() {
                    self.upsert = Some(self.client.prepare(UPSERT).map_err(backend)?);
                }
                let upsert = self.upsert.as_ref().expect("prepared above");
                let found = self
                    .client
                    .query_one(upsert, &row.params(&self.now))
                    .map_err(backend)?;
                let pk: i64 = found.get(0);
                let hash: Option<String> = found.get(1);
                if self.known.contains_key(&key) {
                    self.known
                        .insert(key.clone(), Some((pk, p.content_hash.clone())));
                }
                if hash.is_none() {
                    self.new_reports += 1;
                    self.written += 1;
                    self.hold_mentions(pk, p)?;
                    return Ok((Upsert::New, pk));
                }
                (pk, hash)
            }
        };
        if hash.as_deref() == Some(p.content_hash.as_str()) {
            return Ok((Upsert::Unchanged, pk));
        }
        // Changed. Its row must be stored before it is replaced; mentions
        // of it still held back go the way of the stored ones.
        if !self.pending_rows.is_empty() {
            self.flush()?;
        }
        let before: BTreeSet<(String, String)> = if self.pending_reports.contains(&pk) {
            self.pending
                .iter()
                .filter(|m| m.report_pk == pk && m.may_link)
                .map(|m| (m.kind.to_string(), m.value.as_str().to_string()))
                .collect()
        } else {
            self.client
                .query(
                    "SELECT DISTINCT i.kind, i.value
                     FROM mentions m JOIN indicators i ON i.indicator_pk = m.indicator_pk
                     WHERE m.report_pk = $1 AND m.may_link",
                    &[&pk],
                )
                .map_err(backend)?
                .iter()
                .map(|row| (row.get(0), row.get(1)))
                .collect()
        };
        let after = crate::assemble::linkable(p);
        let change = LinkChange::between(&before, &after);
        crate::assemble::note_dropped(&mut self.dropped, pk, &before, &after)?;
        if self.pending_reports.remove(&pk) {
            self.pending.retain(|m| m.report_pk != pk);
        }
        let mut args = row.params(&self.now);
        args.push(&pk);
        self.client.execute(REPLACE, &args).map_err(backend)?;
        if let Some(k) = self.known.get_mut(&key) {
            *k = Some((pk, p.content_hash.clone()));
        }
        self.written += 1;
        self.hold_mentions(pk, p)?;
        Ok((Upsert::Updated(change), pk))
    }

    fn withdraw_report(
        &mut self,
        key: &ringtrace_model::ReportKey,
        reason: &str,
        via: Option<&str>,
    ) -> Result<Option<crate::Withdrawal>, StoreError> {
        self.flush()?;
        let gone = super::withdraw::withdraw(self.client, &self.now, key, reason, via)?;
        if let Some(w) = &gone {
            // Stored again in this transaction, it goes the upsert's way.
            self.known.remove(&(
                key.partner.as_str().to_string(),
                key.id.as_str().to_string(),
            ));
            if let Some(pk) = w.report_pk {
                if self.pending_reports.remove(&pk) {
                    self.pending.retain(|m| m.report_pk != pk);
                }
            }
            self.new_reports -= 1;
        }
        Ok(gone)
    }

    fn link_input(&mut self) -> Result<LinkInput, StoreError> {
        self.flush()?;
        super::read::link_input(self.client)
    }

    fn apply_rings(
        &mut self,
        input: &LinkInput,
        a: &Assignment,
        reason: &str,
    ) -> Result<(), StoreError> {
        self.flush()?;
        let changes = crate::assemble::ring_changes(input, a);
        self.written += changes.set_ring.len() as u64;
        // In batches through arrays: one statement per 10,000 rows, not one
        // round trip per row (a million rows would take minutes).
        for chunk in changes.set_ring.chunks(BATCH) {
            let pks: Vec<i64> = chunk.iter().map(|(pk, _)| *pk).collect();
            let rings: Vec<&str> = chunk.iter().map(|(_, r)| r.as_str()).collect();
            self.client
                .execute(
                    "UPDATE reports r SET ring_id = v.ring
                     FROM unnest($1::BIGINT[], $2::TEXT[]) AS v(pk, ring)
                     WHERE r.report_pk = v.pk",
                    &[&pks, &rings],
                )
                .map_err(backend)?;
        }
        for chunk in changes.ring_rows.chunks(BATCH) {
            let ids: Vec<&str> = chunk.iter().map(|(r, _, _)| r.as_str()).collect();
            let counts: Vec<i64> = chunk.iter().map(|(_, n, _)| *n).collect();
            let into: Vec<Option<&str>> = chunk
                .iter()
                .map(|(_, _, i)| i.map(|i| i.as_str()))
                .collect();
            self.client
                .execute(
                    "INSERT INTO rings (ring_id, report_count, created_at, updated_at, merged_into)
                     SELECT v.ring, v.n, $4, $4, v.into_ring
                     FROM unnest($1::TEXT[], $2::BIGINT[], $3::TEXT[]) AS v(ring, n, into_ring)
                     ON CONFLICT (ring_id) DO UPDATE SET report_count = excluded.report_count,
                         updated_at = excluded.updated_at, merged_into = excluded.merged_into",
                    &[&ids, &counts, &into, &self.now],
                )
                .map_err(backend)?;
        }
        self.record_events(&changes.events, reason)?;
        self.client
            .execute(
                "UPDATE meta SET value = $1 WHERE key = 'next_ring_seq'",
                &[&a.next_seq.to_string()],
            )
            .map_err(backend)?;
        Ok(())
    }

    fn neighbourhoods(
        &mut self,
        report_pks: &[i64],
        skip: &dyn Fn(&Indicator) -> bool,
    ) -> Result<Vec<Neighbourhood>, StoreError> {
        self.flush()?;
        // Each report's values, then everyone mentioning any of the values
        // not skipped: two statements, whatever the number of reports.
        let mut own: HashMap<i64, Vec<(i64, Indicator)>> = HashMap::new();
        let mut wanted = Vec::new();
        for row in self
            .client
            .query(OWN_VALUES, &[&report_pks])
            .map_err(backend)?
        {
            let indicator_pk: i64 = row.get(1);
            let indicator = Indicator::new(
                crate::assemble::kind_of(row.get(2))?,
                row.get::<_, String>(3),
            );
            if !skip(&indicator) {
                wanted.push(indicator_pk);
            }
            own.entry(row.get(0))
                .or_default()
                .push((indicator_pk, indicator));
        }
        let mut mentioned_by: HashMap<i64, Vec<(i64, Option<String>)>> = HashMap::new();
        if !wanted.is_empty() {
            for row in self
                .client
                .query(MENTIONED_BY, &[&wanted])
                .map_err(backend)?
            {
                mentioned_by
                    .entry(row.get(0))
                    .or_default()
                    .push((row.get(1), row.get(2)));
            }
        }
        let wanted: HashSet<i64> = wanted.into_iter().collect();
        let mut rings: HashMap<i64, Option<String>> = HashMap::new();
        for row in self
            .client
            .query(
                "SELECT report_pk, ring_id FROM reports WHERE report_pk = ANY($1)",
                &[&report_pks],
            )
            .map_err(backend)?
        {
            rings.insert(row.get(0), row.get(1));
        }
        Ok(report_pks
            .iter()
            .map(|&pk| Neighbourhood {
                report_pk: pk,
                ring: rings.get(&pk).cloned().flatten(),
                shared: own
                    .get(&pk)
                    .map(|values| {
                        values
                            .iter()
                            .map(|(indicator_pk, indicator)| SharedValue {
                                indicator: indicator.clone(),
                                others: if wanted.contains(indicator_pk) {
                                    mentioned_by
                                        .get(indicator_pk)
                                        .map(|all| {
                                            all.iter().filter(|(r, _)| *r != pk).cloned().collect()
                                        })
                                        .unwrap_or_default()
                                } else {
                                    Vec::new()
                                },
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
            })
            .collect())
    }

    fn place_reports(
        &mut self,
        placements: &[Placement],
        next_seq: u64,
        reason: &str,
    ) -> Result<(), StoreError> {
        self.flush()?;
        let changes = crate::assemble::placement_changes(placements);
        for chunk in changes.set_ring.chunks(BATCH) {
            let pks: Vec<i64> = chunk.iter().map(|(pk, _)| *pk).collect();
            let rings: Vec<&str> = chunk.iter().map(|(_, r)| r.as_str()).collect();
            self.client
                .execute(
                    "UPDATE reports r SET ring_id = v.ring
                     FROM unnest($1::BIGINT[], $2::TEXT[]) AS v(pk, ring)
                     WHERE r.report_pk = v.pk",
                    &[&pks, &rings],
                )
                .map_err(backend)?;
        }
        let (mut created, mut created_n) = (Vec::new(), Vec::new());
        let (mut grown, mut grown_n) = (Vec::new(), Vec::new());
        for (ring, (new, n)) in &changes.counts {
            if *new {
                created.push(ring.as_str());
                created_n.push(*n);
            } else {
                grown.push(ring.as_str());
                grown_n.push(*n);
            }
        }
        // The rings in order, as one by one would have written them.
        for (rings, counts) in created.chunks(BATCH).zip(created_n.chunks(BATCH)) {
            self.client
                .execute(
                    "INSERT INTO rings (ring_id, report_count, created_at, updated_at)
                     SELECT v.ring, v.n, $3, $3
                     FROM unnest($1::TEXT[], $2::BIGINT[]) WITH ORDINALITY AS v(ring, n, o)
                     ORDER BY v.o",
                    &[&rings, &counts, &self.now],
                )
                .map_err(backend)?;
        }
        for (rings, counts) in grown.chunks(BATCH).zip(grown_n.chunks(BATCH)) {
            self.client
                .execute(
                    "UPDATE rings r SET report_count = GREATEST(r.report_count + v.n, 0), updated_at = $3
                     FROM unnest($1::TEXT[], $2::BIGINT[]) AS v(ring, n)
                     WHERE r.ring_id = v.ring",
                    &[&rings, &counts, &self.now],
                )
                .map_err(backend)?;
        }
        let mut events = changes.events.clone();
        if !changes.left.is_empty() {
            let left: Vec<&str> = changes.left.keys().map(|r| r.as_str()).collect();
            let into: Vec<&str> = changes.left.values().map(|r| r.as_str()).collect();
            let emptied: HashSet<String> = self
                .client
                .query(
                    "UPDATE rings r SET merged_into = v.into_ring
                     FROM unnest($1::TEXT[], $2::TEXT[]) AS v(ring, into_ring)
                     WHERE r.ring_id = v.ring AND r.report_count = 0
                     RETURNING r.ring_id",
                    &[&left, &into],
                )
                .map_err(backend)?
                .iter()
                .map(|row| row.get(0))
                .collect();
            for (ring, into) in &changes.left {
                if emptied.contains(ring.as_str()) {
                    events.push(("merged", ring, Some(into)));
                }
            }
        }
        self.record_events(&events, reason)?;
        self.client
            .execute(
                "UPDATE meta SET value = $1 WHERE key = 'next_ring_seq'",
                &[&next_seq.to_string()],
            )
            .map_err(backend)?;
        Ok(())
    }

    fn detected_hubs(&mut self) -> Result<Vec<DetectedHub>, StoreError> {
        super::read::detected_hubs(self.client)
    }

    fn dropped_values(&mut self, report_pk: i64) -> Vec<Indicator> {
        self.dropped.get(&report_pk).cloned().unwrap_or_default()
    }

    fn mentioning(&mut self, values: &[Indicator]) -> Result<Vec<SharedValue>, StoreError> {
        self.flush()?;
        let kinds: Vec<&str> = values.iter().map(|v| v.kind.as_str()).collect();
        let texts: Vec<&str> = values.iter().map(|v| v.value.as_str()).collect();
        // (kind, value) → (report, ring) of each report mentioning it.
        type Mentioners = HashMap<(String, String), Vec<(i64, Option<String>)>>;
        let mut by_value: Mentioners = HashMap::new();
        for row in self
            .client
            .query(
                "SELECT i.kind, i.value, m.report_pk, r.ring_id
                 FROM unnest($1::TEXT[], $2::TEXT[]) AS v(kind, value)
                 JOIN indicators i ON i.kind = v.kind AND i.value = v.value
                 JOIN mentions m ON m.indicator_pk = i.indicator_pk AND m.may_link
                 JOIN reports r ON r.report_pk = m.report_pk
                 ORDER BY m.report_pk",
                &[&kinds, &texts],
            )
            .map_err(backend)?
        {
            let others = by_value.entry((row.get(0), row.get(1))).or_default();
            let pk: i64 = row.get(2);
            if others.last().map(|(p, _)| *p) != Some(pk) {
                others.push((pk, row.get(3)));
            }
        }
        Ok(values
            .iter()
            .map(|v| SharedValue {
                indicator: v.clone(),
                others: by_value
                    .remove(&(v.kind.as_str().to_string(), v.value.as_str().to_string()))
                    .unwrap_or_default(),
            })
            .collect())
    }

    fn ring_links(&mut self, ring: &RingId) -> Result<Vec<(i64, Vec<Indicator>)>, StoreError> {
        self.flush()?;
        let rows = self
            .client
            .query(
                "SELECT r.report_pk, i.kind, i.value
                 FROM reports r
                 LEFT JOIN mentions m ON m.report_pk = r.report_pk AND m.may_link
                 LEFT JOIN indicators i ON i.indicator_pk = m.indicator_pk
                 WHERE r.ring_id = $1 ORDER BY r.report_pk",
                &[&ring.as_str()],
            )
            .map_err(backend)?;
        crate::assemble::ring_links(rows.iter().map(|r| (r.get(0), r.get(1), r.get(2))))
    }

    fn next_ring_seq(&mut self) -> Result<u64, StoreError> {
        let v: String = self
            .client
            .query_one("SELECT value FROM meta WHERE key = 'next_ring_seq'", &[])
            .map_err(backend)?
            .get(0);
        v.parse()
            .map_err(|_| StoreError::Corrupt("meta.next_ring_seq is not a number".into()))
    }

    fn replace_detected_hubs(&mut self, hubs: &[DetectedHub]) -> Result<(), StoreError> {
        self.client
            .execute("DELETE FROM detected_hubs", &[])
            .map_err(backend)?;
        for chunk in hubs.chunks(BATCH) {
            let kinds: Vec<&str> = chunk.iter().map(|h| h.indicator.kind.as_str()).collect();
            let values: Vec<&str> = chunk.iter().map(|h| h.indicator.value.as_str()).collect();
            let reports: Vec<i64> = chunk.iter().map(|h| h.reports as i64).collect();
            let clusters: Vec<i64> = chunk.iter().map(|h| h.clusters as i64).collect();
            let reasons: Vec<&str> = chunk.iter().map(|h| h.reason.as_str()).collect();
            self.client
                .execute(
                    "INSERT INTO detected_hubs (kind, value, reports, clusters, reason, detected_at)
                     SELECT v.kind, v.value, v.reports, v.clusters, v.reason, $6
                     FROM unnest($1::TEXT[], $2::TEXT[], $3::BIGINT[], $4::BIGINT[], $5::TEXT[])
                         WITH ORDINALITY AS v(kind, value, reports, clusters, reason, n)
                     ORDER BY v.n",
                    &[&kinds, &values, &reports, &clusters, &reasons, &self.now],
                )
                .map_err(backend)?;
        }
        Ok(())
    }

    fn replace_bridges(&mut self, bridges: &[RingBridge]) -> Result<(), StoreError> {
        self.client
            .execute("DELETE FROM ring_bridges", &[])
            .map_err(backend)?;
        for chunk in bridges.chunks(BATCH) {
            let a: Vec<&str> = chunk.iter().map(|b| b.ring_a.as_str()).collect();
            let b: Vec<&str> = chunk.iter().map(|b| b.ring_b.as_str()).collect();
            let kinds: Vec<&str> = chunk.iter().map(|b| b.indicator.kind.as_str()).collect();
            let values: Vec<&str> = chunk.iter().map(|b| b.indicator.value.as_str()).collect();
            let reports_a: Vec<i64> = chunk.iter().map(|b| b.reports_a as i64).collect();
            let reports_b: Vec<i64> = chunk.iter().map(|b| b.reports_b as i64).collect();
            self.client
                .execute(
                    "INSERT INTO ring_bridges (ring_a, ring_b, kind, value, reports_a, reports_b, found_at)
                     SELECT v.a, v.b, v.kind, v.value, v.ra, v.rb, $7
                     FROM unnest($1::TEXT[], $2::TEXT[], $3::TEXT[], $4::TEXT[], $5::BIGINT[], $6::BIGINT[])
                         WITH ORDINALITY AS v(a, b, kind, value, ra, rb, n)
                     ORDER BY v.n
                     ON CONFLICT DO NOTHING",
                    &[&a, &b, &kinds, &values, &reports_a, &reports_b, &self.now],
                )
                .map_err(backend)?;
        }
        Ok(())
    }

    fn warninglist(&mut self) -> Result<Vec<WarningEntry>, StoreError> {
        super::read::warninglist(self.client)
    }

    fn commit(mut self: Box<Self>) -> Result<(), StoreError> {
        self.flush()?;
        if self.new_reports != 0 {
            self.client
                .execute(
                    "UPDATE meta SET value = (value::BIGINT + $1)::TEXT WHERE key = 'report_count'",
                    &[&self.new_reports],
                )
                .map_err(backend)?;
        }
        self.client.batch_execute("COMMIT").map_err(backend)?;
        self.open = false;
        if self.written > ANALYZE_AFTER {
            // Statistics for what was just written; the data is committed
            // whatever happens here, and autovacuum would get there later.
            let _ = self
                .client
                .batch_execute("ANALYZE reports, mentions, indicators, rings, ring_events");
        }
        Ok(())
    }
}
