//! `CaseId`: `C-` and six digits, parsed once.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A case's identifier, `C-` followed by exactly six digits (`C-000042`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CaseId(String);

/// Why a text is not a case identifier.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a case id (`C-` and six digits, e.g. `C-000042`)")]
pub struct BadCaseId(pub String);

impl CaseId {
    pub fn parse(s: &str) -> Result<CaseId, BadCaseId> {
        let ok = s
            .strip_prefix("C-")
            .is_some_and(|d| d.len() == 6 && d.bytes().all(|c| c.is_ascii_digit()));
        if ok {
            Ok(CaseId(s.to_string()))
        } else {
            Err(BadCaseId(s.to_string()))
        }
    }

    /// The identifier of the `n`-th case (1 → `C-000001`); `None` past 999999.
    pub fn from_number(n: u32) -> Option<CaseId> {
        (n <= 999_999).then(|| CaseId(format!("C-{n:06}")))
    }

    /// The number after `C-`.
    pub fn number(&self) -> u32 {
        self.0[2..].parse().unwrap_or(0)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CaseId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.0)
    }
}

impl FromStr for CaseId {
    type Err = BadCaseId;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CaseId::parse(s)
    }
}

impl TryFrom<String> for CaseId {
    type Error = BadCaseId;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        CaseId::parse(&s)
    }
}

impl From<CaseId> for String {
    fn from(id: CaseId) -> String {
        id.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_only_six_digits() {
        assert_eq!(CaseId::parse("C-000042").unwrap().number(), 42);
        for bad in ["C-42", "c-000042", "C-0000420", "C-00004a", "000042", ""] {
            assert!(CaseId::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(CaseId::from_number(7).unwrap().as_str(), "C-000007");
        assert!(CaseId::from_number(1_000_000).is_none());
    }
}
