//! Helpers shared by the PSI integration tests: seeded RNGs, random sets
//! and one full session run through the byte encodings.
#![allow(dead_code)]

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha20Rng;
use ringtrace_psi::*;
use std::collections::BTreeSet;

pub fn rng(seed: u64) -> ChaCha20Rng {
    ChaCha20Rng::seed_from_u64(seed)
}

/// E.164-looking phone numbers drawn from a small space so sets overlap.
pub fn phones(rng: &mut ChaCha20Rng, n: usize, space: u64) -> Vec<String> {
    (0..n)
        .map(|_| format!("+1800{:07}", rng.gen_range(0..space)))
        .collect()
}

pub fn plain_intersection(x: &[String], y: &[String]) -> Vec<Vec<u8>> {
    let ys: BTreeSet<&String> = y.iter().collect();
    let mut seen = BTreeSet::new();
    x.iter()
        .filter(|v| ys.contains(v) && seen.insert(*v))
        .map(|v| v.as_bytes().to_vec())
        .collect()
}

/// Everything a run produced, including every message as bytes.
pub struct Run {
    pub outcome: InitiatorOutcome,
    pub responder_learned: Option<Vec<Vec<u8>>>,
    pub revealed: Option<Vec<Vec<u8>>>,
    pub wire: Vec<Vec<u8>>,
}

/// One session: request, response, then `Matches` and `Reveal` when the
/// policy allows them, each message through `to_bytes`/`from_bytes`.
pub fn run(policy: SessionPolicy, x: &[String], y: &[String], seed: u64) -> Run {
    let mut rng = rng(seed);
    let config = PsiConfig::new(ElementKind::Phone, policy, 1 << 20);
    let (mut a, req) = Initiator::start(config, x, &mut rng).unwrap();
    let req_bytes = req.to_bytes();
    let mut responder = Responder::new(config);
    let (mut b, resp) = responder
        .respond(&Request::from_bytes(&req_bytes).unwrap(), y, &mut rng)
        .unwrap();
    let resp_bytes = resp.to_bytes();
    let outcome = a
        .handle_response(&Response::from_bytes(&resp_bytes).unwrap())
        .unwrap();
    let mut wire = vec![req_bytes, resp_bytes];
    let responder_learned = if policy.initiator_shares_matches {
        let m = a.matches().unwrap().to_bytes();
        let got = b.handle_matches(&Matches::from_bytes(&m).unwrap()).unwrap();
        wire.push(m);
        Some(got)
    } else {
        None
    };
    let revealed = if policy.responder_reveals == RevealLevel::CardinalityOnly {
        let r = b.reveal().unwrap().to_bytes();
        let got = a.handle_reveal(&Reveal::from_bytes(&r).unwrap()).unwrap();
        wire.push(r);
        Some(got)
    } else {
        None
    };
    Run {
        outcome,
        responder_learned,
        revealed,
        wire,
    }
}

pub const POLICIES: [SessionPolicy; 4] = [
    SessionPolicy::MUTUAL,
    SessionPolicy::INITIATOR_LEARNS,
    SessionPolicy::CARDINALITY_ONLY,
    SessionPolicy {
        responder_reveals: RevealLevel::CardinalityOnly,
        initiator_shares_matches: true,
    },
];

/// The responder's view of the intersection, in the responder's order.
pub fn plain_in_y_order(x: &[String], y: &[String]) -> Vec<Vec<u8>> {
    plain_intersection(y, x)
}

/// Checks a run against the plain intersection under `policy`.
pub fn check(policy: SessionPolicy, x: &[String], y: &[String], seed: u64) {
    let expected = plain_intersection(x, y);
    let r = run(policy, x, y, seed);
    assert_eq!(r.outcome.cardinality, expected.len());
    match policy.responder_reveals {
        RevealLevel::Reveal => assert_eq!(r.outcome.items.as_ref(), Some(&expected)),
        RevealLevel::CardinalityOnly => {
            assert_eq!(r.outcome.items, None);
            assert_eq!(r.revealed.as_ref(), Some(&expected));
        }
    }
    if policy.initiator_shares_matches {
        assert_eq!(r.responder_learned, Some(plain_in_y_order(x, y)));
    }
}
