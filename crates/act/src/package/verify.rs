//! `verify_package`: checks a package against a trusted key and says
//! exactly what was altered, file by file.

use super::manifest::{self, sha256_hex, Manifest, FORMAT};
use crate::keys;
use ed25519_dalek::{Signature, VerifyingKey};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;
use std::io::{Read, Seek};
use zip::ZipArchive;

/// No file of a package is read past this size.
pub const MAX_FILE_BYTES: u64 = 1 << 30;

/// One thing wrong with a package; each names the file it is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "finding", rename_all = "snake_case")]
pub enum Finding {
    /// The package is not a readable zip at all.
    NotAZip {
        reason: String,
    },
    /// A name that could write outside the folder it is unpacked in.
    UnsafePath {
        file: String,
    },
    /// The same name twice.
    Duplicate {
        file: String,
    },
    /// An entry that could not be read (bad compressed data or CRC).
    Unreadable {
        file: String,
        reason: String,
    },
    TooLarge {
        file: String,
        limit: u64,
    },
    ManifestMissing,
    ManifestInvalid {
        reason: String,
    },
    SignatureMissing,
    SignatureMalformed {
        reason: String,
    },
    /// The signature does not verify over `manifest.json` with the trusted key.
    SignatureInvalid {
        trusted: String,
    },
    SignerKeyMissing,
    SignerKeyMalformed {
        reason: String,
    },
    /// `signer.pub` holds another key than the trusted one.
    UntrustedSigner {
        found: String,
        trusted: String,
    },
    /// The manifest names another signer than `signer.pub` holds.
    SignerIdMismatch {
        listed: String,
        actual: String,
    },
    /// Listed in the manifest, absent from the package.
    Missing {
        file: String,
    },
    /// In the package, not listed in the manifest.
    Unlisted {
        file: String,
    },
    SizeMismatch {
        file: String,
        listed: u64,
        actual: u64,
    },
    HashMismatch {
        file: String,
        listed: String,
        actual: String,
    },
}

impl Finding {
    /// The file the finding is about (`(package)` for the zip itself).
    pub fn file(&self) -> &str {
        match self {
            Finding::NotAZip { .. } => "(package)",
            Finding::UnsafePath { file }
            | Finding::Duplicate { file }
            | Finding::Unreadable { file, .. }
            | Finding::TooLarge { file, .. }
            | Finding::Missing { file }
            | Finding::Unlisted { file }
            | Finding::SizeMismatch { file, .. }
            | Finding::HashMismatch { file, .. } => file,
            Finding::ManifestMissing
            | Finding::ManifestInvalid { .. }
            | Finding::SignerIdMismatch { .. } => manifest::MANIFEST,
            Finding::SignatureMissing
            | Finding::SignatureMalformed { .. }
            | Finding::SignatureInvalid { .. } => manifest::SIGNATURE,
            Finding::SignerKeyMissing
            | Finding::SignerKeyMalformed { .. }
            | Finding::UntrustedSigner { .. } => manifest::SIGNER,
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = self.file();
        match self {
            Finding::NotAZip { reason } => write!(f, "the package is not a readable zip: {reason}"),
            Finding::UnsafePath { .. } => write!(
                f,
                "{file}: unsafe name (absolute, `..` or a drive), would unpack outside its folder"
            ),
            Finding::Duplicate { .. } => write!(f, "{file}: appears more than once"),
            Finding::Unreadable { reason, .. } => write!(f, "{file}: cannot be read: {reason}"),
            Finding::TooLarge { limit, .. } => write!(f, "{file}: larger than {limit} bytes"),
            Finding::ManifestMissing => write!(f, "{file}: missing"),
            Finding::ManifestInvalid { reason } => {
                write!(f, "{file}: not a valid manifest: {reason}")
            }
            Finding::SignatureMissing => write!(f, "{file}: missing"),
            Finding::SignatureMalformed { reason } => {
                write!(f, "{file}: not an Ed25519 signature: {reason}")
            }
            Finding::SignatureInvalid { trusted } => write!(
                f,
                "{file}: does not verify manifest.json with the trusted key {trusted}"
            ),
            Finding::SignerKeyMissing => write!(f, "{file}: missing"),
            Finding::SignerKeyMalformed { reason } => write!(f, "{file}: {reason}"),
            Finding::UntrustedSigner { found, trusted } => write!(
                f,
                "{file}: holds key {found}, not the trusted key {trusted}"
            ),
            Finding::SignerIdMismatch { listed, actual } => write!(
                f,
                "{file}: names signer {listed} but signer.pub holds {actual}"
            ),
            Finding::Missing { .. } => write!(f, "{file}: listed in manifest.json but missing"),
            Finding::Unlisted { .. } => {
                write!(f, "{file}: in the package but not listed in manifest.json")
            }
            Finding::SizeMismatch { listed, actual, .. } => {
                write!(f, "{file}: {actual} bytes, manifest.json lists {listed}")
            }
            Finding::HashMismatch { listed, actual, .. } => {
                write!(f, "{file}: SHA-256 {actual}, manifest.json lists {listed}")
            }
        }
    }
}

/// The outcome of a verification.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct VerifyReport {
    /// The manifest as read (even if its signature fails).
    pub manifest: Option<Manifest>,
    /// Files whose size and hash match the manifest.
    pub verified: Vec<String>,
    pub findings: Vec<Finding>,
}

impl VerifyReport {
    /// True when nothing was found wrong.
    pub fn is_valid(&self) -> bool {
        self.findings.is_empty()
    }
}

