//! The access matrix, generated: every partner × role × read endpoint (API,
//! web interface, TAXII) × TLP marking. One partner's reports carry, per
//! marking, a unique key and a unique narrative marker; for each caller,
//! TLP 2.0 (`ringtrace_model::sight`, whose own table is written out by
//! hand in its unit test) says which keys and markers it may see, and no
//! answer of any endpoint may hold one it may not. The statuses form a
//! table kept as a snapshot, so that a change of who may call what is seen
//! in review.

mod support;

use ringtrace_model::{sight, AccessRole, Sight, Tlp, Viewer};
use serde_json::{json, Value};
use support::{key_of, partners_and_keys, sign_in, spawn_with, TestApp};

const TAXII: &str = "application/taxii+json;version=2.1";
const PHONE: &str = "+1 844 281 8482";

fn report(id: &str, tlp: Tlp) -> Value {
    json!({
        "id": id,
        "received_at": "2026-11-02T10:00:00Z",
        "region": "US",
        "narrative": format!("SECRET-{tlp}: a pop-up told me to call {PHONE}; they took $300."),
        "loss": {"amount": 300, "currency": "USD"},
        "tlp": tlp.as_str(),
    })
}

/// How an endpoint is reached.
#[derive(Clone, Copy)]
enum Via {
    Api,
    Web,
    Taxii,
}

/// Sends a GET the way `via` needs; status and body text (status 0: no
/// web session for this role).
async fn fetch(
    app: &TestApp,
    via: Via,
    key: &str,
    cookie: Option<&str>,
    path: &str,
) -> (u16, String) {
    let mut req = app.client.get(format!("{}{path}", app.base));
    req = match via {
        Via::Api => req.bearer_auth(key),
        Via::Taxii => req.bearer_auth(key).header("accept", TAXII),
        Via::Web => match cookie {
            Some(c) => req.header("cookie", c),
            None => return (0, String::new()),
        },
    };
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.text().await.unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_endpoint_shows_a_caller_what_tlp_hides() {
    let (app, keys) = spawn_with(partners_and_keys, |_| {}).await;
    let batch: Vec<Value> = Tlp::ALL
        .iter()
        .map(|t| report(&format!("t-{t}"), *t))
        .collect();
    let (status, body) = app
        .post(
            key_of(&keys, "msft", AccessRole::Analyst),
            "/v1/reports",
            &json!(batch),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let ring = body["reports"][0]["ring"].as_str().unwrap().to_string();
    let (status, _) = app
        .post(
            key_of(&keys, "msft", AccessRole::Analyst),
            "/v1/cases",
            &json!({"title": "Matrix", "rings": [ring]}),
        )
        .await;
    assert_eq!(status, 201);

    let collections = [
        "5f9e8b52-1c3d-5a7e-9b21-6d0c4e8f7a10",
        "7a3c1e64-2b8d-5f90-8c42-1e5d7b9a3c21",
        "2d6f4a80-9e1b-5c37-a4d5-8b2e0f6c1d32",
    ];
    let mut endpoints: Vec<(Via, String)> = vec![
        (Via::Api, "/v1/reports".into()),
        (Via::Api, format!("/v1/rings/{ring}")),
        (Via::Api, "/v1/rings?limit=50".into()),
        (Via::Api, "/v1/lookup?value=%2B18442818482".into()),
        (Via::Api, "/v1/indicators/phone/%2B18442818482".into()),
        (Via::Api, "/v1/cases".into()),
        (Via::Api, "/v1/cases/C-000001".into()),
        (Via::Api, "/v1/audit".into()),
        (Via::Web, "/".into()),
        (Via::Web, "/rings".into()),
        (Via::Web, format!("/rings/{ring}")),
        (
            Via::Web,
            "/indicator?kind=phone&value=%2B18442818482".into(),
        ),
        (Via::Web, "/search?q=%2B18442818482".into()),
        (Via::Web, "/cases/C-000001".into()),
        (Via::Taxii, "/taxii2/ringtrace/collections/".into()),
    ];
    for tlp in Tlp::ALL {
        endpoints.push((Via::Api, format!("/v1/reports/msft:t-{tlp}")));
        // `+` in a query is a space: the interface's own links encode it
        let key = format!("msft:t-{tlp}").replace('+', "%2B");
        endpoints.push((Via::Web, format!("/report?key={key}")));
    }
    for c in collections {
        endpoints.push((
            Via::Taxii,
            format!("/taxii2/ringtrace/collections/{c}/objects/"),
        ));
        endpoints.push((
            Via::Taxii,
            format!("/taxii2/ringtrace/collections/{c}/manifest/"),
        ));
    }

    let mut table = String::new();
    let mut cells = 0usize;
    let mut seen_full = 0usize;
    for partner in ["msft", "amzn"] {
        for role in AccessRole::ALL {
            let key = key_of(&keys, partner, *role);
            let cookie = if role.may_read() {
                Some(sign_in(&app, key).await)
            } else {
                None
            };
            let viewer = Viewer {
                partner: partner.into(),
                role: *role,
            };
            // what this caller may not see, per marking of msft's reports
            let mut hidden: Vec<String> = Vec::new();
            let mut full: Vec<Tlp> = Vec::new();
            for tlp in Tlp::ALL {
                match sight(&viewer, "msft", *tlp, false) {
                    Sight::Hidden => {
                        hidden.push(format!("t-{tlp}\""));
                        hidden.push(format!("msft:t-{tlp}<"));
                        hidden.push(format!("SECRET-{tlp}:"));
                    }
                    Sight::Linkage => hidden.push(format!("SECRET-{tlp}:")),
                    Sight::Full => full.push(*tlp),
                }
            }
            let mut row = Vec::new();
            for (via, path) in &endpoints {
                let (status, body) = fetch(&app, *via, key, cookie.as_deref(), path).await;
                cells += 1;
                // the audit log is the operator's (an admin key may issue
                // keys for any partner): it names report keys, never content
                let keys_allowed = path == "/v1/audit";
                for h in hidden
                    .iter()
                    .filter(|h| !keys_allowed || h.starts_with("SECRET-"))
                {
                    assert!(
                        !body.contains(h.as_str()),
                        "{partner} {role} GET {path}: {status} shows {h:?}:\n{body}"
                    );
                }
                // the test is not vacuous: a report the caller may read
                // whole shows its narrative
                let decoded = path.replace("%2B", "+");
                if let Some(tlp) = full
                    .iter()
                    .find(|t| decoded.ends_with(&format!("msft:t-{t}")))
                {
                    if status == 200 {
                        assert!(
                            body.contains(&format!("SECRET-{tlp}:")),
                            "{partner} {role} {path}"
                        );
                        seen_full += 1;
                    }
                }
                // `-`: the role cannot sign in to the interface at all
                row.push(if status == 0 {
                    "-".into()
                } else {
                    status.to_string()
                });
            }
            table.push_str(&format!("{partner} {role:<12} {}\n", row.join(" ")));
        }
    }
    assert!(seen_full >= 10, "only {seen_full} full reads checked");
    let header: Vec<String> = endpoints
        .iter()
        .enumerate()
        .map(|(i, (via, path))| {
            let via = match via {
                Via::Api => "api",
                Via::Web => "web",
                Via::Taxii => "taxii",
            };
            format!("{i:>2} {via:<5} {path}")
        })
        .collect();
    let path_free = |s: &str| s.replace(&ring, "RING");
    insta::assert_snapshot!(
        "statuses",
        path_free(&format!(
            "{cells} requests; columns:\n{}\n\n{table}",
            header.join("\n")
        ))
    );
}
