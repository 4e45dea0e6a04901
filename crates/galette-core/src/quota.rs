//! API quotas (docs/quotas.md): how many calls to the dataset API a caller may make in a
//! fixed window of UTC time, and how a refusal is worded.
//!
//! Owns: a site's quota settings and their validation, the windows (a calendar minute,
//! hour or day in UTC, all callers resetting together, as Opendatasoft's daily quota does),
//! who is counted under which limit, the verdict for a call given the window's count, the
//! `X-RateLimit-*` header values and the 429 body in Opendatasoft's words.
//! Does not own: where counts live (the store, shared by every replica) or which caller a
//! request is (http).

use crate::keyed_digest::keyed_hex;
use crate::time::rfc3339_utc;
use serde::Serialize;
use std::net::IpAddr;

/// The length of a quota window.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum QuotaUnit {
    /// A calendar minute.
    Minute,
    /// A calendar hour (UTC).
    Hour,
    /// A calendar day (UTC), Opendatasoft's unit.
    Day,
}

impl QuotaUnit {
    /// Every unit, shortest first (the back office's choices).
    pub const ALL: [QuotaUnit; 3] = [QuotaUnit::Minute, QuotaUnit::Hour, QuotaUnit::Day];

    /// The stored code, also Opendatasoft's `limit_time_unit`.
    pub const fn code(self) -> &'static str {
        match self {
            Self::Minute => "minute",
            Self::Hour => "hour",
            Self::Day => "day",
        }
    }

    /// Reads a code; `None` for anything else.
    pub fn parse(code: &str) -> Option<QuotaUnit> {
        Self::ALL.into_iter().find(|u| u.code() == code.trim())
    }

    /// Seconds in one window.
    pub const fn secs(self) -> i64 {
        match self {
            Self::Minute => 60,
            Self::Hour => 3_600,
            Self::Day => 86_400,
        }
    }
}

/// A site's quotas: calls per window for each client address and for each API key (or
/// signed-in account that is not an administrator); 0 means unlimited.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct QuotaSettings {
    /// Calls per window from one client address without credentials (0: unlimited).
    pub per_address: u64,
    /// Calls per window with one API key, or one signed-in account (0: unlimited).
    pub per_key: u64,
    /// The window.
    pub unit: QuotaUnit,
}

/// Why an operator's quota values were refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum QuotaError {
    /// A limit above [`QuotaSettings::MAX_LIMIT`].
    #[error("a quota must be 0 (unlimited) to {max} calls", max = QuotaSettings::MAX_LIMIT)]
    TooLarge,
    /// Not a whole number.
    #[error("a quota must be a whole number of calls (0 for unlimited)")]
    NotANumber,
    /// An unknown unit.
    #[error("the unit must be minute, hour or day")]
    BadUnit,
}

impl QuotaSettings {
    /// 10,000 calls a day per address: Opendatasoft's example figure, far above what a person
    /// or a notebook needs, well below what a scraper looping on exports sends.
    pub const DEFAULT_PER_ADDRESS: u64 = 10_000;
    /// 100,000 calls a day per key: a key is handed out by the site's administrators to a
    /// known program, trusted ten times more than an address.
    pub const DEFAULT_PER_KEY: u64 = 100_000;
    /// The largest limit accepted (a billion: any more is "unlimited", said as 0).
    pub const MAX_LIMIT: u64 = 1_000_000_000;

    /// Checks an operator's values.
    pub fn validate(self) -> Result<QuotaSettings, QuotaError> {
        if self.per_address > Self::MAX_LIMIT || self.per_key > Self::MAX_LIMIT {
            return Err(QuotaError::TooLarge);
        }
        Ok(self)
    }

    /// Reads typed values (the back office's form, the CLI): whole numbers, spaces and
    /// thousands separators allowed, empty meaning unlimited.
    pub fn parse(
        per_address: &str,
        per_key: &str,
        unit: &str,
    ) -> Result<QuotaSettings, QuotaError> {
        let settings = QuotaSettings {
            per_address: parse_limit(per_address)?,
            per_key: parse_limit(per_key)?,
            unit: QuotaUnit::parse(unit).ok_or(QuotaError::BadUnit)?,
        };
        settings.validate()
    }

