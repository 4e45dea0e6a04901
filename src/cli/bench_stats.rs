//! `galette bench-seed-stats` (hidden, for `bench/stats-dashboard.sh`): writes statistics
//! roll-ups equivalent to millions of page views for one site, as the recorder would have
//! rolled them up, so that the dashboard can be timed on a realistic volume. No raw event
//! is written: the dashboard never reads them.
//!
//! The traffic is synthetic but shaped like a portal's: a weekly rhythm and slow growth,
//! a daytime curve over the hours, and values drawn from Zipf-like distributions (a few
//! pages take most views, thousands get one or two a day).

use galette_http::Clock;
use galette_store::{
    StatBreakdownRow, StatCounts, StatDimension, StatEntry, StatGrain, StatTotalsRow, Store,
};

const DAY: i64 = 86_400;

/// Flags of `bench-seed-stats`.
#[derive(clap::Args, Debug)]
pub struct SeedStatsCommand {
    /// Slug of the site.
    #[arg(long)]
    tenant: String,
    /// Page views over the whole span.
    #[arg(long, default_value_t = 10_000_000)]
    pageviews: u64,
    /// Days covered, ending today (UTC).
    #[arg(long, default_value_t = 395)]
    days: i64,
    /// Distinct pages, referrers and datasets.
    #[arg(long, default_value_t = 2_000)]
    pages: u64,
    /// See `pages`.
    #[arg(long, default_value_t = 300)]
    referrers: u64,
    /// See `pages`.
    #[arg(long, default_value_t = 50)]
    datasets: u64,
}

/// A small deterministic generator (SplitMix64): the same data at every run.
struct Mix(u64);

impl Mix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// `expected` rounded up or down at random, so that small shares still appear at times.
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss,
        reason = "synthetic counts, non-negative and far below 2^52"
    )]
    fn round(&mut self, expected: f64) -> u64 {
        let floor = expected.floor();
        let fraction = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        floor as u64 + u64::from(fraction < expected - floor)
    }
}

/// Zipf weights 1/rank, normalised.
#[expect(clippy::cast_precision_loss, reason = "ranks are small integers")]
fn zipf(n: u64) -> Vec<f64> {
    let weights: Vec<f64> = (1..=n).map(|r| 1.0 / r as f64).collect();
    let sum: f64 = weights.iter().sum();
    weights.into_iter().map(|w| w / sum).collect()
}

fn entries(
    mix: &mut Mix,
    total: f64,
    weights: &[f64],
    name: impl Fn(usize) -> String,
) -> Vec<StatEntry> {
    weights
        .iter()
        .enumerate()
        .filter_map(|(i, w)| {
            let hits = mix.round(total * w);
            (hits > 0).then(|| StatEntry {
                value: name(i),
                visitors: hits.div_ceil(3),
                visits: hits.div_ceil(2),
                hits,
            })
        })
        .collect()
}

