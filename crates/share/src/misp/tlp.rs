//! TLP 2.0 as MISP tags (the `tlp` taxonomy) and MISP distribution levels.
//!
//! | marking | tag | distribution |
//! |---|---|---|
//! | CLEAR | `tlp:clear` | 3, all communities |
//! | GREEN | `tlp:green` | 2, connected communities |
//! | AMBER | `tlp:amber` | 1, this community only |
//! | AMBER+STRICT | `tlp:amber+strict` | 0, your organisation only |
//! | RED | `tlp:red` | 0, your organisation only |
//!
//! TLP:GREEN may go to the community but not to the public, so it stops one
//! hop away; AMBER goes to the recipients' organisations, i.e. the instance
//! that takes the feed; AMBER+STRICT and RED stay inside the organisation.

use ringtrace_model::Tlp;

/// The tag name of a marking, as the MISP `tlp` taxonomy spells it.
pub fn tag_name(tlp: Tlp) -> &'static str {
    match tlp {
        Tlp::Clear => "tlp:clear",
        Tlp::Green => "tlp:green",
        Tlp::Amber => "tlp:amber",
        Tlp::AmberStrict => "tlp:amber+strict",
        Tlp::Red => "tlp:red",
    }
}

/// The tag colour the `tlp` taxonomy (version 10) gives a marking.
pub fn tag_colour(tlp: Tlp) -> &'static str {
    match tlp {
        Tlp::Clear => "#ffffff",
        Tlp::Green => "#33FF00",
        Tlp::Amber | Tlp::AmberStrict => "#FFC000",
        Tlp::Red => "#FF2B2B",
    }
}

/// The MISP distribution level that matches a marking.
pub fn distribution(tlp: Tlp) -> u8 {
    match tlp {
        Tlp::Clear => 3,
        Tlp::Green => 2,
        Tlp::Amber => 1,
        Tlp::AmberStrict | Tlp::Red => 0,
    }
}

/// The marking a MISP tag names, if it is a TLP tag. `tlp:white` (TLP 1.0)
/// reads as CLEAR; `tlp:ex:chr` and `tlp:unclear` name no marking.
pub fn from_tag(name: &str) -> Option<Tlp> {
    let value = name.trim().to_ascii_lowercase();
    let value = value.strip_prefix("tlp:")?;
    Some(match value.trim_matches('"') {
        "clear" | "white" => Tlp::Clear,
        "green" => Tlp::Green,
        "amber" => Tlp::Amber,
        "amber+strict" => Tlp::AmberStrict,
        "red" => Tlp::Red,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_read_back() {
        for t in Tlp::ALL {
            assert_eq!(from_tag(tag_name(*t)), Some(*t));
        }
        assert_eq!(from_tag("TLP:WHITE"), Some(Tlp::Clear));
        assert_eq!(from_tag("tlp:ex:chr"), None);
        assert_eq!(from_tag("circl:incident"), None);
    }

    #[test]
    fn stricter_markings_never_spread_further() {
        let levels: Vec<u8> = Tlp::ALL.iter().map(|t| distribution(*t)).collect();
        assert!(levels.windows(2).all(|w| w[0] >= w[1]), "{levels:?}");
    }
}
