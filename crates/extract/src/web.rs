//! Web indicators: URLs, domain names, email addresses and IP addresses.

use crate::scan::{DotIter, Scan};
use crate::{payment, Invalid, Kind};
use regex::Regex;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::sync::LazyLock;

/// The searcher for `://`, built once (building one is most of the cost of
/// a search in a text of a few hundred bytes).
static SCHEME_SEP: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new(b"://"));

/// The pattern [`url_matches`] reads by hand (kept for its test).
#[cfg(test)]
static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)(?:(?-u:\b)(?:https?|ftp)://|(?-u:\b)www\.)[^\s<>"'`\[\]{}|\\^]+"#)
        .expect("url regex")
});

/// The pattern [`email_matches`] reads by hand (kept for its test).
#[cfg(test)]
static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*").expect("email regex")
});

static DOMAIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:[\p{L}\p{N}](?:[\p{L}\p{N}\-]*[\p{L}\p{N}])?\.)+\p{L}(?:[\p{L}\p{N}\-]*[\p{L}\p{N}])?",
    )
    .expect("domain regex")
});

/// [`DOMAIN`] as it reads ASCII text (`\p{L}` and `\p{N}` hold no other ASCII
/// characters than letters and digits), which [`ascii_domain_matches`] reads
/// by hand (kept for its test).
#[cfg(test)]
static DOMAIN_ASCII: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?\.)+[A-Za-z](?:[A-Za-z0-9\-]*[A-Za-z0-9])?",
    )
    .expect("ascii domain regex")
});

/// The pattern [`ipv4_matches`] reads by hand (kept for its test).
#[cfg(test)]
static IPV4: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:[0-9]{1,3}\.){3}[0-9]{1,3}(?-u:\b)").expect("ipv4 regex")
});

static IPV6: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}").expect("ipv6 regex"));

/// File extensions that are also top-level domains: `word.ext` with one of
/// these is taken for a file name unless written defanged or as a URL.
const FILE_TLDS: &[&str] = &[
    "py", "md", "sh", "rs", "pl", "pm", "zip", "mov", "ai", "cc", "so", "app", "cab", "ws", "ms",
    "mp", "sc", "ps", "cs", "js", "ts", "rb", "go", "bat", "sys", "dll", "exe", "log", "txt",
    "pdf", "jpg", "png", "gif", "doc", "docx", "xls", "xlsx", "csv", "ini", "cfg", "tmp", "bin",
    "msi", "iso", "mp3", "mp4", "avi", "htm", "html", "php", "asp", "css", "json", "xml", "yml",
    "toml", "lock", "bak", "dat", "db", "apk", "dmg", "pkg", "img", "vbs", "ps1", "cmd",
];

