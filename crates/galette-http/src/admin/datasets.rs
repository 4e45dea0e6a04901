//! `/backoffice/datasets/`: the site's datasets, and the form that uploads a CSV file as a
//! new dataset or as the new version of one. The import is `Store::import_csv`, the same as
//! `galette import`'s; until it succeeds, readers keep the previous version. As after the
//! CLI's import, the whole-export file is then written (`galette_store::export_files`).

use super::Staff;
use super::upload_form::{UploadForm, UploadProblem, UploadRequest};
use crate::error::PageError;
use crate::extract::{MultipartBody, query_param};
use crate::layout::Layout;
use crate::state::{App, AppState};
use axum::extract::{RawQuery, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use fluent_bundle::{FluentArgs, FluentValue};
use galette_core::dataset::{DatasetId, ImportError, MAX_COLUMN_NAME_CHARS, ReadOptions};
use galette_core::language::Language;
use galette_core::time::rfc3339_utc;
use galette_store::{CsvImport, ImportFailure, StoreError};
use serde::Serialize;

#[derive(Serialize)]
struct DatasetRow {
    id: String,
    title: String,
    rows: u64,
    modified: String,
    is_restricted: bool,
}

#[derive(Serialize)]
struct Imported {
    dataset: String,
    rows: u64,
}

#[derive(Serialize)]
struct DatasetsPage<'a> {
    #[serde(flatten)]
    layout: Layout,
    datasets: Vec<DatasetRow>,
    imported: Option<Imported>,
    form: &'a UploadForm,
    error: Option<String>,
    max_upload_mb: u64,
}

/// The list and the form; `imported` names a dataset just imported, `error` says why the
/// form was refused.
async fn render(
    app: &App,
    staff: &Staff,
    imported: Option<&str>,
    form: &UploadForm,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let datasets = app.store.datasets(staff.visitor.tenant.id).await?;
    let imported = imported
        .and_then(|id| datasets.iter().find(|d| d.dataset_id == id))
        .map(|d| Imported {
            dataset: d.dataset_id.clone(),
            rows: d.records_count,
        });
    let datasets = datasets
        .into_iter()
        .map(|d| DatasetRow {
            modified: rfc3339_utc(d.modified)
                .chars()
                .take(16)
                .collect::<String>()
                .replace('T', " "),
            id: d.dataset_id,
            title: d.title,
            rows: d.records_count,
            is_restricted: d.is_restricted,
        })
        .collect();
    let page = DatasetsPage {
        layout: Layout::new(app, &staff.visitor, "/backoffice/datasets/").await?,
        datasets,
        imported,
        form,
        error,
        max_upload_mb: app.settings.uploads.max_bytes / (1024 * 1024),
    };
    let html = app.pages.render("admin/datasets.html", &page)?;
    Ok((status, Html(html)).into_response())
}

/// `GET /backoffice/datasets/`.
pub async fn list_datasets(
    State(app): State<AppState>,
    staff: Staff,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let imported = query_param(query.as_deref(), "imported");
    let form = UploadForm::default();
    render(
        &app,
        &staff,
        imported.as_deref(),
        &form,
        None,
        StatusCode::OK,
    )
    .await
}

/// `POST /backoffice/datasets/`: imports the uploaded file, then back to the list (303), or
/// the form again with the reason (400, 413). The temporary file goes with `form`.
pub async fn upload_dataset(
    State(app): State<AppState>,
    staff: Staff,
    MultipartBody(mut parts): MultipartBody,
) -> Result<Response, PageError> {
    let lang = staff.visitor.lang;
    let mut form = UploadForm::default();
    let (status, error) = match form.read(&mut parts, &app.settings.uploads).await {
        Err(problem) => unreadable(&app, lang, problem),
        Ok(()) => match form.validate() {
            Err(key) => (StatusCode::BAD_REQUEST, app.pages.text(lang, key)),
            Ok(request) => match import(&app, &staff, request).await? {
                Ok(dataset) => {
                    let location = format!("/backoffice/datasets/?imported={dataset}");
                    let location = HeaderValue::from_str(&location)
                        .unwrap_or(HeaderValue::from_static("/backoffice/datasets/"));
                    return Ok(
                        (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response()
                    );
                }
                Err(refused) => refused,
            },
        },
    };
    render(&app, &staff, None, &form, Some(error), status).await
}

/// Why the body could not be read, as a status and a sentence.
fn unreadable(app: &App, lang: Language, problem: UploadProblem) -> (StatusCode, String) {
    let (status, key) = match problem {
        UploadProblem::TooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "datasets-error-too-large"),
        UploadProblem::Malformed(key) => (StatusCode::BAD_REQUEST, key),
        UploadProblem::Disk(error) => {
            tracing::error!(%error, "an upload could not be written to disk: {error}");
            (StatusCode::INTERNAL_SERVER_ERROR, "datasets-error-server")
        }
    };
    let mut args = FluentArgs::new();
    args.set("limit", app.settings.uploads.max_bytes / (1024 * 1024));
    (status, app.pages.text_with(lang, key, &args))
}

