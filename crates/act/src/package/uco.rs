//! `case.uco.jsonld`: the package described in CASE/UCO 1.x JSON-LD: the
//! investigation, the exporting organisation, the export as an
//! investigative action, each package file as a `uco-observable:File`
//! with its SHA-256 (`uco-types:Hash`), and the provenance record that
//! groups them.

use super::manifest::ManifestFile;
use super::PackageInput;
use serde_json::{json, Value};
use uuid::Uuid;

/// ringtrace's namespace for the identifiers of its JSON-LD nodes (UUIDv5).
const NAMESPACE: Uuid = Uuid::from_u128(0x6f1c_3c2e_9a4b_5d71_8e20_4b7a_c0de_ca5e);

fn node(kind: &str, name: &str) -> String {
    format!(
        "kb:{kind}-{}",
        Uuid::new_v5(&NAMESPACE, format!("{kind}\n{name}").as_bytes())
    )
}

fn typed(t: &str, v: impl Into<Value>) -> Value {
    json!({ "@type": t, "@value": v.into() })
}

/// The document for these files (those written before it).
pub fn document(input: &PackageInput, files: &[ManifestFile]) -> Vec<u8> {
    let case = input.case.id.as_str();
    let base = format!("{case}\n{}", input.generated_at.to_rfc3339());
    let investigation = node("investigation", case);
    let org = node("organization", &input.exporter);
    let action = node("investigative-action", &base);
    let provenance = node("provenance-record", &base);
    let file_ids: Vec<String> = files
        .iter()
        .map(|f| node("file", &format!("{base}\n{}\n{}", f.path, f.sha256)))
        .collect();
    let refs = |ids: &[String]| -> Vec<Value> { ids.iter().map(|i| json!({ "@id": i })).collect() };
    let when = typed("xsd:dateTime", input.generated_at.to_rfc3339());

    let mut graph = vec![
        json!({
            "@id": investigation,
            "@type": "case-investigation:Investigation",
            "uco-core:name": case,
            "uco-core:description": input.case.title,
            "case-investigation:focus": format!("tech-support scam rings {}", input.case.rings.join(", ")),
            "case-investigation:investigationStatus": input.case.status.name(),
            "uco-core:object": refs(&[action.clone(), provenance.clone()]),
        }),
        json!({
            "@id": org,
            "@type": "uco-identity:Organization",
            "uco-core:name": input.exporter,
        }),
        json!({
            "@id": action,
            "@type": "case-investigation:InvestigativeAction",
            "uco-core:name": "export evidence package",
            "uco-action:startTime": when,
            "uco-action:endTime": when,
            "uco-action:performer": { "@id": org },
            "uco-action:result": [{ "@id": provenance }],
        }),
        json!({
            "@id": provenance,
            "@type": "case-investigation:ProvenanceRecord",
            "uco-core:description": format!("Files of the evidence package of case {case}, exported by {}", input.exporter),
            "case-investigation:exhibitNumber": case,
            "uco-core:object": refs(&file_ids),
        }),
    ];
    for (f, id) in files.iter().zip(&file_ids) {
        graph.push(json!({
            "@id": id,
            "@type": "uco-observable:File",
            "uco-core:hasFacet": [
                {
                    "@id": node("file-facet", id),
                    "@type": "uco-observable:FileFacet",
                    "uco-observable:fileName": f.path,
                    "uco-observable:sizeInBytes": typed("xsd:integer", f.size),
                },
                {
                    "@id": node("content-data-facet", id),
                    "@type": "uco-observable:ContentDataFacet",
                    "uco-observable:sizeInBytes": typed("xsd:integer", f.size),
                    "uco-observable:hash": [{
                        "@id": node("hash", id),
                        "@type": "uco-types:Hash",
                        "uco-types:hashMethod": typed("uco-vocabulary:HashNameVocab", "SHA256"),
                        "uco-types:hashValue": typed("xsd:hexBinary", f.sha256.to_uppercase()),
                    }],
                },
            ],
        }));
    }
    let doc = json!({
        "@context": {
            "kb": "https://example.invalid/ringtrace/kb/",
            "case-investigation": "https://ontology.caseontology.org/case/investigation/",
            "uco-action": "https://ontology.unifiedcyberontology.org/uco/action/",
            "uco-core": "https://ontology.unifiedcyberontology.org/uco/core/",
            "uco-identity": "https://ontology.unifiedcyberontology.org/uco/identity/",
            "uco-observable": "https://ontology.unifiedcyberontology.org/uco/observable/",
            "uco-types": "https://ontology.unifiedcyberontology.org/uco/types/",
            "uco-vocabulary": "https://ontology.unifiedcyberontology.org/uco/vocabulary/",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@graph": graph,
    });
    let mut out = serde_json::to_vec_pretty(&doc).unwrap_or_default();
    out.push(b'\n');
    out
}
