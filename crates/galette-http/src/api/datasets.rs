//! The catalogue, dataset objects, records and facets (explore-api §2, §4).

use super::caller::ApiCaller;
use super::error::ApiError;
use super::links::Links;
use super::params::Params;
use crate::answer_cache::QueryCache;

use super::dataset_object::DatasetObject;
use crate::state::{App, AppState};
use axum::Json;
use axum::extract::{Path, RawQuery, State};
use galette_store::explore::{ExplorePage, ExploreRow, RECORD_ID_COLUMN, RecordsQuery, compile};
use galette_store::{Dataset, catalog_dataset};
use serde::Serialize;
use serde_json::Value;

#[derive(Serialize)]
pub struct ListBody<T: Serialize> {
    total_count: u64,
    #[serde(rename = "_links", skip_serializing_if = "Option::is_none")]
    links: Option<Value>,
    results: Vec<T>,
}

/// `GET catalog/datasets`: the datasets the visitor may read, filtered, sorted and grouped
/// by ODSQL over their properties (`dataset_id`, `title`, `description`, `records_count`,
/// `modified`, `visibility`, `publisher`, `license`). Without `select` and `group_by` each
/// result is a dataset object; with them, a flat row as in records.
pub async fn list_datasets(
    State(app): State<AppState>,
    caller: ApiCaller,
    RawQuery(q): RawQuery,
) -> Result<Json<ListBody<Value>>, ApiError> {
    let params = Params::parse(q.as_deref())?;
    let query = params.records_query(false, app.clock.unix())?;
    let app_metas = params.flag("include_app_metas", false)?;
    let as_objects = query.select.is_none() && query.group_by.is_empty();
    let (offset, limit) = (query.offset, query.limit.unwrap_or(0));
    let ExplorePage {
        total: total_count,
        rows,
    } = catalog_rows(&app, &caller, query).await?;
    let links = params
        .flag("include_links", false)?
        .then(|| Links::new(&caller.visitor));
    let results = if as_objects {
        let language = caller.visitor.tenant.default_language.code();
        matching_datasets(&app, &caller, &rows)
            .await?
            .iter()
            .map(|d| {
                let mut object = DatasetObject::new(d, language, app_metas);
                object.links = links
                    .as_ref()
                    .map(|l| l.item(&format!("/catalog/datasets/{}", d.dataset_id)));
                serde_json::to_value(object).unwrap_or(Value::Null)
            })
            .collect()
    } else {
        rows.into_iter()
            .map(|row| serde_json::to_value(row).unwrap_or(Value::Null))
            .collect()
    };
    let links = links.map(|l| {
        l.pages(
            "/catalog/datasets",
            q.as_deref(),
            offset,
            limit,
            total_count,
        )
    });
    Ok(Json(ListBody {
        total_count,
        links,
        results,
    }))
}

/// The catalogue rows a query selects, and how many match, for the caller.
pub(super) async fn catalog_rows(
    app: &App,
    caller: &ApiCaller,
    mut query: RecordsQuery,
) -> Result<ExplorePage, ApiError> {
    let catalog = catalog_dataset(caller.visitor.tenant.id, caller.may_read_restricted);
    if query.select.is_none() && query.group_by.is_empty() {
        query.select = Some(
            galette_core::explore::odsql::parse_select("dataset_id")
                .map_err(|e| ApiError::Odsql(e.to_string()))?,
        );
    }
    let compiled = compile(&catalog, app.store.backend(), &query)?;
    Ok(app.store.explore_page(&compiled).await?)
}

/// The datasets named by catalogue rows (their `dataset_id`), in the rows' order.
pub(super) async fn matching_datasets(
    app: &App,
    caller: &ApiCaller,
    rows: &[ExploreRow],
) -> Result<Vec<Dataset>, ApiError> {
    let all = app
        .datasets
        .of(&app.store, caller.visitor.tenant.id)
        .await?;
    let mut found = Vec::new();
    for row in rows {
        let id = row
            .0
            .iter()
            .find(|(key, _)| key == "dataset_id")
            .and_then(|(_, v)| v.as_str());
        if let Some(dataset) = all.iter().find(|d| Some(d.dataset_id.as_str()) == id) {
            found.push(dataset.clone());
        }
    }
    Ok(found)
}

