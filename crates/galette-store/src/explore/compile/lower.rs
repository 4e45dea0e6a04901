//! ODSQL → the columnar engine's [`Plan`]: the second target of the compiler. It lowers a
//! query that `compile` has already accepted (so every name and type is known to be valid)
//! and only what the engine answers exactly as the SQL path does:
//!
//! - conditions: comparisons, `in`, ranges, `is null`, boolean tests, `and`/`or`/`not`,
//!   refine and exclude, record ids; word searches (`like`, `search`, `suggest`, a bare
//!   string or `q=`) and `startswith` on text fields (see [`search`]);
//! - records: plain fields as output and order;
//! - groups: keys that are fields or `range()` of a numeric field (see
//!   `galette_columnar::keys` for the float labels it gives back to SQL); `count(*)`,
//!   `count(f)`, `count(distinct f)`, `sum`, `avg`, `min`, `max` of a field, `median(f)` and
//!   `percentile(f, p)` of a numeric field (the SQL path's interpolation between the rank
//!   below `p · (n − 1)` and the next, computed with the same float operations).
//!
//! Anything else (functions, arithmetic, `random()`, `sum(distinct …)`…) gives `None`, and
//! the query takes the SQL path.

mod search;

use super::dates::{date_unix, day_of};
use super::functions::{bucket_label, fixed_buckets, number_literal};
use super::{Compiled, RecordsQuery};
use crate::datasets::Dataset;
use crate::explore::validate::{self, contains_aggregate};
use galette_columnar::column::Kind;
use galette_columnar::{
    Aggregate, Buckets, CmpOp, Fold, GroupKey, GroupOrder, GroupOutput, GroupPlan, OrderKey, Plan,
    Predicate, RecordOutput, Scalar, Shape,
};
use galette_core::dataset::FieldType;
use galette_core::explore::functions::Function;
use galette_core::explore::odsql::{BinaryOp, Expr, Literal, SelectItem, UnaryOp};
use galette_core::explore::timezone::{Civil, Zone};

/// The engine's kind for a field type.
pub fn kind_of(t: FieldType) -> Kind {
    match t {
        FieldType::Text => Kind::Text,
        FieldType::Int => Kind::Int,
        FieldType::Double => Kind::Double,
        FieldType::Boolean => Kind::Boolean,
        FieldType::Date => Kind::Date,
        FieldType::Datetime => Kind::Datetime,
        FieldType::GeoPoint2d => Kind::Point,
    }
}

/// The plan of `query`, already compiled as `compiled`, if the engine answers it exactly.
pub fn lower(dataset: &Dataset, query: &RecordsQuery, compiled: &Compiled) -> Option<Plan> {
    // An unfiltered count per value of a facet reads the import's tally, one row per
    // value: cheaper than any scan.
    if super::value_counts_source(dataset, query).is_some() {
        return None;
    }
    let lowering = Lowering {
        dataset,
        zone: &query.timezone,
        fold: search::fold_of(compiled.backend),
    };
    let mut filter = Vec::new();
    for w in &query.wheres {
        filter.push(lowering.condition(w)?);
    }
    if let Some(rid) = query.record_id {
        filter.push(Predicate::RowId(rid));
    }
    for (facet, value) in &query.refine {
        filter.push(lowering.refine(facet, value)?);
    }
    for (facet, value) in &query.exclude {
        let column = lowering.column(facet)?;
        filter.push(Predicate::Or(vec![
            Predicate::Not(Box::new(lowering.refine(facet, value)?)),
            Predicate::IsNull { column },
        ]));
    }
    let items = validate::expand_select(dataset, query.select.as_ref()).ok()?;
    let is_aggregate_only = items
        .as_deref()
        .is_some_and(|i| !i.is_empty() && i.iter().all(|i| contains_aggregate(&i.expr)));
    let shape = if query.group_by.is_empty() && !is_aggregate_only {
        lowering.records(query, items.as_deref())?
    } else {
        lowering.groups(query, items.as_deref())?
    };
    // The output names must be the SQL path's, in its order.
    let names: Vec<&str> = match &shape {
        Shape::Records { outputs, .. } => outputs.iter().map(|(n, _)| n.as_str()).collect(),
        Shape::Groups(g) => g.outputs.iter().map(|(n, _)| n.as_str()).collect(),
    };
    let expected: Vec<&str> = compiled.columns.iter().map(|c| c.name.as_str()).collect();
    (names == expected).then(|| Plan {
        filter,
        shape,
        limit: query.limit,
        offset: query.offset,
        zone: query.timezone.clone(),
    })
}

