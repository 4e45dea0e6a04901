//! The notification feed: who publishes, the bell on every site, `/news/` (languages,
//! visibility, Markdown safety) and where read state lives (`_BEAMER_*` cookies only with
//! consent on the platform site, a signed-in user's account, or nowhere).

use crate::helpers::{
    DEMO_SITES, PASSWORD, TestApp, assert_cookie_shape, cookie_value, set_cookie, set_cookies,
};
use galette_core::news::form_time;
use galette_store::{NewsDraft, NewsText};
use regex::Regex;
use reqwest::Method;
use std::time::Duration;

const DAY: i64 = 24 * 3600;
const LAST_SHOWN: &str = "_BEAMER_LAST_POST_SHOWN_platform";
const FIRST_VISIT: &str = "_BEAMER_FIRST_VISIT_platform";

fn text(language: &str, title: &str, body: &str) -> NewsText {
    NewsText {
        language: language.to_owned(),
        title: title.to_owned(),
        body: body.to_owned(),
    }
}

/// Stores a post published `age` seconds ago (negative: to come), as the editor would.
async fn publish(app: &TestApp, age: i64, expires_in: Option<i64>, texts: Vec<NewsText>) -> i64 {
    let now = app.clock.unix();
    let draft = NewsDraft {
        published_at: now - age,
        expires_at: expires_in.map(|e| now + e),
        texts,
    };
    app.store
        .create_news_post(&draft, "admin@platform", now)
        .await
        .unwrap()
}

