//! What a caller sees of the catalog: every answer is assembled here from
//! the reports the TLP rule lets the caller see, and only from those.

use crate::catalog::{tlp_slot, Catalog, Gix, Iix, Pix, Rix};
use chrono::{Datelike, NaiveDate};
use ringtrace_link::WarningList;
use ringtrace_model::{sight, Indicator, Sight, Tlp, Viewer};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use utoipa::ToSchema;

/// A caller as the catalog knows them.
#[derive(Clone, Debug)]
pub struct Looker<'a> {
    pub viewer: &'a Viewer,
    pub pix: Option<Pix>,
}

impl<'a> Looker<'a> {
    pub fn new(cat: &Catalog, viewer: &'a Viewer) -> Self {
        Looker {
            viewer,
            pix: cat.partner_ix(&viewer.partner),
        }
    }
}

impl Catalog {
    /// How much of report `rix` the caller sees.
    pub fn sight_of(&self, who: &Looker<'_>, rix: Rix) -> Sight {
        let e = self.entry(rix);
        if !e.live {
            return Sight::Hidden;
        }
        if who.pix == Some(e.partner) {
            return Sight::Full;
        }
        sight(
            who.viewer,
            self.partner_slug(e.partner),
            e.tlp,
            self.amber_shared(e.partner, who.pix),
        )
    }

    /// The size of ring `g` as the caller sees it.
    pub fn visible_size(&self, who: &Looker<'_>, g: Gix) -> u64 {
        let mut n = 0u64;
        for (p, counts) in &self.ring_entry(g).tally {
            if who.pix == Some(*p) {
                n += counts.iter().map(|c| u64::from(*c)).sum::<u64>();
                continue;
            }
            let shared = self.amber_shared(*p, who.pix);
            for tlp in Tlp::ALL {
                if sight(who.viewer, self.partner_slug(*p), *tlp, shared) != Sight::Hidden {
                    n += u64::from(counts[tlp_slot(*tlp)]);
                }
            }
        }
        n
    }
}

/// A ring and how many reports of it the caller sees.
#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct RingCount {
    pub ring: String,
    pub report_count: u64,
}

/// The warning list's word on a value.
#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct WarningNote {
    pub owner: String,
    pub note: String,
}

/// The verdict on one value, as the spec's `lookup` command gives it.
#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct LookupAnswer {
    pub kind: String,
    pub value: String,
    /// `known` (reports mention it), `unknown`, or `legitimate` (on the
    /// warning list: it never links reports).
    pub verdict: String,
    pub known: bool,
    pub warning_list: Option<WarningNote>,
    /// Reports the caller may see that mention it.
    pub reports: u64,
    pub rings: Vec<RingCount>,
    pub partners: Vec<String>,
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
    /// Roles of its mentions with counts (`none` when the text said nothing).
    pub roles: BTreeMap<String, u64>,
}

/// At most this many rings are listed in a verdict (largest first).
const VERDICT_RINGS: usize = 20;

/// Indicators mentioned by at least this many reports (hubs, mostly) have
/// their verdicts cached per caller kind until the catalog next changes,
/// so that a lookup never walks a hundred thousand reports twice.
pub(crate) const HEAVY: usize = 512;

/// The part of a verdict that depends on the catalog and the caller.
#[derive(Clone, Debug)]
pub struct Filled {
    known: bool,
    reports: u64,
    rings: Vec<RingCount>,
    partners: Vec<String>,
    first_seen: Option<String>,
    last_seen: Option<String>,
    roles: BTreeMap<String, u64>,
}

impl Filled {
    fn take_from(a: &LookupAnswer) -> Self {
        Filled {
            known: a.known,
            reports: a.reports,
            rings: a.rings.clone(),
            partners: a.partners.clone(),
            first_seen: a.first_seen.clone(),
            last_seen: a.last_seen.clone(),
            roles: a.roles.clone(),
        }
    }

