//! Shared reports and rings as STIX 2.1 objects: a ring is an
//! `intrusion-set`, a report a `report` by its partner's `identity`, each
//! indicator an SCO plus (when it may link) an `indicator` with its pattern,
//! connected by `relationship`s; every object carries its TLP 2.0 marking.

use super::extensions::{self, ScoType, DEFINED, PRODUCER, RINGTRACE_EXTENSION};
use super::ids::{self, derived, stix_time};
use super::observables;
use super::tlp::{marking_definition, marking_id, tlp2_extension_definition};
use crate::{SharedReport, SharedRing};
use ringtrace_model::{Indicator, Kind, Tlp};
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};

/// How objects are written.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExportOptions {
    /// Phone numbers, IBANs and wallets as OpenCTI's `phone-number`,
    /// `bank-account` and `cryptocurrency-wallet` observables instead of
    /// ringtrace's `x-ringtrace-*` types.
    pub opencti_types: bool,
}

/// The objects every bundle starts with: the TLP 2.0 extension definition
/// and its five marking definitions (as OASIS publishes them), ringtrace's
/// producer identity and the definitions of its extensions.
pub fn common_objects(opts: &ExportOptions) -> Vec<Value> {
    let mut out = vec![tlp2_extension_definition()];
    out.extend(Tlp::ALL.iter().map(|t| marking_definition(*t)));
    out.push(extensions::producer_identity());
    out.push(extensions::ringtrace_definition());
    for t in ScoType::ALL {
        if used(t, opts) {
            out.push(extensions::sco_definition(t));
        }
    }
    out
}

/// Whether an export with these options writes observables of this type.
fn used(t: ScoType, opts: &ExportOptions) -> bool {
    let replaced = matches!(t, ScoType::Phone | ScoType::Iban | ScoType::CryptoWallet);
    if opts.opencti_types {
        t.is_opencti() || !replaced
    } else {
        !t.is_opencti()
    }
}

/// Each indicator's marking in an export of these reports: the least
/// restrictive among the reports that mention it (it was shared under that
/// marking at least once).
pub fn indicator_tlps(reports: &[SharedReport]) -> HashMap<Indicator, Tlp> {
    let mut out: HashMap<Indicator, Tlp> = HashMap::new();
    for r in reports {
        for m in &r.mentions {
            out.entry(m.indicator.clone())
                .and_modify(|t| *t = (*t).min(r.tlp))
                .or_insert(r.tlp);
        }
    }
    out
}

/// The intrusion-set identifier of a ring (`R-…`).
pub fn ring_id(ring: &str) -> String {
    derived("intrusion-set", &format!("ring:{ring}"))
}

/// The report identifier of a report key (`partner:id`).
pub fn report_id(key: &str) -> String {
    derived("report", &format!("report:{key}"))
}

/// The identity of a partner as credited under one marking: the marking is
/// part of the identifier, so one identifier always has one content.
pub fn partner_identity_id(partner: &str, tlp: Tlp) -> String {
    derived("identity", &format!("partner:{partner}:{}", tlp.as_str()))
}

/// The indicator object's identifier: its pattern and marking make it.
pub fn indicator_id(i: &Indicator, tlp: Tlp, opts: &ExportOptions) -> String {
    let shape = observables::shape(i, opts.opencti_types);
    let variant = if shape.extension.is_some_and(ScoType::is_opencti) {
        ":opencti"
    } else {
        ""
    };
    derived(
        "indicator",
        &format!("indicator:{}:{}:{}{variant}", tlp.as_str(), i.kind, i.value),
    )
}

/// The `intrusion-set` of one ring, marked with the most restrictive marking
/// of its visible reports.
pub fn ring_objects(ring: &SharedRing, _opts: &ExportOptions) -> Vec<Value> {
    let created = stix_time(&ring.first_seen);
    let modified = stix_time(&ring.modified).max(created.clone());
    let last_seen = stix_time(&ring.last_seen).max(created.clone());
    vec![json!({
        "type": "intrusion-set",
        "spec_version": "2.1",
        "id": ring_id(&ring.id),
        "created_by_ref": PRODUCER,
        "created": created,
        "modified": modified,
        "name": ring.id,
        "description": format!(
            "A scam operation that ringtrace linked from {} report{} received between {} and {}.",
            ring.report_count,
            if ring.report_count == 1 { "" } else { "s" },
            ring.first_seen,
            ring.last_seen
        ),
        "first_seen": created,
        "last_seen": last_seen,
        "object_marking_refs": [marking_id(ring.tlp)],
        "extensions": {
            RINGTRACE_EXTENSION: {
                "extension_type": "property-extension",
                "ring": ring.id,
                "report_count": ring.report_count,
            }
        }
    })]
}

