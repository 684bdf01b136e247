//! Call-centre operations (rings), their infrastructure rotating over time, and the incidents their victims report.

use crate::idents::{self, Country, Fresh, Phone};
use crate::SimConfig;
use rand::seq::SliceRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use std::collections::HashMap;

/// Days covered by the simulation: 2023-01-01 to 2024-12-31.
pub const SPAN_DAYS: f64 = 731.0;
/// Default share of reports that are lone complaints (each its own cluster).
pub const SINGLETON_SHARE: f64 = 0.08;
/// Minimum gap, in days, before a carrier hands a number to a new customer.
pub const RECYCLE_GAP_DAYS: f64 = 60.0;

/// Which victims an operation targets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Market {
    NorthAmerica,
    Uk,
    France,
    India,
    Australia,
}

impl Market {
    fn pick(rng: &mut ChaCha8Rng) -> Market {
        let x: f64 = rng.gen();
        match x {
            x if x < 0.42 => Market::NorthAmerica,
            x if x < 0.56 => Market::Uk,
            x if x < 0.72 => Market::France,
            x if x < 0.90 => Market::India,
            _ => Market::Australia,
        }
    }

    pub fn region(self, rng: &mut ChaCha8Rng) -> &'static str {
        match self {
            Market::NorthAmerica => {
                if rng.gen_bool(0.82) {
                    "US"
                } else {
                    "CA"
                }
            }
            Market::Uk => "GB",
            Market::France => {
                if rng.gen_bool(0.85) {
                    "FR"
                } else {
                    "BE"
                }
            }
            Market::India => "IN",
            Market::Australia => "AU",
        }
    }

    pub fn french(self) -> bool {
        self == Market::France
    }

    fn index(self) -> usize {
        self as usize
    }

    fn phone_country(self, rng: &mut ChaCha8Rng) -> Country {
        match self {
            Market::NorthAmerica => Country::Us,
            Market::Uk => {
                if rng.gen_bool(0.85) {
                    Country::Gb
                } else {
                    Country::In
                }
            }
            Market::France => Country::Fr,
            Market::India => Country::In,
            Market::Australia => {
                if rng.gen_bool(0.6) {
                    Country::Us
                } else {
                    Country::In
                }
            }
        }
    }

    fn brand(self, rng: &mut ChaCha8Rng) -> &'static str {
        let table: &[(&str, f64)] = match self {
            Market::France => &[
                ("Microsoft", 0.55),
                ("Apple", 0.15),
                ("Amazon", 0.1),
                ("Norton", 0.05),
                ("McAfee", 0.1),
                ("PayPal", 0.05),
            ],
            Market::India => &[
                ("Microsoft", 0.35),
                ("Amazon", 0.35),
                ("Apple", 0.1),
                ("PayPal", 0.2),
            ],
            _ => &[
                ("Microsoft", 0.4),
                ("Amazon", 0.15),
                ("Apple", 0.12),
                ("Norton", 0.12),
                ("McAfee", 0.11),
                ("PayPal", 0.1),
            ],
        };
        table.choose_weighted(rng, |e| e.1).unwrap().0
    }

    /// Payment kinds the operation's victims use, with weights.
    fn payments(self) -> &'static [(PayKind, f64)] {
        match self {
            Market::NorthAmerica => &[
                (PayKind::GiftCard, 0.55),
                (PayKind::Btc, 0.3),
                (PayKind::Eth, 0.05),
                (PayKind::Iban, 0.1),
            ],
            Market::Uk => &[
                (PayKind::Iban, 0.5),
                (PayKind::GiftCard, 0.3),
                (PayKind::Btc, 0.2),
            ],
            Market::France => &[
                (PayKind::Iban, 0.5),
                (PayKind::GiftCard, 0.35),
                (PayKind::Btc, 0.15),
            ],
            Market::India => &[(PayKind::Upi, 0.55), (PayKind::IndianAccount, 0.45)],
            Market::Australia => &[
                (PayKind::GiftCard, 0.5),
                (PayKind::Btc, 0.3),
                (PayKind::Iban, 0.2),
            ],
        }
    }
}

