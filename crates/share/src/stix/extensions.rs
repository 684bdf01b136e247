//! ringtrace's published STIX extensions: one `extension-definition` per
//! observable type STIX core lacks (`new-sco`), one property extension for
//! the facts of reports and rings, and the producer identity that defines
//! them. Each names a JSON schema shipped in `crates/share/schemas/`, in a
//! file named after the extension-definition's id (as stix2-validator's
//! `--schemas` looks them up).

use ringtrace_model::{Kind, Tlp};
use serde_json::{json, Value};

/// The identity of ringtrace as a producer: the author of rings,
/// indicators, relationships and of the extension definitions.
pub const PRODUCER: &str = "identity--c73c6265-9c70-49bd-aaa1-21edd101fbbd";

/// The property extension carrying a report's or a ring's ringtrace facts.
pub const RINGTRACE_EXTENSION: &str = "extension-definition--4a47acf5-b695-43f4-8492-604e2bf3e464";

/// When this version of the extension definitions was written; also the
/// `created`/`modified` of objects whose content never changes under their
/// id (indicators, relationships, partner identities), which have no time
/// of their own in the data.
pub const DEFINED: &str = "2026-11-30T00:00:00.000Z";

/// Where the schemas are published (the repository's `crates/share/schemas/`).
pub const SCHEMA_BASE: &str = "https://example.invalid/ringtrace/raw/main/crates/share/schemas/";

/// The observable types ringtrace defines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ScoType {
    Phone,
    Upi,
    Iban,
    CryptoWallet,
    RemoteId,
    GiftCard,
    BankAccount,
    /// OpenCTI's `phone-number`, as an option.
    OpenctiPhone,
    /// OpenCTI's `bank-account` (by IBAN), as an option.
    OpenctiBankAccount,
    /// OpenCTI's `cryptocurrency-wallet`, as an option.
    OpenctiWallet,
}

impl ScoType {
    pub const ALL: [ScoType; 10] = [
        ScoType::Phone,
        ScoType::Upi,
        ScoType::Iban,
        ScoType::CryptoWallet,
        ScoType::RemoteId,
        ScoType::GiftCard,
        ScoType::BankAccount,
        ScoType::OpenctiPhone,
        ScoType::OpenctiBankAccount,
        ScoType::OpenctiWallet,
    ];

    pub fn object_type(self) -> &'static str {
        match self {
            ScoType::Phone => "x-ringtrace-phone-number",
            ScoType::Upi => "x-ringtrace-upi-id",
            ScoType::Iban => "x-ringtrace-iban",
            ScoType::CryptoWallet => "x-ringtrace-crypto-wallet",
            ScoType::RemoteId => "x-ringtrace-remote-id",
            ScoType::GiftCard => "x-ringtrace-gift-card",
            ScoType::BankAccount => "x-ringtrace-bank-account",
            ScoType::OpenctiPhone => "phone-number",
            ScoType::OpenctiBankAccount => "bank-account",
            ScoType::OpenctiWallet => "cryptocurrency-wallet",
        }
    }

    /// The property holding the value, the type's ID contributing property.
    pub fn property(self) -> &'static str {
        match self {
            ScoType::OpenctiBankAccount => "iban",
            _ => "value",
        }
    }

    pub fn kind(self) -> Kind {
        match self {
            ScoType::Phone | ScoType::OpenctiPhone => Kind::Phone,
            ScoType::Upi => Kind::Upi,
            ScoType::Iban | ScoType::OpenctiBankAccount => Kind::Iban,
            ScoType::CryptoWallet | ScoType::OpenctiWallet => Kind::CryptoWallet,
            ScoType::RemoteId => Kind::RemoteId,
            ScoType::GiftCard => Kind::GiftCard,
            ScoType::BankAccount => Kind::BankAccount,
        }
    }

    pub fn is_opencti(self) -> bool {
        matches!(
            self,
            ScoType::OpenctiPhone | ScoType::OpenctiBankAccount | ScoType::OpenctiWallet
        )
    }

    fn describe(self) -> &'static str {
        match self {
            ScoType::Phone => "A telephone number in E.164 form (`+` and digits), valid in libphonenumber's metadata.",
            ScoType::Upi => "An Indian Unified Payments Interface ID, `handle@psp` in lower case.",
            ScoType::Iban => "An International Bank Account Number, upper case without spaces, with valid ISO 13616 check digits.",
            ScoType::CryptoWallet => "A cryptocurrency address as `chain:address` (`btc:` base58check or bech32, `eth:0x…` lower case, `trx:`), checksum valid.",
            ScoType::RemoteId => "A remote-access tool's client ID as `tool:digits` (tool one of anydesk, teamviewer, rustdesk, ultraviewer).",
            ScoType::GiftCard => "A gift card as `brand:CODE`, the code upper case without separators.",
            ScoType::BankAccount => "A bank account other than an IBAN: `IFSC:ACCOUNT` for India, else `COUNTRY:ACCOUNT`.",
            ScoType::OpenctiPhone => "A telephone number in E.164 form, as OpenCTI's phone-number observable (property `value`).",
            ScoType::OpenctiBankAccount => "A bank account by IBAN, as OpenCTI's bank-account observable (property `iban`).",
            ScoType::OpenctiWallet => "A cryptocurrency wallet address, as OpenCTI's cryptocurrency-wallet observable (property `value`, the bare address).",
        }
    }
}

