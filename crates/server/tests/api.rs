//! The API end to end: a server on a random port with its own database
//! (SQLite, or PostgreSQL with `RINGTRACE_TEST_POSTGRES`), driven over HTTP.

mod support;

use ringtrace_model::{AccessRole, Tlp};
use serde_json::{json, Value};
use support::{key_of, partners_and_keys, spawn_with};

fn report(id: &str, tlp: &str, phone: &str) -> Value {
    json!({
        "id": id,
        "received_at": "2026-11-02T10:00:00Z",
        "region": "US",
        "brand": "Microsoft",
        "narrative": format!("A pop-up told me to call {phone}; they took $300 in gift cards."),
        "loss": {"amount": 300, "currency": "USD"},
        "tlp": tlp,
    })
}

/// Every role of two partners against every TLP marking of one partner's
/// reports, over report reads, lookups and ring views. The expected table is
/// written out by hand from the rule, not computed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tlp_matrix_over_every_read_path() {
    let (app, keys) = spawn_with(partners_and_keys, |_| {}).await;
    let phone = "+1 844 281 8482";
    let batch: Vec<Value> = Tlp::ALL
        .iter()
        .map(|t| report(&format!("t-{t}"), t.as_str(), phone))
        .collect();
    let (status, body) = app
        .post(
            key_of(&keys, "msft", AccessRole::Analyst),
            "/v1/reports",
            &json!(batch),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["new"], 5);
    let (status, body) = app
        .post(
            key_of(&keys, "amzn", AccessRole::Partner),
            "/v1/reports",
            &report("a-1", "green", phone),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let ring = body["reports"][0]["ring"].as_str().unwrap().to_string();

    let mut table = String::new();
    for viewer in ["msft", "amzn"] {
        for role in AccessRole::ALL {
            let key = key_of(&keys, viewer, *role);
            let (_, lookup) = app.get(key, "/v1/lookup?value=%2B18442818482").await;
            let (ring_status, ring_body) = app.get(key, &format!("/v1/rings/{ring}")).await;
            let ring_size = if ring_status == 200 {
                ring_body["profile"]["report_count"].to_string()
            } else {
                ring_status.to_string()
            };
            let mut cells = Vec::new();
            for tlp in Tlp::ALL {
                let (status, body) = app.get(key, &format!("/v1/reports/msft:t-{tlp}")).await;
                cells.push(match status {
                    200 => {
                        let narrative = body["record"]["narrative"].is_string();
                        let loss = body["record"]["loss"].is_object();
                        assert_eq!(narrative, loss);
                        assert_eq!(
                            body["indicators"].as_array().map(|a| a.is_empty()),
                            Some(false)
                        );
                        if narrative { "full" } else { "link" }.to_string()
                    }
                    s => s.to_string(),
                });
            }
            table.push_str(&format!(
                "{viewer} {role:<12} lookup {} ring {:<3} reports {}\n",
                lookup["reports"],
                ring_size,
                cells.join(" ")
            ));
        }
    }
    // Columns of reports: clear green amber amber+strict red, all msft's.
    let expected = "\
msft admin        lookup 6 ring 6   reports full full full full full
msft analyst      lookup 6 ring 6   reports full full full full full
msft partner      lookup 6 ring 6   reports full full full full full
msft investigator lookup 5 ring 5   reports full full full full full
msft lookup       lookup 6 ring 403 reports 403 403 403 403 403
amzn admin        lookup 4 ring 4   reports full full link 404 404
amzn analyst      lookup 4 ring 4   reports full full link 404 404
amzn partner      lookup 4 ring 4   reports full full link 404 404
amzn investigator lookup 2 ring 2   reports full 404 404 404 404
amzn lookup       lookup 4 ring 403 reports 403 403 403 403 403
";
    assert_eq!(table, expected);

    // msft shares its AMBER details with amzn: amzn's analyst now reads them.
    let (status, _) = app
        .client
        .put(format!("{}/v1/shares/amber/amzn", app.base))
        .bearer_auth(key_of(&keys, "msft", AccessRole::Analyst))
        .send()
        .await
        .map(|r| (r.status().as_u16(), ()))
        .unwrap();
    assert_eq!(status, 204);
    let (_, body) = app
        .get(
            key_of(&keys, "amzn", AccessRole::Analyst),
            "/v1/reports/msft:t-amber",
        )
        .await;
    assert_eq!(body["sight"], "full");
    assert!(body["record"]["narrative"].is_string());
    let (_, body) = app
        .get(
            key_of(&keys, "amzn", AccessRole::Analyst),
            "/v1/reports/msft:t-red",
        )
        .await;
    assert_eq!(body["status"], 404, "a grant never opens RED");
}

