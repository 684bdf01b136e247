//! The report record of the spec's section 1, parsed.

use crate::values::{Channel, CurrencyCode, LanguageTag, PartnerSlug, RegionCode, ReportId, Tlp};
use chrono::{DateTime, FixedOffset};
use std::fmt;

/// A report's key, written `partner:id` everywhere.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ReportKey {
    pub partner: PartnerSlug,
    pub id: ReportId,
}

impl ReportKey {
    /// Reads `partner:id`.
    pub fn parse(s: &str) -> Result<Self, crate::ValueError> {
        let (p, i) = s
            .split_once(':')
            .ok_or_else(|| crate::values::err(format!("`{s}` is not a report key `partner:id`")))?;
        Ok(ReportKey {
            partner: PartnerSlug::parse(p)?,
            id: ReportId::parse(i)?,
        })
    }
}

impl fmt::Display for ReportKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.partner, self.id)
    }
}

/// Money lost.
#[derive(Clone, Debug, PartialEq)]
pub struct Loss {
    pub amount: f64,
    pub currency: CurrencyCode,
}

/// One scam report as a partner received it, every field parsed.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub key: ReportKey,
    pub received_at: DateTime<FixedOffset>,
    pub channel: Option<Channel>,
    pub brand: Option<String>,
    pub language: Option<LanguageTag>,
    pub region: Option<RegionCode>,
    pub narrative: Option<String>,
    /// Indicators the partner structured, as given (kind, raw value); they are
    /// normalised by extraction like the ones read from the narrative.
    pub given_indicators: Vec<(crate::Kind, String)>,
    pub loss: Option<Loss>,
    pub payment_method: Option<String>,
    pub tlp: Tlp,
    /// Fields the spec does not name, kept verbatim (as JSON text, in order).
    pub extra: serde_json::Map<String, serde_json::Value>,
}