/// A kind of payment destination.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PayKind {
    GiftCard,
    Upi,
    IndianAccount,
    Iban,
    Btc,
    Eth,
}

/// Where a victim's money went.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Payment {
    /// canonical brand, brand as written, code, group size for writing
    GiftCard(&'static str, &'static str, String, usize),
    Upi(String),
    /// IFSC, account number
    IndianAccount(String, String),
    Iban(String),
    Btc(String),
    Eth(String),
}

impl Payment {
    pub fn method(&self) -> &'static str {
        match self {
            Payment::GiftCard(..) => "gift_card",
            Payment::Upi(_) => "upi",
            Payment::IndianAccount(..) | Payment::Iban(_) => "bank_transfer",
            Payment::Btc(_) | Payment::Eth(_) => "crypto",
        }
    }

    /// (kind, canonical value).
    pub fn canonical(&self) -> (&'static str, String) {
        match self {
            Payment::GiftCard(b, _, c, _) => ("gift_card", format!("{b}:{c}")),
            Payment::Upi(u) => ("upi", u.clone()),
            Payment::IndianAccount(i, a) => ("bank_account", format!("{i}:{a}")),
            Payment::Iban(i) => ("iban", i.clone()),
            Payment::Btc(a) => ("crypto_wallet", format!("btc:{a}")),
            Payment::Eth(a) => ("crypto_wallet", format!("eth:{a}")),
        }
    }
}

fn new_payment(rng: &mut ChaCha8Rng, fresh: &mut Fresh, kind: PayKind, french: bool) -> Payment {
    match kind {
        PayKind::GiftCard => {
            let (b, w, c, g) = idents::gift_card(rng, french);
            Payment::GiftCard(b, w, c, g)
        }
        PayKind::Upi => Payment::Upi(fresh.get(rng, idents::upi)),
        PayKind::IndianAccount => {
            let (i, a) = fresh.get(rng, idents::indian_account);
            Payment::IndianAccount(i, a)
        }
        PayKind::Iban => Payment::Iban(fresh.get(rng, |r| idents::iban(r, french))),
        PayKind::Btc => Payment::Btc(fresh.get(rng, idents::btc)),
        PayKind::Eth => Payment::Eth(fresh.get(rng, idents::eth)),
    }
}

/// Picks the item of a rotation active at op-time `t` in [0, 1): item i serves
/// [i/n, (i+1)/n). Within `overlap / 2` of a period on either side of a
/// boundary, the old and the new item are used half and half (so a share
/// `overlap` of an interior item's period lies in overlap windows). Returns
/// the item and whether it is not the scheduled one.
fn rotate<'a, T>(items: &'a [T], t: f64, overlap: f64, rng: &mut ChaCha8Rng) -> (&'a T, bool) {
    let n = items.len();
    let x = t * n as f64;
    let sched = (x as usize).min(n - 1);
    let frac = x - sched as f64;
    let w = overlap / 2.0;
    let mut i = sched;
    if frac < w && i > 0 && rng.gen_bool(0.5) {
        i -= 1;
    } else if frac >= 1.0 - w && i + 1 < n && rng.gen_bool(0.5) {
        i += 1;
    }
    (&items[i], i != sched)
}

/// [`rotate`], the item only.
fn rot<'a, T>(items: &'a [T], t: f64, overlap: f64, rng: &mut ChaCha8Rng) -> &'a T {
    rotate(items, t, overlap, rng).0
}

