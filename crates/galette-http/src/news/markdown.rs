//! A post's Markdown as HTML that is safe to put in a page.
//!
//! Two layers, so that neither has to be perfect: pulldown-cmark turns any raw HTML in the
//! source into text (it is shown, never interpreted), images into links (a post loads
//! nothing from elsewhere, which the page's CSP would refuse anyway) and moves headings
//! under the page's own; then ammonia keeps only an allow-list of tags and attributes, only
//! `http`, `https` and `mailto` links, and gives every link `rel="noopener noreferrer
//! nofollow"`.

use pulldown_cmark::{Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use std::collections::HashSet;
use std::sync::LazyLock;

/// The relation every link in a post gets.
pub const LINK_REL: &str = "noopener noreferrer nofollow";

static SANITISER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .link_rel(Some(LINK_REL))
        .rm_tags(["img"])
        .strip_comments(true);
    builder
});

/// The HTML of a post's Markdown body, sanitised.
pub fn render_markdown(source: &str) -> String {
    let options = Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES;
    let events = Parser::new_ext(source, options).map(defang);
    let mut html = String::with_capacity(source.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    SANITISER.clean(&html).to_string()
}

/// Raw HTML becomes text, images become links to them, headings start at `<h3>`.
fn defang(event: Event<'_>) -> Event<'_> {
    match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Image {
            dest_url,
            title,
            id,
            ..
        }) => Event::Start(Tag::Link {
            link_type: LinkType::Inline,
            dest_url,
            title,
            id,
        }),
        Event::End(TagEnd::Image) => Event::End(TagEnd::Link),
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: lower(level),
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(lower(level))),
        Event::DisplayMath(text) | Event::InlineMath(text) => Event::Code(text),
        other => other,
    }
}

/// Two levels down (the page has its `<h1>`, each post its `<h2>`), at most `<h6>`.
fn lower(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H3,
        HeadingLevel::H2 => HeadingLevel::H4,
        HeadingLevel::H3 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// No element or attribute that runs or loads anything: every real tag (text keeps its
    /// `<` escaped) is checked; hostile words left as visible text are harmless.
    fn assert_harmless(html: &str) {
        for tag in html.split('<').skip(1) {
            let tag = tag.split('>').next().unwrap().to_ascii_lowercase();
            let name: String = tag
                .trim_start_matches('/')
                .chars()
                .take_while(char::is_ascii_alphanumeric)
                .collect();
            assert!(
                ![
                    "script", "img", "iframe", "style", "svg", "object", "form", "div"
                ]
                .contains(&name.as_str()),
                "<{name}> survived in {html}"
            );
            for bad in ["javascript:", "vbscript:", "data:", " on", "style="] {
                assert!(!tag.contains(bad), "{bad} survived in <{tag}> of {html}");
            }
        }
    }

    #[test]
    fn raw_html_is_shown_as_text_never_run() {
        let html = render_markdown(
            "Hi <script>alert(1)</script> there\n\n<script>\nalert(2)\n</script>\n",
        );
        assert_harmless(&html);
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{html}"
        );
    }

    #[test]
    fn event_handler_attributes_never_pass() {
        for source in [
            "<img src=x onerror=alert(1)>",
            "<a href=\"https://example.org\" onclick=\"steal()\">x</a>",
            "<div onmouseover=\"alert(1)\">hover</div>",
            "![x\" onerror=\"alert(1)](https://example.org/a.png)",
            "<svg onload=alert(1)>",
            "<iframe src=\"https://evil.example\"></iframe>",
            "<style>body{display:none}</style>",
        ] {
            assert_harmless(&render_markdown(source));
        }
    }

    #[test]
    fn script_links_are_dropped_and_web_links_kept_with_rel() {
        for source in [
            "[click](javascript:alert(1))",
            "[click](JaVaScRiPt:alert(1))",
            "[click](javascript&#58;alert(1))",
            "[click](vbscript:msgbox(1))",
            "[click](data:text/html;base64,PHNjcmlwdD4=)",
            "<javascript:alert(1)>",
            "[x][r]\n\n[r]: javascript:alert(1)",
        ] {
            let html = render_markdown(source);
            assert_harmless(&html);
        }
        let html = render_markdown("See [the docs](https://example.org/docs \"Docs\").");
        assert!(html.contains("href=\"https://example.org/docs\""), "{html}");
        assert!(html.contains(&format!("rel=\"{LINK_REL}\"")), "{html}");
    }

    #[test]
    fn images_become_links_and_headings_sit_under_the_page() {
        let html = render_markdown("# Big\n\n![a chart](https://example.org/c.png)");
        assert!(html.contains("<h3>Big</h3>"), "{html}");
        assert!(
            html.contains("<a href=\"https://example.org/c.png\""),
            "{html}"
        );
        assert!(html.contains(">a chart</a>"), "{html}");
        assert_harmless(&html);
    }

    #[test]
    fn ordinary_markdown_still_renders() {
        let html = render_markdown("Some **bold**, `code` and\n\n- a\n- b\n");
        assert!(html.contains("<strong>bold</strong>"), "{html}");
        assert!(html.contains("<code>code</code>"), "{html}");
        assert!(html.contains("<li>a</li>"), "{html}");
    }
}
