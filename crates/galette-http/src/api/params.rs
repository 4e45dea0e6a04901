//! Reading the Explore API's query parameters, with the reference's limits (explore-api §3).

use super::error::ApiError;
use galette_core::explore::limits::{MAX_PARAMETER_CHARS, MAX_QUERY_STRING_BYTES};
use galette_core::explore::odsql::{
    parse_group_by, parse_order_by, parse_refine, parse_select, parse_where,
};
use galette_core::explore::timezone::Zone;
use galette_store::explore::RecordsQuery;

/// `offset + limit` ceiling without and with `group_by`.
const MAX_WINDOW: i64 = 10_000;
const MAX_GROUP_WINDOW: i64 = 20_000;

/// The query string as name/value pairs (`+` is a space, repeats are kept).
pub struct Params(Vec<(String, String)>);

impl Params {
    /// Parses a raw query string; a malformed one is a 400.
    /// Past [`MAX_QUERY_STRING_BYTES`] or [`MAX_PARAMETER_CHARS`] it is a 400 that names
    /// the limit, before anything is parsed further.
    pub fn parse(query: Option<&str>) -> Result<Params, ApiError> {
        let raw = query.unwrap_or_default();
        if raw.len() > MAX_QUERY_STRING_BYTES {
            return Err(ApiError::Parameter(format!(
                "The query string has {} bytes, more than the limit of {MAX_QUERY_STRING_BYTES} (max_query_string_bytes).",
                raw.len()
            )));
        }
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw)
            .map_err(|_| ApiError::Parameter("The query string could not be decoded.".into()))?;
        if let Some((name, value)) = pairs
            .iter()
            .find(|(_, v)| v.chars().count() > MAX_PARAMETER_CHARS)
        {
            return Err(ApiError::Parameter(format!(
                "The {name} API parameter has {} characters, more than the limit of {MAX_PARAMETER_CHARS} (max_parameter_chars).",
                value.chars().count()
            )));
        }
        Ok(Params(pairs))
    }

    /// The first value of a parameter.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of a repeatable parameter.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// A boolean parameter (`true`/`false`, any case), default `default`.
    pub fn flag(&self, name: &str, default: bool) -> Result<bool, ApiError> {
        match self.get(name).map(str::to_ascii_lowercase).as_deref() {
            None => Ok(default),
            Some("true") => Ok(true),
            Some("false") => Ok(false),
            Some(other) => Err(ApiError::Parameter(format!(
                "Invalid value for {name} API parameter: {other} was found but true or false is expected."
            ))),
        }
    }

    fn int(&self, name: &str) -> Result<Option<i64>, ApiError> {
        self.get(name)
            .map(|v| {
                v.trim().parse::<i64>().map_err(|_| {
                    ApiError::Parameter(format!(
                        "Invalid value for {name} API parameter: {v} is not an integer."
                    ))
                })
            })
            .transpose()
    }

    /// The `timezone` (an IANA name, UTC by default).
    pub fn timezone(&self) -> Result<Zone, ApiError> {
        match self.get("timezone") {
            None => Ok(Zone::utc()),
            Some(name) => Zone::parse(name).ok_or_else(|| {
                ApiError::Parameter(format!(
                    "Invalid value for timezone API parameter: {name} is not a known IANA time zone (such as Europe/Paris or UTC)."
                ))
            }),
        }
    }

    /// Checks `lang` and `timezone`.
    pub fn check_common(&self) -> Result<(), ApiError> {
        if let Some(lang) = self.get("lang")
            && !galette_core::explore::names::LANGUAGES.contains(&lang)
        {
            return Err(ApiError::Parameter(format!(
                "Invalid value for lang API parameter: {lang} is not a supported language."
            )));
        }
        self.timezone().map(drop)
    }

    /// The records query: ODSQL clauses, refine/exclude, and the limits of §3.
    /// `is_export`: limit defaults to all rows, without ceiling. `now`: what `now()` reads.
    pub fn records_query(&self, is_export: bool, now: i64) -> Result<RecordsQuery, ApiError> {
        self.check_common()?;
        let odsql = |e: galette_core::explore::odsql::OdsqlError| ApiError::Odsql(e.to_string());
        let mut query = RecordsQuery {
            timezone: self.timezone()?,
            now,
            lang: self.get("lang").unwrap_or("en").to_owned(),
            ..RecordsQuery::default()
        };
        if let Some(select) = self.get("select").filter(|s| !s.trim().is_empty()) {
            query.select = Some(parse_select(select).map_err(odsql)?);
        }
        for w in self
            .all("where")
            .into_iter()
            .filter(|w| !w.trim().is_empty())
        {
            query.wheres.push(parse_where(w).map_err(odsql)?);
        }
        if let Some(g) = self.get("group_by").filter(|s| !s.trim().is_empty()) {
            query.group_by = parse_group_by(g).map_err(odsql)?;
        }
        if let Some(o) = self.get("order_by").filter(|s| !s.trim().is_empty()) {
            query.order_by = parse_order_by(o).map_err(odsql)?;
        }
        for r in self.all("refine") {
            query.refine.push(parse_refine(r).map_err(odsql)?);
        }
        for r in self.all("exclude") {
            query.exclude.push(parse_refine(r).map_err(odsql)?);
        }
        let grouped = !query.group_by.is_empty();
        let offset = self.int("offset")?.unwrap_or(0);
        if offset < 0 {
            return Err(ApiError::Parameter(format!(
                "Invalid value for offset API parameter: {offset} was found but offset >= 0 is expected."
            )));
        }
        let limit = self
            .int("limit")?
            .unwrap_or(if is_export { -1 } else { 10 });
        let ceiling = if grouped { MAX_GROUP_WINDOW } else { 100 };
        query.offset = u64::try_from(offset).unwrap_or(0);
        if is_export {
            if limit < -1 {
                return Err(ApiError::Parameter(format!(
                    "Invalid value for limit API parameter: {limit} was found but limit >= -1 is expected."
                )));
            }
            query.limit = u64::try_from(limit).ok();
            return Ok(query);
        }
        if !(-1..=ceiling).contains(&limit) {
            return Err(ApiError::Parameter(format!(
                "Invalid value for limit API parameter: {limit} was found but -1 <= limit <= {ceiling} is expected."
            )));
        }
        let limit = if limit == -1 { ceiling } else { limit };
        let window = if grouped {
            MAX_GROUP_WINDOW
        } else {
            MAX_WINDOW
        };
        if offset + limit > window {
            return Err(ApiError::Parameter(format!(
                "Invalid value for offset API parameter: offset + limit must be at most {window} ({offset} + {limit} was found)."
            )));
        }
        query.limit = u64::try_from(limit).ok();
        Ok(query)
    }
}
