//! ODSQL, the query language of the Explore API v2.1 (`docs/explore-api.md` §6).
//!
//! Owns: tokens, the expression grammar, the clause lists and their typed tree, and the
//! messages of malformed queries. Does not own: whether a field or function exists, types, or
//! SQL; the compiler in galette-store decides those from the tree built here.
//!
//! Every tree returned is at most [`MAX_DEPTH`] levels deep, so walking it recursively is safe.

mod ast;
mod calls;
mod clauses;
mod date;
mod error;
mod lexer;
mod parser;
mod predicates;

pub use ast::{
    BinaryOp, Expr, GroupItem, Literal, OrderItem, SearchKind, SelectItem, SelectList, UnaryOp,
};
pub use clauses::{parse_group_by, parse_order_by, parse_refine, parse_select, parse_where};
pub use date::{DateError, DateLiteral};
pub use error::OdsqlError;
pub use parser::{KEYWORDS, MAX_DEPTH, is_keyword};

#[cfg(test)]
mod tests;
