//! The cookie registry: every cookie a tenant declares, the single source of its policy page
//! and, later, of what the server lets through.

mod category;
mod declaration;
pub mod integration;
mod name_pattern;
pub mod necessary;
pub mod revision;

pub use category::{Category, Party};
pub use declaration::{CookieDeclaration, CookieText, DeclarationError, Lifetime, LifetimeUnit};
pub use integration::{Integration, IntegrationError, IntegrationKind, OriginFault, parse_origin};
pub use name_pattern::{NamePattern, PatternError};
pub use revision::{RegistryChange, canonical_registry_json, diff_registry, needs_reconsent};
