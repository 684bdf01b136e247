//! The heavy loops, in parallel on rayon's pool: hash, multiply by a secret
//! scalar and compress, in chunks so the compressions share one inversion.
//!
//! `RistrettoPoint::double_and_compress_batch` returns the encodings of 2·P
//! for a whole chunk with one field inversion. Multiplying by s/2 first
//! turns that into the encodings of s·P, which is what the protocol needs.

use crate::error::{PsiError, Result};
use crate::hash::GroupHasher;
use curve25519_dalek::ristretto::{CompressedRistretto, RistrettoPoint};
use curve25519_dalek::scalar::Scalar;
use rayon::prelude::*;

/// A compressed ristretto255 element as it travels: 32 bytes.
pub type Point = [u8; 32];

/// Elements per parallel work item (and per batch inversion).
const CHUNK: usize = 1024;

/// A secret scalar kept with its half, ready for the batched compression.
#[derive(Clone)]
pub struct SecretScalar {
    half: Scalar,
}

impl std::fmt::Debug for SecretScalar {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretScalar(..)")
    }
}

impl SecretScalar {
    /// A fresh non-zero scalar from a cryptographic RNG.
    pub fn random<R: rand::RngCore + rand::CryptoRng>(rng: &mut R) -> Self {
        loop {
            let s = Scalar::random(rng);
            if s != Scalar::ZERO {
                return Self::from_scalar(s);
            }
        }
    }

    /// Wraps a scalar (tests use fixed ones).
    pub fn from_scalar(s: Scalar) -> Self {
        SecretScalar {
            half: s * Scalar::from(2u8).invert(),
        }
    }

    /// Encodings of s·P for each P (one inversion for all of them).
    fn mul_compress_into(&self, points: &mut [RistrettoPoint], out: &mut [Point]) {
        for p in points.iter_mut() {
            *p *= self.half;
        }
        let compressed = RistrettoPoint::double_and_compress_batch(points.iter());
        for (o, c) in out.iter_mut().zip(compressed) {
            *o = c.to_bytes();
        }
    }
}

/// Encodings of s·H(item) for each item, in the items' order.
pub fn hash_mul_compress(hasher: &GroupHasher, items: &[&[u8]], s: &SecretScalar) -> Vec<Point> {
    let mut out = vec![[0u8; 32]; items.len()];
    out.par_chunks_mut(CHUNK)
        .zip(items.par_chunks(CHUNK))
        .for_each(|(out, items)| {
            let mut points: Vec<RistrettoPoint> = items.iter().map(|m| hasher.hash(m)).collect();
            s.mul_compress_into(&mut points, out);
        });
    out
}

/// Encodings of s·P for each encoded P; an invalid encoding fails the whole
/// batch (`InvalidPoint` names one bad position).
pub fn decompress_mul_compress(points: &[Point], s: &SecretScalar) -> Result<Vec<Point>> {
    let mut out = vec![[0u8; 32]; points.len()];
    out.par_chunks_mut(CHUNK)
        .zip(points.par_chunks(CHUNK))
        .enumerate()
        .try_for_each(|(chunk, (out, encoded))| {
            let mut decoded = Vec::with_capacity(encoded.len());
            for (i, bytes) in encoded.iter().enumerate() {
                let p = CompressedRistretto(*bytes)
                    .decompress()
                    .ok_or(PsiError::InvalidPoint(chunk * CHUNK + i))?;
                decoded.push(p);
            }
            s.mul_compress_into(&mut decoded, out);
            Ok(())
        })?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::ElementKind;
    use rand::SeedableRng;

    #[test]
    fn batched_path_equals_plain_multiplication() {
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(7);
        let s = Scalar::random(&mut rng);
        let secret = SecretScalar::from_scalar(s);
        let hasher = GroupHasher::new(ElementKind::Phone);
        let owned: Vec<Vec<u8>> = (0..3000u32).map(|i| i.to_le_bytes().to_vec()).collect();
        let items: Vec<&[u8]> = owned.iter().map(Vec::as_slice).collect();
        let fast = hash_mul_compress(&hasher, &items, &secret);
        for (item, got) in items.iter().zip(&fast) {
            assert_eq!((hasher.hash(item) * s).compress().to_bytes(), *got);
        }
        let t = Scalar::random(&mut rng);
        let again = decompress_mul_compress(&fast, &SecretScalar::from_scalar(t)).unwrap();
        for (item, got) in items.iter().zip(&again) {
            assert_eq!((hasher.hash(item) * s * t).compress().to_bytes(), *got);
        }
    }

    #[test]
    fn invalid_encoding_is_an_error() {
        let s = SecretScalar::from_scalar(Scalar::ONE);
        let mut pts = vec![RistrettoPoint::default().compress().to_bytes(); 2000];
        pts[1500] = [0xff; 32];
        assert_eq!(
            decompress_mul_compress(&pts, &s),
            Err(PsiError::InvalidPoint(1500))
        );
    }
}
