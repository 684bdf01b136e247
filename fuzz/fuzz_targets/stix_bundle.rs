//! STIX bundle import on arbitrary bytes (as `ringtrace import stix` and
//! TAXII POST read them): the bundle, then each report record it yields
//! through the report decoder. No panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ringtrace_share::stix::{import_bundle, ImportOptions};

fuzz_target!(|data: &[u8]| {
    let Ok(bundle) = serde_json::from_slice::<serde_json::Value>(data) else {
        return;
    };
    let opts = ImportOptions {
        partner: Some("fuzz".into()),
    };
    if let Ok(imported) = import_bundle(&bundle, &opts) {
        for (i, record) in imported.reports.into_iter().enumerate() {
            let value = serde_json::Value::Object(record);
            let raw = value.to_string();
            let _ = ringtrace_intake::decode_record(i + 1, value, &raw);
        }
    }
});
