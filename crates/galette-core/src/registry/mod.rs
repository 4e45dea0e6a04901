//! The cookie registry: every cookie a tenant declares, the single source of its policy page
//! and, later, of what the server lets through.

mod category;
mod declaration;
mod name_pattern;

pub use category::{Category, Party};
pub use declaration::{CookieDeclaration, CookieText, DeclarationError, Lifetime, LifetimeUnit};
pub use name_pattern::{NamePattern, PatternError};
