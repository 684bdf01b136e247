//! Data-driven tests of `extract`: each case is a text, a region and the expected `kind:value` list, in order.

use ringtrace_extract::{extract, Role};

/// Runs every case and reports all failures at once.
fn run(cases: &[(&str, Option<&str>, &str)]) {
    let mut failures = Vec::new();
    for (text, region, expect) in cases {
        let got: Vec<String> = extract(text, *region)
            .iter()
            .map(|f| f.indicator.to_string())
            .collect();
        let got = got.join(" ");
        if got != *expect {
            failures.push(format!(
                "text: {text:?} region {region:?}\n  want: {expect}\n  got:  {got}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failing cases:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn phones_english() {
    run(&[
        ("Call +1 (844) 281-8482 now", None, "phone:+18442818482"),
        ("Call 1-844-281-8482 now", None, "phone:+18442818482"),
        (
            "toll free 1 800 642 7676 is what the pop-up said",
            None,
            "phone:+18006427676",
        ),
        (
            "The number was 844.281.8482.",
            Some("US"),
            "phone:+18442818482",
        ),
        (
            "The number was (844) 281-8482.",
            Some("us"),
            "phone:+18442818482",
        ),
        (
            "He called from +44 800 123 4567 twice",
            None,
            "phone:+448001234567",
        ),
        (
            "dial 011 44 20 7946 0958",
            Some("US"),
            "phone:+442079460958",
        ),
        ("call +44 (0)20 7946 0958", None, "phone:+442079460958"),
        (
            "call 1-888-555-0123 (spec example)",
            None,
            "phone:+18885550123",
        ),
        (
            "Two numbers: +18442818482 and +1 844 281 8483.",
            None,
            "phone:+18442818482 phone:+18442818483",
        ),
        // 10 digits without a region: only toll-free codes are read as US.
        ("call 844-281-8482", None, "phone:+18442818482"),
        ("call 212-281-8482", None, ""),
        ("call 212-281-8482", Some("US"), "phone:+12122818482"),
    ]);
}

#[test]
fn phones_french() {
    run(&[
        (
            "Appelez le 09 70 12 34 56 immédiatement",
            Some("FR"),
            "phone:+33970123456",
        ),
        (
            "Appelez le 09.70.12.34.56",
            Some("fr"),
            "phone:+33970123456",
        ),
        ("numéro : 01 42 68 53 00", Some("FR"), "phone:+33142685300"),
        (
            "Il m'a appelé du 0033 9 70 12 34 56",
            None,
            "phone:+33970123456",
        ),
        (
            "Il m'a appelé du +33 (0)9 70 12 34 56",
            None,
            "phone:+33970123456",
        ),
        (
            "Il m'a appelé du +33 9 70 12 34 56",
            Some("BE"),
            "phone:+33970123456",
        ),
        (
            "le 0970123456 puis le 0970123457",
            Some("FR"),
            "phone:+33970123456 phone:+33970123457",
        ),
        (
            "deux numéros 09 70 12 34 56 09 70 12 34 57",
            Some("FR"),
            "phone:+33970123456 phone:+33970123457",
        ),
        (
            "(appeler le 09 70 12 34 56)",
            Some("FR"),
            "phone:+33970123456",
        ),
        (
            "numéros +33 9 70 12 34 56 +33 9 70 12 34 57",
            None,
            "phone:+33970123456 phone:+33970123457",
        ),
        ("Tél. : 01.42.68.53.00.", Some("FR"), "phone:+33142685300"),
        // Without a region a French national number is not read.
        ("Appelez le 09 70 12 34 56", None, ""),
    ]);
}

#[test]
fn phone_precision_traps() {
    run(&[
        ("On 2023-10-12 at 14:30 a pop-up appeared", Some("US"), ""),
        ("Le 12/10/2023 à 14h30", Some("FR"), ""),
        ("Le 12.10.2023 vers 15h", Some("FR"), ""),
        ("I paid $499.99 and then 1 500 € more", Some("US"), ""),
        ("J'ai payé 1 500 € puis 2 300,50 euros", Some("FR"), ""),
        ("They took 12345678 € from me", Some("FR"), ""),
        ("Windows version 10.0.19045.3570 is fine", Some("US"), ""),
        ("error 0x80070005 appeared", Some("US"), ""),
        ("order #112-3456789-1234567 was fake", Some("US"), ""),
        ("Amazon order 112-3456789-1234567 was fake", Some("US"), ""),
        ("commande n° 0970123456 annulée", Some("FR"), ""),
        ("ticket 8442818482 opened", Some("US"), ""),
        ("call 202-555-0142 now", Some("US"), ""),
        ("invalid +33 12", None, ""),
        ("+1 844 281 848", None, ""),
        ("serial SN8442818482 printed", Some("US"), ""),
        (
            "the IP 192.168.100.200 was shown",
            Some("US"),
            "ip:192.168.100.200",
        ),
    ]);
}

#[test]
fn urls_and_domains() {
    run(&[
        (
            "Go to hxxps://Secure-Alert[.]com/fix?id=1 now",
            None,
            "url:https://secure-alert.com/fix?id=1 domain:secure-alert.com",
        ),
        (
            "visit https://secure-alert.com:443/a#frag.",
            None,
            "url:https://secure-alert.com/a domain:secure-alert.com",
        ),
        (
            "site: www.Fix-PC-Now.com/help, then",
            None,
            "url:http://www.fix-pc-now.com/help domain:www.fix-pc-now.com",
        ),
        (
            "(see http://help-desk.support/x)",
            None,
            "url:http://help-desk.support/x domain:help-desk.support",
        ),
        (
            "http://203.0.113.7/login",
            None,
            "url:http://203.0.113.7/login ip:203.0.113.7",
        ),
        (
            "page at xyz.azurewebsites.net was fake",
            None,
            "domain:xyz.azurewebsites.net",
        ),
        (
            "the site secure-alert[.]com again",
            None,
            "domain:secure-alert.com",
        ),
        (
            "the site secure-alert(dot)com again",
            None,
            "domain:secure-alert.com",
        ),
        (
            "le site bücher.de est faux",
            None,
            "domain:xn--bcher-kva.de",
        ),
        (
            "Le site microsoft-aide.fr m'a bloqué.",
            None,
            "domain:microsoft-aide.fr",
        ),
        (
            "hxxp://bad[.]example[.]org",
            None,
            "url:http://bad.example.org/ domain:bad.example.org",
        ),
        (
            "https://secure-alert.com",
            None,
            "url:https://secure-alert.com/ domain:secure-alert.com",
        ),
    ]);
}

#[test]
fn domain_precision_traps() {
    run(&[
        ("run script.py then readme.md and setup.sh", None, ""),
        ("open invoice.pdf and photo.jpg", None, ""),
        ("I called.Then they hung up", None, ""),
        ("version 10.0.19045.3570", None, ""),
        ("e.g. this, i.e. that", None, ""),
        ("a file named update.zip arrived", None, ""),
        (
            "but update[.]zip defanged is a domain",
            None,
            "domain:update.zip",
        ),
        ("something.notarealtld here", None, ""),
    ]);
}

#[test]
fn emails() {
    run(&[
        (
            "write to Help.Desk[at]gmail[.]com",
            None,
            "email:help.desk@gmail.com",
        ),
        (
            "write to Help.Desk (at) gmail (dot) com",
            None,
            "email:help.desk@gmail.com",
        ),
        (
            "écrire à support@microsoft-aide.fr.",
            None,
            "email:support@microsoft-aide.fr",
        ),
        ("mail billing@bad.notarealtld now", None, ""),
        ("contact x@y", None, ""),
    ]);
}

#[test]
fn ips() {
    run(&[
        ("connected from 203.0.113[.]7", None, "ip:203.0.113.7"),
        ("IPv6 2001:DB8:0:0:0:0:0:1 seen", None, "ip:2001:db8::1"),
        (
            "IPv6 2001:db8::8a2e:370:7334 seen",
            None,
            "ip:2001:db8::8a2e:370:7334",
        ),
        ("not 999.1.1.1 nor 1.2.3.4.5", None, ""),
        ("at 12:30:45 sharp", None, ""),
    ]);
}

#[test]
fn upi() {
    run(&[
        ("UPI refund.desk99@okaxis", None, "upi:refund.desk99@okaxis"),
        ("pay to 9876543210@YBL today", None, "upi:9876543210@ybl"),
        (
            "send via upi to scam.team@newbank",
            None,
            "upi:scam.team@newbank",
        ),
        ("mention @someone on twitter at foo@unknownpsp", None, ""),
    ]);
}

#[test]
fn ibans() {
    run(&[
        (
            "virement sur FR76 3000 6000 0112 3456 7890 189 svp",
            None,
            "iban:FR7630006000011234567890189",
        ),
        (
            "IBAN: FR7630006000011234567890189.",
            None,
            "iban:FR7630006000011234567890189",
        ),
        (
            "IBAN DE89 3704 0044 0532 0130 00 BANK",
            None,
            "iban:DE89370400440532013000",
        ),
        (
            "GB29 NWBK 6016 1331 9268 19",
            None,
            "iban:GB29NWBK60161331926819",
        ),
        ("bad FR76 3000 6000 0112 3456 7890 188", None, ""),
        ("short DE89 3704 0044 0532 0130", None, ""),
    ]);
}

#[test]
fn crypto() {
    run(&[
        (
            "send BTC to 1BoatSLRHtKNngkdXEeobR76b53LETtpyT",
            None,
            "crypto_wallet:btc:1BoatSLRHtKNngkdXEeobR76b53LETtpyT",
        ),
        (
            "P2SH 3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy ok",
            None,
            "crypto_wallet:btc:3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy",
        ),
        (
            "wallet BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4",
            None,
            "crypto_wallet:btc:bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
        ),
        (
            "taproot bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
            None,
            "crypto_wallet:btc:bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
        ),
        (
            "eth 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            None,
            "crypto_wallet:eth:0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed",
        ),
        (
            "eth 0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed",
            None,
            "crypto_wallet:eth:0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed",
        ),
        (
            "bad eth 0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            None,
            "",
        ),
        (
            "USDT TRC20 TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
            None,
            "crypto_wallet:trx:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
        ),
        ("bad 1BoatSLRHtKNngkdXEeobR76b53LETtpyX", None, ""),
        ("bad bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5", None, ""),
    ]);
}

#[test]
fn remote_ids() {
    run(&[
        (
            "AnyDesk ID 492 966 566 given",
            None,
            "remote_id:anydesk:492966566",
        ),
        (
            "code AnyDesk : 123456789",
            None,
            "remote_id:anydesk:123456789",
        ),
        (
            "TeamViewer ID: 1 234 567 890 password 4321",
            None,
            "remote_id:teamviewer:1234567890",
        ),
        (
            "installer UltraViewer, ID 123 456 789",
            Some("FR"),
            "remote_id:ultraviewer:123456789",
        ),
        ("rustdesk 123-456-789", None, "remote_id:rustdesk:123456789"),
        (
            "il m'a fait installer Any Desk, identifiant 987 654 321",
            Some("FR"),
            "remote_id:anydesk:987654321",
        ),
        (
            "TeamViewer and called 844 281 8482",
            None,
            "phone:+18442818482",
        ),
        // Digits without a tool named nearby are no remote ID.
        ("the ID was 492 966 566", None, ""),
        (
            "AnyDesk was installed, and a long time after that he gave me 492 966 566",
            None,
            "",
        ),
        ("AnyDesk ID 12345", None, ""),
    ]);
}

#[test]
fn gift_cards() {
    run(&[
        (
            "bought an Amazon gift card, code AQ4B-7YHJKL-ZX9P",
            None,
            "gift_card:amazon:AQ4B7YHJKLZX9P",
        ),
        (
            "Apple gift card X4RT7YHJ9KLM2NP3 AND more",
            None,
            "gift_card:apple:X4RT7YHJ9KLM2NP3",
        ),
        (
            "carte cadeau iTunes : X4RT 7YHJ 9KLM 2NP3",
            None,
            "gift_card:apple:X4RT7YHJ9KLM2NP3",
        ),
        (
            "Google Play card code ABCD1EFGH2IJKL3MNOP4",
            None,
            "gift_card:google_play:ABCD1EFGH2IJKL3MNOP4",
        ),
        (
            "Steam wallet codes: 4AB7C-DE9FG-HIJ2K",
            None,
            "gift_card:steam:4AB7CDE9FGHIJ2K",
        ),
        (
            "coupon paysafecard 1234 5678 9012 3456",
            None,
            "gift_card:paysafecard:1234567890123456",
        ),
        // No brand, or no gift card cue: nothing.
        ("code X4RT7YHJ9KLM2NP3", None, ""),
        ("Apple X4RT7YHJ9KLM2NP3", None, ""),
        ("Amazon order 112-3456789-1234567 and gift card", None, ""),
    ]);
}

#[test]
fn bank_accounts() {
    run(&[
        (
            "A/c 50100234567890 IFSC HDFC0001234",
            None,
            "bank_account:HDFC0001234:50100234567890",
        ),
        (
            "account no. 123456789012, IFSC: SBIN0004567",
            Some("IN"),
            "bank_account:SBIN0004567:123456789012",
        ),
        (
            "IFSC ICIC0000123 account 000401234567",
            Some("IN"),
            "bank_account:ICIC0000123:000401234567",
        ),
        ("IFSC HDFC0001234 without account", None, ""),
    ]);
}

#[test]
fn mixed_narrative() {
    run(&[(
        "A pop-up from hxxps://win-alert[.]help said to call +1 844 281 8482. The man asked me to install AnyDesk (ID 492 966 566) and then to pay 500$ in Apple gift cards: X4RT7YHJ9KLM2NP3. I gave my number 212-555-0199.",
        Some("US"),
        "url:https://win-alert.help/ domain:win-alert.help phone:+18442818482 remote_id:anydesk:492966566 gift_card:apple:X4RT7YHJ9KLM2NP3",
    )]);
}

#[test]
fn spans_are_the_raw_text() {
    let text = "Go to hxxps://Secure-Alert[.]com/fix?id=1, then call +1 (844) 281-8482. AnyDesk ID 492 966 566.";
    let found = extract(text, None);
    let spans: Vec<(&str, &str)> = found
        .iter()
        .map(|f| (f.indicator.kind.as_str(), &text[f.start..f.end]))
        .collect();
    assert_eq!(
        spans,
        vec![
            ("url", "hxxps://Secure-Alert[.]com/fix?id=1"),
            ("domain", "hxxps://Secure-Alert[.]com/fix?id=1"),
            ("phone", "+1 (844) 281-8482"),
            ("remote_id", "492 966 566"),
        ]
    );
    let t2 = "écrire à Help.Desk[at]gmail[.]com — numéro 09 70 12 34 56";
    let f2 = extract(t2, Some("FR"));
    let s2: Vec<&str> = f2.iter().map(|f| &t2[f.start..f.end]).collect();
    assert_eq!(s2, vec!["Help.Desk[at]gmail[.]com", "09 70 12 34 56"]);
}

fn roles(text: &str, region: Option<&str>) -> Vec<(String, Option<Role>)> {
    extract(text, region)
        .into_iter()
        .map(|f| (f.indicator.value, f.role))
        .collect()
}

#[test]
fn roles_from_cues() {
    use Role::*;
    assert_eq!(
        roles(
            "They called me from +1 844 281 8482. I gave them my number +1 212 281 8482.",
            None
        ),
        vec![
            ("+18442818482".into(), Some(ScammerContact)),
            ("+12122818482".into(), Some(VictimOwn)),
        ]
    );
    assert_eq!(
        roles("The real Microsoft number is +1 800 642 7676.", None),
        vec![("+18006427676".into(), Some(LegitimateReference))]
    );
    assert_eq!(
        roles(
            "Il m'a dit d'appeler le 09 70 12 34 56, mon numéro est le 06 12 34 56 78.",
            Some("FR")
        ),
        vec![
            ("+33970123456".into(), Some(ScammerContact)),
            ("+33612345678".into(), Some(VictimOwn)),
        ]
    );
    assert_eq!(
        roles("Le vrai site est microsoft.com", None),
        vec![("microsoft.com".into(), Some(LegitimateReference))]
    );
    assert_eq!(
        roles(
            "J'ai fait un virement sur FR76 3000 6000 0112 3456 7890 189.",
            None
        ),
        vec![(
            "FR7630006000011234567890189".into(),
            Some(PaymentDestination)
        )]
    );
    assert_eq!(
        roles("FR76 3000 6000 0112 3456 7890 189", None),
        vec![(
            "FR7630006000011234567890189".into(),
            Some(PaymentDestination)
        )]
    );
    assert_eq!(
        roles(
            "Money was taken from my account FR76 3000 6000 0112 3456 7890 189",
            None
        ),
        vec![("FR7630006000011234567890189".into(), Some(VictimOwn))]
    );
    assert_eq!(
        roles("AnyDesk 492 966 566", None),
        vec![("anydesk:492966566".into(), Some(ScammerContact))]
    );
    assert_eq!(
        roles("Saw secure-alert.com somewhere", None),
        vec![("secure-alert.com".into(), None)]
    );
    assert_eq!(
        roles("the pop-up said hxxp://fix[.]help", None),
        vec![
            ("http://fix.help/".into(), Some(ScammerContact)),
            ("fix.help".into(), Some(ScammerContact)),
        ]
    );
}

#[test]
fn never_panics_and_spans_are_char_boundaries() {
    let texts = [
        "",
        "é",
        "[.]",
        "hxxp",
        "(at)(at)[.][.]",
        "+",
        "++++(((((0000000",
        "€€€ 0970123456€ ¥8442818482¥",
        "ü.ü.ü@ü.de [at] ü[dot]de",
        "0x",
        "bc1",
        "AnyDesk",
        "AnyDesk 1",
        "IFSC ABCD0123456 9999999999999999999999",
        "Ω 09 70 12 34 56 Ω hxxps://ü[.]de/ü",
        "1111111111111111111111111111111111111111111111111",
        "+999999999999999999",
        "00000000000000000000",
        "::::::::::",
        "a@b@c@d.com",
        "gift card apple 😀😀😀 X4RT7YHJ9KLM2NP3 😀",
    ];
    for t in texts {
        for r in [None, Some("FR"), Some("US"), Some("zz"), Some("ééé")] {
            for f in extract(t, r) {
                assert!(
                    t.is_char_boundary(f.start) && t.is_char_boundary(f.end),
                    "{t:?}"
                );
                assert!(f.start <= f.end && f.end <= t.len());
            }
        }
    }
    // Every prefix of a mixed text (cut inside multibyte characters is impossible for &str,
    // so cut on every char boundary).
    let long = "Appelé le 09 70 12 34 56, écrit à aide[at]exemple[.]fr, payé FR76 3000 6000 0112 3456 7890 189 — ü";
    for (i, _) in long.char_indices() {
        let _ = extract(&long[..i], Some("FR"));
        let _ = extract(&long[i..], Some("FR"));
    }
    // Every two-letter region, known or not.
    for a in b'A'..=b'Z' {
        for b in b'A'..=b'Z' {
            let r = format!("{}{}", a as char, b as char);
            let _ = extract("call 0970123456 or 8442818482 or 01 42 68 53 00", Some(&r));
            let _ = ringtrace_extract::canonicalize(
                ringtrace_extract::Kind::Phone,
                "0612345678",
                Some(&r),
            );
            let _ = ringtrace_extract::canonicalize(
                ringtrace_extract::Kind::BankAccount,
                "0612345678",
                Some(&r),
            );
        }
    }
    // Digit soup through the phone parser.
    let mut seed: u64 = 42;
    for _ in 0..2000 {
        let mut s = String::new();
        for _ in 0..(seed % 25) {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let c = b"0123456789+ -.()"[(seed >> 33) as usize % 16] as char;
            s.push(c);
        }
        let _ = extract(&s, Some("US"));
        let _ = extract(&s, None);
    }
}
