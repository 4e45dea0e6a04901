//! What every full page shows around its content: site name, navigation, who is signed in,
//! and the language switcher (a plain form, so it needs a CSRF token), and the consent
//! banner (`banner`). Pages that every visitor who is not signed in sees alike are
//! rendered once and reused through `cached`.

pub mod banner;
pub mod bell;
pub mod cached;

use crate::error::PageError;
use crate::extract::Visitor;
use crate::extract::visitor::VisitorState;
use crate::state::App;
use banner::{BannerView, IntegrationView, banner, integrations};
use galette_core::language::Language;
use galette_store::User;
use minijinja::value::{Object, Value};
use minijinja::{Error, State};
use serde::Serialize;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// `csrf_token()` in templates: a freshly masked token at each call (django-cookies X-3),
/// and the cookie goes with the response only if a template asked for one. While a
/// page to keep is rendered (`cached`), a stand-in goes where each token would, counted,
/// and the tokens are spliced in afterwards; unless the stand-in was switched off.
#[derive(Debug)]
struct CsrfMinter {
    visitor: Arc<VisitorState>,
    stand_in: Option<Arc<StandIn>>,
}

/// What a template gets for `csrf_token()` while a page to keep is rendered.
#[derive(Debug)]
pub(crate) struct StandIn {
    /// The text given for each call.
    pub(crate) text: Arc<str>,
    /// How many calls the render made.
    pub(crate) calls: AtomicUsize,
    /// Set when the page is rendered again for this visitor alone: real tokens again.
    pub(crate) off: AtomicBool,
}

impl StandIn {
    /// A stand-in giving `text`, not yet called.
    pub(crate) fn new(text: Arc<str>) -> StandIn {
        StandIn {
            text,
            calls: AtomicUsize::new(0),
            off: AtomicBool::new(false),
        }
    }
}

impl Object for CsrfMinter {
    fn call(self: &Arc<Self>, _: &mut State<'_, '_>, _: &[Value]) -> Result<Value, Error> {
        match &self.stand_in {
            Some(stand_in) if !stand_in.off.load(Ordering::Relaxed) => {
                stand_in.calls.fetch_add(1, Ordering::Relaxed);
                Ok(Value::from(Arc::clone(&stand_in.text)))
            }
            _ => Ok(Value::from(self.visitor.csrf_token())),
        }
    }
}

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
    csrf_token: Value,
    here: String,
    user_email: Option<String>,
    is_admin: bool,
    banner: BannerView,
    integrations: Vec<IntegrationView>,
    /// The header bell's count of unread news; `None` hides the count (`news`).
    news_unread: Option<i64>,
}

/// The longest query string the language switcher and the banner carry back.
const MAX_RETURN_QUERY: usize = 2048;

/// Where the switcher and the banner bring the visitor back: `here`, with the request's
/// query string when the page is the one requested (so a filtered explorer view stays
/// filtered). The query is the request's own, which a URI keeps free of spaces and control
/// characters; setlang and `/cookies/` still check the whole target is a local path.
fn return_to(visitor: &VisitorState, here: &str) -> String {
    match &visitor.target.query {
        Some(query)
            if visitor.target.path == here
                && !query.is_empty()
                && query.len() <= MAX_RETURN_QUERY =>
        {
            format!("{here}?{query}")
        }
        _ => here.to_owned(),
    }
}

impl Layout {
    /// The layout for a page at `here` (the switcher brings the visitor back to it).
    pub async fn new(app: &App, visitor: &Visitor, here: &str) -> Result<Layout, PageError> {
        let user = visitor.user(app).await?;
        let news_unread = bell::unread_count(app, visitor, user.as_ref()).await;
        Ok(Layout::assemble(visitor, here, user, news_unread, None))
    }

    /// The layout from what `new` reads, with `stand_in` for the CSRF tokens of a page to
    /// keep (`cached`).
    pub(crate) fn assemble(
        visitor: &Visitor,
        here: &str,
        user: Option<User>,
        news_unread: Option<i64>,
        stand_in: Option<Arc<StandIn>>,
    ) -> Layout {
        Layout {
            lang: visitor.lang,
            tenant_name: visitor.tenant.name.clone(),
            languages: visitor
                .tenant
                .languages
                .iter()
                .map(|l| LanguageOption {
                    code: l.code(),
                    name: l.native_name(),
                    is_current: *l == visitor.lang,
                })
                .collect(),
            csrf_token: Value::from_object(CsrfMinter {
                visitor: Arc::clone(&visitor.0),
                stand_in,
            }),
            here: return_to(visitor, here),
            is_admin: user.as_ref().is_some_and(|u| u.is_admin),
            banner: banner(visitor),
            integrations: integrations(visitor),
            user_email: user.map(|u| u.email),
            news_unread,
        }
    }

    /// The bell of a page that has just shown every post: nothing unread.
    pub fn news_read(&mut self) {
        self.news_unread = self.news_unread.map(|_| 0);
    }
}
