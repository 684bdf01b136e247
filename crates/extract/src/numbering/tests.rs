//! The metadata table checked against `rlibphonenumber`'s own, and this module's verdicts against the library's on every region's example numbers and variants of them.

#![allow(deprecated)] // prost's fields, which the library's wrappers mark so

use super::*;
use prost::Message;
use rlibphonenumber::{
    PhoneMetadata, PhoneMetadataCollection, PhoneNumber, PhoneNumberDesc, PhoneNumberFormat, Region,
};
use std::fmt::Write as _;
use std::path::PathBuf;

/// `rlibphonenumber`'s metadata file, in the package's sources that cargo
/// unpacked to build this test: the version is the lock file's, the
/// directory `$CARGO_HOME/registry/src/<index>/rlibphonenumber-<version>`.
/// (Not `cargo metadata`: offline, it wants every platform's packages on
/// disk, which a fresh machine that only built for its own does not have.)
fn library_metadata() -> PhoneMetadataCollection {
    let lock_path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../Cargo.lock");
    let lock = std::fs::read_to_string(lock_path).expect("the workspace's Cargo.lock");
    let version = lock
        .split("[[package]]")
        .find(|p| p.contains("name = \"rlibphonenumber\"\n"))
        .and_then(|p| p.lines().find_map(|l| l.strip_prefix("version = \"")))
        .map(|v| v.trim_end_matches('"').to_string())
        .expect("rlibphonenumber in Cargo.lock");
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .expect("CARGO_HOME or HOME");
    let src = cargo_home.join("registry/src");
    let package = std::fs::read_dir(&src)
        .unwrap_or_else(|e| panic!("{}: {e}", src.display()))
        .filter_map(Result::ok)
        .map(|index| index.path().join(format!("rlibphonenumber-{version}")))
        .find(|dir| dir.is_dir())
        .unwrap_or_else(|| panic!("rlibphonenumber-{version} under {}", src.display()));
    let bin = package.join("src/generated/metadata/metadata.bin");
    let bytes = std::fs::read(&bin).unwrap_or_else(|e| panic!("{}: {e}", bin.display()));
    PhoneMetadataCollection::decode(bytes.as_slice()).expect("metadata decodes")
}

/// A pattern as the library stores it (`^(?:…)$`), unwrapped.
fn unwrap(p: &Option<String>) -> Option<String> {
    p.as_ref().map(|p| {
        p.strip_prefix("^(?:")
            .and_then(|p| p.strip_suffix(")$"))
            .unwrap_or_else(|| panic!("pattern not in the form ^(?:…)$: {p}"))
            .to_string()
    })
}

fn render_desc(d: &Option<PhoneNumberDesc>) -> String {
    let Some(d) = d else {
        return "Desc(None, &[], &[])".into();
    };
    if d.national_number_pattern.is_none()
        && d.possible_length == [-1]
        && d.possible_length_local_only.is_empty()
    {
        return "NA".into();
    }
    let lengths = |v: &[i32]| {
        let v: Vec<i8> = v
            .iter()
            .map(|&l| i8::try_from(l).expect("length"))
            .collect();
        format!("&{v:?}")
    };
    format!(
        "Desc({:?}, {}, {})",
        unwrap(&d.national_number_pattern),
        lengths(&d.possible_length),
        lengths(&d.possible_length_local_only)
    )
}

fn types(m: &PhoneMetadata) -> [&Option<PhoneNumberDesc>; TYPES] {
    [
        &m.premium_rate,
        &m.toll_free,
        &m.shared_cost,
        &m.voip,
        &m.personal_number,
        &m.pager,
        &m.uan,
        &m.voicemail,
        &m.fixed_line,
        &m.mobile,
    ]
}

