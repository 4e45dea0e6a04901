//! Driving one consent state: taking the consent action, then a breadth-first crawl of the
//! site's own pages.
//!
//! Owns: clicking a banner (galette's without configuration, others by `--accept` /
//! `--reject`), ticking one category in galette's preference centre, the crawl order and
//! bounds, and reading storage keys and links from each page.

use crate::browser::Session;
use crate::error::ScanError;
use crate::model::{ConsentState, PageVisit, StorageKey};
use crate::site::crawlable;
use std::collections::{BTreeSet, HashSet, VecDeque};
use std::time::Duration;

/// galette's banner button that refuses every optional category.
pub const GALETTE_REJECT: &str = "[data-consent-banner] button[name=action][value=reject_all]";
/// galette's banner button that grants every optional category.
pub const GALETTE_ACCEPT: &str = "[data-consent-banner] button[name=action][value=accept_all]";

/// How long scripts get after a load before the page is read.
const SETTLE: Duration = Duration::from_millis(300);

/// The crawl's bounds and the consent controls.
pub struct CrawlPlan<'a> {
    /// Start URL.
    pub start: &'a url::Url,
    /// Pages at most.
    pub pages: usize,
    /// Link depth at most.
    pub depth: usize,
    /// The "accept all" control.
    pub accept: Option<&'a str>,
    /// The "reject all" control.
    pub reject: Option<&'a str>,
    /// Page load timeout.
    pub timeout: Duration,
}

/// What a crawl collected besides the session's own records.
pub struct Crawled {
    /// Pages visited.
    pub pages: Vec<PageVisit>,
    /// Storage keys seen.
    pub storage: BTreeSet<StorageKey>,
    /// Whether the consent action was taken.
    pub is_consent_applied: bool,
    /// How, or why not.
    pub consent_note: String,
}

fn js_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_owned())
}

async fn eval_string(session: &Session, expression: String) -> Option<String> {
    let result = session.page.evaluate(expression).await.ok()?;
    result.into_value::<String>().ok()
}

/// Checks that a selector is valid CSS, in the browser that will use it.
pub async fn check_selector(session: &Session, selector: &str) -> Result<(), ScanError> {
    let js = format!(
        "(function(s){{try{{document.querySelector(s);return '';}}catch(e){{return String(e.message||e);}}}})({})",
        js_string(selector)
    );
    match eval_string(session, js).await {
        Some(reason) if !reason.is_empty() => Err(ScanError::Selector {
            selector: selector.to_owned(),
            reason,
        }),
        _ => Ok(()),
    }
}

/// Loads a page and lets its scripts run; `Err` carries the browser's reason.
async fn load(session: &Session, url: &str, timeout: Duration) -> Result<(), String> {
    session.set_page(url).await;
    match tokio::time::timeout(timeout, session.page.goto(url)).await {
        Ok(Ok(_)) => {}
        Ok(Err(e)) => return Err(e.to_string()),
        Err(_) => return Err(format!("no load within {} s", timeout.as_secs())),
    }
    tokio::time::sleep(SETTLE).await;
    Ok(())
}

/// Waits until a click has navigated (and the new page loaded) or removed or hidden `gone`;
/// at most ten seconds (or the page timeout, if shorter).
async fn wait_after_click(session: &Session, gone: Option<&str>, timeout: Duration) -> bool {
    let probe = format!(
        "(function(s){{var g=false;try{{var el=s?document.querySelector(s):null;\
         g=s?(!el||!(el.offsetWidth||el.offsetHeight||el.getClientRects().length)):false;}}catch(e){{}}\
         return JSON.stringify({{nav:!window.__galetteScanMark,gone:g,ready:document.readyState}});}})({})",
        gone.map_or("null".to_owned(), js_string)
    );
    let deadline = tokio::time::Instant::now() + timeout.min(Duration::from_secs(10));
    while tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let Some(text) = eval_string(session, probe.clone()).await else {
            continue;
        };
        let Ok(v) = serde_json::from_str::<serde_json::Value>(&text) else {
            continue;
        };
        let flag = |name: &str| v.get(name).and_then(serde_json::Value::as_bool) == Some(true);
        let nav = flag("nav");
        let ready = v.get("ready").and_then(serde_json::Value::as_str) == Some("complete");
        if (nav && ready) || (!nav && flag("gone")) {
            tokio::time::sleep(SETTLE).await;
            return true;
        }
    }
    false
}

