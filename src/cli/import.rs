//! `galette import --tenant SLUG --dataset ID FILE.csv`: a CSV file into a dataset.
//!
//! The import itself is `Store::import_csv`, which the back office's upload form runs too:
//! two streaming passes over the file, the new version visible in one step at the end, and
//! the previous version left in place by a failure or an interruption. This command parses
//! the flags and shows a progress bar.

use anyhow::Context;
use galette_core::dataset::{DatasetId, FieldType, ReadOptions};
use galette_store::{CsvImport, ImportProgress, Store};
use indicatif::{ProgressBar, ProgressStyle};
use std::path::PathBuf;

/// Flags of `import`.
#[derive(clap::Args, Debug)]
pub struct ImportCommand {
    /// Slug of the site.
    #[arg(long)]
    pub tenant: String,
    /// Dataset id (a-z, 0-9, - and _), as the API and URLs name it.
    #[arg(long)]
    pub dataset: String,
    /// The CSV file (UTF-8 or Windows-1252; delimiter detected).
    file: PathBuf,
    /// Title shown in the catalogue (default: the current title, or the id for a new dataset).
    #[arg(long)]
    title: Option<String>,
    /// Field delimiter, if detection is not wanted: , ; | or tab.
    #[arg(long)]
    delimiter: Option<String>,
    /// Force a field's type: NAME=TYPE (text, int, double, boolean, date, datetime, geo_point_2d).
    #[arg(long = "type", value_name = "NAME=TYPE")]
    types: Vec<String>,
    /// Who may read it: public (anyone) or restricted (API keys and signed-in users).
    /// A re-import keeps the current setting unless this is given.
    #[arg(long, value_parser = ["public", "restricted"])]
    visibility: Option<String>,
}

/// Runs the import.
pub async fn run(store: &Store, command: ImportCommand) -> anyhow::Result<()> {
    let tenant = store
        .tenant_by_slug(&command.tenant)
        .await?
        .ok_or_else(|| {
            anyhow::anyhow!(
                "no site has the slug {:?} (see `galette tenant list`)",
                command.tenant
            )
        })?;
    let dataset = DatasetId::parse(&command.dataset)?;
    let job = CsvImport {
        tenant_id: tenant.id,
        dataset: dataset.clone(),
        path: command.file.clone(),
        options: ReadOptions {
            delimiter: delimiter(command.delimiter.as_deref())?,
            overrides: overrides(&command.types)?,
            ..ReadOptions::default()
        },
        title: command.title,
        is_restricted: command.visibility.map(|v| v == "restricted"),
        now: super::unix_now(),
    };

    let progress = ProgressBar::new(0);
    progress.set_style(
        ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} rows ({per_sec}, {eta} left)")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    let show = |step: ImportProgress| {
        if step.rows_written == 0 {
            // Pass 1 is over: the number of rows is known.
            progress.set_length(step.rows_total);
            progress.set_message(format!("importing {dataset}"));
        }
        progress.set_position(step.rows_written);
    };
    let done = match store.import_csv(job, show).await {
        Ok(done) => done,
        Err(error) => {
            if progress.message().is_empty() {
                // Pass 1 failed: no bar was shown.
                progress.finish_and_clear();
            } else {
                progress.abandon_with_message(
                    "import failed: the previous version of the dataset is unchanged",
                );
            }
            return Err(error).with_context(|| {
                format!(
                    "importing {} failed, and the dataset {dataset} is left as it was",
                    command.file.display()
                )
            });
        }
    };
    progress.finish_and_clear();
    let types: Vec<String> = done
        .fields
        .iter()
        .map(|f| format!("{} {}", f.name, f.field_type.code()))
        .collect();
    println!(
        "Imported {} rows into {} on {} ({}).",
        done.records_count,
        done.dataset_id,
        tenant.slug.as_str(),
        types.join(", ")
    );
    Ok(())
}

fn delimiter(text: Option<&str>) -> anyhow::Result<Option<u8>> {
    match text {
        None => Ok(None),
        Some(",") => Ok(Some(b',')),
        Some(";") => Ok(Some(b';')),
        Some("|") => Ok(Some(b'|')),
        Some("tab" | "\t" | "\\t") => Ok(Some(b'\t')),
        Some(other) => anyhow::bail!("--delimiter {other:?} is not one of , ; | tab"),
    }
}

fn overrides(types: &[String]) -> anyhow::Result<Vec<(String, FieldType)>> {
    types
        .iter()
        .map(|t| {
            let (name, kind) = t
                .split_once('=')
                .ok_or_else(|| anyhow::anyhow!("--type {t:?} must look like NAME=TYPE"))?;
            let kind = FieldType::parse(kind)
                .ok_or_else(|| anyhow::anyhow!("--type {t:?}: unknown type {kind:?}"))?;
            Ok((name.to_owned(), kind))
        })
        .collect()
}

/// Writes the imported dataset's whole CSV export as a file beside the database, so the
/// first download is as fast as the next ones (a server would otherwise write it on the
/// first request). Not fatal: the import itself has succeeded.
pub async fn prepare_export(
    store: &Store,
    args: &crate::config::StoreArgs,
    tenant: &str,
    dataset: &str,
) -> anyhow::Result<()> {
    let exports = galette_store::export_files::ExportFiles::new(Some(args.export_dir()));
    let tenant = store.tenant_by_slug(tenant).await?;
    let dataset = match tenant {
        Some(tenant) => store.dataset(tenant.id, dataset).await?,
        None => None,
    };
    if let Some(dataset) = dataset
        && let Err(error) = exports.prepare(store, &dataset).await
    {
        eprintln!(
            "note: the CSV export file was not written ({error}); it will be on first download"
        );
    }
    Ok(())
}