/// Runs the shared import on the uploaded file: the dataset imported, or why the file was
/// refused (status and sentence); a database failure is a page error.
async fn import(
    app: &App,
    staff: &Staff,
    request: UploadRequest,
) -> Result<Result<DatasetId, (StatusCode, String)>, PageError> {
    let lang = staff.visitor.lang;
    let slug = &staff.visitor.tenant.slug;
    let dataset = request.dataset.clone();
    let job = CsvImport {
        tenant_id: staff.visitor.tenant.id,
        dataset: request.dataset,
        path: request.path,
        options: ReadOptions {
            delimiter: request.delimiter,
            ..ReadOptions::default()
        },
        title: request.title,
        is_restricted: request.is_restricted,
        now: app.clock.unix(),
    };
    match app.store.import_csv(job, |_| {}).await {
        Ok(done) => {
            let rows = done.records_count;
            metrics::counter!(crate::telemetry::IMPORT_ROWS).increment(rows);
            tracing::info!(tenant = %slug, dataset = %dataset, rows, user = staff.user.id, "imported {rows} rows into {dataset} from the back office");
            // As after `galette import`: the whole-export file, so the first download is
            // fast too; written after the answer, since it can take as long as the import.
            let (exports, store) = (app.exports.clone(), app.store.clone());
            tokio::spawn(async move {
                if let Err(error) = exports.prepare(&store, &done).await {
                    tracing::warn!(dataset = %done.dataset_id, %error, "the export file of {} was not written ({error}); the first download will write it", done.dataset_id);
                }
            });
            Ok(Ok(dataset))
        }
        // Not a moment's outage: the form says what is wrong, and that nothing changed.
        Err(ImportFailure::Store(error @ (StoreError::DiskFull(_) | StoreError::ReadOnly(_)))) => {
            tracing::error!(tenant = %slug, dataset = %dataset, %error, "an upload could not be imported: {error}");
            let sentence = app.pages.text(lang, "datasets-error-disk-full");
            Ok(Err((StatusCode::INSUFFICIENT_STORAGE, sentence)))
        }
        Err(ImportFailure::Store(error)) => Err(PageError::Store(error)),
        Err(ImportFailure::File(error)) if !matches!(error, ImportError::Io(_)) => {
            tracing::info!(tenant = %slug, dataset = %dataset, %error, "an uploaded file was refused: {error}");
            Ok(Err((
                StatusCode::BAD_REQUEST,
                import_error(app, lang, &error),
            )))
        }
        Err(error) => {
            tracing::error!(tenant = %slug, dataset = %dataset, %error, "an uploaded file could not be read back: {error}");
            let sentence = app.pages.text(lang, "datasets-error-server");
            Ok(Err((StatusCode::INTERNAL_SERVER_ERROR, sentence)))
        }
    }
}

/// Why the file was refused, in the administrator's language, with its line and column.
fn import_error(app: &App, lang: Language, error: &ImportError) -> String {
    let mut args = FluentArgs::new();
    let key = match error {
        ImportError::Empty => "datasets-error-empty",
        ImportError::NotText => "datasets-error-not-text",
        ImportError::Malformed { line, reason } => {
            args.set("line", *line);
            args.set("reason", reason.clone());
            "datasets-error-malformed"
        }
        ImportError::FieldCount {
            line,
            column,
            expected,
            found,
        } => {
            args.set("line", *line);
            args.set("column", *column);
            args.set("expected", *expected);
            args.set("found", *found);
            "datasets-error-field-count"
        }
        ImportError::BadValue {
            line,
            column,
            value,
            expected,
        } => {
            args.set("line", *line);
            args.set("column", column.clone());
            args.set("value", value.clone());
            args.set("type", FluentValue::from(expected.code()));
            "datasets-error-bad-value"
        }
        ImportError::TooManyColumns(count) => {
            args.set("count", *count);
            "datasets-error-too-many-columns"
        }
        ImportError::ColumnNameTooLong { column, chars } => {
            args.set("column", *column);
            args.set("chars", *chars);
            args.set("limit", MAX_COLUMN_NAME_CHARS);
            "datasets-error-column-name"
        }
        ImportError::CellTooLarge {
            line,
            column,
            bytes,
        } => {
            args.set("line", *line);
            args.set("column", *column);
            args.set("bytes", *bytes);
            "datasets-error-cell-too-large"
        }
        // Not reachable from the form, which forces no type; kept total.
        ImportError::UnknownField(_) | ImportError::Io(_) => "datasets-error-form",
    };
    app.pages.text_with(lang, key, &args)
}
