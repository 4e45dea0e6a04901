//! Dates and datetimes as CSV cells write them, done with plain proleptic-Gregorian arithmetic.
//!
//! Owns: reading `YYYY-MM-DD` and ISO 8601 datetimes (`2013-01-01T10:00:00Z`,
//! `2013-01-01 10:00:00`, fractional seconds, `+01:00` offsets; no offset means UTC) into
//! days or seconds since 1970-01-01, and writing seconds back as ISO 8601 UTC.
//! Does not own: time zones by name (the request `timezone` is the explore layer's).

const SECONDS_PER_DAY: i64 = 86_400;

/// Days between 0000-03-01 and 1970-01-01, the shift between the two day counts below.
const DAYS_FROM_MARCH_ZERO_TO_EPOCH: i64 = 719_468;

/// Days in one 400-year Gregorian cycle.
const DAYS_PER_ERA: i64 = 146_097;

/// Reads `YYYY-MM-DD` (a real calendar day) as days since 1970-01-01.
pub fn parse_date(text: &str) -> Option<i64> {
    let (year, month, day) = read_date(text.as_bytes())?;
    Some(days_from_civil(year, month, day))
}

/// Reads an ISO 8601 datetime as Unix seconds (UTC), dropping fractional seconds.
///
/// A plain `YYYY-MM-DD` is also accepted, as midnight UTC, so that a column mixing dates
/// and datetimes still types as datetime.
pub fn parse_datetime(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    let date_part = bytes.get(..10)?;
    let (year, month, day) = read_date(date_part)?;
    let days = days_from_civil(year, month, day);
    let rest = bytes.get(10..)?;
    if rest.is_empty() {
        return Some(days * SECONDS_PER_DAY);
    }
    let (separator, time) = rest.split_first()?;
    if !matches!(separator, b'T' | b't' | b' ') {
        return None;
    }
    let (seconds_of_day, offset_text) = read_time(time)?;
    let offset = read_offset(offset_text)?;
    Some(days * SECONDS_PER_DAY + seconds_of_day - offset)
}

/// Writes Unix seconds as `YYYY-MM-DDTHH:MM:SS+00:00`, the shape of Explore API records (§4).
pub fn format_datetime(unix_seconds: i64) -> String {
    let days = unix_seconds.div_euclid(SECONDS_PER_DAY);
    let second_of_day = unix_seconds.rem_euclid(SECONDS_PER_DAY);
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}+00:00",
        second_of_day / 3600,
        second_of_day % 3600 / 60,
        second_of_day % 60
    )
}

/// `YYYY-MM-DD` exactly, as (year, month, day) when that day exists.
fn read_date(bytes: &[u8]) -> Option<(i64, i64, i64)> {
    if bytes.len() != 10 || bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') {
        return None;
    }
    let year = number(bytes.get(0..4)?)?;
    let month = number(bytes.get(5..7)?)?;
    let day = number(bytes.get(8..10)?)?;
    let is_real_day = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
    is_real_day.then_some((year, month, day))
}

/// `HH:MM[:SS[.fff…]]` followed by whatever offset text remains.
fn read_time(bytes: &[u8]) -> Option<(i64, &[u8])> {
    if bytes.get(2) != Some(&b':') {
        return None;
    }
    let hour = number(bytes.get(0..2)?)?;
    let minute = number(bytes.get(3..5)?)?;
    let mut rest = bytes.get(5..)?;
    let mut second = 0;
    if let Some(after_colon) = rest.strip_prefix(b":") {
        second = number(after_colon.get(0..2)?)?;
        rest = after_colon.get(2..)?;
        if let Some(fraction) = rest.strip_prefix(b".") {
            let digit_count = fraction.iter().take_while(|b| b.is_ascii_digit()).count();
            if digit_count == 0 {
                return None;
            }
            rest = fraction.get(digit_count..)?;
        }
    }
    // Leap seconds (`:60`) and `24:00` are refused rather than silently moved to the next day.
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    Some((hour * 3600 + minute * 60 + second, rest))
}

/// Nothing or `Z` (UTC), or `±HH:MM`, `±HHMM`, `±HH`: seconds east of UTC.
fn read_offset(bytes: &[u8]) -> Option<i64> {
    let (sign, digits) = match bytes.split_first() {
        None => return Some(0),
        Some((b'Z' | b'z', rest)) => return rest.is_empty().then_some(0),
        Some((b'+', rest)) => (1, rest),
        Some((b'-', rest)) => (-1, rest),
        Some(_) => return None,
    };
    let hours = number(digits.get(0..2)?)?;
    let minutes = match digits.get(2..)? {
        [] => 0,
        [b':', a, b] | [a, b] => number(&[*a, *b])?,
        _ => return None,
    };
    if hours > 23 || minutes > 59 {
        return None;
    }
    Some(sign * (hours * 3600 + minutes * 60))
}

