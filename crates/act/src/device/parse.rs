//! `parse_extract`: a device extract from its bytes, JSON or CSV, bounded,
//! never panicking, every error naming file, line and field.

use super::{csv_layout, DeviceExtract, ExtractError};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// No extract larger than this is read (64 MiB).
pub const MAX_EXTRACT_BYTES: usize = 64 << 20;
/// No section of an extract may hold more items than this.
pub const MAX_SECTION_ITEMS: usize = 1_000_000;

/// How an extract is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExtractFormat {
    Json,
    Csv,
}

impl ExtractFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            ExtractFormat::Json => "json",
            ExtractFormat::Csv => "csv",
        }
    }

    /// The format a file name's extension says (`.json` or `.csv`, any case).
    pub fn from_file_name(name: &str) -> Option<ExtractFormat> {
        let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
        match ext.as_str() {
            "json" => Some(ExtractFormat::Json),
            "csv" => Some(ExtractFormat::Csv),
            _ => None,
        }
    }
}

impl fmt::Display for ExtractFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl FromStr for ExtractFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "json" => Ok(ExtractFormat::Json),
            "csv" => Ok(ExtractFormat::Csv),
            _ => Err(format!("`{s}` is not an extract format (json, csv)")),
        }
    }
}

/// Reads one device's extract. `file_name` is only used in errors.
pub fn parse_extract(
    bytes: &[u8],
    format: ExtractFormat,
    file_name: &str,
) -> Result<DeviceExtract, ExtractError> {
    if bytes.len() > MAX_EXTRACT_BYTES {
        return Err(ExtractError::new(
            file_name,
            None,
            None,
            format!(
                "{} bytes, more than the {MAX_EXTRACT_BYTES} an extract may have",
                bytes.len()
            ),
        ));
    }
    let extract = match format {
        ExtractFormat::Json => parse_json(bytes, file_name)?,
        ExtractFormat::Csv => csv_layout::parse(bytes, file_name)?,
    };
    let (section, n) = extract.largest_section();
    if n > MAX_SECTION_ITEMS {
        return Err(ExtractError::new(
            file_name,
            None,
            Some(section),
            format!("{n} items, more than the {MAX_SECTION_ITEMS} a section may have"),
        ));
    }
    Ok(extract)
}

/// serde_json's message without its own " at line L column C".
fn bare_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) if e.line() > 0 => text[..i].to_string(),
        _ => text,
    }
}

fn parse_json(bytes: &[u8], file: &str) -> Result<DeviceExtract, ExtractError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value: DeviceExtract = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let line = (inner.line() > 0).then_some(inner.line() as u64);
        let field = (path != "." && !path.is_empty()).then_some(path);
        ExtractError::new(file, line, field.as_deref(), bare_message(&inner))
    })?;
    de.end().map_err(|e| {
        ExtractError::new(
            file,
            Some(e.line() as u64),
            None,
            "more than one JSON value: an extract is one object per file",
        )
    })?;
    Ok(value)
}