/// Clicks `selector` on the start page; returns (applied, note).
async fn click_banner(
    session: &Session,
    plan: &CrawlPlan<'_>,
    selector: &str,
) -> Result<(bool, String), ScanError> {
    if let Err(reason) = load(session, plan.start.as_str(), plan.timeout).await {
        return Ok((false, format!("the start page did not load: {reason}")));
    }
    let js = format!(
        "(function(s){{var el;try{{el=document.querySelector(s);}}catch(e){{return 'invalid:'+(e.message||e);}}\
         if(!el)return 'missing';window.__galetteScanMark=1;el.click();return 'clicked';}})({})",
        js_string(selector)
    );
    session.set_consented(true).await;
    let outcome = eval_string(session, js).await.unwrap_or_default();
    if outcome != "clicked" {
        session.set_consented(false).await;
    }
    if let Some(reason) = outcome.strip_prefix("invalid:") {
        return Err(ScanError::Selector {
            selector: selector.to_owned(),
            reason: reason.to_owned(),
        });
    }
    if outcome != "clicked" {
        return Ok((
            false,
            format!("no element matches {selector} on the start page"),
        ));
    }
    let settled = wait_after_click(session, Some(selector), plan.timeout).await;
    let note = if settled {
        format!("clicked {selector}")
    } else {
        format!("clicked {selector}; the page did not settle within the timeout")
    };
    Ok((true, note))
}

/// Grants one category alone in galette's preference centre.
async fn centre_only(session: &Session, plan: &CrawlPlan<'_>, category: &str) -> (bool, String) {
    let Ok(centre) = plan.start.join("/cookies/") else {
        return (false, "no preference centre URL".to_owned());
    };
    if let Err(reason) = load(session, centre.as_str(), plan.timeout).await {
        return (
            false,
            format!("the preference centre did not load: {reason}"),
        );
    }
    let js = format!(
        "(function(c){{var f=document.querySelector('form[action=\"/cookies/\"] input[name=categories]');\
         if(!f)return 'missing';var form=f.form,found=false;\
         form.querySelectorAll('input[name=categories]').forEach(function(b){{b.checked=(b.value===c);if(b.value===c)found=true;}});\
         var save=form.querySelector('button[name=action][value=save]');if(!found||!save)return 'missing';\
         window.__galetteScanMark=1;save.click();return 'clicked';}})({})",
        js_string(category)
    );
    session.set_consented(true).await;
    if eval_string(session, js).await.as_deref() != Some("clicked") {
        session.set_consented(false).await;
        return (
            false,
            format!("the preference centre has no {category} box to tick"),
        );
    }
    let settled = wait_after_click(session, None, plan.timeout).await;
    let note = if settled {
        format!("saved {category} alone in the preference centre /cookies/")
    } else {
        format!("saved {category} alone in /cookies/; the page did not settle within the timeout")
    };
    (true, note)
}

const READ_PAGE: &str = "(function(){var r={links:[],storage:[]};\
try{r.links=Array.prototype.map.call(document.querySelectorAll('a[href]'),function(a){return a.href;});}catch(e){}\
try{for(var i=0;i<localStorage.length;i++)r.storage.push(['local',localStorage.key(i)]);}catch(e){}\
try{for(var j=0;j<sessionStorage.length;j++)r.storage.push(['session',sessionStorage.key(j)]);}catch(e){}\
r.origin=location.origin;return JSON.stringify(r);})()";

#[derive(serde::Deserialize, Default)]
struct PageRead {
    links: Vec<String>,
    storage: Vec<(String, String)>,
    origin: String,
}

/// Takes the state's consent action, then crawls.
pub async fn crawl_state(
    session: &Session,
    plan: &CrawlPlan<'_>,
    state: ConsentState,
    on_page: &(dyn Fn(&str) + Sync),
) -> Result<Crawled, ScanError> {
    let (is_consent_applied, consent_note) = match state {
        ConsentState::NoChoice => (false, "the banner was left alone".to_owned()),
        ConsentState::RejectAll => match plan.reject {
            Some(s) => click_banner(session, plan, s).await?,
            None => (
                false,
                "no reject control (pass --reject SELECTOR)".to_owned(),
            ),
        },
        ConsentState::AcceptAll => match plan.accept {
            Some(s) => click_banner(session, plan, s).await?,
            None => (
                false,
                "no accept control (pass --accept SELECTOR)".to_owned(),
            ),
        },
        ConsentState::Only(c) => centre_only(session, plan, c.code()).await,
    };
    let mut pages = Vec::new();
    let mut storage = BTreeSet::new();
    let mut queue = VecDeque::from([(plan.start.clone(), 0usize)]);
    let mut seen: HashSet<String> = HashSet::from([plan.start.to_string()]);
    while let Some((url, depth)) = queue.pop_front() {
        if pages.len() >= plan.pages {
            break;
        }
        on_page(url.as_str());
        let error = load(session, url.as_str(), plan.timeout).await.err();
        let read: PageRead = match error {
            None => eval_string(session, READ_PAGE.to_owned())
                .await
                .and_then(|t| serde_json::from_str(&t).ok())
                .unwrap_or_default(),
            Some(_) => PageRead::default(),
        };
        for (kind, key) in read.storage {
            storage.insert(StorageKey {
                kind,
                origin: read.origin.clone(),
                key,
            });
        }
        if depth < plan.depth {
            for link in &read.links {
                if let Some(next) = crawlable(link, plan.start)
                    && seen.insert(next.to_string())
                {
                    queue.push_back((next, depth + 1));
                }
            }
        }
        pages.push(PageVisit {
            url: url.to_string(),
            depth,
            error,
        });
    }
    Ok(Crawled {
        pages,
        storage,
        is_consent_applied,
        consent_note,
    })
}