    /// The limit for a kind of caller; `None` when it is unlimited.
    pub fn limit_for(&self, kind: SubjectKind) -> Option<u64> {
        let limit = match kind {
            SubjectKind::Address => self.per_address,
            SubjectKind::Key | SubjectKind::Account => self.per_key,
        };
        (limit > 0).then_some(limit)
    }
}

impl Default for QuotaSettings {
    fn default() -> Self {
        QuotaSettings {
            per_address: Self::DEFAULT_PER_ADDRESS,
            per_key: Self::DEFAULT_PER_KEY,
            unit: QuotaUnit::Day,
        }
    }
}

fn parse_limit(text: &str) -> Result<u64, QuotaError> {
    let digits: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, ',' | '.' | '_' | '\u{202f}'))
        .collect();
    if digits.is_empty() {
        return Ok(0);
    }
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(QuotaError::NotANumber);
    }
    // All digits: only too many of them can fail.
    digits.parse().map_err(|_| QuotaError::TooLarge)
}

/// Under which limit a call is counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SubjectKind {
    /// A client without credentials, by address (an IPv6 client by its /64).
    Address,
    /// An API key, by its store id.
    Key,
    /// A signed-in account that is not an administrator of the site, by its id.
    Account,
}

impl SubjectKind {
    /// The stored code.
    pub const fn code(self) -> &'static str {
        match self {
            Self::Address => "address",
            Self::Key => "key",
            Self::Account => "account",
        }
    }
}

/// What is counted for a caller: its kind and a digest keyed by the tenant's secret, so
/// that the store never holds an address (or anything that leads back to one).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subject {
    /// Under which limit.
    pub kind: SubjectKind,
    /// Keyed digest of the address, key id or account id.
    pub digest: String,
}

impl Subject {
    /// A client address as the server resolved it (trusted proxies applied). An IPv6
    /// client is counted by its /64: one host commonly holds a whole /64 and could
    /// otherwise take a fresh address for every call.
    pub fn address(secret: &[u8], client: &str) -> Subject {
        Self::new(secret, SubjectKind::Address, &address_group(client))
    }

    /// An API key, by its store id (never the key).
    pub fn key(secret: &[u8], key_id: i64) -> Subject {
        Self::new(secret, SubjectKind::Key, &key_id.to_string())
    }

    /// A signed-in account, by its id.
    pub fn account(secret: &[u8], user_id: i64) -> Subject {
        Self::new(secret, SubjectKind::Account, &user_id.to_string())
    }

    fn new(secret: &[u8], kind: SubjectKind, value: &str) -> Subject {
        let domain = format!("galette.api-quota.{}:", kind.code());
        Subject {
            kind,
            digest: keyed_hex(secret, domain.as_bytes(), value.as_bytes()),
        }
    }
}

/// The address a quota counts: IPv4 as is, IPv6 by its /64 prefix (an IPv4-mapped IPv6
/// address as the IPv4 it maps), anything unparsable as given.
pub fn address_group(client: &str) -> String {
    match client.trim().parse::<IpAddr>() {
        Ok(IpAddr::V4(v4)) => v4.to_string(),
        Ok(IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                let prefix: Vec<String> = s.iter().take(4).map(|x| format!("{x:x}")).collect();
                format!("{}::/64", prefix.join(":"))
            }
        },
        Err(_) => client.to_owned(),
    }
}

/// A window of calls: `[start, end)` in Unix seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    /// First second of the window.
    pub start: i64,
    /// First second of the next window: when the count resets.
    pub end: i64,
}

impl Window {
    /// The calendar window of `unit` (UTC) that contains `now`.
    pub fn containing(now: i64, unit: QuotaUnit) -> Window {
        let secs = unit.secs();
        let start = now - now.rem_euclid(secs);
        Window {
            start,
            end: start + secs,
        }
    }
}

