//! The dashboard's numbers for a period, read from the roll-ups only: the same `Report` is
//! drawn as HTML, sent as JSON and written as CSV, so the three always agree.

use super::period::{DAY, Period, date};
use galette_core::time::rfc3339_utc;
use galette_store::{
    StatCounts, StatDimension, StatEntry, StatGrain, StatScope, Store, StoreError, stat_day_key,
};
use serde::Serialize;

/// The headline numbers of a period.
#[derive(Clone, Copy, Debug, Default, Serialize)]
pub struct Summary {
    /// Distinct visitors per day, added over the period's days (people on a single day).
    pub visitors: u64,
    /// Visits.
    pub visits: u64,
    /// Page views.
    pub pageviews: u64,
    /// Visits of a single page view, in % of visits (rounded).
    pub bounce_rate: u64,
    /// Average visit duration, in seconds (rounded).
    pub visit_duration_secs: u64,
    /// API calls.
    pub api_calls: u64,
    /// Downloads.
    pub downloads: u64,
}

/// Change from the previous period, in % (rounded); `None` when it had nothing.
#[derive(Clone, Copy, Debug, Default, Serialize)]
pub struct Changes {
    /// See `Summary`.
    pub visitors: Option<i64>,
    /// See `Summary`.
    pub visits: Option<i64>,
    /// See `Summary`.
    pub pageviews: Option<i64>,
    /// See `Summary`.
    pub bounce_rate: Option<i64>,
    /// See `Summary`.
    pub visit_duration_secs: Option<i64>,
    /// See `Summary`.
    pub api_calls: Option<i64>,
    /// See `Summary`.
    pub downloads: Option<i64>,
}

/// The previous period and its numbers.
#[derive(Debug, Serialize)]
pub struct Previous {
    /// First day.
    pub from: String,
    /// Last day (included).
    pub to: String,
    /// Its numbers.
    pub totals: Summary,
}

/// One bucket of the time series.
#[derive(Debug, Serialize)]
pub struct Point {
    /// The bucket's start: `YYYY-MM-DD`, or `YYYY-MM-DDTHH:00:00Z` per hour.
    pub start: String,
    /// Visitors in the bucket.
    pub visitors: u64,
    /// Visits started in it.
    pub visits: u64,
    /// Page views.
    pub pageviews: u64,
}

/// One value of a top list.
#[derive(Debug, Serialize)]
pub struct TopRow {
    /// The value (for downloads: the dataset).
    pub value: String,
    /// Downloads only: the format.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// Daily visitors added over the days.
    pub visitors: u64,
    /// Visits.
    pub visits: u64,
    /// Page views, calls or downloads.
    pub hits: u64,
}

/// A dimension's top values.
#[derive(Debug, Serialize)]
pub struct TopList {
    /// The dimension (`page`, `entry`, `referrer`…).
    pub dimension: &'static str,
    /// Its values, most frequent first.
    pub rows: Vec<TopRow>,
}

/// Everything the dashboard shows for one period and scope.
#[derive(Debug, Serialize)]
pub struct Report {
    /// The site's slug, or `all`.
    pub site: String,
    /// First day.
    pub from: String,
    /// Last day (included).
    pub to: String,
    /// Days covered.
    pub days: i64,
    /// `hour` for a single day, else `day`.
    pub grain: &'static str,
    /// True over several days: `visitors` then adds each day's distinct visitors, since
    /// the daily salt makes a visitor seen on two days impossible to recognise.
    pub visitors_are_visitor_days: bool,
    /// The period's numbers.
    pub totals: Summary,
    /// The period of the same length just before.
    pub previous: Previous,
    /// Changes from it.
    pub change: Changes,
    /// The time series, every bucket of the period.
    pub series: Vec<Point>,
    /// Top values per dimension.
    pub top: Vec<TopList>,
    /// Events the recorder could not queue, over its lifetime.
    pub events_dropped: u64,
}

