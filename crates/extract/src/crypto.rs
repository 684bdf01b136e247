//! Crypto wallets: Bitcoin (base58check and bech32/bech32m), Ethereum (EIP-55 checked) and TRON addresses.

use crate::scan::Scan;
use crate::{Invalid, Kind};
#[cfg(test)]
use regex::Regex;
use sha3::{Digest, Keccak256};
#[cfg(test)]
use std::sync::LazyLock;

/// The shapes of addresses, which [`is_wallet_shape`] reads by hand (this
/// pattern stays as the reference its test compares with).
#[cfg(test)]
static WALLET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?-u:\b)(?:(?i:bc1[ac-hj-np-z02-9]{8,87})|0x[0-9a-fA-F]{40}|[13][1-9A-HJ-NP-Za-km-z]{25,34}|T[1-9A-HJ-NP-Za-km-z]{33})(?-u:\b)",
    )
    .expect("wallet regex")
});

/// The version byte of a base58check string whose payload is 21 bytes (a
/// version and a 20-byte hash, as Bitcoin and TRON addresses are), or `None`
/// (another length, a character outside the alphabet, a wrong checksum).
///
/// Read without a general decoder: ten characters at a time are folded into
/// a 256-bit number (four 64-bit limbs), where a byte-wise decoder
/// multiplies the whole buffer by 58 at every character.
fn base58_version(s: &str) -> Option<u8> {
    const LEN: usize = 25;
    let b = s.as_bytes();
    let zeros = b.iter().take_while(|&&c| c == b'1').count();
    if zeros > LEN {
        return None;
    }
    // Little-endian limbs of the number the characters after the zeros spell.
    let mut n = [0u64; 4];
    for chunk in b[zeros..].chunks(10) {
        let mut value = 0u64;
        let mut scale = 1u64;
        for &c in chunk {
            value = value * 58 + u64::from(base58_digit(c)?);
            scale *= 58;
        }
        let mut carry = u128::from(value);
        for limb in &mut n {
            let t = u128::from(*limb) * u128::from(scale) + carry;
            *limb = t as u64;
            carry = t >> 64;
        }
        if carry != 0 {
            return None;
        }
    }
    let mut be = [0u8; 32];
    for (k, limb) in n.iter().rev().enumerate() {
        be[8 * k..8 * k + 8].copy_from_slice(&limb.to_be_bytes());
    }
    let significant = 32 - be.iter().take_while(|&&x| x == 0).count();
    if zeros + significant != LEN {
        return None;
    }
    let bytes = &be[32 - LEN..];
    let (payload, check) = bytes.split_at(LEN - 4);
    let hash = sha2::Sha256::digest(sha2::Sha256::digest(payload));
    (hash[..4] == *check).then_some(payload[0])
}

/// The value of a base58 character (Bitcoin's alphabet), or `None`.
fn base58_digit(c: u8) -> Option<u8> {
    const ALPHABET: &[u8; 58] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    static VALUES: [u8; 128] = {
        let mut t = [0xff; 128];
        let mut i = 0;
        while i < 58 {
            t[ALPHABET[i] as usize] = i as u8;
            i += 1;
        }
        t
    };
    match VALUES.get(usize::from(c)) {
        Some(&v) if v != 0xff => Some(v),
        _ => None,
    }
}

/// Whether a mixed-case Ethereum address has a valid EIP-55 checksum.
fn eip55_ok(hex40: &str) -> bool {
    let lower = hex40.to_ascii_lowercase();
    let hash = Keccak256::digest(lower.as_bytes());
    hex40.bytes().enumerate().all(|(i, c)| {
        if !c.is_ascii_alphabetic() {
            return true;
        }
        let byte = hash[i / 2];
        let nibble = if i % 2 == 0 { byte >> 4 } else { byte & 0x0f };
        (nibble >= 8) == c.is_ascii_uppercase()
    })
}

/// Canonical `chain:ADDR` of a bare address, or why it is not one.
pub(crate) fn canonical_address(addr: &str) -> Result<String, Invalid> {
    let a = addr.trim();
    if let Some(hex) = a.strip_prefix("0x").or_else(|| a.strip_prefix("0X")) {
        if hex.len() != 40 || !hex.bytes().all(|c| c.is_ascii_hexdigit()) {
            return Err(Invalid(format!(
                "`{a}` is not an Ethereum address (0x and 40 hexadecimal digits)"
            )));
        }
        let has_upper = hex.bytes().any(|c| c.is_ascii_uppercase());
        let has_lower = hex.bytes().any(|c| c.is_ascii_lowercase());
        if has_upper && has_lower && !eip55_ok(hex) {
            return Err(Invalid(format!(
                "`{a}` has a wrong EIP-55 checksum (mixed case)"
            )));
        }
        return Ok(["eth:0x", &hex.to_ascii_lowercase()].concat());
    }
    if a.len() > 3 && a.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("bc1")) {
        return match bech32::segwit::decode(a) {
            Ok((hrp, _, _)) if hrp == bech32::hrp::BC => {
                Ok(["btc:", &a.to_ascii_lowercase()].concat())
            }
            _ => Err(Invalid(format!(
                "`{a}` is not a valid Bitcoin bech32 address (checksum)"
            ))),
        };
    }
    match (a.as_bytes().first(), base58_version(a)) {
        (Some(b'1' | b'3'), Some(0x00 | 0x05)) => Ok(["btc:", a].concat()),
        (Some(b'T'), Some(0x41)) if a.len() == 34 => Ok(["trx:", a].concat()),
        _ => Err(Invalid(format!(
            "`{a}` is not a Bitcoin, Ethereum or TRON address with a valid checksum"
        ))),
    }
}