/// The verdict on one call, once counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Verdict {
    /// The caller's limit in this window.
    pub limit: u64,
    /// Calls counted in the window, this one included.
    pub calls: u64,
    /// The window.
    pub window: Window,
    /// Its unit.
    pub unit: QuotaUnit,
}

/// Opendatasoft's error number for an exhausted quota.
pub const EXCEEDED_ERRORCODE: u32 = 10002;

/// Opendatasoft's sentence for an exhausted quota.
pub const EXCEEDED_MESSAGE: &str =
    "Too many requests on the domain. Please contact the domain administrator.";

/// The body of a 429, key for key Opendatasoft's.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct ExceededBody {
    /// Always [`EXCEEDED_ERRORCODE`].
    pub errorcode: u32,
    /// When calls are accepted again, RFC 3339 UTC.
    pub reset_time: String,
    /// `minute`, `hour` or `day`.
    pub limit_time_unit: &'static str,
    /// The limit that was reached.
    pub call_limit: u64,
    /// Always [`EXCEEDED_MESSAGE`].
    pub error: &'static str,
}

impl Verdict {
    /// The verdict for a call that brought the window's count to `calls`.
    pub fn new(limit: u64, calls: i64, window: Window, unit: QuotaUnit) -> Verdict {
        Verdict {
            limit,
            calls: u64::try_from(calls).unwrap_or(0),
            window,
            unit,
        }
    }

    /// Whether the call may be answered: the limit-th call is, the next is not.
    pub fn allowed(&self) -> bool {
        self.calls <= self.limit
    }

    /// Calls left in the window after this one.
    pub fn remaining(&self) -> u64 {
        self.limit.saturating_sub(self.calls)
    }

    /// Seconds until the window resets, at least 1 (`Retry-After`).
    pub fn retry_after(&self, now: i64) -> i64 {
        (self.window.end - now).max(1)
    }

