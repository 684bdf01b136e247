//! The service's in-memory catalog: every report's facts (never its
//! narrative) and every mention, indexed so that lookups, ring views and
//! lists answer in microseconds without touching the database.
//!
//! It is built from the store when the server starts and kept current after
//! each ingest; the store stays the source of truth. What a caller may see
//! of it is decided in `views`.

use ringtrace_model::{AccessRole, Indicator, Role, Tlp};
use ringtrace_store::{CatalogMention, CatalogReport, Store, StoreError, Withdrawal};
use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

/// Index of a report in the catalog.
pub type Rix = u32;
/// Index of an indicator in the catalog.
pub type Iix = u32;
/// Index of a partner in the catalog.
pub type Pix = u16;
/// Index of a ring in the catalog.
pub type Gix = u32;

/// A cached verdict's key: the indicator, the caller's partner, its role.
pub type VerdictKey = (Iix, Option<Pix>, AccessRole);

/// One report's facts.
#[derive(Clone, Debug)]
pub struct Entry {
    pub pk: i64,
    pub partner: Pix,
    pub id: Box<str>,
    pub tlp: Tlp,
    pub ring: Option<Gix>,
    pub received_at: Box<str>,
    /// When this version was stored: the TAXII `date_added` of its objects.
    pub updated_at: Box<str>,
    pub brand: Option<Box<str>>,
    pub channel: Option<Box<str>>,
    pub region: Option<Box<str>>,
    pub loss: Option<(f64, Box<str>)>,
    pub mentions: Vec<Mentioned>,
    /// False once the report was replaced by a later catalog entry.
    pub live: bool,
}

/// One mention of an indicator in a report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mentioned {
    pub indicator: Iix,
    pub role: Option<Role>,
    pub may_link: bool,
}

/// What is left of a report withdrawn at its source: TAXII tells its
/// holders with a revoked object.
#[derive(Clone, Debug)]
pub struct Tombstone {
    pub partner: Pix,
    pub id: Box<str>,
    pub tlp: Tlp,
    pub received_at: Box<str>,
    pub withdrawn_at: Box<str>,
    /// False once the report was stored again.
    pub active: bool,
}

/// A ring's members and, per partner, how many of them carry each TLP
/// marking (so a caller's view of its size costs a few additions).
#[derive(Clone, Debug, Default)]
pub struct RingEntry {
    pub id: Box<str>,
    pub members: Vec<Rix>,
    pub tally: Vec<(Pix, [u32; 5])>,
}

/// The catalog.
#[derive(Debug, Default)]
pub struct Catalog {
    partners: Vec<Box<str>>,
    partner_ix: HashMap<Box<str>, Pix>,
    pub(crate) reports: Vec<Entry>,
    pk_ix: HashMap<i64, Rix>,
    key_ix: HashMap<(Pix, Box<str>), Rix>,
    indicators: Vec<Indicator>,
    indicator_ix: HashMap<Indicator, Iix>,
    /// Reports mentioning each indicator (each report once).
    pub(crate) indicator_reports: Vec<Vec<Rix>>,
    pub(crate) rings: Vec<RingEntry>,
    ring_ix: HashMap<Box<str>, Gix>,
    /// Reports withdrawn at their source, oldest first.
    pub(crate) withdrawn: Vec<Tombstone>,
    withdrawn_ix: HashMap<(Pix, Box<str>), usize>,
    /// `(owner, grantee)`: the owner shares its AMBER details with the grantee.
    amber_grants: HashSet<(Pix, Pix)>,
    /// Verdicts on heavy indicators, per (indicator, caller's partner,
    /// role); emptied by every change (see `views::HEAVY`).
    pub(crate) verdicts: Mutex<HashMap<VerdictKey, crate::views::Filled>>,
    /// Counts changes to what was already there (a report replaced, moved
    /// to another ring, a grant made or withdrawn); appending new reports
    /// does not count. Logs built over the catalog (TAXII) start again when
    /// it moves.
    pub revision: u64,
}

pub(crate) fn tlp_slot(tlp: Tlp) -> usize {
    match tlp {
        Tlp::Clear => 0,
        Tlp::Green => 1,
        Tlp::Amber => 2,
        Tlp::AmberStrict => 3,
        Tlp::Red => 4,
    }
}

