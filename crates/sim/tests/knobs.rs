//! The knobs of `SimConfig`: ranges are checked, and the realised rates, counted
//! from the generator's notes and checked against the reports themselves, match them.

use ringtrace_sim::{generate, SimConfig, SimReport};
use std::collections::{HashMap, HashSet};

const N: usize = 20_000;

fn run(cfg: SimConfig) -> Vec<SimReport> {
    generate(&cfg).collect()
}

fn with(f: impl FnOnce(&mut SimConfig)) -> Vec<SimReport> {
    let mut cfg = SimConfig {
        reports: N,
        seed: 31,
        ..SimConfig::default()
    };
    f(&mut cfg);
    run(cfg)
}

fn share(reports: &[SimReport], pred: impl Fn(&SimReport) -> bool) -> f64 {
    reports.iter().filter(|r| pred(r)).count() as f64 / reports.len() as f64
}

fn noted(r: &SimReport, prefix: &str) -> bool {
    r.notes.iter().any(|n| n.starts_with(prefix))
}

/// Reports carrying a value (planted, or the victim's own number) that a report
/// of another cluster also carries — computed from the reports alone.
fn cross_cluster(reports: &[SimReport]) -> HashSet<usize> {
    let mut by_value: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
    for (i, r) in reports.iter().enumerate() {
        for (k, v) in &r.planted {
            by_value
                .entry((k.as_str(), v.as_str()))
                .or_default()
                .push(i);
        }
        if let Some(v) = &r.victim {
            by_value.entry(("victim", v.as_str())).or_default().push(i);
        }
    }
    let mut out = HashSet::new();
    for ids in by_value.values() {
        let clusters: HashSet<&str> = ids.iter().map(|&i| reports[i].cluster.as_str()).collect();
        if clusters.len() > 1 {
            out.extend(ids.iter().copied());
        }
    }
    out
}

#[test]
fn defaults_are_valid_and_documented_values() {
    let d = SimConfig::default();
    assert_eq!(d.validate(), Ok(()));
    assert_eq!(d.hub_rate, 0.25);
    assert_eq!(d.bridge_rate, 0.03);
    assert_eq!(d.victim_own_rate, 0.18);
    assert_eq!(d.duplicate_rate, 0.07);
    assert_eq!(d.rotation_overlap, 0.4);
    assert_eq!(d.size_alpha, 0.85);
    assert_eq!(d.singleton_rate, 0.08);
}

#[test]
fn out_of_range_knobs_are_named() {
    type Set = fn(&mut SimConfig, f64);
    let cases: [(&str, &str, Set, f64); 9] = [
        ("hub_rate", "--hub-rate", |c, v| c.hub_rate = v, 1.5),
        ("hub_rate", "--hub-rate", |c, v| c.hub_rate = v, f64::NAN),
        (
            "victim_own_rate",
            "--victim-own-rate",
            |c, v| c.victim_own_rate = v,
            -0.1,
        ),
        (
            "bridge_rate",
            "--bridge-rate",
            |c, v| c.bridge_rate = v,
            0.6,
        ),
        (
            "duplicate_rate",
            "--duplicate-rate",
            |c, v| c.duplicate_rate = v,
            2.0,
        ),
        (
            "rotation_overlap",
            "--rotation-overlap",
            |c, v| c.rotation_overlap = v,
            1.01,
        ),
        ("size_alpha", "--size-alpha", |c, v| c.size_alpha = v, 0.0),
        (
            "size_alpha",
            "--size-alpha",
            |c, v| c.size_alpha = v,
            f64::INFINITY,
        ),
        (
            "singleton_rate",
            "--singleton-rate",
            |c, v| c.singleton_rate = v,
            -1.0,
        ),
    ];
    for (knob, flag, set, v) in cases {
        let mut c = SimConfig::default();
        set(&mut c, v);
        let e = c.validate().expect_err(knob);
        assert_eq!(e.knob, knob);
        assert_eq!(e.flag(), flag);
        assert!(e.to_string().contains(knob), "{e}");
    }
    // the edges are allowed
    let edge = SimConfig {
        hub_rate: 1.0,
        victim_own_rate: 0.0,
        bridge_rate: 0.5,
        duplicate_rate: 1.0,
        rotation_overlap: 1.0,
        size_alpha: 10.0,
        singleton_rate: 0.0,
        ..SimConfig::default()
    };
    assert_eq!(edge.validate(), Ok(()));
}

#[test]
#[should_panic(expected = "bridge_rate")]
fn generate_refuses_an_invalid_config() {
    let _ = generate(&SimConfig {
        bridge_rate: 0.9,
        ..SimConfig::default()
    });
}

