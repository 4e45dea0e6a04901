//! `Staff`: an administrator of this tenant, or the request goes no further.

use crate::auth::redirect_to;
use crate::error::PageError;
use crate::extract::Visitor;
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use galette_store::User;

/// A signed-in administrator of the request's tenant.
pub struct Staff {
    /// The administrator's account.
    pub user: User,
    /// The request's visitor state.
    pub visitor: Visitor,
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        app: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let visitor = Visitor::from_request_parts(parts, app)
            .await
            .map_err(IntoResponse::into_response)?;
        let user = visitor
            .user(app)
            .await
            .map_err(|e| PageError::from(e).into_response())?;
        match user {
            Some(user) if user.is_admin => Ok(Staff { user, visitor }),
            Some(_) => Err(PageError::AdminsOnly.into_response()),
            None => {
                let next = parts.uri.path();
                Err(redirect_to(format!("/login/?next={next}")))
            }
        }
    }
}
