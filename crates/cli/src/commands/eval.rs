//! `ringtrace eval`: rings scored against ground truth, beside naive
//! connected components over every value.

use crate::args::EvalArgs;
use crate::config::open_store;
use anyhow::{bail, Context, Result};
use ringtrace_link::connected_components;
use ringtrace_link::eval::{score, Prf, Scores};
use ringtrace_store::Store;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::io::BufRead;
use std::path::Path;
use std::process::ExitCode;

pub fn run(db: &str, args: &EvalArgs) -> Result<ExitCode> {
    let truth = read_truth(&args.truth)?;
    let store = open_store(db)?;
    let predicted = match &args.rings {
        Some(path) => read_rings(path)?,
        None => store
            .report_rings()?
            .into_iter()
            .map(|(_, key, ring)| (key, ring))
            .collect(),
    };
    let report = Evaluation {
        ringtrace: score(&truth, &predicted),
        baselines: baselines(store.as_ref(), &truth)?,
    };
    if args.json {
        println!("{}", report.to_json());
    } else {
        print!("{}", report.table());
    }
    Ok(ExitCode::SUCCESS)
}

/// The scores of one run of `eval`.
pub struct Evaluation {
    pub ringtrace: Scores,
    /// Simpler linkings of the same database, by name, for comparison.
    pub baselines: Vec<(&'static str, Scores)>,
}

fn prf(p: &Prf) -> Value {
    json!({"precision": p.precision, "recall": p.recall, "f1": p.f1})
}

fn scores(s: &Scores) -> Value {
    json!({"bcubed": prf(&s.bcubed), "pairwise": prf(&s.pairwise), "ari": s.ari})
}

impl Evaluation {
    pub fn to_json(&self) -> Value {
        let mut out = json!({
            "reports": self.ringtrace.items,
            "ringtrace": scores(&self.ringtrace),
        });
        for (name, s) in &self.baselines {
            out[*name] = scores(s);
        }
        out
    }

    pub fn table(&self) -> String {
        let mut s = format!(
            "{} reports scored against ground truth\n{:<32} {:>8} {:>8} {:>8}   {:>8} {:>8} {:>8}   {:>6}\n",
            self.ringtrace.items, "", "B3 prec", "B3 rec", "B3 F1", "pair P", "pair R", "pair F1", "ARI"
        );
        let row = |name: &str, x: &Scores| {
            format!(
                "{:<32} {:>8.3} {:>8.3} {:>8.3}   {:>8.3} {:>8.3} {:>8.3}   {:>6.3}\n",
                name,
                x.bcubed.precision,
                x.bcubed.recall,
                x.bcubed.f1,
                x.pairwise.precision,
                x.pairwise.recall,
                x.pairwise.f1,
                x.ari
            )
        };
        s.push_str(&row("ringtrace rings", &self.ringtrace));
        for (name, b) in &self.baselines {
            let label = match *name {
                NAIVE => "naive components (all values)",
                WITH_WARNINGS => "components, warning list+roles",
                other => other,
            };
            s.push_str(&row(label, b));
        }
        s
    }
}

/// Baseline names, as they appear in `--json`.
pub const NAIVE: &str = "naive_components";
pub const WITH_WARNINGS: &str = "components_with_warning_list";

/// Connected components over every value whatever its role or the warning
/// list say (naive), and over linkable values only; none when the database
/// holds no reports.
pub fn baselines(
    store: &dyn Store,
    truth: &HashMap<String, String>,
) -> Result<Vec<(&'static str, Scores)>> {
    let keys: HashMap<i64, String> = store
        .report_rings()?
        .into_iter()
        .map(|(pk, key, _)| (pk, key))
        .collect();
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    let input = store.link_input()?;
    let warnings = ringtrace_ingest::effective_warnings(&store.warninglist()?);
    let by_key = |labels: Vec<u32>| -> HashMap<String, String> {
        input
            .report_pks
            .iter()
            .zip(labels)
            .filter_map(|(pk, label)| keys.get(pk).map(|k| (k.clone(), label.to_string())))
            .collect()
    };
    let naive = by_key(connected_components(
        input.graph.reports,
        &input.graph.all_pairs(),
    ));
    let linked = by_key(connected_components(
        input.graph.reports,
        &input.graph.linking_pairs(&warnings),
    ));
    Ok(vec![
        (NAIVE, score(truth, &naive)),
        (WITH_WARNINGS, score(truth, &linked)),
    ])
}

pub fn read_truth(path: &Path) -> Result<HashMap<String, String>> {
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut truth = HashMap::new();
    for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.with_context(|| format!("reading {}", path.display()))?;
        if line.trim().is_empty() {
            continue;
        }
        let where_ = || format!("{} line {}", path.display(), n + 1);
        let v: Value =
            serde_json::from_str(&line).with_context(|| format!("{}: not valid JSON", where_()))?;
        let (Some(report), Some(cluster)) = (v["report"].as_str(), v.get("cluster")) else {
            bail!("{}, field `report`/`cluster`: both are required", where_());
        };
        let cluster = match cluster {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        truth.insert(report.to_string(), cluster);
    }
    Ok(truth)
}

fn read_rings(path: &Path) -> Result<HashMap<String, String>> {
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut out = HashMap::new();
    for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.with_context(|| format!("reading {}", path.display()))?;
        if line.trim().is_empty() {
            continue;
        }
        let where_ = || format!("{} line {}", path.display(), n + 1);
        let v: Value =
            serde_json::from_str(&line).with_context(|| format!("{}: not valid JSON", where_()))?;
        let (Some(ring), Some(reports)) = (v["ring"].as_str(), v["reports"].as_array()) else {
            bail!(
                "{}, field `ring`/`reports`: a ring record needs both",
                where_()
            );
        };
        for r in reports {
            let Some(r) = r.as_str() else {
                bail!("{}, field `reports`: must hold strings", where_());
            };
            out.insert(r.to_string(), ring.to_string());
        }
    }
    Ok(out)
}
