//! Simulated seized-device extracts for the reports of [`crate::generate`], with the exhibits and rings they must match.
//!
//! A raid is simulated on the largest operations: each gets a few sites
//! (call-centre floors), and every site yields exhibits written in the
//! layout of `docs/evidence.md`: a phone (JSON) whose SIM carries one of the
//! operation's numbers and whose call log holds calls with its victims, a
//! computer (CSV) with the operation's web pages in its browser history,
//! its e-mail accounts, remote-access IDs and payment apps, a loose SIM card
//! (JSON), and a staff member's personal phone that touches nothing. One
//! payment account (or e-mail account) of each operation is found at every
//! one of its sites, so the sites of one operation are linked. Decoy sites
//! hold only values nobody reported and legitimate ones (the real Microsoft
//! number in a contact list): they must touch no ring.
//!
//! Only values that no other operation and no bridge report carry, and
//! that at least two of the operation's reports mention, are planted: so a
//! correct matcher finds, for every exhibit, exactly the operations of
//! [`SeizedExhibit::ops`], and the reports it reaches all carry their labels.

use crate::legit::legit;
use crate::SimReport;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// What to seize.
#[derive(Clone, Debug, PartialEq)]
pub struct SeizureConfig {
    pub seed: u64,
    /// Operations raided (the largest ones with a number victims called twice).
    pub operations: usize,
    /// Sites searched per operation.
    pub sites_per_operation: usize,
    /// Sites searched that belong to no operation.
    pub decoy_sites: usize,
}

impl Default for SeizureConfig {
    fn default() -> SeizureConfig {
        SeizureConfig {
            seed: 1,
            operations: 3,
            sites_per_operation: 2,
            decoy_sites: 1,
        }
    }
}

/// One extract file and what it must match.
#[derive(Clone, Debug, PartialEq)]
pub struct SeizedExhibit {
    /// `EXH-…`.
    pub exhibit: String,
    pub site: String,
    /// A file name ending in `.json` or `.csv`.
    pub file_name: String,
    pub content: String,
    /// Operation labels (`op-NNNN`) whose reports it must reach; empty for
    /// an exhibit that touches no ring.
    pub ops: Vec<String>,
    /// The operations' values planted in it (kind, canonical value).
    pub planted: Vec<(String, String)>,
    /// Whether a SIM of the device carries one of the operations' numbers.
    pub sim_in_ring: bool,
}

/// A simulated raid.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Seizure {
    pub exhibits: Vec<SeizedExhibit>,
    /// Pairs of sites (each sorted, and in order) that share a value of an operation.
    pub linked_sites: Vec<(String, String)>,
}

impl Seizure {
    /// The truth as JSON: exhibits (without their content) and linked sites.
    pub fn truth(&self) -> Value {
        json!({
            "exhibits": self.exhibits.iter().map(|e| json!({
                "exhibit": e.exhibit,
                "site": e.site,
                "file": e.file_name,
                "ops": e.ops,
                "planted": e.planted.iter().map(|(k, v)| json!({"kind": k, "value": v})).collect::<Vec<_>>(),
                "sim_in_ring": e.sim_in_ring,
            })).collect::<Vec<_>>(),
            "linked_sites": self.linked_sites.iter().map(|(a, b)| json!([a, b])).collect::<Vec<_>>(),
        })
    }
}

const PLACES: &[&str] = &[
    "Salt Lake Sector V, Kolkata",
    "Sector 63, Noida",
    "Andheri East, Mumbai",
    "Udyog Vihar, Gurugram",
    "Vastrapur, Ahmedabad",
    "Laxmi Nagar, Delhi",
    "Hitech City, Hyderabad",
    "Whitefield, Bengaluru",
    "Rajarhat, Kolkata",
    "Malviya Nagar, Jaipur",
    "Viman Nagar, Pune",
    "Zirakpur, Mohali",
];

/// An operation's values fit to plant, by kind.
#[derive(Default)]
struct OpValues {
    reports: usize,
    values: BTreeMap<String, Vec<String>>,
    victims: Vec<String>,
}