    /// `X-RateLimit-Limit`, `-Remaining` and `-Reset` (Unix seconds of the reset), for
    /// every answer of a counted caller.
    pub fn headers(&self) -> [(&'static str, String); 3] {
        [
            ("x-ratelimit-limit", self.limit.to_string()),
            ("x-ratelimit-remaining", self.remaining().to_string()),
            ("x-ratelimit-reset", self.window.end.to_string()),
        ]
    }

    /// The 429's JSON body.
    pub fn exceeded_body(&self) -> ExceededBody {
        ExceededBody {
            errorcode: EXCEEDED_ERRORCODE,
            reset_time: rfc3339_utc(self.window.end),
            limit_time_unit: self.unit.code(),
            call_limit: self.limit,
            error: EXCEEDED_MESSAGE,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_are_calendar_units_in_utc() {
        // 2021-01-25T13:47:12Z
        let now = 1_611_582_432;
        let day = Window::containing(now, QuotaUnit::Day);
        assert_eq!(rfc3339_utc(day.start), "2021-01-25T00:00:00Z");
        assert_eq!(rfc3339_utc(day.end), "2021-01-26T00:00:00Z");
        let hour = Window::containing(now, QuotaUnit::Hour);
        assert_eq!(rfc3339_utc(hour.start), "2021-01-25T13:00:00Z");
        assert_eq!(hour.end - hour.start, 3_600);
        let minute = Window::containing(now, QuotaUnit::Minute);
        assert_eq!(rfc3339_utc(minute.start), "2021-01-25T13:47:00Z");
        // The window's first second belongs to it, its end to the next one.
        assert_eq!(Window::containing(day.start, QuotaUnit::Day), day);
        assert_eq!(Window::containing(day.end, QuotaUnit::Day).start, day.end);
        // Before 1970 too (a clock set badly must not panic or go negative-modulo).
        assert_eq!(Window::containing(-1, QuotaUnit::Day).end, 0);
    }

    #[test]
    fn the_limit_th_call_passes_and_the_next_is_refused() {
        let window = Window::containing(1_611_582_432, QuotaUnit::Day);
        let at = |calls| Verdict::new(3, calls, window, QuotaUnit::Day);
        assert!(at(1).allowed() && at(3).allowed());
        assert!(!at(4).allowed());
        assert_eq!(at(1).remaining(), 2);
        assert_eq!(at(3).remaining(), 0);
        assert_eq!(at(9).remaining(), 0);
        assert_eq!(at(4).retry_after(1_611_582_432), window.end - 1_611_582_432);
        assert_eq!(at(4).retry_after(window.end + 5), 1, "never 0 or negative");
    }

    #[test]
    fn the_refusal_reads_as_opendatasoft_writes_it() {
        let window = Window::containing(1_611_582_432, QuotaUnit::Day);
        let verdict = Verdict::new(10_000, 10_001, window, QuotaUnit::Day);
        let body = serde_json::to_string(&verdict.exceeded_body()).unwrap();
        assert_eq!(
            body,
            r#"{"errorcode":10002,"reset_time":"2021-01-26T00:00:00Z","limit_time_unit":"day","call_limit":10000,"error":"Too many requests on the domain. Please contact the domain administrator."}"#
        );
        assert_eq!(
            verdict.headers(),
            [
                ("x-ratelimit-limit", "10000".to_owned()),
                ("x-ratelimit-remaining", "0".to_owned()),
                ("x-ratelimit-reset", "1611619200".to_owned()),
            ]
        );
    }

    #[test]
    fn ipv6_clients_are_counted_by_their_64_and_mapped_ipv4_as_ipv4() {
        assert_eq!(address_group("192.0.2.7"), "192.0.2.7");
        assert_eq!(
            address_group("2001:db8:1:2:aaaa::1"),
            address_group("2001:db8:1:2:bbbb::9")
        );
        assert_eq!(address_group("2001:db8:1:2::1"), "2001:db8:1:2::/64");
        assert_ne!(
            address_group("2001:db8:1:2::1"),
            address_group("2001:db8:1:3::1")
        );
        assert_eq!(address_group("::ffff:192.0.2.7"), "192.0.2.7");
        assert_eq!(address_group("unknown"), "unknown");
    }

    #[test]
    fn subjects_are_keyed_digests_that_never_show_the_address() {
        let a = Subject::address(b"secret", "192.0.2.7");
        assert_eq!(a.kind, SubjectKind::Address);
        assert!(!a.digest.contains("192"));
        assert_ne!(a, Subject::address(b"other", "192.0.2.7"));
        assert_ne!(a, Subject::address(b"secret", "192.0.2.8"));
        // Key 7 and account 7 are different subjects.
        assert_ne!(
            Subject::key(b"secret", 7).digest,
            Subject::account(b"secret", 7).digest
        );
    }

    #[test]
    fn settings_parse_typed_values_and_zero_means_unlimited() {
        let s = QuotaSettings::parse("10 000", "", "hour").unwrap();
        assert_eq!(s.per_address, 10_000);
        assert_eq!(s.limit_for(SubjectKind::Address), Some(10_000));
        assert_eq!(s.limit_for(SubjectKind::Key), None);
        assert_eq!(s.limit_for(SubjectKind::Account), None);
        assert_eq!(s.unit, QuotaUnit::Hour);
        assert_eq!(
            QuotaSettings::parse("1,000", "0", "day")
                .unwrap()
                .per_address,
            1_000
        );
        assert_eq!(
            QuotaSettings::parse("-1", "0", "day"),
            Err(QuotaError::NotANumber)
        );
        assert_eq!(
            QuotaSettings::parse("1", "2000000000", "day"),
            Err(QuotaError::TooLarge)
        );
        assert_eq!(
            QuotaSettings::parse("1", "1", "week"),
            Err(QuotaError::BadUnit)
        );
        assert_eq!(
            QuotaSettings::parse(&"9".repeat(400), "1", "day"),
            Err(QuotaError::TooLarge)
        );
    }
}
