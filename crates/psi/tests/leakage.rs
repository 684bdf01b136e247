//! No message carries a plaintext element, its SHA-256, or its unsalted
//! group hash H(x): everything on the wire is blinded by a session secret.

mod common;

use common::*;
use ringtrace_psi::{hash_to_group, ElementKind};
use sha2::{Digest, Sha256};

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn no_plaintext_digest_or_unsalted_point_on_the_wire() {
    let mut r = rng(20);
    let x = phones(&mut r, 150, 300);
    let y = phones(&mut r, 150, 300);
    for policy in POLICIES {
        let run = run(policy, &x, &y, 21);
        assert!(run.outcome.cardinality > 0, "the sets must overlap");
        for item in x.iter().chain(&y) {
            let needles = [
                item.as_bytes().to_vec(),
                item.as_bytes()[1..].to_vec(),
                Sha256::digest(item.as_bytes()).to_vec(),
                hash_to_group(ElementKind::Phone, item.as_bytes())
                    .compress()
                    .to_bytes()
                    .to_vec(),
            ];
            for msg in &run.wire {
                for n in &needles {
                    assert!(!contains(msg, n), "{item} leaked under {policy:?}");
                }
            }
        }
    }
}

#[test]
fn the_same_set_looks_different_in_every_session() {
    let mut r = rng(22);
    let x = phones(&mut r, 50, 1_000_000);
    let a = run(ringtrace_psi::SessionPolicy::MUTUAL, &x, &x, 1);
    let b = run(ringtrace_psi::SessionPolicy::MUTUAL, &x, &x, 2);
    // Skip the 22-byte header and the policy/kind/count fields.
    let pa: Vec<&[u8]> = a.wire[0][28..].chunks(32).collect();
    for chunk in b.wire[0][28..].chunks(32) {
        assert!(!pa.contains(&chunk));
    }
}
