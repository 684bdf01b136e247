//! Partners, their reference formats and habits, and the JSON report record (spec section 1) built from an incident.

use crate::ecosystem::{Incident, Lang, Payment};
use crate::narrative;
use chrono::{DateTime, Duration, FixedOffset, SecondsFormat, TimeZone, Utc};
use rand::seq::SliceRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use serde_json::{json, Map, Value};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// A tech company's fraud team; owns the brand named.
    Company(&'static str),
    /// A bank of a region: gives the payment destination structured.
    Bank(&'static str),
    /// A telecom operator of a region: gives the scam number structured.
    Telco(&'static str),
    /// A police unit of a region.
    Police(&'static str),
}

struct Partner {
    slug: &'static str,
    kind: Kind,
    /// UTC offset of its timestamps, in minutes.
    offset: i32,
}

const PARTNERS: &[Partner] = &[
    Partner {
        slug: "microsoft",
        kind: Kind::Company("Microsoft"),
        offset: 0,
    },
    Partner {
        slug: "amazon",
        kind: Kind::Company("Amazon"),
        offset: 0,
    },
    Partner {
        slug: "apple",
        kind: Kind::Company("Apple"),
        offset: 0,
    },
    Partner {
        slug: "paypal",
        kind: Kind::Company("PayPal"),
        offset: 0,
    },
    Partner {
        slug: "gen-digital",
        kind: Kind::Company("Norton"),
        offset: 0,
    },
    Partner {
        slug: "hdfc-bank",
        kind: Kind::Bank("IN"),
        offset: 330,
    },
    Partner {
        slug: "barclays",
        kind: Kind::Bank("GB"),
        offset: 0,
    },
    Partner {
        slug: "bnp-paribas",
        kind: Kind::Bank("FR"),
        offset: 60,
    },
    Partner {
        slug: "bt-uk",
        kind: Kind::Telco("GB"),
        offset: 0,
    },
    Partner {
        slug: "orange-fr",
        kind: Kind::Telco("FR"),
        offset: 60,
    },
    Partner {
        slug: "fbi-ic3",
        kind: Kind::Police("US"),
        offset: 0,
    },
    Partner {
        slug: "action-fraud",
        kind: Kind::Police("GB"),
        offset: 0,
    },
    Partner {
        slug: "pharos-fr",
        kind: Kind::Police("FR"),
        offset: 60,
    },
    Partner {
        slug: "scamwatch-au",
        kind: Kind::Police("AU"),
        offset: 600,
    },
    Partner {
        slug: "cafc-ca",
        kind: Kind::Police("CA"),
        offset: 0,
    },
    Partner {
        slug: "i4c-in",
        kind: Kind::Police("IN"),
        offset: 330,
    },
];

/// Number of partners; indexes into per-partner counters.
pub const PARTNER_COUNT: usize = PARTNERS.len();

fn same_area(partner_region: &str, region: &str) -> bool {
    partner_region == region || (partner_region == "FR" && region == "BE")
}

fn weight(p: &Partner, inc: &Incident) -> f64 {
    let pays_account = matches!(
        inc.payment,
        Some(Payment::Upi(_) | Payment::IndianAccount(..) | Payment::Iban(_))
    );
    match p.kind {
        Kind::Company(owner) if owner == inc.brand => 3.0,
        Kind::Company("Microsoft")
            if matches!(inc.brand, "McAfee" | "Norton") || inc.channel == "popup" =>
        {
            1.0
        }
        Kind::Company(_) => 0.0,
        Kind::Bank(r) if same_area(r, inc.region) => {
            if pays_account {
                3.0
            } else {
                0.2
            }
        }
        Kind::Telco(r) if same_area(r, inc.region) => {
            if matches!(inc.channel, "phone_call" | "sms") && !inc.phones.is_empty() {
                2.0
            } else {
                0.6
            }
        }
        Kind::Police(r) if same_area(r, inc.region) => 1.2,
        _ => 0.0,
    }
}

/// Chooses the partner a victim reports to, other than `not`.
pub fn choose_partner(inc: &Incident, rng: &mut ChaCha8Rng, not: Option<usize>) -> usize {
    let idx: Vec<usize> = (0..PARTNERS.len()).collect();
    let pick = idx.choose_weighted(rng, |&i| {
        if Some(i) == not {
            0.0
        } else {
            weight(&PARTNERS[i], inc)
        }
    });
    match pick {
        Ok(&i) => i,
        // only `not` fits: fall back to the regional police or Microsoft
        Err(_) => (0..PARTNERS.len())
            .find(|&i| {
                Some(i) != not
                    && matches!(PARTNERS[i].kind, Kind::Police(r) if same_area(r, inc.region))
            })
            .unwrap_or(if not == Some(0) { 10 } else { 0 }),
    }
}

fn reference(slug: &str, seq: u64, at: &DateTime<FixedOffset>) -> String {
    let y = at.format("%Y");
    let yy = at.format("%y");
    let m = at.format("%m");
    match slug {
        "microsoft" => format!("MSR-{y}-{seq:07}"),
        "amazon" => format!("AMZ-TSS-{seq:08}"),
        "apple" => format!("APL{seq:010}"),
        "paypal" => format!("PP-D-{seq:09}"),
        "gen-digital" => format!("GD-{seq:08}"),
        "hdfc-bank" => format!("HDFC/FRD/{y}/{seq:06}"),
        "barclays" => format!("BRC-{seq:08}"),
        "bnp-paribas" => format!("BNP-{y}-{seq:06}"),
        "bt-uk" => format!("BT{seq:09}"),
        "orange-fr" => format!("OFR-{seq:08}"),
        "fbi-ic3" => format!("I{yy}{m}{seq:07}C"),
        "action-fraud" => format!("NFRC{yy}{m}{seq:06}"),
        "pharos-fr" => format!("PHAROS-{y}-{seq:06}"),
        "scamwatch-au" => format!("SW-{seq:07}"),
        "cafc-ca" => format!("CAFC{y}{seq:06}"),
        _ => format!("NCRP/{seq:011}"),
    }
}

fn timestamp(day: f64, offset_min: i32) -> DateTime<FixedOffset> {
    let base = Utc.with_ymd_and_hms(2023, 1, 1, 0, 0, 0).unwrap();
    let secs = (day * 86_400.0) as i64;
    let utc = base + Duration::seconds(secs);
    utc.with_timezone(&FixedOffset::east_opt(offset_min * 60).unwrap())
}

fn tlp(police: bool, rng: &mut ChaCha8Rng) -> &'static str {
    let x: f64 = rng.gen();
    let (red, strict) = if police { (0.12, 0.12) } else { (0.02, 0.04) };
    if x < red {
        "red"
    } else if x < red + strict {
        "amber+strict"
    } else if x < 0.78 {
        "amber"
    } else if x < 0.92 {
        "green"
    } else {
        "clear"
    }
}

/// Builds the record for `inc` as partner `pi` with sequence number `seq`;
/// returns it with the indicators planted in it.
pub fn build(
    inc: &Incident,
    pi: usize,
    seq: u64,
    rng: &mut ChaCha8Rng,
) -> (Value, Vec<(String, String)>) {
    let p = &PARTNERS[pi];
    // received a little after the incident, during office hours of the partner
    let day = inc.day.floor()
        + rng.gen_range(0.0..2.0f64).floor()
        + (rng.gen_range(7.0..21.0) - f64::from(p.offset) / 60.0) / 24.0;
    let at = timestamp(
        day.clamp(0.0, crate::ecosystem::SPAN_DAYS - 0.001),
        p.offset,
    );
    let mut planted = Vec::new();
    let mut structured: Vec<Value> = Vec::new();
    let bank = matches!(p.kind, Kind::Bank(_));
    let give_payment = bank && inc.payment.is_some();
    if give_payment {
        let pay = inc.payment.as_ref().unwrap();
        let (kind, canon) = pay.canonical();
        let value = match pay {
            Payment::Iban(i) if rng.gen_bool(0.5) => i
                .as_bytes()
                .chunks(4)
                .map(|c| std::str::from_utf8(c).unwrap())
                .collect::<Vec<_>>()
                .join(" "),
            _ => canon.clone(),
        };
        structured.push(json!({"kind": kind, "value": value}));
        planted.push((kind.to_string(), canon));
    }
    let mut narrative = if give_payment && rng.gen_bool(0.3) {
        // the bank's agent writes a summary; the victim's words follow
        format!(
            "{} {}",
            narrative::agent_summary(inc, rng),
            narrative::write(inc, rng, true, &mut planted)
        )
    } else {
        let skip = give_payment && rng.gen_bool(0.5);
        narrative::write(inc, rng, skip, &mut planted)
    };
    if matches!(p.kind, Kind::Telco(_)) {
        if let Some(ph) = inc.phones.first() {
            structured
                .push(json!({"kind": "phone", "value": narrative::structured_phone(ph, rng)}));
        }
    } else if matches!(p.kind, Kind::Company(_)) && rng.gen_bool(0.15) {
        if let Some((host, path)) = &inc.site {
            let url = format!("https://{host}{path}");
            if !planted.iter().any(|(k, v)| k == "url" && *v == url) {
                planted.push(("url".into(), url.clone()));
            }
            structured.push(json!({"kind": "url", "value": url}));
        }
    }
    if narrative.len() > 60_000 {
        narrative.truncate(60_000);
    }
    let mut m = Map::new();
    m.insert("id".into(), Value::from(reference(p.slug, seq, &at)));
    m.insert("partner".into(), Value::from(p.slug));
    m.insert(
        "received_at".into(),
        Value::from(at.to_rfc3339_opts(SecondsFormat::Secs, true)),
    );
    if rng.gen_bool(0.95) {
        m.insert("channel".into(), Value::from(inc.channel));
    }
    if rng.gen_bool(0.9) {
        m.insert("brand".into(), Value::from(inc.brand));
    }
    m.insert(
        "language".into(),
        Value::from(match inc.lang {
            Lang::Fr => "fr",
            Lang::Hinglish => "en-IN",
            Lang::En if inc.region == "IN" => "en-IN",
            Lang::En => "en",
        }),
    );
    m.insert("region".into(), Value::from(inc.region));
    m.insert("narrative".into(), Value::from(narrative));
    if !structured.is_empty() {
        m.insert("indicators".into(), Value::Array(structured));
    }
    if let Some(loss) = inc.loss.filter(|_| rng.gen_bool(0.85)) {
        m.insert(
            "loss".into(),
            json!({"amount": loss, "currency": narrative::currency(inc.region)}),
        );
    }
    if let Some(pay) = &inc.payment {
        if rng.gen_bool(0.8) {
            m.insert("payment_method".into(), Value::from(pay.method()));
        }
    }
    m.insert(
        "tlp".into(),
        Value::from(tlp(matches!(p.kind, Kind::Police(_)), rng)),
    );
    match rng.gen_range(0..100) {
        0 => {
            m.insert(
                "agent_notes".into(),
                Value::from("Victim elderly, family member assisted with the report."),
            );
        }
        1 => {
            m.insert(
                "case_ref".into(),
                Value::from(format!("INC{:07}", rng.gen_range(0..10_000_000))),
            );
        }
        2 => {
            m.insert(
                "victim_age_band".into(),
                Value::from(*["18-34", "35-54", "55-64", "65+"].choose(rng).unwrap()),
            );
        }
        _ => {}
    }
    (Value::Object(m), planted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_differ_by_sequence() {
        let at = timestamp(10.5, 330);
        for p in PARTNERS {
            assert_ne!(reference(p.slug, 1, &at), reference(p.slug, 2, &at));
        }
        assert_eq!(
            at.to_rfc3339_opts(SecondsFormat::Secs, true),
            "2023-01-11T17:30:00+05:30"
        );
    }
}
