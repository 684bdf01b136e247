//! The initiator's side of a PSI session: sends a·H(x), receives the
//! responder's answer, intersects, and may share the matches.

use crate::batch::{decompress_mul_compress, hash_mul_compress, Point, SecretScalar};
use crate::config::{check_distinct, random_permutation, PsiConfig};
use crate::error::{PsiError, Result};
use crate::hash::GroupHasher;
use crate::messages::{Matches, Request, Response, Reveal};
use crate::policy::RevealLevel;
use crate::set::ItemSet;
use crate::wire::{MessageType, SessionId};
use std::collections::HashMap;

/// What the initiator learns from a response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InitiatorOutcome {
    /// |X ∩ Y|.
    pub cardinality: usize,
    /// The common items (in the initiator's input order) under
    /// [`RevealLevel::Reveal`]; `None` under cardinality only.
    pub items: Option<Vec<Vec<u8>>>,
}

/// State kept after the response.
#[derive(Debug)]
struct Answered {
    /// Positions in `Response::initiator_points` that matched.
    matched_positions: Vec<u32>,
    /// Positions in `Response::responder_points` that matched.
    matched_responder: Vec<u32>,
    matches_sent: bool,
    reveal_received: bool,
}

/// One initiator session. Holds the secret scalar and the private shuffle.
#[derive(Debug)]
pub struct Initiator {
    config: PsiConfig,
    session: SessionId,
    secret: SecretScalar,
    items: ItemSet,
    /// `sent_order[j]` = index in `items` of the j-th point of the request.
    sent_order: Vec<u32>,
    answered: Option<Answered>,
}

impl Initiator {
    /// Starts a session over `items` (deduplicated here); returns the
    /// session and its `Request`.
    pub fn start<T: AsRef<[u8]>, R: rand::RngCore + rand::CryptoRng>(
        config: PsiConfig,
        items: &[T],
        rng: &mut R,
    ) -> Result<(Initiator, Request)> {
        let items = ItemSet::new(items);
        config.check_size(items.len())?;
        let session = SessionId::random(rng);
        let secret = SecretScalar::random(rng);
        let sent_order = random_permutation(items.len(), rng);
        let ordered: Vec<&[u8]> = sent_order.iter().map(|&i| items.get(i as usize)).collect();
        let points = hash_mul_compress(&GroupHasher::new(config.kind), &ordered, &secret);
        let request = Request {
            session,
            seq: MessageType::Request.seq(),
            policy: config.policy,
            kind: config.kind,
            points,
        };
        let initiator = Initiator {
            config,
            session,
            secret,
            items,
            sent_order,
            answered: None,
        };
        Ok((initiator, request))
    }

    /// This session's id.
    pub fn session(&self) -> SessionId {
        self.session
    }

    fn check(&self, session: SessionId, seq: u32, kind: MessageType) -> Result<()> {
        if session != self.session {
            return Err(PsiError::WrongSession);
        }
        if seq != kind.seq() {
            return Err(PsiError::OutOfOrder {
                expected: kind.seq(),
                got: seq,
            });
        }
        Ok(())
    }

    /// Intersects with the responder's answer (once per session).
    pub fn handle_response(&mut self, response: &Response) -> Result<InitiatorOutcome> {
        self.check(response.session, response.seq, MessageType::Response)?;
        if self.answered.is_some() {
            return Err(PsiError::Replayed);
        }
        if response.reveal != self.config.policy.responder_reveals {
            return Err(PsiError::PolicyMismatch);
        }
        self.config.check_size(response.responder_points.len())?;
        if response.initiator_points.len() != self.sent_order.len() {
            return Err(PsiError::Malformed("answer count differs from the request"));
        }
        let theirs = decompress_mul_compress(&response.responder_points, &self.secret)?;
        let index: HashMap<Point, u32> = theirs.into_iter().zip(0u32..).collect();
        let mut matched_positions = Vec::new();
        let mut matched_responder = Vec::new();
        for (j, p) in response.initiator_points.iter().enumerate() {
            if let Some(&m) = index.get(p) {
                matched_positions.push(j as u32);
                matched_responder.push(m);
            }
        }
        let cardinality = matched_positions.len();
        let items = match response.reveal {
            RevealLevel::Reveal => Some(self.items_at(matched_positions.iter().copied())),
            RevealLevel::CardinalityOnly => None,
        };
        self.answered = Some(Answered {
            matched_positions,
            matched_responder,
            matches_sent: false,
            reveal_received: false,
        });
        Ok(InitiatorOutcome { cardinality, items })
    }

    /// The items behind request positions, in input order.
    fn items_at(&self, positions: impl Iterator<Item = u32>) -> Vec<Vec<u8>> {
        let mut idx: Vec<u32> = positions.map(|j| self.sent_order[j as usize]).collect();
        idx.sort_unstable();
        idx.iter()
            .map(|&i| self.items.get(i as usize).to_vec())
            .collect()
    }

    /// The `Matches` message telling the responder which of its items are
    /// common, if the policy allows it (once).
    pub fn matches(&mut self) -> Result<Matches> {
        if !self.config.policy.initiator_shares_matches {
            return Err(PsiError::NotAllowed("sharing matches"));
        }
        let answered = self
            .answered
            .as_mut()
            .ok_or(PsiError::State("no response yet"))?;
        if answered.matches_sent {
            return Err(PsiError::State("matches already sent"));
        }
        answered.matches_sent = true;
        let mut indices = answered.matched_responder.clone();
        indices.sort_unstable();
        Ok(Matches {
            session: self.session,
            seq: MessageType::Matches.seq(),
            indices,
        })
    }

    /// After a cardinality-only response, the responder's `Reveal` turns
    /// the count into the common items (once).
    pub fn handle_reveal(&mut self, reveal: &Reveal) -> Result<Vec<Vec<u8>>> {
        self.check(reveal.session, reveal.seq, MessageType::Reveal)?;
        if self.config.policy.responder_reveals != RevealLevel::CardinalityOnly {
            return Err(PsiError::NotAllowed("a reveal after a revealing response"));
        }
        let answered = self
            .answered
            .as_mut()
            .ok_or(PsiError::State("no response yet"))?;
        if answered.reveal_received {
            return Err(PsiError::Replayed);
        }
        if reveal.order.len() != self.sent_order.len() {
            return Err(PsiError::Malformed("reveal count differs from the request"));
        }
        check_distinct(&reveal.order, self.sent_order.len())?;
        answered.reveal_received = true;
        let positions: Vec<u32> = answered
            .matched_positions
            .iter()
            .map(|&k| reveal.order[k as usize])
            .collect();
        Ok(self.items_at(positions.into_iter()))
    }
}
