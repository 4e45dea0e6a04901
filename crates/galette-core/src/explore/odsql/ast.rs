//! The typed tree of an ODSQL query: expressions and the items of each clause.
//!
//! Owns: the shapes the parser produces and the SQL compiler consumes. Does not own: checking
//! that names, functions or types make sense; a well-formed tree may still be refused there.

use super::date::DateLiteral;

/// One ODSQL expression, in `where`, `select`, `group_by` or `order_by`.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    /// A field, named as written with back-quotes removed; case is kept.
    Field(String),
    /// A constant.
    Literal(Literal),
    /// `not x` or `-x`.
    Unary {
        /// Which prefix.
        op: UnaryOp,
        /// The operand.
        expr: Box<Expr>,
    },
    /// An infix operation; `a or b or c` chains are balanced, so their shape is not left-deep.
    Binary {
        /// Which operator (`:` reads as [`BinaryOp::Eq`]).
        op: BinaryOp,
        /// Left operand.
        left: Box<Expr>,
        /// Right operand.
        right: Box<Expr>,
    },
    /// `name(args)`; the compiler decides which names exist.
    Call {
        /// The function name, lower-cased.
        name: String,
        /// The arguments; `*` (as in `count(*)`, `range(f, *, 0, *)`) is [`Expr::Star`].
        args: Vec<Expr>,
        /// Whether the arguments began with `distinct`, as in `count(distinct f)`.
        distinct: bool,
    },
    /// A bare `*`: an argument such as `count(*)`, or a `select` item next to others.
    Star,
    /// `x in (a, b)` or `x not in (a, b)`.
    InList {
        /// The tested value.
        expr: Box<Expr>,
        /// The candidates, at least one.
        items: Vec<Expr>,
        /// Whether it was `not in`.
        negated: bool,
    },
    /// `x in [low..high]`, where `]` or `[` on either side makes that bound exclusive.
    InRange {
        /// The tested value.
        expr: Box<Expr>,
        /// Lower bound.
        low: Box<Expr>,
        /// Upper bound.
        high: Box<Expr>,
        /// `[low` rather than `]low`.
        low_inclusive: bool,
        /// `high]` rather than `high[`.
        high_inclusive: bool,
    },
    /// `x is null` or `x is not null`.
    IsNull {
        /// The tested value.
        expr: Box<Expr>,
        /// Whether it was `is not null`.
        negated: bool,
    },
    /// `x is true` or `x is false` (`is not true` is `not` around this).
    IsBool {
        /// The tested value.
        expr: Box<Expr>,
        /// The boolean it must equal.
        value: bool,
    },
    /// `x like "pattern"` (`not like` is `not` around this).
    Like {
        /// The tested value.
        expr: Box<Expr>,
        /// The quoted pattern, escapes resolved.
        pattern: String,
    },
    /// Word search: a bare quoted string in a condition, `search(…)`, `suggest(…)`, `startswith(…)`.
    Search {
        /// The fields to search; empty means every text field.
        fields: Vec<String>,
        /// The searched text, escapes resolved.
        text: String,
        /// Which search.
        kind: SearchKind,
    },
}

/// A constant written in a query.
#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A whole number that fits in 64 bits, sign included (`-3`).
    Int(i64),
    /// A number with a fractional part, or a whole one too large for [`Literal::Int`].
    Float(f64),
    /// A quoted string, escapes resolved.
    Text(String),
    /// `date'…'`.
    Date(DateLiteral),
    /// `geom'…'`, kept as written between the quotes (only geo predicates use it).
    Geom(String),
}

/// A prefix operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnaryOp {
    /// `not`.
    Not,
    /// `-`.
    Neg,
}

/// An infix operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinaryOp {
    /// `or`.
    Or,
    /// `and`.
    And,
    /// `=` or `:`.
    Eq,
    /// `!=`.
    NotEq,
    /// `<`.
    Lt,
    /// `<=`.
    LtEq,
    /// `>`.
    Gt,
    /// `>=`.
    GtEq,
    /// `+`.
    Add,
    /// `-`.
    Sub,
    /// `*`.
    Mul,
    /// `/`.
    Div,
}

impl BinaryOp {
    /// The operator as ODSQL writes it, for messages (`Eq` is `=`).
    pub const fn symbol(self) -> &'static str {
        match self {
            Self::Or => "or",
            Self::And => "and",
            Self::Eq => "=",
            Self::NotEq => "!=",
            Self::Lt => "<",
            Self::LtEq => "<=",
            Self::Gt => ">",
            Self::GtEq => ">=",
            Self::Add => "+",
            Self::Sub => "-",
            Self::Mul => "*",
            Self::Div => "/",
        }
    }
}

/// Which text search an [`Expr::Search`] asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SearchKind {
    /// `search(…)` or a bare quoted string: whole words, the last one as a prefix.
    Search,
    /// `suggest(…)`: like search, for type-ahead.
    Suggest,
    /// `startswith(…)`: the whole value begins with the text.
    StartsWith,
}

/// One item of a `select` list.
#[derive(Clone, Debug, PartialEq)]
pub struct SelectItem {
    /// What to compute; [`Expr::Star`] for a `*` written next to other items.
    pub expr: Expr,
    /// The name after `as`, back-quotes removed.
    pub alias: Option<String>,
    /// The expression as written, trimmed: the output key when there is no alias.
    pub text: String,
}

/// A whole `select` parameter.
#[derive(Clone, Debug, PartialEq)]
pub enum SelectList {
    /// `*` alone: every field.
    Star,
    /// Anything else, in the order written.
    Items(Vec<SelectItem>),
}

/// One item of a `group_by` list, such as `carrier`, `year(d) as y` or `range(f, 50)`.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupItem {
    /// The grouping key.
    pub expr: Expr,
    /// The label after `as`, back-quotes removed.
    pub alias: Option<String>,
    /// The expression as written, trimmed: the key's label when there is no alias.
    pub text: String,
}

/// One item of an `order_by` list.
#[derive(Clone, Debug, PartialEq)]
pub struct OrderItem {
    /// What to sort by: a field, a select alias, an aggregate, `random(seed)`…
    pub expr: Expr,
    /// Whether `desc` was written (`asc` is the default).
    pub descending: bool,
}
