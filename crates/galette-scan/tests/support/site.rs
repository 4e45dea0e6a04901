//! A small local web site for the scanner's tests and CI: `site.localhost` sets cookies by
//! header and by `document.cookie` and loads `widgets.localhost` and `thirdparty.localhost`,
//! all on one loopback port (Chromium resolves `*.localhost` to loopback). Misbehaving, it
//! plants one fault of each kind; well-behaved, it keeps every promise of its policy.

use axum::Router;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use std::net::SocketAddr;

/// The faults a misbehaving site plants, as (finding kind, subject).
#[allow(dead_code, reason = "shared by two test programs, each using a part")]
pub const PLANTED: [(&str, &str); 7] = [
    ("undeclared_cookie", "hdr_track"),
    ("undeclared_cookie", "js_track"),
    ("set_before_consent", "_stats_id"),
    ("undeclared_third_party", "http://thirdparty.localhost:PORT"),
    (
        "third_party_without_consent",
        "http://widgets.localhost:PORT",
    ),
    ("lifetime_longer_than_declared", "lang"),
    ("weaker_attributes", "sessionid"),
];

/// A running test site.
pub struct TestSite {
    /// Its port on 127.0.0.1.
    pub port: u16,
}

#[allow(dead_code, reason = "shared by two test programs, each using a part")]
impl TestSite {
    /// `http://site.localhost:PORT/`.
    pub fn url(&self) -> String {
        format!("http://site.localhost:{}/", self.port)
    }

    /// `http://site.localhost:PORT/policy.json`.
    pub fn policy_url(&self) -> String {
        format!("http://site.localhost:{}/policy.json", self.port)
    }

    /// The planted faults with this site's port filled in.
    pub fn planted(&self) -> Vec<(String, String)> {
        PLANTED
            .iter()
            .map(|(k, s)| ((*k).to_owned(), s.replace("PORT", &self.port.to_string())))
            .collect()
    }
}

/// Starts the site on `addr` (port 0 for any) in the background.
pub async fn start(addr: SocketAddr, misbehave: bool) -> std::io::Result<TestSite> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let port = listener.local_addr()?.port();
    let app = Router::new().fallback(move |uri: Uri, headers: HeaderMap| async move {
        respond(&uri, &headers, port, misbehave)
    });
    tokio::spawn(async move { axum::serve(listener, app).await });
    Ok(TestSite { port })
}

fn policy(port: u16) -> String {
    format!(
        r#"{{"site":"Test site","revision":3,"sections":[
 {{"category":"necessary","rows":[
   {{"name":"sessionid","party":"first","lifetime":{{"kind":"session"}},"http_only":true}},
   {{"name":"consent","party":"first","lifetime":{{"kind":"seconds","seconds":31536000}}}},
   {{"name":"lang","party":"first","lifetime":{{"kind":"seconds","seconds":3600}}}}]}},
 {{"category":"statistics","rows":[
   {{"name":"_stats*","party":"first","lifetime":{{"kind":"seconds","seconds":3600}}}}]}}],
 "third_parties":[{{"name":"Widgets","category":"statistics","origins":["http://widgets.localhost:{port}"],"cookies":[]}}]}}"#
    )
}

fn page(port: u16, misbehave: bool, body: &str) -> String {
    let pixel = if misbehave {
        format!(
            r#"<img src="http://thirdparty.localhost:{port}/pixel.gif" alt=""><img src="https://tracker.example/p.gif" alt="">
<script src="http://widgets.localhost:{port}/w.js"></script>
<script>try {{ new WebSocket('ws://thirdparty.localhost:{port}/live'); }} catch (e) {{}}
navigator.sendBeacon('http://thirdparty.localhost:{port}/beacon', 'x');</script>
<iframe src="http://thirdparty.localhost:{port}/frame.html" title="ad"></iframe>"#
        )
    } else {
        format!(
            r#"<script>if (document.cookie.indexOf('consent=all') >= 0) {{ var s = document.createElement('script'); s.src = 'http://widgets.localhost:{port}/w.js'; document.head.appendChild(s); }}</script>"#
        )
    };
    format!(
        r#"<!doctype html><html><head><title>Test</title><script src="/static/app.js"></script></head><body>
<div id="banner"><button id="reject" onclick="document.cookie='consent=none; max-age=31536000; path=/'; document.getElementById('banner').style.display='none'">Reject</button>
<button id="accept" onclick="document.cookie='consent=all; max-age=31536000; path=/'; document.getElementById('banner').remove()">Accept</button></div>
{body}
<a href="/about/">About</a> <a href="/logout/">Log out</a> <a href="/delete/?action=delete">Delete</a> <a href="mailto:a@b.c">Mail</a>
{pixel}
</body></html>"#
    )
}

fn app_js(misbehave: bool) -> &'static str {
    if misbehave {
        "document.cookie = 'js_track=1; path=/';\n\
         document.cookie = '_stats_id=1; max-age=3600; path=/';\n\
         localStorage.setItem('ls_key', 'x'); sessionStorage.setItem('ss_key', 'y');\n"
    } else {
        "if (document.cookie.indexOf('consent=all') >= 0) { document.cookie = '_stats_id=1; max-age=3600; path=/'; }\n\
         localStorage.setItem('ls_key', 'x'); sessionStorage.setItem('ss_key', 'y');\n"
    }
}

fn with_cookies(mut response: Response, cookies: &[&str]) -> Response {
    for c in cookies {
        if let Ok(v) = HeaderValue::from_str(c) {
            response.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    response
}

fn html(text: String) -> Response {
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], text).into_response()
}

fn respond(uri: &Uri, headers: &HeaderMap, port: u16, misbehave: bool) -> Response {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("")
        .split(':')
        .next()
        .unwrap_or("")
        .to_owned();
    let path = uri.path();
    match (host.as_str(), path) {
        ("thirdparty.localhost", "/frame.html") => html(format!(
            r#"<!doctype html><img src="http://thirdparty.localhost:{port}/pixel.gif?in=frame" alt="">"#
        )),
        ("thirdparty.localhost", _) => (
            [(header::CONTENT_TYPE, "image/gif")],
            b"GIF89a\x01\x00\x01\x00\x00\x00\x00;".to_vec(),
        )
            .into_response(),
        ("widgets.localhost", _) => (
            [(header::CONTENT_TYPE, "application/javascript")],
            "window.widgetLoaded = true;",
        )
            .into_response(),
        (_, "/") => {
            let cookies: &[&str] = if misbehave {
                &[
                    "sessionid=s3cr3t; Path=/",
                    "hdr_track=1; Path=/; Max-Age=86400",
                ]
            } else {
                &["sessionid=s3cr3t; Path=/; HttpOnly"]
            };
            with_cookies(html(page(port, misbehave, "<h1>Home</h1>")), cookies)
        }
        (_, "/about/") => {
            let lang: &[&str] = if misbehave {
                &["lang=en; Path=/; Max-Age=31536000"]
            } else {
                &["lang=en; Path=/; Max-Age=3600"]
            };
            with_cookies(html(page(port, misbehave, "<h1>About</h1>")), lang)
        }
        (_, "/logout/") => with_cookies(
            html(page(port, misbehave, "<h1>Bye</h1>")),
            &["logged_out=1; Path=/"],
        ),
        (_, "/static/app.js") => (
            [(header::CONTENT_TYPE, "application/javascript")],
            app_js(misbehave),
        )
            .into_response(),
        (_, "/policy.json") => {
            ([(header::CONTENT_TYPE, "application/json")], policy(port)).into_response()
        }
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}
