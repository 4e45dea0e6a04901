//! Records: the filter's matches, counted in the same pass; with an order, the page's rows
//! are chosen by selection (only the first `offset + limit` are ever sorted), and only the
//! answered rows are turned into JSON.

use crate::cell::{compare_nulls_last, json};
use crate::column::{Column, Data};
use crate::filter::Source;
use crate::plan::{OrderKey, Plan, RecordOutput};
use crate::table::Table;
use crate::{ExecError, Page, Row};
use std::cmp::Ordering;

/// Answers a records plan.
pub fn run(
    table: &Table,
    plan: &Plan,
    source: Source<'_>,
    outputs: &[(String, RecordOutput)],
    order: &[OrderKey],
) -> Result<Page, ExecError> {
    for key in order {
        table.column(key.column)?;
    }
    let wanted = plan
        .limit
        .map(|l| usize::try_from(plan.offset.saturating_add(l)).unwrap_or(usize::MAX));
    let by = |a: &u32, b: &u32| ordering(table, order, *a as usize, *b as usize);
    // Keeps the first `wanted` rows in the requested order (all of them when there is no
    // limit).
    let keep = |rows: &mut Vec<u32>| {
        if order.is_empty() {
            if let Some(w) = wanted {
                rows.truncate(w);
            }
            return;
        }
        if let Some(w) = wanted.filter(|w| *w > 0 && *w < rows.len()) {
            rows.select_nth_unstable_by(w - 1, by);
            rows.truncate(w);
        }
    };
    // No filter and no order: the page is rows offset.., and every row counts.
    if source.is_everything() && order.is_empty() {
        let skip = usize::try_from(plan.offset).unwrap_or(usize::MAX);
        let end = wanted.unwrap_or(usize::MAX).min(table.rows());
        let page = (skip.min(end)..end)
            .map(|row| record(table, plan, outputs, row))
            .collect::<Result<_, _>>()?;
        return Ok(Page {
            total: table.rows() as u64,
            rows: page,
        });
    }
    if let [key] = order {
        let (total, rows) = top_by_key(table, source, *key, wanted)?;
        return page_of(table, plan, outputs, total, rows, wanted);
    }
    // Each part keeps its own first rows; the page is among them.
    let found = crate::on_parts(&crate::parts(table.rows()), |range| {
        let mut rows: Vec<u32> = Vec::new();
        let total = source.each_in(table, range, |row| {
            // Without an order, the first matches are the page: no need to keep more.
            if !order.is_empty() || wanted.is_none_or(|w| rows.len() < w) {
                rows.push(row as u32);
            }
        })?;
        keep(&mut rows);
        Ok((total, rows))
    })?;
    let total = found.iter().map(|(t, _)| t).sum();
    let mut rows: Vec<u32> = found.into_iter().flat_map(|(_, r)| r).collect();
    keep(&mut rows);
    if !order.is_empty() {
        rows.sort_unstable_by(by);
    }
    page_of(table, plan, outputs, total, rows, wanted)
}

/// The page from the first `wanted` rows in order.
fn page_of(
    table: &Table,
    plan: &Plan,
    outputs: &[(String, RecordOutput)],
    total: u64,
    rows: Vec<u32>,
    wanted: Option<usize>,
) -> Result<Page, ExecError> {
    let skip = usize::try_from(plan.offset).unwrap_or(usize::MAX);
    let take = wanted.map_or(usize::MAX, |w| w.saturating_sub(skip));
    let mut page = Vec::new();
    for row in rows.into_iter().skip(skip).take(take) {
        page.push(record(table, plan, outputs, row as usize)?);
    }
    Ok(Page { total, rows: page })
}

/// A row's place under one order key: nulls after every value in both directions, then
/// the value as an unsigned integer in the key's direction; ties are then broken by row.
pub(crate) fn sort_key(column: &Column, row: usize, descending: bool) -> (bool, u64) {
    if column.is_null(row) {
        return (true, 0);
    }
    let key = match &column.data {
        Data::Int(v) => (v.get(row).unwrap_or_default() as u64) ^ (1 << 63),
        Data::Double(v) => {
            // -0.0 and 0.0 are equal in SQL: one key.
            let bits = (v.get(row).copied().unwrap_or_default() + 0.0).to_bits();
            if bits >> 63 == 1 {
                !bits
            } else {
                bits | (1 << 63)
            }
        }
        Data::Dict { codes, .. } => u64::from(codes.get(row).unwrap_or_default()),
        Data::Point { .. } => 0,
    };
    (false, if descending { !key } else { key })
}

/// The rows of `source` and their number, the first `wanted` of them by `key`: each part
/// selects its own from (null, key, row) triples, which compare as plain integers.
fn top_by_key(
    table: &Table,
    source: Source<'_>,
    key: OrderKey,
    wanted: Option<usize>,
) -> Result<(u64, Vec<u32>), ExecError> {
    let column = table.column(key.column)?;
    let keep = |pairs: &mut Vec<((bool, u64), u32)>| {
        if let Some(w) = wanted.filter(|w| *w > 0 && *w < pairs.len()) {
            pairs.select_nth_unstable(w - 1);
            pairs.truncate(w);
        } else if wanted == Some(0) {
            pairs.clear();
        }
    };
    let found = crate::on_parts(&crate::parts(table.rows()), |range| {
        let mut pairs: Vec<((bool, u64), u32)> = Vec::new();
        let total = source.each_in(table, range, |row| {
            pairs.push((sort_key(column, row, key.descending), row as u32));
        })?;
        keep(&mut pairs);
        Ok((total, pairs))
    })?;
    let total = found.iter().map(|(t, _)| t).sum();
    let mut pairs: Vec<((bool, u64), u32)> = found.into_iter().flat_map(|(_, p)| p).collect();
    keep(&mut pairs);
    pairs.sort_unstable();
    Ok((total, pairs.into_iter().map(|(_, row)| row).collect()))
}

