//! Whether a given SVG may be embedded in a self-contained report: no
//! script, no event handler, nothing loaded from elsewhere.

/// `Err` names the first thing found that a self-contained report cannot hold.
pub fn check(svg: &str) -> Result<(), String> {
    let lower = svg.to_ascii_lowercase();
    if !lower.trim_start().starts_with("<svg") {
        return Err("it does not start with `<svg`".into());
    }
    for bad in [
        "<script",
        "javascript:",
        "<foreignobject",
        "<iframe",
        "<image",
        "<use",
        "@import",
        "url(",
        "http://",
        "https://",
        "data:",
        "<!entity",
    ] {
        // The SVG namespace itself is allowed.
        let hits = lower.matches(bad).count();
        let allowed = if bad == "http://" {
            lower.matches("http://www.w3.org/").count()
        } else {
            0
        };
        if hits > allowed {
            return Err(format!("it contains `{bad}`"));
        }
    }
    let b = lower.as_bytes();
    for (i, _) in lower.match_indices("on") {
        let before_ws = i > 0 && b[i - 1].is_ascii_whitespace();
        let rest = &b[i + 2..];
        let name_len = rest.iter().take_while(|c| c.is_ascii_alphabetic()).count();
        let after = rest[name_len..]
            .iter()
            .find(|c| !c.is_ascii_whitespace())
            .copied();
        if before_ws && name_len > 0 && after == Some(b'=') {
            return Err("it contains an event handler attribute (`on…=`)".into());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn refuses_active_content() {
        assert!(check(r#"<svg xmlns="http://www.w3.org/2000/svg"><circle r="3"/></svg>"#).is_ok());
        assert!(check(r#"<svg><script>alert(1)</script></svg>"#).is_err());
        assert!(check(r#"<svg><circle onclick="x()"/></svg>"#).is_err());
        assert!(check(r#"<svg><image href="https://x.test/a.png"/></svg>"#).is_err());
        assert!(check("<p>no</p>").is_err());
    }
}
