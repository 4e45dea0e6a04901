//! The upload form of `/backoffice/datasets/`, read from its multipart body: the small
//! fields into memory, the CSV file straight to a temporary file under the size limit.
//!
//! Owns: the field names, their size limits and what each value may be. The temporary
//! file is removed when `UploadForm` is dropped, whatever happened; if the process dies
//! instead, [`remove_stale_uploads`] removes it later.
//! Does not own: the import (`Store::import_csv`) or the page (`datasets`).

use crate::state::UploadSettings;
use axum::body::Bytes;
use galette_core::dataset::DatasetId;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::time::Duration;
use tempfile::NamedTempFile;
use tokio::io::AsyncWriteExt;

/// How an upload's temporary file is named: `upload-<random>.csv`.
const UPLOAD_PREFIX: &str = "upload-";
/// See [`UPLOAD_PREFIX`].
const UPLOAD_SUFFIX: &str = ".csv";
/// The most bytes a text field of the form may have (a title of 200 characters fits).
const MAX_TEXT_FIELD: usize = 4 * 1024;
/// The longest title, in characters.
const MAX_TITLE_CHARS: usize = 200;
/// After a file over the limit, how much more of the body is read (and dropped) so that the
/// browser, still sending, gets the answer instead of a reset connection.
const MAX_DRAIN: u64 = 64 * 1024 * 1024;

/// The form's values as sent, echoed back when it is shown again.
#[derive(Default, Serialize)]
pub struct UploadForm {
    /// Dataset id, as typed.
    pub dataset: String,
    /// Title, as typed.
    pub title: String,
    /// `auto`, `,`, `;`, `tab` or `|`.
    pub delimiter: String,
    /// `keep`, `public` or `restricted`.
    pub visibility: String,
    /// The uploaded file, if a part carried one.
    #[serde(skip)]
    pub file: Option<UploadedFile>,
}

/// The CSV file, on disk while it is imported.
pub struct UploadedFile {
    /// The temporary file; dropping it removes it.
    pub temp: NamedTempFile,
    /// Its size in bytes.
    pub bytes: u64,
    /// Whether the part named a file (browsers send an unnamed empty part when none was chosen).
    pub is_named: bool,
}

/// Why the body could not be read as the upload form.
#[derive(Debug)]
pub enum UploadProblem {
    /// The file is larger than the limit (413).
    TooLarge,
    /// The body is not the form we sent, or was cut short (400); the key says how.
    Malformed(&'static str),
    /// The temporary file could not be written (a server fault).
    Disk(std::io::Error),
}

/// The validated request: what the import needs besides the file.
pub struct UploadRequest {
    /// Dataset to create or replace.
    pub dataset: DatasetId,
    /// Where the uploaded file is; it lives as long as the form.
    pub path: PathBuf,
    /// New title, or keep the current one.
    pub title: Option<String>,
    /// Forced delimiter, or detect it.
    pub delimiter: Option<u8>,
    /// New visibility (true: restricted), or keep the current one.
    pub is_restricted: Option<bool>,
}

impl UploadForm {
    /// Reads every part of the body; on a problem, the fields read so far stay filled in.
    pub async fn read(
        &mut self,
        parts: &mut multer::Multipart<'static>,
        settings: &UploadSettings,
    ) -> Result<(), UploadProblem> {
        while let Some(mut part) = parts.next_field().await.map_err(malformed)? {
            let name = part.name().unwrap_or_default().to_owned();
            let target = match name.as_str() {
                "dataset" => &mut self.dataset,
                "title" => &mut self.title,
                "delimiter" => &mut self.delimiter,
                "visibility" => &mut self.visibility,
                "file" if self.file.is_none() => {
                    let file = save_file(&mut part, settings).await;
                    if matches!(file, Err(UploadProblem::TooLarge)) {
                        drain(part, parts).await;
                    }
                    self.file = Some(file?);
                    continue;
                }
                // The CSRF token (checked already) and anything else: skipped.
                _ => continue,
            };
            *target = read_text(part).await?;
        }
        Ok(())
    }

    /// Checks the values; the error is the Fluent key of the sentence to show.
    pub fn validate(&self) -> Result<UploadRequest, &'static str> {
        let dataset = DatasetId::parse(self.dataset.trim()).map_err(|_| "datasets-error-id")?;
        let path = match &self.file {
            Some(file) if file.is_named || file.bytes > 0 => file.temp.path().to_owned(),
            _ => return Err("datasets-error-no-file"),
        };
        let title = self.title.trim();
        if title.chars().count() > MAX_TITLE_CHARS {
            return Err("datasets-error-title");
        }
        let delimiter = match self.delimiter.as_str() {
            "" | "auto" => None,
            "," => Some(b','),
            ";" => Some(b';'),
            "tab" => Some(b'\t'),
            "|" => Some(b'|'),
            _ => return Err("datasets-error-form"),
        };
        let is_restricted = match self.visibility.as_str() {
            "" | "keep" => None,
            "public" => Some(false),
            "restricted" => Some(true),
            _ => return Err("datasets-error-form"),
        };
        Ok(UploadRequest {
            dataset,
            path,
            title: Some(title.to_owned()).filter(|t| !t.is_empty()),
            delimiter,
            is_restricted,
        })
    }
}