/// A bad request: its name, its body, the status expected, and the
/// (index, field) the problem must name.
type BadCase = (&'static str, Value, u16, Option<(usize, &'static str)>);

/// Bad input: one clear problem each, naming the field and index, and
/// nothing of a refused batch written.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_gets_problem_details_and_writes_nothing() {
    let (app, keys) = spawn_with(partners_and_keys, |c| {
        c.limits.max_body_bytes = 64 * 1024;
        c.limits.max_batch = 50;
    })
    .await;
    let key = key_of(&keys, "msft", AccessRole::Analyst);
    let good = report("ok-1", "green", "+1 844 281 8482");
    let cases: Vec<BadCase> = vec![
        (
            "bad tlp",
            json!([good.clone(), {"id": "b", "received_at": "2026-11-02T10:00:00Z", "tlp": "AMBER"}]),
            422,
            Some((1, "tlp")),
        ),
        (
            "unknown kind",
            json!([{"id": "b", "received_at": "2026-11-02T10:00:00Z", "indicators": [{"kind": "fax", "value": "1"}]}, good.clone()]),
            422,
            Some((0, "indicators[0].kind")),
        ),
        (
            "bad phone",
            json!([good.clone(), good.clone(), {"id": "c", "received_at": "2026-11-02T10:00:00Z", "indicators": [{"kind": "phone", "value": "12"}]}]),
            422,
            Some((2, "indicators[0].value")),
        ),
        (
            "wrong type",
            json!({"id": 7, "received_at": "2026-11-02T10:00:00Z"}),
            422,
            Some((0, "id")),
        ),
        (
            "missing id",
            json!({"received_at": "2026-11-02T10:00:00Z"}),
            422,
            Some((0, "id")),
        ),
        (
            "other partner",
            json!({"id": "x", "partner": "amzn", "received_at": "2026-11-02T10:00:00Z"}),
            422,
            Some((0, "partner")),
        ),
        (
            "duplicate in batch",
            json!([good.clone(), good.clone()]),
            422,
            Some((1, "id")),
        ),
        ("empty batch", json!([]), 422, None),
        ("not a record", json!(42), 422, None),
        (
            "batch too large",
            Value::Array(
                (0..51)
                    .map(|i| report(&format!("n{i}"), "green", "+1 844 281 8482"))
                    .collect(),
            ),
            413,
            None,
        ),
    ];
    for (name, body, status, fault) in cases {
        let (got, problem) = app.post(key, "/v1/reports", &body).await;
        assert_eq!(got, status, "{name}: {problem}");
        assert_eq!(problem["status"], status, "{name}");
        assert!(
            problem["detail"].as_str().is_some_and(|d| !d.is_empty()),
            "{name}"
        );
        if let Some((index, field)) = fault {
            let errors = problem["errors"]
                .as_array()
                .unwrap_or_else(|| panic!("{name}: {problem}"));
            assert!(
                errors
                    .iter()
                    .any(|e| e["index"] == index && e["field"] == field),
                "{name}: expected index {index} field {field} in {problem}"
            );
        }
    }
    let (status, ct, problem) = app
        .send_raw(
            key,
            "/v1/reports",
            "application/json",
            b"{\"id\": ".to_vec(),
        )
        .await;
    assert_eq!(
        (status, ct.as_str()),
        (400, "application/problem+json"),
        "{problem}"
    );
    let (status, _, _) = app
        .send_raw(key, "/v1/reports", "text/plain", b"{}".to_vec())
        .await;
    assert_eq!(status, 415);
    // JSON nested deeper than the parser's limit (128) is one clear 400
    let deep = format!("[{}{}]", "[".repeat(200), "]".repeat(200));
    let (status, ct, problem) = app
        .send_raw(key, "/v1/reports", "application/json", deep.into_bytes())
        .await;
    assert_eq!(
        (status, ct.as_str()),
        (400, "application/problem+json"),
        "{problem}"
    );
    assert!(problem.to_string().contains("recursion limit"), "{problem}");
    let big = format!(
        "{{\"id\": \"big\", \"received_at\": \"2026-11-02T10:00:00Z\", \"narrative\": \"{}\"}}",
        "a".repeat(70 * 1024)
    );
    let (status, _, problem) = app
        .send_raw(key, "/v1/reports", "application/json", big.into_bytes())
        .await;
    assert_eq!(status, 413, "{problem}");

    // Nothing of any refused batch is there.
    let (_, page) = app.get(key, "/v1/reports").await;
    assert_eq!(page["reports"], json!([]), "{page}");

    // Lookups: an unreadable value is a 400 naming it; in a batch, an error in place.
    let (status, problem) = app.get(key, "/v1/lookup?value=hello").await;
    assert_eq!(status, 400, "{problem}");
    let (status, problem) = app.get(key, "/v1/lookup?value=1&kind=fax").await;
    assert_eq!(status, 400, "{problem}");
    let (status, body) = app
        .post(key, "/v1/lookup", &json!({"values": ["+18442818482", "hello", {"value": "secure-alert[.]com", "kind": "domain"}]}))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["results"][0]["verdict"], "unknown");
    assert!(body["results"][1]["error"].is_string());
    assert_eq!(body["results"][2]["value"], "secure-alert.com");
    let too_many: Vec<String> = (0..10_001).map(|i| format!("+1844281{i:04}")).collect();
    let (status, _) = app
        .post(key, "/v1/lookup", &json!({"values": too_many}))
        .await;
    assert_eq!(status, 413);
}

