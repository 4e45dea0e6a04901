//! The front-office dataset explorer: the catalogue and a dataset's table with search,
//! facet refinements, sorting, pages and export links. Plain links and a GET form: it works
//! without JavaScript, and every view has a shareable URL.

use super::chart::{ChartError, Histogram, histogram, is_chartable};
use crate::api::readable_dataset;
use crate::error::PageError;
use crate::extract::Visitor;
use crate::layout::Layout;
use crate::layout::cached::PageFrame;
use crate::page_cache::PageSources;
use crate::state::AppState;
use axum::extract::{Path, RawQuery, State};
use axum::response::Html;
use galette_core::explore::limits::MAX_QUERY_STRING_BYTES;
use galette_core::explore::odsql::{Expr, OrderItem, SearchKind};
use galette_store::explore::{RecordsQuery, compile};
use serde::Serialize;
use serde_json::Value;

/// Rows per page.
const PAGE_ROWS: u64 = 25;
/// Values shown per facet.
const FACET_VALUES: u64 = 8;
/// Deepest page (the API's offset window).
const MAX_OFFSET: u64 = 10_000 - PAGE_ROWS;
/// The most characters of one cell the table shows; the API still gives the whole value.
pub const SHOWN_CELL_CHARS: usize = 500;

#[derive(Serialize)]
struct CatalogPage {
    #[serde(flatten)]
    layout: Layout,
    datasets: Vec<CatalogEntry>,
}

#[derive(Serialize)]
struct CatalogEntry {
    dataset_id: String,
    title: String,
    description: Option<String>,
    records_count: u64,
    fields: usize,
}

/// `GET /datasets/`.
pub async fn show_catalog(
    State(app): State<AppState>,
    visitor: Visitor,
) -> Result<Html<String>, PageError> {
    let catalogue = app.datasets.of(&app.store, visitor.tenant.id).await?;
    let sources = PageSources::new(&visitor.tenant, &visitor.registry).with_datasets(&catalogue);
    let frame = PageFrame::open(&app, &visitor, "site/catalog.html", "/datasets/", sources).await?;
    if let Some(page) = frame.reuse(&app, &visitor) {
        return Ok(Html(page));
    }
    let signed_in = frame.signed_in();
    let datasets = catalogue
        .iter()
        .filter(|d| signed_in || !d.is_restricted)
        .map(|d| CatalogEntry {
            dataset_id: d.dataset_id.clone(),
            title: d.title.clone(),
            description: d.description.clone(),
            records_count: d.records_count,
            fields: d.fields.len(),
        })
        .collect();
    let page = CatalogPage {
        layout: frame.layout(&visitor),
        datasets,
    };
    Ok(Html(frame.render(&app, &visitor, &page)?))
}

#[derive(Serialize)]
struct DatasetPage {
    #[serde(flatten)]
    layout: Layout,
    dataset_id: String,
    title: String,
    description: Option<String>,
    columns: Vec<Column>,
    rows: Vec<Vec<String>>,
    total: u64,
    first_row: u64,
    last_row: u64,
    q: String,
    refine: Vec<(String, String)>,
    facets: Vec<FacetView>,
    previous: Option<String>,
    next: Option<String>,
    exports: Vec<(&'static str, String)>,
    clear: String,
    /// Numeric fields that can be charted (name, label), the one charted, and its chart.
    chart_fields: Vec<(String, String)>,
    chart_field: String,
    chart: Option<Histogram>,
    /// Hidden fields that keep the view when the chart form is sent.
    keep: Vec<(String, String)>,
}

#[derive(Serialize)]
struct Column {
    name: String,
    label: String,
    field_type: &'static str,
    sort_link: String,
    sorted: Option<&'static str>,
}

#[derive(Serialize)]
struct FacetView {
    name: String,
    label: String,
    values: Vec<(String, u64, String)>,
}

/// The explorer's state, read from and written back to the query string.
struct View {
    q: String,
    refine: Vec<(String, String)>,
    sort: Option<(String, bool)>,
    page: u64,
    chart: Option<String>,
}

impl View {
    fn parse(query: Option<&str>) -> View {
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_str(query.unwrap_or_default()).unwrap_or_default();
        let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
        View {
            q: get("q").unwrap_or_default(),
            refine: pairs
                .iter()
                .filter(|(k, _)| k == "refine")
                .filter_map(|(_, v)| v.split_once(':').map(|(f, x)| (f.to_owned(), x.to_owned())))
                .collect(),
            sort: get("sort").map(|s| match s.strip_prefix('-') {
                Some(field) => (field.to_owned(), true),
                None => (s, false),
            }),
            page: get("page")
                .and_then(|p| p.parse().ok())
                .filter(|p| *p >= 1)
                .unwrap_or(1),
            chart: get("chart").filter(|c| !c.is_empty()),
        }
    }