/// One report's objects: its partner's identity, the report, each
/// indicator's SCO, and for each indicator that may link an `indicator`
/// related to the SCO (and indicating the report's ring). Objects may repeat
/// across reports; one identifier always has one content within an export
/// (SCOs and indicators are marked by `tlp_of`, the same for every report).
///
/// A mention whose role is `victim_own` or `legitimate_reference`, or that
/// the warning list keeps from linking, becomes the SCO only, never an
/// `indicator` (which says "malicious"); the role is in the report's
/// ringtrace extension (`mentions[].role`, `mentions[].links`).
pub fn report_objects(
    report: &SharedReport,
    tlp_of: &dyn Fn(&Indicator) -> Tlp,
    opts: &ExportOptions,
) -> Vec<Value> {
    let t = report.tlp;
    let marking = marking_id(t);
    let key = report.key.to_string();
    let partner = report.key.partner.as_str();
    let identity = partner_identity_id(partner, t);
    let opencti = opts.opencti_types;
    let mut out = vec![json!({
        "type": "identity",
        "spec_version": "2.1",
        "id": identity,
        "created": DEFINED,
        "modified": DEFINED,
        "name": partner,
        "description": format!("The ringtrace partner `{partner}`."),
        "identity_class": "organization",
        "object_marking_refs": [marking],
    })];

    let ring = report.ring.as_deref().map(ring_id);
    let mut refs: Vec<String> = ring.iter().cloned().collect();
    let mut mentions: Vec<Value> = Vec::new();
    let mut listed: HashSet<(&Indicator, Option<&str>)> = HashSet::new();
    let mut done: HashSet<&Indicator> = HashSet::new();
    for m in &report.mentions {
        let i = &m.indicator;
        let role = m.role.map(|r| r.as_str());
        let sco = observables::sco_id(i, opencti);
        if listed.insert((i, role)) {
            let mut e = Map::new();
            e.insert("ref".into(), json!(sco));
            if let Some(r) = role {
                e.insert("role".into(), json!(r));
            }
            let links = report
                .mentions
                .iter()
                .any(|o| &o.indicator == i && o.role == m.role && o.may_link);
            e.insert("links".into(), json!(links));
            mentions.push(Value::Object(e));
        }
        if !done.insert(i) {
            continue;
        }
        let it = tlp_of(i);
        let it_marking = marking_id(it);
        out.push(observables::sco_object(i, opencti, it_marking));
        refs.push(sco.clone());
        if !report
            .mentions
            .iter()
            .any(|o| &o.indicator == i && o.may_link)
        {
            continue;
        }
        let ind = indicator_id(i, it, opts);
        out.push(indicator_object(i, &ind, it_marking, opencti));
        refs.push(ind.clone());
        out.push(relationship("related-to", &ind, &sco, it_marking, ""));
        if let Some(ring) = &ring {
            out.push(relationship("indicates", &ind, ring, marking, t.as_str()));
        }
    }
    if refs.is_empty() {
        refs.push(identity.clone());
    }

    let created = stix_time(&report.received_at);
    let modified = stix_time(&report.modified).max(created.clone());
    let mut ext = Map::new();
    ext.insert("extension_type".into(), json!("property-extension"));
    ext.insert("report_key".into(), json!(key));
    ext.insert("partner".into(), json!(partner));
    ext.insert("report_id".into(), json!(report.key.id.as_str()));
    ext.insert("tlp".into(), json!(t.as_str()));
    ext.insert("detail".into(), json!(report.detail));
    ext.insert("received_at".into(), json!(report.received_at));
    let mut put = |k: &str, v: &Option<String>| {
        if let Some(v) = v {
            ext.insert(k.into(), json!(v));
        }
    };
    put("ring", &report.ring);
    put("channel", &report.channel);
    put("brand", &report.brand);
    put("region", &report.region);
    put("language", &report.language);
    put("payment_method", &report.payment_method);
    if let Some((amount, currency)) = &report.loss {
        ext.insert(
            "loss".into(),
            json!({"amount": amount, "currency": currency}),
        );
    }
    if !mentions.is_empty() {
        ext.insert("mentions".into(), Value::Array(mentions));
    }

    let mut o = Map::new();
    o.insert("type".into(), json!("report"));
    o.insert("spec_version".into(), json!("2.1"));
    o.insert("id".into(), json!(report_id(&key)));
    o.insert("created_by_ref".into(), json!(identity));
    o.insert("created".into(), json!(created));
    o.insert("modified".into(), json!(modified));
    o.insert("name".into(), json!(format!("Scam report {key}")));
    if report.detail {
        if let Some(n) = report.narrative.as_deref().filter(|n| !n.is_empty()) {
            o.insert("description".into(), json!(n));
        }
    }
    o.insert("report_types".into(), json!(["threat-report"]));
    o.insert("published".into(), json!(created));
    o.insert("object_refs".into(), json!(refs));
    if report.withdrawn {
        o.insert("revoked".into(), json!(true));
    }
    o.insert("object_marking_refs".into(), json!([marking]));
    o.insert(
        "extensions".into(),
        json!({ RINGTRACE_EXTENSION: Value::Object(ext) }),
    );
    out.push(Value::Object(o));
    out
}

