//! The audit log's entries and their hash chain.
//!
//! Each entry's hash covers its own fields and the hash of the entry before
//! it, so changing or removing an entry breaks every hash after it;
//! [`verify_chain`] finds the first place where the chain breaks.

use serde::Serialize;
use sha2::{Digest, Sha256};

/// The `prev_hash` of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What is about to be recorded: who did what to what.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AuditDraft {
    /// `partner/key_id` of the caller, or `cli` for the command line.
    pub actor: String,
    /// e.g. `report.read`, `key.create`, `export.stix`.
    pub action: String,
    /// What it was done to, e.g. `microsoft:r-1` or a key id.
    pub target: String,
    /// More, as compact JSON text (`{}` when nothing).
    pub detail: String,
}

/// One entry of the log, sealed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AuditEntry {
    /// 1, 2, 3, … without gaps.
    pub seq: u64,
    /// RFC 3339, UTC.
    pub at: String,
    pub actor: String,
    pub action: String,
    pub target: String,
    pub detail: String,
    pub prev_hash: String,
    /// SHA-256 (hex) over the fields above.
    pub hash: String,
}

impl AuditEntry {
    /// Seals a draft as entry `seq`, after the entry whose hash is `prev_hash`.
    pub fn seal(draft: &AuditDraft, seq: u64, at: String, prev_hash: &str) -> Self {
        let mut e = AuditEntry {
            seq,
            at,
            actor: draft.actor.clone(),
            action: draft.action.clone(),
            target: draft.target.clone(),
            detail: draft.detail.clone(),
            prev_hash: prev_hash.to_string(),
            hash: String::new(),
        };
        e.hash = e.expected_hash();
        e
    }

    /// The hash this entry's fields call for. Each field is length-prefixed,
    /// so no two different entries hash the same text.
    pub fn expected_hash(&self) -> String {
        let mut h = Sha256::new();
        h.update(b"ringtrace-audit-v1");
        for field in [
            self.seq.to_string().as_str(),
            &self.at,
            &self.actor,
            &self.action,
            &self.target,
            &self.detail,
            &self.prev_hash,
        ] {
            h.update((field.len() as u64).to_be_bytes());
            h.update(field.as_bytes());
        }
        hex(&h.finalize())
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Where and how a chain is broken.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ChainBreak {
    #[error("audit entry {seq} was altered: its hash does not match its content")]
    Altered { seq: u64 },
    #[error("audit entry {expected} is missing: entry {found} follows entry {after}")]
    Missing {
        expected: u64,
        found: u64,
        after: u64,
    },
    #[error("audit entry {seq} does not follow the entry before it (its prev_hash differs): an entry before it was altered or removed")]
    Unchained { seq: u64 },
    #[error("the audit log ends at entry {found}, but {recorded} entries were recorded: the last entries were removed")]
    Truncated { found: u64, recorded: u64 },
}

/// Checks a log read in `seq` order. `recorded` is the count the store keeps
/// beside the log (so that removing the last entries shows too). Returns the
/// number of entries checked.
pub fn verify_chain<'a>(
    entries: impl IntoIterator<Item = &'a AuditEntry>,
    recorded: Option<u64>,
) -> Result<u64, ChainBreak> {
    let mut prev_hash = GENESIS.to_string();
    let mut last = 0u64;
    for e in entries {
        if e.seq != last + 1 {
            return Err(ChainBreak::Missing {
                expected: last + 1,
                found: e.seq,
                after: last,
            });
        }
        if e.expected_hash() != e.hash {
            return Err(ChainBreak::Altered { seq: e.seq });
        }
        if e.prev_hash != prev_hash {
            return Err(ChainBreak::Unchained { seq: e.seq });
        }
        prev_hash = e.hash.clone();
        last = e.seq;
    }
    if let Some(recorded) = recorded {
        if recorded > last {
            return Err(ChainBreak::Truncated {
                found: last,
                recorded,
            });
        }
    }
    Ok(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: u64) -> Vec<AuditEntry> {
        let mut out: Vec<AuditEntry> = Vec::new();
        for seq in 1..=n {
            let prev = out.last().map_or(GENESIS.to_string(), |e| e.hash.clone());
            let draft = AuditDraft {
                actor: "msft/k1".into(),
                action: "report.read".into(),
                target: format!("msft:r-{seq}"),
                detail: "{}".into(),
            };
            out.push(AuditEntry::seal(
                &draft,
                seq,
                format!("2026-11-30T00:00:{seq:02}Z"),
                &prev,
            ));
        }
        out
    }

    #[test]
    fn intact_chain_verifies() {
        assert_eq!(verify_chain(&chain(5), Some(5)), Ok(5));
        assert_eq!(verify_chain(&[], Some(0)), Ok(0));
    }

    #[test]
    fn every_tampering_is_named() {
        let mut altered = chain(5);
        altered[2].target = "msft:other".into();
        assert_eq!(
            verify_chain(&altered, None),
            Err(ChainBreak::Altered { seq: 3 })
        );

        let mut resealed = chain(5);
        resealed[2].target = "msft:other".into();
        resealed[2].hash = resealed[2].expected_hash();
        assert_eq!(
            verify_chain(&resealed, None),
            Err(ChainBreak::Unchained { seq: 4 })
        );

        let mut removed = chain(5);
        removed.remove(1);
        assert_eq!(
            verify_chain(&removed, None),
            Err(ChainBreak::Missing {
                expected: 2,
                found: 3,
                after: 1
            })
        );

        let cut = chain(3);
        assert_eq!(
            verify_chain(&cut, Some(5)),
            Err(ChainBreak::Truncated {
                found: 3,
                recorded: 5
            })
        );
    }

    #[test]
    fn fields_cannot_shift_into_each_other() {
        let a = AuditDraft {
            actor: "ab".into(),
            action: "c".into(),
            target: String::new(),
            detail: "{}".into(),
        };
        let b = AuditDraft {
            actor: "a".into(),
            action: "bc".into(),
            target: String::new(),
            detail: "{}".into(),
        };
        let at = "2026-11-30T00:00:00Z".to_string();
        assert_ne!(
            AuditEntry::seal(&a, 1, at.clone(), GENESIS).hash,
            AuditEntry::seal(&b, 1, at, GENESIS).hash
        );
    }
}
