//! Unix seconds as RFC 3339 UTC text, the `ts` of consent records (`reference/consent.md` C-25).
//!
//! Owns: the civil-from-days arithmetic, so core needs no date crate and never reads a clock.

/// Unix seconds as RFC 3339 UTC with a `Z`, e.g. `2024-11-23T18:20:00Z`.
pub fn rfc3339_utc(unix: i64) -> String {
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// Reads `YYYY-MM-DD` (midnight UTC) or `YYYY-MM-DDTHH:MM:SSZ` (also `+00:00`) as Unix
/// seconds; anything else (other offsets, impossible dates) is `None`.
pub fn parse_rfc3339_utc(text: &str) -> Option<i64> {
    let text = text.trim();
    let (date, time) = match text.split_once(['T', 't', ' ']) {
        Some((d, t)) => (d, Some(t)),
        None => (text, None),
    };
    let mut parts = date.splitn(3, '-');
    let year: i64 = digits(parts.next()?, 4)?;
    let month: i64 = digits(parts.next()?, 2)?;
    let day: i64 = digits(parts.next()?, 2)?;
    let days = days_from_civil(year, month, day)?;
    let seconds = match time {
        None => 0,
        Some(t) => {
            let t = t
                .strip_suffix(['Z', 'z'])
                .or_else(|| t.strip_suffix("+00:00"))?;
            let mut hms = t.splitn(3, ':');
            let (h, m, s) = (
                digits(hms.next()?, 2)?,
                digits(hms.next()?, 2)?,
                digits(hms.next()?, 2)?,
            );
            if h > 23 || m > 59 || s > 59 {
                return None;
            }
            h * 3600 + m * 60 + s
        }
    };
    Some(days * 86_400 + seconds)
}

fn digits(text: &str, len: usize) -> Option<i64> {
    (text.len() == len && text.bytes().all(|b| b.is_ascii_digit())).then(|| text.parse().ok())?
}

/// Days since 1970-01-01 of a proleptic Gregorian date, checked for existence.
fn days_from_civil(year: i64, month: i64, day: i64) -> Option<i64> {
    if !(1..=12).contains(&month) || day < 1 {
        return None;
    }
    let is_leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let month_days = [
        31,
        if is_leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    let last = *month_days.get(usize::try_from(month - 1).ok()?)?;
    if day > last {
        return None;
    }
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y.rem_euclid(400);
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    Some(era * 146_097 + day_of_era - 719_468)
}

/// The proleptic Gregorian date of a day count since 1970-01-01, by 400-year eras of
/// 146 097 days whose years start on 1 March (so the leap day ends each year).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let shifted = days + 719_468; // days from 0000-03-01 to 1970-01-01
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
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
        for bad in [
            "2024-02-30",
            "2023-02-29",
            "2024-13-01",
            "24-11-23",
            "2024-11-23T25:00:00Z",
            "2024-11-23T18:20:00+01:00",
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