/// One call-centre operation: a ring in the ground truth.
#[derive(Debug)]
pub struct Operation {
    pub label: String,
    pub size: u32,
    pub emitted: u32,
    pub market: Market,
    pub brands: [&'static str; 2],
    pub channel: &'static str,
    pub start: f64,
    pub dur: f64,
    pub phones: Vec<Phone>,
    pub sites: Vec<String>,
    pub emails: Vec<String>,
    pub pay_kinds: Vec<PayKind>,
    pub mules: Vec<Payment>,
    pub wallets: Vec<Payment>,
    pub remotes: Vec<(&'static str, String)>,
    /// Probabilities that a report mentions: a site, an email, a remote-tool ID.
    pub p_site: f64,
    pub p_email: f64,
    pub p_remote: f64,
    /// [`SimConfig::rotation_overlap`].
    pub overlap: f64,
    /// [`SimConfig::unlinkable_rate`].
    pub unlinkable: f64,
}

const CHANNELS: &[(&str, f64)] = &[
    ("popup", 0.4),
    ("search_ad", 0.15),
    ("phone_call", 0.2),
    ("email", 0.15),
    ("sms", 0.05),
    ("social", 0.05),
];

fn pick_channel(rng: &mut ChaCha8Rng) -> &'static str {
    CHANNELS.choose_weighted(rng, |e| e.1).unwrap().0
}

/// Heavy-tailed operation size: floor of a Pareto(scale 2, tail index `alpha`)
/// draw, so P(size >= s) = (2 / s)^alpha; softly capped.
fn op_size(rng: &mut ChaCha8Rng, cap: u32, alpha: f64) -> u32 {
    let u: f64 = rng.gen_range(1e-9..1.0);
    let s = (2.0 * u.powf(-1.0 / alpha)).floor();
    let cap = f64::from(cap);
    // above the cap, spread rather than pile up at it
    let s = if s > cap {
        cap * rng.gen_range(0.4..1.0)
    } else {
        s
    };
    (s as u32).max(2)
}

/// Every operation of the ecosystem plus the number of singleton reports.
#[derive(Default)]
pub struct Ecosystem {
    pub ops: Vec<Operation>,
    pub singletons: u64,
    pub fresh: Fresh,
    /// The planned bridges: values shared by two operations.
    pub bridges: Vec<Bridge>,
    /// (operation index, report slot within the operation) to index in `bridges`.
    pub bridge_slots: HashMap<(u32, u32), u32>,
    /// Reports planned to carry a victim's own number that is a bridge.
    pub victim_bridge_reports: u64,
}

/// How two rings come to share one value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BridgeKind {
    /// One mule account paid by victims of both operations.
    MuleAccount,
    /// A number one operation used at its end, handed by the carrier to
    /// another operation at least [`RECYCLE_GAP_DAYS`] later.
    RecycledNumber,
    /// A victim scammed by both operations, giving their own number each time.
    VictimTwice,
}

impl BridgeKind {
    /// The note on a report carrying such a value: `bridge:mule_account`, ….
    pub fn note(self) -> &'static str {
        match self {
            BridgeKind::MuleAccount => "bridge:mule_account",
            BridgeKind::RecycledNumber => "bridge:recycled_number",
            BridgeKind::VictimTwice => "bridge:victim_twice",
        }
    }
}

