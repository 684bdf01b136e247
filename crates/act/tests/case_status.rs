//! Case status transitions and event rules, table-driven: each row is a
//! case state, an event, and the expected state or error message.

use chrono::{TimeZone, Utc};
use ringtrace_act::case::{Case, CaseEvent, CaseId};
use ringtrace_model::ReportKey;

fn t(h: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 3, 1, h, 0, 0).unwrap()
}

fn by() -> String {
    "ana".to_string()
}

fn open() -> Case {
    let mut c = Case::open(&CaseEvent::Opened {
        id: CaseId::parse("C-000007").unwrap(),
        title: "Pop-up ring R-7Q2K9".into(),
        at: t(1),
        by: by(),
    })
    .unwrap();
    c.apply(&CaseEvent::RingLinked {
        ring: "R-7Q2K9".into(),
        at: t(1),
        by: by(),
    })
    .unwrap();
    c.apply(&CaseEvent::TaskAdded {
        task: 1,
        text: "subpoena the carrier".into(),
        assignee: None,
        at: t(1),
        by: by(),
    })
    .unwrap();
    c
}

fn state(name: &str) -> Case {
    let mut c = open();
    match name {
        "open" => {}
        "referred" => c
            .apply(&CaseEvent::Referred {
                agency: "FBI IC3".into(),
                at: t(2),
                by: by(),
            })
            .unwrap(),
        "closed" => c
            .apply(&CaseEvent::Closed {
                resolution: "arrests".into(),
                at: t(2),
                by: by(),
            })
            .unwrap(),
        "referred+closed" => {
            c.apply(&CaseEvent::Referred {
                agency: "FBI IC3".into(),
                at: t(2),
                by: by(),
            })
            .unwrap();
            c.apply(&CaseEvent::Closed {
                resolution: "arrests".into(),
                at: t(3),
                by: by(),
            })
            .unwrap();
        }
        other => panic!("no state {other}"),
    }
    c
}

fn event(name: &str) -> CaseEvent {
    let at = t(5);
    match name {
        "refer" => CaseEvent::Referred {
            agency: "CBI".into(),
            at,
            by: by(),
        },
        "close" => CaseEvent::Closed {
            resolution: "no further action".into(),
            at,
            by: by(),
        },
        "reopen" => CaseEvent::Reopened {
            reason: Some("new reports".into()),
            at,
            by: by(),
        },
        "open" => CaseEvent::Opened {
            id: CaseId::parse("C-000007").unwrap(),
            title: "again".into(),
            at,
            by: by(),
        },
        "link R-7Q2K9" => CaseEvent::RingLinked {
            ring: "R-7Q2K9".into(),
            at,
            by: by(),
        },
        "link R-3M4NP" => CaseEvent::RingLinked {
            ring: "R-3M4NP".into(),
            at,
            by: by(),
        },
        "unlink R-3M4NP" => CaseEvent::RingUnlinked {
            ring: "R-3M4NP".into(),
            at,
            by: by(),
        },
        "unlink R-7Q2K9" => CaseEvent::RingUnlinked {
            ring: "R-7Q2K9".into(),
            at,
            by: by(),
        },
        "report" => CaseEvent::ReportLinked {
            report: ReportKey::parse("bank-1:r-9").unwrap(),
            at,
            by: by(),
        },
        "assign" => CaseEvent::Assigned {
            assignee: "raj".into(),
            at,
            by: by(),
        },
        "assign empty" => CaseEvent::Assigned {
            assignee: " ".into(),
            at,
            by: by(),
        },
        "note" => CaseEvent::Noted {
            text: "called the carrier".into(),
            at,
            by: by(),
        },
        "task 1" => CaseEvent::TaskAdded {
            task: 1,
            text: "again".into(),
            assignee: None,
            at,
            by: by(),
        },
        "task 2" => CaseEvent::TaskAdded {
            task: 2,
            text: "trace UPI".into(),
            assignee: Some("raj".into()),
            at,
            by: by(),
        },
        "done 1" => CaseEvent::TaskDone {
            task: 1,
            at,
            by: by(),
        },
        "done 9" => CaseEvent::TaskDone {
            task: 9,
            at,
            by: by(),
        },
        other => panic!("no event {other}"),
    }
}

