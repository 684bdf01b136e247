//! `DeviceExtract`: what was read off one seized device, in the layout of
//! `docs/evidence.md` (the JSON object's fields are these fields).

use super::ids::{Iccid, Imei, Imsi};
use chrono::{DateTime, FixedOffset};
use ringtrace_model::Kind;
use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// What kind of item the extract comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeviceType {
    Phone,
    Computer,
    SimCard,
    EmailAccount,
}

/// Which way a call, message or e-mail went, seen from the device.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Incoming,
    Outgoing,
    Missed,
}

/// The kinds of account a payment app holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentKind {
    Upi,
    Iban,
    BankAccount,
    CryptoWallet,
    GiftCard,
}

impl PaymentKind {
    pub fn kind(self) -> Kind {
        match self {
            PaymentKind::Upi => Kind::Upi,
            PaymentKind::Iban => Kind::Iban,
            PaymentKind::BankAccount => Kind::BankAccount,
            PaymentKind::CryptoWallet => Kind::CryptoWallet,
            PaymentKind::GiftCard => Kind::GiftCard,
        }
    }
}

macro_rules! from_str_via_serde {
    ($($t:ty => $what:literal),+) => {$(
        impl FromStr for $t {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                serde_json::from_value(serde_json::Value::String(s.to_string()))
                    .map_err(|_| format!(concat!("`{}` is not ", $what), s))
            }
        }
    )+};
}

from_str_via_serde!(
    DeviceType => "a device type (phone, computer, sim_card, email_account)",
    Direction => "a direction (incoming, outgoing, missed)",
    PaymentKind => "a payment account kind (upi, iban, bank_account, crypto_wallet, gift_card)"
);

/// A timestamp as written in an extract: RFC 3339 with its offset.
pub type Timestamp = DateTime<FixedOffset>;

/// Everything read off one device.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeviceExtract {
    pub device_type: DeviceType,
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default)]
    pub imei: Option<Imei>,
    #[serde(default)]
    pub sims: Vec<Sim>,
    #[serde(default)]
    pub contacts: Vec<Contact>,
    #[serde(default)]
    pub call_log: Vec<Call>,
    #[serde(default)]
    pub sms: Vec<Sms>,
    #[serde(default)]
    pub email_accounts: Vec<EmailAccount>,
    #[serde(default)]
    pub emails: Vec<EmailMessage>,
    #[serde(default)]
    pub browser_history: Vec<Visit>,
    #[serde(default)]
    pub remote_tools: Vec<RemoteTool>,
    #[serde(default)]
    pub payment_apps: Vec<PaymentApp>,
}

impl DeviceExtract {
    pub fn new(device_type: DeviceType) -> Self {
        DeviceExtract {
            device_type,
            label: None,
            imei: None,
            sims: Vec::new(),
            contacts: Vec::new(),
            call_log: Vec::new(),
            sms: Vec::new(),
            email_accounts: Vec::new(),
            emails: Vec::new(),
            browser_history: Vec::new(),
            remote_tools: Vec::new(),
            payment_apps: Vec::new(),
        }
    }

    /// The number of items of its largest section.
    pub fn largest_section(&self) -> (&'static str, usize) {
        [
            ("sims", self.sims.len()),
            ("contacts", self.contacts.len()),
            ("call_log", self.call_log.len()),
            ("sms", self.sms.len()),
            ("email_accounts", self.email_accounts.len()),
            ("emails", self.emails.len()),
            ("browser_history", self.browser_history.len()),
            ("remote_tools", self.remote_tools.len()),
            ("payment_apps", self.payment_apps.len()),
        ]
        .into_iter()
        .max_by_key(|s| s.1)
        .unwrap_or(("sims", 0))
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sim {
    #[serde(default)]
    pub iccid: Option<Iccid>,
    #[serde(default)]
    pub imsi: Option<Imsi>,
    /// The SIM's own phone number.
    #[serde(default)]
    pub msisdn: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Call {
    pub number: String,
    pub direction: Direction,
    #[serde(default)]
    pub at: Option<Timestamp>,
    /// Seconds.
    #[serde(default)]
    pub duration: Option<u64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sms {
    pub number: String,
    pub direction: Direction,
    #[serde(default)]
    pub at: Option<Timestamp>,
    #[serde(default)]
    pub text: Option<String>,
}

/// An e-mail account configured on the device (or the dumped account itself).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmailAccount {
    pub address: String,
    #[serde(default)]
    pub name: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmailMessage {
    /// The account it was found in.
    #[serde(default)]
    pub account: Option<String>,
    pub direction: Direction,
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub to: Vec<String>,
    #[serde(default)]
    pub at: Option<Timestamp>,
    #[serde(default)]
    pub subject: Option<String>,
    #[serde(default)]
    pub body: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Visit {
    pub url: String,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub at: Option<Timestamp>,
}

/// A remote-control tool installed, with the ID it shows (`anydesk`, `123 456 789`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RemoteTool {
    pub tool: String,
    pub id: String,
}

/// A payment app and one account it holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaymentApp {
    pub app: String,
    pub kind: PaymentKind,
    pub account: String,
}
