//! Monthly sums of a site's statistics breakdowns, for the dashboard's long periods
//! (migration 0010): made from the daily rows once a month has settled, read in place of
//! them, never older than the site's oldest daily roll-up (the retention job's cutoff).

use crate::stats_read::{StatDimension, stat_day_key};
use crate::{Store, StoreError};
use galette_core::time::{parse_rfc3339_utc, rfc3339_utc};
use sqlx::Row;

/// Days after its end before a month is summed: the recorder finishes a day (its last
/// roll-up) shortly after midnight, so two days leave room for a late or slow replica.
pub const SETTLE_DAYS: i64 = 2;

/// The day number of the first day of the month that contains day number `day`.
fn month_of(day: i64) -> i64 {
    let text = rfc3339_utc(day.saturating_mul(86_400));
    text.get(..7)
        .and_then(|ym| parse_rfc3339_utc(&format!("{ym}-01")))
        .map_or(day, stat_day_key)
}

/// The day number of the first day of the next month.
fn next_month(month: i64) -> i64 {
    month_of(month + 31)
}

/// The run of summed months a read can use: `[start, end)` in day numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct MonthRun {
    pub start: i64,
    pub end: i64,
}

impl Store {
    /// The site's oldest daily roll-up, as a day number (`None`: it has none).
    async fn oldest_stat_day(&self, tenant_id: i64) -> Result<Option<i64>, StoreError> {
        let row = sqlx::query(
            "SELECT MIN(start) FROM stat_totals WHERE tenant_id = $1 AND grain = 'day'",
        )
        .bind(tenant_id)
        .fetch_one(&self.pool)
        .await?;
        let start: Option<i64> = row.try_get(0)?;
        Ok(start.map(stat_day_key))
    }

    /// Sums the site's settled months inside the days `[from_day, to_day)` that are not
    /// summed yet (`today`: the current day number), and deletes sums older than its oldest
    /// daily roll-up. Idempotent; concurrent calls sum a month once.
    pub async fn sum_stat_months(
        &self,
        tenant_id: i64,
        from_day: i64,
        to_day: i64,
        today: i64,
    ) -> Result<(), StoreError> {
        let Some(oldest) = self.oldest_stat_day(tenant_id).await? else {
            return Ok(());
        };
        let stale = sqlx::query(
            "SELECT COUNT(*) FROM stat_months_summed WHERE tenant_id = $1 AND month < $2",
        )
        .bind(tenant_id)
        .bind(oldest)
        .fetch_one(&self.pool)
        .await?;
        if stale.try_get::<i64, _>(0)? > 0 {
            let mut tx = self.begin_write().await?;
            for table in ["stat_month_breakdowns", "stat_months_summed"] {
                let sql = format!("DELETE FROM {table} WHERE tenant_id = $1 AND month < $2");
                sqlx::query(sqlx::AssertSqlSafe(&*sql))
                    .bind(tenant_id)
                    .bind(oldest)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
        }
        let summed: Vec<i64> = sqlx::query(
            "SELECT month FROM stat_months_summed WHERE tenant_id = $1 AND month >= $2 \
             AND month < $3",
        )
        .bind(tenant_id)
        .bind(from_day)
        .bind(to_day)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|row| row.try_get(0))
        .collect::<Result<_, _>>()?;
        let settled = today - SETTLE_DAYS;
        let mut month = next_month(month_of(from_day.max(oldest) - 1));
        while next_month(month) <= to_day.min(settled + 1) {
            let end = next_month(month);
            if !summed.contains(&month) {
                self.sum_stat_month(tenant_id, month, end).await?;
            }
            month = end;
        }
        Ok(())
    }

    async fn sum_stat_month(&self, tenant_id: i64, month: i64, end: i64) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let marked = sqlx::query(
            "INSERT INTO stat_months_summed (tenant_id, month, end_day) VALUES ($1, $2, $3) \
             ON CONFLICT (tenant_id, month) DO NOTHING",
        )
        .bind(tenant_id)
        .bind(month)
        .bind(end)
        .execute(&mut *tx)
        .await?;
        if marked.rows_affected() == 0 {
            // Another request (or replica) summed it meanwhile.
            return Ok(());
        }
        let dimensions: Vec<String> = StatDimension::ALL
            .iter()
            .map(|d| format!("'{}'", d.as_str()))
            .collect();
        let sql = format!(
            "INSERT INTO stat_month_breakdowns (tenant_id, month, dimension, value, visitors, \
             visits, hits) \
             SELECT tenant_id, $2, dimension, value, SUM(visitors), SUM(visits), SUM(hits) \
             FROM stat_breakdowns WHERE tenant_id = $1 AND dimension IN ({}) \
             AND day >= $2 AND day < $3 GROUP BY tenant_id, dimension, value",
            dimensions.join(", ")
        );
        sqlx::query(sqlx::AssertSqlSafe(&*sql))
            .bind(tenant_id)
            .bind(month)
            .bind(end)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Refreshes the planner's statistics and PostgreSQL's visibility map of the roll-up
    /// tables, as autovacuum (or SQLite's `PRAGMA optimize`) would in a while; for the
    /// benchmark, right after it bulk-loads them (index-only scans need the visibility map).
    pub async fn analyze_stat_tables(&self) -> Result<(), StoreError> {
        let sql = match self.backend {
            crate::Backend::Sqlite => "ANALYZE",
            crate::Backend::Postgres => {
                "VACUUM (ANALYZE) stat_totals, stat_breakdowns, stat_month_breakdowns"
            }
        };
        sqlx::query(sql).execute(&self.pool).await?;
        Ok(())
    }

    /// The longest run of consecutive summed months of the site inside `[from_day,
    /// to_day)`, none older than its oldest daily roll-up.
    pub(crate) async fn stat_month_run(
        &self,
        tenant_id: i64,
        from_day: i64,
        to_day: i64,
    ) -> Result<Option<MonthRun>, StoreError> {
        let Some(oldest) = self.oldest_stat_day(tenant_id).await? else {
            return Ok(None);
        };
        let rows = sqlx::query(
            "SELECT month, end_day FROM stat_months_summed WHERE tenant_id = $1 \
             AND month >= $2 AND end_day <= $3 ORDER BY month",
        )
        .bind(tenant_id)
        .bind(from_day.max(oldest))
        .bind(to_day)
        .fetch_all(&self.pool)
        .await?;
        let mut best: Option<MonthRun> = None;
        let mut current: Option<MonthRun> = None;
        for row in &rows {
            let (month, end): (i64, i64) = (row.try_get(0)?, row.try_get(1)?);
            current = match current {
                Some(run) if run.end == month => Some(MonthRun { end, ..run }),
                _ => Some(MonthRun { start: month, end }),
            };
            if let Some(run) = current
                && best.is_none_or(|b| run.end - run.start > b.end - b.start)
            {
                best = Some(run);
            }
        }
        Ok(best)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_start_on_their_first_day() {
        // 2024-02-15 is day 19768; February 2024 starts on day 19754, March on 19783.
        assert_eq!(month_of(19_768), 19_754);
        assert_eq!(month_of(19_754), 19_754);
        assert_eq!(next_month(19_754), 19_783);
        assert_eq!(next_month(month_of(19_783 - 1)), 19_783);
        // December to January.
        let december = month_of(stat_day_key(1_733_011_200));
        assert_eq!(
            rfc3339_utc(next_month(december) * 86_400),
            "2025-01-01T00:00:00Z"
        );
    }
}
