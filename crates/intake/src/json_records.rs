//! JSON Lines (streamed) and JSON documents (an array of records, or records
//! one after another) into records with the line each starts on.

use crate::record::decode_record;
use crate::{Item, Rejected};
use serde_json::Value;
use std::io::BufRead;

/// Streams a JSON Lines file, one record a line; blank lines are skipped.
pub struct JsonLines<'r> {
    reader: Box<dyn BufRead + 'r>,
    line: usize,
    buf: Vec<u8>,
    done: bool,
}

impl<'r> JsonLines<'r> {
    pub fn new(reader: Box<dyn BufRead + 'r>) -> Self {
        JsonLines {
            reader,
            line: 0,
            buf: Vec::new(),
            done: false,
        }
    }
}

impl Iterator for JsonLines<'_> {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            if self.done {
                return None;
            }
            self.buf.clear();
            self.line += 1;
            match self.reader.read_until(b'\n', &mut self.buf) {
                Ok(0) => return None,
                Ok(_) => {}
                Err(e) => {
                    self.done = true;
                    return Some(Err(whole(self.line, format!("could not be read: {e}"), "")));
                }
            }
            let Ok(text) = std::str::from_utf8(&self.buf) else {
                let raw = String::from_utf8_lossy(&self.buf).into_owned();
                return Some(Err(whole(
                    self.line,
                    "is not valid UTF-8".into(),
                    raw.trim_end(),
                )));
            };
            let text = text.trim_end_matches(['\n', '\r']);
            if text.trim().is_empty() {
                continue;
            }
            return Some(match serde_json::from_str::<Value>(text) {
                Ok(v) => decode_record(self.line, v, text),
                Err(e) => Err(whole(self.line, format!("is not valid JSON ({e})"), text)),
            });
        }
    }
}

fn whole(line: usize, message: String, raw: &str) -> Rejected {
    Rejected {
        line,
        field: None,
        message,
        raw: raw.to_string(),
    }
}

/// Reads a whole JSON document: an array of records, or records one after another.
pub fn read_json(mut reader: Box<dyn BufRead + '_>) -> Vec<Item> {
    let mut bytes = Vec::new();
    if let Err(e) = reader.read_to_end(&mut bytes) {
        return vec![Err(whole(1, format!("could not be read: {e}"), ""))];
    }
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return vec![Err(whole(1, "is not valid UTF-8".into(), ""))];
    };
    let first = text.bytes().position(|b| !b.is_ascii_whitespace());
    match first.map(|i| text.as_bytes()[i]) {
        None => Vec::new(),
        Some(b'[') => read_array(text),
        Some(_) => read_sequence(text),
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    1 + text.as_bytes()[..offset]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

fn read_array(text: &str) -> Vec<Item> {
    let values: Vec<Value> = match serde_json::from_str(text) {
        Ok(Value::Array(values)) => values,
        // Only text starting with `[` comes here, so it is an array if it parses.
        Ok(_) => Vec::new(),
        Err(e) => return vec![Err(whole(e.line(), format!("is not valid JSON ({e})"), ""))],
    };
    let starts = element_starts(text);
    values
        .into_iter()
        .zip(starts)
        .map(|(v, (start, end))| {
            let line = line_of(text, start);
            decode_record(line, v, &text[start..end])
        })
        .collect()
}

/// Byte ranges of the elements of the top-level array in valid JSON `text`.
fn element_starts(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    let mut current: Option<usize> = None;
    for (i, &b) in bytes.iter().enumerate() {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => {
                in_string = true;
                if depth == 1 && current.is_none() {
                    current = Some(i);
                }
            }
            b'[' | b'{' => {
                if depth == 1 && current.is_none() {
                    current = Some(i);
                }
                depth += 1;
            }
            b']' | b'}' => {
                depth -= 1;
                if depth == 1 {
                    if let Some(s) = current.take() {
                        out.push((s, i + 1));
                    }
                } else if depth == 0 {
                    if let Some(s) = current.take() {
                        out.push((s, i));
                    }
                }
            }
            b',' if depth == 1 => {
                if let Some(s) = current.take() {
                    out.push((s, i));
                }
            }
            c if depth == 1 && current.is_none() && !c.is_ascii_whitespace() => current = Some(i),
            _ => {}
        }
    }
    out
}

fn read_sequence(text: &str) -> Vec<Item> {
    let mut out = Vec::new();
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<Value>();
    let mut start = 0;
    loop {
        let skip = text[start..]
            .bytes()
            .position(|b| !b.is_ascii_whitespace())
            .unwrap_or(text.len() - start);
        let begin = start + skip;
        match stream.next() {
            None => break,
            Some(Ok(v)) => {
                let end = stream.byte_offset();
                out.push(decode_record(
                    line_of(text, begin),
                    v,
                    text[begin..end].trim(),
                ));
                start = end;
            }
            Some(Err(e)) => {
                out.push(Err(whole(e.line(), format!("is not valid JSON ({e})"), "")));
                break;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_of(items: Vec<Item>) -> Vec<String> {
        items
            .into_iter()
            .map(|i| match i {
                Ok(d) => format!("{} {}", d.line, d.report.key),
                Err(r) => r.to_string(),
            })
            .collect()
    }

    const A: &str = r#"{"id": "a", "partner": "p", "received_at": "2023-10-01T09:00:00Z"}"#;
    const B: &str = r#"{"id": "b,]}", "partner": "p", "received_at": "2023-10-01T09:00:00Z"}"#;

    #[test]
    fn jsonl_lines_are_counted_and_blank_lines_skipped() {
        let text = format!("{A}\n\n{B}\nnot json\n");
        let items: Vec<Item> = JsonLines::new(Box::new(text.as_bytes())).collect();
        let got = lines_of(items);
        assert_eq!(got[0], "1 p:a");
        assert_eq!(got[1], "3 p:b,]}");
        assert!(
            got[2].starts_with("line 4: is not valid JSON"),
            "{}",
            got[2]
        );
    }

    #[test]
    fn arrays_give_each_element_its_line() {
        let text = format!("[\n  {A},\n\n  {B}\n]\n");
        assert_eq!(
            lines_of(read_json(Box::new(text.as_bytes()))),
            ["2 p:a", "4 p:b,]}"]
        );
        let pretty = format!("[{A},\n 7]");
        let got = lines_of(read_json(Box::new(pretty.as_bytes())));
        assert_eq!(got[1], "line 2: expected a JSON object (one report)");
    }

    #[test]
    fn sequences_and_broken_documents() {
        let text = format!("{A}\n{B}");
        assert_eq!(
            lines_of(read_json(Box::new(text.as_bytes()))),
            ["1 p:a", "2 p:b,]}"]
        );
        let broken = format!("[\n{A},\n{{\"id\": \n]");
        let got = lines_of(read_json(Box::new(broken.as_bytes())));
        assert_eq!(got.len(), 1);
        assert!(
            got[0].starts_with("line 4: is not valid JSON"),
            "{}",
            got[0]
        );
    }
}
