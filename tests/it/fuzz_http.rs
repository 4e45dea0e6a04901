//! The HTTP fuzzer: a real `galette serve` process, a generated dataset, and thousands of
//! generated Explore API and explorer requests (ODSQL from the grammar of explore-api §6,
//! then mutated), sent by concurrent clients. Every answer must be a clear 2xx/3xx/4xx
//! (or a 503 that says when to retry), every body must arrive whole, and the server's
//! resident memory must stay under [`RSS_BOUND_MB`].
//!
//! The run is bounded: `GALETTE_FUZZ_SECS` seconds (default 30) or `GALETTE_FUZZ_CASES`
//! requests (default 4,000), whichever comes first; `GALETTE_FUZZ_SEED` replays a run.
//! `bench/fuzz-http.sh` runs it for longer. A failure prints the seed and the request.

use galette::seed::random_text;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::fmt::Write as _;
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::Mutex;

/// The server process may not grow past this, whatever the fuzzer sends.
const RSS_BOUND_MB: u64 = 768;
/// Concurrent clients.
const CLIENTS: usize = 4;
/// A request that takes longer than this is a hang, reported with its URL.
const REQUEST_BOUND: Duration = Duration::from_secs(90);
const HOST: &str = "fz.localhost";
const DATASET: &str = "fz";

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Int,
    Double,
    Text,
    Date,
    DateTime,
    Bool,
}

/// The generated dataset's columns.
const FIELDS: [(&str, Kind); 10] = [
    ("flight", Kind::Int),
    ("dep_delay", Kind::Int),
    ("distance", Kind::Double),
    ("carrier", Kind::Text),
    ("origin", Kind::Text),
    ("note", Kind::Text),
    ("day", Kind::Date),
    ("time_hour", Kind::DateTime),
    ("cancelled", Kind::Bool),
    ("weird_name", Kind::Text),
];

/// A dataset with every type, nulls, quotes, accents and long words.
fn dataset_csv(rng: &mut StdRng, rows: usize) -> String {
    let mut csv = String::from(
        "flight,dep_delay,distance,carrier,origin,note,day,time_hour,cancelled,weird name\n",
    );
    let carriers = ["UA", "AA", "B6", "DL", "EV", "MQ", "US", "WN"];
    let notes = [
        "on time",
        "late \"\"again\"\"",
        "équipage changé",
        "",
        "weather, wind and rain",
        "a-b_c/d",
        "x",
    ];
    for i in 0..rows {
        let delay = if rng.random_bool(0.05) {
            String::new()
        } else {
            rng.random_range(-30..600).to_string()
        };
        let distance = if rng.random_bool(0.05) {
            String::new()
        } else {
            format!("{:.1}", rng.random_range(17.0..4983.0))
        };
        let month = rng.random_range(1..=12);
        let day = rng.random_range(1..=28);
        let hour = rng.random_range(0..24);
        let _ = writeln!(
            csv,
            "{i},{delay},{distance},{},{},\"{}\",2013-{month:02}-{day:02},2013-{month:02}-{day:02}T{hour:02}:00:00Z,{},w{}",
            pick(rng, &carriers),
            pick(rng, &["EWR", "JFK", "LGA"]),
            pick(rng, &notes),
            rng.random_bool(0.1),
            rng.random_range(0..50),
        );
    }
    csv
}

fn pick<'a>(rng: &mut StdRng, items: &[&'a str]) -> &'a str {
    items[rng.random_range(0..items.len())]
}

/// Generates ODSQL and request parameters; biased towards valid text so the compiler's deep
/// paths run, with mutations and hostile sizes mixed in.
struct Gen {
    rng: StdRng,
}

impl Gen {
    fn chance(&mut self, p: f64) -> bool {
        self.rng.random_bool(p)
    }

    fn field(&mut self) -> (String, Kind) {
        if self.chance(0.03) {
            return (
                pick(&mut self.rng, &["nope", "`select`", "c1", "_x"]).into(),
                Kind::Text,
            );
        }
        let (name, kind) = FIELDS[self.rng.random_range(0..FIELDS.len())];
        if self.chance(0.1) {
            (format!("`{name}`"), kind)
        } else {
            (name.to_string(), kind)
        }
    }

