//! Signing keys for evidence packages: PKCS#8 PEM files, public keys as
//! SubjectPublicKeyInfo PEM, and key ids.
//!
//! A key id is the first 16 hex digits of the SHA-256 of the 32 raw bytes
//! of the Ed25519 public key. The PEM forms are the ones OpenSSL reads
//! (`openssl pkey -in key.pem -pubout`), so an agency can check a package
//! without ringtrace.

use ed25519_dalek::pkcs8::spki::der::pem::LineEnding;
use ed25519_dalek::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePrivateKey, EncodePublicKey};
use ed25519_dalek::{SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};

/// Why a key could not be read or written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("not an Ed25519 private key in PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`): {0}")]
    Private(String),
    #[error("not an Ed25519 public key in PEM (`-----BEGIN PUBLIC KEY-----`): {0}")]
    Public(String),
}

/// A signing key as its file holds it (PKCS#8 v1 PEM, `BEGIN PRIVATE KEY`).
#[derive(Clone, Debug)]
pub struct SigningKeyFile {
    pub key: SigningKey,
}

impl SigningKeyFile {
    /// A fresh key from the given random source (the edge passes `OsRng`).
    pub fn generate<R: rand_core::CryptoRngCore + ?Sized>(rng: &mut R) -> Self {
        SigningKeyFile {
            key: SigningKey::generate(rng),
        }
    }

    /// The file's text. Keep it secret: it is the private key.
    pub fn to_pem(&self) -> Result<String, KeyError> {
        self.key
            .to_pkcs8_pem(LineEnding::LF)
            .map(|z| z.as_str().to_string())
            .map_err(|e| KeyError::Private(e.to_string()))
    }

    /// Reads the file's text.
    pub fn from_pem(text: &str) -> Result<Self, KeyError> {
        SigningKey::from_pkcs8_pem(text.trim())
            .map(|key| SigningKeyFile { key })
            .map_err(|e| KeyError::Private(e.to_string()))
    }

    pub fn verifying_key(&self) -> VerifyingKey {
        self.key.verifying_key()
    }

    pub fn key_id(&self) -> String {
        key_id(&self.key.verifying_key())
    }
}

/// The public key as SubjectPublicKeyInfo PEM (`BEGIN PUBLIC KEY`), LF line ends.
pub fn public_key_pem(key: &VerifyingKey) -> String {
    key.to_public_key_pem(LineEnding::LF)
        .unwrap_or_else(|_| String::new())
}

/// Reads a public key from its PEM text.
pub fn public_key_from_pem(text: &str) -> Result<VerifyingKey, KeyError> {
    VerifyingKey::from_public_key_pem(text.trim()).map_err(|e| KeyError::Public(e.to_string()))
}

/// First 16 hex digits of the SHA-256 of the raw 32-byte public key.
pub fn key_id(key: &VerifyingKey) -> String {
    let digest = Sha256::digest(key.as_bytes());
    hex::encode(&digest[..8])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pem_round_trips() {
        let file = SigningKeyFile {
            key: SigningKey::from_bytes(&[7; 32]),
        };
        let pem = file.to_pem().unwrap();
        assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----\n"));
        let back = SigningKeyFile::from_pem(&pem).unwrap();
        assert_eq!(back.key.to_bytes(), file.key.to_bytes());
        let public = public_key_pem(&file.verifying_key());
        assert!(public.starts_with("-----BEGIN PUBLIC KEY-----\n"));
        assert_eq!(public_key_from_pem(&public).unwrap(), file.verifying_key());
        assert_eq!(file.key_id().len(), 16);
        assert!(SigningKeyFile::from_pem("nope").is_err());
        assert!(public_key_from_pem(&pem).is_err());
    }
}
