//! API keys: random secrets shown once, kept only as a digest (explore-api §8).
//!
//! A key carries 240 random bits, so a fast digest is enough (nobody can guess one to test
//! against a leaked digest) and lets the store find a key by its digest in an index.

use rand::Rng;
use rand::distr::Alphanumeric;
use sha2::{Digest, Sha256};

/// Prefix that makes galette keys recognisable in logs and secret scanners.
pub const PREFIX: &str = "gk_";

/// A new key, to be shown to its owner once.
pub fn generate_api_key(rng: &mut impl Rng) -> String {
    let body: String = rng
        .sample_iter(&Alphanumeric)
        .take(40)
        .map(char::from)
        .collect();
    format!("{PREFIX}{body}")
}

/// The digest stored in place of the key.
pub fn api_key_digest(key: &str) -> String {
    Sha256::digest(key.trim().as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The key in an `Authorization` header (`Apikey <key>`, scheme in any case).
pub fn key_from_authorization(header: &str) -> Option<&str> {
    let (scheme, key) = header.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("apikey")
        .then(|| key.trim())
        .filter(|k| !k.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_long_random_and_only_their_digest_is_kept() {
        let key = generate_api_key(&mut rand::rng());
        assert!(key.starts_with(PREFIX) && key.len() == 43);
        assert_ne!(key, generate_api_key(&mut rand::rng()));
        let digest = api_key_digest(&key);
        assert_eq!(digest.len(), 64);
        assert!(!digest.contains(&key[3..]));
        assert_eq!(digest, api_key_digest(&format!(" {key} ")));
    }

    #[test]
    fn the_authorization_scheme_is_matched_in_any_case() {
        assert_eq!(key_from_authorization("Apikey abc"), Some("abc"));
        assert_eq!(key_from_authorization("ApiKey abc"), Some("abc"));
        assert_eq!(key_from_authorization("APIKEY  abc "), Some("abc"));
        assert_eq!(key_from_authorization("Bearer abc"), None);
        assert_eq!(key_from_authorization("Apikey "), None);
    }
}
