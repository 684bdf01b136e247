//! STIX 2.1 bundles in (from OpenCTI, MISP's STIX export or another
//! ringtrace) as report records of the spec's section 1, ready for intake.
//!
//! - Each `report` (or MISP's `grouping`, an unpublished event) becomes one
//!   record: `id`/`partner` from ringtrace's extension when it has one, else
//!   the STIX id and the partner given by the caller, else the creator
//!   identity's name as a slug. `received_at` from `published`, else
//!   `created`; the narrative from `description`.
//! - Its indicators come from the SCOs it refers to (directly or through
//!   `observed-data`) and from the patterns of the `indicator`s it refers to
//!   (a single comparison `[type:property = '…']`; anything else is listed
//!   in `ignored` with the reason). Values are canonicalised here; one that
//!   is not valid for its kind is ignored with the reason.
//! - Its TLP is the most restrictive of its own marking (TLP 2.0 or 1.0; no
//!   marking is AMBER) and those of the objects it took indicators from.
//! - An `indicator` or `observed-data` no report refers to becomes a report
//!   of its own (id its STIX id, received at its `valid_from`/`first_observed`);
//!   a lone SCO has no time and is ignored.
//! - A revoked report is not imported; its key is returned in `withdrawn`.
//! - ringtrace's own mentions whose role is `victim_own` or
//!   `legitimate_reference` cannot be given in a record without their role,
//!   so they are not given: the narrative, when shared, brings them back
//!   with their role through extraction. Mentions the narrative gives again
//!   (same value, same role) are not given twice.

use super::extensions::RINGTRACE_EXTENSION;
use super::ids::record_time;
use super::observables::{match_kind, read_sco};
use super::tlp::{tlp_with, Markings};
use ringtrace_model::{Indicator, Kind, PartnerSlug, ReportId, Role, Tlp};
use serde_json::{json, Map, Value};
use std::collections::{HashMap, HashSet};

/// The largest narrative a record may have.
const MAX_NARRATIVE_BYTES: usize = 64 * 1024;

/// How bundles are read.
#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    /// The partner reports are credited to when they do not name a
    /// ringtrace partner (before the creator identity's name).
    pub partner: Option<String>,
}

/// What a bundle holds for ringtrace.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Imported {
    /// Report records (spec section 1), in bundle order.
    pub reports: Vec<Map<String, Value>>,
    /// Keys (`partner:id`) of reports the bundle revokes.
    pub withdrawn: Vec<String>,
    /// Objects or values not taken: (STIX id, reason).
    pub ignored: Vec<(String, String)>,
}

/// Why a bundle cannot be imported: the object (index in `objects` and
/// id) and field at fault.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct StixError {
    pub index: Option<usize>,
    pub id: Option<String>,
    pub field: Option<String>,
    pub message: String,
}

impl std::fmt::Display for StixError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.index, &self.id) {
            (Some(i), Some(id)) => write!(f, "object {i} ({id})")?,
            (Some(i), None) => write!(f, "object {i}")?,
            (None, _) => write!(f, "bundle")?,
        }
        if let Some(field) = &self.field {
            write!(f, ", field `{field}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

fn bundle_error(field: Option<&str>, message: impl Into<String>) -> StixError {
    StixError {
        index: None,
        id: None,
        field: field.map(String::from),
        message: message.into(),
    }
}

/// One object of the bundle with its position.
#[derive(Clone, Copy)]
struct Obj<'a> {
    index: usize,
    id: &'a str,
    kind: &'a str,
    value: &'a Value,
}

impl Obj<'_> {
    fn error(&self, field: &str, message: impl Into<String>) -> StixError {
        StixError {
            index: Some(self.index),
            id: Some(self.id.to_string()),
            field: Some(field.to_string()),
            message: message.into(),
        }
    }

    fn str(&self, field: &str) -> Option<&str> {
        self.value.get(field).and_then(Value::as_str)
    }
}

