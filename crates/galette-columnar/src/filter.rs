//! Evaluating a filter: each predicate becomes a three-valued [`Mask`] over a chunk of rows,
//! combined as SQL combines them, and the rows whose verdict is true are handed on in
//! order, counted in the same pass.

#![allow(
    clippy::useless_conversion,
    reason = "one loop per width is written once with with_ints!/with_codes!: for the widest width the conversion is the identity"
)]

use crate::bits::{Mask, WORDS, each_set, test_each};
use crate::column::{Column, Data};
use crate::plan::{CmpOp, Predicate, Scalar};
use crate::table::Table;
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
    let rows = range.end.min(table.rows());
    let mut count = 0u64;
    let mut start = range.start;
    while start < rows {
        let len = CHUNK.min(rows - start);
        let mut verdict = Mask::constant(Some(true)).limit_to(len);
        for predicate in filter {
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

/// The verdict of `predicate` on the `len` rows from `start` (a multiple of [`CHUNK`]).
fn eval(table: &Table, predicate: &Predicate, start: usize, len: usize) -> Result<Mask, ExecError> {
    let mask = match predicate {
        Predicate::Const(value) => Mask::constant(Some(*value)),
        Predicate::And(parts) => {
            let mut out = Mask::constant(Some(true));
            for p in parts {
                out = out.and(&eval(table, p, start, len)?);
            }
            out
        }
        Predicate::Or(parts) => {
            let mut out = Mask::constant(Some(false));
            for p in parts {
                out = out.or(&eval(table, p, start, len)?);
            }
            out
        }
        Predicate::Not(inner) => eval(table, inner, start, len)?.not(),
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
        Predicate::StartsWith { column, prefix } => {
            let column = table.column(*column)?;
            let Data::Dict { codes, values } = &column.data else {
                return Err(ExecError::Mismatch("a prefix of a column that is not text"));
            };
            let wanted: Vec<bool> = values
                .iter()
                .map(|v| v.starts_with(prefix.as_str()))
                .collect();
            let hits = crate::with_codes!(codes, codes => test_each(part(codes, start, len), |c| {
                wanted.get(u32::from(c) as usize).copied().unwrap_or(false)
            }));
            with_nulls(column, start, hits)
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
    };
    Ok(mask.limit_to(len))
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
