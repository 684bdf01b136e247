//! The STIX 2.1 mapping as data: every indicator kind exported and read
//! back, identifiers that do not change between exports, TLP markings,
//! roles, bundles from MISP and OpenCTI, and bad input.

use ringtrace_model::{Indicator, Kind, ReportKey, Role, Tlp};
use ringtrace_share::stix::{
    self, extensions, import_bundle, ExportOptions, ImportOptions, Imported, Seen,
};
use ringtrace_share::{SharedMention, SharedReport, SharedRing};
use serde_json::{json, Map, Value};
use std::collections::{BTreeSet, HashMap};
use std::path::Path;

fn mention(kind: Kind, value: &str, role: Option<Role>) -> SharedMention {
    SharedMention {
        indicator: Indicator::new(kind, value),
        role,
        may_link: role.is_none_or(Role::links),
    }
}

fn report(key: &str, tlp: Tlp, ring: Option<&str>, mentions: Vec<SharedMention>) -> SharedReport {
    SharedReport {
        key: ReportKey::parse(key).unwrap(),
        tlp,
        received_at: "2024-03-01T10:00:00Z".into(),
        modified: "2024-03-02T08:30:00Z".into(),
        ring: ring.map(String::from),
        detail: true,
        channel: Some("phone_call".into()),
        brand: Some("Microsoft".into()),
        region: Some("US".into()),
        language: Some("en".into()),
        loss: Some((499.5, "USD".into())),
        payment_method: Some("gift_card".into()),
        narrative: None,
        mentions,
        withdrawn: false,
    }
}

/// Every kind of the spec, in canonical form.
fn every_kind() -> Vec<Indicator> {
    [
        (Kind::Phone, "+18885550123"),
        (Kind::Url, "https://secure-alert.com/fix?id=1"),
        (Kind::Domain, "secure-alert.com"),
        (Kind::Email, "help.desk@gmail.com"),
        (Kind::Ip, "203.0.113.7"),
        (Kind::Ip, "2001:db8::7"),
        (Kind::Upi, "refund.desk99@okaxis"),
        (Kind::Iban, "FR7630006000011234567890189"),
        (Kind::CryptoWallet, "btc:1BoatSLRHtKNngkdXEeobR76b53LETtpyT"),
        (
            Kind::CryptoWallet,
            "eth:0x52908400098527886e0f7030069857d2e4169ee7",
        ),
        (Kind::RemoteId, "anydesk:123456789"),
        (Kind::GiftCard, "apple:X4RT7YHJ2KLM9PQZ"),
        (Kind::BankAccount, "HDFC0001234:50100234567890"),
    ]
    .into_iter()
    .map(|(k, v)| {
        // The values are canonical: extraction's canonical form is itself.
        assert_eq!(
            ringtrace_extract::canonicalize(k, v, Some("US")).unwrap(),
            v,
            "{k}"
        );
        Indicator::new(k, v)
    })
    .collect()
}

