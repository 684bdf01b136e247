//! The server's configuration, validated: what `ringtrace serve` was told by
//! its flags, environment and TOML file, after checking.

use std::net::SocketAddr;
use std::time::Duration;

/// Limits on what one request may ask.
#[derive(Clone, Debug, PartialEq)]
pub struct Limits {
    /// Largest request body, bytes.
    pub max_body_bytes: usize,
    /// Most reports in one `POST /v1/reports`.
    pub max_batch: usize,
    /// Most values in one `POST /v1/lookup`.
    pub max_lookup_values: usize,
    /// Longest a request may take before it is answered 503.
    pub request_timeout: Duration,
    /// Largest page of a list.
    pub max_page: usize,
    /// Requests a second one API key may make (API and TAXII), refilled
    /// continuously; 0: no limit.
    pub requests_per_second_per_key: u32,
    /// Requests a key may make at once after a pause (the bucket's size).
    pub burst_per_key: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_body_bytes: 32 << 20,
            max_batch: 10_000,
            max_lookup_values: 10_000,
            request_timeout: Duration::from_secs(30),
            max_page: 1_000,
            requests_per_second_per_key: 0,
            burst_per_key: 1_000,
        }
    }
}

/// Everything the server needs to start.
#[derive(Clone, Debug)]
pub struct ServerConfig {
    pub addr: SocketAddr,
    /// `--db`: a SQLite path or a `postgres://` URL.
    pub db: String,
    /// Database connections kept for reads.
    pub read_connections: usize,
    pub limits: Limits,
    /// How long a key checked against the store is trusted before it is
    /// read again (a revocation by another process takes at most this long).
    pub key_cache: Duration,
    /// How often the warning list is read again, so that analysts' changes
    /// made beside a running server (`ringtrace warninglist`) reach its
    /// verdicts.
    pub warnings_refresh: Duration,
    /// Exchanges with other TAXII servers, each on its own schedule.
    pub sync: Vec<crate::sync::SyncJob>,
    /// Private matching: the session policy and the limits.
    pub psi: crate::psi::PsiSettings,
}

impl ServerConfig {
    pub fn new(addr: SocketAddr, db: impl Into<String>) -> Self {
        ServerConfig {
            addr,
            db: db.into(),
            read_connections: 4,
            limits: Limits::default(),
            key_cache: Duration::from_secs(2),
            warnings_refresh: Duration::from_secs(10),
            sync: Vec::new(),
            psi: crate::psi::PsiSettings::default(),
        }
    }
}
