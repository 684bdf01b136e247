//! The PSI result equals the plain intersection: random, adversarial and
//! property-based sets, under every policy.

mod common;

use common::*;
use proptest::prelude::*;

#[test]
fn random_sets_under_every_policy() {
    let mut r = rng(1);
    for (i, policy) in POLICIES.into_iter().enumerate() {
        let x = phones(&mut r, 2000, 5000);
        let y = phones(&mut r, 1500, 5000);
        check(policy, &x, &y, 100 + i as u64);
    }
}

#[test]
fn adversarial_sets() {
    let mut r = rng(2);
    let some = phones(&mut r, 300, 1_000_000);
    let other: Vec<String> = phones(&mut r, 300, 1_000_000)
        .into_iter()
        .map(|p| p.replace("+1800", "+4420"))
        .collect();
    let empty: Vec<String> = Vec::new();
    let dups: Vec<String> = some
        .iter()
        .chain(&some)
        .chain(&some[..10])
        .cloned()
        .collect();
    let cases: [(&[String], &[String]); 7] = [
        (&empty, &empty),
        (&empty, &some),
        (&some, &empty),
        (&some, &some),
        (&some, &other),
        (&dups, &some),
        (&dups, &dups),
    ];
    for policy in POLICIES {
        for (i, (x, y)) in cases.iter().enumerate() {
            check(policy, x, y, i as u64);
        }
    }
}

#[test]
fn identical_sets_match_everything_and_disjoint_nothing() {
    let mut r = rng(3);
    let x = phones(&mut r, 500, 1_000_000);
    let same = run(ringtrace_psi::SessionPolicy::MUTUAL, &x, &x, 4);
    let distinct = plain_intersection(&x, &x).len();
    assert_eq!(same.outcome.cardinality, distinct);
    assert_eq!(same.responder_learned.unwrap().len(), distinct);
    let y: Vec<String> = x.iter().map(|p| format!("{p}9")).collect();
    assert_eq!(
        run(ringtrace_psi::SessionPolicy::MUTUAL, &x, &y, 5)
            .outcome
            .cardinality,
        0
    );
}

#[test]
fn arbitrary_bytes_including_empty_string_and_binary() {
    let x: Vec<Vec<u8>> = vec![vec![], vec![0], vec![0xff; 100], b"a".to_vec()];
    let y: Vec<Vec<u8>> = vec![vec![0xff; 100], vec![], vec![1]];
    let mut rng = rng(6);
    let config = ringtrace_psi::PsiConfig::new(
        ringtrace_psi::ElementKind::Url,
        ringtrace_psi::SessionPolicy::MUTUAL,
        10,
    );
    let (mut a, req) = ringtrace_psi::Initiator::start(config, &x, &mut rng).unwrap();
    let mut resp = ringtrace_psi::Responder::new(config);
    let (_, answer) = resp.respond(&req, &y, &mut rng).unwrap();
    let out = a.handle_response(&answer).unwrap();
    assert_eq!(out.items.unwrap(), vec![vec![], vec![0xff; 100]]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    #[test]
    fn equals_plain_intersection(
        x in proptest::collection::vec(0u16..400, 0..120),
        y in proptest::collection::vec(0u16..400, 0..120),
        policy in 0usize..4,
        seed in any::<u64>(),
    ) {
        let x: Vec<String> = x.iter().map(|v| format!("+1800555{v:04}")).collect();
        let y: Vec<String> = y.iter().map(|v| format!("+1800555{v:04}")).collect();
        check(POLICIES[policy], &x, &y, seed);
    }
}
