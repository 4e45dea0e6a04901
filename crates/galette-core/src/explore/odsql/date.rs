//! The text inside `date'…'`: a year, a month, a day or an instant, checked for existence.
//!
//! Owns: the accepted shapes (`2013`, `2013-01`, `2013/01/05`, `2013-01-05T10:00:00.000Z`…) and
//! their ranges. Does not own: the request timezone, which the compiler applies when no offset is
//! written, or converting to timestamps.

/// A date literal as written: each part that was given, nothing invented.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DateLiteral {
    /// The four-digit year.
    pub year: i32,
    /// 1 to 12, when given.
    pub month: Option<u8>,
    /// 1 to the month's length, when given (only with a month).
    pub day: Option<u8>,
    /// Hour, minute and second, when given (only with a day); fractions of a second are dropped.
    pub time: Option<(u8, u8, u8)>,
    /// Offset east of UTC in minutes: `Some(0)` for `Z`, `None` when not written (read in the
    /// request timezone).
    pub offset_minutes: Option<i32>,
}

/// Why the text of a `date'…'` literal is not a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Not one of the accepted shapes.
    #[error(
        "write it as YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS, \
         optionally followed by Z or an offset such as +02:00"
    )]
    Shape,
    /// A month outside 1 to 12.
    #[error("month {0} does not exist")]
    Month(u8),
    /// A day the month does not have.
    #[error("{year:04}-{month:02} has no day {day}")]
    Day {
        /// The year, for leap days.
        year: i32,
        /// The month.
        month: u8,
        /// The missing day.
        day: u8,
    },
    /// An hour over 23, or a minute or second over 59.
    #[error("{0:02}:{1:02}:{2:02} is not a time of day")]
    Time(u8, u8, u8),
    /// An offset of 24 hours or more, or with 60 minutes or more.
    #[error("an offset must be under 24 hours, with minutes under 60")]
    Offset,
}

impl DateLiteral {
    /// Reads the text between the quotes of `date'…'`.
    pub fn parse(text: &str) -> Result<DateLiteral, DateError> {
        let mut cursor = Cursor {
            bytes: text.as_bytes(),
            next: 0,
        };
        let year = cursor.digits(4, 4).ok_or(DateError::Shape)?;
        let mut date = DateLiteral {
            year: i32::from(year),
            month: None,
            day: None,
            time: None,
            offset_minutes: None,
        };
        if cursor.is_done() {
            return Ok(date);
        }
        let separator = match cursor.peek() {
            Some(b'-') => b'-',
            Some(b'/') => b'/',
            _ => return Err(DateError::Shape),
        };
        cursor.next += 1;
        let month = small(cursor.digits(1, 2))?;
        if !(1..=12).contains(&month) {
            return Err(DateError::Month(month));
        }
        date.month = Some(month);
        if cursor.is_done() {
            return Ok(date);
        }
        if !cursor.eat(separator) {
            return Err(DateError::Shape);
        }
        let day = small(cursor.digits(1, 2))?;
        if day == 0 || day > days_in_month(date.year, month) {
            return Err(DateError::Day {
                year: date.year,
                month,
                day,
            });
        }
        date.day = Some(day);
        if cursor.is_done() {
            return Ok(date);
        }
        if !(cursor.eat(b'T') || cursor.eat(b't') || cursor.eat(b' ')) {
            return Err(DateError::Shape);
        }
        date.time = Some(cursor.time()?);
        date.offset_minutes = cursor.offset()?;
        if cursor.is_done() {
            Ok(date)
        } else {
            Err(DateError::Shape)
        }
    }
}

/// A forward-only reader over the ASCII of a date.
struct Cursor<'a> {
    bytes: &'a [u8],
    next: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.next).copied()
    }

    fn is_done(&self) -> bool {
        self.next >= self.bytes.len()
    }

    fn eat(&mut self, byte: u8) -> bool {
        let is_there = self.peek() == Some(byte);
        if is_there {
            self.next += 1;
        }
        is_there
    }

    /// Between `min` and `max` (at most 4) decimal digits.
    fn digits(&mut self, min: usize, max: usize) -> Option<u16> {
        let mut value: u16 = 0;
        let mut count = 0;
        while count < max {
            let Some(digit @ b'0'..=b'9') = self.peek() else {
                break;
            };
            value = value * 10 + u16::from(digit - b'0');
            count += 1;
            self.next += 1;
        }
        (count >= min).then_some(value)
    }

    /// `HH:MM`, `HH:MM:SS` or `HH:MM:SS.fff` (the fraction is read and dropped).
    fn time(&mut self) -> Result<(u8, u8, u8), DateError> {
        let hour = small(self.digits(2, 2))?;
        if !self.eat(b':') {
            return Err(DateError::Shape);
        }
        let minute = small(self.digits(2, 2))?;
        let second = if self.eat(b':') {
            small(self.digits(2, 2))?
        } else {
            0
        };
        if self.eat(b'.') || self.eat(b',') {
            let mut fraction_digits = 0;
            while self.peek().is_some_and(|b| b.is_ascii_digit()) {
                self.next += 1;
                fraction_digits += 1;
            }
            if fraction_digits == 0 {
                return Err(DateError::Shape);
            }
        }
        if hour > 23 || minute > 59 || second > 59 {
            return Err(DateError::Time(hour, minute, second));
        }
        Ok((hour, minute, second))
    }

    /// Nothing, `Z`, or `±HH`, `±HHMM`, `±HH:MM`.
    fn offset(&mut self) -> Result<Option<i32>, DateError> {
        if self.eat(b'Z') || self.eat(b'z') {
            return Ok(Some(0));
        }
        let sign = if self.eat(b'+') {
            1
        } else if self.eat(b'-') {
            -1
        } else {
            return Ok(None);
        };
        let hours = self.digits(2, 2).ok_or(DateError::Shape)?;
        let has_colon = self.eat(b':');
        let minutes = match self.digits(2, 2) {
            Some(minutes) => minutes,
            None if has_colon => return Err(DateError::Shape),
            None => 0,
        };
        if hours > 23 || minutes > 59 {
            return Err(DateError::Offset);
        }
        Ok(Some(sign * (i32::from(hours) * 60 + i32::from(minutes))))
    }
}

