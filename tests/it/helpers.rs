//! `TestApp`: a real galette server on 127.0.0.1:<random>, seeded with the five demo sites.

use galette::seed::{random_text, seed_demo_sites};
use galette::startup::Application;
use galette_core::password::hash_password;
use galette_http::{Clock, HttpSettings};
use galette_store::{Store, StoreTarget, User};
use regex::Regex;
use reqwest::header::{HeaderMap, SET_COOKIE};
use reqwest::{Method, RequestBuilder, Response};
use std::net::SocketAddr;
use std::sync::LazyLock;
use tempfile::TempDir;

/// The demo hostnames and their default languages.
pub const DEMO_SITES: [(&str, &str); 5] = [
    ("cdmx.localhost", "es"),
    ("civis.localhost", "fr"),
    ("jmorel.localhost", "fr"),
    ("maia.localhost", "pt"),
    ("localhost", "en"),
];

/// A password every test user gets unless a test says otherwise.
pub const PASSWORD: &str = "correct horse battery staple";

pub struct TestApp {
    pub addr: SocketAddr,
    pub client: reqwest::Client,
    pub store: Store,
    pub clock: Clock,
    /// The server's state (the statistics' recorder lives there).
    pub state: galette_http::AppState,
    target: StoreTarget,
    _data: TempDir,
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        Self::spawn_with(HttpSettings::default()).await
    }

    /// A server on a fresh store: SQLite in a temporary directory, or a fresh PostgreSQL
    /// database when `GALETTE_TEST_DATABASE_URL` names a server.
    pub async fn spawn_with(settings: HttpSettings) -> TestApp {
        let data = tempfile::tempdir().unwrap();
        let target = match std::env::var("GALETTE_TEST_DATABASE_URL") {
            Ok(base) if !base.is_empty() => {
                let (server, _) = base.rsplit_once('/').unwrap();
                Self::fresh_database(server).await
            }
            _ => StoreTarget::Embedded(data.path().to_path_buf()),
        };
        Self::spawn_on(data, target, settings).await
    }

    /// A new, empty database on the PostgreSQL server at `server` (`postgres://…:port`).
    pub async fn fresh_database(server: &str) -> StoreTarget {
        let url = format!("{server}/galette_{}", random_text(12).to_lowercase());
        Store::create_database(&url).await.unwrap();
        StoreTarget::Postgres(url)
    }

    /// A server on the store `target` (migrated and seeded here), with `data` as its data
    /// directory.
    pub async fn spawn_on(
        data: TempDir,
        target: StoreTarget,
        mut settings: HttpSettings,
    ) -> TestApp {
        // The CLI, pointed at this store by `store_args`, writes export files there too.
        settings
            .export_dir
            .get_or_insert_with(|| data.path().join("exports"));
        let store = Store::connect(&target).await.unwrap();
        store.migrate().await.unwrap();
        let clock = Clock::default();
        seed_demo_sites(&store, clock.unix()).await.unwrap();
        let app = Application::build(
            store.clone(),
            settings,
            clock.clone(),
            "127.0.0.1:0".parse().unwrap(),
        )
        .await
        .unwrap()
        .with_tenant_routes(misbehaving_routes())
        .with_visitorless_routes(visitorless_routes());
        let addr = app.local_addr().unwrap();
        let state = app.state();
        tokio::spawn(app.run());
        TestApp {
            addr,
            client: client_for(addr, false),
            store,
            clock,
            state,
            target,
            _data: data,
        }
    }

    /// The server's data directory (export files live under `exports/`).
    pub fn data_dir(&self) -> &std::path::Path {
        self._data.path()
    }

    /// Whether the store is PostgreSQL (the suite's second run).
    pub fn is_postgres(&self) -> bool {
        matches!(self.target, StoreTarget::Postgres(_))
    }

    /// A connection of its own to the database, as the database's own tools would open.
    pub async fn raw_connection(&self) -> sqlx::AnyConnection {
        use sqlx::Connection;
        let url = match &self.target {
            StoreTarget::Embedded(dir) => format!(
                "sqlite://{}",
                dir.join(galette_store::EMBEDDED_FILE).display()
            ),
            StoreTarget::Postgres(url) => url.clone(),
        };
        sqlx::any::install_default_drivers();
        sqlx::AnyConnection::connect(&url).await.unwrap()
    }

    /// Runs SQL on the database directly, as an operator with the database's own tools
    /// would: nothing of galette's checks stands in the way.
    pub async fn raw_sql(&self, sql: &str) {
        use sqlx::Connection;
        let mut connection = self.raw_connection().await;
        sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
            .execute(&mut connection)
            .await
            .unwrap();
        connection.close().await.unwrap();
    }

    /// A news post published a minute ago, written straight into the database as another
    /// process (a replica, the CLI) would, so no cache of this server hears of it.
    pub async fn publish_news_elsewhere(&self) {
        let now = self.clock.unix();
        self.raw_sql(&format!(
            "INSERT INTO news_posts (published_at, expires_at, created_at, updated_at, author) \
             VALUES ({}, NULL, {now}, {now}, 'elsewhere@example.org')",
            now - 60
        ))
        .await;
    }

    /// The first column of what a query answers, as text, read directly from the database.
    pub async fn raw_texts(&self, sql: &str) -> Vec<String> {
        use sqlx::{Connection, Row};
        let mut connection = self.raw_connection().await;
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_all(&mut connection)
            .await
            .unwrap();
        connection.close().await.unwrap();
        rows.iter().map(|r| r.get::<String, _>(0)).collect()
    }

    /// Starts a second server on the same store, as a restart would (its start-up work
    /// included), and returns its address.
    pub async fn start_again(&self, settings: HttpSettings) -> SocketAddr {
        let app = Application::build(
            self.store.clone(),
            settings,
            self.clock.clone(),
            "127.0.0.1:0".parse().unwrap(),
        )
        .await
        .unwrap();
        let addr = app.local_addr().unwrap();
        tokio::spawn(app.run());
        addr
    }

    /// The flags that point the CLI at this server's store.
    pub fn store_args(&self) -> Vec<String> {
        match &self.target {
            StoreTarget::Embedded(dir) => vec!["--data".into(), dir.display().to_string()],
            StoreTarget::Postgres(url) => vec![
                "--data".into(),
                self._data.path().display().to_string(),
                "--database-url".into(),
                url.clone(),
            ],
        }
    }

    pub fn url(&self, host: &str, path: &str) -> String {
        format!("http://{host}:{}{path}", self.addr.port())
    }

    /// The `Host` header a browser sends for a demo host.
    pub fn host_header(&self, host: &str) -> String {
        format!("{host}:{}", self.addr.port())
    }

    pub fn request(&self, method: Method, host: &str, path: &str) -> RequestBuilder {
        self.client.request(method, self.url(host, path))
    }

    pub async fn get(&self, host: &str, path: &str) -> Response {
        self.request(Method::GET, host, path).send().await.unwrap()
    }

    /// A client that keeps cookies, for flows of several steps.
    pub fn browser(&self) -> reqwest::Client {
        client_for(self.addr, true)
    }

    pub async fn add_user(&self, slug: &str, email: &str, is_admin: bool) -> User {
        let tenant = self.store.tenant_by_slug(slug).await.unwrap().unwrap();
        let hash = hash_password(PASSWORD, &mut rand::rng()).unwrap();
        self.store
            .create_user(tenant.id, email, &hash, is_admin, self.clock.unix())
            .await
            .unwrap()
    }

    /// A fresh `csrftoken` secret and a masked token from the sign-in page of `host`.
    pub async fn csrf_pair(&self, host: &str) -> (String, String) {
        let response = self.get(host, "/login/").await;
        let secret = cookie_value(response.headers(), "csrftoken").unwrap();
        let token = form_token(&response.text().await.unwrap());
        (secret, token)
    }

    /// Posts a form with a valid CSRF pair and the extra cookies given.
    pub async fn post_form(
        &self,
        host: &str,
        path: &str,
        fields: &[(&str, &str)],
        cookies: &str,
    ) -> Response {
        let (secret, token) = self.csrf_pair(host).await;
        let mut form: Vec<(&str, &str)> = fields.to_vec();
        form.push(("csrfmiddlewaretoken", &token));
        let cookie = if cookies.is_empty() {
            format!("csrftoken={secret}")
        } else {
            format!("csrftoken={secret}; {cookies}")
        };
        self.request(Method::POST, host, path)
            .header("Cookie", cookie)
            .form(&form)
            .send()
            .await
            .unwrap()
    }

    /// Makes a consent choice on `host` (`reject_all`, `accept_all`, or `save` with
    /// `categories`) and returns the response.
    pub async fn choose(
        &self,
        host: &str,
        action: &str,
        categories: &[&str],
        cookies: &str,
    ) -> Response {
        let mut fields = vec![("action", action), ("next", "/")];
        fields.extend(categories.iter().map(|c| ("categories", *c)));
        self.post_form(host, "/cookies/", &fields, cookies).await
    }

    /// The `cookies_preferences` value a choice sets.
    pub async fn choice_cookie(&self, host: &str, action: &str, categories: &[&str]) -> String {
        let response = self.choose(host, action, categories, "").await;
        assert_eq!(response.status(), 303, "the choice was refused");
        cookie_value(response.headers(), "cookies_preferences").unwrap()
    }

    /// Signs in and returns the `sessionid` value.
    pub async fn login(&self, host: &str, email: &str, password: &str) -> String {
        let response = self
            .post_form(
                host,
                "/login/",
                &[("email", email), ("password", password)],
                "",
            )
            .await;
        assert_eq!(response.status(), 302, "sign-in of {email} failed");
        cookie_value(response.headers(), "sessionid").unwrap()
    }
}

