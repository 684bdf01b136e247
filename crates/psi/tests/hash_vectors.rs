//! Our hash-to-group agrees with the `voprf` crate's RFC 9380
//! `hash_to_ristretto255` (expand_message_xmd with SHA-512 and
//! `RistrettoPoint::from_uniform_bytes`) for every kind's tag.

use ringtrace_psi::{hash::expand_message_xmd, ElementKind, GroupHasher};
use sha2::Sha512;
use voprf::{Group, Ristretto255};

#[test]
fn agrees_with_voprf_group_hash() {
    for kind in ElementKind::ALL {
        let dst = kind.dst();
        let ours = GroupHasher::new(kind);
        for msg in [&b""[..], b"+18005550100", b"example.com", &[0xa5; 1000]] {
            let theirs = Ristretto255::hash_to_curve::<Sha512>(&[msg], &[dst.as_bytes()]).unwrap();
            assert_eq!(ours.hash(msg), theirs, "{kind:?}");
        }
    }
}

#[test]
fn voprf_suite_tag_reproduces_rfc9497_hash() {
    // The same expansion with the RFC 9497 OPRF tag gives voprf's result,
    // so the expander is the RFC one and not only self-consistent.
    let dst = b"HashToGroup-OPRFV1-\x00-ristretto255-SHA512";
    let uniform = expand_message_xmd::<64>(b"abc", dst);
    let ours = curve25519_dalek::ristretto::RistrettoPoint::from_uniform_bytes(&uniform);
    let theirs = Ristretto255::hash_to_curve::<Sha512>(&[b"abc"], &[dst]).unwrap();
    assert_eq!(ours, theirs);
}

#[test]
fn tags_name_the_kind_and_the_suite() {
    assert_eq!(
        ElementKind::Phone.dst(),
        "ringtrace-psi-v1-phone_ristretto255_XMD:SHA-512_R255MAP_RO_"
    );
}
