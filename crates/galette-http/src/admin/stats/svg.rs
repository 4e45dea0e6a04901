//! The dashboard's charts, laid out on the server for inline SVG (no script): the time
//! series (page views as bars, visitors as a line) and one horizontal bar chart per top
//! list. Only geometry is computed here; the template writes the elements, escaped, with a
//! title, a description and the same numbers in a table.

use serde::Serialize;

/// Time series drawing size and plot area, in SVG units.
const WIDTH: u32 = 720;
const HEIGHT: u32 = 240;
const LEFT: u32 = 60;
const RIGHT: u32 = 708;
const TOP: u32 = 14;
const BOTTOM: u32 = 206;
/// At most this many dates or hours under the time axis.
const MAX_X_LABELS: usize = 8;
/// Bar charts of top lists: row height, where bars start and end, label length.
const ROW: u32 = 24;
const BAR_LEFT: u32 = 300;
const BAR_RIGHT: u32 = 640;
const MAX_LABEL: usize = 40;

/// A labelled tick.
#[derive(Debug, Serialize)]
pub struct Tick {
    /// Position along its axis.
    pub at: String,
    /// Its text.
    pub text: String,
}

/// One bucket's bar.
#[derive(Debug, Serialize)]
pub struct SeriesBar {
    /// Rectangle.
    pub x: String,
    /// See `x`.
    pub y: String,
    /// See `x`.
    pub width: String,
    /// See `x`.
    pub height: String,
    /// The bucket's label (date or hour) and counts, for its tooltip.
    pub label: String,
    /// Page views.
    pub pageviews: u64,
    /// Visitors.
    pub visitors: u64,
}

/// The time series, ready to draw.
#[derive(Debug, Serialize)]
pub struct SeriesChart {
    /// Drawing size.
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
    /// Page views per bucket.
    pub bars: Vec<SeriesBar>,
    /// Visitors per bucket, as `points` of a polyline.
    pub line: String,
    /// Count axis labels.
    pub y_ticks: Vec<Tick>,
    /// Time axis labels.
    pub x_ticks: Vec<Tick>,
}

fn fixed(value: f64) -> String {
    format!("{value:.1}")
}

/// The smallest 1, 2 or 5 × 10ⁿ step such that four steps reach `max`.
fn nice_top(max: u64) -> u64 {
    let wanted = max.div_ceil(4).max(1);
    let mut power = 1u64;
    loop {
        for factor in [1, 2, 5] {
            let step = factor * power;
            if step >= wanted {
                return step * 4;
            }
        }
        power = power.saturating_mul(10);
        if power == u64::MAX {
            return u64::MAX;
        }
    }
}

