//! What the engine is asked: a filter, then either records (which columns, in which order)
//! or groups (keys, aggregates, order), then a page. Column numbers are the table's, i.e.
//! the dataset's field positions. Lowering ODSQL into a plan is galette-store's job: it
//! produces a plan only for what the engine answers exactly as the SQL path does.

use galette_core::explore::timezone::Zone;

/// A constant a cell is compared with.
#[derive(Clone, Debug, PartialEq)]
pub enum Scalar {
    /// NULL.
    Null,
    /// An integer (also a boolean, 0/1, or a datetime, Unix seconds).
    Int(i64),
    /// A float.
    Double(f64),
    /// Text (also a date, `YYYY-MM-DD`).
    Text(String),
}

/// A comparison operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    /// `=`.
    Eq,
    /// `<>`.
    NotEq,
    /// `<`.
    Lt,
    /// `<=`.
    LtEq,
    /// `>`.
    Gt,
    /// `>=`.
    GtEq,
}

impl CmpOp {
    /// Whether `ordering` (cell against constant) satisfies the operator.
    pub fn holds(self, ordering: std::cmp::Ordering) -> bool {
        use std::cmp::Ordering::{Equal, Greater, Less};
        match self {
            CmpOp::Eq => ordering == Equal,
            CmpOp::NotEq => ordering != Equal,
            CmpOp::Lt => ordering == Less,
            CmpOp::LtEq => ordering != Greater,
            CmpOp::Gt => ordering == Greater,
            CmpOp::GtEq => ordering != Less,
        }
    }
}

/// A condition on a row, with SQL's three-valued logic.
#[derive(Clone, Debug, PartialEq)]
pub enum Predicate {
    /// Always this (a comparison with the null literal is false).
    Const(bool),
    /// `column op value`; NULL where the cell is null.
    Cmp {
        /// The column.
        column: usize,
        /// The operator.
        op: CmpOp,
        /// The constant.
        value: Scalar,
    },
    /// `column IN (values)`: NULL where the cell is null, or where nothing matched and a
    /// value is NULL.
    In {
        /// The column.
        column: usize,
        /// The candidates.
        values: Vec<Scalar>,
    },
    /// The text cell begins with `prefix` (a date refined to a year or a month); NULL where
    /// the cell is null.
    StartsWith {
        /// The column.
        column: usize,
        /// The beginning.
        prefix: String,
    },
    /// A word in a text cell, as the SQL path's word search finds it (see [`crate::text`]).
    Word {
        /// The column.
        column: usize,
        /// The word: lower-cased letters and digits.
        word: String,
        /// Whether a cell's word may continue past it (the last word of a search).
        prefix: bool,
        /// How the cell is read.
        haystack: Haystack,
    },
    /// `column IS NULL`.
    IsNull {
        /// The column.
        column: usize,
    },
    /// The row with this record id.
    RowId(i64),
    /// All of them.
    And(Vec<Predicate>),
    /// Any of them.
    Or(Vec<Predicate>),
    /// The negation.
    Not(Box<Predicate>),
}

/// How a word search reads a text cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Haystack {
    /// `' ' || lower(cell) || ' '`, as `like` and `search(field, …)` read it; NULL where the
    /// cell is null.
    Lowered(Fold),
    /// The cell's words as the `words` column holds them (runs of letters and digits, each
    /// lower-cased at import), as a bare search reads them; false, not NULL, where the
    /// cell is null (the row then has no words from it).
    Words,
}

/// How the database's `lower()` lower-cases text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fold {
    /// ASCII letters only: SQLite's.
    Ascii,
    /// PostgreSQL's, which follows its database's ctype: ASCII letters only (`C`), each
    /// character's simple mapping (a C library's `towlower`, the builtin provider), or full
    /// mappings (ICU). A cell whose verdict depends on which one gives the plan up
    /// ([`crate::ExecError::Undecided`]), and the SQL path answers.
    Ctype,
}

