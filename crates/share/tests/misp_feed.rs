//! The MISP feed export: events per kind, TLP and distribution, roles,
//! determinism, hashes.csv.

use ringtrace_model::{Indicator, Kind, ReportKey, Role, Tlp};
use ringtrace_share::misp::{feed, md5_hex, FeedOptions};
use ringtrace_share::{SharedMention, SharedReport, SharedRing};
use serde_json::Value;

fn mention(kind: Kind, value: &str, role: Option<Role>, may_link: bool) -> SharedMention {
    SharedMention {
        indicator: Indicator::new(kind, value),
        role,
        may_link,
    }
}

fn scammer(kind: Kind, value: &str) -> SharedMention {
    mention(kind, value, Some(Role::ScammerContact), true)
}

fn report(key: &str, ring: &str, at: &str, tlp: Tlp, mentions: Vec<SharedMention>) -> SharedReport {
    SharedReport {
        key: ReportKey::parse(key).unwrap(),
        tlp,
        received_at: at.to_string(),
        modified: at.replace("T09", "T10"),
        ring: Some(ring.to_string()),
        detail: true,
        channel: Some("phone_call".into()),
        brand: Some("Microsoft".into()),
        region: Some("US".into()),
        language: Some("en".into()),
        loss: Some((499.0, "USD".into())),
        payment_method: Some("gift_card".into()),
        narrative: Some("called the number on the popup".into()),
        mentions,
        withdrawn: false,
    }
}

/// The rings as the export's loader makes them up.
fn rings_of(reports: &[SharedReport]) -> Vec<SharedRing> {
    let mut ids: Vec<&str> = reports.iter().filter_map(|r| r.ring.as_deref()).collect();
    ids.sort();
    ids.dedup();
    ids.into_iter()
        .map(|id| {
            let members: Vec<&SharedReport> = reports
                .iter()
                .filter(|r| r.ring.as_deref() == Some(id))
                .collect();
            SharedRing {
                id: id.to_string(),
                report_count: members.len() as u64,
                first_seen: members.iter().map(|r| r.received_at.clone()).min().unwrap(),
                last_seen: members.iter().map(|r| r.received_at.clone()).max().unwrap(),
                modified: members.iter().map(|r| r.modified.clone()).max().unwrap(),
                tlp: members.iter().map(|r| r.tlp).max().unwrap(),
            }
        })
        .collect()
}

/// A ring with one value of every kind, two reports, and values the
/// export must leave out or mark.
fn every_kind() -> Vec<SharedReport> {
    vec![
        report(
            "microsoft:r-1",
            "R-7Q2K9",
            "2023-10-01T09:00:00Z",
            Tlp::Green,
            vec![
                scammer(Kind::Phone, "+18885550123"),
                scammer(Kind::Url, "https://secure-alert.com/fix?id=1"),
                scammer(Kind::Domain, "secure-alert.com"),
                scammer(Kind::Email, "help.desk@secure-alert.com"),
                scammer(Kind::Ip, "203.0.113.7"),
                scammer(Kind::RemoteId, "anydesk:123456789"),
                mention(Kind::Phone, "+14155552671", Some(Role::VictimOwn), false),
                mention(
                    Kind::Domain,
                    "microsoft.com",
                    Some(Role::LegitimateReference),
                    false,
                ),
                mention(Kind::Domain, "gmail.com", None, false),
            ],
        ),
        report(
            "hdfc:c-9",
            "R-7Q2K9",
            "2023-10-12T09:30:00Z",
            Tlp::Amber,
            vec![
                scammer(Kind::Phone, "+18885550123"),
                mention(
                    Kind::Upi,
                    "refund.desk99@okaxis",
                    Some(Role::PaymentDestination),
                    true,
                ),
                mention(
                    Kind::Iban,
                    "FR7630006000011234567890189",
                    Some(Role::PaymentDestination),
                    true,
                ),
                mention(
                    Kind::CryptoWallet,
                    "btc:1BoatSLRHtKNngkdXEeobR76b53LETtpyT",
                    Some(Role::PaymentDestination),
                    true,
                ),
                mention(
                    Kind::CryptoWallet,
                    "eth:0x52908400098527886e0f7030069857d2e4169ee7",
                    Some(Role::PaymentDestination),
                    true,
                ),
                mention(
                    Kind::GiftCard,
                    "apple:X4RT7YHJ2K9L",
                    Some(Role::PaymentDestination),
                    true,
                ),
                mention(
                    Kind::BankAccount,
                    "HDFC0001234:50100234567890",
                    Some(Role::PaymentDestination),
                    true,
                ),
                mention(Kind::BankAccount, "FR:0123456789", None, true),
            ],
        ),
    ]
}

