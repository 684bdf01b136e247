//! Indicators (kind + canonical value), the roles a mention can play, and mentions.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The kinds of indicator of the spec's section 2, in the spec's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Phone,
    Url,
    Domain,
    Email,
    Ip,
    Upi,
    Iban,
    CryptoWallet,
    RemoteId,
    GiftCard,
    BankAccount,
}

impl Kind {
    pub const ALL: [Kind; 11] = [
        Kind::Phone,
        Kind::Url,
        Kind::Domain,
        Kind::Email,
        Kind::Ip,
        Kind::Upi,
        Kind::Iban,
        Kind::CryptoWallet,
        Kind::RemoteId,
        Kind::GiftCard,
        Kind::BankAccount,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Phone => "phone",
            Kind::Url => "url",
            Kind::Domain => "domain",
            Kind::Email => "email",
            Kind::Ip => "ip",
            Kind::Upi => "upi",
            Kind::Iban => "iban",
            Kind::CryptoWallet => "crypto_wallet",
            Kind::RemoteId => "remote_id",
            Kind::GiftCard => "gift_card",
            Kind::BankAccount => "bank_account",
        }
    }

    /// Kinds whose values are where money goes.
    pub fn is_payment(self) -> bool {
        matches!(
            self,
            Kind::Upi | Kind::Iban | Kind::CryptoWallet | Kind::GiftCard | Kind::BankAccount
        )
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown indicator kind `{0}` (expected one of phone, url, domain, email, ip, upi, iban, crypto_wallet, remote_id, gift_card, bank_account)")]
pub struct UnknownKind(pub String);

impl FromStr for Kind {
    type Err = UnknownKind;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Kind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| UnknownKind(s.to_string()))
    }
}

/// An indicator in canonical form. Construct it through `ringtrace-extract`,
/// which is the only place that knows the canonical forms.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Indicator {
    pub kind: Kind,
    pub value: String,
}

impl Indicator {
    pub fn new(kind: Kind, value: impl Into<String>) -> Self {
        Indicator {
            kind,
            value: value.into(),
        }
    }
}

impl fmt::Display for Indicator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.kind, self.value)
    }
}

/// What a mention is in its report, where the text tells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    ScammerContact,
    PaymentDestination,
    VictimOwn,
    LegitimateReference,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::ScammerContact => "scammer_contact",
            Role::PaymentDestination => "payment_destination",
            Role::VictimOwn => "victim_own",
            Role::LegitimateReference => "legitimate_reference",
        }
    }

    /// Whether a mention with this role may link its report to others.
    pub fn links(self) -> bool {
        matches!(self, Role::ScammerContact | Role::PaymentDestination)
    }
}

impl FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [
            Role::ScammerContact,
            Role::PaymentDestination,
            Role::VictimOwn,
            Role::LegitimateReference,
        ]
        .into_iter()
        .find(|r| r.as_str() == s)
        .ok_or_else(|| format!("unknown role `{s}`"))
    }
}

/// Where a mention came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MentionSource {
    /// Read out of the narrative; `start`/`end` are byte offsets into it.
    Narrative,
    /// Given by the partner in the `indicators` field.
    Given,
}

impl MentionSource {
    pub fn as_str(self) -> &'static str {
        match self {
            MentionSource::Narrative => "narrative",
            MentionSource::Given => "given",
        }
    }
}

/// One occurrence of an indicator in one report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    pub indicator: Indicator,
    pub source: MentionSource,
    /// Byte offsets of the raw match in the narrative (narrative mentions only).
    pub span: Option<(usize, usize)>,
    pub role: Option<Role>,
}

impl Mention {
    /// Whether this mention may link its report to others (before any
    /// warning list is consulted).
    pub fn may_link(&self) -> bool {
        self.role.is_none_or(Role::links)
    }
}
