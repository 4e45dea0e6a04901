//! Whole-dataset CSV exports kept as files, so the most common download ("give me all of
//! it") is sent at disk speed instead of being rebuilt by the database each time.
//!
//! A dataset version never changes: an import writes a new table under a new name. So a file
//! named after the table (`<table>.<delimiter>.csv`) can never be stale; it holds the rows'
//! lines only (the header and the BOM depend on the request and are written per request).
//! A file is written by the import, or on the first whole export that finds none (the lines
//! streamed to the client are copied to a temporary file, renamed into place only when the
//! export completed). Files of other versions of the same dataset are removed then.

use crate::explore::{CsvStyle, RecordsQuery, compile, csv_lines_sql};
use crate::{Dataset, Store, StoreError};
use std::io::Write;
use std::path::{Path, PathBuf};
use tokio::sync::mpsc;

/// The directory holding export files (`None`: exports are always built by the database).
#[derive(Clone, Debug, Default)]
pub struct ExportFiles {
    dir: Option<PathBuf>,
}

/// Where an export's lines are copied while they stream, until the export completes.
pub struct Tee {
    file: std::io::BufWriter<std::fs::File>,
    temporary: PathBuf,
    target: PathBuf,
    failed: bool,
}

fn delimiter_name(delimiter: char) -> &'static str {
    match delimiter {
        ',' => "comma",
        '\t' => "tab",
        '|' => "pipe",
        _ => "semicolon",
    }
}

impl ExportFiles {
    /// Export files under `dir` (created when first needed).
    pub fn new(dir: Option<PathBuf>) -> Self {
        ExportFiles { dir }
    }

    fn path(&self, dataset: &Dataset, delimiter: char) -> Option<PathBuf> {
        // Table names are `ds_<uid>_<suffix>`, letters, digits and underscores only.
        let safe = dataset
            .table_name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_');
        let dir = self.dir.as_ref().filter(|_| safe)?;
        Some(dir.join(format!(
            "{}.{}.csv",
            dataset.table_name,
            delimiter_name(delimiter)
        )))
    }

    /// The lines of the whole dataset with this delimiter, if a file holds them.
    pub async fn open(&self, dataset: &Dataset, delimiter: char) -> Option<tokio::fs::File> {
        tokio::fs::File::open(self.path(dataset, delimiter)?)
            .await
            .ok()
    }

    /// A temporary file to copy a whole export's lines into (None if there is no directory
    /// or it cannot be written: the export then simply streams without a copy).
    pub fn tee(&self, dataset: &Dataset, delimiter: char) -> Option<Tee> {
        let target = self.path(dataset, delimiter)?;
        let dir = target.parent()?;
        if let Err(error) = std::fs::create_dir_all(dir) {
            tracing::warn!(%error, dir = %dir.display(), "cannot create the export directory");
            return None;
        }
        let temporary = dir.join(format!(
            ".{}.{}.tmp",
            target.file_name()?.to_string_lossy(),
            rand::random::<u64>()
        ));
        let file = std::fs::File::create(&temporary).ok()?;
        Some(Tee {
            file: std::io::BufWriter::with_capacity(256 * 1024, file),
            temporary,
            target,
            failed: false,
        })
    }

    /// Writes the file of the whole dataset with the default `;` delimiter (after an import),
    /// reading the lines from the database exactly as an export request would.
    pub async fn prepare(&self, store: &Store, dataset: &Dataset) -> Result<(), StoreError> {
        let Some(mut tee) = self.tee(dataset, ';') else {
            return Ok(());
        };
        let (sql, params) = whole_dataset_lines(store, dataset, ';')?;
        let (tx, mut rx) = mpsc::channel::<Result<String, StoreError>>(1024);
        let reader = store.clone();
        let task = tokio::spawn(async move {
            reader
                .explore_lines(
                    &sql,
                    &params,
                    &galette_core::explore::timezone::Zone::utc(),
                    tx,
                )
                .await
        });
        while let Some(line) = rx.recv().await {
            let line = line?;
            tee.write(line.as_bytes());
            tee.write(b"\r\n");
        }
        task.await
            .map_err(|e| StoreError::Invalid(format!("the export task failed: {e}")))?;
        tee.complete();
        Ok(())
    }
}

/// The SQL (and parameters) of the lines of a whole dataset.
pub fn whole_dataset_lines(
    store: &Store,
    dataset: &Dataset,
    delimiter: char,
) -> Result<(String, Vec<crate::explore::Param>), StoreError> {
    let compiled = compile(dataset, store.backend(), &RecordsQuery::default())
        .map_err(|e| StoreError::Invalid(e.to_string()))?;
    let style = CsvStyle {
        delimiter,
        quote_all: false,
    };
    Ok((
        csv_lines_sql(&compiled, store.backend(), style),
        compiled.params,
    ))
}

impl Tee {
    /// Copies bytes of the export; a write error abandons the copy, never the export.
    pub fn write(&mut self, bytes: &[u8]) {
        if !self.failed && self.file.write_all(bytes).is_err() {
            self.failed = true;
        }
    }

    /// The export completed: the copy becomes the file of this version, and the files of
    /// the dataset's older versions go.
    pub fn complete(mut self) {
        let flushed = !self.failed && self.file.flush().is_ok();
        if flushed && std::fs::rename(&self.temporary, &self.target).is_ok() {
            remove_other_versions(&self.target);
        }
    }
}

impl Drop for Tee {
    fn drop(&mut self) {
        // After a rename this finds nothing; otherwise the export did not complete.
        let _ = std::fs::remove_file(&self.temporary);
    }
}

/// Removes `ds_<uid>_<other suffix>.*.csv` beside `target` (`ds_<uid>_<suffix>.<delim>.csv`).
fn remove_other_versions(target: &Path) {
    let (Some(dir), Some(name)) = (target.parent(), target.file_name()) else {
        return;
    };
    let name = name.to_string_lossy();
    let Some(table) = name.split('.').next() else {
        return;
    };
    let Some((dataset_prefix, _)) = table.rsplit_once('_') else {
        return;
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let other = entry.file_name().to_string_lossy().into_owned();
        let other_table = other.split('.').next().unwrap_or_default();
        let same_dataset = other_table
            .rsplit_once('_')
            .is_some_and(|(prefix, _)| prefix == dataset_prefix);
        if same_dataset && other_table != table && other.ends_with(".csv") {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_files_of_other_versions_of_the_same_dataset_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let names = [
            "ds_da_one_aaaa.semicolon.csv",
            "ds_da_one_aaaa.comma.csv",
            "ds_da_one_bbbb.semicolon.csv",
            "ds_da_two_cccc.semicolon.csv",
        ];
        for name in names {
            std::fs::write(dir.path().join(name), "x").unwrap();
        }
        remove_other_versions(&dir.path().join("ds_da_one_bbbb.semicolon.csv"));
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                "ds_da_one_bbbb.semicolon.csv",
                "ds_da_two_cccc.semicolon.csv"
            ]
        );
    }
}
