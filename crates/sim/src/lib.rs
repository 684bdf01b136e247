//! A deterministic generator of a plausible synthetic tech-support-scam ecosystem, with ground truth.
//!
//! Operations (call-centre rings, heavy-tailed in size) rotate their phone
//! numbers, sites, webmail addresses, mule accounts and wallets over their
//! active window; their victims report to several partners in English, French
//! or Hinglish. Ground truth, per report: the operation's label `op-NNNN`, or
//! `solo-NNNNNNN` for a lone complaint.
//!
//! # Knobs ([`SimConfig`])
//!
//! | knob | default | meaning |
//! |---|---:|---|
//! | `hub_rate` | 0.25 | share of reports mentioning a legitimate value in passing (a hub): the impersonated company's real support number (60 %), its real site (25 %) or the victim's webmail provider (15 %), all from the shipped warning list |
//! | `victim_own_rate` | 0.18 | share of reports in which the victim gives their own phone number (bridge victims included) |
//! | `bridge_rate` | 0.03 | share of reports carrying a value that a report of another ring also carries (see below); at most 0.5 |
//! | `duplicate_rate` | 0.07 | share of ring incidents (lone complaints excluded) that the victim reports to two partners |
//! | `rotation_overlap` | 0.4 | share of a rotation period (of numbers, sites, addresses, accounts) lying in the windows around its boundaries in which the old and the new value are used half and half: `overlap / 2` of a period on each side of a boundary; 0 = clean cut-overs |
//! | `size_alpha` | 0.85 | Pareto tail index of ring sizes: P(size >= s) = (2 / s)^alpha, softly capped at 1 % of the reports (at least 50); 0.1 to 10 |
//! | `singleton_rate` | 0.08 | share of reports that are lone complaints, with values nobody else reported |
//! | `unlinkable_rate` | 0.08 | share of a ring's reports that cannot be linked to it: a quarter with nothing to go on ("a hidden number"), the rest naming only a value nobody else reported |
//!
//! Rates are checked by [`SimConfig::validate`]; each report's
//! [`SimReport::notes`] records which of them it realises, so a caller can
//! count the realised rates.
//!
//! # Bridges and how they are labelled
//!
//! A bridge is one value shared by two otherwise separate rings. The
//! generator plans `round(bridge_rate × reports)` *bridge reports* before
//! streaming: each bridge is a fresh value (used by nobody else) given to one
//! to three reports of one ring and one to three of another ring of the same
//! market (one and one for a victim). A report "carries a cross-ring value"
//! exactly when it is a bridge report, so the share of such reports equals
//! `bridge_rate` (to within one report); with `bridge_rate` 0 no two rings
//! share any planted value or victim number. Kinds (40 / 35 / 25 %):
//! - `bridge:mule_account`, a mule account paid by victims of both rings;
//! - `bridge:recycled_number`, a number used at the end of one ring and, at
//!   least [`ecosystem::RECYCLE_GAP_DAYS`] days after that ring ended, at the
//!   start of another (the carrier recycled it);
//! - `bridge:victim_twice`, a victim scammed by both rings giving their own
//!   number both times (the later report says so); not planned when
//!   `victim_own_rate` leaves no room for it.
//!
//! Truth labelling: every bridge report keeps the label of the ring it came
//! from — the rings stay separate, the bridge is a link between them, not a
//! merge. A linker that merges the two rings loses precision.
//!
//! The same incident is sometimes reported to two partners (victim to the brand
//! and to their bank): both reports carry the ring's label and the same
//! [`SimReport::incident`]; the second is noted `duplicate`. Bridge reports are
//! never duplicated.

pub mod ecosystem;
pub mod idents;
pub mod legit;
pub mod narrative;
pub mod record;
pub mod seized;

use ecosystem::{Ecosystem, Hub, Incident};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::fmt;

/// What to generate; build it as `SimConfig { reports, seed, ..SimConfig::default() }`.
#[derive(Clone, Debug, PartialEq)]
pub struct SimConfig {
    /// Number of reports, exactly.
    pub reports: usize,
    /// The same seed and knobs give the same reports.
    pub seed: u64,
    /// Share of reports mentioning a legitimate hub value in passing.
    pub hub_rate: f64,
    /// Share of reports in which the victim gives their own number.
    pub victim_own_rate: f64,
    /// Share of reports carrying a value shared with another ring (at most 0.5).
    pub bridge_rate: f64,
    /// Share of ring incidents reported to two partners by the same victim.
    pub duplicate_rate: f64,
    /// Share of a rotation period within the overlap windows around its boundaries.
    pub rotation_overlap: f64,
    /// Pareto tail index of ring sizes (0.1 to 10).
    pub size_alpha: f64,
    /// Share of reports that are lone complaints.
    pub singleton_rate: f64,
    /// Share of a ring's reports that share no value with the rest of it.
    pub unlinkable_rate: f64,
}

