//! The labelled corpus (`corpus/*.jsonl`, English, French, Hinglish): every
//! case is extracted and scored per kind; the test fails if the precision or
//! recall of any kind, or the role accuracy, falls below its floor in
//! `corpus/floors.tsv`.
//!
//! `RINGTRACE_UPDATE_FLOORS=1 cargo test -p ringtrace-extract --test corpus`
//! rewrites the floors with the figures measured (do it only when they rise).

use ringtrace_extract::extract;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;

fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

#[derive(Default, Clone, Copy)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Counts {
    fn precision(self) -> f64 {
        if self.tp + self.fp == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fp) as f64
        }
    }
    fn recall(self) -> f64 {
        if self.tp + self.fn_ == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fn_) as f64
        }
    }
    fn f1(self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

struct Case {
    id: String,
    region: Option<String>,
    text: String,
    expect: Vec<(String, String, Option<String>)>,
}

fn load() -> Vec<Case> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .expect("corpus directory")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    files.sort();
    let mut cases = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).expect("corpus file");
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let v: Value = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("{}:{}: {e}", f.display(), n + 1));
            let s = |k: &str| v[k].as_str().map(str::to_string);
            let expect = v["expect"]
                .as_array()
                .expect("expect array")
                .iter()
                .map(|e| {
                    (
                        e["kind"].as_str().expect("kind").to_string(),
                        e["value"].as_str().expect("value").to_string(),
                        e["role"].as_str().map(str::to_string),
                    )
                })
                .collect();
            cases.push(Case {
                id: s("id").expect("id"),
                region: s("region"),
                text: s("text").expect("text"),
                expect,
            });
        }
    }
    cases
}

/// Per-kind counts, role (right, labelled), and the mistakes for the report.
fn score(cases: &[Case]) -> (BTreeMap<String, Counts>, (usize, usize), Vec<String>) {
    let mut per: BTreeMap<String, Counts> = BTreeMap::new();
    let mut roles = (0, 0);
    let mut mistakes = Vec::new();
    for c in cases {
        let found = extract(&c.text, c.region.as_deref());
        let mut got: Vec<(String, String, Option<String>, &str)> = found
            .iter()
            .map(|f| {
                (
                    f.indicator.kind.to_string(),
                    f.indicator.value.clone(),
                    f.role.map(|r| r.as_str().to_string()),
                    &c.text[f.start..f.end],
                )
            })
            .collect();
        for (kind, value, role) in &c.expect {
            let entry = per.entry(kind.clone()).or_default();
            match got.iter().position(|g| &g.0 == kind && &g.1 == value) {
                Some(i) => {
                    entry.tp += 1;
                    let g = got.remove(i);
                    if let Some(want) = role {
                        roles.1 += 1;
                        if g.2.as_ref() == Some(want) {
                            roles.0 += 1;
                        } else {
                            mistakes.push(format!(
                                "{}: role of {kind}:{value} is {:?}, want {want}",
                                c.id, g.2
                            ));
                        }
                    }
                }
                None => {
                    entry.fn_ += 1;
                    mistakes.push(format!("{}: missed {kind}:{value}", c.id));
                }
            }
        }
        for (kind, value, _, raw) in got {
            per.entry(kind.clone()).or_default().fp += 1;
            mistakes.push(format!("{}: false {kind}:{value} from {raw:?}", c.id));
        }
    }
    (per, roles, mistakes)
}

fn read_floors() -> BTreeMap<String, (f64, f64)> {
    let text = std::fs::read_to_string(corpus_dir().join("floors.tsv")).expect("floors.tsv");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert!(f.len() == 3, "floors.tsv: bad line {l:?}");
            let n = |s: &str| s.trim().parse::<f64>().expect("number in floors.tsv");
            (f[0].to_string(), (n(f[1]), n(f[2])))
        })
        .collect()
}

#[test]
fn corpus_is_large_and_covers_three_languages() {
    let cases = load();
    assert!(cases.len() >= 600, "only {} cases", cases.len());
    for lang in ["en-", "fr-", "hi-"] {
        assert!(
            cases.iter().filter(|c| c.id.starts_with(lang)).count() >= 100,
            "fewer than 100 {lang} cases"
        );
    }
}

