//! Generators of indicator values (phone numbers, domains, accounts, wallets, …) that pass the checks a real extractor applies.

use rand::seq::SliceRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use sha2::{Digest, Sha256};
use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};

/// Country of a phone number (the numbering plan it belongs to).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Country {
    Us,
    Gb,
    Fr,
    In,
    Au,
    Be,
}

impl Country {
    pub fn calling_code(self) -> &'static str {
        match self {
            Country::Us => "1",
            Country::Gb => "44",
            Country::Fr => "33",
            Country::In => "91",
            Country::Au => "61",
            Country::Be => "32",
        }
    }

    /// Whether a number of this plan may be written in national form for a victim in `region`.
    pub fn national_in(self, region: &str) -> bool {
        match self {
            Country::Us => region == "US" || region == "CA",
            Country::Gb => region == "GB",
            Country::Fr => region == "FR",
            Country::In => region == "IN",
            Country::Au => region == "AU",
            Country::Be => region == "BE",
        }
    }
}

/// A phone number: its plan and national significant number (digits only).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phone {
    pub country: Country,
    pub nsn: String,
}

impl Phone {
    pub fn e164(&self) -> String {
        format!("+{}{}", self.country.calling_code(), self.nsn)
    }
}

/// Hands out values never handed out before in this ecosystem, so that two
/// operations share a value only when the generator means them to.
#[derive(Default)]
pub struct Fresh {
    seen: HashSet<u64>,
}

impl Fresh {
    /// Draws with `f` until the value is new.
    pub fn get<T: Hash>(
        &mut self,
        rng: &mut ChaCha8Rng,
        mut f: impl FnMut(&mut ChaCha8Rng) -> T,
    ) -> T {
        loop {
            let v = f(rng);
            let mut h = DefaultHasher::new();
            v.hash(&mut h);
            if self.seen.insert(h.finish()) {
                return v;
            }
        }
    }
}

impl Hash for Phone {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.country.calling_code().hash(state);
        self.nsn.hash(state);
    }
}

fn digits(rng: &mut ChaCha8Rng, n: usize) -> String {
    (0..n)
        .map(|_| char::from(b'0' + rng.gen_range(0..10u8)))
        .collect()
}

/// An Indian mobile number 9xxxxxxxxx, not starting 91 (phonenumber 0.3 would
/// read "91033 44995" written in India as +91 33 44995).
fn indian_mobile(rng: &mut ChaCha8Rng) -> String {
    format!(
        "9{}{}",
        ["0", "2", "3", "4", "5", "6", "7", "8", "9"]
            .choose(rng)
            .unwrap(),
        digits(rng, 8)
    )
}

/// A toll-free or call-back number of the kind scam call centres rent, valid in libphonenumber's metadata.
pub fn scam_phone(rng: &mut ChaCha8Rng, country: Country) -> Phone {
    let nsn = match country {
        // US/CA toll-free: 8(33|44|55|66|77|88) + exchange [2-9]xx + 4 digits.
        Country::Us | Country::Au | Country::Be => {
            let area = *["833", "844", "855", "866", "877", "888"]
                .choose(rng)
                .unwrap();
            format!("{area}{}{}", rng.gen_range(2..10u8), digits(rng, 6))
        }
        Country::Gb => {
            let p = if rng.gen_bool(0.7) { "800" } else { "808" };
            format!("{p}{}", digits(rng, 7))
        }
        Country::Fr => {
            if rng.gen_bool(0.8) {
                format!(
                    "9{}{}",
                    ["70", "72", "74", "75", "77", "80", "86", "87"]
                        .choose(rng)
                        .unwrap(),
                    digits(rng, 6)
                )
            } else {
                format!(
                    "1{}{}",
                    ["4", "5", "7", "8"].choose(rng).unwrap(),
                    digits(rng, 7)
                )
            }
        }
        Country::In => indian_mobile(rng),
    };
    let country = match country {
        Country::Au | Country::Be => Country::Us,
        c => c,
    };
    Phone { country, nsn }
}

