//! Groups: rows are assigned to their group in the filter's pass (through a dense array
//! when the single key is a text column's dictionary code, through a hash map otherwise),
//! each group's aggregates accumulate as the rows arrive, then the groups are ordered as
//! asked, keys ascending after, nulls last, and paged.

use crate::cell::{compare, json};
use crate::column::{Column, Data};
use crate::filter::Source;
use crate::keys::{Key, KeyValue, cell_bits};
use crate::plan::{Aggregate, GroupOrder, GroupOutput, GroupPlan, Plan};
use crate::table::Table;
use crate::{ExecError, Page, Row};
use serde_json::Value;
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

/// One aggregate's running state.
#[derive(Clone, Debug)]
enum Acc {
    Count(i64),
    /// The distinct non-null cells so far, as [`cell_bits`].
    Distinct(HashSet<u64>),
    /// The non-null cells so far, as floats (a percentile's).
    Values(Vec<f64>),
    SumInt(Option<i64>),
    SumDouble(Option<f64>),
    Avg {
        sum: f64,
        n: i64,
    },
    /// The row holding the smallest (or largest) non-null cell so far.
    Best(Option<usize>),
}

/// A group: its key, its first row (which holds its key cells) and its aggregates.
struct Group {
    key: Vec<Option<u64>>,
    first: usize,
    accs: Vec<Acc>,
}

/// An aggregate's result, ordered and written like the SQL path's.
#[derive(Clone, Copy, Debug)]
enum Out {
    Null,
    Int(i64),
    Double(f64),
    /// The cell of this row in this column (min/max).
    Cell(usize, usize),
}

/// Answers a grouped or aggregate-only plan.
pub fn run(
    table: &Table,
    plan: &Plan,
    source: Source<'_>,
    groups: &GroupPlan,
) -> Result<Page, ExecError> {
    let keys: Vec<Key<'_>> = groups
        .keys
        .iter()
        .map(|k| Key::new(table, k))
        .collect::<Result<_, _>>()?;
    let fresh = initial(table, &groups.aggregates)?;
    // Each part groups its own rows; the parts' groups are then merged, in part order so
    // that a group's first row stays its first.
    let found = crate::on_parts(&crate::parts(table.rows()), |range| {
        collect(table, source, groups, &keys, &fresh, range)
    })?;
    let mut all: Vec<Group> = Vec::new();
    let mut slots: HashMap<Vec<Option<u64>>, usize> = HashMap::new();
    for part in found {
        for group in part {
            match slots.get(&group.key) {
                Some(index) => {
                    if let Some(into) = all.get_mut(*index) {
                        merge(table, &groups.aggregates, &mut into.accs, &group.accs)?;
                    }
                }
                None => {
                    slots.insert(group.key.clone(), all.len());
                    all.push(group);
                }
            }
        }
    }
    if keys.is_empty() && all.is_empty() {
        // An aggregate over no row is still one row (count 0, sums null).
        all.push(Group {
            key: Vec::new(),
            first: 0,
            accs: fresh.clone(),
        });
    }
    let results: Vec<Vec<Out>> = all
        .iter_mut()
        .map(|g| finish(table, &groups.aggregates, &mut g.accs))
        .collect();
    let values: Vec<Vec<KeyValue>> = all
        .iter()
        .map(|g| keys.iter().map(|k| k.value(g.first)).collect())
        .collect::<Result<_, _>>()?;
    let mut order: Vec<usize> = (0..all.len()).collect();
    order.sort_by(|a, b| ordering(table, groups, &keys, &values, &results, *a, *b));
    let total = all.len() as u64;
    let skip = usize::try_from(plan.offset).unwrap_or(usize::MAX);
    let take = plan
        .limit
        .map_or(usize::MAX, |l| usize::try_from(l).unwrap_or(usize::MAX));
    let mut rows = Vec::new();
    for index in order.into_iter().skip(skip).take(take) {
        let (Some(value), Some(result)) = (values.get(index), results.get(index)) else {
            continue;
        };
        rows.push(row(table, plan, groups, &keys, value, result)?);
    }
    Ok(Page { total, rows })
}

