//! Verifiable OPRF lookups: answers verify against the server's public key,
//! and a different key or a tampered answer is detected.

mod common;

use common::*;
use ringtrace_psi::verifiable::*;
use ringtrace_psi::*;

#[test]
fn verified_lookups_find_listed_values_only() {
    let mut r = rng(40);
    let key = VoprfServerKey::generate(&mut r).unwrap();
    let listed = phones(&mut r, 300, 1_000_000_000);
    let published = key.publish(ElementKind::Phone, &listed).unwrap();
    let queries: Vec<String> = vec![listed[0].clone(), listed[7].clone(), "+18005550000".into()];
    let (lookup, blinded) = VoprfLookup::blind(ElementKind::Phone, &queries, &mut r).unwrap();
    let (evaluated, proof) = key.evaluate_batch(&blinded, &mut r).unwrap();
    let outputs = lookup
        .finalize(&evaluated, &proof, &key.public_key())
        .unwrap();
    let found: Vec<bool> = outputs
        .iter()
        .map(|o| is_published(&published, o))
        .collect();
    assert_eq!(found, vec![true, true, false]);

    let reloaded = VoprfServerKey::from_bytes(&key.to_bytes()).unwrap();
    assert_eq!(reloaded.public_key(), key.public_key());
}

#[test]
fn another_key_or_a_tampered_answer_fails_verification() {
    let mut r = rng(41);
    let key = VoprfServerKey::generate(&mut r).unwrap();
    let other = VoprfServerKey::generate(&mut r).unwrap();
    let (lookup, blinded) =
        VoprfLookup::blind(ElementKind::Domain, &["a.example", "b.example"], &mut r).unwrap();
    let (evaluated, proof) = other.evaluate_batch(&blinded, &mut r).unwrap();
    assert!(lookup
        .finalize(&evaluated, &proof, &key.public_key())
        .is_err());

    let (mut evaluated, proof) = key.evaluate_batch(&blinded, &mut r).unwrap();
    evaluated.swap(0, 1);
    assert!(lookup
        .finalize(&evaluated, &proof, &key.public_key())
        .is_err());
}

#[test]
fn batches_are_bounded() {
    let mut r = rng(42);
    let too_many: Vec<String> = (0..=MAX_VOPRF_BATCH).map(|i| i.to_string()).collect();
    assert!(matches!(
        VoprfLookup::blind(ElementKind::Phone, &too_many, &mut r),
        Err(PsiError::TooLarge { .. })
    ));
}
