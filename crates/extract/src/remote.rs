//! Remote-access tool IDs (AnyDesk, TeamViewer, RustDesk, UltraViewer), read only when the tool is named just before.

use crate::scan::Scan;
use crate::{Invalid, Kind};
use regex::Regex;
use std::sync::LazyLock;

/// Every tool's name holds `desk` or `viewer`: searchers built once.
static DESK: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new(b"desk"));
static VIEWER: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new(b"viewer"));

/// How a tool is written (lower-case), its slug, and its ID length range.
const TOOLS: &[(&str, &str, usize, usize)] = &[
    ("anydesk", "anydesk", 9, 10),
    ("any desk", "anydesk", 9, 10),
    ("teamviewer", "teamviewer", 9, 10),
    ("team viewer", "teamviewer", 9, 10),
    ("rustdesk", "rustdesk", 9, 10),
    ("rust desk", "rustdesk", 9, 10),
    ("ultraviewer", "ultraviewer", 8, 9),
    ("ultra viewer", "ultraviewer", 8, 9),
];

/// How far after the tool name (bytes) the ID may start.
const REACH: usize = 40;

static TOOL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"anydesk|any desk|teamviewer|team viewer|rustdesk|rust desk|ultraviewer|ultra viewer",
    )
    .expect("tool regex")
});
/// The pattern [`first_digits`] reads by hand (kept for its test).
#[cfg(test)]
static DIGITS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[0-9](?:[ \u{a0}\-]?[0-9])*").expect("digits regex"));

/// The first match of [`DIGITS`] in `b`, read by hand: from the first
/// digit, digits each after at most one space, no-break space or `-`.
fn first_digits(b: &[u8]) -> Option<(usize, usize)> {
    let s = b.iter().position(u8::is_ascii_digit)?;
    let mut e = s + 1;
    loop {
        let sep = crate::scan::separator_len(b, e);
        if !b.get(e + sep).is_some_and(u8::is_ascii_digit) {
            return Some((s, e));
        }
        e += sep + 1;
    }
}

fn tool(name: &str) -> Option<(&'static str, usize, usize)> {
    let n = name.trim().to_lowercase();
    TOOLS
        .iter()
        .find(|(w, slug, _, _)| n == *w || n == *slug)
        .map(|(_, s, lo, hi)| (*s, *lo, *hi))
}

pub(crate) fn canonicalize(raw: &str) -> Result<String, Invalid> {
    let shown = raw.trim();
    let l = shown.to_lowercase();
    let (name, rest) = match l.split_once(':') {
        Some((n, r)) => (n.to_string(), r.to_string()),
        None => {
            let i = l.find(|c: char| c.is_ascii_digit()).unwrap_or(l.len());
            let name = l[..i]
                .trim()
                .trim_end_matches(" id")
                .trim_end_matches(" code")
                .to_string();
            (name, l[i..].to_string())
        }
    };
    let Some((slug, lo, hi)) = tool(&name) else {
        return Err(Invalid(format!(
            "`{shown}` names no remote tool (write e.g. `anydesk:123456789`; tools: anydesk, teamviewer, rustdesk, ultraviewer)"
        )));
    };
    let digits: String = rest
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '\u{a0}'))
        .collect();
    if !digits.bytes().all(|c| c.is_ascii_digit()) || !(lo..=hi).contains(&digits.len()) {
        return Err(Invalid(format!(
            "a {slug} ID has {lo} to {hi} digits, `{shown}` does not"
        )));
    }
    Ok([slug, ":", &digits].concat())
}

pub(crate) fn find(scan: &mut Scan<'_>) {
    let l = scan.lower.as_bytes();
    if DESK.find(l).is_none() && VIEWER.find(l).is_none() {
        return;
    }
    let text = scan.text;
    let mut out = Vec::new();
    for t in TOOL.find_iter(&scan.lower) {
        let Some((slug, lo, hi)) = tool(t.as_str()) else {
            continue;
        };
        let from = t.end();
        let Some(rest) = text.get(from..) else {
            continue;
        };
        let Some((d_start, d_end)) = first_digits(rest.as_bytes()) else {
            continue;
        };
        if d_start > REACH {
            continue;
        }
        let between = &scan.lower[from..from + d_start];
        if [
            "call",
            "phone",
            "tel",
            "appel",
            "+",
            "number is",
            "numéro de téléphone",
        ]
        .iter()
        .any(|w| between.contains(w))
        {
            continue;
        }
        let (s, e) = (from + d_start, from + d_end);
        if scan.char_at(e).is_some_and(|c| c.is_alphanumeric())
            || scan.char_before(s).is_some_and(|c| c.is_alphanumeric())
        {
            continue;
        }
        let digits: String = rest[d_start..d_end]
            .bytes()
            .filter(u8::is_ascii_digit)
            .map(char::from)
            .collect();
        if !(lo..=hi).contains(&digits.len()) || scan.is_claimed(s, e) {
            continue;
        }
        out.push((s, e, [slug, ":", &digits].concat()));
    }
    for (s, e, v) in out {
        scan.claim(s, e);
        scan.push(Kind::RemoteId, v, s, e);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_texts::{corpus_lines, random_texts};

    #[test]
    fn digits_read_like_the_pattern() {
        let mut texts = corpus_lines();
        let pieces = [
            "1",
            "23",
            " ",
            "  ",
            "\u{a0}",
            "-",
            "a",
            "é",
            "\u{a0}\u{a0}",
        ];
        texts.extend(random_texts(&pieces, 0..20, 3000, 0x2545_f491_4f6c_dd1d));
        for t in &texts {
            let want = DIGITS.find(t).map(|m| (m.start(), m.end()));
            assert_eq!(first_digits(t.as_bytes()), want, "{t:?}");
        }
    }
}
