//! The exchange edge: what partners may receive, read from the store
//! (`selection`), and a TAXII 2.1 client (`remote`) with the two halves of
//! a sync: `pull` (fetch a collection's new objects, decide what of them to
//! take) and `push` (the objects to send, and sending them). The command
//! line's `sync` and the service's scheduled sync share it; each stores
//! what a pull brings through its own ingest path.

pub mod pull;
pub mod push;
pub mod remote;
pub mod selection;

use ringtrace_store::StoreError;

/// The record field that says which server a pulled report came from.
pub const VIA: &str = "x_ringtrace_via";

/// Why an exchange failed.
#[derive(Debug, thiserror::Error)]
pub enum ExchangeError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{what}: {source}")]
    StoreAt {
        what: &'static str,
        #[source]
        source: StoreError,
    },
    #[error("the store holds something unexpected: {0}")]
    Corrupt(String),
    /// A TAXII server answered with an error status.
    #[error("{url} answered {status}: {said}")]
    Http {
        url: String,
        status: u16,
        said: String,
    },
    /// The server could not be reached, or its answer was not understood.
    #[error("{url}: {message}")]
    Transport { url: String, message: String },
    /// A setting is wrong (`--from`, `--collection`, …).
    #[error("{0}")]
    Invalid(String),
    #[error("{url}: {source}")]
    Stix {
        url: String,
        #[source]
        source: ringtrace_share::stix::StixError,
    },
}

impl ExchangeError {
    pub(crate) fn store(what: &'static str, source: StoreError) -> Self {
        ExchangeError::StoreAt { what, source }
    }
}