#[test]
fn one_event_per_ring_with_every_kind() {
    let reports = every_kind();
    let f = feed(&reports, &rings_of(&reports), &FeedOptions::default());
    assert_eq!(f.events.len(), 1);
    insta::assert_json_snapshot!("event_every_kind", f.events[0].event);
    insta::assert_json_snapshot!("manifest_every_kind", f.manifest);
    insta::assert_snapshot!("hashes_every_kind", f.hashes_csv);
}

fn values_of(event: &Value) -> Vec<String> {
    let e = &event["Event"];
    let mut v: Vec<String> = Vec::new();
    for a in e["Attribute"].as_array().unwrap() {
        v.push(a["value"].as_str().unwrap().to_string());
    }
    for o in e["Object"].as_array().unwrap() {
        for a in o["Attribute"].as_array().unwrap() {
            v.push(a["value"].as_str().unwrap().to_string());
        }
    }
    v
}

#[test]
fn hashes_csv_has_the_md5_of_every_value_and_the_event_uuid() {
    let reports = every_kind();
    let f = feed(&reports, &rings_of(&reports), &FeedOptions::default());
    let uuid = &f.events[0].summary.uuid;
    let want: Vec<String> = values_of(&f.events[0].event)
        .iter()
        .map(|v| format!("{},{uuid}", md5_hex(v)))
        .collect();
    let got: Vec<&str> = f.hashes_csv.lines().collect();
    assert_eq!(got, want);
    assert_eq!(f.events[0].summary.attributes, want.len());
}

#[test]
fn victims_own_values_and_legitimate_references_are_left_out() {
    let reports = every_kind();
    let f = feed(&reports, &rings_of(&reports), &FeedOptions::default());
    let values = values_of(&f.events[0].event);
    assert!(
        !values.contains(&"+14155552671".to_string()),
        "victim's own number exported"
    );
    assert!(
        !values.contains(&"microsoft.com".to_string()),
        "legitimate reference exported"
    );
    assert_eq!(f.events[0].summary.left_out, 2);
    // A warning-listed value stays, but is no IDS indicator.
    let gmail = f.events[0].event["Event"]["Attribute"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["value"] == "gmail.com")
        .expect("gmail.com exported");
    assert_eq!(gmail["to_ids"], false);
    assert!(gmail["comment"].as_str().unwrap().contains("warning list"));
}

#[test]
fn a_value_both_victims_and_scammers_counts_only_where_it_is_the_scammers() {
    let reports = vec![
        report(
            "a:1",
            "R-1",
            "2023-10-01T09:00:00Z",
            Tlp::Clear,
            vec![mention(
                Kind::Phone,
                "+18885550123",
                Some(Role::VictimOwn),
                false,
            )],
        ),
        report(
            "b:2",
            "R-1",
            "2023-10-05T09:00:00Z",
            Tlp::Clear,
            vec![scammer(Kind::Phone, "+18885550123")],
        ),
    ];
    let f = feed(&reports, &rings_of(&reports), &FeedOptions::default());
    let o = &f.events[0].event["Event"]["Object"][0];
    assert_eq!(o["first_seen"], "2023-10-05T09:00:00.000000+00:00");
    let a = &o["Attribute"][0];
    assert_eq!(a["to_ids"], true);
    assert_eq!(a["comment"], "scammer contact; in 1 report of ring R-1");
    assert_eq!(f.events[0].summary.left_out, 0);
}

