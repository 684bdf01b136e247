//! Partners, keys and AMBER grants: the changes an administrator makes,
//! each recorded in the audit log. Shared by the command line and the API.

use crate::keys;
use ringtrace_model::{AccessRole, AuditDraft, PartnerSlug};
use ringtrace_store::{ApiKeyRecord, Partner, Store, StoreError};
use serde_json::json;

/// Why an administrative change was refused.
#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    NotFound(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn audit(
    store: &mut dyn Store,
    actor: &str,
    action: &str,
    target: &str,
    detail: serde_json::Value,
) -> Result<(), StoreError> {
    store
        .append_audit(&AuditDraft {
            actor: actor.into(),
            action: action.into(),
            target: target.into(),
            detail: detail.to_string(),
        })
        .map(|_| ())
}

/// Adds a partner.
pub fn add_partner(
    store: &mut dyn Store,
    slug: &str,
    name: &str,
    actor: &str,
) -> Result<Partner, AdminError> {
    let slug = PartnerSlug::parse(slug).map_err(|e| AdminError::Invalid(e.to_string()))?;
    let name = if name.trim().is_empty() {
        slug.as_str()
    } else {
        name.trim()
    };
    let partner = Partner {
        slug: slug.as_str().to_string(),
        name: name.to_string(),
        disabled: false,
        created_at: String::new(),
    };
    store.add_partner(&partner)?;
    audit(
        store,
        actor,
        "partner.add",
        slug.as_str(),
        json!({"name": name}),
    )?;
    let created = store
        .partners()?
        .into_iter()
        .find(|p| p.slug == slug.as_str())
        .unwrap_or(partner);
    Ok(created)
}

/// Disables or enables a partner: a disabled partner's keys are refused.
pub fn set_disabled(
    store: &mut dyn Store,
    slug: &str,
    disabled: bool,
    actor: &str,
) -> Result<(), AdminError> {
    if !store.set_partner_disabled(slug, disabled)? {
        return Err(AdminError::NotFound(format!(
            "there is no partner `{slug}`"
        )));
    }
    let action = if disabled {
        "partner.disable"
    } else {
        "partner.enable"
    };
    audit(store, actor, action, slug, json!({}))?;
    Ok(())
}

/// Makes a key; the plaintext is returned once and never stored.
pub fn create_key(
    store: &mut dyn Store,
    partner: &str,
    role: AccessRole,
    label: &str,
    actor: &str,
) -> Result<(String, ApiKeyRecord), AdminError> {
    if !store.partners()?.iter().any(|p| p.slug == partner) {
        return Err(AdminError::NotFound(format!(
            "there is no partner `{partner}`; add it first (`ringtrace partner add {partner}`)"
        )));
    }
    let new = keys::generate();
    let record = ApiKeyRecord {
        key_id: new.key_id.clone(),
        partner: partner.to_string(),
        role,
        secret_hash: new.secret_hash,
        label: label.to_string(),
        created_at: String::new(),
        revoked_at: None,
    };
    store.add_key(&record)?;
    audit(
        store,
        actor,
        "key.create",
        &record.key_id,
        json!({"partner": partner, "role": role.as_str(), "label": label}),
    )?;
    let stored = store.key(&record.key_id)?.unwrap_or(record);
    Ok((new.plaintext, stored))
}

/// Revokes a key.
pub fn revoke_key(store: &mut dyn Store, key_id: &str, actor: &str) -> Result<(), AdminError> {
    if !store.revoke_key(key_id)? {
        return Err(AdminError::NotFound(format!(
            "there is no active key `{key_id}`"
        )));
    }
    audit(store, actor, "key.revoke", key_id, json!({}))?;
    Ok(())
}

/// Lets `grantee` read the narrative and loss of `owner`'s AMBER reports,
/// or withdraws that.
pub fn share_amber(
    store: &mut dyn Store,
    owner: &str,
    grantee: &str,
    shared: bool,
    actor: &str,
) -> Result<(), AdminError> {
    if !store.partners()?.iter().any(|p| p.slug == grantee) {
        return Err(AdminError::NotFound(format!(
            "there is no partner `{grantee}`"
        )));
    }
    store.share_amber(owner, grantee, shared)?;
    let action = if shared {
        "share.amber.grant"
    } else {
        "share.amber.withdraw"
    };
    audit(store, actor, action, grantee, json!({"owner": owner}))?;
    Ok(())
}
