//! Builds the application: opens the store, loads the catalog, wires the
//! routes and the layers (limits, timeouts, metrics), and serves it with a
//! graceful shutdown.

use crate::auth::{Caller, KeyCache};
use crate::catalog::Catalog;
use crate::config::ServerConfig;
use crate::metrics::{Metrics, RouteLabels, RouteOnly};
use crate::problem::Problem;
use crate::psi;
use crate::routes::{admin, cases, health, indicators, lookup, reports, rings};
use crate::state::{AppState, Conn, Connections, Shared};
use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, put};
use axum::Router;
use ringtrace_store::StoreError;
use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;

/// The application: its router and its state.
pub struct App {
    pub router: Router,
    pub state: Shared,
}

/// Opens the database and loads the catalog (the server is ready after).
pub fn build(config: ServerConfig) -> Result<App, StoreError> {
    let writer = ringtrace_store::open(&config.db)?;
    let auditor = ringtrace_store::open(&config.db)?;
    let readers = Connections::open(&config.db, config.read_connections)?;
    let started = Instant::now();
    let catalog = Catalog::load(writer.as_ref())?;
    let warnings = ringtrace_ingest::effective_warnings(&writer.warninglist()?);
    tracing::info!(
        reports = catalog.len(),
        rings = catalog.ring_count(),
        seconds = started.elapsed().as_secs_f64(),
        "catalog loaded"
    );
    let state = Arc::new(AppState {
        keys: KeyCache::new(config.key_cache),
        rate: crate::rate::RateLimiter::new(
            config.limits.requests_per_second_per_key,
            config.limits.burst_per_key,
        ),
        config,
        catalog: RwLock::new(catalog),
        warnings: RwLock::new(warnings),
        writer: Mutex::new(Conn::new(writer)),
        auditor: Mutex::new(Conn::new(auditor)),
        readers,
        metrics: Metrics::default(),
        ready: AtomicBool::new(true),
        taxii: Default::default(),
        psi: Default::default(),
    });
    Ok(App {
        router: router(state.clone()),
        state,
    })
}

/// The routes and their layers.
pub fn router(state: Shared) -> Router {
    let limits = state.config.limits.clone();
    // A PSI request carries 32 bytes an element, up to the session maximum.
    let psi_body = (state.config.psi.max_set_size * 32 + 4096).max(limits.max_body_bytes);
    let api = Router::new()
        .route(
            "/v1/lookup",
            get(lookup::lookup_one).post(lookup::lookup_many),
        )
        .route("/v1/reports", get(reports::list).post(reports::submit))
        .route(
            "/v1/reports/{key}",
            get(reports::read).delete(reports::withdraw),
        )
        .route("/v1/rings", get(rings::list))
        .route("/v1/rings/{id}", get(rings::read))
        .route("/v1/indicators/{kind}/{value}", get(indicators::read))
        .route(
            "/v1/partners",
            get(admin::partners).post(admin::add_partner),
        )
        .route("/v1/partners/{slug}/state", put(admin::set_partner_state))
        .route("/v1/keys", get(admin::keys).post(admin::create_key))
        .route(
            "/v1/keys/{key_id}",
            axum::routing::delete(admin::revoke_key),
        )
        .route("/v1/audit", get(admin::audit))
        .route("/v1/cases", get(cases::list).post(cases::open))
        .route("/v1/cases/{id}", get(cases::read))
        .route("/v1/cases/{id}/events", axum::routing::post(cases::change))
        .route(
            "/v1/shares/amber/{grantee}",
            put(admin::grant_amber).delete(admin::withdraw_amber),
        )
        .route("/v1/psi", get(psi::session::describe))
        .route(
            "/v1/psi/{kind}",
            axum::routing::post(psi::session::respond).layer(DefaultBodyLimit::max(psi_body)),
        )
        .route(
            "/v1/psi/sessions/{id}/matches",
            axum::routing::post(psi::session::matches).layer(DefaultBodyLimit::max(psi_body)),
        )
        .route("/v1/psi/sessions/{id}/reveal", get(psi::session::reveal))
        .route("/v1/oprf/{kind}", get(psi::oprf::published))
        .route(
            "/v1/oprf/{kind}/evaluate",
            axum::routing::post(psi::oprf::evaluate),
        )
        .route("/openapi.json", get(openapi))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(health::metrics));
    Router::new()
        .merge(api)
        .merge(crate::web::router())
        .merge(crate::taxii::router())
        .route("/healthz", get(health::healthz))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn_with_state(state.clone(), observe))
        .layer(DefaultBodyLimit::max(limits.max_body_bytes))
        .with_state(state)
}