/// Reads a bundle.
pub fn import_bundle(bundle: &Value, opts: &ImportOptions) -> Result<Imported, StixError> {
    let Value::Object(b) = bundle else {
        return Err(bundle_error(
            None,
            "not a JSON object (a STIX bundle is one)",
        ));
    };
    if b.get("type").and_then(Value::as_str) != Some("bundle") {
        return Err(bundle_error(
            Some("type"),
            "not a STIX bundle (`type` must be `bundle`)",
        ));
    }
    let objects: &[Value] = match b.get("objects") {
        None | Some(Value::Null) => &[],
        Some(Value::Array(a)) => a,
        Some(_) => {
            return Err(bundle_error(
                Some("objects"),
                "expected an array of objects",
            ))
        }
    };
    if let Some(p) = &opts.partner {
        PartnerSlug::parse(p).map_err(|e| bundle_error(Some("partner"), e.0))?;
    }

    // Every object by id; of several versions, the latest `modified`.
    let mut by_id: HashMap<&str, Obj> = HashMap::new();
    let mut order: Vec<Obj> = Vec::new();
    for (index, v) in objects.iter().enumerate() {
        let at = |field: &str, m: &str| StixError {
            index: Some(index),
            id: v.get("id").and_then(Value::as_str).map(String::from),
            field: Some(field.to_string()),
            message: m.to_string(),
        };
        if !v.is_object() {
            return Err(StixError {
                index: Some(index),
                id: None,
                field: None,
                message: "not a JSON object".into(),
            });
        }
        let kind = v
            .get("type")
            .and_then(Value::as_str)
            .ok_or_else(|| at("type", "is required (a string)"))?;
        let id = v
            .get("id")
            .and_then(Value::as_str)
            .ok_or_else(|| at("id", "is required (a string)"))?;
        if !id.starts_with(&format!("{kind}--")) {
            return Err(at(
                "id",
                &format!("`{id}` is not an identifier of a `{kind}`"),
            ));
        }
        let o = Obj {
            index,
            id,
            kind,
            value: v,
        };
        let newer = match by_id.get(id) {
            None => true,
            Some(old) => o.str("modified").unwrap_or("") >= old.str("modified").unwrap_or(""),
        };
        if newer {
            by_id.insert(id, o);
        }
        order.push(o);
    }
    let markings = Markings::of_bundle(objects);
    let mut r = Reader {
        by_id: &by_id,
        markings: &markings,
        opts,
        out: Imported::default(),
        reached: HashSet::new(),
        ignored_ids: HashSet::new(),
    };

    let mut seen: HashSet<&str> = HashSet::new();
    for o in &order {
        if !matches!(o.kind, "report" | "grouping") || !seen.insert(o.id) {
            continue;
        }
        let latest = by_id[o.id];
        r.container(&latest)?;
    }
    // Indicators and observations that no report took: one report each;
    // then observables that nothing took.
    for o in &order {
        if !matches!(o.kind, "indicator" | "observed-data")
            || r.reached.contains(o.id)
            || !seen.insert(o.id)
        {
            continue;
        }
        let latest = by_id[o.id];
        r.lone(&latest)?;
    }
    for o in &order {
        if is_observable(o.kind) && !r.reached.contains(o.id) && seen.insert(o.id) {
            r.ignore(
                o.id,
                "an observable that no report or indicator refers to has no time to be received at",
            );
        }
    }
    Ok(r.out)
}

struct Reader<'b, 'a> {
    by_id: &'b HashMap<&'a str, Obj<'a>>,
    markings: &'b Markings,
    opts: &'b ImportOptions,
    out: Imported,
    /// Objects taken into some report.
    reached: HashSet<&'a str>,
    ignored_ids: HashSet<(String, String)>,
}

/// One indicator a report may give, with the role ringtrace's extension
/// gives it.
struct Taken {
    indicator: Indicator,
    role: Option<Role>,
}

