//! Saving the `sessionid` session once the handler answered (docs/cookies.md S-1…S-5).
//!
//! Owns: deleting an emptied session, saving a modified one under a fresh key when it has
//! none, and nothing saved on a 5xx answer (S-3).
//! Does not own: loading the session or what it holds (`extract::visitor`).

use crate::extract::visitor::{LoadedSession, VisitorState};
use crate::state::App;
use galette_core::necessary_cookies::NecessaryCookie;
use galette_core::session_key::generate_session_key;
use galette_store::StoreError;

/// What saving did to the `sessionid` cookie.
pub(super) enum SessionCookie {
    /// Nothing to send.
    Unchanged,
    /// Send the cookie with this key.
    Set(String),
    /// Delete the cookie the browser holds.
    Delete,
}

/// Writes the visitor's session if the handler changed it; `Err` when the store failed.
pub(super) async fn save_changes(
    app: &App,
    visitor: &VisitorState,
    had_session_cookie: bool,
    is_server_error: bool,
) -> Result<(SessionCookie, bool), StoreError> {
    let mut session = visitor.session.lock().await;
    let accessed = session.accessed;
    let Some(loaded) = session.loaded.as_mut().filter(|l| l.modified) else {
        return Ok((SessionCookie::Unchanged, accessed));
    };
    if loaded.data.is_empty() {
        if let Some(key) = loaded.key.take()
            && let Err(error) = app.store.delete_session(&key).await
        {
            tracing::error!(%error, "could not delete an emptied session: {error}");
        }
        return Ok(if had_session_cookie {
            (SessionCookie::Delete, true)
        } else {
            (SessionCookie::Unchanged, accessed)
        });
    }
    if is_server_error {
        return Ok((SessionCookie::Unchanged, accessed));
    }
    let key = save_session(app, visitor, loaded).await?;
    Ok((SessionCookie::Set(key), true))
}

async fn save_session(
    app: &App,
    visitor: &VisitorState,
    loaded: &mut LoadedSession,
) -> Result<String, StoreError> {
    let data =
        serde_json::to_string(&loaded.data).map_err(|e| StoreError::Invalid(e.to_string()))?;
    let expires = app.clock.unix()
        + i64::try_from(NecessaryCookie::SessionId.max_age_secs()).unwrap_or(i64::MAX);
    if let Some(key) = &loaded.key
        && app
            .store
            .update_session(key, visitor.tenant.id, &data, expires)
            .await?
    {
        return Ok(key.clone());
    }
    // A new session, or one deleted meanwhile: store it under a key never used before.
    for _ in 0..5 {
        let key = generate_session_key(&mut rand::rng());
        if app
            .store
            .insert_session(&key, visitor.tenant.id, &data, expires)
            .await?
        {
            loaded.key = Some(key.clone());
            return Ok(key);
        }
    }
    Err(StoreError::Conflict(
        "five random session keys in a row".into(),
    ))
}
