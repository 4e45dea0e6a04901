//! Pages that every visitor who is not signed in sees alike, rendered once per key and
//! reused (`page_cache`): what of the request goes into the key, rendering with stand-ins
//! for the CSRF tokens, and splicing in tokens freshly masked for this visitor.
//!
//! The key holds everything of the request that the layout or such a page shows: the site,
//! the path and query string (the language switcher and the banner link back to them), the
//! language, consent as the banner, the integrations and the embeds see it (banner shown,
//! `Sec-GPC`, a choice outdated by a revision, the categories granted), and the bell's count
//! (from the feed's copy in memory and the visitor's read state, worked out on every
//! request). The data the page reads (the site, its registry, its catalogue, its statistics
//! settings) is compared with the copies in force on every request (`PageSources`). A
//! signed-in visitor's page is never looked up nor kept.
//!
//! Reusing a page changes nothing else of the answer: the session is read as before (so
//! `Vary: Cookie` is the same), each token is masked afresh from this visitor's secret
//! (django-cookies X-3) and asking for it marks the cookie to be sent.

use super::bell;
use super::{Layout, StandIn};
use crate::error::PageError;
use crate::extract::Visitor;
use crate::page_cache::{CutText, PageKey, PageSources, RenderedPage};
use crate::state::App;
use galette_core::consent::choice::ChoiceStatus;
use galette_store::User;
use serde::Serialize;
use std::sync::Arc;
use std::sync::atomic::Ordering;

/// A page to keep, while it is rendered.
struct Keep {
    key: PageKey,
    sources: PageSources,
    stand_in: Arc<StandIn>,
}

/// A page's frame: what its layout reads of the visitor, and whether it may be reused.
pub struct PageFrame {
    template: &'static str,
    here: &'static str,
    user: Option<User>,
    news_unread: Option<i64>,
    keep: Option<Keep>,
}

impl PageFrame {
    /// The frame of `template`, a page at `here` rendered from `sources`: reads the
    /// signed-in user and the bell, as `Layout::new` does.
    pub async fn open(
        app: &App,
        visitor: &Visitor,
        template: &'static str,
        here: &'static str,
        sources: PageSources,
    ) -> Result<PageFrame, PageError> {
        let user = visitor.user(app).await?;
        let news_unread = bell::unread_count(app, visitor, user.as_ref()).await;
        let keep = (user.is_none() && app.page_cache.enabled()).then(|| Keep {
            key: PageKey {
                tenant_id: visitor.tenant.id,
                template,
                path: visitor.target.path.as_str().into(),
                query: visitor.target.query.as_deref().map(Into::into),
                lang: visitor.lang,
                banner: visitor.needs_banner(),
                gpc: visitor.consent.gpc,
                outdated_choice: visitor.consent.status == Some(ChoiceStatus::Outdated),
                granted: visitor.granted(),
                news_unread,
            },
            sources,
            stand_in: Arc::new(StandIn::new(app.page_cache.stand_in())),
        });
        Ok(PageFrame {
            template,
            here,
            user,
            news_unread,
            keep,
        })
    }

    /// Whether a user is signed in.
    pub fn signed_in(&self) -> bool {
        self.user.is_some()
    }

    /// The page kept for this key, with this visitor's tokens, if there is one.
    pub fn reuse(&self, app: &App, visitor: &Visitor) -> Option<String> {
        let keep = self.keep.as_ref()?;
        let page = app.page_cache.get(&keep.key, &keep.sources)?;
        Some(page.text.splice(|| visitor.csrf_token()))
    }

    /// The layout to render the page with.
    pub fn layout(&self, visitor: &Visitor) -> Layout {
        Layout::assemble(
            visitor,
            self.here,
            self.user.clone(),
            self.news_unread,
            self.keep.as_ref().map(|k| Arc::clone(&k.stand_in)),
        )
    }

    /// Renders the page from `context` (whose layout is `self.layout`), keeps it if it may
    /// be reused, and gives it with this visitor's tokens.
    pub fn render<C: Serialize>(
        self,
        app: &App,
        visitor: &Visitor,
        context: &C,
    ) -> Result<String, PageError> {
        let rendered = app.pages.render(self.template, context)?;
        let Some(keep) = self.keep else {
            return Ok(rendered);
        };
        let calls = keep.stand_in.calls.load(Ordering::Relaxed);
        match CutText::cut(&rendered, &keep.stand_in.text, calls) {
            Some(text) => {
                let page = text.splice(|| visitor.csrf_token());
                app.page_cache.put(
                    keep.key,
                    RenderedPage {
                        text,
                        sources: keep.sources,
                    },
                );
                Ok(page)
            }
            None => {
                // A template that transforms its token: rendered again with real tokens.
                tracing::error!(
                    template = self.template,
                    "a page's CSRF stand-ins do not match its calls; it is not kept"
                );
                keep.stand_in.off.store(true, Ordering::Relaxed);
                Ok(app.pages.render(self.template, context)?)
            }
        }
    }
}