    /// The query string of this view with some changes.
    fn link(
        &self,
        sort: Option<&(String, bool)>,
        page: u64,
        refine: &[(String, String)],
    ) -> String {
        let mut pairs: Vec<(String, String)> = Vec::new();
        if !self.q.is_empty() {
            pairs.push(("q".into(), self.q.clone()));
        }
        for (f, v) in refine {
            pairs.push(("refine".into(), format!("{f}:{v}")));
        }
        if let Some((field, desc)) = sort {
            pairs.push((
                "sort".into(),
                if *desc {
                    format!("-{field}")
                } else {
                    field.clone()
                },
            ));
        }
        if page > 1 {
            pairs.push(("page".into(), page.to_string()));
        }
        if let Some(chart) = &self.chart {
            pairs.push(("chart".into(), chart.clone()));
        }
        let encoded = serde_urlencoded::to_string(&pairs).unwrap_or_default();
        if encoded.is_empty() {
            "?".to_owned()
        } else {
            format!("?{encoded}")
        }
    }

    fn filters(&self) -> RecordsQuery {
        let mut query = RecordsQuery {
            refine: self.refine.clone(),
            ..RecordsQuery::default()
        };
        if !self.q.trim().is_empty() {
            query.wheres.push(Expr::Search {
                fields: vec![],
                text: self.q.clone(),
                kind: SearchKind::Search,
            });
        }
        query
    }
}

/// `GET /datasets/{dataset_id}/`.
pub async fn show_dataset(
    State(app): State<AppState>,
    visitor: Visitor,
    Path(dataset_id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Html<String>, PageError> {
    let signed_in = visitor.user(&app).await?.is_some();
    let dataset = readable_dataset(&app, &visitor, &dataset_id, signed_in)
        .await
        .map_err(|error| match error {
            // A store outage is a 503, not a missing dataset.
            crate::api::ApiError::Store(e) => PageError::Store(e),
            _ => PageError::NotFound,
        })?;
    if raw
        .as_deref()
        .is_some_and(|q| q.len() > MAX_QUERY_STRING_BYTES)
    {
        return Err(PageError::BadRequest("error-detail-query"));
    }
    let view = View::parse(raw.as_deref());
    let known = |name: &str| dataset.fields.iter().any(|f| f.name == name);
    let sort = view.sort.clone().filter(|(f, _)| known(f));
    let offset = ((view.page - 1) * PAGE_ROWS).min(MAX_OFFSET);
    let mut query = view.filters();
    query.refine.retain(|(f, _)| known(f));
    query.order_by = sort
        .iter()
        .map(|(f, desc)| OrderItem {
            expr: Expr::Field(f.clone()),
            descending: *desc,
        })
        .collect();
    query.limit = Some(PAGE_ROWS);
    query.offset = offset;
    let backend = app.store.backend();
    let compiled = compile(&dataset, backend, &query)
        .map_err(|_| PageError::BadRequest("error-detail-query"))?;
    // The page and its facets share one pass over the rows where the columnar engine
    // answers them.
    let facet_fields: Vec<&galette_core::dataset::Field> =
        dataset.fields.iter().filter(|f| f.is_facet).collect();
    let mut facet_queries = Vec::new();
    for field in &facet_fields {
        let facet_query = RecordsQuery::value_counts(&field.name, &query, FACET_VALUES);
        let compiled = compile(&dataset, backend, &facet_query)
            .map_err(|_| PageError::BadRequest("error-detail-query"))?;
        facet_queries.push((facet_query, compiled));
    }
    let mut asked = vec![(&query, &compiled, true)];
    asked.extend(facet_queries.iter().map(|(q, c)| (q, c, false)));
    let mut answers = app
        .tables
        .pages(&app.store, &dataset, &asked)
        .await?
        .into_iter();
    let page = answers
        .next()
        .unwrap_or(galette_store::explore::ExplorePage {
            total: 0,
            rows: Vec::new(),
        });
    let (total, rows) = (page.total, page.rows);
    let rows = rows
        .into_iter()
        .map(|row| {
            row.0
                .into_iter()
                .map(|(_, v)| shortened(cell_text(&v)))
                .collect()
        })
        .collect::<Vec<Vec<String>>>();
    let columns = dataset
        .fields
        .iter()
        .map(|f| {
            let sorted = sort
                .as_ref()
                .filter(|(s, _)| *s == f.name)
                .map(|(_, d)| if *d { "descending" } else { "ascending" });
            let next = (f.name.clone(), sorted == Some("ascending"));
            Column {
                name: f.name.clone(),
                label: f.label.clone(),
                field_type: f.field_type.code(),
                sort_link: view.link(Some(&next), 1, &query.refine),
                sorted,
            }
        })
        .collect();
    let mut facets = Vec::new();
    for (field, answer) in facet_fields.iter().zip(answers) {
        let values = answer
            .rows
            .into_iter()
            .filter_map(|row| {
                let value = row
                    .0
                    .first()
                    .map(|(_, v)| cell_text(v))
                    .filter(|v| !v.is_empty())?;
                let count = row.0.get(1).and_then(|(_, v)| v.as_u64())?;
                let mut refine = query.refine.clone();
                refine.push((field.name.clone(), value.clone()));
                let link = view.link(sort.as_ref(), 1, &refine);
                Some((shortened(value), count, link))
            })
            .collect();
        facets.push(FacetView {
            name: field.name.clone(),
            label: field.label.clone(),
            values,
        });
    }
    let chart = match &view.chart {
        Some(field) => histogram(&app.store, &dataset, field, &query)
            .await
            .map_err(|error| match error {
                ChartError::Store(e) => PageError::from(e),
                ChartError::Query(_) => PageError::BadRequest("error-detail-query"),
            })?,
        None => None,
    };
    let mut keep: Vec<(String, String)> = query
        .refine
        .iter()
        .map(|(f, v)| ("refine".to_owned(), format!("{f}:{v}")))
        .collect();
    if !view.q.is_empty() {
        keep.push(("q".into(), view.q.clone()));
    }
    if let Some((field, desc)) = &sort {
        let sign = if *desc { "-" } else { "" };
        keep.push(("sort".into(), format!("{sign}{field}")));
    }
    let api_query = export_query(&view, &query.refine, sort.as_ref());
    let base = format!(
        "/api/explore/v2.1/catalog/datasets/{}/exports",
        dataset.dataset_id
    );
    let page = DatasetPage {
        layout: Layout::new(
            &app,
            &visitor,
            &format!("/datasets/{}/", dataset.dataset_id),
        )
        .await?,
        dataset_id: dataset.dataset_id.clone(),
        title: dataset.title.clone(),
        description: dataset.description.clone(),
        columns,
        rows,
        total,
        first_row: if total == 0 { 0 } else { offset + 1 },
        last_row: (offset + PAGE_ROWS).min(total),
        q: view.q.clone(),
        refine: query.refine.clone(),
        facets,
        previous: (view.page > 1).then(|| view.link(sort.as_ref(), view.page - 1, &query.refine)),
        next: (offset + PAGE_ROWS < total && offset + PAGE_ROWS <= MAX_OFFSET)
            .then(|| view.link(sort.as_ref(), view.page + 1, &query.refine)),
        exports: ["csv", "json", "jsonl", "geojson"]
            .map(|f| (f, format!("{base}/{f}{api_query}")))
            .to_vec(),
        clear: "?".to_owned(),
        chart_fields: dataset
            .fields
            .iter()
            .filter(|f| is_chartable(f.field_type))
            .map(|f| (f.name.clone(), f.label.clone()))
            .collect(),
        chart_field: chart.as_ref().map(|c| c.field.clone()).unwrap_or_default(),
        chart,
        keep,
    };
    Ok(Html(app.pages.render("site/dataset.html", &page)?))
}

/// The export links carry the view's filters and sort as API parameters.
fn export_query(view: &View, refine: &[(String, String)], sort: Option<&(String, bool)>) -> String {
    let mut pairs: Vec<(String, String)> = refine
        .iter()
        .map(|(f, v)| ("refine".to_owned(), format!("{f}:{v}")))
        .collect();
    if !view.q.trim().is_empty() {
        pairs.push((
            "where".into(),
            serde_json::to_string(&view.q).unwrap_or_default(),
        ));
    }
    if let Some((field, desc)) = sort {
        pairs.push((
            "order_by".into(),
            format!("`{field}` {}", if *desc { "desc" } else { "asc" }),
        ));
    }
    let encoded = serde_urlencoded::to_string(&pairs).unwrap_or_default();
    if encoded.is_empty() {
        String::new()
    } else {
        format!("?{encoded}")
    }
}

/// A cell cut to `SHOWN_CELL_CHARS` characters, with an ellipsis when it was longer.
fn shortened(text: String) -> String {
    match text.char_indices().nth(SHOWN_CELL_CHARS) {
        None => text,
        Some((end, _)) => {
            let mut cut = text;
            cut.truncate(end);
            cut.push('…');
            cut
        }
    }
}

fn cell_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Object(o) if o.contains_key("lat") => format!("{}, {}", o["lat"], o["lon"]),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_cell_is_cut_with_an_ellipsis_and_a_short_one_is_kept() {
        assert_eq!(shortened("abc".to_owned()), "abc");
        let exact = "é".repeat(SHOWN_CELL_CHARS);
        assert_eq!(shortened(exact.clone()), exact);
        let long = shortened("é".repeat(SHOWN_CELL_CHARS + 1));
        assert_eq!(long.chars().count(), SHOWN_CELL_CHARS + 1);
        assert!(long.ends_with("é…"));
    }
}
