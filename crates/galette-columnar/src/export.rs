//! Every row a records plan answers, in its order, for exports: the rows are chosen and
//! ordered as [`crate::records`] chooses a page (filter, then the order with the record id
//! breaking ties, then offset and limit), but only their row numbers are returned — four
//! bytes a row — and the caller writes each cell straight into its format through
//! [`crate::cell::get`], never building the answer as JSON.
//!
//! With an order and no limit this is a full sort of the matches (one key: their sort keys,
//! sixteen bytes a match while sorting; several keys: the row numbers, compared column by
//! column); with a limit, only the first `offset + limit` are sorted.

use crate::filter::Source;
use crate::plan::{OrderKey, Plan, Shape};
use crate::records::{ordering, sort_key};
use crate::table::Table;
use crate::{ExecError, on_parts, parts};

/// The table rows `plan` (a records plan) answers, in order, after its offset and within its
/// limit.
pub fn ordered_rows(table: &Table, plan: &Plan) -> Result<Vec<u32>, ExecError> {
    let Shape::Records { order, .. } = &plan.shape else {
        return Err(ExecError::Mismatch("an export of groups"));
    };
    for key in order {
        table.column(key.column)?;
    }
    let source = Source::Filter(&plan.filter);
    let wanted = plan
        .limit
        .map(|l| usize::try_from(plan.offset.saturating_add(l)).unwrap_or(usize::MAX));
    let mut rows = match order.as_slice() {
        [] => in_row_order(table, source, wanted)?,
        [key] => by_one_key(table, source, *key, wanted)?,
        keys => by_keys(table, source, keys, wanted)?,
    };
    let skip = usize::try_from(plan.offset)
        .unwrap_or(usize::MAX)
        .min(rows.len());
    rows.drain(..skip);
    Ok(rows)
}

/// The first `wanted` matches (all of them when `None`) in row order.
fn in_row_order(
    table: &Table,
    source: Source<'_>,
    wanted: Option<usize>,
) -> Result<Vec<u32>, ExecError> {
    let found = on_parts(&parts(table.rows()), |range| {
        let mut rows = Vec::new();
        source.each_in(table, range, |row| {
            if wanted.is_none_or(|w| rows.len() < w) {
                rows.push(row as u32);
            }
        })?;
        Ok(rows)
    })?;
    let mut rows = found.concat();
    if let Some(w) = wanted {
        rows.truncate(w);
    }
    Ok(rows)
}

/// The first `wanted` matches by one key: the non-null cells as (key, row) pairs, which
/// sort as plain integers, then the null cells, which come last in row order.
fn by_one_key(
    table: &Table,
    source: Source<'_>,
    key: OrderKey,
    wanted: Option<usize>,
) -> Result<Vec<u32>, ExecError> {
    let column = table.column(key.column)?;
    let found = on_parts(&parts(table.rows()), |range| {
        let mut keyed: Vec<(u64, u32)> = Vec::new();
        let mut nulls: Vec<u32> = Vec::new();
        source.each_in(table, range, |row| {
            let (null, k) = sort_key(column, row, key.descending);
            if null {
                nulls.push(row as u32);
            } else {
                keyed.push((k, row as u32));
            }
        })?;
        // Each part keeps only what could be among the first `wanted`.
        keep_first(&mut keyed, wanted);
        keyed.sort_unstable();
        Ok((keyed, nulls))
    })?;
    let mut keyed = Vec::new();
    let mut nulls = Vec::new();
    let several = found.len() > 1;
    for (k, n) in found {
        keyed.extend(k);
        nulls.extend(n);
    }
    if several {
        keep_first(&mut keyed, wanted);
        // A stable sort merges the parts' sorted runs (no two pairs are equal).
        keyed.sort();
    }
    if let Some(w) = wanted {
        nulls.truncate(w.saturating_sub(keyed.len()));
    }
    let mut rows: Vec<u32> = keyed.into_iter().map(|(_, row)| row).collect();
    rows.extend(nulls);
    Ok(rows)
}

/// Keeps the `wanted` smallest pairs (in no particular order).
fn keep_first(pairs: &mut Vec<(u64, u32)>, wanted: Option<usize>) {
    match wanted {
        Some(0) => pairs.clear(),
        Some(w) if w < pairs.len() => {
            pairs.select_nth_unstable(w - 1);
            pairs.truncate(w);
        }
        _ => {}
    }
}

