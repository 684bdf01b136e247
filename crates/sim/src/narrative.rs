//! English, French and Hinglish narratives, and the many ways people write numbers, sites, addresses and accounts.

use crate::ecosystem::{Hub, Incident, Lang, Payment};
use crate::idents::{Country, Phone};
use crate::legit::legit;
use rand::seq::SliceRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// How a phone number is written for a victim in `region`. National forms
/// are used only when the number belongs to the region's numbering plan.
pub fn write_phone(p: &Phone, region: &str, rng: &mut ChaCha8Rng) -> String {
    let n = p.nsn.as_str();
    let national = p.country.national_in(region) && rng.gen_bool(0.75);
    // regions whose international prefix is 00
    let idd00 = matches!(region, "FR" | "BE" | "GB" | "IN");
    match p.country {
        Country::Us => {
            let (a, b, c) = (&n[..3], &n[3..6], &n[6..]);
            if national {
                match rng.gen_range(0..9) {
                    0 => format!("({a}) {b}-{c}"),
                    1 => format!("{a}-{b}-{c}"),
                    2 => format!("1-{a}-{b}-{c}"),
                    3 => format!("{a}.{b}.{c}"),
                    4 => format!("({a}) {b} {c}"),
                    5 => format!("1 {a} {b} {c}"),
                    6 => format!("{a}{b}{c}"),
                    7 => format!("1 ({a}) {b}-{c}"),
                    _ => format!("{a} {b} {c}"),
                }
            } else {
                match rng.gen_range(0..6) {
                    0 => format!("+1 ({a}) {b}-{c}"),
                    1 => format!("+1 {a} {b} {c}"),
                    2 => format!("+1-{a}-{b}-{c}"),
                    3 => format!("+1{a}{b}{c}"),
                    4 if idd00 => format!("001 {a} {b} {c}"),
                    _ => format!("+1 {a}-{b}-{c}"),
                }
            }
        }
        Country::Gb => {
            let (a, b, c) = (&n[..3], &n[3..6], &n[6..]);
            if national {
                match rng.gen_range(0..4) {
                    0 => format!("0{a} {b} {c}"),
                    1 => format!("0{a}-{b}-{c}"),
                    2 => format!("0{a} {b}{c}"),
                    _ => format!("0{a}{b}{c}"),
                }
            } else {
                match rng.gen_range(0..5) {
                    0 | 1 => format!("+44 {a} {b} {c}"),
                    2 => format!("+44 {a}-{b}-{c}"),
                    3 if idd00 => format!("0044 {a} {b} {c}"),
                    _ => format!("+44{a}{b}{c}"),
                }
            }
        }
        Country::Fr | Country::Be => {
            let cc = p.country.calling_code();
            let pairs = |s: &str, sep: &str| -> String {
                let first = &s[..1];
                let rest: Vec<&str> = (1..s.len())
                    .step_by(2)
                    .map(|i| &s[i..(i + 2).min(s.len())])
                    .collect();
                format!("{first}{sep}{}", rest.join(sep))
            };
            if national {
                match rng.gen_range(0..5) {
                    0 | 1 => format!("0{}", pairs(n, " ")),
                    2 => format!("0{n}"),
                    3 => format!("0{}", pairs(n, ".")),
                    _ => format!("0{}", pairs(n, "-")),
                }
            } else {
                match rng.gen_range(0..5) {
                    0 | 1 => format!("+{cc} {}", pairs(n, " ")),
                    2 => format!("+{cc} {}", pairs(n, ".")),
                    3 if idd00 => format!("00{cc} {}", pairs(n, " ")),
                    _ => format!("+{cc}{n}"),
                }
            }
        }
        Country::In => {
            let (a, b) = (&n[..5], &n[5..]);
            if national {
                match rng.gen_range(0..4) {
                    0 => format!("{a} {b}"),
                    1 => format!("0{a} {b}"),
                    2 => format!("+91-{n}"),
                    _ => n.to_string(),
                }
            } else {
                match rng.gen_range(0..4) {
                    0 | 1 => format!("+91 {a} {b}"),
                    2 => format!("+91-{n}"),
                    _ if idd00 => format!("0091 {a} {b}"),
                    _ => format!("+91{n}"),
                }
            }
        }
        Country::Au => {
            if national {
                format!("0{} {} {}", &n[..3], &n[3..6], &n[6..])
            } else {
                format!("+61 {} {} {}", &n[..3], &n[3..6], &n[6..])
            }
        }
    }
}

