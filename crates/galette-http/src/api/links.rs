//! `include_links=true` (explore-api §4): absolute links to the page itself, the first,
//! last and next pages of a list, and to each record or dataset.

use crate::extract::Visitor;
use serde_json::{Value, json};

/// Where links point: the API's absolute base URL on the request's own host.
pub struct Links {
    base: String,
}

impl Links {
    /// Links for this visitor's host and scheme.
    pub fn new(visitor: &Visitor) -> Links {
        let scheme = if visitor.is_https { "https" } else { "http" };
        Links {
            base: format!("{scheme}://{}/api/explore/v2.1", visitor.host),
        }
    }

    /// `[{"rel": "self", "href": …}]` for a path under the API (`/catalog/datasets/x`).
    pub fn item(&self, path: &str) -> Value {
        json!([{"rel": "self", "href": format!("{}{path}", self.base)}])
    }

    /// Links of one page of a list at `path`: self, first, last, and next when there is one.
    /// The request's query string is kept, only `offset` changes.
    pub fn pages(
        &self,
        path: &str,
        query: Option<&str>,
        offset: u64,
        limit: u64,
        total: u64,
    ) -> Value {
        let kept: Vec<&str> = query
            .unwrap_or_default()
            .split('&')
            .filter(|pair| !pair.is_empty() && !pair.starts_with("offset="))
            .collect();
        let at = |offset: u64| {
            let mut pairs = kept.clone();
            let offset = format!("offset={offset}");
            pairs.push(&offset);
            format!("{}{path}?{}", self.base, pairs.join("&"))
        };
        let last = if limit == 0 || total == 0 {
            0
        } else {
            (total - 1) / limit * limit
        };
        let mut links = vec![
            json!({"rel": "self", "href": at(offset)}),
            json!({"rel": "first", "href": at(0)}),
            json!({"rel": "last", "href": at(last)}),
        ];
        if limit > 0 && offset + limit < total {
            links.push(json!({"rel": "next", "href": at(offset + limit)}));
        }
        Value::Array(links)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links() -> Links {
        Links {
            base: "http://a.example/api/explore/v2.1".into(),
        }
    }

    #[test]
    fn pages_keep_the_query_and_move_the_offset() {
        let pages = links().pages("/x", Some("limit=10&offset=10&where=a%3D1"), 10, 10, 35);
        let href = |rel: &str| {
            pages
                .as_array()
                .unwrap()
                .iter()
                .find(|l| l["rel"] == rel)
                .map(|l| l["href"].as_str().unwrap().to_owned())
        };
        let base = "http://a.example/api/explore/v2.1/x?limit=10&where=a%3D1";
        assert_eq!(href("self"), Some(format!("{base}&offset=10")));
        assert_eq!(href("first"), Some(format!("{base}&offset=0")));
        assert_eq!(href("last"), Some(format!("{base}&offset=30")));
        assert_eq!(href("next"), Some(format!("{base}&offset=20")));
        let end = links().pages("/x", None, 30, 10, 35);
        assert_eq!(end.as_array().unwrap().len(), 3, "no next page");
    }
}