    fn field_of(&mut self, wanted: &[Kind]) -> String {
        for _ in 0..20 {
            let (name, kind) = self.field();
            if wanted.contains(&kind) {
                return name;
            }
        }
        "dep_delay".into()
    }

    fn string_literal(&mut self) -> String {
        let words = [
            "UA",
            "JFK",
            "on",
            "time",
            "équipage",
            "",
            "it's",
            "\\\"",
            "%",
            "_",
            "w1",
            "late",
        ];
        let text = if self.chance(0.02) {
            "w".repeat(self.rng.random_range(1_000..60_000))
        } else {
            pick(&mut self.rng, &words).to_string()
        };
        if self.chance(0.5) {
            format!("\"{}\"", text.replace('"', "\\\""))
        } else {
            format!("'{}'", text.replace('\'', "\\'"))
        }
    }

    fn number(&mut self) -> String {
        match self.rng.random_range(0..8) {
            0 => "0".into(),
            1 => "-1".into(),
            2 => "1e308".into(),
            3 => "99999999999999999999999".into(),
            4 => format!("{:.3}", self.rng.random_range(-1000.0..1000.0)),
            _ => self.rng.random_range(-100..2000).to_string(),
        }
    }

    fn date_literal(&mut self) -> String {
        let forms = [
            "date'2013-01-05'",
            "date'2013-01-05T10:00:00Z'",
            "date'2013/01/05'",
            "date'2013'",
            "date'2013-13-45'",
            "date'not a date'",
            "date'2013-03-31T02:30:00'",
            "date'-9999-01-01'",
        ];
        pick(&mut self.rng, &forms).into()
    }

    fn literal(&mut self) -> String {
        match self.rng.random_range(0..6) {
            0 => self.string_literal(),
            1 => self.date_literal(),
            2 => pick(&mut self.rng, &["true", "false", "null"]).into(),
            _ => self.number(),
        }
    }

    /// A scalar or aggregate expression.
    fn expr(&mut self, depth: u32, aggregates: bool) -> String {
        if depth == 0 {
            return if self.chance(0.7) {
                self.field().0
            } else {
                self.literal()
            };
        }
        let d = depth - 1;
        match self.rng.random_range(0..14) {
            0 | 1 => self.field().0,
            2 => self.literal(),
            3 => {
                let op = pick(&mut self.rng, &["+", "-", "*", "/", "%"]);
                format!(
                    "{} {op} {}",
                    self.expr(d, aggregates),
                    self.expr(d, aggregates)
                )
            }
            4 => format!("({})", self.expr(d, aggregates)),
            5 => {
                let f = pick(
                    &mut self.rng,
                    &["year", "month", "day", "hour", "minute", "second"],
                );
                let arg = self.field_of(&[Kind::Date, Kind::DateTime]);
                format!("{f}({arg})")
            }
            6 => {
                let f = pick(&mut self.rng, &["lower", "upper", "length"]);
                format!("{f}({})", self.expr(d, false))
            }
            7 => {
                let patterns = [
                    "'yyyy-MM-dd'",
                    "'EEEE dd MMMM yyyy HH:mm'",
                    "'yyyy'",
                    "''",
                    "'\\u0000'",
                    "'QQQQQQQQQQQQQQQQ'",
                    "\"HH:mm:ss.SSS ZZZ\"",
                ];
                let arg = self.field_of(&[Kind::Date, Kind::DateTime]);
                format!("date_format({arg}, {})", pick(&mut self.rng, &patterns))
            }
            8 => format!("ifnull({}, {})", self.expr(d, aggregates), self.literal()),
            9 => "now()".into(),
            _ if aggregates => self.aggregate(d),
            _ => self.field().0,
        }
    }

    fn aggregate(&mut self, depth: u32) -> String {
        match self.rng.random_range(0..9) {
            0 => "count(*)".into(),
            1 => format!("count({})", self.field().0),
            2 => format!("count(distinct {})", self.field().0),
            3 => format!("percentile({}, {})", self.expr(depth, false), self.number()),
            4 if self.chance(0.1) => format!("count({})", self.aggregate(depth)),
            _ => {
                let f = pick(&mut self.rng, &["sum", "avg", "min", "max", "median"]);
                format!("{f}({})", self.expr(depth, false))
            }
        }
    }

