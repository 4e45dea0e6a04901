//! A site's statistics settings, the retention they imply, and what the policy page says
//! about them (consent.md C-73).

use jiff::tz::TimeZone;
use jiff::{Span, Timestamp};

/// How a site counts and how long it keeps what it counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StatSettings {
    /// Visits whose browser sends `Sec-GPC: 1` or `DNT: 1` are not counted.
    pub honour_gpc: bool,
    /// Signed-in administrators of the site are counted like anyone.
    pub count_staff: bool,
    /// Days raw events are kept (1–31).
    pub raw_days: u32,
    /// Months the roll-ups are kept (1–25: the CNIL's limit for exempt measurement).
    pub retention_months: u32,
}

impl Default for StatSettings {
    fn default() -> Self {
        StatSettings {
            honour_gpc: true,
            count_staff: false,
            raw_days: 7,
            retention_months: 25,
        }
    }
}

/// Why settings were refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StatSettingsError {
    /// Raw events kept outside 1–31 days.
    #[error("raw events are kept from 1 to 31 days, not {0}")]
    RawDays(u32),
    /// Roll-ups kept outside 1–25 months.
    #[error(
        "aggregates are kept from 1 to 25 months (the limit for audience measurement without consent), not {0}"
    )]
    RetentionMonths(u32),
}

impl StatSettings {
    /// Checks the bounds.
    pub fn validate(self) -> Result<StatSettings, StatSettingsError> {
        if !(1..=31).contains(&self.raw_days) {
            return Err(StatSettingsError::RawDays(self.raw_days));
        }
        if !(1..=25).contains(&self.retention_months) {
            return Err(StatSettingsError::RetentionMonths(self.retention_months));
        }
        Ok(self)
    }

    /// Raw events before this Unix time are deleted (whole days, counted from today's start).
    pub fn raw_cutoff(&self, now: i64) -> i64 {
        let today = super::day_start(super::day_of(now));
        today - i64::from(self.raw_days) * super::DAY_SECS
    }

    /// Roll-ups that start before this Unix time are deleted: the start of the UTC day
    /// `retention_months` calendar months before today.
    pub fn rollup_cutoff(&self, now: i64) -> i64 {
        let today = super::day_start(super::day_of(now));
        let months_back = Timestamp::from_second(today).ok().and_then(|t| {
            let date = t.to_zoned(TimeZone::UTC).date();
            let earlier = date
                .checked_sub(Span::new().months(i64::from(self.retention_months)))
                .ok()?;
            Some(
                earlier
                    .to_zoned(TimeZone::UTC)
                    .ok()?
                    .timestamp()
                    .as_second(),
            )
        });
        // Without a calendar (out of range), 31 days a month errs on keeping less.
        months_back
            .unwrap_or_else(|| today - i64::from(self.retention_months) * 31 * super::DAY_SECS)
    }
}

/// One sentence of the policy page's statistics section: a translation key and the
/// numbers it mentions.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct NoticeLine {
    /// Fluent message id.
    pub key: &'static str,
    /// Days, for the sentences that name some.
    pub days: u32,
    /// Months, for the sentences that name some.
    pub months: u32,
}

/// The statistics section of the policy page, generated from the settings: no cookie, the
/// daily salt, what is and is never stored, GPC/DNT, staff, robots, how long data is kept.
pub fn policy_notice(settings: &StatSettings, with_countries: bool) -> Vec<NoticeLine> {
    let line = |key| NoticeLine {
        key,
        days: settings.raw_days,
        months: settings.retention_months,
    };
    vec![
        line("stats-notice-no-cookie"),
        line("stats-notice-salt"),
        line(if with_countries {
            "stats-notice-stored-country"
        } else {
            "stats-notice-stored"
        }),
        line(if settings.honour_gpc {
            "stats-notice-gpc-honoured"
        } else {
            "stats-notice-gpc-ignored"
        }),
        line(if settings.count_staff {
            "stats-notice-staff-counted"
        } else {
            "stats-notice-staff-excluded"
        }),
        line("stats-notice-bots"),
        line("stats-notice-retention"),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::{DAY_SECS, day_start};

    #[test]
    fn defaults_honour_gpc_exclude_staff_and_keep_25_months() {
        let s = StatSettings::default();
        assert!(s.honour_gpc && !s.count_staff);
        assert_eq!((s.raw_days, s.retention_months), (7, 25));
        assert_eq!(s.validate(), Ok(s));
    }

    #[test]
    fn bounds_are_checked() {
        let mut s = StatSettings {
            raw_days: 0,
            ..StatSettings::default()
        };
        assert_eq!(s.validate(), Err(StatSettingsError::RawDays(0)));
        s.raw_days = 31;
        s.retention_months = 26;
        assert_eq!(s.validate(), Err(StatSettingsError::RetentionMonths(26)));
    }

    #[test]
    fn cutoffs_count_days_and_calendar_months_back_from_today() {
        // 2026-03-31T12:00:00Z
        let now = 1_774_958_400;
        let s = StatSettings::default();
        assert_eq!(s.raw_cutoff(now), day_start(now / DAY_SECS) - 7 * DAY_SECS);
        // 25 months before 2026-03-31 is 2024-02-29 (clamped to the month's end).
        assert_eq!(s.rollup_cutoff(now), 1_709_164_800);
    }

    #[test]
    fn the_notice_follows_the_settings() {
        let keys = |s: &StatSettings| -> Vec<&str> {
            policy_notice(s, false).iter().map(|l| l.key).collect()
        };
        let default = keys(&StatSettings::default());
        assert!(default.contains(&"stats-notice-gpc-honoured"));
        assert!(default.contains(&"stats-notice-staff-excluded"));
        assert!(default.contains(&"stats-notice-stored"));
        let with_countries: Vec<&str> = policy_notice(&StatSettings::default(), true)
            .iter()
            .map(|l| l.key)
            .collect();
        assert!(with_countries.contains(&"stats-notice-stored-country"));
        assert!(!with_countries.contains(&"stats-notice-stored"));
        let other = StatSettings {
            honour_gpc: false,
            count_staff: true,
            raw_days: 3,
            retention_months: 13,
        };
        assert!(keys(&other).contains(&"stats-notice-gpc-ignored"));
        assert!(keys(&other).contains(&"stats-notice-staff-counted"));
        assert!(
            policy_notice(&other, false)
                .iter()
                .all(|l| l.days == 3 && l.months == 13)
        );
    }
}
