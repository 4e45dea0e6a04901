//! The columnar copies of dataset versions this process holds, and the answer of a records
//! query through them.
//!
//! A version is immutable, so its copy never goes stale: a new import is a new table. The
//! first query on a version that has no copy here starts loading one in the background (one
//! load at a time per process) and is answered by the SQL path, like every query the engine
//! does not answer exactly (`galette_store::explore::columnar_plan`). Copies are kept under
//! a memory budget (`--dataset-memory-mb`), the least recently used dropped first; a version
//! larger than the whole budget is never loaded and stays on the SQL path. Replicas stay
//! stateless: each builds its own copies from the store.

use crate::sync::lock;
use galette_columnar::export::ordered_rows;
use galette_columnar::{Plan, RecordOutput, Shape, Table, execute_all};
use galette_store::explore::{Compiled, ExplorePage, RecordsQuery, columnar_plan};
use galette_store::{Dataset, Store, StoreError};
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// The rows of an export answered from a copy: the table, what each output column is, and
/// the rows in order, to be written straight into the export's format.
pub struct Ordered {
    /// The copy.
    pub table: Arc<Table>,
    /// Output names and sources, as the SQL path's columns.
    pub outputs: Vec<(String, RecordOutput)>,
    /// The zone datetimes are written in.
    pub zone: galette_core::explore::timezone::Zone,
    /// The table's rows, in the answer's order.
    pub rows: Vec<u32>,
}

/// How much memory the copies may take.
#[derive(Clone, Copy, Debug)]
pub struct ColumnarSettings {
    /// Bytes; 0 turns the columnar path off.
    pub memory_bytes: usize,
    /// Versions with fewer rows stay on the SQL path, which answers them in milliseconds:
    /// a copy would save little and cost a load (a read transaction held on PostgreSQL
    /// for its length, which an import's removal of the old table then waits for).
    pub min_rows: u64,
}

impl ColumnarSettings {
    /// The default budget, in MiB.
    pub const DEFAULT_MEMORY_MB: u64 = 1024;
    /// The default smallest version given a copy.
    pub const DEFAULT_MIN_ROWS: u64 = 100_000;
}

impl Default for ColumnarSettings {
    fn default() -> Self {
        ColumnarSettings {
            memory_bytes: (Self::DEFAULT_MEMORY_MB * 1024 * 1024) as usize,
            min_rows: Self::DEFAULT_MIN_ROWS,
        }
    }
}

struct Entry {
    table: Arc<Table>,
    bytes: usize,
    last_use: u64,
}

#[derive(Default)]
struct Held {
    tables: HashMap<String, Entry>,
    used: usize,
    clock: u64,
    /// The version being loaded, if any.
    loading: Option<String>,
    /// Versions too large for the budget (or unreadable as columns): never tried again.
    refused: HashSet<String>,
}

/// The copies, shared by every request of the process.
#[derive(Clone, Default)]
pub struct ColumnarTables {
    settings: ColumnarSettings,
    held: Arc<Mutex<Held>>,
    /// Exports answered from a copy.
    exports: Arc<AtomicU64>,
}

impl ColumnarTables {
    /// No copy yet, under `settings`' budget.
    pub fn new(settings: ColumnarSettings) -> ColumnarTables {
        ColumnarTables {
            settings,
            held: Arc::default(),
            exports: Arc::default(),
        }
    }

    /// Bytes held by the copies now.
    pub fn used_bytes(&self) -> usize {
        lock(&self.held).used
    }

    /// How many exports were answered from a copy.
    pub fn exports_answered(&self) -> u64 {
        self.exports.load(Ordering::Relaxed)
    }

    /// Whether the current version of `dataset` has a copy here.
    pub fn is_loaded(&self, dataset: &Dataset) -> bool {
        lock(&self.held).tables.contains_key(&dataset.table_name)
    }

    /// The copy of `dataset`'s current version, if held; otherwise starts loading it (unless
    /// another load runs, or it was refused) and returns `None`.
    fn get(&self, store: &Store, dataset: &Dataset) -> Option<Arc<Table>> {
        if self.settings.memory_bytes == 0 || dataset.records_count < self.settings.min_rows {
            return None;
        }
        let mut held = lock(&self.held);
        held.clock += 1;
        let now = held.clock;
        if let Some(entry) = held.tables.get_mut(&dataset.table_name) {
            entry.last_use = now;
            return Some(Arc::clone(&entry.table));
        }
        if held.loading.is_some() || held.refused.contains(&dataset.table_name) {
            return None;
        }
        held.loading = Some(dataset.table_name.clone());
        drop(held);
        let (this, store, dataset) = (self.clone(), store.clone(), dataset.clone());
        tokio::spawn(async move {
            let loaded = store.load_table(&dataset, this.settings.memory_bytes).await;
            this.loaded(&dataset.table_name, loaded);
        });
        None
    }