/// Plans the raid over `reports` (all of one [`crate::generate`] run).
pub fn seize(reports: &[SimReport], cfg: &SeizureConfig) -> Seizure {
    let mut rng = ChaCha8Rng::seed_from_u64(cfg.seed ^ 0x5e12ed);
    let ops = plantable(reports);
    let mut ranked: Vec<(&String, &OpValues)> = ops
        .iter()
        .filter(|(_, v)| v.values.contains_key("phone"))
        .collect();
    ranked.sort_by(|a, b| b.1.reports.cmp(&a.1.reports).then(a.0.cmp(b.0)));
    ranked.truncate(cfg.operations);

    let mut places: Vec<&str> = PLACES.to_vec();
    places.shuffle(&mut rng);
    let mut site_no = 0usize;
    let mut next_site = || {
        site_no += 1;
        let place = places[(site_no - 1) % places.len()];
        format!("S-{site_no:02} {place}")
    };
    let mut out = Seizure::default();
    let mut exhibit_no = 0usize;
    let mut next_exhibit = || {
        exhibit_no += 1;
        format!("EXH-{exhibit_no:03}")
    };

    for (label, v) in ranked {
        let sites: Vec<String> = (0..cfg.sites_per_operation.max(1))
            .map(|_| next_site())
            .collect();
        // the value every site of the operation holds: a payment account,
        // else an e-mail account
        let shared = ["upi", "bank_account", "iban", "crypto_wallet", "email"]
            .iter()
            .find_map(|k| {
                v.values
                    .get(*k)
                    .and_then(|l| l.first())
                    .map(|x| (*k, x.clone()))
            });
        let mut pools: BTreeMap<&str, Vec<String>> = v
            .values
            .iter()
            .map(|(k, l)| (k.as_str(), l.clone()))
            .collect();
        for (n, site) in sites.iter().enumerate() {
            let take = |pools: &mut BTreeMap<&str, Vec<String>>, kind: &str| -> Option<String> {
                let l = pools.get_mut(kind)?;
                if l.is_empty() {
                    None
                } else {
                    Some(l.remove(0))
                }
            };
            // the phone whose SIM carries a number victims called
            let phone = take(&mut pools, "phone").or_else(|| v.values["phone"].first().cloned());
            let victims: Vec<&String> = v.victims.iter().skip(n * 3).take(3).collect();
            if let Some(p) = &phone {
                let ex = phone_exhibit(
                    next_exhibit(),
                    site,
                    Some(p),
                    &victims,
                    shared.as_ref().filter(|(k, _)| *k == "upi"),
                    &mut rng,
                );
                out.exhibits.push(SeizedExhibit {
                    ops: vec![label.clone()],
                    sim_in_ring: true,
                    ..ex
                });
            }
            // the computer
            let mut planted: Vec<(String, String)> = Vec::new();
            for kind in [
                "url",
                "domain",
                "email",
                "remote_id",
                "upi",
                "bank_account",
                "iban",
                "crypto_wallet",
                "gift_card",
            ] {
                if let Some(x) = take(&mut pools, kind) {
                    planted.push((kind.into(), x));
                }
            }
            if let Some((k, x)) = &shared {
                if !planted.iter().any(|(pk, pv)| pk == k && pv == x) {
                    planted.push(((*k).into(), x.clone()));
                }
            }
            if !planted.is_empty() {
                let id = next_exhibit();
                out.exhibits
                    .push(computer_exhibit(id, site, label, planted, &mut rng));
            }
            // a loose SIM card with another of the numbers
            if let Some(p) = take(&mut pools, "phone") {
                let id = next_exhibit();
                let content = json!({
                    "device_type": "sim_card",
                    "label": "SIM found in a drawer",
                    "sims": [{"iccid": iccid(&mut rng), "imsi": imsi(&mut rng), "msisdn": spaced(&p)}],
                });
                out.exhibits.push(SeizedExhibit {
                    file_name: format!("{}-sim.json", id.to_ascii_lowercase()),
                    exhibit: id,
                    site: site.clone(),
                    content: pretty(&content),
                    ops: vec![label.clone()],
                    planted: vec![("phone".into(), p)],
                    sim_in_ring: true,
                });
            }
            // a staff member's own phone: nothing of the operation on it
            out.exhibits.push(phone_exhibit(
                next_exhibit(),
                site,
                None,
                &[],
                None,
                &mut rng,
            ));
        }
    }
    for _ in 0..cfg.decoy_sites {
        let site = next_site();
        out.exhibits.push(phone_exhibit(
            next_exhibit(),
            &site,
            None,
            &[],
            None,
            &mut rng,
        ));
    }
    out.linked_sites = linked_sites(&out.exhibits);
    out
}