    fn condition(&mut self, depth: u32) -> String {
        if depth > 0 && self.chance(0.35) {
            let d = depth - 1;
            return match self.rng.random_range(0..4) {
                0 => format!("{} and {}", self.condition(d), self.condition(d)),
                1 => format!("{} or {}", self.condition(d), self.condition(d)),
                2 => format!("not {}", self.condition(d)),
                _ => format!("({})", self.condition(d)),
            };
        }
        match self.rng.random_range(0..13) {
            0..=3 => {
                let op = pick(&mut self.rng, &["=", "!=", "<", "<=", ">", ">=", ":"]);
                format!("{} {op} {}", self.expr(1, false), self.literal())
            }
            4 => {
                let items: Vec<String> = (0..self.rng.random_range(1..5))
                    .map(|_| self.literal())
                    .collect();
                format!("{} in ({})", self.field().0, items.join(", "))
            }
            5 => {
                let (open, close) = (
                    pick(&mut self.rng, &["[", "]"]),
                    pick(&mut self.rng, &["]", "["]),
                );
                format!(
                    "{} in {open}{}..{}{close}",
                    self.field().0,
                    self.literal(),
                    self.literal()
                )
            }
            6 => format!(
                "{} is {}",
                self.field().0,
                pick(&mut self.rng, &["null", "not null", "true", "false"])
            ),
            7 => self.string_literal(),
            8 => {
                let f = pick(&mut self.rng, &["search", "suggest"]);
                format!("{f}({}, {})", self.field().0, self.string_literal())
            }
            9 => format!("startswith({}, {})", self.field().0, self.string_literal()),
            10 => format!("{} like {}", self.field().0, self.string_literal()),
            11 if self.chance(0.1) => format!("{} > 1", self.aggregate(0)),
            11 => self.field_of(&[Kind::Bool]),
            _ => format!("within_distance({}, geom'POINT(1 1)', 1km)", self.field().0),
        }
    }

    fn select(&mut self) -> String {
        let n = if self.chance(0.02) {
            self.rng.random_range(20..120)
        } else {
            self.rng.random_range(1..5)
        };
        let aggregates = self.chance(0.5);
        let items: Vec<String> = (0..n)
            .map(|i| match self.rng.random_range(0..10) {
                0 => "*".into(),
                1 => format!("include({}*)", pick(&mut self.rng, &["d", "c", "", "zz"])),
                2 => format!("exclude({}*)", pick(&mut self.rng, &["d", "c", "note"])),
                3 | 4 => format!("{} as a{}", self.expr(2, aggregates), i % 3),
                _ => self.expr(2, aggregates),
            })
            .collect();
        items.join(", ")
    }

    fn group_by(&mut self) -> String {
        let n = self.rng.random_range(1..4);
        let items: Vec<String> = (0..n)
            .map(|i| match self.rng.random_range(0..7) {
                0 => format!(
                    "range({}, {})",
                    self.field_of(&[Kind::Int, Kind::Double]),
                    self.number()
                ),
                1 => format!(
                    "range({}, *, {}, {}, *)",
                    self.field_of(&[Kind::Int, Kind::Double]),
                    self.number(),
                    self.number()
                ),
                2 => format!("{} as g{i}", self.expr(1, false)),
                3 if self.chance(0.1) => self.aggregate(0),
                _ => self.field().0,
            })
            .collect();
        items.join(", ")
    }

    fn order_by(&mut self) -> String {
        let n = self.rng.random_range(1..4);
        let items: Vec<String> = (0..n)
            .map(|_| {
                let e = match self.rng.random_range(0..6) {
                    0 => format!("random({})", self.rng.random_range(0..100)),
                    1 => self.aggregate(0),
                    2 => "a0".into(),
                    _ => self.field().0,
                };
                match self.rng.random_range(0..3) {
                    0 => format!("{e} asc"),
                    1 => format!("{e} desc"),
                    _ => e,
                }
            })
            .collect();
        items.join(", ")
    }