impl Catalog {
    /// Reads the whole store.
    pub fn load(store: &dyn Store) -> Result<Catalog, StoreError> {
        let mut cat = Catalog::default();
        let mut rows = Vec::new();
        let mut mentions = Vec::new();
        store.catalog(&mut |r| rows.push(r), &mut |m| mentions.push(m))?;
        cat.apply(rows, mentions);
        for w in store.withdrawals(None)? {
            cat.withdraw(&w);
        }
        for (owner, grantee) in store.amber_grants()? {
            cat.grant_amber(&owner, &grantee, true);
        }
        Ok(cat)
    }

    /// Adds reports, or replaces the catalog's entries of reports that were
    /// stored again, with their mentions.
    pub fn apply(&mut self, rows: Vec<CatalogReport>, mentions: Vec<CatalogMention>) {
        self.forget_verdicts();
        let mut by_pk: HashMap<i64, Vec<CatalogMention>> = HashMap::new();
        for m in mentions {
            by_pk.entry(m.report_pk).or_default().push(m);
        }
        for row in rows {
            let ms = by_pk.remove(&row.report_pk).unwrap_or_default();
            self.put(row, ms);
        }
    }

    fn put(&mut self, row: CatalogReport, mentions: Vec<CatalogMention>) {
        if let Some(&old) = self.pk_ix.get(&row.report_pk) {
            self.retire(old);
        }
        let partner = self.partner(&row.partner);
        let rix = self.reports.len() as Rix;
        let mut seen = HashSet::new();
        let mut mentioned = Vec::with_capacity(mentions.len());
        for m in mentions {
            let iix = self.intern_indicator(m.indicator);
            if seen.insert(iix) {
                self.indicator_reports[iix as usize].push(rix);
            }
            mentioned.push(Mentioned {
                indicator: iix,
                role: m.role.as_deref().and_then(parse_role),
                may_link: m.may_link,
            });
        }
        let entry = Entry {
            pk: row.report_pk,
            partner,
            id: row.id.into(),
            tlp: row.tlp,
            ring: None,
            received_at: row.received_at.into(),
            updated_at: row.updated_at.into(),
            brand: row.brand.map(Into::into),
            channel: row.channel.map(Into::into),
            region: row.region.map(Into::into),
            loss: match (row.loss_amount, row.loss_currency) {
                (Some(a), Some(c)) => Some((a, c.into())),
                _ => None,
            },
            mentions: mentioned,
            live: true,
        };
        if let Some(&t) = self.withdrawn_ix.get(&(partner, entry.id.clone())) {
            if self.withdrawn[t].active {
                self.withdrawn[t].active = false;
                self.revision += 1;
            }
        }
        self.key_ix.insert((partner, entry.id.clone()), rix);
        self.pk_ix.insert(entry.pk, rix);
        self.reports.push(entry);
        if let Some(ring) = row.ring {
            self.move_to_ring(rix, Some(&ring));
        }
    }

    /// Takes a replaced report out of every index.
    fn retire(&mut self, rix: Rix) {
        self.revision += 1;
        self.move_to_ring(rix, None);
        let e = &mut self.reports[rix as usize];
        e.live = false;
        // a retired entry keeps its place (indexes are positions) but not
        // its content: nothing reads a dead entry's mentions or details
        let mentions = std::mem::take(&mut e.mentions);
        e.brand = None;
        e.channel = None;
        e.region = None;
        e.loss = None;
        let iixs: HashSet<Iix> = mentions.iter().map(|m| m.indicator).collect();
        for iix in iixs {
            self.indicator_reports[iix as usize].retain(|r| *r != rix);
        }
    }

    /// Takes a withdrawn report out (when it is here) and keeps its
    /// tombstone.
    pub fn withdraw(&mut self, w: &Withdrawal) {
        self.forget_verdicts();
        self.revision += 1;
        let partner = self.partner(w.key.partner.as_str());
        let key: (Pix, Box<str>) = (partner, w.key.id.as_str().into());
        if let Some(rix) = self.key_ix.remove(&key) {
            let pk = self.reports[rix as usize].pk;
            if self.reports[rix as usize].live {
                self.retire(rix);
            }
            if self.pk_ix.get(&pk) == Some(&rix) {
                self.pk_ix.remove(&pk);
            }
        }
        let stone = Tombstone {
            partner,
            id: key.1.clone(),
            tlp: w.tlp,
            received_at: w.received_at.as_str().into(),
            withdrawn_at: w.withdrawn_at.as_str().into(),
            active: true,
        };
        // Withdrawn again after it came back: the new tombstone goes last,
        // in time order.
        if let Some(t) = self.withdrawn_ix.get(&key) {
            self.withdrawn[*t].active = false;
        }
        self.withdrawn_ix.insert(key, self.withdrawn.len());
        self.withdrawn.push(stone);
    }

