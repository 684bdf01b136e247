//! The report–indicator graph handed over by the store, and its filtering into links.

use crate::warninglist::WarningList;
use ringtrace_model::Indicator;

/// Reports are numbered `0..reports`; indicators `0..indicators.len()`.
/// `mentions` holds one `(report, indicator, may_link)` row per distinct pair;
/// `may_link` is false when every mention of the pair had a role that must not
/// link (`victim_own`, `legitimate_reference`).
#[derive(Clone, Debug, Default)]
pub struct LinkGraph {
    pub reports: usize,
    pub indicators: Vec<Indicator>,
    pub mentions: Vec<(u32, u32, bool)>,
}

impl LinkGraph {
    /// The pairs that link reports: role allows it and the indicator is not a hub.
    pub fn linking_pairs(&self, warnings: &WarningList) -> Vec<(u32, u32)> {
        let hub: Vec<bool> = self
            .indicators
            .iter()
            .map(|i| warnings.hub(i).is_some())
            .collect();
        self.mentions
            .iter()
            .filter(|(_, ind, may_link)| *may_link && !hub[*ind as usize])
            .map(|(r, i, _)| (*r, *i))
            .collect()
    }

    /// Every pair, whatever its role or the warning list says: the naive baseline.
    pub fn all_pairs(&self) -> Vec<(u32, u32)> {
        self.mentions.iter().map(|(r, i, _)| (*r, *i)).collect()
    }
}
