//! The request id: a random id per request, in the request span, the `X-Request-Id`
//! response header and the 5xx error pages, so that a visitor who quotes it leads the
//! operator to the log lines of that request.
//!
//! Owns: making the id (`guard::envelope` puts it on the request and the response). An id sent by the client is never reused:
//! it could be anything, and it would end up in the logs.
//! Does not own: the span itself (`lib.rs`), or the pages that show the id.

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
