//! Report parsing on arbitrary bytes, in each format, and `decode_record` on
//! arbitrary JSON values: no panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ringtrace_intake::{decode_record, read, Format};

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let format = match sel % 4 {
        0 => Format::Jsonl,
        1 => Format::Json,
        2 => Format::Csv,
        _ => Format::sniff(rest),
    };
    for item in read(format, Box::new(rest)).take(10_000) {
        let _ = item.map(|d| format!("{d:?}"));
    }
    if let Ok(text) = std::str::from_utf8(rest) {
        if let Ok(value) = serde_json::from_str::<serde_json::Value>(text) {
            let _ = decode_record(1, value, text);
        }
    }
});