/// A record's output column.
#[derive(Clone, Debug, PartialEq)]
pub enum RecordOutput {
    /// A column's cell.
    Column(usize),
    /// The record id, as an integer.
    RowId,
}

/// One key of a records order: a column, nulls last in both directions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OrderKey {
    /// The column.
    pub column: usize,
    /// Descending.
    pub descending: bool,
}

/// An aggregate over a group's rows.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Aggregate {
    /// `count(*)`.
    CountStar,
    /// `count(column)`: non-null cells.
    Count(usize),
    /// `count(distinct column)`: distinct non-null cells (-0.0 and 0.0 are one).
    CountDistinct(usize),
    /// `percentile(column, 100 * fraction)`, `median(column)`: a float, interpolated
    /// linearly between the non-null cells of ranks `⌊fraction · (n − 1)⌋` and the next, as
    /// the SQL path computes it; NULL when there are none.
    Percentile {
        /// The column, numeric.
        column: usize,
        /// From 0 to 1.
        fraction: f64,
    },
    /// `sum(column)`: NULL when no cell is non-null; integers stay integers.
    Sum(usize),
    /// `avg(column)` as a float.
    Avg(usize),
    /// `min(column)`.
    Min(usize),
    /// `max(column)`.
    Max(usize),
}

/// A group's output column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GroupOutput {
    /// The value of key `n`.
    Key(usize),
    /// The value of aggregate `n`.
    Aggregate(usize),
}

/// One key of a groups order, nulls last in both directions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GroupOrder {
    /// What is compared.
    pub by: GroupOutput,
    /// Descending.
    pub descending: bool,
}

/// What rows are grouped by.
#[derive(Clone, Debug, PartialEq)]
pub enum GroupKey {
    /// A column's cell.
    Column(usize),
    /// `range(column, …)`: the bucket of a numeric column's cell, written as its label
    /// (`[0, 50[`), ordered by its low bound, NULL where the cell is null or in no bucket.
    Range {
        /// The column.
        column: usize,
        /// Its buckets.
        buckets: Buckets,
    },
}

/// The buckets of a `range()` key, as the SQL path computes them.
#[derive(Clone, Debug, PartialEq)]
pub enum Buckets {
    /// An integer column by an integer width: `[low, low + width[`, where `low` is the
    /// cell divided by the width rounded down, times the width.
    IntWidth(i64),
    /// A float width (or a float column): `low = ⌊cell / width⌋ · width` in floats, the
    /// bounds written as the databases write floats (`[0.0, 2.5[`).
    FloatWidth(f64),
    /// Fixed bounds, in order: the low one included, the high one not, `None` an open end;
    /// each with its label.
    Fixed(Vec<(Option<f64>, Option<f64>, String)>),
}

/// A grouped (or aggregate-only, when `keys` is empty) query.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupPlan {
    /// The grouping keys.
    pub keys: Vec<GroupKey>,
    /// The aggregates computed per group (some may serve only the order).
    pub aggregates: Vec<Aggregate>,
    /// Output columns: name and source.
    pub outputs: Vec<(String, GroupOutput)>,
    /// The order asked for; the keys ascending follow it.
    pub order: Vec<GroupOrder>,
}

/// What is answered.
#[derive(Clone, Debug, PartialEq)]
pub enum Shape {
    /// Rows: output columns (name and source), then the order asked for (record id
    /// ascending follows it).
    Records {
        /// Output columns.
        outputs: Vec<(String, RecordOutput)>,
        /// The order.
        order: Vec<OrderKey>,
    },
    /// Groups.
    Groups(GroupPlan),
}

/// A whole query.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    /// Conditions, all of which must hold.
    pub filter: Vec<Predicate>,
    /// Records or groups.
    pub shape: Shape,
    /// Rows (or groups) answered at most; `None`: all.
    pub limit: Option<u64>,
    /// Rows (or groups) skipped.
    pub offset: u64,
    /// The zone datetimes are written in.
    pub zone: Zone,
}
