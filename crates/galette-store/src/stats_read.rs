//! Reading the audience statistics' roll-ups for the back office's dashboard.
//!
//! Only `stat_totals` (per hour and per day) and `stat_breakdowns` (per day and dimension)
//! are read here, never the raw events: the cost of a dashboard depends on the period's
//! length and the number of distinct values, not on the traffic. Periods are `[from, to)` in
//! Unix seconds, aligned on UTC hours or days by the caller. The insert functions write
//! roll-up rows as they are given (tests and the benchmark's seeding use them; the
//! recorder has its own writer).

use crate::sql_text::AnyQuery;
use crate::{Store, StoreError};
use sqlx::Row;
use sqlx::any::AnyRow;

const DAY: i64 = 86_400;

/// The `day` column of `stat_breakdowns` for the UTC day that contains `unix`: the day's
/// number since 1970-01-01 (the convention of the store's other per-day columns).
pub fn stat_day_key(unix: i64) -> i64 {
    unix.div_euclid(DAY)
}

/// Which sites a read covers: one tenant, or all of them (platform administrators).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatScope {
    /// One tenant's statistics.
    Site(i64),
    /// Every tenant's statistics, added together.
    AllSites,
}

impl StatScope {
    /// The condition on `tenant_id` (parameter `$n`, bound by `bind`), or nothing.
    fn clause(self, n: usize) -> String {
        match self {
            StatScope::Site(_) => format!(" AND tenant_id = ${n}"),
            StatScope::AllSites => String::new(),
        }
    }

    /// Binds the parameter of `clause`, if it has one, after those already bound.
    fn bind(self, query: AnyQuery<'_>) -> AnyQuery<'_> {
        match self {
            StatScope::Site(id) => query.bind(id),
            StatScope::AllSites => query,
        }
    }
}

/// A bucket's size in `stat_totals`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatGrain {
    /// One UTC hour.
    Hour,
    /// One UTC day.
    Day,
}

impl StatGrain {
    /// The `grain` column's value.
    pub fn as_str(self) -> &'static str {
        match self {
            StatGrain::Hour => "hour",
            StatGrain::Day => "day",
        }
    }
}

/// The dimensions of `stat_breakdowns`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatDimension {
    /// Page views per path.
    Page,
    /// Visits per first page.
    Entry,
    /// Visits per referring host.
    Referrer,
    /// Page views per language served.
    Language,
    /// Page views per device class.
    Device,
    /// Page views per browser family.
    Browser,
    /// Page views per country (only with a GeoIP database).
    Country,
    /// Page views of each dataset's pages.
    Dataset,
    /// API calls per dataset (`''`: the catalogue).
    Api,
    /// Downloads per `dataset/format`.
    Download,
}

impl StatDimension {
    /// Every dimension, in the dashboard's order.
    pub const ALL: [StatDimension; 10] = [
        StatDimension::Page,
        StatDimension::Entry,
        StatDimension::Referrer,
        StatDimension::Language,
        StatDimension::Device,
        StatDimension::Browser,
        StatDimension::Country,
        StatDimension::Dataset,
        StatDimension::Api,
        StatDimension::Download,
    ];

    /// The `dimension` column's value.
    pub fn as_str(self) -> &'static str {
        match self {
            StatDimension::Page => "page",
            StatDimension::Entry => "entry",
            StatDimension::Referrer => "referrer",
            StatDimension::Language => "language",
            StatDimension::Device => "device",
            StatDimension::Browser => "browser",
            StatDimension::Country => "country",
            StatDimension::Dataset => "dataset",
            StatDimension::Api => "api",
            StatDimension::Download => "download",
        }
    }

    /// Whether its values are ranked by visits (the ways in) rather than by hits.
    pub fn ranks_by_visits(self) -> bool {
        matches!(self, StatDimension::Entry | StatDimension::Referrer)
    }
}

/// The counters of `stat_totals`, summed over some buckets: the roll-up's own counters, with
/// `visitors` added over buckets (visitor-days over several days).
pub type StatCounts = galette_core::stats::rollup::Totals;

/// One bucket of a time series.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StatBucket {
    /// The bucket's start, Unix seconds.
    pub start: i64,
    /// Its counters (all sites added for `StatScope::AllSites`).
    pub counts: StatCounts,
}

/// One value of a dimension over a period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatEntry {
    /// The value (path, host, language, `dataset/format`…).
    pub value: String,
    /// Daily distinct visitors, added over the days.
    pub visitors: u64,
    /// Visits.
    pub visits: u64,
    /// Page views, calls or downloads.
    pub hits: u64,
}

/// The rows a period's top lists read (`Store::stat_top_plan`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StatTopPlan {
    scope: StatScope,
    /// The period's first day and the day after its last (day numbers).
    from_day: i64,
    to_day: i64,
    /// The summed months read from their sums, `[run_start, run_end)` (empty: none).
    run_start: i64,
    run_end: i64,
}

