//! `ExtractError`: why a device extract was refused, naming file, line and field.

use std::fmt;

/// One clear sentence: `FILE, line N, field `F`: MESSAGE` (line and field
/// where known; the field is a path such as `call_log[3].at`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ExtractError {
    pub file: String,
    pub line: Option<u64>,
    pub field: Option<String>,
    pub message: String,
}

impl fmt::Display for ExtractError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(l) = self.line {
            write!(f, ", line {l}")?;
        }
        if let Some(field) = &self.field {
            write!(f, ", field `{field}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl ExtractError {
    pub fn new(
        file: &str,
        line: Option<u64>,
        field: Option<&str>,
        message: impl Into<String>,
    ) -> Self {
        ExtractError {
            file: file.to_string(),
            line,
            field: field.map(str::to_string),
            message: message.into(),
        }
    }
}