    fn partner(&mut self, slug: &str) -> Pix {
        if let Some(&p) = self.partner_ix.get(slug) {
            return p;
        }
        let p = self.partners.len() as Pix;
        self.partners.push(slug.into());
        self.partner_ix.insert(slug.into(), p);
        p
    }

    fn intern_indicator(&mut self, ind: Indicator) -> Iix {
        if let Some(&i) = self.indicator_ix.get(&ind) {
            return i;
        }
        let i = self.indicators.len() as Iix;
        self.indicators.push(ind.clone());
        self.indicator_ix.insert(ind, i);
        self.indicator_reports.push(Vec::new());
        i
    }

    fn ring(&mut self, id: &str) -> Gix {
        if let Some(&g) = self.ring_ix.get(id) {
            return g;
        }
        let g = self.rings.len() as Gix;
        self.rings.push(RingEntry {
            id: id.into(),
            ..RingEntry::default()
        });
        self.ring_ix.insert(id.into(), g);
        g
    }

    /// Puts a report in a ring (or in none).
    fn move_to_ring(&mut self, rix: Rix, ring: Option<&str>) {
        let new = ring.filter(|r| !r.is_empty()).map(|r| self.ring(r));
        let e = &self.reports[rix as usize];
        let (old, partner, slot) = (e.ring, e.partner, tlp_slot(e.tlp));
        if old == new {
            return;
        }
        if let Some(g) = old {
            let r = &mut self.rings[g as usize];
            if let Some(pos) = r.members.iter().position(|m| *m == rix) {
                r.members.swap_remove(pos);
            }
            if let Some(t) = r.tally.iter_mut().find(|t| t.0 == partner) {
                t.1[slot] = t.1[slot].saturating_sub(1);
            }
        }
        if let Some(g) = new {
            let r = &mut self.rings[g as usize];
            r.members.push(rix);
            match r.tally.iter_mut().find(|t| t.0 == partner) {
                Some(t) => t.1[slot] += 1,
                None => {
                    let mut counts = [0; 5];
                    counts[slot] = 1;
                    r.tally.push((partner, counts));
                }
            }
        }
        self.reports[rix as usize].ring = new;
    }

    /// Sets every report's ring after a full relink.
    pub fn reassign(&mut self, rings: &[(i64, String, String)]) {
        self.forget_verdicts();
        for (pk, _, ring) in rings {
            if let Some(&rix) = self.pk_ix.get(pk) {
                let before = self.reports[rix as usize].ring;
                self.move_to_ring(rix, Some(ring));
                if before != self.reports[rix as usize].ring {
                    self.revision += 1;
                }
            }
        }
    }

    fn forget_verdicts(&mut self) {
        if let Ok(v) = self.verdicts.get_mut() {
            v.clear();
        }
    }

    /// Records or withdraws an AMBER sharing grant.
    pub fn grant_amber(&mut self, owner: &str, grantee: &str, shared: bool) {
        self.forget_verdicts();
        self.revision += 1;
        let pair = (self.partner(owner), self.partner(grantee));
        if shared {
            self.amber_grants.insert(pair);
        } else {
            self.amber_grants.remove(&pair);
        }
    }

    pub fn amber_shared(&self, owner: Pix, grantee: Option<Pix>) -> bool {
        grantee.is_some_and(|g| self.amber_grants.contains(&(owner, g)))
    }

    pub fn partner_ix(&self, slug: &str) -> Option<Pix> {
        self.partner_ix.get(slug).copied()
    }

    pub fn partner_slug(&self, p: Pix) -> &str {
        &self.partners[p as usize]
    }

    pub fn indicator(&self, i: Iix) -> &Indicator {
        &self.indicators[i as usize]
    }

