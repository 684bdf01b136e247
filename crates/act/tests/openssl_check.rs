//! An agency without ringtrace checks a package with OpenSSL and sha256sum
//! (OpenSSL is part of the machine the tests run on; without it this test
//! fails rather than pass unchecked).

mod support;

use ringtrace_act::package::{write_package, Redaction};
use std::io::{Cursor, Read};
use std::process::Command;

#[test]
fn openssl_verifies_the_signature() {
    assert!(
        Command::new("openssl").arg("version").output().is_ok(),
        "this test needs the openssl command (Debian package openssl)"
    );
    let mut out = Cursor::new(Vec::new());
    write_package(
        &support::input(),
        Redaction::Full,
        &support::key(),
        &mut out,
    )
    .unwrap();
    let dir = std::env::temp_dir().join(format!("ringtrace-act-openssl-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut z = zip::ZipArchive::new(Cursor::new(out.into_inner())).unwrap();
    for name in ["manifest.json", "manifest.sig", "signer.pub"] {
        let mut b = Vec::new();
        z.by_name(name).unwrap().read_to_end(&mut b).unwrap();
        std::fs::write(dir.join(name), b).unwrap();
    }
    let status = Command::new("openssl")
        .args([
            "pkeyutl",
            "-verify",
            "-pubin",
            "-inkey",
            "signer.pub",
            "-rawin",
            "-in",
            "manifest.json",
            "-sigfile",
            "manifest.sig",
        ])
        .current_dir(&dir)
        .output()
        .unwrap();
    std::fs::remove_dir_all(&dir).ok();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stdout)
    );
}