/// The first `wanted` matches by several keys, compared column by column.
fn by_keys(
    table: &Table,
    source: Source<'_>,
    order: &[OrderKey],
    wanted: Option<usize>,
) -> Result<Vec<u32>, ExecError> {
    let mut rows = on_parts(&parts(table.rows()), |range| {
        let mut rows = Vec::new();
        source.each_in(table, range, |row| rows.push(row as u32))?;
        Ok(rows)
    })?
    .concat();
    let by = |a: &u32, b: &u32| ordering(table, order, *a as usize, *b as usize);
    match wanted {
        Some(0) => rows.clear(),
        Some(w) if w < rows.len() => {
            rows.select_nth_unstable_by(w - 1, by);
            rows.truncate(w);
        }
        _ => {}
    }
    rows.sort_unstable_by(by);
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cell;
    use crate::column::Kind;
    use crate::plan::{CmpOp, Predicate, RecordOutput, Scalar};
    use crate::table::TableBuilder;
    use galette_core::explore::timezone::Zone;

    /// Enough rows to be split between threads.
    const ROWS: usize = crate::PARALLEL_FROM_ROWS + 30_000;

    fn table() -> Table {
        let mut b = TableBuilder::new(&[Kind::Int, Kind::Text]);
        for i in 0..ROWS {
            b.push_rid(i as i64 * 2 + 1).unwrap();
            let n = (!i.is_multiple_of(11)).then_some((i as i64 * 7919) % 300 - 150);
            b.columns_mut()[0].push_int(n).unwrap();
            let t = ["b", "a", "c"][i % 3];
            b.columns_mut()[1]
                .push_text((!i.is_multiple_of(17)).then_some(t))
                .unwrap();
        }
        b.finish().unwrap()
    }

    fn plan(order: Vec<OrderKey>, limit: Option<u64>, offset: u64) -> Plan {
        Plan {
            filter: vec![Predicate::Not(Box::new(Predicate::Cmp {
                column: 0,
                op: CmpOp::Eq,
                value: Scalar::Int(3),
            }))],
            shape: Shape::Records {
                outputs: vec![("rid".into(), RecordOutput::RowId)],
                order,
            },
            limit,
            offset,
            zone: Zone::utc(),
        }
    }

    /// The export's rows are the pages' rows, whatever the order, limit and offset; all of
    /// them are every match sorted as SQL sorts them (nulls last, then record id).
    #[test]
    fn the_rows_of_an_export_are_those_of_the_records_path() {
        let table = table();
        let n = |descending| OrderKey {
            column: 0,
            descending,
        };
        let t = |descending| OrderKey {
            column: 1,
            descending,
        };
        let orders = [
            vec![],
            vec![n(false)],
            vec![n(true)],
            vec![t(true), n(false)],
        ];
        for order in orders {
            let all = ordered_rows(&table, &plan(order.clone(), None, 0)).unwrap();
            // `not (n = 3)`: null where n is null, so those rows are out.
            let column = table.column(0).unwrap();
            let mut expected: Vec<u32> = (0..ROWS as u32)
                .filter(|r| matches!(cell::get(column, *r as usize), cell::Cell::Int(v) if v != 3))
                .collect();
            expected.sort_by(|a, b| ordering(&table, &order, *a as usize, *b as usize));
            assert!(all == expected, "{order:?}");
            for (limit, offset) in [
                (None, 777),
                (Some(0), 0),
                (Some(10), 5),
                (Some(5_000), 200_000),
            ] {
                let plan = plan(order.clone(), limit, offset);
                let rows = ordered_rows(&table, &plan).unwrap();
                let slice: Vec<u32> = all
                    .iter()
                    .skip(offset as usize)
                    .take(limit.map_or(usize::MAX, |l| l as usize))
                    .copied()
                    .collect();
                assert!(rows == slice, "{order:?} {limit:?} {offset}");
                if limit.is_some() {
                    let page = crate::execute(&table, &plan).unwrap();
                    let rids: Vec<i64> =
                        page.rows.iter().map(|r| r[0].1.as_i64().unwrap()).collect();
                    let got: Vec<i64> = rows.iter().map(|r| table.rid(*r as usize)).collect();
                    assert_eq!(got, rids, "{order:?} {limit:?} {offset}");
                }
            }
        }
    }

    #[test]
    fn a_plan_of_groups_is_not_an_export_of_rows() {
        let table = table();
        let mut plan = plan(Vec::new(), None, 0);
        plan.shape = Shape::Groups(crate::plan::GroupPlan {
            keys: vec![crate::plan::GroupKey::Column(1)],
            aggregates: Vec::new(),
            outputs: Vec::new(),
            order: Vec::new(),
        });
        assert!(ordered_rows(&table, &plan).is_err());
    }
}