    /// The values of `kind` that link reports (a mention whose role and
    /// the warning list let it link) in live reports marked at most
    /// `tlp_max` and received at or after `since`: what this instance
    /// offers to private matching.
    pub fn linking_values(
        &self,
        kind: ringtrace_model::Kind,
        since: Option<&str>,
        tlp_max: Tlp,
    ) -> Vec<String> {
        let mut out = Vec::new();
        for (iix, ind) in self.indicators.iter().enumerate() {
            if ind.kind != kind {
                continue;
            }
            let iix = iix as Iix;
            let offered = self.indicator_reports[iix as usize].iter().any(|&r| {
                let e = &self.reports[r as usize];
                e.live
                    && e.tlp <= tlp_max
                    && since.is_none_or(|t| *e.received_at >= *t)
                    && e.mentions.iter().any(|m| m.indicator == iix && m.may_link)
            });
            if offered {
                out.push(ind.value.clone());
            }
        }
        out
    }

    /// The ring most of the live reports mentioning `ind` are in.
    pub fn ring_of_value(&self, ind: &Indicator) -> Option<String> {
        let iix = self.indicator_ix(ind)?;
        let mut counts: HashMap<Gix, usize> = HashMap::new();
        for &r in &self.indicator_reports[iix as usize] {
            let e = &self.reports[r as usize];
            if let (true, Some(g)) = (e.live, e.ring) {
                *counts.entry(g).or_default() += 1;
            }
        }
        counts
            .into_iter()
            .max_by_key(|(g, n)| (*n, std::cmp::Reverse(*g)))
            .map(|(g, _)| self.ring_id(g).to_string())
    }

    /// The rings `ind` belongs to, each with its live reports that mention
    /// it as a scammer's value (a mention that may link) or as the
    /// victim's own; only reports `who` may see, when given.
    pub fn ring_hits(
        &self,
        ind: &Indicator,
        who: Option<&crate::views::Looker<'_>>,
    ) -> Vec<ringtrace_act::device::RingHit> {
        let Some(iix) = self.indicator_ix(ind) else {
            return Vec::new();
        };
        let mut by_ring: std::collections::BTreeMap<&str, Vec<ringtrace_model::ReportKey>> =
            std::collections::BTreeMap::new();
        for &r in &self.indicator_reports[iix as usize] {
            let e = &self.reports[r as usize];
            let (true, Some(g)) = (e.live, e.ring) else {
                continue;
            };
            let counts = e.mentions.iter().any(|m| {
                m.indicator == iix
                    && (m.may_link || m.role == Some(ringtrace_model::Role::VictimOwn))
            });
            if !counts || who.is_some_and(|w| self.sight_of(w, r) == ringtrace_model::Sight::Hidden)
            {
                continue;
            }
            let key = format!("{}:{}", self.partner_slug(e.partner), e.id);
            if let Ok(k) = ringtrace_model::ReportKey::parse(&key) {
                by_ring.entry(self.ring_id(g)).or_default().push(k);
            }
        }
        by_ring
            .into_iter()
            .map(|(ring, reports)| ringtrace_act::device::RingHit {
                ring: ring.to_string(),
                reports,
            })
            .collect()
    }

    pub fn indicator_ix(&self, ind: &Indicator) -> Option<Iix> {
        self.indicator_ix.get(ind).copied()
    }

    pub fn ring_ix(&self, id: &str) -> Option<Gix> {
        self.ring_ix.get(id).copied()
    }

    pub fn ring_entry(&self, g: Gix) -> &RingEntry {
        &self.rings[g as usize]
    }

    pub fn ring_id(&self, g: Gix) -> &str {
        &self.rings[g as usize].id
    }

    pub fn entry(&self, rix: Rix) -> &Entry {
        &self.reports[rix as usize]
    }

    pub fn by_key(&self, partner: &str, id: &str) -> Option<Rix> {
        let p = self.partner_ix(partner)?;
        self.key_ix.get(&(p, Box::from(id))).copied()
    }

    /// Entries, live or not: every index below is a report's `Rix`.
    pub fn entries(&self) -> usize {
        self.reports.len()
    }

    /// Live reports.
    pub fn len(&self) -> usize {
        self.pk_ix.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pk_ix.is_empty()
    }

