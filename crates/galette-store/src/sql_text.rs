//! Pieces of SQL text that several statements build the same way.

use crate::Backend;

/// A statement with its parameters, on either backend.
pub(crate) type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>;

/// The `VALUES` list of a multi-row insert: `rows` tuples of `width` parameters, bound in
/// order. PostgreSQL numbers them (`($1, $2), ($3, $4)…`); SQLite gets anonymous ones
/// (`(?, ?), (?, ?)…`), because it keeps a numbered or named parameter in a list that it
/// searches linearly when parsing and again for each value sqlx binds: with 50 rows of 22
/// fields a statement, those searches were two thirds of a dataset import's CPU.
pub(crate) fn value_rows(backend: Backend, rows: usize, width: usize) -> String {
    let mut out = String::with_capacity(rows * width * 6);
    for row in 0..rows {
        out.push_str(if row == 0 { "(" } else { ", (" });
        for column in 0..width {
            if column > 0 {
                out.push_str(", ");
            }
            match backend {
                Backend::Sqlite => out.push('?'),
                Backend::Postgres => {
                    out.push('$');
                    out.push_str(&(row * width + column + 1).to_string());
                }
            }
        }
        out.push(')');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::value_rows;
    use crate::Backend;

    #[test]
    fn numbers_every_cell_of_every_row_in_order_on_postgres() {
        assert_eq!(
            value_rows(Backend::Postgres, 2, 3),
            "($1, $2, $3), ($4, $5, $6)"
        );
        assert_eq!(value_rows(Backend::Postgres, 1, 1), "($1)");
    }

    #[test]
    fn sqlite_gets_anonymous_parameters_bound_in_order() {
        assert_eq!(value_rows(Backend::Sqlite, 2, 3), "(?, ?, ?), (?, ?, ?)");
        assert_eq!(value_rows(Backend::Sqlite, 1, 1), "(?)");
    }
}
