//! The columnar path's store side: a dataset version read into the engine's [`Table`]
//! (under a byte budget), and a compiled query answered from a loaded table when the
//! compiler's second target lowers it (`compile::lower`). The store's tables stay the
//! source of truth; a table here is a copy of an immutable version.

use super::compile::lower;
use super::query::{Compiled, RecordsQuery};
use super::run::{ExplorePage, ExploreRow, ReadRow, Sink, Statement};
use crate::datasets::{Dataset, columns_of};
use crate::{Store, StoreError};
use galette_columnar::column::Kind;
use galette_columnar::{Page, Plan, Table, TableBuilder};
use galette_core::explore::timezone::Zone;
use sqlx::any::AnyRow;
use sqlx::sqlite::SqliteRow;
use sqlx::{ColumnIndex, Decode, Row, Type};

/// How often (in rows) a load checks its size against the budget.
const BUDGET_CHECK_ROWS: usize = 16_384;

/// One cell as read from the store.
enum Cell {
    Int(Option<i64>),
    Double(Option<f64>),
    Text(Option<String>),
    Point(Option<(f64, f64)>),
}

/// Reads a version's rows: the record id, then one cell per field.
struct Cells<'a> {
    kinds: &'a [Kind],
}

impl Cells<'_> {
    fn read<R: Row>(&self, row: &R) -> Result<(i64, Vec<Cell>), StoreError>
    where
        usize: ColumnIndex<R>,
        String: for<'r> Decode<'r, R::Database> + Type<R::Database>,
        i64: for<'r> Decode<'r, R::Database> + Type<R::Database>,
        f64: for<'r> Decode<'r, R::Database> + Type<R::Database>,
    {
        let rid: i64 = row.try_get(0)?;
        let mut cells = Vec::with_capacity(self.kinds.len());
        let mut index = 1;
        for kind in self.kinds {
            cells.push(match kind {
                Kind::Int | Kind::Boolean | Kind::Datetime => Cell::Int(row.try_get(index)?),
                Kind::Double => Cell::Double(row.try_get(index)?),
                Kind::Text | Kind::Date => Cell::Text(row.try_get(index)?),
                Kind::Point => {
                    let lat: Option<f64> = row.try_get(index)?;
                    index += 1;
                    let lon: Option<f64> = row.try_get(index)?;
                    Cell::Point(lat.zip(lon))
                }
            });
            index += 1;
        }
        Ok((rid, cells))
    }
}

impl ReadRow<(i64, Vec<Cell>)> for Cells<'_> {
    fn sqlite(&self, row: &SqliteRow) -> Result<(i64, Vec<Cell>), StoreError> {
        self.read(row)
    }
    fn any(&self, row: &AnyRow) -> Result<(i64, Vec<Cell>), StoreError> {
        self.read(row)
    }
}

/// Pushes rows into a table until it would pass its budget.
struct Loading {
    builder: TableBuilder,
    max_bytes: usize,
    outcome: Result<bool, galette_columnar::ExecError>,
}

impl Loading {
    fn push(&mut self, rid: i64, cells: Vec<Cell>) -> Result<(), galette_columnar::ExecError> {
        self.builder.push_rid(rid)?;
        for (column, cell) in self.builder.columns_mut().iter_mut().zip(cells) {
            match cell {
                Cell::Int(v) => column.push_int(v)?,
                Cell::Double(v) => column.push_double(v)?,
                Cell::Text(v) => column.push_text(v.as_deref())?,
                Cell::Point(v) => column.push_point(v)?,
            }
        }
        Ok(())
    }
}

impl Sink<(i64, Vec<Cell>)> for Loading {
    async fn put(&mut self, (rid, cells): (i64, Vec<Cell>)) -> bool {
        if let Err(e) = self.push(rid, cells) {
            self.outcome = Err(e);
            return false;
        }
        if self.builder.rows().is_multiple_of(BUDGET_CHECK_ROWS)
            && self.builder.heap_bytes() > self.max_bytes
        {
            self.outcome = Ok(false);
            return false;
        }
        true
    }
}

impl Store {
    /// The current version of `dataset` as columns, or `None` when it would take more than
    /// `max_bytes` (it then stays on the SQL path).
    pub async fn load_table(
        &self,
        dataset: &Dataset,
        max_bytes: usize,
    ) -> Result<Option<Table>, StoreError> {
        let kinds: Vec<Kind> = dataset
            .fields
            .iter()
            .map(|f| lower::kind_of(f.field_type))
            .collect();
        let columns: Vec<String> = dataset
            .fields
            .iter()
            .enumerate()
            .flat_map(|(i, f)| columns_of(i, f.field_type))
            .collect();
        let sql = format!(
            "SELECT rid, {} FROM {} ORDER BY rid",
            columns.join(", "),
            dataset.table_name
        );
        // At least a byte a cell and a record id: a version that cannot fit is not read.
        let rows = usize::try_from(dataset.records_count).unwrap_or(usize::MAX);
        if rows.saturating_mul(kinds.len() + 1) > max_bytes {
            return Ok(None);
        }
        let zone = Zone::utc();
        let statement = Statement {
            sql: &sql,
            params: &[],
            zone: &zone,
            limit: self.explore.timeouts.export,
        };
        let mut loading = Loading {
            builder: TableBuilder::with_capacity(&kinds, rows),
            max_bytes,
            outcome: Ok(true),
        };
        self.run(&statement, &Cells { kinds: &kinds }, &mut loading)
            .await?;
        let table = match loading.outcome {
            Ok(false) => return Ok(None),
            Ok(true) => loading.builder.finish(),
            Err(e) => Err(e),
        };
        match table {
            Ok(table) => Ok((table.heap_bytes() <= max_bytes).then_some(table)),
            Err(e) => Err(StoreError::Invalid(format!(
                "{} does not read as columns: {e}",
                dataset.table_name
            ))),
        }
    }
}

/// The engine's plan for `query` (compiled as `compiled`) over `dataset`'s current version;
/// `None` when the engine does not answer this query exactly as the SQL path does, which
/// then answers it.
pub fn columnar_plan(dataset: &Dataset, query: &RecordsQuery, compiled: &Compiled) -> Option<Plan> {
    lower::lower(dataset, query, compiled)
}

impl From<Page> for ExplorePage {
    fn from(page: Page) -> ExplorePage {
        ExplorePage {
            total: page.total,
            rows: page.rows.into_iter().map(ExploreRow).collect(),
        }
    }
}
