//! Device extracts: the fixtures parsed and matched against the sample
//! rings, malformed inputs with their exact messages, random bytes.

mod support;

use proptest::prelude::*;
use ringtrace_act::device::{
    device_indicators, match_exhibits, parse_extract, CustodyEntry, Exhibit, ExhibitId,
    ExtractFormat, RingHit,
};
use ringtrace_model::{Indicator, ReportKey};
use std::collections::BTreeMap;
use support::fixture;

/// The sample rings as the store would answer: the rings an indicator
/// belongs to and the reports of each that mention it.
fn ring_index() -> BTreeMap<Indicator, Vec<RingHit>> {
    let reports = support::reports();
    let mut out: BTreeMap<Indicator, Vec<RingHit>> = BTreeMap::new();
    for ring in support::rings() {
        for f in &ring.indicators {
            let keys: Vec<ReportKey> = reports
                .iter()
                .filter(|r| r.ring.as_deref() == Some(ring.id.as_str()))
                .filter(|r| r.mentions.iter().any(|m| m.indicator == f.indicator))
                .map(|r| r.key.clone())
                .collect();
            out.entry(f.indicator.clone()).or_default().push(RingHit {
                ring: ring.id.clone(),
                reports: keys,
            });
        }
    }
    out
}

fn exhibit(id: &str, site: &str, file: &str) -> Exhibit {
    let format = ExtractFormat::from_file_name(file).unwrap();
    let extract = parse_extract(&fixture(file), format, file).unwrap();
    Exhibit {
        id: ExhibitId::parse(id).unwrap(),
        site: site.to_string(),
        indicators: device_indicators(&extract, Some("US")),
    }
}

#[test]
fn fixtures_parse_and_give_their_indicators() {
    let phone = parse_extract(
        &fixture("phone_site12.json"),
        ExtractFormat::Json,
        "phone_site12.json",
    )
    .unwrap();
    assert_eq!(phone.imei.as_ref().unwrap().as_str(), "490154203237518");
    let indicators = device_indicators(&phone, Some("IN"));
    insta::assert_json_snapshot!("phone_indicators", indicators);
    let computer = parse_extract(
        &fixture("computer_site40.csv"),
        ExtractFormat::Csv,
        "computer_site40.csv",
    )
    .unwrap();
    assert_eq!(computer.label.as_deref(), Some("Dell laptop, floor 2"));
    insta::assert_json_snapshot!("computer_indicators", device_indicators(&computer, None));
}

#[test]
fn exhibits_match_rings_sims_accounts_and_sites() {
    let exhibits = [
        exhibit("EXH-12-1", "12", "phone_site12.json"),
        exhibit("EXH-40-1", "40", "computer_site40.csv"),
    ];
    let index = ring_index();
    let lookup = |i: &Indicator| index.get(i).cloned().unwrap_or_default();
    let m = match_exhibits(&exhibits, &lookup, &|_| false);
    assert_eq!(m.sims.len(), 1);
    assert_eq!(m.sims[0].source, "sims[0].msisdn");
    assert_eq!(m.sims[0].rings, ["R-7Q2K9"]);
    assert_eq!(m.mail_accounts.len(), 1);
    assert_eq!(m.mail_accounts[0].indicator.value, "help.desk@gmail.com");
    let sentences: Vec<String> = m.sites.iter().flat_map(|l| l.sentences()).collect();
    assert!(
        sentences.contains(
            &"site 12 and site 40 share a payment account (upi:refund.desk99@okaxis)".to_string()
        ),
        "{sentences:?}"
    );
    assert!(!sentences.iter().any(|s| s.contains("google")));
    insta::assert_json_snapshot!("matches", m);

    // a value on the warning list links no sites, though both hold it
    let upi = |i: &Indicator| i.value == "refund.desk99@okaxis";
    let m = match_exhibits(&exhibits, &lookup, &upi);
    let sentences: Vec<String> = m.sites.iter().flat_map(|l| l.sentences()).collect();
    assert!(
        !sentences.iter().any(|s| s.contains("okaxis")),
        "{sentences:?}"
    );
}

#[test]
fn custody_entry_hashes_what_was_imported() {
    let bytes = fixture("phone_site12.json");
    let at = chrono::DateTime::parse_from_rfc3339("2024-03-02T10:00:00Z")
        .unwrap()
        .to_utc();
    let e = CustodyEntry::of(
        ExhibitId::parse("EXH-12-1").unwrap(),
        "12",
        "phone_site12.json",
        &bytes,
        ExtractFormat::Json,
        "officer.k",
        at,
    );
    assert_eq!(e.size, bytes.len() as u64);
    assert!(e.matches(&bytes));
    let mut changed = bytes.clone();
    changed[10] ^= 1;
    assert!(!e.matches(&changed));
    let json = serde_json::to_value(&e).unwrap();
    assert_eq!(json["format"], "json");
    assert_eq!(json["exhibit"], "EXH-12-1");
}

#[test]
fn malformed_extracts_give_exact_messages() {
    let text = String::from_utf8(fixture("malformed.jsonl")).unwrap();
    let mut wrong = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let case: serde_json::Value = serde_json::from_str(line).unwrap();
        let format: ExtractFormat = case["format"].as_str().unwrap().parse().unwrap();
        let file = format!("bad.{format}");
        let got = match parse_extract(case["input"].as_str().unwrap().as_bytes(), format, &file) {
            Ok(_) => "accepted".to_string(),
            Err(e) => e.to_string(),
        };
        if got != case["error"].as_str().unwrap() {
            wrong.push(format!("{}: {got}", case["name"].as_str().unwrap()));
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512), csv in any::<bool>()) {
        let format = if csv { ExtractFormat::Csv } else { ExtractFormat::Json };
        if let Ok(d) = parse_extract(&bytes, format, "fuzz") {
            let _ = device_indicators(&d, Some("US"));
        }
    }

    #[test]
    fn mutated_fixtures_never_panic(pos in any::<prop::sample::Index>(), byte in any::<u8>(), csv in any::<bool>()) {
        let (name, format) = if csv { ("computer_site40.csv", ExtractFormat::Csv) } else { ("phone_site12.json", ExtractFormat::Json) };
        let mut bytes = fixture(name);
        let i = pos.index(bytes.len());
        bytes[i] = byte;
        if let Ok(d) = parse_extract(&bytes, format, name) {
            let _ = device_indicators(&d, Some("US"));
        }
    }
}
