//! Dates and times: date literals read in the request's zone, the date parts (`year()` …
//! `second()`), `date_format()` with month and weekday names in the request's language, and
//! datetimes as local text for refinements.
//!
//! Datetimes are stored as Unix seconds (UTC); the zone's offset is added in SQL through
//! `zones::local_seconds`, then formatted as UTC wall-clock time.

use super::Compiler;
use super::dialect::local_datetime_text;
use crate::Backend;
use crate::explore::query::{Param, QueryError, SqlType, bad};
use crate::explore::zones::local_seconds;
use galette_core::explore::functions::Function;
use galette_core::explore::names::{month_names, weekday_names};
use galette_core::explore::odsql::DateLiteral;
use galette_core::explore::timezone::{Civil, Zone};

impl Compiler<'_> {
    /// A datetime column as `YYYY-MM-DDTHH:MM:SS` text, in the request's zone.
    pub(super) fn datetime_text(&self, column: &str) -> String {
        local_datetime_text(&local_seconds(column, self.offsets), self.backend)
    }

    /// `date_format(d, pattern)` with the pattern letters `yyyy MM dd HH mm ss`, and `MMMM`
    /// and `EEEE` for the month's and the weekday's name in `lang`; other letters are
    /// refused, anything else is copied. Patterns and names are bound as parameters.
    pub(super) fn date_format(
        &mut self,
        sql: &str,
        t: SqlType,
        pattern: &str,
    ) -> Result<(String, SqlType), QueryError> {
        if pattern.contains('\0') {
            return Err(bad(
                "date_format() patterns cannot contain the NUL character",
            ));
        }
        let (value, is_datetime) = match t {
            SqlType::Datetime => (local_seconds(sql, self.offsets), true),
            SqlType::Date => (sql.to_owned(), false),
            _ => return Err(bad("date_format() needs a date or datetime")),
        };
        // Runs of plain formatting (SQLite strftime, PostgreSQL to_char), and names.
        let mut parts: Vec<DatePart> = Vec::new();
        let plain = |parts: &mut Vec<DatePart>, lite: &str, pg: &str| {
            if let Some(DatePart::Format(l, p)) = parts.last_mut() {
                l.push_str(lite);
                p.push_str(pg);
            } else {
                parts.push(DatePart::Format(lite.to_owned(), pg.to_owned()));
            }
        };
        let mut rest = pattern;
        while let Some(c) = rest.chars().next() {
            let run = rest.chars().take_while(|&x| x == c).count();
            let token: String = rest.chars().take(run).collect();
            rest = rest.get(token.len()..).unwrap_or_default();
            let (lite, pg) = match token.as_str() {
                "yyyy" => ("%Y", "YYYY"),
                "MM" => ("%m", "MM"),
                "dd" => ("%d", "DD"),
                "HH" => ("%H", "HH24"),
                "mm" => ("%M", "MI"),
                "ss" => ("%S", "SS"),
                "MMMM" => {
                    parts.push(DatePart::Month);
                    continue;
                }
                "EEEE" => {
                    parts.push(DatePart::Weekday);
                    continue;
                }
                _ if c.is_ascii_alphabetic() => {
                    return Err(bad(format!(
                        "date_format() pattern letter `{token}` is not supported (use yyyy, MM, MMMM, dd, EEEE, HH, mm, ss)"
                    )));
                }
                _ => {
                    let quoted =
                        format!("\"{}\"", token.replace('\\', "\\\\").replace('"', "\\\""));
                    plain(&mut parts, &token.replace('%', "%%"), &quoted);
                    continue;
                }
            };
            plain(&mut parts, lite, pg);
        }
        let stamp = |backend: Backend, format: &str| match backend {
            Backend::Sqlite if is_datetime => format!("strftime({format}, {value}, 'unixepoch')"),
            Backend::Sqlite => format!("strftime({format}, {value})"),
            Backend::Postgres if is_datetime => {
                format!("to_char(to_timestamp({value}) AT TIME ZONE 'UTC', {format})")
            }
            Backend::Postgres => format!("to_char(CAST({value} AS DATE), {format})"),
        };
        let mut pieces = Vec::new();
        for part in parts {
            let (number, names): (String, Vec<&str>) = match part {
                DatePart::Format(lite, pg) => {
                    let format = match self.backend {
                        Backend::Sqlite => self.push(Param::Text(lite)),
                        Backend::Postgres => self.push(Param::Text(pg)),
                    };
                    pieces.push(stamp(self.backend, &format));
                    continue;
                }
                DatePart::Month => (
                    self.date_number("%m", "MM"),
                    month_names(self.lang).to_vec(),
                ),
                DatePart::Weekday => (
                    self.date_number("%w", "D"),
                    weekday_names(self.lang).to_vec(),
                ),
            };
            // to_char's D counts 1 (Sunday) to 7; strftime's %w 0 (Sunday) to 6.
            let first = if self.backend == Backend::Postgres && names.len() == 7 {
                1
            } else {
                usize::from(names.len() == 12)
            };
            let number = stamp(self.backend, &number);
            let mut case = format!("CASE CAST({number} AS INTEGER)");
            for (index, name) in names.iter().enumerate() {
                let p = self.push(Param::Text((*name).to_owned()));
                case.push_str(&format!(" WHEN {} THEN {p}", index + first));
            }
            case.push_str(" END");
            pieces.push(case);
        }
        if pieces.is_empty() {
            return Err(bad("date_format() needs a pattern"));
        }
        Ok((format!("({})", pieces.join(" || ")), SqlType::Text))
    }

    /// A bound format giving one number of the date (`%m`/`MM`, `%w`/`D`).
    pub(super) fn date_number(&mut self, lite: &str, pg: &str) -> String {
        let format = match self.backend {
            Backend::Sqlite => lite,
            Backend::Postgres => pg,
        };
        self.push(Param::Text(format.to_owned()))
    }

    pub(super) fn date_part(
        &self,
        part: Function,
        sql: &str,
        t: SqlType,
    ) -> Result<(String, SqlType), QueryError> {
        let (format, pg) = match part {
            Function::Year => ("%Y", "YEAR"),
            Function::Month => ("%m", "MONTH"),
            Function::Day => ("%d", "DAY"),
            Function::Hour => ("%H", "HOUR"),
            Function::Minute => ("%M", "MINUTE"),
            _ => ("%S", "SECOND"),
        };
        let local = local_seconds(sql, self.offsets);
        let sql = match (t, self.backend) {
            (SqlType::Datetime, Backend::Sqlite) => {
                let sql = &local;
                format!("CAST(strftime('{format}', {sql}, 'unixepoch') AS INTEGER)")
            }
            (SqlType::Date, Backend::Sqlite) => {
                format!("CAST(strftime('{format}', {sql}) AS INTEGER)")
            }
            (SqlType::Datetime, Backend::Postgres) => {
                let sql = &local;
                format!("CAST(EXTRACT({pg} FROM to_timestamp({sql}) AT TIME ZONE 'UTC') AS BIGINT)")
            }
            // A timestamp, not a date: PostgreSQL refuses `hour` of a date (SQLite gives 0).
            (SqlType::Date, Backend::Postgres) => {
                format!("CAST(EXTRACT({pg} FROM CAST({sql} AS TIMESTAMP)) AS BIGINT)")
            }
            _ => return Err(bad(format!("{}() needs a date or datetime", part.name()))),
        };
        Ok((sql, SqlType::Int))
    }
}

