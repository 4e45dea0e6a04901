//! One CSV cell read as each field type.
//!
//! Owns: what text counts as an int, a double, a boolean or a `"lat,lon"` point, and
//! turning a cell into a `Value` of a given type. Dates and datetimes are `calendar`'s.
//!
//! Numbers with a superfluous leading zero (`01234`) are not numbers here: such columns
//! are codes (postcodes, ids) and reading them as numbers would lose the zero.

use super::calendar::{parse_date, parse_datetime};
use super::field::{FieldType, Value};

/// A cell as a `Value` of `field_type`: `Some(Null)` when blank, `None` when it does not fit.
///
/// Text keeps the cell exactly as written; other types ignore surrounding ASCII whitespace.
/// Only ASCII whitespace is trimmed so that both passes agree whatever the encoding.
pub(crate) fn parse_value(cell: &str, field_type: FieldType) -> Option<Value> {
    let trimmed = cell.trim_ascii();
    if trimmed.is_empty() {
        return Some(Value::Null);
    }
    let value = match field_type {
        FieldType::Text => Value::Text(cell.to_owned()),
        FieldType::Int => Value::Int(parse_int(trimmed)?),
        FieldType::Double => Value::Double(parse_double(trimmed)?),
        FieldType::Boolean => Value::Boolean(parse_boolean(trimmed)?),
        FieldType::Date => {
            parse_date(trimmed)?;
            Value::Date(trimmed.to_owned())
        }
        FieldType::Datetime => Value::Datetime(parse_datetime(trimmed)?),
        FieldType::GeoPoint2d => {
            let (lat, lon) = parse_geo_point(trimmed)?;
            Value::GeoPoint { lat, lon }
        }
    };
    Some(value)
}

/// Whether a trimmed, non-blank cell fits `field_type`.
pub(crate) fn fits(trimmed: &str, field_type: FieldType) -> bool {
    match field_type {
        FieldType::Text => true,
        FieldType::Int => parse_int(trimmed).is_some(),
        FieldType::Double => parse_double(trimmed).is_some(),
        FieldType::Boolean => parse_boolean(trimmed).is_some(),
        FieldType::Date => parse_date(trimmed).is_some(),
        FieldType::Datetime => parse_datetime(trimmed).is_some(),
        FieldType::GeoPoint2d => parse_geo_point(trimmed).is_some(),
    }
}

/// An optional sign then digits, within `i64`.
fn parse_int(text: &str) -> Option<i64> {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    let is_plain = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !has_leading_zero(digits.as_bytes());
    if !is_plain {
        return None;
    }
    text.parse().ok()
}

/// A finite decimal number: `-12.5`, `.5`, `3.`, `1e-3`; never `NaN`, `inf` or `0x1F`.
fn parse_double(text: &str) -> Option<f64> {
    if !has_decimal_shape(text.as_bytes()) {
        return None;
    }
    text.parse::<f64>().ok().filter(|x| x.is_finite())
}

