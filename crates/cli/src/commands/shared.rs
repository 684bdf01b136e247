//! Export selection flags, validated into a [`Selection`]; what the
//! selection holds is read by `ringtrace_exchange::selection`.

pub use ringtrace_exchange::selection::*;

use anyhow::Result;
use ringtrace_model::{Tlp, Viewer};

/// The selection flags, validated.
pub fn selection(args: &crate::args::ExportSelection) -> Result<Selection> {
    let tlp_max = match args.tlp_max.as_deref() {
        None => Tlp::Amber,
        Some(t) => t
            .parse::<Tlp>()
            .map_err(|e| anyhow::anyhow!("--tlp-max: {e}"))?,
    };
    let recipient = match &args.r#for {
        None => None,
        Some(p) => Some(Viewer {
            partner: ringtrace_model::PartnerSlug::parse(p)
                .map_err(|e| anyhow::anyhow!("--for: {e}"))?
                .as_str()
                .to_string(),
            role: ringtrace_model::AccessRole::Partner,
        }),
    };
    Ok(Selection {
        ring: args.ring.clone(),
        since: args
            .since
            .as_deref()
            .map(|t| time("--since", t))
            .transpose()?,
        until: args
            .until
            .as_deref()
            .map(|t| time("--until", t))
            .transpose()?,
        tlp_max: Some(tlp_max),
        recipient,
    })
}

/// An RFC 3339 time or a day, as the store's UTC text (`…Z`, seconds).
fn time(flag: &str, text: &str) -> Result<String> {
    use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(t
            .with_timezone(&Utc)
            .to_rfc3339_opts(SecondsFormat::Secs, true));
    }
    if let Ok(d) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Ok(format!("{d}T00:00:00Z"));
    }
    anyhow::bail!("{flag}: `{text}` is neither an RFC 3339 time nor a date YYYY-MM-DD")
}
