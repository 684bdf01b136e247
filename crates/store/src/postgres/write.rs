//! Writes on PostgreSQL: one database transaction per unit of work, with its
//! statements prepared once.

use super::backend;
use crate::{
    DetectedHub, LinkInput, Neighbourhood, Placement, PreparedReport, RingBridge, SharedValue,
    StoreError, Transaction, Upsert, WarningEntry,
};
use postgres::Statement;
use ringtrace_link::Assignment;
use ringtrace_model::Indicator;

/// Rows per statement when many rows change at once.
const BATCH: usize = 10_000;

pub(super) struct PostgresTransaction<'c> {
    tx: postgres::Transaction<'c>,
    now: String,
    find_indicator: Option<Statement>,
    add_indicator: Option<Statement>,
    add_mention: Option<Statement>,
    find_report: Option<Statement>,
    insert_report: Option<Statement>,
}

/// Prepares a statement once per transaction.
fn prepared<'s>(
    slot: &'s mut Option<Statement>,
    tx: &mut postgres::Transaction<'_>,
    sql: &str,
) -> Result<&'s Statement, StoreError> {
    if slot.is_none() {
        *slot = Some(tx.prepare(sql).map_err(backend)?);
    }
    Ok(slot.as_ref().expect("prepared above"))
}

impl<'c> PostgresTransaction<'c> {
    pub(super) fn new(tx: postgres::Transaction<'c>) -> Self {
        PostgresTransaction {
            tx,
            now: crate::assemble::now(),
            find_indicator: None,
            add_indicator: None,
            add_mention: None,
            find_report: None,
            insert_report: None,
        }
    }

