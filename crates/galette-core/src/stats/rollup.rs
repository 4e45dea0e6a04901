//! A day's raw events → its roll-ups: totals per hour and for the day, and breakdowns per
//! dimension (the contract is written beside the tables, in migration 0007).
//!
//! Visits: a visitor's page views in time order; a gap of more than 30 minutes without a
//! page view starts a new visit (C-72). A visit belongs to the hour it started in; its
//! duration is its last view minus its first; a bounce is a visit of one view. API calls
//! and downloads are counted apart: they start no visit and make no visitor. An event
//! counts `hits` times (identical events of the same second stored as one row): a row of
//! two views is two page views of one visit, not a bounce.
//!
//! Breakdowns: for the per-view dimensions (page, dataset, language, device, browser,
//! country) `hits` = page views with that value, `visits` = visits that included it; for the
//! ways in (entry, referrer — `''` for a visit without another site as referrer) `visits` =
//! visits that came that way and `hits` = the page views of those visits; for `api` (per
//! dataset, `''` for the catalogue) and `download` (`dataset/format`) `hits` = calls and
//! `visits` = 0. `visitors` is always the distinct visitor hashes behind the row.

use super::{DAY_SECS, Event, EventKind, HOUR_SECS, VISIT_GAP_SECS, day_start};
use std::collections::{BTreeMap, BTreeSet};

/// The counters of one bucket.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    /// Distinct visitors with a page view in the bucket.
    pub visitors: u64,
    /// Visits started in the bucket.
    pub visits: u64,
    /// Page views.
    pub pageviews: u64,
    /// Visits of one page view, started in the bucket.
    pub bounces: u64,
    /// Sum of those visits' durations.
    pub duration_secs: u64,
    /// Explore API calls.
    pub api_calls: u64,
    /// Dataset exports.
    pub downloads: u64,
}

/// Totals of one hour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HourTotals {
    /// Unix seconds of the hour's start.
    pub start: i64,
    /// Its counters.
    pub totals: Totals,
}

/// One `stat_breakdowns` row of the day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BreakdownRow {
    /// `page`, `entry`, `referrer`, `language`, `device`, `browser`, `country`, `dataset`,
    /// `api` or `download`.
    pub dimension: &'static str,
    /// The value.
    pub value: String,
    /// Distinct visitors.
    pub visitors: u64,
    /// Visits (see the module's documentation per dimension).
    pub visits: u64,
    /// Page views, calls or downloads.
    pub hits: u64,
}

/// Everything one day rolls up to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DayRollup {
    /// The day's totals.
    pub day: Totals,
    /// Totals of each hour that saw an event, in order.
    pub hours: Vec<HourTotals>,
    /// Breakdown rows, by dimension then value.
    pub breakdowns: Vec<BreakdownRow>,
}

#[derive(Default)]
struct Acc<'a> {
    visitors: BTreeSet<&'a str>,
    visits: u64,
    hits: u64,
}

#[derive(Default)]
struct HourAcc<'a> {
    totals: Totals,
    visitors: BTreeSet<&'a str>,
}

struct Breakdowns<'a>(BTreeMap<(&'static str, String), Acc<'a>>);