/// Canonical form of a host name, or `None` if it is not a registrable name
/// under a known public suffix.
pub(crate) fn canonical_domain(raw: &str) -> Option<String> {
    let s = raw.trim().trim_end_matches('.');
    if s.is_empty() || s.len() > 253 {
        return None;
    }
    let ascii = if s.is_ascii() {
        s.to_ascii_lowercase()
    } else {
        idna::domain_to_ascii(s).ok()?
    };
    if ascii.len() > 253 {
        return None;
    }
    for label in ascii.split('.') {
        let b = label.as_bytes();
        if b.is_empty()
            || b.len() > 63
            || b[0] == b'-'
            || b[b.len() - 1] == b'-'
            || !b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
        {
            return None;
        }
    }
    let d = psl::domain(ascii.as_bytes())?;
    if !d.suffix().is_known() {
        return None;
    }
    // The last label of a host name is never all digits.
    if ascii
        .rsplit('.')
        .next()
        .is_some_and(|t| t.bytes().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    Some(ascii)
}

/// The host of a URL: a domain or an IP address (canonical forms).
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum UrlHost {
    Domain(String),
    Ip(String),
}

/// Canonical form of a URL and its host: a plain URL read directly, any
/// other by the `url` crate (the same result, checked by a test).
pub(crate) fn canonical_url(raw: &str) -> Option<(String, UrlHost)> {
    let raw = raw.trim();
    if let Some((url, host)) = crate::plain_url::read(raw) {
        return Some((url, UrlHost::Domain(canonical_domain(host)?)));
    }
    parsed_url(raw)
}

/// [`canonical_url`] by the `url` crate's parser.
pub(crate) fn parsed_url(raw: &str) -> Option<(String, UrlHost)> {
    let raw = raw.trim();
    let lower_start = raw.get(..4).map(|s| s.to_ascii_lowercase());
    let with_scheme = if lower_start.as_deref() == Some("www.") {
        ["http://", raw].concat()
    } else {
        raw.to_string()
    };
    let mut url = url::Url::parse(&with_scheme).ok()?;
    if !matches!(url.scheme(), "http" | "https" | "ftp") {
        return None;
    }
    let host = match url.host()? {
        url::Host::Domain(d) => UrlHost::Domain(canonical_domain(d)?),
        url::Host::Ipv4(a) => UrlHost::Ip(a.to_string()),
        url::Host::Ipv6(a) => UrlHost::Ip(a.to_string()),
    };
    url.set_fragment(None);
    Some((url.to_string(), host))
}

pub(crate) fn canonical_email(raw: &str) -> Option<String> {
    let (local, domain) = raw.trim().rsplit_once('@')?;
    if local.is_empty()
        || local.len() > 64
        || local.starts_with('.')
        || local.ends_with('.')
        || !local
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || b"._%+-".contains(&c))
        || !domain.contains('.')
    {
        return None;
    }
    let domain = canonical_domain(domain)?;
    Some([&local.to_ascii_lowercase(), "@", &domain].concat())
}

pub(crate) fn canonical_ip(raw: &str) -> Option<String> {
    let s = raw.trim().trim_start_matches('[').trim_end_matches(']');
    match s.parse::<IpAddr>().ok()? {
        IpAddr::V4(a) => Some(a.to_string()),
        IpAddr::V6(a) => Some(a.to_string()),
    }
}

pub(crate) fn canonicalize(kind: Kind, raw: &str) -> Result<String, Invalid> {
    let r = crate::defang::refang(raw.trim());
    let shown = raw.trim();
    match kind {
        Kind::Url => canonical_url(&r)
            .map(|(u, _)| u)
            .ok_or_else(|| Invalid(format!("`{shown}` is not a valid http, https or ftp URL"))),
        Kind::Domain => {
            let r = r.strip_prefix("*.").unwrap_or(&r).to_string();
            canonical_domain(&r).ok_or_else(|| {
                Invalid(format!(
                    "`{shown}` is not a domain name under a known public suffix"
                ))
            })
        }
        Kind::Email => canonical_email(&r.replace(' ', ""))
            .ok_or_else(|| Invalid(format!("`{shown}` is not a valid email address"))),
        _ => canonical_ip(&r)
            .ok_or_else(|| Invalid(format!("`{shown}` is not a valid IPv4 or IPv6 address"))),
    }
}

/// Cuts the punctuation that ends the sentence off a URL.
fn trim_url_end(s: &str) -> &str {
    let mut s = s;
    // Parentheses counted once (a closing one is cut while unbalanced).
    let open = s.bytes().filter(|&b| b == b'(').count();
    let mut close = s.bytes().filter(|&b| b == b')').count();
    loop {
        let Some(c) = s.chars().next_back() else {
            return s;
        };
        let cut = match c {
            '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '"' | '»' | '…' | '*' => true,
            ')' => open < close,
            _ => false,
        };
        if !cut {
            return s;
        }
        if c == ')' {
            close -= 1;
        }
        s = &s[..s.len() - c.len_utf8()];
    }
}

