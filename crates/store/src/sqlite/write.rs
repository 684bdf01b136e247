//! Writes: one SQLite transaction per unit of work.

use super::{backend, now};
use crate::{
    DetectedHub, LinkChange, LinkInput, Neighbourhood, Placement, PreparedReport, RingBridge,
    SharedValue, StoreError, Transaction, Upsert, WarningEntry,
};
use ringtrace_link::Assignment;
use ringtrace_model::{Indicator, Report, RingId};
use rusqlite::{params, OptionalExtension};
use std::collections::HashMap;

pub(super) struct SqliteTransaction<'c> {
    tx: rusqlite::Transaction<'c>,
    now: String,
    /// Per report replaced here, the linkable values its new version lost.
    dropped: HashMap<i64, Vec<Indicator>>,
}

impl<'c> SqliteTransaction<'c> {
    pub(super) fn new(tx: rusqlite::Transaction<'c>) -> Self {
        SqliteTransaction {
            tx,
            now: now(),
            dropped: HashMap::new(),
        }
    }

    /// Appends to the rings' history: `(event, ring, other)`, for `reason`.
    fn record_events(
        &self,
        events: &[(&str, &RingId, Option<&RingId>)],
        reason: &str,
    ) -> Result<(), StoreError> {
        let mut event = self
            .tx
            .prepare_cached(
                "INSERT INTO ring_events (at, event, ring_id, other, reason) VALUES (?1, ?2, ?3, ?4, ?5)",
            )
            .map_err(backend)?;
        for (kind, ring, other) in events {
            event
                .execute(params![
                    self.now,
                    kind,
                    ring.as_str(),
                    other.map(|o| o.as_str()),
                    reason
                ])
                .map_err(backend)?;
        }
        Ok(())
    }

