//! The `user` of a consent record: a keyed pseudonym, never the account itself
//! (`docs/consent.md` C-25, C-27).
//!
//! Owns: HMAC-SHA256 of the user id's decimal text with the tenant secret, in lower-case hex.
//! The same user gets the same pseudonym within a tenant, so a withdrawal can be tied to the
//! grant it revokes, while another tenant (another secret) cannot link the two.

use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::hex::hex_encode;

/// The pseudonym logged for a signed-in user of a tenant.
#[expect(
    clippy::expect_used,
    reason = "HMAC takes keys of any length, so new_from_slice cannot fail"
)]
pub fn user_pseudonym(tenant_secret: &[u8], user_id: i64) -> String {
    let mut mac =
        <Hmac<Sha256> as Mac>::new_from_slice(tenant_secret).expect("HMAC accepts any key length");
    mac.update(user_id.to_string().as_bytes());
    hex_encode(&mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pseudonym_is_stable_per_tenant_and_differs_across_tenants() {
        let civis = user_pseudonym(b"civis-secret", 42);
        assert_eq!(civis.len(), 64);
        assert!(
            civis
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        );
        assert_eq!(user_pseudonym(b"civis-secret", 42), civis);
        assert_ne!(user_pseudonym(b"other-secret", 42), civis);
        assert_ne!(user_pseudonym(b"civis-secret", 43), civis);
        assert!(!civis.contains("42"));
    }

    #[test]
    fn the_pseudonym_is_hmac_sha256_of_the_decimal_id() {
        // Python: hmac.new(b"key", b"7", hashlib.sha256).hexdigest()
        assert_eq!(
            user_pseudonym(b"key", 7),
            "01235b0d2aa4a5daba7243a9228194c8eff913ac5e56e967301210270380bc42"
        );
    }
}
