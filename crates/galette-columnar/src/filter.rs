//! Evaluating a filter: each predicate becomes a three-valued [`Mask`] over a chunk of rows,
//! combined as SQL combines them, and the rows whose verdict is true are handed on in
//! order, counted in the same pass.

#![allow(
    clippy::useless_conversion,
    reason = "one loop per width is written once with with_ints!/with_codes!: for the widest width the conversion is the identity"
)]

use crate::bits::{Mask, WORDS, each_set, test_each};
use crate::column::{Column, Data};
use crate::plan::{CmpOp, Haystack, Predicate, Scalar};
use crate::table::Table;
use crate::widths::Codes;
use crate::{CHUNK, ExecError};
use std::cmp::Ordering;

/// Where a plan's rows come from: its filter, evaluated as the rows are visited, or the
/// rows that filter already matched (shared by plans with the same filter).
#[derive(Clone, Copy, Debug)]
pub enum Source<'a> {
    /// Evaluate these predicates.
    Filter(&'a [Predicate]),
    /// These rows, ascending.
    Rows(&'a [u32]),
}

impl Source<'_> {
    /// Calls `visit` with each row of `range` the source holds, in order; how many.
    pub fn each_in(
        &self,
        table: &Table,
        range: std::ops::Range<usize>,
        mut visit: impl FnMut(usize),
    ) -> Result<u64, ExecError> {
        match self {
            Source::Filter(filter) => each_match_in(table, filter, range, visit),
            Source::Rows(rows) => {
                let low = rows.partition_point(|r| (*r as usize) < range.start);
                let high = rows.partition_point(|r| (*r as usize) < range.end);
                let part = rows.get(low..high).unwrap_or_default();
                for row in part {
                    visit(*row as usize);
                }
                Ok(part.len() as u64)
            }
        }
    }

    /// Whether every row is in.
    pub fn is_everything(&self) -> bool {
        matches!(self, Source::Filter([]))
    }
}

/// The rows where every predicate of `filter` is true, ascending (threads share the scan).
pub fn matching_rows(table: &Table, filter: &[Predicate]) -> Result<Vec<u32>, ExecError> {
    let parts = crate::on_parts(&crate::parts(table.rows()), |range| {
        let mut rows = Vec::new();
        each_match_in(table, filter, range, |row| rows.push(row as u32))?;
        Ok(rows)
    })?;
    Ok(parts.concat())
}

/// Calls `visit` with each row of `range` (whose start is a multiple of [`CHUNK`]) where
/// every predicate of `filter` is true, in row order; returns how many there were.
pub fn each_match_in(
    table: &Table,
    filter: &[Predicate],
    range: std::ops::Range<usize>,
    mut visit: impl FnMut(usize),
) -> Result<u64, ExecError> {
    let filter = filter
        .iter()
        .map(|p| ready(table, p))
        .collect::<Result<Vec<_>, _>>()?;
    let rows = range.end.min(table.rows());
    let mut count = 0u64;
    let mut start = range.start;
    while start < rows {
        let len = CHUNK.min(rows - start);
        let mut verdict = Mask::constant(Some(true)).limit_to(len);
        for predicate in &filter {
            verdict = verdict.and(&eval(table, predicate, start, len)?);
        }
        count += verdict
            .truth
            .iter()
            .map(|w| u64::from(w.count_ones()))
            .sum::<u64>();
        each_set(&verdict.truth, start, &mut visit);
        start += len;
    }
    Ok(count)
}