    fn refine_value(&mut self) -> String {
        let (field, kind) = self.field();
        let field = field.trim_matches('`').to_string();
        let value = match kind {
            Kind::Date | Kind::DateTime => pick(
                &mut self.rng,
                &["2013", "2013/01", "2013/01/05", "2013/13/45", "x"],
            )
            .into(),
            Kind::Int | Kind::Double => self.number(),
            _ => pick(&mut self.rng, &["UA", "JFK", "on time", "", "::"]).into(),
        };
        format!("{field}:{value}")
    }

    /// Breaks a generated text the way a hand-typed or hostile one is broken.
    fn mutate(&mut self, text: String) -> String {
        if !self.chance(0.1) || text.is_empty() {
            return text;
        }
        let mut chars: Vec<char> = text.chars().collect();
        let at = self.rng.random_range(0..chars.len());
        match self.rng.random_range(0..5) {
            0 => {
                chars.remove(at);
            }
            1 => {
                let junk = [
                    '(', ')', '"', '\'', '`', '\\', ',', '*', '[', ']', '.', ':', '\0', 'ÿ', '😀',
                ];
                chars.insert(at, junk[self.rng.random_range(0..junk.len())]);
            }
            2 => chars.truncate(at),
            3 => {
                let tail: String = chars[at..].iter().collect();
                return format!("{text}{tail}{tail}");
            }
            _ => return format!("({text}"),
        }
        chars.into_iter().collect()
    }

    fn query_params(&mut self) -> Vec<(String, String)> {
        let mut params = Vec::new();
        let grouped = self.chance(0.35);
        if self.chance(0.7) {
            let s = self.select();
            params.push(("select".into(), self.mutate(s)));
        }
        for _ in 0..self.rng.random_range(0..3) {
            let w = self.condition(2);
            params.push(("where".into(), self.mutate(w)));
        }
        if grouped {
            let g = self.group_by();
            params.push(("group_by".into(), self.mutate(g)));
        }
        if self.chance(0.4) {
            let o = self.order_by();
            params.push(("order_by".into(), self.mutate(o)));
        }
        if self.chance(0.5) {
            let limit = pick(
                &mut self.rng,
                &["0", "1", "10", "100", "-1", "101", "10000", "x", "-5"],
            );
            params.push(("limit".into(), limit.into()));
        }
        if self.chance(0.2) {
            let offset = pick(
                &mut self.rng,
                &["0", "5", "9990", "10000", "99999999999", "-1"],
            );
            params.push(("offset".into(), offset.into()));
        }
        for name in ["refine", "exclude"] {
            if self.chance(0.2) {
                let v = self.refine_value();
                params.push((name.into(), v));
            }
        }
        if self.chance(0.25) {
            let zones = [
                "UTC",
                "Europe/London",
                "America/New_York",
                "Asia/Kolkata",
                "Europe/Paris",
                "Australia/Lord_Howe",
                "America/St_Johns",
                "Mars/Olympus",
            ];
            params.push(("timezone".into(), pick(&mut self.rng, &zones).into()));
        }
        if self.chance(0.15) {
            params.push((
                "lang".into(),
                pick(&mut self.rng, &["fr", "es", "pt", "en", "de", "xx"]).into(),
            ));
        }
        if self.chance(0.1) {
            params.push((
                "include_links".into(),
                pick(&mut self.rng, &["true", "false", "2"]).into(),
            ));
        }
        params
    }