/// Keys: wrong, malformed, revoked and disabled-partner keys all get the
/// same 401; a role without the right gets 403; neither says whether the
/// resource exists.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keys_and_roles() {
    let (app, keys) = spawn_with(partners_and_keys, |_| {}).await;
    let analyst = key_of(&keys, "msft", AccessRole::Analyst).to_string();
    let (status, _) = app
        .post(
            &analyst,
            "/v1/reports",
            &report("r-1", "red", "+1 844 281 8482"),
        )
        .await;
    assert_eq!(status, 200);

    let forged = format!(
        "{}{}",
        &analyst[..analyst.len() - 1],
        if analyst.ends_with('A') { 'B' } else { 'A' }
    );
    let unauthorized: Vec<(&str, String)> = vec![
        ("no key", String::new()),
        ("malformed", "hello".into()),
        ("forged secret", forged),
        (
            "unknown id",
            "rt_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA".into(),
        ),
    ];
    for (name, key) in &unauthorized {
        for path in [
            "/v1/reports/msft:r-1",
            "/v1/reports/msft:nope",
            "/v1/rings",
            "/openapi.json",
            "/metrics",
        ] {
            let (status, body) = app.get(key, path).await;
            assert_eq!(status, 401, "{name} {path}");
            assert_eq!(
                body["type"], "https://ringtrace.invalid/problems/unauthorized",
                "{name} {path}"
            );
        }
    }
    let (status, _) = app
        .client
        .get(format!("{}/healthz", app.base))
        .send()
        .await
        .map(|r| (r.status().as_u16(), ()))
        .unwrap();
    assert_eq!(status, 200, "healthz needs no key");

    // Another partner's RED report and a report that does not exist look the same.
    let other = key_of(&keys, "amzn", AccessRole::Analyst);
    let (s1, b1) = app.get(other, "/v1/reports/msft:r-1").await;
    let (s2, b2) = app.get(other, "/v1/reports/msft:nope").await;
    assert_eq!((s1, s2), (404, 404));
    assert_eq!(b1["type"], b2["type"]);

    // Roles without the right: 403, even for what does not exist.
    let lookup = key_of(&keys, "msft", AccessRole::Lookup);
    for path in [
        "/v1/reports/msft:r-1",
        "/v1/reports/msft:nope",
        "/v1/rings",
        "/v1/partners",
        "/v1/audit",
    ] {
        let (status, _) = app.get(lookup, path).await;
        assert_eq!(status, 403, "lookup role {path}");
    }
    let investigator = key_of(&keys, "amzn", AccessRole::Investigator);
    let (status, _) = app
        .post(
            investigator,
            "/v1/reports",
            &report("i-1", "green", "+1 844 281 8482"),
        )
        .await;
    assert_eq!(status, 403);
    let (status, _) = app.get(&analyst, "/v1/keys").await;
    assert_eq!(status, 403);

    // Revoked through the API: refused at once. Disabled partner: refused.
    let admin = key_of(&keys, "bank", AccessRole::Admin).to_string();
    let (status, made) = app
        .post(
            &admin,
            "/v1/keys",
            &json!({"partner": "amzn", "role": "lookup", "label": "telecom"}),
        )
        .await;
    assert_eq!(status, 201, "{made}");
    let fresh = made["key"].as_str().unwrap().to_string();
    let (status, _) = app.get(&fresh, "/v1/lookup?value=%2B18442818482").await;
    assert_eq!(status, 200);
    let res = app
        .client
        .delete(format!(
            "{}/v1/keys/{}",
            app.base,
            made["key_id"].as_str().unwrap()
        ))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 204);
    let (status, _) = app.get(&fresh, "/v1/lookup?value=%2B18442818482").await;
    assert_eq!(status, 401, "a revoked key is refused at once");

    let res = app
        .client
        .put(format!("{}/v1/partners/amzn/state", app.base))
        .bearer_auth(&admin)
        .json(&json!({"disabled": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 204);
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await; // the key cache's lifetime
    let (status, _) = app.get(other, "/v1/rings").await;
    assert_eq!(status, 401, "a disabled partner's keys are refused");

    // The key changes and the content read are in the audit log, chained.
    let (status, own) = app.get(&analyst, "/v1/reports/msft:r-1").await;
    assert_eq!((status, own["sight"].as_str()), (200, Some("full")));
    let (status, log) = app.get(&admin, "/v1/audit?limit=1000").await;
    assert_eq!(status, 200);
    let entries: Vec<ringtrace_model::AuditEntry> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| ringtrace_model::AuditEntry {
            seq: e["seq"].as_u64().unwrap(),
            at: e["at"].as_str().unwrap().into(),
            actor: e["actor"].as_str().unwrap().into(),
            action: e["action"].as_str().unwrap().into(),
            target: e["target"].as_str().unwrap().into(),
            detail: e["detail"].as_str().unwrap().into(),
            prev_hash: e["prev_hash"].as_str().unwrap().into(),
            hash: e["hash"].as_str().unwrap().into(),
        })
        .collect();
    ringtrace_model::verify_chain(&entries, None).unwrap();
    let actions: Vec<&str> = entries.iter().map(|e| e.action.as_str()).collect();
    for a in [
        "partner.add",
        "key.create",
        "key.revoke",
        "partner.disable",
        "report.read",
    ] {
        assert!(actions.contains(&a), "{a} missing from {actions:?}");
    }
}

