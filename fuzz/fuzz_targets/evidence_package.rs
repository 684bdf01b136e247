//! Evidence package verification on arbitrary bytes (as `ringtrace verify
//! FILE.zip --key PUB` reads a package): zip, manifest, hashes, signature,
//! file names. No panic, and a package that verifies has every file listed
//! in its manifest with the hash it states.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ringtrace_act::keys::public_key_from_pem;
use ringtrace_act::package::verify_package;
use std::sync::OnceLock;

/// The key the seed packages were signed with (fuzz/seeds/evidence_package.pub).
const TRUSTED: &str = include_str!("../seeds/evidence_package.pub");

fuzz_target!(|data: &[u8]| {
    static KEY: OnceLock<ed25519_dalek::VerifyingKey> = OnceLock::new();
    let key = KEY.get_or_init(|| public_key_from_pem(TRUSTED).expect("seed key"));
    let report = verify_package(std::io::Cursor::new(data), key);
    let _ = format!("{report:?}");
    if report.is_valid() {
        let manifest = report.manifest.as_ref().expect("a valid package has a manifest");
        for file in &manifest.files {
            assert!(
                report.verified.contains(&file.path),
                "valid, yet {} was not verified",
                file.path
            );
        }
    }
});