#[test]
fn corpus_precision_and_recall_per_kind_hold_their_floors() {
    let cases = load();
    let (per, roles, mistakes) = score(&cases);
    let mut total = Counts::default();
    let mut table = String::from("# kind\tprecision\trecall\n");
    let mut report = String::new();
    for (kind, c) in &per {
        total.tp += c.tp;
        total.fp += c.fp;
        total.fn_ += c.fn_;
        table.push_str(&format!(
            "{kind}\t{:.4}\t{:.4}\n",
            c.precision(),
            c.recall()
        ));
        report.push_str(&format!(
            "{kind:14} P {:.4} R {:.4} F1 {:.4}  (tp {} fp {} fn {})\n",
            c.precision(),
            c.recall(),
            c.f1(),
            c.tp,
            c.fp,
            c.fn_
        ));
    }
    let role_acc = if roles.1 == 0 {
        1.0
    } else {
        roles.0 as f64 / roles.1 as f64
    };
    table.push_str(&format!(
        "micro\t{:.4}\t{:.4}\n",
        total.precision(),
        total.recall()
    ));
    table.push_str(&format!("role\t{role_acc:.4}\t{role_acc:.4}\n"));
    report.push_str(&format!(
        "micro          P {:.4} R {:.4} F1 {:.4}\nroles          {}/{} right ({role_acc:.4})\n",
        total.precision(),
        total.recall(),
        total.f1(),
        roles.0,
        roles.1
    ));
    println!("{report}");
    println!("mistakes:\n{}", mistakes.join("\n"));

    if std::env::var_os("RINGTRACE_UPDATE_FLOORS").is_some() {
        let head = "# Floors of the corpus test (kind, precision, recall): measured figures, rewritten\n# with RINGTRACE_UPDATE_FLOORS=1 only when they rise. `micro` is over all kinds; `role`\n# is the accuracy of labelled roles (same figure twice).\n";
        std::fs::write(corpus_dir().join("floors.tsv"), format!("{head}{table}"))
            .expect("write floors.tsv");
        return;
    }
    let floors = read_floors();
    let mut measured: BTreeMap<String, (f64, f64)> = per
        .iter()
        .map(|(k, c)| (k.clone(), (c.precision(), c.recall())))
        .collect();
    measured.insert("micro".into(), (total.precision(), total.recall()));
    measured.insert("role".into(), (role_acc, role_acc));
    let mut regressions = Vec::new();
    for (kind, (fp, fr)) in &floors {
        let Some((p, r)) = measured.get(kind) else {
            regressions.push(format!("{kind}: no longer in the corpus"));
            continue;
        };
        // Figures are stored to 4 decimals.
        if *p + 5e-5 < *fp {
            regressions.push(format!("{kind}: precision {p:.4} < floor {fp:.4}"));
        }
        if *r + 5e-5 < *fr {
            regressions.push(format!("{kind}: recall {r:.4} < floor {fr:.4}"));
        }
    }
    for kind in measured.keys() {
        if !floors.contains_key(kind) {
            regressions.push(format!("{kind}: measured but has no floor in floors.tsv"));
        }
    }
    assert!(
        regressions.is_empty(),
        "regressions against corpus/floors.tsv:\n{}\n\n{report}\nmistakes:\n{}",
        regressions.join("\n"),
        mistakes.join("\n")
    );
}

/// `extract_many` gives each text what `extract` gives it alone, whatever
/// batch it is in and wherever in the batch (batches of 1, 7 and 64, and the
/// whole corpus at once).
#[test]
fn extract_many_gives_each_text_what_extract_gives_it() {
    let cases = load();
    let texts: Vec<(&str, Option<&str>)> = cases
        .iter()
        .map(|c| (c.text.as_str(), c.region.as_deref()))
        .collect();
    let alone: Vec<_> = texts
        .iter()
        .map(|(t, r)| ringtrace_extract::extract(t, *r))
        .collect();
    for size in [1, 7, 64, texts.len()] {
        let batched: Vec<_> = texts
            .chunks(size)
            .flat_map(ringtrace_extract::extract_many)
            .collect();
        assert_eq!(batched.len(), alone.len());
        for ((a, b), c) in alone.iter().zip(&batched).zip(&cases) {
            assert_eq!(a, b, "case {} in batches of {size}", c.id);
        }
    }
    assert!(alone.iter().map(Vec::len).sum::<usize>() > 1500);
}