pub(crate) fn find_urls(scan: &mut Scan<'_>) {
    // (`url_matches` starts with a search for `://` and the dots: a text
    // without them costs those two searches.)
    let text = scan.text;
    let dots = scan.dots;
    for (ms, me) in url_matches(text, dots.iter(text.as_bytes())) {
        let raw = trim_url_end(&text[ms..me]);
        let (s, e) = (ms, ms + raw.len());
        if scan.is_claimed(s, e) {
            continue;
        }
        if let Some((url, host)) = canonical_url(raw) {
            scan.claim(s, e);
            scan.push(Kind::Url, url, s, e);
            match host {
                UrlHost::Domain(d) => scan.push(Kind::Domain, d, s, e),
                UrlHost::Ip(a) => scan.push(Kind::Ip, a, s, e),
            }
        }
    }
}

/// Emails, and UPI IDs (which look like emails whose domain has no dot).
pub(crate) fn find_emails(scan: &mut Scan<'_>) {
    let text = scan.text;
    for (ms, me) in email_matches(text.as_bytes()) {
        let m = &text[ms..me];
        let mut s = ms;
        let raw = m.trim_start_matches('.');
        s += m.len() - raw.len();
        let raw = raw.trim_end_matches(['.', '-']);
        let e = s + raw.len();
        if scan.is_claimed(s, e) {
            continue;
        }
        let Some((_, domain)) = raw.rsplit_once('@') else {
            continue;
        };
        if domain.contains('.') {
            // Claimed even when invalid, so its domain part is not read alone.
            scan.claim(s, e);
            if let Some(v) = canonical_email(raw) {
                scan.push(Kind::Email, v, s, e);
            }
        } else if let Some(v) = payment::upi_in_text(scan, raw, s, e) {
            scan.claim(s, e);
            scan.push(Kind::Upi, v, s, e);
        } else {
            scan.claim(s, e);
        }
    }
}

pub(crate) fn find_ips(scan: &mut Scan<'_>) {
    let text = scan.text;
    let mut out = Vec::new();
    if scan.gate.digit_dot_digit {
        let dots = scan.dots;
        for (s, e) in ipv4_matches(text.as_bytes(), dots.iter(text.as_bytes())) {
            let dotted_before = scan.char_before(s) == Some('.')
                && scan.char_before(s - 1).is_some_and(|c| c.is_ascii_digit());
            let dotted_after = scan.char_at(e) == Some('.')
                && scan.char_at(e + 1).is_some_and(|c| c.is_ascii_digit());
            if dotted_before || dotted_after || scan.is_claimed(s, e) {
                continue;
            }
            if let Ok(a) = text[s..e].parse::<Ipv4Addr>() {
                out.push((s, e, a.to_string()));
            }
        }
    }
    if may_hold_ipv6(text.as_bytes()) {
        for m in IPV6.find_iter(text) {
            let (s, e) = (m.start(), m.end());
            let glued = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == ':');
            if glued(scan.char_before(s)) || glued(scan.char_at(e)) || scan.is_claimed(s, e) {
                continue;
            }
            let raw = m.as_str();
            let groups = raw.split(':').filter(|g| !g.is_empty()).count();
            if groups < 2 {
                continue;
            }
            if let Ok(a) = raw.parse::<Ipv6Addr>() {
                out.push((s, e, a.to_string()));
            }
        }
    }
    for (s, e, v) in out {
        scan.claim(s, e);
        scan.push(Kind::Ip, v, s, e);
    }
}

