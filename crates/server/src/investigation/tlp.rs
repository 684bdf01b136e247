//! What of a case a caller may see: report keys filtered by the TLP rule
//! (`ringtrace_model::sight`). Exhibit matches are filtered at their
//! source (`evidence::matches_in_catalog`).
//!
//! A case and its exhibits are the investigators' own, and are shown whole
//! to whoever may see cases. The victims' reports it reaches are partners'
//! data: a report the caller may not see (another partner's AMBER+STRICT or
//! RED, or anything beyond CLEAR for an investigator key) is left out,
//! and so is a ring, or an indicator's match, known only through such
//! reports. The command line works on the whole database and filters
//! nothing.

use super::view::CaseView;
use crate::catalog::Catalog;
use crate::views::Looker;
use ringtrace_model::{ReportKey, Sight, Viewer};

/// Whether `viewer` may see the report `key` (unknown keys: no).
pub fn visible(cat: &Catalog, who: &Looker<'_>, key: &ReportKey) -> bool {
    cat.by_key(key.partner.as_str(), key.id.as_str())
        .is_some_and(|rix| cat.sight_of(who, rix) != Sight::Hidden)
}

/// The case view without the reports `viewer` may not see.
pub fn filter_view(cat: &Catalog, viewer: &Viewer, v: &mut CaseView) {
    let who = Looker::new(cat, viewer);
    let ok = |k: &str| ReportKey::parse(k).is_ok_and(|k| visible(cat, &who, &k));
    for r in &mut v.rings {
        r.new_reports.retain(|n| ok(&n.report));
    }
    for l in &mut v.linked_reports {
        if !ok(&l.report) {
            // the key is the case's own (an analyst linked it); what the
            // store holds about it is not the caller's to see
            l.ring = None;
            l.stored = false;
        }
    }
}
