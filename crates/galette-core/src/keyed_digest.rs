//! Keyed digests of values that must be counted or matched but never read back (a client's
//! address, a quota's subject): an unkeyed hash of an IPv4 address is trivial to reverse,
//! a digest keyed by the tenant's secret is not.

use blake2::Blake2sMac256;
use blake2::digest::{KeyInit, Mac};

/// The hexadecimal Blake2s MAC of `domain` then `value` under `secret`; the domain keeps
/// digests made for different purposes apart.
pub fn keyed_hex(secret: &[u8], domain: &[u8], value: &[u8]) -> String {
    let Ok(mut mac) = <Blake2sMac256 as KeyInit>::new_from_slice(&key_bytes(secret)) else {
        return "unkeyed".to_owned();
    };
    mac.update(domain);
    mac.update(value);
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Blake2s keys are at most 32 bytes; longer secrets are folded into that size.
fn key_bytes(secret: &[u8]) -> Vec<u8> {
    let mut key = vec![0u8; 32];
    for (i, b) in secret.iter().copied().enumerate() {
        if let Some(slot) = key.get_mut(i % 32) {
            *slot ^= b;
        }
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_depend_on_secret_domain_and_value() {
        let a = keyed_hex(b"one", b"d:", b"192.0.2.1");
        assert_eq!(a.len(), 64);
        assert_eq!(a, keyed_hex(b"one", b"d:", b"192.0.2.1"));
        assert_ne!(a, keyed_hex(b"two", b"d:", b"192.0.2.1"));
        assert_ne!(a, keyed_hex(b"one", b"e:", b"192.0.2.1"));
        assert_ne!(a, keyed_hex(b"one", b"d:", b"192.0.2.2"));
        // Secrets longer than a key are folded, not refused.
        assert_eq!(keyed_hex(&[7u8; 100], b"d:", b"x").len(), 64);
    }
}
