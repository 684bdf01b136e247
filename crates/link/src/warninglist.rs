//! The warning list: known hubs and legitimate values that never link reports.
//!
//! The shipped list is `data/warninglist.tsv` (documented in its header);
//! analysts' additions are merged on top by the caller ([`WarningList::add`],
//! [`WarningList::remove`]), and analysts' overrides ([`WarningList::overrule`])
//! say that a value is *not* a hub: structural hub detection
//! ([`crate::hubs`]) never flags it, and [`WarningList::hub`] no longer
//! matches it, even when a shipped entry would.

use ringtrace_model::{Indicator, Kind};
use std::collections::{HashMap, HashSet};

/// How far an entry reaches beyond its own value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// The value itself only.
    Exact,
    /// A domain, its subdomains, URLs on them and addresses at them.
    Vendor,
    /// A webmail domain and its subdomains; addresses at it still link.
    Webmail,
    /// A hosting domain itself; its subdomains are customers' and still link.
    Hosting,
}

impl Scope {
    fn parse(s: &str) -> Option<Scope> {
        Some(match s {
            "exact" => Scope::Exact,
            "vendor" => Scope::Vendor,
            "webmail" => Scope::Webmail,
            "hosting" => Scope::Hosting,
            _ => return None,
        })
    }
}

/// One entry of the list, as matched against an indicator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hub {
    pub indicator: Indicator,
    pub scope: Scope,
    pub owner: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("warning list line {line}: {message}")]
pub struct WarningListError {
    pub line: usize,
    pub message: String,
}

/// The list, indexed for matching.
#[derive(Clone, Debug, Default)]
pub struct WarningList {
    entries: HashMap<Indicator, Hub>,
    /// Values an analyst declared not to be hubs.
    overruled: HashSet<Indicator>,
}

/// The owner recorded on analysts' entries.
pub const ANALYST: &str = "analyst";

const SHIPPED: &str = include_str!("../data/warninglist.tsv");

impl WarningList {
    /// The list shipped with ringtrace.
    pub fn shipped() -> WarningList {
        WarningList::parse(SHIPPED).expect("the shipped warning list parses (tested)")
    }

    /// Parses the TSV format of `data/warninglist.tsv`.
    pub fn parse(text: &str) -> Result<WarningList, WarningListError> {
        let mut list = WarningList::default();
        for (n, line) in text.lines().enumerate() {
            let line_no = n + 1;
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let err = |message: String| WarningListError {
                line: line_no,
                message,
            };
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() < 3 {
                return Err(err(format!(
                    "expected kind, value, scope, owner, note separated by tabs, got {} columns",
                    cols.len()
                )));
            }
            let kind: Kind = cols[0]
                .parse()
                .map_err(|e: ringtrace_model::UnknownKind| err(e.to_string()))?;
            let scope =
                Scope::parse(cols[2]).ok_or_else(|| err(format!("unknown scope `{}`", cols[2])))?;
            if scope != Scope::Exact && kind != Kind::Domain {
                return Err(err(format!("scope `{}` applies to domains only", cols[2])));
            }
            list.add(Hub {
                indicator: Indicator::new(kind, cols[1]),
                scope,
                owner: cols.get(3).unwrap_or(&"").to_string(),
                note: cols.get(4).unwrap_or(&"").to_string(),
            });
        }
        Ok(list)
    }

    /// Adds or replaces an entry. Adding a value lifts an earlier
    /// [`overrule`](WarningList::overrule) of that same value.
    pub fn add(&mut self, hub: Hub) {
        self.overruled.remove(&hub.indicator);
        self.entries.insert(hub.indicator.clone(), hub);
    }

    /// An entry made by an analyst (owner `analyst`, exact scope), as the
    /// CLI's `warninglist add` records it.
    pub fn analyst_entry(indicator: Indicator, note: impl Into<String>) -> Hub {
        Hub {
            indicator,
            scope: Scope::Exact,
            owner: ANALYST.to_string(),
            note: note.into(),
        }
    }

    /// Records an analyst's verdict that `indicator` is *not* a hub: any entry
    /// for exactly this value is removed, [`hub`](WarningList::hub) stops
    /// matching it (even through a vendor or webmail domain above it), and
    /// structural hub detection never flags it. Returns true if it was not
    /// overruled before.
    pub fn overrule(&mut self, indicator: Indicator) -> bool {
        self.entries.remove(&indicator);
        self.overruled.insert(indicator)
    }

    /// Whether an analyst declared `indicator` not to be a hub.
    pub fn is_overruled(&self, indicator: &Indicator) -> bool {
        self.overruled.contains(indicator)
    }

    /// The overruled values, sorted by kind and value.
    pub fn overruled(&self) -> Vec<&Indicator> {
        let mut v: Vec<&Indicator> = self.overruled.iter().collect();
        v.sort();
        v
    }

