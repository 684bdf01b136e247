//! Device extract parsing on arbitrary bytes, as JSON and as CSV, and the
//! indicators of whatever parses: no panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ringtrace_act::device::{device_indicators, parse_extract, ExtractFormat};

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let format = if sel % 2 == 0 {
        ExtractFormat::Json
    } else {
        ExtractFormat::Csv
    };
    if let Ok(extract) = parse_extract(rest, format, "fuzz") {
        let _ = device_indicators(&extract, Some("US"));
    }
});