impl Default for SimConfig {
    fn default() -> SimConfig {
        SimConfig {
            reports: 10_000,
            seed: 1,
            hub_rate: 0.25,
            victim_own_rate: 0.18,
            bridge_rate: 0.03,
            duplicate_rate: 0.07,
            rotation_overlap: 0.4,
            size_alpha: 0.85,
            singleton_rate: ecosystem::SINGLETON_SHARE,
            unlinkable_rate: 0.08,
        }
    }
}

/// A knob out of its range.
#[derive(Clone, Debug, PartialEq)]
pub struct ConfigError {
    /// The field of [`SimConfig`], e.g. `bridge_rate`.
    pub knob: &'static str,
    pub value: f64,
    /// The accepted range, e.g. `0 to 0.5`.
    pub range: &'static str,
}

impl ConfigError {
    /// The command-line flag of the knob, e.g. `--bridge-rate`.
    pub fn flag(&self) -> String {
        format!("--{}", self.knob.replace('_', "-"))
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} is {}, but must be a number from {}",
            self.knob, self.value, self.range
        )
    }
}

impl std::error::Error for ConfigError {}

impl SimConfig {
    /// Checks every knob's range.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let checks: [(&'static str, f64, f64, f64, &'static str); 8] = [
            ("hub_rate", self.hub_rate, 0.0, 1.0, "0 to 1"),
            ("victim_own_rate", self.victim_own_rate, 0.0, 1.0, "0 to 1"),
            ("bridge_rate", self.bridge_rate, 0.0, 0.5, "0 to 0.5"),
            ("duplicate_rate", self.duplicate_rate, 0.0, 1.0, "0 to 1"),
            (
                "rotation_overlap",
                self.rotation_overlap,
                0.0,
                1.0,
                "0 to 1",
            ),
            ("size_alpha", self.size_alpha, 0.1, 10.0, "0.1 to 10"),
            ("singleton_rate", self.singleton_rate, 0.0, 1.0, "0 to 1"),
            ("unlinkable_rate", self.unlinkable_rate, 0.0, 1.0, "0 to 1"),
        ];
        for (knob, value, lo, hi, range) in checks {
            if !(value.is_finite() && value >= lo && value <= hi) {
                return Err(ConfigError { knob, value, range });
            }
        }
        Ok(())
    }
}

/// One generated report: the JSON object exactly as a partner would send it
/// (spec section 1), its ground-truth cluster label, and the canonical
/// indicators the generator put in it on purpose (kind, value) — scam
/// infrastructure only, not the legitimate values mentioned in passing nor
/// the victim's own number.
#[derive(Clone, Debug)]
pub struct SimReport {
    pub record: serde_json::Value,
    pub cluster: String,
    pub planted: Vec<(String, String)>,
    /// The incident reported; two reports share it when the victim told two partners.
    pub incident: u64,
    /// The victim's own number (E.164) when the narrative gives it.
    pub victim: Option<String>,
    /// What the generator did on purpose: `hub:support_number`,
    /// `hub:vendor_site`, `hub:webmail`, `victim_own`, `bridge:mule_account`,
    /// `bridge:recycled_number`, `bridge:victim_twice`, `duplicate` (the
    /// second report of an incident), `off_schedule` (the contact number is
    /// the previous or next of the ring's rotation, in an overlap window).
    pub notes: Vec<&'static str>,
}

/// Streams the ecosystem: exactly `cfg.reports` reports, the same for the same config.
///
/// # Panics
/// If `cfg` does not pass [`SimConfig::validate`].
pub fn generate(cfg: &SimConfig) -> impl Iterator<Item = SimReport> {
    if let Err(e) = cfg.validate() {
        panic!("invalid SimConfig: {e}");
    }
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
    pending: Option<(Incident, u64, usize)>,
    incidents: u64,
    hub_rate: f64,
    duplicate_rate: f64,
    /// Probability of a victim's own number outside the planned bridge victims.
    p_victim: f64,
    /// Duplicates drawn but not possible (the ring had no report left): made up later.
    owed: u64,
}