/// A victim's own (mobile or landline) number in their country.
pub fn victim_phone(rng: &mut ChaCha8Rng, region: &str) -> Phone {
    match region {
        "US" | "CA" => {
            let areas: &[&str] = if region == "US" {
                &[
                    "212", "312", "415", "617", "206", "305", "512", "602", "718", "813",
                ]
            } else {
                &["416", "604", "514", "403", "613"]
            };
            let a = areas.choose(rng).unwrap();
            Phone {
                country: Country::Us,
                nsn: format!("{a}{}{}", rng.gen_range(2..10u8), digits(rng, 6)),
            }
        }
        "GB" => Phone {
            country: Country::Gb,
            nsn: format!("7{}{}", rng.gen_range(1..4u8), digits(rng, 8)),
        },
        "FR" => {
            let p = *["61", "62", "64", "65", "67", "68", "75", "76", "77", "78"]
                .choose(rng)
                .unwrap();
            Phone {
                country: Country::Fr,
                nsn: format!("{p}{}", digits(rng, 7)),
            }
        }
        "BE" => Phone {
            country: Country::Be,
            nsn: format!(
                "4{}{}",
                ["7", "8", "9"].choose(rng).unwrap(),
                digits(rng, 7)
            ),
        },
        "AU" => Phone {
            country: Country::Au,
            nsn: format!(
                "4{}{}",
                ["0", "1", "2", "3", "6"].choose(rng).unwrap(),
                digits(rng, 7)
            ),
        },
        _ => Phone {
            country: Country::In,
            nsn: indian_mobile(rng),
        },
    }
}

const WORDS: &[&str] = &[
    "secure", "alert", "support", "helpdesk", "fix", "pc", "tech", "help", "care", "desk", "safe",
    "guard", "shield", "virus", "error", "repair", "online", "cloud", "service", "center",
    "assist", "protect", "warning", "system",
];
const TLDS: &[&str] = &[
    "com", "net", "online", "site", "xyz", "info", "support", "help", "live", "top", "in", "co",
];

fn brand_stems(brand: &str) -> &'static [&'static str] {
    match brand {
        "Microsoft" => &[
            "ms-support",
            "windows-defender",
            "microsoft-security",
            "win-techsupport",
            "ms-alert",
            "windows-error",
        ],
        "Amazon" => &[
            "amazon-refund",
            "amzn-account",
            "prime-refund",
            "amazon-order",
            "amzn-billing",
        ],
        "Apple" => &[
            "apple-icloud",
            "icloud-security",
            "apple-care",
            "iphone-locked",
            "apple-id",
        ],
        "Norton" => &[
            "norton-renewal",
            "nortonlifelock",
            "norton-billing",
            "norton-refund",
        ],
        "McAfee" => &["mcafee-renewal", "mcafee-antivirus", "mcafee-billing"],
        _ => &[
            "paypal-dispute",
            "pp-refund",
            "paypal-resolution",
            "paypal-billing",
        ],
    }
}

/// A registered scam domain, e.g. `secure-alert-247.com`, `ms-support-helpdesk.online`.
pub fn scam_domain(rng: &mut ChaCha8Rng, brand: &str) -> String {
    let tld = TLDS.choose(rng).unwrap();
    let w = WORDS.choose(rng).unwrap();
    match rng.gen_range(0..3) {
        0 => format!(
            "{}-{}-{}.{tld}",
            WORDS.choose(rng).unwrap(),
            w,
            rng.gen_range(10..1000)
        ),
        1 => format!("{}-{w}.{tld}", brand_stems(brand).choose(rng).unwrap()),
        _ => format!(
            "{}-{w}{}.{tld}",
            brand_stems(brand).choose(rng).unwrap(),
            rng.gen_range(1..100)
        ),
    }
}

/// A customer site on free hosting, e.g. `xyz123.azurewebsites.net`, `fix-pc.web.app`.
pub fn hosted_site(rng: &mut ChaCha8Rng) -> String {
    let a = WORDS.choose(rng).unwrap();
    let b = WORDS.choose(rng).unwrap();
    let n = rng.gen_range(1..10000);
    match rng.gen_range(0..7) {
        0 | 1 => format!("{a}{b}{n}.azurewebsites.net"),
        2 => format!("{a}-{b}-{n}.web.app"),
        3 => format!("{a}{n}.z13.web.core.windows.net"),
        4 => format!("{a}-{b}{n}.herokuapp.com"),
        5 => format!("{a}-{b}-{n}.netlify.app"),
        _ => format!("{a}{b}{n}.000webhostapp.com"),
    }
}

/// A URL path on a scam site.
pub fn url_path(rng: &mut ChaCha8Rng) -> String {
    match rng.gen_range(0..6) {
        0 => "/".into(),
        1 => "/fix".into(),
        2 => format!("/alert/{}", rng.gen_range(100..99999)),
        3 => "/support.html".into(),
        4 => format!("/?ref={}", rng.gen_range(1000..9999)),
        _ => "/index.php".into(),
    }
}

