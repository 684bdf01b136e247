//! The CSV layout of a device extract: one row per item, the first column
//! `section` saying what the row is, the other columns named in the header
//! (any subset of [`COLUMNS`], in any order). A row may fill only the
//! columns its section uses (see `docs/evidence.md`).

use super::extract::{
    Call, Contact, DeviceExtract, Direction, EmailAccount, EmailMessage, PaymentApp, RemoteTool,
    Sim, Sms, Visit,
};
use super::ids::{Iccid, Imei, Imsi};
use super::{DeviceType, ExtractError};
use chrono::DateTime;
use std::collections::HashMap;

/// Every column a header may name.
pub const COLUMNS: &[&str] = &[
    "section",
    "type",
    "label",
    "imei",
    "iccid",
    "imsi",
    "msisdn",
    "name",
    "phone",
    "email",
    "number",
    "direction",
    "at",
    "duration",
    "text",
    "address",
    "account",
    "from",
    "to",
    "subject",
    "body",
    "url",
    "title",
    "tool",
    "id",
    "app",
    "kind",
];

/// Each section and the columns it uses, required ones first (marked `!`).
pub const SECTIONS: &[(&str, &[&str])] = &[
    ("device", &["!type", "label", "imei"]),
    ("sim", &["iccid", "imsi", "msisdn"]),
    ("contact", &["name", "phone", "email"]),
    ("call", &["!number", "!direction", "at", "duration"]),
    ("sms", &["!number", "!direction", "at", "text"]),
    ("email_account", &["!address", "name"]),
    (
        "email",
        &[
            "!direction",
            "account",
            "from",
            "to",
            "at",
            "subject",
            "body",
        ],
    ),
    ("browser_history", &["!url", "title", "at"]),
    ("remote_tool", &["!tool", "!id"]),
    ("payment_app", &["!app", "!kind", "!account"]),
];

struct Row<'a> {
    file: &'a str,
    line: u64,
    cells: HashMap<&'a str, &'a str>,
}

impl Row<'_> {
    fn err(&self, field: &str, msg: impl Into<String>) -> ExtractError {
        ExtractError::new(self.file, Some(self.line), Some(field), msg)
    }

    fn opt(&self, col: &str) -> Option<String> {
        self.cells
            .get(col)
            .filter(|v| !v.is_empty())
            .map(|v| v.to_string())
    }

    fn req(&self, col: &str) -> Result<String, ExtractError> {
        self.opt(col)
            .ok_or_else(|| self.err(col, "required for this section, but empty"))
    }

    fn parsed<T>(
        &self,
        col: &str,
        parse: impl Fn(&str) -> Result<T, String>,
    ) -> Result<Option<T>, ExtractError> {
        self.opt(col)
            .map(|v| parse(&v).map_err(|m| self.err(col, m)))
            .transpose()
    }

    fn at(&self) -> Result<Option<super::extract::Timestamp>, ExtractError> {
        self.parsed("at", |v| {
            DateTime::parse_from_rfc3339(v)
                .map_err(|e| format!("`{v}` is not an RFC 3339 timestamp ({e})"))
        })
    }

    fn direction(&self) -> Result<Direction, ExtractError> {
        let v = self.req("direction")?;
        v.parse().map_err(|m: String| self.err("direction", m))
    }
}

