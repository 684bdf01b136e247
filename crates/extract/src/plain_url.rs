//! The canonical form of a plain URL (ASCII, a host name, no port, user or escapes) read directly, as the `url` crate would give it, without its general parser.
//!
//! Most URLs in scam reports are plain: `https://secure-alert.com/fix?id=42`.
//! For them the WHATWG parser only lower-cases the scheme and the host and
//! adds a `/` for an empty path; [`read`] does that and nothing more, and
//! declines (returns `None`) every URL where the parser could do anything
//! else: a port, user info, a `\`, a `%`, a dot segment, a character it
//! would percent-encode, a host that is (or may be) an IPv4 address or is
//! written in Punycode, an empty label. A test gives the same URLs to both.

/// The schemes read, lower-case, each with its `://`.
const SCHEMES: [&str; 3] = ["http://", "https://", "ftp://"];

/// Bytes a path or query keeps as they are whatever the version of the
/// WHATWG rules (printable ASCII less both percent-encode sets, less `^`, `|`
/// and brackets, which some versions encode), less `%` and `\`, which the
/// parser reads specially.
const fn plain_byte(c: u8) -> bool {
    matches!(c, 0x21..=0x7E)
        && !matches!(
            c,
            b'"' | b'<'
                | b'>'
                | b'`'
                | b'{'
                | b'}'
                | b'\''
                | b'^'
                | b'|'
                | b'['
                | b']'
                | b'%'
                | b'\\'
        )
}

/// Whether `h` is a host name the parser keeps as it is but for its case:
/// labels of ASCII letters, digits and `-`, none empty, none in Punycode
/// (`xn--`, which it would decode and check), the last starting with a
/// letter or `-` (one starting with a digit may be read as an IPv4 number).
fn plain_host(h: &[u8]) -> bool {
    let mut label = 0;
    for (i, &c) in h.iter().enumerate() {
        if c == b'.' {
            if i == label {
                return false;
            }
            label = i + 1;
        } else {
            let punycode = i == label + 3
                && c == b'-'
                && h[label + 2] == b'-'
                && h[label..label + 2].eq_ignore_ascii_case(b"xn");
            if punycode || !(c.is_ascii_alphanumeric() || c == b'-') {
                return false;
            }
        }
    }
    h.get(label).is_some_and(|c| !c.is_ascii_digit())
}

/// The canonical form of `raw` (an `http`, `https` or `ftp` URL, or one
/// starting `www.` read as `http`), fragment dropped, and its host
/// lower-cased; `None` where the URL is not plain (the caller then asks the
/// `url` crate).
pub(crate) fn read(raw: &str) -> Option<(String, &str)> {
    let b = raw.as_bytes();
    let (scheme, rest) = if b.len() >= 4 && b[..4].eq_ignore_ascii_case(b"www.") {
        ("http://", raw)
    } else {
        let scheme = SCHEMES
            .into_iter()
            .find(|s| b.len() > s.len() && b[..s.len()].eq_ignore_ascii_case(s.as_bytes()))?;
        (scheme, &raw[scheme.len()..])
    };
    let r = rest.as_bytes();
    // The host: letters, digits, `-` and `.` up to the path, query or fragment.
    let host_end = r
        .iter()
        .position(|&c| matches!(c, b'/' | b'?' | b'#'))
        .unwrap_or(r.len());
    let host = &rest[..host_end];
    if !plain_host(host.as_bytes()) {
        return None;
    }
    let tail = &rest[host_end..];
    let tail = tail.split_once('#').map_or(tail, |(t, _)| t);
    let (path, query) = match tail.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (tail, None),
    };
    if !path.bytes().all(plain_byte)
        || path.split('/').any(|seg| matches!(seg, "." | ".."))
        || !query.is_none_or(|q| q.bytes().all(plain_byte))
    {
        return None;
    }
    let mut out = String::with_capacity(scheme.len() + rest.len() + 1);
    out.push_str(scheme);
    let host_at = out.len();
    out.push_str(host);
    out[host_at..].make_ascii_lowercase();
    out.push_str(if path.is_empty() { "/" } else { path });
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    Some((out, host))
}

#[cfg(test)]
mod tests {
    use crate::test_texts::{corpus_lines, random_texts};
    use crate::web::{canonical_url, parsed_url};

    /// Every URL read here is read the same by the `url` crate: the URLs of
    /// the corpus, cut at every byte, and random strings of URL pieces.
    #[test]
    fn same_as_the_url_crate() {
        let mut raws: Vec<String> = Vec::new();
        for line in corpus_lines() {
            for (i, _) in line.match_indices("://").chain(line.match_indices("www.")) {
                let from = line[..i].rfind(' ').map_or(0, |s| s + 1);
                let to = line[i..].find(' ').map_or(line.len(), |e| i + e);
                let url = &line[from..to];
                raws.extend(url.char_indices().map(|(k, _)| url[..k].to_string()));
                raws.push(url.to_string());
            }
        }
        let pieces = [
            "http://", "HTTPS://", "ftp://", "www.", "a", "B", "z9", "1", "0x", ".", "..", "-",
            "/", "?", "#", "%2e", "%", ":", ":80", "@", "\\", "é", "xn--", "'", "\"", "^", "|",
            "[", "]", "{", "`", "~", "&", "=", "+", "!", "\t", "\n", "\u{1}", "\u{7f}", "Xn--",
        ];
        let scheme = ["http://", "https://a.", "www.", "HtTp://x", "ftp://www."];
        for (k, r) in random_texts(&pieces, 0..12, 8_000, 0x5851_f42d_4c95_7f2d)
            .into_iter()
            .enumerate()
        {
            raws.push([scheme[k % scheme.len()], &r].concat());
        }
        let mut plain = 0;
        for raw in &raws {
            let raw = raw.trim();
            plain += usize::from(super::read(raw).is_some());
            assert_eq!(canonical_url(raw), parsed_url(raw), "{raw:?}");
        }
        assert!(plain > 2_000, "{plain} plain URLs of {}", raws.len());
    }
}
