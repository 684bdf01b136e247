//! The one error type of the crate: every refusal is a value, never a panic.

use thiserror::Error;

/// Why a PSI or OPRF step was refused.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum PsiError {
    /// A set (or a message's list) is larger than the configured maximum.
    #[error("a set of {count} elements exceeds the maximum of {max} per message")]
    TooLarge { count: usize, max: usize },
    /// The message carries another session's id.
    #[error("the message belongs to another session")]
    WrongSession,
    /// The message (or its session) was already processed.
    #[error("the message was already processed (replay)")]
    Replayed,
    /// The message's sequence number is not the one this step expects.
    #[error("message out of order: expected sequence {expected}, got {got}")]
    OutOfOrder { expected: u32, got: u32 },
    /// The encoding's version byte is unknown.
    #[error("unsupported protocol version {0}")]
    UnsupportedVersion(u8),
    /// The bytes hold another kind of message.
    #[error("expected a {expected} message, got message type {got}")]
    UnexpectedMessage { expected: &'static str, got: u8 },
    /// The bytes are not a well-formed message.
    #[error("malformed message: {0}")]
    Malformed(&'static str),
    /// A 32-byte string is not the encoding of a ristretto255 element.
    #[error("invalid group element at index {0}")]
    InvalidPoint(usize),
    /// The two parties were configured with different policies.
    #[error("the peer's session policy differs from ours")]
    PolicyMismatch,
    /// The two parties hash different kinds of element (e.g. phone vs domain).
    #[error("the peer hashes another kind of element")]
    KindMismatch,
    /// The session policy forbids this step.
    #[error("the session policy does not allow {0}")]
    NotAllowed(&'static str),
    /// This step cannot run in the session's current state.
    #[error("step not possible in this state: {0}")]
    State(&'static str),
    /// The OPRF library refused an input or a key.
    #[error("OPRF: {0}")]
    Oprf(&'static str),
}

/// Shorthand for results of this crate.
pub type Result<T> = std::result::Result<T, PsiError>;