/// A predicate made ready for the chunks: a test of a text column's cells is decided once
/// per dictionary entry, so that each chunk only looks its codes up.
enum Ready<'a> {
    /// Evaluated as it is, chunk by chunk.
    Leaf(&'a Predicate),
    /// Whether each code's entry passes; a null cell is NULL, or false when `null_is_false`.
    Codes {
        column: &'a Column,
        codes: &'a Codes,
        wanted: Vec<bool>,
        null_is_false: bool,
    },
    And(Vec<Ready<'a>>),
    Or(Vec<Ready<'a>>),
    Not(Box<Ready<'a>>),
}

fn ready<'a>(table: &'a Table, predicate: &'a Predicate) -> Result<Ready<'a>, ExecError> {
    let all = |parts: &'a [Predicate]| -> Result<Vec<Ready<'a>>, ExecError> {
        parts.iter().map(|p| ready(table, p)).collect()
    };
    let dictionary = |column: usize| -> Result<(&'a Column, &'a Codes, &'a [Box<str>]), ExecError> {
        let column = table.column(column)?;
        match &column.data {
            Data::Dict { codes, values } => Ok((column, codes, values.as_slice())),
            _ => Err(ExecError::Mismatch(
                "a text test of a column that is not text",
            )),
        }
    };
    Ok(match predicate {
        Predicate::And(parts) => Ready::And(all(parts)?),
        Predicate::Or(parts) => Ready::Or(all(parts)?),
        Predicate::Not(inner) => Ready::Not(Box::new(ready(table, inner)?)),
        Predicate::StartsWith { column, prefix } => {
            let (column, codes, values) = dictionary(*column)?;
            Ready::Codes {
                column,
                codes,
                wanted: values
                    .iter()
                    .map(|v| v.starts_with(prefix.as_str()))
                    .collect(),
                null_is_false: false,
            }
        }
        Predicate::Word {
            column,
            word,
            prefix,
            haystack,
        } => {
            let (column, codes, values) = dictionary(*column)?;
            Ready::Codes {
                column,
                codes,
                wanted: crate::text::holders(values, word, *prefix, *haystack)?,
                null_is_false: *haystack == Haystack::Words,
            }
        }
        leaf => Ready::Leaf(leaf),
    })
}

/// The verdict of a ready predicate on the `len` rows from `start` (a multiple of
/// [`CHUNK`]).
fn eval(table: &Table, predicate: &Ready<'_>, start: usize, len: usize) -> Result<Mask, ExecError> {
    let mask = match predicate {
        Ready::And(parts) => {
            let mut out = Mask::constant(Some(true));
            for p in parts {
                out = out.and(&eval(table, p, start, len)?);
            }
            out
        }
        Ready::Or(parts) => {
            let mut out = Mask::constant(Some(false));
            for p in parts {
                out = out.or(&eval(table, p, start, len)?);
            }
            out
        }
        Ready::Not(inner) => eval(table, inner, start, len)?.not(),
        Ready::Codes {
            column,
            codes,
            wanted,
            null_is_false,
        } => {
            let hits = crate::with_codes!(codes, codes => test_each(part(codes, start, len), |c| {
                wanted.get(u32::from(c) as usize).copied().unwrap_or(false)
            }));
            if *null_is_false {
                let nulls = column.nulls.chunk(start);
                let mut truth = hits;
                if column.has_nulls {
                    for (t, n) in truth.iter_mut().zip(&nulls) {
                        *t &= !n;
                    }
                }
                definite(truth)
            } else {
                with_nulls(column, start, hits)
            }
        }
        Ready::Leaf(leaf) => eval_leaf(table, leaf, start, len)?,
    };
    Ok(mask.limit_to(len))
}

/// The verdict of a predicate on one column (or none) on the `len` rows from `start`.
fn eval_leaf(
    table: &Table,
    predicate: &Predicate,
    start: usize,
    len: usize,
) -> Result<Mask, ExecError> {
    Ok(match predicate {
        Predicate::Const(value) => Mask::constant(Some(*value)),
        Predicate::RowId(rid) => {
            let rids: Vec<i64> = (start..start + len).map(|r| table.rid(r)).collect();
            definite(test_each(&rids, |v| v == *rid))
        }
        Predicate::IsNull { column } => {
            let column = table.column(*column)?;
            definite(column.nulls.chunk(start))
        }
        // A comparison with the null literal is false, not NULL (explore-api §6).
        Predicate::Cmp {
            value: Scalar::Null,
            ..
        } => Mask::constant(Some(false)),
        Predicate::Cmp { column, op, value } => {
            let column = table.column(*column)?;
            with_nulls(column, start, compare(column, *op, value, start, len)?)
        }
        Predicate::In { column, values } => {
            let column = table.column(*column)?;
            let hits = member(column, values, start, len)?;
            let mut mask = with_nulls(column, start, hits);
            if values.contains(&Scalar::Null) {
                // `x IN (NULL, …)` is NULL, not false, where nothing else matched.
                for (t, u) in mask.truth.iter().zip(mask.unknown.iter_mut()) {
                    *u |= !t;
                }
            }
            mask
        }
        Predicate::And(_)
        | Predicate::Or(_)
        | Predicate::Not(_)
        | Predicate::StartsWith { .. }
        | Predicate::Word { .. } => {
            return Err(ExecError::Mismatch("a predicate that was not made ready"));
        }
    })
}

/// A verdict with no NULL.
fn definite(truth: [u64; WORDS]) -> Mask {
    Mask {
        truth,
        unknown: [0; WORDS],
    }
}

/// `truth`, made NULL where the column's cell is.
fn with_nulls(column: &Column, start: usize, truth: [u64; WORDS]) -> Mask {
    let mask = definite(truth);
    if column.has_nulls {
        mask.with_nulls(&column.nulls.chunk(start))
    } else {
        mask
    }
}

/// The chunk of a vector.
fn part<T>(values: &[T], start: usize, len: usize) -> &[T] {
    values.get(start..start + len).unwrap_or_default()
}

/// Tests `op` between each cell and the constant `k`, with one loop per operator so that
/// each compiles to straight comparisons.
fn ordered<T: Copy, K: Copy + PartialOrd>(
    values: &[T],
    op: CmpOp,
    k: K,
    convert: impl Fn(T) -> K,
) -> [u64; WORDS] {
    match op {
        CmpOp::Eq => test_each(values, |v| convert(v) == k),
        CmpOp::NotEq => test_each(values, |v| convert(v) != k),
        CmpOp::Lt => test_each(values, |v| convert(v) < k),
        CmpOp::LtEq => test_each(values, |v| convert(v) <= k),
        CmpOp::Gt => test_each(values, |v| convert(v) > k),
        CmpOp::GtEq => test_each(values, |v| convert(v) >= k),
    }
}

fn compare(
    column: &Column,
    op: CmpOp,
    value: &Scalar,
    start: usize,
    len: usize,
) -> Result<[u64; WORDS], ExecError> {
    Ok(match (&column.data, value) {
        (_, Scalar::Null) => [0; WORDS],
        (Data::Int(v), Scalar::Int(k)) => {
            crate::with_ints!(v, v => ordered(part(v, start, len), op, *k, i64::from))
        }
        (Data::Int(v), Scalar::Double(k)) => {
            crate::with_ints!(v, v => ordered(part(v, start, len), op, *k, |x| i64::from(x) as f64))
        }
        (Data::Double(v), Scalar::Double(k)) => ordered(part(v, start, len), op, *k, |x| x),
        (Data::Double(v), Scalar::Int(k)) => ordered(part(v, start, len), op, *k as f64, |x| x),
        (Data::Dict { codes, values }, Scalar::Text(text)) => {
            // The codes of the values below `text`, and of those at most `text`.
            let below = values.partition_point(|v| (**v).cmp(text.as_str()) == Ordering::Less);
            let upto = values.partition_point(|v| (**v).cmp(text.as_str()) != Ordering::Greater);
            let (below, upto) = (below as u32, upto as u32);
            crate::with_codes!(codes, codes => {
                let codes = part(codes, start, len);
                match op {
                    CmpOp::Eq => test_each(codes, |c| u32::from(c) >= below && u32::from(c) < upto),
                    CmpOp::NotEq => test_each(codes, |c| u32::from(c) < below || u32::from(c) >= upto),
                    CmpOp::Lt => test_each(codes, |c| u32::from(c) < below),
                    CmpOp::LtEq => test_each(codes, |c| u32::from(c) < upto),
                    CmpOp::Gt => test_each(codes, |c| u32::from(c) >= upto),
                    CmpOp::GtEq => test_each(codes, |c| u32::from(c) >= below),
                }
            })
        }
        _ => return Err(ExecError::Mismatch("a comparison of unlike kinds")),
    })
}

fn member(
    column: &Column,
    candidates: &[Scalar],
    start: usize,
    len: usize,
) -> Result<[u64; WORDS], ExecError> {
    Ok(match &column.data {
        Data::Dict { codes, values } => {
            let mut wanted = vec![false; values.len()];
            for candidate in candidates {
                match candidate {
                    Scalar::Text(text) => {
                        if let Ok(code) = values.binary_search_by(|v| (**v).cmp(text.as_str()))
                            && let Some(slot) = wanted.get_mut(code)
                        {
                            *slot = true;
                        }
                    }
                    Scalar::Null => {}
                    _ => return Err(ExecError::Mismatch("a number among text")),
                }
            }
            crate::with_codes!(codes, codes => test_each(part(codes, start, len), |c| {
                wanted.get(u32::from(c) as usize).copied().unwrap_or(false)
            }))
        }
        Data::Int(v) => {
            let numbers = numbers(candidates)?;
            crate::with_ints!(v, v => test_each(part(v, start, len), |x| {
                let x = i64::from(x);
                numbers.iter().any(|n| match n {
                    Scalar::Int(k) => x == *k,
                    Scalar::Double(k) => x as f64 == *k,
                    _ => false,
                })
            }))
        }
        Data::Double(v) => {
            let numbers = numbers(candidates)?;
            test_each(part(v, start, len), |x| {
                numbers.iter().any(|n| match n {
                    Scalar::Int(k) => x == *k as f64,
                    Scalar::Double(k) => x == *k,
                    _ => false,
                })
            })
        }
        Data::Point { .. } => return Err(ExecError::Mismatch("a point in a list")),
    })
}

/// The numeric candidates of a list (NULL aside).
fn numbers(candidates: &[Scalar]) -> Result<Vec<Scalar>, ExecError> {
    candidates
        .iter()
        .filter(|c| **c != Scalar::Null)
        .map(|c| match c {
            Scalar::Int(_) | Scalar::Double(_) => Ok(c.clone()),
            _ => Err(ExecError::Mismatch("text among numbers")),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::column::Kind;
    use crate::plan::Fold;
    use crate::table::TableBuilder;

    fn table(cells: &[Option<&str>]) -> Table {
        let mut b = TableBuilder::new(&[Kind::Text]);
        for (i, cell) in cells.iter().enumerate() {
            b.push_rid(i as i64 + 1).unwrap();
            b.columns_mut()[0].push_text(*cell).unwrap();
        }
        b.finish().unwrap()
    }

    fn rows(table: &Table, predicate: Predicate) -> Result<Vec<u32>, ExecError> {
        matching_rows(table, &[predicate])
    }

    fn word(word: &str, haystack: Haystack) -> Predicate {
        Predicate::Word {
            column: 0,
            word: word.to_owned(),
            prefix: true,
            haystack,
        }
    }

    #[test]
    fn a_lowered_word_is_null_on_a_null_cell_and_a_row_word_is_false() {
        let table = table(&[Some("Air France"), None, Some("United"), Some("AIR")]);
        let lowered = word("air", Haystack::Lowered(Fold::Ascii));
        assert_eq!(rows(&table, lowered.clone()), Ok(vec![0, 3]));
        // NOT NULL is NULL: the null cell stays out.
        assert_eq!(rows(&table, Predicate::Not(Box::new(lowered))), Ok(vec![2]));
        // A row without words does not hold the word: its negation holds.
        let words = word("air", Haystack::Words);
        assert_eq!(rows(&table, words.clone()), Ok(vec![0, 3]));
        assert_eq!(
            rows(&table, Predicate::Not(Box::new(words))),
            Ok(vec![1, 2])
        );
    }

    #[test]
    fn a_cell_whose_verdict_depends_on_the_database_gives_the_plan_up() {
        let table = table(&[Some("élan"), Some("Élan")]);
        let accented = word("élan", Haystack::Lowered(Fold::Ctype));
        assert!(matches!(
            rows(
                &table,
                Predicate::Or(vec![Predicate::Const(true), accented])
            ),
            Err(ExecError::Undecided(_))
        ));
        assert_eq!(
            rows(&table, word("élan", Haystack::Lowered(Fold::Ascii))),
            Ok(vec![0])
        );
        assert_eq!(
            rows(&table, word("el", Haystack::Lowered(Fold::Ctype))),
            Ok(vec![])
        );
    }

    #[test]
    fn a_prefix_is_decided_once_per_entry_and_null_stays_null() {
        let table = table(&[
            Some("2020-01-05"),
            None,
            Some("2021-03-01"),
            Some("2020-12-31"),
        ]);
        let prefix = Predicate::StartsWith {
            column: 0,
            prefix: "2020".to_owned(),
        };
        assert_eq!(rows(&table, prefix.clone()), Ok(vec![0, 3]));
        assert_eq!(rows(&table, Predicate::Not(Box::new(prefix))), Ok(vec![2]));
    }
}
