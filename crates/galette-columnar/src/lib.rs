//! galette's columnar query engine.
//!
//! A dataset version is immutable, so it can be held as typed columns: integers and floats
//! as plain vectors with a null bitmap, text as codes into a dictionary sorted by code
//! point (so `<`, `=`, `in` and ordering compare small integers, never strings). A query
//! arrives as a [`Plan`], lowered from ODSQL by galette-store's compiler, and runs in one
//! pass over the rows in chunks of [`CHUNK`]: the filter is evaluated into bit masks with
//! SQL's three-valued logic, and the same pass counts the matches and feeds them to the
//! records (top-k selection, only the answered rows materialised) or to the groups.
//!
//! Owns: the column layout ([`column`], [`table`]), the plan ([`plan`]) and its execution
//! ([`filter`], [`text`], [`records`], [`groups`], [`keys`]), the rows of an export in order
//! ([`export`]), a cell as JSON or as a typed value for other formats ([`cell`]).
//! Does not own: ODSQL, SQL, loading a table from the store, or the memory budget.

pub mod bits;
pub mod cell;
pub mod column;
pub mod export;
pub mod filter;
pub mod groups;
pub mod keys;
pub mod plan;
pub mod records;
pub mod table;
pub mod text;
pub mod widths;

pub use plan::{
    Aggregate, Buckets, CmpOp, Fold, GroupKey, GroupOrder, GroupOutput, GroupPlan, Haystack,
    OrderKey, Plan, Predicate, RecordOutput, Scalar, Shape,
};
pub use table::{Table, TableBuilder};

/// Rows evaluated together: 64 words of 64 bits.
pub const CHUNK: usize = 4096;

/// One answered row: output names and values, in order.
pub type Row = Vec<(String, serde_json::Value)>;

/// A page of an answer and how many rows (or groups) match in all.
#[derive(Clone, Debug, PartialEq)]
pub struct Page {
    /// Rows or groups matching, over every page.
    pub total: u64,
    /// This page's rows.
    pub rows: Vec<Row>,
}

/// Rows below which a query runs on one thread: splitting costs more than it saves.
pub const PARALLEL_FROM_ROWS: usize = 256 * CHUNK;

/// The row ranges a query over `rows` rows is split into, one per thread, each starting
/// on a chunk.
pub fn parts(rows: usize) -> Vec<std::ops::Range<usize>> {
    let threads = if rows < PARALLEL_FROM_ROWS {
        1
    } else {
        std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
    };
    let chunks = rows.div_ceil(CHUNK);
    let per = chunks.div_ceil(threads).max(1) * CHUNK;
    (0..threads)
        .map(|i| (i * per).min(rows)..((i + 1) * per).min(rows))
        .filter(|r| !r.is_empty())
        .collect()
}

/// Runs `work` on each part, on threads of their own when there are several; the results
/// in part order.
pub fn on_parts<T: Send>(
    parts: &[std::ops::Range<usize>],
    work: impl Fn(std::ops::Range<usize>) -> Result<T, ExecError> + Sync,
) -> Result<Vec<T>, ExecError> {
    if let [only] = parts {
        return Ok(vec![work(only.clone())?]);
    }
    std::thread::scope(|scope| {
        let handles: Vec<_> = parts
            .iter()
            .map(|range| {
                let work = &work;
                scope.spawn(move || work(range.clone()))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or(Err(ExecError::Mismatch("a worker thread failed")))
            })
            .collect()
    })
}

/// Why a plan could not be answered here; the caller then asks the SQL path.
#[derive(Clone, Debug, thiserror::Error, PartialEq, Eq)]
pub enum ExecError {
    /// An integer sum left the 64-bit range (SQLite reports an overflow).
    #[error("integer overflow")]
    Overflow,
    /// The plan names a column the table does not have, or of another kind.
    #[error("the plan does not fit the table: {0}")]
    Mismatch(&'static str),
    /// The answer depends on something of the database's the engine does not know (how it
    /// lower-cases text): the SQL path answers.
    #[error("left to the database: {0}")]
    Undecided(&'static str),
}

/// Runs `plan` over `table`.
pub fn execute(table: &Table, plan: &Plan) -> Result<Page, ExecError> {
    run(table, plan, filter::Source::Filter(&plan.filter))
}

/// Runs several plans over `table`; plans with the same filter share one evaluation of it
/// (an explorer page and its facets).
pub fn execute_all(table: &Table, plans: &[Plan]) -> Vec<Result<Page, ExecError>> {
    // Each filter met so far, with the rows it matched.
    type Matched<'p> = (&'p [Predicate], Result<Vec<u32>, ExecError>);
    let mut matched: Vec<Matched<'_>> = Vec::new();
    plans
        .iter()
        .map(|plan| {
            let shared = plans.iter().filter(|p| p.filter == plan.filter).count() > 1;
            if !shared || plan.filter.is_empty() {
                return execute(table, plan);
            }
            let at = match matched
                .iter()
                .position(|(f, _)| *f == plan.filter.as_slice())
            {
                Some(at) => at,
                None => {
                    matched.push((&plan.filter, filter::matching_rows(table, &plan.filter)));
                    matched.len() - 1
                }
            };
            match matched.get(at).map(|(_, rows)| rows) {
                Some(Ok(rows)) => run(table, plan, filter::Source::Rows(rows)),
                Some(Err(e)) => Err(e.clone()),
                None => execute(table, plan),
            }
        })
        .collect()
}

fn run(table: &Table, plan: &Plan, source: filter::Source<'_>) -> Result<Page, ExecError> {
    match &plan.shape {
        Shape::Records { outputs, order } => records::run(table, plan, source, outputs, order),
        Shape::Groups(groups) => groups::run(table, plan, source, groups),
    }
}
