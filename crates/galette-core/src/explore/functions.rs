//! The functions of ODSQL, each name resolved once to a [`Function`] with its signature.
//!
//! Owns: which names are functions, which of them aggregate rows, where each may appear, and
//! how many arguments of which kinds each takes. Does not own: refusing a call (the SQL
//! compiler in galette-store does, with a message naming the function) or the SQL itself.
//!
//! The parser keeps a call's name as written (lower-cased), so that an unknown name is
//! refused with the compiler's message rather than a syntax error; everything after the
//! parser matches on [`Function`] instead of on strings.

/// A function ODSQL knows (supported or not).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Function {
    /// `count(*)`, `count(f)`, `count(distinct f)`: rows, or non-null values.
    Count,
    /// `sum(n)`.
    Sum,
    /// `avg(n)`.
    Avg,
    /// `min(v)`: of numbers, texts, dates or datetimes.
    Min,
    /// `max(v)`: of numbers, texts, dates or datetimes.
    Max,
    /// `median(n)`.
    Median,
    /// `percentile(n, p)`, `p` from 0 to 100.
    Percentile,
    /// `lower(text)`.
    Lower,
    /// `upper(text)`.
    Upper,
    /// `length(text)`: in characters.
    Length,
    /// `year(d)`, in the request's zone for a datetime.
    Year,
    /// `month(d)`.
    Month,
    /// `day(d)`.
    Day,
    /// `hour(d)`.
    Hour,
    /// `minute(d)`.
    Minute,
    /// `second(d)`.
    Second,
    /// `now()`: the instant of the request.
    Now,
    /// `date_format(d, 'pattern')`.
    DateFormat,
    /// `ifnull(v, fallback)`.
    Ifnull,
    /// `range(n, width)` or `range(n, *, b1, …, bn, *)`: buckets of a `group_by` key.
    Range,
    /// `random(seed)`: a shuffled but repeatable `order_by`.
    Random,
    /// `include(name, prefix*)` in a `select` list.
    Include,
    /// `exclude(name, prefix*)` in a `select` list.
    Exclude,
    /// A geographic function, known but not supported (galette has no geometry).
    Geographic(GeoFunction),
}

/// The geographic functions of ODSQL, which galette refuses by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum GeoFunction {
    /// `within_distance(p, geom, distance)`.
    WithinDistance,
    /// `in_bbox(p, lat1, lon1, lat2, lon2)`.
    InBbox,
    /// `intersects(p, geom)`.
    Intersects,
    /// `disjoint(p, geom)`.
    Disjoint,
    /// `within(p, geom)`.
    Within,
    /// `distance(p, geom)`.
    Distance,
    /// `geo_cluster(p, precision)`.
    GeoCluster,
}

/// Where a function may be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// Anywhere a value may be.
    Value,
    /// In `select` and `order_by` only, never nested in another aggregate: it reads a
    /// whole group of rows.
    Aggregate,
    /// In `group_by` only ([`Function::Range`]).
    GroupKey,
    /// In `order_by` only ([`Function::Random`]).
    OrderKey,
    /// In a `select` list only, standing for fields ([`Function::Include`], [`Function::Exclude`]).
    SelectList,
    /// Nowhere: refused by name ([`Function::Geographic`]).
    Unsupported,
}

/// What one argument must be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArgKind {
    /// Any value.
    Value,
    /// `*` or any value (`count`).
    StarOrValue,
    /// A number (int or double).
    Number,
    /// A number, a text, a date or a datetime (`min`, `max`).
    Orderable,
    /// A text.
    Text,
    /// A date or a datetime.
    Date,
    /// A number literal from 0 to 100 (`percentile`).
    Percentage,
    /// A quoted pattern literal (`date_format`).
    Pattern,
    /// A positive width, a bound or `*` (`range`).
    Bound,
    /// An integer literal (`random`'s seed).
    Seed,
    /// A field name or a prefix such as `pop*` (`include`, `exclude`).
    FieldPattern,
}

/// The arguments a function takes: `args` in order, of which the last `optional` may be left
/// out, the last one repeating when `repeats`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Signature {
    /// The kind of each argument.
    pub args: &'static [ArgKind],
    /// How many of the last arguments may be left out.
    pub optional: usize,
    /// Whether the last argument may be repeated.
    pub repeats: bool,
}

