//! Legitimate values mentioned in passing (real support numbers, vendor sites), read from the shipped warning list.

use std::sync::OnceLock;

const WARNINGLIST: &str = include_str!("../../link/data/warninglist.tsv");

/// A company's real support number from the warning list.
#[derive(Clone, Debug)]
pub struct LegitPhone {
    pub e164: String,
    pub owner: String,
    pub note: String,
}

/// The legitimate values the narratives may mention.
#[derive(Debug, Default)]
pub struct Legit {
    pub phones: Vec<LegitPhone>,
    pub vendor_domains: Vec<(String, String)>,
    /// Webmail domains (`gmail.com`, `orange.fr`, …) with their notes.
    pub webmail_domains: Vec<(String, String)>,
}

/// Parses the warning list once.
pub fn legit() -> &'static Legit {
    static CELL: OnceLock<Legit> = OnceLock::new();
    CELL.get_or_init(|| {
        let mut l = Legit::default();
        for line in WARNINGLIST.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() < 4 {
                continue;
            }
            match (cols[0], cols[2]) {
                ("phone", _) if cols[1].starts_with('+') => l.phones.push(LegitPhone {
                    e164: cols[1].to_string(),
                    owner: cols[3].to_string(),
                    note: cols.get(4).copied().unwrap_or("").to_string(),
                }),
                ("domain", "vendor") => l
                    .vendor_domains
                    .push((cols[1].to_string(), cols[3].to_string())),
                ("domain", "webmail") => l.webmail_domains.push((
                    cols[1].to_string(),
                    cols.get(4).copied().unwrap_or("").to_string(),
                )),
                _ => {}
            }
        }
        l
    })
}

fn region_of_note(note: &str) -> &'static str {
    if note.contains("United Kingdom") {
        "GB"
    } else if note.contains("France") {
        "FR"
    } else if note.contains("India") {
        "IN"
    } else if note.contains("Canada") {
        "CA"
    } else {
        "US"
    }
}

impl Legit {
    /// The real support number of `owner` best suited to a victim in `region`
    /// (falls back to Microsoft, then to the owner's US number).
    pub fn phone_for(&self, owner: &str, region: &str) -> Option<&LegitPhone> {
        let region = match region {
            "BE" => "FR",
            "AU" => "GB",
            r => r,
        };
        let owner = match owner {
            "Microsoft" | "Amazon" | "Apple" => owner,
            _ => "Microsoft",
        };
        let of_owner = || self.phones.iter().filter(move |p| p.owner == owner);
        of_owner()
            .find(|p| region_of_note(&p.note) == region)
            .or_else(|| of_owner().find(|p| region_of_note(&p.note) == "US"))
            .or_else(|| of_owner().next())
    }

    /// A vendor domain of `owner`, or of Microsoft.
    pub fn domain_for(&self, owner: &str, region: &str) -> Option<&str> {
        let want = match (owner, region) {
            ("Amazon", "GB") => "amazon.co.uk",
            ("Amazon", "FR" | "BE") => "amazon.fr",
            ("Amazon", "IN") => "amazon.in",
            ("Amazon", "CA") => "amazon.ca",
            ("Amazon", _) => "amazon.com",
            ("Apple", _) => "apple.com",
            ("PayPal", _) => "paypal.com",
            _ => "microsoft.com",
        };
        self.vendor_domains
            .iter()
            .find(|(d, _)| d == want)
            .map(|(d, _)| d.as_str())
    }
}

impl Legit {
    /// A webmail domain a victim in `region` might use (French ones in France and Belgium).
    pub fn webmail_for(&self, region: &str, pick: usize) -> Option<&str> {
        let french = matches!(region, "FR" | "BE");
        let fits = |(d, note): &&(String, String)| {
            let fr = d.ends_with(".fr") || note.contains("France");
            let india = note.contains("India");
            (fr == french) && (!india || region == "IN")
        };
        let n = self.webmail_domains.iter().filter(fits).count();
        if n == 0 {
            return None;
        }
        self.webmail_domains
            .iter()
            .filter(fits)
            .nth(pick % n)
            .map(|(d, _)| d.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warning_list_is_read() {
        let l = legit();
        assert!(l.phones.len() >= 10);
        assert_eq!(l.phone_for("Microsoft", "US").unwrap().e164, "+18006427676");
        assert_eq!(l.phone_for("Apple", "FR").unwrap().e164, "+33805540003");
        assert_eq!(l.phone_for("Norton", "GB").unwrap().e164, "+443448002400");
        assert_eq!(l.domain_for("Amazon", "FR"), Some("amazon.fr"));
        assert!(l.webmail_domains.len() >= 10);
        for i in 0..20 {
            assert!(l.webmail_for("FR", i).unwrap().ends_with(".fr"));
            let us = l.webmail_for("US", i).unwrap();
            assert!(!us.ends_with(".fr") && us != "rediffmail.com", "{us}");
        }
    }
}