    fn put_into(self, a: &mut LookupAnswer) {
        a.known = self.known;
        a.reports = self.reports;
        a.rings = self.rings;
        a.partners = self.partners;
        a.first_seen = self.first_seen;
        a.last_seen = self.last_seen;
        a.roles = self.roles;
    }
}

impl Catalog {
    /// The verdict on `ind` for this caller.
    pub fn lookup(
        &self,
        who: &Looker<'_>,
        ind: &Indicator,
        warnings: &WarningList,
    ) -> LookupAnswer {
        let hub = warnings.hub(ind);
        let mut answer = LookupAnswer {
            kind: ind.kind.as_str().to_string(),
            value: ind.value.clone(),
            verdict: "unknown".into(),
            known: false,
            warning_list: hub.map(|h| WarningNote {
                owner: h.owner.clone(),
                note: h.note.clone(),
            }),
            reports: 0,
            rings: Vec::new(),
            partners: Vec::new(),
            first_seen: None,
            last_seen: None,
            roles: BTreeMap::new(),
        };
        if let Some(iix) = self.indicator_ix(ind) {
            if self.indicator_reports[iix as usize].len() >= HEAVY {
                let key = (iix, who.pix, who.viewer.role);
                let cached = self.verdicts.lock().ok().and_then(|c| c.get(&key).cloned());
                match cached {
                    Some(filled) => filled.put_into(&mut answer),
                    None => {
                        self.fill_verdict(who, iix, &mut answer);
                        if let Ok(mut c) = self.verdicts.lock() {
                            c.insert(key, Filled::take_from(&answer));
                        }
                    }
                }
            } else {
                self.fill_verdict(who, iix, &mut answer);
            }
        }
        answer.verdict = match (hub, answer.known) {
            (Some(_), _) => "legitimate",
            (None, true) => "known",
            (None, false) => "unknown",
        }
        .into();
        if hub.is_some() {
            // A legitimate value links nothing: the rings of the reports that
            // mention it are not its rings.
            answer.rings.clear();
        }
        answer
    }

    fn fill_verdict(&self, who: &Looker<'_>, iix: Iix, answer: &mut LookupAnswer) {
        let mut partners: BTreeSet<Pix> = BTreeSet::new();
        let mut rings: HashMap<Gix, ()> = HashMap::new();
        let mut first: Option<&str> = None;
        let mut last: Option<&str> = None;
        for &rix in &self.indicator_reports[iix as usize] {
            if self.sight_of(who, rix) == Sight::Hidden {
                continue;
            }
            let e = self.entry(rix);
            answer.reports += 1;
            partners.insert(e.partner);
            if let Some(g) = e.ring {
                rings.insert(g, ());
            }
            let at = &*e.received_at;
            if first.is_none_or(|f| at < f) {
                first = Some(at);
            }
            if last.is_none_or(|l| at > l) {
                last = Some(at);
            }
            for m in e.mentions.iter().filter(|m| m.indicator == iix) {
                let role = m.role.map_or("none", |r| r.as_str());
                *answer.roles.entry(role.to_string()).or_default() += 1;
            }
        }
        answer.known = answer.reports > 0;
        answer.partners = partners
            .into_iter()
            .map(|p| self.partner_slug(p).to_string())
            .collect();
        answer.first_seen = first.map(String::from);
        answer.last_seen = last.map(String::from);
        let mut rings: Vec<RingCount> = rings
            .into_keys()
            .map(|g| RingCount {
                ring: self.ring_id(g).to_string(),
                report_count: self.visible_size(who, g),
            })
            .collect();
        rings.sort_by(|a, b| {
            b.report_count
                .cmp(&a.report_count)
                .then(a.ring.cmp(&b.ring))
        });
        rings.truncate(VERDICT_RINGS);
        answer.rings = rings;
    }
}

/// An indicator of a ring with the number of the ring's visible reports
/// that mention it.
#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct IndicatorCount {
    pub kind: String,
    pub value: String,
    pub reports: u64,
}