/// Streams the file part to a new temporary file, stopping past the size limit.
async fn save_file(
    part: &mut multer::Field<'static>,
    settings: &UploadSettings,
) -> Result<UploadedFile, UploadProblem> {
    let dir = settings.dir.clone().unwrap_or_else(std::env::temp_dir);
    let temp = tokio::task::spawn_blocking(move || new_temp_file(dir))
        .await
        .map_err(|e| UploadProblem::Disk(std::io::Error::other(e)))?
        .map_err(UploadProblem::Disk)?;
    let is_named = part.file_name().is_some_and(|name| !name.is_empty());
    let mut out = tokio::fs::File::from_std(temp.reopen().map_err(UploadProblem::Disk)?);
    let mut bytes: u64 = 0;
    while let Some(chunk) = part.chunk().await.map_err(malformed)? {
        bytes += chunk.len() as u64;
        if bytes > settings.max_bytes {
            return Err(UploadProblem::TooLarge);
        }
        out.write_all(&chunk).await.map_err(UploadProblem::Disk)?;
    }
    out.flush().await.map_err(UploadProblem::Disk)?;
    Ok(UploadedFile {
        temp,
        bytes,
        is_named,
    })
}

/// A new temporary file, locked (`flock`) for as long as it lives: the clean-up of
/// [`remove_stale_uploads`] leaves a locked file alone, in this process or another, and
/// the lock goes with the process if it dies.
fn new_temp_file(dir: PathBuf) -> std::io::Result<NamedTempFile> {
    std::fs::create_dir_all(&dir)?;
    let temp = tempfile::Builder::new()
        .prefix(UPLOAD_PREFIX)
        .suffix(UPLOAD_SUFFIX)
        .tempfile_in(dir)?;
    temp.as_file().lock()?;
    Ok(temp)
}

/// Removes the uploads that a process killed mid-upload or mid-import left in `dir`:
/// files named as this module names them, not locked by a live upload, and unchanged for
/// `grace` (which covers the instant between a file's creation and its lock). Returns the
/// files removed; a missing directory has none.
pub fn remove_stale_uploads(dir: &Path, grace: Duration) -> std::io::Result<Vec<PathBuf>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut removed = Vec::new();
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name();
        let is_upload = name.to_str().is_some_and(|n| {
            n.starts_with(UPLOAD_PREFIX) && n.ends_with(UPLOAD_SUFFIX) && n.is_ascii()
        });
        let metadata = entry.metadata()?;
        let age = metadata.modified()?.elapsed().unwrap_or(Duration::ZERO);
        if !is_upload || !metadata.is_file() || age < grace {
            continue;
        }
        let path = entry.path();
        let file = std::fs::File::open(&path)?;
        match file.try_lock() {
            Ok(()) => {
                std::fs::remove_file(&path)?;
                removed.push(path);
            }
            Err(std::fs::TryLockError::WouldBlock) => {}
            Err(std::fs::TryLockError::Error(e)) => return Err(e),
        }
    }
    Ok(removed)
}

/// A small text field, refused if it is long or not UTF-8.
async fn read_text(mut part: multer::Field<'static>) -> Result<String, UploadProblem> {
    let mut bytes = Vec::new();
    while let Some(chunk) = part.chunk().await.map_err(malformed)? {
        if bytes.len() + chunk.len() > MAX_TEXT_FIELD {
            return Err(UploadProblem::Malformed("datasets-error-form"));
        }
        bytes.extend_from_slice(&chunk);
    }
    String::from_utf8(bytes).map_err(|_| UploadProblem::Malformed("datasets-error-form"))
}

/// Reads and drops the rest of the body, up to `MAX_DRAIN` bytes.
async fn drain(mut part: multer::Field<'static>, parts: &mut multer::Multipart<'static>) {
    let mut drained: u64 = 0;
    let mut take = |chunk: Bytes| {
        drained += chunk.len() as u64;
        drained <= MAX_DRAIN
    };
    while let Ok(Some(chunk)) = part.chunk().await {
        if !take(chunk) {
            return;
        }
    }
    drop(part);
    while let Ok(Some(mut part)) = parts.next_field().await {
        while let Ok(Some(chunk)) = part.chunk().await {
            if !take(chunk) {
                return;
            }
        }
    }
}

fn malformed(error: multer::Error) -> UploadProblem {
    tracing::info!(%error, "an upload body could not be read: {error}");
    UploadProblem::Malformed("datasets-error-form")
}
