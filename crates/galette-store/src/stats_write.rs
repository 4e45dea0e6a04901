//! Recording the audience statistics: the daily salt, raw events, roll-ups, retention and
//! per-site settings (consent.md C-70…C-73; tables in migration 0007).
//!
//! Owns: the salt shared by every replica (created by whichever asks first on a day, read
//! by the others, deleted once its day is over); writing a batch of events with their
//! visitor hashes (the address and user agent only pass through memory), identical events
//! of the same second as one row with a count (`galette_core::stats::merge_events`);
//! recomputing a (site, day)'s roll-ups from its raw events, and finishing a past day (a
//! last roll-up, then its visitor hashes cleared); deleting what is older than the site
//! keeps.
//! Does not own: the rules (`galette_core::stats`), the queue and when jobs run
//! (galette-http's recorder and the server's start-up), the dashboard's reads.
//!
//! Replicas: a batch reads its day's salt inside its write transaction, and on PostgreSQL
//! with `FOR SHARE`, so deleting a finished day's salt waits for the batches that use it;
//! once the salt is gone no event of that day can be written, and the day's last roll-up
//! sees every event it will ever have. Roll-ups of one site are serialised by an advisory
//! lock on PostgreSQL and by the write lock on SQLite.

use crate::{Backend, Store, StoreError};
use galette_core::stats::rollup::{DayRollup, Totals, roll_up_day};
use galette_core::stats::settings::StatSettings;
use galette_core::stats::visitor::{new_salt, visitor_hash};
use galette_core::stats::{DAY_SECS, Event, EventKind, day_of, day_start, merge_events};
use sqlx::Row;
use std::collections::{BTreeMap, HashMap};

/// An event waiting to be written, with what its visitor hash is made from. The address
/// and the user agent are never written: they only feed the hash.
#[derive(Clone, Debug)]
pub struct PendingEvent {
    /// The site.
    pub tenant_id: i64,
    /// The event, its `visitor` still empty.
    pub event: Event,
    /// The client address galette trusts (after trusted proxies).
    pub client: String,
    /// The user agent as sent.
    pub user_agent: String,
}

/// What became of a batch.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WriteOutcome {
    /// Events written (a row of identical events counts each of them).
    pub written: u64,
    /// Events of a day already finished (its salt deleted), or of a day to come: dropped.
    pub dropped: u64,
}

/// Rows per multi-row INSERT of events (13 parameters each).
const EVENT_CHUNK: usize = 100;

/// The advisory lock key serialising one site's roll-ups on PostgreSQL: "gals" in the high
/// 32 bits keeps it apart from the consent log's, the tenant id fills the rest.
fn rollup_lock_key(tenant_id: i64) -> i64 {
    (0x6761_6c73_i64 << 32) | (tenant_id & 0xffff_ffff)
}

fn flag(value: bool) -> i64 {
    i64::from(value)
}