/// Submitting is idempotent on partner:id; a changed report replaces the old
/// one; lists page with cursors; the report lands in a ring with others
/// that share its number.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn submit_is_idempotent_and_lists_page() {
    let (app, keys) = spawn_with(partners_and_keys, |_| {}).await;
    let key = key_of(&keys, "msft", AccessRole::Partner);
    let batch: Vec<Value> = (0..25)
        .map(|i| {
            report(
                &format!("p-{i}"),
                "green",
                &format!("+1 844 281 {:04}", 8400 + i % 5),
            )
        })
        .collect();
    let (status, first) = app
        .post(key, "/v1/reports", &json!({"reports": batch}))
        .await;
    assert_eq!(status, 200, "{first}");
    assert_eq!(
        (first["new"].as_u64(), first["unchanged"].as_u64()),
        (Some(25), Some(0))
    );
    let (_, again) = app.post(key, "/v1/reports", &json!(batch)).await;
    assert_eq!(
        (again["new"].as_u64(), again["unchanged"].as_u64()),
        (Some(0), Some(25))
    );
    let mut changed = batch[0].clone();
    changed["narrative"] = json!("They called again from +1 844 281 8404.");
    let (_, upd) = app.post(key, "/v1/reports", &changed).await;
    assert_eq!(upd["updated"], 1, "{upd}");

    // Five numbers, five rings of five.
    let (_, rings) = app.get(key, "/v1/rings?limit=2").await;
    assert_eq!(rings["rings"].as_array().unwrap().len(), 2);
    let mut seen = Vec::new();
    let mut cursor = String::new();
    loop {
        let (status, page) = app
            .get(key, &format!("/v1/rings?limit=2&cursor={cursor}"))
            .await;
        assert_eq!(status, 200, "{page}");
        for r in page["rings"].as_array().unwrap() {
            seen.push(r["ring"].as_str().unwrap().to_string());
        }
        match page["next_cursor"].as_str() {
            Some(c) => cursor = c.to_string(),
            None => break,
        }
    }
    let distinct: std::collections::HashSet<_> = seen.iter().collect();
    assert_eq!((seen.len(), distinct.len()), (5, 5), "{seen:?}");

    let mut reports = 0;
    let mut cursor = String::new();
    loop {
        let (_, page) = app
            .get(key, &format!("/v1/reports?limit=7&cursor={cursor}"))
            .await;
        reports += page["reports"].as_array().unwrap().len();
        match page["next_cursor"].as_str() {
            Some(c) => cursor = c.to_string(),
            None => break,
        }
    }
    assert_eq!(reports, 25);
    let (status, _) = app.get(key, "/v1/reports?cursor=!!!").await;
    assert_eq!(status, 400);

    let (status, ind) = app.get(key, "/v1/indicators/phone/+18442818401").await;
    assert_eq!(status, 200, "{ind}");
    assert_eq!(ind["reports"].as_array().unwrap().len(), 5);
    assert_eq!(ind["verdict"]["rings"].as_array().unwrap().len(), 1);
    let (status, _) = app.get(key, "/v1/indicators/fax/1").await;
    assert_eq!(status, 400);
}