#[test]
fn bridge_rate_is_realised() {
    for rate in [0.0, 0.01, 0.03, 0.05] {
        let reports = with(|c| {
            c.bridge_rate = rate;
            c.hub_rate = 0.25;
        });
        let noted_set: HashSet<usize> = (0..reports.len())
            .filter(|&i| noted(&reports[i], "bridge:"))
            .collect();
        let realised = noted_set.len() as f64 / N as f64;
        eprintln!("bridge_rate {rate}: realised {realised:.4}");
        assert!(
            (realised - rate).abs() <= 1.5 / N as f64,
            "bridge_rate {rate}: realised {realised}"
        );
        // the bookkeeping is exactly what the reports show
        let seen = cross_cluster(&reports);
        assert_eq!(seen, noted_set, "bridge_rate {rate}");
        if rate == 0.0 {
            assert!(seen.is_empty());
        }
        // each kind occurs, bridges keep their own ring's label, and both sides of each exist
        if rate >= 0.03 {
            for kind in [
                "bridge:mule_account",
                "bridge:recycled_number",
                "bridge:victim_twice",
            ] {
                let k = share(&reports, |r| r.notes.contains(&kind));
                assert!(k > rate * 0.1, "{kind}: {k}");
            }
            let victims_twice = reports
                .iter()
                .filter(|r| {
                    r.notes.contains(&"bridge:victim_twice")
                        && r.record["narrative"]
                            .as_str()
                            .unwrap()
                            .contains("second time")
                })
                .count();
            assert!(victims_twice > 0);
        }
        for r in &reports {
            assert!(r.cluster.starts_with("op-") || !noted(r, "bridge:"));
        }
    }
}

#[test]
fn recycled_numbers_wait_for_the_carrier() {
    let reports = with(|c| c.bridge_rate = 0.05);
    let mut uses: HashMap<&str, Vec<(&str, &str)>> = HashMap::new();
    for r in reports
        .iter()
        .filter(|r| r.notes.contains(&"bridge:recycled_number"))
    {
        let at = r.record["received_at"].as_str().unwrap();
        for (k, v) in &r.planted {
            if k == "phone" {
                uses.entry(v.as_str())
                    .or_default()
                    .push((r.cluster.as_str(), at));
            }
        }
    }
    let mut checked = 0;
    for (phone, u) in &uses {
        let clusters: HashSet<&str> = u.iter().map(|x| x.0).collect();
        if clusters.len() != 2 {
            continue;
        }
        checked += 1;
        let day = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap().timestamp() / 86_400;
        let mut c: Vec<&str> = clusters.into_iter().collect();
        c.sort_by_key(|cl| u.iter().filter(|x| x.0 == *cl).map(|x| day(x.1)).min());
        let last_first = u.iter().filter(|x| x.0 == c[0]).map(|x| day(x.1)).max();
        let first_second = u.iter().filter(|x| x.0 == c[1]).map(|x| day(x.1)).min();
        // 60 days between the rings' active windows; reports are received up to 2 days late
        assert!(
            first_second.unwrap() - last_first.unwrap() >= 58,
            "{phone}: {u:?}"
        );
    }
    assert!(checked > 20, "{checked}");
}

#[test]
fn hub_rate_is_realised_and_the_hubs_are_in_the_text() {
    let list: Vec<(&str, &str)> = include_str!("../../link/data/warninglist.tsv")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let mut c = l.split('\t');
            Some((c.next()?, c.next()?))
        })
        .collect();
    for rate in [0.0, 0.25, 0.6] {
        let reports = with(|c| c.hub_rate = rate);
        let realised = share(&reports, |r| noted(r, "hub:"));
        eprintln!("hub_rate {rate}: realised {realised:.4}");
        assert!(
            (realised - rate).abs() < 0.012,
            "hub_rate {rate}: {realised}"
        );
        let mut kinds: HashMap<&str, usize> = HashMap::new();
        for r in reports.iter().filter(|r| noted(r, "hub:")) {
            let text = r.record["narrative"].as_str().unwrap();
            let digits: String = text.chars().filter(char::is_ascii_digit).collect();
            let found = list.iter().any(|(kind, value)| match *kind {
                "phone" => digits.contains(&value[value.len() - 7..]),
                _ => text.contains(value),
            });
            assert!(found, "no hub value in {text}");
            for n in &r.notes {
                *kinds.entry(n).or_default() += 1;
            }
            // hubs are never planted as scam infrastructure
            for (_, v) in &r.planted {
                assert!(!list.iter().any(|(_, l)| l == v), "{v}");
            }
        }
        if rate > 0.0 {
            for k in ["hub:support_number", "hub:vendor_site", "hub:webmail"] {
                assert!(kinds.get(k).copied().unwrap_or(0) > 100, "{kinds:?}");
            }
        } else {
            let real = share(&reports, |r| {
                let t = r.record["narrative"].as_str().unwrap();
                t.contains("real ") || t.contains("vrai support") || t.contains("they never call")
            });
            assert_eq!(real, 0.0);
        }
    }
}