/// Narrows two digits read by [`Cursor::digits`], which cannot exceed 99.
fn small(digits: Option<u16>) -> Result<u8, DateError> {
    digits
        .and_then(|value| u8::try_from(value).ok())
        .ok_or(DateError::Shape)
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(year: i32, month: Option<u8>, day: Option<u8>) -> DateLiteral {
        DateLiteral {
            year,
            month,
            day,
            time: None,
            offset_minutes: None,
        }
    }

    #[test]
    fn a_year_a_month_or_a_day_keep_only_what_was_written() {
        assert_eq!(DateLiteral::parse("2013"), Ok(date(2013, None, None)));
        assert_eq!(DateLiteral::parse("2013-01"), Ok(date(2013, Some(1), None)));
        assert_eq!(
            DateLiteral::parse("2013-01-05"),
            Ok(date(2013, Some(1), Some(5)))
        );
    }

    #[test]
    fn slashes_separate_like_dashes_but_not_mixed_with_them() {
        assert_eq!(
            DateLiteral::parse("2013/01/05"),
            DateLiteral::parse("2013-01-05")
        );
        assert_eq!(DateLiteral::parse("2013/01-05"), Err(DateError::Shape));
    }

    #[test]
    fn an_instant_keeps_its_time_and_offset_and_drops_milliseconds() {
        let instant = DateLiteral::parse("2013-01-05T10:00:00.000Z").unwrap();
        assert_eq!(instant.time, Some((10, 0, 0)));
        assert_eq!(instant.offset_minutes, Some(0));
        let local = DateLiteral::parse("2013-01-05 10:30").unwrap();
        assert_eq!(local.time, Some((10, 30, 0)));
        assert_eq!(local.offset_minutes, None);
        let paris = DateLiteral::parse("2013-01-05T10:00:00+01:30").unwrap();
        assert_eq!(paris.offset_minutes, Some(90));
        let new_york = DateLiteral::parse("2013-01-05T10:00:00-0500").unwrap();
        assert_eq!(new_york.offset_minutes, Some(-300));
    }

    #[test]
    fn impossible_dates_say_which_part_is_wrong() {
        assert_eq!(DateLiteral::parse("2013-13-01"), Err(DateError::Month(13)));
        assert_eq!(DateLiteral::parse("2013-00"), Err(DateError::Month(0)));
        assert_eq!(
            DateLiteral::parse("2013-02-29"),
            Err(DateError::Day {
                year: 2013,
                month: 2,
                day: 29
            })
        );
        assert!(DateLiteral::parse("2012-02-29").is_ok());
        assert!(DateLiteral::parse("1900-02-29").is_err());
        assert!(DateLiteral::parse("2000-02-29").is_ok());
        assert_eq!(
            DateLiteral::parse("2013-01-05T24:00:00"),
            Err(DateError::Time(24, 0, 0))
        );
        assert_eq!(
            DateLiteral::parse("2013-01-05T10:00+24:00"),
            Err(DateError::Offset)
        );
    }

    #[test]
    fn other_shapes_are_refused() {
        for text in [
            "",
            "13",
            "20130",
            "2013-",
            "2013-01-05T",
            "2013-01-05T10",
            "2013-01-05T10:00:00.",
            "2013-01-05Z",
            "2013-01-05T10:00Zjunk",
            "2013-01-05T10:00+1",
            "２０１３",
        ] {
            assert_eq!(DateLiteral::parse(text), Err(DateError::Shape), "{text}");
        }
    }

    #[test]
    fn the_shape_message_shows_what_is_accepted() {
        assert!(DateError::Shape.to_string().contains("YYYY-MM-DD"));
        assert_eq!(DateError::Month(13).to_string(), "month 13 does not exist");
    }
}
