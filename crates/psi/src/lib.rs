//! Private set intersection and OPRF lookups for pooling scam indicators
//! (phone numbers, domains, ...) with partners who should not see each
//! other's whole lists. Pure computation: no file, no socket.
//!
//! * PSI (`Initiator`, `Responder`): two-party ECDH over ristretto255,
//!   semi-honest, with a per-session policy of who learns what
//!   (see `docs/psi.md`).
//! * OPRF (`OprfServerKey`, `OprfLookup`): RFC 9497 lookups against a
//!   published set of PRF outputs; `verifiable` adds the VOPRF mode
//!   (answers proven against a published public key).

pub mod batch;
pub mod config;
pub mod error;
pub mod hash;
pub mod initiator;
pub mod messages;
pub mod oprf;
pub mod policy;
pub mod responder;
pub mod set;
pub mod verifiable;
pub mod wire;

pub use batch::Point;
pub use config::PsiConfig;
pub use error::{PsiError, Result};
pub use hash::{hash_to_group, ElementKind, GroupHasher};
pub use initiator::{Initiator, InitiatorOutcome};
pub use messages::{Matches, Request, Response, Reveal};
pub use oprf::{is_published, BlindedValue, EvaluatedValue, OprfLookup, OprfOutput, OprfServerKey};
pub use policy::{RevealLevel, SessionPolicy};
pub use responder::{Responder, ResponderSession};
pub use set::ItemSet;
pub use verifiable::{VoprfLookup, VoprfProof, VoprfPublicKey, VoprfServerKey};
pub use wire::SessionId;