/// The matches of [`URL`] in `text`, as one search of the whole text gives
/// them, read by hand: at each `://` or `www.` (any case) found by a
/// vectorised search, the scheme before it (`http`, `https`, `ftp`, any
/// case, `s` also written `ſ`, which case-insensitive matching folds to it)
/// starting a word, then one or more characters other than white space and
/// ``<>"'`[]{}|\^``.
fn url_matches<'t>(text: &'t str, dots: DotIter<'t>) -> impl Iterator<Item = (usize, usize)> + 't {
    let b = text.as_bytes();
    let word = |i: usize| b[i].is_ascii_alphanumeric() || b[i] == b'_';
    let starts_word = move |i: usize| i == 0 || !word(i - 1);
    let ci = |at: usize, lit: &[u8]| {
        b.get(at..at + lit.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(lit))
    };
    // Where the prefix of a match may start, in order.
    let schemes = SCHEME_SEP.find_iter(b).filter_map(move |c| {
        // `https` / `httpſ`, then `http` and `ftp`.
        for (len, lit) in [(5, &b"http"[..]), (6, b"http"), (4, b"http"), (3, b"ftp")] {
            let Some(s) = c.checked_sub(len) else {
                continue;
            };
            let tail_ok = match len {
                5 => b[c - 1].eq_ignore_ascii_case(&b's'),
                6 => &b[c - 2..c] == "ſ".as_bytes(),
                _ => true,
            };
            if tail_ok && ci(s, lit) && starts_word(s) {
                return Some((s, c + 3));
            }
        }
        None
    });
    let www = dots.filter_map(move |d| {
        let s = d.checked_sub(3)?;
        (ci(s, b"www") && starts_word(s)).then_some((s, d + 1))
    });
    let mut prefixes = merge(schemes, www);
    let mut from = 0;
    std::iter::from_fn(move || {
        for (s, body) in prefixes.by_ref() {
            if s < from {
                continue;
            }
            let end = text[body..]
                .find(|c: char| c.is_whitespace() || "<>\"'`[]{}|\\^".contains(c))
                .map_or(text.len(), |k| body + k);
            if end > body {
                from = end;
                return Some((s, end));
            }
        }
        None
    })
}

/// Two increasing sequences of `(start, _)` merged into one, by start.
fn merge<A, B>(a: A, b: B) -> impl Iterator<Item = (usize, usize)>
where
    A: Iterator<Item = (usize, usize)>,
    B: Iterator<Item = (usize, usize)>,
{
    let (mut a, mut b) = (a.peekable(), b.peekable());
    std::iter::from_fn(move || match (a.peek(), b.peek()) {
        (Some(x), Some(y)) if y.0 < x.0 => b.next(),
        (Some(_), _) => a.next(),
        (None, _) => b.next(),
    })
}

/// A byte of an email's local part in [`EMAIL`].
fn local_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'%' | b'+' | b'-')
}

/// A byte of an email's domain labels in [`EMAIL`].
fn label_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'-'
}

/// The matches of [`EMAIL`] in `b`, as one search of the whole text gives
/// them, read from each `@`: the local part is the run of local bytes before
/// it (not reaching back into the previous match), the domain one label
/// then every `.label` after it.
fn email_matches(b: &[u8]) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut from = 0;
    memchr::memchr_iter(b'@', b).filter_map(move |at| {
        if at < from || !b.get(at + 1).copied().is_some_and(label_byte) {
            return None;
        }
        let mut s = at;
        while s > from && local_byte(b[s - 1]) {
            s -= 1;
        }
        if s == at {
            return None;
        }
        let mut e = at + 1;
        while b.get(e).copied().is_some_and(label_byte) {
            e += 1;
        }
        while b.get(e) == Some(&b'.') && b.get(e + 1).copied().is_some_and(label_byte) {
            e += 1;
            while b.get(e).copied().is_some_and(label_byte) {
                e += 1;
            }
        }
        from = e;
        Some((s, e))
    })
}

/// The matches of [`IPV4`] in `b`, as one search of the whole text gives
/// them, read by hand from each dot: one to three digits before it that
/// start a word, then three groups of one to three digits joined by dots
/// and no word character after. (The pattern cannot match in another way:
/// a group of more than three digits, or a word character after the last
/// one, fails every shorter reading too.)
fn ipv4_matches<'t>(b: &'t [u8], dots: DotIter<'t>) -> impl Iterator<Item = (usize, usize)> + 't {
    let word = move |i: usize| {
        b.get(i)
            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
    };
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let mut from = 0;
    // Every match's first group ends at a dot: each dot names the one
    // start that may use it as its first (the digits just before it).
    dots.filter_map(move |dot| {
        let start = (dot.saturating_sub(4)..dot)
            .rev()
            .take_while(|&i| digit(i))
            .last()?;
        if start < from || dot - start > 3 || (start > 0 && word(start - 1)) {
            return None;
        }
        let end = ipv4_rest(b, dot + 1).filter(|&e| !word(e))?;
        from = end;
        Some((start, end))
    })
}

