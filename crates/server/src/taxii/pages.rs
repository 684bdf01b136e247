//! The read endpoints: discovery, API root, collections, objects, object by
//! id, versions and manifest.

use super::log::ObjectLog;
use super::media::{self, reply, TaxiiError, TaxiiResult};
use super::objects::{common_objects, id_of, Details, Source, View};
use crate::auth::Caller;
use crate::problem::Problem;
use crate::state::{AppState, Shared};
use crate::views::Looker;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use ringtrace_model::{ReportKey, Sight};
use ringtrace_share::taxii::{self, CollectionDef, Cursor, Filter, COLLECTIONS, STIX_MEDIA_TYPE};
use serde_json::{json, Value};
use std::collections::HashMap;

pub async fn discovery(headers: HeaderMap, c: Result<Caller, Problem>) -> TaxiiResult<Response> {
    media::check_accept(&headers)?;
    media::caller(c)?;
    let root = format!("/taxii2/{}/", taxii::API_ROOT);
    Ok(reply(
        StatusCode::OK,
        &json!({
            "title": "ringtrace",
            "description": "Tech-support scam rings, reports and indicators, shared under TLP 2.0.",
            "default": root,
            "api_roots": [root],
        }),
        &[],
    ))
}

pub async fn api_root(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(root): Path<String>,
    c: Result<Caller, Problem>,
) -> TaxiiResult<Response> {
    media::check_accept(&headers)?;
    media::caller(c)?;
    media::check_root(&root)?;
    Ok(reply(
        StatusCode::OK,
        &json!({
            "title": "ringtrace",
            "description": "Rings of tech-support scam reports, as STIX 2.1.",
            "versions": [taxii::MEDIA_TYPE],
            "max_content_length": state.config.limits.max_body_bytes,
        }),
        &[],
    ))
}

pub async fn collections(
    headers: HeaderMap,
    Path(root): Path<String>,
    c: Result<Caller, Problem>,
) -> TaxiiResult<Response> {
    media::check_accept(&headers)?;
    let caller = media::caller(c)?;
    media::check_root(&root)?;
    let role = caller.role();
    let listed: Vec<Value> = COLLECTIONS
        .iter()
        .filter(|c| (c.can_read && role.may_read()) || (c.can_write && role.may_submit()))
        .map(CollectionDef::resource)
        .collect();
    Ok(reply(
        StatusCode::OK,
        &json!({ "collections": listed }),
        &[],
    ))
}

pub async fn collection(
    headers: HeaderMap,
    Path((root, coll)): Path<(String, String)>,
    c: Result<Caller, Problem>,
) -> TaxiiResult<Response> {
    media::check_accept(&headers)?;
    let caller = media::caller(c)?;
    media::check_root(&root)?;
    let def = CollectionDef::find(&coll)
        .filter(|d| {
            (d.can_read && caller.role().may_read()) || (d.can_write && caller.role().may_submit())
        })
        .ok_or_else(|| TaxiiError::new(StatusCode::NOT_FOUND, format!("no collection `{coll}`")))?;
    Ok(reply(StatusCode::OK, &def.resource(), &[]))
}

/// What a read endpoint was asked.
struct Ask {
    coll: &'static CollectionDef,
    caller: Caller,
    filter: Filter,
}

