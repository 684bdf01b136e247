//! A deterministic generator of a plausible synthetic tech-support-scam ecosystem, with ground truth.
//!
//! Operations (call-centre rings, heavy-tailed in size) rotate their phone
//! numbers, sites, webmail addresses, mule accounts and wallets over their
//! active window; their victims report to several partners in English, French
//! or Hinglish. Ground truth, per report: the operation's label `op-NNNN`, or
//! `solo-NNNNNNN` for a lone complaint.
//!
//! Bridges and how they are labelled:
//! - a mule account rented to two operations: both operations' reports keep
//!   their own operation's label (the rings stay separate; the account is a bridge);
//! - a number recycled by the carrier to a new operation at least
//!   [`ecosystem::RECYCLE_GAP_DAYS`] days after the first one stopped using it:
//!   each report is labelled by the operation using the number at that time;
//! - a victim scammed twice (their own number in two reports): each report is
//!   labelled by the operation that scammed them that time.
//!
//! The same incident is sometimes reported to two partners (victim to the brand
//! and to their bank): both reports carry the operation's label.

pub mod ecosystem;
pub mod idents;
pub mod legit;
pub mod narrative;
pub mod record;

use ecosystem::{Ecosystem, Incident};
use idents::Phone;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// What to generate.
#[derive(Clone, Debug)]
pub struct SimConfig {
    pub reports: usize,
    pub seed: u64,
}

/// One generated report: the JSON object exactly as a partner would send it
/// (spec section 1), its ground-truth cluster label, and the canonical
/// indicators the generator put in it on purpose (kind, value) — scam
/// infrastructure only, not the legitimate values mentioned in passing.
#[derive(Clone, Debug)]
pub struct SimReport {
    pub record: serde_json::Value,
    pub cluster: String,
    pub planted: Vec<(String, String)>,
}

/// Streams the ecosystem: exactly `cfg.reports` reports, the same for the same config.
pub fn generate(cfg: &SimConfig) -> impl Iterator<Item = SimReport> {
    Generator::new(cfg)
}

/// A Fenwick tree over the reports each operation (and the singleton bucket,
/// last) still has to emit: drawing without replacement interleaves them.
struct Urn {
    tree: Vec<u64>,
    total: u64,
}

impl Urn {
    fn new(counts: &[u64]) -> Urn {
        let n = counts.len();
        let mut tree = vec![0u64; n + 1];
        for (i, &c) in counts.iter().enumerate() {
            let mut j = i + 1;
            while j <= n {
                tree[j] += c;
                j += j & j.wrapping_neg();
            }
        }
        Urn {
            tree,
            total: counts.iter().sum(),
        }
    }

    fn sub(&mut self, i: usize) {
        let mut j = i + 1;
        while j < self.tree.len() {
            self.tree[j] -= 1;
            j += j & j.wrapping_neg();
        }
        self.total -= 1;
    }

    /// The bucket holding the `r`-th remaining ball.
    fn find(&self, mut r: u64) -> usize {
        let n = self.tree.len() - 1;
        let mut pos = 0;
        let mut step = n.next_power_of_two();
        while step > 0 {
            let nxt = pos + step;
            if nxt <= n && self.tree[nxt] <= r {
                pos = nxt;
                r -= self.tree[nxt];
            }
            step >>= 1;
        }
        pos
    }
}

struct Generator {
    rng: ChaCha8Rng,
    eco: Ecosystem,
    urn: Urn,
    emitted: u64,
    total: u64,
    counters: Vec<u64>,
    /// The same incident, to be reported to another partner next.
    pending: Option<(Incident, usize, usize)>,
    /// Recent victims' numbers, some of whom get scammed again.
    victims: Vec<(&'static str, Phone)>,
}

impl Generator {
    fn new(cfg: &SimConfig) -> Generator {
        let mut build_rng = ChaCha8Rng::seed_from_u64(cfg.seed ^ 0x005e_ed0f_ec05);
        let eco = ecosystem::build(&mut build_rng, cfg.reports as u64);
        let mut counts: Vec<u64> = eco.ops.iter().map(|o| u64::from(o.size)).collect();
        counts.push(eco.singletons);
        let urn = Urn::new(&counts);
        Generator {
            rng: ChaCha8Rng::seed_from_u64(
                cfg.seed.wrapping_mul(0x9e37_79b9_7f4a_7c15).wrapping_add(1),
            ),
            eco,
            urn,
            emitted: 0,
            total: cfg.reports as u64,
            counters: (0..record::PARTNER_COUNT as u64)
                .map(|i| 1000 + i * 37)
                .collect(),
            pending: None,
            victims: Vec::new(),
        }
    }

    fn next_incident(&mut self) -> (Incident, usize) {
        let rng = &mut self.rng;
        let r = rng.gen_range(0..self.urn.total);
        let b = self.urn.find(r);
        self.urn.sub(b);
        let mut inc = if b == self.eco.ops.len() {
            ecosystem::singleton(
                rng,
                &mut self.eco.fresh,
                format!("solo-{:07}", self.emitted + 1),
            )
        } else {
            self.eco.ops[b].incident(rng, &mut self.eco.fresh)
        };
        inc.legit = rng.gen_bool(0.2);
        if rng.gen_bool(0.18) {
            let again = rng.gen_bool(0.04);
            let prior = if again && !self.victims.is_empty() {
                let j = rng.gen_range(0..self.victims.len());
                Some(j).filter(|&j| self.victims[j].0 == inc.region)
            } else {
                None
            };
            if let Some(j) = prior {
                inc.victim = Some(self.victims[j].1.clone());
                inc.repeat = true;
            } else {
                let region = inc.region;
                let v = self.eco.fresh.get(rng, |r| idents::victim_phone(r, region));
                if self.victims.len() < 2048 {
                    self.victims.push((inc.region, v.clone()));
                } else {
                    let j = rng.gen_range(0..self.victims.len());
                    self.victims[j] = (inc.region, v.clone());
                }
                inc.victim = Some(v);
            }
        }
        (inc, b)
    }
}

impl Iterator for Generator {
    type Item = SimReport;

    fn next(&mut self) -> Option<SimReport> {
        if self.emitted >= self.total {
            return None;
        }
        let (inc, partner) = match self.pending.take() {
            Some((inc, _, not)) => {
                let p = record::choose_partner(&inc, &mut self.rng, Some(not));
                (inc, p)
            }
            None => {
                let (inc, bucket) = self.next_incident();
                let p = record::choose_partner(&inc, &mut self.rng, None);
                // The victim also tells a second partner (brand and bank, say).
                if bucket < self.eco.ops.len() && self.urn.total > 0 && self.rng.gen_bool(0.07) {
                    let op = &mut self.eco.ops[bucket];
                    if op.emitted < op.size {
                        op.emitted += 1;
                        self.urn.sub(bucket);
                        self.pending = Some((inc.clone(), bucket, p));
                    }
                }
                (inc, p)
            }
        };
        self.counters[partner] += 1;
        let (record, planted) = record::build(&inc, partner, self.counters[partner], &mut self.rng);
        self.emitted += 1;
        Some(SimReport {
            record,
            cluster: inc.cluster,
            planted,
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = (self.total - self.emitted) as usize;
        (n, Some(n))
    }
}
