//! `device_indicators`: every indicator an extract holds, canonicalised by
//! `ringtrace-extract`, each with where in the extract it was read.

use super::extract::Timestamp;
use super::DeviceExtract;
use chrono::{DateTime, Utc};
use ringtrace_extract::{canonicalize, extract};
use ringtrace_model::{Indicator, Kind};
use serde::{Deserialize, Serialize};

/// One indicator of an exhibit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExhibitIndicator {
    pub indicator: Indicator,
    /// Where in the extract: `sims[0].msisdn`, `call_log[12].number`,
    /// `sms[3].text`, `browser_history[3].url`, …
    pub source: String,
    /// When the item it was read from happened, if the extract says.
    pub at: Option<DateTime<Utc>>,
}

impl ExhibitIndicator {
    /// Whether this is the device's own number (a SIM's MSISDN).
    pub fn is_own_number(&self) -> bool {
        self.source.starts_with("sims[") && self.source.ends_with("].msisdn")
    }

    /// Whether this is an e-mail account the device holds.
    pub fn is_own_account(&self) -> bool {
        self.source.starts_with("email_accounts[") && self.source.ends_with("].address")
    }
}

struct Out<'a> {
    region: Option<&'a str>,
    list: Vec<ExhibitIndicator>,
}

impl Out<'_> {
    fn value(&mut self, kind: Kind, raw: &str, source: String, at: Option<&Timestamp>) {
        if let Ok(v) = canonicalize(kind, raw, self.region) {
            self.list.push(ExhibitIndicator {
                indicator: Indicator::new(kind, v),
                source,
                at: at.map(|t| t.with_timezone(&Utc)),
            });
        }
    }

    fn text(&mut self, text: &str, source: String, at: Option<&Timestamp>) {
        for f in extract(text, self.region) {
            self.list.push(ExhibitIndicator {
                indicator: f.indicator,
                source: source.clone(),
                at: at.map(|t| t.with_timezone(&Utc)),
            });
        }
    }

    /// A URL and its host (as a domain or IP address), like extraction does.
    fn url(&mut self, raw: &str, source: String, at: Option<&Timestamp>) {
        let Ok(url) = canonicalize(Kind::Url, raw, self.region) else {
            return;
        };
        let host = url
            .split_once("://")
            .map(|(_, rest)| rest)
            .unwrap_or("")
            .split(['/', '?', '#'])
            .next()
            .unwrap_or("");
        let host = if host.starts_with('[') {
            host.trim_start_matches('[').split(']').next().unwrap_or("")
        } else {
            host.rsplit_once(':').map(|h| h.0).unwrap_or(host)
        };
        self.list.push(ExhibitIndicator {
            indicator: Indicator::new(Kind::Url, url.clone()),
            source: source.clone(),
            at: at.map(|t| t.with_timezone(&Utc)),
        });
        if canonicalize(Kind::Ip, host, None).is_ok() {
            self.value(Kind::Ip, host, source, at);
        } else {
            self.value(Kind::Domain, host, source, at);
        }
    }
}

/// Every indicator of the extract, in the order of its sections: SIM
/// numbers, contacts, calls, SMS (number and those read from the text),
/// e-mail accounts, e-mails (sender, recipients, those read from subject
/// and body), browser history (URL and host), remote tools, payment apps.
/// Values that are not valid for their kind are left out. `region` is the
/// default region for numbers written without a country code.
pub fn device_indicators(d: &DeviceExtract, region: Option<&str>) -> Vec<ExhibitIndicator> {
    let mut o = Out {
        region,
        list: Vec::new(),
    };
    for (i, s) in d.sims.iter().enumerate() {
        if let Some(m) = &s.msisdn {
            o.value(Kind::Phone, m, format!("sims[{i}].msisdn"), None);
        }
    }
    for (i, c) in d.contacts.iter().enumerate() {
        if let Some(p) = &c.phone {
            o.value(Kind::Phone, p, format!("contacts[{i}].phone"), None);
        }
        if let Some(e) = &c.email {
            o.value(Kind::Email, e, format!("contacts[{i}].email"), None);
        }
    }
    for (i, c) in d.call_log.iter().enumerate() {
        o.value(
            Kind::Phone,
            &c.number,
            format!("call_log[{i}].number"),
            c.at.as_ref(),
        );
    }
    for (i, s) in d.sms.iter().enumerate() {
        o.value(
            Kind::Phone,
            &s.number,
            format!("sms[{i}].number"),
            s.at.as_ref(),
        );
        if let Some(t) = &s.text {
            o.text(t, format!("sms[{i}].text"), s.at.as_ref());
        }
    }
    for (i, a) in d.email_accounts.iter().enumerate() {
        o.value(
            Kind::Email,
            &a.address,
            format!("email_accounts[{i}].address"),
            None,
        );
    }
    for (i, m) in d.emails.iter().enumerate() {
        let at = m.at.as_ref();
        if let Some(f) = &m.from {
            o.value(Kind::Email, f, format!("emails[{i}].from"), at);
        }
        for (j, t) in m.to.iter().enumerate() {
            o.value(Kind::Email, t, format!("emails[{i}].to[{j}]"), at);
        }
        if let Some(s) = &m.subject {
            o.text(s, format!("emails[{i}].subject"), at);
        }
        if let Some(b) = &m.body {
            o.text(b, format!("emails[{i}].body"), at);
        }
    }
    for (i, v) in d.browser_history.iter().enumerate() {
        o.url(&v.url, format!("browser_history[{i}].url"), v.at.as_ref());
    }
    for (i, t) in d.remote_tools.iter().enumerate() {
        let raw = format!("{}:{}", t.tool.trim().to_ascii_lowercase(), t.id);
        o.value(Kind::RemoteId, &raw, format!("remote_tools[{i}].id"), None);
    }
    for (i, p) in d.payment_apps.iter().enumerate() {
        o.value(
            p.kind.kind(),
            &p.account,
            format!("payment_apps[{i}].account"),
            None,
        );
    }
    o.list
}
