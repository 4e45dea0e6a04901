//! The dashboard's query string: which period (`period=today|7d|30d|12mo|custom`, with
//! `from`/`to` as `YYYY-MM-DD`, both days included), which site (`site=`, platform
//! administrators), and whether JSON was asked for (`format=json`). Anything malformed is
//! refused with the Fluent key of a sentence that says what to send instead.

use galette_core::time::{parse_rfc3339_utc, rfc3339_utc};

/// Seconds in a day.
pub const DAY: i64 = 86_400;
/// The longest period shown: five years (and a leap day).
pub const MAX_DAYS: i64 = 5 * 365 + 1;

/// The period's name in links and the picker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeriodKind {
    /// Today so far (UTC).
    Today,
    /// The last 7 days, today included.
    Days7,
    /// The last 30 days, today included.
    Days30,
    /// The last 365 days, today included.
    Months12,
    /// `from`..=`to`.
    Custom,
}

impl PeriodKind {
    /// The preset periods, as the picker lists them.
    pub const PRESETS: [PeriodKind; 4] = [
        PeriodKind::Today,
        PeriodKind::Days7,
        PeriodKind::Days30,
        PeriodKind::Months12,
    ];

    /// Its value in `period=`.
    pub fn code(self) -> &'static str {
        match self {
            PeriodKind::Today => "today",
            PeriodKind::Days7 => "7d",
            PeriodKind::Days30 => "30d",
            PeriodKind::Months12 => "12mo",
            PeriodKind::Custom => "custom",
        }
    }

    fn from_code(code: &str) -> Option<PeriodKind> {
        Self::PRESETS
            .into_iter()
            .chain([PeriodKind::Custom])
            .find(|k| k.code() == code)
    }

    fn days(self) -> i64 {
        match self {
            PeriodKind::Today | PeriodKind::Custom => 1,
            PeriodKind::Days7 => 7,
            PeriodKind::Days30 => 30,
            PeriodKind::Months12 => 365,
        }
    }
}

/// A period of whole UTC days: `[from, to)` in Unix seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    /// How it was asked for.
    pub kind: PeriodKind,
    /// Its first second (a midnight UTC).
    pub from: i64,
    /// The midnight after its last day.
    pub to: i64,
}

impl Period {
    /// Days covered.
    pub fn days(&self) -> i64 {
        (self.to - self.from) / DAY
    }

    /// Whether it is a single day (then drawn per hour, and its visitors are people).
    pub fn is_one_day(&self) -> bool {
        self.days() == 1
    }

    /// The period of the same length just before.
    pub fn previous(&self) -> Period {
        let length = self.to - self.from;
        Period {
            kind: self.kind,
            from: self.from - length,
            to: self.from,
        }
    }

    /// Its first day, `YYYY-MM-DD`.
    pub fn first_day(&self) -> String {
        date(self.from)
    }

    /// Its last day (included), `YYYY-MM-DD`.
    pub fn last_day(&self) -> String {
        date(self.to - DAY)
    }
}

/// `YYYY-MM-DD` of a Unix time.
pub fn date(unix: i64) -> String {
    rfc3339_utc(unix).chars().take(10).collect()
}

/// What the query string asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatsQuery {
    /// The period.
    pub period: Period,
    /// `site=` as given (a slug or `all`), if given.
    pub site: Option<String>,
    /// Whether `format=json` was given.
    pub json: bool,
}

fn parse_day(text: &str) -> Option<i64> {
    let well_formed = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if well_formed {
        parse_rfc3339_utc(text)
    } else {
        None
    }
}