/// A legitimate number in E.164 written plainly: national form when it is the
/// victim's own country, else international with spaces.
pub fn write_legit(e164: &str, region: &str) -> String {
    let d = &e164[1..];
    if let Some(n) = d.strip_prefix('1') {
        if region == "US" || region == "CA" {
            return format!("1-{}-{}-{}", &n[..3], &n[3..6], &n[6..]);
        }
        return format!("+1 {} {} {}", &n[..3], &n[3..6], &n[6..]);
    }
    for (cc, home) in [("44", "GB"), ("33", "FR"), ("91", "IN")] {
        if let Some(n) = d.strip_prefix(cc) {
            let groups = if n.len() >= 10 {
                format!("{} {} {}", &n[..4], &n[4..7], &n[7..])
            } else {
                format!("{} {} {}", &n[..1], &n[1..3], &n[3..])
            };
            if region == home {
                return match home {
                    "IN" => groups,
                    "FR" => format!(
                        "0{} {} {} {} {}",
                        &n[..1],
                        &n[1..3],
                        &n[3..5],
                        &n[5..7],
                        &n[7..]
                    ),
                    _ => format!("0{} {} {}", &n[..3], &n[3..6], &n[6..]),
                };
            }
            return format!("+{cc} {groups}");
        }
    }
    e164.to_string()
}

fn defang_host(h: &str) -> String {
    match h.rfind('.') {
        Some(i) => format!("{}[.]{}", &h[..i], &h[i + 1..]),
        None => h.to_string(),
    }
}

/// Writes a scam site; returns the text and the canonical indicators it carries.
pub fn write_site(
    host: &str,
    path: &str,
    rng: &mut ChaCha8Rng,
    planted: &mut Vec<(String, String)>,
) -> String {
    let registered = host.matches('.').count() == 1;
    let x = rng.gen_range(0..10);
    if x == 7 && registered {
        planted_push(planted, "domain", format!("www.{host}"));
        return format!("www.{host}");
    }
    planted_push(planted, "domain", host.to_string());
    match x {
        0..=3 => {
            let s = if rng.gen_bool(0.8) { "https" } else { "http" };
            planted_push(planted, "url", format!("{s}://{host}{path}"));
            format!("{s}://{host}{path}")
        }
        4..=6 => {
            let s = if rng.gen_bool(0.8) { "https" } else { "http" };
            planted_push(planted, "url", format!("{s}://{host}{path}"));
            let ts = if s == "https" { "hxxps" } else { "hxxp" };
            format!("{ts}://{}{path}", defang_host(host))
        }
        8 => defang_host(host),
        _ => host.to_string(),
    }
}

fn planted_push(planted: &mut Vec<(String, String)>, kind: &str, value: String) {
    if !planted.iter().any(|(k, v)| k == kind && *v == value) {
        planted.push((kind.to_string(), value));
    }
}

/// Writes an email address, sometimes defanged.
pub fn write_email(e: &str, rng: &mut ChaCha8Rng) -> String {
    let (user, host) = e.split_once('@').unwrap();
    match rng.gen_range(0..10) {
        0 | 1 => format!("{user}[at]{}", defang_host(host)),
        2 => format!("{user}[@]{host}"),
        3 => format!("{}@{host}", user.to_ascii_uppercase()),
        _ => e.to_string(),
    }
}

fn group(s: &str, n: usize, sep: &str) -> String {
    let v: Vec<&str> = (0..s.len())
        .step_by(n)
        .map(|i| &s[i..(i + n).min(s.len())])
        .collect();
    v.join(sep)
}

/// Currency of a victim's region.
pub fn currency(region: &str) -> &'static str {
    match region {
        "GB" => "GBP",
        "FR" | "BE" => "EUR",
        "IN" => "INR",
        "CA" => "CAD",
        "AU" => "AUD",
        _ => "USD",
    }
}