fn ask(
    headers: &HeaderMap,
    root: &str,
    coll: &str,
    c: Result<Caller, Problem>,
    query: Option<String>,
) -> TaxiiResult<Ask> {
    media::check_accept(headers)?;
    let caller = media::caller(c)?;
    media::check_root(root)?;
    let coll = media::collection(&caller, coll, false)?;
    let pairs: Vec<(String, String)> = query
        .as_deref()
        .map(|q| {
            url::form_urlencoded::parse(q.as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect()
        })
        .unwrap_or_default();
    let filter = Filter::parse(&pairs)
        .map_err(|e| TaxiiError::new(StatusCode::BAD_REQUEST, e.to_string()))?;
    Ok(Ask {
        coll,
        caller,
        filter,
    })
}

/// One listed object, made.
struct Made {
    object: Value,
    date_added: String,
    version: String,
}

/// A page of the log as the filters take it.
struct Page {
    made: Vec<Made>,
    more: bool,
    next: Option<Cursor>,
}

/// Walks the caller's log of the collection from where the filters say,
/// making each admitted object, up to the limit. `only` restricts to one
/// object id (object by id and versions).
fn walk(state: &AppState, ask: &Ask, only: Option<&str>) -> TaxiiResult<Page> {
    let viewer = &ask.caller.viewer;
    let log = state
        .taxii
        .log((ask.coll.id, viewer.partner.clone(), viewer.role));
    let mut log = log.lock().unwrap_or_else(|p| p.into_inner());
    let cat = state.catalog();
    let who = Looker::new(&cat, viewer);
    ObjectLog::refresh(&mut log, &cat, &who, ask.coll);
    let log = log.as_ref().expect("refreshed above");
    let f = &ask.filter;
    let start = match (&f.next, only) {
        (_, Some(id)) => match log.position_of(id) {
            Some(p) => p,
            None => {
                return Err(TaxiiError::new(
                    StatusCode::NOT_FOUND,
                    format!("no object `{id}` in this collection"),
                ))
            }
        },
        // the log was made again meanwhile (rings moved under new
        // reports): resume where this cursor's object was added, which may
        // repeat objects but skips none
        (Some(c), None) if c.epoch != log.epoch => match resume_time(c) {
            Some(t) => log.at_or_after(&t),
            None => return Err(TaxiiError::new(
                StatusCode::BAD_REQUEST,
                "next: the collection changed since this cursor was given; page again from added_after",
            )),
        },
        (Some(c), None) => c.position as usize,
        (None, None) => f.added_after.as_deref().map_or(0, |t| log.after(t)),
    };
    let view = View::new(&cat, &who, ask.coll);
    let mut made_by: HashMap<Source, Vec<Value>> = HashMap::new();
    let mut out = Page {
        made: Vec::new(),
        more: false,
        next: None,
    };
    let end = if only.is_some() {
        start + 1
    } else {
        log.listed.len()
    };
    let mut pos = start;
    while pos < end {
        let listed = &log.listed[pos];
        if let Some(t) = &f.added_after {
            if *listed.date_added <= **t {
                pos += 1;
                continue;
            }
        }
        if !f.admits(&listed.id, "2.1") {
            pos += 1;
            continue;
        }
        if out.made.len() == f.limit {
            out.more = true;
            out.next = Some(Cursor {
                epoch: log.epoch,
                position: pos as u64,
                at_micros: micros_of(&listed.date_added),
            });
            break;
        }
        let objects = match made_by.get(&listed.source) {
            Some(o) => o,
            None => {
                let made = make(state, &view, listed.source)?;
                made_by.entry(listed.source).or_insert(made)
            }
        };
        if let Some(object) = objects
            .iter()
            .find(|o| id_of(o).as_deref() == Some(&*listed.id))
        {
            let version = object
                .get("modified")
                .and_then(Value::as_str)
                .map_or_else(|| listed.date_added.to_string(), String::from);
            if f.admits_version(&version) {
                out.made.push(Made {
                    object: object.clone(),
                    date_added: listed.date_added.to_string(),
                    version,
                });
            }
        }
        pos += 1;
    }
    Ok(out)
}

/// A walk whose page holds report content is recorded in the audit log,
/// like every read of report content through the API.
fn walked(state: &AppState, ask: &Ask, only: Option<&str>) -> TaxiiResult<Page> {
    let page = walk(state, ask, only)?;
    let reports = page
        .made
        .iter()
        .filter(|m| m.object.get("type").and_then(Value::as_str) == Some("report"))
        .count();
    if reports > 0 {
        state
            .audit(
                &ask.caller.actor(),
                "taxii.read",
                ask.coll.id,
                json!({ "objects": page.made.len(), "reports": reports }),
            )
            .map_err(TaxiiError::from)?;
    }
    Ok(page)
}

/// The objects of one source, as the caller may have them now.
fn make(state: &AppState, view: &View<'_>, source: Source) -> TaxiiResult<Vec<Value>> {
    Ok(match source {
        Source::Common => common_objects(),
        Source::Ring(g) => view.ring_objects(g),
        Source::Withdrawn(t) => match view.cat.withdrawn.get(t as usize) {
            Some(stone) if view.holds_withdrawn(stone) => view.withdrawn_objects(stone),
            _ => Vec::new(),
        },
        Source::Report(rix) => {
            if !view.holds(rix) {
                return Ok(Vec::new());
            }
            let details = if view.cat.sight_of(view.who, rix) == Sight::Full {
                Some(details(state, view, rix)?)
            } else {
                None
            };
            view.report_objects(rix, details)
        }
    })
}

/// The narrative and the other fields only the store holds.
fn details(state: &AppState, view: &View<'_>, rix: Rix) -> TaxiiResult<Details> {
    let e = view.cat.entry(rix);
    let key = ReportKey::parse(&format!("{}:{}", view.cat.partner_slug(e.partner), e.id))
        .map_err(|e| TaxiiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    let stored = state
        .readers
        .with(|s| s.report(&key))
        .map_err(|e| TaxiiError::from(Problem::from(e)))?;
    let Some(stored) = stored else {
        return Ok(Details::default());
    };
    let text = |f: &str| {
        stored
            .record
            .get(f)
            .and_then(Value::as_str)
            .map(String::from)
    };
    Ok(Details {
        language: text("language"),
        payment_method: text("payment_method"),
        narrative: text("narrative"),
    })
}

use crate::catalog::Rix;

fn page_headers(made: &[Made]) -> Vec<(&'static str, String)> {
    let mut h = Vec::new();
    if let (Some(first), Some(last)) = (made.first(), made.last()) {
        h.push(("X-TAXII-Date-Added-First", first.date_added.clone()));
        h.push(("X-TAXII-Date-Added-Last", last.date_added.clone()));
    }
    h
}

/// A page's envelope holding `items` (the objects, or manifest entries).
fn envelope(page: &Page, items: Vec<Value>) -> Value {
    let mut env = json!({ "more": page.more });
    if let Some(next) = &page.next {
        env["next"] = json!(next.encode());
    }
    env["objects"] = Value::Array(items);
    env
}

/// Objects, or one object, as an envelope.
async fn objects_page(state: Shared, ask: Ask, only: Option<String>) -> TaxiiResult<Response> {
    let page = blocking(&state, move |s| walked(s, &ask, only.as_deref())).await?;
    let items = page.made.iter().map(|m| m.object.clone()).collect();
    Ok(reply(
        StatusCode::OK,
        &envelope(&page, items),
        &page_headers(&page.made),
    ))
}

pub async fn objects(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path((root, coll)): Path<(String, String)>,
    RawQuery(query): RawQuery,
    c: Result<Caller, Problem>,
) -> TaxiiResult<Response> {
    let ask = ask(&headers, &root, &coll, c, query)?;
    objects_page(state, ask, None).await
}

pub async fn object(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path((root, coll, object)): Path<(String, String, String)>,
    RawQuery(query): RawQuery,
    c: Result<Caller, Problem>,
) -> TaxiiResult<Response> {
    let ask = ask(&headers, &root, &coll, c, query)?;
    objects_page(state, ask, Some(object)).await
}

pub async fn versions(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path((root, coll, object)): Path<(String, String, String)>,
    RawQuery(query): RawQuery,
    c: Result<Caller, Problem>,
) -> TaxiiResult<Response> {
    let ask = ask(&headers, &root, &coll, c, query)?;
    let page = blocking(&state, move |s| walk(s, &ask, Some(&object))).await?;
    let versions: Vec<&str> = page.made.iter().map(|m| m.version.as_str()).collect();
    Ok(reply(
        StatusCode::OK,
        &json!({ "more": false, "versions": versions }),
        &page_headers(&page.made),
    ))
}

pub async fn manifest(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path((root, coll)): Path<(String, String)>,
    RawQuery(query): RawQuery,
    c: Result<Caller, Problem>,
) -> TaxiiResult<Response> {
    let ask = ask(&headers, &root, &coll, c, query)?;
    let page = blocking(&state, move |s| walk(s, &ask, None)).await?;
    let entries = page
        .made
        .iter()
        .map(|m| {
            json!({
                "id": m.object.get("id"),
                "date_added": m.date_added,
                "version": m.version,
                "media_type": STIX_MEDIA_TYPE,
            })
        })
        .collect();
    let env = envelope(&page, entries);
    Ok(reply(StatusCode::OK, &env, &page_headers(&page.made)))
}

async fn blocking<T: Send + 'static>(
    state: &Shared,
    f: impl FnOnce(&AppState) -> TaxiiResult<T> + Send + 'static,
) -> TaxiiResult<T> {
    let me = state.clone();
    tokio::task::spawn_blocking(move || f(&me))
        .await
        .map_err(|e| TaxiiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?
}

/// `date_added` as microseconds since 1970 (0 when unreadable).
fn micros_of(t: &str) -> u64 {
    chrono::DateTime::parse_from_rfc3339(t)
        .map(|d| d.timestamp_micros().max(0) as u64)
        .unwrap_or(0)
}

/// The `date_added` a cursor of an older epoch resumes at.
fn resume_time(c: &Cursor) -> Option<String> {
    if c.at_micros == 0 {
        return None;
    }
    let at = chrono::DateTime::from_timestamp_micros(i64::try_from(c.at_micros).ok()?)?;
    Some(ringtrace_share::taxii::timestamp(at))
}