fn summary(c: StatCounts) -> Summary {
    Summary {
        visitors: c.visitors,
        visits: c.visits,
        pageviews: c.pageviews,
        bounce_rate: (c.bounces * 100 + c.visits / 2)
            .checked_div(c.visits)
            .unwrap_or(0),
        visit_duration_secs: (c.duration_secs + c.visits / 2)
            .checked_div(c.visits)
            .unwrap_or(0),
        api_calls: c.api_calls,
        downloads: c.downloads,
    }
}

fn change(now: u64, before: u64) -> Option<i64> {
    if before == 0 {
        return None;
    }
    let before = i128::from(before);
    let scaled = (i128::from(now) - before) * 100;
    // Rounded half away from zero.
    i64::try_from((scaled + scaled.signum() * before / 2) / before).ok()
}

fn changes(now: &Summary, before: &Summary) -> Changes {
    Changes {
        visitors: change(now.visitors, before.visitors),
        visits: change(now.visits, before.visits),
        pageviews: change(now.pageviews, before.pageviews),
        bounce_rate: change(now.bounce_rate, before.bounce_rate),
        visit_duration_secs: change(now.visit_duration_secs, before.visit_duration_secs),
        api_calls: change(now.api_calls, before.api_calls),
        downloads: change(now.downloads, before.downloads),
    }
}

/// A period's counters. Over one day they come from its hour rows (the day's row may not
/// be written before the day ends) with the visitors of the day's row when there is one;
/// hour rows count a visitor once per hour, so their sum is only the fallback.
async fn counts(
    store: &Store,
    scope: StatScope,
    period: &Period,
) -> Result<StatCounts, StoreError> {
    let days = store
        .stat_counts(scope, StatGrain::Day, period.from, period.to)
        .await?;
    if !period.is_one_day() {
        return Ok(days);
    }
    let hours = store
        .stat_counts(scope, StatGrain::Hour, period.from, period.to)
        .await?;
    if hours == StatCounts::default() {
        return Ok(days);
    }
    Ok(StatCounts {
        visitors: if days.visitors > 0 {
            days.visitors
        } else {
            hours.visitors
        },
        ..hours
    })
}

async fn series(
    store: &Store,
    scope: StatScope,
    period: &Period,
) -> Result<Vec<Point>, StoreError> {
    let (grain, step) = if period.is_one_day() {
        (StatGrain::Hour, 3600)
    } else {
        (StatGrain::Day, DAY)
    };
    let stored = store
        .stat_series(scope, grain, period.from, period.to)
        .await?;
    let mut stored = stored.into_iter().peekable();
    let mut points = Vec::new();
    let mut start = period.from;
    while start < period.to {
        let mut counts = StatCounts::default();
        while let Some(bucket) = stored.next_if(|b| b.start < start + step) {
            counts.visitors += bucket.counts.visitors;
            counts.visits += bucket.counts.visits;
            counts.pageviews += bucket.counts.pageviews;
        }
        points.push(Point {
            start: if step == DAY {
                date(start)
            } else {
                rfc3339_utc(start)
            },
            visitors: counts.visitors,
            visits: counts.visits,
            pageviews: counts.pageviews,
        });
        start += step;
    }
    Ok(points)
}

fn top_row(dimension: StatDimension, entry: StatEntry) -> TopRow {
    let (value, format) = match (dimension, entry.value.rsplit_once('/')) {
        (StatDimension::Download, Some((dataset, format))) => {
            (dataset.to_owned(), Some(format.to_owned()))
        }
        _ => (entry.value, None),
    };
    TopRow {
        value,
        format,
        visitors: entry.visitors,
        visits: entry.visits,
        hits: entry.hits,
    }
}

