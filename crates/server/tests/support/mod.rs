//! Spawns the app on a random port with its own database: a fresh SQLite
//! file, or a fresh PostgreSQL schema when `RINGTRACE_TEST_POSTGRES` names a
//! server (`.ci/run` sets it to postgres://postgres@127.0.0.1:5432/test).

#![allow(dead_code)]

use ringtrace_model::AccessRole;
use ringtrace_server::{admin, ServerConfig};
use serde_json::Value;
use std::sync::atomic::{AtomicUsize, Ordering};

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A running server and what the test needs to talk to it.
pub struct TestApp {
    pub base: String,
    pub db: String,
    pub client: reqwest::Client,
    _dir: Option<tempfile::TempDir>,
    schema: Option<String>,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let (Some(schema), Ok(url)) = (&self.schema, std::env::var("RINGTRACE_TEST_POSTGRES")) {
            // The blocking client may not run on the test's async threads.
            let schema = schema.clone();
            let _ = std::thread::spawn(move || {
                if let Ok(mut c) = postgres::Client::connect(&url, postgres::NoTls) {
                    let _ = c.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"));
                }
            })
            .join();
        }
    }
}

/// A database of its own for one test.
fn fresh_db() -> (String, Option<tempfile::TempDir>, Option<String>) {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    match std::env::var("RINGTRACE_TEST_POSTGRES") {
        Ok(url) => {
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .subsec_nanos();
            let schema = format!("rt_api_{}_{n}_{nanos}", std::process::id());
            let sep = if url.contains('?') { '&' } else { '?' };
            (format!("{url}{sep}schema={schema}"), None, Some(schema))
        }
        Err(_) => {
            let dir = tempfile::tempdir().unwrap();
            let db = dir.path().join("t.db").to_str().unwrap().to_string();
            (db, Some(dir), None)
        }
    }
}

/// Starts a server on a fresh database after `setup` prepared it.
pub async fn spawn_with<T: Send + 'static>(
    setup: impl FnOnce(&mut dyn ringtrace_store::Store) -> T + Send + 'static,
    tune: impl FnOnce(&mut ServerConfig),
) -> (TestApp, T) {
    let (db, dir, schema) = fresh_db();
    let db2 = db.clone();
    let prepared = tokio::task::spawn_blocking(move || {
        let mut store = ringtrace_store::open(&db2).unwrap();
        setup(store.as_mut())
    })
    .await
    .unwrap();
    let mut config = ServerConfig::new("127.0.0.1:0".parse().unwrap(), db.clone());
    config.read_connections = 2;
    tune(&mut config);
    let app = tokio::task::spawn_blocking(move || ringtrace_server::build(config).unwrap())
        .await
        .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(ringtrace_server::serve(
        app,
        listener,
        std::future::pending(),
    ));
    let app = TestApp {
        base: format!("http://{addr}"),
        db,
        client: reqwest::Client::new(),
        _dir: dir,
        schema,
    };
    (app, prepared)
}

/// Partners `msft`, `amzn` and `bank`; returns a key per (partner, role).
pub fn partners_and_keys(
    store: &mut dyn ringtrace_store::Store,
) -> Vec<(String, AccessRole, String)> {
    let mut keys = Vec::new();
    for p in ["msft", "amzn", "bank"] {
        admin::add_partner(store, p, "", "test").unwrap();
        for role in AccessRole::ALL {
            let (k, _) = admin::create_key(store, p, *role, "test", "test").unwrap();
            keys.push((p.to_string(), *role, k));
        }
    }
    keys
}

pub fn key_of<'a>(
    keys: &'a [(String, AccessRole, String)],
    partner: &str,
    role: AccessRole,
) -> &'a str {
    &keys
        .iter()
        .find(|(p, r, _)| p == partner && *r == role)
        .unwrap()
        .2
}

impl TestApp {
    /// Sends a request with the key; the status and the body as JSON (or
    /// as a JSON string when it is not JSON).
    async fn call(&self, req: reqwest::RequestBuilder, key: &str) -> (u16, Value) {
        let res = req.bearer_auth(key).send().await.unwrap();
        let status = res.status().as_u16();
        let text = res.text().await.unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    pub async fn get(&self, key: &str, path: &str) -> (u16, Value) {
        let req = self.client.get(format!("{}{path}", self.base));
        self.call(req, key).await
    }

    pub async fn delete(&self, key: &str, path: &str) -> (u16, Value) {
        let req = self.client.delete(format!("{}{path}", self.base));
        self.call(req, key).await
    }

    pub async fn post(&self, key: &str, path: &str, body: &Value) -> (u16, Value) {
        let req = self.client.post(format!("{}{path}", self.base)).json(body);
        self.call(req, key).await
    }

    pub async fn send_raw(
        &self,
        key: &str,
        path: &str,
        content_type: &str,
        body: Vec<u8>,
    ) -> (u16, String, Value) {
        let res = self
            .client
            .post(format!("{}{path}", self.base))
            .bearer_auth(key)
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        let ct = res
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        let text = res.text().await.unwrap();
        (
            status,
            ct,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }
}

/// Signs in through the form; returns the session cookie.
pub async fn sign_in(app: &TestApp, key: &str) -> String {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let res = client
        .get(format!("{}/sign-in", app.base))
        .send()
        .await
        .unwrap();
    let cookies: Vec<String> = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().split(';').next().unwrap().to_string())
        .collect();
    let body = res.text().await.unwrap();
    let csrf = csrf_of(&body);
    let res = client
        .post(format!("{}/sign-in", app.base))
        .header("cookie", cookies.join("; "))
        .form(&[("key", key), ("csrf", &csrf), ("next", "/")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 303, "signed in");
    res.headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().split(';').next().unwrap().to_string())
        .collect::<Vec<_>>()
        .join("; ")
}

/// The CSRF token of a page's form.
pub fn csrf_of(body: &str) -> String {
    let at = body.find("name=\"csrf\" value=\"").expect("a CSRF token") + 19;
    body[at..].split('"').next().unwrap().to_string()
}
