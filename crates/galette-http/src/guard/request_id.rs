//! The request id: a random id per request, in the request span, the `X-Request-Id`
//! response header and the 5xx error pages, so that a visitor who quotes it leads the
//! operator to the log lines of that request.
//!
//! Owns: making the id and answering with it. An id sent by the client is never reused:
//! it could be anything, and it would end up in the logs.
//! Does not own: the span itself (`lib.rs`), or the pages that show the id.

use axum::extract::Request;
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use rand::Rng;
use std::sync::Arc;

/// The response header that carries the id.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// The id of one request, in its extensions.
#[derive(Clone, Debug)]
pub struct RequestId(Arc<str>);

impl RequestId {
    /// A new random id: 16 lower-case hexadecimal digits.
    pub fn generate(rng: &mut impl Rng) -> RequestId {
        RequestId(Arc::from(format!("{:016x}", rng.random::<u64>())))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for RequestId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Gives the request its id and puts it on the response; the outermost layer.
pub async fn request_id(mut req: Request, next: Next) -> Response {
    let id = RequestId::generate(&mut rand::rng());
    req.extensions_mut().insert(id.clone());
    let mut response = next.run(req).await;
    if let Ok(value) = HeaderValue::from_str(id.as_str()) {
        response.headers_mut().insert(REQUEST_ID_HEADER, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_sixteen_hex_digits_and_differ() {
        let mut rng = rand::rng();
        let a = RequestId::generate(&mut rng);
        let b = RequestId::generate(&mut rng);
        assert_eq!(a.as_str().len(), 16);
        assert!(a.as_str().bytes().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a.as_str(), b.as_str());
    }
}