struct Lowering<'a> {
    dataset: &'a Dataset,
    zone: &'a Zone,
    /// How the database lower-cases text (`like`, `search(field, …)`).
    fold: Fold,
}

fn name_of(item: &SelectItem) -> String {
    item.alias.clone().unwrap_or_else(|| item.text.clone())
}

impl Lowering<'_> {
    /// The position and type of a dataset field.
    fn field(&self, name: &str) -> Option<(usize, FieldType)> {
        self.dataset
            .fields
            .iter()
            .enumerate()
            .find(|(_, f)| f.name == name)
            .map(|(i, f)| (i, f.field_type))
    }

    /// A field that can be filtered, grouped or ordered (not a point).
    fn column(&self, name: &str) -> Option<usize> {
        self.field(name)
            .filter(|(_, t)| *t != FieldType::GeoPoint2d)
            .map(|(i, _)| i)
    }

    fn field_of(&self, e: &Expr) -> Option<(usize, FieldType)> {
        match e {
            Expr::Field(name) => self
                .field(name)
                .filter(|(_, t)| *t != FieldType::GeoPoint2d),
            _ => None,
        }
    }

    /// A where clause.
    fn condition(&self, e: &Expr) -> Option<Predicate> {
        match e {
            Expr::Binary {
                op: op @ (BinaryOp::And | BinaryOp::Or),
                left,
                right,
            } => {
                let parts = vec![self.condition(left)?, self.condition(right)?];
                Some(if *op == BinaryOp::And {
                    Predicate::And(parts)
                } else {
                    Predicate::Or(parts)
                })
            }
            Expr::Unary {
                op: UnaryOp::Not,
                expr,
            } => Some(Predicate::Not(Box::new(self.condition(expr)?))),
            Expr::Binary { op, left, right } => {
                let op = comparison(*op)?;
                let (column, t) = self.field_of(left)?;
                let Expr::Literal(literal) = &**right else {
                    return None;
                };
                Some(match self.scalar(literal, t)? {
                    Scalar::Null => Predicate::Const(false),
                    value => Predicate::Cmp { column, op, value },
                })
            }
            Expr::InList {
                expr,
                items,
                negated,
            } => {
                let (column, t) = self.field_of(expr)?;
                let values = items
                    .iter()
                    .map(|i| match i {
                        Expr::Literal(l) => self.scalar(l, t),
                        _ => None,
                    })
                    .collect::<Option<Vec<_>>>()?;
                let test = Predicate::In { column, values };
                Some(if *negated {
                    Predicate::Not(Box::new(test))
                } else {
                    test
                })
            }
            Expr::InRange {
                expr,
                low,
                high,
                low_inclusive,
                high_inclusive,
            } => {
                let (column, t) = self.field_of(expr)?;
                let bound = |e: &Expr, op: CmpOp| match e {
                    Expr::Literal(l) => Some(match self.scalar(l, t)? {
                        Scalar::Null => Predicate::Const(false),
                        value => Predicate::Cmp { column, op, value },
                    }),
                    _ => None,
                };
                let low_op = if *low_inclusive {
                    CmpOp::GtEq
                } else {
                    CmpOp::Gt
                };
                let high_op = if *high_inclusive {
                    CmpOp::LtEq
                } else {
                    CmpOp::Lt
                };
                Some(Predicate::And(vec![
                    bound(low, low_op)?,
                    bound(high, high_op)?,
                ]))
            }
            Expr::IsNull { expr, negated } => {
                let Expr::Field(name) = &**expr else {
                    return None;
                };
                // A point is null when its latitude is: the engine's point nulls.
                let (column, _) = self.field(name)?;
                let test = Predicate::IsNull { column };
                Some(if *negated {
                    Predicate::Not(Box::new(test))
                } else {
                    test
                })
            }
            Expr::IsBool { expr, value } => {
                let (column, t) = self.field_of(expr)?;
                (t == FieldType::Boolean).then(|| Predicate::Cmp {
                    column,
                    op: CmpOp::Eq,
                    value: Scalar::Int(i64::from(*value)),
                })
            }
            Expr::Like { expr, pattern } => {
                let (column, t) = self.field_of(expr)?;
                (t == FieldType::Text).then(|| self.like(column, pattern))
            }
            Expr::Search { fields, text, kind } => self.search(fields, text, *kind),
            // A boolean field alone is the condition `field = 1`.
            Expr::Field(_) => {
                let (column, t) = self.field_of(e)?;
                (t == FieldType::Boolean).then_some(Predicate::Cmp {
                    column,
                    op: CmpOp::Eq,
                    value: Scalar::Int(1),
                })
            }
            _ => None,
        }
    }

    /// A literal as the constant the SQL path binds against a field of type `t`.
    fn scalar(&self, literal: &Literal, t: FieldType) -> Option<Scalar> {
        Some(match (literal, t) {
            (Literal::Null, _) => Scalar::Null,
            (Literal::Text(s), FieldType::Text | FieldType::Date) => Scalar::Text(s.clone()),
            (Literal::Int(i), FieldType::Int | FieldType::Double) => Scalar::Int(*i),
            (Literal::Float(f), FieldType::Int | FieldType::Double) => Scalar::Double(*f),
            (Literal::Bool(b), FieldType::Boolean) => Scalar::Int(i64::from(*b)),
            (Literal::Date(d), FieldType::Date) => Scalar::Text(day_of(d, self.zone).ok()?),
            (Literal::Date(d), FieldType::Datetime) => Scalar::Int(date_unix(d, self.zone).ok()?),
            _ => return None,
        })
    }

    /// `refine=facet:value` (a datetime's refinement reads its local time: lowered in UTC
    /// only, where that is a span of instants).
    fn refine(&self, facet: &str, value: &str) -> Option<Predicate> {
        let (column, t) = self.field(facet)?;
        Some(match t {
            FieldType::Text => Predicate::Cmp {
                column,
                op: CmpOp::Eq,
                value: Scalar::Text(value.to_owned()),
            },
            FieldType::Date => Predicate::StartsWith {
                column,
                prefix: value.replace('/', "-"),
            },
            FieldType::Int | FieldType::Double | FieldType::Boolean => Predicate::Cmp {
                column,
                op: CmpOp::Eq,
                value: Scalar::Double(value.parse().ok()?),
            },
            // The SQL path matches the local time's text; in UTC that is a span of instants.
            FieldType::Datetime if self.zone.is_utc() => {
                let (start, end) = utc_span(&value.replace('/', "-"))?;
                Predicate::And(vec![
                    Predicate::Cmp {
                        column,
                        op: CmpOp::GtEq,
                        value: Scalar::Int(start),
                    },
                    Predicate::Cmp {
                        column,
                        op: CmpOp::Lt,
                        value: Scalar::Int(end),
                    },
                ])
            }
            FieldType::Datetime | FieldType::GeoPoint2d => return None,
        })
    }

    /// An ungrouped query: plain fields (and the record id) out, plain fields as order.
    fn records(&self, query: &RecordsQuery, items: Option<&[SelectItem]>) -> Option<Shape> {
        let mut outputs = Vec::new();
        let mut aliases: Vec<(String, usize)> = Vec::new();
        match items {
            None => {
                for (index, field) in self.dataset.fields.iter().enumerate() {
                    outputs.push((field.name.clone(), RecordOutput::Column(index)));
                }
            }
            Some(items) => {
                for item in items {
                    let Expr::Field(name) = &item.expr else {
                        return None;
                    };
                    let (index, _) = self.field(name)?;
                    outputs.push((name_of(item), RecordOutput::Column(index)));
                    aliases.push((name_of(item), index));
                }
            }
        }
        if query.with_record_ids {
            outputs.push((
                galette_core::explore::request::RECORD_ID_COLUMN.to_owned(),
                RecordOutput::RowId,
            ));
        }
        let mut order = Vec::new();
        for item in &query.order_by {
            let Expr::Field(name) = &item.expr else {
                return None;
            };
            // As in the SQL path, an output name wins over a field of the same name.
            let column = match aliases.iter().find(|(alias, _)| alias == name) {
                Some((_, index)) => *index,
                None => self.column(name)?,
            };
            if self.dataset.fields.get(column)?.field_type == FieldType::GeoPoint2d {
                return None;
            }
            order.push(OrderKey {
                column,
                descending: item.descending,
            });
        }
        Some(Shape::Records { outputs, order })
    }

    /// A grouped or aggregate-only query.
    fn groups(&self, query: &RecordsQuery, items: Option<&[SelectItem]>) -> Option<Shape> {
        let mut plan = GroupPlan {
            keys: Vec::new(),
            aggregates: Vec::new(),
            outputs: Vec::new(),
            order: Vec::new(),
        };
        // Output names and what they stand for, as the SQL path's aliases.
        let mut aliases: Vec<(String, GroupOutput)> = Vec::new();
        for (k, item) in query.group_by.iter().enumerate() {
            plan.keys.push(self.group_key(&item.expr)?);
            let name = item.alias.clone().unwrap_or_else(|| item.text.clone());
            plan.outputs.push((name.clone(), GroupOutput::Key(k)));
            aliases.push((name, GroupOutput::Key(k)));
        }
        for item in items.unwrap_or_default() {
            let name = name_of(item);
            let key = query.group_by.iter().position(|g| {
                g.expr == item.expr
                    || matches!(&item.expr, Expr::Field(f) if g.alias.as_ref() == Some(f))
            });
            let output = match key {
                Some(k) if plan.outputs.get(k).is_some_and(|(n, _)| *n == name) => continue,
                Some(k) => GroupOutput::Key(k),
                None => GroupOutput::Aggregate(self.aggregate(&item.expr, &mut plan.aggregates)?),
            };
            plan.outputs.push((name.clone(), output));
            aliases.push((name, output));
        }
        for item in &query.order_by {
            let by = match &item.expr {
                Expr::Field(name) => match aliases.iter().find(|(alias, _)| alias == name) {
                    Some((_, output)) => *output,
                    None => {
                        let column = self.column(name)?;
                        let key = GroupKey::Column(column);
                        GroupOutput::Key(plan.keys.iter().position(|k| *k == key)?)
                    }
                },
                other => GroupOutput::Aggregate(self.aggregate(other, &mut plan.aggregates)?),
            };
            plan.order.push(GroupOrder {
                by,
                descending: item.descending,
            });
        }
        Some(Shape::Groups(plan))
    }

    /// A `group_by` key: a field, or `range()` of a numeric field.
    fn group_key(&self, e: &Expr) -> Option<GroupKey> {
        let Expr::Call { name, args, .. } = e else {
            return Some(GroupKey::Column(self.field_of(e)?.0));
        };
        if Function::resolve(name)? != Function::Range {
            return None;
        }
        let (field, bounds) = args.split_first()?;
        let (column, t) = self.field_of(field)?;
        // As `range_key` and `equal_ranges` choose.
        let buckets = match (t, bounds) {
            (FieldType::Int, [Expr::Literal(Literal::Int(w))]) => Buckets::IntWidth(*w),
            (FieldType::Int | FieldType::Double, [width]) => {
                Buckets::FloatWidth(number_literal(width)?)
            }
            (FieldType::Int | FieldType::Double, _) => Buckets::Fixed(
                fixed_buckets(bounds)
                    .ok()?
                    .into_iter()
                    .map(|(low, high)| (low, high, bucket_label(low, high)))
                    .collect(),
            ),
            _ => return None,
        };
        Some(GroupKey::Range { column, buckets })
    }

    /// An aggregate of a field (or `count(*)`), added to `aggregates`; its position.
    fn aggregate(&self, e: &Expr, aggregates: &mut Vec<Aggregate>) -> Option<usize> {
        let Expr::Call {
            name,
            args,
            distinct,
        } = e
        else {
            return None;
        };
        let function = Function::resolve(name)?;
        let numeric = |arg: &Expr| {
            self.field_of(arg)
                .filter(|(_, t)| matches!(t, FieldType::Int | FieldType::Double))
                .map(|(column, _)| column)
        };
        let aggregate = match (function, args.as_slice(), *distinct) {
            (Function::Count, [Expr::Star], false) => Aggregate::CountStar,
            (Function::Count, [arg], false) => Aggregate::Count(self.field_of(arg)?.0),
            (Function::Count, [arg], true) => Aggregate::CountDistinct(self.field_of(arg)?.0),
            (Function::Sum, [arg], false) => Aggregate::Sum(numeric(arg)?),
            (Function::Avg, [arg], false) => Aggregate::Avg(numeric(arg)?),
            (Function::Min, [arg], false) => Aggregate::Min(self.field_of(arg)?.0),
            (Function::Max, [arg], false) => Aggregate::Max(self.field_of(arg)?.0),
            // The fraction the SQL path binds: the percentage divided by 100.
            (Function::Median, [arg], false) => Aggregate::Percentile {
                column: numeric(arg)?,
                fraction: 50.0 / 100.0,
            },
            (Function::Percentile, [arg, p], false) => Aggregate::Percentile {
                column: numeric(arg)?,
                fraction: number_literal(p).filter(|p| (0.0..=100.0).contains(p))? / 100.0,
            },
            _ => return None,
        };
        aggregates.push(aggregate);
        Some(aggregates.len() - 1)
    }
}