/// Pairs of sites whose exhibits hold a common planted value.
fn linked_sites(exhibits: &[SeizedExhibit]) -> Vec<(String, String)> {
    let mut sites_of: BTreeMap<&(String, String), BTreeSet<&String>> = BTreeMap::new();
    for e in exhibits {
        for p in &e.planted {
            sites_of.entry(p).or_default().insert(&e.site);
        }
    }
    let mut pairs: BTreeSet<(String, String)> = BTreeSet::new();
    for sites in sites_of.values() {
        let list: Vec<&&String> = sites.iter().collect();
        for (i, a) in list.iter().enumerate() {
            for b in &list[i + 1..] {
                pairs.insert(((**a).clone(), (**b).clone()));
            }
        }
    }
    pairs.into_iter().collect()
}

/// Per operation: values that only its non-bridge reports carry, mentioned
/// by at least two of them, and its victims' own numbers.
fn plantable(reports: &[SimReport]) -> BTreeMap<String, OpValues> {
    let mut owners: HashMap<(&str, &str), BTreeSet<&str>> = HashMap::new();
    let mut counts: HashMap<(&str, &str, &str), usize> = HashMap::new();
    let mut tainted: BTreeSet<(&str, &str)> = BTreeSet::new();
    for r in reports {
        let bridge = r.notes.iter().any(|n| n.starts_with("bridge:"));
        for (k, v) in &r.planted {
            owners.entry((k, v)).or_default().insert(&r.cluster);
            *counts.entry((&r.cluster, k, v)).or_default() += 1;
            if bridge {
                tainted.insert((k, v));
            }
        }
        if let Some(v) = &r.victim {
            // a victim scammed twice, or a number some report also calls
            // the scammers', is no use
            owners.entry(("victim", v)).or_default().insert(&r.cluster);
            if bridge {
                tainted.insert(("victim", v));
            }
        }
    }
    let mut ops: BTreeMap<String, OpValues> = BTreeMap::new();
    for r in reports.iter().filter(|r| r.cluster.starts_with("op-")) {
        let op = ops.entry(r.cluster.clone()).or_default();
        op.reports += 1;
        for (k, v) in &r.planted {
            let key = (k.as_str(), v.as_str());
            let own = owners[&key].len() == 1 && !tainted.contains(&key);
            if own && counts[&(r.cluster.as_str(), k.as_str(), v.as_str())] >= 2 {
                let l = op.values.entry(k.clone()).or_default();
                if !l.contains(v) {
                    l.push(v.clone());
                }
            }
        }
        if let Some(v) = &r.victim {
            let key = ("victim", v.as_str());
            let phone_elsewhere = owners.contains_key(&("phone", v.as_str()));
            if owners[&key].len() == 1
                && !tainted.contains(&key)
                && !phone_elsewhere
                && !op.victims.contains(v)
            {
                op.victims.push(v.clone());
            }
        }
    }
    ops
}