/// The text of `data.rs` for the library's metadata.
fn render(c: &PhoneMetadataCollection) -> String {
    let mut s = String::from(
        "//! libphonenumber's metadata as `rlibphonenumber` ships it, the parts that parsing and validation read (generated: `RINGTRACE_REGENERATE=1 cargo test -p ringtrace-extract numbering`).\n\n\
         use super::{Desc, Meta, NA};\n\n\
         pub(super) static META: &[Meta] = &[\n",
    );
    for m in &c.metadata {
        let ty: Vec<String> = types(m).iter().map(|d| render_desc(d)).collect();
        writeln!(
            s,
            "    Meta {{ id: {:?}, cc: {}, intl: {:?}, npfp: {:?}, transform: {:?}, leading: {:?}, same: {},\n        general: {},\n        types: [{}] }},",
            m.id,
            m.country_code(),
            unwrap(&m.international_prefix),
            unwrap(&m.national_prefix_for_parsing),
            m.national_prefix_transform_rule(),
            unwrap(&m.leading_digits),
            m.same_mobile_and_fixed_line_pattern(),
            render_desc(&m.general_desc),
            ty.join(", ")
        )
        .expect("write");
    }
    s.push_str("];\n\n/// Regions by ISO code (non-geographic entries left out).\npub(super) static BY_ID: &[(&str, u16)] = &[\n");
    let mut ids: Vec<(&str, usize)> = c
        .metadata
        .iter()
        .enumerate()
        .filter(|(_, m)| m.id != "001")
        .map(|(i, m)| (m.id.as_str(), i))
        .collect();
    ids.sort();
    for (id, i) in ids {
        writeln!(s, "    ({id:?}, {i}),").expect("write");
    }
    // As the library builds its map: the main region first, the others in order.
    let mut by_cc: std::collections::BTreeMap<i32, std::collections::VecDeque<usize>> =
        Default::default();
    for (i, m) in c.metadata.iter().enumerate() {
        let Some(cc) = m.country_code else { continue };
        let list = by_cc.entry(cc).or_default();
        if m.main_country_for_code() {
            list.push_front(i);
        } else {
            list.push_back(i);
        }
    }
    s.push_str("];\n\n/// Entries by calling code, the main region first.\npub(super) static BY_CC: &[(u16, &[u16])] = &[\n");
    for (cc, list) in by_cc {
        let list: Vec<usize> = list.into_iter().collect();
        writeln!(s, "    ({cc}, &{list:?}),").expect("write");
    }
    s.push_str("];\n");
    s
}

#[test]
fn data_is_the_library_metadata() {
    let want = render(&library_metadata());
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/numbering/data.rs");
    if std::env::var_os("RINGTRACE_REGENERATE").is_some() {
        std::fs::write(&path, &want).expect("write data.rs");
    }
    let have = std::fs::read_to_string(&path).expect("read data.rs");
    assert!(
        have == want,
        "src/numbering/data.rs differs from rlibphonenumber's metadata: run RINGTRACE_REGENERATE=1 cargo test -p ringtrace-extract numbering"
    );
}

#[test]
fn every_prebuilt_dfa_reads_back_and_agrees() {
    // Digit strings of every length a number has, from a fixed generator.
    let mut x = 0x2545_f491_4f6c_dd1du64;
    let inputs: Vec<Vec<u8>> = (0..300)
        .map(|k| {
            (0..(k % 18) + 1)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    b'0' + (x % 10) as u8
                })
                .collect()
        })
        .collect();
    let mut read = 0;
    for i in 0..data::META.len() {
        for slot in 0..SLOTS {
            if pattern(i, slot).is_none() {
                assert!(prebuilt(i, slot).is_none(), "entry {i} slot {slot}");
                continue;
            }
            assert!(prebuilt(i, slot).is_some(), "{} slot {slot}", meta(i).id);
            read += 1;
            for s in &inputs {
                let input = Input::new(s).anchored(Anchored::Yes);
                assert_eq!(
                    match_end(i, slot, s),
                    lazy_match_end(i, slot, &input),
                    "{} slot {slot} on {:?}",
                    meta(i).id,
                    String::from_utf8_lossy(s)
                );
            }
        }
    }
    assert!(read > 1000, "{read} DFAs read");
}

#[test]
fn every_pattern_compiles() {
    for i in 0..data::META.len() {
        let m = meta(i);
        for slot in 0..SLOTS {
            let source = match slot {
                GENERAL => m.general.0,
                LEADING => m.leading,
                INTL => m.intl,
                t => m.types[t - 1].0,
            };
            if source.is_some() {
                assert!(
                    pattern(i, slot).is_some(),
                    "{} slot {slot}: {source:?}",
                    m.id
                );
            }
        }
        if let Some(p) = m.npfp {
            assert!(
                national_prefix(i).is_some(),
                "{} national prefix: {p:?}",
                m.id
            );
        }
    }
}

