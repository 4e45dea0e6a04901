//! The dataset object of explore-api §4, as the catalogue and `catalog/datasets/{id}` send
//! it: typed, so its field names and shapes are checked by the compiler.

use galette_core::dataset::FieldType;
use galette_core::time::rfc3339_utc;
use galette_store::Dataset;
use serde::Serialize;
use serde_json::Value;

/// One dataset as the API describes it.
#[derive(Serialize)]
pub struct DatasetObject<'a> {
    dataset_id: &'a str,
    dataset_uid: &'a str,
    has_records: bool,
    data_visible: bool,
    visibility: &'static str,
    features: Vec<&'static str>,
    attachments: [Value; 0],
    alternative_exports: [Value; 0],
    fields: Vec<FieldObject<'a>>,
    metas: Metas<'a>,
    /// `include_links=true`: a self link.
    #[serde(rename = "_links", skip_serializing_if = "Option::is_none")]
    pub links: Option<Value>,
}

#[derive(Serialize)]
struct FieldObject<'a> {
    name: &'a str,
    label: &'a str,
    #[serde(rename = "type")]
    field_type: &'static str,
    description: Option<&'a str>,
    annotations: Annotations,
}

#[derive(Serialize)]
struct Annotations {
    #[serde(skip_serializing_if = "Option::is_none")]
    facet: Option<[Value; 0]>,
}

#[derive(Serialize)]
struct Metas<'a> {
    default: DefaultMetas<'a>,
    /// `include_app_metas=true`: an empty object (galette has no application metadata).
    #[serde(skip_serializing_if = "Option::is_none")]
    app: Option<serde_json::Map<String, Value>>,
}

/// The `default` metadata template: what a portal's catalogue shows of a dataset.
#[derive(Serialize)]
pub struct DefaultMetas<'a> {
    /// Title.
    pub title: &'a str,
    /// Description (may be empty).
    pub description: Option<&'a str>,
    /// Rows in the current version.
    pub records_count: u64,
    /// Last import, RFC 3339 with `+00:00`.
    pub modified: String,
    language: &'a str,
    publisher: Option<&'a str>,
    license: Option<&'a str>,
    keyword: [&'a str; 0],
    theme: [&'a str; 0],
}

impl<'a> DatasetObject<'a> {
    /// The object of `dataset`, in the portal's `language`, with the `app` metadata if asked.
    pub fn new(dataset: &'a Dataset, language: &'a str, app_metas: bool) -> Self {
        let has = |wanted: &[FieldType]| {
            dataset
                .fields
                .iter()
                .any(|f| wanted.contains(&f.field_type))
        };
        let mut features = vec!["analyze"];
        if has(&[FieldType::Date, FieldType::Datetime]) {
            features.push("timeserie");
        }
        if has(&[FieldType::GeoPoint2d]) {
            features.push("geo");
        }
        DatasetObject {
            dataset_id: &dataset.dataset_id,
            dataset_uid: &dataset.uid,
            has_records: dataset.records_count > 0,
            data_visible: true,
            visibility: if dataset.is_restricted {
                "restricted"
            } else {
                "domain"
            },
            features,
            attachments: [],
            alternative_exports: [],
            fields: dataset
                .fields
                .iter()
                .map(|f| FieldObject {
                    name: &f.name,
                    label: &f.label,
                    field_type: f.field_type.code(),
                    description: None,
                    annotations: Annotations {
                        facet: f.is_facet.then_some([]),
                    },
                })
                .collect(),
            metas: Metas {
                default: DefaultMetas {
                    title: &dataset.title,
                    description: dataset.description.as_deref(),
                    records_count: dataset.records_count,
                    modified: rfc3339_utc(dataset.modified).replace('Z', "+00:00"),
                    language,
                    publisher: None,
                    license: None,
                    keyword: [],
                    theme: [],
                },
                app: app_metas.then(serde_json::Map::new),
            },
            links: None,
        }
    }

    /// The `default` metadata (title, description, counts) for the catalogue's exports.
    pub fn default_metas(&self) -> &DefaultMetas<'a> {
        &self.metas.default
    }
}
