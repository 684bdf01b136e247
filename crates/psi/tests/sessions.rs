//! Session binding: replays, cross-session messages, order, size limits,
//! and policy or kind mismatches are refused with errors.

mod common;

use common::*;
use ringtrace_psi::*;

fn config(policy: SessionPolicy, max: usize) -> PsiConfig {
    PsiConfig::new(ElementKind::Phone, policy, max)
}

fn sets() -> (Vec<String>, Vec<String>) {
    let mut r = rng(10);
    (phones(&mut r, 200, 400), phones(&mut r, 200, 400))
}

#[test]
fn response_of_one_session_cannot_be_applied_to_another() {
    let (x, y) = sets();
    let mut r = rng(11);
    let c = config(SessionPolicy::MUTUAL, 1000);
    let (mut s, req_s) = Initiator::start(c, &x, &mut r).unwrap();
    let (mut t, req_t) = Initiator::start(c, &x, &mut r).unwrap();
    assert_ne!(s.session(), t.session());
    let mut responder = Responder::new(c);
    let (mut bs, resp_s) = responder.respond(&req_s, &y, &mut r).unwrap();
    let (mut bt, resp_t) = responder.respond(&req_t, &y, &mut r).unwrap();

    assert_eq!(t.handle_response(&resp_s), Err(PsiError::WrongSession));
    // Each session still completes with its own response.
    let out_t = t.handle_response(&resp_t).unwrap();
    let out_s = s.handle_response(&resp_s).unwrap();
    assert_eq!(out_s, out_t);

    let m_s = s.matches().unwrap();
    assert_eq!(bt.handle_matches(&m_s), Err(PsiError::WrongSession));
    assert!(bs.handle_matches(&m_s).is_ok());
}

#[test]
fn replays_are_refused() {
    let (x, y) = sets();
    let mut r = rng(12);
    let c = config(SessionPolicy::MUTUAL, 1000);
    let (mut a, req) = Initiator::start(c, &x, &mut r).unwrap();
    let mut responder = Responder::new(c);
    let (mut b, resp) = responder.respond(&req, &y, &mut r).unwrap();
    let req_bytes = req.to_bytes();
    assert_eq!(
        responder
            .respond(&Request::from_bytes(&req_bytes).unwrap(), &y, &mut r)
            .err(),
        Some(PsiError::Replayed)
    );
    a.handle_response(&resp).unwrap();
    assert_eq!(a.handle_response(&resp), Err(PsiError::Replayed));
    let m = a.matches().unwrap();
    assert!(matches!(a.matches(), Err(PsiError::State(_))));
    b.handle_matches(&m).unwrap();
    assert_eq!(b.handle_matches(&m), Err(PsiError::Replayed));
}

#[test]
fn reveal_is_bound_to_its_session_and_used_once() {
    let (x, y) = sets();
    let mut r = rng(13);
    let c = config(SessionPolicy::CARDINALITY_ONLY, 1000);
    let mut responder = Responder::new(c);
    let (mut s, req_s) = Initiator::start(c, &x, &mut r).unwrap();
    let (mut t, req_t) = Initiator::start(c, &x, &mut r).unwrap();
    let (mut bs, resp_s) = responder.respond(&req_s, &y, &mut r).unwrap();
    let (_, resp_t) = responder.respond(&req_t, &y, &mut r).unwrap();
    let reveal_s = bs.reveal().unwrap();
    assert!(matches!(
        t.handle_reveal(&reveal_s),
        Err(PsiError::WrongSession)
    ));
    // Before the response there is nothing to reveal.
    assert!(matches!(
        s.handle_reveal(&reveal_s),
        Err(PsiError::State(_))
    ));
    s.handle_response(&resp_s).unwrap();
    t.handle_response(&resp_t).unwrap();
    assert_eq!(
        s.handle_reveal(&reveal_s).unwrap(),
        plain_intersection(&x, &y)
    );
    assert_eq!(s.handle_reveal(&reveal_s), Err(PsiError::Replayed));
    assert!(matches!(bs.reveal(), Err(PsiError::State(_))));
}

#[test]
fn out_of_order_and_tampered_headers() {
    let (x, y) = sets();
    let mut r = rng(14);
    let c = config(SessionPolicy::MUTUAL, 1000);
    let (mut a, req) = Initiator::start(c, &x, &mut r).unwrap();
    let mut responder = Responder::new(c);
    let mut bad_req = req.clone();
    bad_req.seq = 5;
    assert_eq!(
        responder.respond(&bad_req, &y, &mut r).err(),
        Some(PsiError::OutOfOrder {
            expected: 0,
            got: 5
        })
    );
    let (_, resp) = responder.respond(&req, &y, &mut r).unwrap();
    let mut bytes = resp.to_bytes();
    bytes[2] = 3; // sequence number
    assert_eq!(
        a.handle_response(&Response::from_bytes(&bytes).unwrap()),
        Err(PsiError::OutOfOrder {
            expected: 1,
            got: 3
        })
    );
    let mut bytes = resp.to_bytes();
    bytes[10] ^= 1; // session id
    assert_eq!(
        a.handle_response(&Response::from_bytes(&bytes).unwrap()),
        Err(PsiError::WrongSession)
    );
    assert!(matches!(a.matches(), Err(PsiError::State(_))));
    a.handle_response(&resp).unwrap();
}