/// The library's verdict: E.164 when it parses and is valid.
fn library(s: &str, region: Option<&str>) -> Option<String> {
    let region = region.map(|r| Region::from_code(r).expect("region"));
    let n = PhoneNumber::parse(s, region).ok()?;
    n.is_valid()
        .then(|| n.format_as(PhoneNumberFormat::E164).into_owned())
}

fn ours(s: &str, region: Option<&str>) -> Option<String> {
    match (s.strip_prefix('+'), region) {
        (Some(d), None) => international(d),
        (None, Some(r)) => national(s, super::region(r)?),
        _ => unreachable!("a number is either +digits or dialled in a region"),
    }
}

/// A small deterministic generator (xorshift), so the cases are the same every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Variants of a digit string: each digit changed, one dropped, one added.
fn variants(d: &str, rng: &mut Rng) -> Vec<String> {
    let mut out = vec![d.to_string()];
    if d.is_empty() {
        return out;
    }
    for _ in 0..4 {
        let mut b = d.as_bytes().to_vec();
        let k = rng.below(b.len());
        b[k] = b'0' + rng.below(10) as u8;
        out.push(String::from_utf8(b).expect("digits"));
    }
    let k = rng.below(d.len());
    out.push(format!("{}{}", &d[..k], &d[k + 1..]));
    out.push(format!("{d}{}", rng.below(10)));
    out.push(format!("{}{d}", rng.below(10)));
    out
}

#[test]
fn same_verdicts_as_the_library() {
    let c = library_metadata();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let regions: Vec<&PhoneMetadata> = c.metadata.iter().filter(|m| m.id != "001").collect();
    let mut checked = 0usize;
    let mut valid = 0usize;
    let mut differ = Vec::new();
    let mut check = |s: String, region: Option<&str>| {
        let want = library(&s, region);
        let have = ours(&s, region);
        checked += 1;
        valid += usize::from(want.is_some());
        if want != have && differ.len() < 20 {
            differ.push(format!(
                "{s} in {region:?}: library {want:?}, ours {have:?}"
            ));
        }
    };
    for m in &c.metadata {
        let cc = m.country_code();
        let np = m.national_prefix().to_string();
        let examples: Vec<&str> = types(m)
            .iter()
            .chain([&&m.general_desc])
            .filter_map(|d| d.as_ref().and_then(|d| d.example_number.as_deref()))
            .collect();
        for ex in examples {
            for v in variants(ex, &mut rng) {
                check(format!("+{cc}{v}"), None);
                check(format!("+{cc}{np}{v}"), None);
                if m.id == "001" {
                    continue;
                }
                let own = Some(m.id.as_str());
                for written in [
                    v.clone(),
                    format!("{np}{v}"),
                    format!("{cc}{v}"),
                    format!("{cc}{np}{v}"),
                    format!("00{cc}{v}"),
                    format!("011{cc}{v}"),
                ] {
                    check(written, own);
                }
                // The same digits read in some other region.
                let other = regions[rng.below(regions.len())].id.as_str();
                check(v.clone(), Some(other));
                check(format!("{np}{v}"), Some(other));
            }
        }
        // Random digit strings of every plausible length.
        for _ in 0..40 {
            let len = 3 + rng.below(15);
            let d: String = (0..len)
                .map(|_| char::from(b'0' + rng.below(10) as u8))
                .collect();
            check(format!("+{d}"), None);
            if m.id != "001" {
                check(d, Some(m.id.as_str()));
            }
        }
    }
    assert!(
        differ.is_empty(),
        "{} of {checked} differ:\n{}",
        differ.len(),
        differ.join("\n")
    );
    eprintln!("{checked} numbers, {valid} of them valid, the same verdict and form as the library");
    assert!(
        checked > 100_000 && valid > 10_000,
        "{checked} checked, {valid} valid"
    );
}

/// Every code of two capitals (and a few others) is found by its letters as
/// a search of the sorted ids finds it.
#[test]
fn regions_found_by_their_letters() {
    let search = |code: &str| {
        data::BY_ID
            .binary_search_by_key(&code, |(id, _)| id)
            .ok()
            .map(|k| usize::from(data::BY_ID[k].1))
    };
    let mut found = 0;
    for code in &trunk::codes_to_try() {
        let want = search(code);
        found += usize::from(want.is_some());
        assert_eq!(region(code), want, "{code:?}");
    }
    assert_eq!(found, data::BY_ID.len());
}
