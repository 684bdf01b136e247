//! The web interface end to end over HTTP: sessions and their cookie,
//! CSRF on every form, TLP on every page, both languages, and every page
//! behind the sign-in.

mod support;

use reqwest::header::{ACCEPT_LANGUAGE, COOKIE, LOCATION, SET_COOKIE};
use reqwest::redirect::Policy;
use ringtrace_model::AccessRole;
use serde_json::json;
use support::{key_of, partners_and_keys, spawn_with, TestApp};

/// A browser without JavaScript: keeps its cookies by hand, follows no
/// redirect on its own.
struct Browser {
    base: String,
    client: reqwest::Client,
    cookies: Vec<(String, String)>,
    lang: Option<String>,
}

struct Answer {
    status: u16,
    location: Option<String>,
    set_cookies: Vec<String>,
    body: String,
}

impl Browser {
    fn new(app: &TestApp) -> Self {
        Browser {
            base: app.base.clone(),
            client: reqwest::Client::builder()
                .redirect(Policy::none())
                .build()
                .unwrap(),
            cookies: Vec::new(),
            lang: None,
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    async fn answer(&mut self, res: reqwest::Response) -> Answer {
        let status = res.status().as_u16();
        let location = res
            .headers()
            .get(LOCATION)
            .map(|v| v.to_str().unwrap().to_string());
        let set_cookies: Vec<String> = res
            .headers()
            .get_all(SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap().to_string())
            .collect();
        for c in &set_cookies {
            let first = c.split(';').next().unwrap();
            let (k, v) = first.split_once('=').unwrap();
            self.cookies.retain(|(n, _)| n != k);
            if !v.is_empty() && !c.contains("Max-Age=0") {
                self.cookies.push((k.to_string(), v.to_string()));
            }
        }
        let body = res.text().await.unwrap();
        Answer {
            status,
            location,
            set_cookies,
            body,
        }
    }

    async fn get(&mut self, path: &str) -> Answer {
        let mut req = self
            .client
            .get(format!("{}{path}", self.base))
            .header(COOKIE, self.cookie_header());
        if let Some(l) = &self.lang {
            req = req.header(ACCEPT_LANGUAGE, l);
        }
        let res = req.send().await.unwrap();
        self.answer(res).await
    }

    async fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Answer {
        let res = self
            .client
            .post(format!("{}{path}", self.base))
            .header(COOKIE, self.cookie_header())
            .form(form)
            .send()
            .await
            .unwrap();
        self.answer(res).await
    }

    async fn sign_in(&mut self, key: &str) -> Answer {
        let page = self.get("/sign-in").await;
        assert_eq!(page.status, 200);
        let csrf = csrf_of(&page.body);
        self.post("/sign-in", &[("key", key), ("csrf", &csrf), ("next", "/")])
            .await
    }
}

/// The CSRF token of the first form of a page.
fn csrf_of(body: &str) -> String {
    let at = body
        .find("name=\"csrf\" value=\"")
        .expect("a form with a CSRF token")
        + 19;
    body[at..].split('"').next().unwrap().to_string()
}

fn report(id: &str, tlp: &str, narrative: &str) -> serde_json::Value {
    json!({
        "id": id,
        "received_at": "2026-11-02T10:00:00Z",
        "region": "US",
        "brand": "Microsoft",
        "channel": "popup",
        "narrative": narrative,
        "loss": {"amount": 300, "currency": "USD"},
        "tlp": tlp,
    })
}

const PHONE: &str = "+1 844 281 8482";

/// msft: a GREEN report and a RED one sharing a phone number (the RED one
/// also names a value of its own); amzn: a GREEN report with the number.
/// Returns the ring they form.
async fn seed(app: &TestApp, keys: &[(String, AccessRole, String)]) -> String {
    let msft = key_of(keys, "msft", AccessRole::Analyst);
    let (status, body) = app
        .post(
            msft,
            "/v1/reports",
            &json!([
                report(
                    "g-1",
                    "green",
                    &format!("A pop-up told me to call {PHONE}.")
                ),
                report(
                    "secret-red-1",
                    "red",
                    &format!("Call {PHONE} or write to hidden-crew@scam-desk.example.com now."),
                ),
            ]),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let amzn = key_of(keys, "amzn", AccessRole::Analyst);
    let (status, body) = app
        .post(
            amzn,
            "/v1/reports",
            &report(
                "a-1",
                "green",
                &format!("They said to ring {PHONE} at once."),
            ),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    body["reports"][0]["ring"].as_str().unwrap().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_sets_an_httponly_strict_cookie() {
    let (app, keys) = spawn_with(partners_and_keys, |_| {}).await;
    let key = key_of(&keys, "msft", AccessRole::Analyst);

    let mut b = Browser::new(&app);
    let bad = b
        .sign_in("rt_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
        .await;
    assert_eq!(bad.status, 401);
    assert!(!b.cookies.iter().any(|(k, _)| k == "rt_session"));

    let ok = b.sign_in(key).await;
    assert_eq!(ok.status, 303, "{}", ok.body);
    assert_eq!(ok.location.as_deref(), Some("/"));
    let session = ok
        .set_cookies
        .iter()
        .find(|c| c.starts_with("rt_session="))
        .expect("a session cookie");
    assert!(session.contains("HttpOnly"), "{session}");
    assert!(session.contains("SameSite=Strict"), "{session}");
    assert!(
        !session.contains(key),
        "the key itself never goes to the browser"
    );
    let home = b.get("/").await;
    assert_eq!(home.status, 200);
    assert!(home.body.contains("msft"));

    // Behind an HTTPS proxy the cookie is Secure.
    let mut tls = Browser::new(&app);
    let form = tls.get("/sign-in").await;
    let csrf = csrf_of(&form.body);
    let res = tls
        .client
        .post(format!("{}/sign-in", app.base))
        .header(COOKIE, tls.cookie_header())
        .header("x-forwarded-proto", "https")
        .form(&[("key", key), ("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    let secure = tls.answer(res).await;
    assert_eq!(secure.status, 303);
    assert!(secure
        .set_cookies
        .iter()
        .any(|c| c.starts_with("rt_session=") && c.contains("; Secure")));

    // The sign-in form without its own token is refused.
    let mut other = Browser::new(&app);
    let refused = other
        .post(
            "/sign-in",
            &[("key", key), ("csrf", "made-up"), ("next", "/")],
        )
        .await;
    assert_eq!(refused.status, 403);
    assert!(!other.cookies.iter().any(|(k, _)| k == "rt_session"));

    // A lookup key may not use the interface.
    let mut lk = Browser::new(&app);
    let a = lk.sign_in(key_of(&keys, "msft", AccessRole::Lookup)).await;
    assert_eq!(a.status, 403);

    // Signing out ends the session on the server.
    let page = b.get("/").await;
    let csrf = csrf_of(&page.body);
    let stolen = b.cookie_header();
    let out = b.post("/sign-out", &[("csrf", &csrf)]).await;
    assert_eq!(out.status, 303);
    let mut replay = Browser::new(&app);
    replay.cookies = stolen
        .split("; ")
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    assert_eq!(replay.get("/").await.status, 303);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_needs_a_session_and_answers_an_analyst() {
    let (app, keys) = spawn_with(partners_and_keys, |_| {}).await;
    let ring = seed(&app, &keys).await;
    let pages = [
        "/".to_string(),
        "/rings".into(),
        "/rings?partner=amzn&brand=microsoft&channel=popup&country=US&from=2026-01-01&to=2026-12-31&min=2&sort=recent".into(),
        format!("/rings/{ring}"),
        "/report?key=msft%3Ag-1".into(),
        "/indicator?kind=phone&value=%2B18442818482".into(),
        "/search".into(),
        "/submit".into(),
        "/warnings".into(),
    ];
    let mut anon = Browser::new(&app);
    for p in &pages {
        let a = anon.get(p).await;
        assert_eq!(a.status, 303, "{p}");
        assert!(
            a.location.as_deref().unwrap().starts_with("/sign-in"),
            "{p}"
        );
    }
    let mut b = Browser::new(&app);
    assert_eq!(
        b.sign_in(key_of(&keys, "amzn", AccessRole::Analyst))
            .await
            .status,
        303
    );
    for p in &pages {
        let a = b.get(p).await;
        assert_eq!(a.status, 200, "{p}: {}", a.body);
        assert!(a.body.starts_with("<!DOCTYPE html>"), "{p}");
    }
    let list = b.get("/rings?partner=amzn").await;
    assert!(list.body.contains(&ring), "the ring holds an amzn report");
    let ring_page = b.get(&format!("/rings/{ring}")).await;
    assert!(ring_page.body.contains("<svg"), "the ring's graph");
    assert!(ring_page.body.contains("+18442818482"));
    // The search box: a value opens its indicator, a ring id its ring.
    let s = b.get("/search?q=%2B1%20844%20281%208482").await;
    assert_eq!(s.status, 303);
    assert!(s.location.unwrap().starts_with("/indicator?kind=phone"));
    let s = b.get(&format!("/search?q={}", ring.to_lowercase())).await;
    assert_eq!(
        s.location.as_deref(),
        Some(format!("/rings/{ring}").as_str())
    );
    // Security headers on pages.
    let res = reqwest::get(format!("{}/sign-in", app.base)).await.unwrap();
    let csp = res.headers()["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"));
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forms_need_the_session_csrf_token_and_a_report_lands_in_its_ring() {
    let (app, keys) = spawn_with(partners_and_keys, |_| {}).await;
    let ring = seed(&app, &keys).await;
    let mut b = Browser::new(&app);
    b.sign_in(key_of(&keys, "amzn", AccessRole::Analyst)).await;
    let narrative = format!("Caller from {PHONE} said my PC was hacked.");
    let fields = |csrf: &'static str, action: &'static str| {
        vec![
            ("csrf", csrf),
            ("action", action),
            ("id", "web-1"),
            ("received_at", "2026-11-03T09:00:00Z"),
            ("region", "US"),
            ("tlp", "green"),
            ("channel", "phone_call"),
        ]
    };
    for csrf in ["", "wrong"] {
        let mut f = fields(csrf, "submit");
        f.push(("narrative", &narrative));
        let a = b.post("/submit", &f).await;
        assert_eq!(a.status, 403, "csrf {csrf:?}");
    }
    let (status, body) = app
        .get(
            key_of(&keys, "amzn", AccessRole::Analyst),
            "/v1/reports/amzn:web-1",
        )
        .await;
    assert_eq!(status, 404, "nothing stored: {body}");
    let out = b.post("/sign-out", &[("csrf", "wrong")]).await;
    assert_eq!(out.status, 403);
    assert_eq!(b.get("/").await.status, 200, "still signed in");

    let home = b.get("/").await;
    assert!(
        home.body.contains("<strong>2</strong>reports you may see"),
        "msft's GREEN and amzn's own; not msft's RED"
    );
    let page = b.get("/submit").await;
    let csrf = csrf_of(&page.body);
    let mut f: Vec<(&str, &str)> = vec![
        ("csrf", &csrf),
        ("action", "preview"),
        ("id", "web-1"),
        ("received_at", "2026-11-03T09:00:00Z"),
        ("region", "US"),
        ("tlp", "green"),
        ("channel", "phone_call"),
        ("narrative", &narrative),
    ];
    let preview = b.post("/submit", &f).await;
    assert_eq!(preview.status, 200);
    assert!(
        preview.body.contains("+18442818482"),
        "the extracted number"
    );
    assert!(preview.body.contains(&ring), "already known, in its ring");
    assert!(preview.body.contains("submit-report"));
    let (status, _) = app
        .get(
            key_of(&keys, "amzn", AccessRole::Analyst),
            "/v1/reports/amzn:web-1",
        )
        .await;
    assert_eq!(status, 404, "a preview stores nothing");

    f[1] = ("action", "submit");
    let done = b.post("/submit", &f).await;
    assert_eq!(done.status, 303, "{}", done.body);
    let to = done.location.unwrap();
    assert!(to.starts_with("/report?key=amzn%3Aweb-1"), "{to}");
    let report = b.get(&to).await;
    assert_eq!(report.status, 200);
    assert!(report.body.contains(&format!("/rings/{ring}")));
    assert!(report.body.contains("<mark"), "the number highlighted");
    let ring_page = b.get(&format!("/rings/{ring}")).await;
    assert!(ring_page.body.contains("amzn:web-1"));
    let home = b.get("/").await;
    assert!(
        home.body.contains("<strong>3</strong>reports you may see"),
        "the dashboard follows the new report at once"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_red_report_of_another_partner_appears_on_no_page() {
    let (app, keys) = spawn_with(partners_and_keys, |_| {}).await;
    let ring = seed(&app, &keys).await;
    let secret = "secret-red-1";
    let hidden_value = "hidden-crew@scam-desk.example.com";
    for role in [
        AccessRole::Analyst,
        AccessRole::Investigator,
        AccessRole::Partner,
        AccessRole::Admin,
    ] {
        let mut b = Browser::new(&app);
        assert_eq!(
            b.sign_in(key_of(&keys, "amzn", role)).await.status,
            303,
            "{role}"
        );
        let r = b.get("/report?key=msft%3Asecret-red-1").await;
        assert_eq!(r.status, 404, "{role}");
        assert!(!r.body.contains(hidden_value));
        for p in [
            "/".to_string(),
            "/rings".into(),
            "/rings?partner=msft".into(),
            format!("/rings/{ring}"),
            "/indicator?kind=phone&value=%2B18442818482".into(),
            "/warnings".into(),
        ] {
            let a = b.get(&p).await;
            assert!(a.status == 200 || a.status == 404, "{role} {p}");
            assert!(!a.body.contains(secret), "{role} {p}");
            assert!(!a.body.contains(hidden_value), "{role} {p}");
        }
        let a = b
            .get("/indicator?kind=email&value=hidden-crew%40scam-desk.example.com")
            .await;
        assert_eq!(a.status, 200);
        assert!(!a.body.contains(secret), "{role}");
        assert!(a.body.contains("unknown"), "{role}: its verdict is unknown");
        let s = b.get("/search?q=msft%3Asecret-red-1").await;
        assert_ne!(s.status, 303, "{role}: no way to the report");
        assert!(!s.body.contains("/report?key=msft"), "{role}");
    }
    // Its own partner sees it, narrative and all, and the reading is audited.
    let mut own = Browser::new(&app);
    own.sign_in(key_of(&keys, "msft", AccessRole::Analyst))
        .await;
    let r = own.get("/report?key=msft%3Asecret-red-1").await;
    assert_eq!(r.status, 200);
    assert!(r.body.contains(hidden_value));
    assert!(r.body.contains("TLP:RED"));
    let (_, audit) = app
        .get(
            key_of(&keys, "msft", AccessRole::Admin),
            "/v1/audit?limit=1000",
        )
        .await;
    assert!(
        audit.to_string().contains("msft:secret-red-1"),
        "the reading was audited: {audit}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn french_by_accept_language_and_by_the_switch() {
    let (app, keys) = spawn_with(partners_and_keys, |_| {}).await;
    seed(&app, &keys).await;
    let mut b = Browser::new(&app);
    b.lang = Some("fr-FR,fr;q=0.9,en;q=0.5".into());
    let page = b.get("/sign-in").await;
    assert!(
        page.body.contains("<html lang=\"fr\">"),
        "{}",
        &page.body[..200]
    );
    assert!(page.body.contains("Connexion"));
    b.sign_in(key_of(&keys, "msft", AccessRole::Analyst)).await;
    let r = b.get("/report?key=msft%3Ag-1").await;
    assert!(r.body.contains("300,00\u{a0}USD"), "amounts the French way");
    assert!(r.body.contains("2 nov. 2026"), "dates the French way");

    let mut en = Browser::new(&app);
    en.lang = Some("en-GB".into());
    en.sign_in(key_of(&keys, "msft", AccessRole::Analyst)).await;
    let home = en.get("/rings").await;
    assert!(home.body.contains("<html lang=\"en\">"));
    let switched = en.get("/lang/fr?back=%2Frings").await;
    assert_eq!(switched.status, 303);
    assert_eq!(switched.location.as_deref(), Some("/rings"));
    assert!(switched
        .set_cookies
        .iter()
        .any(|c| c.starts_with("rt_lang=fr")));
    let fr = en.get("/rings").await;
    assert!(
        fr.body.contains("<html lang=\"fr\">"),
        "the switch wins over Accept-Language"
    );
    assert!(fr.body.contains("Réseaux"));
    let r = en.get("/report?key=msft%3Ag-1").await;
    assert!(r.body.contains("300,00\u{a0}USD"));
    // The switch goes back only to this site.
    let away = en.get("/lang/en?back=%2F%2Fevil.example").await;
    assert_eq!(away.location.as_deref(), Some("/"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn revoking_the_key_ends_its_sessions() {
    let (app, keys) = spawn_with(partners_and_keys, |c| {
        c.key_cache = std::time::Duration::ZERO;
    })
    .await;
    let key = key_of(&keys, "amzn", AccessRole::Analyst);
    let mut b = Browser::new(&app);
    assert_eq!(b.sign_in(key).await.status, 303);
    assert_eq!(b.get("/rings").await.status, 200);
    let key_id = &key[3..15];
    let res = app
        .client
        .delete(format!("{}/v1/keys/{key_id}", app.base))
        .bearer_auth(key_of(&keys, "amzn", AccessRole::Admin))
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "{}", res.status());
    let after = b.get("/rings").await;
    assert_eq!(after.status, 303);
    assert!(after.location.unwrap().starts_with("/sign-in"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_amber_report_of_another_partner_shows_its_links_not_its_narrative() {
    let (app, keys) = spawn_with(partners_and_keys, |_| {}).await;
    let ring = seed(&app, &keys).await;
    let (status, _) = app
        .post(
            key_of(&keys, "msft", AccessRole::Analyst),
            "/v1/reports",
            &report(
                "amber-1",
                "amber",
                &format!("Private words of the victim; they called from {PHONE}."),
            ),
        )
        .await;
    assert_eq!(status, 200);
    let mut b = Browser::new(&app);
    b.sign_in(key_of(&keys, "amzn", AccessRole::Analyst)).await;
    let r = b.get("/report?key=msft%3Aamber-1").await;
    assert_eq!(r.status, 200);
    assert!(r.body.contains("TLP:AMBER"));
    assert!(r.body.contains(&format!("/rings/{ring}")), "its ring");
    assert!(r.body.contains("+18442818482"), "its indicators");
    assert!(!r.body.contains("Private words"), "not its narrative");
    assert!(!r.body.contains("300.00"), "not its loss");
    let ring_page = b.get(&format!("/rings/{ring}")).await;
    assert!(ring_page.body.contains("msft:amber-1"));
}
