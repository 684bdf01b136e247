//! `match_exhibits`: which exhibits touch which rings and victims' reports,
//! which SIM carried a number victims called, which e-mail account sent
//! the scam mails, and which sites share an indicator.

use super::{ExhibitId, ExhibitIndicator};
use ringtrace_model::{Indicator, Kind, ReportKey};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// One seized item with the indicators read off it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exhibit {
    pub id: ExhibitId,
    pub site: String,
    pub indicators: Vec<ExhibitIndicator>,
}

/// A ring an indicator belongs to, with the reports of the ring that mention it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RingHit {
    pub ring: String,
    pub reports: Vec<ReportKey>,
}

/// Everything the exhibits tell about the rings.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ExhibitMatches {
    /// Per exhibit touching at least one ring, in input order.
    pub exhibits: Vec<ExhibitMatch>,
    /// SIMs whose own number is a ring's phone number.
    pub sims: Vec<OwnMatch>,
    /// E-mail accounts that are a ring's e-mail address.
    pub mail_accounts: Vec<OwnMatch>,
    /// Pairs of sites sharing at least one indicator.
    pub sites: Vec<SiteLink>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ExhibitMatch {
    pub exhibit: ExhibitId,
    pub site: String,
    pub rings: Vec<RingTouch>,
    /// Victims' reports reached through any of its indicators.
    #[serde(with = "crate::keys_serde::list")]
    pub reports: Vec<ReportKey>,
}

/// The indicators through which an exhibit touches one ring.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RingTouch {
    pub ring: String,
    pub indicators: Vec<MatchedIndicator>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MatchedIndicator {
    pub indicator: Indicator,
    /// Where in the extract it was read.
    pub sources: Vec<String>,
    #[serde(with = "crate::keys_serde::list")]
    pub reports: Vec<ReportKey>,
}

/// A SIM's own number or a held e-mail account that is a ring's indicator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OwnMatch {
    pub exhibit: ExhibitId,
    pub site: String,
    pub source: String,
    pub indicator: Indicator,
    pub rings: Vec<String>,
    #[serde(with = "crate::keys_serde::list")]
    pub reports: Vec<ReportKey>,
}

/// Two sites that share indicators.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SiteLink {
    pub sites: (String, String),
    pub shared: Vec<SharedValue>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SharedValue {
    pub indicator: Indicator,
    /// The exhibits, at either site, that hold it.
    pub exhibits: Vec<ExhibitId>,
    /// Rings it belongs to, if any.
    pub rings: Vec<String>,
}

impl SiteLink {
    /// One sentence per shared value: `site 12 and site 40 share a payment
    /// account (upi:…)`.
    pub fn sentences(&self) -> Vec<String> {
        self.shared
            .iter()
            .map(|v| {
                format!(
                    "site {} and site {} share {} ({})",
                    self.sites.0,
                    self.sites.1,
                    what(v.indicator.kind),
                    v.indicator
                )
            })
            .collect()
    }
}

fn what(kind: Kind) -> &'static str {
    match kind {
        Kind::Phone => "a phone number",
        Kind::Email => "an e-mail address",
        Kind::Url => "a web page",
        Kind::Domain => "a domain",
        Kind::Ip => "an IP address",
        Kind::Upi | Kind::Iban | Kind::BankAccount => "a payment account",
        Kind::CryptoWallet => "a crypto wallet",
        Kind::GiftCard => "a gift card",
        Kind::RemoteId => "a remote-access ID",
    }
}

