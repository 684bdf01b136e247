//! Small value types of the report record, each parsed from its wire text.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Why a field's value was refused. The message names what was expected; the
/// caller adds the file, line and field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ValueError(pub String);

pub(crate) fn err(msg: impl Into<String>) -> ValueError {
    ValueError(msg.into())
}

macro_rules! string_newtype {
    ($(#[$m:meta])* $name:ident) => {
        $(#[$m])*
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.pad(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    };
}

string_newtype!(
    /// A partner's slug: `[a-z0-9][a-z0-9-]{0,63}`.
    PartnerSlug
);

impl PartnerSlug {
    pub fn parse(s: &str) -> Result<Self, ValueError> {
        let b = s.as_bytes();
        let ok_first = b
            .first()
            .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
        let ok_rest = b[1.min(b.len())..]
            .iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-');
        if ok_first && ok_rest && b.len() <= 64 {
            Ok(PartnerSlug(s.to_string()))
        } else {
            Err(err(format!(
                "`{s}` is not a partner slug (a lower-case letter or digit, then up to 63 lower-case letters, digits or dashes)"
            )))
        }
    }
}

string_newtype!(
    /// A partner's own reference for a report: 1 to 128 characters.
    ReportId
);

impl ReportId {
    pub fn parse(s: &str) -> Result<Self, ValueError> {
        let n = s.chars().count();
        if n == 0 || n > 128 {
            return Err(err(format!("must be 1 to 128 characters, got {n}")));
        }
        if s.chars().any(char::is_control) {
            return Err(err("must not contain control characters"));
        }
        Ok(ReportId(s.to_string()))
    }
}

string_newtype!(
    /// An ISO 3166-1 alpha-2 country code, upper-case.
    RegionCode
);

impl RegionCode {
    pub fn parse(s: &str) -> Result<Self, ValueError> {
        if s.len() == 2 && s.bytes().all(|c| c.is_ascii_alphabetic()) {
            Ok(RegionCode(s.to_ascii_uppercase()))
        } else {
            Err(err(format!(
                "`{s}` is not an ISO 3166-1 alpha-2 country code"
            )))
        }
    }
}

string_newtype!(
    /// An ISO 4217 currency code, upper-case.
    CurrencyCode
);

impl CurrencyCode {
    pub fn parse(s: &str) -> Result<Self, ValueError> {
        if s.len() == 3 && s.bytes().all(|c| c.is_ascii_alphabetic()) {
            Ok(CurrencyCode(s.to_ascii_uppercase()))
        } else {
            Err(err(format!("`{s}` is not an ISO 4217 currency code")))
        }
    }
}

string_newtype!(
    /// A BCP 47 language tag, checked for shape (`fr`, `en-IN`, `hi-Latn-IN`).
    LanguageTag
);

impl LanguageTag {
    pub fn parse(s: &str) -> Result<Self, ValueError> {
        let mut parts = s.split('-');
        let primary = parts.next().unwrap_or("");
        let primary_ok =
            (2..=8).contains(&primary.len()) && primary.bytes().all(|c| c.is_ascii_alphabetic());
        let rest_ok = parts
            .all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|c| c.is_ascii_alphanumeric()));
        if primary_ok && rest_ok {
            Ok(LanguageTag(s.to_string()))
        } else {
            Err(err(format!("`{s}` is not a BCP 47 language tag")))
        }
    }
}

macro_rules! keyword_enum {
    ($(#[$m:meta])* $name:ident, $what:literal, { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum $name {
            $(#[serde(rename = $text)] $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.pad(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = ValueError;
            fn from_str(s: &str) -> Result<Self, ValueError> {
                match s {
                    $($text => Ok($name::$variant),)+
                    _ => Err(err(format!(
                        concat!("`{}` is not ", $what, " (expected one of {})"),
                        s,
                        [$($text),+].join(", ")
                    ))),
                }
            }
        }
    };
}

keyword_enum!(
    /// How the scam reached the victim.
    Channel, "a channel", {
        Popup => "popup",
        PhoneCall => "phone_call",
        SearchAd => "search_ad",
        Email => "email",
        Sms => "sms",
        Social => "social",
        Other => "other",
    }
);

keyword_enum!(
    /// Traffic Light Protocol 2.0 marking.
    Tlp, "a TLP 2.0 marking", {
        Clear => "clear",
        Green => "green",
        Amber => "amber",
        AmberStrict => "amber+strict",
        Red => "red",
    }
);

impl Default for Tlp {
    /// The spec's default: a report without a marking is `amber`.
    #[allow(clippy::derivable_impls)]
    fn default() -> Self {
        Tlp::Amber
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        for ok in ["microsoft", "a", "bank-42", "0x"] {
            assert!(PartnerSlug::parse(ok).is_ok(), "{ok}");
        }
        let long = "a".repeat(65);
        for bad in ["", "-a", "Microsoft", "a_b", "a b", long.as_str()] {
            assert!(PartnerSlug::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn keywords_round_trip() {
        for t in Tlp::ALL {
            assert_eq!(t.as_str().parse::<Tlp>().unwrap(), *t);
        }
        assert!("AMBER".parse::<Tlp>().is_err());
        assert_eq!("phone_call".parse::<Channel>().unwrap(), Channel::PhoneCall);
    }

    #[test]
    fn codes() {
        assert_eq!(RegionCode::parse("fr").unwrap().as_str(), "FR");
        assert!(RegionCode::parse("FRA").is_err());
        assert!(CurrencyCode::parse("US$").is_err());
        assert!(LanguageTag::parse("hi-Latn-IN").is_ok());
        assert!(LanguageTag::parse("english!").is_err());
    }
}