/// The shared value of a bridge.
#[derive(Clone, Debug)]
pub enum BridgeValue {
    Phone(Phone),
    Mule(Payment),
    /// The victim's number and country.
    Victim(Phone, &'static str),
}

/// A value shared by two operations, used by a few planned reports of each.
#[derive(Clone, Debug)]
pub struct Bridge {
    pub kind: BridgeKind,
    pub value: BridgeValue,
    /// Indexes into [`Ecosystem::ops`]; for a recycled number, the earlier first.
    pub ops: [u32; 2],
    /// The operation whose victim says "this is the second time".
    pub later: u32,
}

/// Builds the operations for `cfg.reports` reports. Sizes sum exactly to the
/// non-singleton share; then plans the bridges.
pub fn build(rng: &mut ChaCha8Rng, cfg: &SimConfig) -> Ecosystem {
    let reports = cfg.reports as u64;
    let mut eco = Ecosystem::default();
    let mut singletons = ((reports as f64 * cfg.singleton_rate).round() as u64).min(reports);
    let mut target = reports - singletons;
    if target < 2 {
        singletons += target;
        target = 0;
    }
    eco.singletons = singletons;
    let cap = (reports / 100).clamp(50, 20_000) as u32;
    let mut sizes = Vec::new();
    let mut left = target;
    while left > 0 {
        let s = u64::from(op_size(rng, cap, cfg.size_alpha)).min(left);
        left -= s;
        if s < 2 || left == 1 {
            // fold a remainder of 1 into this or the previous operation
            let extra = s + left;
            left = 0;
            match sizes.last_mut() {
                Some(last) if s < 2 => *last += extra as u32,
                _ => sizes.push(extra as u32),
            }
        } else {
            sizes.push(s as u32);
        }
    }
    for (k, size) in sizes.into_iter().enumerate() {
        let op = new_operation(
            rng,
            &mut eco.fresh,
            k,
            size,
            cfg.rotation_overlap,
            cfg.unlinkable_rate,
        );
        eco.ops.push(op);
    }
    plan_bridges(rng, &mut eco, cfg);
    eco
}

/// Operations drawn with probability proportional to their size.
struct BySize {
    ops: Vec<u32>,
    cum: Vec<u64>,
}

impl BySize {
    fn new(ops: &[Operation], pick: impl Fn(&Operation) -> bool) -> BySize {
        let mut b = BySize {
            ops: Vec::new(),
            cum: Vec::new(),
        };
        let mut total = 0u64;
        for (i, o) in ops.iter().enumerate().filter(|(_, o)| pick(o)) {
            total += u64::from(o.size);
            b.ops.push(i as u32);
            b.cum.push(total);
        }
        b
    }

