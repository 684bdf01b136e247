//! Hash-to-group for ristretto255 per RFC 9380 (suite
//! `ristretto255_XMD:SHA-512_R255MAP_RO_`), one domain separation tag per
//! kind of element so a phone number and a domain never map to one point.

use curve25519_dalek::ristretto::RistrettoPoint;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha512};

/// The suite identifier of RFC 9380 appended to every tag.
pub const SUITE_ID: &str = "ristretto255_XMD:SHA-512_R255MAP_RO_";

/// SHA-512's input block size (`s_in_bytes` in RFC 9380).
const S_IN_BYTES: usize = 128;
/// SHA-512's output size (`b_in_bytes` in RFC 9380).
const B_IN_BYTES: usize = 64;

/// What the hashed strings are. Each kind has its own tag, so two partners
/// must agree on it and sets of different kinds never intersect.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ElementKind {
    /// E.164 phone numbers, e.g. `+18005550100`.
    Phone,
    /// Registrable domains, lower case, e.g. `example.com`.
    Domain,
    /// Normalised URLs.
    Url,
    /// E-mail addresses, lower case.
    Email,
    /// Cryptocurrency wallet addresses.
    Wallet,
}

impl ElementKind {
    /// Every kind, in wire-code order.
    pub const ALL: [ElementKind; 5] = [
        ElementKind::Phone,
        ElementKind::Domain,
        ElementKind::Url,
        ElementKind::Email,
        ElementKind::Wallet,
    ];

    /// The kind's name inside the tag.
    pub fn as_str(self) -> &'static str {
        match self {
            ElementKind::Phone => "phone",
            ElementKind::Domain => "domain",
            ElementKind::Url => "url",
            ElementKind::Email => "email",
            ElementKind::Wallet => "wallet",
        }
    }

    /// The one-byte code in a `Request`.
    pub fn code(self) -> u8 {
        match self {
            ElementKind::Phone => 1,
            ElementKind::Domain => 2,
            ElementKind::Url => 3,
            ElementKind::Email => 4,
            ElementKind::Wallet => 5,
        }
    }

    /// The kind of a wire code.
    pub fn from_code(code: u8) -> Option<ElementKind> {
        ElementKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The domain separation tag: `ringtrace-psi-v1-<kind>_` + [`SUITE_ID`].
    pub fn dst(self) -> String {
        format!("ringtrace-psi-v1-{}_{SUITE_ID}", self.as_str())
    }
}

/// `expand_message_xmd` with SHA-512 (RFC 9380 §5.3.1), for `LEN` up to
/// 255 × 64 bytes and a tag of at most 255 bytes.
///
/// # Panics
/// If `LEN` or the tag is out of those bounds (a programming error: both are
/// fixed in this crate).
pub fn expand_message_xmd<const LEN: usize>(msg: &[u8], dst: &[u8]) -> [u8; LEN] {
    let ell = LEN.div_ceil(B_IN_BYTES);
    assert!(ell <= 255 && LEN <= u16::MAX as usize && dst.len() <= 255);
    let dst_len = [dst.len() as u8];
    let b0: [u8; B_IN_BYTES] = Sha512::new()
        .chain_update([0u8; S_IN_BYTES])
        .chain_update(msg)
        .chain_update((LEN as u16).to_be_bytes())
        .chain_update([0u8])
        .chain_update(dst)
        .chain_update(dst_len)
        .finalize()
        .into();
    let mut out = [0u8; LEN];
    let mut prev = [0u8; B_IN_BYTES];
    for i in 1..=ell {
        let mut input = [0u8; B_IN_BYTES];
        for (k, byte) in input.iter_mut().enumerate() {
            *byte = b0[k] ^ if i == 1 { 0 } else { prev[k] };
        }
        prev = Sha512::new()
            .chain_update(input)
            .chain_update([i as u8])
            .chain_update(dst)
            .chain_update(dst_len)
            .finalize()
            .into();
        let start = (i - 1) * B_IN_BYTES;
        let end = LEN.min(start + B_IN_BYTES);
        out[start..end].copy_from_slice(&prev[..end - start]);
    }
    out
}

