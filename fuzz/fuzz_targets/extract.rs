//! The extractor on arbitrary text: no panic, spans on character boundaries
//! inside the text, and every value canonical (canonicalize gives it back).
#![no_main]

use libfuzzer_sys::fuzz_target;
use ringtrace_extract::{canonicalize, detect, extract, Kind};

const REGIONS: &[Option<&str>] = &[
    None,
    Some("US"),
    Some("FR"),
    Some("IN"),
    Some("GB"),
    Some("zz"),
];

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let region = REGIONS[usize::from(sel) % REGIONS.len()];
    for f in extract(&text, region) {
        assert!(f.start <= f.end && f.end <= text.len(), "span out of range");
        assert!(
            text.is_char_boundary(f.start) && text.is_char_boundary(f.end),
            "span not on char boundaries"
        );
        let kind = f.indicator.kind;
        // Bank accounts without IFSC depend on the region; the rest must round-trip.
        if kind != Kind::BankAccount {
            let again = canonicalize(kind, &f.indicator.value, region);
            assert_eq!(
                again.as_deref(),
                Ok(f.indicator.value.as_str()),
                "{kind} value does not round-trip"
            );
        }
    }
    let _ = detect(&text, region);
});
