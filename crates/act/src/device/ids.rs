//! Identifier values of a device extract, each parsed once: IMEI, ICCID,
//! IMSI, and the exhibit id.

use serde::{Deserialize, Serialize};
use std::fmt;

fn digits_of(s: &str) -> Option<String> {
    let d: String = s.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    (!d.is_empty() && d.bytes().all(|c| c.is_ascii_digit())).then_some(d)
}

fn luhn_ok(d: &str) -> bool {
    let sum: u32 = d
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, c)| {
            let v = u32::from(c - b'0');
            if i % 2 == 1 {
                let x = v * 2;
                if x > 9 {
                    x - 9
                } else {
                    x
                }
            } else {
                v
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

macro_rules! id_type {
    ($(#[$m:meta])* $name:ident) => {
        $(#[$m])*
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
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

        impl TryFrom<String> for $name {
            type Error = String;
            fn try_from(s: String) -> Result<Self, String> {
                $name::parse(&s)
            }
        }

        impl From<$name> for String {
            fn from(v: $name) -> String {
                v.0
            }
        }
    };
}

id_type!(
    /// A handset's IMEI: 15 digits with a valid Luhn check digit, or a
    /// 16-digit IMEISV (spaces and dashes are dropped).
    Imei
);

impl Imei {
    pub fn parse(s: &str) -> Result<Imei, String> {
        match digits_of(s) {
            Some(d) if d.len() == 15 && luhn_ok(&d) => Ok(Imei(d)),
            Some(d) if d.len() == 15 => Err(format!("`{s}` is not an IMEI (bad check digit)")),
            Some(d) if d.len() == 16 => Ok(Imei(d)),
            _ => Err(format!(
                "`{s}` is not an IMEI (15 digits, or 16 for an IMEISV)"
            )),
        }
    }
}

id_type!(
    /// A SIM's ICCID: 18 to 22 digits, starting `89`, Luhn-checked when 19 or 20 long.
    Iccid
);

impl Iccid {
    pub fn parse(s: &str) -> Result<Iccid, String> {
        let d = s.trim_end_matches(['F', 'f']);
        match digits_of(d) {
            Some(d) if (18..=22).contains(&d.len()) && d.starts_with("89") => Ok(Iccid(d)),
            _ => Err(format!(
                "`{s}` is not an ICCID (18 to 22 digits starting with 89)"
            )),
        }
    }
}

id_type!(
    /// A subscriber's IMSI: 6 to 15 digits.
    Imsi
);

impl Imsi {
    pub fn parse(s: &str) -> Result<Imsi, String> {
        match digits_of(s) {
            Some(d) if (6..=15).contains(&d.len()) => Ok(Imsi(d)),
            _ => Err(format!("`{s}` is not an IMSI (6 to 15 digits)")),
        }
    }
}

id_type!(
    /// An exhibit's number: `EXH-` and 1 to 60 letters, digits or dashes.
    ExhibitId
);

impl ExhibitId {
    pub fn parse(s: &str) -> Result<ExhibitId, String> {
        let ok = s.strip_prefix("EXH-").is_some_and(|r| {
            (1..=60).contains(&r.len()) && r.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-')
        });
        if ok {
            Ok(ExhibitId(s.to_string()))
        } else {
            Err(format!(
                "`{s}` is not an exhibit id (`EXH-` and up to 60 letters, digits or dashes)"
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses() {
        assert_eq!(
            Imei::parse("49-015420-323751-8").unwrap().as_str(),
            "490154203237518"
        );
        assert!(Imei::parse("490154203237517").is_err());
        assert!(Iccid::parse("8991101200003204514").is_ok());
        assert!(Iccid::parse("1234").is_err());
        assert!(Imsi::parse("404450123456789").is_ok());
        assert!(ExhibitId::parse("EXH-12-A").is_ok());
        assert!(ExhibitId::parse("EXH-").is_err());
    }
}
