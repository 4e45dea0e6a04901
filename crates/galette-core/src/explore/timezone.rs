//! The `timezone` parameter (explore-api §3): an IANA zone in which datetimes are read by
//! date functions, date literals without an offset, refinements and group keys, and in
//! which they are written back (`2013-01-09T09:00:00-05:00`).
//!
//! Owns: naming a zone, its UTC offsets as a piecewise-constant function of the instant
//! (what a database without time zones needs to compute local times), civil time ↔ instant.
//! Does not own: turning those offsets into SQL (galette-store).
//!
//! The zone database is compiled into the binary, so answers do not depend on the host.

use jiff::Timestamp;
use jiff::tz::TimeZone;
use std::fmt;
use std::sync::Arc;

/// First instant whose offset is tabulated: 1900-01-01T00:00:00Z.
const TABLE_FROM: i64 = -2_208_988_800;
/// End of the tabulated offsets: 2100-01-01T00:00:00Z (later instants keep the last offset).
const TABLE_TO: i64 = 4_102_444_800;

/// A time zone a request asked for (UTC unless told).
#[derive(Clone)]
pub struct Zone {
    name: String,
    tz: TimeZone,
    /// Tabulated once: every compiled query and CSV line reads them.
    offsets: Arc<Offsets>,
}

/// The offsets of a zone between 1900 and 2100: `initial` before the first change, then
/// from each `(instant, offset)` on, in seconds east of UTC.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Offsets {
    /// Offset before the first change.
    pub initial: i32,
    /// Changes in time order: from this Unix second on, this offset.
    pub changes: Vec<(i64, i32)>,
}

impl Offsets {
    /// Whether the offset is zero at every instant.
    pub fn is_zero(&self) -> bool {
        self.initial == 0 && self.changes.is_empty()
    }
}

impl Zone {
    /// Coordinated Universal Time, the default.
    pub fn utc() -> Zone {
        Zone::new("UTC", TimeZone::UTC)
    }

    fn new(name: &str, tz: TimeZone) -> Zone {
        let offsets = Arc::new(tabulate(&tz));
        Zone {
            name: name.to_owned(),
            tz,
            offsets,
        }
    }

    /// The zone with this IANA name (`Europe/Paris`, `America/New_York`, `UTC`); `None` for
    /// anything else, including POSIX strings and bare offsets.
    pub fn parse(name: &str) -> Option<Zone> {
        let valid = !name.is_empty()
            && name.len() <= 64
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"/_+-".contains(&b));
        if !valid {
            return None;
        }
        TimeZone::get(name).ok().map(|tz| Zone::new(name, tz))
    }

    /// The name as asked.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Seconds east of UTC at this instant.
    pub fn offset_at(&self, unix: i64) -> i32 {
        Timestamp::from_second(unix).map_or(0, |t| self.tz.to_offset(t).seconds())
    }

    /// The offsets as a step function of the instant (see [`Offsets`]).
    pub fn offsets(&self) -> &Offsets {
        &self.offsets
    }

    /// Whether the offset is zero at every instant (UTC and its aliases).
    pub fn is_utc(&self) -> bool {
        self.offsets.is_zero()
    }

    /// The instant of a civil time in this zone; a time skipped by a change (spring
    /// forward) is read with the offset before it, a repeated one takes the earlier instant.
    pub fn instant_of(&self, civil: Civil) -> Option<i64> {
        let date = jiff::civil::Date::new(
            i16::try_from(civil.year).ok()?,
            i8::try_from(civil.month).ok()?,
            i8::try_from(civil.day).ok()?,
        )
        .ok()?;
        let time = jiff::civil::Time::new(
            i8::try_from(civil.hour).ok()?,
            i8::try_from(civil.minute).ok()?,
            i8::try_from(civil.second).ok()?,
            0,
        )
        .ok()?;
        let zoned = date.to_datetime(time).to_zoned(self.tz.clone()).ok()?;
        Some(zoned.timestamp().as_second())
    }

    /// The civil time of an instant in this zone.
    pub fn civil_of(&self, unix: i64) -> Option<Civil> {
        let zoned = Timestamp::from_second(unix).ok()?.to_zoned(self.tz.clone());
        Some(Civil {
            year: i32::from(zoned.year()),
            month: u32::try_from(zoned.month()).ok()?,
            day: u32::try_from(zoned.day()).ok()?,
            hour: u32::try_from(zoned.hour()).ok()?,
            minute: u32::try_from(zoned.minute()).ok()?,
            second: u32::try_from(zoned.second()).ok()?,
        })
    }

    /// An instant as ISO 8601 in this zone with its offset: `2013-01-09T09:00:00-05:00`.
    pub fn iso(&self, unix: i64) -> String {
        match self.civil_of(unix) {
            Some(c) => format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}",
                c.year,
                c.month,
                c.day,
                c.hour,
                c.minute,
                c.second,
                offset_text(self.offset_at(unix))
            ),
            None => String::new(),
        }
    }
}