/// The requested order, then record id (row order).
pub(crate) fn ordering(table: &Table, order: &[OrderKey], a: usize, b: usize) -> Ordering {
    for key in order {
        if let Ok(column) = table.column(key.column) {
            let o = compare_nulls_last(column, a, b, key.descending);
            if o != Ordering::Equal {
                return o;
            }
        }
    }
    a.cmp(&b)
}

fn record(
    table: &Table,
    plan: &Plan,
    outputs: &[(String, RecordOutput)],
    row: usize,
) -> Result<Row, ExecError> {
    outputs
        .iter()
        .map(|(name, output)| {
            let value = match output {
                RecordOutput::Column(c) => json(table.column(*c)?, row, &plan.zone),
                RecordOutput::RowId => serde_json::Value::from(table.rid(row)),
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

    fn value(i: usize) -> Option<i64> {
        (!i.is_multiple_of(13)).then_some((i as i64 * 7919) % 1000 - 500)
    }

    fn table() -> Table {
        let mut b = TableBuilder::new(&[Kind::Int]);
        for i in 0..ROWS {
            b.push_rid(i as i64 + 1).unwrap();
            b.columns_mut()[0].push_int(value(i)).unwrap();
        }
        b.finish().unwrap()
    }

    fn plan(descending: bool, ordered: bool, limit: Option<u64>, offset: u64) -> Plan {
        Plan {
            filter: vec![Predicate::Cmp {
                column: 0,
                op: CmpOp::Gt,
                value: Scalar::Int(-100),
            }],
            shape: Shape::Records {
                outputs: vec![("rid".into(), RecordOutput::RowId)],
                order: if ordered {
                    vec![OrderKey {
                        column: 0,
                        descending,
                    }]
                } else {
                    Vec::new()
                },
            },
            limit,
            offset,
            zone: Zone::utc(),
        }
    }

    #[test]
    fn rows_split_between_threads_give_the_page_one_thread_would() {
        assert!(!crate::parts(ROWS).is_empty());
        let table = table();
        let mut matching: Vec<usize> = (0..ROWS)
            .filter(|i| value(*i).is_some_and(|v| v > -100))
            .collect();
        for (descending, ordered, limit, offset) in [
            (true, true, Some(50), 10),
            (false, true, Some(100), 0),
            (false, false, Some(30), 5),
            (true, true, None, 1000),
        ] {
            if ordered {
                matching.sort_by_key(|i| {
                    let v = value(*i).unwrap_or_default();
                    (if descending { -v } else { v }, *i)
                });
            } else {
                matching.sort();
            }
            let expected: Vec<i64> = matching
                .iter()
                .skip(offset as usize)
                .take(limit.map_or(usize::MAX, |l| l as usize))
                .map(|i| *i as i64 + 1)
                .collect();
            let page = crate::execute(&table, &plan(descending, ordered, limit, offset)).unwrap();
            assert_eq!(page.total, matching.len() as u64);
            let got: Vec<i64> = page.rows.iter().map(|r| r[0].1.as_i64().unwrap()).collect();
            assert_eq!(got, expected, "{descending} {ordered} {limit:?} {offset}");
        }
    }

    #[test]
    fn plans_sharing_a_filter_answer_as_each_alone() {
        let table = table();
        let plans = vec![
            plan(true, true, Some(20), 0),
            plan(false, false, Some(5), 3),
            plan(false, true, None, 100),
        ];
        let together = crate::execute_all(&table, &plans);
        for (plan, shared) in plans.iter().zip(together) {
            assert_eq!(shared.unwrap(), crate::execute(&table, plan).unwrap());
        }
    }

    #[test]
    fn one_key_orders_as_the_general_comparison_does_at_the_extremes() {
        let ints = [
            Some(i64::MAX),
            Some(i64::MIN),
            None,
            Some(0),
            Some(-1),
            Some(i64::MAX - 1),
        ];
        let floats = [
            Some(0.0),
            Some(-0.0),
            None,
            Some(1.5),
            Some(-2.0),
            Some(0.0),
        ];
        let mut b = TableBuilder::new(&[Kind::Int, Kind::Double, Kind::Int]);
        for (i, (n, x)) in ints.iter().zip(floats).enumerate() {
            b.push_rid(i as i64 + 1).unwrap();
            b.columns_mut()[0].push_int(*n).unwrap();
            b.columns_mut()[1].push_double(x).unwrap();
            b.columns_mut()[2].push_int(Some(7)).unwrap();
        }
        let table = b.finish().unwrap();
        for column in [0, 1] {
            for descending in [false, true] {
                let ordered = |order: Vec<OrderKey>| {
                    let plan = Plan {
                        filter: Vec::new(),
                        shape: Shape::Records {
                            outputs: vec![("rid".into(), RecordOutput::RowId)],
                            order,
                        },
                        limit: Some(4),
                        offset: 1,
                        zone: Zone::utc(),
                    };
                    crate::execute(&table, &plan).unwrap()
                };
                let key = OrderKey { column, descending };
                let constant = OrderKey {
                    column: 2,
                    descending: false,
                };
                assert_eq!(
                    ordered(vec![key]),
                    ordered(vec![key, constant]),
                    "{column} {descending}"
                );
            }
        }
    }
}
