//! Properties of the generated ecosystem: determinism, counts, record formats, valid planted values, truth shape.

use ringtrace_sim::idents::{self, Country};
use ringtrace_sim::narrative::write_phone;
use ringtrace_sim::{generate, SimConfig, SimReport};
use std::collections::{HashMap, HashSet};
use std::time::Instant;

fn run(n: usize, seed: u64) -> Vec<SimReport> {
    generate(&SimConfig {
        reports: n,
        seed,
        ..SimConfig::default()
    })
    .collect()
}

fn same(a: &[SimReport], b: &[SimReport]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| x.record == y.record && x.cluster == y.cluster && x.planted == y.planted)
}

#[test]
fn deterministic_per_seed() {
    let a = run(3000, 7);
    let b = run(3000, 7);
    let c = run(3000, 8);
    assert!(same(&a, &b));
    assert!(!same(&a, &c));
    // a prefix of a longer run is not required to match, but the same config is
    assert!(same(&run(10, 1), &run(10, 1)));
}

#[test]
fn exact_count() {
    for n in [0, 1, 2, 3, 5, 10, 57, 1000, 4321] {
        let it = generate(&SimConfig {
            reports: n,
            seed: 3,
            ..SimConfig::default()
        });
        assert_eq!(it.size_hint(), (n, Some(n)));
        assert_eq!(it.count(), n, "n = {n}");
    }
}

fn is_slug(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 64
        && (b[0].is_ascii_lowercase() || b[0].is_ascii_digit())
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
}

#[test]
fn records_have_valid_fields() {
    let reports = run(20_000, 11);
    let mut extra = 0;
    let mut with_indicators = 0;
    let mut langs = HashSet::new();
    for r in &reports {
        let o = r.record.as_object().expect("object");
        let id = o["id"].as_str().unwrap();
        assert!(!id.is_empty() && id.chars().count() <= 128, "{id}");
        assert!(
            is_slug(o["partner"].as_str().unwrap()),
            "{:?}",
            o["partner"]
        );
        let at = o["received_at"].as_str().unwrap();
        let t = chrono::DateTime::parse_from_rfc3339(at).unwrap_or_else(|e| panic!("{at}: {e}"));
        let year = t.naive_utc().format("%Y").to_string();
        assert!(year == "2023" || year == "2024", "{at}");
        if let Some(c) = o.get("channel") {
            assert!([
                "popup",
                "phone_call",
                "search_ad",
                "email",
                "sms",
                "social",
                "other"
            ]
            .contains(&c.as_str().unwrap()));
        }
        let tlp = o["tlp"].as_str().unwrap();
        assert!(["clear", "green", "amber", "amber+strict", "red"].contains(&tlp));
        let region = o["region"].as_str().unwrap();
        assert!(region.len() == 2 && region.bytes().all(|b| b.is_ascii_uppercase()));
        let lang = o["language"].as_str().unwrap();
        langs.insert(lang.to_string());
        let narrative = o["narrative"].as_str().unwrap();
        assert!(!narrative.is_empty() && narrative.len() <= 65_536);
        if let Some(l) = o.get("loss") {
            assert!(l["amount"].as_f64().unwrap() >= 0.0);
            let cur = l["currency"].as_str().unwrap();
            assert!(cur.len() == 3 && cur.bytes().all(|b| b.is_ascii_uppercase()));
        }
        if let Some(ind) = o.get("indicators") {
            with_indicators += 1;
            for i in ind.as_array().unwrap() {
                assert!(i["kind"].is_string() && i["value"].is_string());
            }
        }
        if o.keys().any(|k| {
            ![
                "id",
                "partner",
                "received_at",
                "channel",
                "brand",
                "language",
                "region",
                "narrative",
                "indicators",
                "loss",
                "payment_method",
                "tlp",
            ]
            .contains(&k.as_str())
        }) {
            extra += 1;
        }
    }
    assert!(
        extra > 50 && extra < 2000,
        "{extra} records with unknown fields"
    );
    assert!(with_indicators > 500, "{with_indicators}");
    assert!(
        langs.contains("fr") && langs.contains("en") && langs.contains("en-IN"),
        "{langs:?}"
    );
}

#[test]
fn report_ids_unique_per_partner() {
    let reports = run(50_000, 5);
    let mut keys = HashSet::new();
    let mut partners = HashSet::new();
    for r in &reports {
        let p = r.record["partner"].as_str().unwrap();
        partners.insert(p.to_string());
        assert!(
            keys.insert(format!("{p}:{}", r.record["id"].as_str().unwrap())),
            "duplicate {p}:{}",
            r.record["id"]
        );
    }
    assert!(partners.len() >= 10, "{partners:?}");
}

fn valid_e164(e: &str) -> bool {
    match phonenumber::parse(None, e) {
        Ok(n) => {
            phonenumber::is_valid(&n) && n.format().mode(phonenumber::Mode::E164).to_string() == e
        }
        Err(_) => false,
    }
}