#[test]
fn size_limits_are_errors() {
    let mut r = rng(15);
    let x = phones(&mut r, 50, 1_000_000_000);
    let small = config(SessionPolicy::MUTUAL, 10);
    assert_eq!(
        Initiator::start(small, &x, &mut r).err(),
        Some(PsiError::TooLarge { count: 50, max: 10 })
    );
    // Duplicates count once.
    let dups: Vec<String> = std::iter::repeat_n(x[0].clone(), 50).collect();
    assert!(Initiator::start(small, &dups, &mut r).is_ok());

    let big = config(SessionPolicy::MUTUAL, 100);
    let (_, req) = Initiator::start(big, &x, &mut r).unwrap();
    let mut responder = Responder::new(small);
    assert_eq!(
        responder.respond(&req, &x[..5], &mut r).err(),
        Some(PsiError::TooLarge { count: 50, max: 10 })
    );
    // The responder's own set over the limit.
    let (mut a, req) = Initiator::start(small, &x[..5], &mut r).unwrap();
    assert_eq!(
        Responder::new(small).respond(&req, &x, &mut r).err(),
        Some(PsiError::TooLarge { count: 50, max: 10 })
    );
    // An answer larger than the initiator accepts.
    let (_, resp) = Responder::new(big).respond(&req, &x, &mut r).unwrap();
    assert_eq!(
        a.handle_response(&resp),
        Err(PsiError::TooLarge { count: 50, max: 10 })
    );
}

#[test]
fn mismatched_policy_kind_and_forbidden_steps() {
    let (x, y) = sets();
    let mut r = rng(16);
    let c = config(SessionPolicy::INITIATOR_LEARNS, 1000);
    let (mut a, req) = Initiator::start(c, &x, &mut r).unwrap();
    assert_eq!(
        Responder::new(config(SessionPolicy::MUTUAL, 1000))
            .respond(&req, &y, &mut r)
            .err(),
        Some(PsiError::PolicyMismatch)
    );
    let domains = PsiConfig::new(ElementKind::Domain, SessionPolicy::INITIATOR_LEARNS, 1000);
    assert_eq!(
        Responder::new(domains).respond(&req, &y, &mut r).err(),
        Some(PsiError::KindMismatch)
    );
    let (mut b, resp) = Responder::new(c).respond(&req, &y, &mut r).unwrap();
    a.handle_response(&resp).unwrap();
    assert!(matches!(a.matches(), Err(PsiError::NotAllowed(_))));
    assert!(matches!(b.reveal(), Err(PsiError::NotAllowed(_))));
    let forged = Matches {
        session: b.session(),
        seq: 2,
        indices: vec![0],
    };
    assert!(matches!(
        b.handle_matches(&forged),
        Err(PsiError::NotAllowed(_))
    ));
    let forged = Reveal {
        session: a.session(),
        seq: 3,
        order: vec![],
    };
    assert!(matches!(
        a.handle_reveal(&forged),
        Err(PsiError::NotAllowed(_))
    ));
}

#[test]
fn malformed_contents_are_refused() {
    let (x, y) = sets();
    let mut r = rng(17);
    let c = config(SessionPolicy::MUTUAL, 1000);
    let (mut a, mut req) = Initiator::start(c, &x, &mut r).unwrap();
    let good = req.points[3];
    req.points[3] = [0xff; 32];
    assert_eq!(
        Responder::new(c).respond(&req, &y, &mut r).err(),
        Some(PsiError::InvalidPoint(3))
    );
    req.points[3] = good;
    let (mut b, mut resp) = Responder::new(c).respond(&req, &y, &mut r).unwrap();
    resp.initiator_points.pop();
    assert!(matches!(
        a.handle_response(&resp),
        Err(PsiError::Malformed(_))
    ));
    let bad = Matches {
        session: b.session(),
        seq: 2,
        indices: vec![1, 1],
    };
    assert!(matches!(
        b.handle_matches(&bad),
        Err(PsiError::Malformed(_))
    ));
    let bad = Matches {
        session: b.session(),
        seq: 2,
        indices: vec![u32::MAX],
    };
    assert!(matches!(
        b.handle_matches(&bad),
        Err(PsiError::Malformed(_))
    ));
}