    fn insert_mentions(&self, report_pk: i64, p: &PreparedReport) -> Result<(), StoreError> {
        let mut find = self
            .tx
            .prepare_cached("SELECT indicator_pk FROM indicators WHERE kind = ?1 AND value = ?2")
            .map_err(backend)?;
        let mut add_indicator = self
            .tx
            .prepare_cached("INSERT INTO indicators (kind, value) VALUES (?1, ?2)")
            .map_err(backend)?;
        let mut add_mention = self
            .tx
            .prepare_cached(
                "INSERT INTO mentions (report_pk, indicator_pk, source, span_start, span_end, role, may_link)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )
            .map_err(backend)?;
        for m in &p.mentions {
            let kind = m.indicator.kind.as_str();
            let value = m.indicator.value.as_str();
            let pk: Option<i64> = find
                .query_row(params![kind, value], |r| r.get(0))
                .optional()
                .map_err(backend)?;
            let pk = match pk {
                Some(pk) => pk,
                None => {
                    add_indicator
                        .execute(params![kind, value])
                        .map_err(backend)?;
                    self.tx.last_insert_rowid()
                }
            };
            add_mention
                .execute(params![
                    report_pk,
                    pk,
                    m.source.as_str(),
                    m.span.map(|s| s.0 as i64),
                    m.span.map(|s| s.1 as i64),
                    m.role.map(|r| r.as_str()),
                    m.may_link(),
                ])
                .map_err(backend)?;
        }
        Ok(())
    }
}

fn utc_seconds(r: &Report) -> String {
    r.received_at
        .with_timezone(&chrono::Utc)
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn record_json(p: &PreparedReport) -> String {
    serde_json::Value::Object(p.record.clone()).to_string()
}

impl Transaction for SqliteTransaction<'_> {
    fn upsert_report(&mut self, p: &PreparedReport) -> Result<(Upsert, i64), StoreError> {
        let r = &p.report;
        let existing: Option<(i64, String)> = self
            .tx
            .prepare_cached(
                "SELECT report_pk, content_hash FROM reports WHERE partner = ?1 AND id = ?2",
            )
            .map_err(backend)?
            .query_row(params![r.key.partner.as_str(), r.key.id.as_str()], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })
            .optional()
            .map_err(backend)?;
        let fields = params![
            r.key.partner.as_str(),
            r.key.id.as_str(),
            utc_seconds(r),
            r.channel.map(|c| c.as_str()),
            r.brand.as_deref(),
            r.language.as_ref().map(|l| l.as_str()),
            r.region.as_ref().map(|l| l.as_str()),
            r.narrative.as_deref(),
            r.payment_method.as_deref(),
            r.loss.as_ref().map(|l| l.amount),
            r.loss.as_ref().map(|l| l.currency.as_str()),
            r.tlp.as_str(),
            record_json(p),
            p.content_hash,
            self.now,
        ];
        match existing {
            None => {
                self.tx
                    .prepare_cached(
                        "INSERT INTO reports (partner, id, received_at, channel, brand, language, region,
                             narrative, payment_method, loss_amount, loss_currency, tlp, record,
                             content_hash, first_imported_at, updated_at, version)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15, 1)",
                    )
                    .map_err(backend)?
                    .execute(fields)
                    .map_err(backend)?;
                let pk = self.tx.last_insert_rowid();
                self.insert_mentions(pk, p)?;
                Ok((Upsert::New, pk))
            }
            Some((pk, hash)) if hash == p.content_hash => Ok((Upsert::Unchanged, pk)),
            Some((pk, _)) => {
                let before: std::collections::BTreeSet<(String, String)> = self
                    .tx
                    .prepare_cached(crate::assemble::LINKABLE)
                    .map_err(backend)?
                    .query_map(params![pk, true], |r| Ok((r.get(0)?, r.get(1)?)))
                    .map_err(backend)?
                    .collect::<Result<_, _>>()
                    .map_err(backend)?;
                let after = crate::assemble::linkable(p);
                let change = LinkChange::between(&before, &after);
                crate::assemble::note_dropped(&mut self.dropped, pk, &before, &after)?;
                self.tx
                    .prepare_cached(
                        "INSERT INTO report_versions (report_pk, version, content_hash, record, imported_at, replaced_at)
                         SELECT report_pk, version, content_hash, record, updated_at, ?2
                         FROM reports WHERE report_pk = ?1",
                    )
                    .map_err(backend)?
                    .execute(params![pk, self.now])
                    .map_err(backend)?;
                self.tx
                    .prepare_cached(
                        "UPDATE reports SET received_at = ?3, channel = ?4, brand = ?5, language = ?6,
                             region = ?7, narrative = ?8, payment_method = ?9, loss_amount = ?10,
                             loss_currency = ?11, tlp = ?12, record = ?13, content_hash = ?14,
                             updated_at = ?15, version = version + 1
                         WHERE partner = ?1 AND id = ?2",
                    )
                    .map_err(backend)?
                    .execute(fields)
                    .map_err(backend)?;
                self.tx
                    .prepare_cached("DELETE FROM mentions WHERE report_pk = ?1")
                    .map_err(backend)?
                    .execute(params![pk])
                    .map_err(backend)?;
                self.insert_mentions(pk, p)?;
                Ok((Upsert::Updated(change), pk))
            }
        }
    }

    fn withdraw_report(
        &mut self,
        key: &ringtrace_model::ReportKey,
        reason: &str,
        via: Option<&str>,
    ) -> Result<Option<crate::Withdrawal>, StoreError> {
        super::withdraw::withdraw(&self.tx, &self.now, key, reason, via)
    }

    fn link_input(&mut self) -> Result<LinkInput, StoreError> {
        super::read::link_input(&self.tx)
    }

    fn apply_rings(
        &mut self,
        input: &LinkInput,
        a: &Assignment,
        reason: &str,
    ) -> Result<(), StoreError> {
        let changes = crate::assemble::ring_changes(input, a);
        let mut set_ring = self
            .tx
            .prepare_cached("UPDATE reports SET ring_id = ?1 WHERE report_pk = ?2")
            .map_err(backend)?;
        for (pk, ring) in &changes.set_ring {
            set_ring
                .execute(params![ring.as_str(), pk])
                .map_err(backend)?;
        }
        let mut upsert = self
            .tx
            .prepare_cached(
                "INSERT INTO rings (ring_id, report_count, created_at, updated_at, merged_into)
                 VALUES (?1, ?2, ?3, ?3, ?4)
                 ON CONFLICT (ring_id) DO UPDATE SET report_count = excluded.report_count,
                     updated_at = excluded.updated_at, merged_into = excluded.merged_into",
            )
            .map_err(backend)?;
        for (ring, count, into) in &changes.ring_rows {
            upsert
                .execute(params![
                    ring.as_str(),
                    count,
                    self.now,
                    into.map(|i| i.as_str())
                ])
                .map_err(backend)?;
        }
        self.record_events(&changes.events, reason)?;
        self.tx
            .execute(
                "UPDATE meta SET value = ?1 WHERE key = 'next_ring_seq'",
                params![a.next_seq.to_string()],
            )
            .map_err(backend)?;
        Ok(())
    }

    fn neighbourhoods(
        &mut self,
        report_pks: &[i64],
        skip: &dyn Fn(&Indicator) -> bool,
    ) -> Result<Vec<Neighbourhood>, StoreError> {
        let mut own = self
            .tx
            .prepare_cached(crate::assemble::OWN_VALUES)
            .map_err(backend)?;
        let mut others = self
            .tx
            .prepare_cached(crate::assemble::OTHERS)
            .map_err(backend)?;
        let mut out = Vec::with_capacity(report_pks.len());
        for &pk in report_pks {
            let values = own
                .query_map(params![pk, true], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                    ))
                })
                .map_err(backend)?
                .collect::<Result<Vec<_>, _>>()
                .map_err(backend)?;
            let mut shared = Vec::with_capacity(values.len());
            for (indicator_pk, kind, value) in values {
                let indicator = Indicator::new(crate::assemble::kind_of(&kind)?, value);
                let rows = if skip(&indicator) {
                    Vec::new()
                } else {
                    others
                        .query_map(params![indicator_pk, pk, true], |r| {
                            Ok((r.get(0)?, r.get(1)?))
                        })
                        .map_err(backend)?
                        .collect::<Result<Vec<_>, _>>()
                        .map_err(backend)?
                };
                shared.push(SharedValue {
                    indicator,
                    others: rows,
                });
            }
            let ring = self
                .tx
                .prepare_cached("SELECT ring_id FROM reports WHERE report_pk = ?1")
                .map_err(backend)?
                .query_row(params![pk], |r| r.get(0))
                .optional()
                .map_err(backend)?
                .flatten();
            out.push(Neighbourhood {
                report_pk: pk,
                ring,
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
        let changes = crate::assemble::placement_changes(placements);
        let mut set_ring = self
            .tx
            .prepare_cached("UPDATE reports SET ring_id = ?1 WHERE report_pk = ?2")
            .map_err(backend)?;
        for (pk, ring) in &changes.set_ring {
            set_ring
                .execute(params![ring.as_str(), pk])
                .map_err(backend)?;
        }
        for (ring, (created, n)) in &changes.counts {
            if *created {
                self.tx
                    .execute(
                        "INSERT INTO rings (ring_id, report_count, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)",
                        params![ring.as_str(), n, self.now],
                    )
                    .map_err(backend)?;
            } else {
                self.tx
                    .execute(
                        "UPDATE rings SET report_count = MAX(report_count + ?2, 0), updated_at = ?3 WHERE ring_id = ?1",
                        params![ring.as_str(), n, self.now],
                    )
                    .map_err(backend)?;
            }
        }
        let mut events: Vec<(&str, &RingId, Option<&RingId>)> = changes.events.clone();
        for (ring, into) in &changes.left {
            let left: i64 = self
                .tx
                .query_row(
                    "SELECT report_count FROM rings WHERE ring_id = ?1",
                    params![ring.as_str()],
                    |r| r.get(0),
                )
                .map_err(backend)?;
            if left == 0 {
                self.tx
                    .execute(
                        "UPDATE rings SET merged_into = ?2 WHERE ring_id = ?1",
                        params![ring.as_str(), into.as_str()],
                    )
                    .map_err(backend)?;
                events.push(("merged", ring, Some(into)));
            }
        }
        self.record_events(&events, reason)?;
        self.tx
            .execute(
                "UPDATE meta SET value = ?1 WHERE key = 'next_ring_seq'",
                params![next_seq.to_string()],
            )
            .map_err(backend)?;
        Ok(())
    }

    fn detected_hubs(&mut self) -> Result<Vec<DetectedHub>, StoreError> {
        super::warnings::detected(&self.tx)
    }

    fn dropped_values(&mut self, report_pk: i64) -> Vec<Indicator> {
        self.dropped.get(&report_pk).cloned().unwrap_or_default()
    }

    fn mentioning(&mut self, values: &[Indicator]) -> Result<Vec<SharedValue>, StoreError> {
        let mut find = self
            .tx
            .prepare_cached("SELECT indicator_pk FROM indicators WHERE kind = ?1 AND value = ?2")
            .map_err(backend)?;
        let mut others = self
            .tx
            .prepare_cached(crate::assemble::OTHERS)
            .map_err(backend)?;
        let mut out = Vec::with_capacity(values.len());
        for v in values {
            let pk: Option<i64> = find
                .query_row(params![v.kind.as_str(), v.value.as_str()], |r| r.get(0))
                .optional()
                .map_err(backend)?;
            let rows = match pk {
                Some(pk) => others
                    .query_map(params![pk, -1i64, true], |r| Ok((r.get(0)?, r.get(1)?)))
                    .map_err(backend)?
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(backend)?,
                None => Vec::new(),
            };
            out.push(SharedValue {
                indicator: v.clone(),
                others: rows,
            });
        }
        Ok(out)
    }

    fn ring_links(&mut self, ring: &RingId) -> Result<Vec<(i64, Vec<Indicator>)>, StoreError> {
        let rows = self
            .tx
            .prepare_cached(crate::assemble::RING_LINKS)
            .map_err(backend)?
            .query_map(params![ring.as_str(), true], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .map_err(backend)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(backend)?;
        crate::assemble::ring_links(rows)
    }

    fn next_ring_seq(&mut self) -> Result<u64, StoreError> {
        let v: String = self
            .tx
            .query_row(
                "SELECT value FROM meta WHERE key = 'next_ring_seq'",
                [],
                |r| r.get(0),
            )
            .map_err(backend)?;
        v.parse()
            .map_err(|_| StoreError::Corrupt("meta.next_ring_seq is not a number".into()))
    }

    fn replace_detected_hubs(&mut self, hubs: &[DetectedHub]) -> Result<(), StoreError> {
        super::warnings::replace_detected(&self.tx, hubs, &self.now)
    }

    fn replace_bridges(&mut self, bridges: &[RingBridge]) -> Result<(), StoreError> {
        self.tx
            .execute("DELETE FROM ring_bridges", [])
            .map_err(backend)?;
        let mut stmt = self
            .tx
            .prepare_cached(
                "INSERT OR REPLACE INTO ring_bridges (ring_a, ring_b, kind, value, reports_a, reports_b, found_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )
            .map_err(backend)?;
        for b in bridges {
            stmt.execute(params![
                b.ring_a,
                b.ring_b,
                b.indicator.kind.as_str(),
                b.indicator.value,
                b.reports_a as i64,
                b.reports_b as i64,
                self.now
            ])
            .map_err(backend)?;
        }
        Ok(())
    }

    fn warninglist(&mut self) -> Result<Vec<WarningEntry>, StoreError> {
        super::warnings::list(&self.tx)
    }

    fn commit(self: Box<Self>) -> Result<(), StoreError> {
        self.tx.commit().map_err(backend)
    }
}