impl<'a> Reader<'_, 'a> {
    fn ignore(&mut self, id: &str, why: impl Into<String>) {
        let entry = (id.to_string(), why.into());
        if self.ignored_ids.insert(entry.clone()) {
            self.out.ignored.push(entry);
        }
    }

    /// The partner of an object without ringtrace's extension.
    fn partner_of(&self, o: &Obj) -> Result<String, StixError> {
        if let Some(p) = &self.opts.partner {
            return Ok(p.clone());
        }
        let creator = o
            .str("created_by_ref")
            .and_then(|c| self.by_id.get(c))
            .and_then(|c| c.str("name"));
        match creator.and_then(slugify) {
            Some(p) => Ok(p),
            None => Err(o.error(
                "created_by_ref",
                "the object names no ringtrace partner and no creator identity with a name; give --partner",
            )),
        }
    }

    /// A `report` or `grouping`.
    fn container(&mut self, o: &Obj<'a>) -> Result<(), StixError> {
        let ext = o
            .value
            .get("extensions")
            .and_then(|e| e.get(RINGTRACE_EXTENSION))
            .and_then(Value::as_object);
        let ext_field = |f: &str| format!("extensions.{RINGTRACE_EXTENSION}.{f}");
        let ext_str = |f: &str| ext.and_then(|e| e.get(f)).and_then(Value::as_str);

        let (partner, id) = match ext {
            Some(_) => {
                let p = ext_str("partner")
                    .ok_or_else(|| o.error(&ext_field("partner"), "is required (a string)"))?;
                let p = PartnerSlug::parse(p).map_err(|e| o.error(&ext_field("partner"), e.0))?;
                let i = ext_str("report_id")
                    .ok_or_else(|| o.error(&ext_field("report_id"), "is required (a string)"))?;
                let i = ReportId::parse(i).map_err(|e| o.error(&ext_field("report_id"), e.0))?;
                (p.as_str().to_string(), i.as_str().to_string())
            }
            None => (self.partner_of(o)?, o.id.to_string()),
        };
        if o.value.get("revoked").and_then(Value::as_bool) == Some(true) {
            self.out.withdrawn.push(format!("{partner}:{id}"));
            return Ok(());
        }

        let received = match ext_str("received_at") {
            Some(t) => (ext_field("received_at"), t),
            None => match o.str("published").or(o.str("created")) {
                Some(t) => (
                    if o.str("published").is_some() {
                        "published"
                    } else {
                        "created"
                    }
                    .to_string(),
                    t,
                ),
                None => return Err(o.error("published", "a report needs `published` or `created`")),
            },
        };
        let received_at = record_time(received.1).ok_or_else(|| {
            o.error(
                &received.0,
                format!("`{}` is not an RFC 3339 timestamp", received.1),
            )
        })?;

        let mut rec = Map::new();
        rec.insert("id".into(), json!(id));
        rec.insert("partner".into(), json!(partner));
        rec.insert("received_at".into(), json!(received_at));
        if let Some(e) = ext {
            for f in ["channel", "brand", "language", "region", "payment_method"] {
                if let Some(v) = e.get(f).and_then(Value::as_str) {
                    rec.insert(f.into(), json!(v));
                }
            }
            if let Some(loss) = e.get("loss") {
                rec.insert("loss".into(), loss.clone());
            }
        } else {
            rec.insert("stix_id".into(), json!(o.id));
            if let Some(name) = o.str("name") {
                rec.insert("title".into(), json!(name));
            }
        }
        let region = rec.get("region").and_then(Value::as_str).map(String::from);
        let narrative = o.str("description").filter(|d| !d.trim().is_empty());
        if let Some(n) = narrative {
            rec.insert("narrative".into(), json!(self.narrative(o.id, n)));
        }

        // What the report refers to.
        let mut tlp = tlp_with(o.value, self.markings).unwrap_or(Tlp::Amber);
        let mut taken: Vec<Taken> = Vec::new();
        let refs: Vec<&str> = o
            .value
            .get("object_refs")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        for r in refs {
            for (i, marking) in self.take(r, region.as_deref()) {
                if let Some(m) = marking {
                    tlp = tlp.max(m);
                }
                taken.push(Taken {
                    indicator: i,
                    role: None,
                });
            }
        }
        if let Some(e) = ext {
            taken = self.with_roles(o, e, taken, region.as_deref(), narrative)?;
        }
        let mut given: Vec<Value> = Vec::new();
        let mut dup: HashSet<Indicator> = HashSet::new();
        for t in taken {
            if dup.insert(t.indicator.clone()) {
                given.push(json!({"kind": t.indicator.kind.as_str(), "value": t.indicator.value}));
            }
        }
        if !given.is_empty() {
            rec.insert("indicators".into(), Value::Array(given));
        }
        rec.insert("tlp".into(), json!(tlp.as_str()));
        self.out.reports.push(order_record(rec));
        Ok(())
    }

    /// A narrative that fits a record (cut at 64 KiB, on a character).
    fn narrative(&mut self, id: &str, n: &str) -> String {
        if n.len() <= MAX_NARRATIVE_BYTES {
            return n.to_string();
        }
        let mut end = MAX_NARRATIVE_BYTES;
        while !n.is_char_boundary(end) {
            end -= 1;
        }
        self.ignore(
            id,
            format!(
                "description cut to {MAX_NARRATIVE_BYTES} bytes (of {})",
                n.len()
            ),
        );
        n[..end].to_string()
    }

    /// The indicators one referenced object gives, each with the marking of
    /// the object it came from.
    fn take(&mut self, r: &str, region: Option<&str>) -> Vec<(Indicator, Option<Tlp>)> {
        let Some(o) = self.by_id.get(r).copied() else {
            self.ignore(r, "referred to but not in the bundle");
            return Vec::new();
        };
        let marking = tlp_with(o.value, self.markings);
        match o.kind {
            "indicator" => {
                self.reached.insert(o.id);
                self.pattern(&o, region)
                    .into_iter()
                    .map(|i| (i, marking))
                    .collect()
            }
            "observed-data" => {
                self.reached.insert(o.id);
                let mut out = Vec::new();
                if let Some(refs) = o.value.get("object_refs").and_then(Value::as_array) {
                    for r in refs.iter().filter_map(Value::as_str) {
                        for (i, m) in self.take(r, region) {
                            out.push((i, m.max(marking)));
                        }
                    }
                }
                if let Some(objs) = o.value.get("objects").and_then(Value::as_object) {
                    for (key, sco) in objs {
                        match self.sco(&format!("{}#{key}", o.id), sco, region) {
                            Some(i) => out.push((i, marking)),
                            None => continue,
                        }
                    }
                }
                out
            }
            _ if is_observable(o.kind) => {
                self.reached.insert(o.id);
                self.sco(o.id, o.value, region)
                    .into_iter()
                    .map(|i| (i, marking))
                    .collect()
            }
            _ => Vec::new(),
        }
    }

    /// An SCO as an indicator, or the reason it is not one in `ignored`.
    fn sco(&mut self, id: &str, v: &Value, region: Option<&str>) -> Option<Indicator> {
        let read = read_sco(v).and_then(|(kind, raw)| canonical(kind, &raw, region));
        match read {
            Ok(i) => Some(i),
            Err(why) => {
                self.ignore(id, why);
                None
            }
        }
    }

    /// An `indicator`'s pattern as an indicator, or the reason in `ignored`.
    fn pattern(&mut self, o: &Obj, region: Option<&str>) -> Option<Indicator> {
        let pattern_type = o.str("pattern_type").unwrap_or("stix");
        if pattern_type != "stix" {
            self.ignore(o.id, format!("a `{pattern_type}` pattern, not a STIX one"));
            return None;
        }
        let Some(p) = o.str("pattern") else {
            self.ignore(o.id, "an indicator without a pattern");
            return None;
        };
        let read = simple_comparison(p).and_then(|(t, prop, value)| {
            let kind = match_kind(&t, &prop).ok_or_else(|| {
                format!("pattern `{p}`: `{t}:{prop}` is not a property ringtrace reads")
            })?;
            canonical(kind, &value, region)
        });
        match read {
            Ok(i) => Some(i),
            Err(why) => {
                self.ignore(o.id, why);
                None
            }
        }
    }

    /// ringtrace's mentions: values only its narrative had, or whose role
    /// never links, are not given (see the module's notes).
    fn with_roles(
        &mut self,
        o: &Obj,
        ext: &Map<String, Value>,
        taken: Vec<Taken>,
        region: Option<&str>,
        narrative: Option<&str>,
    ) -> Result<Vec<Taken>, StixError> {
        let field = format!("extensions.{RINGTRACE_EXTENSION}.mentions");
        let mentions = match ext.get("mentions") {
            None => return Ok(taken),
            Some(Value::Array(m)) => m,
            Some(_) => return Err(o.error(&field, "expected an array")),
        };
        // SCO id → indicator, as taken.
        let mut of_ref: HashMap<String, Indicator> = HashMap::new();
        for t in &taken {
            for opencti in [false, true] {
                of_ref.insert(
                    super::observables::sco_id(&t.indicator, opencti),
                    t.indicator.clone(),
                );
            }
        }
        let mut entries: Vec<(Taken, &str)> = Vec::new();
        for (n, m) in mentions.iter().enumerate() {
            let at = |f: &str| format!("{field}[{n}].{f}");
            let r = m
                .get("ref")
                .and_then(Value::as_str)
                .ok_or_else(|| o.error(&at("ref"), "is required (a string)"))?;
            let role = match m.get("role") {
                None | Some(Value::Null) => None,
                Some(Value::String(s)) => {
                    Some(s.parse::<Role>().map_err(|e| o.error(&at("role"), e))?)
                }
                Some(_) => return Err(o.error(&at("role"), "expected a string")),
            };
            let Some(i) = of_ref.get(r) else {
                continue; // its SCO was ignored, with the reason
            };
            entries.push((
                Taken {
                    indicator: i.clone(),
                    role,
                },
                r,
            ));
        }
        let extracted: HashSet<(Indicator, Option<Role>)> = narrative
            .map(|n| {
                ringtrace_extract::extract(n, region)
                    .into_iter()
                    .map(|f| (f.indicator, f.role))
                    .collect()
            })
            .unwrap_or_default();
        let mut out = Vec::new();
        let mentioned: HashSet<&Indicator> = entries.iter().map(|(e, _)| &e.indicator).collect();
        for (e, sco) in &entries {
            if e.role.is_some_and(|r| !r.links()) {
                if !extracted.contains(&(e.indicator.clone(), e.role)) {
                    self.ignore(
                        sco,
                        format!(
                            "{} in report {}: a record cannot give a value with this role, and giving it without would let it link",
                            e.role.map(|r| r.as_str()).unwrap_or(""),
                            o.id
                        ),
                    );
                }
                continue;
            }
            if extracted.contains(&(e.indicator.clone(), e.role)) {
                continue;
            }
            out.push(Taken {
                indicator: e.indicator.clone(),
                role: e.role,
            });
        }
        // Values the report refers to that its mentions do not list.
        for t in taken {
            if !mentioned.contains(&t.indicator) {
                out.push(t);
            }
        }
        Ok(out)
    }

    /// An indicator or observation outside every report: a report of its own.
    fn lone(&mut self, o: &Obj<'a>) -> Result<(), StixError> {
        let time_field = if o.kind == "indicator" {
            "valid_from"
        } else {
            "first_observed"
        };
        let (field, text) = match o.str(time_field).or(o.str("created")) {
            Some(t) => (
                if o.str(time_field).is_some() {
                    time_field
                } else {
                    "created"
                },
                t,
            ),
            None => return Err(o.error(time_field, "is required")),
        };
        let received_at = record_time(text)
            .ok_or_else(|| o.error(field, format!("`{text}` is not an RFC 3339 timestamp")))?;
        let taken = self.take(o.id, None);
        if taken.is_empty() {
            return Ok(());
        }
        let partner = self.partner_of(o)?;
        let mut tlp = tlp_with(o.value, self.markings).unwrap_or(Tlp::Amber);
        let mut given = Vec::new();
        let mut dup = HashSet::new();
        for (i, m) in taken {
            if let Some(m) = m {
                tlp = tlp.max(m);
            }
            if dup.insert(i.clone()) {
                given.push(json!({"kind": i.kind.as_str(), "value": i.value}));
            }
        }
        let mut rec = Map::new();
        rec.insert("id".into(), json!(o.id));
        rec.insert("partner".into(), json!(partner));
        rec.insert("received_at".into(), json!(received_at));
        if let Some(d) = o.str("description").filter(|d| !d.trim().is_empty()) {
            rec.insert("narrative".into(), json!(self.narrative(o.id, d)));
        }
        rec.insert("indicators".into(), Value::Array(given));
        rec.insert("tlp".into(), json!(tlp.as_str()));
        rec.insert("stix_id".into(), json!(o.id));
        if let Some(name) = o.str("name") {
            rec.insert("title".into(), json!(name));
        }
        self.out.reports.push(order_record(rec));
        Ok(())
    }
}

