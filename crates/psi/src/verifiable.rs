//! Verifiable OPRF lookups (RFC 9497 mode VOPRF, ristretto255-SHA512): like
//! `oprf`, but the server also publishes a public key and proves (a batched
//! DLEQ proof) that each answer used the key behind it, so it cannot give
//! one client a different key than the published set was made with.

use crate::error::{PsiError, Result};
use crate::hash::ElementKind;
use crate::oprf::{BlindedValue, EvaluatedValue, OprfOutput};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use voprf::{
    BlindedElement, EvaluationElement, Group, Proof, Ristretto255, VoprfClient, VoprfServer,
};

/// Most elements one proof may cover (RFC 9497 batches are u16-counted).
pub const MAX_VOPRF_BATCH: usize = u16::MAX as usize;

/// The server's public key: 32 bytes, published with the output set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct VoprfPublicKey(pub [u8; 32]);

/// A batched DLEQ proof: 64 bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct VoprfProof(#[serde(with = "serde_64")] pub [u8; 64]);

mod serde_64 {
    //! serde for 64-byte arrays (serde derives arrays up to 32).
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &[u8; 64], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(v)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<[u8; 64], D::Error> {
        let v: Vec<u8> = Deserialize::deserialize(d)?;
        v.try_into()
            .map_err(|_| serde::de::Error::custom("expected 64 bytes"))
    }
}

fn voprf_input(kind: ElementKind, value: &[u8]) -> Vec<u8> {
    let mut input = format!("ringtrace-voprf-v1-{}", kind.as_str()).into_bytes();
    input.push(0);
    input.extend_from_slice(value);
    input
}

fn check_batch(n: usize) -> Result<()> {
    if n > MAX_VOPRF_BATCH {
        return Err(PsiError::TooLarge {
            count: n,
            max: MAX_VOPRF_BATCH,
        });
    }
    Ok(())
}

/// The server's secret VOPRF key (and its public key).
pub struct VoprfServerKey {
    server: VoprfServer<Ristretto255>,
}

impl std::fmt::Debug for VoprfServerKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("VoprfServerKey(..)")
    }
}

impl VoprfServerKey {
    /// A fresh random key.
    pub fn generate<R: rand::RngCore + rand::CryptoRng>(rng: &mut R) -> Result<Self> {
        let server = VoprfServer::new(rng).map_err(|_| PsiError::Oprf("key generation"))?;
        Ok(VoprfServerKey { server })
    }

    /// The 32 secret bytes, to store.
    pub fn to_bytes(&self) -> [u8; 32] {
        let mut key = [0u8; 32];
        key.copy_from_slice(&self.server.serialize()[..32]);
        key
    }

    /// A key saved by [`VoprfServerKey::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let server = VoprfServer::new_with_key(bytes).map_err(|_| PsiError::Oprf("invalid key"))?;
        Ok(VoprfServerKey { server })
    }

    /// The public key clients verify answers against.
    pub fn public_key(&self) -> VoprfPublicKey {
        let mut pk = [0u8; 32];
        pk.copy_from_slice(&Ristretto255::serialize_elem(self.server.get_public_key()));
        VoprfPublicKey(pk)
    }

    /// Evaluates blinded values (in parallel) and proves them in one batch
    /// proof; at most [`MAX_VOPRF_BATCH`] values.
    pub fn evaluate_batch<R: rand::RngCore + rand::CryptoRng>(
        &self,
        blinded: &[BlindedValue],
        rng: &mut R,
    ) -> Result<(Vec<EvaluatedValue>, VoprfProof)> {
        check_batch(blinded.len())?;
        let elements = blinded
            .iter()
            .enumerate()
            .map(|(i, b)| {
                BlindedElement::<Ristretto255>::deserialize(&b.0)
                    .map_err(|_| PsiError::InvalidPoint(i))
            })
            .collect::<Result<Vec<_>>>()?;
        let prepared: Vec<_> = elements
            .par_iter()
            .map(|e| {
                self.server
                    .batch_blind_evaluate_prepare(std::iter::once(e))
                    .next()
                    .expect("one in, one out")
            })
            .collect();
        let finished = self
            .server
            .batch_blind_evaluate_finish(rng, elements.iter(), &prepared)
            .map_err(|_| PsiError::Oprf("batch proof"))?;
        let evaluated = finished
            .messages
            .map(|m| {
                let mut out = [0u8; 32];
                out.copy_from_slice(&m.serialize());
                EvaluatedValue(out)
            })
            .collect();
        let mut proof = [0u8; 64];
        proof.copy_from_slice(&finished.proof.serialize());
        Ok((evaluated, VoprfProof(proof)))
    }

    /// The sorted, deduplicated outputs of the server's own values.
    pub fn publish<T: AsRef<[u8]> + Sync>(
        &self,
        kind: ElementKind,
        values: &[T],
    ) -> Result<Vec<OprfOutput>> {
        let mut outputs = values
            .par_iter()
            .map(|v| {
                let out = self
                    .server
                    .evaluate(&voprf_input(kind, v.as_ref()))
                    .map_err(|_| PsiError::Oprf("value longer than the OPRF accepts"))?;
                let mut o = [0u8; 64];
                o.copy_from_slice(&out);
                Ok(o)
            })
            .collect::<Result<Vec<_>>>()?;
        outputs.par_sort_unstable();
        outputs.dedup();
        Ok(outputs)
    }
}