#[test]
fn victim_own_rate_is_realised() {
    for rate in [0.0, 0.18, 0.5] {
        let reports = with(|c| c.victim_own_rate = rate);
        let realised = share(&reports, |r| r.notes.contains(&"victim_own"));
        eprintln!("victim_own_rate {rate}: realised {realised:.4}");
        assert!(
            (realised - rate).abs() < 0.012,
            "victim_own_rate {rate}: {realised}"
        );
        for r in &reports {
            assert_eq!(r.victim.is_some(), r.notes.contains(&"victim_own"));
            if let Some(v) = &r.victim {
                let digits: String = r.record["narrative"]
                    .as_str()
                    .unwrap()
                    .chars()
                    .filter(char::is_ascii_digit)
                    .collect();
                assert!(digits.contains(&v[v.len() - 8..]), "{v}");
                assert!(!r.planted.iter().any(|(_, p)| p == v));
            }
        }
        if rate == 0.0 {
            assert_eq!(
                share(&reports, |r| r.notes.contains(&"bridge:victim_twice")),
                0.0
            );
            // the bridge budget goes to the other kinds
            let b = share(&reports, |r| noted(r, "bridge:"));
            assert!((b - 0.03).abs() < 1e-4, "{b}");
        }
    }
}

#[test]
fn duplicates_are_one_incident_told_to_two_partners() {
    for rate in [0.0, 0.07, 0.2] {
        let reports = with(|c| c.duplicate_rate = rate);
        let mut by_incident: HashMap<u64, Vec<&SimReport>> = HashMap::new();
        for r in &reports {
            by_incident.entry(r.incident).or_default().push(r);
        }
        let ring_incidents = by_incident
            .values()
            .filter(|v| v[0].cluster.starts_with("op-"))
            .count();
        let mut twice = 0;
        for v in by_incident.values() {
            assert!(v.len() <= 2);
            if v.len() < 2 {
                assert!(!v[0].notes.contains(&"duplicate"));
                continue;
            }
            twice += 1;
            let (a, b) = (v[0], v[1]);
            assert!(!a.notes.contains(&"duplicate") && b.notes.contains(&"duplicate"));
            assert!(a.cluster.starts_with("op-"));
            assert_eq!(a.cluster, b.cluster);
            assert_ne!(a.record["partner"], b.record["partner"]);
            assert_eq!(a.record["region"], b.record["region"]);
            assert_eq!(a.victim, b.victim);
            let kinds = |r: &SimReport, k: &str| -> HashSet<String> {
                r.planted
                    .iter()
                    .filter(|(kind, _)| kind == k)
                    .map(|(_, v)| v.clone())
                    .collect()
            };
            for k in [
                "phone",
                "email",
                "iban",
                "upi",
                "bank_account",
                "remote_id",
                "gift_card",
                "crypto_wallet",
            ] {
                assert_eq!(kinds(a, k), kinds(b, k), "{k}");
            }
            let hubs = |r: &SimReport| -> Vec<&str> {
                r.notes
                    .iter()
                    .copied()
                    .filter(|n| n.starts_with("hub:"))
                    .collect()
            };
            assert_eq!(hubs(a), hubs(b));
        }
        let realised = twice as f64 / ring_incidents as f64;
        eprintln!("duplicate_rate {rate}: realised {realised:.4}");
        assert!(
            (realised - rate).abs() < 0.01,
            "duplicate_rate {rate}: {realised}"
        );
    }
}

#[test]
fn singleton_rate_is_exact() {
    for rate in [0.0, 0.08, 0.3] {
        let reports = with(|c| c.singleton_rate = rate);
        let solos = reports
            .iter()
            .filter(|r| r.cluster.starts_with("solo-"))
            .count();
        assert_eq!(
            solos,
            (N as f64 * rate).round() as usize,
            "singleton_rate {rate}"
        );
        let labels: HashSet<&str> = reports
            .iter()
            .filter(|r| r.cluster.starts_with("solo-"))
            .map(|r| r.cluster.as_str())
            .collect();
        assert_eq!(labels.len(), solos);
    }
}

