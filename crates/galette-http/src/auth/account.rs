//! `GET /account/`: the signed-in user's page, and the clients' "am I signed in" probe.

use super::login::redirect_to;
use crate::error::PageError;
use crate::extract::Visitor;
use crate::layout::Layout;
use crate::state::AppState;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};
use serde::Serialize;

#[derive(Serialize)]
struct AccountPage {
    #[serde(flatten)]
    layout: Layout,
    email: String,
    is_admin: bool,
}

/// 200 for a user of this tenant, 302 to the sign-in form otherwise.
pub async fn show_account(
    State(app): State<AppState>,
    visitor: Visitor,
) -> Result<Response, PageError> {
    let Some(user) = visitor.user(&app).await? else {
        return Ok(redirect_to("/login/?next=/account/".to_owned()));
    };
    let page = AccountPage {
        layout: Layout::new(&app, &visitor, "/account/").await?,
        email: user.email,
        is_admin: user.is_admin,
    };
    Ok(Html(app.pages.render("auth/account.html", &page)?).into_response())
}