/// One week of a ring's activity (weeks start on Monday).
#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct WeekCount {
    pub week: String,
    pub reports: u64,
}

/// A report as listed in a ring or an indicator's page.
#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct ReportRef {
    pub report: String,
    pub partner: String,
    pub received_at: String,
    pub tlp: String,
    pub ring: Option<String>,
    /// `full` (narrative and loss readable) or `linkage` (membership and
    /// indicators only).
    pub sight: String,
}

/// A ring's profile as the caller sees it.
#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct RingView {
    pub ring: String,
    pub report_count: u64,
    pub partners: Vec<String>,
    pub brands: Vec<String>,
    pub channels: BTreeMap<String, u64>,
    pub victim_countries: BTreeMap<String, u64>,
    pub phone_countries: BTreeMap<String, u64>,
    /// Total loss per currency, over the reports whose loss the caller may read.
    pub loss_total: BTreeMap<String, f64>,
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
    pub top_indicators: Vec<IndicatorCount>,
    pub weekly: Vec<WeekCount>,
}

/// At most this many indicators in a ring's profile.
const TOP_INDICATORS: usize = 25;

impl Catalog {
    /// The visible members of ring `g`, oldest first.
    pub fn visible_members(&self, who: &Looker<'_>, g: Gix) -> Vec<Rix> {
        let mut members: Vec<Rix> = self
            .ring_entry(g)
            .members
            .iter()
            .copied()
            .filter(|r| self.sight_of(who, *r) != Sight::Hidden)
            .collect();
        members.sort_by(|a, b| {
            let (ea, eb) = (self.entry(*a), self.entry(*b));
            ea.received_at.cmp(&eb.received_at).then(ea.pk.cmp(&eb.pk))
        });
        members
    }

    pub fn report_ref(&self, who: &Looker<'_>, rix: Rix) -> ReportRef {
        let e = self.entry(rix);
        ReportRef {
            report: format!("{}:{}", self.partner_slug(e.partner), e.id),
            partner: self.partner_slug(e.partner).to_string(),
            received_at: e.received_at.to_string(),
            tlp: e.tlp.as_str().to_string(),
            ring: e.ring.map(|g| self.ring_id(g).to_string()),
            sight: match self.sight_of(who, rix) {
                Sight::Full => "full",
                _ => "linkage",
            }
            .into(),
        }
    }

