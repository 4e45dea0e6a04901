//! `Visitor`: the request's tenant, language, session and CSRF state, as one extractor.
//!
//! Owns: the per-request state of the necessary cookies and the rules for changing it
//! (login cycles the session key, logout flushes it, tokens mask the one secret).
//! Does not own: writing the cookies (`guard::necessary_cookies` does, once, after the
//! handler) or their attributes (`galette_core::necessary_cookies`).

use crate::error::PageError;
use crate::registry_cache::TenantRegistry;
use crate::state::App;
use crate::sync::lock;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use galette_core::consent::categories::CategorySet;
use galette_core::consent::choice::{ChoiceStatus, ConsentChoice, effective_granted};
use galette_core::csrf_token::{CsrfFailure, CsrfSecret};
use galette_core::language::Language;
use galette_core::password::password_fingerprint;
use galette_core::tenant::Tenant;
use galette_store::{StoreError, User};
use serde::{Deserialize, Serialize};
use std::sync::{Arc, Mutex};

/// What the session stores. Unknown keys written by newer versions are kept as they are.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SessionData {
    /// Signed-in user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<i64>,
    /// Fingerprint of the user's password hash at sign-in (django-cookies S-8).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_fingerprint: Option<String>,
    /// Anything else (consent choices of signed-in users, later).
    #[serde(flatten)]
    pub other: serde_json::Map<String, serde_json::Value>,
}

impl SessionData {
    /// An empty session is never stored and deletes the cookie (S-3, S-6).
    pub fn is_empty(&self) -> bool {
        self.user_id.is_none() && self.auth_fingerprint.is_none() && self.other.is_empty()
    }
}

/// The state of the request's `csrftoken` cookie.
#[derive(Debug)]
pub(crate) enum CsrfCookie {
    /// No cookie was sent.
    Absent,
    /// A well-formed cookie; its secret is reused.
    Valid(CsrfSecret),
    /// A malformed cookie; a fresh secret will be set on this response.
    Malformed(CsrfFailure),
}

#[derive(Debug)]
pub(crate) struct CsrfState {
    pub(crate) cookie: CsrfCookie,
    /// The secret tokens are masked from (the cookie's, or a new one).
    pub(crate) secret: Option<CsrfSecret>,
    /// Whether the response must carry the cookie (token rendered, rotation, repair).
    pub(crate) must_send: bool,
}

#[derive(Debug, Default)]
pub(crate) struct SessionState {
    /// Key from the request cookie, if plausible.
    pub(crate) cookie_key: Option<String>,
    /// Whether the session was read (adds `Vary: Cookie`, S-5).
    pub(crate) accessed: bool,
    /// Loaded data; `None` until first use.
    pub(crate) loaded: Option<LoadedSession>,
    /// Memoised signed-in user.
    pub(crate) user: Option<Option<User>>,
}

#[derive(Debug, Default)]
pub(crate) struct LoadedSession {
    /// Key the data lives under; `None` for a session not stored yet.
    pub(crate) key: Option<String>,
    pub(crate) data: SessionData,
    pub(crate) modified: bool,
}

/// What the request says about consent (consent.md C-01, C-21, C-40).
#[derive(Debug, Default)]
pub struct ConsentState {
    /// The browser sent `Sec-GPC: 1`.
    pub gpc: bool,
    /// The `cookies_preferences` value, if its format and MAC check out (even if outdated).
    pub stored: Option<ConsentChoice>,
    /// Whether that choice is current, outdated by a revision, or expired.
    pub status: Option<ChoiceStatus>,
}

/// The path and query string of a request.
#[derive(Debug, Clone, Default)]
pub struct RequestTarget {
    /// The path, as sent (percent-encoded).
    pub path: String,
    /// The query string without its `?`, if any.
    pub query: Option<String>,
}