/// Writes the roll-ups.
#[expect(
    clippy::cast_precision_loss,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "synthetic counts, non-negative and far below 2^52"
)]
pub async fn run(store: &Store, command: SeedStatsCommand) -> anyhow::Result<()> {
    let tenant = store
        .tenant_by_slug(&command.tenant)
        .await?
        .ok_or_else(|| anyhow::anyhow!("there is no site {}", command.tenant))?;
    let today = Clock::default().unix().div_euclid(DAY) * DAY;
    let first = today - (command.days - 1) * DAY;
    let mut mix = Mix(0x5EED);
    // Weekdays busier than weekends, and 40 % growth over the span.
    let shape: Vec<f64> = (0..command.days)
        .map(|d| {
            let weekday = (first / DAY + d + 4).rem_euclid(7);
            let week = if weekday >= 5 { 0.6 } else { 1.15 };
            week * (0.8 + 0.4 * d as f64 / command.days as f64)
        })
        .collect();
    let scale = command.pageviews as f64 / shape.iter().sum::<f64>();
    let hours = zipf(24);
    let hour_order = [
        13usize, 14, 10, 11, 15, 9, 16, 12, 17, 8, 18, 19, 20, 7, 21, 22, 6, 23, 5, 0, 4, 1, 3, 2,
    ];
    let pages = zipf(command.pages);
    let referrers = zipf(command.referrers);
    let datasets = zipf(command.datasets);
    let languages = [0.55, 0.25, 0.15, 0.05];
    let devices = [0.62, 0.33, 0.05];
    let browsers = [0.45, 0.2, 0.15, 0.1, 0.05, 0.03, 0.01, 0.01];
    let formats = ["csv", "json", "xlsx"];
    let (mut total_rows, mut breakdown_rows, mut pageviews) = (0usize, 0usize, 0u64);
    for (d, factor) in (0i64..).zip(&shape) {
        let start = first + d * DAY;
        let views = mix.round(scale * factor);
        pageviews += views;
        let visits = views * 2 / 5;
        let day = StatCounts {
            visitors: visits * 4 / 5,
            visits,
            pageviews: views,
            bounces: visits * 9 / 20,
            duration_secs: visits * 95,
            api_calls: views * 3 / 10,
            downloads: views / 50,
        };
        let mut totals = vec![StatTotalsRow {
            tenant_id: tenant.id,
            grain: StatGrain::Day,
            start,
            counts: day,
        }];
        for (slot, hour) in hour_order.iter().enumerate() {
            let share = hours.get(slot).copied().unwrap_or(0.0) * 0.6 + 0.4 / 24.0;
            let part = |n: u64| (n as f64 * share) as u64;
            totals.push(StatTotalsRow {
                tenant_id: tenant.id,
                grain: StatGrain::Hour,
                start: start + 3600 * (*hour as i64),
                counts: StatCounts {
                    visitors: part(day.visitors),
                    visits: part(day.visits),
                    pageviews: part(day.pageviews),
                    bounces: part(day.bounces),
                    duration_secs: part(day.duration_secs),
                    api_calls: part(day.api_calls),
                    downloads: part(day.downloads),
                },
            });
        }
        let v = views as f64;
        let lists = [
            (StatDimension::Page, entries(&mut mix, v, &pages, page_path)),
            (
                StatDimension::Entry,
                entries(&mut mix, visits as f64, &pages, page_path),
            ),
            (
                StatDimension::Referrer,
                entries(&mut mix, visits as f64 * 0.6, &referrers, |i| {
                    format!("ref{i}.example")
                }),
            ),
            (
                StatDimension::Language,
                entries(&mut mix, v, &languages, |i| {
                    ["es", "en", "fr", "pt"]
                        .get(i)
                        .copied()
                        .unwrap_or("en")
                        .into()
                }),
            ),
            (
                StatDimension::Device,
                entries(&mut mix, v, &devices, |i| {
                    ["desktop", "mobile", "tablet"]
                        .get(i)
                        .copied()
                        .unwrap_or("desktop")
                        .into()
                }),
            ),
            (
                StatDimension::Browser,
                entries(&mut mix, v, &browsers, |i| format!("browser{i}")),
            ),
            (
                StatDimension::Dataset,
                entries(&mut mix, v * 0.3, &datasets, |i| format!("dataset-{i}")),
            ),
            (
                StatDimension::Api,
                entries(&mut mix, day.api_calls as f64, &datasets, |i| {
                    format!("dataset-{i}")
                }),
            ),
        ];
        let mut rows: Vec<StatBreakdownRow> = Vec::new();
        for (dimension, list) in lists {
            rows.extend(list.into_iter().map(|entry| StatBreakdownRow {
                tenant_id: tenant.id,
                day: start,
                dimension,
                entry,
            }));
        }
        for format in formats {
            let share = day.downloads as f64 / formats.len() as f64;
            rows.extend(
                entries(&mut mix, share, &datasets, |i| {
                    format!("dataset-{i}/{format}")
                })
                .into_iter()
                .map(|entry| StatBreakdownRow {
                    tenant_id: tenant.id,
                    day: start,
                    dimension: StatDimension::Download,
                    entry,
                }),
            );
        }
        store.insert_stat_totals(&totals).await?;
        store.insert_stat_breakdowns(&rows).await?;
        total_rows += totals.len();
        breakdown_rows += rows.len();
    }
    // The settled months summed as the dashboard's first read would, then the tables
    // vacuumed and analysed as autovacuum soon would: the steady state of a live site.
    let today_key = galette_store::stat_day_key(today);
    store
        .sum_stat_months(tenant.id, first.div_euclid(DAY), today_key + 1, today_key)
        .await?;
    store.analyze_stat_tables().await?;
    println!(
        "seeded {} days on {}: {pageviews} page views, {total_rows} total rows, \
         {breakdown_rows} breakdown rows",
        command.days, command.tenant
    );
    Ok(())
}

fn page_path(i: usize) -> String {
    match i {
        0 => "/".into(),
        1 => "/datasets/".into(),
        i if i % 3 == 0 => format!("/datasets/dataset-{}/page-{i}/", i % 50),
        i => format!("/page/{i}/"),
    }
}