#[test]
fn the_most_restrictive_marking_sets_tag_and_distribution() {
    let cases = [
        (Tlp::Clear, "tlp:clear", "3"),
        (Tlp::Green, "tlp:green", "2"),
        (Tlp::Amber, "tlp:amber", "1"),
        (Tlp::AmberStrict, "tlp:amber+strict", "0"),
        (Tlp::Red, "tlp:red", "0"),
    ];
    for (tlp, tag, distribution) in cases {
        let reports = vec![
            report(
                "a:1",
                "R-1",
                "2023-10-01T09:00:00Z",
                Tlp::Clear,
                vec![scammer(Kind::Domain, "secure-alert.com")],
            ),
            report(
                "b:2",
                "R-1",
                "2023-10-02T09:00:00Z",
                tlp,
                vec![scammer(Kind::Domain, "secure-alert.com")],
            ),
        ];
        let f = feed(&reports, &rings_of(&reports), &FeedOptions::default());
        let e = &f.events[0].event["Event"];
        assert_eq!(e["Tag"][0]["name"], tag, "{tlp}");
        assert_eq!(e["distribution"], distribution, "{tlp}");
        let uuid = &f.events[0].summary.uuid;
        assert_eq!(f.manifest[uuid]["Tag"][0]["name"], tag);
    }
}

#[test]
fn the_same_data_makes_the_same_feed_whatever_the_order() {
    let reports = every_kind();
    let a = feed(&reports, &rings_of(&reports), &FeedOptions::default());
    let mut shuffled = every_kind();
    shuffled.reverse();
    for r in &mut shuffled {
        r.mentions.reverse();
    }
    let b = feed(&shuffled, &rings_of(&shuffled), &FeedOptions::default());
    assert_eq!(a, b);
    assert_eq!(
        serde_json::to_string(&a.events[0].event).unwrap(),
        serde_json::to_string(&b.events[0].event).unwrap()
    );
}

#[test]
fn identifiers_are_uuid5_of_the_ring_and_value() {
    let reports = every_kind();
    let f = feed(&reports, &rings_of(&reports), &FeedOptions::default());
    let e = &f.events[0].event["Event"];
    let uuid = e["uuid"].as_str().unwrap();
    assert_eq!(uuid, ringtrace_share::misp::uuid_for("ring:R-7Q2K9"));
    assert_eq!(&uuid[14..15], "5", "a version 5 uuid: {uuid}");
    let mut all: Vec<&str> = vec![uuid];
    for a in e["Attribute"].as_array().unwrap() {
        all.push(a["uuid"].as_str().unwrap());
    }
    for o in e["Object"].as_array().unwrap() {
        all.push(o["uuid"].as_str().unwrap());
        for a in o["Attribute"].as_array().unwrap() {
            all.push(a["uuid"].as_str().unwrap());
        }
    }
    let n = all.len();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), n, "uuids repeat");
}

#[test]
fn reports_in_no_ring_are_counted_and_left_out() {
    let mut reports = every_kind();
    let mut lone = report(
        "c:3",
        "R-X",
        "2023-11-01T09:00:00Z",
        Tlp::Clear,
        vec![scammer(Kind::Domain, "lone.example.com")],
    );
    lone.ring = None;
    reports.push(lone);
    let f = feed(&reports, &rings_of(&reports), &FeedOptions::default());
    assert_eq!(f.events.len(), 1);
    assert_eq!(f.unringed, 1);
}

#[test]
fn event_times_come_from_the_data() {
    let reports = every_kind();
    let f = feed(&reports, &rings_of(&reports), &FeedOptions::default());
    let e = &f.events[0].event["Event"];
    assert_eq!(e["date"], "2023-10-01");
    // The latest stored time of the ring's reports: 2023-10-12T10:30:00Z.
    assert_eq!(e["timestamp"], "1697106600");
    assert_eq!(e["publish_timestamp"], e["timestamp"]);
}