/// Matches the exhibits against the rings through `ring_index` (the rings
/// an indicator belongs to, with their reports mentioning it; the edge
/// answers it from the store or catalog, TLP applied). Each distinct
/// indicator is asked once.
///
/// Sites are compared on every shared indicator except hubs (`is_hub`: the
/// warning list's values, such as the real Microsoft number every call
/// centre keeps in its contacts) and web values (URL, domain, IP) that
/// belong to no ring: every browser visits the same popular sites, and that
/// says nothing.
pub fn match_exhibits(
    exhibits: &[Exhibit],
    ring_index: &dyn Fn(&Indicator) -> Vec<RingHit>,
    is_hub: &dyn Fn(&Indicator) -> bool,
) -> ExhibitMatches {
    let mut cache: HashMap<Indicator, Vec<RingHit>> = HashMap::new();
    let mut hits_of = |i: &Indicator| -> Vec<RingHit> {
        cache
            .entry(i.clone())
            .or_insert_with(|| {
                let mut h = ring_index(i);
                h.sort_by(|a, b| a.ring.cmp(&b.ring));
                for x in &mut h {
                    x.reports.sort();
                    x.reports.dedup();
                }
                h
            })
            .clone()
    };
    let mut out = ExhibitMatches::default();
    // indicator -> site -> exhibits
    let mut places: BTreeMap<Indicator, BTreeMap<String, BTreeSet<ExhibitId>>> = BTreeMap::new();
    let mut ring_of: BTreeMap<Indicator, Vec<String>> = BTreeMap::new();

    for ex in exhibits {
        let mut sources: BTreeMap<&Indicator, Vec<String>> = BTreeMap::new();
        for ei in &ex.indicators {
            let s = sources.entry(&ei.indicator).or_default();
            if !s.contains(&ei.source) {
                s.push(ei.source.clone());
            }
        }
        let mut touches: BTreeMap<String, Vec<MatchedIndicator>> = BTreeMap::new();
        let mut reports: BTreeSet<ReportKey> = BTreeSet::new();
        for (ind, srcs) in &sources {
            let hits = hits_of(ind);
            ring_of.insert(
                (*ind).clone(),
                hits.iter().map(|h| h.ring.clone()).collect(),
            );
            places
                .entry((*ind).clone())
                .or_default()
                .entry(ex.site.clone())
                .or_default()
                .insert(ex.id.clone());
            for h in &hits {
                reports.extend(h.reports.iter().cloned());
                touches
                    .entry(h.ring.clone())
                    .or_default()
                    .push(MatchedIndicator {
                        indicator: (*ind).clone(),
                        sources: srcs.clone(),
                        reports: h.reports.clone(),
                    });
            }
        }
        for ei in &ex.indicators {
            let list = if ei.is_own_number() && ei.indicator.kind == Kind::Phone {
                &mut out.sims
            } else if ei.is_own_account() && ei.indicator.kind == Kind::Email {
                &mut out.mail_accounts
            } else {
                continue;
            };
            let hits = hits_of(&ei.indicator);
            if hits.is_empty() {
                continue;
            }
            let mut reps: BTreeSet<ReportKey> = BTreeSet::new();
            for h in &hits {
                reps.extend(h.reports.iter().cloned());
            }
            list.push(OwnMatch {
                exhibit: ex.id.clone(),
                site: ex.site.clone(),
                source: ei.source.clone(),
                indicator: ei.indicator.clone(),
                rings: hits.iter().map(|h| h.ring.clone()).collect(),
                reports: reps.into_iter().collect(),
            });
        }
        if !touches.is_empty() {
            out.exhibits.push(ExhibitMatch {
                exhibit: ex.id.clone(),
                site: ex.site.clone(),
                rings: touches
                    .into_iter()
                    .map(|(ring, indicators)| RingTouch { ring, indicators })
                    .collect(),
                reports: reports.into_iter().collect(),
            });
        }
    }

    let mut links: BTreeMap<(String, String), Vec<SharedValue>> = BTreeMap::new();
    for (ind, sites) in &places {
        let rings = ring_of.get(ind).cloned().unwrap_or_default();
        let web = matches!(ind.kind, Kind::Url | Kind::Domain | Kind::Ip);
        if sites.len() < 2 || (web && rings.is_empty()) || is_hub(ind) {
            continue;
        }
        let names: Vec<&String> = sites.keys().collect();
        for (i, a) in names.iter().enumerate() {
            for b in &names[i + 1..] {
                let mut exh: Vec<ExhibitId> = sites[*a].iter().cloned().collect();
                exh.extend(sites[*b].iter().cloned());
                links
                    .entry(((*a).clone(), (*b).clone()))
                    .or_default()
                    .push(SharedValue {
                        indicator: ind.clone(),
                        exhibits: exh,
                        rings: rings.clone(),
                    });
            }
        }
    }
    out.sites = links
        .into_iter()
        .map(|(sites, shared)| SiteLink { sites, shared })
        .collect();
    out
}
