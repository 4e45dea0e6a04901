//! The visitor hash and the daily salt (consent.md C-70, C-71).
//!
//! A visitor is `sha256(daily_salt ‖ tenant_id ‖ client_ip ‖ user_agent)` cut to 16 bytes:
//! the same browser at the same address on the same site on the same UTC day gives the
//! same hash, and nothing else links to it. The address and the user agent exist only in
//! memory while the hash is made; the salt is deleted when its day ends, so a hash can no
//! longer be recomputed from an address, and two days can never be linked.

use crate::consent::hex::{hex_decode, hex_encode};
use rand::RngCore;
use sha2::{Digest, Sha256};

/// Random bytes in a daily salt.
pub const SALT_BYTES: usize = 32;
/// Bytes of the hash kept.
pub const HASH_BYTES: usize = 16;

/// A fresh daily salt: 32 random bytes, as lower-case hex.
pub fn new_salt(rng: &mut impl RngCore) -> String {
    let mut bytes = [0u8; SALT_BYTES];
    rng.fill_bytes(&mut bytes);
    hex_encode(&bytes)
}

/// The visitor hash, as 32 lower-case hex digits. `salt` is the stored hex (any text that
/// is not hex is hashed as it is, which still keys the hash). The address and the user
/// agent are separated by a zero byte, which neither contains, so no two pairs collide by
/// concatenation.
pub fn visitor_hash(salt: &str, tenant_id: i64, client_ip: &str, user_agent: &str) -> String {
    let salt_bytes = hex_decode(salt).unwrap_or_else(|| salt.as_bytes().to_vec());
    let mut hasher = Sha256::new();
    hasher.update(&salt_bytes);
    hasher.update(tenant_id.to_be_bytes());
    hasher.update(client_ip.as_bytes());
    hasher.update([0u8]);
    hasher.update(user_agent.as_bytes());
    let digest = hasher.finalize();
    hex_encode(digest.get(..HASH_BYTES).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn salts_are_32_random_bytes_in_hex() {
        let mut rng = rand::rng();
        let a = new_salt(&mut rng);
        let b = new_salt(&mut rng);
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert!(hex_decode(&a).is_some());
    }

    #[test]
    fn the_hash_depends_on_every_input_and_is_16_bytes() {
        let salt = "00".repeat(32);
        let base = visitor_hash(&salt, 1, "192.0.2.1", "Firefox");
        assert_eq!(base.len(), 32);
        assert_eq!(base, visitor_hash(&salt, 1, "192.0.2.1", "Firefox"));
        assert_ne!(
            base,
            visitor_hash(&"01".repeat(32), 1, "192.0.2.1", "Firefox")
        );
        assert_ne!(base, visitor_hash(&salt, 2, "192.0.2.1", "Firefox"));
        assert_ne!(base, visitor_hash(&salt, 1, "192.0.2.2", "Firefox"));
        assert_ne!(base, visitor_hash(&salt, 1, "192.0.2.1", "Chrome"));
        // The separator keeps "ab"+"c" apart from "a"+"bc".
        assert_ne!(
            visitor_hash(&salt, 1, "ab", "c"),
            visitor_hash(&salt, 1, "a", "bc")
        );
    }

    #[test]
    fn the_hash_is_sha256_of_the_concatenation_cut_to_16_bytes() {
        let salt = "ab".repeat(32);
        let mut input = vec![0xab_u8; 32];
        input.extend_from_slice(&7_i64.to_be_bytes());
        input.extend_from_slice(b"2001:db8::1\0UA");
        let expected = hex_encode(&Sha256::digest(&input)[..16]);
        assert_eq!(visitor_hash(&salt, 7, "2001:db8::1", "UA"), expected);
    }
}
