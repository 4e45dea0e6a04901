//! The explorer's histogram of a numeric column, drawn on the server as SVG (no script),
//! with labelled axes and counts, and the same numbers in a table for screen readers.
//!
//! The bars cover the column's robust range, from its 1st to its 99th percentile, in about
//! twenty equal round widths; the few rows beyond (a 1,301-minute delay among delays of
//! minutes) go into two outer bars of their own, labelled `< low` and `≥ high`, so that
//! they neither squash the others nor vanish. The rows are counted by the API's own
//! `range(f, *, b0, …, bn, *)` groups under the page's filters, so chart and API agree.

use galette_core::dataset::FieldType;
use galette_core::explore::functions::Function;
use galette_core::explore::odsql::{Expr, GroupItem, Literal, SelectItem, SelectList};
use galette_store::explore::{QueryError, RecordsQuery};
use galette_store::{Dataset, Store, StoreError};
use serde::Serialize;

/// Bars aimed at inside the robust range (the width is rounded to 1, 2 or 5 × 10ⁿ).
const TARGET_BARS: f64 = 20.0;
/// Percentiles bounding the robust range; rows outside go to the outer bars.
const LOW_PERCENTILE: i64 = 1;
const HIGH_PERCENTILE: i64 = 99;
/// Drawing size in SVG units, and the plot area inside it (room for the axes' labels).
const WIDTH: u32 = 640;
const HEIGHT: u32 = 270;
const PLOT_LEFT: u32 = 64;
const PLOT_RIGHT: u32 = 628;
const PLOT_TOP: u32 = 22;
const PLOT_BOTTOM: u32 = 206;
/// At most this many labels along the value axis, so that they never overlap.
const MAX_X_LABELS: usize = 9;

/// A histogram ready for the template.
#[derive(Debug, Serialize)]
pub struct Histogram {
    /// Field name.
    pub field: String,
    /// Field label (the axis title).
    pub label: String,
    /// The bars, left to right.
    pub bars: Vec<Bar>,
    /// Rows without a value (not drawn).
    pub nulls: u64,
    /// The robust range's ends, when rows beyond them are drawn apart.
    pub below: Option<String>,
    /// See `below`.
    pub above: Option<String>,
    /// Labels along the value axis and the count axis.
    pub x_ticks: Vec<Tick>,
    /// See `x_ticks`.
    pub y_ticks: Vec<Tick>,
    /// The drawing's size and its plot area, for the template's axes.
    pub frame: Frame,
}

/// One bar: its range, its count, and its rectangle and count label.
#[derive(Debug, Serialize)]
pub struct Bar {
    /// The API's group label: `[0, 10[`, `[*, -15[`, `[120, *[`.
    pub range: String,
    /// Rows in it.
    pub count: u64,
    /// Whether it gathers the rows beyond the robust range.
    pub is_outlier: bool,
    /// Rectangle.
    pub x: String,
    /// See `x`.
    pub y: String,
    /// See `x`.
    pub width: String,
    /// See `x`.
    pub height: String,
    /// Where its count is written (above the bar), or `None` when bars are too narrow.
    pub label_x: Option<String>,
    /// See `label_x`.
    pub label_y: String,
}

/// A labelled tick mark on an axis.
#[derive(Debug, Serialize)]
pub struct Tick {
    /// Position along the axis (x for the value axis, y for the count axis).
    pub at: String,
    /// Where its text sits along the same axis (centred on the count axis' lines).
    pub text_at: String,
    /// The text written there.
    pub text: String,
}

/// The drawing's geometry (SVG units), so the template draws axes where the bars are.
#[derive(Debug, Serialize)]
pub struct Frame {
    /// `viewBox` size.
    pub width: u32,
    /// See `width`.
    pub height: u32,
    /// Plot area.
    pub left: u32,
    /// See `left`.
    pub right: u32,
    /// See `left`.
    pub top: u32,
    /// See `left`.
    pub bottom: u32,
    /// Centre of the plot area, for the value axis' title.
    pub middle: u32,
    /// Baselines of the value axis' labels, of the outer bars' labels and of the title.
    pub x_labels: u32,
    /// See `x_labels`.
    pub outer_labels: u32,
    /// See `x_labels`.
    pub title: u32,
    /// Where the count axis' labels end and where its title's baseline is.
    pub y_labels: u32,
    /// See `y_labels`.
    pub y_title: u32,
    /// Centre of the count axis, for its title.
    pub y_middle: u32,
}