fn money(amount: f64, region: &str, lang: Lang) -> String {
    let whole = amount.fract() == 0.0;
    let num = if whole {
        format!("{amount:.0}")
    } else {
        format!("{amount:.2}")
    };
    match (currency(region), lang) {
        ("EUR", _) => format!("{} €", num.replace('.', ",")),
        ("GBP", _) => format!("£{num}"),
        ("INR", Lang::Hinglish) => format!("Rs {num}"),
        ("INR", _) => format!("₹{num}"),
        ("CAD", _) => format!("CA${num}"),
        ("AUD", _) => format!("A${num}"),
        _ => format!("${num}"),
    }
}

/// Writes the narrative of an incident and collects the planted indicators.
/// `skip_payment` leaves the payment out of the text (a bank gives it structured instead).
pub fn write(
    inc: &Incident,
    rng: &mut ChaCha8Rng,
    skip_payment: bool,
    planted: &mut Vec<(String, String)>,
) -> String {
    let mut out: Vec<String> = Vec::with_capacity(6);
    let b = inc.brand;
    let r = inc.region;
    let fr = inc.lang == Lang::Fr;
    let hi = inc.lang == Lang::Hinglish;
    let phone = inc.phones.first().map(|p| {
        planted_push(planted, "phone", p.e164());
        write_phone(p, r, rng)
    });
    let mut site_done = false;
    let mut email_done = false;
    // The lure.
    let lure = match (&phone, inc.channel) {
        (Some(p), "popup") => match (inc.lang, rng.gen_range(0..3)) {
            (Lang::Fr, 0) => format!("Une fenêtre s'est affichée disant que mon ordinateur était bloqué, avec le numéro {p} à appeler."),
            (Lang::Fr, _) => format!("Message d'alerte {b} en plein écran, il fallait appeler le {p} immédiatement."),
            (Lang::Hinglish, _) => format!("Laptop pe popup aaya ki virus hai, {p} pe call karo bola."),
            (_, 0) => format!("A pop-up appeared saying my computer was infected and to call {b} support at {p}."),
            (_, 1) => format!("My screen froze with a warning from \"{b} Defender\" telling me to call {p} immediately."),
            _ => format!("Got a full screen alert with a loud beeping, it said to call toll free {p}."),
        },
        (Some(p), "search_ad") => match (inc.lang, rng.gen_range(0..2)) {
            (Lang::Fr, _) => format!("J'ai cherché le support {b} sur internet et appelé le {p} trouvé dans une annonce."),
            (Lang::Hinglish, _) => format!("Google pe {b} customer care search kiya, {p} mila."),
            (_, 0) => format!("I searched for {b} support and clicked the first ad, which listed {p}."),
            _ => format!("Found the number {p} on a site claiming to be {b} help."),
        },
        (Some(p), "email") => match inc.lang {
            Lang::Fr => format!("J'ai reçu un mail m'annonçant un renouvellement {b} de 299 € avec le {p} pour annuler."),
            _ => format!("I got an email saying my {b} subscription had renewed for $399 and to call {p} to cancel."),
        },
        (Some(p), "sms") => match inc.lang {
            Lang::Fr => format!("Un SMS me demandait de rappeler le {p} pour une commande {b}."),
            _ => format!("A text message told me to call {p} about a suspicious {b} order."),
        },
        (Some(p), "social") => match inc.lang {
            Lang::Fr => format!("Une page Facebook « {b} Assistance » donnait le {p}."),
            _ => format!("A Facebook page for {b} support gave the number {p}."),
        },
        (Some(p), _) => match (inc.lang, rng.gen_range(0..2)) {
            (Lang::Fr, _) => format!("J'ai reçu un appel du {p}, une personne se disant de chez {b}."),
            (Lang::Hinglish, _) => format!("Mujhe {p} se call aaya, bola {b} se bol raha hoon."),
            (_, 0) => format!("I received a call from {p} claiming to be from {b}."),
            _ => format!("Someone called me from {p} saying my {b} account had been hacked."),
        },
        (None, _) => {
            if let Some((host, path)) = &inc.site {
                site_done = true;
                let u = write_site(host, path, rng, planted);
                if fr {
                    format!("Une page {u} a bloqué mon navigateur en disant que mon PC {b} était infecté.")
                } else {
                    format!("A page at {u} locked my browser saying my {b} account was compromised.")
                }
            } else if let Some(e) = &inc.email {
                email_done = true;
                planted_push(planted, "email", e.clone());
                let w = write_email(e, rng);
                if fr {
                    format!("J'ai reçu un mail de {w} au sujet d'un remboursement {b}.")
                } else {
                    format!("I got an email from {w} about a {b} refund.")
                }
            } else if fr {
                format!("On m'a appelé en numéro masqué en se faisant passer pour {b}.")
            } else {
                format!("They called from a hidden number pretending to be {b}.")
            }
        }
    };
    out.push(lure);
    if let Some((host, path)) = inc.site.as_ref().filter(|_| !site_done) {
        let u = write_site(host, path, rng, planted);
        out.push(match (fr, rng.gen_range(0..2)) {
            (true, _) => format!("Le site était {u}."),
            (false, 0) => format!("The page address was {u}."),
            _ => format!("The website was {u}."),
        });
    }
    if let Some(p2) = inc.phones.get(1) {
        planted_push(planted, "phone", p2.e164());
        let w = write_phone(p2, r, rng);
        out.push(if fr {
            format!("Ils m'ont ensuite rappelé depuis le {w}.")
        } else {
            format!("Later they called me back from {w}.")
        });
    }
    if let Some(e) = inc.email.as_ref().filter(|_| !email_done) {
        planted_push(planted, "email", e.clone());
        let w = write_email(e, rng);
        out.push(if fr {
            format!("Ils m'ont écrit depuis {w}.")
        } else {
            format!("They emailed me from {w}.")
        });
    }
    if let Some((tool, id)) = &inc.remote {
        planted_push(planted, "remote_id", format!("{tool}:{id}"));
        let name = if *tool == "anydesk" {
            "AnyDesk"
        } else {
            "TeamViewer"
        };
        let w = if rng.gen_bool(0.6) {
            if id.len() == 10 {
                format!("{} {}", &id[..1], group(&id[1..], 3, " "))
            } else {
                group(id, 3, " ")
            }
        } else {
            id.clone()
        };
        out.push(match inc.lang {
            Lang::Fr => format!("Ils m'ont fait installer {name}, connexion depuis l'ID {w}."),
            Lang::Hinglish => format!("{name} download karwaya aur ID {w} se connect kiya."),
            Lang::En => format!("They made me install {name} and connected from {name} ID {w}."),
        });
    }
    if let (Some(pay), false) = (&inc.payment, skip_payment) {
        let (kind, canon) = pay.canonical();
        planted_push(planted, kind, canon);
        let amt = money(inc.loss.unwrap_or(0.0), r, inc.lang);
        out.push(match pay {
            Payment::GiftCard(_, bw, code, g) => {
                let w = if rng.gen_bool(0.6) { group(code, *g, "-") } else { code.clone() };
                if fr {
                    format!("Ils m'ont fait acheter des coupons {bw} pour {amt} (code {w}).")
                } else {
                    format!("They asked me to buy {bw} gift cards for {amt} and read them the codes, one was {w}.")
                }
            }
            Payment::Upi(u) => {
                if hi {
                    format!("Usne UPI {u} pe {amt} bhejne ko bola, maine bhej diya.")
                } else {
                    format!("I paid {amt} via UPI to {u}.")
                }
            }
            Payment::IndianAccount(ifsc, acct) => match (hi, rng.gen_range(0..2)) {
                (true, _) => format!("{amt} A/c {acct} IFSC {ifsc} mein transfer karwaya."),
                (false, 0) => format!("I transferred {amt} to A/c {acct} IFSC {ifsc}."),
                _ => format!("They made me send {amt} to account no. {acct}, IFSC {ifsc}."),
            },
            Payment::Iban(i) => {
                let w = if rng.gen_bool(0.7) { group(i, 4, " ") } else { i.clone() };
                if fr {
                    format!("J'ai fait un virement de {amt} sur l'IBAN {w}.")
                } else {
                    format!("I wired {amt} to IBAN {w}.")
                }
            }
            Payment::Btc(a) => {
                if fr {
                    format!("J'ai payé {amt} en bitcoin à l'adresse {a}.")
                } else {
                    format!("They had me put {amt} into a Bitcoin ATM, sending to {a}.")
                }
            }
            Payment::Eth(a) => {
                if fr {
                    format!("J'ai envoyé {amt} en ETH à {a}.")
                } else {
                    format!("I sent {amt} worth of ETH to {a}.")
                }
            }
        });
    } else if inc.payment.is_none() && rng.gen_bool(0.3) {
        out.push(if fr {
            "J'ai raccroché avant de payer.".into()
        } else {
            "I hung up before paying anything.".into()
        });
    }
    if let Some(hub) = inc.legit {
        let l = legit();
        match hub {
            Hub::SupportNumber => {
                if let Some(lp) = l.phone_for(b, r) {
                    let w = write_legit(&lp.e164, r);
                    let o = &lp.owner;
                    out.push(match inc.lang {
                        Lang::Fr => format!("J'ai ensuite appelé le vrai support {o} au {w}, qui m'a confirmé l'arnaque."),
                        Lang::Hinglish => format!("Baad mein real {o} customer care {w} pe call kiya to pata chala fraud hai."),
                        Lang::En => format!("I then called the real {o} at {w} and they said it was a scam."),
                    });
                }
            }
            Hub::VendorSite => {
                if let Some(d) = l.domain_for(b, r) {
                    out.push(if fr {
                        format!("Sur {d} ils disent qu'ils n'appellent jamais.")
                    } else {
                        format!("I checked on {d} and they never call customers.")
                    });
                }
            }
            Hub::Webmail(pick) => {
                if let Some(d) = l.webmail_for(r, usize::from(pick)) {
                    out.push(match inc.lang {
                        Lang::Fr => format!(
                            "J'ai changé le mot de passe de ma messagerie {d} par précaution."
                        ),
                        Lang::Hinglish => format!("Maine apna {d} email ka password badal diya."),
                        Lang::En => {
                            format!("I changed the password of my {d} email account just in case.")
                        }
                    });
                }
            }
        }
    }
    if let Some(v) = &inc.victim {
        let w = write_phone(v, r, rng);
        out.push(match (inc.lang, rng.gen_range(0..2)) {
            (Lang::Fr, _) => format!("Mon numéro est le {w}, merci de me rappeler."),
            (Lang::Hinglish, _) => format!("Mera number {w} hai."),
            (_, 0) => format!("My number is {w} if you need to reach me."),
            _ => format!("Please call me back on {w}."),
        });
    }
    if inc.repeat {
        out.push(if fr {
            "C'est la deuxième fois que cela m'arrive.".into()
        } else {
            "This is the second time this has happened to me.".into()
        });
    }
    out.join(" ")
}

/// A phone number as a partner types it in a structured field.
pub fn structured_phone(p: &Phone, rng: &mut ChaCha8Rng) -> String {
    if rng.gen_bool(0.5) {
        p.e164()
    } else {
        let w = write_phone(p, "ZZ", rng);
        if w.starts_with('+') {
            w
        } else {
            p.e164()
        }
    }
}

/// A short agent summary, for partners who write their own narrative.
pub fn agent_summary(inc: &Incident, rng: &mut ChaCha8Rng) -> String {
    let b = inc.brand;
    let fr = inc.lang == Lang::Fr;
    let s: &[&str] = if fr {
        &[
            "Client victime d'une arnaque au faux support",
            "Signalement fraude support technique",
            "Cliente contactée par un faux conseiller",
        ]
    } else {
        &[
            "Customer reports tech support fraud",
            "Victim contacted by fake support",
            "Caller impersonating support, customer paid",
        ]
    };
    let head = s.choose(rng).unwrap();
    format!("{head} ({b}).")
}
