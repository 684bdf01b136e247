//! OPRF lookups (RFC 9497, mode OPRF, suite ristretto255-SHA512, through
//! the `voprf` crate).
//!
//! The server holds a key k and publishes F(k, v) for each of its scam
//! values v. A client who wants to know whether its value w is listed sends
//! the blinded element r·H(w); the server answers k·r·H(w) without seeing
//! w; the client unblinds, hashes to F(k, w) and looks it up in the
//! published set. Without k the published outputs cannot be reversed
//! offline, not even over the small phone-number space: every guess needs
//! one online evaluation, which the server rate-limits per client key.
//!
//! Inputs are bound to their kind: the OPRF input is
//! `ringtrace-oprf-v1-<kind>` ‖ 0x00 ‖ value.

use crate::error::{PsiError, Result};
use crate::hash::ElementKind;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use voprf::{BlindedElement, EvaluationElement, OprfClient, OprfServer, Ristretto255};

/// An OPRF output: 64 bytes (SHA-512).
pub type OprfOutput = [u8; 64];

/// A blinded client value, as sent to the server: 32 bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct BlindedValue(pub [u8; 32]);

/// The server's evaluation of one blinded value: 32 bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct EvaluatedValue(pub [u8; 32]);

/// The OPRF input for `value` of `kind`.
fn oprf_input(kind: ElementKind, value: &[u8]) -> Vec<u8> {
    let mut input = format!("ringtrace-oprf-v1-{}", kind.as_str()).into_bytes();
    input.push(0);
    input.extend_from_slice(value);
    input
}

fn to_output(out: &[u8]) -> OprfOutput {
    let mut o = [0u8; 64];
    o.copy_from_slice(out);
    o
}

/// The server's secret OPRF key.
pub struct OprfServerKey {
    server: OprfServer<Ristretto255>,
}

impl std::fmt::Debug for OprfServerKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OprfServerKey(..)")
    }
}

impl OprfServerKey {
    /// A fresh random key.
    pub fn generate<R: rand::RngCore + rand::CryptoRng>(rng: &mut R) -> Result<Self> {
        let server = OprfServer::new(rng).map_err(|_| PsiError::Oprf("key generation"))?;
        Ok(OprfServerKey { server })
    }

    /// The key's 32 secret bytes, to store (encrypted at rest).
    pub fn to_bytes(&self) -> [u8; 32] {
        let mut key = [0u8; 32];
        key.copy_from_slice(&self.server.serialize());
        key
    }

    /// A key saved by [`OprfServerKey::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let server = OprfServer::deserialize(bytes).map_err(|_| PsiError::Oprf("invalid key"))?;
        Ok(OprfServerKey { server })
    }

    /// Evaluates a client's blinded values (in parallel). The caller counts
    /// them against the client's rate limit before calling.
    pub fn evaluate_batch(&self, blinded: &[BlindedValue]) -> Result<Vec<EvaluatedValue>> {
        blinded
            .par_iter()
            .enumerate()
            .map(|(i, b)| {
                let element = BlindedElement::<Ristretto255>::deserialize(&b.0)
                    .map_err(|_| PsiError::InvalidPoint(i))?;
                let mut out = [0u8; 32];
                out.copy_from_slice(&self.server.blind_evaluate(&element).serialize());
                Ok(EvaluatedValue(out))
            })
            .collect()
    }

    /// The outputs F(k, v) of `values`, in their order (in parallel): what
    /// a server that keeps its published set up to date computes for the
    /// values new since the last time.
    pub fn outputs<T: AsRef<[u8]> + Sync>(
        &self,
        kind: ElementKind,
        values: &[T],
    ) -> Result<Vec<OprfOutput>> {
        values
            .par_iter()
            .map(|v| {
                self.server
                    .evaluate(&oprf_input(kind, v.as_ref()))
                    .map(|o| to_output(&o))
                    .map_err(|_| PsiError::Oprf("value longer than the OPRF accepts"))
            })
            .collect()
    }

    /// The sorted, deduplicated outputs F(k, v) of the server's own values:
    /// the set clients download and check their outputs against.
    pub fn publish<T: AsRef<[u8]> + Sync>(
        &self,
        kind: ElementKind,
        values: &[T],
    ) -> Result<Vec<OprfOutput>> {
        let mut outputs = self.outputs(kind, values)?;
        outputs.par_sort_unstable();
        outputs.dedup();
        Ok(outputs)
    }
}

/// A client's pending lookups: the values and their blinding scalars.
pub struct OprfLookup {
    kind: ElementKind,
    values: Vec<Vec<u8>>,
    states: Vec<OprfClient<Ristretto255>>,
}

impl std::fmt::Debug for OprfLookup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OprfLookup")
            .field("kind", &self.kind)
            .field("count", &self.values.len())
            .finish()
    }
}

impl OprfLookup {
    /// Blinds `values` with fresh random scalars; the blinded values go to
    /// the server, the lookup stays with the client.
    pub fn blind<T: AsRef<[u8]>, R: rand::RngCore + rand::CryptoRng>(
        kind: ElementKind,
        values: &[T],
        rng: &mut R,
    ) -> Result<(OprfLookup, Vec<BlindedValue>)> {
        let mut states = Vec::with_capacity(values.len());
        let mut blinded = Vec::with_capacity(values.len());
        for v in values {
            let b = OprfClient::<Ristretto255>::blind(&oprf_input(kind, v.as_ref()), rng)
                .map_err(|_| PsiError::Oprf("value longer than the OPRF accepts"))?;
            let mut bytes = [0u8; 32];
            bytes.copy_from_slice(&b.message.serialize());
            blinded.push(BlindedValue(bytes));
            states.push(b.state);
        }
        let values = values.iter().map(|v| v.as_ref().to_vec()).collect();
        Ok((
            OprfLookup {
                kind,
                values,
                states,
            },
            blinded,
        ))
    }

    /// Unblinds the server's answers into the outputs F(k, v), one per value.
    pub fn finalize(&self, evaluated: &[EvaluatedValue]) -> Result<Vec<OprfOutput>> {
        if evaluated.len() != self.values.len() {
            return Err(PsiError::Malformed("answer count differs from the lookup"));
        }
        (0..evaluated.len())
            .into_par_iter()
            .map(|i| {
                let e = EvaluationElement::<Ristretto255>::deserialize(&evaluated[i].0)
                    .map_err(|_| PsiError::InvalidPoint(i))?;
                let out = self.states[i]
                    .finalize(&oprf_input(self.kind, &self.values[i]), &e)
                    .map_err(|_| PsiError::Oprf("finalize"))?;
                Ok(to_output(&out))
            })
            .collect()
    }
}

/// Whether `output` is in the sorted `published` set.
pub fn is_published(published: &[OprfOutput], output: &OprfOutput) -> bool {
    published.binary_search(output).is_ok()
}
