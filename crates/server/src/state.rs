//! The state every handler shares: the catalog, the store connections, the
//! key cache, the warning list and the metrics.

use crate::catalog::Catalog;
use crate::config::ServerConfig;
use crate::metrics::Metrics;
use crate::problem::Problem;
use ringtrace_link::WarningList;
use ringtrace_store::{Store, StoreError};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};

/// A store connection that is never dropped on an async thread: the
/// PostgreSQL client blocks when it closes, which a tokio worker forbids.
pub struct Conn(Option<Box<dyn Store>>);

impl Conn {
    pub fn new(store: Box<dyn Store>) -> Self {
        Conn(Some(store))
    }
}

impl std::ops::Deref for Conn {
    type Target = Box<dyn Store>;
    fn deref(&self) -> &Self::Target {
        self.0
            .as_ref()
            .expect("a connection is present until dropped")
    }
}

impl std::ops::DerefMut for Conn {
    fn deref_mut(&mut self) -> &mut Self::Target {
        self.0
            .as_mut()
            .expect("a connection is present until dropped")
    }
}

impl Drop for Conn {
    fn drop(&mut self) {
        if let Some(store) = self.0.take() {
            if tokio::runtime::Handle::try_current().is_ok() {
                let _ = std::thread::spawn(move || drop(store)).join();
            }
        }
    }
}

/// Store connections for blocking work, one job per connection at a time.
pub struct Connections {
    stores: Vec<Mutex<Conn>>,
    next: AtomicUsize,
}

impl Connections {
    pub fn open(db: &str, n: usize) -> Result<Self, StoreError> {
        let stores = (0..n.max(1))
            .map(|_| ringtrace_store::open(db).map(|s| Mutex::new(Conn::new(s))))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Connections {
            stores,
            next: AtomicUsize::new(0),
        })
    }

    /// Runs `f` on a free connection (or waits for the next in turn).
    pub fn with<T>(&self, f: impl FnOnce(&mut dyn Store) -> T) -> T {
        let n = self.stores.len();
        let start = self.next.fetch_add(1, Ordering::Relaxed);
        for i in 0..n {
            if let Ok(mut s) = self.stores[(start + i) % n].try_lock() {
                return f(s.as_mut());
            }
        }
        let mut s = self.stores[start % n]
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        f(s.as_mut())
    }
}

/// Shared by every request.
pub struct AppState {
    pub config: ServerConfig,
    pub catalog: RwLock<Catalog>,
    pub warnings: RwLock<WarningList>,
    /// Ingest: one writer at a time.
    pub writer: Mutex<Conn>,
    /// The audit log's own connection, so that reads are recorded while an
    /// ingest holds the writer.
    pub auditor: Mutex<Conn>,
    pub readers: Connections,
    pub keys: crate::auth::KeyCache,
    pub metrics: Metrics,
    pub ready: AtomicBool,
    pub taxii: crate::taxii::TaxiiState,
    pub psi: crate::psi::session::PsiState,
    /// Requests per key (`[limits] requests_per_second_per_key`).
    pub rate: crate::rate::RateLimiter,
}

pub type Shared = Arc<AppState>;

impl AppState {
    /// Runs blocking store work off the async threads.
    pub async fn blocking<T: Send + 'static>(
        self: &Arc<Self>,
        f: impl FnOnce(&AppState) -> Result<T, Problem> + Send + 'static,
    ) -> Result<T, Problem> {
        let me = self.clone();
        tokio::task::spawn_blocking(move || f(&me))
            .await
            .map_err(Problem::internal)?
    }

    pub fn catalog(&self) -> std::sync::RwLockReadGuard<'_, Catalog> {
        self.catalog
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn catalog_mut(&self) -> std::sync::RwLockWriteGuard<'_, Catalog> {
        self.catalog
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn warnings(&self) -> std::sync::RwLockReadGuard<'_, WarningList> {
        self.warnings
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Appends to the audit log; a failure fails the request, so that no
    /// audited action goes unrecorded.
    pub fn audit(
        &self,
        actor: &str,
        action: &str,
        target: &str,
        detail: serde_json::Value,
    ) -> Result<(), Problem> {
        let draft = ringtrace_model::AuditDraft {
            actor: actor.to_string(),
            action: action.to_string(),
            target: target.to_string(),
            detail: detail.to_string(),
        };
        let mut store = self
            .auditor
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        store.append_audit(&draft)?;
        Ok(())
    }
}