/// The extension-definition id of an observable type.
pub fn sco_extension(t: ScoType) -> &'static str {
    match t {
        ScoType::Phone => "extension-definition--c59eae08-8d6e-477f-a9c9-b16da8fe689d",
        ScoType::Upi => "extension-definition--e145c65e-f32f-4a40-82f7-14ce1c74f341",
        ScoType::Iban => "extension-definition--44079ad5-a997-452a-8ed6-18bf87887892",
        ScoType::BankAccount => "extension-definition--a0bf6fec-7596-4615-ba35-16496f781aa0",
        ScoType::CryptoWallet => "extension-definition--7cb622cc-e987-4b8e-9bb7-f44d1cfd47e8",
        ScoType::RemoteId => "extension-definition--3bc1c5c2-21de-4f50-857a-684e54e6765f",
        ScoType::GiftCard => "extension-definition--ca44bb60-c546-4ed5-b2af-53bc091987b3",
        ScoType::OpenctiPhone => "extension-definition--3a982478-5b3d-4e3c-bd5c-e049217cf2dc",
        ScoType::OpenctiBankAccount => "extension-definition--6baaab94-76cf-4281-bcb6-9bf35a249bed",
        ScoType::OpenctiWallet => "extension-definition--9f053e5e-a2d0-4cd8-9369-d1c1814c5331",
    }
}

/// The URL of an extension's JSON schema.
pub fn schema_url(extension_id: &str) -> String {
    format!("{SCHEMA_BASE}{extension_id}.json")
}

/// The extension-definition object of an observable type.
pub fn sco_definition(t: ScoType) -> Value {
    let id = sco_extension(t);
    json!({
        "type": "extension-definition",
        "spec_version": "2.1",
        "id": id,
        "created_by_ref": PRODUCER,
        "created": DEFINED,
        "modified": DEFINED,
        "name": t.object_type(),
        "description": format!(
            "{} ID contributing property: `{}` (identifiers are UUIDv5 in the STIX namespace over it).",
            t.describe(), t.property()
        ),
        "schema": schema_url(id),
        "version": "1.0.0",
        "extension_types": ["new-sco"],
        "object_marking_refs": [super::tlp::marking_id(Tlp::Clear)],
    })
}

/// The extension-definition object of the report and ring facts.
pub fn ringtrace_definition() -> Value {
    json!({
        "type": "extension-definition",
        "spec_version": "2.1",
        "id": RINGTRACE_EXTENSION,
        "created_by_ref": PRODUCER,
        "created": DEFINED,
        "modified": DEFINED,
        "name": "ringtrace report and ring",
        "description": "A scam report's facts as a ringtrace partner sent them (key, channel, brand, region, language, loss, payment method, TLP) and each indicator's role in it; on an intrusion-set, the ringtrace ring it is and how many reports the recipient sees in it.",
        "schema": schema_url(RINGTRACE_EXTENSION),
        "version": "1.0.0",
        "extension_types": ["property-extension"],
        "object_marking_refs": [super::tlp::marking_id(Tlp::Clear)],
    })
}

/// ringtrace as a producer.
pub fn producer_identity() -> Value {
    json!({
        "type": "identity",
        "spec_version": "2.1",
        "id": PRODUCER,
        "created": DEFINED,
        "modified": DEFINED,
        "name": "ringtrace",
        "description": "ringtrace links partners' scam reports into rings; it authors the rings, indicators and relationships of its exports.",
        "identity_class": "system",
        "object_marking_refs": [super::tlp::marking_id(Tlp::Clear)],
    })
}

/// Every extension id whose schema ships in `crates/share/schemas/`.
pub fn schema_ids() -> Vec<&'static str> {
    let mut ids = vec![RINGTRACE_EXTENSION];
    ids.extend(ScoType::ALL.into_iter().map(sco_extension));
    ids
}