/// The record's fields in the spec's order, unknown ones after.
fn order_record(mut rec: Map<String, Value>) -> Map<String, Value> {
    const ORDER: [&str; 12] = [
        "id",
        "partner",
        "received_at",
        "channel",
        "brand",
        "language",
        "region",
        "narrative",
        "indicators",
        "loss",
        "payment_method",
        "tlp",
    ];
    let mut out = Map::new();
    for k in ORDER {
        if let Some(v) = rec.remove(k) {
            out.insert(k.into(), v);
        }
    }
    out.extend(rec);
    out
}

fn is_observable(t: &str) -> bool {
    match_kind(t, "value").is_some() || t == "bank-account"
}

fn canonical(kind: Kind, raw: &str, region: Option<&str>) -> Result<Indicator, String> {
    ringtrace_extract::canonicalize(kind, raw, region)
        .map(|v| Indicator::new(kind, v))
        .map_err(|e| format!("`{raw}` is not a valid {kind}: {e}"))
}

/// `[type:property = 'value']`, the one pattern form ringtrace reads.
fn simple_comparison(p: &str) -> Result<(String, String, String), String> {
    let unsupported =
        || format!("pattern `{p}` is not a single comparison `[type:property = '…']`");
    let inner = p
        .trim()
        .strip_prefix('[')
        .and_then(|s| s.strip_suffix(']'))
        .ok_or_else(unsupported)?;
    let (path, rest) = inner.split_once('=').ok_or_else(unsupported)?;
    let (t, prop) = path.trim().split_once(':').ok_or_else(unsupported)?;
    let (t, prop) = (t.trim(), prop.trim());
    let ok_name = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-' || c == b'_')
    };
    if !ok_name(t) || !ok_name(prop) || path.trim_end().ends_with('!') {
        return Err(unsupported());
    }
    let rest = rest.trim();
    let body = rest
        .strip_prefix('\'')
        .and_then(|s| s.strip_suffix('\''))
        .ok_or_else(unsupported)?;
    let mut value = String::new();
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => value.push(chars.next().ok_or_else(unsupported)?),
            '\'' => return Err(unsupported()),
            c => value.push(c),
        }
    }
    Ok((t.to_string(), prop.to_string(), value))
}