/// The instants whose UTC text begins with `prefix` (`YYYY`, `YYYY-MM`… up to
/// `YYYY-MM-DDTHH:MM:SS`, already checked by the compiler): from the first, inclusive, to
/// the last, exclusive. `None` for a date that does not exist (the SQL path then answers).
fn utc_span(prefix: &str) -> Option<(i64, i64)> {
    let number = |from: usize, to: usize| -> Option<u32> { prefix.get(from..to)?.parse().ok() };
    let len = prefix.len();
    let part = |from: usize, to: usize, default: u32| {
        if len >= to {
            number(from, to)
        } else {
            Some(default)
        }
    };
    let civil = Civil {
        year: i32::try_from(number(0, 4)?).ok()?,
        month: part(5, 7, 1)?,
        day: part(8, 10, 1)?,
        hour: part(11, 13, 0)?,
        minute: part(14, 16, 0)?,
        second: part(17, 19, 0)?,
    };
    let utc = Zone::utc();
    let start = utc.instant_of(civil)?;
    // A day such as February 30 is not normalised into March: it matches nothing.
    let back = utc.civil_of(start)?;
    if (
        back.year,
        back.month,
        back.day,
        back.hour,
        back.minute,
        back.second,
    ) != (
        civil.year,
        civil.month,
        civil.day,
        civil.hour,
        civil.minute,
        civil.second,
    ) {
        return None;
    }
    let end = match len {
        4 => utc.instant_of(Civil {
            year: civil.year + 1,
            ..civil
        })?,
        7 => {
            let (year, month) = if civil.month == 12 {
                (civil.year + 1, 1)
            } else {
                (civil.year, civil.month + 1)
            };
            utc.instant_of(Civil {
                year,
                month,
                ..civil
            })?
        }
        10 => start + 86_400,
        13 => start + 3_600,
        16 => start + 60,
        19 => start + 1,
        _ => return None,
    };
    Some((start, end))
}