/// A run of ASCII digits (and nothing else) as a number; `None` when empty or not digits.
fn number(digits: &[u8]) -> Option<i64> {
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(
        digits
            .iter()
            .fold(0, |total, digit| total * 10 + i64::from(digit - b'0')),
    )
}

fn is_leap_year(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic-Gregorian day.
///
/// Counting years from March puts the leap day at the end of each year, so the day of the
/// year follows from the month by one linear formula.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let march_year = if month <= 2 { year - 1 } else { year };
    let era = march_year.div_euclid(400);
    let year_of_era = march_year.rem_euclid(400);
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * DAYS_PER_ERA + day_of_era - DAYS_FROM_MARCH_ZERO_TO_EPOCH
}

/// The (year, month, day) of a day counted from 1970-01-01; the inverse of `days_from_civil`.
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let shifted = days + DAYS_FROM_MARCH_ZERO_TO_EPOCH;
    let era = shifted.div_euclid(DAYS_PER_ERA);
    let day_of_era = shifted.rem_euclid(DAYS_PER_ERA);
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
    let year = era * 400 + year_of_era + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {

    use super::*;

    #[test]
    fn the_epoch_and_known_days_count_correctly() {
        assert_eq!(parse_date("1970-01-01"), Some(0));
        assert_eq!(parse_date("2000-03-01"), Some(11_017));
        assert_eq!(parse_date("1969-12-31"), Some(-1));
        assert_eq!(parse_date("2013-01-01"), Some(15_706));
    }

    #[test]
    fn impossible_days_are_not_dates() {
        for bad in [
            "2013-02-29",
            "2013-13-01",
            "2013-00-10",
            "2013-04-31",
            "2013-1-01",
            "13-01-01",
            "2013/01/01",
            "2013-01-01 ",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
        assert!(parse_date("2012-02-29").is_some());
        assert!(parse_date("2000-02-29").is_some());
        assert_eq!(parse_date("1900-02-29"), None);
    }

    #[test]
    fn days_and_civil_dates_round_trip_over_centuries() {
        for days in (-800_000..800_000).step_by(997) {
            let (year, month, day) = civil_from_days(days);
            assert_eq!(days_from_civil(year, month, day), days);
        }
    }

    #[test]
    fn a_utc_datetime_reads_as_unix_seconds() {
        assert_eq!(parse_datetime("2013-01-01T10:00:00Z"), Some(1_357_034_400));
        assert_eq!(parse_datetime("2013-01-01 10:00:00"), Some(1_357_034_400));
        assert_eq!(parse_datetime("2013-01-01T10:00"), Some(1_357_034_400));
        assert_eq!(
            parse_datetime("2013-01-01T10:00:00.987654Z"),
            Some(1_357_034_400)
        );
    }

    #[test]
    fn offsets_are_converted_to_utc() {
        let utc = 1_357_034_400;
        assert_eq!(parse_datetime("2013-01-01T11:00:00+01:00"), Some(utc));
        assert_eq!(parse_datetime("2013-01-01T05:00:00-0500"), Some(utc));
        assert_eq!(parse_datetime("2013-01-01T15:30:00.5+05:30"), Some(utc));
        assert_eq!(parse_datetime("2013-01-01T12:00:00+02"), Some(utc));
        assert_eq!(parse_datetime("2012-12-31T23:00:00-11:00"), Some(utc));
    }

    #[test]
    fn a_plain_date_is_a_datetime_at_midnight_utc() {
        assert_eq!(parse_datetime("2013-01-01"), Some(1_356_998_400));
    }

    #[test]
    fn malformed_datetimes_are_refused() {
        for bad in [
            "2013-01-01T",
            "2013-01-01T10",
            "2013-01-01T24:00:00",
            "2013-01-01T10:60:00",
            "2013-01-01T10:00:60",
            "2013-01-01T10:00:00.",
            "2013-01-01T10:00:00+1",
            "2013-01-01T10:00:00+25:00",
            "2013-01-01T10:00:00ZZ",
            "2013-01-01X10:00:00",
            "2013-01-01T10:00:00 Z",
            "2013-02-30T10:00:00",
        ] {
            assert_eq!(parse_datetime(bad), None, "{bad}");
        }
    }

    #[test]
    fn seconds_are_written_back_as_utc_iso_8601() {
        assert_eq!(format_datetime(1_357_034_400), "2013-01-01T10:00:00+00:00");
        assert_eq!(format_datetime(-1), "1969-12-31T23:59:59+00:00");
        assert_eq!(format_datetime(951_782_400), "2000-02-29T00:00:00+00:00");
    }

    #[test]
    fn odd_unicode_input_is_refused_without_panicking() {
        assert_eq!(parse_datetime("2013-01-01Té0:00"), None);
        assert_eq!(parse_date("2013-01-0é"), None);
        assert_eq!(parse_datetime("ééééééééééé"), None);
    }
}