/// Unix seconds of a date literal: as written when it has an offset, else the civil time
/// (midnight when there is no time) in the request's zone.
pub(super) fn date_unix(d: &DateLiteral, zone: &Zone) -> Result<i64, QueryError> {
    let (hour, minute, second) = d.time.unwrap_or((0, 0, 0));
    let civil = Civil {
        year: d.year,
        month: u32::from(d.month.unwrap_or(1)),
        day: u32::from(d.day.unwrap_or(1)),
        hour: u32::from(hour),
        minute: u32::from(minute),
        second: u32::from(second),
    };
    let impossible = || {
        bad(format!(
            "impossible date {:04}-{:02}-{:02}",
            civil.year, civil.month, civil.day
        ))
    };
    match d.offset_minutes {
        Some(minutes) => Zone::utc()
            .instant_of(civil)
            .map(|t| t - i64::from(minutes) * 60)
            .ok_or_else(impossible),
        None => zone.instant_of(civil).ok_or_else(impossible),
    }
}

/// The day a date literal stands for when compared with a date field: the day as written,
/// or, for a literal with a time, its day in `zone`.
pub(super) fn day_of(d: &DateLiteral, zone: &Zone) -> Result<String, QueryError> {
    Ok(match d.time {
        None => format!(
            "{:04}-{:02}-{:02}",
            d.year,
            d.month.unwrap_or(1),
            d.day.unwrap_or(1)
        ),
        Some(_) => civil_day(date_unix(d, zone)?, zone),
    })
}