/// Whether a field can be charted.
pub fn is_chartable(field_type: FieldType) -> bool {
    matches!(field_type, FieldType::Int | FieldType::Double)
}

/// A call of `function`, named as ODSQL writes it (the tree the parser would build).
fn call(function: Function, args: Vec<Expr>) -> Expr {
    Expr::Call {
        name: function.name().to_owned(),
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

/// What the bounds query learnt about the column under the filters.
#[derive(Clone, Copy, Debug)]
struct Spread {
    low: f64,
    high: f64,
    p_low: f64,
    p_high: f64,
}

/// Where the bars' edges fall: `edges[0] < … < edges[n]` cut the robust range into equal
/// widths; an open bar before and after gathers the rows beyond, if there are any.
#[derive(Debug, PartialEq)]
struct Bins {
    edges: Vec<f64>,
    open_low: bool,
    open_high: bool,
}

impl Bins {
    fn new(spread: Spread, whole: bool) -> Bins {
        let (mut from, mut to) = (spread.p_low, spread.p_high);
        if to <= from {
            (from, to) = (spread.low, spread.high);
        }
        let width = nice_width(to - from, whole);
        let first = (from / width).floor();
        let last = (to / width).floor() + 1.0;
        // Round away the binary noise of k × 0.1 so labels read 0.3, not 0.30000000000000004.
        let decimals = (-width.log10().floor()).clamp(0.0, 12.0);
        let scale = 10f64.powf(decimals);
        let mut edges = Vec::new();
        let mut k = first;
        while k <= last && edges.len() <= 4 * TARGET_BARS as usize {
            edges.push((k * width * scale).round() / scale);
            k += 1.0;
        }
        let (lowest, highest) = (
            edges.first().copied().unwrap_or(from),
            edges.last().copied().unwrap_or(to),
        );
        Bins {
            open_low: spread.low < lowest,
            open_high: spread.high >= highest,
            edges,
        }
    }

    /// The `range()` arguments after the field: `*, e0, …, en, *`.
    fn arguments(&self, whole: bool) -> Vec<Expr> {
        let mut args = Vec::new();
        if self.open_low {
            args.push(Expr::Star);
        }
        for edge in &self.edges {
            let literal = if whole {
                Literal::Int(*edge as i64)
            } else {
                Literal::Float(*edge)
            };
            args.push(Expr::Literal(literal));
        }
        if self.open_high {
            args.push(Expr::Star);
        }
        args
    }

    fn len(&self) -> usize {
        self.edges.len().saturating_sub(1)
            + usize::from(self.open_low)
            + usize::from(self.open_high)
    }

    /// The bar a `range()` label such as `[10, 20[` or `[*, 0[` belongs to.
    fn slot_of(&self, label: &str) -> Option<usize> {
        let inner = label.strip_prefix('[')?.strip_suffix('[')?;
        let (low, _) = inner.split_once(", ")?;
        if low == "*" {
            return Some(0);
        }
        let low: f64 = low.parse().ok()?;
        let index = self
            .edges
            .iter()
            .enumerate()
            .min_by(|(_, a), (_, b)| (*a - low).abs().total_cmp(&(*b - low).abs()))
            .map(|(i, _)| i)?;
        Some(index + usize::from(self.open_low))
    }

    /// The API label of bar `slot`, for the bars no row fell into.
    fn label_of(&self, slot: usize) -> String {
        let text = |edge: Option<&f64>| edge.map_or_else(|| "*".to_owned(), |e| number_text(*e));
        let index = slot.checked_sub(usize::from(self.open_low));
        let low = index.and_then(|i| self.edges.get(i));
        let high = index.map_or(self.edges.first(), |i| self.edges.get(i + 1));
        format!("[{}, {}[", text(low), text(high))
    }
}

/// A number as the API writes bounds: `20`, `-15`, `0.5`.
fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{n:.0}")
    } else {
        n.to_string()
    }
}

