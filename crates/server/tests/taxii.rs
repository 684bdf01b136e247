//! The TAXII 2.1 server end to end: collections per audience under TLP,
//! paging with a stable `next`, `added_after`, filters, manifest, object by
//! id, the media-type rules (406, 415), roles, and adding objects.

mod support;

use ringtrace_model::{AccessRole, Tlp};
use serde_json::{json, Value};
use std::collections::HashSet;
use support::{key_of, partners_and_keys, spawn_with, TestApp};

const TAXII: &str = "application/taxii+json;version=2.1";
const COMMUNITY: &str = "5f9e8b52-1c3d-5a7e-9b21-6d0c4e8f7a10";
const AMBER: &str = "7a3c1e64-2b8d-5f90-8c42-1e5d7b9a3c21";
const OWN: &str = "2d6f4a80-9e1b-5c37-a4d5-8b2e0f6c1d32";
const INBOX: &str = "9b1e7c35-4f2a-5d68-b3e9-0c7a5d2f8e43";

fn root(coll: &str, rest: &str) -> String {
    format!("/taxii2/ringtrace/collections/{coll}/{rest}")
}

/// A GET with TAXII's Accept header: status, headers, body.
async fn taxii_get(
    app: &TestApp,
    key: &str,
    path: &str,
    accept: &str,
) -> (u16, reqwest::header::HeaderMap, Value) {
    let res = app
        .client
        .get(format!("{}{path}", app.base))
        .bearer_auth(key)
        .header("accept", accept)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    let text = res.text().await.unwrap();
    (
        status,
        headers,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

/// Every object of a collection, page by page with `limit`; checks that
/// no id comes twice and that each page but the last says `more`.
async fn page_all(app: &TestApp, key: &str, coll: &str, limit: usize) -> Vec<Value> {
    let mut out = Vec::new();
    let mut next: Option<String> = None;
    for _ in 0..1000 {
        let q = match &next {
            Some(n) => format!("?limit={limit}&next={n}"),
            None => format!("?limit={limit}"),
        };
        let (status, headers, body) =
            taxii_get(app, key, &root(coll, &format!("objects/{q}")), TAXII).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(headers["content-type"], TAXII);
        let objects = body["objects"].as_array().cloned().unwrap_or_default();
        assert!(objects.len() <= limit);
        out.extend(objects);
        if body["more"] == json!(true) {
            next = Some(body["next"].as_str().unwrap().to_string());
        } else {
            assert!(body.get("next").is_none());
            let ids: Vec<&str> = out.iter().map(|o| o["id"].as_str().unwrap()).collect();
            let unique: HashSet<&&str> = ids.iter().collect();
            assert_eq!(unique.len(), ids.len(), "an object came twice");
            return out;
        }
    }
    panic!("paging did not end");
}

fn report(id: &str, tlp: &str, phone: &str, domain: &str) -> Value {
    json!({
        "id": id,
        "received_at": "2026-11-02T10:00:00Z",
        "region": "US",
        "brand": "Microsoft",
        "narrative": format!("A pop-up on {domain} told me to call {phone}; they took $300 in gift cards."),
        "loss": {"amount": 300, "currency": "USD"},
        "tlp": tlp,
    })
}

fn mentions_report(objects: &[Value], key_fragment: &str) -> bool {
    objects
        .iter()
        .any(|o| o["type"] == "report" && o.to_string().contains(key_fragment))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn collections_follow_tlp_and_page_stably() {
    let (app, keys) = spawn_with(partners_and_keys, |_| {}).await;
    let msft = key_of(&keys, "msft", AccessRole::Analyst);
    let amzn = key_of(&keys, "amzn", AccessRole::Partner);
    let mut batch = Vec::new();
    for i in 0..12 {
        for t in Tlp::ALL {
            batch.push(report(
                &format!("{}-{i}", t.as_str().replace('+', "-")),
                t.as_str(),
                &format!("+1 844 281 {:04}", 8400 + i),
                &format!("fix-{i}.example-support.com"),
            ));
        }
    }
    let (status, body) = app.post(msft, "/v1/reports", &json!(batch)).await;
    assert_eq!(status, 200, "{body}");

    // Discovery, API root, collections.
    let (status, _, body) = taxii_get(&app, amzn, "/taxii2/", TAXII).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["api_roots"][0], "/taxii2/ringtrace/");
    let (status, _, body) = taxii_get(&app, amzn, "/taxii2/ringtrace/", TAXII).await;
    assert_eq!(status, 200);
    assert_eq!(body["versions"][0], TAXII);
    let (_, _, body) = taxii_get(&app, amzn, "/taxii2/ringtrace/collections/", TAXII).await;
    let ids: Vec<&str> = body["collections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [COMMUNITY, AMBER, OWN, INBOX]);
    let lookup = key_of(&keys, "amzn", AccessRole::Lookup);
    let (_, _, body) = taxii_get(&app, lookup, "/taxii2/ringtrace/collections/", TAXII).await;
    assert_eq!(body["collections"], json!([]));
    let (status, _, _) = taxii_get(&app, lookup, &root(COMMUNITY, "objects/"), TAXII).await;
    assert_eq!(status, 403);

    // Another partner: CLEAR and GREEN in the community collection, AMBER
    // in its own, never AMBER+STRICT or RED anywhere.
    let community = page_all(&app, amzn, COMMUNITY, 7).await;
    assert!(mentions_report(&community, "clear-3"));
    assert!(mentions_report(&community, "green-11"));
    assert!(!mentions_report(&community, "amber-"));
    let amber = page_all(&app, amzn, AMBER, 5).await;
    assert!(mentions_report(&amber, "\"amber-4"));
    for (name, objects) in [("community", &community), ("amber", &amber)] {
        let text = serde_json::to_string(objects).unwrap();
        assert!(!text.contains("red-"), "RED in {name}");
        assert!(!text.contains("amber-strict-"), "AMBER+STRICT in {name}");
    }
    // AMBER without a grant: membership and indicators, no narrative.
    assert!(!serde_json::to_string(&amber).unwrap().contains("pop-up"));
    let reports = |objs: &[Value]| objs.iter().filter(|o| o["type"] == "report").count();
    assert_eq!(reports(&community), 24);
    assert_eq!(reports(&amber), 12);
    // The owner finds everything in its own collection.
    let own = page_all(&app, msft, OWN, 50).await;
    assert_eq!(reports(&own), 60);
    assert!(mentions_report(&own, "red-7"));
    let (_, _, body) = taxii_get(&app, amzn, &root(OWN, "objects/"), TAXII).await;
    assert_eq!(body["objects"].as_array().map_or(0, Vec::len), 0);

    // One page at once equals the pages, in order.
    let (_, headers, whole) =
        taxii_get(&app, amzn, &root(COMMUNITY, "objects/?limit=10000"), TAXII).await;
    assert_eq!(whole["objects"].as_array().unwrap(), &community);
    assert!(headers.contains_key("x-taxii-date-added-first"));
    let last = headers["x-taxii-date-added-last"]
        .to_str()
        .unwrap()
        .to_string();

    // The manifest lists the same objects.
    let (_, _, manifest) =
        taxii_get(&app, amzn, &root(COMMUNITY, "manifest/?limit=10000"), TAXII).await;
    let listed: Vec<&Value> = manifest["objects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| &m["id"])
        .collect();
    let paged: Vec<&Value> = community.iter().map(|o| &o["id"]).collect();
    assert_eq!(listed, paged);
    assert_eq!(
        manifest["objects"][0]["media_type"],
        "application/stix+json;version=2.1"
    );

    // Filters: by type, by id, versions.
    let (_, _, only) = taxii_get(
        &app,
        amzn,
        &root(COMMUNITY, "objects/?match[type]=report&limit=10000"),
        TAXII,
    )
    .await;
    assert_eq!(only["objects"].as_array().unwrap().len(), 24);
    let some_id = community[community.len() / 2]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let (status, _, one) = taxii_get(
        &app,
        amzn,
        &root(COMMUNITY, &format!("objects/{some_id}/")),
        TAXII,
    )
    .await;
    assert_eq!(status, 200, "{one}");
    assert_eq!(one["objects"][0]["id"], some_id.as_str());
    let (status, _, versions) = taxii_get(
        &app,
        amzn,
        &root(COMMUNITY, &format!("objects/{some_id}/versions/")),
        TAXII,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(versions["versions"].as_array().unwrap().len(), 1);
    let red_object = own
        .iter()
        .find(|o| o["type"] == "report" && o.to_string().contains("red-7"))
        .unwrap();
    let (status, _, _) = taxii_get(
        &app,
        amzn,
        &root(
            COMMUNITY,
            &format!("objects/{}/", red_object["id"].as_str().unwrap()),
        ),
        TAXII,
    )
    .await;
    assert_eq!(status, 404, "a RED object is not there for another partner");

    // Objects added later come after `added_after` of the last page, and
    // cursors given before them still work.
    let (_, _, first_page) =
        taxii_get(&app, amzn, &root(COMMUNITY, "objects/?limit=3"), TAXII).await;
    let cursor = first_page["next"].as_str().unwrap().to_string();
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let (status, body) = app
        .post(
            msft,
            "/v1/reports",
            &report(
                "green-late",
                "green",
                "+1 844 281 9999",
                "late.example-support.com",
            ),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (_, _, after) = taxii_get(
        &app,
        amzn,
        &root(COMMUNITY, &format!("objects/?added_after={last}")),
        TAXII,
    )
    .await;
    let after = after["objects"].as_array().unwrap().clone();
    assert!(mentions_report(&after, "green-late"));
    assert!(!mentions_report(&after, "green-1\""));
    let (status, _, resumed) = taxii_get(
        &app,
        amzn,
        &root(COMMUNITY, &format!("objects/?limit=10000&next={cursor}")),
        TAXII,
    )
    .await;
    assert_eq!(status, 200, "{resumed}");
    assert_eq!(resumed["objects"][0], community[3]);

    // A cursor outlives a rebuild of the log (an AMBER grant changes what
    // was listed): it resumes where its object was added; objects may come
    // again, none is skipped.
    let (_, _, before) = taxii_get(&app, amzn, &root(AMBER, "objects/?limit=5"), TAXII).await;
    let seen: Vec<Value> = before["objects"].as_array().unwrap().clone();
    let cursor = before["next"].as_str().unwrap().to_string();
    let grant = app
        .client
        .put(format!("{}/v1/shares/amber/amzn", app.base))
        .bearer_auth(msft)
        .send()
        .await
        .unwrap();
    assert_eq!(grant.status().as_u16(), 204);
    let (status, _, rest) = taxii_get(
        &app,
        amzn,
        &root(AMBER, &format!("objects/?limit=10000&next={cursor}")),
        TAXII,
    )
    .await;
    assert_eq!(status, 200, "{rest}");
    let now_all = page_all(&app, amzn, AMBER, 10000).await;
    let got: HashSet<&str> = seen
        .iter()
        .chain(rest["objects"].as_array().unwrap())
        .map(|o| o["id"].as_str().unwrap())
        .collect();
    for o in &now_all {
        let id = o["id"].as_str().unwrap();
        assert!(got.contains(id), "{id} skipped after the rebuild");
    }
    let withdraw = app
        .client
        .delete(format!("{}/v1/shares/amber/amzn", app.base))
        .bearer_auth(msft)
        .send()
        .await
        .unwrap();
    assert_eq!(withdraw.status().as_u16(), 204);

    // Media types and bad parameters.
    let (status, _, body) =
        taxii_get(&app, amzn, &root(COMMUNITY, "objects/"), "application/json").await;
    assert_eq!(status, 406);
    assert_eq!(body["http_status"], "406");
    let (status, _, _) =
        taxii_get(&app, amzn, &root(COMMUNITY, "objects/?limit=zero"), TAXII).await;
    assert_eq!(status, 400);
    let (status, _, _) =
        taxii_get(&app, amzn, &root(COMMUNITY, "objects/?next=bogus"), TAXII).await;
    assert_eq!(status, 400);
    let (status, _, _) = taxii_get(&app, amzn, &root("no-such", "objects/"), TAXII).await;
    assert_eq!(status, 404);
    let (status, _, _) = taxii_get(&app, "rt_000000000000_nope", "/taxii2/", TAXII).await;
    assert_eq!(status, 401);

    // Pages that carried reports were recorded in the audit log.
    let admin = key_of(&keys, "msft", AccessRole::Admin);
    let (status, audit) = app.get(admin, "/v1/audit?limit=1000").await;
    assert_eq!(status, 200, "{audit}");
    assert!(audit.to_string().contains("taxii.read"), "{audit}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn adding_objects_goes_through_the_inbox() {
    let (app, keys) = spawn_with(partners_and_keys, |_| {}).await;
    let msft = key_of(&keys, "msft", AccessRole::Analyst);
    let amzn = key_of(&keys, "amzn", AccessRole::Partner);
    let (status, _) = app
        .post(
            msft,
            "/v1/reports",
            &report("m-1", "green", "+1 844 281 8482", "fix.example-support.com"),
        )
        .await;
    assert_eq!(status, 200);
    let own = page_all(&app, msft, OWN, 100).await;
    let envelope = serde_json::to_vec(&json!({ "objects": own })).unwrap();
    let post = |key: &'static str, coll: &'static str, ct: &'static str, body: Vec<u8>| {
        let app = &app;
        async move {
            let res = app
                .client
                .post(format!("{}{}", app.base, root(coll, "objects/")))
                .bearer_auth(key)
                .header("accept", TAXII)
                .header("content-type", ct)
                .body(body)
                .send()
                .await
                .unwrap();
            let status = res.status().as_u16();
            (status, res.json::<Value>().await.unwrap())
        }
    };
    let msft: &'static str = Box::leak(msft.to_string().into_boxed_str());
    let amzn: &'static str = Box::leak(amzn.to_string().into_boxed_str());

    // Wrong content type, read-only collection, a role that may not submit.
    let (status, _) = post(msft, INBOX, "application/json", envelope.clone()).await;
    assert_eq!(status, 415);
    let (status, _) = post(msft, COMMUNITY, TAXII, envelope.clone()).await;
    assert_eq!(status, 403);
    let lookup: &'static str = Box::leak(
        key_of(&keys, "msft", AccessRole::Lookup)
            .to_string()
            .into_boxed_str(),
    );
    let (status, _) = post(lookup, INBOX, TAXII, envelope.clone()).await;
    assert_eq!(status, 403);

    // The owner sends its own objects back: accepted, nothing changes.
    let (status, body) = post(msft, INBOX, TAXII, envelope.clone()).await;
    assert_eq!(status, 202, "{body}");
    assert_eq!(body["status"], "complete");
    assert_eq!(body["failure_count"], 0, "{body}");
    let status_id = body["id"].as_str().unwrap();
    let (status, _, polled) = taxii_get(
        &app,
        msft,
        &format!("/taxii2/ringtrace/status/{status_id}/"),
        TAXII,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(polled, body);
    let (_, reports) = app.get(msft, "/v1/reports").await;
    assert_eq!(reports["reports"].as_array().unwrap().len(), 1);

    // Another partner may not pass msft's reports off as its own.
    let (status, body) = post(amzn, INBOX, TAXII, envelope).await;
    assert_eq!(status, 202, "{body}");
    assert_eq!(body["success_count"], 0, "{body}");
    assert!(
        body["failures"].to_string().contains("may submit only"),
        "{body}"
    );
}