/// A phone: its SIM carries `ring_number` if given, else a fresh number;
/// calls with `victims`; contacts with fresh numbers and the real
/// Microsoft number; an SMS confirming a payment to `upi` if given.
fn phone_exhibit(
    id: String,
    site: &str,
    ring_number: Option<&String>,
    victims: &[&String],
    upi: Option<&(&str, String)>,
    rng: &mut ChaCha8Rng,
) -> SeizedExhibit {
    let own = ring_number.cloned().unwrap_or_else(|| fresh_mobile(rng));
    let real = legit()
        .phone_for("Microsoft", "US")
        .map(|p| p.e164.clone())
        .unwrap_or_else(|| "+18006427676".into());
    let mut calls: Vec<Value> = victims
        .iter()
        .enumerate()
        .map(|(i, v)| {
            json!({
                "number": spaced(v),
                "direction": if i % 2 == 0 { "incoming" } else { "outgoing" },
                "at": format!("2024-0{}-1{}T1{}:0{}:00+05:30", 1 + i % 8, i % 10, i % 10, i % 6),
                "duration": 300 + 60 * i,
            })
        })
        .collect();
    calls.push(json!({"number": spaced(&fresh_mobile(rng)), "direction": "missed", "at": "2024-03-02T19:45:00+05:30"}));
    let mut sms = vec![json!({
        "number": spaced(&fresh_mobile(rng)),
        "direction": "incoming",
        "at": "2024-03-01T08:10:00+05:30",
        "text": "Kal 9 baje office aana, shift change hai.",
    })];
    let mut planted = Vec::new();
    if ring_number.is_some() {
        planted.push(("phone".to_string(), own.clone()));
    }
    if let Some((k, u)) = upi {
        sms.push(json!({
            "number": "AX-AXISBK",
            "direction": "incoming",
            "at": "2024-02-14T16:22:00+05:30",
            "text": format!("Rs 25,000 credited to {u} via UPI. Paiement reçu, merci."),
        }));
        planted.push(((*k).to_string(), u.clone()));
    }
    let content = json!({
        "device_type": "phone",
        "label": if ring_number.is_some() { "Redmi 9A, floor desk" } else { "Personal phone of a staff member" },
        "imei": imei(rng),
        "sims": [{"iccid": iccid(rng), "imsi": imsi(rng), "msisdn": spaced(&own)}],
        "contacts": [
            {"name": "Team lead", "phone": spaced(&fresh_mobile(rng))},
            {"name": "Microsoft support (real)", "phone": real},
        ],
        "call_log": calls,
        "sms": sms,
    });
    let ops = Vec::new();
    SeizedExhibit {
        file_name: format!("{}-phone.json", id.to_ascii_lowercase()),
        exhibit: id,
        site: site.to_string(),
        content: pretty(&content),
        ops,
        planted,
        sim_in_ring: false,
    }
}