/// A small dataset: every kind, every role, every marking, a withdrawn
/// report, one without detail, one with a narrative.
fn dataset() -> (Vec<SharedReport>, Vec<SharedRing>) {
    let all = every_kind();
    let mut a = report(
        "microsoft:r-1",
        Tlp::Green,
        Some("R-7Q2K9"),
        all.iter()
            .map(|i| SharedMention {
                indicator: i.clone(),
                role: None,
                may_link: true,
            })
            .collect(),
    );
    a.mentions
        .push(mention(Kind::Phone, "+18005551234", Some(Role::VictimOwn)));
    a.mentions.push(mention(
        Kind::Domain,
        "microsoft.com",
        Some(Role::LegitimateReference),
    ));
    let mut b = report(
        "amazon:a-9",
        Tlp::Red,
        Some("R-7Q2K9"),
        vec![
            mention(Kind::Phone, "+18885550123", Some(Role::ScammerContact)),
            mention(
                Kind::Upi,
                "refund.desk99@okaxis",
                Some(Role::PaymentDestination),
            ),
        ],
    );
    b.received_at = "2024-03-05T23:59:59+02:00".into();
    b.modified = "2024-03-06T00:00:00Z".into();
    let mut c = report(
        "bank-7:case/42",
        Tlp::AmberStrict,
        None,
        vec![
            mention(Kind::Email, "help.desk@gmail.com", None),
            mention(Kind::Phone, "+18005551234", Some(Role::VictimOwn)),
        ],
    );
    c.detail = false;
    c.channel = None;
    c.brand = None;
    c.region = None;
    c.language = None;
    c.loss = None;
    c.payment_method = None;
    let mut d = report(
        "microsoft:r-2",
        Tlp::Clear,
        None,
        vec![
            mention(Kind::Phone, "+18885550123", Some(Role::ScammerContact)),
            mention(Kind::Phone, "+18005551234", Some(Role::VictimOwn)),
        ],
    );
    d.narrative =
        Some("They called me from +1 888 555 0123. My own number is +1 800 555 1234.".into());
    let mut e = report("microsoft:r-3", Tlp::Amber, None, vec![]);
    e.withdrawn = true;
    let rings = vec![SharedRing {
        id: "R-7Q2K9".into(),
        report_count: 2,
        first_seen: "2024-03-01T10:00:00Z".into(),
        last_seen: "2024-03-05T21:59:59Z".into(),
        modified: "2024-03-06T00:00:00Z".into(),
        tlp: Tlp::Red,
    }];
    (vec![a, b, c, d, e], rings)
}

/// A bundle as the command line writes it: each id once.
fn export(reports: &[SharedReport], rings: &[SharedRing], opts: &ExportOptions) -> Value {
    let tlps = stix::indicator_tlps(reports);
    let tlp_of = |i: &Indicator| tlps[i];
    let mut seen = Seen::default();
    let mut objects = Vec::new();
    let mut all = stix::common_objects(opts);
    for r in rings {
        all.extend(stix::ring_objects(r, opts));
    }
    for r in reports {
        all.extend(stix::report_objects(r, &tlp_of, opts));
    }
    for o in all {
        if seen.first(o["id"].as_str().unwrap()) {
            objects.push(o);
        }
    }
    json!({
        "type": "bundle",
        "id": stix::bundle_id(reports, rings, opts),
        "objects": objects,
    })
}

fn objects(bundle: &Value) -> &Vec<Value> {
    bundle["objects"].as_array().unwrap()
}

fn by_id(bundle: &Value) -> HashMap<String, Value> {
    objects(bundle)
        .iter()
        .map(|o| (o["id"].as_str().unwrap().to_string(), o.clone()))
        .collect()
}