    fn draw(&self, rng: &mut ChaCha8Rng) -> Option<u32> {
        let total = *self.cum.last()?;
        let r = rng.gen_range(0..total);
        Some(self.ops[self.cum.partition_point(|&c| c <= r)])
    }
}

/// `n` distinct free report slots of operation `op` in `[lo, hi)`.
fn free_slots(
    rng: &mut ChaCha8Rng,
    taken: &HashMap<(u32, u32), u32>,
    op: u32,
    lo: u32,
    hi: u32,
    n: u32,
) -> Option<Vec<u32>> {
    let mut got: Vec<u32> = Vec::with_capacity(n as usize);
    for _ in 0..(8 * n) {
        if got.len() == n as usize {
            break;
        }
        let k = rng.gen_range(lo..hi);
        if !taken.contains_key(&(op, k)) && !got.contains(&k) {
            got.push(k);
        }
    }
    (got.len() == n as usize).then_some(got)
}

/// Plans `round(bridge_rate * reports)` reports carrying a value shared with
/// another operation of the same market: bridges of two to six reports, at
/// least one on each side, each value fresh and used by nobody else.
fn plan_bridges(rng: &mut ChaCha8Rng, eco: &mut Ecosystem, cfg: &SimConfig) {
    let target = (cfg.bridge_rate * cfg.reports as f64).round() as u64;
    if target < 2 {
        return;
    }
    let victim_cap = (cfg.victim_own_rate * cfg.reports as f64).floor() as u64;
    let all = BySize::new(&eco.ops, |_| true);
    let markets: Vec<BySize> = [
        Market::NorthAmerica,
        Market::Uk,
        Market::France,
        Market::India,
        Market::Australia,
    ]
    .iter()
    .map(|&m| BySize::new(&eco.ops, |o| o.market == m))
    .collect();
    let mut planned = 0u64;
    let mut attempts = 0u64;
    while planned + 2 <= target && attempts < 50 * target + 1000 {
        attempts += 1;
        let mut kind = [
            (BridgeKind::MuleAccount, 0.4),
            (BridgeKind::RecycledNumber, 0.35),
            (BridgeKind::VictimTwice, 0.25),
        ]
        .choose_weighted(rng, |e| e.1)
        .unwrap()
        .0;
        if kind == BridgeKind::VictimTwice && eco.victim_bridge_reports + 2 > victim_cap {
            kind = BridgeKind::MuleAccount;
        }
        let Some(a) = all.draw(rng) else { return };
        let market = eco.ops[a as usize].market;
        let Some(b) = markets[market.index()].draw(rng) else {
            continue;
        };
        if a == b {
            continue;
        }
        let (oa, ob) = (&eco.ops[a as usize], &eco.ops[b as usize]);
        // for a recycled number: `a` is the earlier operation, `b` the later one
        let (a, b) = if kind == BridgeKind::RecycledNumber {
            if ob.start >= oa.start + oa.dur + RECYCLE_GAP_DAYS {
                (a, b)
            } else if oa.start >= ob.start + ob.dur + RECYCLE_GAP_DAYS {
                (b, a)
            } else {
                continue;
            }
        } else {
            (a, b)
        };
        let (sa, sb) = (eco.ops[a as usize].size, eco.ops[b as usize].size);
        let side = |rng: &mut ChaCha8Rng| -> u32 {
            if kind == BridgeKind::VictimTwice {
                1
            } else {
                *[1, 1, 1, 1, 1, 2, 2, 2, 3, 3].choose(rng).unwrap()
            }
        };
        let (mut na, mut nb) = (side(rng).min(sa), side(rng).min(sb));
        while u64::from(na + nb) > target - planned {
            if na >= nb {
                na -= 1;
            } else {
                nb -= 1;
            }
        }
        let (slots_a, slots_b) = if kind == BridgeKind::RecycledNumber {
            // the end of the first operation, the start of the second
            let wa = (na * 3).max(sa / 8).min(sa);
            let wb = (nb * 3).max(sb / 8).min(sb);
            (
                free_slots(rng, &eco.bridge_slots, a, sa - wa, sa, na),
                free_slots(rng, &eco.bridge_slots, b, 0, wb, nb),
            )
        } else {
            (
                free_slots(rng, &eco.bridge_slots, a, 0, sa, na),
                free_slots(rng, &eco.bridge_slots, b, 0, sb, nb),
            )
        };
        let (Some(slots_a), Some(slots_b)) = (slots_a, slots_b) else {
            continue;
        };
        let fresh = &mut eco.fresh;
        let value = match kind {
            BridgeKind::RecycledNumber => {
                let c = market.phone_country(rng);
                BridgeValue::Phone(fresh.get(rng, |r| idents::scam_phone(r, c)))
            }
            BridgeKind::MuleAccount => {
                let kind = eco.ops[a as usize]
                    .pay_kinds
                    .iter()
                    .copied()
                    .find(|p| matches!(p, PayKind::Upi | PayKind::IndianAccount | PayKind::Iban))
                    .unwrap_or(if market == Market::India {
                        PayKind::Upi
                    } else {
                        PayKind::Iban
                    });
                BridgeValue::Mule(new_payment(rng, fresh, kind, market.french()))
            }
            BridgeKind::VictimTwice => {
                let region = market.region(rng);
                let v = fresh.get(rng, |r| idents::victim_phone(r, region));
                eco.victim_bridge_reports += u64::from(na + nb);
                BridgeValue::Victim(v, region)
            }
        };
        let later = if eco.ops[b as usize].start >= eco.ops[a as usize].start {
            b
        } else {
            a
        };
        let id = eco.bridges.len() as u32;
        eco.bridges.push(Bridge {
            kind,
            value,
            ops: [a, b],
            later,
        });
        for k in slots_a {
            eco.bridge_slots.insert((a, k), id);
        }
        for k in slots_b {
            eco.bridge_slots.insert((b, k), id);
        }
        planned += u64::from(na + nb);
    }
}

impl Ecosystem {
    /// The bridge planned for report slot `slot` of operation `op`, if any.
    pub fn bridge_at(&self, op: usize, slot: u32) -> Option<u32> {
        self.bridge_slots.get(&(op as u32, slot)).copied()
    }

