//! Pages that read every visible report (the dashboard, the ring list) keep
//! their rendered content per partner, role, language and query until the
//! catalog next changes, or for [`MAX_AGE`] at most (an AMBER grant changes
//! what a partner sees without adding a report).

use crate::catalog::Catalog;
use maud::{Markup, PreEscaped};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const MAX_AGE: Duration = Duration::from_secs(30);
const MAX_ENTRIES: usize = 256;

/// What identifies the catalog's state: entries only ever get added, so
/// their count changes with every ingest, and the revision moves with every
/// other change (a report replaced or withdrawn, rings moved, a grant).
pub fn stamp(cat: &Catalog) -> Stamp {
    (cat.reports.len(), cat.revision as usize)
}

/// The catalog's state a page was rendered at.
pub type Stamp = (usize, usize);

#[derive(Debug, Default)]
pub struct PageCache {
    map: Mutex<HashMap<String, (Stamp, Instant, String)>>,
}

impl PageCache {
    pub fn get(&self, key: &str, stamp: Stamp) -> Option<Markup> {
        let map = self.map.lock().ok()?;
        let (s, at, html) = map.get(key)?;
        (*s == stamp && at.elapsed() < MAX_AGE).then(|| PreEscaped(html.clone()))
    }

    pub fn put(&self, key: String, stamp: Stamp, html: &Markup) {
        if let Ok(mut map) = self.map.lock() {
            if map.len() >= MAX_ENTRIES {
                map.clear();
            }
            map.insert(key, (stamp, Instant::now(), html.0.clone()));
        }
    }
}
