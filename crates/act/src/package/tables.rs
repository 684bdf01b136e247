//! `reports.csv` and `reports.json`: the case's reports, redacted, one per
//! row or object, in key order.

use super::Redaction;
use ringtrace_share::SharedReport;
use serde_json::{json, Value};

/// The columns of `reports.csv`, in order.
pub const CSV_COLUMNS: [&str; 16] = [
    "report",
    "partner",
    "id",
    "tlp",
    "received_at",
    "ring",
    "channel",
    "brand",
    "region",
    "language",
    "loss_amount",
    "loss_currency",
    "payment_method",
    "indicators",
    "indicator_roles",
    "narrative",
];

/// `reports.csv`: one row per report; `indicators` is `kind:value;…` (the
/// import format) and `indicator_roles` the role of each, in the same
/// order (`;`-separated, empty where unknown).
pub fn reports_csv(reports: &[SharedReport]) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(CSV_COLUMNS)?;
    for r in reports {
        let loss_amount = r.loss.as_ref().map(|l| l.0.to_string()).unwrap_or_default();
        let loss_currency = r.loss.as_ref().map(|l| l.1.clone()).unwrap_or_default();
        let indicators = r
            .mentions
            .iter()
            .map(|m| m.indicator.to_string())
            .collect::<Vec<_>>()
            .join(";");
        let roles = r
            .mentions
            .iter()
            .map(|m| m.role.map(|x| x.as_str()).unwrap_or(""))
            .collect::<Vec<_>>()
            .join(";");
        let opt = |o: &Option<String>| o.clone().unwrap_or_default();
        w.write_record([
            r.key.to_string(),
            r.key.partner.to_string(),
            r.key.id.to_string(),
            r.tlp.as_str().to_string(),
            r.received_at.clone(),
            opt(&r.ring),
            opt(&r.channel),
            opt(&r.brand),
            opt(&r.region),
            opt(&r.language),
            loss_amount,
            loss_currency,
            opt(&r.payment_method),
            indicators,
            roles,
            opt(&r.narrative),
        ])?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

/// `reports.json`: `{"redaction": …, "reports": [{…}, …]}`, pretty-printed.
pub fn reports_json(reports: &[SharedReport], redaction: Redaction) -> Vec<u8> {
    let list: Vec<Value> = reports.iter().map(report_json).collect();
    let doc = json!({ "redaction": redaction, "reports": list });
    let mut out = serde_json::to_vec_pretty(&doc).unwrap_or_default();
    out.push(b'\n');
    out
}

fn report_json(r: &SharedReport) -> Value {
    let mentions: Vec<Value> = r
        .mentions
        .iter()
        .map(|m| {
            json!({
                "kind": m.indicator.kind,
                "value": m.indicator.value,
                "role": m.role,
                "links": m.may_link,
            })
        })
        .collect();
    json!({
        "report": r.key.to_string(),
        "partner": r.key.partner.as_str(),
        "id": r.key.id.as_str(),
        "tlp": r.tlp.as_str(),
        "received_at": r.received_at,
        "ring": r.ring,
        "channel": r.channel,
        "brand": r.brand,
        "region": r.region,
        "language": r.language,
        "loss": r.loss.as_ref().map(|(a, c)| json!({"amount": a, "currency": c})),
        "payment_method": r.payment_method,
        "narrative": r.narrative,
        "indicators": mentions,
    })
}
