//! Rings: stable identifiers and the summary the `rings` command prints.

use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

/// A ring's stable identifier, `R-` and at least five Crockford base-32
/// characters. Identifiers come from a sequence scrambled by a bijection, so
/// two rings never share one and they do not read as a count.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct RingId(String);

const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const SCRAMBLE_BITS: u32 = 25;
const SCRAMBLE_MUL: u64 = 0x0F3_A5B7; // odd, hence invertible modulo 2^25
const SCRAMBLE_XOR: u64 = 0x15A_5A5A;

impl RingId {
    /// The identifier for the `seq`-th ring ever created (from 0).
    pub fn from_sequence(seq: u64) -> RingId {
        let mask = (1u64 << SCRAMBLE_BITS) - 1;
        let low = seq & mask;
        let high = seq >> SCRAMBLE_BITS;
        let scrambled = (low.wrapping_mul(SCRAMBLE_MUL) & mask) ^ SCRAMBLE_XOR;
        let mut n = (high << SCRAMBLE_BITS) | scrambled;
        let mut chars = Vec::new();
        while n > 0 || chars.len() < 5 {
            chars.push(CROCKFORD[(n & 31) as usize]);
            n >>= 5;
        }
        chars.reverse();
        RingId(format!("R-{}", String::from_utf8(chars).expect("ascii")))
    }

    /// Accepts an identifier read back from storage or typed by a user.
    pub fn parse(s: &str) -> Option<RingId> {
        let rest = s.strip_prefix("R-")?;
        (rest.len() >= 5 && rest.bytes().all(|c| CROCKFORD.contains(&c)))
            .then(|| RingId(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for RingId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One indicator of a ring with the number of the ring's reports that mention it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RingIndicator {
    pub kind: crate::Kind,
    pub value: String,
    pub reports: u64,
}

/// The ring record of the spec (`rings --format jsonl`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RingSummary {
    pub ring: RingId,
    pub reports: Vec<String>,
    pub report_count: u64,
    pub indicators: Vec<RingIndicator>,
    pub partners: Vec<String>,
    pub brands: Vec<String>,
    pub loss_total: BTreeMap<String, f64>,
    pub first_seen: String,
    pub last_seen: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_are_distinct_and_well_formed() {
        let ids: HashSet<_> = (0..200_000).map(RingId::from_sequence).collect();
        assert_eq!(ids.len(), 200_000);
        for id in ids.iter().take(100) {
            assert_eq!(RingId::parse(id.as_str()).as_ref(), Some(id));
            assert_eq!(id.as_str().len(), 7);
        }
        let big = RingId::from_sequence(1 << 26);
        assert!(big.as_str().len() > 7);
        assert_ne!(big, RingId::from_sequence(0));
    }
}