#[expect(
    clippy::cast_precision_loss,
    reason = "counts far below 2^52 are drawn to a tenth of a pixel"
)]
fn ratio(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// Lays out `(label, page views, visitors)` buckets, oldest first.
pub fn series_chart(buckets: &[(String, u64, u64)]) -> SeriesChart {
    let max = buckets
        .iter()
        .map(|(_, p, v)| (*p).max(*v))
        .max()
        .unwrap_or(0);
    let top = nice_top(max);
    let plot_height = f64::from(BOTTOM - TOP);
    let slot = f64::from(RIGHT - LEFT)
        / f64::from(u32::try_from(buckets.len().max(1)).unwrap_or(u32::MAX));
    let y_of = |n: u64| f64::from(BOTTOM) - ratio(n, top) * plot_height;
    let mut bars = Vec::with_capacity(buckets.len());
    let mut points = Vec::with_capacity(buckets.len());
    let mut x = f64::from(LEFT);
    for (label, pageviews, visitors) in buckets {
        let y = y_of(*pageviews);
        bars.push(SeriesBar {
            x: fixed(x + slot * 0.1),
            y: fixed(y),
            width: fixed(slot * 0.8),
            height: fixed(f64::from(BOTTOM) - y),
            label: label.clone(),
            pageviews: *pageviews,
            visitors: *visitors,
        });
        points.push(format!(
            "{},{}",
            fixed(x + slot / 2.0),
            fixed(y_of(*visitors))
        ));
        x += slot;
    }
    let y_ticks = (0..=4u64)
        .map(|i| Tick {
            at: fixed(y_of(top / 4 * i)),
            text: (top / 4 * i).to_string(),
        })
        .collect();
    let every = buckets.len().div_ceil(MAX_X_LABELS).max(1);
    let x_ticks = bars
        .iter()
        .step_by(every)
        .zip((0..).step_by(every))
        .map(|(bar, i)| Tick {
            at: fixed(f64::from(LEFT) + slot * (f64::from(i) + 0.5)),
            text: bar.label.clone(),
        })
        .collect();
    SeriesChart {
        width: WIDTH,
        height: HEIGHT,
        left: LEFT,
        right: RIGHT,
        top: TOP,
        bottom: BOTTOM,
        bars,
        line: points.join(" "),
        y_ticks,
        x_ticks,
    }
}

/// One row of a horizontal bar chart.
#[derive(Debug, Serialize)]
pub struct HBar {
    /// The value's label, shortened to fit.
    pub label: String,
    /// Its count.
    pub count: u64,
    /// Baseline of the row's texts.
    pub text_y: u32,
    /// The bar's rectangle.
    pub y: u32,
    /// See `y`.
    pub width: String,
    /// Where the count is written (after the bar).
    pub count_x: String,
}

/// A horizontal bar chart of a top list.
#[derive(Debug, Serialize)]
pub struct BarChart {
    /// Drawing size.
    pub width: u32,
    /// See `width`.
    pub height: u32,
    /// Where bars start.
    pub bar_left: u32,
    /// Bar height.
    pub bar_height: u32,
    /// The rows, largest first.
    pub rows: Vec<HBar>,
}

fn shorten(label: &str) -> String {
    if label.chars().count() <= MAX_LABEL {
        label.to_owned()
    } else {
        let mut short: String = label.chars().take(MAX_LABEL - 1).collect();
        short.push('…');
        short
    }
}

/// Lays out `(label, count)` rows, in the order given.
pub fn bar_chart(rows: &[(String, u64)]) -> BarChart {
    let max = rows.iter().map(|(_, n)| *n).max().unwrap_or(0);
    let span = f64::from(BAR_RIGHT - BAR_LEFT);
    let rows: Vec<HBar> = rows
        .iter()
        .zip(0u32..)
        .map(|((label, count), i)| {
            let width = ratio(*count, max) * span;
            HBar {
                label: shorten(label),
                count: *count,
                text_y: i * ROW + 17,
                y: i * ROW + 4,
                width: fixed(width),
                count_x: fixed(f64::from(BAR_LEFT) + width + 6.0),
            }
        })
        .collect();
    BarChart {
        width: BAR_RIGHT + 80,
        height: u32::try_from(rows.len()).unwrap_or(0) * ROW + 8,
        bar_left: BAR_LEFT,
        bar_height: ROW - 6,
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_count_axis_ends_on_a_round_number_above_the_largest_count() {
        assert_eq!(nice_top(0), 4);
        assert_eq!(nice_top(7), 8);
        assert_eq!(nice_top(9), 20);
        assert_eq!(nice_top(1234), 2000);
        assert_eq!(nice_top(40_000), 40_000);
    }

    #[test]
    fn bars_and_labels_fit_the_plot() {
        let buckets: Vec<(String, u64, u64)> =
            (0..30).map(|i| (format!("d{i}"), i * 10, i * 3)).collect();
        let chart = series_chart(&buckets);
        assert_eq!(chart.bars.len(), 30);
        assert!(chart.x_ticks.len() <= MAX_X_LABELS);
        let last = chart.bars.last().unwrap();
        assert!(last.x.parse::<f64>().unwrap() < f64::from(RIGHT));
        assert!(last.y.parse::<f64>().unwrap() >= f64::from(TOP));
        let bars = bar_chart(&[("a".repeat(60), 10), ("b".into(), 5)]);
        assert_eq!(bars.rows[0].label.chars().count(), MAX_LABEL);
        assert_eq!(bars.rows[1].width, "170.0");
    }
}