fn comparison(op: BinaryOp) -> Option<CmpOp> {
    Some(match op {
        BinaryOp::Eq => CmpOp::Eq,
        BinaryOp::NotEq => CmpOp::NotEq,
        BinaryOp::Lt => CmpOp::Lt,
        BinaryOp::LtEq => CmpOp::LtEq,
        BinaryOp::Gt => CmpOp::Gt,
        BinaryOp::GtEq => CmpOp::GtEq,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::super::compile;
    use super::super::testing::{dataset, query};
    use crate::Backend;
    use galette_columnar::{Aggregate, Buckets, GroupKey, Shape};

    fn aggregates(select: &str) -> Option<Vec<Aggregate>> {
        let query = query(&[("select", select), ("group_by", "ok")]);
        let compiled = compile(&dataset(), Backend::Postgres, &query).unwrap();
        match super::lower(&dataset(), &query, &compiled)?.shape {
            Shape::Groups(g) => Some(g.aggregates),
            Shape::Records { .. } => None,
        }
    }

    #[test]
    fn distinct_counts_and_percentiles_are_lowered_with_the_fraction_sql_binds() {
        assert_eq!(
            aggregates("count(distinct name) as a, count(x) as b"),
            Some(vec![Aggregate::CountDistinct(0), Aggregate::Count(2)])
        );
        assert_eq!(
            aggregates("median(n) as a, percentile(x, 33.3) as b, percentile(x, 0) as c"),
            Some(vec![
                Aggregate::Percentile {
                    column: 1,
                    fraction: 0.5
                },
                Aggregate::Percentile {
                    column: 2,
                    fraction: 33.3 / 100.0
                },
                Aggregate::Percentile {
                    column: 2,
                    fraction: 0.0
                },
            ])
        );
        // `sum(distinct …)` is a plain sum to the SQL path: left to it.
        assert_eq!(aggregates("sum(distinct n) as a"), None);
    }

    fn key(group_by: &str) -> Option<GroupKey> {
        let query = query(&[("select", "count(*) as c"), ("group_by", group_by)]);
        let compiled = compile(&dataset(), Backend::Sqlite, &query).unwrap();
        match super::lower(&dataset(), &query, &compiled)?.shape {
            Shape::Groups(mut g) => g.keys.pop(),
            Shape::Records { .. } => None,
        }
    }

    #[test]
    fn range_keys_take_the_sql_paths_kind_of_buckets() {
        let range = |column, buckets| Some(GroupKey::Range { column, buckets });
        assert_eq!(key("range(n, 10)"), range(1, Buckets::IntWidth(10)));
        assert_eq!(key("range(n, 2.5)"), range(1, Buckets::FloatWidth(2.5)));
        assert_eq!(key("range(x, 10)"), range(2, Buckets::FloatWidth(10.0)));
        assert_eq!(
            key("range(x, *, 0, 60)"),
            range(
                2,
                Buckets::Fixed(vec![
                    (None, Some(0.0), "[*, 0[".to_owned()),
                    (Some(0.0), Some(60.0), "[0, 60[".to_owned()),
                ])
            )
        );
        assert_eq!(key("year(d)"), None);
    }
}
