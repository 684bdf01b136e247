//! Values found in common with partners by private set intersection.

use super::backend;
use crate::assemble::now;
use crate::{PsiLink, StoreError};
use ringtrace_model::Indicator;
use rusqlite::params;

pub(super) fn add(conn: &mut rusqlite::Connection, links: &[PsiLink]) -> Result<(), StoreError> {
    let tx = conn.transaction().map_err(backend)?;
    {
        let mut ins = tx
            .prepare_cached(
                "INSERT INTO psi_links (session, peer, kind, value, ring_id, found_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
            )
            .map_err(backend)?;
        let at = now();
        for l in links {
            let found = if l.found_at.is_empty() {
                &at
            } else {
                &l.found_at
            };
            ins.execute(params![
                l.session,
                l.peer,
                l.indicator.kind.as_str(),
                l.indicator.value,
                l.ring,
                found
            ])
            .map_err(backend)?;
        }
    }
    tx.commit().map_err(backend)
}

pub(super) fn list(
    conn: &rusqlite::Connection,
    ring: Option<&str>,
) -> Result<Vec<PsiLink>, StoreError> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT session, peer, kind, value, ring_id, found_at FROM psi_links
             WHERE ?1 IS NULL OR ring_id = ?1
             ORDER BY found_at DESC, session, kind, value",
        )
        .map_err(backend)?;
    let rows = stmt
        .query_map([ring], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, String>(5)?,
            ))
        })
        .map_err(backend)?;
    let mut out = Vec::new();
    for row in rows {
        let (session, peer, kind, value, ring, found_at) = row.map_err(backend)?;
        out.push(PsiLink {
            session,
            peer,
            indicator: Indicator::new(crate::assemble::kind_of(&kind)?, value),
            ring,
            found_at,
        });
    }
    Ok(out)
}
