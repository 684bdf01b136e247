//! Data-driven tests of `canonicalize` and `detect`.

use ringtrace_extract::{canonicalize, detect, Invalid, Kind};

/// `expect` is the canonical value, or `!` followed by a part of the error message.
fn run(cases: &[(Kind, &str, Option<&str>, &str)]) {
    let mut failures = Vec::new();
    for (kind, raw, region, expect) in cases {
        let got = canonicalize(*kind, raw, *region);
        let ok = match (expect.strip_prefix('!'), &got) {
            (Some(msg), Err(Invalid(e))) => e.contains(msg),
            (None, Ok(v)) => v == expect,
            _ => false,
        };
        if !ok {
            failures.push(format!(
                "{kind} {raw:?} {region:?}: want {expect}, got {got:?}"
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
fn canonical_values() {
    use Kind::*;
    run(&[
        (Phone, "+1 (888) 555-0123", None, "+18885550123"),
        (Phone, "1-888-555-0123", None, "+18885550123"),
        (Phone, "888.555.0123", Some("US"), "+18885550123"),
        (Phone, "09 70 12 34 56", Some("FR"), "+33970123456"),
        (Phone, "+44 800 123 4567", None, "+448001234567"),
        (Phone, "0033 9 70 12 34 56", Some("FR"), "+33970123456"),
        (Phone, "tel:+33970123456", None, "+33970123456"),
        (Phone, "+18442818482", None, "+18442818482"),
        (
            Phone,
            "+33 12",
            None,
            "!`+33 12` is not a valid phone number",
        ),
        (Phone, "09 70 12 34 56", None, "!not a valid phone number"),
        (Phone, "call me", None, "!not a valid phone number"),
        (Phone, "", None, "!empty"),
        (
            Url,
            "hxxps://Secure-Alert[.]com/fix?id=1",
            None,
            "https://secure-alert.com/fix?id=1",
        ),
        (
            Url,
            "HTTP://Example.COM:80/A#x",
            None,
            "http://example.com/A",
        ),
        (Url, "https://bücher.de/", None, "https://xn--bcher-kva.de/"),
        (Url, "www.example.com", None, "http://www.example.com/"),
        (Url, "javascript:alert(1)", None, "!not a valid"),
        (Domain, "secure-alert[.]com", None, "secure-alert.com"),
        (
            Domain,
            "XYZ.azurewebsites.net.",
            None,
            "xyz.azurewebsites.net",
        ),
        (Domain, "bücher.de", None, "xn--bcher-kva.de"),
        (Domain, "com", None, "!known public suffix"),
        (Domain, "foo.notarealtld", None, "!known public suffix"),
        (
            Email,
            "Help.Desk[at]gmail[.]com",
            None,
            "help.desk@gmail.com",
        ),
        (Email, "help@nowhere", None, "!not a valid email"),
        (Ip, "203.0.113[.]7", None, "203.0.113.7"),
        (Ip, "2001:DB8:0:0:0:0:0:1", None, "2001:db8::1"),
        (Ip, "256.1.1.1", None, "!not a valid IPv4"),
        (Upi, "Refund.Desk99@OKAXIS", None, "refund.desk99@okaxis"),
        (Upi, "x@gmail.com", None, "!not a UPI ID"),
        (
            Iban,
            "FR76 3000 6000 0112 3456 7890 189",
            None,
            "FR7630006000011234567890189",
        ),
        (
            Iban,
            "de89370400440532013000",
            None,
            "DE89370400440532013000",
        ),
        (
            Iban,
            "FR76 3000 6000 0112 3456 7890 188",
            None,
            "!IBAN check digits do not match",
        ),
        (
            Iban,
            "FR76 3000 6000 0112 3456 7890",
            None,
            "!has 27 characters",
        ),
        (
            Iban,
            "ZZ76 3000 6000 0112",
            None,
            "!not a country that uses IBANs",
        ),
        (
            CryptoWallet,
            "1BoatSLRHtKNngkdXEeobR76b53LETtpyT",
            None,
            "btc:1BoatSLRHtKNngkdXEeobR76b53LETtpyT",
        ),
        (
            CryptoWallet,
            "btc:1BoatSLRHtKNngkdXEeobR76b53LETtpyT",
            None,
            "btc:1BoatSLRHtKNngkdXEeobR76b53LETtpyT",
        ),
        (
            CryptoWallet,
            "bitcoin:BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4?amount=1",
            None,
            "btc:bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
        ),
        (
            CryptoWallet,
            "eth:0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            None,
            "eth:0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed",
        ),
        (
            CryptoWallet,
            "0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            None,
            "!EIP-55",
        ),
        (
            CryptoWallet,
            "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
            None,
            "trx:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
        ),
        (
            CryptoWallet,
            "eth:1BoatSLRHtKNngkdXEeobR76b53LETtpyT",
            None,
            "!not a eth address",
        ),
        (
            CryptoWallet,
            "1BoatSLRHtKNngkdXEeobR76b53LETtpyX",
            None,
            "!valid checksum",
        ),
        (RemoteId, "anydesk:123 456 789", None, "anydesk:123456789"),
        (
            RemoteId,
            "AnyDesk ID 492-966-566",
            None,
            "anydesk:492966566",
        ),
        (
            RemoteId,
            "TeamViewer 1 234 567 890",
            None,
            "teamviewer:1234567890",
        ),
        (
            RemoteId,
            "ultraviewer:12345678",
            None,
            "ultraviewer:12345678",
        ),
        (RemoteId, "123456789", None, "!names no remote tool"),
        (RemoteId, "anydesk:1234", None, "!9 to 10 digits"),
        (
            GiftCard,
            "Apple:X4RT-7YHJ-9KLM-2NP3",
            None,
            "apple:X4RT7YHJ9KLM2NP3",
        ),
        (
            GiftCard,
            "iTunes x4rt7yhj9klm2np3",
            None,
            "apple:X4RT7YHJ9KLM2NP3",
        ),
        (
            GiftCard,
            "Google Play:abcd efgh ijkl mnop qrst",
            None,
            "google_play:ABCDEFGHIJKLMNOPQRST",
        ),
        (
            GiftCard,
            "X4RT7YHJ9KLM2NP3",
            None,
            "!names no gift card brand",
        ),
        (
            BankAccount,
            "HDFC0001234:50100234567890",
            None,
            "HDFC0001234:50100234567890",
        ),
        (
            BankAccount,
            "50100234567890 IFSC HDFC0001234",
            None,
            "HDFC0001234:50100234567890",
        ),
        (BankAccount, "FR:1234 5678 901", None, "FR:12345678901"),
        (BankAccount, "12345678901", Some("gb"), "GB:12345678901"),
        (
            BankAccount,
            "12345678901",
            None,
            "!needs an IFSC code or a country",
        ),
        (
            BankAccount,
            "12345678901",
            Some("IN"),
            "!needs its IFSC code",
        ),
    ]);
}

#[test]
fn detect_bare_values() {
    let cases: &[(&str, Option<&str>, &str)] = &[
        ("+1 (844) 281-8482", None, "phone:+18442818482"),
        ("09 70 12 34 56", Some("FR"), "phone:+33970123456"),
        (
            "hxxps://Secure-Alert[.]com/fix?id=1",
            None,
            "url:https://secure-alert.com/fix?id=1",
        ),
        ("www.fix-pc.com", None, "url:http://www.fix-pc.com/"),
        ("secure-alert[.]com", None, "domain:secure-alert.com"),
        (
            "Help.Desk[at]gmail[.]com",
            None,
            "email:help.desk@gmail.com",
        ),
        ("refund.desk99@okaxis", None, "upi:refund.desk99@okaxis"),
        (
            "FR76 3000 6000 0112 3456 7890 189",
            None,
            "iban:FR7630006000011234567890189",
        ),
        (
            "1BoatSLRHtKNngkdXEeobR76b53LETtpyT",
            None,
            "crypto_wallet:btc:1BoatSLRHtKNngkdXEeobR76b53LETtpyT",
        ),
        (
            "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed",
            None,
            "crypto_wallet:eth:0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed",
        ),
        ("203.0.113.7", None, "ip:203.0.113.7"),
        ("2001:db8::1", None, "ip:2001:db8::1"),
        ("anydesk:492966566", None, "remote_id:anydesk:492966566"),
        (
            "apple:X4RT7YHJ9KLM2NP3",
            None,
            "gift_card:apple:X4RT7YHJ9KLM2NP3",
        ),
        (
            "HDFC0001234:50100234567890",
            None,
            "bank_account:HDFC0001234:50100234567890",
        ),
        ("bücher.de", None, "domain:xn--bcher-kva.de"),
        ("hello world", None, ""),
        ("script", None, ""),
        ("123", None, ""),
        ("", None, ""),
    ];
    let mut failures = Vec::new();
    for (raw, region, expect) in cases {
        let got = detect(raw, *region)
            .map(|i| i.to_string())
            .unwrap_or_default();
        if got != *expect {
            failures.push(format!("{raw:?} {region:?}: want {expect}, got {got}"));
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
fn canonical_values_round_trip() {
    for (kind, v) in [
        (Kind::Phone, "+33970123456"),
        (Kind::Url, "https://secure-alert.com/fix?id=1"),
        (Kind::Domain, "xn--bcher-kva.de"),
        (Kind::Email, "help.desk@gmail.com"),
        (Kind::Ip, "2001:db8::1"),
        (Kind::Upi, "refund.desk99@okaxis"),
        (Kind::Iban, "FR7630006000011234567890189"),
        (Kind::CryptoWallet, "trx:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"),
        (Kind::RemoteId, "teamviewer:1234567890"),
        (Kind::GiftCard, "google_play:ABCDEFGHIJKLMNOPQRST"),
        (Kind::BankAccount, "HDFC0001234:50100234567890"),
        (Kind::BankAccount, "GB:12345678901"),
    ] {
        assert_eq!(canonicalize(kind, v, None).as_deref(), Ok(v), "{kind}");
        if kind != Kind::BankAccount || v.starts_with("HDFC") {
            assert_eq!(detect(v, None).map(|i| i.kind), Some(kind), "{v}");
        }
    }
}