fn indicator_object(i: &Indicator, id: &str, marking: &str, opencti: bool) -> Value {
    json!({
        "type": "indicator",
        "spec_version": "2.1",
        "id": id,
        "created_by_ref": PRODUCER,
        "created": DEFINED,
        "modified": DEFINED,
        "name": format!("{} {}", noun(i.kind), i.value),
        "description": format!(
            "A {} that ringtrace partners reported as a scammer's contact or payment destination.",
            noun(i.kind)
        ),
        "indicator_types": ["malicious-activity"],
        "pattern": observables::pattern(i, opencti),
        "pattern_type": "stix",
        "pattern_version": "2.1",
        "valid_from": DEFINED,
        "object_marking_refs": [marking],
    })
}

/// A relationship whose identifier is made of its type, ends and `salt`
/// (the marking, where it is not the ends' own).
fn relationship(kind: &str, source: &str, target: &str, marking: &str, salt: &str) -> Value {
    json!({
        "type": "relationship",
        "spec_version": "2.1",
        "id": derived("relationship", &format!("{kind}:{salt}:{source}:{target}")),
        "created_by_ref": PRODUCER,
        "created": DEFINED,
        "modified": DEFINED,
        "relationship_type": kind,
        "source_ref": source,
        "target_ref": target,
        "object_marking_refs": [marking],
    })
}

fn noun(kind: Kind) -> &'static str {
    match kind {
        Kind::Phone => "phone number",
        Kind::Url => "URL",
        Kind::Domain => "domain",
        Kind::Email => "email address",
        Kind::Ip => "IP address",
        Kind::Upi => "UPI ID",
        Kind::Iban => "IBAN",
        Kind::CryptoWallet => "cryptocurrency wallet",
        Kind::RemoteId => "remote-access tool ID",
        Kind::GiftCard => "gift card",
        Kind::BankAccount => "bank account",
    }
}

/// A bundle identifier made of everything the bundle's objects are made
/// of, so that exporting the same data again gives the same bundle.
pub fn bundle_id(reports: &[SharedReport], rings: &[SharedRing], opts: &ExportOptions) -> String {
    let mut h = Sha256::new();
    h.update(format!(
        "ringtrace {} {opts:?}\n",
        env!("CARGO_PKG_VERSION")
    ));
    for r in rings {
        h.update(format!("{r:?}\n"));
    }
    for r in reports {
        h.update(format!("{r:?}\n"));
    }
    let digest: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
    derived("bundle", &format!("bundle:{digest}"))
}

/// The identifiers already written to a bundle, kept compactly (a UUID and
/// a hash of the type) so that a million reports' objects fit.
#[derive(Debug, Default)]
pub struct Seen(HashSet<u128>);

impl Seen {
    /// True the first time an identifier is offered.
    pub fn first(&mut self, id: &str) -> bool {
        use std::hash::{Hash, Hasher};
        let (kind, _) = id.rsplit_once("--").unwrap_or((id, ""));
        let mut h = std::hash::DefaultHasher::new();
        kind.hash(&mut h);
        let key = match ids::uuid_of(id) {
            Some(u) => u.as_u128() ^ u128::from(h.finish()),
            None => {
                id.hash(&mut h);
                u128::from(h.finish()) << 64
            }
        };
        self.0.insert(key)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}