/// The OpenAPI document is 3.1, lists every route the server answers, and
/// what it says about errors matches what the server sends.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn openapi_matches_the_routes() {
    let (app, keys) = spawn_with(partners_and_keys, |_| {}).await;
    let key = key_of(&keys, "msft", AccessRole::Admin);
    let (status, doc) = app.get(key, "/openapi.json").await;
    assert_eq!(status, 200);
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3.1"),
        "{}",
        doc["openapi"]
    );
    let paths: Vec<&String> = doc["paths"].as_object().unwrap().keys().collect();
    let expected = [
        "/healthz",
        "/readyz",
        "/metrics",
        "/v1/lookup",
        "/v1/reports",
        "/v1/reports/{key}",
        "/v1/rings",
        "/v1/rings/{id}",
        "/v1/indicators/{kind}/{value}",
        "/v1/partners",
        "/v1/partners/{slug}/state",
        "/v1/keys",
        "/v1/keys/{key_id}",
        "/v1/audit",
        "/v1/cases",
        "/v1/cases/{id}",
        "/v1/cases/{id}/events",
        "/v1/shares/amber/{grantee}",
        "/v1/psi",
        "/v1/psi/{kind}",
        "/v1/psi/sessions/{id}/matches",
        "/v1/psi/sessions/{id}/reveal",
        "/v1/oprf/{kind}",
        "/v1/oprf/{kind}/evaluate",
    ];
    assert_eq!(paths.len(), expected.len(), "{paths:?}");
    for p in expected {
        assert!(doc["paths"].get(p).is_some(), "{p} not documented");
        // Every documented path answers something other than the fallback 404.
        let concrete = p
            .replace("{key}", "msft:x")
            .replace("{id}", "R-XXXXX")
            .replace("{kind}", "phone")
            .replace("{value}", "+18442818482")
            .replace("{slug}", "msft")
            .replace("{key_id}", "000000000000")
            .replace("{grantee}", "amzn");
        let (_, body) = app.get(key, &concrete).await;
        assert_ne!(
            body["detail"], "no such resource; the API is described at /openapi.json",
            "{concrete}"
        );
    }
    let (status, body) = app.get(key, "/v1/nothing").await;
    assert_eq!(status, 404);
    assert_eq!(body["status"], 404);
}