#[test]
fn size_alpha_sets_the_tail() {
    for alpha in [0.85, 1.5] {
        let reports = with(|c| c.size_alpha = alpha);
        let mut sizes: HashMap<&str, usize> = HashMap::new();
        for r in reports.iter().filter(|r| r.cluster.starts_with("op-")) {
            *sizes.entry(r.cluster.as_str()).or_default() += 1;
        }
        let ops = sizes.len() as f64;
        let big = sizes.values().filter(|&&s| s >= 20).count() as f64;
        let expected = (2.0f64 / 20.0).powf(alpha);
        let got = big / ops;
        eprintln!(
            "size_alpha {alpha}: P(size >= 20) {got:.4}, expected {expected:.4}, {ops} rings"
        );
        assert!(
            (got / expected - 1.0).abs() < 0.25,
            "size_alpha {alpha}: P(size >= 20) = {got}, expected {expected}"
        );
    }
}

#[test]
fn rotation_overlap_sets_how_often_the_old_or_new_number_is_used() {
    let off = |o: f64| {
        let reports = with(|c| c.rotation_overlap = o);
        share(&reports, |r| r.notes.contains(&"off_schedule"))
    };
    assert_eq!(off(0.0), 0.0);
    let (a, b) = (off(0.4), off(0.8));
    eprintln!("off-schedule contact numbers: overlap 0.4 {a:.4}, 0.8 {b:.4}");
    assert!(a > 0.03 && a < 0.2, "{a}");
    assert!(b / a > 1.6 && b / a < 2.4, "{a} {b}");
}

#[test]
fn knobs_keep_determinism_and_counts() {
    let cfg = SimConfig {
        reports: 3000,
        seed: 5,
        hub_rate: 0.5,
        bridge_rate: 0.1,
        duplicate_rate: 0.3,
        ..SimConfig::default()
    };
    let a = run(cfg.clone());
    let b = run(cfg);
    assert_eq!(a.len(), 3000);
    assert!(a
        .iter()
        .zip(&b)
        .all(|(x, y)| x.record == y.record && x.notes == y.notes && x.cluster == y.cluster));
    // tiny and extreme settings still give exactly the reports asked for
    for n in [0, 1, 2, 7, 100] {
        let c = SimConfig {
            reports: n,
            bridge_rate: 0.5,
            duplicate_rate: 1.0,
            singleton_rate: 1.0,
            ..SimConfig::default()
        };
        assert_eq!(generate(&c).count(), n);
        let c = SimConfig {
            reports: n,
            bridge_rate: 0.5,
            duplicate_rate: 1.0,
            singleton_rate: 0.0,
            size_alpha: 0.1,
            ..SimConfig::default()
        };
        assert_eq!(generate(&c).count(), n);
    }
}

/// Ring reports that share no planted value with another report of their
/// ring, computed from the reports alone.
fn lone_in_ring(reports: &[SimReport]) -> f64 {
    let mut by_value: HashMap<(&str, &str), HashSet<&str>> = HashMap::new();
    let mut count: HashMap<(&str, &str), usize> = HashMap::new();
    for r in reports {
        for (k, v) in &r.planted {
            by_value
                .entry((k.as_str(), v.as_str()))
                .or_default()
                .insert(r.cluster.as_str());
            *count.entry((k.as_str(), v.as_str())).or_default() += 1;
        }
    }
    let ring: Vec<&SimReport> = reports
        .iter()
        .filter(|r| r.cluster.starts_with("op-"))
        .collect();
    let lone = ring
        .iter()
        .filter(|r| {
            !r.planted
                .iter()
                .any(|(k, v)| count[&(k.as_str(), v.as_str())] > 1)
        })
        .count();
    lone as f64 / ring.len() as f64
}

#[test]
fn unlinkable_rate_sets_the_share_of_ring_reports_nothing_links() {
    let none = lone_in_ring(&with(|c| c.unlinkable_rate = 0.0));
    let default = lone_in_ring(&with(|_| {}));
    let many = lone_in_ring(&with(|c| c.unlinkable_rate = 0.3));
    // Beyond the knob, a few reports of small or rotating rings stay alone.
    assert!(none < 0.06, "{none}");
    assert!((default - none - 0.08).abs() < 0.025, "{none} {default}");
    assert!((many - none - 0.3).abs() < 0.04, "{none} {many}");
    assert!(SimConfig {
        unlinkable_rate: 1.5,
        ..SimConfig::default()
    }
    .validate()
    .is_err());
}