impl<'a> Breakdowns<'a> {
    fn entry(&mut self, dimension: &'static str, value: &str) -> &mut Acc<'a> {
        self.0.entry((dimension, value.to_owned())).or_default()
    }
}

fn to_u64(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

fn hour_of(at: i64) -> i64 {
    at - at.rem_euclid(HOUR_SECS)
}

/// Rolls up the events of day number `day` (events outside it are ignored). An event
/// without a visitor hash counts as a visitor of its own.
pub fn roll_up_day(day: i64, events: &[Event]) -> DayRollup {
    let from = day_start(day);
    let to = from + DAY_SECS;
    let anonymous: Vec<String> = (0..events.len()).map(|i| format!("#{i}")).collect();
    let mut views: Vec<(&str, &Event)> = Vec::new();
    let mut hours: BTreeMap<i64, HourAcc> = BTreeMap::new();
    let mut day_visitors: BTreeSet<&str> = BTreeSet::new();
    let mut total = Totals::default();
    let mut rows = Breakdowns(BTreeMap::new());
    for (event, own) in events.iter().zip(&anonymous) {
        if event.at < from || event.at >= to {
            continue;
        }
        let who = event.visitor.as_deref().unwrap_or(own.as_str());
        let hour = hours.entry(hour_of(event.at)).or_default();
        match event.kind {
            EventKind::PageView => {
                views.push((who, event));
                hour.totals.pageviews += event.hits;
                hour.visitors.insert(who);
                day_visitors.insert(who);
                total.pageviews += event.hits;
            }
            EventKind::Api => {
                hour.totals.api_calls += event.hits;
                total.api_calls += event.hits;
                let row = rows.entry("api", event.dataset.as_deref().unwrap_or_default());
                row.hits += event.hits;
                row.visitors.insert(who);
            }
            EventKind::Download => {
                hour.totals.downloads += event.hits;
                total.downloads += event.hits;
                let value = format!(
                    "{}/{}",
                    event.dataset.as_deref().unwrap_or_default(),
                    event.format.as_deref().unwrap_or_default()
                );
                let row = rows.entry("download", &value);
                row.hits += event.hits;
                row.visitors.insert(who);
            }
        }
    }
    views.sort_by(|a, b| (a.0, a.1.at).cmp(&(b.0, b.1.at)));
    for visit in split_visits(&views) {
        count_visit(visit, &mut hours, &mut total, &mut rows);
    }
    total.visitors = day_visitors.len() as u64;
    DayRollup {
        day: total,
        hours: hours
            .into_iter()
            .map(|(start, acc)| HourTotals {
                start,
                totals: Totals {
                    visitors: acc.visitors.len() as u64,
                    ..acc.totals
                },
            })
            .collect(),
        breakdowns: rows
            .0
            .into_iter()
            .map(|((dimension, value), acc)| BreakdownRow {
                dimension,
                value,
                visitors: acc.visitors.len() as u64,
                visits: acc.visits,
                hits: acc.hits,
            })
            .collect(),
    }
}

/// Splits page views sorted by (visitor, time) into visits.
fn split_visits<'v, 'a>(views: &'v [(&'a str, &'a Event)]) -> Vec<&'v [(&'a str, &'a Event)]> {
    let mut visits = Vec::new();
    let mut start = 0;
    for i in 1..=views.len() {
        let ends_here = match (views.get(i - 1), views.get(i)) {
            (Some(prev), Some(next)) => prev.0 != next.0 || next.1.at - prev.1.at > VISIT_GAP_SECS,
            _ => true,
        };
        if ends_here {
            if let Some(visit) = views.get(start..i) {
                visits.push(visit);
            }
            start = i;
        }
    }
    visits
}

fn count_visit<'a>(
    visit: &[(&'a str, &'a Event)],
    hours: &mut BTreeMap<i64, HourAcc<'a>>,
    total: &mut Totals,
    rows: &mut Breakdowns<'a>,
) {
    let (Some((who, first)), Some((_, last))) = (visit.first(), visit.last()) else {
        return;
    };
    let views: u64 = visit.iter().map(|(_, view)| view.hits).sum();
    let duration = to_u64(last.at - first.at);
    let bounce = u64::from(views == 1);
    let hour = hours.entry(hour_of(first.at)).or_default();
    hour.totals.visits += 1;
    hour.totals.bounces += bounce;
    hour.totals.duration_secs += duration;
    total.visits += 1;
    total.bounces += bounce;
    total.duration_secs += duration;
    for (dimension, value) in [
        ("entry", first.path.as_str()),
        ("referrer", first.referrer.as_deref().unwrap_or_default()),
    ] {
        let row = rows.entry(dimension, value);
        row.visits += 1;
        row.hits += views;
        row.visitors.insert(who);
    }
    let mut seen: BTreeSet<(&'static str, &str)> = BTreeSet::new();
    for (_, view) in visit {
        let values = [
            ("page", Some(view.path.as_str())),
            ("dataset", view.dataset.as_deref()),
            ("language", Some(view.language.as_str())),
            ("device", Some(view.device.as_str())),
            ("browser", Some(view.browser.as_str())),
            ("country", view.country.as_deref()),
        ];
        for (dimension, value) in values {
            let Some(value) = value else { continue };
            let row = rows.entry(dimension, value);
            row.hits += view.hits;
            row.visitors.insert(who);
            if seen.insert((dimension, value)) {
                row.visits += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::testing::{DAY, view};

    fn row<'r>(r: &'r DayRollup, dimension: &str, value: &str) -> &'r BreakdownRow {
        r.breakdowns
            .iter()
            .find(|b| b.dimension == dimension && b.value == value)
            .unwrap_or_else(|| panic!("no {dimension} {value}"))
    }

    #[test]
    fn two_visitors_make_visits_bounces_and_durations() {
        let mut a_entry = view(100, "a", "/");
        a_entry.referrer = Some("example.org".into());
        let events = vec![
            a_entry,
            view(160, "a", "/datasets/flights/"),
            view(400, "a", "/"),
            // 31 minutes later: a second visit of a, a bounce.
            view(400 + 31 * 60, "a", "/datasets/"),
            view(4000, "b", "/"),
        ];
        let r = roll_up_day(DAY, &events);
        assert_eq!(r.day.visitors, 2);
        assert_eq!(r.day.pageviews, 5);
        assert_eq!(r.day.visits, 3);
        assert_eq!(r.day.bounces, 2);
        assert_eq!(r.day.duration_secs, 300);
        assert_eq!(r.hours.len(), 2);
        let first = r.hours[0];
        assert_eq!(first.start, day_start(DAY));
        assert_eq!(
            (
                first.totals.visits,
                first.totals.pageviews,
                first.totals.visitors
            ),
            (2, 4, 1)
        );
        assert_eq!(
            (r.hours[1].start, r.hours[1].totals.visitors),
            (day_start(DAY) + 3600, 1)
        );
        let home = row(&r, "page", "/");
        assert_eq!((home.hits, home.visits, home.visitors), (3, 2, 2));
        let entry = row(&r, "entry", "/");
        assert_eq!((entry.visits, entry.hits, entry.visitors), (2, 4, 2));
        let referred = row(&r, "referrer", "example.org");
        assert_eq!((referred.visits, referred.hits), (1, 3));
        assert_eq!(row(&r, "referrer", "").visits, 2);
        assert_eq!(row(&r, "dataset", "flights").hits, 1);
        assert_eq!(row(&r, "language", "en").visits, 3);
    }

    #[test]
    fn a_visit_continues_within_30_minutes_and_belongs_to_its_start_hour() {
        let events = vec![
            view(3500, "a", "/"),
            view(3500 + 30 * 60, "a", "/x/"),
            view(3500 + 60 * 60, "a", "/y/"),
        ];
        let r = roll_up_day(DAY, &events);
        assert_eq!(r.day.visits, 1);
        assert_eq!(r.day.bounces, 0);
        assert_eq!(r.day.duration_secs, 3600);
        assert_eq!(r.hours[0].totals.visits, 1);
        assert_eq!(r.hours.iter().map(|h| h.totals.visits).sum::<u64>(), 1);
    }

    #[test]
    fn api_calls_and_downloads_are_counted_apart() {
        let mut call = view(
            10,
            "c",
            "/api/explore/v2.1/catalog/datasets/flights/records",
        );
        call.kind = EventKind::Api;
        call.dataset = Some("flights".into());
        let mut export = call.clone();
        export.kind = EventKind::Download;
        export.format = Some("csv".into());
        let mut outside = call.clone();
        outside.at = day_start(DAY + 1);
        let r = roll_up_day(DAY, &[call.clone(), call, export, outside]);
        assert_eq!(r.day.visitors, 0);
        assert_eq!(r.day.visits, 0);
        assert_eq!((r.day.api_calls, r.day.downloads), (2, 1));
        let api = row(&r, "api", "flights");
        assert_eq!((api.hits, api.visitors, api.visits), (2, 1, 0));
        assert_eq!(row(&r, "download", "flights/csv").hits, 1);
    }

    #[test]
    fn no_events_roll_up_to_nothing() {
        assert_eq!(roll_up_day(DAY, &[]), DayRollup::default());
    }
}
