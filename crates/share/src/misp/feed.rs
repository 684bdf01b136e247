//! A MISP feed: `manifest.json`, one `<uuid>.json` event per ring, and
//! `hashes.csv` (one line `md5(value),event-uuid` per attribute, objects'
//! attributes included, as PyMISP's `feed_meta_generator` and MISP's own
//! feed generator write it).
//!
//! Reports in no ring are left out (every stored report has a ring once
//! linked, a lone one its own; one without is waiting for a relink) and
//! counted in [`Feed::unringed`].

use super::event::{ring_event, EventSummary};
use crate::{SharedReport, SharedRing};
use md5::{Digest, Md5};
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::fmt::Write;

/// Who the feed says made the events.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeedOptions {
    /// The `Orgc` name (its uuid is a UUIDv5 of it).
    pub org: String,
}

impl Default for FeedOptions {
    fn default() -> Self {
        FeedOptions {
            org: "ringtrace".into(),
        }
    }
}

/// One event file of the feed.
#[derive(Clone, Debug, PartialEq)]
pub struct FeedEvent {
    pub ring: String,
    /// `{"Event": {…}}`, written to `<uuid>.json`.
    pub event: Value,
    pub summary: EventSummary,
}

/// A whole feed, ready to write.
#[derive(Clone, Debug, PartialEq)]
pub struct Feed {
    /// `manifest.json`: event uuid → the event's summary fields.
    pub manifest: Value,
    pub events: Vec<FeedEvent>,
    /// `hashes.csv`.
    pub hashes_csv: String,
    /// Reports left out because they are in no ring.
    pub unringed: usize,
}

/// The feed of `rings`, made of `reports` (those of each ring that the
/// export holds), in the order of `rings`.
pub fn feed(reports: &[SharedReport], rings: &[SharedRing], opts: &FeedOptions) -> Feed {
    let mut by_ring: HashMap<&str, Vec<&SharedReport>> = HashMap::new();
    let mut unringed = 0;
    for r in reports {
        match &r.ring {
            Some(id) => by_ring.entry(id.as_str()).or_default().push(r),
            None => unringed += 1,
        }
    }
    let mut manifest = Map::new();
    let mut events = Vec::with_capacity(rings.len());
    let mut hashes_csv = String::new();
    for ring in rings {
        let members = by_ring.remove(ring.id.as_str()).unwrap_or_default();
        let (event, summary) = ring_event(ring, &members, opts);
        let e = &event["Event"];
        let mut entry = Map::new();
        for key in [
            "Orgc",
            "Tag",
            "info",
            "date",
            "analysis",
            "threat_level_id",
            "timestamp",
            "publish_timestamp",
        ] {
            entry.insert(key.into(), e[key].clone());
        }
        manifest.insert(summary.uuid.clone(), Value::Object(entry));
        for value in attribute_values(&event) {
            let _ = writeln!(hashes_csv, "{},{}", md5_hex(value), summary.uuid);
        }
        events.push(FeedEvent {
            ring: ring.id.clone(),
            event,
            summary,
        });
    }
    Feed {
        manifest: Value::Object(manifest),
        events,
        hashes_csv,
        unringed,
    }
}

/// Every attribute value of an event, its objects' included, in order.
pub(crate) fn attribute_values(event: &Value) -> Vec<&str> {
    let e = &event["Event"];
    let plain = e["Attribute"].as_array().into_iter().flatten();
    let inner = e["Object"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|o| o["Attribute"].as_array().into_iter().flatten());
    plain
        .chain(inner)
        .filter_map(|a| a["value"].as_str())
        .collect()
}

/// The MD5 of a value's UTF-8 bytes, in lower-case hex (as `hashes.csv` has it).
pub fn md5_hex(value: &str) -> String {
    let digest = Md5::digest(value.as_bytes());
    let mut out = String::with_capacity(32);
    for b in digest.iter() {
        let _ = write!(out, "{b:02x}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn md5_matches_known_digests() {
        assert_eq!(md5_hex(""), "d41d8cd98f00b204e9800998ecf8427e");
        assert_eq!(
            md5_hex("The quick brown fox jumps over the lazy dog"),
            "9e107d9d372bb6826bd81d3542a419d6"
        );
    }
}