/// `expect` is the status after the event, or `!` and the error message.
fn check(from: &str, ev: &str, expect: &str) {
    let mut case = state(from);
    let before = case.clone();
    match case.apply(&event(ev)) {
        Ok(()) => assert_eq!(case.status.name(), expect, "{from} + {ev}"),
        Err(e) => {
            assert_eq!(format!("!{e}"), expect, "{from} + {ev}");
            assert_eq!(
                case, before,
                "a refused event changes nothing ({from} + {ev})"
            );
        }
    }
}

#[test]
fn transitions() {
    let table = [
        ("open", "refer", "referred"),
        ("open", "close", "closed"),
        (
            "open",
            "reopen",
            "!case C-000007 is open and cannot be reopened",
        ),
        ("referred", "close", "closed"),
        (
            "referred",
            "refer",
            "!case C-000007 is referred and cannot be referred",
        ),
        (
            "referred",
            "reopen",
            "!case C-000007 is referred and cannot be reopened",
        ),
        ("closed", "reopen", "open"),
        ("referred+closed", "reopen", "open"),
        (
            "closed",
            "refer",
            "!case C-000007 is closed and cannot be referred",
        ),
        (
            "closed",
            "close",
            "!case C-000007 is closed and cannot be closed",
        ),
        ("open", "open", "!case C-000007 is already open"),
        ("open", "link R-3M4NP", "open"),
        (
            "open",
            "link R-7Q2K9",
            "!case C-000007: ring R-7Q2K9 is already linked",
        ),
        ("open", "unlink R-7Q2K9", "open"),
        (
            "open",
            "unlink R-3M4NP",
            "!case C-000007: ring R-3M4NP is not linked",
        ),
        ("referred", "report", "referred"),
        ("open", "assign", "open"),
        (
            "open",
            "assign empty",
            "!case C-000007: `assignee` must not be empty",
        ),
        ("closed", "note", "closed"),
        (
            "closed",
            "link R-3M4NP",
            "!case C-000007 is closed: reopen it before it can be linked to a ring",
        ),
        (
            "closed",
            "assign",
            "!case C-000007 is closed: reopen it before it can be assigned",
        ),
        ("open", "task 2", "open"),
        ("open", "task 1", "!case C-000007: task 1 already exists"),
        ("open", "done 1", "open"),
        ("open", "done 9", "!case C-000007: there is no task 9"),
    ];
    for (from, ev, expect) in table {
        check(from, ev, expect);
    }
}

#[test]
fn replay_rebuilds_the_case_and_round_trips_json() {
    let events = vec![
        event("open"),
        event("link R-3M4NP"),
        event("report"),
        event("assign"),
        event("task 2"),
        event("done 1"),
        event("refer"),
        event("close"),
        event("reopen"),
    ];
    // `done 1` refers to no task in a fresh case: the replay stops there.
    let err = Case::replay(&events).unwrap_err();
    assert_eq!(err.to_string(), "case C-000007: there is no task 1");

    let events: Vec<CaseEvent> = events
        .into_iter()
        .filter(|e| e.name() != "task_done")
        .collect();
    let case = Case::replay(&events).unwrap();
    assert_eq!(case.status.name(), "open");
    assert_eq!(case.agency.as_deref(), Some("CBI"));
    assert_eq!(case.rings, ["R-3M4NP"]);
    assert_eq!(case.reports[0].to_string(), "bank-1:r-9");

    let text = serde_json::to_string(&events).unwrap();
    let back: Vec<CaseEvent> = serde_json::from_str(&text).unwrap();
    assert_eq!(back, events);
    let line = serde_json::to_value(&events[2]).unwrap();
    assert_eq!(line["event"], "report_linked");
    assert_eq!(line["report"], "bank-1:r-9");
    let case_json = serde_json::to_value(&case).unwrap();
    assert_eq!(case_json["status"]["state"], "open");
    let again: Case = serde_json::from_value(case_json).unwrap();
    assert_eq!(again, case);

    assert_eq!(
        Case::replay(&events[1..]).unwrap_err().to_string(),
        "the first event of a case must be `opened`, not `ring_linked`"
    );
    assert!(serde_json::from_str::<CaseEvent>(
        r#"{"event":"opened","id":"C-1","title":"x","at":"2024-01-01T00:00:00Z","by":"a"}"#
    )
    .is_err());
}
