//! What every full page shows around its content: site name, navigation, who is signed in,
//! and the language switcher (a plain form, so it needs a CSRF token).

use crate::error::PageError;
use crate::extract::Visitor;
use crate::state::App;
use galette_core::language::Language;
use serde::Serialize;

/// One entry of the language switcher.
#[derive(Serialize)]
pub struct LanguageOption {
    code: &'static str,
    name: &'static str,
    is_current: bool,
}

/// The layout's context; page contexts embed it with `#[serde(flatten)]`.
#[derive(Serialize)]
pub struct Layout {
    lang: Language,
    tenant_name: String,
    languages: Vec<LanguageOption>,
    csrf_token: String,
    here: String,
    user_email: Option<String>,
    is_admin: bool,
}

impl Layout {
    /// The layout for a page at `here` (the switcher brings the visitor back to it).
    pub async fn new(app: &App, visitor: &Visitor, here: &str) -> Result<Layout, PageError> {
        let user = visitor.user(app).await?;
        Ok(Layout {
            lang: visitor.lang,
            tenant_name: visitor.tenant.name.clone(),
            languages: visitor
                .tenant
                .languages
                .iter()
                .map(|l| LanguageOption { code: l.code(), name: l.native_name(), is_current: *l == visitor.lang })
                .collect(),
            csrf_token: visitor.csrf_token(),
            here: here.to_owned(),
            is_admin: user.as_ref().is_some_and(|u| u.is_admin),
            user_email: user.map(|u| u.email),
        })
    }
}
