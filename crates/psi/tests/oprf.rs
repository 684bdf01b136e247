//! OPRF lookups: a listed value's output is in the published set, an
//! unlisted one's is not, and the server sees only blinded elements.

mod common;

use common::*;
use ringtrace_psi::*;
use sha2::{Digest, Sha256};

#[test]
fn listed_values_are_found_and_others_are_not() {
    let mut r = rng(30);
    let key = OprfServerKey::generate(&mut r).unwrap();
    let listed = phones(&mut r, 500, 1_000_000_000);
    let published = key.publish(ElementKind::Phone, &listed).unwrap();
    assert!(published.windows(2).all(|w| w[0] < w[1]));

    let unlisted: Vec<String> = listed.iter().map(|p| format!("{p}0")).collect();
    let queries: Vec<String> = listed[..20]
        .iter()
        .chain(&unlisted[..20])
        .cloned()
        .collect();
    let (lookup, blinded) = OprfLookup::blind(ElementKind::Phone, &queries, &mut r).unwrap();
    let evaluated = key.evaluate_batch(&blinded).unwrap();
    let outputs = lookup.finalize(&evaluated).unwrap();
    for (i, out) in outputs.iter().enumerate() {
        assert_eq!(is_published(&published, out), i < 20, "{}", queries[i]);
    }

    // A saved and reloaded key gives the same outputs.
    let reloaded = OprfServerKey::from_bytes(&key.to_bytes()).unwrap();
    assert_eq!(reloaded.evaluate_batch(&blinded).unwrap(), evaluated);
    // Another key does not: the published set is useless without the key.
    let other = OprfServerKey::generate(&mut r).unwrap();
    let outputs = lookup
        .finalize(&other.evaluate_batch(&blinded).unwrap())
        .unwrap();
    assert!(outputs.iter().all(|o| !is_published(&published, o)));
}

#[test]
fn kinds_are_separated() {
    let mut r = rng(31);
    let key = OprfServerKey::generate(&mut r).unwrap();
    let published = key.publish(ElementKind::Domain, &["example.com"]).unwrap();
    let (lookup, blinded) = OprfLookup::blind(ElementKind::Url, &["example.com"], &mut r).unwrap();
    let out = lookup
        .finalize(&key.evaluate_batch(&blinded).unwrap())
        .unwrap();
    assert!(!is_published(&published, &out[0]));
}

#[test]
fn the_server_sees_only_blinded_elements() {
    let mut r = rng(32);
    let value = "+18005550100";
    let (_, first) = OprfLookup::blind(ElementKind::Phone, &[value], &mut r).unwrap();
    let (_, second) = OprfLookup::blind(ElementKind::Phone, &[value], &mut r).unwrap();
    assert_ne!(
        first, second,
        "a fresh blind each time: queries are unlinkable"
    );
    let digest = Sha256::digest(value.as_bytes());
    let unsalted = hash_to_group(ElementKind::Phone, value.as_bytes())
        .compress()
        .to_bytes();
    for b in first.iter().chain(&second) {
        assert!(!b.0.windows(value.len()).any(|w| w == value.as_bytes()));
        assert_ne!(b.0[..], digest[..]);
        assert_ne!(b.0, unsalted);
    }
}

#[test]
fn bad_inputs_are_errors() {
    let mut r = rng(33);
    let key = OprfServerKey::generate(&mut r).unwrap();
    assert_eq!(
        key.evaluate_batch(&[BlindedValue([0xff; 32])]),
        Err(PsiError::InvalidPoint(0))
    );
    assert!(OprfServerKey::from_bytes(&[0u8; 32]).is_err());
    assert!(OprfServerKey::from_bytes(&[1u8; 5]).is_err());
    let (lookup, _) = OprfLookup::blind(ElementKind::Phone, &["a", "b"], &mut r).unwrap();
    assert!(matches!(
        lookup.finalize(&[EvaluatedValue([0; 32])]),
        Err(PsiError::Malformed(_))
    ));
}