/// A webmail address used by the call centre, e.g. `support.desk77@gmail.com`.
pub fn scam_email(rng: &mut ChaCha8Rng, brand: &str, french: bool) -> String {
    let b = brand.to_ascii_lowercase();
    let user = match rng.gen_range(0..5) {
        0 => format!("support.desk{}", rng.gen_range(1..1000)),
        1 => format!("{b}.refund.team{}", rng.gen_range(1..1000)),
        2 => format!("billing-dept{}", rng.gen_range(1..10000)),
        3 => format!("helpdesk.{b}{}", rng.gen_range(1..1000)),
        _ => format!(
            "{}.{}{}",
            WORDS.choose(rng).unwrap(),
            WORDS.choose(rng).unwrap(),
            rng.gen_range(1..1000)
        ),
    };
    let host = if french {
        *[
            "gmail.com",
            "hotmail.fr",
            "outlook.fr",
            "yahoo.fr",
            "gmail.com",
        ]
        .choose(rng)
        .unwrap()
    } else {
        *[
            "gmail.com",
            "outlook.com",
            "hotmail.com",
            "yahoo.com",
            "protonmail.com",
            "gmail.com",
        ]
        .choose(rng)
        .unwrap()
    };
    format!("{user}@{host}")
}

/// A UPI ID (`handle@psp`), e.g. `refund.desk99@okaxis`.
pub fn upi(rng: &mut ChaCha8Rng) -> String {
    let psp = [
        "okaxis",
        "oksbi",
        "okhdfcbank",
        "okicici",
        "ybl",
        "paytm",
        "ibl",
        "axl",
        "apl",
    ]
    .choose(rng)
    .unwrap();
    let handle = match rng.gen_range(0..3) {
        0 => format!("refund.desk{}", rng.gen_range(1..1000)),
        1 => format!(
            "{}{}",
            ["rahul", "amit", "sunil", "pooja", "vikas", "deepak", "neha"]
                .choose(rng)
                .unwrap(),
            rng.gen_range(10..10000)
        ),
        _ => format!(
            "{}.{}{}",
            WORDS.choose(rng).unwrap(),
            WORDS.choose(rng).unwrap(),
            rng.gen_range(1..100)
        ),
    };
    format!("{handle}@{psp}")
}

/// An Indian bank account: (IFSC, account number).
pub fn indian_account(rng: &mut ChaCha8Rng) -> (String, String) {
    let (bank, acct) = match rng.gen_range(0..5) {
        0 => ("HDFC", format!("50100{}", digits(rng, 9))),
        1 => ("SBIN", format!("3{}", digits(rng, 10))),
        2 => (
            "ICIC",
            format!("{}{}", rng.gen_range(1..10), digits(rng, 11)),
        ),
        3 => ("UTIB", format!("9{}", digits(rng, 14))),
        _ => (
            "PUNB",
            format!("{}{}", rng.gen_range(1..10), digits(rng, 15)),
        ),
    };
    (format!("{bank}0{}", digits(rng, 6)), acct)
}

fn mod97(s: &str) -> u32 {
    let mut r: u32 = 0;
    for c in s.chars() {
        if let Some(d) = c.to_digit(10) {
            r = (r * 10 + d) % 97;
        } else {
            let v = c as u32 - 'A' as u32 + 10;
            r = (r * 100 + v) % 97;
        }
    }
    r
}

/// An IBAN with valid ISO 13616 check digits (canonical: upper-case, no spaces).
pub fn iban(rng: &mut ChaCha8Rng, french: bool) -> String {
    let (cc, bban) = if french {
        match rng.gen_range(0..4) {
            0 | 1 => {
                let bank = format!(
                    "{}",
                    [30006, 30004, 10278, 16958, 20041].choose(rng).unwrap()
                );
                let branch = digits(rng, 5);
                let acct = digits(rng, 11);
                let b: u64 = bank.parse().unwrap();
                let g: u64 = branch.parse().unwrap();
                let a: u64 = acct.parse().unwrap();
                let key = 97 - ((89 * b + 15 * g + 3 * a) % 97);
                ("FR", format!("{bank}{branch}{acct}{key:02}"))
            }
            2 => ("LT", format!("3250{}", digits(rng, 12))),
            _ => ("DE", digits(rng, 18)),
        }
    } else {
        match rng.gen_range(0..3) {
            0 | 1 => {
                let bank = ["MONZ", "BARC", "LOYD", "REVO", "NWBK"]
                    .choose(rng)
                    .unwrap();
                ("GB", format!("{bank}{}", digits(rng, 14)))
            }
            _ => ("LT", format!("3250{}", digits(rng, 12))),
        }
    };
    let check = 98 - mod97(&format!("{bban}{cc}00"));
    format!("{cc}{check:02}{bban}")
}

