//! `write_package`: the files of an evidence package, signed and zipped
//! deterministically (fixed order, fixed times and permissions), so that
//! the same input gives the same bytes.

use super::manifest::{self, Manifest, ManifestFile, FORMAT};
use super::{html, redaction, tables, uco, PackageError, PackageInput, Redaction};
use crate::keys;
use ed25519_dalek::{Signer, SigningKey};
use std::io::{Seek, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// What was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackageSummary {
    pub manifest: Manifest,
    /// SHA-256 (hex) of `manifest.json`, the value to quote in a referral.
    pub manifest_sha256: String,
    pub key_id: String,
    pub reports: usize,
}

/// The files of the package but the manifest and signature, in order.
pub fn package_files(
    input: &PackageInput,
    redaction: Redaction,
    key: &SigningKey,
) -> Result<Vec<(&'static str, Vec<u8>)>, PackageError> {
    let graph = match &input.ring_graph_svg {
        Some(svg) => {
            html::svg_check::check(svg).map_err(PackageError::UnsafeGraph)?;
            Some(svg.as_str())
        }
        None => None,
    };
    serde_json::from_slice::<serde_json::Value>(&input.stix_bundle)
        .map_err(|e| PackageError::StixNotJson(e.to_string()))?;
    let ring_values = input
        .rings
        .iter()
        .flat_map(|r| r.indicators.iter().map(|f| &f.indicator));
    let scammer = redaction::scammer_indicators(ring_values, &input.reports);
    let mut reports = redaction::redact_reports(&input.reports, redaction, &scammer);
    reports.sort_by(|a, b| a.key.cmp(&b.key));

    let mut files: Vec<(&'static str, Vec<u8>)> = vec![
        (
            manifest::SIGNER,
            keys::public_key_pem(&key.verifying_key()).into_bytes(),
        ),
        (
            manifest::REPORT_HTML,
            html::render(input, &reports, redaction, graph).into_bytes(),
        ),
        (manifest::REPORTS_CSV, tables::reports_csv(&reports)?),
        (
            manifest::REPORTS_JSON,
            tables::reports_json(&reports, redaction),
        ),
        (manifest::STIX, input.stix_bundle.clone()),
    ];
    let listed: Vec<ManifestFile> = files[1..]
        .iter()
        .map(|(p, b)| ManifestFile::of(p, b))
        .collect();
    files.push((manifest::UCO, uco::document(input, &listed)));
    Ok(files)
}

/// Writes the signed package as a zip to `writer`.
///
/// Zip order: `manifest.json`, `manifest.sig`, `signer.pub`, `report.html`,
/// `reports.csv`, `reports.json`, `case.stix.json`, `case.uco.jsonld`; every
/// entry deflated, dated 1980-01-01 00:00:00, mode 0644, no extra fields.
pub fn write_package<W: Write + Seek>(
    input: &PackageInput,
    redaction: Redaction,
    key: &SigningKey,
    writer: W,
) -> Result<PackageSummary, PackageError> {
    let files = package_files(input, redaction, key)?;
    let manifest = Manifest {
        format: FORMAT.to_string(),
        case: input.case.id.clone(),
        exporter: input.exporter.clone(),
        generated_at: input.generated_at,
        redaction,
        signer: keys::key_id(&key.verifying_key()),
        files: files.iter().map(|(p, b)| ManifestFile::of(p, b)).collect(),
    };
    let manifest_bytes = manifest.to_bytes();
    let signature = key.sign(&manifest_bytes).to_bytes();

    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    let mut zip = ZipWriter::new(writer);
    let mut put = |name: &str, bytes: &[u8]| -> Result<(), PackageError> {
        zip.start_file(name, options)?;
        zip.write_all(bytes)?;
        Ok(())
    };
    put(manifest::MANIFEST, &manifest_bytes)?;
    put(manifest::SIGNATURE, &signature)?;
    for (name, bytes) in &files {
        put(name, bytes)?;
    }
    zip.finish()?;
    Ok(PackageSummary {
        manifest_sha256: manifest::sha256_hex(&manifest_bytes),
        key_id: manifest.signer.clone(),
        reports: input.reports.len(),
        manifest,
    })
}