    /// Puts bridge `id`'s value into an incident of operation `op`.
    pub fn apply_bridge(&self, id: u32, op: usize, inc: &mut Incident, rng: &mut ChaCha8Rng) {
        let bridge = &self.bridges[id as usize];
        inc.bridge = Some(bridge.kind);
        match &bridge.value {
            BridgeValue::Phone(p) => {
                if inc.phones.is_empty() {
                    inc.phones.push(p.clone());
                } else {
                    inc.phones[0] = p.clone();
                }
                inc.off_schedule = false;
            }
            BridgeValue::Mule(pay) => {
                inc.loss = Some(loss_amount(inc.region, pay, rng));
                inc.payment = Some(pay.clone());
            }
            BridgeValue::Victim(v, region) => {
                inc.region = region;
                inc.victim = Some(v.clone());
                inc.repeat = op as u32 == bridge.later;
            }
        }
    }
}

fn new_operation(
    rng: &mut ChaCha8Rng,
    fresh: &mut Fresh,
    k: usize,
    size: u32,
    overlap: f64,
    unlinkable: f64,
) -> Operation {
    let market = Market::pick(rng);
    let french = market.french();
    let brand = market.brand(rng);
    let brand2 = market.brand(rng);
    let channel = pick_channel(rng);
    let sz = f64::from(size);
    let dur = ((25.0 + 9.0 * sz.sqrt()) * rng.gen_range(0.6..1.4)).min(SPAN_DAYS - 1.0);
    let start = rng.gen_range(0.0..(SPAN_DAYS - dur));
    let count = |per: f64, max: usize| ((1.0 + sz / per).floor() as usize).min(max);

    let phones: Vec<Phone> = (0..count(35.0, 400))
        .map(|_| {
            let c = market.phone_country(rng);
            fresh.get(rng, |r| idents::scam_phone(r, c))
        })
        .collect();
    let sites: Vec<String> = (0..count(120.0, 200))
        .map(|_| {
            if rng.gen_bool(0.65) {
                fresh.get(rng, |r| idents::scam_domain(r, brand))
            } else {
                fresh.get(rng, idents::hosted_site)
            }
        })
        .collect();
    let emails: Vec<String> = (0..count(150.0, 100))
        .map(|_| fresh.get(rng, |r| idents::scam_email(r, brand, french)))
        .collect();

    let table = market.payments();
    let mut pay_kinds = vec![table.choose_weighted(rng, |e| e.1).unwrap().0];
    if rng.gen_bool(0.5) {
        pay_kinds.push(table.choose_weighted(rng, |e| e.1).unwrap().0);
    }
    let account_kind = pay_kinds
        .iter()
        .copied()
        .find(|p| matches!(p, PayKind::Upi | PayKind::IndianAccount | PayKind::Iban));
    let mut mules = Vec::new();
    if let Some(kind) = account_kind {
        mules = (0..count(60.0, 300))
            .map(|_| new_payment(rng, fresh, kind, french))
            .collect();
    }
    let wallet_kind = pay_kinds
        .iter()
        .copied()
        .find(|p| matches!(p, PayKind::Btc | PayKind::Eth));
    let wallets = match wallet_kind {
        Some(kind) => (0..count(200.0, 50))
            .map(|_| new_payment(rng, fresh, kind, french))
            .collect(),
        None => Vec::new(),
    };
    let remotes = (0..count(250.0, 40))
        .map(|_| fresh.get(rng, idents::remote_id))
        .collect();
    let web = matches!(channel, "popup" | "search_ad");
    Operation {
        label: format!("op-{:04}", k + 1),
        size,
        emitted: 0,
        market,
        brands: [brand, brand2],
        channel,
        start,
        dur,
        phones,
        sites,
        emails,
        pay_kinds,
        mules,
        wallets,
        remotes,
        p_site: if web {
            rng.gen_range(0.3..0.6)
        } else {
            rng.gen_range(0.05..0.25)
        },
        p_email: if channel == "email" {
            rng.gen_range(0.5..0.9)
        } else {
            rng.gen_range(0.05..0.25)
        },
        p_remote: rng.gen_range(0.05..0.3),
        overlap,
        unlinkable,
    }
}

/// Language of a narrative.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    En,
    Fr,
    Hinglish,
}

