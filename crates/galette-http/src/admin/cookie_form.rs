//! Adding, editing and removing a declared cookie (the registry editor).

use super::Staff;
use super::fields::{EditError, Fields, apply_edit, check_put, saved};
use super::refusal::Refusal;
use crate::error::PageError;
use crate::extract::{FormBody, query_param};
use crate::layout::Layout;
use crate::state::{App, AppState};
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use galette_core::language::Language;
use galette_core::registry::{
    Category, CookieDeclaration, CookieText, Lifetime, NamePattern, Party,
};
use galette_store::RegistryEdit;
use serde::Serialize;
use std::collections::BTreeMap;

/// Units the form offers, with their length in seconds (0: a session cookie).
const UNITS: [(&str, u64); 6] = [
    ("session", 0),
    ("seconds", 1),
    ("hours", 3600),
    ("days", 86_400),
    ("weeks", 7 * 86_400),
    ("years", 365 * 86_400),
];

#[derive(Serialize, Default)]
struct TextFields {
    code: &'static str,
    function_location: String,
    purpose: String,
}

/// The form's values: what is stored, or what the administrator typed.
#[derive(Serialize, Default)]
struct CookieFields {
    original: String,
    name: String,
    provider: String,
    category: String,
    party: String,
    lifetime_count: String,
    lifetime_unit: String,
    texts: Vec<TextFields>,
}

#[derive(Serialize)]
struct CookieFormPage {
    #[serde(flatten)]
    layout: Layout,
    revision: u64,
    form: CookieFields,
    error: Option<String>,
    categories: Vec<&'static str>,
    units: Vec<&'static str>,
}

/// `GET /backoffice/cookies/edit[?name=…]`: the form, empty or filled from the registry.
pub async fn edit_cookie(
    State(app): State<AppState>,
    staff: Staff,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let visitor = &staff.visitor;
    let form = match query_param(query.as_deref(), "name") {
        Some(name) => {
            let found = visitor
                .registry
                .cookies
                .iter()
                .find(|d| d.name.as_str() == name);
            fields_of(found.ok_or(PageError::NotFound)?)
        }
        None => CookieFields {
            category: "functionality".into(),
            party: "first".into(),
            lifetime_unit: "days".into(),
            lifetime_count: "30".into(),
            texts: Language::ALL
                .iter()
                .map(|l| TextFields {
                    code: l.code(),
                    ..TextFields::default()
                })
                .collect(),
            ..CookieFields::default()
        },
    };
    render(&app, &staff, form, None, StatusCode::OK).await
}