async fn openapi(_caller: Caller) -> impl IntoResponse {
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        crate::openapi::document(),
    )
}

async fn not_found() -> Problem {
    Problem::not_found("no such resource; the API is described at /openapi.json")
}

async fn method_not_allowed() -> Problem {
    Problem::new(
        axum::http::StatusCode::METHOD_NOT_ALLOWED,
        "method-not-allowed",
        "this resource does not answer that method; see /openapi.json",
    )
}

/// Times every request out after the configured limit, and counts it.
async fn observe(State(state): State<Shared>, req: Request, next: Next) -> Response {
    let started = Instant::now();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched".to_string(), |m| m.as_str().to_string());
    let method = req.method().to_string();
    let limit = state.config.limits.request_timeout;
    // A submission is never abandoned half-way: its transaction runs on a
    // blocking thread that a timeout could not stop, so answering 503 while
    // it commits would tell the partner a lie. Its size is bounded instead.
    // Nor is a PSI answer (its work is bounded by the session's maximum
    // set), nor a TAXII page (the first after a change makes the caller's
    // object log, in time proportional to the catalog; every later page
    // reads it).
    let unbounded = (method == "POST" && (route == "/v1/reports" || route.starts_with("/v1/psi/")))
        || (method == "GET" && route.starts_with("/taxii2/"));
    if unbounded {
        let res = next.run(req).await;
        record(&state, method, route, res.status().as_u16(), started);
        return res;
    }
    let res = match tokio::time::timeout(limit, next.run(req)).await {
        Ok(res) => res,
        Err(_) => Problem::unavailable(format!(
            "the request took longer than {} s and was abandoned",
            limit.as_secs()
        ))
        .into_response(),
    };
    record(&state, method, route, res.status().as_u16(), started);
    res
}

fn record(state: &AppState, method: String, route: String, status: u16, started: Instant) {
    let seconds = started.elapsed().as_secs_f64();
    tracing::debug!(%method, %route, status, seconds, "request");
    state
        .metrics
        .requests
        .get_or_create(&RouteLabels {
            method,
            route: route.clone(),
            status,
        })
        .inc();
    state
        .metrics
        .latency
        .get_or_create(&RouteOnly { route })
        .observe(seconds);
}

/// Serves until `shutdown` resolves, then finishes the requests in flight.
pub async fn serve(
    app: App,
    listener: tokio::net::TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let state = app.state.clone();
    let refresher = tokio::spawn(refresh_warnings(state.clone()));
    let syncer = tokio::spawn(crate::sync::run_jobs(state.clone()));
    let res = axum::serve(listener, app.router)
        .with_graceful_shutdown(shutdown)
        .await;
    refresher.abort();
    syncer.abort();
    state.ready.store(false, Ordering::Relaxed);
    res
}

/// Rereads the warning list now and then.
async fn refresh_warnings(state: Shared) {
    loop {
        tokio::time::sleep(state.config.warnings_refresh).await;
        let read = state
            .blocking(|s| s.readers.with(|st| st.warninglist()).map_err(Problem::from))
            .await;
        if let Ok(entries) = read {
            let list = ringtrace_ingest::effective_warnings(&entries);
            if let Ok(mut w) = state.warnings.write() {
                *w = list;
            }
        }
    }
}

/// Resolves on SIGINT or SIGTERM. The handlers are installed when this is
/// called, not when the future is first polled, so a signal that arrives
/// between the call and the server's first poll is not lost (nor does it
/// kill the process with the default action). Call it inside the runtime.
pub fn shutdown_signal() -> impl std::future::Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    let (mut int, mut term) = {
        use tokio::signal::unix::{signal, SignalKind};
        (
            signal(SignalKind::interrupt()).ok(),
            signal(SignalKind::terminate()).ok(),
        )
    };
    async move {
        #[cfg(unix)]
        {
            let int = async {
                match int.as_mut() {
                    Some(s) => {
                        s.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            };
            let term = async {
                match term.as_mut() {
                    Some(s) => {
                        s.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            };
            tokio::select! {
                _ = int => {},
                _ = term => {},
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
        tracing::info!("shutting down: finishing requests in flight");
    }
}