impl Generator {
    fn new(cfg: &SimConfig) -> Generator {
        let mut build_rng = ChaCha8Rng::seed_from_u64(cfg.seed ^ 0x005e_ed0f_ec05);
        let eco = ecosystem::build(&mut build_rng, cfg);
        let mut counts: Vec<u64> = eco.ops.iter().map(|o| u64::from(o.size)).collect();
        counts.push(eco.singletons);
        let urn = Urn::new(&counts);
        let n = cfg.reports as f64;
        let vb = eco.victim_bridge_reports as f64;
        let p_victim = if n > vb {
            ((cfg.victim_own_rate * n - vb) / (n - vb)).clamp(0.0, 1.0)
        } else {
            0.0
        };
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
            incidents: 0,
            hub_rate: cfg.hub_rate,
            duplicate_rate: cfg.duplicate_rate,
            p_victim,
            owed: 0,
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
            let slot = self.eco.ops[b].emitted;
            let mut inc = self.eco.ops[b].incident(rng, &mut self.eco.fresh);
            if let Some(id) = self.eco.bridge_at(b, slot) {
                self.eco.apply_bridge(id, b, &mut inc, rng);
            }
            inc
        };
        if rng.gen_bool(self.hub_rate) {
            let x: f64 = rng.gen();
            inc.legit = Some(if x < 0.6 {
                Hub::SupportNumber
            } else if x < 0.85 {
                Hub::VendorSite
            } else {
                Hub::Webmail(rng.gen())
            });
        }
        if inc.victim.is_none() && rng.gen_bool(self.p_victim) {
            let region = inc.region;
            inc.victim = Some(self.eco.fresh.get(rng, |r| idents::victim_phone(r, region)));
        }
        (inc, b)
    }

    /// Whether the victim of this incident of ring `bucket` also tells a second partner.
    fn duplicate(&mut self, inc: &Incident, bucket: usize) -> bool {
        if bucket == self.eco.ops.len() {
            return false;
        }
        let want = self.rng.gen_bool(self.duplicate_rate);
        let op = &self.eco.ops[bucket];
        let possible = inc.bridge.is_none()
            && op.emitted < op.size
            && self.eco.bridge_at(bucket, op.emitted).is_none();
        match (want, possible) {
            (true, true) => true,
            (true, false) => {
                self.owed += 1;
                false
            }
            (false, true) if self.owed > 0 => {
                self.owed -= 1;
                true
            }
            _ => false,
        }
    }
}

impl Iterator for Generator {
    type Item = SimReport;

    fn next(&mut self) -> Option<SimReport> {
        if self.emitted >= self.total {
            return None;
        }
        let mut notes: Vec<&'static str> = Vec::new();
        let (inc, id, partner) = match self.pending.take() {
            Some((inc, id, not)) => {
                notes.push("duplicate");
                let p = record::choose_partner(&inc, &mut self.rng, Some(not));
                (inc, id, p)
            }
            None => {
                let (inc, bucket) = self.next_incident();
                self.incidents += 1;
                let id = self.incidents;
                let p = record::choose_partner(&inc, &mut self.rng, None);
                // The victim also tells a second partner (brand and bank, say).
                if self.duplicate(&inc, bucket) {
                    let op = &mut self.eco.ops[bucket];
                    op.emitted += 1;
                    self.urn.sub(bucket);
                    self.pending = Some((inc.clone(), id, p));
                }
                (inc, id, p)
            }
        };
        match inc.legit {
            Some(Hub::SupportNumber) => notes.push("hub:support_number"),
            Some(Hub::VendorSite) => notes.push("hub:vendor_site"),
            Some(Hub::Webmail(_)) => notes.push("hub:webmail"),
            None => {}
        }
        if inc.victim.is_some() {
            notes.push("victim_own");
        }
        if let Some(kind) = inc.bridge {
            notes.push(kind.note());
        }
        if inc.off_schedule {
            notes.push("off_schedule");
        }
        self.counters[partner] += 1;
        let (record, planted) = record::build(&inc, partner, self.counters[partner], &mut self.rng);
        self.emitted += 1;
        Some(SimReport {
            record,
            cluster: inc.cluster,
            planted,
            incident: id,
            victim: inc.victim.as_ref().map(idents::Phone::e164),
            notes,
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = (self.total - self.emitted) as usize;
        (n, Some(n))
    }
}