/// Canonical form of a wallet given as `btc:…`, `eth:…`, `trx:…`, `bitcoin:…` or bare.
pub(crate) fn canonicalize(raw: &str) -> Result<String, Invalid> {
    let s = raw.trim();
    let (chain, addr) = match s.split_once(':') {
        Some((c, a)) => (Some(c.to_ascii_lowercase()), a),
        None => (None, s),
    };
    let addr = addr.split('?').next().unwrap_or("");
    let v = canonical_address(addr)?;
    let want = match chain.as_deref() {
        None => None,
        Some("btc" | "bitcoin") => Some("btc"),
        Some("eth" | "ethereum" | "erc20") => Some("eth"),
        Some("trx" | "tron" | "trc20" | "usdt") => Some("trx"),
        Some(other) => {
            return Err(Invalid(format!(
                "`{other}` is not a supported chain (btc, eth, trx)"
            )))
        }
    };
    match want {
        Some(w) if !v.starts_with(w) => {
            Err(Invalid(format!("`{}` is not a {w} address", addr.trim())))
        }
        _ => Ok(v),
    }
}

pub(crate) fn find(scan: &mut Scan<'_>) {
    if !scan.gate.wallet {
        return;
    }
    let text = scan.text;
    let mut out = Vec::new();
    // Every address is a whole run of ASCII word characters (`WALLET` is
    // bounded by `\b` and holds no `_`), so only runs long enough and
    // starting right are read, one at a time, by `is_wallet_shape`.
    for (s, e) in long_word_runs(text.as_bytes(), 11) {
        let run = &text[s..e];
        let head = run.as_bytes()[0];
        let may_be = run.len() <= 90 && (matches!(head, b'1' | b'3' | b'T' | b'0' | b'b' | b'B'));
        if !may_be || !is_wallet_shape(run.as_bytes()) || scan.is_claimed(s, e) {
            continue;
        }
        if let Ok(v) = canonical_address(run) {
            out.push((s, e, v));
        }
    }
    for (s, e, v) in out {
        scan.claim(s, e);
        scan.push(Kind::CryptoWallet, v, s, e);
    }
}

/// Whether a whole run of word characters is one of [`WALLET`]'s shapes
/// (inside such a run `\b` only holds at its ends, so the pattern matches
/// in the run exactly when it matches all of it): read by hand, a few
/// comparisons where the pattern cost a search.
fn is_wallet_shape(run: &[u8]) -> bool {
    let all = |from: usize, ok: fn(u8) -> bool| run[from..].iter().all(|&c| ok(c));
    match run {
        [b'b' | b'B', b'c' | b'C', b'1', rest @ ..] if (8..=87).contains(&rest.len()) => all(
            3,
            |c| matches!(c.to_ascii_lowercase(), b'a' | b'c'..=b'h' | b'j'..=b'n' | b'p'..=b'z' | b'0' | b'2'..=b'9'),
        ),
        [b'0', b'x', rest @ ..] if rest.len() == 40 => all(2, |c| c.is_ascii_hexdigit()),
        [b'1' | b'3', rest @ ..] if (25..=34).contains(&rest.len()) => all(1, is_base58),
        [b'T', rest @ ..] if rest.len() == 33 => all(1, is_base58),
        _ => false,
    }
}

/// A character of Bitcoin's base58 alphabet (no `0`, `O`, `I`, `l`).
fn is_base58(c: u8) -> bool {
    base58_digit(c).is_some()
}

/// The maximal runs of ASCII word characters of `b` at least `min` long
/// (`min >= 1`): the last byte of each `min`-byte window is probed and read
/// back from, so that text of short words is crossed many bytes at a time.
fn long_word_runs(b: &[u8], min: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut s = 0;
    std::iter::from_fn(move || {
        // `s` is 0 or follows a byte that is not a word character.
        while s + min <= b.len() {
            match (s..s + min).rev().find(|&i| !word(b[i])) {
                Some(q) => s = q + 1,
                None => {
                    let mut e = s + min;
                    while e < b.len() && word(b[e]) {
                        e += 1;
                    }
                    let run = (s, e);
                    s = e + 1;
                    return Some(run);
                }
            }
        }
        None
    })
}