/// Where the three groups after the first dot of an IPv4 address end (one
/// to three digits each, dots between them), if they are there.
fn ipv4_rest(b: &[u8], mut j: usize) -> Option<usize> {
    for group in 0..3 {
        let g = j;
        while j < g + 3 && b.get(j).is_some_and(u8::is_ascii_digit) {
            j += 1;
        }
        if j == g {
            return None;
        }
        if group < 2 {
            if b.get(j) != Some(&b'.') {
                return None;
            }
            j += 1;
        }
    }
    Some(j)
}

/// Whether the text holds `::` or at least seven colons (every IPv6 address
/// [`IPV6`] matches that [`find_ips`] keeps does), found colon by colon.
fn may_hold_ipv6(b: &[u8]) -> bool {
    let mut count = 0;
    let mut prev = None;
    for i in memchr::memchr_iter(b':', b) {
        count += 1;
        if count >= 7 || prev == Some(i.wrapping_sub(1)) {
            return true;
        }
        prev = Some(i);
    }
    false
}

/// Bytes that can be part of a [`DOMAIN`] match: ASCII letters and digits,
/// `-`, `.`, and every non-ASCII byte (letters and digits of other scripts).
static DOMAIN_BYTE: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        t[c] = b.is_ascii_alphanumeric() || b >= 0x80 || b == b'-' || b == b'.';
        c += 1;
    }
    t
};

/// The matches of [`DOMAIN`] in `text`, the same as a search of the whole
/// text would give.
///
/// A match is made of [`DOMAIN_BYTE`]s only and the pattern has no
/// assertions, so it is searched for in each run of such bytes separately,
/// and only in runs where a letter, digit or non-ASCII byte, a `.`, then a
/// letter or non-ASCII byte follow each other (every match holds one). Runs
/// end at ASCII bytes, so each is a whole `str`; an all-ASCII run is read by
/// [`ascii_domain_matches`], so that the Unicode pattern is only compiled for
/// texts with a dotted word in another script. Only runs with a dot can hold
/// one: runs are found around the dots of the text (a vectorised search),
/// not by reading every byte.
fn domain_matches<'t>(
    text: &'t str,
    mut dots: DotIter<'t>,
) -> impl Iterator<Item = (usize, usize)> + 't {
    let b = text.as_bytes();
    // Where the run last read ends: dots before it were read with it.
    let mut done = 0;
    std::iter::from_fn(move || {
        for dot in dots.by_ref() {
            if dot < done {
                continue;
            }
            let mut start = dot;
            while start > 0 && DOMAIN_BYTE[usize::from(b[start - 1])] {
                start -= 1;
            }
            let mut i = start;
            let mut dotted = false;
            let mut ascii = true;
            while i < b.len() && DOMAIN_BYTE[usize::from(b[i])] {
                ascii &= b[i] < 0x80;
                if b[i] == b'.'
                    && i > start
                    && i + 1 < b.len()
                    && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] >= 0x80)
                    && (b[i + 1].is_ascii_alphabetic() || b[i + 1] >= 0x80)
                {
                    dotted = true;
                }
                i += 1;
            }
            done = i;
            if dotted {
                return Some((start, &text[start..i], ascii));
            }
        }
        None
    })
    .flat_map(|(start, run, ascii)| {
        let spans: Vec<(usize, usize)> = if ascii {
            ascii_domain_matches(run.as_bytes())
        } else {
            DOMAIN
                .find_iter(run)
                .map(|m| (m.start(), m.end()))
                .collect()
        };
        spans.into_iter().map(move |(s, e)| (start + s, start + e))
    })
}

