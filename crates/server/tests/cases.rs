//! `/v1/cases` over HTTP: who may read, open and change a case; refused
//! transitions as 409 problems; every change audited.

mod support;

use ringtrace_model::AccessRole;
use serde_json::{json, Value};
use support::{csrf_of, key_of, partners_and_keys, sign_in, spawn_with};

fn report(id: &str, phone: &str) -> Value {
    json!({
        "id": id,
        "received_at": "2026-11-02T10:00:00Z",
        "region": "US",
        "narrative": format!("A pop-up told me to call {phone}; they took $300 in gift cards."),
        "tlp": "green",
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cases_over_the_api() {
    let (app, keys) = spawn_with(partners_and_keys, |_| {}).await;
    let admin = key_of(&keys, "msft", AccessRole::Admin);
    let analyst = key_of(&keys, "msft", AccessRole::Analyst);
    let investigator = key_of(&keys, "amzn", AccessRole::Investigator);
    let partner = key_of(&keys, "msft", AccessRole::Partner);
    let lookup = key_of(&keys, "msft", AccessRole::Lookup);
    let batch = json!([
        report("c-1", "+1 844 281 8482"),
        report("c-2", "+1 844 281 8482")
    ]);
    let (status, body) = app.post(partner, "/v1/reports", &batch).await;
    assert_eq!(status, 200, "{body}");
    let ring = body["reports"][0]["ring"].as_str().unwrap().to_string();

    // (key, method, path, body, status): each row one request, in order.
    let open = json!({"title": "Pop-up centre", "rings": [ring]});
    let rows: Vec<(&str, &str, &str, Value, u16)> = vec![
        (partner, "POST", "/v1/cases", open.clone(), 403),
        (investigator, "POST", "/v1/cases", open.clone(), 403),
        (
            analyst,
            "POST",
            "/v1/cases",
            json!({"title": "x", "rings": ["R-NOPE1"]}),
            422,
        ),
        (
            analyst,
            "POST",
            "/v1/cases",
            json!({"title": "x", "rings": []}),
            422,
        ),
        (analyst, "POST", "/v1/cases", json!({"title": "x"}), 422),
        (analyst, "POST", "/v1/cases", open.clone(), 201),
        (lookup, "GET", "/v1/cases", json!(null), 403),
        (partner, "GET", "/v1/cases/C-000001", json!(null), 403),
        (investigator, "GET", "/v1/cases/C-000001", json!(null), 200),
        (admin, "GET", "/v1/cases/C-000002", json!(null), 404),
        (admin, "GET", "/v1/cases/nope", json!(null), 404),
        (
            investigator,
            "POST",
            "/v1/cases/C-000001/events",
            json!({"event": "noted", "text": "Seen in Kolkata"}),
            201,
        ),
        (
            investigator,
            "POST",
            "/v1/cases/C-000001/events",
            json!({"event": "assigned", "assignee": "me"}),
            403,
        ),
        (
            analyst,
            "POST",
            "/v1/cases/C-000001/events",
            json!({"event": "assigned", "assignee": "bob"}),
            201,
        ),
        (
            analyst,
            "POST",
            "/v1/cases/C-000001/events",
            json!({"event": "task_added", "text": "Subpoena the carrier"}),
            201,
        ),
        (
            analyst,
            "POST",
            "/v1/cases/C-000001/events",
            json!({"event": "task_done", "task": 1}),
            201,
        ),
        (
            analyst,
            "POST",
            "/v1/cases/C-000001/events",
            json!({"event": "reopened"}),
            409,
        ),
        (
            analyst,
            "POST",
            "/v1/cases/C-000001/events",
            json!({"event": "exploded"}),
            422,
        ),
        (
            analyst,
            "POST",
            "/v1/cases/C-000001/events",
            json!({"event": "report_linked", "report": "msft:c-2"}),
            201,
        ),
        (
            analyst,
            "POST",
            "/v1/cases/C-000001/events",
            json!({"event": "referred", "agency": "CBI"}),
            201,
        ),
        (
            admin,
            "POST",
            "/v1/cases/C-000001/events",
            json!({"event": "closed", "resolution": "Charged"}),
            201,
        ),
        (
            admin,
            "POST",
            "/v1/cases/C-000001/events",
            json!({"event": "assigned", "assignee": "carol"}),
            409,
        ),
    ];
    for (i, (key, method, path, body, want)) in rows.into_iter().enumerate() {
        let (status, answer) = match method {
            "GET" => app.get(key, path).await,
            _ => app.post(key, path, &body).await,
        };
        assert_eq!(status, want, "row {i}: {method} {path} {body}: {answer}");
        if status >= 400 {
            assert_eq!(
                answer["status"], want,
                "row {i}: a problem detail: {answer}"
            );
        }
    }

    let (_, list) = app.get(investigator, "/v1/cases").await;
    assert_eq!(list[0]["id"], "C-000001");
    assert_eq!(list[0]["status"], "closed");
    let (_, case) = app.get(admin, "/v1/cases/C-000001").await;
    assert_eq!(case["case"]["agency"], "CBI");
    assert_eq!(
        case["case"]["notes"][0]["author"],
        json!(format!("amzn/{}", &investigator[3..15]))
    );
    assert_eq!(case["rings"][0]["report_count"], 2);
    assert_eq!(case["linked_reports"][0]["report"], "msft:c-2");
    assert_eq!(case["events"].as_array().unwrap().len(), 9);

    // The ring grows: the new report shows on the case.
    let (status, _) = app
        .post(
            partner,
            "/v1/reports",
            &json!([report("c-3", "+1 844 281 8482")]),
        )
        .await;
    assert_eq!(status, 200);
    let (_, case) = app.get(admin, "/v1/cases/C-000001").await;
    assert_eq!(
        case["rings"][0]["new_reports"][0]["report"], "msft:c-3",
        "{case}"
    );

    // TLP on the case: a RED report of msft joins the ring; msft sees it,
    // an analyst of another partner does not, and an investigator sees
    // no GREEN report of others either.
    let mut red = report("c-4", "+1 844 281 8482");
    red["tlp"] = json!("red");
    let (status, _) = app.post(partner, "/v1/reports", &json!([red])).await;
    assert_eq!(status, 200);
    let new_of = |case: &Value| -> Vec<String> {
        case["rings"][0]["new_reports"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["report"].as_str().unwrap().to_string())
            .collect()
    };
    let (_, case) = app.get(admin, "/v1/cases/C-000001").await;
    assert_eq!(new_of(&case), ["msft:c-3", "msft:c-4"], "{case}");
    let amzn_analyst = key_of(&keys, "amzn", AccessRole::Analyst);
    let (status, case) = app.get(amzn_analyst, "/v1/cases/C-000001").await;
    assert_eq!(status, 200);
    assert_eq!(new_of(&case), ["msft:c-3"], "{case}");
    let (_, case) = app.get(investigator, "/v1/cases/C-000001").await;
    assert!(new_of(&case).is_empty(), "{case}");
    assert_eq!(case["linked_reports"][0]["stored"], false, "{case}");

    let (_, audit) = app.get(admin, "/v1/audit?limit=1000").await;
    let actions: Vec<&str> = audit["entries"]
        .as_array()
        .or(audit.as_array())
        .unwrap()
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    for a in [
        "case.opened",
        "case.ring_linked",
        "case.noted",
        "case.closed",
    ] {
        assert!(actions.contains(&a), "{a} missing from {actions:?}");
    }
}

async fn page(app: &support::TestApp, cookie: &str, lang: &str, path: &str) -> (u16, String) {
    let res = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(format!("{}{path}", app.base))
        .header("cookie", cookie)
        .header("accept-language", lang)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

fn device(name: &str) -> Vec<u8> {
    std::fs::read(
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../act/tests/fixtures")
            .join(name),
    )
    .unwrap()
}

/// The case page and the site page, in English and French, after two
/// sites' extracts were imported.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn case_and_site_pages() {
    let (app, keys) = spawn_with(partners_and_keys, |_| {}).await;
    let analyst = key_of(&keys, "msft", AccessRole::Analyst);
    let narrative = |id: &str, text: &str| json!({"id": id, "received_at": "2026-11-02T10:00:00Z", "region": "US", "narrative": text, "tlp": "green"});
    let batch = json!([
        narrative(
            "p-1",
            "Call +1 (888) 555-0123, then pay UPI refund.desk99@okaxis."
        ),
        narrative(
            "p-2",
            "They called from 888-555-0123 and took UPI refund.desk99@okaxis."
        ),
        narrative(
            "m-1",
            "Mail from help.desk@gmail.com sent me to hxxps://secure-alert[.]com/fix."
        ),
        narrative("m-2", "help.desk@gmail.com again, and secure-alert.com."),
    ]);
    let (status, body) = app.post(analyst, "/v1/reports", &batch).await;
    assert_eq!(status, 200, "{body}");
    let rings: Vec<String> = body["reports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["ring"].as_str().unwrap().to_string())
        .collect();
    let (status, _) = app
        .post(
            analyst,
            "/v1/cases",
            &json!({"title": "Chakra", "rings": [rings[0], rings[2]]}),
        )
        .await;
    assert_eq!(status, 201);
    let db = app.db.clone();
    tokio::task::spawn_blocking(move || {
        use ringtrace_server::investigation::evidence::{import, ImportRequest};
        let mut store = ringtrace_store::open(&db).unwrap();
        let case = ringtrace_act::case::CaseId::parse("C-000001").unwrap();
        for (exhibit, site, file, format) in [
            (
                "EXH-12-1",
                "12",
                "phone_site12.json",
                ringtrace_act::device::ExtractFormat::Json,
            ),
            (
                "EXH-40-1",
                "40",
                "computer_site40.csv",
                ringtrace_act::device::ExtractFormat::Csv,
            ),
        ] {
            let bytes = device(file);
            import(
                store.as_mut(),
                &ImportRequest {
                    case: &case,
                    exhibit,
                    site,
                    file_name: file,
                    bytes: &bytes,
                    format,
                    region: Some("US"),
                    by: "test",
                    at: chrono::Utc::now(),
                },
            )
            .unwrap();
        }
    })
    .await
    .unwrap();

    let cookie = sign_in(&app, analyst).await;
    // (language, path, status, texts the page must hold)
    let rows: Vec<(&str, String, u16, Vec<&str>)> = vec![
        ("en", "/cases".into(), 200, vec!["C-000001", "Chakra"]),
        ("fr", "/cases".into(), 200, vec!["Dossiers", "ouvert"]),
        (
            "en",
            "/cases/C-000001".into(),
            200,
            vec![
                "Sites, exhibits and rings",
                "EXH-12-1",
                "site 12 and site 40 share a payment account (upi:refund.desk99@okaxis)",
                "/cases/C-000001/sites/40",
                "<svg",
            ],
        ),
        (
            "fr",
            "/cases/C-000001".into(),
            200,
            vec![
                "Scellés",
                "Chronologie",
                "réseau rattaché",
                "le site 12 et le site 40 ont en commun un compte de paiement (upi:refund.desk99@okaxis)",
            ],
        ),
        (
            "en",
            "/cases/C-000001/sites/12".into(),
            200,
            vec![
                "Exhibits seized here",
                "carried +18885550123",
                "/cases/C-000001/sites/40",
            ],
        ),
        (
            "fr",
            "/cases/C-000001/sites/40".into(),
            200,
            vec![
                "Scellés saisis ici",
                "a envoyé les courriels d'arnaque du réseau",
            ],
        ),
        ("en", "/cases/C-000001/sites/77".into(), 404, vec![]),
        ("en", "/cases/C-000002".into(), 404, vec![]),
    ];
    for (lang, path, want, texts) in rows {
        let (status, body) = page(&app, &cookie, lang, &path).await;
        assert_eq!(status, want, "{lang} {path}");
        for t in texts {
            assert!(body.contains(t), "{lang} {path} should hold {t:?}");
        }
    }

    // A note through the form (CSRF checked).
    let (_, body) = page(&app, &cookie, "en", "/cases/C-000001").await;
    let csrf = csrf_of(&body);
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    for (token, want) in [("forged", 403), (csrf.as_str(), 303)] {
        let res = client
            .post(format!("{}/cases/C-000001/notes", app.base))
            .header("cookie", &cookie)
            .form(&[("csrf", token), ("text", "Raid on both sites planned")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), want, "csrf {token}");
    }
    let (_, body) = page(&app, &cookie, "en", "/cases/C-000001").await;
    assert!(body.contains("Raid on both sites planned"));

    // A partner's key does not see cases.
    let partner = sign_in(&app, key_of(&keys, "msft", AccessRole::Partner)).await;
    let (status, _) = page(&app, &partner, "en", "/cases").await;
    assert_eq!(status, 403);

    // TLP: a RED report of msft reached by the SIM's number is on msft's
    // site page, and not on another partner's analyst's.
    let mut red = narrative("p-3", "They called me from +1 888 555 0123 again.");
    red["tlp"] = json!("red");
    let (status, body) = app.post(analyst, "/v1/reports", &json!([red])).await;
    assert_eq!(status, 200, "{body}");
    let (_, body) = page(&app, &cookie, "en", "/cases/C-000001/sites/12").await;
    assert!(
        body.contains("msft:p-3") && body.contains("msft:p-1"),
        "{body}"
    );
    let other = sign_in(&app, key_of(&keys, "amzn", AccessRole::Analyst)).await;
    for path in ["/cases/C-000001/sites/12", "/cases/C-000001"] {
        let (status, body) = page(&app, &other, "en", path).await;
        assert_eq!(status, 200, "{path}");
        assert!(!body.contains("p-3"), "{path}: {body}");
    }
    let (_, body) = page(&app, &other, "en", "/cases/C-000001/sites/12").await;
    assert!(body.contains("msft:p-1"), "{body}");
}
