//! Remote-access tool IDs (AnyDesk, TeamViewer, RustDesk, UltraViewer), read only when the tool is named just before.

use crate::scan::Scan;
use crate::{Invalid, Kind};
use regex::Regex;
use std::sync::LazyLock;

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
static DIGITS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[0-9](?:[ \u{a0}\-]?[0-9])*").expect("digits regex"));

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
    Ok(format!("{slug}:{digits}"))
}

pub(crate) fn find(scan: &mut Scan<'_>) {
    let l = &scan.lower;
    if !(l.contains("desk") || l.contains("viewer")) {
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
        let Some(d) = DIGITS.find(rest) else {
            continue;
        };
        if d.start() > REACH {
            continue;
        }
        let between = &scan.lower[from..from + d.start()];
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
        let (s, e) = (from + d.start(), from + d.end());
        if scan.char_at(e).is_some_and(|c| c.is_alphanumeric())
            || scan.char_before(s).is_some_and(|c| c.is_alphanumeric())
        {
            continue;
        }
        let digits: String = d
            .as_str()
            .bytes()
            .filter(u8::is_ascii_digit)
            .map(char::from)
            .collect();
        if !(lo..=hi).contains(&digits.len()) || scan.is_claimed(s, e) {
            continue;
        }
        out.push((s, e, format!("{slug}:{digits}")));
    }
    for (s, e, v) in out {
        scan.claim(s, e);
        scan.push(Kind::RemoteId, v, s, e);
    }
}
