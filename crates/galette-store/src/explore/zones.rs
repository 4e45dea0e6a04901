//! Local times in SQL: a zone's UTC offsets live in the table `zone_offsets`, filled the
//! first time a request asks for the zone, and a statement reads the offset in force at an
//! instant with a small indexed subquery.
//!
//! The table replaces a `CASE` over every change of the zone that used to be inlined into
//! each statement (hundreds of branches per datetime expression: statements of megabytes,
//! each kept by the database). Both backends read the same table, so their answers are the
//! same; rows are keyed by a hash of the offsets themselves, so an updated zone database
//! gets new rows rather than stale ones.

use crate::{Backend, Store, StoreError};
use galette_core::explore::timezone::{Offsets, Zone, offset_text};

/// The key of a zone's rows: FNV-1a over its offsets (never request text).
pub(crate) fn zone_key(offsets: &Offsets) -> i64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for b in bytes {
            hash ^= u64::from(*b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    };
    feed(&offsets.initial.to_le_bytes());
    for (at, offset) in &offsets.changes {
        feed(&at.to_le_bytes());
        feed(&offset.to_le_bytes());
    }
    i64::from_le_bytes(hash.to_le_bytes())
}

/// The first row of every zone: the offset before its first change.
const BEGINNING: i64 = i64::MIN;

/// A subquery reading `column` of the zone's row in force at instant `x`.
fn in_force(x: &str, offsets: &Offsets, column: &str) -> String {
    format!(
        "(SELECT zo.{column} FROM zone_offsets zo WHERE zo.zone = {} AND zo.at <= {x} ORDER BY zo.at DESC LIMIT 1)",
        zone_key(offsets)
    )
}

/// The wall-clock seconds of instant `x` in a zone (`x` itself in UTC).
pub(crate) fn local_seconds(x: &str, offsets: &Offsets) -> String {
    if offsets.is_zero() {
        return x.to_owned();
    }
    format!("({x} + {})", in_force(x, offsets, "seconds"))
}

/// The zone offset of instant `x` as text (`+00:00`, `-05:00`).
pub(crate) fn offset_text_sql(x: &str, offsets: &Offsets) -> String {
    if offsets.is_zero() {
        return "'+00:00'".to_owned();
    }
    in_force(x, offsets, "label")
}

/// Rows written per statement when a zone is filled in.
const ROWS_PER_INSERT: usize = 100;

impl Store {
    /// Makes sure the offsets of `zone` are in `zone_offsets` (once per zone and store).
    pub(crate) async fn ensure_zone(&self, zone: &Zone) -> Result<(), StoreError> {
        let offsets = zone.offsets();
        if offsets.is_zero() {
            return Ok(());
        }
        let key = zone_key(offsets);
        if self.zones_known(key) {
            return Ok(());
        }
        // On SQLite the rows live in the primary key's tree itself: one seek per lookup.
        let clustered = match self.backend {
            Backend::Sqlite => " WITHOUT ROWID",
            Backend::Postgres => "",
        };
        let create = format!(
            "CREATE TABLE IF NOT EXISTS zone_offsets (zone BIGINT NOT NULL, at BIGINT NOT NULL, \
             seconds INTEGER NOT NULL, label TEXT NOT NULL, PRIMARY KEY (zone, at)){clustered}"
        );
        // Two first requests at once may race to create it on PostgreSQL (one of them then
        // fails on the catalogue's unique names); the second attempt finds it there.
        if sqlx::query(sqlx::AssertSqlSafe(&*create))
            .execute(&self.pool)
            .await
            .is_err()
        {
            sqlx::query(sqlx::AssertSqlSafe(&*create))
                .execute(&self.pool)
                .await?;
        }
        let rows: Vec<(i64, i32)> = std::iter::once((BEGINNING, offsets.initial))
            .chain(offsets.changes.iter().copied())
            .collect();
        let mut tx = self.pool.begin().await?;
        for chunk in rows.chunks(ROWS_PER_INSERT) {
            let sql = format!(
                "INSERT INTO zone_offsets (zone, at, seconds, label) VALUES {} ON CONFLICT DO NOTHING",
                crate::sql_text::value_rows(self.backend, chunk.len(), 4)
            );
            let mut insert = sqlx::query(sqlx::AssertSqlSafe(&*sql));
            for (at, seconds) in chunk {
                insert = insert
                    .bind(key)
                    .bind(*at)
                    .bind(*seconds)
                    .bind(offset_text(*seconds));
            }
            insert.execute(&mut *tx).await?;
        }
        tx.commit().await?;
        self.remember_zone(key);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zones_with_other_offsets_get_other_keys_and_utc_needs_no_table() {
        let paris = Zone::parse("Europe/Paris").unwrap();
        let london = Zone::parse("Europe/London").unwrap();
        assert_ne!(zone_key(paris.offsets()), zone_key(london.offsets()));
        assert_eq!(local_seconds("c1", Zone::utc().offsets()), "c1");
        let sql = local_seconds("c1", london.offsets());
        assert!(sql.len() < 200, "no offset table inlined: {sql}");
    }
}
