//! What a request becomes in the statistics: the counted path, its kind, dataset and format;
//! the referring host; the device class and browser family; bots (consent.md C-72).
//!
//! User agents are read with two maintained lists rather than a hand-made pattern: the
//! `woothee` project's parser (browser and device, and its crawler list) and the `isbot`
//! list of known bots, to which the words C-72 names (`bot`, `spider`, `crawl`,
//! `preview`) are added where the list is more careful than the rule.

use super::EventKind;
use std::sync::LazyLock;

/// Where the Explore API lives.
const API_PREFIX: &str = "/api/explore/v2.1/";
/// The longest path kept; longer ones are cut at a character boundary.
pub const MAX_PATH_CHARS: usize = 300;
/// The longest user agent read; the rest is ignored.
pub const MAX_USER_AGENT_BYTES: usize = 512;

/// What a path counts as, before the status and content type are known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// Page view (if the answer is an HTML page), API call or download.
    pub kind: EventKind,
    /// The path, query string removed, cut to `MAX_PATH_CHARS`.
    pub path: String,
    /// The dataset the path is about (`''` for the API's catalogue-wide calls).
    pub dataset: Option<String>,
    /// The export format of a download.
    pub format: Option<String>,
}

/// The path without query string or fragment, cut to a bounded length.
pub fn normalise_path(path_and_query: &str) -> String {
    let path = path_and_query
        .split(['?', '#'])
        .next()
        .filter(|p| !p.is_empty())
        .unwrap_or("/");
    path.chars().take(MAX_PATH_CHARS).collect()
}

/// Classifies a request path: Explore API data calls and exports are API calls and
/// downloads (whatever their content type); any other path is a page view candidate, with
/// the dataset of `/datasets/<id>/…` pages. `openapi.json` and unknown API paths count as
/// nothing.
pub fn classify_path(path_and_query: &str) -> Option<Target> {
    let path = normalise_path(path_and_query);
    let Some(api) = path.strip_prefix(API_PREFIX) else {
        let dataset = path
            .strip_prefix("/datasets/")
            .and_then(|rest| rest.split('/').next())
            .filter(|id| !id.is_empty())
            .map(str::to_owned);
        return Some(Target {
            kind: EventKind::PageView,
            path,
            dataset,
            format: None,
        });
    };
    let parts: Vec<&str> = api.trim_end_matches('/').split('/').collect();
    let (kind, dataset, format) = match parts.as_slice() {
        ["catalog", "datasets" | "facets"] | ["catalog", "exports", _] => {
            (EventKind::Api, String::new(), None)
        }
        ["catalog", "datasets", id, "exports", format] => (
            EventKind::Download,
            (*id).to_owned(),
            Some((*format).to_owned()),
        ),
        ["catalog", "datasets", id]
        | ["catalog", "datasets", id, "records" | "facets"]
        | ["catalog", "datasets", id, "records", _] => (EventKind::Api, (*id).to_owned(), None),
        _ => return None,
    };
    Some(Target {
        kind,
        path,
        dataset: Some(dataset),
        format,
    })
}

/// The referring site's host (lower case, without `www.`), or `None` when there is no
/// referrer, it is not a web address, or it is this site (`own_host`, port ignored).
pub fn referrer_host(referer: Option<&str>, own_host: &str) -> Option<String> {
    let url = url::Url::parse(referer?.trim()).ok()?;
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    let host = url.host_str()?.to_ascii_lowercase();
    let own = own_host
        .rsplit_once(':')
        .filter(|(_, port)| port.bytes().all(|b| b.is_ascii_digit()))
        .map_or(own_host, |(host, _)| host)
        .to_ascii_lowercase();
    if host == own {
        return None;
    }
    let host = host.strip_prefix("www.").unwrap_or(&host);
    Some(host.chars().take(253).collect())
}

/// Device class and browser family of a user agent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Agent {
    /// `desktop`, `mobile`, `tablet` or `other`.
    pub device: &'static str,
    /// The browser family as the parser names it (`Firefox`, `Chrome`, `Safari`…), or `Other`.
    pub browser: String,
    /// Whether the agent is a known bot, crawler or link previewer.
    pub is_bot: bool,
}

static BOTS: LazyLock<isbot::Bots> = LazyLock::new(|| {
    let mut bots = isbot::Bots::default();
    // C-72's words, where the list is more careful than the rule.
    bots.append(&["crawl", "spider", "preview"]);
    bots
});

static PARSER: LazyLock<woothee::parser::Parser> = LazyLock::new(woothee::parser::Parser::new);

/// Reads a user agent (its first `MAX_USER_AGENT_BYTES`); no user agent at all is a bot:
/// every browser sends one.
pub fn read_agent(user_agent: Option<&str>) -> Agent {
    let ua = user_agent.map(str::trim).unwrap_or_default();
    let ua = cut_at_char_boundary(ua, MAX_USER_AGENT_BYTES);
    if ua.is_empty() {
        return Agent {
            device: "other",
            browser: "Other".to_owned(),
            is_bot: true,
        };
    }
    let parsed = PARSER.parse(ua);
    let (category, name, os) = parsed
        .as_ref()
        .map_or(("UNKNOWN", "UNKNOWN", "UNKNOWN"), |r| {
            (r.category, r.name, r.os)
        });
    let is_bot = category == "crawler" || BOTS.is_bot(ua);
    let device = match category {
        "pc" => "desktop",
        "smartphone" if os == "iPad" || (os == "Android" && !ua.contains("Mobile")) => "tablet",
        "smartphone" | "mobilephone" => "mobile",
        _ => "other",
    };
    let browser = if name == "UNKNOWN" || name.is_empty() || category == "crawler" {
        "Other".to_owned()
    } else {
        name.to_owned()
    };
    Agent {
        device,
        browser,
        is_bot,
    }
}