/// Whether a name would unpack outside its folder.
pub fn unsafe_name(name: &str) -> bool {
    name.is_empty()
        || name.starts_with('/')
        || name.starts_with('\\')
        || name.contains('\\')
        || name.contains('\0')
        || name.as_bytes().get(1) == Some(&b':')
        || name.split('/').any(|c| c == ".." || c == ".")
}

/// Reads the package and checks it: every name safe and unique, the
/// manifest well-formed, its signature valid with `trusted`, `signer.pub`
/// the trusted key, every listed file present with its size and SHA-256,
/// nothing unlisted. Never panics on any input.
pub fn verify_package<R: Read + Seek>(reader: R, trusted: &VerifyingKey) -> VerifyReport {
    let mut report = VerifyReport {
        manifest: None,
        verified: Vec::new(),
        findings: Vec::new(),
    };
    let findings = &mut report.findings;
    let mut zip = match ZipArchive::new(reader) {
        Ok(z) => z,
        Err(e) => {
            findings.push(Finding::NotAZip {
                reason: e.to_string(),
            });
            return report;
        }
    };
    let mut contents: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for i in 0..zip.len() {
        let mut entry = match zip.by_index(i) {
            Ok(e) => e,
            Err(e) => {
                findings.push(Finding::Unreadable {
                    file: format!("(entry {i})"),
                    reason: e.to_string(),
                });
                continue;
            }
        };
        let name = String::from_utf8_lossy(entry.name_raw()).into_owned();
        if unsafe_name(&name) {
            findings.push(Finding::UnsafePath { file: name });
            continue;
        }
        if contents.contains_key(&name) {
            findings.push(Finding::Duplicate { file: name });
            continue;
        }
        let mut bytes = Vec::new();
        match (&mut entry)
            .take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
        {
            Ok(_) if bytes.len() as u64 > MAX_FILE_BYTES => findings.push(Finding::TooLarge {
                file: name,
                limit: MAX_FILE_BYTES,
            }),
            Ok(_) => {
                contents.insert(name, bytes);
            }
            Err(e) => findings.push(Finding::Unreadable {
                file: name,
                reason: e.to_string(),
            }),
        }
    }

    let trusted_id = keys::key_id(trusted);
    let signer = match contents.get(manifest::SIGNER) {
        None => {
            findings.push(Finding::SignerKeyMissing);
            None
        }
        Some(b) => match keys::public_key_from_pem(&String::from_utf8_lossy(b)) {
            Ok(k) => {
                if &k != trusted {
                    findings.push(Finding::UntrustedSigner {
                        found: keys::key_id(&k),
                        trusted: trusted_id.clone(),
                    });
                }
                Some(k)
            }
            Err(e) => {
                findings.push(Finding::SignerKeyMalformed {
                    reason: e.to_string(),
                });
                None
            }
        },
    };

    let Some(manifest_bytes) = contents.get(manifest::MANIFEST) else {
        findings.push(Finding::ManifestMissing);
        if !contents.contains_key(manifest::SIGNATURE) {
            findings.push(Finding::SignatureMissing);
        }
        return report;
    };
    match contents.get(manifest::SIGNATURE) {
        None => findings.push(Finding::SignatureMissing),
        Some(sig) => match Signature::from_slice(sig) {
            Err(e) => findings.push(Finding::SignatureMalformed {
                reason: format!("{} bytes: {e}", sig.len()),
            }),
            Ok(sig) => {
                if trusted.verify_strict(manifest_bytes, &sig).is_err() {
                    findings.push(Finding::SignatureInvalid {
                        trusted: trusted_id.clone(),
                    });
                }
            }
        },
    }
    let manifest: Manifest = match serde_json::from_slice(manifest_bytes) {
        Ok(m) => m,
        Err(e) => {
            findings.push(Finding::ManifestInvalid {
                reason: e.to_string(),
            });
            return report;
        }
    };
    if manifest.format != FORMAT {
        findings.push(Finding::ManifestInvalid {
            reason: format!("format `{}`, expected `{FORMAT}`", manifest.format),
        });
    }
    if let Some(k) = &signer {
        let actual = keys::key_id(k);
        if manifest.signer != actual {
            findings.push(Finding::SignerIdMismatch {
                listed: manifest.signer.clone(),
                actual,
            });
        }
    }
    let mut listed = std::collections::BTreeSet::new();
    for f in &manifest.files {
        if !listed.insert(f.path.clone()) {
            findings.push(Finding::ManifestInvalid {
                reason: format!("`{}` is listed twice", f.path),
            });
            continue;
        }
        let Some(bytes) = contents.get(&f.path) else {
            // An entry refused above (unsafe or unreadable) is already reported.
            if !findings.iter().any(|x| x.file() == f.path) {
                findings.push(Finding::Missing {
                    file: f.path.clone(),
                });
            }
            continue;
        };
        let mut ok = true;
        if bytes.len() as u64 != f.size {
            ok = false;
            findings.push(Finding::SizeMismatch {
                file: f.path.clone(),
                listed: f.size,
                actual: bytes.len() as u64,
            });
        }
        let actual = sha256_hex(bytes);
        if !actual.eq_ignore_ascii_case(&f.sha256) {
            ok = false;
            findings.push(Finding::HashMismatch {
                file: f.path.clone(),
                listed: f.sha256.clone(),
                actual,
            });
        }
        if ok {
            report.verified.push(f.path.clone());
        }
    }
    for name in contents.keys() {
        if name != manifest::MANIFEST && name != manifest::SIGNATURE && !listed.contains(name) {
            findings.push(Finding::Unlisted { file: name.clone() });
        }
    }
    report.manifest = Some(manifest);
    report
}
