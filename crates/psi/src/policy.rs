//! What each side of a PSI session may learn, agreed before the session and
//! checked on the first message.

use serde::{Deserialize, Serialize};

/// What the responder's answer lets the initiator learn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RevealLevel {
    /// The initiator learns which of its items are common.
    Reveal,
    /// The initiator learns only how many items are common (until the
    /// responder sends a `Reveal` message).
    CardinalityOnly,
}

/// The policy of one session; both parties must hold the same one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SessionPolicy {
    /// What the responder's answer reveals to the initiator.
    pub responder_reveals: RevealLevel,
    /// Whether the initiator then tells the responder which of the
    /// responder's items are common (a `Matches` message).
    pub initiator_shares_matches: bool,
}

impl SessionPolicy {
    /// Both sides learn the common items.
    pub const MUTUAL: SessionPolicy = SessionPolicy {
        responder_reveals: RevealLevel::Reveal,
        initiator_shares_matches: true,
    };
    /// Only the initiator learns the common items.
    pub const INITIATOR_LEARNS: SessionPolicy = SessionPolicy {
        responder_reveals: RevealLevel::Reveal,
        initiator_shares_matches: false,
    };
    /// Only the initiator learns, and only the size of the intersection.
    pub const CARDINALITY_ONLY: SessionPolicy = SessionPolicy {
        responder_reveals: RevealLevel::CardinalityOnly,
        initiator_shares_matches: false,
    };

    /// The one-byte wire form: bit 0 = cardinality only, bit 1 = shares matches.
    pub fn code(self) -> u8 {
        let card = u8::from(self.responder_reveals == RevealLevel::CardinalityOnly);
        card | (u8::from(self.initiator_shares_matches) << 1)
    }

    /// The policy of a wire byte, `None` when unknown bits are set.
    pub fn from_code(code: u8) -> Option<SessionPolicy> {
        if code & !0b11 != 0 {
            return None;
        }
        Some(SessionPolicy {
            responder_reveals: if code & 1 == 1 {
                RevealLevel::CardinalityOnly
            } else {
                RevealLevel::Reveal
            },
            initiator_shares_matches: code & 2 == 2,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for code in 0..4 {
            assert_eq!(SessionPolicy::from_code(code).unwrap().code(), code);
        }
        assert_eq!(SessionPolicy::from_code(4), None);
    }
}