/// A route that sets whatever cookies `?set=a,b` names, as a careless handler or a
/// third-party library might: the consent guard must stop the ones it may not set.
/// Also the front office's routes under `/test/closed-store/`, answered from a store whose
/// connections are closed: a database outage in the middle of a page.
fn misbehaving_routes() -> axum::Router<galette_http::AppState> {
    axum::Router::new()
        .route("/test/set-cookies", axum::routing::get(offer_cookies))
        .nest_service(
            "/test/closed-store",
            tower::service_fn(|req: axum::extract::Request| async move {
                use tower::ServiceExt;
                let state = app_on_a_closed_store().await;
                galette_http::site::router()
                    .with_state(state)
                    .oneshot(req)
                    .await
            }),
        )
}

/// The application state over an empty store whose pool is closed.
async fn app_on_a_closed_store() -> galette_http::AppState {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::connect(&StoreTarget::Embedded(dir.path().to_path_buf()))
        .await
        .unwrap();
    store.close().await;
    galette_http::AppState(std::sync::Arc::new(
        galette_http::App::new(store, HttpSettings::default(), Clock::default()).unwrap(),
    ))
}

/// The same careless route, mounted where no visitor is known (as a layer to come might
/// answer): the consent guard must fail closed.
fn visitorless_routes() -> axum::Router<galette_http::AppState> {
    axum::Router::new().route("/test/without-visitor", axum::routing::get(offer_cookies))
}

