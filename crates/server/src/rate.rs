//! Rate limits per API key: a token bucket per key, refilled at
//! `[limits] requests_per_second_per_key` up to `burst_per_key`; a request
//! that finds the bucket empty is answered 429 with `Retry-After`.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Buckets older than this are dropped when the map is swept.
const FORGET_AFTER: Duration = Duration::from_secs(600);
/// The map is swept when it holds this many buckets.
const SWEEP_AT: usize = 10_000;

#[derive(Clone, Copy, Debug)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// Per-key token buckets; a rate of 0 lets everything through.
#[derive(Debug)]
pub struct RateLimiter {
    per_second: f64,
    burst: f64,
    buckets: Mutex<HashMap<String, Bucket>>,
}

impl RateLimiter {
    pub fn new(per_second: u32, burst: u32) -> Self {
        RateLimiter {
            per_second: f64::from(per_second),
            burst: f64::from(burst.max(1)),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one request of `key` at `now`: `Err(wait)` when its bucket is
    /// empty, with the time until a token is back.
    pub fn take(&self, key: &str, now: Instant) -> Result<(), Duration> {
        if self.per_second <= 0.0 {
            return Ok(());
        }
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if buckets.len() >= SWEEP_AT {
            buckets.retain(|_, b| now.saturating_duration_since(b.at) < FORGET_AFTER);
        }
        let b = buckets.entry(key.to_string()).or_insert(Bucket {
            tokens: self.burst,
            at: now,
        });
        let elapsed = now.saturating_duration_since(b.at).as_secs_f64();
        b.tokens = (b.tokens + elapsed * self.per_second).min(self.burst);
        b.at = now;
        if b.tokens >= 1.0 {
            b.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - b.tokens) / self.per_second))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(per_second: u32, burst: u32, at_ms: &[u64], expect: &str) {
        let r = RateLimiter::new(per_second, burst);
        let t0 = Instant::now();
        let got: String = at_ms
            .iter()
            .map(|ms| match r.take("k", t0 + Duration::from_millis(*ms)) {
                Ok(()) => '+',
                Err(_) => '-',
            })
            .collect();
        assert_eq!(got, expect, "{per_second}/s burst {burst} at {at_ms:?}");
    }

    #[test]
    fn buckets_refill_at_the_rate_up_to_the_burst() {
        check(0, 1, &[0, 0, 0, 0], "++++");
        check(1, 1, &[0, 0, 999, 1000, 1000], "+--+-");
        check(10, 3, &[0, 0, 0, 0, 100, 100], "+++-+-");
        // A long pause refills only up to the burst.
        check(10, 2, &[0, 0, 0, 60_000, 60_000, 60_000], "++-++-");
    }

    #[test]
    fn keys_have_their_own_buckets_and_the_wait_is_told() {
        let r = RateLimiter::new(2, 1);
        let t = Instant::now();
        assert!(r.take("a", t).is_ok());
        assert!(r.take("b", t).is_ok());
        let wait = r.take("a", t).unwrap_err();
        assert!(
            wait > Duration::from_millis(400) && wait <= Duration::from_millis(500),
            "{wait:?}"
        );
    }
}
