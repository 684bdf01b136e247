//! Evidence packages: deterministic bytes, a clean verification, every
//! tampering case named exactly, redaction levels (snapshots), the report.

mod support;

use ringtrace_act::package::{verify_package, write_package, Finding, Redaction};
use std::io::{Cursor, Read, Write};
use support::{input, key, other_key};
use zip::write::SimpleFileOptions;

fn build(redaction: Redaction) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    write_package(&input(), redaction, &key(), &mut out).unwrap();
    out.into_inner()
}

fn entries(zip_bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut z = zip::ZipArchive::new(Cursor::new(zip_bytes)).unwrap();
    (0..z.len())
        .map(|i| {
            let mut e = z.by_index(i).unwrap();
            let mut b = Vec::new();
            e.read_to_end(&mut b).unwrap();
            (e.name().to_string(), b)
        })
        .collect()
}

fn rezip(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in files {
        w.start_file(name.as_str(), SimpleFileOptions::default())
            .unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn findings(zip_bytes: &[u8]) -> Vec<String> {
    let r = verify_package(Cursor::new(zip_bytes), &key().verifying_key());
    r.findings.iter().map(|f| f.to_string()).collect()
}

fn kinds(zip_bytes: &[u8]) -> Vec<(String, String)> {
    let r = verify_package(Cursor::new(zip_bytes), &key().verifying_key());
    r.findings
        .iter()
        .map(|f| {
            let v = serde_json::to_value(f).unwrap();
            (
                v["finding"].as_str().unwrap().to_string(),
                f.file().to_string(),
            )
        })
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn two_exports_are_byte_identical_and_verify() {
    let a = build(Redaction::Contact);
    let b = build(Redaction::Contact);
    assert_eq!(a, b);
    let names: Vec<String> = entries(&a).into_iter().map(|e| e.0).collect();
    assert_eq!(
        names,
        [
            "manifest.json",
            "manifest.sig",
            "signer.pub",
            "report.html",
            "reports.csv",
            "reports.json",
            "case.stix.json",
            "case.uco.jsonld"
        ]
    );
    let report = verify_package(Cursor::new(&a), &key().verifying_key());
    assert!(report.is_valid(), "{:?}", report.findings);
    assert_eq!(report.verified.len(), 6);
    let m = report.manifest.unwrap();
    assert_eq!(m.case.as_str(), "C-000042");
    assert_eq!(m.redaction, Redaction::Contact);
    assert_ne!(build(Redaction::Full), a);
}

#[test]
fn every_changed_byte_of_every_file_is_named() {
    let good = build(Redaction::None);
    for (i, (name, _)) in entries(&good).iter().enumerate() {
        let mut files = entries(&good);
        let bytes = &mut files[i].1;
        let at = bytes.len() / 2;
        bytes[at] ^= 0x01;
        let found = kinds(&rezip(&files));
        let expected = match name.as_str() {
            "manifest.json" => vec![("signature_invalid", "manifest.sig")],
            "manifest.sig" => vec![("signature_invalid", "manifest.sig")],
            // Still a valid key, but another one.
            "signer.pub" => vec![
                ("untrusted_signer", "signer.pub"),
                ("signer_id_mismatch", "manifest.json"),
                ("hash_mismatch", "signer.pub"),
            ],
            other => vec![("hash_mismatch", other)],
        };
        // A flipped byte in the manifest may break its JSON too.
        let found: Vec<_> = found
            .into_iter()
            .filter(|f| f.0 != "manifest_invalid")
            .collect();
        assert_eq!(found, pairs(&expected), "byte changed in {name}");
    }
}

#[test]
fn added_removed_and_resized_files() {
    let good = build(Redaction::None);
    let mut files = entries(&good);
    files.push(("notes.txt".into(), b"planted".to_vec()));
    assert_eq!(
        findings(&rezip(&files)),
        ["notes.txt: in the package but not listed in manifest.json"]
    );

    let mut files = entries(&good);
    files.retain(|f| f.0 != "reports.csv");
    assert_eq!(
        findings(&rezip(&files)),
        ["reports.csv: listed in manifest.json but missing"]
    );

    let mut files = entries(&good);
    files
        .iter_mut()
        .find(|f| f.0 == "reports.json")
        .unwrap()
        .1
        .push(b' ');
    assert_eq!(
        kinds(&rezip(&files)),
        pairs(&[
            ("size_mismatch", "reports.json"),
            ("hash_mismatch", "reports.json")
        ])
    );

    let mut files = entries(&good);
    files.retain(|f| f.0 != "manifest.sig");
    assert_eq!(findings(&rezip(&files)), ["manifest.sig: missing"]);

    let mut files = entries(&good);
    files.retain(|f| f.0 != "manifest.json");
    assert_eq!(
        kinds(&rezip(&files)),
        pairs(&[("manifest_missing", "manifest.json")])
    );

    let mut files = entries(&good);
    files.retain(|f| f.0 != "signer.pub");
    assert_eq!(
        kinds(&rezip(&files)),
        pairs(&[("signer_key_missing", "signer.pub")])
    );
}

#[test]
fn edited_manifest_and_swapped_signatures() {
    let good = build(Redaction::None);
    let mut files = entries(&good);
    let m = &mut files[0].1;
    let text = String::from_utf8(m.clone())
        .unwrap()
        .replace("\"microsoft\"", "\"amazon\"");
    *m = text.into_bytes();
    assert_eq!(
        kinds(&rezip(&files)),
        pairs(&[("signature_invalid", "manifest.sig")])
    );

    // The signature of another key over the same manifest.
    use ed25519_dalek::Signer;
    let mut files = entries(&good);
    files[1].1 = other_key().sign(&files[0].1).to_bytes().to_vec();
    assert_eq!(
        kinds(&rezip(&files)),
        pairs(&[("signature_invalid", "manifest.sig")])
    );

    // A truncated signature.
    let mut files = entries(&good);
    files[1].1.truncate(10);
    assert_eq!(
        kinds(&rezip(&files)),
        pairs(&[("signature_malformed", "manifest.sig")])
    );

    // Someone else's whole package: their key, their signature.
    let mut theirs = Cursor::new(Vec::new());
    write_package(&input(), Redaction::None, &other_key(), &mut theirs).unwrap();
    assert_eq!(
        kinds(theirs.get_ref()),
        pairs(&[
            ("untrusted_signer", "signer.pub"),
            ("signature_invalid", "manifest.sig")
        ])
    );

    // Their key and signature dropped into our package.
    let mut files = entries(&good);
    let other = entries(theirs.get_ref());
    files[1].1 = other[1].1.clone();
    files[2].1 = other[2].1.clone();
    assert_eq!(
        kinds(&rezip(&files)),
        pairs(&[
            ("untrusted_signer", "signer.pub"),
            ("signature_invalid", "manifest.sig"),
            ("signer_id_mismatch", "manifest.json"),
            ("hash_mismatch", "signer.pub"),
        ])
    );
}

#[test]
fn unsafe_names_and_broken_zips() {
    let good = build(Redaction::None);
    for bad in ["../evil.sh", "/etc/cron.d/x", "a/../../b", "C:/x", "dir\\x"] {
        let mut files = entries(&good);
        files.push((bad.into(), b"x".to_vec()));
        assert_eq!(
            kinds(&rezip(&files)),
            pairs(&[("unsafe_path", bad)]),
            "{bad}"
        );
    }
    assert_eq!(
        kinds(b"not a zip at all"),
        pairs(&[("not_a_zip", "(package)")])
    );
    let mut truncated = good.clone();
    truncated.truncate(good.len() / 2);
    assert!(!findings(&truncated).is_empty());
    // A raw byte flipped inside the compressed data of one entry.
    let mut raw = good.clone();
    let at = raw.len() / 3;
    raw[at] ^= 0x40;
    let r = verify_package(Cursor::new(&raw), &key().verifying_key());
    assert!(!r.is_valid());
    assert!(r.findings.iter().all(|f| !f.file().is_empty()));
    let _: Option<&Finding> = r.findings.first();
}

fn file_of(zip_bytes: &[u8], name: &str) -> String {
    let e = entries(zip_bytes);
    String::from_utf8(e.into_iter().find(|f| f.0 == name).unwrap().1).unwrap()
}

#[test]
fn redaction_levels() {
    for level in Redaction::ALL {
        let pkg = build(level);
        let json: serde_json::Value = serde_json::from_str(&file_of(&pkg, "reports.json")).unwrap();
        insta::assert_json_snapshot!(format!("reports_json_{level}"), json);
        insta::assert_snapshot!(format!("reports_csv_{level}"), file_of(&pkg, "reports.csv"));
    }
    let contact = file_of(&build(Redaction::Contact), "reports.json");
    assert!(!contact.contains("jean.dupont") && !contact.contains("+33612345678"));
    assert!(!contact.contains("212-555-0188"));
    assert!(contact.contains("refund.desk99@okaxis") && contact.contains("888) 555-0123"));
    let full = file_of(&build(Redaction::Full), "reports.json");
    assert!(!full.contains("pop-up said") && !full.contains("\"Microsoft\""));
}

#[test]
fn manifest_and_uco_documents() {
    let pkg = build(Redaction::Contact);
    let manifest: serde_json::Value =
        serde_json::from_str(&file_of(&pkg, "manifest.json")).unwrap();
    insta::assert_json_snapshot!("manifest", manifest, {
        ".files[].sha256" => "[sha256]",
        ".files[].size" => "[size]",
    });
    let uco: serde_json::Value = serde_json::from_str(&file_of(&pkg, "case.uco.jsonld")).unwrap();
    insta::assert_json_snapshot!("uco", uco, {
        ".**[\"uco-types:hashValue\"][\"@value\"]" => "[sha256]",
        ".**[\"uco-observable:sizeInBytes\"][\"@value\"]" => "[size]",
    });
}

#[test]
fn report_html_is_self_contained() {
    let html = file_of(&build(Redaction::Contact), "report.html");
    for section in [
        "Summary",
        "Victims and losses by country",
        "Timeline",
        "Ring graph",
        "Indicators",
        "Contributions by partner",
        "Call-centre hypothesis",
        "Money trail",
        "Remote access",
        "Web infrastructure",
        "Contact channel",
    ] {
        assert!(html.contains(section), "{section}");
    }
    assert!(html.contains("@media print"));
    assert!(html.contains("UPI payment app (PSP) @okaxis"));
    assert!(html.contains("number in North America (+1)"));
    for banned in ["<script", "<link", "src=", "href=\"http", "url(", "@import"] {
        assert!(!html.contains(banned), "{banned}");
    }
    assert!(
        html.matches("<svg").count() >= 4,
        "country, loss, timeline charts and the graph"
    );

    let mut bad = input();
    bad.ring_graph_svg = Some("<svg><script>alert(1)</script></svg>".into());
    let err = write_package(&bad, Redaction::None, &key(), Cursor::new(Vec::new())).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the ring graph SVG cannot go into a self-contained report: it contains `<script`"
    );
}
