//! MISP events read back as report records: realistic events (a CIRCL-style
//! feed event, an API answer with objects), the round trip from ringtrace's
//! own feed, bad input, and MISP warning lists.

use ringtrace_model::{Indicator, Kind, PartnerSlug, ReportKey, Role, Tlp};
use ringtrace_share::misp::{event_records, feed, read_warninglist, FeedOptions};
use ringtrace_share::{SharedMention, SharedReport, SharedRing};
use serde_json::{json, Value};
use std::path::Path;

fn fixture(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/misp")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn indicators(record: &serde_json::Map<String, Value>) -> Vec<(String, String)> {
    record["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["kind"].as_str().unwrap().to_string(),
                i["value"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_feed_event_reads_as_one_report() {
    let events = event_records(&fixture("circl_style_event.json"), None).unwrap();
    assert_eq!(events.len(), 1);
    insta::assert_json_snapshot!("circl_style_event_record", events[0].record);
    // url, hostname, domain, phone-number, email-src, ip-dst read; email-dst
    // (the victim), md5, link and an untagged text are not; the deleted one is skipped.
    assert_eq!((events[0].read, events[0].ignored), (6, 4));
}

#[test]
fn objects_tags_and_api_answers() {
    let events = event_records(&fixture("api_response.json"), None).unwrap();
    assert_eq!(events.len(), 2);
    let first = &events[0].record;
    assert_eq!(first["partner"], "hdfc-bank-fraud-unit");
    assert_eq!(first["tlp"], "amber+strict");
    assert_eq!(first["received_at"], "2024-02-14T00:00:00Z");
    assert_eq!(
        indicators(first),
        [
            ("phone", "+912245678901"),
            ("bank_account", "HDFC0001234:50100234567890"),
            ("iban", "DE89370400440532013000"),
            (
                "crypto_wallet",
                "eth:0x52908400098527886e0f7030069857d2e4169ee7"
            ),
            ("domain", "amazon-refund-desk.in"),
            ("ip", "2001:db8::1"),
            ("email", "refunds.amazon-support@outlook.com"),
        ]
        .map(|(k, v)| (k.to_string(), v.to_string()))
    );
    // No date: the timestamp; no TLP tag and distribution 0: AMBER+STRICT.
    let second = &events[1].record;
    assert_eq!(second["received_at"], "2024-02-16T00:00:00Z");
    assert_eq!(second["tlp"], "amber+strict");
    assert_eq!(
        indicators(second),
        [
            ("upi", "courier.refund@ybl"),
            ("domain", "track-my-courier.in"),
            ("ip", "192.0.2.44"),
        ]
        .map(|(k, v)| (k.to_string(), v.to_string()))
    );
}

#[test]
fn a_partner_given_overrides_the_organisation() {
    let p = PartnerSlug::parse("cert-x").unwrap();
    let events = event_records(&fixture("circl_style_event.json"), Some(&p)).unwrap();
    assert_eq!(events[0].record["partner"], "cert-x");
}

#[test]
fn every_shape_of_input() {
    let event = fixture("circl_style_event.json");
    let bare = event["Event"].clone();
    for doc in [
        event.clone(),
        bare.clone(),
        json!([event.clone(), bare.clone()]),
        json!({"response": [event.clone()]}),
    ] {
        let records = event_records(&doc, None).unwrap();
        assert!(!records.is_empty());
        assert!(records
            .iter()
            .all(|r| r.uuid == "65241a3e-8c4c-4d7b-9a4e-2f1b0a0c0d01"));
    }
    let err = event_records(&json!("nope"), None).unwrap_err();
    assert!(err.to_string().contains("expected a MISP event"), "{err}");
}

#[test]
fn an_invalid_value_names_event_attribute_and_field() {
    let err = event_records(&fixture("bad_phone.json"), None).unwrap_err();
    assert_eq!(err.event, 1);
    assert_eq!(err.path, "Attribute[1]");
    assert_eq!(err.field, "value");
    insta::assert_snapshot!("bad_phone_error", err.to_string());
}

#[test]
fn an_attribute_without_type_is_refused() {
    let err = event_records(&fixture("bad_shape.json"), None).unwrap_err();
    assert_eq!(err.path, "Object[0].Attribute[0]");
    assert_eq!(err.field, "type");
    assert_eq!(
        err.attribute_uuid.as_deref(),
        Some("5b6c7d8e-9fa0-4b12-83d4-d5e6f708192a")
    );
}

#[test]
fn missing_event_fields_are_named() {
    let cases = [
        (
            json!({"Event": {"info": "x", "date": "2024-01-01", "Orgc": {"name": "A"}}}),
            "uuid",
        ),
        (
            json!({"Event": {"uuid": "u-1", "date": "2024-01-01", "Orgc": {"name": "A"}}}),
            "info",
        ),
        (
            json!({"Event": {"uuid": "u-1", "info": "x", "date": "2024-01-01"}}),
            "Orgc.name",
        ),
        (
            json!({"Event": {"uuid": "u-1", "info": "x", "Orgc": {"name": "A"}}}),
            "date",
        ),
        (
            json!({"Event": {"uuid": "u-1", "info": "x", "date": "01/02/2024", "Orgc": {"name": "A"}}}),
            "date",
        ),
        (
            json!({"Event": {"uuid": "u-1", "info": "x", "date": "2024-01-01", "Orgc": {"name": "A"}, "Attribute": {}}}),
            "Attribute",
        ),
        (
            json!({"Event": {"uuid": "u-1", "info": "x", "date": "2024-01-01", "Orgc": {"name": "A"}, "Attribute": [{"type": "url"}]}}),
            "value",
        ),
    ];
    for (doc, field) in cases {
        let err = event_records(&doc, None).unwrap_err();
        assert_eq!(err.field, field, "{err}");
    }
}

fn shared(key: &str, tlp: Tlp, mentions: Vec<(Kind, &str, Option<Role>)>) -> SharedReport {
    SharedReport {
        key: ReportKey::parse(key).unwrap(),
        tlp,
        received_at: "2023-10-01T09:00:00Z".into(),
        modified: "2023-10-01T09:00:05Z".into(),
        ring: Some("R-7Q2K9".into()),
        detail: false,
        channel: None,
        brand: None,
        region: None,
        language: None,
        loss: None,
        payment_method: None,
        narrative: None,
        mentions: mentions
            .into_iter()
            .map(|(k, v, role)| SharedMention {
                indicator: Indicator::new(k, v),
                role,
                may_link: role.is_none_or(|r| r.links()),
            })
            .collect(),
        withdrawn: false,
    }
}

#[test]
fn the_round_trip_keeps_every_exported_indicator() {
    let pay = Some(Role::PaymentDestination);
    let reports = vec![
        shared(
            "microsoft:r-1",
            Tlp::Green,
            vec![
                (Kind::Phone, "+18885550123", Some(Role::ScammerContact)),
                (Kind::Url, "https://secure-alert.com/fix?id=1", None),
                (Kind::Domain, "secure-alert.com", None),
                (Kind::Email, "help.desk@secure-alert.com", None),
                (Kind::Ip, "203.0.113.7", None),
                (Kind::RemoteId, "anydesk:123456789", None),
                (Kind::Phone, "+14155552671", Some(Role::VictimOwn)),
            ],
        ),
        shared(
            "hdfc:c-9",
            Tlp::Amber,
            vec![
                (Kind::Upi, "refund.desk99@okaxis", pay),
                (Kind::Iban, "FR7630006000011234567890189", pay),
                (
                    Kind::CryptoWallet,
                    "btc:1BoatSLRHtKNngkdXEeobR76b53LETtpyT",
                    pay,
                ),
                (
                    Kind::CryptoWallet,
                    "eth:0x52908400098527886e0f7030069857d2e4169ee7",
                    pay,
                ),
                (
                    Kind::CryptoWallet,
                    "trx:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
                    pay,
                ),
                (Kind::GiftCard, "apple:X4RT7YHJ2K9L", pay),
                (Kind::BankAccount, "HDFC0001234:50100234567890", pay),
                (Kind::BankAccount, "FR:0123456789", pay),
                (Kind::BankAccount, "GB:AB12CD34", pay),
            ],
        ),
    ];
    let ring = SharedRing {
        id: "R-7Q2K9".into(),
        report_count: 2,
        first_seen: "2023-10-01T09:00:00Z".into(),
        last_seen: "2023-10-01T09:00:00Z".into(),
        modified: "2023-10-01T09:00:05Z".into(),
        tlp: Tlp::Amber,
    };
    let f = feed(&reports, &[ring], &FeedOptions::default());
    let back = event_records(&f.events[0].event, None).unwrap();
    assert_eq!(back.len(), 1);
    let r = &back[0].record;
    assert_eq!(r["partner"], "ringtrace");
    assert_eq!(r["tlp"], "amber");
    assert_eq!(r["narrative"], "ringtrace ring R-7Q2K9");
    let mut got = indicators(r);
    got.sort();
    let mut want: Vec<(String, String)> = reports
        .iter()
        .flat_map(|r| &r.mentions)
        .filter(|m| m.role != Some(Role::VictimOwn))
        .map(|m| (m.indicator.kind.to_string(), m.indicator.value.clone()))
        .collect();
    want.sort();
    assert_eq!(got, want);
}

#[test]
fn misp_warninglists_read_by_type() {
    let hostname = json!({
        "name": "List of known bank domains", "version": 8, "type": "hostname",
        "description": "Event contains one or more entries of known banking website",
        "matching_attributes": ["domain", "hostname", "domain|ip", "url"],
        "list": [".hdfcbank.com", "icicibank.com", "ICICIBANK.com", "not a host"]
    });
    let r = read_warninglist(&hostname).unwrap();
    assert_eq!(
        r.values,
        vec![
            Indicator::new(Kind::Domain, "hdfcbank.com"),
            Indicator::new(Kind::Domain, "icicibank.com")
        ]
    );
    assert_eq!(r.invalid.len(), 1);

    let cidr = json!({
        "name": "List of RFC 1918 CIDR blocks", "version": 5, "type": "cidr",
        "description": "private ranges", "matching_attributes": ["ip-src", "ip-dst"],
        "list": ["10.0.0.0/8", "192.0.2.7/32", "2001:db8::1/128", "198.51.100.9"]
    });
    let r = read_warninglist(&cidr).unwrap();
    assert_eq!(r.values.len(), 3);
    assert_eq!(r.skipped, 1);
    assert!(r.skipped_why.is_some());

    let regex = json!({
        "name": "Unattributed phone number.", "version": 20251223, "type": "regex",
        "description": "reserved", "matching_attributes": ["phone-number"],
        "list": ["/((?:\\+|00)1)?55501([0-9]{2})/g"]
    });
    let r = read_warninglist(&regex).unwrap();
    assert!(r.values.is_empty());
    assert_eq!(r.skipped, 1);

    let strings = json!({
        "name": "Support lines", "version": 1, "type": "string", "description": "phones",
        "matching_attributes": ["phone-number"],
        "list": ["+1 800 642 7676", "+44 800 123 4567", "12"]
    });
    let r = read_warninglist(&strings).unwrap();
    assert_eq!(r.values[0], Indicator::new(Kind::Phone, "+18006427676"));
    assert_eq!(r.invalid.len(), 1, "{r:?}");

    let urls = json!({
        "name": "mixed", "version": 1, "type": "string", "description": "hosts and urls",
        "matching_attributes": ["hostname", "domain", "url"],
        "list": ["https://Example.COM/a", "example.org"]
    });
    let r = read_warninglist(&urls).unwrap();
    assert_eq!(
        r.values,
        vec![
            Indicator::new(Kind::Url, "https://example.com/a"),
            Indicator::new(Kind::Domain, "example.org")
        ]
    );
}

#[test]
fn a_warninglist_missing_its_keys_is_refused() {
    let err = read_warninglist(&json!({"name": "x", "type": "string", "list": []})).unwrap_err();
    assert_eq!(err.field, "version");
    let err = read_warninglist(&json!({"name": "x", "type": "fuzzy", "version": 1, "list": []}))
        .unwrap_err();
    assert_eq!(err.field, "type");
}