/// Reads the query string at `now`; `Err` holds the Fluent key of the explanation.
pub fn parse_query(query: Option<&str>, now: i64) -> Result<StatsQuery, &'static str> {
    let pairs: Vec<(String, String)> = match query {
        Some(q) => serde_urlencoded::from_str(q).map_err(|_| "stats-error-query")?,
        None => Vec::new(),
    };
    let mut kind = None;
    let mut from = None;
    let mut to = None;
    let mut site = None;
    let mut json = false;
    for (key, value) in pairs {
        let seen = match key.as_str() {
            "period" => kind
                .replace(PeriodKind::from_code(&value).ok_or("stats-error-period")?)
                .is_some(),
            "from" => from
                .replace(parse_day(&value).ok_or("stats-error-date")?)
                .is_some(),
            "to" => to
                .replace(parse_day(&value).ok_or("stats-error-date")?)
                .is_some(),
            "site" => site.replace(value).is_some(),
            "format" if value == "json" => std::mem::replace(&mut json, true),
            "format" => return Err("stats-error-format"),
            _ => return Err("stats-error-query"),
        };
        if seen {
            return Err("stats-error-query");
        }
    }
    let today = now.div_euclid(DAY) * DAY;
    let kind = match (kind, from.is_some() || to.is_some()) {
        (None, true) => PeriodKind::Custom,
        (None, false) => PeriodKind::Days30,
        (Some(PeriodKind::Custom), _) => PeriodKind::Custom,
        (Some(_), true) => return Err("stats-error-mixed"),
        (Some(k), false) => k,
    };
    let period = if kind == PeriodKind::Custom {
        let (Some(from), Some(to)) = (from, to) else {
            return Err("stats-error-custom");
        };
        if to < from {
            return Err("stats-error-order");
        }
        if to > today {
            return Err("stats-error-future");
        }
        if (to - from) / DAY + 1 > MAX_DAYS {
            return Err("stats-error-long");
        }
        Period {
            kind,
            from,
            to: to + DAY,
        }
    } else {
        Period {
            kind,
            from: today - (kind.days() - 1) * DAY,
            to: today + DAY,
        }
    };
    Ok(StatsQuery { period, site, json })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-12-07T16:00:00Z.
    const NOW: i64 = 1_796_601_600 + 16 * 3600;
    const TODAY: i64 = 1_796_601_600;

    #[test]
    fn presets_end_with_today_and_compare_with_as_many_days_before() {
        let q = parse_query(None, NOW).unwrap();
        assert_eq!(q.period.kind, PeriodKind::Days30);
        assert_eq!(q.period.to, TODAY + DAY);
        assert_eq!(q.period.days(), 30);
        assert_eq!(q.period.previous().to, q.period.from);
        assert_eq!(q.period.previous().days(), 30);
        let today = parse_query(Some("period=today"), NOW).unwrap().period;
        assert!(today.is_one_day());
        assert_eq!(
            (today.from, today.first_day()),
            (TODAY, "2026-12-07".into())
        );
        let year = parse_query(Some("period=12mo&format=json"), NOW).unwrap();
        assert_eq!(year.period.days(), 365);
        assert!(year.json);
    }

    #[test]
    fn custom_periods_include_both_days() {
        let q = parse_query(Some("from=2026-11-01&to=2026-11-30&site=all"), NOW).unwrap();
        assert_eq!(q.period.kind, PeriodKind::Custom);
        assert_eq!(q.period.days(), 30);
        assert_eq!(q.period.last_day(), "2026-11-30");
        assert_eq!(q.site.as_deref(), Some("all"));
        let one = parse_query(Some("period=custom&from=2026-11-01&to=2026-11-01"), NOW).unwrap();
        assert!(one.period.is_one_day());
    }

    #[test]
    fn malformed_queries_are_refused_with_a_reason() {
        for (query, key) in [
            ("period=week", "stats-error-period"),
            ("from=2026-02-30&to=2026-03-01", "stats-error-date"),
            ("from=2026-1-01&to=2026-03-01", "stats-error-date"),
            ("from=yesterday&to=2026-03-01", "stats-error-date"),
            ("from=2026-03-01", "stats-error-custom"),
            ("period=custom", "stats-error-custom"),
            ("from=2026-03-02&to=2026-03-01", "stats-error-order"),
            ("from=2020-01-01&to=2026-03-01", "stats-error-long"),
            ("from=2026-12-01&to=2026-12-08", "stats-error-future"),
            (
                "period=7d&from=2026-03-01&to=2026-03-02",
                "stats-error-mixed",
            ),
            ("period=7d&period=30d", "stats-error-query"),
            ("format=xml", "stats-error-format"),
            ("color=red", "stats-error-query"),
        ] {
            assert_eq!(parse_query(Some(query), NOW), Err(key), "{query}");
        }
    }
}