/// The maximal runs of ASCII word characters (`[0-9A-Za-z_]`) of `b`, as
/// byte ranges: the plain reading [`long_word_runs`] is tested against.
#[cfg(test)]
fn word_runs(b: &[u8]) -> impl Iterator<Item = (usize, usize)> + '_ {
    let word = |c: &u8| c.is_ascii_alphanumeric() || *c == b'_';
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < b.len() && !word(&b[i]) {
            i += 1;
        }
        if i >= b.len() {
            return None;
        }
        let s = i;
        while i < b.len() && word(&b[i]) {
            i += 1;
        }
        Some((s, i))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_texts::{corpus_lines, random_texts, Rng};

    /// The general decoder `base58_version` replaced.
    fn base58_version_reference(s: &str) -> Option<u8> {
        let v = bs58::decode(s).with_check(None).into_vec().ok()?;
        (v.len() == 21).then(|| v[0])
    }

    #[test]
    fn base58_version_reads_like_the_general_decoder() {
        let mut rng = Rng::new(0x9e37_79b9_7f4a_7c15);
        let mut texts = Vec::new();
        for k in 0..6000 {
            // Real addresses, and payloads of other lengths, some with
            // leading zero bytes (leading `1`s).
            let len = [21, 21, 21, 20, 22, 1, 0, 30][k % 8];
            let mut payload: Vec<u8> = (0..len).map(|_| rng.below(256) as u8).collect();
            if let Some(first) = payload.first_mut() {
                *first = [0x00, 0x05, 0x41, 0x00, 0x6f][k % 5];
            }
            if k % 7 == 0 && payload.len() > 2 {
                payload[1] = 0;
            }
            let good = bs58::encode(&payload).with_check().into_string();
            // One character changed, dropped or added.
            let mut bad = good.clone().into_bytes();
            let at = rng.below(bad.len().max(1));
            let alphabet = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0OIl";
            match k % 3 {
                0 if !bad.is_empty() => bad[at] = alphabet[rng.below(alphabet.len())],
                1 if !bad.is_empty() => {
                    bad.remove(at);
                }
                _ => bad.insert(at, alphabet[rng.below(alphabet.len())]),
            }
            texts.push(good);
            texts.push(String::from_utf8(bad).unwrap());
        }
        texts.extend(random_texts(
            &["1", "z", "Q", "9", "0", "é", "11111"],
            0..40,
            300,
            7,
        ));
        let mut valid = 0;
        for t in &texts {
            let want = base58_version_reference(t);
            valid += usize::from(want.is_some());
            assert_eq!(base58_version(t), want, "{t:?}");
        }
        assert!(valid > 2000, "only {valid} valid addresses");
    }

    #[test]
    fn long_runs_are_the_long_word_runs() {
        let mut texts = corpus_lines();
        let pieces = ["a", "B", "1", "_", " ", ".", "é", "abcdefghij", "-"];
        texts.extend(random_texts(&pieces, 0..40, 1000, 0x9e37_79b9_7f4a_7c15));
        for t in &texts {
            let b = t.as_bytes();
            for min in [1, 2, 11, 26] {
                let want: Vec<_> = word_runs(b).filter(|(s, e)| e - s >= min).collect();
                assert_eq!(
                    long_word_runs(b, min).collect::<Vec<_>>(),
                    want,
                    "{t:?} {min}"
                );
            }
        }
    }

    #[test]
    fn wallet_shapes_read_like_the_pattern() {
        let mut runs: Vec<String> = Vec::new();
        for line in corpus_lines() {
            let b = line.as_bytes();
            runs.extend(word_runs(b).map(|(s, e)| line[s..e].to_string()));
        }
        // Heads of every shape, then characters inside and outside each alphabet.
        let heads = ["bc1", "BC1", "bC1", "0x", "0X", "1", "3", "T", "t", "2"];
        let pieces = [
            "a", "b", "i", "l", "o", "O", "I", "0", "1", "9", "F", "g", "G", "z", "Z", "_",
        ];
        // (the second alphabet is valid in every shape but bech32's, which has no `b`)
        let valid = ["a", "b", "c", "1", "9", "F", "E"];
        for alphabet in [&pieces[..], &valid[..]] {
            let texts = random_texts(alphabet, 0..95, 200, 0x2545_f491_4f6c_dd1d);
            for (k, t) in texts.iter().enumerate() {
                runs.push(format!("{}{t}", heads[k % heads.len()]));
            }
        }
        for run in &runs {
            // Only whole word runs are asked, as `find` does.
            if word_runs(run.as_bytes()).ne([(0, run.len())]) {
                continue;
            }
            assert_eq!(
                is_wallet_shape(run.as_bytes()),
                WALLET.is_match(run),
                "{run:?}"
            );
        }
    }
}
