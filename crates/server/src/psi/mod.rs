//! Private matching with partners (issue 9; the protocol is
//! `docs/psi.md`, the cryptography `ringtrace-psi`). This instance answers
//! PSI sessions as the responder (`session.rs`) and OPRF lookups
//! (`oprf.rs`); `ringtrace psi` and `ringtrace oprf` are the other sides.
//!
//! What this instance offers to either is the same set: the values of one
//! kind that link reports (role and warning list allowing), in reports
//! marked at most `psi.tlp_max` (AMBER by default: membership in a set is
//! linkage, which AMBER lets partners have), received since a date.
//! Limits, per partner (PSI) or per key (OPRF) and UTC day, bound what a
//! dishonest peer can learn by guessing.

pub mod oprf;
pub mod session;

use ringtrace_model::{Kind, Tlp};
use ringtrace_psi::{ElementKind, SessionId, SessionPolicy};
use std::collections::HashMap;
use std::sync::Mutex;

/// What the operator allows (`[psi]` in the settings file).
#[derive(Clone, Debug)]
pub struct PsiSettings {
    /// What each side learns in a session this instance answers.
    pub policy: SessionPolicy,
    /// Under a cardinality-only policy, whether the initiator may ask for
    /// the items after seeing the count.
    pub reveal_later: bool,
    /// The most elements one session's set may hold, either side.
    pub max_set_size: usize,
    /// The most elements a partner may send per UTC day, all sessions.
    pub max_elements_per_day: u64,
    /// The most sessions a partner may start per UTC day.
    pub max_sessions_per_day: u64,
    /// The most restrictive marking of the reports whose values are offered.
    pub tlp_max: Tlp,
    /// The most OPRF evaluations a key may ask per UTC day.
    pub max_oprf_per_day: u64,
}

impl Default for PsiSettings {
    fn default() -> Self {
        PsiSettings {
            policy: SessionPolicy::MUTUAL,
            reveal_later: false,
            max_set_size: 1 << 21,
            max_elements_per_day: 4 << 20,
            max_sessions_per_day: 100,
            tlp_max: Tlp::Amber,
            max_oprf_per_day: 100_000,
        }
    }
}

/// The indicator kinds private matching takes, and their hashing tags.
pub fn element_kind(kind: &str) -> Option<(Kind, ElementKind)> {
    Some(match kind {
        "phone" => (Kind::Phone, ElementKind::Phone),
        "domain" => (Kind::Domain, ElementKind::Domain),
        "url" => (Kind::Url, ElementKind::Url),
        "email" => (Kind::Email, ElementKind::Email),
        "crypto_wallet" => (Kind::CryptoWallet, ElementKind::Wallet),
        _ => return None,
    })
}

pub const KINDS: [&str; 5] = ["phone", "domain", "url", "email", "crypto_wallet"];

/// A session id as text (hex).
pub fn session_hex(id: &SessionId) -> String {
    hex::encode(id.0)
}

/// A session id from its hex text.
pub fn parse_session(text: &str) -> Option<SessionId> {
    let mut id = [0u8; 16];
    hex::decode_to_slice(text, &mut id).ok()?;
    Some(SessionId(id))
}

/// Until the daily limits start again (the next UTC midnight), at least
/// one second: what a refused caller is told to wait (`Retry-After`).
pub fn until_next_utc_day() -> std::time::Duration {
    let now = chrono::Utc::now();
    let midnight = (now.date_naive() + chrono::Days::new(1))
        .and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc());
    midnight
        .and_then(|m| (m - now).to_std().ok())
        .unwrap_or_default()
        .max(std::time::Duration::from_secs(1))
}

/// Counts per (who, UTC day): what was used, against a limit.
#[derive(Debug, Default)]
pub struct DailyUsage {
    used: Mutex<HashMap<(String, String), (u64, u64)>>,
}

impl DailyUsage {
    /// Adds one session of `elements` for `who` today, or says which limit
    /// it would pass (nothing is counted then).
    pub fn take(
        &self,
        who: &str,
        elements: u64,
        max_sessions: u64,
        max_elements: u64,
    ) -> Result<(u64, u64), String> {
        let day = chrono::Utc::now().format("%Y-%m-%d").to_string();
        let mut used = self.used.lock().unwrap_or_else(|p| p.into_inner());
        used.retain(|(_, d), _| *d == day);
        let entry = used.entry((who.to_string(), day)).or_default();
        if entry.0 + 1 > max_sessions {
            return Err(format!(
                "`{who}` has used its {max_sessions} sessions for today (UTC)"
            ));
        }
        if entry.1 + elements > max_elements {
            return Err(format!(
                "`{who}` may send {max_elements} elements a day (UTC); {} are used and this asks {elements}",
                entry.1
            ));
        }
        entry.0 += 1;
        entry.1 += elements;
        Ok(*entry)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_runs_to_the_next_utc_midnight() {
        let wait = until_next_utc_day().as_secs();
        assert!((1..=86_400).contains(&wait), "{wait}");
        let now = chrono::Utc::now();
        let then = now + chrono::Duration::seconds(wait as i64 + 1);
        assert_ne!(
            now.date_naive(),
            then.date_naive(),
            "{wait} s does not reach tomorrow"
        );
    }

    #[test]
    fn session_ids_read_back() {
        let id = SessionId([0xab; 16]);
        assert_eq!(parse_session(&session_hex(&id)), Some(id));
        assert_eq!(parse_session("zz"), None);
        assert_eq!(parse_session(&"g".repeat(32)), None);
    }

    #[test]
    fn daily_limits_count_sessions_and_elements() {
        let u = DailyUsage::default();
        assert_eq!(u.take("a", 10, 2, 15), Ok((1, 10)));
        assert!(u
            .take("a", 10, 2, 15)
            .unwrap_err()
            .contains("elements a day"));
        assert_eq!(u.take("a", 5, 2, 15), Ok((2, 15)));
        assert!(u.take("a", 0, 2, 15).unwrap_err().contains("2 sessions"));
        assert_eq!(u.take("b", 15, 2, 15), Ok((1, 15)), "per partner");
    }
}