#[test]
fn written_phone_forms_parse_back() {
    use rand::SeedableRng;
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(9);
    let regions = ["US", "CA", "GB", "FR", "BE", "IN", "AU"];
    for i in 0..20_000 {
        let c = [Country::Us, Country::Gb, Country::Fr, Country::In][i % 4];
        let p = idents::scam_phone(&mut rng, c);
        let e = p.e164();
        assert!(valid_e164(&e), "invalid scam number {e}");
        let region = regions[(i / 4 + i) % regions.len()];
        if c == Country::Fr && (region == "US" || region == "CA") {
            // never generated (French operations target FR and BE), and phonenumber 0.3
            // strips a NANP national prefix "1" from "+33 1 …" when the default region is US/CA
            continue;
        }
        let written = write_phone(&p, region, &mut rng);
        let id: phonenumber::country::Id = region.parse().unwrap();
        let parsed = phonenumber::parse(Some(id), &written)
            .unwrap_or_else(|err| panic!("{written} ({region}): {err:?}"));
        assert_eq!(
            parsed.format().mode(phonenumber::Mode::E164).to_string(),
            e,
            "{written} in {region}"
        );
        if !c.national_in(region) {
            assert!(
                written.starts_with('+') || written.starts_with("00"),
                "{written} in {region}"
            );
        }
        // victims' numbers are real-looking too
        let v = idents::victim_phone(&mut rng, region);
        assert!(valid_e164(&v.e164()), "victim {}", v.e164());
    }
}

#[test]
fn legitimate_numbers_written_parse_back() {
    for line in include_str!("../../link/data/warninglist.tsv")
        .lines()
        .filter(|l| l.starts_with("phone\t"))
    {
        let e = line.split('\t').nth(1).unwrap();
        for region in ["US", "CA", "GB", "FR", "BE", "IN", "AU"] {
            if (region == "US" || region == "CA") && !e.starts_with("+1") {
                // never generated; phonenumber 0.3 strips a NANP "1" after a foreign country code
                continue;
            }
            let w = ringtrace_sim::narrative::write_legit(e, region);
            let id: phonenumber::country::Id = region.parse().unwrap();
            let n = phonenumber::parse(Some(id), &w).unwrap_or_else(|err| panic!("{w}: {err:?}"));
            assert_eq!(
                n.format().mode(phonenumber::Mode::E164).to_string(),
                e,
                "{w} in {region}"
            );
        }
    }
}

fn refang(s: &str) -> String {
    s.replace("[.]", ".")
        .replace("[at]", "@")
        .replace("[@]", "@")
        .replace("hxxp", "http")
        .to_lowercase()
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

#[test]
fn planted_values_are_valid_and_present() {
    let reports = run(20_000, 21);
    let legit: HashSet<&str> = include_str!("../../link/data/warninglist.tsv")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split('\t').nth(1))
        .collect();
    let mut kinds: HashMap<String, usize> = HashMap::new();
    for r in &reports {
        let narrative = r.record["narrative"].as_str().unwrap();
        let given: Vec<String> = r
            .record
            .get("indicators")
            .and_then(|v| v.as_array())
            .map(|a| {
                a.iter()
                    .map(|i| i["value"].as_str().unwrap().to_string())
                    .collect()
            })
            .unwrap_or_default();
        let text = format!("{} {}", narrative, given.join(" "));
        let flat = refang(&text);
        let compact: String = flat
            .chars()
            .filter(|c| *c != ' ' && *c != '-')
            .collect::<String>()
            .to_uppercase();
        let all_digits = digits(&text);
        for (kind, value) in &r.planted {
            *kinds.entry(kind.clone()).or_default() += 1;
            assert!(
                !legit.contains(value.as_str()),
                "legitimate value planted: {value}"
            );
            let ok = match kind.as_str() {
                "phone" => {
                    assert!(valid_e164(value), "invalid planted number {value}");
                    let nsn = &value[if value.starts_with("+1") { 2 } else { 3 }..];
                    all_digits.contains(nsn)
                }
                "url" | "domain" | "email" => flat.contains(value.as_str()),
                "iban" => compact.contains(value.as_str()),
                "bank_account" => {
                    let (ifsc, acct) = value.split_once(':').unwrap();
                    text.contains(ifsc) && text.contains(acct) || text.contains(value.as_str())
                }
                "upi" => text.contains(value.as_str()),
                "crypto_wallet" => text.contains(value.split_once(':').unwrap().1),
                "remote_id" => all_digits.contains(value.split_once(':').unwrap().1),
                "gift_card" => compact.contains(value.split_once(':').unwrap().1),
                k => panic!("unexpected kind {k}"),
            };
            assert!(ok, "{kind} {value} not in {text}");
        }
    }
    for k in [
        "phone",
        "url",
        "domain",
        "email",
        "iban",
        "bank_account",
        "upi",
        "crypto_wallet",
        "remote_id",
        "gift_card",
    ] {
        assert!(
            kinds.get(k).copied().unwrap_or(0) > 20,
            "too few {k}: {kinds:?}"
        );
    }
}

