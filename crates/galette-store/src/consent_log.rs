//! The per-tenant consent log: append-only, hash-chained records (consent.md C-25…C-28).

use crate::{Backend, Store, StoreError};
use galette_core::consent::categories::CategorySet;
use galette_core::consent::log_chain::{ConsentRecord, NewRecord, jsonl_line, seal};
use galette_core::time::parse_rfc3339_utc;
use sqlx::Row;
use sqlx::any::AnyRow;
use std::collections::BTreeMap;

/// How many times an append is retried when another append took the same sequence number.
const APPEND_ATTEMPTS: usize = 8;

/// The advisory lock key serialising one tenant's appends on PostgreSQL: "galc" in the
/// high 32 bits keeps it apart from any other advisory lock, the tenant id fills the rest.
fn append_lock_key(tenant_id: i64) -> i64 {
    (0x6761_6c63_i64 << 32) | (tenant_id & 0xffff_ffff)
}

/// One day of choices, for the back office's rates.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConsentDay {
    /// Days since the Unix epoch (UTC).
    pub day: i64,
    /// Choices made that day.
    pub choices: u64,
    /// Choices granting each optional category (functionality, statistics, marketing).
    pub granted: [u64; 3],
}

impl Store {
    /// Appends a choice to the tenant's chain and returns the sealed record.
    pub async fn append_consent(
        &self,
        tenant_id: i64,
        new: NewRecord,
    ) -> Result<ConsentRecord, StoreError> {
        for _ in 0..APPEND_ATTEMPTS {
            let mut tx = self.begin_write().await?;
            if self.backend == Backend::Postgres {
                // One append per tenant at a time, across every process sharing the
                // database: the head read next is the head the new record links to.
                sqlx::query("SELECT pg_advisory_xact_lock($1)")
                    .bind(append_lock_key(tenant_id))
                    .execute(&mut *tx)
                    .await?;
            }
            let last = sqlx::query(
                "SELECT record FROM consent_log WHERE tenant_id = $1 ORDER BY seq DESC LIMIT 1",
            )
            .bind(tenant_id)
            .fetch_optional(&mut *tx)
            .await?;
            let prev = match last {
                Some(row) => Some(parse_record(&row.try_get::<String, _>(0)?)?),
                None => None,
            };
            let record = seal(prev.as_ref(), new.clone());
            let text = jsonl_line(&record);
            let inserted = sqlx::query(
                "INSERT INTO consent_log (tenant_id, seq, ts, action, granted, record, hash) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(tenant_id)
            .bind(i64::try_from(record.seq).unwrap_or(i64::MAX))
            .bind(new.ts_unix)
            .bind(new.action.code())
            .bind(new.granted.to_token())
            .bind(&text)
            .bind(&record.hash)
            .execute(&mut *tx)
            .await;
            match inserted.map_err(StoreError::from) {
                Ok(_) => {
                    tx.commit().await?;
                    return Ok(record);
                }
                // Only a writer that skips the lock (an older galette sharing the database)
                // can take the same seq first: read the new head and retry.
                Err(StoreError::Conflict(_)) => continue,
                Err(e) => return Err(e),
            }
        }
        Err(StoreError::Conflict(
            "the consent log head (too many concurrent choices)".into(),
        ))
    }

    /// The tenant's records as stored (canonical JSON lines), in `seq` order, optionally
    /// only those made at or after `since` (Unix seconds).
    pub async fn consent_lines(
        &self,
        tenant_id: i64,
        since: Option<i64>,
    ) -> Result<Vec<String>, StoreError> {
        let rows = sqlx::query(
            "SELECT record FROM consent_log WHERE tenant_id = $1 AND ts >= $2 ORDER BY seq",
        )
        .bind(tenant_id)
        .bind(since.unwrap_or(i64::MIN))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok(r.try_get::<String, _>(0)?))
            .collect()
    }

    /// The tenant's whole chain, parsed, in `seq` order, each record checked against the
    /// columns stored beside it: a `seq`, `ts`, `action`, `granted` or `hash` column edited
    /// with the database's own tools is [`StoreError::Tampered`], naming the record, so that
    /// `consent verify` covers every stored value and not only the records' chain.
    pub async fn consent_records(&self, tenant_id: i64) -> Result<Vec<ConsentRecord>, StoreError> {
        let rows = sqlx::query(
            "SELECT seq, ts, action, granted, hash, record FROM consent_log \
             WHERE tenant_id = $1 ORDER BY seq",
        )
        .bind(tenant_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let record = parse_record(&row.try_get::<String, _>("record")?)?;
                check_columns(row, &record)?;
                Ok(record)
            })
            .collect()
    }

    /// Choices per UTC day since `since`, with how many granted each optional category,
    /// counted from the records themselves (what the chain proves), not from the columns
    /// beside them; the `ts` column only narrows the read, and `consent verify` checks it.
    pub async fn consent_days(
        &self,
        tenant_id: i64,
        since: i64,
    ) -> Result<Vec<ConsentDay>, StoreError> {
        let rows = sqlx::query(
            "SELECT record FROM consent_log WHERE tenant_id = $1 AND ts >= $2 ORDER BY seq",
        )
        .bind(tenant_id)
        .bind(since)
        .fetch_all(&self.pool)
        .await?;
        let mut days: BTreeMap<i64, ConsentDay> = BTreeMap::new();
        for row in &rows {
            let record = parse_record(&row.try_get::<String, _>(0)?)?;
            let ts = parse_rfc3339_utc(&record.ts).ok_or_else(|| StoreError::Tampered {
                seq: record.seq,
                reason: "its time is not an RFC 3339 UTC time".into(),
            })?;
            if ts < since {
                continue;
            }
            let day = ts.div_euclid(86_400);
            let current = days.entry(day).or_insert_with(|| ConsentDay {
                day,
                ..ConsentDay::default()
            });
            current.choices += 1;
            for (slot, code) in
                current
                    .granted
                    .iter_mut()
                    .zip(["functionality", "statistics", "marketing"])
            {
                if record.granted.iter().any(|g| g == code) {
                    *slot += 1;
                }
            }
        }
        Ok(days.into_values().collect())
    }
}

/// Whether the columns stored beside a record (they serve queries) say what it says.
fn check_columns(row: &AnyRow, record: &ConsentRecord) -> Result<(), StoreError> {
    let seq: i64 = row.try_get("seq")?;
    let ts: i64 = row.try_get("ts")?;
    let action: String = row.try_get("action")?;
    let granted: String = row.try_get("granted")?;
    let hash: String = row.try_get("hash")?;
    let granted_codes = CategorySet::from_token(&granted).map(CategorySet::codes);
    let record_codes: Vec<&str> = record.granted.iter().map(String::as_str).collect();
    let mismatch = if u64::try_from(seq).ok() != Some(record.seq) {
        Some("seq")
    } else if parse_rfc3339_utc(&record.ts) != Some(ts) {
        Some("ts")
    } else if action != record.action {
        Some("action")
    } else if granted_codes.as_ref() != Some(&record_codes) {
        Some("granted")
    } else if hash != record.hash {
        Some("hash")
    } else {
        None
    };
    match mismatch {
        None => Ok(()),
        Some(column) => Err(StoreError::Tampered {
            seq: record.seq,
            reason: format!(
                "its stored {column} column does not match the record: it was edited outside galette"
            ),
        }),
    }
}

fn parse_record(text: &str) -> Result<ConsentRecord, StoreError> {
    serde_json::from_str(text).map_err(invalid)
}

fn invalid(e: serde_json::Error) -> StoreError {
    StoreError::Invalid(format!("a consent record: {e}"))
}