/// An analyst's warning-list entry made beside the running server (as
/// `ringtrace warninglist add` does) reaches the lookup verdicts.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn warning_list_changes_reach_a_running_server() {
    let (app, keys) = spawn_with(partners_and_keys, |c| {
        c.warnings_refresh = std::time::Duration::from_millis(100);
    })
    .await;
    let key = key_of(&keys, "msft", AccessRole::Analyst).to_string();
    let (status, _) = app
        .post(
            &key,
            "/v1/reports",
            &report("w-1", "green", "+1 844 281 8482"),
        )
        .await;
    assert_eq!(status, 200);
    let (_, before) = app.get(&key, "/v1/lookup?value=%2B18442818482").await;
    assert_eq!(before["verdict"], "known");
    let db = app.db.clone();
    tokio::task::spawn_blocking(move || {
        let mut store = ringtrace_store::open(&db).unwrap();
        store
            .set_warning(&ringtrace_store::WarningEntry {
                indicator: ringtrace_model::Indicator::new(
                    ringtrace_model::Kind::Phone,
                    "+18442818482".to_string(),
                ),
                verdict: ringtrace_store::WarningVerdict::Hub,
                note: "a bank's real number".into(),
                added_at: String::new(),
            })
            .unwrap();
    })
    .await
    .unwrap();
    let mut verdict = Value::Null;
    for _ in 0..50 {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        verdict = app.get(&key, "/v1/lookup?value=%2B18442818482").await.1;
        if verdict["verdict"] == "legitimate" {
            break;
        }
    }
    assert_eq!(verdict["verdict"], "legitimate", "{verdict}");
    assert_eq!(verdict["warning_list"]["note"], "a bank's real number");
}