/// `GET catalog/datasets/{dataset_id}`.
pub async fn show_dataset(
    State(app): State<AppState>,
    caller: ApiCaller,
    Path(dataset_id): Path<String>,
    RawQuery(q): RawQuery,
) -> Result<axum::response::Response, ApiError> {
    let params = Params::parse(q.as_deref())?;
    params.check_common()?;
    let dataset = caller.dataset(&app, &dataset_id).await?;
    let app_metas = params.flag("include_app_metas", false)?;
    let mut object = DatasetObject::new(
        &dataset,
        caller.visitor.tenant.default_language.code(),
        app_metas,
    );
    if params.flag("include_links", false)? {
        let links = Links::new(&caller.visitor);
        object.links = Some(links.item(&format!("/catalog/datasets/{}", dataset.dataset_id)));
    }
    Ok(axum::response::IntoResponse::into_response(Json(object)))
}

/// `GET catalog/datasets/{dataset_id}/records`.
pub async fn list_records(
    State(app): State<AppState>,
    caller: ApiCaller,
    Path(dataset_id): Path<String>,
    RawQuery(q): RawQuery,
) -> Result<Json<ListBody<ExploreRow>>, ApiError> {
    let params = Params::parse(q.as_deref())?;
    let mut query = params.records_query(false, app.clock.unix())?;
    let links = params
        .flag("include_links", false)?
        .then(|| Links::new(&caller.visitor));
    query.with_record_ids = links.is_some();
    let dataset = caller.dataset(&app, &dataset_id).await?;
    let compiled = compile(&dataset, app.store.backend(), &query)?;
    let key = QueryCache::key(&dataset.table_name, &compiled);
    let answer = match app.answers.get(&key) {
        Some(answer) => answer,
        None => {
            let answer = std::sync::Arc::new(
                app.tables
                    .page(&app.store, &dataset, &query, &compiled)
                    .await?,
            );
            app.answers.put(key, std::sync::Arc::clone(&answer));
            answer
        }
    };
    let mut results = answer.rows.clone();
    let Some(links) = links else {
        return Ok(Json(ListBody {
            total_count: answer.total,
            links: None,
            results,
        }));
    };
    let records = format!("/catalog/datasets/{}/records", dataset.dataset_id);
    for row in &mut results {
        if let Some(at) = row.0.iter().position(|(k, _)| k == RECORD_ID_COLUMN) {
            let (_, id) = row.0.remove(at);
            row.0
                .push(("_links".into(), links.item(&format!("{records}/{id}"))));
        }
    }
    let pages = links.pages(
        &records,
        q.as_deref(),
        query.offset,
        query.limit.unwrap_or(0),
        answer.total,
    );
    Ok(Json(ListBody {
        total_count: answer.total,
        links: Some(pages),
        results,
    }))
}

/// `GET catalog/datasets/{dataset_id}/records/{record_id}`.
pub async fn show_record(
    State(app): State<AppState>,
    caller: ApiCaller,
    Path((dataset_id, record_id)): Path<(String, String)>,
    RawQuery(q): RawQuery,
) -> Result<Json<ExploreRow>, ApiError> {
    let params = Params::parse(q.as_deref())?;
    params.check_common()?;
    let dataset = caller.dataset(&app, &dataset_id).await?;
    let unknown = || ApiError::NotFound(format!("Unknown record: {record_id}"));
    let rid: i64 = record_id.parse().map_err(|_| unknown())?;
    let mut query = RecordsQuery {
        record_id: Some(rid),
        limit: Some(1),
        timezone: params.timezone()?,
        ..RecordsQuery::default()
    };
    if let Some(select) = params.get("select").filter(|s| !s.trim().is_empty()) {
        let parsed = galette_core::explore::odsql::parse_select(select)
            .map_err(|e| ApiError::Odsql(e.to_string()))?;
        query.select = Some(parsed);
    }
    let compiled = compile(&dataset, app.store.backend(), &query)?;
    let row = app
        .store
        .explore_rows(&compiled)
        .await?
        .into_iter()
        .next()
        .ok_or_else(unknown)?;
    Ok(Json(row))
}

/// Values of one facet with their counts.
#[derive(Serialize)]
struct FacetValue {
    name: String,
    value: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    count: Option<u64>,
    state: &'static str,
}