fn cut_at_char_boundary(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while end > 0 && !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(..end).unwrap_or_default()
}

/// Whether the request is a prefetch or prerender (`Sec-Purpose: prefetch…`, or the older
/// `Purpose: prefetch` / `X-Moz: prefetch`): not a view by a person, yet.
pub fn is_prefetch(sec_purpose: Option<&str>, purpose: Option<&str>) -> bool {
    [sec_purpose, purpose].into_iter().flatten().any(|value| {
        value
            .split([';', ','])
            .any(|token| matches!(token.trim(), "prefetch" | "prerender"))
    })
}

/// Whether the request asks not to be counted: `Sec-GPC: 1` or `DNT: 1`.
pub fn asks_not_to_be_counted(sec_gpc: Option<&str>, dnt: Option<&str>) -> bool {
    [sec_gpc, dnt]
        .into_iter()
        .flatten()
        .any(|value| value.trim() == "1")
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIREFOX: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
    const IPHONE: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
    const IPAD: &str = "Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1";
    const CHROME_WIN: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

    #[test]
    fn paths_lose_their_query_and_keep_the_dataset() {
        let t = classify_path("/datasets/flights/?q=paris&sort=x").unwrap();
        assert_eq!(t.kind, EventKind::PageView);
        assert_eq!(t.path, "/datasets/flights/");
        assert_eq!(t.dataset.as_deref(), Some("flights"));
        let home = classify_path("/?utm_source=x").unwrap();
        assert_eq!(home.path, "/");
        assert_eq!(home.dataset, None);
        assert_eq!(classify_path("/datasets/").unwrap().dataset, None);
        let long = format!("/{}", "é".repeat(400));
        assert_eq!(normalise_path(&long).chars().count(), MAX_PATH_CHARS);
    }

    #[test]
    fn explore_api_paths_are_calls_and_downloads() {
        let records =
            classify_path("/api/explore/v2.1/catalog/datasets/flights/records?limit=5").unwrap();
        assert_eq!(records.kind, EventKind::Api);
        assert_eq!(records.dataset.as_deref(), Some("flights"));
        assert_eq!(
            records.path,
            "/api/explore/v2.1/catalog/datasets/flights/records"
        );
        let export =
            classify_path("/api/explore/v2.1/catalog/datasets/flights/exports/csv/").unwrap();
        assert_eq!(export.kind, EventKind::Download);
        assert_eq!(export.dataset.as_deref(), Some("flights"));
        assert_eq!(export.format.as_deref(), Some("csv"));
        let catalogue = classify_path("/api/explore/v2.1/catalog/datasets").unwrap();
        assert_eq!(catalogue.kind, EventKind::Api);
        assert_eq!(catalogue.dataset.as_deref(), Some(""));
        assert_eq!(classify_path("/api/explore/v2.1/openapi.json"), None);
        assert_eq!(classify_path("/api/explore/v2.1/nope/x/y"), None);
    }

    #[test]
    fn referrers_are_other_sites_hosts_only() {
        assert_eq!(
            referrer_host(
                Some("https://www.Example.org/a/b?c=d"),
                "civis.localhost:8000"
            ),
            Some("example.org".to_owned())
        );
        assert_eq!(
            referrer_host(
                Some("http://civis.localhost:8000/datasets/"),
                "civis.localhost:8000"
            ),
            None
        );
        assert_eq!(referrer_host(Some("android-app://x"), "a"), None);
        assert_eq!(referrer_host(Some("not a url"), "a"), None);
        assert_eq!(referrer_host(None, "a"), None);
    }

    #[test]
    fn agents_give_device_and_browser() {
        let ff = read_agent(Some(FIREFOX));
        assert_eq!(
            (ff.device, ff.browser.as_str(), ff.is_bot),
            ("desktop", "Firefox", false)
        );
        let phone = read_agent(Some(IPHONE));
        assert_eq!((phone.device, phone.browser.as_str()), ("mobile", "Safari"));
        assert_eq!(read_agent(Some(IPAD)).device, "tablet");
        let chrome = read_agent(Some(CHROME_WIN));
        assert_eq!(
            (chrome.device, chrome.browser.as_str()),
            ("desktop", "Chrome")
        );
        assert!(!chrome.is_bot);
    }

    #[test]
    fn bots_crawlers_and_previews_are_bots() {
        for ua in [
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
            "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
            "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
            "Mozilla/5.0 (compatible; SomeSpider/1.0)",
            "NewCrawlerThing/0.1",
            "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko) LinkPreview/2.0",
            "curl/8.5.0",
            "python-requests/2.31",
        ] {
            assert!(read_agent(Some(ua)).is_bot, "{ua}");
        }
        assert!(read_agent(None).is_bot);
        assert!(read_agent(Some("  ")).is_bot);
        assert!(!read_agent(Some(IPHONE)).is_bot);
    }

    #[test]
    fn prefetches_and_opt_outs_are_recognised() {
        assert!(is_prefetch(Some("prefetch;prerender"), None));
        assert!(is_prefetch(Some("prefetch"), None));
        assert!(is_prefetch(None, Some("prefetch")));
        assert!(!is_prefetch(None, None));
        assert!(!is_prefetch(Some("anything"), None));
        assert!(asks_not_to_be_counted(Some("1"), None));
        assert!(asks_not_to_be_counted(None, Some(" 1")));
        assert!(!asks_not_to_be_counted(Some("0"), Some("0")));
        assert!(!asks_not_to_be_counted(None, None));
    }
}