/// The offsets of `tz` from 1900 to 2100.
fn tabulate(tz: &TimeZone) -> Offsets {
    let offset_at =
        |unix: i64| Timestamp::from_second(unix).map_or(0, |t| tz.to_offset(t).seconds());
    let initial = offset_at(TABLE_FROM);
    let mut changes = Vec::new();
    let mut current = initial;
    if let Ok(from) = Timestamp::from_second(TABLE_FROM) {
        for transition in tz.following(from) {
            let at = transition.timestamp().as_second();
            if at >= TABLE_TO {
                break;
            }
            let offset = transition.offset().seconds();
            // Some transitions change only the abbreviation or the DST flag.
            if offset != current {
                changes.push((at, offset));
                current = offset;
            }
        }
    }
    Offsets { initial, changes }
}

/// An offset as ISO 8601 writes it: `+00:00`, `-05:00`, `+05:45`.
pub fn offset_text(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.unsigned_abs() / 60;
    format!("{sign}{:02}:{:02}", minutes / 60, minutes % 60)
}

/// A wall-clock date and time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Civil {
    /// Year.
    pub year: i32,
    /// Month, 1–12.
    pub month: u32,
    /// Day of the month, 1–31.
    pub day: u32,
    /// Hour, 0–23.
    pub hour: u32,
    /// Minute.
    pub minute: u32,
    /// Second.
    pub second: u32,
}

impl Default for Zone {
    fn default() -> Self {
        Zone::utc()
    }
}

impl fmt::Debug for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

impl PartialEq for Zone {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn civil(year: i32, month: u32, day: u32, hour: u32) -> Civil {
        Civil {
            year,
            month,
            day,
            hour,
            minute: 0,
            second: 0,
        }
    }

    #[test]
    fn iana_names_are_accepted_and_anything_else_refused() {
        for name in [
            "UTC",
            "Europe/Paris",
            "America/New_York",
            "America/Mexico_City",
        ] {
            assert!(Zone::parse(name).is_some(), "{name}");
        }
        for name in [
            "",
            "Mars/Olympus",
            "+05:00",
            "EST5EDT,M3.2.0,M11.1.0",
            "../etc/passwd",
        ] {
            assert!(Zone::parse(name).is_none(), "{name}");
        }
    }

    #[test]
    fn new_york_offsets_follow_daylight_saving_time() {
        let zone = Zone::parse("America/New_York").unwrap();
        // 2013-01-09T14:00:00Z is 09:00 in winter (EST, -05:00).
        assert_eq!(zone.iso(1_357_740_000), "2013-01-09T09:00:00-05:00");
        // 2013-07-01T12:00:00Z is 08:00 in summer (EDT, -04:00).
        assert_eq!(zone.iso(1_372_680_000), "2013-07-01T08:00:00-04:00");
        let offsets = zone.offsets();
        assert_eq!(offsets.initial, zone.offset_at(TABLE_FROM));
        // 2013's changes: 10 March 07:00Z to -4 h, 3 November 06:00Z back to -5 h.
        assert!(offsets.changes.contains(&(1_362_898_800, -4 * 3600)));
        assert!(offsets.changes.contains(&(1_383_458_400, -5 * 3600)));
        assert!(offsets.changes.windows(2).all(|w| w[0].0 < w[1].0));
        for &(at, offset) in &offsets.changes {
            assert_eq!(zone.offset_at(at), offset);
            assert_ne!(zone.offset_at(at - 1), offset);
        }
    }

    #[test]
    fn utc_has_one_offset_and_writes_plus_zero() {
        let zone = Zone::utc();
        assert!(zone.is_utc());
        assert!(!Zone::parse("Europe/Paris").unwrap().is_utc());
        assert_eq!(zone.iso(0), "1970-01-01T00:00:00+00:00");
        assert_eq!(offset_text(5 * 3600 + 45 * 60), "+05:45");
        assert_eq!(offset_text(-(3 * 3600 + 30 * 60)), "-03:30");
    }

    #[test]
    fn civil_times_become_instants_in_the_zone() {
        let paris = Zone::parse("Europe/Paris").unwrap();
        // Midnight of 5 January 2013 in Paris is 23:00 UTC the day before.
        assert_eq!(paris.instant_of(civil(2013, 1, 5, 0)), Some(1_357_340_400));
        assert_eq!(paris.civil_of(1_357_340_400), Some(civil(2013, 1, 5, 0)));
        assert_eq!(
            paris.instant_of(civil(2013, 2, 30, 0)),
            None,
            "no 30 February"
        );
        // 02:30 on 31 March 2013 does not exist in Paris: read with the winter offset.
        assert_eq!(
            paris
                .instant_of(civil(2013, 3, 31, 2))
                .map(|t| paris.iso(t)),
            Some("2013-03-31T03:00:00+02:00".to_owned())
        );
    }
}