    /// Removes an entry; true if it was there.
    pub fn remove(&mut self, indicator: &Indicator) -> bool {
        self.entries.remove(indicator).is_some()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Entries sorted by kind and value.
    pub fn entries(&self) -> Vec<&Hub> {
        let mut v: Vec<&Hub> = self.entries.values().collect();
        v.sort_by(|a, b| a.indicator.cmp(&b.indicator));
        v
    }

    /// The entry that makes `indicator` a hub, if any. An overruled value is
    /// never a hub.
    pub fn hub(&self, indicator: &Indicator) -> Option<&Hub> {
        if self.overruled.contains(indicator) {
            return None;
        }
        if let Some(h) = self.entries.get(indicator) {
            return Some(h);
        }
        match indicator.kind {
            Kind::Domain => self.domain_hub(&indicator.value, false),
            Kind::Url => url_host(&indicator.value).and_then(|h| self.domain_hub(h, false)),
            Kind::Email => indicator
                .value
                .rsplit_once('@')
                .and_then(|(_, d)| self.domain_hub(d, true)),
            _ => None,
        }
    }

    /// A domain is a hub when it is listed, or a subdomain of a vendor or
    /// webmail domain. For an email's domain, only vendor domains count.
    fn domain_hub(&self, host: &str, for_email: bool) -> Option<&Hub> {
        let mut candidate = host;
        let mut is_self = true;
        loop {
            if let Some(h) = self.entries.get(&Indicator::new(Kind::Domain, candidate)) {
                let hit = match (h.scope, for_email) {
                    (Scope::Vendor, _) => true,
                    (Scope::Webmail, false) => true,
                    (Scope::Exact | Scope::Hosting, false) => is_self,
                    _ => false,
                };
                if hit {
                    return Some(h);
                }
            }
            let (_, parent) = candidate.split_once('.')?;
            candidate = parent;
            is_self = false;
        }
    }
}

/// The host of a canonical URL (`scheme://host[:port]/…`).
fn url_host(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    Some(match host.rsplit_once(':') {
        Some((h, port)) if port.bytes().all(|c| c.is_ascii_digit()) => h,
        _ => host,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(kind: Kind, value: &str, expect_owner: Option<&str>) {
        let list = WarningList::shipped();
        let got = list
            .hub(&Indicator::new(kind, value))
            .map(|h| h.owner.as_str());
        assert_eq!(got, expect_owner, "{kind}:{value}");
    }

    #[test]
    fn shipped_list_matches() {
        check(Kind::Phone, "+18006427676", Some("Microsoft"));
        check(Kind::Phone, "+18442818482", None);
        check(Kind::Domain, "microsoft.com", Some("Microsoft"));
        check(Kind::Domain, "support.microsoft.com", Some("Microsoft"));
        check(Kind::Domain, "microsoft.com.secure-alert.com", None);
        check(Kind::Domain, "notmicrosoft.com", None);
        check(
            Kind::Url,
            "https://support.microsoft.com/fr-fr",
            Some("Microsoft"),
        );
        check(Kind::Url, "https://user@apple.com:8443/x", Some("Apple"));
        check(Kind::Email, "support@microsoft.com", Some("Microsoft"));
        check(Kind::Email, "help.desk@gmail.com", None);
        check(Kind::Domain, "gmail.com", Some("Google"));
        check(Kind::Domain, "azurewebsites.net", Some("Microsoft"));
        check(Kind::Domain, "fix-pc-now.azurewebsites.net", None);
        check(Kind::Url, "https://fix-pc-now.azurewebsites.net/", None);
    }

    #[test]
    fn analysts_add_and_overrule() {
        let mut list = WarningList::shipped();
        let ms = Indicator::new(Kind::Phone, "+18006427676");
        let ring = Indicator::new(Kind::Phone, "+18442818482");
        assert!(list.hub(&ms).is_some() && !list.is_overruled(&ms));
        assert!(list.overrule(ms.clone()));
        assert!(list.is_overruled(&ms));
        assert!(list.hub(&ms).is_none());
        // a subdomain of a vendor domain, overruled, stops matching; its parent still does
        let sub = Indicator::new(Kind::Domain, "support.microsoft.com");
        list.overrule(sub.clone());
        assert!(list.hub(&sub).is_none());
        assert!(list
            .hub(&Indicator::new(Kind::Domain, "microsoft.com"))
            .is_some());
        // an analyst's entry, then adding an overruled value lifts the overrule
        list.add(WarningList::analyst_entry(ring.clone(), "webmail relay"));
        assert_eq!(list.hub(&ring).unwrap().owner, ANALYST);
        list.add(WarningList::analyst_entry(ms.clone(), "back on"));
        assert!(!list.is_overruled(&ms) && list.hub(&ms).is_some());
        assert_eq!(list.overruled(), vec![&sub]);
    }

    #[test]
    fn bad_lines_are_named() {
        let e = WarningList::parse("# c\nphone\t+1\texact\nfoo\tbar\texact\n").unwrap_err();
        assert_eq!(e.line, 3);
        let e = WarningList::parse("phone\t+1\tvendor\n").unwrap_err();
        assert!(e.message.contains("domains only"), "{e}");
    }
}