/// `true` or `false`, in any case.
fn parse_boolean(text: &str) -> Option<bool> {
    if text.eq_ignore_ascii_case("true") {
        Some(true)
    } else if text.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// `"lat,lon"` in degrees, as ODS writes a `geo_point_2d` in CSV.
fn parse_geo_point(text: &str) -> Option<(f64, f64)> {
    let (lat, lon) = text.split_once(',')?;
    let lat = parse_double(lat.trim())?;
    let lon = parse_double(lon.trim())?;
    let is_on_earth = (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon);
    is_on_earth.then_some((lat, lon))
}

/// `[+-] digits [. digits] [e [+-] digits]` with at least one mantissa digit.
fn has_decimal_shape(bytes: &[u8]) -> bool {
    let unsigned = bytes
        .strip_prefix(b"+")
        .or_else(|| bytes.strip_prefix(b"-"));
    let unsigned = unsigned.unwrap_or(bytes);
    let integer_len = leading_digits(unsigned);
    let Some((integer, mut rest)) = unsigned.split_at_checked(integer_len) else {
        return false;
    };
    if has_leading_zero(integer) {
        return false;
    }
    let mut fraction_len = 0;
    if let Some(after_point) = rest.strip_prefix(b".") {
        fraction_len = leading_digits(after_point);
        rest = after_point.get(fraction_len..).unwrap_or_default();
    }
    if integer_len + fraction_len == 0 {
        return false;
    }
    if let Some(exponent) = rest.strip_prefix(b"e").or_else(|| rest.strip_prefix(b"E")) {
        let exponent = exponent
            .strip_prefix(b"+")
            .or_else(|| exponent.strip_prefix(b"-"))
            .unwrap_or(exponent);
        return !exponent.is_empty() && exponent.iter().all(u8::is_ascii_digit);
    }
    rest.is_empty()
}

fn leading_digits(bytes: &[u8]) -> usize {
    bytes.iter().take_while(|b| b.is_ascii_digit()).count()
}

/// `007` but not `0` or `0.5`: the mark of a code rather than a number.
fn has_leading_zero(integer_digits: &[u8]) -> bool {
    integer_digits.len() > 1 && integer_digits.first() == Some(&b'0')
}

#[cfg(test)]
mod tests {

    use super::*;

    #[test]
    fn blank_cells_are_null_whatever_the_type() {
        for field_type in FieldType::ALL {
            assert_eq!(parse_value("", field_type), Some(Value::Null));
            assert_eq!(parse_value("  ", field_type), Some(Value::Null));
        }
    }

    #[test]
    fn integers_fit_int_and_double_but_codes_with_leading_zeros_do_not() {
        assert_eq!(parse_value("-58", FieldType::Int), Some(Value::Int(-58)));
        assert_eq!(parse_value(" 0 ", FieldType::Int), Some(Value::Int(0)));
        assert_eq!(parse_value("+7", FieldType::Int), Some(Value::Int(7)));
        assert_eq!(
            parse_value("12", FieldType::Double),
            Some(Value::Double(12.0))
        );
        for code in ["01234", "007", "-01", "00.5"] {
            assert!(!fits(code, FieldType::Int), "{code}");
            assert!(!fits(code, FieldType::Double), "{code}");
        }
    }

    #[test]
    fn integers_too_large_for_i64_are_doubles() {
        assert!(!fits("9223372036854775808", FieldType::Int));
        assert!(fits("9223372036854775808", FieldType::Double));
    }

    #[test]
    fn decimals_must_be_finite_plain_numbers() {
        for good in ["41.1304722", "-80.6", ".5", "3.", "1e5", "2.5E-3", "0.25"] {
            assert!(fits(good, FieldType::Double), "{good}");
        }
        for bad in [
            "NaN",
            "inf",
            "-infinity",
            "1e999",
            ".",
            "-",
            "1e",
            "1,5",
            "0x1F",
            "1 2",
        ] {
            assert!(!fits(bad, FieldType::Double), "{bad}");
        }
    }

    #[test]
    fn booleans_are_true_or_false_in_any_case() {
        assert_eq!(
            parse_value("TRUE", FieldType::Boolean),
            Some(Value::Boolean(true))
        );
        assert_eq!(
            parse_value("False", FieldType::Boolean),
            Some(Value::Boolean(false))
        );
        assert_eq!(parse_value("1", FieldType::Boolean), None);
        assert_eq!(parse_value("yes", FieldType::Boolean), None);
    }

    #[test]
    fn geo_points_are_lat_comma_lon_on_the_globe() {
        assert_eq!(
            parse_value("48.8566, 2.3522", FieldType::GeoPoint2d),
            Some(Value::GeoPoint {
                lat: 48.8566,
                lon: 2.3522
            })
        );
        for bad in ["91.0,2.0", "48.8,181.0", "48.8", "48.8,2.3,1.0", "a,b"] {
            assert!(!fits(bad, FieldType::GeoPoint2d), "{bad}");
        }
    }

    #[test]
    fn text_keeps_the_cell_as_written() {
        assert_eq!(
            parse_value(" UA ", FieldType::Text),
            Some(Value::Text(" UA ".to_owned()))
        );
    }

    #[test]
    fn dates_keep_their_text_and_datetimes_become_seconds() {
        assert_eq!(
            parse_value("2013-01-09", FieldType::Date),
            Some(Value::Date("2013-01-09".to_owned()))
        );
        assert_eq!(
            parse_value("2013-01-01T10:00:00Z", FieldType::Datetime),
            Some(Value::Datetime(1_357_034_400))
        );
        assert_eq!(parse_value("2013-01-01T10:00:00Z", FieldType::Date), None);
    }
}
