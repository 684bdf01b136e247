//! MISP event import and MISP warninglist import on arbitrary bytes (as
//! `ringtrace import misp` and `ringtrace warninglist import` read them):
//! events, then each report record through the report decoder. No panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ringtrace_share::misp::{event_records, read_warninglist};

fuzz_target!(|data: &[u8]| {
    let Ok(doc) = serde_json::from_slice::<serde_json::Value>(data) else {
        return;
    };
    let _ = read_warninglist(&doc);
    if let Ok(events) = event_records(&doc, None) {
        for (i, event) in events.into_iter().enumerate() {
            let value = serde_json::Value::Object(event.record);
            let raw = value.to_string();
            let _ = ringtrace_intake::decode_record(i + 1, value, &raw);
        }
    }
});
