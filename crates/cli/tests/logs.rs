//! The server's log, at its most verbose, holds no API key and no report
//! content: requests are logged by route, never by query or body, whether
//! they succeed, fail validation or are refused.

mod support;

use serde_json::json;
use support::Env;

#[test]
fn logs_hold_no_key_and_no_victim_data() {
    let env = Env::new();
    env.ok("t.db", &["partner", "add", "msft"]);
    let key = env
        .ok(
            "t.db",
            &["key", "create", "--partner", "msft", "--role", "admin"],
        )
        .trim()
        .to_string();
    let secret = key.rsplit('_').next().unwrap().to_string();
    let log_path = env.path("serve.log");
    let log = std::fs::File::create(&log_path).unwrap();
    let (mut child, url) = support::serve_with(&env.path("t.db"), |cmd| {
        cmd.env("RINGTRACE_LOG", "debug").stderr(log);
    });
    let auth = format!("Bearer {key}");

    // What must never reach the log.
    let marker = "NARRATIVE-MARKER-7731";
    let victim = "+33 6 12 34 56 78";
    let private = [
        key.as_str(),
        secret.as_str(),
        marker,
        "33612345678",
        "18445550199",
        "refund.desk41",
        "victim.person",
    ];
    let narrative = format!(
        "{marker}: a pop-up said call +1 844 555 0199, pay UPI refund.desk41@okaxis. \
         My number is {victim}, my mail victim.person@example.org."
    );
    let report = json!({"id": "l-1", "received_at": "2026-11-02T10:00:00Z", "region": "FR",
                        "narrative": narrative, "tlp": "green"});
    let status = |r: Result<ureq::Response, ureq::Error>| match r {
        Ok(r) => r.status(),
        Err(ureq::Error::Status(s, _)) => s,
        Err(e) => panic!("{e}"),
    };
    let post = |path: &str, body: serde_json::Value| {
        status(
            ureq::post(&format!("{url}{path}"))
                .set("authorization", &auth)
                .send_json(body),
        )
    };
    let get = |path: &str, auth: &str| {
        status(
            ureq::get(&format!("{url}{path}"))
                .set("authorization", auth)
                .call(),
        )
    };
    assert_eq!(post("/v1/reports", json!([report])), 200);
    // Invalid: the error names the field, not its value, in the log.
    let bad = json!({"id": "l-2", "received_at": "not a date", "narrative": narrative});
    assert_eq!(post("/v1/reports", bad), 422);
    assert_eq!(get("/v1/lookup?value=%2B18445550199", &auth), 200);
    assert_eq!(
        get("/v1/lookup?value=refund.desk41%40okaxis&kind=upi", &auth),
        200
    );
    assert_eq!(get("/v1/reports/msft:l-1", &auth), 200);
    assert_eq!(get("/v1/indicators/phone/%2B18445550199", &auth), 200);
    // A wrong secret for a real key id, and a key in a web sign-in form.
    let wrong = format!(
        "{}_{}",
        key.rsplit_once('_').unwrap().0,
        "0".repeat(secret.len())
    );
    assert_eq!(
        get(
            "/v1/lookup?value=%2B18445550199",
            &format!("Bearer {wrong}")
        ),
        401
    );
    let form = status(ureq::post(&format!("{url}/sign-in")).send_form(&[
        ("key", key.as_str()),
        ("csrf", "x"),
        ("next", "/"),
    ]));
    assert!(
        form >= 400,
        "a sign-in without its CSRF cookie is refused: {form}"
    );

    let _ = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let _ = child.wait();
    let text = std::fs::read_to_string(&log_path).unwrap();
    assert!(
        text.lines().count() >= 8 && text.contains("/v1/lookup"),
        "the debug log records requests by route:\n{text}"
    );
    for p in private {
        assert!(!text.contains(p), "`{p}` is in the log:\n{text}");
    }
}