    /// One request: a path and query on the fuzz site.
    fn request(&mut self) -> String {
        let api = "/api/explore/v2.1/catalog";
        let roll = self.rng.random_range(0..100);
        let (path, mut params) = match roll {
            0..=44 => (
                format!("{api}/datasets/{DATASET}/records"),
                self.query_params(),
            ),
            45..=59 => {
                let format = pick(
                    &mut self.rng,
                    &["csv", "json", "jsonl", "geojson", "xlsx", "..", "csv%00"],
                );
                let mut params = self.query_params();
                if self.chance(0.3) {
                    params.push((
                        "with_bom".into(),
                        pick(&mut self.rng, &["false", "true", "?"]).into(),
                    ));
                }
                if self.chance(0.2) {
                    params.push((
                        "delimiter".into(),
                        pick(&mut self.rng, &[";", ",", "\t", "ab", ""]).into(),
                    ));
                }
                (format!("{api}/datasets/{DATASET}/exports/{format}"), params)
            }
            60..=67 => {
                let mut params = self.query_params();
                params.retain(|(k, _)| k != "select" && k != "group_by");
                let facet = self.field().0;
                params.push(("facet".into(), facet));
                (format!("{api}/datasets/{DATASET}/facets"), params)
            }
            68..=75 => {
                let mut params = Vec::new();
                if self.chance(0.5) {
                    let w = pick(
                        &mut self.rng,
                        &[
                            "records_count > 10",
                            "count(*) > 1",
                            "search(title, \"fz\")",
                            "\"fuzz\"",
                            "dataset_id = \"fz\"",
                        ],
                    );
                    params.push(("where".into(), self.mutate(w.into())));
                }
                if self.chance(0.3) {
                    params.push((
                        "order_by".into(),
                        pick(&mut self.rng, &["title", "count(*)", "modified desc"]).into(),
                    ));
                }
                if self.chance(0.3) {
                    params.push((
                        "group_by".into(),
                        pick(&mut self.rng, &["title", "count(*)", "records_count"]).into(),
                    ));
                }
                let tail = pick(
                    &mut self.rng,
                    &["datasets", "facets", "exports/csv", "exports/json"],
                );
                (format!("{api}/{tail}"), params)
            }
            76..=89 => {
                let mut params = Vec::new();
                if self.chance(0.6) {
                    let q = if self.chance(0.1) {
                        "word ".repeat(self.rng.random_range(100..2_000))
                    } else {
                        pick(&mut self.rng, &["UA", "on time", "é", "\"", "*", ""]).into()
                    };
                    params.push(("q".into(), q));
                }
                if self.chance(0.4) {
                    params.push(("chart".into(), self.field().0.trim_matches('`').into()));
                }
                if self.chance(0.3) {
                    let v = self.refine_value();
                    params.push(("refine".into(), v));
                }
                for name in ["sort", "page"] {
                    if self.chance(0.2) {
                        params.push((
                            name.into(),
                            pick(
                                &mut self.rng,
                                &["dep_delay", "-dep_delay", "2", "999999", "-1", "x"],
                            )
                            .into(),
                        ));
                    }
                }
                (format!("/datasets/{DATASET}/"), params)
            }
            90..=94 => {
                let id = pick(
                    &mut self.rng,
                    &["1", "0", "-1", "999999", "x", "1.5", "99999999999999999999"],
                );
                (format!("{api}/datasets/{DATASET}/records/{id}"), Vec::new())
            }
            _ => {
                let paths = [
                    "/datasets/%ff%fe/",
                    "/datasets/../../etc/passwd",
                    "/api/explore/v2.1/catalog/datasets/%00/records",
                    "/api/explore/v2.1/catalog/datasets/fz/records?where=%ff",
                    "/datasets/fz/?q=%e9",
                    "/api/explore/v2.1/catalog/datasets/fz/records?limit=1&limit=2",
                    "/api/explore/v2.1/catalog/datasets/fz/records?select=%",
                ];
                (pick(&mut self.rng, &paths).into(), Vec::new())
            }
        };
        if self.chance(0.05) {
            params.push(("unknown_param".into(), "1".into()));
        }
        let query = serde_urlencoded::to_string(&params).unwrap_or_default();
        if query.is_empty() {
            path
        } else if path.contains('?') {
            format!("{path}&{query}")
        } else {
            format!("{path}?{query}")
        }
    }
}

/// The server process, killed when dropped.
struct Server {
    child: Child,
    addr: SocketAddr,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn rss_mb(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .map_or(0, |kb| kb / 1024)
    }
}

fn galette(store_args: &[String], args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_galette"))
        .args(store_args)
        .args(args)
        .env("GALETTE_LOG", "warn")
        .output()
        .unwrap()
}