/// The matches of [`DOMAIN_ASCII`] in `r` (ASCII letters, digits, `-` and
/// `.` only), as one search gives them, read by hand from the pieces between
/// dots ("segments"). From a start `p` (a letter or digit) the pattern takes
/// as many labels followed by a dot as there are (the first from `p` to the
/// end of its segment, then whole segments; a label starts and ends with a
/// letter or digit), then backs off to the last segment after them, or among
/// them, that starts with a letter: the final label (a whole label, or for
/// the segment that ended the labels, up to its last letter or digit).
/// Every start in one segment meets the same labels, so a segment is tried
/// once; a failed try resumes at the segment that ended its labels, and a
/// match is followed by segments without a letter to start them: each
/// segment is read a bounded number of times, linear as the pattern is.
fn ascii_domain_matches(r: &[u8]) -> Vec<(usize, usize)> {
    let alnum = |c: u8| c.is_ascii_alphanumeric();
    let seg_end = |a: usize| memchr::memchr(b'.', &r[a..]).map_or(r.len(), |k| a + k);
    // A whole label followed by a dot.
    let label = |a: usize, e: usize| e < r.len() && e > a && alnum(r[a]) && alnum(r[e - 1]);
    let mut out = Vec::new();
    let (mut a, mut from) = (0, 0);
    while a <= r.len() {
        let e = seg_end(a);
        let Some(p) = (a.max(from)..e).find(|&i| alnum(r[i])) else {
            a = e + 1;
            continue;
        };
        if e >= r.len() || !alnum(r[e - 1]) {
            a = e + 1;
            continue;
        }
        // The labels after the first; the last segment starting with a letter.
        let mut best = None;
        let mut s = e + 1;
        loop {
            let se = seg_end(s);
            let whole = label(s, se);
            if s < se && r[s].is_ascii_alphabetic() {
                best = Some((s, se, whole));
            }
            if !whole {
                break;
            }
            s = se + 1;
        }
        match best {
            Some((fs, fe, whole)) => {
                let end = if whole {
                    fe
                } else {
                    (fs..fe)
                        .rev()
                        .find(|&i| alnum(r[i]))
                        .map_or(fs + 1, |i| i + 1)
                };
                out.push((p, end));
                from = end;
                a = fe + 1;
            }
            None => a = s,
        }
    }
    out
}

pub(crate) fn find_domains(scan: &mut Scan<'_>, defanged: &dyn Fn(usize, usize) -> bool) {
    if !scan.gate.dotted_word {
        return;
    }
    let text = scan.text;
    let mut out = Vec::new();
    let dots = scan.dots;
    for (s, e) in domain_matches(text, dots.iter(text.as_bytes())) {
        let before = scan.char_before(s);
        if before
            .is_some_and(|c| c.is_alphanumeric() || matches!(c, '.' | '@' | '-' | '_' | '/' | '\\'))
        {
            continue;
        }
        if scan
            .char_at(e)
            .is_some_and(|c| c.is_alphanumeric() || matches!(c, '@' | '-' | '_' | '\\'))
        {
            continue;
        }
        if scan.is_claimed(s, e) {
            continue;
        }
        let raw = &text[s..e];
        let Some((name, tld)) = raw.rsplit_once('.') else {
            continue;
        };
        let was_defanged = defanged(s, e);
        if !was_defanged {
            // `called.Then` is a typo, not a host: the last label is all one case.
            let lower = tld.chars().all(|c| !c.is_uppercase());
            let upper = tld.chars().all(|c| !c.is_lowercase());
            if !(lower || upper) {
                continue;
            }
            let tld_l = tld.to_lowercase();
            let two_labels = !name.contains('.');
            if two_labels
                && FILE_TLDS.contains(&tld_l.as_str())
                && !name.to_lowercase().starts_with("www")
            {
                continue;
            }
        }
        if let Some(d) = canonical_domain(raw) {
            out.push((s, e, d));
        }
    }
    for (s, e, v) in out {
        scan.claim(s, e);
        scan.push(Kind::Domain, v, s, e);
    }
}

