//! `ringtrace extract`: indicators in text, or in JSON Lines of texts.

use crate::args::ExtractArgs;
use crate::config;
use anyhow::{bail, Context, Result};
use serde_json::{json, Value};
use std::io::{BufRead, BufWriter, Read, Write};
use std::process::ExitCode;

pub fn run(args: &ExtractArgs) -> Result<ExitCode> {
    let region = config::region(args.region.as_deref())?;
    let region = region.as_ref().map(|r| r.as_str());
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if !args.jsonl {
        let mut text = String::new();
        stdin
            .lock()
            .read_to_string(&mut text)
            .context("standard input is not valid UTF-8 text")?;
        for f in ringtrace_extract::extract(&text, region) {
            let role = f
                .role
                .map(|r| format!("  ({})", r.as_str()))
                .unwrap_or_default();
            writeln!(out, "{}\t{}{role}", f.indicator.kind, f.indicator.value)?;
        }
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    for (n, line) in stdin.lock().lines().enumerate() {
        let line_no = n + 1;
        let line =
            line.with_context(|| format!("standard input line {line_no} is not valid UTF-8"))?;
        if line.trim().is_empty() {
            continue;
        }
        let v: Value = serde_json::from_str(&line)
            .with_context(|| format!("standard input line {line_no} is not valid JSON"))?;
        let Some(text) = v.get("text").and_then(Value::as_str) else {
            bail!("standard input line {line_no}, field `text`: is required and must be a string");
        };
        let line_region = match v.get("region") {
            None | Some(Value::Null) => None,
            Some(Value::String(r)) => Some(ringtrace_model::RegionCode::parse(r).map_err(|e| {
                anyhow::anyhow!("standard input line {line_no}, field `region`: {e}")
            })?),
            Some(_) => bail!("standard input line {line_no}, field `region`: must be a string"),
        };
        let r = line_region.as_ref().map(|r| r.as_str()).or(region);
        let indicators: Vec<Value> = ringtrace_extract::extract(text, r)
            .into_iter()
            .map(|f| {
                json!({
                    "kind": f.indicator.kind.as_str(),
                    "value": f.indicator.value,
                    "start": f.start,
                    "end": f.end,
                    "role": f.role.map(|r| r.as_str()),
                })
            })
            .collect();
        let id = v.get("id").cloned().unwrap_or(Value::Null);
        writeln!(out, "{}", json!({"id": id, "indicators": indicators}))?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
