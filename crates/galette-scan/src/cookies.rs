//! Reading cookie writes: a `Set-Cookie` header or a `document.cookie` assignment, without
//! ever keeping the value; and the script that made a write, from its stack.

/// The name the page hook's frames carry (the browser gives it to the hook's script), so
/// stacks can leave them out.
pub const HOOK_NAME: &str = "galette-scan-hook.js";

/// The facts of one cookie write (the value is dropped).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedWrite {
    /// Cookie name.
    pub name: String,
    /// `Domain` attribute.
    pub domain: Option<String>,
    /// Requested lifetime in seconds from `now`; `None` for a session cookie.
    pub lifetime_seconds: Option<i64>,
    /// `Secure`.
    pub secure: bool,
    /// `HttpOnly`.
    pub http_only: bool,
    /// `SameSite`, lower case.
    pub same_site: Option<String>,
    /// Whether the write deletes the cookie.
    pub is_deletion: bool,
}

/// Parses one `Set-Cookie` line (or `document.cookie` assignment) at Unix time `now`.
pub fn parse_write(line: &str, now: i64) -> Option<ParsedWrite> {
    let mut parts = line.split(';');
    let pair = parts.next()?.trim();
    let name = match pair.split_once('=') {
        Some((n, _)) => n.trim(),
        None => "",
    };
    if name.is_empty() {
        return None;
    }
    let mut write = ParsedWrite {
        name: name.to_owned(),
        domain: None,
        lifetime_seconds: None,
        secure: false,
        http_only: false,
        same_site: None,
        is_deletion: false,
    };
    let mut max_age = None;
    let mut expires = None;
    for attr in parts {
        let (key, value) = match attr.split_once('=') {
            Some((k, v)) => (k.trim(), v.trim()),
            None => (attr.trim(), ""),
        };
        match key.to_ascii_lowercase().as_str() {
            "max-age" => max_age = value.parse::<i64>().ok(),
            "expires" => {
                expires = httpdate::parse_http_date(value)
                    .ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .and_then(|d| i64::try_from(d.as_secs()).ok());
            }
            "domain" if !value.is_empty() => write.domain = Some(value.to_ascii_lowercase()),
            "secure" => write.secure = true,
            "httponly" => write.http_only = true,
            "samesite" => write.same_site = Some(value.to_ascii_lowercase()),
            _ => {}
        }
    }
    // Max-Age wins over Expires (RFC 6265 §5.3).
    write.lifetime_seconds = max_age.or(expires.map(|e| e - now));
    write.is_deletion = write.lifetime_seconds.is_some_and(|l| l <= 0);
    Some(write)
}

/// The frames of a JavaScript `Error().stack`, without the scanner's own hook.
pub fn stack_frames(stack: &str) -> Vec<String> {
    stack
        .lines()
        .map(str::trim)
        .filter_map(|l| l.strip_prefix("at "))
        .filter(|l| !l.contains(HOOK_NAME))
        .map(str::to_owned)
        .collect()
}

/// The script URL of the first frame with one (`http(s)://…`, line and column removed).
pub fn script_url(frames: &[String]) -> Option<String> {
    frames.iter().find_map(|frame| {
        let start = frame.find("http://").or_else(|| frame.find("https://"))?;
        let rest = frame.get(start..)?;
        let rest = rest.trim_end_matches(')');
        // Drop ":line:column".
        let mut url = rest;
        for _ in 0..2 {
            if let Some((head, tail)) = url.rsplit_once(':')
                && !tail.is_empty()
                && tail.chars().all(|c| c.is_ascii_digit())
            {
                url = head;
            }
        }
        Some(url.to_owned())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_cookie_line_gives_its_attributes_and_never_its_value() {
        let w = parse_write(
            "sessionid=secret; Max-Age=1209600; Path=/; HttpOnly; SameSite=Lax; Secure",
            0,
        )
        .unwrap();
        assert_eq!(w.name, "sessionid");
        assert_eq!(w.lifetime_seconds, Some(1_209_600));
        assert!(w.secure && w.http_only && !w.is_deletion);
        assert_eq!(w.same_site.as_deref(), Some("lax"));
        let gone = parse_write("a=; expires=Thu, 01 Jan 1970 00:00:00 GMT", 1000).unwrap();
        assert!(gone.is_deletion);
        assert_eq!(parse_write("a=1", 0).unwrap().lifetime_seconds, None);
        assert!(parse_write("=x", 0).is_none());
    }

    #[test]
    fn the_script_url_is_the_first_frame_outside_the_hook() {
        let stack = "Error\n    at HTMLDocument.set (galette-scan-hook.js:9:5)\n    at track (http://site.localhost:1234/static/t.js:3:14)\n    at http://site.localhost:1234/:10:2";
        let frames = stack_frames(stack);
        assert_eq!(frames.len(), 2);
        assert_eq!(
            script_url(&frames).as_deref(),
            Some("http://site.localhost:1234/static/t.js")
        );
    }
}