/// `DELETE /v1/reports/{key}`: only the owner's keys (and an
/// administrator's) withdraw; the report is gone from every read at once,
/// its ring shrinks, and the audit log says who and why.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn withdrawal_over_the_api() {
    let (app, keys) = spawn_with(partners_and_keys, |_| {}).await;
    let phone = "+1 844 281 8482";
    let owner = key_of(&keys, "msft", AccessRole::Partner);
    let batch = json!([
        report("w-1", "green", phone),
        report("w-2", "green", phone),
        report("w-3", "green", phone)
    ]);
    let (status, body) = app.post(owner, "/v1/reports", &batch).await;
    assert_eq!(status, 200, "{body}");
    let ring = body["reports"][0]["ring"].as_str().unwrap().to_string();
    let size = |b: &Value| b["profile"]["report_count"].as_u64();
    let (_, before) = app.get(owner, &format!("/v1/rings/{ring}")).await;
    assert_eq!(size(&before), Some(3), "{before}");

    // (key, path) → status: another partner, a read-only role, nothing there.
    for (partner, role, path, want) in [
        ("amzn", AccessRole::Partner, "/v1/reports/msft:w-1", 403),
        (
            "msft",
            AccessRole::Investigator,
            "/v1/reports/msft:w-1",
            403,
        ),
        ("msft", AccessRole::Lookup, "/v1/reports/msft:w-1", 403),
        ("msft", AccessRole::Partner, "/v1/reports/msft:nope", 404),
        ("msft", AccessRole::Partner, "/v1/reports/not-a-key", 404),
    ] {
        let (status, body) = app.delete(key_of(&keys, partner, role), path).await;
        assert_eq!(status, want, "{partner} {role:?} {path}: {body}");
        assert!(body["detail"].is_string(), "a problem detail: {body}");
    }
    let (status, _) = app.get(owner, "/v1/reports/msft:w-1").await;
    assert_eq!(status, 200, "refused withdrawals changed nothing");

    let (status, body) = app
        .delete(owner, "/v1/reports/msft:w-1?reason=the%20victim%20asked")
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["report"], "msft:w-1");
    assert_eq!(body["reason"], "the victim asked");
    assert_eq!(body["ring"], ring.as_str());
    let (status, _) = app.get(owner, "/v1/reports/msft:w-1").await;
    assert_eq!(status, 404);
    let (_, after) = app.get(owner, &format!("/v1/rings/{ring}")).await;
    assert_eq!(size(&after), Some(2), "{after}");
    let (_, lookup) = app.get(owner, "/v1/lookup?value=%2B18442818482").await;
    assert_eq!(lookup["reports"], 2, "{lookup}");
    // Twice: nothing left to withdraw.
    let (status, _) = app.delete(owner, "/v1/reports/msft:w-1").await;
    assert_eq!(status, 404);
    // An administrator of another partner may.
    let (status, body) = app
        .delete(
            key_of(&keys, "amzn", AccessRole::Admin),
            "/v1/reports/msft:w-2",
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (_, audit) = app
        .get(
            key_of(&keys, "msft", AccessRole::Admin),
            "/v1/audit?limit=1000",
        )
        .await;
    let text = audit.to_string();
    assert!(
        text.contains("report.withdraw") && text.contains("the victim asked"),
        "{text}"
    );
}

/// A key over its rate gets 429 with `Retry-After` and a problem, on the
/// API and on TAXII; other keys are not slowed by it; after the wait it
/// is served again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_key_has_its_own_rate_limit() {
    let (app, keys) = spawn_with(partners_and_keys, |c| {
        c.limits.requests_per_second_per_key = 2;
        c.limits.burst_per_key = 3;
    })
    .await;
    let hot = key_of(&keys, "msft", AccessRole::Lookup);
    let other = key_of(&keys, "amzn", AccessRole::Lookup);
    let lookup = format!("{}/v1/lookup?value=%2B18442818482", app.base);
    let mut statuses = Vec::new();
    let mut refused = None;
    for _ in 0..5 {
        let res = app
            .client
            .get(&lookup)
            .bearer_auth(hot)
            .send()
            .await
            .unwrap();
        statuses.push(res.status().as_u16());
        if res.status() == 429 {
            refused = Some(res);
        }
    }
    assert_eq!(statuses[..3], [200, 200, 200], "the burst is served");
    assert!(statuses[3..].contains(&429), "{statuses:?}");
    let res = refused.unwrap();
    let wait: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=2).contains(&wait), "Retry-After {wait}");
    assert_eq!(
        res.headers()["content-type"].to_str().unwrap(),
        "application/problem+json"
    );
    let problem: Value = res.json().await.unwrap();
    assert_eq!(problem["status"], 429);
    // TAXII is behind the same limit.
    let res = app
        .client
        .get(format!("{}/taxii2/", app.base))
        .bearer_auth(hot)
        .header("accept", "application/taxii+json;version=2.1")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 429);
    // Another key is not slowed by this one.
    let (status, _) = app.get(other, "/v1/lookup?value=%2B18442818482").await;
    assert_eq!(status, 200);
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let (status, _) = app.get(hot, "/v1/lookup?value=%2B18442818482").await;
    assert_eq!(status, 200, "served again after the wait");
}