/// `POST /backoffice/cookies/`: validates and saves; a refusal shows the form again.
pub async fn save_cookie(
    State(app): State<AppState>,
    staff: Staff,
    FormBody(pairs): FormBody<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let fields = Fields(pairs);
    let revision = fields.revision()?;
    let typed = typed_fields(&fields);
    let original = fields.optional("original");
    let declared = staff
        .visitor
        .registry
        .cookies
        .iter()
        .map(|d| d.name.as_str());
    let checked = declaration_from(&fields).and_then(|declaration| {
        check_put(declared, original.as_deref(), declaration.name.as_str())?;
        Ok(declaration)
    });
    let result = match checked {
        Ok(declaration) => {
            let edit = RegistryEdit::PutCookie {
                replacing: original,
                declaration,
            };
            apply_edit(&app, staff.visitor.tenant.id, revision, edit).await
        }
        Err(refusal) => Err(EditError::Refused(refusal)),
    };
    match result {
        Ok(outcome) => Ok(saved(outcome)),
        Err(EditError::Refused(refusal)) => {
            let sentence = refusal.text(&app, staff.visitor.lang);
            render(
                &app,
                &staff,
                typed,
                Some(sentence),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(EditError::Failed(e)) => Err(e),
    }
}

/// `POST /backoffice/cookies/delete`: removes a declaration (a new revision, no re-consent).
pub async fn delete_cookie(
    State(app): State<AppState>,
    staff: Staff,
    FormBody(pairs): FormBody<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let fields = Fields(pairs);
    let edit = RegistryEdit::RemoveCookie(fields.get("name").to_owned());
    match apply_edit(&app, staff.visitor.tenant.id, fields.revision()?, edit).await {
        Ok(outcome) => Ok(saved(outcome)),
        Err(EditError::Refused(_)) => Err(PageError::NotFound),
        Err(EditError::Failed(e)) => Err(e),
    }
}

async fn render(
    app: &App,
    staff: &Staff,
    form: CookieFields,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let page = CookieFormPage {
        layout: Layout::new(app, &staff.visitor, "/backoffice/").await?,
        revision: staff.visitor.tenant.policy_revision,
        form,
        error,
        categories: Category::ALL.iter().map(|c| c.code()).collect(),
        units: UNITS.iter().map(|(u, _)| *u).collect(),
    };
    Ok((
        status,
        Html(app.pages.render("admin/cookie_form.html", &page)?),
    )
        .into_response())
}

fn fields_of(d: &CookieDeclaration) -> CookieFields {
    let (count, unit) = match d.lifetime {
        Lifetime::Session => (String::new(), "session"),
        Lifetime::Seconds(s) => UNITS
            .iter()
            .rev()
            .find(|(_, len)| *len > 0 && s % len == 0)
            .map_or((s.to_string(), "seconds"), |(u, len)| {
                ((s / len).to_string(), *u)
            }),
    };
    CookieFields {
        original: d.name.as_str().to_owned(),
        name: d.name.as_str().to_owned(),
        provider: d.provider.clone().unwrap_or_default(),
        category: d.category.code().to_owned(),
        party: d.party.code().to_owned(),
        lifetime_count: count,
        lifetime_unit: unit.to_owned(),
        texts: Language::ALL
            .iter()
            .map(|l| {
                let text = d.texts.get(l);
                TextFields {
                    code: l.code(),
                    function_location: text
                        .map(|t| t.function_location.clone())
                        .unwrap_or_default(),
                    purpose: text.map(|t| t.purpose.clone()).unwrap_or_default(),
                }
            })
            .collect(),
    }
}

fn typed_fields(fields: &Fields) -> CookieFields {
    CookieFields {
        original: fields.get("original").to_owned(),
        name: fields.get("name").to_owned(),
        provider: fields.get("provider").to_owned(),
        category: fields.get("category").to_owned(),
        party: fields.get("party").to_owned(),
        lifetime_count: fields.get("lifetime_count").to_owned(),
        lifetime_unit: fields.get("lifetime_unit").to_owned(),
        texts: Language::ALL
            .iter()
            .map(|l| TextFields {
                code: l.code(),
                function_location: fields.get(&format!("function_{}", l.code())).to_owned(),
                purpose: fields.get(&format!("purpose_{}", l.code())).to_owned(),
            })
            .collect(),
    }
}

/// The declaration the form describes, or why it is refused.
fn declaration_from(fields: &Fields) -> Result<CookieDeclaration, Refusal> {
    let typed_name = fields.get("name");
    let name = NamePattern::parse(typed_name).map_err(|e| Refusal::pattern(typed_name, &e))?;
    let category = Category::parse(fields.get("category"))
        .ok_or_else(|| Refusal::new("registry-error-category"))?;
    let party =
        Party::parse(fields.get("party")).ok_or_else(|| Refusal::new("registry-error-party"))?;
    let unit = UNITS
        .iter()
        .find(|(u, _)| *u == fields.get("lifetime_unit"))
        .ok_or_else(|| Refusal::new("registry-error-unit"))?;
    let lifetime = if unit.1 == 0 {
        Lifetime::Session
    } else {
        let count: u64 = fields
            .get("lifetime_count")
            .parse()
            .map_err(|_| Refusal::new("registry-error-lifetime-number"))?;
        let seconds = count
            .checked_mul(unit.1)
            .filter(|s| *s > 0 && *s <= 10 * 365 * 86_400);
        Lifetime::Seconds(seconds.ok_or_else(|| Refusal::new("registry-error-lifetime-range"))?)
    };
    let mut texts = BTreeMap::new();
    for language in Language::ALL {
        let function_location = fields.get(&format!("function_{}", language.code()));
        let purpose = fields.get(&format!("purpose_{}", language.code()));
        match (function_location.is_empty(), purpose.is_empty()) {
            (true, true) => {}
            (false, false) => {
                texts.insert(
                    language,
                    CookieText {
                        function_location: function_location.to_owned(),
                        purpose: purpose.to_owned(),
                    },
                );
            }
            _ => {
                return Err(Refusal::new("registry-error-texts-pair")
                    .with("language", language.native_name()));
            }
        }
    }
    let declaration = CookieDeclaration {
        name,
        provider: fields.optional("provider"),
        category,
        party,
        lifetime,
        texts,
    };
    declaration
        .validate()
        .map_err(|e| Refusal::declaration(&e))?;
    Ok(declaration)
}
