//! Where SQLite and PostgreSQL differ and the compiler writes each its own SQL: casts to a
//! float, floats and datetimes as text, floors, integer sums and open-ended limits.
//! (Date formatting, whose spellings differ throughout, stays in `dates`.)

use super::Compiler;
use crate::Backend;

impl Compiler<'_> {
    /// ` LIMIT … OFFSET …` of a page: `limit` rows at most (`None`: all) after `offset`.
    /// SQLite spells "no limit" `-1`, PostgreSQL `ALL`.
    pub(super) fn limit_clause(&self, limit: Option<u64>, offset: u64) -> String {
        let clause = match limit {
            Some(limit) => format!(" LIMIT {limit} OFFSET {offset}"),
            None if offset > 0 => format!(" LIMIT -1 OFFSET {offset}"),
            None => String::new(),
        };
        if self.backend == Backend::Postgres {
            clause.replace("LIMIT -1", "LIMIT ALL")
        } else {
            clause
        }
    }

    /// The largest integer at most `ratio`, a float: SQLite has `floor` only in builds with
    /// its math functions, so there truncation toward zero is stepped down below zero.
    pub(super) fn floor(&self, ratio: &str) -> String {
        match self.backend {
            Backend::Sqlite => format!(
                "(CAST({ratio} AS INTEGER) - CASE WHEN {ratio} < 0 AND CAST({ratio} AS INTEGER) <> {ratio} THEN 1 ELSE 0 END)"
            ),
            Backend::Postgres => format!("floor({ratio})"),
        }
    }

    /// A non-negative float rounded toward zero, as an integer: SQLite's cast truncates,
    /// PostgreSQL's rounds to the nearest (so it truncates first).
    pub(super) fn truncate(&self, sql: &str) -> String {
        match self.backend {
            Backend::Sqlite => format!("CAST({sql} AS BIGINT)"),
            Backend::Postgres => format!("CAST(trunc({sql}) AS BIGINT)"),
        }
    }

    /// The `SUM` of integers, `call`, as a 64-bit integer: PostgreSQL sums integers as
    /// numeric, which the Any driver cannot read.
    pub(super) fn integer_sum(&self, call: String) -> String {
        match self.backend {
            Backend::Sqlite => call,
            Backend::Postgres => format!("CAST({call} AS BIGINT)"),
        }
    }

    /// `sql` as a float, so that a division or an average of integers keeps its fraction.
    pub(super) fn double(&self, sql: &str) -> String {
        match self.backend {
            Backend::Sqlite => format!("CAST({sql} AS REAL)"),
            Backend::Postgres => format!("CAST({sql} AS DOUBLE PRECISION)"),
        }
    }
}

/// Wall-clock seconds as `YYYY-MM-DDTHH:MM:SS` text.
pub(crate) fn local_datetime_text(local: &str, backend: Backend) -> String {
    match backend {
        Backend::Sqlite => format!("strftime('%Y-%m-%dT%H:%M:%S', {local}, 'unixepoch')"),
        Backend::Postgres => format!(
            "to_char(to_timestamp({local}) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS')"
        ),
    }
}

/// A float as text, integral values keeping their `.0` on both backends (as SQLite and the
/// JSON exports write them; PostgreSQL would write `2`).
pub(crate) fn double_text(expr: &str, backend: Backend) -> String {
    match backend {
        Backend::Sqlite => format!("CAST({expr} AS TEXT)"),
        Backend::Postgres => format!(
            "CASE WHEN {expr} = floor({expr}) AND abs({expr}) < 1e15 THEN CAST(CAST({expr} AS BIGINT) AS TEXT) || '.0' ELSE CAST({expr} AS TEXT) END"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::sql;
    use super::{double_text, local_datetime_text};
    use crate::Backend;
    use insta::assert_snapshot;

    #[test]
    fn floats_and_datetimes_as_text() {
        let text: Vec<String> = [Backend::Sqlite, Backend::Postgres]
            .into_iter()
            .map(|b| {
                format!(
                    "{b:?}\n{}\n{}\n",
                    double_text("c2", b),
                    local_datetime_text("c5", b)
                )
            })
            .collect();
        assert_snapshot!(text.join("\n"));
    }

    #[test]
    fn limits_and_offsets() {
        assert_snapshot!(
            sql(&[("select", "n"), ("limit", "10"), ("offset", "20")])
                + &sql(&[("select", "n"), ("offset", "20")])
                + &sql(&[("select", "n"), ("limit", "0")])
        );
    }

    #[test]
    fn numbers_read_as_doubles() {
        assert_snapshot!(
            sql(&[("select", "n / 3 as a, avg(n) as b")])
                + &sql(&[("select", "sum(n) as a, sum(x) as b")])
        );
    }
}
