//! Query parameters on arbitrary bytes, through the real router (API, web
//! interface and TAXII, on a small SQLite database made once): every read
//! endpoint that takes a query string gets the input as its query. A
//! request may be refused (400, 404, 422…) but never answered with a
//! server error, never panics, and a refusal is a problem document.
#![no_main]

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use libfuzzer_sys::fuzz_target;
use ringtrace_model::AccessRole;
use ringtrace_server::{admin, ServerConfig};
use serde_json::{json, Value};
use std::sync::OnceLock;
use tower::ServiceExt;

struct Harness {
    rt: tokio::runtime::Runtime,
    router: Router,
    key: String,
    cookie: String,
    /// Paths that take a query string; the input is appended after `?`.
    paths: Vec<String>,
    _dir: tempfile::TempDir,
}

async fn call(router: &Router, req: Request<Body>) -> (StatusCode, Vec<(String, String)>, String) {
    let res = router.clone().oneshot(req).await.expect("infallible");
    let status = res.status();
    let headers = res
        .headers()
        .iter()
        .map(|(k, v)| (k.to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
        .collect();
    let body = axum::body::to_bytes(res.into_body(), 64 << 20)
        .await
        .expect("body");
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

fn cookies(headers: &[(String, String)]) -> Vec<String> {
    headers
        .iter()
        .filter(|(k, _)| k == "set-cookie")
        .map(|(_, v)| v.split(';').next().unwrap_or("").to_string())
        .collect()
}

fn setup() -> Harness {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("fuzz.db").to_str().expect("utf-8").to_string();
    let key = {
        let mut store = ringtrace_store::open(&db).expect("store");
        admin::add_partner(store.as_mut(), "msft", "", "fuzz").expect("partner");
        admin::create_key(store.as_mut(), "msft", AccessRole::Admin, "fuzz", "fuzz")
            .expect("key")
            .0
    };
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let mut config = ServerConfig::new("127.0.0.1:0".parse().expect("addr"), db);
    config.read_connections = 1;
    let app = ringtrace_server::build(config).expect("app");
    let router = app.router;
    let (cookie, paths) = rt.block_on(async {
        let auth = format!("Bearer {key}");
        let json_req = |method: &str, uri: &str, body: Value| {
            Request::builder()
                .method(method)
                .uri(uri)
                .header("authorization", &auth)
                .header("content-type", "application/json")
                .body(Body::from(body.to_string()))
                .expect("request")
        };
        let get = |uri: &str| {
            Request::builder()
                .uri(uri)
                .header("authorization", &auth)
                .header("accept", "application/taxii+json;version=2.1")
                .body(Body::empty())
                .expect("request")
        };
        let reports: Vec<Value> = (0..6)
            .map(|i| {
                let tlp = ["clear", "green", "amber", "amber+strict"][i % 4];
                json!({
                    "id": format!("r-{i}"),
                    "received_at": format!("2026-11-0{}T10:00:00Z", i + 1),
                    "region": "US",
                    "brand": "Microsoft",
                    "narrative": format!(
                        "A pop-up told me to call +1 844 281 848{}; AnyDesk ID 492 966 56{}, \
                         then pay to UPI refund.desk9{}@okaxis",
                        i % 2, i % 3, i % 2
                    ),
                    "loss": {"amount": 300 + i, "currency": "USD"},
                    "tlp": tlp,
                })
            })
            .collect();
        let (status, _, body) = call(&router, json_req("POST", "/v1/reports", json!(reports))).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let submitted: Value = serde_json::from_str(&body).expect("json");
        let ring = submitted["reports"][0]["ring"].as_str().expect("ring").to_string();
        let (status, _, body) = call(
            &router,
            json_req("POST", "/v1/cases", json!({"title": "fuzz", "rings": [ring]})),
        )
        .await;
        assert!(status.is_success(), "{status} {body}");
        let case: Value = serde_json::from_str(&body).expect("json");
        let case_id = case["id"].as_str().unwrap_or("C-000001").to_string();

        let (_, _, body) = call(&router, get("/taxii2/")).await;
        let discovery: Value = serde_json::from_str(&body).expect("discovery");
        let root_url = discovery["api_roots"][0].as_str().expect("an API root").to_string();
        let root = root_url.trim_end_matches('/').rsplit('/').next().expect("root").to_string();
        let (_, _, body) = call(&router, get(&format!("/taxii2/{root}/collections/"))).await;
        let collections: Value = serde_json::from_str(&body).expect("collections");
        let coll = collections["collections"][0]["id"].as_str().expect("a collection").to_string();

        // Web session: the sign-in form's CSRF token and cookie, then the key.
        let (_, headers, body) = call(
            &router,
            Request::builder().uri("/sign-in").body(Body::empty()).expect("request"),
        )
        .await;
        let at = body.find("name=\"csrf\" value=\"").expect("a CSRF token") + 19;
        let csrf = body[at..].split('"').next().expect("token").to_string();
        let pre = cookies(&headers).join("; ");
        let form = format!("key={key}&csrf={csrf}&next=%2F");
        let (status, headers, _) = call(
            &router,
            Request::builder()
                .method("POST")
                .uri("/sign-in")
                .header("cookie", pre)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(Body::from(form))
                .expect("request"),
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "signed in");
        let cookie = cookies(&headers).join("; ");

        let phone = "%2B18442818480";
        let paths = vec![
            "/v1/lookup".to_string(),
            "/v1/reports".to_string(),
            "/v1/reports/msft:r-0".to_string(),
            "/v1/rings".to_string(),
            format!("/v1/rings/{ring}"),
            format!("/v1/indicators/phone/{phone}"),
            "/v1/keys".to_string(),
            "/v1/audit".to_string(),
            "/v1/cases".to_string(),
            format!("/v1/cases/{case_id}"),
            "/v1/psi".to_string(),
            format!("/taxii2/{root}/collections/{coll}/objects/"),
            format!("/taxii2/{root}/collections/{coll}/manifest/"),
            "/".to_string(),
            "/sign-in".to_string(),
            "/lang/fr".to_string(),
            "/rings".to_string(),
            format!("/rings/{ring}"),
            "/report".to_string(),
            "/indicator".to_string(),
            "/search".to_string(),
            "/warnings".to_string(),
            "/cases".to_string(),
            format!("/cases/{case_id}"),
        ];
        (cookie, paths)
    });
    Harness {
        rt,
        router,
        key,
        cookie,
        paths,
        _dir: dir,
    }
}

/// The input as a query string: bytes a URI may not hold are
/// percent-encoded; `&`, `=`, `%` and `+` are kept so that the fuzzer
/// shapes the pairs and their escapes.
fn query_of(bytes: &[u8]) -> String {
    let mut q = String::with_capacity(bytes.len() * 3);
    for &b in bytes {
        if b.is_ascii_alphanumeric() || b"&=%+-._~!$'()*,;:@/?[]".contains(&b) {
            q.push(b as char);
        } else {
            q.push_str(&format!("%{b:02X}"));
        }
    }
    q
}

fuzz_target!(|data: &[u8]| {
    static HARNESS: OnceLock<Harness> = OnceLock::new();
    let h = HARNESS.get_or_init(setup);
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let path = &h.paths[sel as usize % h.paths.len()];
    let uri = format!("{path}?{}", query_of(rest));
    let Ok(req) = Request::builder()
        .uri(&uri)
        .header("authorization", format!("Bearer {}", h.key))
        .header("cookie", &h.cookie)
        .header("accept", if path.starts_with("/taxii2/") {
            "application/taxii+json;version=2.1"
        } else {
            "*/*"
        })
        .body(Body::empty())
    else {
        return;
    };
    let (status, headers, body) = h.rt.block_on(call(&h.router, req));
    assert!(
        !status.is_server_error(),
        "{uri} answered {status}: {body}"
    );
    if status.is_client_error() && path.starts_with("/v1/") {
        let ct = headers
            .iter()
            .find(|(k, _)| k == "content-type")
            .map(|(_, v)| v.as_str())
            .unwrap_or("");
        assert!(
            ct.starts_with("application/problem+json"),
            "{uri} answered {status} as {ct}: {body}"
        );
    }
});