pub fn parse(bytes: &[u8], file: &str) -> Result<DeviceExtract, ExtractError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(false)
        .from_reader(bytes);
    let mut records = reader.records();
    let header = match records.next() {
        None => {
            return Err(ExtractError::new(
                file,
                None,
                None,
                "empty file: a CSV extract starts with a header row naming its columns",
            ))
        }
        Some(r) => r.map_err(|e| csv_err(file, &e))?,
    };
    let header: Vec<String> = header.iter().map(|h| h.trim().to_string()).collect();
    if header.first().map(String::as_str) != Some("section") {
        return Err(ExtractError::new(
            file,
            Some(1),
            None,
            "the first column must be `section`",
        ));
    }
    for (i, h) in header.iter().enumerate() {
        if !COLUMNS.contains(&h.as_str()) {
            return Err(ExtractError::new(
                file,
                Some(1),
                Some(h),
                format!("unknown column (expected some of {})", COLUMNS.join(", ")),
            ));
        }
        if header[..i].contains(h) {
            return Err(ExtractError::new(
                file,
                Some(1),
                Some(h),
                "column named twice",
            ));
        }
    }
    let mut device: Option<DeviceExtract> = None;
    let mut pending = DeviceExtract::new(DeviceType::Phone);
    for rec in records {
        let rec = rec.map_err(|e| csv_err(file, &e))?;
        let line = rec.position().map(|p| p.line()).unwrap_or(0);
        let cells: HashMap<&str, &str> =
            header.iter().map(String::as_str).zip(rec.iter()).collect();
        let row = Row { file, line, cells };
        let section = row.req("section")?;
        let Some((_, used)) = SECTIONS.iter().find(|(s, _)| *s == section) else {
            let names: Vec<&str> = SECTIONS.iter().map(|s| s.0).collect();
            return Err(row.err(
                "section",
                format!(
                    "`{section}` is not a section (expected one of {})",
                    names.join(", ")
                ),
            ));
        };
        for (col, v) in &row.cells {
            if *col != "section"
                && !v.is_empty()
                && !used.iter().any(|u| u.trim_start_matches('!') == *col)
            {
                return Err(row.err(
                    col,
                    format!("not used by section `{section}`; leave it empty"),
                ));
            }
        }
        add_row(&row, &section, &mut device, &mut pending)?;
    }
    let Some(mut d) = device else {
        return Err(ExtractError::new(
            file,
            None,
            Some("section"),
            "no `device` row: one row `device` must give the device's type",
        ));
    };
    let DeviceExtract {
        sims,
        contacts,
        call_log,
        sms,
        email_accounts,
        emails,
        browser_history,
        remote_tools,
        payment_apps,
        ..
    } = pending;
    d.sims = sims;
    d.contacts = contacts;
    d.call_log = call_log;
    d.sms = sms;
    d.email_accounts = email_accounts;
    d.emails = emails;
    d.browser_history = browser_history;
    d.remote_tools = remote_tools;
    d.payment_apps = payment_apps;
    Ok(d)
}

fn add_row(
    row: &Row<'_>,
    section: &str,
    device: &mut Option<DeviceExtract>,
    d: &mut DeviceExtract,
) -> Result<(), ExtractError> {
    match section {
        "device" => {
            if device.is_some() {
                return Err(row.err("section", "a second `device` row: one file is one device"));
            }
            let t = row.req("type")?;
            let t: DeviceType = t.parse().map_err(|m: String| row.err("type", m))?;
            let mut x = DeviceExtract::new(t);
            x.label = row.opt("label");
            x.imei = row.parsed("imei", Imei::parse)?;
            *device = Some(x);
        }
        "sim" => d.sims.push(Sim {
            iccid: row.parsed("iccid", Iccid::parse)?,
            imsi: row.parsed("imsi", Imsi::parse)?,
            msisdn: row.opt("msisdn"),
        }),
        "contact" => d.contacts.push(Contact {
            name: row.opt("name"),
            phone: row.opt("phone"),
            email: row.opt("email"),
        }),
        "call" => d.call_log.push(Call {
            number: row.req("number")?,
            direction: row.direction()?,
            at: row.at()?,
            duration: row.parsed("duration", |v| {
                v.parse::<u64>()
                    .map_err(|_| format!("`{v}` is not a duration in whole seconds"))
            })?,
        }),
        "sms" => d.sms.push(Sms {
            number: row.req("number")?,
            direction: row.direction()?,
            at: row.at()?,
            text: row.opt("text"),
        }),
        "email_account" => d.email_accounts.push(EmailAccount {
            address: row.req("address")?,
            name: row.opt("name"),
        }),
        "email" => d.emails.push(EmailMessage {
            account: row.opt("account"),
            direction: row.direction()?,
            from: row.opt("from"),
            to: row
                .opt("to")
                .map(|v| {
                    v.split(';')
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty())
                        .collect()
                })
                .unwrap_or_default(),
            at: row.at()?,
            subject: row.opt("subject"),
            body: row.opt("body"),
        }),
        "browser_history" => d.browser_history.push(Visit {
            url: row.req("url")?,
            title: row.opt("title"),
            at: row.at()?,
        }),
        "remote_tool" => d.remote_tools.push(RemoteTool {
            tool: row.req("tool")?,
            id: row.req("id")?,
        }),
        "payment_app" => {
            let kind = row.req("kind")?;
            d.payment_apps.push(PaymentApp {
                app: row.req("app")?,
                kind: kind.parse().map_err(|m: String| row.err("kind", m))?,
                account: row.req("account")?,
            })
        }
        _ => {}
    }
    Ok(())
}

fn csv_err(file: &str, e: &csv::Error) -> ExtractError {
    let line = e.position().map(|p| p.line());
    let msg = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("{len} fields, but the header has {expected_len}")
        }
        csv::ErrorKind::Utf8 { .. } => "not valid UTF-8".to_string(),
        _ => e.to_string(),
    };
    ExtractError::new(file, line, None, msg)
}
