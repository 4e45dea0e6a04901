//! `/backoffice/news/`: the platform administrators write, edit and delete the feed's posts.
//! Administrators of another site are told where news are written (403); visitors who are
//! not signed in are sent to sign in, as everywhere in the back office.
//!
//! Owns: who may open the editor (`PlatformAdmin`), the list, the form and its refusals in
//! the administrator's language (422 with the values typed).
//! Does not own: what a valid post is (`galette_core::news::validate_post`).

use super::text_for;
use crate::admin::Staff;
use crate::error::PageError;
use crate::extract::{FormBody, query_param};
use crate::layout::Layout;
use crate::state::{App, AppState};
use axum::extract::{FromRequestParts, RawQuery, State};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use fluent_bundle::FluentArgs;
use galette_core::language::Language;
use galette_core::news::{PostError, PostText, form_time, platform_admins_site, validate_post};
use galette_core::time::rfc3339_utc;
use galette_store::{NewsDraft, NewsPost, NewsText, StoreError};
use serde::Serialize;

/// An administrator of the platform's site: the only accounts that publish news.
pub struct PlatformAdmin(Staff);

impl FromRequestParts<AppState> for PlatformAdmin {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        app: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let staff = Staff::from_request_parts(parts, app).await?;
        if platform_admins_site(&staff.visitor.tenant.slug) {
            return Ok(PlatformAdmin(staff));
        }
        Err(match elsewhere(app, &staff).await {
            Ok(response) => response,
            Err(error) => error.into_response(),
        })
    }
}

/// The 403 an administrator of another site gets: news are written on the platform's site.
async fn elsewhere(app: &App, staff: &Staff) -> Result<Response, PageError> {
    let page = ListPage {
        layout: Layout::new(app, &staff.visitor, "/backoffice/news/").await?,
        elsewhere: true,
        posts: Vec::new(),
        saved: false,
    };
    Ok((
        StatusCode::FORBIDDEN,
        Html(app.pages.render("admin/news.html", &page)?),
    )
        .into_response())
}

#[derive(Serialize)]
struct PostRow {
    id: i64,
    title: String,
    languages: Vec<&'static str>,
    published: String,
    expires: Option<String>,
    state: &'static str,
}

#[derive(Serialize)]
struct ListPage {
    #[serde(flatten)]
    layout: Layout,
    elsewhere: bool,
    posts: Vec<PostRow>,
    saved: bool,
}

/// Whether a post is waiting, shown or gone at `now`.
fn state(post: &NewsPost, now: i64) -> &'static str {
    if post.published_at > now {
        "scheduled"
    } else if post.expires_at.is_some_and(|e| e <= now) {
        "expired"
    } else {
        "published"
    }
}

fn minutes(unix: i64) -> String {
    rfc3339_utc(unix)
        .chars()
        .take(16)
        .collect::<String>()
        .replace('T', " ")
}

/// `GET /backoffice/news/`: every post, newest publication first.
pub async fn list_posts(
    State(app): State<AppState>,
    PlatformAdmin(staff): PlatformAdmin,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let now = app.clock.unix();
    let lang = staff.visitor.lang;
    let posts = app
        .store
        .all_news_posts()
        .await?
        .iter()
        .map(|post| PostRow {
            id: post.id,
            title: text_for(post, lang, lang)
                .map(|(_, t)| t.title.clone())
                .unwrap_or_default(),
            languages: Language::ALL
                .into_iter()
                .filter(|l| post.texts.iter().any(|t| t.language == l.code()))
                .map(Language::code)
                .collect(),
            published: minutes(post.published_at),
            expires: post.expires_at.map(minutes),
            state: state(post, now),
        })
        .collect();
    let page = ListPage {
        layout: Layout::new(&app, &staff.visitor, "/backoffice/news/").await?,
        elsewhere: false,
        posts,
        saved: query_param(query.as_deref(), "saved").is_some(),
    };
    Ok(Html(app.pages.render("admin/news.html", &page)?).into_response())
}

/// One language's fields in the form.
#[derive(Serialize)]
struct TextFields {
    code: &'static str,
    name: &'static str,
    title: String,
    body: String,
}

/// The form's values: stored, or as typed.
#[derive(Serialize)]
struct FormValues {
    id: Option<i64>,
    published: String,
    expires: String,
    texts: Vec<TextFields>,
}

#[derive(Serialize)]
struct FormPage {
    #[serde(flatten)]
    layout: Layout,
    form: FormValues,
    error: Option<String>,
    /// The field the error is about, to point at it.
    error_field: Option<String>,
}

async fn render_form(
    app: &App,
    staff: &Staff,
    form: FormValues,
    error: Option<(String, Option<String>)>,
) -> Result<Response, PageError> {
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let (error, error_field) = error.map_or((None, None), |(e, f)| (Some(e), f));
    let page = FormPage {
        layout: Layout::new(app, &staff.visitor, "/backoffice/news/").await?,
        form,
        error,
        error_field,
    };
    Ok((
        status,
        Html(app.pages.render("admin/news_form.html", &page)?),
    )
        .into_response())
}

fn parse_id(text: &str) -> Result<i64, PageError> {
    text.parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or(PageError::BadRequest("error-detail-form"))
}

