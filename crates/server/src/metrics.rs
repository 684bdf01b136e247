//! Prometheus metrics: requests and their latencies by route and status,
//! reports ingested, lookups answered, rings and reports in the catalog.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RouteLabels {
    pub method: String,
    pub route: String,
    pub status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RouteOnly {
    pub route: String,
}

/// The server's metrics and their registry.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    pub requests: Family<RouteLabels, Counter>,
    pub latency: Family<RouteOnly, Histogram>,
    pub reports_ingested: Counter,
    pub lookups: Counter,
    pub auth_failures: Counter,
    pub catalog_reports: Gauge,
    pub catalog_rings: Gauge,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("ringtrace");
        let requests = Family::<RouteLabels, Counter>::default();
        let latency = Family::<RouteOnly, Histogram>::new_with_constructor(|| {
            Histogram::new([
                0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
                1.0, 2.5, 5.0,
            ])
        });
        let m = Metrics {
            requests,
            latency,
            reports_ingested: Counter::default(),
            lookups: Counter::default(),
            auth_failures: Counter::default(),
            catalog_reports: Gauge::default(),
            catalog_rings: Gauge::default(),
            registry: Registry::default(),
        };
        registry.register(
            "http_requests",
            "HTTP requests answered",
            m.requests.clone(),
        );
        registry.register(
            "http_request_duration_seconds",
            "Time to answer, by route",
            m.latency.clone(),
        );
        registry.register(
            "reports_ingested",
            "Reports stored through the API",
            m.reports_ingested.clone(),
        );
        registry.register("lookups", "Values looked up", m.lookups.clone());
        registry.register(
            "auth_failures",
            "Requests refused for a bad key",
            m.auth_failures.clone(),
        );
        registry.register(
            "catalog_reports",
            "Reports in the catalog",
            m.catalog_reports.clone(),
        );
        registry.register(
            "catalog_rings",
            "Rings with at least one report",
            m.catalog_rings.clone(),
        );
        Metrics { registry, ..m }
    }
}

impl Metrics {
    /// The text exposition format.
    pub fn render(&self) -> String {
        let mut out = String::new();
        if prometheus_client::encoding::text::encode(&mut out, &self.registry).is_err() {
            out.clear();
        }
        out
    }
}
