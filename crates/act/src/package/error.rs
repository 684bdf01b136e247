//! `PackageError`: why an evidence package could not be written.

/// Why writing a package failed.
#[derive(Debug, thiserror::Error)]
pub enum PackageError {
    #[error("the ring graph SVG cannot go into a self-contained report: {0}")]
    UnsafeGraph(String),
    #[error("the STIX bundle is not JSON: {0}")]
    StixNotJson(String),
    #[error("could not write reports.csv: {0}")]
    Csv(#[from] csv::Error),
    #[error("could not write the zip: {0}")]
    Zip(#[from] zip::result::ZipError),
    #[error("could not write the package: {0}")]
    Io(#[from] std::io::Error),
}