/// Per-request state, shared between the guard and the handler.
#[derive(Debug)]
pub struct VisitorState {
    /// The tenant the `Host` resolved to.
    pub tenant: Arc<Tenant>,
    /// Resolved language (django-cookies L-4).
    pub lang: Language,
    /// Whether the request came over HTTPS (G-5).
    pub is_https: bool,
    /// The `Host` header as sent, port included (CSRF and redirect checks compare to it).
    pub host: String,
    /// The request's path and query string, as sent (the language switcher returns to it).
    pub target: RequestTarget,
    /// An opaque id of the client for throttling (never logged).
    pub client: String,
    /// The tenant's registry at its current revision.
    pub registry: Arc<TenantRegistry>,
    /// Consent as the request carries it.
    pub consent: ConsentState,
    /// The notification feed's cookies as sent (used only where consent lets them, `news`).
    pub feed: crate::extract::feed_cookies::SentFeedCookies,
    /// A choice made during this request (written to `cookies_preferences` by the guard).
    pub(crate) new_choice: Mutex<Option<ConsentChoice>>,
    pub(crate) csrf: Mutex<CsrfState>,
    pub(crate) session: tokio::sync::Mutex<SessionState>,
    pub(crate) new_language: Mutex<Option<Language>>,
}

/// The extractor handlers use; present on every tenant route.
#[derive(Clone, Debug)]
pub struct Visitor(pub Arc<VisitorState>);

impl<S: Send + Sync> FromRequestParts<S> for Visitor {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        // Only absent if a route was mounted outside the tenant guard: a wiring defect.
        parts
            .extensions
            .get::<Visitor>()
            .cloned()
            .ok_or(PageError::UnknownPortal)
    }
}

impl std::ops::Deref for Visitor {
    type Target = VisitorState;
    fn deref(&self) -> &VisitorState {
        &self.0
    }
}

