//! No quadratic blow-up: extraction time on 64 KiB of pathological text
//! grows like the input, measured as a ratio against 4 KiB of the same text
//! (never an absolute timing, so a slow or busy machine does not fail it).
//! 16 times the input: linear time gives a ratio near 16, quadratic near
//! 256; the limit sits between them (their geometric mean), far enough from
//! both that cache effects and a loaded machine do not decide it.

use ringtrace_extract::extract;
use std::time::{Duration, Instant};

const PATTERNS: &[&str] = &[
    "1",
    "9 ",
    ".",
    "@",
    "1.",
    "a@",
    "a.",
    "@a.",
    "+1 ",
    "(1)",
    "0x",
    "http://a.com)",
    "HDFC0001234 123456789 ",
    "AnyDesk 1 ",
    "apple gift card AB12 ",
    "1.2.3.4 ",
    "::",
    "[.]",
    " [at] ",
    "hxxp",
    "é1",
    "bc1q",
    "FR76 ",
    "1-800-",
    "\n1",
];

fn text(pattern: &str, len: usize) -> String {
    let mut s = String::with_capacity(len + pattern.len());
    while s.len() < len {
        s.push_str(pattern);
    }
    s
}

/// The fastest of a few runs (the least disturbed by other work).
fn time(text: &str, region: Option<&str>) -> Duration {
    (0..5)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(extract(text, region));
            t.elapsed()
        })
        .min()
        .unwrap()
}

#[test]
fn time_grows_linearly_on_pathological_input() {
    const LIMIT: f64 = 64.0;
    let mut failures = Vec::new();
    for p in PATTERNS {
        for region in [None, Some("IN")] {
            let small = text(p, 4 * 1024);
            let large = text(p, 64 * 1024);
            let _ = time(&small, region);
            // Floor the small timing so that timer resolution cannot inflate the ratio.
            let ts = time(&small, region).max(Duration::from_micros(100));
            let tl = time(&large, region);
            let ratio = tl.as_secs_f64() / ts.as_secs_f64();
            println!("{p:?} {region:?}: 4 KiB {ts:?}, 64 KiB {tl:?}, ratio {ratio:.1}");
            if ratio > LIMIT {
                failures.push(format!(
                    "{p:?} {region:?}: 4 KiB {ts:?}, 64 KiB {tl:?}, ratio {ratio:.1}"
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "super-linear extraction:\n{}",
        failures.join("\n")
    );
}
