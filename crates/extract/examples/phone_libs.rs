//! Evaluation of rlibphonenumber against phonenumber 0.3 (why phone.rs validates with the former):
//! (1) parse + validate + E.164 of the same digit runs, speed and agreement;
//! (2) rlibphonenumber's own text matcher on the cases, quality against the labels and speed.
//!
//! `cargo run --release -p ringtrace-extract --example phone_libs -- CASES.jsonl`
//! (CASES: the corpus generator's output, `crates/extract/corpus/generate.py --out DIR`).
use rlibphonenumber::phonenumber_matcher::{Leniency, PHONE_MATCHER_FACTORY};
use rlibphonenumber::{PhoneNumber, PhoneNumberFormat, Region};
use std::time::Instant;

fn jstr(line: &str, key: &str) -> Option<String> {
    // tiny JSON string field reader (inputs are our own generator's output)
    let k = format!("\"{key}\": ");
    let i = line.find(&k)? + k.len();
    let rest = &line[i..];
    if rest.starts_with("null") {
        return None;
    }
    let mut out = String::new();
    let mut chars = rest[1..].chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => break,
            '\\' => match chars.next()? {
                'n' => out.push('\n'),
                'r' => out.push('\r'),
                't' => out.push('\t'),
                'u' => {
                    let h: String = chars.by_ref().take(4).collect();
                    out.push(char::from_u32(u32::from_str_radix(&h, 16).ok()?).unwrap_or('?'));
                }
                c => out.push(c),
            },
            c => out.push(c),
        }
    }
    Some(out)
}

fn main() {
    let path = std::env::args().nth(1).unwrap();
    let data = std::fs::read_to_string(&path).unwrap();
    let cases: Vec<(String, Option<String>, Vec<String>)> = data
        .lines()
        .map(|l| {
            let phones: Vec<String> = l
                .match_indices("\"kind\": \"phone\", \"value\": \"")
                .map(|(i, m)| {
                    let s = &l[i + m.len()..];
                    s[..s.find('"').unwrap()].to_string()
                })
                .collect();
            (jstr(l, "text").unwrap(), jstr(l, "region"), phones)
        })
        .collect();
    // (1) inputs: every digit run of 7-15 digits (separators dropped) with the case region, as ringtrace hands them over.
    let re = digit_runs(&cases);
    println!("{} parse inputs", re.len());
    let t = Instant::now();
    let mut a = Vec::new();
    for (s, r) in &re {
        let id = r
            .as_deref()
            .and_then(|r| r.parse::<phonenumber::country::Id>().ok());
        let v = phonenumber::parse(id, s)
            .ok()
            .filter(phonenumber::is_valid)
            .map(|n| {
                phonenumber::format(&n)
                    .mode(phonenumber::Mode::E164)
                    .to_string()
            });
        a.push(v);
    }
    let ta = t.elapsed();
    let t = Instant::now();
    let mut b = Vec::new();
    for (s, r) in &re {
        let reg = r.as_deref().and_then(|r| Region::from_code(r).ok());
        let v = PhoneNumber::parse(s, reg)
            .ok()
            .filter(|n| n.is_valid())
            .map(|n| n.format_as(PhoneNumberFormat::E164).into_owned());
        b.push(v);
    }
    let tb = t.elapsed();
    // second pass: warm
    let t = Instant::now();
    for (s, r) in &re {
        let id = r
            .as_deref()
            .and_then(|r| r.parse::<phonenumber::country::Id>().ok());
        let _ = phonenumber::parse(id, s)
            .ok()
            .filter(phonenumber::is_valid)
            .map(|n| {
                phonenumber::format(&n)
                    .mode(phonenumber::Mode::E164)
                    .to_string()
            });
    }
    let ta2 = t.elapsed();
    let t = Instant::now();
    for (s, r) in &re {
        let reg = r.as_deref().and_then(|r| Region::from_code(r).ok());
        let _ = PhoneNumber::parse(s, reg)
            .ok()
            .filter(|n| n.is_valid())
            .map(|n| n.format_as(PhoneNumberFormat::E164).into_owned());
    }
    let tb2 = t.elapsed();
    let agree = a.iter().zip(&b).filter(|(x, y)| x == y).count();
    println!(
        "phonenumber 0.3: cold {:?} warm {:?} ({:.1} us/number warm)",
        ta,
        ta2,
        ta2.as_secs_f64() * 1e6 / re.len() as f64
    );
    println!(
        "rlibphonenumber: cold {:?} warm {:?} ({:.1} us/number warm)",
        tb,
        tb2,
        tb2.as_secs_f64() * 1e6 / re.len() as f64
    );
    println!("agreement {agree}/{}", re.len());
    for ((x, y), (s, r)) in a
        .iter()
        .zip(&b)
        .zip(&re)
        .filter(|((x, y), _)| x != y)
        .take(12)
    {
        println!("  differ {s:?} {r:?}: phonenumber {x:?} rlib {y:?}");
    }
    // (2) matcher over texts
    for len in [Leniency::Valid, Leniency::StrictGrouping] {
        let t = Instant::now();
        let (mut tp, mut fp, mut fnn) = (0, 0, 0);
        let mut bytes = 0;
        for (text, region, gold) in &cases {
            bytes += text.len();
            let reg = region.as_deref().and_then(|r| Region::from_code(r).ok());
            let mut left = gold.clone();
            for m in PHONE_MATCHER_FACTORY.create_matcher(text, len, u64::MAX, reg) {
                let e = m.number.format_as(PhoneNumberFormat::E164).into_owned();
                if let Some(i) = left.iter().position(|g| *g == e) {
                    left.remove(i);
                    tp += 1
                } else {
                    fp += 1
                }
            }
            fnn += left.len();
        }
        let secs = t.elapsed().as_secs_f64();
        let p = tp as f64 / (tp + fp) as f64;
        let r = tp as f64 / (tp + fnn) as f64;
        println!(
            "rlib matcher {len:?}: P {p:.3} R {r:.3} F1 {:.3}, {:.2} MB/s",
            2.0 * p * r / (p + r),
            bytes as f64 / 1e6 / secs
        );
    }
}

fn digit_runs(cases: &[(String, Option<String>, Vec<String>)]) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    for (text, region, _) in cases {
        let mut cur = String::new();
        let mut plus = false;
        let flush = |cur: &mut String, plus: &mut bool, out: &mut Vec<(String, Option<String>)>| {
            if (7..=15).contains(&cur.len()) {
                out.push((
                    if *plus {
                        format!("+{cur}")
                    } else {
                        cur.clone()
                    },
                    region.clone(),
                ));
            }
            cur.clear();
            *plus = false;
        };
        let b = text.as_bytes();
        for (i, &c) in b.iter().enumerate() {
            if c.is_ascii_digit() {
                if cur.is_empty() {
                    plus = i > 0 && b[i - 1] == b'+';
                }
                cur.push(c as char);
            } else if matches!(c, b' ' | b'-' | b'.' | b'(' | b')') && !cur.is_empty() {
            } else {
                flush(&mut cur, &mut plus, &mut out);
            }
        }
        flush(&mut cur, &mut plus, &mut out);
    }
    out
}
