//! The responder's side of a PSI session: answers a request with its own
//! b·H(y) and the request raised to b, and may later learn the matches or
//! reveal the order of a cardinality-only answer.

use crate::batch::{decompress_mul_compress, hash_mul_compress, SecretScalar};
use crate::config::{check_distinct, random_permutation, PsiConfig};
use crate::error::{PsiError, Result};
use crate::hash::GroupHasher;
use crate::messages::{Matches, Request, Response, Reveal};
use crate::policy::RevealLevel;
use crate::set::ItemSet;
use crate::wire::{MessageType, SessionId};
use std::collections::HashSet;

/// A long-lived responder: its configuration and the session ids it has
/// already answered (a replayed request is refused).
#[derive(Debug)]
pub struct Responder {
    config: PsiConfig,
    answered: HashSet<SessionId>,
}

/// One answered session: what the responder needs for `Matches` and `Reveal`.
#[derive(Debug)]
pub struct ResponderSession {
    config: PsiConfig,
    session: SessionId,
    items: ItemSet,
    /// `sent_order[m]` = index in `items` of the m-th responder point.
    sent_order: Vec<u32>,
    /// Under cardinality only: `shuffle[k]` = request position of the k-th
    /// answered point.
    shuffle: Option<Vec<u32>>,
    matches_received: bool,
    reveal_sent: bool,
}

impl Responder {
    /// A responder with no session answered yet.
    pub fn new(config: PsiConfig) -> Self {
        Responder {
            config,
            answered: HashSet::new(),
        }
    }

    /// Answers `request` over `items` (deduplicated here) with a fresh
    /// secret scalar. A session id is answered at most once.
    pub fn respond<T: AsRef<[u8]>, R: rand::RngCore + rand::CryptoRng>(
        &mut self,
        request: &Request,
        items: &[T],
        rng: &mut R,
    ) -> Result<(ResponderSession, Response)> {
        if request.seq != MessageType::Request.seq() {
            return Err(PsiError::OutOfOrder {
                expected: MessageType::Request.seq(),
                got: request.seq,
            });
        }
        if self.answered.contains(&request.session) {
            return Err(PsiError::Replayed);
        }
        if request.policy != self.config.policy {
            return Err(PsiError::PolicyMismatch);
        }
        if request.kind != self.config.kind {
            return Err(PsiError::KindMismatch);
        }
        self.config.check_size(request.points.len())?;
        let items = ItemSet::new(items);
        self.config.check_size(items.len())?;

        let secret = SecretScalar::random(rng);
        let mut initiator_points = decompress_mul_compress(&request.points, &secret)?;
        let shuffle = match self.config.policy.responder_reveals {
            RevealLevel::Reveal => None,
            RevealLevel::CardinalityOnly => {
                let perm = random_permutation(initiator_points.len(), rng);
                initiator_points = perm.iter().map(|&j| initiator_points[j as usize]).collect();
                Some(perm)
            }
        };
        let sent_order = random_permutation(items.len(), rng);
        let ordered: Vec<&[u8]> = sent_order.iter().map(|&i| items.get(i as usize)).collect();
        let responder_points =
            hash_mul_compress(&GroupHasher::new(self.config.kind), &ordered, &secret);

        self.answered.insert(request.session);
        let response = Response {
            session: request.session,
            seq: MessageType::Response.seq(),
            reveal: self.config.policy.responder_reveals,
            responder_points,
            initiator_points,
        };
        let session = ResponderSession {
            config: self.config,
            session: request.session,
            items,
            sent_order,
            shuffle,
            matches_received: false,
            reveal_sent: false,
        };
        Ok((session, response))
    }
}

impl ResponderSession {
    /// This session's id.
    pub fn session(&self) -> SessionId {
        self.session
    }

    /// The common items named by the initiator's `Matches` (once).
    pub fn handle_matches(&mut self, matches: &Matches) -> Result<Vec<Vec<u8>>> {
        if matches.session != self.session {
            return Err(PsiError::WrongSession);
        }
        if matches.seq != MessageType::Matches.seq() {
            return Err(PsiError::OutOfOrder {
                expected: MessageType::Matches.seq(),
                got: matches.seq,
            });
        }
        if !self.config.policy.initiator_shares_matches {
            return Err(PsiError::NotAllowed("sharing matches"));
        }
        if self.matches_received {
            return Err(PsiError::Replayed);
        }
        check_distinct(&matches.indices, self.sent_order.len())?;
        self.matches_received = true;
        let mut idx: Vec<u32> = matches
            .indices
            .iter()
            .map(|&m| self.sent_order[m as usize])
            .collect();
        idx.sort_unstable();
        Ok(idx
            .iter()
            .map(|&i| self.items.get(i as usize).to_vec())
            .collect())
    }

    /// After a cardinality-only answer, the order that lets the initiator
    /// learn which of its items are common (once).
    pub fn reveal(&mut self) -> Result<Reveal> {
        let order = self
            .shuffle
            .as_ref()
            .ok_or(PsiError::NotAllowed("a reveal after a revealing response"))?;
        if self.reveal_sent {
            return Err(PsiError::State("reveal already sent"));
        }
        self.reveal_sent = true;
        Ok(Reveal {
            session: self.session,
            seq: MessageType::Reveal.seq(),
            order: order.clone(),
        })
    }
}
