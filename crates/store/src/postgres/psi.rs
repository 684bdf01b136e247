//! Values found in common with partners by private set intersection.

use super::backend;
use crate::{PsiLink, StoreError};
use postgres::GenericClient;
use ringtrace_model::Indicator;

pub(super) fn add(c: &mut postgres::Client, links: &[PsiLink]) -> Result<(), StoreError> {
    let mut tx = c.transaction().map_err(backend)?;
    let at = crate::assemble::now();
    for l in links {
        let found = if l.found_at.is_empty() {
            &at
        } else {
            &l.found_at
        };
        tx.execute(
            "INSERT INTO psi_links (session, peer, kind, value, ring_id, found_at)
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
            &[
                &l.session,
                &l.peer,
                &l.indicator.kind.as_str(),
                &l.indicator.value,
                &l.ring,
                found,
            ],
        )
        .map_err(backend)?;
    }
    tx.commit().map_err(backend)
}

pub(super) fn list(
    c: &mut impl GenericClient,
    ring: Option<&str>,
) -> Result<Vec<PsiLink>, StoreError> {
    let rows = c
        .query(
            "SELECT session, peer, kind, value, ring_id, found_at FROM psi_links
             WHERE $1::TEXT IS NULL OR ring_id = $1
             ORDER BY found_at DESC, session, kind, value",
            &[&ring],
        )
        .map_err(backend)?;
    rows.iter()
        .map(|r| {
            let kind: String = r.get(2);
            Ok(PsiLink {
                session: r.get(0),
                peer: r.get(1),
                indicator: Indicator::new(crate::assemble::kind_of(&kind)?, r.get::<_, String>(3)),
                ring: r.get(4),
                found_at: r.get(5),
            })
        })
        .collect()
}