/// Count-axis ticks: 0, and round steps up to the tallest bar.
fn count_ticks(highest: u64) -> Vec<u64> {
    let step = nice_width(highest as f64 * 5.0, true);
    let step = (step as u64).max(1);
    (0..=highest / step).map(|k| k * step).collect()
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
    let percentile = |p: i64| {
        call(
            Function::Percentile,
            vec![column(), Expr::Literal(Literal::Int(p))],
        )
    };
    let bounds = RecordsQuery {
        select: Some(SelectList::Items(vec![
            item(call(Function::Min, vec![column()]), "low"),
            item(call(Function::Max, vec![column()]), "high"),
            item(percentile(LOW_PERCENTILE), "p_low"),
            item(percentile(HIGH_PERCENTILE), "p_high"),
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
    let spread = Spread {
        low,
        high,
        p_low: number("p_low").unwrap_or(low),
        p_high: number("p_high").unwrap_or(high),
    };
    let whole = spec.field_type == FieldType::Int;
    let bins = Bins::new(spread, whole);
    let mut range_args = vec![column()];
    range_args.extend(bins.arguments(whole));
    let grouped = RecordsQuery {
        select: Some(SelectList::Items(vec![item(
            call(Function::Count, vec![Expr::Star]),
            "n",
        )])),
        group_by: vec![GroupItem {
            expr: call(Function::Range, range_args),
            alias: Some("range".to_owned()),
            text: "range".to_owned(),
        }],
        limit: Some(1000),
        ..bounds
    };
    let compiled = galette_store::explore::compile(dataset, store.backend(), &grouped)?;
    let mut counts = vec![0u64; bins.len()];
    let mut nulls = 0;
    for row in store.explore_rows(&compiled).await? {
        let range = row.0.first().and_then(|(_, v)| v.as_str());
        let count = row.0.get(1).and_then(|(_, v)| v.as_u64()).unwrap_or(0);
        match range
            .and_then(|r| bins.slot_of(r))
            .and_then(|s| counts.get_mut(s))
        {
            Some(slot) => *slot += count,
            None => nulls += count,
        }
    }
    Ok(Some(draw(
        spec.name.clone(),
        spec.label.clone(),
        &bins,
        &counts,
        nulls,
    )))
}

/// Lays the bars, their counts and the axes out in the SVG's coordinates.
fn draw(field: String, label: String, bins: &Bins, counts: &[u64], nulls: u64) -> Histogram {
    let highest = counts.iter().copied().max().unwrap_or(0).max(1);
    let y_ticks = count_ticks(highest);
    let top = y_ticks.last().copied().unwrap_or(highest).max(highest);
    let (left, right) = (f64::from(PLOT_LEFT), f64::from(PLOT_RIGHT));
    let (upper, bottom) = (f64::from(PLOT_TOP), f64::from(PLOT_BOTTOM));
    let y_of = |count: u64| bottom - (bottom - upper) * count as f64 / top as f64;
    let slot = (right - left) / counts.len().max(1) as f64;
    let last = counts.len().saturating_sub(1);
    let bars = counts
        .iter()
        .enumerate()
        .map(|(index, count)| {
            let x = left + slot * index as f64;
            let y = if *count == 0 {
                bottom
            } else {
                y_of(*count).min(bottom - 1.0)
            };
            Bar {
                range: bins.label_of(index),
                count: *count,
                is_outlier: (bins.open_low && index == 0) || (bins.open_high && index == last),
                x: format!("{:.1}", x + slot * 0.06),
                y: format!("{y:.1}"),
                width: format!("{:.1}", slot * 0.88),
                height: format!("{:.1}", bottom - y),
                label_x: (slot >= 18.0).then(|| format!("{:.1}", x + slot / 2.0)),
                label_y: format!("{:.1}", y - 4.0),
            }
        })
        .collect();
    // Value axis: the edges between bars, every few so that the labels never overlap.
    let edges = bins.edges.len();
    let every = edges.div_ceil(MAX_X_LABELS).max(1);
    let offset = usize::from(bins.open_low);
    let x_ticks = bins
        .edges
        .iter()
        .enumerate()
        // The last edge is always labelled; a regular label too close before it is not.
        .filter(|(i, _)| *i + 1 == edges || (i % every == 0 && edges - 1 - i >= every))
        .map(|(i, edge)| {
            let at = left + slot * (i + offset) as f64;
            Tick {
                at: format!("{at:.1}"),
                text_at: format!("{at:.1}"),
                text: number_text(*edge),
            }
        })
        .collect();
    let y_ticks = y_ticks
        .into_iter()
        .map(|count| Tick {
            at: format!("{:.1}", y_of(count)),
            text_at: format!("{:.1}", y_of(count) + 4.0),
            text: count.to_string(),
        })
        .collect();
    Histogram {
        field,
        label,
        bars,
        nulls,
        below: bins
            .open_low
            .then(|| bins.edges.first().map(|e| number_text(*e)))
            .flatten(),
        above: bins
            .open_high
            .then(|| bins.edges.last().map(|e| number_text(*e)))
            .flatten(),
        x_ticks,
        y_ticks,
        frame: Frame {
            width: WIDTH,
            height: HEIGHT,
            left: PLOT_LEFT,
            right: PLOT_RIGHT,
            top: PLOT_TOP,
            bottom: PLOT_BOTTOM,
            middle: u32::midpoint(PLOT_LEFT, PLOT_RIGHT),
            x_labels: PLOT_BOTTOM + 18,
            outer_labels: PLOT_BOTTOM + 34,
            title: HEIGHT - 8,
            y_labels: PLOT_LEFT - 6,
            y_title: 18,
            y_middle: u32::midpoint(PLOT_TOP, PLOT_BOTTOM),
        },
    }
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

    #[test]
    fn bars_span_the_first_to_the_ninety_ninth_percentile_and_outliers_go_apart() {
        // dep_delay of the flights sample: -43 … 1301, but 98 % of it within -13 … 186.
        let spread = Spread {
            low: -43.0,
            high: 1301.0,
            p_low: -13.0,
            p_high: 186.0,
        };
        let bins = Bins::new(spread, true);
        assert_eq!(bins.edges.first(), Some(&-20.0));
        assert_eq!(bins.edges.last(), Some(&190.0));
        assert!(bins.open_low && bins.open_high);
        assert_eq!(bins.len(), 21 + 2);
        assert_eq!(bins.slot_of("[*, -20["), Some(0));
        assert_eq!(bins.slot_of("[-20, -10["), Some(1));
        assert_eq!(bins.slot_of("[190, *["), Some(22));
        assert_eq!(bins.label_of(0), "[*, -20[");
        assert_eq!(bins.label_of(1), "[-20, -10[");
        assert_eq!(bins.label_of(22), "[190, *[");
    }

    #[test]
    fn without_outliers_there_are_no_open_bars_and_decimal_edges_read_cleanly() {
        let spread = Spread {
            low: 0.1,
            high: 0.9,
            p_low: 0.1,
            p_high: 0.9,
        };
        let bins = Bins::new(spread, false);
        assert!(!bins.open_low && !bins.open_high);
        assert!(
            bins.edges.iter().all(|e| number_text(*e).len() <= 4),
            "{bins:?}"
        );
        assert!(bins.edges.first() <= Some(&0.1) && bins.edges.last() > Some(&0.9));
        assert_eq!(bins.label_of(1), "[0.15, 0.2[");
    }

    #[test]
    fn a_column_of_one_value_still_has_one_bar() {
        let spread = Spread {
            low: 2013.0,
            high: 2013.0,
            p_low: 2013.0,
            p_high: 2013.0,
        };
        let bins = Bins::new(spread, true);
        assert_eq!(bins.edges, vec![2013.0, 2014.0]);
        assert_eq!(bins.len(), 1);
    }

    #[test]
    fn the_count_axis_has_round_steps_up_to_the_tallest_bar() {
        assert_eq!(count_ticks(1739), vec![0, 500, 1000, 1500]);
        assert_eq!(count_ticks(3), vec![0, 1, 2, 3]);
    }

    #[test]
    fn every_drawn_bar_stays_inside_the_plot() {
        let bins = Bins {
            edges: vec![0.0, 10.0, 20.0],
            open_low: false,
            open_high: true,
        };
        let chart = draw("f".into(), "F".into(), &bins, &[5, 0, 2], 1);
        assert_eq!(chart.bars.len(), 3);
        assert!(chart.bars.iter().any(|b| b.is_outlier));
        for bar in &chart.bars {
            let (y, h): (f64, f64) = (bar.y.parse().unwrap(), bar.height.parse().unwrap());
            assert!(
                y >= f64::from(PLOT_TOP) && y + h <= f64::from(PLOT_BOTTOM) + 0.1,
                "{bar:?}"
            );
        }
        assert_eq!(chart.above.as_deref(), Some("20"));
        assert_eq!(chart.below, None);
        let ticks: Vec<&str> = chart.x_ticks.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(ticks, ["0", "10", "20"]);
    }

    #[test]
    fn value_labels_are_spaced_and_the_last_edge_is_always_labelled() {
        let bins = Bins {
            edges: (0..16).map(|k| f64::from(k) * 10.0).collect(),
            open_low: true,
            open_high: true,
        };
        let chart = draw("f".into(), "F".into(), &bins, &[1; 17], 0);
        let ticks: Vec<&str> = chart.x_ticks.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(ticks, ["0", "20", "40", "60", "80", "100", "120", "150"]);
    }
}
