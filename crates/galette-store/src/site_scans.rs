//! Scans of a site run from the back office: one at a time per site (a partial unique index,
//! so it holds across replicas), each kept with the policy revision it checked.

use crate::{Store, StoreError};
use sqlx::Row;
use sqlx::any::AnyRow;

/// Scans kept per site; older ones are deleted when a new one starts.
pub const SCANS_KEPT: i64 = 20;

/// Where a scan stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScanStatus {
    /// Started and not finished.
    Running,
    /// Finished with a report.
    Done,
    /// Could not run, or was cut short; `error` says why.
    Failed,
}

impl ScanStatus {
    fn parse(text: &str) -> Result<ScanStatus, StoreError> {
        match text {
            "running" => Ok(ScanStatus::Running),
            "done" => Ok(ScanStatus::Done),
            "failed" => Ok(ScanStatus::Failed),
            other => Err(StoreError::Invalid(format!("scan status {other:?}"))),
        }
    }
}

/// One scan of a site.
#[derive(Clone, Debug)]
pub struct SiteScan {
    /// Store id.
    pub id: i64,
    /// Where it stands.
    pub status: ScanStatus,
    /// The administrator who asked for it (e-mail).
    pub requested_by: String,
    /// The start URL the browser visited.
    pub url: String,
    /// Unix seconds.
    pub started_at: i64,
    /// Unix seconds, once finished or failed.
    pub finished_at: Option<i64>,
    /// The site's policy revision when the scan started.
    pub policy_revision: i64,
    /// Whether the report has no finding (done scans only).
    pub is_clean: Option<bool>,
    /// How many findings (done scans only).
    pub findings: Option<i64>,
    /// The JSON report (done scans only).
    pub report: Option<String>,
    /// Why it failed (failed scans only).
    pub error: Option<String>,
}

/// What a new scan records when it starts.
pub struct NewScan<'a> {
    /// The site.
    pub tenant_id: i64,
    /// The administrator's e-mail.
    pub requested_by: &'a str,
    /// The start URL.
    pub url: &'a str,
    /// Unix seconds.
    pub now: i64,
    /// The site's policy revision now.
    pub policy_revision: i64,
    /// A running scan started before this (Unix seconds) was abandoned by a process that
    /// died: it is marked failed instead of blocking the new one.
    pub abandoned_before: i64,
}

/// Said of a scan a dead process left running.
pub const ABANDONED: &str = "the server stopped before the scan finished";

impl Store {
    /// Records a running scan of the site, or `Ok(None)` when one is already running.
    /// A running scan older than `abandoned_before` is marked failed first, and scans beyond
    /// the [`SCANS_KEPT`] newest are deleted.
    pub async fn start_site_scan(&self, scan: &NewScan<'_>) -> Result<Option<i64>, StoreError> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "UPDATE site_scans SET status = 'failed', finished_at = $1, error = $2 \
             WHERE tenant_id = $3 AND status = 'running' AND started_at < $4",
        )
        .bind(scan.now)
        .bind(ABANDONED)
        .bind(scan.tenant_id)
        .bind(scan.abandoned_before)
        .execute(&mut *tx)
        .await?;
        let inserted = sqlx::query(
            "INSERT INTO site_scans (tenant_id, status, requested_by, url, started_at, policy_revision) \
             VALUES ($1, 'running', $2, $3, $4, $5) RETURNING id",
        )
        .bind(scan.tenant_id)
        .bind(scan.requested_by)
        .bind(scan.url)
        .bind(scan.now)
        .bind(scan.policy_revision)
        .fetch_one(&mut *tx)
        .await;
        let id: i64 = match inserted {
            Ok(row) => row.try_get(0)?,
            Err(sqlx::Error::Database(db)) if db.is_unique_violation() => return Ok(None),
            Err(other) => return Err(other.into()),
        };
        sqlx::query(
            "DELETE FROM site_scans WHERE tenant_id = $1 AND id NOT IN \
             (SELECT id FROM site_scans WHERE tenant_id = $1 ORDER BY id DESC LIMIT $2)",
        )
        .bind(scan.tenant_id)
        .bind(SCANS_KEPT)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Some(id))
    }

    /// Stores a finished scan's report.
    pub async fn finish_site_scan(
        &self,
        id: i64,
        now: i64,
        is_clean: bool,
        findings: i64,
        report: &str,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE site_scans SET status = 'done', finished_at = $1, is_clean = $2, \
             findings = $3, report = $4 WHERE id = $5 AND status = 'running'",
        )
        .bind(now)
        .bind(i64::from(is_clean))
        .bind(findings)
        .bind(report)
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Marks a scan failed, with the reason.
    pub async fn fail_site_scan(&self, id: i64, now: i64, error: &str) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE site_scans SET status = 'failed', finished_at = $1, error = $2 \
             WHERE id = $3 AND status = 'running'",
        )
        .bind(now)
        .bind(error)
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Marks every scan still running as failed: at start-up of a single process, or at
    /// shutdown, so that nothing a stopped server left blocks the next scan.
    pub async fn fail_running_site_scans(
        &self,
        started_before: i64,
        now: i64,
    ) -> Result<u64, StoreError> {
        let done = sqlx::query(
            "UPDATE site_scans SET status = 'failed', finished_at = $1, error = $2 \
             WHERE status = 'running' AND started_at < $3",
        )
        .bind(now)
        .bind(ABANDONED)
        .bind(started_before)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected())
    }

    /// The site's scans, newest first, without their reports.
    pub async fn site_scans(&self, tenant_id: i64) -> Result<Vec<SiteScan>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, status, requested_by, url, started_at, finished_at, policy_revision, \
             is_clean, findings, NULL AS report, error \
             FROM site_scans WHERE tenant_id = $1 ORDER BY id DESC",
        )
        .bind(tenant_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(scan_from_row).collect()
    }

    /// One scan of the site, with its report.
    pub async fn site_scan(&self, tenant_id: i64, id: i64) -> Result<SiteScan, StoreError> {
        let row = sqlx::query(
            "SELECT id, status, requested_by, url, started_at, finished_at, policy_revision, \
             is_clean, findings, report, error FROM site_scans WHERE tenant_id = $1 AND id = $2",
        )
        .bind(tenant_id)
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound("scan"))?;
        scan_from_row(&row)
    }
}

fn scan_from_row(row: &AnyRow) -> Result<SiteScan, StoreError> {
    let status: String = row.try_get("status")?;
    Ok(SiteScan {
        id: row.try_get("id")?,
        status: ScanStatus::parse(&status)?,
        requested_by: row.try_get("requested_by")?,
        url: row.try_get("url")?,
        started_at: row.try_get("started_at")?,
        finished_at: row.try_get("finished_at")?,
        policy_revision: row.try_get("policy_revision")?,
        is_clean: row
            .try_get::<Option<i64>, _>("is_clean")?
            .map(|flag| flag != 0),
        findings: row.try_get("findings")?,
        report: row.try_get("report")?,
        error: row.try_get("error")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_round_trip() {
        assert_eq!(ScanStatus::parse("running").unwrap(), ScanStatus::Running);
        assert_eq!(ScanStatus::parse("done").unwrap(), ScanStatus::Done);
        assert_eq!(ScanStatus::parse("failed").unwrap(), ScanStatus::Failed);
        assert!(ScanStatus::parse("queued").is_err());
    }
}