/// An organisation's name as a partner slug (`[a-z0-9][a-z0-9-]{0,63}`).
fn slugify(name: &str) -> Option<String> {
    let mut s = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            s.push(c.to_ascii_lowercase());
        } else if !s.is_empty() && !s.ends_with('-') {
            s.push('-');
        }
    }
    let s: String = s.chars().take(64).collect();
    let s = s.trim_end_matches('-').to_string();
    PartnerSlug::parse(&s).ok().map(|p| p.as_str().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comparisons() {
        assert_eq!(
            simple_comparison("[domain-name:value = 'a.example']").unwrap(),
            ("domain-name".into(), "value".into(), "a.example".into())
        );
        assert_eq!(
            simple_comparison(r"[url:value='https://x.example/it\'s']")
                .unwrap()
                .2,
            "https://x.example/it's"
        );
        for bad in [
            "[domain-name:value = 'a' OR domain-name:value = 'b']",
            "[ipv4-addr:value ISSUBSET '10.0.0.0/8']",
            "[domain-name:value != 'a']",
            "[file:hashes.'SHA-256' = 'ab']",
            "([domain-name:value = 'a'])",
        ] {
            assert!(simple_comparison(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn slugs() {
        assert_eq!(slugify("MISP-Project").unwrap(), "misp-project");
        assert_eq!(slugify("  ACME Bank, Inc. ").unwrap(), "acme-bank-inc");
        assert_eq!(slugify("!!!"), None);
    }
}