/// The `YYYY-MM-DD` day of an instant in `zone`.
pub(super) fn civil_day(unix: i64, zone: &Zone) -> String {
    zone.civil_of(unix).map_or_else(String::new, |c| {
        format!("{:04}-{:02}-{:02}", c.year, c.month, c.day)
    })
}

/// A piece of a `date_format` pattern.
enum DatePart {
    /// Plain formatting: the SQLite and the PostgreSQL spelling.
    Format(String, String),
    /// The month's name.
    Month,
    /// The weekday's name.
    Weekday,
}

#[cfg(test)]
mod tests {
    use super::super::testing::{sql, wheres};
    use insta::assert_snapshot;

    #[test]
    fn date_literals() {
        assert_snapshot!(wheres(&[
            "t > date'2024'",
            "t > date'2024-01-01'",
            "t >= date'2024-03-31T02:30:00'",
            "t < date'2024-01-01T00:00:00+02:00'",
            "d = date'2024-01-01'",
            "d > date'2024-01-01T23:00:00'",
            "d = '2024-01-01'",
        ]));
    }

    #[test]
    fn date_literals_in_a_zone() {
        for w in [
            "t > date'2024-01-01'",
            "t >= date'2024-07-01T02:30:00'",
            "t < date'2024-01-01T00:00:00Z'",
            "d > date'2024-01-01T23:30:00Z'",
        ] {
            assert_snapshot!(sql(&[
                ("select", "n"),
                ("where", w),
                ("timezone", "Europe/Paris")
            ]));
        }
    }

    #[test]
    fn date_parts() {
        for timezone in ["UTC", "America/New_York"] {
            assert_snapshot!(sql(&[
                (
                    "select",
                    "year(t) as y, month(d) as mo, day(t) as da, hour(t) as h, minute(d) as mi, second(t) as s"
                ),
                ("timezone", timezone),
            ]));
        }
    }

    #[test]
    fn date_format() {
        for (timezone, lang) in [("UTC", "en"), ("Europe/Paris", "fr")] {
            assert_snapshot!(sql(&[
                (
                    "select",
                    "date_format(t, 'yyyy-MM-dd HH:mm:ss') as a, date_format(d, 'EEEE d MMMM yyyy') as b"
                ),
                ("timezone", timezone),
                ("lang", lang),
            ]));
        }
        assert_snapshot!(
            "date_format_literal_text",
            sql(&[("select", "date_format(d, '% \"q\" \\\\ - dd') as a")])
        );
    }

    #[test]
    fn date_bucketing_in_group_by() {
        assert_snapshot!(sql(&[
            ("select", "count(*) as c"),
            ("group_by", "year(t) as y, month(t) as m"),
            ("timezone", "Europe/Paris"),
        ]));
        assert_snapshot!(
            "date_format_group",
            sql(&[
                ("select", "count(*) as c"),
                ("group_by", "date_format(d, 'yyyy-MM') as month"),
                ("order_by", "month desc"),
            ])
        );
    }

    #[test]
    fn refused_dates() {
        assert_snapshot!(
            sql(&[("select", "date_format(n, 'yyyy') as a")])
                + &sql(&[("select", "date_format(t, 'yyyy-QQ') as a")])
                + &sql(&[("select", "date_format(t, name) as a")])
                + &sql(&[("select", "date_format(t) as a")])
                + &sql(&[("select", "date_format(t, '') as a")])
                + &sql(&[("select", "year(name) as a")])
                + &sql(&[("select", "hour(n) as a")])
                + &wheres(&["t > 'x'", "d > 3"])
        );
    }
}