async fn start_server(store_args: &[String], csv: &str, dir: &std::path::Path) -> Server {
    let added = galette(
        store_args,
        &[
            "tenant",
            "add",
            "--slug",
            "fz",
            "--name",
            "Fuzz",
            "--host",
            HOST,
            "--language",
            "en",
        ],
    );
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    // The fuzzer sends thousands of calls from one address: past the default quota they
    // would all be 429s, and the API's answers would go unexercised.
    let unlimited = galette(
        store_args,
        &[
            "quota",
            "--tenant",
            "fz",
            "--per-address",
            "0",
            "--per-key",
            "0",
        ],
    );
    assert!(
        unlimited.status.success(),
        "{}",
        String::from_utf8_lossy(&unlimited.stderr)
    );
    let file = dir.join("fz.csv");
    std::fs::write(&file, csv).unwrap();
    if let Some(copy) = std::env::var_os("GALETTE_FUZZ_KEEP_CSV") {
        std::fs::write(copy, csv).unwrap();
    }
    let imported = galette(
        store_args,
        &[
            "import",
            "--tenant",
            "fz",
            "--dataset",
            DATASET,
            file.to_str().unwrap(),
        ],
    );
    assert!(
        imported.status.success(),
        "{}",
        String::from_utf8_lossy(&imported.stderr)
    );
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_galette"))
        .args(store_args)
        .args(["serve", "--addr", &addr.to_string()])
        .env("GALETTE_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let server = Server { child, addr };
    let client = reqwest::Client::new();
    for _ in 0..300 {
        let answered = client.get(format!("http://{addr}/healthz")).send().await;
        if answered.is_ok_and(|r| r.status().is_success()) {
            return server;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("galette serve did not answer /healthz within 30 s");
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[derive(Default)]
struct Tally {
    sent: AtomicUsize,
    by_class: [AtomicUsize; 6],
    retry_later: AtomicUsize,
    peak_rss_mb: AtomicU64,
    failures: Mutex<Vec<String>>,
}

/// Sends one request and checks its answer; returns a failure description.
async fn check(
    client: &reqwest::Client,
    base: &str,
    target: &str,
    tally: &Tally,
) -> Option<String> {
    let url = format!("{base}{target}");
    let sent = tokio::time::timeout(REQUEST_BOUND, async {
        let response = client.get(&url).send().await?;
        let status = response.status();
        let retry_after = response.headers().contains_key("retry-after");
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let body = response.bytes().await;
        Ok::<_, reqwest::Error>((status, retry_after, content_type, body))
    })
    .await;
    let (status, retry_after, content_type, body) = match sent {
        Err(_) => return Some(format!("no answer within {REQUEST_BOUND:?}: {target}")),
        // A URL the client itself cannot send (longer than its limit) never reaches the server.
        Ok(Err(e)) if e.is_builder() => return None,
        Ok(Err(e)) => return Some(format!("transport error {e}: {target}")),
        Ok(Ok(parts)) => parts,
    };
    let class = usize::from(status.as_u16() / 100).min(5);
    tally.by_class[class].fetch_add(1, Ordering::Relaxed);
    let body = match body {
        Ok(body) => body,
        Err(e) => return Some(format!("{status}, body cut short ({e}): {target}")),
    };
    if status.as_u16() == 503 && retry_after {
        tally.retry_later.fetch_add(1, Ordering::Relaxed);
        return None;
    }
    if status.is_server_error() {
        let text = String::from_utf8_lossy(&body);
        let excerpt: String = text.chars().take(300).collect();
        return Some(format!("{status}: {target}\n    {excerpt}"));
    }
    if status.is_client_error() {
        let text = String::from_utf8_lossy(&body);
        if std::env::var_os("GALETTE_FUZZ_VERBOSE").is_some() {
            let excerpt: String = text.chars().take(160).collect();
            eprintln!("fuzz_http 4xx {status}: {excerpt}");
        }
        if target.starts_with("/api/") && content_type.starts_with("application/json") {
            let parsed: serde_json::Value = match serde_json::from_slice(&body) {
                Ok(v) => v,
                Err(_) => return Some(format!("{status} with a body that is not JSON: {target}")),
            };
            if parsed.get("error_code").is_none() || parsed.get("message").is_none() {
                return Some(format!("{status} without error_code/message: {target}"));
            }
        } else if !content_type.starts_with("text/html")
            && !content_type.starts_with("application/json")
        {
            let excerpt: String = text.chars().take(200).collect();
            return Some(format!(
                "{status} answered as {content_type:?} ({excerpt}): {target}"
            ));
        }
    }
    None
}

async fn fuzz(store_args: Vec<String>, dir: tempfile::TempDir) {
    let seed = env_number("GALETTE_FUZZ_SEED", rand::random::<u32>().into());
    let seconds = env_number("GALETTE_FUZZ_SECS", 30);
    let cases = env_number("GALETTE_FUZZ_CASES", 4_000);
    eprintln!(
        "fuzz_http: seed {seed} (GALETTE_FUZZ_SEED={seed} replays), {seconds} s or {cases} requests"
    );
    let mut rng = StdRng::seed_from_u64(seed);
    let csv = dataset_csv(&mut rng, 3_000);
    let server = start_server(&store_args, &csv, dir.path()).await;
    let base = format!("http://{HOST}:{}", server.addr.port());
    let client = reqwest::Client::builder()
        .resolve(HOST, server.addr)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let tally = Arc::new(Tally::default());
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let next = Arc::new(AtomicU64::new(0));
    let mut workers = Vec::new();
    for _ in 0..CLIENTS {
        let (client, base, tally, next) =
            (client.clone(), base.clone(), tally.clone(), next.clone());
        workers.push(tokio::spawn(async move {
            loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                if n >= cases || Instant::now() >= deadline {
                    break;
                }
                // Each case has its own generator, so a failing case replays alone.
                let mut g = Gen {
                    rng: StdRng::seed_from_u64(seed ^ n.wrapping_mul(0x9E37_79B9_7F4A_7C15)),
                };
                let target = g.request();
                tally.sent.fetch_add(1, Ordering::Relaxed);
                if let Some(failure) = check(&client, &base, &target, &tally).await {
                    tally
                        .failures
                        .lock()
                        .await
                        .push(format!("case {n}: {failure}"));
                }
            }
        }));
    }
    let watcher = {
        let tally = tally.clone();
        let pid_rss = server.child.id();
        tokio::spawn(async move {
            loop {
                let status =
                    std::fs::read_to_string(format!("/proc/{pid_rss}/status")).unwrap_or_default();
                if let Some(kb) = status
                    .lines()
                    .find_map(|l| l.strip_prefix("VmRSS:"))
                    .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
                {
                    tally.peak_rss_mb.fetch_max(kb / 1024, Ordering::Relaxed);
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        })
    };
    for w in workers {
        w.await.unwrap();
    }
    watcher.abort();
    let still_alive = client.get(format!("{base}/healthz")).send().await;
    let end_rss = server.rss_mb();
    let failures = tally.failures.lock().await;
    let by = |c: usize| tally.by_class[c].load(Ordering::Relaxed);
    eprintln!(
        "fuzz_http: {} requests: {} 2xx, {} 3xx, {} 4xx, {} 5xx ({} of them 503 with Retry-After); server RSS peak {} MB, at the end {} MB; {} failures",
        tally.sent.load(Ordering::Relaxed),
        by(2),
        by(3),
        by(4),
        by(5),
        tally.retry_later.load(Ordering::Relaxed),
        tally.peak_rss_mb.load(Ordering::Relaxed),
        end_rss,
        failures.len()
    );
    for f in failures.iter().take(40) {
        eprintln!("  {f}");
    }
    assert!(
        still_alive.is_ok_and(|r| r.status().is_success()),
        "the server no longer answers /healthz after the fuzz run (seed {seed})"
    );
    assert!(
        failures.is_empty(),
        "{} failing requests (seed {seed}), listed above",
        failures.len()
    );
    let peak = tally.peak_rss_mb.load(Ordering::Relaxed);
    assert!(
        peak < RSS_BOUND_MB,
        "server RSS peaked at {peak} MB, over the {RSS_BOUND_MB} MB bound (seed {seed})"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn generated_api_and_explorer_requests_never_get_a_500_or_unbounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let store_args = match std::env::var("GALETTE_TEST_DATABASE_URL") {
        Ok(base) if !base.is_empty() => {
            let (server, _) = base.rsplit_once('/').unwrap();
            let url = format!("{server}/galette_fuzz_{}", random_text(12).to_lowercase());
            galette_store::Store::create_database(&url).await.unwrap();
            vec!["--database-url".to_string(), url]
        }
        _ => vec![
            "--data".to_string(),
            dir.path().join("data").to_str().unwrap().to_string(),
        ],
    };
    fuzz(store_args, dir).await;
}