/// A computer in the CSV layout holding `planted` values.
fn computer_exhibit(
    id: String,
    site: &str,
    op: &str,
    planted: Vec<(String, String)>,
    rng: &mut ChaCha8Rng,
) -> SeizedExhibit {
    let header = [
        "section", "type", "label", "address", "name", "at", "url", "title", "tool", "id", "app",
        "kind", "account",
    ];
    let mut rows: Vec<Vec<String>> = Vec::new();
    let row = |cells: &[(&str, &str)]| -> Vec<String> {
        header
            .iter()
            .map(|h| {
                cells
                    .iter()
                    .find(|(c, _)| c == h)
                    .map(|(_, v)| v.to_string())
                    .unwrap_or_default()
            })
            .collect()
    };
    rows.push(row(&[
        ("section", "device"),
        ("type", "computer"),
        ("label", "Desktop, floor 2"),
    ]));
    rows.push(row(&[
        ("section", "browser_history"),
        ("url", "https://www.google.com/search?q=anydesk+download"),
        ("at", "2024-02-01T09:00:00Z"),
    ]));
    for (n, (kind, value)) in planted.iter().enumerate() {
        let at = format!(
            "2024-02-{:02}T10:{:02}:00Z",
            1 + n % 28,
            rng.gen_range(0..60)
        );
        match kind.as_str() {
            "url" => rows.push(row(&[
                ("section", "browser_history"),
                ("url", value),
                ("title", "Windows Defender alert"),
                ("at", &at),
            ])),
            "domain" => {
                let url = format!("https://{value}/");
                rows.push(row(&[
                    ("section", "browser_history"),
                    ("url", &url),
                    ("at", &at),
                ]))
            }
            "email" => rows.push(row(&[
                ("section", "email_account"),
                ("address", value),
                ("name", "Support Desk"),
            ])),
            "remote_id" => {
                let (tool, digits) = value.split_once(':').unwrap_or(("anydesk", value));
                let tool = if tool == "teamviewer" {
                    "TeamViewer"
                } else {
                    "AnyDesk"
                };
                rows.push(row(&[
                    ("section", "remote_tool"),
                    ("tool", tool),
                    ("id", digits),
                ]))
            }
            "upi" | "bank_account" | "iban" | "crypto_wallet" | "gift_card" => {
                let app = match kind.as_str() {
                    "upi" => "PhonePe",
                    "crypto_wallet" => "Trust Wallet",
                    "gift_card" => "Notes",
                    _ => "Net banking",
                };
                rows.push(row(&[
                    ("section", "payment_app"),
                    ("app", app),
                    ("kind", kind),
                    ("account", value),
                ]))
            }
            _ => {}
        }
    }
    let mut content = header.join(",");
    content.push('\n');
    for r in rows {
        content.push_str(&r.iter().map(|c| csv_cell(c)).collect::<Vec<_>>().join(","));
        content.push('\n');
    }
    SeizedExhibit {
        file_name: format!("{}-computer.csv", id.to_ascii_lowercase()),
        exhibit: id,
        site: site.to_string(),
        content,
        ops: vec![op.to_string()],
        planted,
        sim_in_ring: false,
    }
}

fn csv_cell(c: &str) -> String {
    if c.contains([',', '"', '\n']) {
        format!("\"{}\"", c.replace('"', "\"\""))
    } else {
        c.to_string()
    }
}

fn pretty(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}

/// `+91 9876543210` from `+919876543210`, as a phone's contact list shows it.
fn spaced(e164: &str) -> String {
    for cc in ["+91", "+33", "+44", "+1"] {
        if let Some(rest) = e164.strip_prefix(cc) {
            return format!("{cc} {rest}");
        }
    }
    e164.to_string()
}

/// A mobile number nobody reported: Indian numbers starting 88 are not
/// handed out by the simulator's scam or victim generators.
fn fresh_mobile(rng: &mut ChaCha8Rng) -> String {
    format!("+9188{:08}", rng.gen_range(0..100_000_000u32))
}

fn luhn_digit(body: &str) -> u32 {
    let sum: u32 = body
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 0 {
                let x = d * 2;
                if x > 9 {
                    x - 9
                } else {
                    x
                }
            } else {
                d
            }
        })
        .sum();
    (10 - sum % 10) % 10
}

fn digits(rng: &mut ChaCha8Rng, n: usize) -> String {
    (0..n)
        .map(|_| char::from(b'0' + rng.gen_range(0..10u8)))
        .collect()
}

/// A 15-digit IMEI with its Luhn check digit.
fn imei(rng: &mut ChaCha8Rng) -> String {
    let body = format!("35{}", digits(rng, 12));
    format!("{body}{}", luhn_digit(&body))
}

/// An Indian ICCID: 89 91 …, 19 digits with its check digit.
fn iccid(rng: &mut ChaCha8Rng) -> String {
    let body = format!("8991{}", digits(rng, 14));
    format!("{body}{}", luhn_digit(&body))
}

fn imsi(rng: &mut ChaCha8Rng) -> String {
    format!("40445{}", digits(rng, 10))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luhn_check_digits_are_right() {
        // the IMEI example of docs/evidence.md
        assert_eq!(luhn_digit("49015420323751"), 8);
        assert_eq!(luhn_digit("7992739871"), 3);
    }
}
