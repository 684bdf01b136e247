//! `ringtrace extract`: indicators in text, or in JSON Lines of texts.

use crate::args::ExtractArgs;
use crate::config;
use anyhow::{bail, Context, Result};
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::borrow::Cow;
use std::io::{BufRead, BufWriter, Read, Write};
use std::process::ExitCode;

pub fn run(args: &ExtractArgs) -> Result<ExitCode> {
    let region = config::region(args.region.as_deref())?;
    let region = region.as_ref().map(|r| r.as_str());
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
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
    let mut input = stdin.lock();
    let mut line = String::new();
    let mut line_no = 0;
    loop {
        line.clear();
        line_no += 1;
        let n = input
            .read_line(&mut line)
            .with_context(|| format!("standard input line {line_no} is not valid UTF-8"))?;
        if n == 0 {
            break;
        }
        if line.trim().is_empty() {
            continue;
        }
        let rec: Record<'_> = serde_json::from_str(&line)
            .with_context(|| format!("standard input line {line_no} is not valid JSON"))?;
        let Field::Str(text) = &rec.text else {
            bail!("standard input line {line_no}, field `text`: is required and must be a string");
        };
        let line_region = match &rec.region {
            Field::Absent => None,
            Field::Str(r) => Some(ringtrace_model::RegionCode::parse(r).map_err(|e| {
                anyhow::anyhow!("standard input line {line_no}, field `region`: {e}")
            })?),
            Field::Other => {
                bail!("standard input line {line_no}, field `region`: must be a string")
            }
        };
        let r = line_region.as_ref().map(|r| r.as_str()).or(region);
        let found = ringtrace_extract::extract(text, r);
        let indicators: Vec<OutIndicator<'_>> = found
            .iter()
            .map(|f| OutIndicator {
                kind: f.indicator.kind.as_str(),
                value: &f.indicator.value,
                start: f.start,
                end: f.end,
                role: f.role.map(|r| r.as_str()),
            })
            .collect();
        let id = rec.id.unwrap_or(Value::Null);
        serde_json::to_writer(&mut out, &OutLine { id, indicators })?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// One input line: the text borrowed from the line where it has no escapes.
#[derive(Deserialize)]
struct Record<'a> {
    #[serde(default)]
    id: Option<Value>,
    #[serde(default, borrow)]
    text: Field<'a>,
    #[serde(default, borrow)]
    region: Field<'a>,
}

/// A field that must be a string when present: absent (or null), a string,
/// or some other JSON value (an error, named by the caller).
#[derive(Default)]
enum Field<'a> {
    #[default]
    Absent,
    Str(Cow<'a, str>),
    Other,
}

impl<'de: 'a, 'a> Deserialize<'de> for Field<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(FieldVisitor)
    }
}

struct FieldVisitor;

impl<'de> Visitor<'de> for FieldVisitor {
    type Value = Field<'de>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Field::Str(Cow::Borrowed(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Field::Str(Cow::Owned(v.to_string())))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Field::Str(Cow::Owned(v)))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Field::Absent)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Field::Absent)
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Field::Other)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(Field::Other)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(Field::Other)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(Field::Other)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Self::Value, A::Error> {
        while a.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Field::Other)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Self::Value, A::Error> {
        while a.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Field::Other)
    }
}

#[derive(Serialize)]
struct OutLine<'a> {
    id: Value,
    indicators: Vec<OutIndicator<'a>>,
}

#[derive(Serialize)]
struct OutIndicator<'a> {
    kind: &'static str,
    value: &'a str,
    start: usize,
    end: usize,
    role: Option<&'static str>,
}
