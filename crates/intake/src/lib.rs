//! Intake: partners' report files decoded into validated reports.
//!
//! Three formats carry the same record (the spec's section 1): JSON Lines,
//! JSON (an array of objects, or objects one after another) and CSV. Each
//! record comes out either decoded or rejected with the line and field at
//! fault; nothing here opens files or touches the store.

mod csv_records;
mod json_records;
mod record;

pub use record::{content_hash, decode_record, Decoded};

use std::io::BufRead;

/// The formats `ringtrace import` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Jsonl,
    Json,
    Csv,
}

impl Format {
    /// The format a file name's extension says, if it says one.
    pub fn from_extension(path: &str) -> Option<Format> {
        let ext = path.rsplit_once('.')?.1.to_ascii_lowercase();
        match ext.as_str() {
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            "json" => Some(Format::Json),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }

    /// The format of a stream without a name, from its first non-blank byte.
    pub fn sniff(first_bytes: &[u8]) -> Format {
        match first_bytes.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'[') => Format::Json,
            Some(b'{') => Format::Jsonl,
            _ => Format::Csv,
        }
    }
}

/// One record that could not be taken, with where and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejected {
    /// 1-based line where the record starts.
    pub line: usize,
    /// The field at fault (`received_at`, `loss.amount`, `indicators[2].value`), if one is.
    pub field: Option<String>,
    pub message: String,
    /// The record's raw text, for the rejects file.
    pub raw: String,
}

impl std::fmt::Display for Rejected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.field {
            Some(field) => write!(f, "line {}, field `{}`: {}", self.line, field, self.message),
            None => write!(f, "line {}: {}", self.line, self.message),
        }
    }
}

/// A record as read: decoded, or rejected.
pub type Item = Result<Decoded, Rejected>;

/// Reads every record of `reader` in `format`, in order. JSON Lines and CSV
/// stream; JSON is read whole.
pub fn read<'r>(
    format: Format,
    reader: Box<dyn BufRead + 'r>,
) -> Box<dyn Iterator<Item = Item> + 'r> {
    match format {
        Format::Jsonl => Box::new(json_records::JsonLines::new(reader)),
        Format::Json => Box::new(json_records::read_json(reader).into_iter()),
        Format::Csv => Box::new(csv_records::read_csv(reader)),
    }
}