    /// Keeps a finished load, dropping the least recently used copies to make room.
    fn loaded(&self, name: &str, loaded: Result<Option<Table>, StoreError>) {
        let mut held = lock(&self.held);
        held.loading = None;
        let table = match loaded {
            Ok(Some(table)) => table,
            Ok(None) => {
                tracing::info!(table = name, "columnar: version larger than the budget");
                held.refused.insert(name.to_owned());
                return;
            }
            Err(StoreError::Invalid(reason)) => {
                tracing::warn!(table = name, "columnar: {reason}");
                held.refused.insert(name.to_owned());
                return;
            }
            // The database may be back later: the next query tries again.
            Err(e) => {
                tracing::warn!(table = name, "columnar: load failed: {e}");
                return;
            }
        };
        let bytes = table.heap_bytes();
        while held.used + bytes > self.settings.memory_bytes {
            let oldest = held
                .tables
                .iter()
                .min_by_key(|(_, e)| e.last_use)
                .map(|(n, _)| n.clone());
            let Some(oldest) = oldest else { break };
            if let Some(gone) = held.tables.remove(&oldest) {
                held.used -= gone.bytes;
            }
        }
        held.clock += 1;
        let last_use = held.clock;
        held.used += bytes;
        held.tables.insert(
            name.to_owned(),
            Entry {
                table: Arc::new(table),
                bytes,
                last_use,
            },
        );
        metrics::gauge!("galette_columnar_bytes").set(held.used as f64);
    }

    /// The rows of an export of `query` (compiled as `compiled`) in order, when the copy of
    /// `dataset`'s version is held (a first request starts its load, as for a page) and the
    /// engine answers the query exactly; `None` sends the export to the SQL path.
    pub async fn ordered(
        &self,
        store: &Store,
        dataset: &Dataset,
        query: &RecordsQuery,
        compiled: &Compiled,
    ) -> Option<Ordered> {
        let table = self.get(store, dataset)?;
        let plan = columnar_plan(dataset, query, compiled)?;
        let Shape::Records { outputs, .. } = &plan.shape else {
            return None;
        };
        let outputs = outputs.clone();
        let zone = plan.zone.clone();
        let copy = Arc::clone(&table);
        // A sort of millions of rows takes a while: off the request threads.
        let rows = tokio::task::spawn_blocking(move || ordered_rows(&copy, &plan))
            .await
            .ok()?
            .ok()?;
        metrics::counter!("galette_columnar_exports_total").increment(1);
        self.exports.fetch_add(1, Ordering::Relaxed);
        Some(Ordered {
            table,
            outputs,
            zone,
            rows,
        })
    }

    /// A page of `query` (compiled as `compiled`) over `dataset` and its total: from the
    /// copy when the engine answers it, else from the store.
    pub async fn page(
        &self,
        store: &Store,
        dataset: &Dataset,
        query: &RecordsQuery,
        compiled: &Compiled,
    ) -> Result<ExplorePage, StoreError> {
        let answers = self
            .pages(store, dataset, &[(query, compiled, true)])
            .await?;
        answers
            .into_iter()
            .next()
            .ok_or(StoreError::NotFound("answer"))
    }

    /// The answers of several queries over one dataset (an explorer page and its facets):
    /// those the engine answers share one evaluation of their common filter; the others,
    /// and any the engine gives up on, are asked of the store — a page with its total when
    /// `with_total`, else the rows only (their total is then the rows').
    pub async fn pages(
        &self,
        store: &Store,
        dataset: &Dataset,
        queries: &[(&RecordsQuery, &Compiled, bool)],
    ) -> Result<Vec<ExplorePage>, StoreError> {
        let table = self.get(store, dataset);
        let plans: Vec<Option<Plan>> = match &table {
            Some(_) => queries
                .iter()
                .map(|(query, compiled, _)| columnar_plan(dataset, query, compiled))
                .collect(),
            None => vec![None; queries.len()],
        };
        let lowered: Vec<Plan> = plans.iter().flatten().cloned().collect();
        let mut answers = match (lowered.is_empty(), table) {
            // A scan of millions of rows takes milliseconds: off the request threads.
            (false, Some(table)) => {
                tokio::task::spawn_blocking(move || execute_all(&table, &lowered))
                    .await
                    .unwrap_or_default()
            }
            _ => Vec::new(),
        }
        .into_iter();
        let mut pages = Vec::with_capacity(queries.len());
        for (plan, (_, compiled, with_total)) in plans.iter().zip(queries) {
            let answer = match plan {
                Some(_) => answers.next().and_then(Result::ok),
                None => None,
            };
            pages.push(match answer {
                Some(page) => {
                    metrics::counter!("galette_columnar_answers_total").increment(1);
                    page.into()
                }
                None if *with_total => store.explore_page(compiled).await?,
                None => {
                    let rows = store.explore_rows(compiled).await?;
                    ExplorePage {
                        total: rows.len() as u64,
                        rows,
                    }
                }
            });
        }
        Ok(pages)
    }
}
