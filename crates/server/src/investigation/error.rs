//! `InvestigationError`: why a case change, an import or an export failed.

use ringtrace_act::case::CaseError;
use ringtrace_act::device::ExtractError;
use ringtrace_act::keys::KeyError;
use ringtrace_act::package::PackageError;
use ringtrace_exchange::ExchangeError;
use ringtrace_store::StoreError;

/// One sentence naming the case, exhibit, file or field at fault.
#[derive(Debug, thiserror::Error)]
pub enum InvestigationError {
    #[error("there is no case {0}")]
    NoSuchCase(String),
    /// A change the case's rules refuse.
    #[error(transparent)]
    Refused(#[from] CaseError),
    /// Input that is not what it must be (a ring that does not exist, …).
    #[error("{0}")]
    Invalid(String),
    /// The same file was imported before, as another exhibit.
    #[error("{file}: this file (SHA-256 {sha256}) was already imported as exhibit {exhibit} of case {case}")]
    AlreadyImported {
        file: String,
        sha256: String,
        exhibit: String,
        case: String,
    },
    #[error(transparent)]
    Extract(#[from] ExtractError),
    #[error("no signing key yet: make one with `ringtrace keys signing create`")]
    NoSigningKey,
    #[error("the stored signing key: {0}")]
    Key(#[from] KeyError),
    #[error(transparent)]
    Package(#[from] PackageError),
    #[error(transparent)]
    Exchange(#[from] ExchangeError),
    /// A change conflicts with another made meanwhile, or with what exists.
    #[error("{0}")]
    Conflict(String),
    #[error(
        "case {case}, event {seq}: the store holds an event this version cannot read: {message}"
    )]
    Corrupt {
        case: String,
        seq: u64,
        message: String,
    },
    #[error(transparent)]
    Store(StoreError),
}

impl From<StoreError> for InvestigationError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Conflict(m) => InvestigationError::Conflict(m),
            other => InvestigationError::Store(other),
        }
    }
}