impl Signature {
    const fn fixed(args: &'static [ArgKind]) -> Self {
        Self {
            args,
            optional: 0,
            repeats: false,
        }
    }

    /// The fewest arguments a call needs.
    pub const fn min_args(&self) -> usize {
        self.args.len() - self.optional
    }

    /// The most arguments a call may have (`None`: no limit).
    pub const fn max_args(&self) -> Option<usize> {
        if self.repeats {
            None
        } else {
            Some(self.args.len())
        }
    }

    /// Whether a call with `n` arguments has a right number of them.
    pub fn accepts(&self, n: usize) -> bool {
        n >= self.min_args() && self.max_args().is_none_or(|max| n <= max)
    }
}

use ArgKind::{
    Bound, Date, FieldPattern, Number, Orderable, Pattern, Percentage, Seed, StarOrValue, Text,
    Value,
};

impl Function {
    /// Every function, geographic ones included.
    pub const ALL: [Function; 30] = [
        Self::Count,
        Self::Sum,
        Self::Avg,
        Self::Min,
        Self::Max,
        Self::Median,
        Self::Percentile,
        Self::Lower,
        Self::Upper,
        Self::Length,
        Self::Year,
        Self::Month,
        Self::Day,
        Self::Hour,
        Self::Minute,
        Self::Second,
        Self::Now,
        Self::DateFormat,
        Self::Ifnull,
        Self::Range,
        Self::Random,
        Self::Include,
        Self::Exclude,
        Self::Geographic(GeoFunction::WithinDistance),
        Self::Geographic(GeoFunction::InBbox),
        Self::Geographic(GeoFunction::Intersects),
        Self::Geographic(GeoFunction::Disjoint),
        Self::Geographic(GeoFunction::Within),
        Self::Geographic(GeoFunction::Distance),
        Self::Geographic(GeoFunction::GeoCluster),
    ];

    /// The function a call names (lower-case, as the parser keeps it); `None` for a name
    /// ODSQL does not have.
    pub fn resolve(name: &str) -> Option<Function> {
        Self::ALL.into_iter().find(|f| f.name() == name)
    }

