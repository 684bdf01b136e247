//! `manifest.json`: what the package holds, each file with its size and
//! SHA-256; the bytes `manifest.sig` signs.

use super::Redaction;
use crate::case::CaseId;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The `format` of every manifest this version writes.
pub const FORMAT: &str = "ringtrace-evidence-package/1";

/// The manifest's file name; it is not listed in itself.
pub const MANIFEST: &str = "manifest.json";
/// The detached Ed25519 signature (64 raw bytes) over `manifest.json`.
pub const SIGNATURE: &str = "manifest.sig";
/// The signer's public key (SubjectPublicKeyInfo PEM).
pub const SIGNER: &str = "signer.pub";
pub const REPORT_HTML: &str = "report.html";
pub const REPORTS_CSV: &str = "reports.csv";
pub const REPORTS_JSON: &str = "reports.json";
pub const STIX: &str = "case.stix.json";
pub const UCO: &str = "case.uco.jsonld";

/// The manifest of a package.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub format: String,
    pub case: CaseId,
    pub exporter: String,
    pub generated_at: DateTime<Utc>,
    pub redaction: Redaction,
    /// Key id of the signer (first 16 hex digits of the SHA-256 of its public key).
    pub signer: String,
    /// Every file of the package but `manifest.json` and `manifest.sig`, in package order.
    pub files: Vec<ManifestFile>,
}

/// One file as the manifest lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestFile {
    pub path: String,
    pub size: u64,
    /// Lower-case hex SHA-256 of the file's bytes.
    pub sha256: String,
}

impl ManifestFile {
    pub fn of(path: &str, bytes: &[u8]) -> ManifestFile {
        ManifestFile {
            path: path.to_string(),
            size: bytes.len() as u64,
            sha256: sha256_hex(bytes),
        }
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

impl Manifest {
    /// The exact bytes written (pretty JSON, LF, final newline).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = serde_json::to_vec_pretty(self).unwrap_or_default();
        out.push(b'\n');
        out
    }
}
