//! `ringtrace keys signing create|export-public`: the Ed25519 key that
//! signs evidence packages, kept in the database (PKCS#8 PEM).

use crate::args::{KeysCommand, SigningCommand};
use crate::config::open_store;
use anyhow::{bail, Context, Result};
use ringtrace_act::keys::{public_key_pem, SigningKeyFile};
use ringtrace_model::AuditDraft;
use ringtrace_server::investigation::package::signing_key;
use std::process::ExitCode;

pub fn run(db: &str, cmd: &KeysCommand) -> Result<ExitCode> {
    let KeysCommand::Signing(cmd) = cmd;
    let mut store = open_store(db)?;
    match cmd {
        SigningCommand::Create { force } => {
            if let Some(old) = store.signing_key()? {
                let id = SigningKeyFile::from_pem(&old)
                    .map(|k| k.key_id())
                    .unwrap_or_else(|_| "unreadable".into());
                if !force {
                    bail!(
                        "a signing key exists already (key id {id}); --force replaces it, and packages it signed then verify only with its old public key"
                    );
                }
            }
            let key = SigningKeyFile::generate(&mut rand::rngs::OsRng);
            store.set_signing_key(&key.to_pem()?)?;
            store.append_audit(&AuditDraft {
                actor: "cli".into(),
                action: "keys.signing.create".into(),
                target: key.key_id(),
                detail: serde_json::json!({ "replaced": force }).to_string(),
            })?;
            println!("signing key {} made", key.key_id());
            eprintln!("give agencies its public key: `ringtrace keys signing export-public --out FILE.pem`");
        }
        SigningCommand::ExportPublic { out } => {
            let key = signing_key(store.as_ref())?;
            let pem = public_key_pem(&key.verifying_key());
            match out {
                Some(path) => {
                    std::fs::write(path, &pem)
                        .with_context(|| format!("cannot write {}", path.display()))?;
                    eprintln!("public key {} written to {}", key.key_id(), path.display());
                }
                None => print!("{pem}"),
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
