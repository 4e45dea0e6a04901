//! Records: the filter's matches, counted in the same pass; with an order, the page's rows
//! are chosen by selection (only the first `offset + limit` are ever sorted), and only the
//! answered rows are turned into JSON.

use crate::cell::{compare_nulls_last, json};
use crate::filter::each_match;
use crate::plan::{OrderKey, Plan, RecordOutput};
use crate::table::Table;
use crate::{ExecError, Page, Row};
use std::cmp::Ordering;

/// Answers a records plan.
pub fn run(
    table: &Table,
    plan: &Plan,
    outputs: &[(String, RecordOutput)],
    order: &[OrderKey],
) -> Result<Page, ExecError> {
    for key in order {
        table.column(key.column)?;
    }
    let wanted = plan
        .limit
        .map(|l| usize::try_from(plan.offset.saturating_add(l)).unwrap_or(usize::MAX));
    let mut rows: Vec<u32> = Vec::new();
    let total = if order.is_empty() {
        // Record id order is row order: the first matches are the page.
        each_match(table, &plan.filter, |row| {
            if wanted.is_none_or(|w| rows.len() < w) {
                rows.push(row as u32);
            }
        })?
    } else {
        let total = each_match(table, &plan.filter, |row| rows.push(row as u32))?;
        let by = |a: &u32, b: &u32| ordering(table, order, *a as usize, *b as usize);
        if let Some(w) = wanted.filter(|w| *w > 0 && *w < rows.len()) {
            rows.select_nth_unstable_by(w - 1, by);
            rows.truncate(w);
        }
        rows.sort_unstable_by(by);
        total
    };
    let skip = usize::try_from(plan.offset).unwrap_or(usize::MAX);
    let take = wanted.map_or(usize::MAX, |w| w.saturating_sub(skip));
    let mut page = Vec::new();
    for row in rows.into_iter().skip(skip).take(take) {
        page.push(record(table, plan, outputs, row as usize)?);
    }
    Ok(Page { total, rows: page })
}

/// The requested order, then record id (row order).
fn ordering(table: &Table, order: &[OrderKey], a: usize, b: usize) -> Ordering {
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