/// Reads every number of the dashboard for `period` over `scope`, `limit` values per list,
/// at `now` (a site's settled months are summed first, once, for the top lists).
pub async fn build(
    store: &Store,
    scope: StatScope,
    site: String,
    period: Period,
    limit: u32,
    now: i64,
) -> Result<Report, StoreError> {
    if let StatScope::Site(id) = scope {
        let (from_day, to_day) = (stat_day_key(period.from), stat_day_key(period.to));
        store
            .sum_stat_months(id, from_day, to_day, stat_day_key(now))
            .await?;
    }
    let previous = period.previous();
    let plan = store.stat_top_plan(scope, period.from, period.to).await?;
    let plan = &plan;
    let tops = StatDimension::ALL.map(|dimension| async move {
        let entries = store.stat_top(plan, dimension, limit).await?;
        Ok::<_, StoreError>(TopList {
            dimension: dimension.as_str(),
            rows: entries.into_iter().map(|e| top_row(dimension, e)).collect(),
        })
    });
    let (now, before, points, top) = futures_util::future::try_join4(
        counts(store, scope, &period),
        counts(store, scope, &previous),
        series(store, scope, &period),
        futures_util::future::try_join_all(tops),
    )
    .await?;
    let totals = summary(now);
    let before = summary(before);
    Ok(Report {
        site,
        from: period.first_day(),
        to: period.last_day(),
        days: period.days(),
        grain: if period.is_one_day() { "hour" } else { "day" },
        visitors_are_visitor_days: !period.is_one_day(),
        totals,
        change: changes(&totals, &before),
        previous: Previous {
            from: previous.first_day(),
            to: previous.last_day(),
            totals: before,
        },
        series: points,
        top,
        // The caller sets what its recorder counted.
        events_dropped: 0,
    })
}

/// A CSV cell: quoted when needed, and a leading `=`, `+`, `-` or `@` defused so that a
/// spreadsheet never reads a recorded path or referrer as a formula.
fn cell(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

impl Report {
    /// The report as CSV: `section,value,format,visitors,visits,hits` where `section` is
    /// `total`, `previous` (hits = page views), `series` (value = the bucket's start) or a
    /// dimension (`page`, `entry`, `referrer`, …).
    pub fn to_csv(&self) -> String {
        let mut out = String::from("section,value,format,visitors,visits,hits\n");
        let mut line = |section: &str, value: &str, format: &str, v: u64, vi: u64, h: u64| {
            out.push_str(&format!(
                "{},{},{},{v},{vi},{h}\n",
                cell(section),
                cell(value),
                cell(format)
            ));
        };
        let period = format!("{}/{}", self.from, self.to);
        let t = &self.totals;
        line("total", &period, "", t.visitors, t.visits, t.pageviews);
        let p = &self.previous;
        let previous = format!("{}/{}", p.from, p.to);
        let pt = &p.totals;
        line(
            "previous",
            &previous,
            "",
            pt.visitors,
            pt.visits,
            pt.pageviews,
        );
        for point in &self.series {
            line(
                "series",
                &point.start,
                "",
                point.visitors,
                point.visits,
                point.pageviews,
            );
        }
        for list in &self.top {
            for row in &list.rows {
                let format = row.format.as_deref().unwrap_or("");
                line(
                    list.dimension,
                    &row.value,
                    format,
                    row.visitors,
                    row.visits,
                    row.hits,
                );
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_are_rounded_percentages_of_the_previous_value() {
        assert_eq!(change(150, 100), Some(50));
        assert_eq!(change(50, 100), Some(-50));
        assert_eq!(change(2, 3), Some(-33));
        assert_eq!(change(1, 3), Some(-67));
        assert_eq!(change(5, 0), None);
        assert_eq!(change(0, 0), None);
    }

    #[test]
    fn rates_and_durations_are_per_visit() {
        let s = summary(StatCounts {
            visits: 3,
            bounces: 1,
            duration_secs: 100,
            ..StatCounts::default()
        });
        assert_eq!((s.bounce_rate, s.visit_duration_secs), (33, 33));
        assert_eq!(summary(StatCounts::default()).bounce_rate, 0);
    }

    #[test]
    fn csv_cells_are_quoted_and_never_formulas() {
        assert_eq!(cell("/datasets/"), "/datasets/");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("=1+1"), "'=1+1");
        assert_eq!(cell("-2"), "'-2");
    }
}