/// One victim's encounter with a scam, before it is written up for a partner.
#[derive(Clone, Debug)]
pub struct Incident {
    pub cluster: String,
    pub brand: &'static str,
    pub region: &'static str,
    pub lang: Lang,
    pub channel: &'static str,
    /// Days since 2023-01-01T00:00:00Z.
    pub day: f64,
    /// Scam phone numbers; the first is the contact, a second one a call-back.
    pub phones: Vec<Phone>,
    /// Scam site host and path.
    pub site: Option<(String, String)>,
    pub email: Option<String>,
    pub remote: Option<(&'static str, String)>,
    pub payment: Option<Payment>,
    /// Amount lost, in the region's currency.
    pub loss: Option<f64>,
    /// The victim's own number, and whether they were scammed before.
    pub victim: Option<Phone>,
    pub repeat: bool,
    /// Mentions a legitimate value (a hub) in passing.
    pub legit: Option<Hub>,
    /// The contact number is the previous or next one of the rotation, not the scheduled one.
    pub off_schedule: bool,
    /// Carries a value shared with another operation.
    pub bridge: Option<BridgeKind>,
}

/// A legitimate value a victim mentions in passing: it is in many unrelated reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hub {
    /// The impersonated company's real support number.
    SupportNumber,
    /// The impersonated company's real site.
    VendorSite,
    /// The victim's webmail provider (the n-th that fits the region).
    Webmail(u8),
}

fn lang_for(market: Market, rng: &mut ChaCha8Rng) -> Lang {
    match market {
        Market::France => Lang::Fr,
        Market::India if rng.gen_bool(0.35) => Lang::Hinglish,
        _ => Lang::En,
    }
}

fn loss_amount(region: &str, kind: &Payment, rng: &mut ChaCha8Rng) -> f64 {
    let base: f64 = match region {
        "IN" => rng.gen_range(2_000.0..150_000.0),
        _ => {
            if rng.gen_bool(0.08) {
                rng.gen_range(3_000.0..45_000.0)
            } else {
                rng.gen_range(99.0..1_500.0)
            }
        }
    };
    let rounded = if matches!(kind, Payment::GiftCard(..)) {
        (base / 50.0).round().max(1.0) * 50.0
    } else {
        base.round()
    };
    if region != "IN" && rng.gen_bool(0.3) {
        rounded - 0.01
    } else {
        rounded
    }
}

