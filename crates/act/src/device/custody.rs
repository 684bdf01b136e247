//! `CustodyEntry`: the chain-of-custody record of one imported extract.

use super::{ExhibitId, ExtractFormat};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Who imported which file for which exhibit, when, and its exact hash.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustodyEntry {
    pub exhibit: ExhibitId,
    pub site: String,
    pub file_name: String,
    /// Lower-case hex SHA-256 of the file's bytes as imported.
    pub sha256: String,
    pub imported_by: String,
    pub imported_at: DateTime<Utc>,
    pub format: ExtractFormat,
    /// Bytes.
    pub size: u64,
}

impl CustodyEntry {
    /// The record for `bytes`, hashed here so the hash is of what was parsed.
    pub fn of(
        exhibit: ExhibitId,
        site: &str,
        file_name: &str,
        bytes: &[u8],
        format: ExtractFormat,
        imported_by: &str,
        imported_at: DateTime<Utc>,
    ) -> CustodyEntry {
        CustodyEntry {
            exhibit,
            site: site.to_string(),
            file_name: file_name.to_string(),
            sha256: hex::encode(Sha256::digest(bytes)),
            imported_by: imported_by.to_string(),
            imported_at,
            format,
            size: bytes.len() as u64,
        }
    }

    /// Whether `bytes` are still the file that was imported.
    pub fn matches(&self, bytes: &[u8]) -> bool {
        bytes.len() as u64 == self.size && hex::encode(Sha256::digest(bytes)) == self.sha256
    }
}
