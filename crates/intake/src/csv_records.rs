//! CSV rows (the report record's columns) into records.
//!
//! `indicators` is written `kind:value;kind:value`; `loss_amount` and
//! `loss_currency` make `loss`; an empty cell is an absent field; any other
//! column is kept as a string field.

use crate::record::decode_record;
use crate::{Item, Rejected};
use serde_json::{json, Map, Value};
use std::io::BufRead;

pub fn read_csv<'r>(reader: Box<dyn BufRead + 'r>) -> impl Iterator<Item = Item> + 'r {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(reader);
    let headers = rdr.headers().cloned();
    let mut failed = false;
    let mut records = rdr.into_records();
    std::iter::from_fn(move || {
        if failed {
            return None;
        }
        let headers = match &headers {
            Ok(h) => h,
            Err(e) => {
                failed = true;
                return Some(Err(whole(
                    1,
                    format!("has no readable header row ({e})"),
                    "",
                )));
            }
        };
        let row = match records.next()? {
            Ok(row) => row,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                let message = match e.kind() {
                    csv::ErrorKind::UnequalLengths {
                        len, expected_len, ..
                    } => {
                        format!("has {len} fields where the header has {expected_len}")
                    }
                    csv::ErrorKind::Utf8 { .. } => "is not valid UTF-8".to_string(),
                    _ => {
                        // The reader cannot resynchronise after other faults.
                        failed = true;
                        format!("could not be read as CSV ({e})")
                    }
                };
                return Some(Err(whole(line, message, "")));
            }
        };
        let line = row.position().map_or(0, |p| p.line() as usize);
        let raw = raw_row(&row);
        Some(
            row_to_record(headers, &row)
                .map_err(|(field, message)| Rejected {
                    line,
                    field: Some(field),
                    message,
                    raw: raw.clone(),
                })
                .and_then(|record| decode_record(line, Value::Object(record), &raw)),
        )
    })
}

fn whole(line: usize, message: String, raw: &str) -> Rejected {
    Rejected {
        line,
        field: None,
        message,
        raw: raw.to_string(),
    }
}

fn raw_row(row: &csv::StringRecord) -> String {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    let _ = w.write_record(row);
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8_lossy(&bytes).trim_end().to_string()
}

fn row_to_record(
    headers: &csv::StringRecord,
    row: &csv::StringRecord,
) -> Result<Map<String, Value>, (String, String)> {
    let mut record = Map::new();
    let (mut amount, mut currency) = (None, None);
    for (name, cell) in headers.iter().zip(row.iter()) {
        if cell.is_empty() {
            continue;
        }
        match name {
            "indicators" => {
                record.insert(name.into(), parse_indicator_cell(cell)?);
            }
            "loss_amount" => {
                let a: f64 = cell.trim().parse().map_err(|_| {
                    (
                        "loss_amount".to_string(),
                        format!("`{cell}` is not a number"),
                    )
                })?;
                amount = Some(a);
            }
            "loss_currency" => currency = Some(cell.to_string()),
            _ => {
                record.insert(name.into(), Value::String(cell.to_string()));
            }
        }
    }
    match (amount, currency) {
        (None, None) => {}
        (Some(a), Some(c)) => {
            record.insert("loss".into(), json!({"amount": a, "currency": c}));
        }
        (Some(_), None) => {
            return Err((
                "loss_currency".into(),
                "is required with loss_amount".into(),
            ))
        }
        (None, Some(_)) => {
            return Err((
                "loss_amount".into(),
                "is required with loss_currency".into(),
            ))
        }
    }
    Ok(record)
}

fn parse_indicator_cell(cell: &str) -> Result<Value, (String, String)> {
    let items: Result<Vec<Value>, _> = cell
        .split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|item| match item.split_once(':') {
            Some((kind, value)) if !kind.trim().is_empty() && !value.trim().is_empty() => {
                Ok(json!({"kind": kind.trim(), "value": value.trim()}))
            }
            _ => Err((
                "indicators".to_string(),
                format!("`{item}` is not written kind:value"),
            )),
        })
        .collect();
    Ok(Value::Array(items?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expect: &[&str]) {
        let got: Vec<String> = read_csv(Box::new(text.as_bytes()))
            .map(|i| match i {
                Ok(d) => format!("{} {} {}", d.line, d.report.key, Value::Object(d.record)),
                Err(r) => r.to_string(),
            })
            .collect();
        assert_eq!(got, expect);
    }

    #[test]
    fn rows_become_records() {
        check(
            "id,partner,received_at,indicators,loss_amount,loss_currency,case_ref\n\
             r1,bank,2023-10-01T09:00:00Z,phone:+1 844 281 8482;url:https://x.com/a,499.5,usd,C-9\n\
             r2,bank,2023-10-01T09:00:00Z,,,,\n",
            &[
                r#"2 bank:r1 {"id":"r1","partner":"bank","received_at":"2023-10-01T09:00:00Z","indicators":[{"kind":"phone","value":"+1 844 281 8482"},{"kind":"url","value":"https://x.com/a"}],"case_ref":"C-9","loss":{"amount":499.5,"currency":"usd"}}"#,
                r#"3 bank:r2 {"id":"r2","partner":"bank","received_at":"2023-10-01T09:00:00Z"}"#,
            ],
        );
    }

    #[test]
    fn faults_name_line_and_field() {
        check(
            "id,partner,received_at,loss_amount,loss_currency\nr1,bank,2023-10-01T09:00:00Z,lots,EUR\nr2,BANK,2023-10-01T09:00:00Z,,\nr3,bank\n",
            &[
                "line 2, field `loss_amount`: `lots` is not a number",
                "line 3, field `partner`: `BANK` is not a partner slug (a lower-case letter or digit, then up to 63 lower-case letters, digits or dashes)",
                "line 4: has 2 fields where the header has 5",
            ],
        );
    }
}
