//! English and French: the language comes from the `rt_lang` cookie the
//! switch sets, else from `Accept-Language`, else English. Every text of a
//! page is written in both languages where it is used (`lang.t(en, fr)`),
//! so no string can be missing from one of them.

use super::session::cookie;
use axum::extract::{Path, Query};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

/// The cookie that remembers the switch.
pub const COOKIE: &str = "rt_lang";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Fr,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
        }
    }

    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "en" => Some(Lang::En),
            "fr" => Some(Lang::Fr),
            _ => None,
        }
    }

    /// The other language (what the switch offers).
    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Fr,
            Lang::Fr => Lang::En,
        }
    }

    /// The language's own name.
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Fr => "Français",
        }
    }

    /// The text in this language.
    pub fn t(self, en: &'static str, fr: &'static str) -> &'static str {
        match self {
            Lang::En => en,
            Lang::Fr => fr,
        }
    }

    /// The request's language: the switch's cookie, else the best of
    /// `Accept-Language` (by q value), else English.
    pub fn of(headers: &HeaderMap) -> Lang {
        if let Some(l) = cookie(headers, COOKIE).and_then(Lang::parse) {
            return l;
        }
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .and_then(from_accept_language)
            .unwrap_or_default()
    }
}

/// The first of English or French by preference in an `Accept-Language`.
pub fn from_accept_language(value: &str) -> Option<Lang> {
    let mut best: Option<(f32, usize, Lang)> = None;
    for (i, part) in value.split(',').enumerate().take(50) {
        let mut bits = part.split(';');
        let tag = bits.next().unwrap_or("").trim().to_ascii_lowercase();
        let q = bits
            .find_map(|b| b.trim().strip_prefix("q="))
            .and_then(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        let primary = tag.split('-').next().unwrap_or("");
        let Some(lang) = Lang::parse(primary) else {
            continue;
        };
        if q <= 0.0 {
            continue;
        }
        let better = match best {
            None => true,
            Some((bq, bi, _)) => q > bq || (q == bq && i < bi),
        };
        if better {
            best = Some((q, i, lang));
        }
    }
    best.map(|b| b.2)
}

#[derive(Debug, Deserialize)]
pub struct SwitchQuery {
    pub back: Option<String>,
}

/// `GET /lang/{en|fr}?back=/path`: remembers the choice in a cookie and
/// goes back to the page (only to a path of this site).
pub async fn switch(Path(lang): Path<String>, Query(q): Query<SwitchQuery>) -> Response {
    let lang = Lang::parse(&lang).unwrap_or_default();
    let back = q
        .back
        .filter(|b| b.starts_with('/') && !b.starts_with("//") && !b.contains('\\'))
        .unwrap_or_else(|| "/".into());
    (
        [(
            header::SET_COOKIE,
            format!(
                "{COOKIE}={}; Path=/; SameSite=Lax; Max-Age=31536000",
                lang.code()
            ),
        )],
        Redirect::to(&back),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_by_preference() {
        assert_eq!(
            from_accept_language("fr-FR,fr;q=0.9,en;q=0.8"),
            Some(Lang::Fr)
        );
        assert_eq!(
            from_accept_language("de, en;q=0.5, fr;q=0.7"),
            Some(Lang::Fr)
        );
        assert_eq!(from_accept_language("en-GB"), Some(Lang::En));
        assert_eq!(from_accept_language("de"), None);
        assert_eq!(from_accept_language("fr;q=0"), None);
    }
}