impl VisitorState {
    #[expect(
        clippy::too_many_arguments,
        reason = "built once, by the guard, from the parsed request"
    )]
    pub(crate) fn new(
        tenant: Arc<Tenant>,
        lang: Language,
        is_https: bool,
        host: String,
        target: RequestTarget,
        client: String,
        registry: Arc<TenantRegistry>,
        consent: ConsentState,
        feed: crate::extract::feed_cookies::SentFeedCookies,
        csrf_cookie: CsrfCookie,
        session_key: Option<String>,
    ) -> VisitorState {
        let secret = match &csrf_cookie {
            CsrfCookie::Valid(s) => Some(s.clone()),
            _ => None,
        };
        let must_send = matches!(csrf_cookie, CsrfCookie::Malformed(_));
        VisitorState {
            tenant,
            lang,
            is_https,
            host,
            target,
            client,
            registry,
            consent,
            feed,
            new_choice: Mutex::new(None),
            csrf: Mutex::new(CsrfState {
                cookie: csrf_cookie,
                secret,
                must_send,
            }),
            session: tokio::sync::Mutex::new(SessionState {
                cookie_key: session_key,
                ..Default::default()
            }),
            new_language: Mutex::new(None),
        }
    }

    /// The choice in force for this response: one made now, else a current stored one.
    pub fn current_choice(&self) -> Option<ConsentChoice> {
        let made_now = lock(&self.new_choice).clone();
        made_now.or_else(|| {
            self.consent
                .stored
                .clone()
                .filter(|_| self.consent.status == Some(ChoiceStatus::Current))
        })
    }

    /// The optional categories granted for this response, after GPC (C-40).
    pub fn granted(&self) -> CategorySet {
        effective_granted(self.current_choice().map(|c| c.granted), self.consent.gpc)
    }

    /// Whether the banner must be shown (no valid current choice, C-01).
    pub fn needs_banner(&self) -> bool {
        self.current_choice().is_none()
    }

    /// Records a choice made by this request; the guard writes the cookie.
    pub fn record_choice(&self, choice: ConsentChoice) {
        *lock(&self.new_choice) = Some(choice);
    }

    /// A freshly masked CSRF token for a form or client; the cookie goes with the response.
    pub fn csrf_token(&self) -> String {
        let mut csrf = lock(&self.csrf);
        let mut rng = rand::rng();
        let secret = csrf
            .secret
            .get_or_insert_with(|| CsrfSecret::generate(&mut rng))
            .clone();
        csrf.must_send = true;
        secret.mask(&mut rng)
    }

    /// Replaces the CSRF secret (X-9, on login).
    fn rotate_csrf(&self) {
        let mut csrf = lock(&self.csrf);
        csrf.secret = Some(CsrfSecret::generate(&mut rand::rng()));
        csrf.must_send = true;
    }

    /// Queues the `django_language` cookie (setlang, L-1).
    pub fn set_language_cookie(&self, language: Language) {
        *lock(&self.new_language) = Some(language);
    }

    /// The signed-in user of this tenant, if any (loads the session once).
    pub async fn user(&self, app: &App) -> Result<Option<User>, StoreError> {
        let mut session = self.session.lock().await;
        if let Some(user) = &session.user {
            return Ok(user.clone());
        }
        self.load(app, &mut session).await?;
        let Some(loaded) = session.loaded.as_mut() else {
            return Ok(None);
        };
        let user = match loaded.data.user_id {
            Some(id) => app.store.user_by_id(self.tenant.id, id).await?,
            None => None,
        };
        let user = match user {
            Some(u)
                if loaded.data.auth_fingerprint.as_deref()
                    == Some(&password_fingerprint(&u.password_hash)) =>
            {
                Some(u)
            }
            Some(_) => {
                // The password changed since sign-in: the session no longer authenticates (S-8).
                loaded.data = SessionData::default();
                loaded.modified = true;
                None
            }
            None => None,
        };
        session.user = Some(user.clone());
        Ok(user)
    }

    /// Whether an administrator is signed in, as far as this request already knows without
    /// another query: `None` if nothing loaded the user (the statistics ask after the
    /// answer; every page's layout loads it).
    pub fn signed_in_admin(&self) -> Option<bool> {
        let session = self.session.try_lock().ok()?;
        if session.cookie_key.is_none() && session.user.is_none() {
            return Some(false);
        }
        session
            .user
            .as_ref()
            .map(|user| user.as_ref().is_some_and(|u| u.is_admin))
    }

    /// Signs `user` in: new session key, same anonymous data (or flushed if another user
    /// was signed in), rotated CSRF secret (S-7, X-9).
    pub async fn login(&self, app: &App, user: &User) -> Result<(), StoreError> {
        let mut session = self.session.lock().await;
        self.load(app, &mut session).await?;
        let fingerprint = password_fingerprint(&user.password_hash);
        let loaded = session.loaded.get_or_insert_with(LoadedSession::default);
        if loaded.data.user_id.is_some_and(|id| id != user.id)
            || loaded
                .data
                .auth_fingerprint
                .as_ref()
                .is_some_and(|f| *f != fingerprint)
        {
            loaded.data = SessionData::default();
        }
        if let Some(old) = loaded.key.take() {
            app.store.delete_session(&old).await?;
        }
        loaded.data.user_id = Some(user.id);
        loaded.data.auth_fingerprint = Some(fingerprint);
        loaded.modified = true;
        session.user = Some(Some(user.clone()));
        drop(session);
        self.rotate_csrf();
        Ok(())
    }

    /// Writes a value into the session (a signed-in user's consent choice, consent.md C-12);
    /// the session is then saved and its cookie re-sent (django-cookies P-4).
    pub async fn put_in_session(
        &self,
        app: &App,
        key: &str,
        value: serde_json::Value,
    ) -> Result<(), StoreError> {
        let mut session = self.session.lock().await;
        self.load(app, &mut session).await?;
        let loaded = session.loaded.get_or_insert_with(LoadedSession::default);
        loaded.data.other.insert(key.to_owned(), value);
        loaded.modified = true;
        Ok(())
    }

    /// Signs out: clears the data and forgets the key (S-9); the guard deletes the cookie.
    pub async fn logout(&self, app: &App) -> Result<(), StoreError> {
        let mut session = self.session.lock().await;
        self.load(app, &mut session).await?;
        let loaded = session.loaded.get_or_insert_with(LoadedSession::default);
        if let Some(old) = loaded.key.take() {
            app.store.delete_session(&old).await?;
        }
        loaded.data = SessionData::default();
        loaded.modified = true;
        session.user = Some(None);
        Ok(())
    }

    async fn load(&self, app: &App, session: &mut SessionState) -> Result<(), StoreError> {
        session.accessed = true;
        if session.loaded.is_some() {
            return Ok(());
        }
        let mut loaded = LoadedSession::default();
        if let Some(key) = &session.cookie_key {
            let record = app
                .store
                .load_session(key, self.tenant.id, app.clock.unix())
                .await?;
            // Unknown, expired or foreign ids load as empty and are never reused (S-2, S-10).
            if let Some(record) = record {
                match serde_json::from_str(&record.data) {
                    Ok(data) => {
                        loaded.data = data;
                        loaded.key = Some(key.clone());
                    }
                    Err(error) => {
                        tracing::warn!(%error, "a stored session does not parse; treated as empty")
                    }
                }
            }
        }
        session.loaded = Some(loaded);
        Ok(())
    }
}