/// The bell's visible count in a page (`None`: no count shown), after checking the bell and
/// its words for screen readers are there.
fn bell(html: &str) -> Option<u32> {
    assert!(
        html.contains(r#"<a class="bell" href="/news/">"#),
        "no bell in {html}"
    );
    let hidden = Regex::new(r#"<span class="visually-hidden">([^<]+)</span></a>"#).unwrap();
    assert!(
        hidden.is_match(html),
        "the bell has no words for screen readers"
    );
    let count = Regex::new(r#"<span class="bell-count" aria-hidden="true">(\d+)</span>"#).unwrap();
    count.captures(html).map(|c| c[1].parse().unwrap())
}

async fn page(app: &TestApp, host: &str, path: &str, cookies: &str) -> (u16, String) {
    let mut request = app.request(Method::GET, host, path);
    if !cookies.is_empty() {
        request = request.header("Cookie", cookies);
    }
    let response = request.send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

fn feed_cookie_names(headers: &reqwest::header::HeaderMap) -> Vec<String> {
    set_cookies(headers)
        .into_iter()
        .filter(|c| c.starts_with("_BEAMER"))
        .collect()
}

#[tokio::test]
async fn only_platform_administrators_publish() {
    let app = TestApp::spawn().await;
    // Not signed in: sent to sign in, nothing published.
    let response = app.get("localhost", "/backoffice/news/").await;
    assert_eq!(response.status(), 302);
    assert!(
        crate::helpers::header(response.headers(), "location").starts_with("/login/"),
        "anonymous visitors are sent to sign in"
    );
    let anonymous = app
        .post_form(
            "localhost",
            "/backoffice/news/",
            &[
                ("published", "2020-01-01T00:00"),
                ("title_en", "x"),
                ("body_en", "y"),
            ],
            "",
        )
        .await;
    assert_eq!(anonymous.status(), 302);

    // An administrator of another site, and a non-administrator of the platform: 403.
    app.add_user("cdmx", "admin@cdmx.example", true).await;
    let cdmx = app
        .login("cdmx.localhost", "admin@cdmx.example", PASSWORD)
        .await;
    let (status, html) = page(
        &app,
        "cdmx.localhost",
        "/backoffice/news/",
        &format!("sessionid={cdmx}"),
    )
    .await;
    assert_eq!(status, 403);
    assert!(html.contains("role=\"alert\""), "the refusal says why");
    let refused = app
        .post_form(
            "cdmx.localhost",
            "/backoffice/news/",
            &[
                ("published", "2020-01-01T00:00"),
                ("title_en", "x"),
                ("body_en", "y"),
            ],
            &format!("sessionid={cdmx}"),
        )
        .await;
    assert_eq!(refused.status(), 403);
    app.add_user("platform", "reader@platform.example", false)
        .await;
    let reader = app
        .login("localhost", "reader@platform.example", PASSWORD)
        .await;
    let (status, _) = page(
        &app,
        "localhost",
        "/backoffice/news/",
        &format!("sessionid={reader}"),
    )
    .await;
    assert_eq!(status, 403);
    assert!(app.store.all_news_posts().await.unwrap().is_empty());

    // The platform's administrator: a refusal in words, then a post every site shows.
    app.add_user("platform", "admin@platform.example", true)
        .await;
    let admin = format!(
        "sessionid={}",
        app.login("localhost", "admin@platform.example", PASSWORD)
            .await
    );
    let (status, form) = page(&app, "localhost", "/backoffice/news/edit", &admin).await;
    assert_eq!(status, 200);
    assert!(form.contains("type=\"datetime-local\""));
    let published = form_time(app.clock.unix() - 60);
    let incomplete = app
        .post_form(
            "localhost",
            "/backoffice/news/",
            &[
                ("published", &published),
                ("title_fr", "Sans texte"),
                ("body_fr", ""),
            ],
            &admin,
        )
        .await;
    assert_eq!(incomplete.status(), 422);
    let html = incomplete.text().await.unwrap();
    assert!(
        html.contains("The post in Français needs both a title and a text"),
        "{html}"
    );
    assert!(
        html.contains("value=\"Sans texte\""),
        "what was typed is kept"
    );
    let bad_date = app
        .post_form(
            "localhost",
            "/backoffice/news/",
            &[
                ("published", "next week"),
                ("title_en", "T"),
                ("body_en", "B"),
            ],
            &admin,
        )
        .await;
    assert_eq!(bad_date.status(), 422);
    assert!(
        bad_date
            .text()
            .await
            .unwrap()
            .contains("The publication date is not a date")
    );

    let saved = app
        .post_form(
            "localhost",
            "/backoffice/news/",
            &[
                ("published", &published),
                ("title_en", "Faster exports"),
                ("body_en", "Exports are **twice** as fast."),
            ],
            &admin,
        )
        .await;
    assert_eq!(saved.status(), 303);
    let posts = app.store.all_news_posts().await.unwrap();
    assert_eq!(posts.len(), 1);
    assert_eq!(posts[0].author, "admin@platform.example");
    for (host, _) in DEMO_SITES {
        let (status, html) = page(&app, host, "/news/", "").await;
        assert_eq!(status, 200, "{host}");
        assert!(html.contains("Faster exports"), "{host}");
        assert!(html.contains("<strong>twice</strong>"), "{host}");
    }
    let (_, list) = page(&app, "localhost", "/backoffice/news/", &admin).await;
    assert!(list.contains("Faster exports"));

    // Edit, then delete.
    let id = posts[0].id.to_string();
    let edited = app
        .post_form(
            "localhost",
            "/backoffice/news/",
            &[
                ("id", &id),
                ("published", &published),
                ("title_en", "Much faster exports"),
                ("body_en", "Yes."),
            ],
            &admin,
        )
        .await;
    assert_eq!(edited.status(), 303);
    assert!(
        page(&app, "maia.localhost", "/news/", "")
            .await
            .1
            .contains("Much faster exports")
    );
    let deleted = app
        .post_form(
            "localhost",
            "/backoffice/news/delete",
            &[("id", &id)],
            &admin,
        )
        .await;
    assert_eq!(deleted.status(), 303);
    assert!(
        !page(&app, "maia.localhost", "/news/", "")
            .await
            .1
            .contains("faster exports")
    );
    let again = app
        .post_form(
            "localhost",
            "/backoffice/news/delete",
            &[("id", &id)],
            &admin,
        )
        .await;
    assert_eq!(again.status(), 404);
}

#[tokio::test]
async fn every_site_shows_the_bell_with_the_unread_count() {
    let app = TestApp::spawn().await;
    for (host, _) in DEMO_SITES {
        let (_, html) = page(&app, host, "/", "").await;
        assert_eq!(bell(&html), None, "{host}: nothing to read yet");
    }
    let (_, html) = page(&app, "localhost", "/", "").await;
    assert!(html.contains("News, nothing unread"));
    publish(&app, DAY, None, vec![text("en", "One", "1")]).await;
    publish(&app, 2 * DAY, None, vec![text("pt", "Dois", "2")]).await;
    // Older than the 30 days an anonymous bell counts, or not shown: never counted.
    publish(&app, 40 * DAY, None, vec![text("en", "Old", "o")]).await;
    publish(&app, -DAY, None, vec![text("en", "Later", "l")]).await;
    publish(&app, 3 * DAY, Some(-60), vec![text("en", "Gone", "g")]).await;
    for (host, _) in DEMO_SITES {
        for path in ["/", "/datasets/", "/cookie-policy/", "/login/"] {
            let (status, html) = page(&app, host, path, "").await;
            assert_eq!(status, 200, "{host}{path}");
            assert_eq!(bell(&html), Some(2), "{host}{path}");
        }
    }
    let (_, html) = page(&app, "localhost", "/", "").await;
    assert!(
        html.contains("2 unread news posts"),
        "words for screen readers"
    );
    let (_, html) = page(&app, "localhost", "/news/", "").await;
    assert_eq!(
        bell(&html),
        Some(2),
        "nothing remembers an anonymous reading"
    );
    assert!(html.contains("Nothing is remembered about what you read"));
    let (_, html) = page(&app, "civis.localhost", "/", "").await;
    assert!(html.contains("2 nouveautés non lues"));
    // The post to come shows once its time has come.
    app.clock.advance(Duration::from_secs(DAY as u64 + 60));
    let (_, html) = page(&app, "jmorel.localhost", "/", "").await;
    assert_eq!(bell(&html), Some(3));
}

#[tokio::test]
async fn the_news_page_speaks_the_visitors_language_and_hides_what_is_not_shown() {
    let app = TestApp::spawn().await;
    publish(
        &app,
        DAY,
        None,
        vec![
            text("en", "Maps everywhere", "m"),
            text("fr", "Des cartes partout", "c"),
        ],
    )
    .await;
    publish(
        &app,
        2 * DAY,
        None,
        vec![text("pt", "Só em português", "p")],
    )
    .await;
    publish(&app, -3600, None, vec![text("en", "Not yet", "n")]).await;
    publish(&app, 3 * DAY, Some(-1), vec![text("en", "Expired", "e")]).await;

    let (_, civis) = page(&app, "civis.localhost", "/news/", "").await;
    assert!(
        civis.contains("<h2 id=\"post-1\" lang=\"fr\">Des cartes partout</h2>"),
        "{civis}"
    );
    assert!(
        civis.contains("lang=\"pt\">Só em português</h2>"),
        "a post in one language shows in it"
    );
    let (_, cdmx) = page(&app, "cdmx.localhost", "/news/", "").await;
    assert!(
        cdmx.contains("lang=\"en\">Maps everywhere</h2>"),
        "no Spanish text: English, the post's first fallback"
    );
    let (_, english) = page(&app, "localhost", "/news/", "").await;
    assert!(english.contains("Maps everywhere"));
    assert!(!english.contains("Des cartes partout"));
    for html in [&civis, &cdmx, &english] {
        assert!(!html.contains("Not yet"), "a post to come is hidden");
        assert!(!html.contains("Expired"), "an expired post is hidden");
    }
    // Newest first.
    let first = english.find("Maps everywhere").unwrap();
    let second = english.find("Só em português").unwrap();
    assert!(first < second);
    app.clock.advance(Duration::from_secs(3600 + 5));
    assert!(
        page(&app, "localhost", "/news/", "")
            .await
            .1
            .contains("Not yet")
    );
    // `/news` without its slash goes to the page.
    let response = app.get("localhost", "/news").await;
    assert_eq!(response.status(), 308);
}

#[tokio::test]
async fn markdown_is_sanitised_in_the_served_page() {
    let app = TestApp::spawn().await;
    publish(
        &app,
        60,
        None,
        vec![text(
            "en",
            "<script>alert('title')</script>",
            "Hello <script>alert(1)</script>\n\n\
             [click](javascript:alert(2)) and <img src=x onerror=alert(3)>\n\n\
             <a href=\"https://evil.example\" onclick=\"steal()\">raw</a>\n\n\
             ![pixel](https://tracker.example/p.gif)\n\n\
             See [the docs](https://example.org/docs).",
        )],
    )
    .await;
    let (status, html) = page(&app, "localhost", "/news/", "").await;
    assert_eq!(status, 200);
    let body = &html[html.find("<ol class=\"news-list\">").unwrap()..];
    for bad in ["<script", "javascript:", "<img", "onclick=", "onerror="] {
        // Hostile words may stay as visible text (escaped), never as markup.
        for tag in body.split('<').skip(1) {
            let tag = tag.split('>').next().unwrap().to_ascii_lowercase();
            assert!(!format!("<{tag}").contains(bad), "{bad} in <{tag}>");
        }
    }
    assert!(
        body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "raw HTML is shown as text"
    );
    assert!(
        body.contains(
            "<a href=\"https://example.org/docs\" rel=\"noopener noreferrer nofollow\">the docs</a>"
        ),
        "{body}"
    );
    assert!(
        body.contains("href=\"https://tracker.example/p.gif\""),
        "an image is a link, never loaded"
    );
}

#[tokio::test]
async fn beamer_cookies_are_set_exactly_when_consent_allows() {
    let app = TestApp::spawn().await;
    let id = publish(&app, DAY, None, vec![text("en", "Hello", "h")]).await;
    let post_time = app.store.news_post(id).await.unwrap().unwrap().published_at;

    // No choice yet, then every refusal: no feed cookie, and the bell still counts.
    let (_, html) = page(&app, "localhost", "/", "").await;
    assert_eq!(bell(&html), Some(1));
    let response = app.get("localhost", "/news/").await;
    assert_eq!(feed_cookie_names(response.headers()), Vec::<String>::new());
    let rejected = format!(
        "cookies_preferences={}",
        app.choice_cookie("localhost", "reject_all", &[]).await
    );
    let marketing = format!(
        "cookies_preferences={}",
        app.choice_cookie("localhost", "save", &["marketing", "statistics"])
            .await
    );
    for cookies in [&rejected, &marketing] {
        let response = app
            .request(Method::GET, "localhost", "/news/")
            .header("Cookie", cookies.as_str())
            .send()
            .await
            .unwrap();
        assert_eq!(
            feed_cookie_names(response.headers()),
            Vec::<String>::new(),
            "{cookies}"
        );
    }

    // Functionality granted on the platform site: both cookies, with the declared lifetime.
    let granted = format!(
        "cookies_preferences={}",
        app.choice_cookie("localhost", "save", &["functionality"])
            .await
    );
    let response = app
        .request(Method::GET, "localhost", "/news/")
        .header("Cookie", granted.as_str())
        .send()
        .await
        .unwrap();
    let last = set_cookie(response.headers(), LAST_SHOWN).expect("the last post shown is kept");
    assert_cookie_shape(
        &last,
        &format!("{LAST_SHOWN}={post_time}; expires=DATE; Max-Age=31536000; Path=/; SameSite=Lax"),
    );
    let first = set_cookie(response.headers(), FIRST_VISIT).expect("the first visit is kept");
    assert_cookie_shape(
        &first,
        &format!("{FIRST_VISIT}=\\d+; expires=DATE; Max-Age=31536000; Path=/; SameSite=Lax"),
    );
    let first_value = cookie_value(response.headers(), FIRST_VISIT).unwrap();
    let with_state = format!("{granted}; {LAST_SHOWN}={post_time}; {FIRST_VISIT}={first_value}");
    let (_, html) = page(&app, "localhost", "/", &with_state).await;
    assert_eq!(bell(&html), None, "the cookie's read state clears the bell");
    let again = app
        .request(Method::GET, "localhost", "/news/")
        .header("Cookie", with_state.as_str())
        .send()
        .await
        .unwrap();
    assert_eq!(
        set_cookie(again.headers(), FIRST_VISIT),
        None,
        "the first visit is set once"
    );
    // A new post counts again.
    publish(&app, 10, None, vec![text("en", "Newer", "n")]).await;
    assert_eq!(
        bell(&page(&app, "localhost", "/", &with_state).await.1),
        Some(1)
    );

    // Consent withdrawn: the guard expires the cookies the browser still sends, and their
    // read state no longer counts.
    let stale = format!("{rejected}; {LAST_SHOWN}={post_time}; {FIRST_VISIT}={first_value}");
    let response = app
        .request(Method::GET, "localhost", "/")
        .header("Cookie", stale.as_str())
        .send()
        .await
        .unwrap();
    let expired = set_cookie(response.headers(), LAST_SHOWN).expect("expired");
    assert!(expired.contains("Max-Age=0"), "{expired}");
    assert_eq!(bell(&response.text().await.unwrap()), Some(2));

    // The guard sees the names as declared by the `_BEAMER*` row: they pass only with
    // functionality granted, whoever sets them.
    let offered = format!("/test/set-cookies?set={LAST_SHOWN}");
    let pass = app
        .request(Method::GET, "localhost", &offered)
        .header("Cookie", granted.as_str())
        .send()
        .await
        .unwrap();
    assert!(set_cookie(pass.headers(), LAST_SHOWN).is_some());
    let blocked = app
        .request(Method::GET, "localhost", &offered)
        .header("Cookie", rejected.as_str())
        .send()
        .await
        .unwrap();
    assert_eq!(set_cookie(blocked.headers(), LAST_SHOWN), None);

    // Other sites declare no such cookie: never, whatever the visitor accepts.
    for (host, _) in DEMO_SITES.iter().filter(|(h, _)| *h != "localhost") {
        let all = format!(
            "cookies_preferences={}",
            app.choice_cookie(host, "accept_all", &[]).await
        );
        let response = app
            .request(Method::GET, host, "/news/")
            .header("Cookie", all.as_str())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(
            feed_cookie_names(response.headers()),
            Vec::<String>::new(),
            "{host}"
        );
    }
}

#[tokio::test]
async fn beamer_cookies_are_secure_over_https() {
    let app = TestApp::spawn_with(galette_http::HttpSettings {
        trusted_proxies: vec!["127.0.0.1".parse().unwrap()],
        ..Default::default()
    })
    .await;
    publish(&app, 60, None, vec![text("en", "Hello", "h")]).await;
    let granted = format!(
        "cookies_preferences={}",
        app.choice_cookie("localhost", "accept_all", &[]).await
    );
    let response = app
        .request(Method::GET, "localhost", "/news/")
        .header("Cookie", granted.as_str())
        .header("X-Forwarded-Proto", "https")
        .send()
        .await
        .unwrap();
    let last = set_cookie(response.headers(), LAST_SHOWN).unwrap();
    assert!(last.ends_with("; Path=/; SameSite=Lax; Secure"), "{last}");
}

#[tokio::test]
async fn a_signed_in_users_read_state_clears_the_count() {
    let app = TestApp::spawn().await;
    publish(&app, DAY, None, vec![text("es", "Hola", "h")]).await;
    app.add_user("cdmx", "ana@cdmx.example", false).await;
    app.add_user("cdmx", "luis@cdmx.example", false).await;
    let ana = format!(
        "sessionid={}",
        app.login("cdmx.localhost", "ana@cdmx.example", PASSWORD)
            .await
    );
    let luis = format!(
        "sessionid={}",
        app.login("cdmx.localhost", "luis@cdmx.example", PASSWORD)
            .await
    );
    assert_eq!(
        bell(&page(&app, "cdmx.localhost", "/", &ana).await.1),
        Some(1)
    );
    let response = app
        .request(Method::GET, "cdmx.localhost", "/news/")
        .header("Cookie", ana.as_str())
        .send()
        .await
        .unwrap();
    assert_eq!(feed_cookie_names(response.headers()), Vec::<String>::new());
    let html = response.text().await.unwrap();
    assert_eq!(
        bell(&html),
        None,
        "the page that shows the news clears the bell"
    );
    assert!(html.contains("Lo que ha leído se recuerda en su cuenta."));
    assert_eq!(bell(&page(&app, "cdmx.localhost", "/", &ana).await.1), None);
    assert_eq!(
        bell(&page(&app, "cdmx.localhost", "/", &luis).await.1),
        Some(1),
        "per user"
    );
    assert_eq!(
        bell(&page(&app, "cdmx.localhost", "/", "").await.1),
        Some(1),
        "anonymous"
    );
    publish(&app, 30, None, vec![text("es", "Otra", "o")]).await;
    assert_eq!(
        bell(&page(&app, "cdmx.localhost", "/", &ana).await.1),
        Some(1)
    );
}

#[tokio::test]
async fn report_only_mode_sets_no_feed_cookie_without_consent_either() {
    // In report-only mode the guard lets undeclared or unconsented cookies through and logs
    // them; the feed itself still offers its cookies only with consent.
    let app = TestApp::spawn().await;
    let tenant = app.store.tenant_by_slug("platform").await.unwrap().unwrap();
    app.store
        .set_enforcement(tenant.id, galette_core::tenant::Enforcement::ReportOnly)
        .await
        .unwrap();
    publish(&app, 60, None, vec![text("en", "Hello", "h")]).await;
    let response = app.get("localhost", "/news/").await;
    assert_eq!(
        crate::helpers::header(response.headers(), "x-galette-consent"),
        "report-only"
    );
    assert_eq!(feed_cookie_names(response.headers()), Vec::<String>::new());
    let granted = format!(
        "cookies_preferences={}",
        app.choice_cookie("localhost", "save", &["functionality"])
            .await
    );
    let response = app
        .request(Method::GET, "localhost", "/news/")
        .header("Cookie", granted.as_str())
        .send()
        .await
        .unwrap();
    assert_eq!(feed_cookie_names(response.headers()).len(), 2);
}