async fn offer_cookies(
    axum::extract::RawQuery(query): axum::extract::RawQuery,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let names = query
        .unwrap_or_default()
        .strip_prefix("set=")
        .unwrap_or_default()
        .to_owned();
    let mut response = axum::response::Html("<p>cookies offered</p>").into_response();
    for name in names.split(',').filter(|n| !n.is_empty()) {
        let value = format!("{name}=1; Path=/; Max-Age=3600").parse().unwrap();
        response
            .headers_mut()
            .append(reqwest::header::SET_COOKIE, value);
    }
    response
}

fn client_for(addr: SocketAddr, keep_cookies: bool) -> reqwest::Client {
    let mut builder = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(keep_cookies);
    for (host, _) in DEMO_SITES.iter().chain([("nowhere.localhost", "")].iter()) {
        builder = builder.resolve(host, addr);
    }
    builder.build().unwrap()
}

/// Every `Set-Cookie` header, as sent.
pub fn set_cookies(headers: &HeaderMap) -> Vec<String> {
    headers
        .get_all(SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect()
}

/// The `Set-Cookie` header of one cookie, if sent.
pub fn set_cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    set_cookies(headers)
        .into_iter()
        .find(|c| c.starts_with(&format!("{name}=")))
}

/// The value a response sets for a cookie.
pub fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    let header = set_cookie(headers, name)?;
    let value = header.split(';').next()?.split_once('=')?.1;
    Some(value.to_owned())
}

/// A header's value as text.
pub fn header(headers: &HeaderMap, name: &str) -> String {
    headers
        .get(name)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

static TOKEN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)""#).unwrap());

/// The first masked CSRF token in a page.
pub fn form_token(html: &str) -> String {
    all_form_tokens(html)
        .into_iter()
        .next()
        .expect("the page has a CSRF token")
}

/// Every masked CSRF token in a page.
pub fn all_form_tokens(html: &str) -> Vec<String> {
    TOKEN.captures_iter(html).map(|c| c[1].to_owned()).collect()
}

/// The G-3 date format.
pub static HTTP_DATE: &str = r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT";

/// Asserts a `Set-Cookie` header matches a pattern where `DATE` stands for an HTTP date.
pub fn assert_cookie_shape(header: &str, pattern: &str) {
    let re = Regex::new(&format!("^{}$", pattern.replace("DATE", HTTP_DATE))).unwrap();
    assert!(re.is_match(header), "{header:?} does not match {pattern:?}");
}

/// A page's text with minijinja's HTML escapes undone, to look for literal strings.
pub fn unescape(html: &str) -> String {
    html.replace("&#x2f;", "/")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}