fn given(record: &Map<String, Value>) -> BTreeSet<Indicator> {
    record
        .get("indicators")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .map(|i| {
                    Indicator::new(
                        i["kind"].as_str().unwrap().parse().unwrap(),
                        i["value"].as_str().unwrap(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn record<'a>(imported: &'a Imported, id: &str) -> &'a Map<String, Value> {
    imported
        .reports
        .iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no record {id} in {:#?}", imported.reports))
}

#[test]
fn every_kind_round_trips() {
    let (reports, rings) = dataset();
    for opts in [
        ExportOptions::default(),
        ExportOptions {
            opencti_types: true,
        },
    ] {
        let bundle = export(&reports, &rings, &opts);
        let imported = import_bundle(&bundle, &ImportOptions::default()).unwrap();
        assert_eq!(imported.withdrawn, vec!["microsoft:r-3".to_string()]);
        assert_eq!(imported.reports.len(), 4);

        let r1 = record(&imported, "r-1");
        assert_eq!(r1["partner"], "microsoft");
        assert_eq!(r1["received_at"], "2024-03-01T10:00:00Z");
        assert_eq!(r1["tlp"], "green");
        assert_eq!(r1["channel"], "phone_call");
        assert_eq!(r1["brand"], "Microsoft");
        assert_eq!(r1["region"], "US");
        assert_eq!(r1["language"], "en");
        assert_eq!(r1["payment_method"], "gift_card");
        assert_eq!(r1["loss"], json!({"amount": 499.5, "currency": "USD"}));
        // Every kind comes back; the victim's own number and the
        // legitimate reference are not given (they would link).
        assert_eq!(given(r1), every_kind().into_iter().collect(), "{opts:?}");
        for (id, why) in &imported.ignored {
            assert!(
                why.starts_with("victim_own") || why.starts_with("legitimate_reference"),
                "{id}: {why}"
            );
        }

        let r2 = record(&imported, "a-9");
        assert_eq!(r2["received_at"], "2024-03-05T21:59:59Z");
        assert_eq!(r2["tlp"], "red");

        // Without detail: no facts, and the victim's number is lost (it is
        // listed as ignored), the email kept.
        let r3 = record(&imported, "case/42");
        assert_eq!(r3["partner"], "bank-7");
        assert_eq!(r3["tlp"], "amber+strict");
        assert!(r3.get("channel").is_none() && r3.get("narrative").is_none());
        assert_eq!(
            given(r3),
            [Indicator::new(Kind::Email, "help.desk@gmail.com")].into()
        );

        // With a narrative: what extraction reads again is not given twice,
        // and the victim's own number comes back through the narrative
        // with its role.
        let r4 = record(&imported, "r-2");
        assert!(given(r4).is_empty(), "{r4:?}");
        let found: BTreeSet<(Indicator, Option<&str>)> =
            ringtrace_extract::extract(r4["narrative"].as_str().unwrap(), Some("US"))
                .into_iter()
                .map(|f| (f.indicator, f.role.map(Role::as_str)))
                .collect();
        assert_eq!(
            found,
            [
                (
                    Indicator::new(Kind::Phone, "+18885550123"),
                    Some("scammer_contact")
                ),
                (
                    Indicator::new(Kind::Phone, "+18005551234"),
                    Some("victim_own")
                ),
            ]
            .into()
        );
    }
}

#[test]
fn exports_are_deterministic() {
    let (reports, rings) = dataset();
    let a = serde_json::to_string(&export(&reports, &rings, &ExportOptions::default())).unwrap();
    let b = serde_json::to_string(&export(&reports, &rings, &ExportOptions::default())).unwrap();
    assert_eq!(a, b);
    // The identifiers are fixed by the data, not by the run.
    assert_eq!(
        stix::ring_id("R-7Q2K9"),
        format!("intrusion-set--{}", uuid_v5("ring:R-7Q2K9"))
    );
    assert_eq!(
        stix::report_id("microsoft:r-1"),
        format!("report--{}", uuid_v5("report:microsoft:r-1"))
    );
    // A different dataset, a different bundle id.
    let fewer = &reports[..2];
    assert_ne!(
        stix::bundle_id(fewer, &rings, &ExportOptions::default()),
        stix::bundle_id(&reports, &rings, &ExportOptions::default())
    );
    insta::assert_snapshot!("bundle", a.replace("},{", "},\n{"));
}

fn uuid_v5(name: &str) -> String {
    uuid::Uuid::new_v5(&stix::ids::RINGTRACE_NAMESPACE, name.as_bytes()).to_string()
}

#[test]
fn one_id_one_content_within_an_export() {
    let (reports, rings) = dataset();
    let tlps = stix::indicator_tlps(&reports);
    let tlp_of = |i: &Indicator| tlps[i];
    let opts = ExportOptions::default();
    let mut contents: HashMap<String, Value> = HashMap::new();
    let mut all = stix::common_objects(&opts);
    all.extend(rings.iter().flat_map(|r| stix::ring_objects(r, &opts)));
    for r in &reports {
        all.extend(stix::report_objects(r, &tlp_of, &opts));
    }
    for o in all {
        let id = o["id"].as_str().unwrap().to_string();
        if let Some(before) = contents.get(&id) {
            assert_eq!(before, &o, "{id} has two contents");
        }
        contents.insert(id, o);
    }
}

#[test]
fn markings() {
    let (reports, rings) = dataset();
    let bundle = export(&reports, &rings, &ExportOptions::default());
    let objs = by_id(&bundle);
    let tlp_of_id = |id: &str| stix::tlp_of_object(&objs[id]).unwrap();
    for o in objects(&bundle) {
        let t = o["type"].as_str().unwrap();
        let refs = o.get("object_marking_refs").and_then(Value::as_array);
        if t == "marking-definition"
            || o["id"] == "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"
        {
            // Published objects, as published.
            assert!(refs.is_none(), "{o}");
        } else {
            assert_eq!(refs.map(Vec::len), Some(1), "{o}");
        }
    }
    // Every marking used is defined in the bundle, with its official id.
    for t in Tlp::ALL {
        let m = &objs[stix::tlp::marking_id(*t)];
        assert_eq!(
            m["extensions"]["extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"]
                ["tlp_2_0"],
            t.as_str()
        );
    }
    // Reports carry their own marking.
    for r in &reports {
        assert_eq!(tlp_of_id(&stix::report_id(&r.key.to_string())), r.tlp);
    }
    // An SCO in a GREEN and a RED report is GREEN; the RED report's claim
    // that it indicates the ring is RED.
    let phone = Indicator::new(Kind::Phone, "+18885550123");
    let sco = stix::observables::sco_id(&phone, false);
    assert_eq!(tlp_of_id(&sco), Tlp::Clear); // r-2 is CLEAR
    let upi = Indicator::new(Kind::Upi, "refund.desk99@okaxis");
    assert_eq!(
        tlp_of_id(&stix::observables::sco_id(&upi, false)),
        Tlp::Green
    );
    let ind = stix::indicator_id(&upi, Tlp::Green, &ExportOptions::default());
    assert_eq!(tlp_of_id(&ind), Tlp::Green);
    let indicates: Vec<Tlp> = objects(&bundle)
        .iter()
        .filter(|o| o["relationship_type"] == "indicates" && o["source_ref"] == ind.as_str())
        .map(|o| stix::tlp_of_object(o).unwrap())
        .collect();
    assert_eq!(indicates, vec![Tlp::Green, Tlp::Red]);
    // The ring: the most restrictive of its reports.
    assert_eq!(tlp_of_id(&stix::ring_id("R-7Q2K9")), Tlp::Red);
}

#[test]
fn roles_keep_victims_and_references_out_of_indicators() {
    let (reports, rings) = dataset();
    let bundle = export(&reports, &rings, &ExportOptions::default());
    let patterns: Vec<&str> = objects(&bundle)
        .iter()
        .filter_map(|o| o.get("pattern").and_then(Value::as_str))
        .collect();
    assert!(patterns.contains(&"[x-ringtrace-phone-number:value = '+18885550123']"));
    assert!(!patterns.iter().any(|p| p.contains("+18005551234")));
    assert!(!patterns.iter().any(|p| p.contains("microsoft.com")));
    // Both are still observables, with their role in the report.
    let objs = by_id(&bundle);
    let own = stix::observables::sco_id(&Indicator::new(Kind::Phone, "+18005551234"), false);
    assert_eq!(objs[&own]["value"], "+18005551234");
    let r1 = &objs[&stix::report_id("microsoft:r-1")];
    assert!(r1["object_refs"].as_array().unwrap().contains(&json!(own)));
    let mentions = &r1["extensions"][extensions::RINGTRACE_EXTENSION]["mentions"];
    assert!(mentions
        .as_array()
        .unwrap()
        .contains(&json!({"ref": own, "role": "victim_own", "links": false})));
    // Without detail, no narrative or facts travel.
    let c = &objs[&stix::report_id("bank-7:case/42")];
    assert!(c.get("description").is_none());
    assert_eq!(
        c["extensions"][extensions::RINGTRACE_EXTENSION]["detail"],
        false
    );
    assert_eq!(objs[&stix::report_id("microsoft:r-3")]["revoked"], true);
}

#[test]
fn every_extension_has_its_schema_shipped() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas");
    let bundle = export(&dataset().0, &dataset().1, &ExportOptions::default());
    let mut defined = BTreeSet::new();
    for o in objects(&bundle).iter().chain(
        stix::common_objects(&ExportOptions {
            opencti_types: true,
        })
        .iter(),
    ) {
        if o["type"] != "extension-definition" || o["created_by_ref"] != extensions::PRODUCER {
            continue;
        }
        let id = o["id"].as_str().unwrap();
        defined.insert(id.to_string());
        let text = std::fs::read_to_string(dir.join(format!("{id}.json")))
            .unwrap_or_else(|e| panic!("schema of {id}: {e}"));
        let schema: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(schema["$id"], o["schema"], "{id}");
        assert_eq!(
            schema["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        if o["extension_types"] == json!(["new-sco"]) {
            assert_eq!(schema["title"], o["name"], "{id}");
        }
    }
    let shipped: BTreeSet<String> = extensions::schema_ids()
        .into_iter()
        .map(String::from)
        .collect();
    assert_eq!(defined, shipped);
}

#[test]
fn sco_ids_follow_the_standard() {
    // UUIDv5 in the STIX namespace over {"value": …}, as python-stix2 makes them.
    assert_eq!(
        stix::observables::sco_id(&Indicator::new(Kind::Domain, "example.com"), false),
        "domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7"
    );
    let phone = Indicator::new(Kind::Phone, "+18885550123");
    let expected = uuid::Uuid::new_v5(&stix::ids::STIX_NAMESPACE, br#"{"value":"+18885550123"}"#);
    assert_eq!(
        stix::observables::sco_id(&phone, false),
        format!("x-ringtrace-phone-number--{expected}")
    );
    assert_eq!(
        stix::observables::sco_id(&phone, true),
        format!("phone-number--{expected}")
    );
}

fn fixture(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn a_misp_event_export() {
    let imported = import_bundle(&fixture("misp-event.json"), &ImportOptions::default()).unwrap();
    assert!(imported.withdrawn.is_empty());
    assert_eq!(imported.reports.len(), 2);
    let published = record(&imported, "report--a6ef17d6-91cb-4a05-b10b-2f045daf874c");
    // The creator's name as the partner, TLP:WHITE read as CLEAR.
    assert_eq!(published["partner"], "circl-fraud-desk");
    assert_eq!(published["received_at"], "2024-03-25T16:22:30Z");
    assert_eq!(published["tlp"], "clear");
    assert_eq!(
        published["title"],
        "Tech-support scam: fake Microsoft pop-up"
    );
    assert_eq!(
        given(published),
        [
            Indicator::new(Kind::Domain, "secure-alert-help.com"),
            Indicator::new(Kind::Email, "support.desk@outlook.com"),
        ]
        .into()
    );
    let unpublished = record(&imported, "grouping--3b6a5a33-3c7d-4f0e-9a57-2cf5e5b0a611");
    assert_eq!(unpublished["received_at"], "2024-03-26T09:00:00Z");
    assert_eq!(unpublished["tlp"], "green");
    assert_eq!(
        given(unpublished),
        [Indicator::new(Kind::Url, "https://refund-desk.net/claim")].into()
    );
    let ignored: HashMap<&str, &str> = imported
        .ignored
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    assert!(ignored["ipv4-addr--5a2b7c1e-6a51-5a0b-8b7f-0f3c8e5b9c22"].contains("not a valid ip"));
    assert!(ignored["indicator--6dd10ad3-a2f5-4f3a-8d1b-1e2f58c1a2a0"]
        .contains("not a single comparison"));
    // --partner wins over the creator's name.
    let imported = import_bundle(
        &fixture("misp-event.json"),
        &ImportOptions {
            partner: Some("circl".into()),
        },
    )
    .unwrap();
    assert!(imported.reports.iter().all(|r| r["partner"] == "circl"));
}

#[test]
fn an_opencti_export() {
    let imported =
        import_bundle(&fixture("opencti-export.json"), &ImportOptions::default()).unwrap();
    let r = record(&imported, "report--d0b1f2c6-8c1e-5a5b-9d5b-0c7a8f6e3b21");
    assert_eq!(r["partner"], "acme-bank-cert");
    assert_eq!(r["received_at"], "2024-05-03T10:15:00Z");
    // OpenCTI's fixed AMBER+STRICT marking.
    assert_eq!(r["tlp"], "amber+strict");
    assert!(r["narrative"]
        .as_str()
        .unwrap()
        .starts_with("Victims were called"));
    assert_eq!(
        given(r),
        [
            Indicator::new(Kind::Phone, "+442079460958"),
            Indicator::new(Kind::CryptoWallet, "btc:1BoatSLRHtKNngkdXEeobR76b53LETtpyT"),
            Indicator::new(Kind::Iban, "GB33BUKB20201555555555"),
            Indicator::new(Kind::Ip, "203.0.113.7"),
        ]
        .into()
    );
    // The indicator no report refers to is a report of its own.
    let lone = record(&imported, "indicator--e4c5d6f7-a8b9-4c0d-9e1f-3a4b5c6d7e8f");
    assert_eq!(lone["received_at"], "2024-06-01T00:00:00Z");
    assert_eq!(lone["tlp"], "green");
    assert_eq!(
        given(lone),
        [Indicator::new(Kind::Phone, "+18885550123")].into()
    );
    assert_eq!(imported.reports.len(), 2);
    let ignored: Vec<&str> = imported.ignored.iter().map(|(i, _)| i.as_str()).collect();
    assert!(ignored.contains(&"indicator--d3b4c5e6-f7a8-4b9c-8d1e-2f3a4b5c6d7e"));
    assert!(ignored.contains(&"indicator--f5d6e7a8-b9c0-4d1e-8f2a-4b5c6d7e8f9a"));
}

#[test]
fn a_more_restrictive_object_raises_the_report_marking() {
    let mut b = fixture("opencti-export.json");
    // The report unmarked (AMBER by default), its wallet RED.
    let objs = b["objects"].as_array_mut().unwrap();
    for o in objs.iter_mut() {
        if o["type"] == "report" {
            o.as_object_mut().unwrap().remove("object_marking_refs");
        }
        if o["type"] == "phone-number" {
            o["object_marking_refs"] = json!([stix::tlp::marking_id(Tlp::Green)]);
        }
        if o["type"] == "cryptocurrency-wallet" {
            o["object_marking_refs"] = json!([stix::tlp::marking_id(Tlp::Red)]);
        }
    }
    let imported = import_bundle(&b, &ImportOptions::default()).unwrap();
    assert_eq!(
        record(&imported, "report--d0b1f2c6-8c1e-5a5b-9d5b-0c7a8f6e3b21")["tlp"],
        "red"
    );
}

fn error_of(bundle: Value, opts: &ImportOptions) -> String {
    import_bundle(&bundle, opts).unwrap_err().to_string()
}

#[test]
fn bad_input_names_the_object_and_field() {
    let none = ImportOptions::default();
    assert_eq!(
        error_of(json!([1]), &none),
        "bundle: not a JSON object (a STIX bundle is one)"
    );
    assert_eq!(
        error_of(json!({"type": "report"}), &none),
        "bundle, field `type`: not a STIX bundle (`type` must be `bundle`)"
    );
    assert_eq!(
        error_of(json!({"type": "bundle", "objects": {}}), &none),
        "bundle, field `objects`: expected an array of objects"
    );
    assert_eq!(
        error_of(
            json!({"type": "bundle", "objects": [{"type": "identity", "id": "identity--1"}, {"type": "report"}]}),
            &none
        ),
        "object 1, field `id`: is required (a string)"
    );
    assert_eq!(
        error_of(
            json!({"type": "bundle", "objects": [{"type": "report", "id": "indicator--1"}]}),
            &none
        ),
        "object 0 (indicator--1), field `id`: `indicator--1` is not an identifier of a `report`"
    );
    let report = |extra: Value| {
        let mut r = json!({
            "type": "report", "id": "report--0b8f1e8e-1111-4222-8333-944455556666",
            "name": "x", "object_refs": ["identity--1"]
        });
        for (k, v) in extra.as_object().unwrap() {
            r[k] = v.clone();
        }
        json!({"type": "bundle", "objects": [{"type": "identity", "id": "identity--1"}, r]})
    };
    assert_eq!(
        error_of(report(json!({"published": "2024-01-01T00:00:00Z"})), &none),
        "object 1 (report--0b8f1e8e-1111-4222-8333-944455556666), field `created_by_ref`: the object names no ringtrace partner and no creator identity with a name; give --partner"
    );
    let partner = ImportOptions {
        partner: Some("cert".into()),
    };
    assert_eq!(
        error_of(report(json!({})), &partner),
        "object 1 (report--0b8f1e8e-1111-4222-8333-944455556666), field `published`: a report needs `published` or `created`"
    );
    assert_eq!(
        error_of(report(json!({"published": "last tuesday"})), &partner),
        "object 1 (report--0b8f1e8e-1111-4222-8333-944455556666), field `published`: `last tuesday` is not an RFC 3339 timestamp"
    );
    let ext = extensions::RINGTRACE_EXTENSION;
    assert_eq!(
        error_of(
            report(json!({"published": "2024-01-01T00:00:00Z", "extensions": {ext: {"extension_type": "property-extension", "partner": "Big Bank", "report_id": "1"}}})),
            &none
        ),
        format!("object 1 (report--0b8f1e8e-1111-4222-8333-944455556666), field `extensions.{ext}.partner`: `Big Bank` is not a partner slug (a lower-case letter or digit, then up to 63 lower-case letters, digits or dashes)")
    );
    assert!(error_of(
        report(json!({"published": "2024-01-01T00:00:00Z"})),
        &ImportOptions {
            partner: Some("Not A Slug".into())
        }
    )
    .starts_with("bundle, field `partner`:"));
}

#[test]
fn tlp_of_objects() {
    for t in Tlp::ALL {
        let o = json!({"object_marking_refs": [stix::tlp::marking_id(*t)]});
        assert_eq!(stix::tlp_of_object(&o), Some(*t));
    }
    // TLP 1.0: WHITE is CLEAR.
    let white = json!({"object_marking_refs": ["marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9"]});
    assert_eq!(stix::tlp_of_object(&white), Some(Tlp::Clear));
    assert_eq!(
        stix::tlp_of_object(&json!({"object_marking_refs": []})),
        None
    );
    // An unmarked report is AMBER on the way in.
    let b = json!({"type": "bundle", "objects": [{
        "type": "report", "id": "report--0b8f1e8e-1111-4222-8333-944455556666",
        "published": "2024-01-01T00:00:00Z", "object_refs": ["x--1"]
    }]});
    let imported = import_bundle(
        &b,
        &ImportOptions {
            partner: Some("cert".into()),
        },
    )
    .unwrap();
    assert_eq!(imported.reports[0]["tlp"], "amber");
}
