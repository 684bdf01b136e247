//! `ringtrace extract`: indicators in text, or in JSON Lines of texts.

use crate::args::ExtractArgs;
use crate::config;
use anyhow::{bail, Context, Result};
use ringtrace_extract::BATCH;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
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
    // Read in large blocks: the lock's own buffer is 8 KiB, a system call each.
    let mut input = std::io::BufReader::with_capacity(1 << 16, stdin.lock());
    // Lines are read and extracted a batch at a time (`extract_many`); a
    // bad line still ends the command only after every line before it is
    // written, as if they were read one by one.
    let mut lines: Vec<(usize, String)> = Vec::with_capacity(BATCH);
    let mut buf: Vec<u8> = Vec::with_capacity(1 << 12);
    let mut line_no = 0;
    loop {
        let mut failure = None;
        let mut ended = false;
        let mut n = 0;
        while n < BATCH {
            if lines.len() == n {
                lines.push((0, String::new()));
            }
            let (no, line) = &mut lines[n];
            line.clear();
            line_no += 1;
            *no = line_no;
            match input.read_line(line) {
                Ok(0) => {
                    ended = true;
                    break;
                }
                Ok(_) if line.trim().is_empty() => {}
                Ok(_) => n += 1,
                Err(e) => {
                    failure = Some(
                        anyhow::Error::new(e)
                            .context(format!("standard input line {line_no} is not valid UTF-8")),
                    );
                    break;
                }
            }
        }
        let mut items = Vec::with_capacity(n);
        for (no, line) in &lines[..n] {
            match Item::parse(line, &format_args!("standard input line {no}")) {
                Ok(item) => items.push(item),
                Err(e) => {
                    failure = Some(e);
                    break;
                }
            }
        }
        let texts: Vec<(&str, Option<&str>)> = items
            .iter()
            .map(|item| {
                let r = item.region.as_ref().map(|r| r.as_str()).or(region);
                (item.text.as_ref(), r)
            })
            .collect();
        for (item, found) in items.iter().zip(ringtrace_extract::extract_many(&texts)) {
            buf.clear();
            write_line(&mut buf, &item.id, &found)?;
            out.write_all(&buf)?;
        }
        if let Some(e) = failure {
            out.flush()?;
            return Err(e);
        }
        if ended {
            break;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// One input line, checked: its id, its text and its own region if it has one.
pub(crate) struct Item<'a> {
    pub id: Value,
    pub text: Cow<'a, str>,
    pub region: Option<ringtrace_model::RegionCode>,
}

impl<'a> Item<'a> {
    /// `line` read; errors start with `place` (`standard input line 7`).
    pub(crate) fn parse(line: &'a str, place: &dyn std::fmt::Display) -> Result<Item<'a>> {
        let rec: Record<'_> =
            serde_json::from_str(line).with_context(|| format!("{place} is not valid JSON"))?;
        let Field::Str(text) = rec.text else {
            bail!("{place}, field `text`: is required and must be a string");
        };
        let region = match &rec.region {
            Field::Absent => None,
            Field::Str(r) => Some(
                ringtrace_model::RegionCode::parse(r)
                    .map_err(|e| anyhow::anyhow!("{place}, field `region`: {e}"))?,
            ),
            Field::Other => bail!("{place}, field `region`: must be a string"),
        };
        Ok(Item {
            id: rec.id.unwrap_or(Value::Null),
            text,
            region,
        })
    }
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

/// One output line, `{"id":…,"indicators":[{"kind","value","start","end","role"},…]}`
/// and a line break, written as `serde_json` writes it (compact, the same
/// escapes) but by hand: kinds, roles and keys never need escaping, and a
/// value only rarely, so most of the line is copied rather than escaped byte
/// by byte (which was a tenth of the whole command's time).
fn write_line(
    buf: &mut Vec<u8>,
    id: &Value,
    found: &[ringtrace_extract::Found],
) -> serde_json::Result<()> {
    buf.extend_from_slice(b"{\"id\":");
    serde_json::to_writer(&mut *buf, id)?;
    buf.extend_from_slice(b",\"indicators\":[");
    for (k, f) in found.iter().enumerate() {
        if k > 0 {
            buf.push(b',');
        }
        buf.extend_from_slice(b"{\"kind\":\"");
        buf.extend_from_slice(f.indicator.kind.as_str().as_bytes());
        buf.extend_from_slice(b"\",\"value\":");
        let value = f.indicator.value.as_bytes();
        if value.iter().all(|&c| c >= 0x20 && c != b'"' && c != b'\\') {
            buf.push(b'"');
            buf.extend_from_slice(value);
            buf.push(b'"');
        } else {
            serde_json::to_writer(&mut *buf, &f.indicator.value)?;
        }
        buf.extend_from_slice(b",\"start\":");
        buf.extend_from_slice(itoa::Buffer::new().format(f.start).as_bytes());
        buf.extend_from_slice(b",\"end\":");
        buf.extend_from_slice(itoa::Buffer::new().format(f.end).as_bytes());
        buf.extend_from_slice(b",\"role\":");
        match f.role {
            Some(r) => {
                buf.push(b'"');
                buf.extend_from_slice(r.as_str().as_bytes());
                buf.push(b'"');
            }
            None => buf.extend_from_slice(b"null"),
        }
        buf.push(b'}');
    }
    buf.extend_from_slice(b"]}\n");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ringtrace_extract::{Found, Indicator, Kind, Role};
    use serde::Serialize;

    /// The line as `serde_json` writes it from the derived form it replaced.
    #[derive(Serialize)]
    struct OutLine<'a> {
        id: &'a Value,
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

    #[test]
    fn lines_are_written_as_serde_json_writes_them() {
        let values = [
            "+33970123456",
            "https://a.example/?q=\"x\"",
            "back\\slash",
            "line\nbreak\ttab\u{1}",
            "café.fr",
            "",
        ];
        let ids = [
            Value::Null,
            Value::from("en-0001"),
            Value::from(42),
            serde_json::json!({"a": [1, "b\"c"]}),
        ];
        let roles = [None, Some(Role::VictimOwn), Some(Role::PaymentDestination)];
        for id in &ids {
            for n in 0..8 {
                let found: Vec<Found> = (0..n)
                    .map(|k| Found {
                        indicator: Indicator::new(Kind::Url, values[k % values.len()].to_string()),
                        start: k * 1000,
                        end: k * 1000 + 17,
                        role: roles[k % roles.len()],
                    })
                    .collect();
                let mut got = Vec::new();
                write_line(&mut got, id, &found).unwrap();
                let want = OutLine {
                    id,
                    indicators: found
                        .iter()
                        .map(|f| OutIndicator {
                            kind: f.indicator.kind.as_str(),
                            value: &f.indicator.value,
                            start: f.start,
                            end: f.end,
                            role: f.role.map(|r| r.as_str()),
                        })
                        .collect(),
                };
                let mut want = serde_json::to_vec(&want).unwrap();
                want.push(b'\n');
                assert_eq!(
                    String::from_utf8(got).unwrap(),
                    String::from_utf8(want).unwrap()
                );
            }
        }
    }
}
