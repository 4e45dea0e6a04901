//! Throttling of failed sign-ins: from the 10th failure in 15 minutes, per account and per
//! client, attempts are refused without checking the password (PRODUCT.md §2).

use crate::keyed_digest::keyed_hex;
use crate::tenant::TenantSecret;

/// How far back failures count, in seconds.
pub const WINDOW_SECS: i64 = 15 * 60;

/// Failures allowed in the window; the next attempt (the 10th) is refused.
pub const FREE_FAILURES: i64 = 9;

/// Whether a sign-in attempt must be refused, given the failures counted in the window.
pub fn is_throttled(account_failures: i64, client_failures: i64) -> bool {
    account_failures >= FREE_FAILURES || client_failures >= FREE_FAILURES
}

/// The stored form of an account name: trimmed and lower-cased e-mail, without control
/// characters (which no address has, and which PostgreSQL refuses in text).
pub fn normalise_email(email: &str) -> String {
    email
        .trim()
        .chars()
        .filter(|c| !c.is_control())
        .collect::<String>()
        .to_lowercase()
}

/// Whether an e-mail address is plausible enough to create an account with.
pub fn is_plausible_email(email: &str) -> bool {
    let email = email.trim();
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.is_empty()
        && !domain.contains('@')
        && email.len() <= 254
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// A keyed digest of the client's address: failures can be counted per client without
/// storing an address that could be read back (an unkeyed hash of an IPv4 is trivial to reverse).
pub fn client_key(tenant_secret: &TenantSecret, client: &str) -> String {
    keyed_hex(
        tenant_secret.as_bytes(),
        b"galette.login-throttle.client:",
        client.as_bytes(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tenth_attempt_is_the_first_refused() {
        assert!(!is_throttled(8, 0));
        assert!(is_throttled(9, 0));
        assert!(is_throttled(0, 9));
    }

    #[test]
    fn client_keys_depend_on_the_secret_and_hide_the_address() {
        let (one, two) = (
            TenantSecret::new("secret-a".into()),
            TenantSecret::new("secret-b".into()),
        );
        let a = client_key(&one, "192.0.2.1");
        assert_eq!(a.len(), 64);
        assert!(!a.contains("192"));
        assert_ne!(a, client_key(&two, "192.0.2.1"));
        assert_eq!(a, client_key(&one, "192.0.2.1"));
    }

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(
            normalise_email("  Admin@CDMX.localhost "),
            "admin@cdmx.localhost"
        );
        assert!(is_plausible_email("a@b"));
        assert!(!is_plausible_email("ab"));
        assert!(!is_plausible_email("a b@c"));
        assert!(!is_plausible_email("@c"));
    }
}
