//! The explorer's histogram of a numeric column, drawn on the server as SVG (no script):
//! the rows under the page's filters, counted in about twenty equal ranges with ODSQL's
//! `range()`, so the chart and the API agree.

use galette_core::dataset::FieldType;
use galette_core::explore::odsql::{Expr, GroupItem, Literal, SelectItem, SelectList};
use galette_store::explore::{QueryError, RecordsQuery};
use galette_store::{Dataset, Store, StoreError};
use serde::Serialize;

/// Bars aimed at (the width is rounded to 1, 2 or 5 × a power of ten).
const TARGET_BARS: f64 = 20.0;
/// Drawing size in SVG units.
const WIDTH: f64 = 600.0;
const HEIGHT: f64 = 180.0;

/// A histogram ready for the template.
#[derive(Debug, Serialize)]
pub struct Histogram {
    /// Field name and label.
    pub field: String,
    pub label: String,
    /// The bars, left to right.
    pub bars: Vec<Bar>,
    /// Rows without a value (not drawn).
    pub nulls: u64,
    /// Lowest and highest bounds, for the axis.
    pub from: String,
    pub to: String,
}

/// One bar: its range label, its count and its rectangle.
#[derive(Debug, Serialize)]
pub struct Bar {
    pub range: String,
    pub count: u64,
    pub x: String,
    pub y: String,
    pub width: String,
    pub height: String,
}

/// Whether a field can be charted.
pub fn is_chartable(field_type: FieldType) -> bool {
    matches!(field_type, FieldType::Int | FieldType::Double)
}

fn call(name: &str, args: Vec<Expr>) -> Expr {
    Expr::Call {
        name: name.to_owned(),
        args,
        distinct: false,
    }
}

fn item(expr: Expr, alias: &str) -> SelectItem {
    SelectItem {
        expr,
        alias: Some(alias.to_owned()),
        text: alias.to_owned(),
    }
}

/// A width near `span / TARGET_BARS` among 1, 2, 5 × 10ⁿ (whole for integer fields).
fn nice_width(span: f64, whole: bool) -> f64 {
    let raw = (span / TARGET_BARS).max(f64::MIN_POSITIVE);
    let power = 10f64.powf(raw.log10().floor());
    let width = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|w| *w >= raw)
        .unwrap_or(10.0 * power);
    if whole { width.max(1.0).round() } else { width }
}

/// The histogram of `field` over the rows `filters` select; `None` if nothing to draw.
pub async fn histogram(
    store: &Store,
    dataset: &Dataset,
    field: &str,
    filters: &RecordsQuery,
) -> Result<Option<Histogram>, ChartError> {
    let Some(spec) = dataset
        .fields
        .iter()
        .find(|f| f.name == field && is_chartable(f.field_type))
    else {
        return Ok(None);
    };
    let column = || Expr::Field(field.to_owned());
    let bounds = RecordsQuery {
        select: Some(SelectList::Items(vec![
            item(call("min", vec![column()]), "low"),
            item(call("max", vec![column()]), "high"),
        ])),
        wheres: filters.wheres.clone(),
        refine: filters.refine.clone(),
        exclude: filters.exclude.clone(),
        ..RecordsQuery::default()
    };
    let compiled = galette_store::explore::compile(dataset, store.backend(), &bounds)?;
    let row = store.explore_rows(&compiled).await?;
    let number = |key: &str| {
        row.first()
            .and_then(|r| r.0.iter().find(|(k, _)| k == key))
            .and_then(|(_, v)| v.as_f64())
    };
    let (Some(low), Some(high)) = (number("low"), number("high")) else {
        return Ok(None);
    };
    let whole = spec.field_type == FieldType::Int;
    let width = nice_width(high - low, whole);
    let width_literal = if whole {
        #[allow(clippy::cast_possible_truncation)]
        Literal::Int(width as i64)
    } else {
        Literal::Float(width)
    };
    let grouped = RecordsQuery {
        select: Some(SelectList::Items(vec![item(
            call("count", vec![Expr::Star]),
            "n",
        )])),
        group_by: vec![GroupItem {
            expr: call("range", vec![column(), Expr::Literal(width_literal)]),
            alias: Some("range".to_owned()),
            text: "range".to_owned(),
        }],
        limit: Some(1000),
        ..bounds
    };
    let compiled = galette_store::explore::compile(dataset, store.backend(), &grouped)?;
    let mut counted = Vec::new();
    let mut nulls = 0;
    for row in store.explore_rows(&compiled).await? {
        let range = row
            .0
            .first()
            .and_then(|(_, v)| v.as_str().map(str::to_owned));
        let count = row.0.get(1).and_then(|(_, v)| v.as_u64()).unwrap_or(0);
        match range {
            Some(range) => counted.push((range, count)),
            None => nulls += count,
        }
    }
    let highest = counted.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    #[allow(clippy::cast_precision_loss)]
    let slot = WIDTH / counted.len().max(1) as f64;
    let bars = counted
        .iter()
        .enumerate()
        .map(|(index, (range, count))| {
            #[allow(clippy::cast_precision_loss)]
            let height = (HEIGHT * *count as f64 / highest as f64).max(1.0);
            #[allow(clippy::cast_precision_loss)]
            let x = slot * index as f64;
            Bar {
                range: range.clone(),
                count: *count,
                x: format!("{:.1}", x + slot * 0.05),
                y: format!("{:.1}", HEIGHT - height),
                width: format!("{:.1}", slot * 0.9),
                height: format!("{height:.1}"),
            }
        })
        .collect::<Vec<_>>();
    let bound = |text: Option<&String>, first: bool| {
        text.and_then(|t| {
            let inner = t.trim_start_matches('[').trim_end_matches('[');
            let (a, b) = inner.split_once(", ")?;
            Some(if first { a } else { b }.to_owned())
        })
        .unwrap_or_default()
    };
    Ok(Some(Histogram {
        field: spec.name.clone(),
        label: spec.label.clone(),
        from: bound(counted.first().map(|(r, _)| r), true),
        to: bound(counted.last().map(|(r, _)| r), false),
        bars,
        nulls,
    }))
}

/// Why a chart could not be drawn.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    /// The query was refused (a filter the page could not compile).
    #[error(transparent)]
    Query(#[from] QueryError),
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_are_round_numbers_giving_about_twenty_bars() {
        assert_eq!(nice_width(1344.0, true), 100.0);
        assert_eq!(nice_width(30.0, true), 2.0);
        assert_eq!(
            nice_width(3.0, true),
            1.0,
            "whole numbers keep a width of 1"
        );
        assert_eq!(nice_width(3.0, false), 0.2);
        assert!(nice_width(0.0, false) > 0.0);
    }
}
