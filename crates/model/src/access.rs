//! Who may see what: the roles of API keys and TLP 2.0 between partners.
//!
//! One rule, [`sight`], decides how much of a report a caller sees; every
//! read path of the service (API, interface, exports) asks it, so the matrix
//! of role × marking is tested in one place.

use crate::values::{err, ValueError};
use crate::Tlp;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

keyword_enum!(
    /// What an API key may do.
    AccessRole, "a role", {
        Admin => "admin",
        Analyst => "analyst",
        Partner => "partner",
        Investigator => "investigator",
        Lookup => "lookup",
    }
);

impl AccessRole {
    /// May read reports, rings and indicators through the API.
    pub fn may_read(self) -> bool {
        !matches!(self, AccessRole::Lookup)
    }

    /// May submit reports.
    pub fn may_submit(self) -> bool {
        matches!(
            self,
            AccessRole::Admin | AccessRole::Analyst | AccessRole::Partner
        )
    }

    /// May manage partners and keys and read the audit log.
    pub fn may_administer(self) -> bool {
        matches!(self, AccessRole::Admin)
    }
}

/// How much of one report a caller sees.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Sight {
    /// Nothing: the report does not exist for this caller.
    Hidden,
    /// Ring membership and indicators, but neither narrative nor loss.
    Linkage,
    /// Everything, narrative and loss included.
    Full,
}

/// Who is asking: their partner and their key's role.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Viewer {
    pub partner: String,
    pub role: AccessRole,
}

/// The TLP 2.0 rule of the service. A partner sees its own reports whole.
/// Of other partners' reports: CLEAR and GREEN whole; AMBER as ring
/// membership and indicators (whole when the owner shared its AMBER details
/// with the viewer's partner, `amber_shared`); AMBER+STRICT and RED never.
/// An investigator key sees only what TLP CLEAR lets anyone see, beyond its
/// own partner's reports (cases referred to it come on top, elsewhere).
pub fn sight(viewer: &Viewer, owner: &str, tlp: Tlp, amber_shared: bool) -> Sight {
    if viewer.partner == owner {
        return Sight::Full;
    }
    match (viewer.role, tlp) {
        (_, Tlp::Clear) => Sight::Full,
        (AccessRole::Investigator, _) => Sight::Hidden,
        (_, Tlp::Green) => Sight::Full,
        (_, Tlp::Amber) if amber_shared => Sight::Full,
        (_, Tlp::Amber) => Sight::Linkage,
        (_, Tlp::AmberStrict | Tlp::Red) => Sight::Hidden,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole matrix, role × marking × (own, other, other with AMBER
    /// shared), as one table: a change to the rule changes this table.
    #[test]
    fn matrix() {
        let mut table = String::new();
        for role in AccessRole::ALL {
            for tlp in Tlp::ALL {
                let v = Viewer {
                    partner: "bank".into(),
                    role: *role,
                };
                let own = sight(&v, "bank", *tlp, false);
                let other = sight(&v, "msft", *tlp, false);
                let shared = sight(&v, "msft", *tlp, true);
                table.push_str(&format!(
                    "{role:<12} {tlp:<12} {own:?}/{other:?}/{shared:?}\n"
                ));
            }
        }
        let expected = "\
admin        clear        Full/Full/Full
admin        green        Full/Full/Full
admin        amber        Full/Linkage/Full
admin        amber+strict Full/Hidden/Hidden
admin        red          Full/Hidden/Hidden
analyst      clear        Full/Full/Full
analyst      green        Full/Full/Full
analyst      amber        Full/Linkage/Full
analyst      amber+strict Full/Hidden/Hidden
analyst      red          Full/Hidden/Hidden
partner      clear        Full/Full/Full
partner      green        Full/Full/Full
partner      amber        Full/Linkage/Full
partner      amber+strict Full/Hidden/Hidden
partner      red          Full/Hidden/Hidden
investigator clear        Full/Full/Full
investigator green        Full/Hidden/Hidden
investigator amber        Full/Hidden/Hidden
investigator amber+strict Full/Hidden/Hidden
investigator red          Full/Hidden/Hidden
lookup       clear        Full/Full/Full
lookup       green        Full/Full/Full
lookup       amber        Full/Linkage/Full
lookup       amber+strict Full/Hidden/Hidden
lookup       red          Full/Hidden/Hidden
";
        assert_eq!(table, expected);
    }

    #[test]
    fn rights() {
        assert!(!AccessRole::Lookup.may_read());
        assert!(!AccessRole::Investigator.may_submit());
        assert!(AccessRole::Partner.may_submit());
        assert!(AccessRole::Admin.may_administer());
        assert!(!AccessRole::Analyst.may_administer());
        assert_eq!(
            "analyst".parse::<AccessRole>().unwrap(),
            AccessRole::Analyst
        );
        assert!("root".parse::<AccessRole>().is_err());
    }
}