/// A `stat_totals` row to insert.
#[derive(Clone, Copy, Debug)]
pub struct StatTotalsRow {
    /// Its tenant.
    pub tenant_id: i64,
    /// Hour or day.
    pub grain: StatGrain,
    /// The bucket's start, Unix seconds.
    pub start: i64,
    /// Its counters.
    pub counts: StatCounts,
}

/// A `stat_breakdowns` row to insert.
#[derive(Clone, Debug)]
pub struct StatBreakdownRow {
    /// Its tenant.
    pub tenant_id: i64,
    /// Any Unix second of its UTC day.
    pub day: i64,
    /// Its dimension.
    pub dimension: StatDimension,
    /// Its value and counters.
    pub entry: StatEntry,
}

/// Rows per multi-row INSERT (10 parameters each, far below both backends' limits).
const INSERT_CHUNK: usize = 400;

fn count(row: &AnyRow, index: usize) -> Result<u64, StoreError> {
    let value: Option<i64> = row.try_get(index)?;
    Ok(u64::try_from(value.unwrap_or(0)).unwrap_or(0))
}

fn counts_from(row: &AnyRow, first: usize) -> Result<StatCounts, StoreError> {
    Ok(StatCounts {
        visitors: count(row, first)?,
        visits: count(row, first + 1)?,
        pageviews: count(row, first + 2)?,
        bounces: count(row, first + 3)?,
        duration_secs: count(row, first + 4)?,
        api_calls: count(row, first + 5)?,
        downloads: count(row, first + 6)?,
    })
}

/// The seven counters summed, as BIGINT on both backends (PostgreSQL's SUM is NUMERIC).
const SUMS: &str = "CAST(SUM(visitors) AS BIGINT), CAST(SUM(visits) AS BIGINT), \
     CAST(SUM(pageviews) AS BIGINT), CAST(SUM(bounces) AS BIGINT), \
     CAST(SUM(duration_secs) AS BIGINT), CAST(SUM(api_calls) AS BIGINT), \
     CAST(SUM(downloads) AS BIGINT)";

fn as_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

impl Store {
    /// The counters of the `grain` buckets that start in `[from, to)`, added together.
    pub async fn stat_counts(
        &self,
        scope: StatScope,
        grain: StatGrain,
        from: i64,
        to: i64,
    ) -> Result<StatCounts, StoreError> {
        let sql = format!(
            "SELECT {SUMS} FROM stat_totals WHERE grain = $1 AND start >= $2 AND start < $3{}",
            scope.clause(4)
        );
        let query = sqlx::query(sqlx::AssertSqlSafe(&*sql))
            .bind(grain.as_str())
            .bind(from)
            .bind(to);
        let row = scope.bind(query).fetch_one(&self.pool).await?;
        counts_from(&row, 0)
    }

    /// The `grain` buckets that start in `[from, to)` and have a row, oldest first (all
    /// sites' rows of one bucket added together).
    pub async fn stat_series(
        &self,
        scope: StatScope,
        grain: StatGrain,
        from: i64,
        to: i64,
    ) -> Result<Vec<StatBucket>, StoreError> {
        let sql = format!(
            "SELECT start, {SUMS} FROM stat_totals \
             WHERE grain = $1 AND start >= $2 AND start < $3{} GROUP BY start ORDER BY start",
            scope.clause(4)
        );
        let query = sqlx::query(sqlx::AssertSqlSafe(&*sql))
            .bind(grain.as_str())
            .bind(from)
            .bind(to);
        let rows = scope.bind(query).fetch_all(&self.pool).await?;
        rows.iter()
            .map(|row| {
                Ok(StatBucket {
                    start: row.try_get(0)?,
                    counts: counts_from(row, 1)?,
                })
            })
            .collect()
    }

    /// Which rows the top lists of `[from, to)` read: for one site, the longest run of
    /// months `sum_stat_months` has summed is read from their sums, the days around it from
    /// the daily rows. Worked out once per dashboard, for all its lists.
    pub async fn stat_top_plan(
        &self,
        scope: StatScope,
        from: i64,
        to: i64,
    ) -> Result<StatTopPlan, StoreError> {
        let (from_day, to_day) = (stat_day_key(from), stat_day_key(to + DAY - 1));
        let run = match scope {
            StatScope::Site(id) => self.stat_month_run(id, from_day, to_day).await?,
            StatScope::AllSites => None,
        };
        let (run_start, run_end) = run.map_or((to_day, to_day), |r| (r.start, r.end));
        Ok(StatTopPlan {
            scope,
            from_day,
            to_day,
            run_start,
            run_end,
        })
    }