#[test]
fn legitimate_and_victim_numbers_appear_but_are_not_planted() {
    let reports = run(5000, 4);
    let real = reports
        .iter()
        .filter(|r| {
            r.record["narrative"].as_str().unwrap().contains("real")
                || r.record["narrative"].as_str().unwrap().contains("vrai")
        })
        .count();
    assert!(real > 200, "{real}");
    let own = reports
        .iter()
        .filter(|r| {
            let n = r.record["narrative"].as_str().unwrap();
            n.contains("My number is")
                || n.contains("Mon numéro")
                || n.contains("call me back on")
                || n.contains("Mera number")
        })
        .count();
    assert!(own > 300, "{own}");
}

#[test]
fn clusters_are_heavy_tailed() {
    let reports = run(20_000, 13);
    let mut sizes: HashMap<&str, usize> = HashMap::new();
    for r in &reports {
        *sizes.entry(r.cluster.as_str()).or_default() += 1;
        assert!(r.cluster.starts_with("op-") || r.cluster.starts_with("solo-"));
    }
    let largest = sizes.values().copied().max().unwrap();
    assert!(largest > 100, "largest {largest}");
    let ops: Vec<usize> = sizes
        .iter()
        .filter(|(k, _)| k.starts_with("op-"))
        .map(|(_, &v)| v)
        .collect();
    let small = ops.iter().filter(|&&s| s <= 10).count();
    assert!(
        small * 2 > ops.len(),
        "{small} of {} operations small",
        ops.len()
    );
    assert!(
        ops.len() > 200 && ops.len() < 2000,
        "{} operations",
        ops.len()
    );
    for (k, v) in &sizes {
        if k.starts_with("solo-") {
            assert_eq!(*v, 1, "{k}");
        } else {
            assert!(*v >= 2, "{k}");
        }
    }
    let solos = sizes.keys().filter(|k| k.starts_with("solo-")).count();
    assert!(solos > 1000 && solos < 2500, "{solos}");
}

struct Uf(Vec<usize>);
impl Uf {
    fn find(&mut self, x: usize) -> usize {
        let mut r = x;
        while self.0[r] != r {
            r = self.0[r];
        }
        let mut x = x;
        while self.0[x] != r {
            let n = self.0[x];
            self.0[x] = r;
            x = n;
        }
        r
    }
}

#[test]
fn operations_link_mostly_and_bridges_are_rare() {
    let reports = run(20_000, 17);
    let mut by_value: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
    for (i, r) in reports.iter().enumerate() {
        for (k, v) in &r.planted {
            by_value
                .entry((k.as_str(), v.as_str()))
                .or_default()
                .push(i);
        }
    }
    let mut uf = Uf((0..reports.len()).collect());
    let mut bridges = 0;
    for ids in by_value.values() {
        let clusters: HashSet<&str> = ids.iter().map(|&i| reports[i].cluster.as_str()).collect();
        if clusters.len() > 1 {
            bridges += 1;
            continue;
        }
        for w in ids.windows(2) {
            let (a, b) = (uf.find(w[0]), uf.find(w[1]));
            uf.0[a] = b;
        }
    }
    // default bridge_rate 0.03: 600 bridge reports, two to six per bridge;
    // victims scammed twice share their own number, which is not planted
    assert!(bridges > 60 && bridges < 400, "{bridges} bridging values");
    // per operation: share of reports in its largest linked component
    let mut members: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, r) in reports.iter().enumerate() {
        if r.cluster.starts_with("op-") {
            members.entry(r.cluster.as_str()).or_default().push(i);
        }
    }
    let (mut linked, mut total) = (0usize, 0usize);
    for ids in members.values() {
        let mut comp: HashMap<usize, usize> = HashMap::new();
        for &i in ids {
            *comp.entry(uf.find(i)).or_default() += 1;
        }
        linked += comp.values().max().unwrap();
        total += ids.len();
    }
    let share = linked as f64 / total as f64;
    assert!(
        share > 0.75 && share < 0.99,
        "share of operation reports in their main component: {share}"
    );
}

#[test]
fn streams_quickly() {
    let start = Instant::now();
    let mut n = 0usize;
    let mut bytes = 0usize;
    for r in generate(&SimConfig {
        reports: 200_000,
        seed: 99,
        ..SimConfig::default()
    }) {
        n += 1;
        bytes += r.record["narrative"].as_str().map_or(0, str::len);
    }
    let el = start.elapsed();
    assert_eq!(n, 200_000);
    assert!(bytes > 0);
    eprintln!("200000 reports in {el:?}");
    assert!(el.as_secs() < 120, "{el:?}");
}
