//! Builds the application: opens the store, loads the catalog, wires the
//! routes and the layers (limits, timeouts, metrics), and serves it with a
//! graceful shutdown.

use crate::auth::{Caller, KeyCache};
use crate::catalog::Catalog;
use crate::config::ServerConfig;
use crate::metrics::{Metrics, RouteLabels, RouteOnly};
use crate::problem::Problem;
use crate::routes::{admin, health, indicators, lookup, reports, rings};
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
        config,
        catalog: RwLock::new(catalog),
        warnings: RwLock::new(warnings),
        writer: Mutex::new(Conn::new(writer)),
        auditor: Mutex::new(Conn::new(auditor)),
        readers,
        metrics: Metrics::default(),
        ready: AtomicBool::new(true),
        taxii: Default::default(),
    });
    Ok(App {
        router: router(state.clone()),
        state,
    })
}

/// The routes and their layers.
pub fn router(state: Shared) -> Router {
    let limits = state.config.limits.clone();
    let api = Router::new()
        .route(
            "/v1/lookup",
            get(lookup::lookup_one).post(lookup::lookup_many),
        )
        .route("/v1/reports", get(reports::list).post(reports::submit))
        .route("/v1/reports/{key}", get(reports::read))
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
        .route(
            "/v1/shares/amber/{grantee}",
            put(admin::grant_amber).delete(admin::withdraw_amber),
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
    if method == "POST" && route == "/v1/reports" {
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
    let res = axum::serve(listener, app.router)
        .with_graceful_shutdown(shutdown)
        .await;
    refresher.abort();
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

/// Resolves on SIGINT or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
