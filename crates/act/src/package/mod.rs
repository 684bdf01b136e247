//! The evidence package: the signed, self-verifying export of a case for an
//! agency, as one zip.
//!
//! | file | what it holds |
//! |---|---|
//! | `manifest.json` | format, case, exporter, time, redaction, signer key id, and every other file's path, size and SHA-256 |
//! | `manifest.sig` | the Ed25519 signature (64 raw bytes) over the exact bytes of `manifest.json` |
//! | `signer.pub` | the signer's public key, SubjectPublicKeyInfo PEM |
//! | `report.html` | the printable, self-contained report |
//! | `reports.csv`, `reports.json` | the reports, redacted ([`Redaction`]) |
//! | `case.stix.json` | the STIX 2.1 bundle the edge made |
//! | `case.uco.jsonld` | the package in CASE/UCO 1.x JSON-LD |
//!
//! An agency checks it without ringtrace:
//! `openssl pkeyutl -verify -pubin -inkey signer.pub -rawin -in manifest.json -sigfile manifest.sig`
//! then `sha256sum` of each file against the manifest.

mod error;
mod html;
mod input;
pub mod manifest;
mod redaction;
mod tables;
mod uco;
mod verify;
mod write;

pub use error::PackageError;
pub use input::{Bridge, IndicatorFacts, PackageInput, RingFacts};
pub use manifest::{Manifest, ManifestFile, FORMAT};
pub use redaction::{mask_narrative, redact_reports, scammer_indicators, Redaction};
pub use tables::CSV_COLUMNS;
pub use verify::{unsafe_name, verify_package, Finding, VerifyReport, MAX_FILE_BYTES};
pub use write::{package_files, write_package, PackageSummary};