/// A prepared hash-to-group for one kind: the tag and SHA-512's state after
/// the zero block are computed once and reused for every element.
#[derive(Clone)]
pub struct GroupHasher {
    kind: ElementKind,
    dst_prime: Vec<u8>,
    after_zpad: Sha512,
}

impl std::fmt::Debug for GroupHasher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GroupHasher")
            .field("kind", &self.kind)
            .finish()
    }
}

impl GroupHasher {
    /// The hasher of one kind of element.
    pub fn new(kind: ElementKind) -> Self {
        let mut dst_prime = kind.dst().into_bytes();
        dst_prime.push(dst_prime.len() as u8);
        let after_zpad = Sha512::new().chain_update([0u8; S_IN_BYTES]);
        GroupHasher {
            kind,
            dst_prime,
            after_zpad,
        }
    }

    /// The kind this hasher serves.
    pub fn kind(&self) -> ElementKind {
        self.kind
    }

    /// The 64 uniform bytes of `expand_message_xmd(msg, DST, 64)`.
    pub fn uniform_bytes(&self, msg: &[u8]) -> [u8; 64] {
        let b0: [u8; 64] = self
            .after_zpad
            .clone()
            .chain_update(msg)
            .chain_update(64u16.to_be_bytes())
            .chain_update([0u8])
            .chain_update(&self.dst_prime)
            .finalize()
            .into();
        Sha512::new()
            .chain_update(b0)
            .chain_update([1u8])
            .chain_update(&self.dst_prime)
            .finalize()
            .into()
    }

    /// `hash_to_ristretto255(msg)` of RFC 9380 Appendix B with this tag.
    pub fn hash(&self, msg: &[u8]) -> RistrettoPoint {
        RistrettoPoint::from_uniform_bytes(&self.uniform_bytes(msg))
    }
}

/// One-off hash of `msg` as an element of `kind`.
pub fn hash_to_group(kind: ElementKind, msg: &[u8]) -> RistrettoPoint {
    GroupHasher::new(kind).hash(msg)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    const QUUX: &[u8] = b"QUUX-V01-CS02-with-expander-SHA512-256";

    /// RFC 9380 Appendix K.3, expand_message_xmd(SHA-512).
    #[test]
    fn rfc9380_k3_vectors() {
        assert_eq!(
            hex(&expand_message_xmd::<32>(b"", QUUX)),
            "6b9a7312411d92f921c6f68ca0b6380730a1a4d982c507211a90964c394179ba"
        );
        assert_eq!(
            hex(&expand_message_xmd::<32>(b"abc", QUUX)),
            "0da749f12fbe5483eb066a5f595055679b976e93abe9be6f0f6318bce7aca8dc"
        );
        assert_eq!(
            hex(&expand_message_xmd::<128>(b"abc", QUUX)),
            "7f1dddd13c08b543f2e2037b14cefb255b44c83cc397c1786d975653e36a6b11\
             bdd7732d8b38adb4a0edc26a0cef4bb45217135456e58fbca1703cd6032cb134\
             7ee720b87972d63fbf232587043ed2901bce7f22610c0419751c065922b48843\
             1851041310ad659e4b23520e1772ab29dcdeb2002222a363f0c2b1c972b3efe1"
        );
    }

    #[test]
    fn prepared_hasher_matches_generic_expansion() {
        for kind in ElementKind::ALL {
            let h = GroupHasher::new(kind);
            for msg in [&b""[..], b"+18005550100", &[7u8; 300]] {
                assert_eq!(
                    h.uniform_bytes(msg),
                    expand_message_xmd::<64>(msg, kind.dst().as_bytes())
                );
            }
        }
    }

    #[test]
    fn kinds_are_separated() {
        let a = hash_to_group(ElementKind::Phone, b"example.com");
        let b = hash_to_group(ElementKind::Domain, b"example.com");
        assert_ne!(a.compress(), b.compress());
        for k in ElementKind::ALL {
            assert_eq!(ElementKind::from_code(k.code()), Some(k));
        }
        assert_eq!(ElementKind::from_code(0), None);
    }
}