/// The groups of the matching rows of `range`, in order of first appearance.
fn collect(
    table: &Table,
    source: Source<'_>,
    groups: &GroupPlan,
    keys: &[Key<'_>],
    fresh: &[Acc],
    range: std::ops::Range<usize>,
) -> Result<Vec<Group>, ExecError> {
    let mut all: Vec<Group> = Vec::new();
    let mut failure = None;
    let mut key_failure = None;
    // A single text column: its dictionary codes.
    let dictionary = match keys {
        [key] if key.is_column() => match &key.column.data {
            Data::Dict { codes, values } => Some((key.column, codes, values)),
            _ => None,
        },
        _ => None,
    };
    let mut add = |all: &mut Vec<Group>,
                   slot: Option<usize>,
                   row: usize,
                   key: &dyn Fn() -> Vec<Option<u64>>|
     -> usize {
        let index = slot.unwrap_or_else(|| {
            all.push(Group {
                key: key(),
                first: row,
                accs: fresh.to_vec(),
            });
            all.len() - 1
        });
        if let Some(group) = all.get_mut(index)
            && let Err(e) = accumulate(table, &groups.aggregates, &mut group.accs, row)
        {
            failure = Some(e);
        }
        index
    };
    match (keys, dictionary) {
        ([], _) => {
            source.each_in(table, range.clone(), |row| {
                let slot = if all.is_empty() { None } else { Some(0) };
                add(&mut all, slot, row, &Vec::new);
            })?;
        }
        (_, Some((key, codes, values))) => {
            // One slot per dictionary code, and a last one for null.
            let mut slots: Vec<Option<usize>> = vec![None; values.len() + 1];
            source.each_in(table, range.clone(), |row| {
                let code = (!key.is_null(row)).then(|| codes.get(row)).flatten();
                let at = code.map_or(values.len(), |c| c as usize);
                let key = || vec![code.map(u64::from)];
                if let Some(slot) = slots.get_mut(at) {
                    *slot = Some(add(&mut all, *slot, row, &key));
                }
            })?;
        }
        _ => {
            let mut slots: HashMap<Vec<Option<u64>>, usize> = HashMap::new();
            source.each_in(table, range.clone(), |row| {
                let key: Vec<Option<u64>> = match keys.iter().map(|k| k.bits(row)).collect() {
                    Ok(key) => key,
                    Err(e) => {
                        key_failure = Some(e);
                        return;
                    }
                };
                let slot = slots.get(&key).copied();
                let index = add(&mut all, slot, row, &|| key.clone());
                if slot.is_none() {
                    slots.insert(key, index);
                }
            })?;
        }
    }
    match failure.or(key_failure) {
        Some(e) => Err(e),
        None => Ok(all),
    }
}

/// Adds a later part's aggregates of a group into an earlier part's.
fn merge(
    table: &Table,
    aggregates: &[Aggregate],
    into: &mut [Acc],
    from: &[Acc],
) -> Result<(), ExecError> {
    for ((aggregate, a), b) in aggregates.iter().zip(into.iter_mut()).zip(from) {
        match (a, b) {
            (Acc::Count(x), Acc::Count(y)) => *x += y,
            (Acc::Distinct(x), Acc::Distinct(y)) => x.extend(y),
            (Acc::Values(x), Acc::Values(y)) => x.extend(y),
            (Acc::SumInt(x), Acc::SumInt(Some(y))) => {
                *x = Some(x.unwrap_or(0).checked_add(*y).ok_or(ExecError::Overflow)?);
            }
            (Acc::SumDouble(x), Acc::SumDouble(Some(y))) => *x = Some(x.unwrap_or(0.0) + y),
            (Acc::Avg { sum, n }, Acc::Avg { sum: s, n: m }) => {
                *sum += s;
                *n += m;
            }
            (Acc::Best(x), Acc::Best(Some(y))) => {
                let (Aggregate::Min(c) | Aggregate::Max(c)) = aggregate else {
                    continue;
                };
                let column = table.column(*c)?;
                let wanted = if matches!(aggregate, Aggregate::Min(_)) {
                    Ordering::Less
                } else {
                    Ordering::Greater
                };
                if x.is_none_or(|x| compare(column, *y, x) == wanted) {
                    *x = Some(*y);
                }
            }
            _ => {}
        }
    }
    Ok(())
}

fn initial(table: &Table, aggregates: &[Aggregate]) -> Result<Vec<Acc>, ExecError> {
    aggregates
        .iter()
        .map(|a| {
            Ok(match a {
                Aggregate::CountStar | Aggregate::Count(_) => Acc::Count(0),
                Aggregate::CountDistinct(_) => Acc::Distinct(HashSet::new()),
                Aggregate::Percentile { column, .. } => match table.column(*column)?.data {
                    Data::Int(_) | Data::Double(_) => Acc::Values(Vec::new()),
                    _ => {
                        return Err(ExecError::Mismatch(
                            "a percentile of a column that is not numeric",
                        ));
                    }
                },
                Aggregate::Sum(c) => match table.column(*c)?.data {
                    Data::Int(_) => Acc::SumInt(None),
                    Data::Double(_) => Acc::SumDouble(None),
                    _ => return Err(ExecError::Mismatch("a sum of a column that is not numeric")),
                },
                Aggregate::Avg(c) => match table.column(*c)?.data {
                    Data::Int(_) | Data::Double(_) => Acc::Avg { sum: 0.0, n: 0 },
                    _ => {
                        return Err(ExecError::Mismatch(
                            "an average of a column that is not numeric",
                        ));
                    }
                },
                Aggregate::Min(_) | Aggregate::Max(_) => Acc::Best(None),
            })
        })
        .collect()
}

fn number(column: &Column, row: usize) -> f64 {
    match &column.data {
        Data::Int(v) => v.get(row).map_or(0.0, |x| x as f64),
        Data::Double(v) => v.get(row).copied().unwrap_or(0.0),
        _ => 0.0,
    }
}

fn accumulate(
    table: &Table,
    aggregates: &[Aggregate],
    accs: &mut [Acc],
    row: usize,
) -> Result<(), ExecError> {
    for (aggregate, acc) in aggregates.iter().zip(accs.iter_mut()) {
        let column = match aggregate {
            Aggregate::CountStar => {
                if let Acc::Count(n) = acc {
                    *n += 1;
                }
                continue;
            }
            Aggregate::Count(c)
            | Aggregate::CountDistinct(c)
            | Aggregate::Percentile { column: c, .. }
            | Aggregate::Sum(c)
            | Aggregate::Avg(c)
            | Aggregate::Min(c)
            | Aggregate::Max(c) => table.column(*c)?,
        };
        if column.is_null(row) {
            continue;
        }
        match (aggregate, acc) {
            (_, Acc::Count(n)) => *n += 1,
            (_, Acc::Distinct(seen)) => {
                seen.extend(cell_bits(column, row));
            }
            (_, Acc::Values(values)) => values.push(number(column, row)),
            (_, Acc::SumInt(sum)) => {
                let Data::Int(v) = &column.data else {
                    return Err(ExecError::Mismatch("an integer sum of another kind"));
                };
                let x = v.get(row).unwrap_or(0);
                *sum = Some(sum.unwrap_or(0).checked_add(x).ok_or(ExecError::Overflow)?);
            }
            (_, Acc::SumDouble(sum)) => *sum = Some(sum.unwrap_or(0.0) + number(column, row)),
            (_, Acc::Avg { sum, n }) => {
                *sum += number(column, row);
                *n += 1;
            }
            (Aggregate::Min(_), Acc::Best(best)) => {
                if best.is_none_or(|b| compare(column, row, b) == Ordering::Less) {
                    *best = Some(row);
                }
            }
            (_, Acc::Best(best)) => {
                if best.is_none_or(|b| compare(column, row, b) == Ordering::Greater) {
                    *best = Some(row);
                }
            }
        }
    }
    Ok(())
}

fn finish(table: &Table, aggregates: &[Aggregate], accs: &mut [Acc]) -> Vec<Out> {
    aggregates
        .iter()
        .zip(accs.iter_mut())
        .map(|(aggregate, acc)| match acc {
            Acc::Count(n) => Out::Int(*n),
            Acc::Distinct(seen) => Out::Int(seen.len() as i64),
            Acc::Values(values) => match aggregate {
                Aggregate::Percentile { fraction, .. } => percentile(values, *fraction),
                _ => Out::Null,
            },
            Acc::SumInt(sum) => sum.map_or(Out::Null, Out::Int),
            Acc::SumDouble(sum) => sum.map_or(Out::Null, Out::Double),
            Acc::Avg { n: 0, .. } => Out::Null,
            Acc::Avg { sum, n } => Out::Double(*sum / *n as f64),
            Acc::Best(best) => match (best, aggregate) {
                (Some(row), Aggregate::Min(c) | Aggregate::Max(c)) if table.column(*c).is_ok() => {
                    Out::Cell(*row, *c)
                }
                _ => Out::Null,
            },
        })
        .collect()
}

/// The percentile at `fraction` (0–1) of `values`, as the SQL path computes it: `position =
/// fraction · (n − 1)`; the values of ranks `⌊position⌋` and the next (the same at the
/// last), and between them `low + (position − ⌊position⌋) · (high − low)`, in that order of
/// float operations.
fn percentile(values: &mut [f64], fraction: f64) -> Out {
    let Some(last) = values.len().checked_sub(1) else {
        return Out::Null;
    };
    let position = fraction * last as f64;
    let whole = position.trunc();
    let (_, low, above) = values.select_nth_unstable_by((whole as usize).min(last), f64::total_cmp);
    let low = *low;
    let high = above.iter().copied().min_by(f64::total_cmp).unwrap_or(low);
    Out::Double(low + (position - whole) * (high - low))
}

/// Orders two aggregate results, nulls last.
fn compare_outs(table: &Table, a: Out, b: Out, descending: bool) -> Ordering {
    let o = match (a, b) {
        (Out::Null, Out::Null) => return Ordering::Equal,
        (Out::Null, _) => return Ordering::Greater,
        (_, Out::Null) => return Ordering::Less,
        (Out::Int(x), Out::Int(y)) => x.cmp(&y),
        (Out::Double(x), Out::Double(y)) => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
        (Out::Int(x), Out::Double(y)) => (x as f64).partial_cmp(&y).unwrap_or(Ordering::Equal),
        (Out::Double(x), Out::Int(y)) => x.partial_cmp(&(y as f64)).unwrap_or(Ordering::Equal),
        (Out::Cell(r1, c), Out::Cell(r2, _)) => match table.column(c) {
            Ok(column) => compare(column, r1, r2),
            Err(_) => Ordering::Equal,
        },
        _ => Ordering::Equal,
    };
    if descending { o.reverse() } else { o }
}

/// The order asked for, then the keys ascending, nulls last.
fn ordering(
    table: &Table,
    groups: &GroupPlan,
    keys: &[Key<'_>],
    values: &[Vec<KeyValue>],
    results: &[Vec<Out>],
    a: usize,
    b: usize,
) -> Ordering {
    let (Some(va), Some(vb)) = (values.get(a), values.get(b)) else {
        return Ordering::Equal;
    };
    // An order asked for compares a range's labels; the keys' own order, its buckets.
    let by_key =
        |k: usize, descending: bool, by_label: bool| match (keys.get(k), va.get(k), vb.get(k)) {
            (Some(key), Some(x), Some(y)) => key.compare(x, y, descending, by_label),
            _ => Ordering::Equal,
        };
    let requested = groups
        .order
        .iter()
        .map(|GroupOrder { by, descending }| match by {
            GroupOutput::Key(k) => by_key(*k, *descending, true),
            GroupOutput::Aggregate(i) => {
                let out = |r: usize| {
                    results
                        .get(r)
                        .and_then(|o| o.get(*i))
                        .copied()
                        .unwrap_or(Out::Null)
                };
                compare_outs(table, out(a), out(b), *descending)
            }
        });
    let keys_ascending = (0..keys.len()).map(|k| by_key(k, false, false));
    requested
        .chain(keys_ascending)
        .find(|o| *o != Ordering::Equal)
        .unwrap_or(Ordering::Equal)
}

fn row(
    table: &Table,
    plan: &Plan,
    groups: &GroupPlan,
    keys: &[Key<'_>],
    values: &[KeyValue],
    result: &[Out],
) -> Result<Row, ExecError> {
    groups
        .outputs
        .iter()
        .map(|(name, output)| {
            let value = match output {
                GroupOutput::Key(k) => match (keys.get(*k), values.get(*k)) {
                    (Some(key), Some(value)) => key.json(value, &plan.zone),
                    _ => return Err(ExecError::Mismatch("no such key")),
                },
                GroupOutput::Aggregate(i) => match result.get(*i) {
                    Some(Out::Null) | None => Value::Null,
                    Some(Out::Int(n)) => Value::from(*n),
                    Some(Out::Double(x)) => Value::from(*x),
                    Some(Out::Cell(r, c)) => json(table.column(*c)?, *r, &plan.zone),
                },
            };
            Ok((name.clone(), value))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::column::Kind;
    use crate::plan::{CmpOp, Predicate, Scalar, Shape};
    use crate::table::TableBuilder;
    use galette_core::explore::timezone::Zone;

    /// Enough rows to be split between threads.
    const ROWS: usize = crate::PARALLEL_FROM_ROWS + 40_000;
    const NAMES: [&str; 5] = ["b", "a", "e", "c", "d"];

    fn cells(i: usize) -> (Option<&'static str>, Option<i64>) {
        let name = (!i.is_multiple_of(17)).then(|| NAMES[(i * 31) % NAMES.len()]);
        let n = (!i.is_multiple_of(11)).then_some((i as i64 * 7919) % 1000 - 500);
        (name, n)
    }

    /// The only row of an aggregate-only plan of `aggregates` over `table`.
    fn aggregate_row(table: &crate::Table, aggregates: Vec<Aggregate>) -> Vec<Value> {
        let outputs = (0..aggregates.len())
            .map(|i| (format!("a{i}"), GroupOutput::Aggregate(i)))
            .collect();
        let plan = Plan {
            filter: Vec::new(),
            shape: Shape::Groups(GroupPlan {
                keys: Vec::new(),
                aggregates,
                outputs,
                order: Vec::new(),
            }),
            limit: None,
            offset: 0,
            zone: Zone::utc(),
        };
        let page = crate::execute(table, &plan).unwrap();
        page.rows[0].iter().map(|(_, v)| v.clone()).collect()
    }

    #[test]
    fn distinct_counts_skip_nulls_and_take_zeros_as_one() {
        let mut b = TableBuilder::new(&[Kind::Double, Kind::Text]);
        for (i, (x, name)) in [
            (Some(0.0), Some("a")),
            (Some(-0.0), Some("b")),
            (None, None),
            (Some(2.5), Some("a")),
            (Some(2.5), None),
        ]
        .into_iter()
        .enumerate()
        {
            b.push_rid(i as i64 + 1).unwrap();
            b.columns_mut()[0].push_double(x).unwrap();
            b.columns_mut()[1].push_text(name).unwrap();
        }
        let table = b.finish().unwrap();
        let row = aggregate_row(
            &table,
            vec![Aggregate::CountDistinct(0), Aggregate::CountDistinct(1)],
        );
        assert_eq!(row, [Value::from(2), Value::from(2)]);
    }

    #[test]
    fn percentiles_interpolate_between_the_rank_below_the_position_and_the_next() {
        let mut b = TableBuilder::new(&[Kind::Int]);
        for (i, n) in [Some(10), None, Some(1), Some(3), Some(2)]
            .into_iter()
            .enumerate()
        {
            b.push_rid(i as i64 + 1).unwrap();
            b.columns_mut()[0].push_int(n).unwrap();
        }
        let table = b.finish().unwrap();
        let at = |fraction| Aggregate::Percentile {
            column: 0,
            fraction,
        };
        let row = aggregate_row(&table, vec![at(0.5), at(0.9), at(0.0), at(1.0)]);
        // Ranks 1, 2, 3, 10: the median is half-way from 2 to 3; the 90th percentile 70 %
        // of the way from 3 to 10 (never rounded to the nearer rank).
        let got: Vec<f64> = row.iter().map(|v| v.as_f64().unwrap()).collect();
        assert_eq!(got, [2.5, 3.0 + (0.9 * 3.0 - 2.0) * 7.0, 1.0, 10.0]);
        // No value: NULL.
        let mut empty = TableBuilder::new(&[Kind::Double]);
        empty.push_rid(1).unwrap();
        empty.columns_mut()[0].push_double(None).unwrap();
        let empty = empty.finish().unwrap();
        let row = aggregate_row(
            &empty,
            vec![
                Aggregate::Percentile {
                    column: 0,
                    fraction: 0.5,
                },
                Aggregate::CountDistinct(0),
            ],
        );
        assert_eq!(row, [Value::Null, Value::from(0)]);
    }

    #[test]
    fn groups_split_between_threads_merge_into_what_one_thread_finds() {
        let mut b = TableBuilder::new(&[Kind::Text, Kind::Int]);
        for i in 0..ROWS {
            let (name, n) = cells(i);
            b.push_rid(i as i64 + 1).unwrap();
            b.columns_mut()[0].push_text(name).unwrap();
            b.columns_mut()[1].push_int(n).unwrap();
        }
        let table = b.finish().unwrap();
        let plan = Plan {
            filter: vec![Predicate::Cmp {
                column: 1,
                op: CmpOp::Gt,
                value: Scalar::Int(-300),
            }],
            shape: Shape::Groups(GroupPlan {
                keys: vec![crate::plan::GroupKey::Column(0)],
                aggregates: vec![
                    Aggregate::CountStar,
                    Aggregate::Sum(1),
                    Aggregate::Min(1),
                    Aggregate::Max(1),
                ],
                outputs: vec![
                    ("name".into(), GroupOutput::Key(0)),
                    ("c".into(), GroupOutput::Aggregate(0)),
                    ("s".into(), GroupOutput::Aggregate(1)),
                    ("lo".into(), GroupOutput::Aggregate(2)),
                    ("hi".into(), GroupOutput::Aggregate(3)),
                ],
                order: vec![GroupOrder {
                    by: GroupOutput::Aggregate(0),
                    descending: true,
                }],
            }),
            limit: None,
            offset: 0,
            zone: Zone::utc(),
        };
        let page = crate::execute(&table, &plan).unwrap();
        let mut expected: HashMap<Option<&str>, (i64, i64, i64, i64)> = HashMap::new();
        for i in 0..ROWS {
            let (name, n) = cells(i);
            let Some(n) = n.filter(|n| *n > -300) else {
                continue;
            };
            let e = expected.entry(name).or_insert((0, 0, i64::MAX, i64::MIN));
            *e = (e.0 + 1, e.1 + n, e.2.min(n), e.3.max(n));
        }
        assert_eq!(page.total, expected.len() as u64);
        let mut previous = i64::MAX;
        for row in &page.rows {
            let name = row[0].1.as_str();
            let (c, s, lo, hi) = expected[&name];
            let got: Vec<i64> = row[1..].iter().map(|(_, v)| v.as_i64().unwrap()).collect();
            assert_eq!(got, [c, s, lo, hi], "{name:?}");
            assert!(c <= previous);
            previous = c;
        }
    }
}