impl Operation {
    /// The incident of this operation's next report.
    pub fn incident(&mut self, rng: &mut ChaCha8Rng, fresh: &mut Fresh) -> Incident {
        let t = (f64::from(self.emitted) + rng.gen::<f64>()) / f64::from(self.size.max(1));
        self.emitted += 1;
        let region = self.market.region(rng);
        let brand = if rng.gen_bool(0.85) {
            self.brands[0]
        } else {
            self.brands[1]
        };
        let channel = if rng.gen_bool(0.75) {
            self.channel
        } else {
            pick_channel(rng)
        };
        let mut inc = Incident {
            cluster: self.label.clone(),
            brand,
            region,
            lang: lang_for(self.market, rng),
            channel,
            day: self.start + t * self.dur,
            phones: Vec::new(),
            site: None,
            email: None,
            remote: None,
            payment: None,
            loss: None,
            victim: None,
            repeat: false,
            legit: None,
            off_schedule: false,
            bridge: None,
        };
        let x: f64 = rng.gen();
        // A quarter of the unlinkable share has nothing to go on, the rest a
        // value nobody else reported (0.02 and 0.06 at the default 0.08).
        if x < self.unlinkable / 4.0 {
            // Nothing to go on: "they called from a hidden number".
            return inc;
        }
        if x < self.unlinkable {
            // A value nobody else reported: a number used once, or a one-off site.
            if rng.gen_bool(0.8) {
                let c = self.market.phone_country(rng);
                inc.phones
                    .push(fresh.get(rng, |r| idents::scam_phone(r, c)));
            } else {
                inc.site = Some((fresh.get(rng, idents::hosted_site), idents::url_path(rng)));
            }
            return inc;
        }
        let p_phone = if matches!(channel, "email" | "social") {
            0.7
        } else {
            0.88
        };
        if rng.gen_bool(p_phone) {
            let (p, off) = rotate(&self.phones, t, self.overlap, rng);
            inc.phones.push(p.clone());
            inc.off_schedule = off;
            if rng.gen_bool(0.1) {
                let p2 = rot(&self.phones, t, self.overlap, rng).clone();
                if p2 != inc.phones[0] {
                    inc.phones.push(p2);
                }
            }
        }
        let web = matches!(channel, "popup" | "search_ad" | "social");
        if rng.gen_bool(self.p_site) || (inc.phones.is_empty() && web) {
            inc.site = Some((
                rot(&self.sites, t, self.overlap, rng).clone(),
                idents::url_path(rng),
            ));
        }
        if rng.gen_bool(self.p_email) || (inc.phones.is_empty() && inc.site.is_none()) {
            inc.email = Some(rot(&self.emails, t, self.overlap, rng).clone());
        }
        if rng.gen_bool(self.p_remote) {
            inc.remote = Some(rot(&self.remotes, t, self.overlap, rng).clone());
        }
        if rng.gen_bool(0.55) {
            let kind = *self.pay_kinds.choose(rng).unwrap();
            let pay = match kind {
                PayKind::GiftCard => new_payment(rng, fresh, kind, self.market.french()),
                PayKind::Btc | PayKind::Eth => rot(&self.wallets, t, self.overlap, rng).clone(),
                _ => rot(&self.mules, t, self.overlap, rng).clone(),
            };
            inc.loss = Some(loss_amount(region, &pay, rng));
            inc.payment = Some(pay);
        }
        inc
    }
}

/// A lone complaint: infrastructure nobody else reported.
pub fn singleton(rng: &mut ChaCha8Rng, fresh: &mut Fresh, label: String) -> Incident {
    let market = Market::pick(rng);
    let region = market.region(rng);
    let brand = market.brand(rng);
    let channel = pick_channel(rng);
    let mut inc = Incident {
        cluster: label,
        brand,
        region,
        lang: lang_for(market, rng),
        channel,
        day: rng.gen_range(0.0..SPAN_DAYS),
        phones: Vec::new(),
        site: None,
        email: None,
        remote: None,
        payment: None,
        loss: None,
        victim: None,
        repeat: false,
        legit: None,
        off_schedule: false,
        bridge: None,
    };
    if rng.gen_bool(0.85) {
        let c = market.phone_country(rng);
        inc.phones
            .push(fresh.get(rng, |r| idents::scam_phone(r, c)));
    }
    if rng.gen_bool(0.25) || inc.phones.is_empty() {
        let host = if rng.gen_bool(0.5) {
            fresh.get(rng, |r| idents::scam_domain(r, brand))
        } else {
            fresh.get(rng, idents::hosted_site)
        };
        inc.site = Some((host, idents::url_path(rng)));
    }
    if rng.gen_bool(0.3) {
        let kind = market.payments().choose_weighted(rng, |e| e.1).unwrap().0;
        let pay = new_payment(rng, fresh, kind, market.french());
        inc.loss = Some(loss_amount(region, &pay, rng));
        inc.payment = Some(pay);
    }
    inc
}
