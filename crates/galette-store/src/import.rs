//! The whole import of a CSV file into a dataset, shared by `galette import` and the back
//! office's upload form.
//!
//! Owns: the two streaming passes over the file (core's `infer_schema`, then `read_rows`) on
//! blocking threads, handing rows to `Import` in batches, and what a re-import keeps (the
//! title and the visibility, unless given). Memory stays flat whatever the file's size. Any
//! failure aborts the new version, and readers see the previous one until the last step.
//! Does not own: the CSV rules (`galette_core::dataset`) or the tables (`datasets`).

use crate::{Dataset, Store, StoreError};
use galette_core::dataset::{
    DatasetId, ImportError, ReadOptions, Schema, Value, infer_schema, read_rows,
};
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use tokio::sync::mpsc;

/// Rows the reading thread hands to the database writer at once.
const ROWS_PER_BATCH: usize = 500;
/// Batches that may wait for the writer, so reading runs ahead but memory stays bounded.
const BATCHES_IN_FLIGHT: usize = 4;

/// One batch of typed rows, or why reading stopped.
type Batch = Result<Vec<Vec<Value>>, ImportFailure>;

/// What to import, where from, and how.
#[derive(Clone, Debug)]
pub struct CsvImport {
    /// Tenant the dataset belongs to.
    pub tenant_id: i64,
    /// The dataset to create, or to replace if it exists.
    pub dataset: DatasetId,
    /// The CSV file; it is read twice, so it must stay in place until the import ends.
    pub path: PathBuf,
    /// Delimiter, encoding and type overrides.
    pub options: ReadOptions,
    /// Title in the catalogue; `None` keeps the current one (the id for a new dataset).
    pub title: Option<String>,
    /// Whether only API keys and signed-in users may read it; `None` keeps the current
    /// setting (public for a new dataset).
    pub is_restricted: Option<bool>,
    /// When the import happens (Unix seconds), the dataset's new modification time.
    pub now: i64,
}

/// How far an import has gone; reported once after pass 1, then after every row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ImportProgress {
    /// Rows written to the new version so far.
    pub rows_written: u64,
    /// Data rows in the file, as pass 1 counted them.
    pub rows_total: u64,
}

/// Why an import failed; in every case the previous version of the dataset is unchanged.
#[derive(Debug, thiserror::Error)]
pub enum ImportFailure {
    /// The file could not be opened.
    #[error("cannot open {}: {source}", path.display())]
    Open {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not an importable CSV file; the message names the line and column.
    #[error(transparent)]
    File(#[from] ImportError),
    /// Writing the new version failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Store {
    /// Imports a CSV file as the new version of a dataset, calling `progress` as it goes,
    /// and returns the dataset as now published.
    pub async fn import_csv(
        &self,
        job: CsvImport,
        mut progress: impl FnMut(ImportProgress) + Send,
    ) -> Result<Dataset, ImportFailure> {
        let schema = {
            let (path, options) = (job.path.clone(), job.options.clone());
            tokio::task::spawn_blocking(move || -> Result<Schema, ImportFailure> {
                Ok(infer_schema(open(&path)?, &options)?)
            })
            .await
            .map_err(reader_stopped)??
        };
        let rows_total = schema.rows;
        progress(ImportProgress {
            rows_written: 0,
            rows_total,
        });
        let title = match job.title {
            Some(title) => title,
            None => self
                .dataset(job.tenant_id, job.dataset.as_str())
                .await?
                .map_or_else(|| job.dataset.to_string(), |current| current.title),
        };

        let mut import = self
            .begin_import(job.tenant_id, job.dataset.as_str(), &schema.fields)
            .await?;
        if let Some(is_restricted) = job.is_restricted {
            import.set_restricted(is_restricted);
        }
        let (sender, mut batches) = mpsc::channel(BATCHES_IN_FLIGHT);
        let reader = tokio::task::spawn_blocking(move || send_rows(&job.path, &schema, &sender));
        let written: Result<(), ImportFailure> = async {
            while let Some(batch) = batches.recv().await {
                for row in batch? {
                    import.push(row).await?;
                    progress(ImportProgress {
                        rows_written: import.rows(),
                        rows_total,
                    });
                }
            }
            // The channel also closes when the reader panics: only a clean end counts.
            reader.await.map_err(reader_stopped)
        }
        .await;
        if let Err(error) = written {
            // Dropping the receiver first stops the reader at its next batch.
            drop(batches);
            import.abort().await;
            return Err(error);
        }
        Ok(import.finish(&title, job.now).await?)
    }
}

/// Pass 2 on a blocking thread: the file's typed rows, in batches, until the end, the first
/// error, or the writer hanging up.
fn send_rows(path: &Path, schema: &Schema, sender: &mpsc::Sender<Batch>) {
    let rows = match open(path).and_then(|file| Ok(read_rows(file, schema)?)) {
        Ok(rows) => rows,
        Err(error) => {
            // The writer may have hung up already; it then has its own error to report.
            let _ = sender.blocking_send(Err(error));
            return;
        }
    };
    let mut batch = Vec::with_capacity(ROWS_PER_BATCH);
    for row in rows {
        match row {
            Ok(row) => batch.push(row),
            Err(error) => {
                let _ = sender.blocking_send(Err(error.into()));
                return;
            }
        }
        if batch.len() == ROWS_PER_BATCH
            && sender
                .blocking_send(Ok(std::mem::replace(
                    &mut batch,
                    Vec::with_capacity(ROWS_PER_BATCH),
                )))
                .is_err()
        {
            return;
        }
    }
    if !batch.is_empty() {
        let _ = sender.blocking_send(Ok(batch));
    }
}

fn open(path: &Path) -> Result<BufReader<File>, ImportFailure> {
    File::open(path)
        .map(BufReader::new)
        .map_err(|source| ImportFailure::Open {
            path: path.to_owned(),
            source,
        })
}

/// A reading thread that panicked or was cancelled: a defect, reported as a read failure.
fn reader_stopped(error: tokio::task::JoinError) -> ImportFailure {
    ImportFailure::File(ImportError::Io(format!("the file reader stopped: {error}")))
}