    pub fn ring_count(&self) -> usize {
        self.rings.iter().filter(|r| !r.members.is_empty()).count()
    }
}

fn parse_role(s: &str) -> Option<Role> {
    [
        Role::ScammerContact,
        Role::PaymentDestination,
        Role::VictimOwn,
        Role::LegitimateReference,
    ]
    .into_iter()
    .find(|r| r.as_str() == s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ringtrace_model::Kind;

    fn row(pk: i64, partner: &str, tlp: Tlp, ring: &str) -> CatalogReport {
        CatalogReport {
            report_pk: pk,
            partner: partner.into(),
            id: format!("r-{pk}"),
            tlp,
            ring: Some(ring.into()),
            received_at: "2026-01-01T00:00:00Z".into(),
            brand: None,
            channel: None,
            region: None,
            loss_amount: None,
            loss_currency: None,
            updated_at: "2026-01-01T00:00:00Z".into(),
        }
    }

    fn mention(pk: i64, value: &str) -> CatalogMention {
        CatalogMention {
            report_pk: pk,
            indicator: Indicator::new(Kind::Phone, value.to_string()),
            role: None,
            may_link: true,
        }
    }

    #[test]
    fn replacing_a_report_moves_its_ring_and_mentions() {
        let mut cat = Catalog::default();
        cat.apply(
            vec![row(1, "a", Tlp::Green, "R-1"), row(2, "b", Tlp::Red, "R-1")],
            vec![mention(1, "+1"), mention(2, "+1"), mention(2, "+2")],
        );
        let one = Indicator::new(Kind::Phone, "+1".to_string());
        let i = cat.indicator_ix(&one).unwrap();
        assert_eq!(cat.indicator_reports[i as usize].len(), 2);
        let g = cat.ring_ix("R-1").unwrap();
        assert_eq!(cat.ring_entry(g).members.len(), 2);

        // Report 2 comes again, in another ring, without +1.
        cat.apply(vec![row(2, "b", Tlp::Red, "R-2")], vec![mention(2, "+2")]);
        assert_eq!(cat.indicator_reports[i as usize].len(), 1);
        assert_eq!(cat.ring_entry(g).members.len(), 1);
        let tally: u32 = cat
            .ring_entry(g)
            .tally
            .iter()
            .map(|t| t.1.iter().sum::<u32>())
            .sum();
        assert_eq!(tally, 1);
        assert_eq!(cat.len(), 2);
        let rix = cat.by_key("b", "r-2").unwrap();
        assert_eq!(cat.ring_id(cat.entry(rix).ring.unwrap()), "R-2");

        cat.reassign(&[(1, "a:r-1".into(), "R-2".into())]);
        assert!(cat.ring_entry(g).members.is_empty());
        assert_eq!(cat.ring_count(), 1);
    }

    #[test]
    fn cached_verdicts_of_heavy_indicators_follow_changes() {
        use ringtrace_model::{AccessRole, Viewer};
        let mut cat = Catalog::default();
        let n = crate::views::HEAVY as i64 + 10;
        let rows = (0..n).map(|pk| row(pk, "a", Tlp::Green, "R-1")).collect();
        let mentions = (0..n).map(|pk| mention(pk, "+1")).collect();
        cat.apply(rows, mentions);
        let viewer = Viewer {
            partner: "b".into(),
            role: AccessRole::Lookup,
        };
        let one = Indicator::new(Kind::Phone, "+1".to_string());
        let warnings = ringtrace_link::WarningList::default();
        let count = |cat: &Catalog| {
            let who = crate::views::Looker::new(cat, &viewer);
            cat.lookup(&who, &one, &warnings).reports
        };
        assert_eq!(count(&cat), n as u64);
        assert_eq!(count(&cat), n as u64, "from the cache");
        cat.apply(vec![row(n, "a", Tlp::Green, "R-1")], vec![mention(n, "+1")]);
        assert_eq!(
            count(&cat),
            n as u64 + 1,
            "the cache was emptied by the change"
        );
        cat.apply(vec![row(n, "a", Tlp::Red, "R-1")], vec![mention(n, "+1")]);
        assert_eq!(
            count(&cat),
            n as u64,
            "a RED report is not counted for another partner"
        );
    }
}