const B58: &[u8] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

fn base58(bytes: &[u8]) -> String {
    let mut num: Vec<u8> = bytes.to_vec();
    let mut out = Vec::new();
    while num.iter().any(|&b| b != 0) {
        let mut rem: u32 = 0;
        for b in num.iter_mut() {
            let acc = (rem << 8) | u32::from(*b);
            *b = (acc / 58) as u8;
            rem = acc % 58;
        }
        out.push(B58[rem as usize]);
    }
    for b in bytes {
        if *b == 0 {
            out.push(b'1');
        } else {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap()
}

/// A Bitcoin P2PKH or P2SH address with a valid base58check checksum.
pub fn btc(rng: &mut ChaCha8Rng) -> String {
    let mut payload = vec![if rng.gen_bool(0.7) { 0x00 } else { 0x05 }];
    payload.extend((0..20).map(|_| rng.gen::<u8>()));
    let sum = Sha256::digest(Sha256::digest(&payload));
    payload.extend_from_slice(&sum[..4]);
    base58(&payload)
}

/// An Ethereum address, lower-case.
pub fn eth(rng: &mut ChaCha8Rng) -> String {
    let mut s = String::from("0x");
    for _ in 0..40 {
        s.push(char::from(b"0123456789abcdef"[rng.gen_range(0..16)]));
    }
    s
}

/// An AnyDesk ID (9 digits) or TeamViewer ID (10 digits): (tool, digits).
pub fn remote_id(rng: &mut ChaCha8Rng) -> (&'static str, String) {
    if rng.gen_bool(0.8) {
        (
            "anydesk",
            format!("{}{}", rng.gen_range(1..10), digits(rng, 8)),
        )
    } else {
        ("teamviewer", format!("1{}", digits(rng, 9)))
    }
}

/// A gift card: (canonical brand, brand as written, code upper-case without separators, group size for writing).
pub fn gift_card(
    rng: &mut ChaCha8Rng,
    french: bool,
) -> (&'static str, &'static str, String, usize) {
    const ALNUM: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let alnum = |rng: &mut ChaCha8Rng, n: usize| -> String {
        (0..n)
            .map(|_| char::from(ALNUM[rng.gen_range(0..ALNUM.len())]))
            .collect()
    };
    if french {
        match rng.gen_range(0..3) {
            0 => ("transcash", "Transcash", digits(rng, 12), 4),
            1 => ("neosurf", "Neosurf", alnum(rng, 10), 5),
            _ => ("pcs", "PCS", alnum(rng, 10), 5),
        }
    } else {
        match rng.gen_range(0..5) {
            0 | 1 => ("apple", "Apple", format!("X{}", alnum(rng, 15)), 4),
            2 => ("googleplay", "Google Play", alnum(rng, 20), 4),
            3 => ("steam", "Steam", alnum(rng, 15), 5),
            _ => ("target", "Target", digits(rng, 15), 5),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn iban_check_digits_are_valid() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        for i in 0..500 {
            let v = iban(&mut rng, i % 2 == 0);
            let moved = format!("{}{}", &v[4..], &v[..4]);
            assert_eq!(mod97(&moved), 1, "{v}");
        }
        // a known-good IBAN from the spec
        assert_eq!(mod97("30006000011234567890189FR76"), 1);
    }

    #[test]
    fn btc_is_base58check() {
        let mut rng = ChaCha8Rng::seed_from_u64(2);
        for _ in 0..200 {
            let a = btc(&mut rng);
            assert!(a.starts_with('1') || a.starts_with('3'), "{a}");
            // decode and check
            let mut n: Vec<u8> = vec![0; 25];
            for c in a.bytes() {
                let mut carry = B58.iter().position(|&x| x == c).unwrap() as u32;
                for b in n.iter_mut().rev() {
                    carry += u32::from(*b) * 58;
                    *b = carry as u8;
                    carry >>= 8;
                }
                assert_eq!(carry, 0);
            }
            let sum = Sha256::digest(Sha256::digest(&n[..21]));
            assert_eq!(&sum[..4], &n[21..]);
        }
        assert_eq!(base58(&[0, 0, 1]), "112");
    }
}
