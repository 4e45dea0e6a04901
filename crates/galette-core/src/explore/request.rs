//! The request model of a records query: what the Explore API's records, exports, facets
//! and the explorer ask for, parsed, before any SQL.
//!
//! Owns: [`RecordsQuery`] (the parsed clauses, the page, the zone, `now`, the language) and
//! the facet query built from another ([`RecordsQuery::value_counts`]). Does not own: reading
//! HTTP parameters into it (galette-http) or compiling it into SQL (galette-store).

use super::functions::Function;
use super::odsql::{Expr, GroupItem, OrderItem, SelectItem, SelectList};
use super::timezone::Zone;

/// What a records request asks for, parsed.
#[derive(Debug, Default)]
pub struct RecordsQuery {
    /// `select` (None = every field).
    pub select: Option<SelectList>,
    /// `where` clauses, AND-ed.
    pub wheres: Vec<Expr>,
    /// `group_by` items.
    pub group_by: Vec<GroupItem>,
    /// `order_by` items.
    pub order_by: Vec<OrderItem>,
    /// `refine` facet:value pairs.
    pub refine: Vec<(String, String)>,
    /// `exclude` facet:value pairs.
    pub exclude: Vec<(String, String)>,
    /// Rows to return (`None`: all).
    pub limit: Option<u64>,
    /// Rows to skip.
    pub offset: u64,
    /// Only the row with this record id (`records/{record_id}`).
    pub record_id: Option<i64>,
    /// The zone datetimes are read and written in (`timezone`, UTC by default).
    pub timezone: Zone,
    /// The instant `now()` stands for (Unix seconds), fixed once per request.
    pub now: i64,
    /// The language of `date_format`'s month and day names (`lang`; English if empty).
    pub lang: String,
    /// Add each row's record id as a last column named [`RECORD_ID_COLUMN`] (ungrouped
    /// queries only), for links to the records.
    pub with_record_ids: bool,
}

/// The output name of the record id column (`RecordsQuery::with_record_ids`); no ODSQL
/// alias can take it.
pub const RECORD_ID_COLUMN: &str = "\u{0}record_id";

impl RecordsQuery {
    /// Whether this asks for every row and field in import order, untouched.
    pub fn is_whole_dataset(&self) -> bool {
        matches!(self.select, None | Some(SelectList::Star))
            && self.wheres.is_empty()
            && self.group_by.is_empty()
            && self.order_by.is_empty()
            && self.refine.is_empty()
            && self.exclude.is_empty()
            && self.limit.is_none()
            && self.offset == 0
            && self.record_id.is_none()
            && self.timezone.is_utc()
    }

    /// How many rows have each value of `field` under `filters`' where/refine/exclude, most
    /// frequent first (ties by value), as rows `{value, count}`: the facets of the API and
    /// of the explorer.
    pub fn value_counts(field: &str, filters: &RecordsQuery, limit: u64) -> RecordsQuery {
        let count = Expr::Call {
            name: Function::Count.name().into(),
            args: vec![Expr::Star],
            distinct: false,
        };
        RecordsQuery {
            select: Some(SelectList::Items(vec![SelectItem {
                expr: count,
                alias: Some("count".into()),
                text: "count(*)".into(),
            }])),
            wheres: filters.wheres.clone(),
            group_by: vec![GroupItem {
                expr: Expr::Field(field.to_owned()),
                alias: Some("value".into()),
                text: field.to_owned(),
            }],
            order_by: vec![
                OrderItem {
                    expr: Expr::Field("count".into()),
                    descending: true,
                },
                OrderItem {
                    expr: Expr::Field("value".into()),
                    descending: false,
                },
            ],
            refine: filters.refine.clone(),
            exclude: filters.exclude.clone(),
            limit: Some(limit),
            offset: 0,
            record_id: None,
            timezone: filters.timezone.clone(),
            now: filters.now,
            lang: filters.lang.clone(),
            with_record_ids: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_query_is_the_whole_dataset_and_filters_or_pages_are_not() {
        assert!(RecordsQuery::default().is_whole_dataset());
        let paged = RecordsQuery {
            limit: Some(10),
            ..RecordsQuery::default()
        };
        assert!(!paged.is_whole_dataset());
        let refined = RecordsQuery {
            refine: vec![("carrier".into(), "UA".into())],
            ..RecordsQuery::default()
        };
        assert!(!refined.is_whole_dataset());
        let zoned = RecordsQuery {
            timezone: Zone::parse("Europe/Paris").unwrap_or_else(Zone::utc),
            ..RecordsQuery::default()
        };
        assert!(!zoned.is_whole_dataset());
    }

    #[test]
    fn value_counts_keep_the_filters_and_count_each_value_most_frequent_first() {
        let filters = RecordsQuery {
            wheres: vec![Expr::Field("ok".into())],
            refine: vec![("carrier".into(), "UA".into())],
            exclude: vec![("origin".into(), "JFK".into())],
            limit: Some(3),
            offset: 20,
            now: 7,
            lang: "fr".into(),
            ..RecordsQuery::default()
        };
        let facet = RecordsQuery::value_counts("carrier", &filters, 5);
        assert_eq!(facet.wheres, filters.wheres);
        assert_eq!(facet.refine, filters.refine);
        assert_eq!(facet.exclude, filters.exclude);
        assert_eq!((facet.limit, facet.offset), (Some(5), 0));
        assert_eq!((facet.now, facet.lang.as_str()), (7, "fr"));
        let Some(SelectList::Items(items)) = &facet.select else {
            panic!("a select list: {:?}", facet.select);
        };
        let [count] = items.as_slice() else {
            panic!("one item: {items:?}");
        };
        assert!(matches!(
            &count.expr,
            Expr::Call { name, args, distinct: false }
                if Function::resolve(name) == Some(Function::Count) && args == &[Expr::Star]
        ));
        assert_eq!(count.alias.as_deref(), Some("count"));
        let [key] = facet.group_by.as_slice() else {
            panic!("one key: {:?}", facet.group_by);
        };
        assert_eq!(key.expr, Expr::Field("carrier".into()));
        assert_eq!(key.alias.as_deref(), Some("value"));
        let orders: Vec<(&Expr, bool)> = facet
            .order_by
            .iter()
            .map(|o| (&o.expr, o.descending))
            .collect();
        assert_eq!(
            orders,
            [
                (&Expr::Field("count".into()), true),
                (&Expr::Field("value".into()), false)
            ]
        );
    }
}
