//! The four PSI messages as plain structs, with serde and with the compact
//! binary encoding of `wire` (`to_bytes` / `from_bytes`).

use crate::batch::Point;
use crate::error::{PsiError, Result};
use crate::hash::ElementKind;
use crate::policy::{RevealLevel, SessionPolicy};
use crate::wire::{MessageType, Reader, SessionId, Writer};
use serde::{Deserialize, Serialize};

/// Initiator → responder: a·H(x) for each of the initiator's items, shuffled.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    pub session: SessionId,
    pub seq: u32,
    pub policy: SessionPolicy,
    pub kind: ElementKind,
    pub points: Vec<Point>,
}

/// Responder → initiator: b·H(y) for the responder's items (shuffled) and
/// the request's points raised to b (in request order under
/// [`RevealLevel::Reveal`], shuffled under [`RevealLevel::CardinalityOnly`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Response {
    pub session: SessionId,
    pub seq: u32,
    pub reveal: RevealLevel,
    pub responder_points: Vec<Point>,
    pub initiator_points: Vec<Point>,
}

/// Initiator → responder: positions in `responder_points` that matched.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Matches {
    pub session: SessionId,
    pub seq: u32,
    pub indices: Vec<u32>,
}

/// Responder → initiator, after a cardinality-only response: for each
/// position k of `initiator_points`, the request position it came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reveal {
    pub session: SessionId,
    pub seq: u32,
    pub order: Vec<u32>,
}

impl Request {
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::new(
            MessageType::Request,
            self.seq,
            &self.session,
            6 + 32 * self.points.len(),
        );
        w.u8(self.policy.code());
        w.u8(self.kind.code());
        w.points(&self.points);
        w.finish()
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let (mut r, seq, session) = Reader::new(bytes, MessageType::Request)?;
        let policy =
            SessionPolicy::from_code(r.u8()?).ok_or(PsiError::Malformed("unknown policy"))?;
        let kind = ElementKind::from_code(r.u8()?).ok_or(PsiError::Malformed("unknown kind"))?;
        let points = r.points()?;
        r.end()?;
        Ok(Request {
            session,
            seq,
            policy,
            kind,
            points,
        })
    }
}

impl Response {
    pub fn to_bytes(&self) -> Vec<u8> {
        let body = 9 + 32 * (self.responder_points.len() + self.initiator_points.len());
        let mut w = Writer::new(MessageType::Response, self.seq, &self.session, body);
        w.u8(match self.reveal {
            RevealLevel::Reveal => 0,
            RevealLevel::CardinalityOnly => 1,
        });
        w.points(&self.responder_points);
        w.points(&self.initiator_points);
        w.finish()
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let (mut r, seq, session) = Reader::new(bytes, MessageType::Response)?;
        let reveal = match r.u8()? {
            0 => RevealLevel::Reveal,
            1 => RevealLevel::CardinalityOnly,
            _ => return Err(PsiError::Malformed("unknown reveal level")),
        };
        let responder_points = r.points()?;
        let initiator_points = r.points()?;
        r.end()?;
        Ok(Response {
            session,
            seq,
            reveal,
            responder_points,
            initiator_points,
        })
    }
}

impl Matches {
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::new(
            MessageType::Matches,
            self.seq,
            &self.session,
            4 + 4 * self.indices.len(),
        );
        w.indices(&self.indices);
        w.finish()
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let (mut r, seq, session) = Reader::new(bytes, MessageType::Matches)?;
        let indices = r.indices()?;
        r.end()?;
        Ok(Matches {
            session,
            seq,
            indices,
        })
    }
}

impl Reveal {
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::new(
            MessageType::Reveal,
            self.seq,
            &self.session,
            4 + 4 * self.order.len(),
        );
        w.indices(&self.order);
        w.finish()
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let (mut r, seq, session) = Reader::new(bytes, MessageType::Reveal)?;
        let order = r.indices()?;
        r.end()?;
        Ok(Reveal {
            session,
            seq,
            order,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sid() -> SessionId {
        SessionId([9; 16])
    }

    #[test]
    fn round_trips_and_sizes() {
        let req = Request {
            session: sid(),
            seq: 0,
            policy: SessionPolicy::MUTUAL,
            kind: ElementKind::Domain,
            points: vec![[1; 32], [2; 32]],
        };
        let bytes = req.to_bytes();
        assert_eq!(bytes.len(), 22 + 6 + 64);
        assert_eq!(Request::from_bytes(&bytes).unwrap(), req);
        let resp = Response {
            session: sid(),
            seq: 1,
            reveal: RevealLevel::CardinalityOnly,
            responder_points: vec![[3; 32]],
            initiator_points: vec![[4; 32], [5; 32]],
        };
        let bytes = resp.to_bytes();
        assert_eq!(bytes.len(), 22 + 9 + 96);
        assert_eq!(Response::from_bytes(&bytes).unwrap(), resp);
        let m = Matches {
            session: sid(),
            seq: 2,
            indices: vec![0, 7],
        };
        assert_eq!(Matches::from_bytes(&m.to_bytes()).unwrap(), m);
        let rv = Reveal {
            session: sid(),
            seq: 3,
            order: vec![1, 0],
        };
        assert_eq!(Reveal::from_bytes(&rv.to_bytes()).unwrap(), rv);
    }

    #[test]
    fn serde_round_trip() {
        let m = Matches {
            session: sid(),
            seq: 2,
            indices: vec![4, 1],
        };
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(serde_json::from_str::<Matches>(&json).unwrap(), m);
    }

    #[test]
    fn bad_bytes_are_errors_not_panics() {
        let rv = Reveal {
            session: sid(),
            seq: 3,
            order: vec![1, 0],
        };
        let bytes = rv.to_bytes();
        for cut in 0..bytes.len() {
            assert!(Reveal::from_bytes(&bytes[..cut]).is_err());
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(
            Reveal::from_bytes(&longer),
            Err(PsiError::Malformed("trailing bytes"))
        );
        assert!(matches!(
            Matches::from_bytes(&bytes),
            Err(PsiError::UnexpectedMessage { .. })
        ));
        let mut v2 = bytes.clone();
        v2[0] = 2;
        assert_eq!(
            Reveal::from_bytes(&v2),
            Err(PsiError::UnsupportedVersion(2))
        );
        let mut huge = bytes;
        huge[22..26].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(Reveal::from_bytes(&huge).is_err());
    }
}
