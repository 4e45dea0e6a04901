//! A dataset version as columns: its rows in record id order, each row's record id, and one
//! column per field.

use crate::ExecError;
use crate::column::{Column, ColumnBuilder, Kind};
use crate::widths::Ints;

/// An immutable table.
#[derive(Debug)]
pub struct Table {
    rids: Ints,
    columns: Vec<Column>,
}

impl Table {
    /// Rows.
    pub fn rows(&self) -> usize {
        self.rids.len()
    }

    /// Column `index` (a field's position in the dataset).
    pub fn column(&self, index: usize) -> Result<&Column, ExecError> {
        self.columns
            .get(index)
            .ok_or(ExecError::Mismatch("no such column"))
    }

    /// The record id of row `row`.
    pub fn rid(&self, row: usize) -> i64 {
        self.rids.get(row).unwrap_or_default()
    }

    /// Bytes held by the table.
    pub fn heap_bytes(&self) -> usize {
        self.rids.heap_bytes() + self.columns.iter().map(Column::heap_bytes).sum::<usize>()
    }
}

/// Builds a table row by row: [`TableBuilder::push_rid`] then one cell per column.
#[derive(Debug)]
pub struct TableBuilder {
    rids: Ints,
    columns: Vec<ColumnBuilder>,
}

impl TableBuilder {
    /// A table with columns of these kinds, in field order.
    pub fn new(kinds: &[Kind]) -> TableBuilder {
        TableBuilder::with_capacity(kinds, 0)
    }

    /// The same, with room for `rows` rows (a version's row count is known before it is
    /// read).
    pub fn with_capacity(kinds: &[Kind], rows: usize) -> TableBuilder {
        TableBuilder {
            rids: Ints::with_capacity(rows),
            columns: kinds
                .iter()
                .map(|k| ColumnBuilder::with_capacity(*k, rows))
                .collect(),
        }
    }

    /// Starts a row with its record id; rows must come in ascending record id order.
    pub fn push_rid(&mut self, rid: i64) -> Result<(), ExecError> {
        if self.rids.last().is_some_and(|last| last >= rid) {
            return Err(ExecError::Mismatch("rows out of record id order"));
        }
        self.rids.push(rid);
        Ok(())
    }

    /// The columns, to push the row's cells into.
    pub fn columns_mut(&mut self) -> &mut [ColumnBuilder] {
        &mut self.columns
    }

    /// Rows started so far.
    pub fn rows(&self) -> usize {
        self.rids.len()
    }

    /// Bytes held so far.
    pub fn heap_bytes(&self) -> usize {
        self.rids.heap_bytes()
            + self
                .columns
                .iter()
                .map(ColumnBuilder::heap_bytes)
                .sum::<usize>()
    }

    /// The finished table; `Mismatch` when a column did not get one cell per row.
    pub fn finish(self) -> Result<Table, ExecError> {
        if self.columns.iter().any(|c| c.len() != self.rids.len()) {
            return Err(ExecError::Mismatch("a row without a cell in every column"));
        }
        let mut rids = self.rids;
        rids.shrink();
        Ok(Table {
            rids,
            columns: self
                .columns
                .into_iter()
                .map(ColumnBuilder::finish)
                .collect(),
        })
    }
}