    /// The name as ODSQL writes it.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Count => "count",
            Self::Sum => "sum",
            Self::Avg => "avg",
            Self::Min => "min",
            Self::Max => "max",
            Self::Median => "median",
            Self::Percentile => "percentile",
            Self::Lower => "lower",
            Self::Upper => "upper",
            Self::Length => "length",
            Self::Year => "year",
            Self::Month => "month",
            Self::Day => "day",
            Self::Hour => "hour",
            Self::Minute => "minute",
            Self::Second => "second",
            Self::Now => "now",
            Self::DateFormat => "date_format",
            Self::Ifnull => "ifnull",
            Self::Range => "range",
            Self::Random => "random",
            Self::Include => "include",
            Self::Exclude => "exclude",
            Self::Geographic(geo) => match geo {
                GeoFunction::WithinDistance => "within_distance",
                GeoFunction::InBbox => "in_bbox",
                GeoFunction::Intersects => "intersects",
                GeoFunction::Disjoint => "disjoint",
                GeoFunction::Within => "within",
                GeoFunction::Distance => "distance",
                GeoFunction::GeoCluster => "geo_cluster",
            },
        }
    }

    /// Where the function may appear.
    pub const fn place(self) -> Place {
        match self {
            Self::Count
            | Self::Sum
            | Self::Avg
            | Self::Min
            | Self::Max
            | Self::Median
            | Self::Percentile => Place::Aggregate,
            Self::Range => Place::GroupKey,
            Self::Random => Place::OrderKey,
            Self::Include | Self::Exclude => Place::SelectList,
            Self::Geographic(_) => Place::Unsupported,
            _ => Place::Value,
        }
    }

    /// Whether the function aggregates the rows of a group.
    pub const fn is_aggregate(self) -> bool {
        matches!(self.place(), Place::Aggregate)
    }

    /// The arguments the function takes.
    pub const fn signature(self) -> Signature {
        match self {
            Self::Count => Signature::fixed(&[StarOrValue]),
            Self::Sum | Self::Avg | Self::Median => Signature::fixed(&[Number]),
            Self::Min | Self::Max => Signature::fixed(&[Orderable]),
            Self::Percentile => Signature::fixed(&[Number, Percentage]),
            Self::Lower | Self::Upper | Self::Length => Signature::fixed(&[Text]),
            Self::Year | Self::Month | Self::Day | Self::Hour | Self::Minute | Self::Second => {
                Signature::fixed(&[Date])
            }
            Self::Now => Signature::fixed(&[]),
            Self::DateFormat => Signature::fixed(&[Date, Pattern]),
            Self::Ifnull => Signature::fixed(&[Value, Value]),
            Self::Range => Signature {
                args: &[Number, Bound],
                optional: 0,
                repeats: true,
            },
            Self::Random => Signature {
                args: &[Seed],
                optional: 1,
                repeats: false,
            },
            Self::Include | Self::Exclude => Signature {
                args: &[FieldPattern],
                optional: 0,
                repeats: true,
            },
            Self::Geographic(_) => Signature {
                args: &[Value],
                optional: 1,
                repeats: true,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_resolves_to_its_own_function() {
        for f in Function::ALL {
            assert_eq!(Function::resolve(f.name()), Some(f), "{f:?}");
        }
        let mut names: Vec<&str> = Function::ALL.iter().map(|f| f.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Function::ALL.len(), "names are unique");
    }

    #[test]
    fn unknown_and_differently_cased_names_do_not_resolve() {
        for name in ["foo", "", "COUNT", "search", "startswith", "count "] {
            assert_eq!(Function::resolve(name), None, "{name}");
        }
    }

    #[test]
    fn the_aggregates_are_the_seven_the_limits_count() {
        let aggregates: Vec<&str> = Function::ALL
            .iter()
            .filter(|f| f.is_aggregate())
            .map(|f| f.name())
            .collect();
        assert_eq!(
            aggregates,
            ["count", "sum", "avg", "min", "max", "median", "percentile"]
        );
    }

    #[test]
    fn places() {
        assert_eq!(Function::Range.place(), Place::GroupKey);
        assert_eq!(Function::Random.place(), Place::OrderKey);
        assert_eq!(Function::Exclude.place(), Place::SelectList);
        assert_eq!(Function::Lower.place(), Place::Value);
        assert_eq!(
            Function::resolve("geo_cluster").map(Function::place),
            Some(Place::Unsupported)
        );
    }

    #[test]
    fn arities() {
        let accepts = |name: &str, n: usize| {
            Function::resolve(name)
                .map(|f| f.signature().accepts(n))
                .unwrap_or(false)
        };
        for (name, counts, refused) in [
            ("count", &[1][..], &[0, 2][..]),
            ("sum", &[1], &[0, 2]),
            ("percentile", &[2], &[1, 3]),
            ("now", &[0], &[1]),
            ("date_format", &[2], &[1, 3]),
            ("ifnull", &[2], &[1, 3]),
            ("range", &[2, 3, 6], &[0, 1]),
            ("random", &[0, 1], &[2]),
            ("include", &[1, 4], &[0]),
            ("distance", &[0, 2, 5], &[]),
        ] {
            for n in counts {
                assert!(accepts(name, *n), "{name} takes {n}");
            }
            for n in refused {
                assert!(!accepts(name, *n), "{name} does not take {n}");
            }
        }
        assert_eq!(Function::Range.signature().max_args(), None);
        assert_eq!(Function::Percentile.signature().min_args(), 2);
    }

    #[test]
    fn argument_kinds() {
        assert_eq!(Function::Count.signature().args, &[ArgKind::StarOrValue]);
        assert_eq!(
            Function::DateFormat.signature().args,
            &[ArgKind::Date, ArgKind::Pattern]
        );
        assert_eq!(
            Function::Percentile.signature().args,
            &[ArgKind::Number, ArgKind::Percentage]
        );
        assert_eq!(Function::Max.signature().args, &[ArgKind::Orderable]);
    }
}