#[derive(Serialize)]
struct Facet {
    name: String,
    facets: Vec<FacetValue>,
}

#[derive(Serialize)]
pub struct FacetsBody {
    links: Vec<Value>,
    #[serde(rename = "_links")]
    underscore_links: Vec<Value>,
    facets: Vec<Facet>,
}

/// Most values listed per facet.
const FACET_VALUES: u64 = 100;

/// `GET catalog/datasets/{dataset_id}/facets`: counts per value of the asked (or every facet)
/// field, under the request's where/refine/exclude.
pub async fn list_facets(
    State(app): State<AppState>,
    caller: ApiCaller,
    Path(dataset_id): Path<String>,
    RawQuery(q): RawQuery,
) -> Result<Json<FacetsBody>, ApiError> {
    let params = Params::parse(q.as_deref())?;
    let dataset = caller.dataset(&app, &dataset_id).await?;
    facets_of(&app, &dataset, &params).await.map(Json)
}

/// `GET catalog/facets`: the same over the catalogue (`visibility`, `publisher`, `license`,
/// or any property named by `facet`).
pub async fn catalog_facets(
    State(app): State<AppState>,
    caller: ApiCaller,
    RawQuery(q): RawQuery,
) -> Result<Json<FacetsBody>, ApiError> {
    let params = Params::parse(q.as_deref())?;
    let catalog = catalog_dataset(caller.visitor.tenant.id, caller.may_read_restricted);
    facets_of(&app, &catalog, &params).await.map(Json)
}

async fn facets_of(app: &App, dataset: &Dataset, params: &Params) -> Result<FacetsBody, ApiError> {
    let base = params.records_query(true, app.clock.unix())?;
    let asked: Vec<String> = params.all("facet").into_iter().map(facet_name).collect();
    let names: Vec<String> = if asked.is_empty() {
        dataset
            .fields
            .iter()
            .filter(|f| f.is_facet)
            .map(|f| f.name.clone())
            .collect()
    } else {
        asked
    };
    let mut queries = Vec::new();
    for name in &names {
        let query = RecordsQuery::value_counts(name, &base, FACET_VALUES);
        let compiled = compile(dataset, app.store.backend(), &query)?;
        queries.push((query, compiled));
    }
    // Where the columnar engine answers them, the facets share one pass over the rows.
    let asked: Vec<_> = queries.iter().map(|(q, c)| (q, c, false)).collect();
    let answers = app.tables.pages(&app.store, dataset, &asked).await?;
    let mut facets = Vec::new();
    for (name, answer) in names.into_iter().zip(answers) {
        let refined: Vec<&str> = base
            .refine
            .iter()
            .filter(|(f, _)| *f == name)
            .map(|(_, v)| v.as_str())
            .collect();
        let mut values: Vec<FacetValue> = answer
            .rows
            .into_iter()
            .filter_map(|row| {
                let mut value = None;
                let mut count = None;
                for (key, v) in row.0 {
                    match key.as_str() {
                        "value" => value = Some(scalar_text(&v)),
                        "count" => count = v.as_u64(),
                        _ => {}
                    }
                }
                let value = value??;
                let state = if refined.contains(&value.as_str()) {
                    "refined"
                } else {
                    "displayed"
                };
                Some(FacetValue {
                    name: value.clone(),
                    value,
                    count,
                    state,
                })
            })
            .collect();
        for (f, v) in base.exclude.iter().filter(|(f, _)| *f == name) {
            let _ = f;
            values.push(FacetValue {
                name: v.clone(),
                value: v.clone(),
                count: None,
                state: "excluded",
            });
        }
        facets.push(Facet {
            name,
            facets: values,
        });
    }
    Ok(FacetsBody {
        links: vec![],
        underscore_links: vec![],
        facets,
    })
}

/// `facet=name` or `facet=facet(name="name", …)`.
fn facet_name(param: &str) -> String {
    let trimmed = param.trim();
    trimmed
        .strip_prefix("facet(")
        .and_then(|rest| rest.split("name=").nth(1))
        .map(|rest| {
            rest.trim_start_matches(['"', '\''])
                .split(['"', '\''])
                .next()
                .unwrap_or_default()
                .to_owned()
        })
        .unwrap_or_else(|| trimmed.to_owned())
}

fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}
