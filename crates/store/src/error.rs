//! The store's one error type.

/// What can go wrong in a store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the database `{path}`: {message}")]
    Open { path: String, message: String },
    #[error("the database `{path}` has schema version {found}, newer than this ringtrace knows ({known}); upgrade ringtrace")]
    TooNew {
        path: String,
        found: i64,
        known: i64,
    },
    #[error("{0}")]
    Unsupported(String),
    /// The change contradicts what is stored: a partner or key that already
    /// exists, or one that a change refers to and that does not.
    #[error("{0}")]
    Conflict(String),
    /// A value the store refuses to keep as given.
    #[error("{0}")]
    Invalid(String),
    #[error("the database holds a value this version cannot read: {0}")]
    Corrupt(String),
    #[error("database error: {0}")]
    Backend(#[source] Box<dyn std::error::Error + Send + Sync>),
}
