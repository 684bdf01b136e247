//! Test data read from `tests/fixtures`: the sample case, rings and reports.
#![allow(dead_code)]

use chrono::{DateTime, TimeZone, Utc};
use ed25519_dalek::SigningKey;
use ringtrace_act::case::{Case, CaseEvent, CaseId};
use ringtrace_act::package::{Bridge, IndicatorFacts, PackageInput, RingFacts};
use ringtrace_model::{Indicator, Kind, ReportKey, Role, Tlp};
use ringtrace_share::{SharedMention, SharedReport};
use serde_json::Value;
use std::path::PathBuf;

pub fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn json(name: &str) -> Value {
    serde_json::from_slice(&fixture(name)).unwrap()
}

fn time(v: &Value) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(v.as_str().unwrap())
        .unwrap()
        .with_timezone(&Utc)
}

fn indicator(v: &Value) -> Indicator {
    Indicator::new(
        v["kind"].as_str().unwrap().parse::<Kind>().unwrap(),
        v["value"].as_str().unwrap(),
    )
}

fn s(v: &Value) -> Option<String> {
    v.as_str().map(str::to_string)
}

pub fn reports() -> Vec<SharedReport> {
    json("reports.json")
        .as_array()
        .unwrap()
        .iter()
        .map(|r| SharedReport {
            key: ReportKey::parse(r["key"].as_str().unwrap()).unwrap(),
            tlp: r["tlp"].as_str().unwrap().parse::<Tlp>().unwrap(),
            received_at: s(&r["received_at"]).unwrap(),
            modified: s(&r["received_at"]).unwrap(),
            ring: s(&r["ring"]),
            detail: true,
            channel: s(&r["channel"]),
            brand: s(&r["brand"]),
            region: s(&r["region"]),
            language: s(&r["language"]),
            loss: r["loss"]
                .as_array()
                .map(|l| (l[0].as_f64().unwrap(), s(&l[1]).unwrap())),
            payment_method: s(&r["payment_method"]),
            narrative: s(&r["narrative"]),
            mentions: r["mentions"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| SharedMention {
                    indicator: indicator(m),
                    role: m["role"].as_str().map(|x| x.parse::<Role>().unwrap()),
                    may_link: m["may_link"].as_bool().unwrap(),
                })
                .collect(),
            withdrawn: false,
        })
        .collect()
}

pub fn rings() -> Vec<RingFacts> {
    json("rings.json")
        .as_array()
        .unwrap()
        .iter()
        .map(|r| RingFacts {
            id: s(&r["id"]).unwrap(),
            report_count: r["report_count"].as_u64().unwrap(),
            partners: serde_json::from_value(r["partners"].clone()).unwrap(),
            brands: serde_json::from_value(r["brands"].clone()).unwrap(),
            first_seen: time(&r["first_seen"]),
            last_seen: time(&r["last_seen"]),
            loss: serde_json::from_value(r["loss"].clone()).unwrap(),
            indicators: r["indicators"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| IndicatorFacts {
                    indicator: indicator(i),
                    first_seen: time(&i["first_seen"]),
                    last_seen: time(&i["last_seen"]),
                    reports: i["reports"].as_u64().unwrap(),
                })
                .collect(),
            bridges: r["bridges"]
                .as_array()
                .unwrap()
                .iter()
                .map(|b| Bridge {
                    ring: s(&b["ring"]).unwrap(),
                    via: indicator(b),
                })
                .collect(),
        })
        .collect()
}

pub fn case() -> Case {
    let at = Utc.with_ymd_and_hms(2024, 2, 10, 8, 0, 0).unwrap();
    let by = "ana".to_string();
    Case::replay(&[
        CaseEvent::Opened {
            id: CaseId::parse("C-000042").unwrap(),
            title: "Fake Microsoft support, UPI and IBAN mules".into(),
            at,
            by: by.clone(),
        },
        CaseEvent::RingLinked {
            ring: "R-7Q2K9".into(),
            at,
            by: by.clone(),
        },
        CaseEvent::RingLinked {
            ring: "R-3M4NP".into(),
            at,
            by: by.clone(),
        },
        CaseEvent::Referred {
            agency: "Europol EC3".into(),
            at,
            by,
        },
    ])
    .unwrap()
}

pub fn input() -> PackageInput {
    PackageInput {
        case: case(),
        exporter: "microsoft".into(),
        generated_at: Utc.with_ymd_and_hms(2024, 3, 1, 12, 0, 0).unwrap(),
        rings: rings(),
        reports: reports(),
        stix_bundle:
            br#"{"type":"bundle","id":"bundle--6ba7b810-9dad-11d1-80b4-00c04fd430c8","objects":[]}"#
                .to_vec(),
        ring_graph_svg: Some(String::from_utf8(fixture("ring_graph.svg")).unwrap()),
    }
}

pub fn key() -> SigningKey {
    SigningKey::from_bytes(&[42; 32])
}

pub fn other_key() -> SigningKey {
    SigningKey::from_bytes(&[7; 32])
}