    /// Ring `g`'s profile over the reports the caller sees; None when the
    /// caller sees none of them.
    pub fn ring_view(&self, who: &Looker<'_>, g: Gix) -> Option<RingView> {
        let members = self.visible_members(who, g);
        if members.is_empty() {
            return None;
        }
        let mut partners = BTreeSet::new();
        let mut brands = BTreeSet::new();
        let mut channels: BTreeMap<String, u64> = BTreeMap::new();
        let mut victims: BTreeMap<String, u64> = BTreeMap::new();
        let mut loss: BTreeMap<String, f64> = BTreeMap::new();
        let mut weeks: BTreeMap<NaiveDate, u64> = BTreeMap::new();
        let mut per_indicator: HashMap<Iix, u64> = HashMap::new();
        for &rix in &members {
            let e = self.entry(rix);
            partners.insert(self.partner_slug(e.partner).to_string());
            if let Some(b) = &e.brand {
                brands.insert(b.to_string());
            }
            *channels
                .entry(e.channel.as_deref().unwrap_or("unknown").to_string())
                .or_default() += 1;
            *victims
                .entry(e.region.as_deref().unwrap_or("unknown").to_string())
                .or_default() += 1;
            if let (Some((amount, currency)), Sight::Full) = (&e.loss, self.sight_of(who, rix)) {
                *loss.entry(currency.to_string()).or_default() += amount;
            }
            if let Some(monday) = week_of(&e.received_at) {
                *weeks.entry(monday).or_default() += 1;
            }
            let mut seen = BTreeSet::new();
            for m in &e.mentions {
                if seen.insert(m.indicator) {
                    *per_indicator.entry(m.indicator).or_default() += 1;
                }
            }
        }
        let mut phone_countries: BTreeMap<String, u64> = BTreeMap::new();
        let mut top: Vec<(Iix, u64)> = per_indicator.into_iter().collect();
        for (iix, n) in &top {
            let ind = self.indicator(*iix);
            if ind.kind == ringtrace_model::Kind::Phone {
                let country = phonenumber::parse(None, &ind.value)
                    .ok()
                    .and_then(|p| p.country().id())
                    .map_or("unknown".to_string(), |c| format!("{c:?}"));
                *phone_countries.entry(country).or_default() += n;
            }
        }
        top.sort_by(|a, b| {
            b.1.cmp(&a.1)
                .then_with(|| self.indicator(a.0).cmp(self.indicator(b.0)))
        });
        top.truncate(TOP_INDICATORS);
        let first = self.entry(members[0]).received_at.to_string();
        let last = members
            .iter()
            .map(|r| &self.entry(*r).received_at)
            .max()
            .map(|s| s.to_string());
        Some(RingView {
            ring: self.ring_id(g).to_string(),
            report_count: members.len() as u64,
            partners: partners.into_iter().collect(),
            brands: brands.into_iter().collect(),
            channels,
            victim_countries: victims,
            phone_countries,
            loss_total: loss
                .into_iter()
                .map(|(c, v)| (c, (v * 100.0).round() / 100.0))
                .collect(),
            first_seen: Some(first),
            last_seen: last,
            top_indicators: top
                .into_iter()
                .map(|(iix, n)| {
                    let ind = self.indicator(iix);
                    IndicatorCount {
                        kind: ind.kind.as_str().to_string(),
                        value: ind.value.clone(),
                        reports: n,
                    }
                })
                .collect(),
            weekly: fill_weeks(&weeks),
        })
    }

    /// Rings the caller sees with at least `min` visible reports, largest
    /// first (ties by id).
    pub fn ring_list(&self, who: &Looker<'_>, min: u64) -> Vec<(Gix, u64)> {
        let mut out: Vec<(Gix, u64)> = (0..self.rings.len() as Gix)
            .filter(|g| !self.ring_entry(*g).members.is_empty())
            .map(|g| (g, self.visible_size(who, g)))
            .filter(|(_, n)| *n >= min.max(1))
            .collect();
        out.sort_by(|a, b| {
            b.1.cmp(&a.1)
                .then_with(|| self.ring_id(a.0).cmp(self.ring_id(b.0)))
        });
        out
    }

    /// Visible reports mentioning an indicator, oldest first.
    pub fn indicator_members(&self, who: &Looker<'_>, iix: Iix) -> Vec<Rix> {
        let mut out: Vec<Rix> = self.indicator_reports[iix as usize]
            .iter()
            .copied()
            .filter(|r| self.sight_of(who, *r) != Sight::Hidden)
            .collect();
        out.sort_by(|a, b| {
            let (ea, eb) = (self.entry(*a), self.entry(*b));
            ea.received_at.cmp(&eb.received_at).then(ea.pk.cmp(&eb.pk))
        });
        out
    }
}

fn week_of(at: &str) -> Option<NaiveDate> {
    let day = NaiveDate::parse_from_str(at.get(..10)?, "%Y-%m-%d").ok()?;
    Some(day - chrono::Duration::days(i64::from(day.weekday().num_days_from_monday())))
}

/// Every week from the first to the last, empty ones included.
fn fill_weeks(weeks: &BTreeMap<NaiveDate, u64>) -> Vec<WeekCount> {
    let (Some(first), Some(last)) = (weeks.keys().next(), weeks.keys().next_back()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut d = *first;
    // At most ten years of weeks: a report dated far off cannot make this huge.
    while d <= *last && out.len() < 520 {
        out.push(WeekCount {
            week: d.format("%Y-%m-%d").to_string(),
            reports: weeks.get(&d).copied().unwrap_or(0),
        });
        d += chrono::Duration::days(7);
    }
    out
}