/// `GET /backoffice/news/edit[?id=…]`: the form, empty (published now) or filled.
pub async fn edit_post(
    State(app): State<AppState>,
    PlatformAdmin(staff): PlatformAdmin,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let form = match query_param(query.as_deref(), "id") {
        Some(id) => {
            let post = app
                .store
                .news_post(parse_id(&id)?)
                .await?
                .ok_or(PageError::NotFound)?;
            FormValues {
                id: Some(post.id),
                published: form_time(post.published_at),
                expires: post.expires_at.map(form_time).unwrap_or_default(),
                texts: Language::ALL
                    .into_iter()
                    .map(|l| {
                        let text = post.texts.iter().find(|t| t.language == l.code());
                        TextFields {
                            code: l.code(),
                            name: l.native_name(),
                            title: text.map(|t| t.title.clone()).unwrap_or_default(),
                            body: text.map(|t| t.body.clone()).unwrap_or_default(),
                        }
                    })
                    .collect(),
            }
        }
        None => FormValues {
            id: None,
            published: form_time(app.clock.unix()),
            expires: String::new(),
            texts: Language::ALL
                .into_iter()
                .map(|l| TextFields {
                    code: l.code(),
                    name: l.native_name(),
                    title: String::new(),
                    body: String::new(),
                })
                .collect(),
        },
    };
    render_form(&app, &staff, form, None).await
}

/// The sentence for a refusal, in the administrator's language, and the field it is about.
fn refusal(app: &App, lang: Language, error: PostError) -> (String, Option<String>) {
    let mut args = FluentArgs::new();
    if let Some(language) = error.language() {
        args.set("language", language.native_name());
    }
    let field = match error {
        PostError::NoText => Some("title_en".to_owned()),
        PostError::Incomplete(l) | PostError::TitleLength(l) => Some(format!("title_{}", l.code())),
        PostError::BodyLength(l) => Some(format!("body_{}", l.code())),
        PostError::PublishedAt => Some("published".to_owned()),
        PostError::ExpiresAt | PostError::ExpiresBeforePublished => Some("expires".to_owned()),
    };
    (app.pages.text_with(lang, error.key(), &args), field)
}

/// `POST /backoffice/news/`: creates (no `id`) or updates a post; a refusal shows the form
/// again with what was typed.
pub async fn save_post(
    State(app): State<AppState>,
    PlatformAdmin(staff): PlatformAdmin,
    FormBody(pairs): FormBody<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let fields = crate::admin::Fields(pairs);
    let id = match fields.get("id") {
        "" => None,
        text => Some(parse_id(text)?),
    };
    let typed: Vec<PostText> = Language::ALL
        .into_iter()
        .map(|l| PostText {
            language: l,
            title: fields.get(&format!("title_{}", l.code())).to_owned(),
            body: fields.get(&format!("body_{}", l.code())).to_owned(),
        })
        .collect();
    let published = fields.get("published");
    let expires = fields.get("expires");
    let valid = match validate_post(&typed, published, expires) {
        Ok(valid) => valid,
        Err(error) => {
            let form = FormValues {
                id,
                published: published.to_owned(),
                expires: expires.to_owned(),
                texts: typed
                    .into_iter()
                    .map(|t| TextFields {
                        code: t.language.code(),
                        name: t.language.native_name(),
                        title: t.title,
                        body: t.body,
                    })
                    .collect(),
            };
            let sentence = refusal(&app, staff.visitor.lang, error);
            return render_form(&app, &staff, form, Some(sentence)).await;
        }
    };
    let draft = NewsDraft {
        published_at: valid.published_at,
        expires_at: valid.expires_at,
        texts: valid
            .texts
            .into_iter()
            .map(|t| NewsText {
                language: t.language.code().to_owned(),
                title: t.title,
                body: t.body,
            })
            .collect(),
    };
    let now = app.clock.unix();
    let saved = match id {
        Some(id) => app
            .store
            .update_news_post(id, &draft, now)
            .await
            .map(|()| id),
        None => {
            app.store
                .create_news_post(&draft, &staff.user.email, now)
                .await
        }
    };
    let id = match saved {
        Ok(id) => id,
        Err(StoreError::NotFound(_)) => return Err(PageError::NotFound),
        Err(e) => return Err(e.into()),
    };
    tracing::info!(user = staff.user.id, post = id, "news post saved");
    Ok(back_to_list())
}

/// `POST /backoffice/news/delete`: removes a post.
pub async fn delete_post(
    State(app): State<AppState>,
    PlatformAdmin(staff): PlatformAdmin,
    FormBody(pairs): FormBody<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let fields = crate::admin::Fields(pairs);
    let id = parse_id(fields.get("id"))?;
    match app.store.delete_news_post(id).await {
        Ok(()) => {}
        Err(StoreError::NotFound(_)) => return Err(PageError::NotFound),
        Err(e) => return Err(e.into()),
    }
    tracing::info!(user = staff.user.id, post = id, "news post deleted");
    Ok(back_to_list())
}

fn back_to_list() -> Response {
    (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, "/backoffice/news/?saved=1")],
    )
        .into_response()
}
