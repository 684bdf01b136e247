//! The settings both parties of a PSI session fix before it starts.

use crate::error::{PsiError, Result};
use crate::hash::ElementKind;
use crate::policy::SessionPolicy;
use rand::seq::SliceRandom;

/// What both parties agree on: the kind of element, the policy and the
/// largest set either side accepts in one message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PsiConfig {
    pub kind: ElementKind,
    pub policy: SessionPolicy,
    max_set_size: usize,
}

impl PsiConfig {
    /// A configuration; `max_set_size` bounds every list in every message
    /// (and so the guesses a partner can test per session).
    pub fn new(kind: ElementKind, policy: SessionPolicy, max_set_size: usize) -> Self {
        PsiConfig {
            kind,
            policy,
            max_set_size: max_set_size.min(u32::MAX as usize),
        }
    }

    /// The largest accepted set.
    pub fn max_set_size(&self) -> usize {
        self.max_set_size
    }

    /// `TooLarge` when `count` exceeds the maximum.
    pub(crate) fn check_size(&self, count: usize) -> Result<()> {
        if count > self.max_set_size {
            return Err(PsiError::TooLarge {
                count,
                max: self.max_set_size,
            });
        }
        Ok(())
    }
}

/// A uniformly random permutation of `0..n`.
pub(crate) fn random_permutation<R: rand::RngCore + rand::CryptoRng>(
    n: usize,
    rng: &mut R,
) -> Vec<u32> {
    let mut perm: Vec<u32> = (0..n as u32).collect();
    perm.shuffle(rng);
    perm
}

/// Checks that `indices` are distinct and below `bound`.
pub(crate) fn check_distinct(indices: &[u32], bound: usize) -> Result<()> {
    let mut seen = vec![false; bound];
    for &i in indices {
        let slot = seen
            .get_mut(i as usize)
            .ok_or(PsiError::Malformed("index out of range"))?;
        if *slot {
            return Err(PsiError::Malformed("repeated index"));
        }
        *slot = true;
    }
    Ok(())
}