fn count(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

impl Store {
    /// The salt of day number `day`, created if no replica has made it yet: insert a fresh
    /// one, keep whichever was there first, read it back.
    pub async fn stat_salt(&self, day: i64) -> Result<String, StoreError> {
        let mut tx = self.begin_write().await?;
        let salt = self.salt_in(&mut tx, day, true).await?;
        tx.commit().await?;
        salt.ok_or(StoreError::NotFound("the day's salt"))
    }

    /// The days that still have a salt (today's, and a past day's until it is finished).
    pub async fn stat_salt_days(&self) -> Result<Vec<i64>, StoreError> {
        let rows = sqlx::query("SELECT day FROM stat_salts ORDER BY day")
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(|r| Ok(r.try_get(0)?)).collect()
    }

    /// Reads (and if `create`, first makes) a day's salt inside a write transaction; on
    /// PostgreSQL the row is share-locked until the transaction ends.
    async fn salt_in(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        day: i64,
        create: bool,
    ) -> Result<Option<String>, StoreError> {
        if create {
            let fresh = new_salt(&mut rand::rng());
            sqlx::query(
                "INSERT INTO stat_salts (day, salt) VALUES ($1, $2) ON CONFLICT (day) DO NOTHING",
            )
            .bind(day)
            .bind(fresh)
            .execute(&mut **tx)
            .await?;
        }
        let read = match self.backend {
            Backend::Sqlite => "SELECT salt FROM stat_salts WHERE day = $1",
            Backend::Postgres => "SELECT salt FROM stat_salts WHERE day = $1 FOR SHARE",
        };
        let row = sqlx::query(read)
            .bind(day)
            .fetch_optional(&mut **tx)
            .await?;
        Ok(row.map(|r| r.try_get(0)).transpose()?)
    }

    /// Writes a batch in one transaction, each event with its visitor hash under its day's
    /// salt: today's is created if needed; a past day's is only read (gone: the day is
    /// finished and its events are dropped); a day after `today` is dropped. A site's
    /// identical events of the same second (same hash too) are written as one row.
    pub async fn write_stat_events(
        &self,
        today: i64,
        events: &[PendingEvent],
    ) -> Result<WriteOutcome, StoreError> {
        let mut outcome = WriteOutcome::default();
        if events.is_empty() {
            return Ok(outcome);
        }
        let mut tx = self.begin_write().await?;
        let mut salts: BTreeMap<i64, Option<String>> = BTreeMap::new();
        for pending in events {
            let day = day_of(pending.event.at);
            if let std::collections::btree_map::Entry::Vacant(slot) = salts.entry(day) {
                let salt = if day <= today {
                    self.salt_in(&mut tx, day, day == today).await?
                } else {
                    None
                };
                slot.insert(salt);
            }
        }
        // Each event gets its visitor hash (once per visitor and day of the batch: the
        // recorder has already merged a visitor's identical hits), then a site's identical
        // events of a second become one row (`merge_events`).
        let mut sites: BTreeMap<i64, Vec<Event>> = BTreeMap::new();
        let mut hashes: HashMap<(i64, i64, &str, &str), String> = HashMap::new();
        for pending in events {
            let day = day_of(pending.event.at);
            let Some(salt) = salts.get(&day).and_then(Option::as_ref) else {
                outcome.dropped += pending.event.hits;
                continue;
            };
            let inputs = (
                day,
                pending.tenant_id,
                pending.client.as_str(),
                pending.user_agent.as_str(),
            );
            let visitor = hashes
                .entry(inputs)
                .or_insert_with(|| {
                    visitor_hash(
                        salt,
                        pending.tenant_id,
                        &pending.client,
                        &pending.user_agent,
                    )
                })
                .clone();
            sites.entry(pending.tenant_id).or_default().push(Event {
                visitor: Some(visitor),
                ..pending.event.clone()
            });
        }
        let rows: Vec<(i64, Event)> = sites
            .into_iter()
            .flat_map(|(tenant_id, site)| {
                merge_events(&site)
                    .into_iter()
                    .map(move |event| (tenant_id, event))
            })
            .collect();
        for chunk in rows.chunks(EVENT_CHUNK) {
            let sql = format!(
                "INSERT INTO stat_events (tenant_id, at, visitor, kind, path, referrer, language, \
                 device, browser, country, dataset, format, hits) VALUES {}",
                crate::sql_text::value_rows(self.backend, chunk.len(), 13)
            );
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
            for (tenant_id, e) in chunk {
                query = query
                    .bind(*tenant_id)
                    .bind(e.at)
                    .bind(e.visitor.clone())
                    .bind(e.kind.as_str())
                    .bind(e.path.clone())
                    .bind(e.referrer.clone())
                    .bind(e.language.clone())
                    .bind(e.device.clone())
                    .bind(e.browser.clone())
                    .bind(e.country.clone())
                    .bind(e.dataset.clone())
                    .bind(e.format.clone())
                    .bind(count(e.hits));
            }
            query.execute(&mut *tx).await?;
            outcome.written += chunk.iter().map(|(_, e)| e.hits).sum::<u64>();
        }
        tx.commit().await?;
        Ok(outcome)
    }

    /// Deletes the salts of the days before `today`: from then on no event of those days
    /// can be written or linked to an address. Returns how many were deleted.
    pub async fn delete_stat_salts_before(&self, today: i64) -> Result<u64, StoreError> {
        let done = sqlx::query("DELETE FROM stat_salts WHERE day < $1")
            .bind(today)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }

    /// The (site, day) pairs before `today` whose events still carry visitor hashes: days
    /// whose last roll-up has not run yet.
    pub async fn unfinished_stat_days(&self, today: i64) -> Result<Vec<(i64, i64)>, StoreError> {
        let rows = sqlx::query(
            "SELECT DISTINCT tenant_id, CAST(at / 86400 AS BIGINT) FROM stat_events \
             WHERE visitor IS NOT NULL AND at < $1",
        )
        .bind(day_start(today))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
            .collect()
    }

    /// The sites with events on day number `day` (one index probe per site).
    pub async fn stat_sites_on(&self, day: i64) -> Result<Vec<i64>, StoreError> {
        let rows = sqlx::query(
            "SELECT id FROM tenants t WHERE EXISTS (SELECT 1 FROM stat_events e \
             WHERE e.tenant_id = t.id AND e.at >= $1 AND e.at < $2) ORDER BY id",
        )
        .bind(day_start(day))
        .bind(day_start(day) + DAY_SECS)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|r| Ok(r.try_get(0)?)).collect()
    }

    /// Recomputes a site's roll-ups of day number `day` (its hours, the day, its breakdowns)
    /// from the raw events, in one write transaction. With `finish`, the day's visitor
    /// hashes are then cleared: its roll-up is final. A day already finished is not
    /// recomputed (its hashes are gone); stray hashes written after it are cleared.
    pub async fn roll_up_stat_day(
        &self,
        tenant_id: i64,
        day: i64,
        finish: bool,
    ) -> Result<(), StoreError> {
        let from = day_start(day);
        let to = from + DAY_SECS;
        let mut tx = self.begin_write().await?;
        if self.backend == Backend::Postgres {
            sqlx::query("SELECT pg_advisory_xact_lock($1)")
                .bind(rollup_lock_key(tenant_id))
                .execute(&mut *tx)
                .await?;
        }
        let finished: i64 = sqlx::query(
            "SELECT COUNT(*) FROM stat_events \
             WHERE tenant_id = $1 AND at >= $2 AND at < $3 AND visitor IS NULL",
        )
        .bind(tenant_id)
        .bind(from)
        .bind(to)
        .fetch_one(&mut *tx)
        .await?
        .try_get(0)?;
        if finished == 0 && !self.rollup_is_current(&mut tx, tenant_id, from).await? {
            let rows = sqlx::query(
                "SELECT at, visitor, kind, path, referrer, language, device, browser, country, \
                 dataset, format, hits FROM stat_events \
                 WHERE tenant_id = $1 AND at >= $2 AND at < $3",
            )
            .bind(tenant_id)
            .bind(from)
            .bind(to)
            .fetch_all(&mut *tx)
            .await?;
            let mut events = Vec::with_capacity(rows.len());
            for row in &rows {
                let kind: String = row.try_get(2)?;
                let Some(kind) = EventKind::parse(&kind) else {
                    continue;
                };
                events.push(Event {
                    at: row.try_get(0)?,
                    visitor: row.try_get(1)?,
                    kind,
                    path: row.try_get(3)?,
                    referrer: row.try_get(4)?,
                    language: row.try_get(5)?,
                    device: row.try_get(6)?,
                    browser: row.try_get(7)?,
                    country: row.try_get(8)?,
                    dataset: row.try_get(9)?,
                    format: row.try_get(10)?,
                    hits: u64::try_from(row.try_get::<i64, _>(11)?).unwrap_or(0),
                });
            }
            let rollup = roll_up_day(day, &events);
            write_rollup(self.backend, &mut tx, tenant_id, day, &rollup).await?;
        }
        if finish {
            sqlx::query(
                "UPDATE stat_events SET visitor = NULL \
                 WHERE tenant_id = $1 AND at >= $2 AND at < $3 AND visitor IS NOT NULL",
            )
            .bind(tenant_id)
            .bind(from)
            .bind(to)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Whether the (site, day)'s roll-up already counts every one of its events: events are
    /// only ever added to a day until it is finished, so the same count (rows weighted by
    /// their `hits`) means the same set, and a replica that finds it so skips the
    /// recomputation.
    async fn rollup_is_current(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        tenant_id: i64,
        from: i64,
    ) -> Result<bool, StoreError> {
        let row = sqlx::query(
            "SELECT (SELECT CAST(COALESCE(SUM(hits), 0) AS BIGINT) FROM stat_events \
              WHERE tenant_id = $1 AND at >= $2 AND at < $3), \
             (SELECT pageviews + api_calls + downloads FROM stat_totals \
              WHERE tenant_id = $1 AND grain = 'day' AND start = $2)",
        )
        .bind(tenant_id)
        .bind(from)
        .bind(from + DAY_SECS)
        .fetch_one(&mut **tx)
        .await?;
        let events: i64 = row.try_get(0)?;
        let counted: Option<i64> = row.try_get(1)?;
        Ok(counted == Some(events))
    }

    /// A site's statistics settings (the defaults without a row).
    pub async fn stat_settings(&self, tenant_id: i64) -> Result<StatSettings, StoreError> {
        let row = sqlx::query(
            "SELECT honour_gpc, count_staff, raw_days, retention_months FROM stat_settings \
             WHERE tenant_id = $1",
        )
        .bind(tenant_id)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else {
            return Ok(StatSettings::default());
        };
        let defaults = StatSettings::default();
        let days = |v: i64, d: u32| u32::try_from(v).unwrap_or(d);
        Ok(StatSettings {
            honour_gpc: row.try_get::<i64, _>(0)? != 0,
            count_staff: row.try_get::<i64, _>(1)? != 0,
            raw_days: days(row.try_get(2)?, defaults.raw_days),
            retention_months: days(row.try_get(3)?, defaults.retention_months),
        })
    }

    /// Stores a site's statistics settings (checked by the caller with `validate`).
    pub async fn set_stat_settings(
        &self,
        tenant_id: i64,
        settings: &StatSettings,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO stat_settings (tenant_id, honour_gpc, count_staff, raw_days, retention_months) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (tenant_id) DO UPDATE SET \
             honour_gpc = excluded.honour_gpc, count_staff = excluded.count_staff, \
             raw_days = excluded.raw_days, retention_months = excluded.retention_months",
        )
        .bind(tenant_id)
        .bind(flag(settings.honour_gpc))
        .bind(flag(settings.count_staff))
        .bind(i64::from(settings.raw_days))
        .bind(i64::from(settings.retention_months))
        .execute(&self.pool)
        .await?;
        self.written(crate::Watched::StatSettings);
        Ok(())
    }

    /// Deletes a site's raw events older than its `raw_days` and roll-ups older than its
    /// `retention_months`, counted back from the day of `now`. Returns the rows deleted.
    pub async fn enforce_stat_retention(
        &self,
        tenant_id: i64,
        now: i64,
    ) -> Result<u64, StoreError> {
        let settings = self.stat_settings(tenant_id).await?;
        let raw_cutoff = settings.raw_cutoff(now);
        let rollup_cutoff = settings.rollup_cutoff(now);
        let mut deleted = 0;
        for (sql, cutoff) in [
            (
                "DELETE FROM stat_events WHERE tenant_id = $1 AND at < $2",
                raw_cutoff,
            ),
            (
                "DELETE FROM stat_totals WHERE tenant_id = $1 AND start < $2",
                rollup_cutoff,
            ),
            (
                "DELETE FROM stat_breakdowns WHERE tenant_id = $1 AND day < $2",
                day_of(rollup_cutoff),
            ),
            // The dashboard's monthly sums of those days (`month` is its first day).
            (
                "DELETE FROM stat_month_breakdowns WHERE tenant_id = $1 AND month < $2",
                day_of(rollup_cutoff),
            ),
            (
                "DELETE FROM stat_months_summed WHERE tenant_id = $1 AND month < $2",
                day_of(rollup_cutoff),
            ),
        ] {
            let done = sqlx::query(sql)
                .bind(tenant_id)
                .bind(cutoff)
                .execute(&self.pool)
                .await?;
            deleted += done.rows_affected();
        }
        Ok(deleted)
    }
}

/// Replaces the (site, day)'s rows in `stat_totals` and `stat_breakdowns`.
async fn write_rollup(
    backend: crate::Backend,
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    tenant_id: i64,
    day: i64,
    rollup: &DayRollup,
) -> Result<(), StoreError> {
    let from = day_start(day);
    sqlx::query(
        "DELETE FROM stat_totals WHERE tenant_id = $1 AND \
         ((grain = 'day' AND start = $2) OR (grain = 'hour' AND start >= $2 AND start < $3))",
    )
    .bind(tenant_id)
    .bind(from)
    .bind(from + DAY_SECS)
    .execute(&mut **tx)
    .await?;
    sqlx::query("DELETE FROM stat_breakdowns WHERE tenant_id = $1 AND day = $2")
        .bind(tenant_id)
        .bind(day)
        .execute(&mut **tx)
        .await?;
    if rollup.day == Totals::default() {
        return Ok(());
    }
    let buckets = std::iter::once(("day", from, rollup.day))
        .chain(rollup.hours.iter().map(|h| ("hour", h.start, h.totals)));
    for (grain, start, t) in buckets {
        sqlx::query(
            "INSERT INTO stat_totals (tenant_id, grain, start, visitors, visits, pageviews, \
             bounces, duration_secs, api_calls, downloads) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(tenant_id)
        .bind(grain)
        .bind(start)
        .bind(count(t.visitors))
        .bind(count(t.visits))
        .bind(count(t.pageviews))
        .bind(count(t.bounces))
        .bind(count(t.duration_secs))
        .bind(count(t.api_calls))
        .bind(count(t.downloads))
        .execute(&mut **tx)
        .await?;
    }
    for chunk in rollup.breakdowns.chunks(EVENT_CHUNK) {
        let sql = format!(
            "INSERT INTO stat_breakdowns (tenant_id, day, dimension, value, visitors, visits, hits) \
             VALUES {}",
            crate::sql_text::value_rows(backend, chunk.len(), 7)
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for b in chunk {
            query = query
                .bind(tenant_id)
                .bind(day)
                .bind(b.dimension)
                .bind(b.value.clone())
                .bind(count(b.visitors))
                .bind(count(b.visits))
                .bind(count(b.hits));
        }
        query.execute(&mut **tx).await?;
    }
    Ok(())
}