/// A client's pending verifiable lookups.
pub struct VoprfLookup {
    kind: ElementKind,
    values: Vec<Vec<u8>>,
    states: Vec<VoprfClient<Ristretto255>>,
}

impl std::fmt::Debug for VoprfLookup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VoprfLookup")
            .field("kind", &self.kind)
            .field("count", &self.values.len())
            .finish()
    }
}

impl VoprfLookup {
    /// Blinds `values` (at most [`MAX_VOPRF_BATCH`]).
    pub fn blind<T: AsRef<[u8]>, R: rand::RngCore + rand::CryptoRng>(
        kind: ElementKind,
        values: &[T],
        rng: &mut R,
    ) -> Result<(VoprfLookup, Vec<BlindedValue>)> {
        check_batch(values.len())?;
        let mut states = Vec::with_capacity(values.len());
        let mut blinded = Vec::with_capacity(values.len());
        for v in values {
            let b = VoprfClient::<Ristretto255>::blind(&voprf_input(kind, v.as_ref()), rng)
                .map_err(|_| PsiError::Oprf("value longer than the OPRF accepts"))?;
            let mut bytes = [0u8; 32];
            bytes.copy_from_slice(&b.message.serialize());
            blinded.push(BlindedValue(bytes));
            states.push(b.state);
        }
        let values = values.iter().map(|v| v.as_ref().to_vec()).collect();
        Ok((
            VoprfLookup {
                kind,
                values,
                states,
            },
            blinded,
        ))
    }

    /// Verifies the proof against `public_key` and unblinds the answers.
    pub fn finalize(
        &self,
        evaluated: &[EvaluatedValue],
        proof: &VoprfProof,
        public_key: &VoprfPublicKey,
    ) -> Result<Vec<OprfOutput>> {
        if evaluated.len() != self.values.len() {
            return Err(PsiError::Malformed("answer count differs from the lookup"));
        }
        let messages = evaluated
            .iter()
            .enumerate()
            .map(|(i, e)| {
                EvaluationElement::<Ristretto255>::deserialize(&e.0)
                    .map_err(|_| PsiError::InvalidPoint(i))
            })
            .collect::<Result<Vec<_>>>()?;
        let proof = Proof::<Ristretto255>::deserialize(&proof.0)
            .map_err(|_| PsiError::Malformed("proof"))?;
        let pk = Ristretto255::deserialize_elem(&public_key.0)
            .map_err(|_| PsiError::Oprf("invalid public key"))?;
        let inputs: Vec<Vec<u8>> = self
            .values
            .iter()
            .map(|v| voprf_input(self.kind, v))
            .collect();
        let outputs = VoprfClient::batch_finalize(&inputs, &self.states, &messages, &proof, pk)
            .map_err(|_| PsiError::Oprf("proof verification failed"))?;
        outputs
            .map(|o| {
                let o = o.map_err(|_| PsiError::Oprf("finalize"))?;
                let mut out = [0u8; 64];
                out.copy_from_slice(&o);
                Ok(out)
            })
            .collect()
    }
}
