//! What the consent banner, the preference centre and pages show about consent, derived
//! from the visitor. Part of the layout, since every page carries the banner.

use crate::extract::visitor::VisitorState;
use galette_core::consent::categories::OPTIONAL;
use galette_core::consent::csp::granted;
use galette_core::registry::{Category, IntegrationKind};
use galette_core::tenant::Enforcement;
use serde::Serialize;

/// The banner's context (shown while there is no valid current choice, C-01).
#[derive(Serialize)]
pub struct BannerView {
    /// Whether to render it.
    pub show: bool,
    /// Whether the browser sent `Sec-GPC: 1` (C-40).
    pub gpc: bool,
    /// Whether a stored choice was outdated by a policy revision (the banner says what changed).
    pub is_revision: bool,
    /// Optional categories this site actually uses, in policy order.
    pub categories: Vec<&'static str>,
}

/// A third-party integration to put in the page (granted, or reported in report-only mode).
#[derive(Serialize)]
pub struct IntegrationView {
    name: String,
    kind: IntegrationKind,
    src: String,
    category: Category,
}

/// Optional categories a site uses through its cookies or integrations.
pub fn categories_in_use(visitor: &VisitorState) -> Vec<Category> {
    let registry = &visitor.registry;
    OPTIONAL
        .into_iter()
        .filter(|c| {
            registry.cookies.iter().any(|d| d.category == *c)
                || registry.integrations.iter().any(|i| i.category == *c)
        })
        .collect()
}

/// The banner for this visitor.
pub fn banner(visitor: &VisitorState) -> BannerView {
    let is_revision =
        visitor.consent.status == Some(galette_core::consent::choice::ChoiceStatus::Outdated);
    BannerView {
        show: visitor.needs_banner(),
        gpc: visitor.consent.gpc,
        is_revision,
        categories: categories_in_use(visitor)
            .into_iter()
            .map(Category::code)
            .collect(),
    }
}

/// Integrations whose tags go into the page: the granted ones; in report-only mode all of
/// them (the guard logs instead of blocking, C-52).
pub fn integrations(visitor: &VisitorState) -> Vec<IntegrationView> {
    let registry = &visitor.registry;
    let chosen: Vec<_> = match visitor.tenant.enforcement {
        Enforcement::Enforce => granted(&registry.integrations, visitor.granted()),
        Enforcement::ReportOnly => registry.integrations.iter().collect(),
    };
    chosen
        .into_iter()
        .map(|i| IntegrationView {
            name: i.name.clone(),
            kind: i.kind,
            src: i.src.clone(),
            category: i.category,
        })
        .collect()
}
