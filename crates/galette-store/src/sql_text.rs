//! Pieces of SQL text that several statements build the same way.

/// A statement with its parameters, on either backend.
pub(crate) type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>;

/// The `VALUES` list of a multi-row insert: `rows` tuples of `width` numbered parameters,
/// `($1, $2), ($3, $4)…`, which both dialects accept.
pub(crate) fn value_rows(rows: usize, width: usize) -> String {
    (0..rows)
        .map(|row| {
            let cells: Vec<String> = (1..=width)
                .map(|column| format!("${}", row * width + column))
                .collect();
            format!("({})", cells.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::value_rows;

    #[test]
    fn numbers_every_cell_of_every_row_in_order() {
        assert_eq!(value_rows(2, 3), "($1, $2, $3), ($4, $5, $6)");
        assert_eq!(value_rows(1, 1), "($1)");
    }
}