    fn insert_mentions(&mut self, report_pk: i64, p: &PreparedReport) -> Result<(), StoreError> {
        for m in &p.mentions {
            let kind = m.indicator.kind.as_str();
            let value = m.indicator.value.as_str();
            let find = prepared(
                &mut self.find_indicator,
                &mut self.tx,
                "SELECT indicator_pk FROM indicators WHERE kind = $1 AND value = $2",
            )?
            .clone();
            let pk: i64 = match self
                .tx
                .query_opt(&find, &[&kind, &value])
                .map_err(backend)?
            {
                Some(row) => row.get(0),
                None => {
                    let add = prepared(
                        &mut self.add_indicator,
                        &mut self.tx,
                        "INSERT INTO indicators (kind, value) VALUES ($1, $2) RETURNING indicator_pk",
                    )?
                    .clone();
                    self.tx
                        .query_one(&add, &[&kind, &value])
                        .map_err(backend)?
                        .get(0)
                }
            };
            let add = prepared(
                &mut self.add_mention,
                &mut self.tx,
                "INSERT INTO mentions (report_pk, indicator_pk, source, span_start, span_end, role, may_link)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )?
            .clone();
            self.tx
                .execute(
                    &add,
                    &[
                        &report_pk,
                        &pk,
                        &m.source.as_str(),
                        &m.span.map(|s| s.0 as i64),
                        &m.span.map(|s| s.1 as i64),
                        &m.role.map(|r| r.as_str()),
                        &m.may_link(),
                    ],
                )
                .map_err(backend)?;
        }
        Ok(())
    }
}

impl Transaction for PostgresTransaction<'_> {
    fn upsert_report(&mut self, p: &PreparedReport) -> Result<(Upsert, i64), StoreError> {
        let r = &p.report;
        let find = prepared(
            &mut self.find_report,
            &mut self.tx,
            "SELECT report_pk, content_hash FROM reports WHERE partner = $1 AND id = $2",
        )?
        .clone();
        let existing = self
            .tx
            .query_opt(&find, &[&r.key.partner.as_str(), &r.key.id.as_str()])
            .map_err(backend)?
            .map(|row| (row.get::<_, i64>(0), row.get::<_, String>(1)));
        let received = r
            .received_at
            .with_timezone(&chrono::Utc)
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let record = serde_json::Value::Object(p.record.clone()).to_string();
        let channel = r.channel.map(|c| c.as_str());
        let language = r.language.as_ref().map(|l| l.as_str());
        let region = r.region.as_ref().map(|l| l.as_str());
        let amount = r.loss.as_ref().map(|l| l.amount);
        let currency = r.loss.as_ref().map(|l| l.currency.as_str());
        let fields: [&(dyn postgres::types::ToSql + Sync); 15] = [
            &r.key.partner.as_str(),
            &r.key.id.as_str(),
            &received,
            &channel,
            &r.brand,
            &language,
            &region,
            &r.narrative,
            &r.payment_method,
            &amount,
            &currency,
            &r.tlp.as_str(),
            &record,
            &p.content_hash,
            &self.now,
        ];
        match existing {
            None => {
                let insert = prepared(
                    &mut self.insert_report,
                    &mut self.tx,
                    "INSERT INTO reports (partner, id, received_at, channel, brand, language, region,
                         narrative, payment_method, loss_amount, loss_currency, tlp, record,
                         content_hash, first_imported_at, updated_at, version)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15, 1)
                     RETURNING report_pk",
                )?
                .clone();
                let pk: i64 = self.tx.query_one(&insert, &fields).map_err(backend)?.get(0);
                self.insert_mentions(pk, p)?;
                Ok((Upsert::New, pk))
            }
            Some((pk, hash)) if hash == p.content_hash => Ok((Upsert::Unchanged, pk)),
            Some((pk, _)) => {
                self.tx
                    .execute(
                        "INSERT INTO report_versions (report_pk, version, content_hash, record, imported_at, replaced_at)
                         SELECT report_pk, version, content_hash, record, updated_at, $2
                         FROM reports WHERE report_pk = $1",
                        &[&pk, &self.now],
                    )
                    .map_err(backend)?;
                self.tx
                    .execute(
                        "UPDATE reports SET received_at = $3, channel = $4, brand = $5, language = $6,
                             region = $7, narrative = $8, payment_method = $9, loss_amount = $10,
                             loss_currency = $11, tlp = $12, record = $13, content_hash = $14,
                             updated_at = $15, version = version + 1
                         WHERE partner = $1 AND id = $2",
                        &fields,
                    )
                    .map_err(backend)?;
                self.tx
                    .execute("DELETE FROM mentions WHERE report_pk = $1", &[&pk])
                    .map_err(backend)?;
                self.insert_mentions(pk, p)?;
                Ok((Upsert::Updated, pk))
            }
        }
    }

    fn link_input(&mut self) -> Result<LinkInput, StoreError> {
        super::read::link_input(&mut self.tx)
    }

    fn apply_rings(
        &mut self,
        input: &LinkInput,
        a: &Assignment,
        reason: &str,
    ) -> Result<(), StoreError> {
        let changes = crate::assemble::ring_changes(input, a);
        // In batches through arrays: one statement per 10,000 rows, not one
        // round trip per row (a million rows would take minutes).
        for chunk in changes.set_ring.chunks(BATCH) {
            let pks: Vec<i64> = chunk.iter().map(|(pk, _)| *pk).collect();
            let rings: Vec<&str> = chunk.iter().map(|(_, r)| r.as_str()).collect();
            self.tx
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
            self.tx
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
        for chunk in changes.events.chunks(BATCH) {
            let kinds: Vec<&str> = chunk.iter().map(|(k, _, _)| &**k).collect();
            let rings: Vec<&str> = chunk.iter().map(|(_, r, _)| r.as_str()).collect();
            let others: Vec<Option<&str>> = chunk
                .iter()
                .map(|(_, _, o)| o.map(|o| o.as_str()))
                .collect();
            self.tx
                .execute(
                    "INSERT INTO ring_events (at, event, ring_id, other, reason)
                     SELECT $4, v.event, v.ring, v.other, $5
                     FROM unnest($1::TEXT[], $2::TEXT[], $3::TEXT[]) WITH ORDINALITY AS v(event, ring, other, n)
                     ORDER BY v.n",
                    &[&kinds, &rings, &others, &self.now, &reason],
                )
                .map_err(backend)?;
        }
        self.tx
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
        let dollars = |sql: &str| {
            sql.replace("?1", "$1")
                .replace("?2", "$2")
                .replace("?3", "$3")
        };
        let own = self
            .tx
            .prepare(&dollars(crate::assemble::OWN_VALUES))
            .map_err(backend)?;
        let others = self
            .tx
            .prepare(&dollars(crate::assemble::OTHERS))
            .map_err(backend)?;
        let mut out = Vec::with_capacity(report_pks.len());
        for &pk in report_pks {
            let values: Vec<(i64, String, String)> = self
                .tx
                .query(&own, &[&pk, &true])
                .map_err(backend)?
                .iter()
                .map(|r| (r.get(0), r.get(1), r.get(2)))
                .collect();
            let mut shared = Vec::with_capacity(values.len());
            for (indicator_pk, kind, value) in values {
                let indicator = Indicator::new(crate::assemble::kind_of(&kind)?, value);
                let rows = if skip(&indicator) {
                    Vec::new()
                } else {
                    self.tx
                        .query(&others, &[&indicator_pk, &pk, &true])
                        .map_err(backend)?
                        .iter()
                        .map(|r| (r.get(0), r.get(1)))
                        .collect()
                };
                shared.push(SharedValue {
                    indicator,
                    others: rows,
                });
            }
            out.push(Neighbourhood {
                report_pk: pk,
                shared,
            });
        }
        Ok(out)
    }

    fn place_reports(
        &mut self,
        placements: &[Placement],
        next_seq: u64,
        reason: &str,
    ) -> Result<(), StoreError> {
        for chunk in placements.chunks(BATCH) {
            let pks: Vec<i64> = chunk.iter().map(|p| p.report_pk).collect();
            let rings: Vec<&str> = chunk.iter().map(|p| p.ring.as_str()).collect();
            self.tx
                .execute(
                    "UPDATE reports r SET ring_id = v.ring
                     FROM unnest($1::BIGINT[], $2::TEXT[]) AS v(pk, ring)
                     WHERE r.report_pk = v.pk",
                    &[&pks, &rings],
                )
                .map_err(backend)?;
        }
        for (ring, (created, n)) in crate::assemble::placement_counts(placements) {
            if created {
                self.tx
                    .execute(
                        "INSERT INTO rings (ring_id, report_count, created_at, updated_at) VALUES ($1, $2, $3, $3)",
                        &[&ring.as_str(), &n, &self.now],
                    )
                    .map_err(backend)?;
                self.tx
                    .execute(
                        "INSERT INTO ring_events (at, event, ring_id, reason) VALUES ($1, 'created', $2, $3)",
                        &[&self.now, &ring.as_str(), &reason],
                    )
                    .map_err(backend)?;
            } else {
                self.tx
                    .execute(
                        "UPDATE rings SET report_count = report_count + $2, updated_at = $3 WHERE ring_id = $1",
                        &[&ring.as_str(), &n, &self.now],
                    )
                    .map_err(backend)?;
            }
        }
        self.tx
            .execute(
                "UPDATE meta SET value = $1 WHERE key = 'next_ring_seq'",
                &[&next_seq.to_string()],
            )
            .map_err(backend)?;
        Ok(())
    }

    fn detected_hubs(&mut self) -> Result<Vec<DetectedHub>, StoreError> {
        super::read::detected_hubs(&mut self.tx)
    }

    fn next_ring_seq(&mut self) -> Result<u64, StoreError> {
        let v: String = self
            .tx
            .query_one("SELECT value FROM meta WHERE key = 'next_ring_seq'", &[])
            .map_err(backend)?
            .get(0);
        v.parse()
            .map_err(|_| StoreError::Corrupt("meta.next_ring_seq is not a number".into()))
    }

    fn replace_detected_hubs(&mut self, hubs: &[DetectedHub]) -> Result<(), StoreError> {
        self.tx
            .execute("DELETE FROM detected_hubs", &[])
            .map_err(backend)?;
        for h in hubs {
            self.tx
                .execute(
                    "INSERT INTO detected_hubs (kind, value, reports, clusters, reason, detected_at)
                     VALUES ($1, $2, $3, $4, $5, $6)",
                    &[
                        &h.indicator.kind.as_str(),
                        &h.indicator.value,
                        &(h.reports as i64),
                        &(h.clusters as i64),
                        &h.reason,
                        &self.now,
                    ],
                )
                .map_err(backend)?;
        }
        Ok(())
    }

    fn replace_bridges(&mut self, bridges: &[RingBridge]) -> Result<(), StoreError> {
        self.tx
            .execute("DELETE FROM ring_bridges", &[])
            .map_err(backend)?;
        for b in bridges {
            self.tx
                .execute(
                    "INSERT INTO ring_bridges (ring_a, ring_b, kind, value, reports_a, reports_b, found_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
                    &[
                        &b.ring_a,
                        &b.ring_b,
                        &b.indicator.kind.as_str(),
                        &b.indicator.value,
                        &(b.reports_a as i64),
                        &(b.reports_b as i64),
                        &self.now,
                    ],
                )
                .map_err(backend)?;
        }
        Ok(())
    }

    fn warninglist(&mut self) -> Result<Vec<WarningEntry>, StoreError> {
        super::read::warninglist(&mut self.tx)
    }

    fn commit(self: Box<Self>) -> Result<(), StoreError> {
        self.tx.commit().map_err(backend)
    }
}
