//! Unix seconds as RFC 3339 UTC text, the `ts` of consent records (`docs/consent.md` C-25),
//! and the dates operators type (`--since`).
//!
//! The calendar arithmetic itself lives in `dataset::calendar`, shared with CSV import.

use crate::dataset::{format_datetime, parse_datetime};

/// Unix seconds as RFC 3339 UTC with a `Z`, e.g. `2024-11-23T18:20:00Z`.
pub fn rfc3339_utc(unix: i64) -> String {
    let text = format_datetime(unix);
    match text.strip_suffix("+00:00") {
        Some(utc) => format!("{utc}Z"),
        None => text,
    }
}

/// Reads `YYYY-MM-DD` (midnight UTC) or an RFC 3339 datetime (`Z` or an offset) as Unix
/// seconds; anything else, or an impossible date, is `None`.
pub fn parse_rfc3339_utc(text: &str) -> Option<i64> {
    parse_datetime(text.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_dates_and_times_parse_back_to_unix_seconds() {
        for unix in [0, 951_782_400, 1_732_386_000, 1_795_460_542, 4_107_542_400] {
            assert_eq!(parse_rfc3339_utc(&rfc3339_utc(unix)), Some(unix));
        }
        assert_eq!(parse_rfc3339_utc("2024-11-23"), Some(1_732_320_000));
        assert_eq!(
            parse_rfc3339_utc("2024-11-23T18:20:00+00:00"),
            Some(1_732_386_000)
        );
        assert_eq!(
            parse_rfc3339_utc("2024-11-23T19:20:00+01:00"),
            Some(1_732_386_000),
            "an offset is applied"
        );
        for bad in [
            "2024-02-30",
            "2023-02-29",
            "2024-13-01",
            "24-11-23",
            "2024-11-23T25:00:00Z",
            "yesterday",
            "",
        ] {
            assert_eq!(parse_rfc3339_utc(bad), None, "{bad}");
        }
    }

    #[test]
    fn unix_times_format_as_rfc3339_utc() {
        assert_eq!(rfc3339_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339_utc(1_732_386_000), "2024-11-23T18:20:00Z");
        assert_eq!(rfc3339_utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339_utc(1_795_460_542), "2026-11-23T19:02:22Z");
        assert_eq!(rfc3339_utc(-1), "1969-12-31T23:59:59Z");
        assert_eq!(rfc3339_utc(4_107_542_400), "2100-03-01T00:00:00Z");
        assert_eq!(rfc3339_utc(253_402_300_799), "9999-12-31T23:59:59Z");
    }
}