#[cfg(test)]
mod domain_tests {
    use super::*;
    use crate::scan::Dots;
    use crate::test_texts::{corpus_lines, random_texts, spans};

    /// Run by run, ASCII or not, the matches are those of one search of the
    /// whole text with the Unicode pattern.
    #[test]
    fn runs_match_like_the_whole_text() {
        let mut texts: Vec<String> = vec![
            "see café.fr and www.a-b.example.com. then x.y-.z a.b.c-d.ef 1.2.3.4 a..b".into(),
            "ends.with.dot. -lead.com trail-.com é.é ü.com,a.b\u{a0}c.d".into(),
        ];
        texts.extend(corpus_lines());
        let pieces = ["a", "b", "1", ".", "-", "é", " ", ".", "Z"];
        texts.extend(random_texts(&pieces, 0..30, 500, 0x9e37_79b9_7f4a_7c15));
        for t in &texts {
            let whole = spans(&DOMAIN, t);
            let dots = Dots::of(t.as_bytes());
            let runs: Vec<(usize, usize)> = domain_matches(t, dots.iter(t.as_bytes())).collect();
            assert_eq!(runs, whole, "{t:?}");
        }
    }

    #[test]
    fn ascii_domains_read_like_the_pattern() {
        let mut runs: Vec<String> = vec!["a.b-.c".into(), "1.2.a".into(), "-a.com".into()];
        let pieces = ["a", "b", "Z", "1", "9", ".", ".", "-", "ab", "c-d"];
        runs.extend(random_texts(&pieces, 0..24, 4000, 0x9e37_79b9_7f4a_7c15));
        let mut found = 0;
        for r in &runs {
            let want: Vec<(usize, usize)> = DOMAIN_ASCII
                .find_iter(r)
                .map(|m| (m.start(), m.end()))
                .collect();
            found += want.len();
            assert_eq!(ascii_domain_matches(r.as_bytes()), want, "{r:?}");
        }
        assert!(found > 1000, "{found} matches");
    }

    #[test]
    fn urls_read_like_the_pattern() {
        let mut texts = corpus_lines();
        let pieces = [
            "http", "HTTPS", "httpſ", "s", "ftp", "://", "www", "WwW", ".", "a", "x_", " ",
            "\u{a0}", "\u{2003}", "<", "\"", "[", "|", "é", "/", ":",
        ];
        texts.extend(random_texts(&pieces, 0..25, 3000, 0x2545_f491_4f6c_dd1d));
        for t in &texts {
            let want = spans(&URL, t);
            let dots = Dots::of(t.as_bytes());
            let got: Vec<(usize, usize)> = url_matches(t, dots.iter(t.as_bytes())).collect();
            assert_eq!(got, want, "{t:?}");
        }
    }

    #[test]
    fn emails_read_like_the_pattern() {
        let mut texts = corpus_lines();
        let pieces = [
            "a", "B", "1", ".", "@", "@", "-", "_", "%", "+", " ", "é", ",", "(at)",
        ];
        texts.extend(random_texts(&pieces, 0..30, 3000, 0x9e37_79b9_7f4a_7c15));
        for t in &texts {
            let want = spans(&EMAIL, t);
            let got: Vec<(usize, usize)> = email_matches(t.as_bytes()).collect();
            assert_eq!(got, want, "{t:?}");
        }
    }

    #[test]
    fn ipv4_reads_like_the_pattern() {
        let mut texts = corpus_lines();
        let pieces = ["1", "23", "456", "7890", ".", ".", "a", "_", " ", "é", "-"];
        texts.extend(random_texts(&pieces, 0..30, 3000, 0x2545_f491_4f6c_dd1d));
        for t in &texts {
            let want = spans(&IPV4, t);
            let dots = Dots::of(t.as_bytes());
            let got: Vec<(usize, usize)> =
                ipv4_matches(t.as_bytes(), dots.iter(t.as_bytes())).collect();
            assert_eq!(got, want, "{t:?}");
        }
    }
}