    /// The `limit` most frequent values of `dimension` over the plan's UTC days, by hits
    /// (by visits for entry pages and referrers), ties by value.
    pub async fn stat_top(
        &self,
        plan: &StatTopPlan,
        dimension: StatDimension,
        limit: u32,
    ) -> Result<Vec<StatEntry>, StoreError> {
        let order = if dimension.ranks_by_visits() {
            "3 DESC, 4 DESC"
        } else {
            "4 DESC, 3 DESC"
        };
        let scope = plan.scope;
        // Days before the run, days after it, and the run's monthly sums ($1 dimension,
        // $2..$5 the bounds, $6 the site).
        let (a, b) = (plan.run_start, plan.run_end);
        let (from_day, to_day) = (plan.from_day, plan.to_day);
        let columns = "value, visitors, visits, hits";
        let site = scope.clause(6);
        let sql = format!(
            "SELECT value, CAST(SUM(visitors) AS BIGINT), CAST(SUM(visits) AS BIGINT), \
             CAST(SUM(hits) AS BIGINT) FROM ( \
             SELECT {columns} FROM stat_breakdowns \
             WHERE dimension = $1 AND day >= $2 AND day < $3{site} \
             UNION ALL SELECT {columns} FROM stat_breakdowns \
             WHERE dimension = $1 AND day >= $4 AND day < $5{site} \
             UNION ALL SELECT {columns} FROM stat_month_breakdowns \
             WHERE dimension = $1 AND month >= $3 AND month < $4{site} \
             ) AS picked GROUP BY value ORDER BY {order}, 1 LIMIT {limit}"
        );
        let query = sqlx::query(sqlx::AssertSqlSafe(&*sql))
            .bind(dimension.as_str())
            .bind(from_day)
            .bind(a)
            .bind(b)
            .bind(to_day);
        let rows = scope.bind(query).fetch_all(&self.pool).await?;
        rows.iter()
            .map(|row| {
                Ok(StatEntry {
                    value: row.try_get(0)?,
                    visitors: count(row, 1)?,
                    visits: count(row, 2)?,
                    hits: count(row, 3)?,
                })
            })
            .collect()
    }

    /// Writes `stat_totals` rows; a row for a bucket already stored replaces it.
    pub async fn insert_stat_totals(&self, rows: &[StatTotalsRow]) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        for chunk in rows.chunks(INSERT_CHUNK) {
            let sql = format!(
                "INSERT INTO stat_totals (tenant_id, grain, start, visitors, visits, pageviews, \
                 bounces, duration_secs, api_calls, downloads) VALUES {} \
                 ON CONFLICT (tenant_id, grain, start) DO UPDATE SET \
                 visitors = excluded.visitors, visits = excluded.visits, \
                 pageviews = excluded.pageviews, bounces = excluded.bounces, \
                 duration_secs = excluded.duration_secs, api_calls = excluded.api_calls, \
                 downloads = excluded.downloads",
                crate::sql_text::value_rows(self.backend, chunk.len(), 10)
            );
            let mut query = sqlx::query(sqlx::AssertSqlSafe(&*sql));
            for row in chunk {
                let c = row.counts;
                query = query
                    .bind(row.tenant_id)
                    .bind(row.grain.as_str())
                    .bind(row.start)
                    .bind(as_i64(c.visitors))
                    .bind(as_i64(c.visits))
                    .bind(as_i64(c.pageviews))
                    .bind(as_i64(c.bounces))
                    .bind(as_i64(c.duration_secs))
                    .bind(as_i64(c.api_calls))
                    .bind(as_i64(c.downloads));
            }
            query.execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Writes `stat_breakdowns` rows; a row for a value already stored that day replaces it.
    pub async fn insert_stat_breakdowns(
        &self,
        rows: &[StatBreakdownRow],
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        for chunk in rows.chunks(INSERT_CHUNK) {
            let sql = format!(
                "INSERT INTO stat_breakdowns (tenant_id, day, dimension, value, visitors, \
                 visits, hits) VALUES {} \
                 ON CONFLICT (tenant_id, dimension, day, value) DO UPDATE SET \
                 visitors = excluded.visitors, visits = excluded.visits, hits = excluded.hits",
                crate::sql_text::value_rows(self.backend, chunk.len(), 7)
            );
            let mut query = sqlx::query(sqlx::AssertSqlSafe(&*sql));
            for row in chunk {
                query = query
                    .bind(row.tenant_id)
                    .bind(stat_day_key(row.day))
                    .bind(row.dimension.as_str())
                    .bind(row.entry.value.as_str())
                    .bind(as_i64(row.entry.visitors))
                    .bind(as_i64(row.entry.visits))
                    .bind(as_i64(row.entry.hits));
            }
            query.execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
