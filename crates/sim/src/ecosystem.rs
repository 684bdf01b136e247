//! Call-centre operations (rings), their infrastructure rotating over time, and the incidents their victims report.

use crate::idents::{self, Country, Fresh, Phone};
use rand::seq::SliceRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// Days covered by the simulation: 2023-01-01 to 2024-12-31.
pub const SPAN_DAYS: f64 = 731.0;
/// Share of reports that are lone complaints (each its own cluster).
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
/// [i/n, (i+1)/n), and near a boundary either neighbour may still be in use.
fn rotate<'a, T>(items: &'a [T], t: f64, rng: &mut ChaCha8Rng) -> &'a T {
    let n = items.len();
    let x = t * n as f64;
    let mut i = (x as usize).min(n - 1);
    let frac = x - i as f64;
    if frac < 0.2 && i > 0 && rng.gen_bool(0.5) {
        i -= 1;
    } else if frac > 0.8 && i + 1 < n && rng.gen_bool(0.5) {
        i += 1;
    }
    &items[i]
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

/// Heavy-tailed operation size: a Pareto(alpha 0.85) draw from 2, softly capped.
fn op_size(rng: &mut ChaCha8Rng, cap: u32) -> u32 {
    let u: f64 = rng.gen_range(1e-9..1.0);
    let s = (2.0 * u.powf(-1.0 / 0.85)).floor();
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
}

/// A number handed back to the carrier when its operation ended.
struct Retired {
    phone: Phone,
    market: Market,
    free_from: f64,
}

/// Builds the operations for `reports` reports. Sizes sum exactly to the
/// non-singleton share.
pub fn build(rng: &mut ChaCha8Rng, reports: u64) -> Ecosystem {
    let mut eco = Ecosystem::default();
    let mut singletons = (reports as f64 * SINGLETON_SHARE).round() as u64;
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
        let s = u64::from(op_size(rng, cap)).min(left);
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
    let mut retired: Vec<Retired> = Vec::new();
    let mut mule_pool: Vec<(Market, Payment)> = Vec::new();
    for (k, size) in sizes.into_iter().enumerate() {
        let op = new_operation(rng, &mut eco.fresh, k, size, &mut retired, &mut mule_pool);
        eco.ops.push(op);
    }
    eco
}

fn new_operation(
    rng: &mut ChaCha8Rng,
    fresh: &mut Fresh,
    k: usize,
    size: u32,
    retired: &mut Vec<Retired>,
    mule_pool: &mut Vec<(Market, Payment)>,
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

    let mut phones: Vec<Phone> = (0..count(35.0, 400))
        .map(|_| {
            let c = market.phone_country(rng);
            fresh.get(rng, |r| idents::scam_phone(r, c))
        })
        .collect();
    // A number the carrier recycled from an operation that ended a while ago.
    if rng.gen_bool(0.03) && !retired.is_empty() {
        for _ in 0..30 {
            let j = rng.gen_range(0..retired.len());
            if retired[j].market == market && retired[j].free_from <= start {
                phones[0] = retired.swap_remove(j).phone;
                break;
            }
        }
    }
    if size >= 3 {
        retired.push(Retired {
            phone: phones.last().unwrap().clone(),
            market,
            free_from: start + dur + RECYCLE_GAP_DAYS,
        });
    }

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
        // A mule account rented out to another operation too (a bridge).
        if rng.gen_bool(0.04) {
            let same: Vec<usize> = (0..mule_pool.len())
                .filter(|&j| mule_pool[j].0 == market)
                .collect();
            if let Some(&j) = same.choose(rng) {
                let i = rng.gen_range(0..mules.len());
                mules[i] = mule_pool[j].1.clone();
            }
        }
        if mule_pool.len() < 4096 {
            mule_pool.push((market, mules[rng.gen_range(0..mules.len())].clone()));
        }
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
    /// Mentions a legitimate support number or site in passing.
    pub legit: bool,
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
            legit: false,
        };
        let x: f64 = rng.gen();
        if x < 0.02 {
            // Nothing to go on: "they called from a hidden number".
            return inc;
        }
        if x < 0.08 {
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
            inc.phones.push(rotate(&self.phones, t, rng).clone());
            if rng.gen_bool(0.1) {
                let p2 = rotate(&self.phones, t, rng).clone();
                if p2 != inc.phones[0] {
                    inc.phones.push(p2);
                }
            }
        }
        let web = matches!(channel, "popup" | "search_ad" | "social");
        if rng.gen_bool(self.p_site) || (inc.phones.is_empty() && web) {
            inc.site = Some((rotate(&self.sites, t, rng).clone(), idents::url_path(rng)));
        }
        if rng.gen_bool(self.p_email) || (inc.phones.is_empty() && inc.site.is_none()) {
            inc.email = Some(rotate(&self.emails, t, rng).clone());
        }
        if rng.gen_bool(self.p_remote) {
            inc.remote = Some(rotate(&self.remotes, t, rng).clone());
        }
        if rng.gen_bool(0.55) {
            let kind = *self.pay_kinds.choose(rng).unwrap();
            let pay = match kind {
                PayKind::GiftCard => new_payment(rng, fresh, kind, self.market.french()),
                PayKind::Btc | PayKind::Eth => rotate(&self.wallets, t, rng).clone(),
                _ => rotate(&self.mules, t, rng).clone(),
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
        legit: false,
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
