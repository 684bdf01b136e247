//! API keys: how they are made, written and checked.
//!
//! A key reads `rt_<key id>_<secret>`. The key id (12 hex digits) is public
//! and names the key in lists and logs; the secret (43 characters of
//! base64url, 256 random bits) is shown once, when the key is made, and
//! only its SHA-256 is stored. Hashes are compared in constant time.

use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// A freshly made key: the text to hand over once, and what to store.
#[derive(Debug)]
pub struct NewKey {
    pub plaintext: String,
    pub key_id: String,
    pub secret_hash: String,
}

/// Makes a key from the operating system's random source.
pub fn generate() -> NewKey {
    let mut rng = rand::rngs::OsRng;
    let mut id = [0u8; 6];
    rng.fill_bytes(&mut id);
    let mut secret = [0u8; 32];
    rng.fill_bytes(&mut secret);
    let key_id: String = id.iter().map(|b| format!("{b:02x}")).collect();
    let secret = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(secret);
    NewKey {
        plaintext: format!("rt_{key_id}_{secret}"),
        secret_hash: hash_secret(&secret),
        key_id,
    }
}

/// SHA-256 of a secret, hex.
pub fn hash_secret(secret: &str) -> String {
    Sha256::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Splits a presented key into its id and secret; None if it is not shaped
/// like a key at all.
pub fn parse(presented: &str) -> Option<(&str, &str)> {
    let rest = presented.strip_prefix("rt_")?;
    let (id, secret) = rest.split_once('_')?;
    let id_ok = id.len() == 12 && id.bytes().all(|b| b.is_ascii_hexdigit());
    let secret_ok = secret.len() == 43
        && secret
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    (id_ok && secret_ok).then_some((id, secret))
}

/// Whether `secret` is the one whose hash is `stored_hash`, in time that
/// does not depend on where they differ.
pub fn secret_matches(secret: &str, stored_hash: &str) -> bool {
    let presented = hash_secret(secret);
    presented.as_bytes().ct_eq(stored_hash.as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_keys_parse_and_match() {
        let k = generate();
        let (id, secret) = parse(&k.plaintext).expect("a generated key parses");
        assert_eq!(id, k.key_id);
        assert!(secret_matches(secret, &k.secret_hash));
        assert!(!secret_matches("x", &k.secret_hash));
        assert_ne!(generate().plaintext, k.plaintext);
    }

    #[test]
    fn malformed_keys_are_refused() {
        let k = generate();
        let (id, secret) = parse(&k.plaintext).unwrap();
        for bad in [
            String::new(),
            "Bearer".into(),
            format!("rk_{id}_{secret}"),
            format!("rt_{id}{secret}"),
            format!("rt_{}_{secret}", &id[1..]),
            format!("rt_{id}_{}", &secret[1..]),
            format!("rt_{id}_{}!", &secret[1..]),
        ] {
            assert!(parse(&bad).is_none(), "{bad}");
        }
    }
}
