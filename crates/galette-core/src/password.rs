//! Password hashing for back-office and portal accounts.
//!
//! Owns: Argon2id hashing into PHC strings, verification, the session's password
//! fingerprint (`docs/cookies.md` S-8) and the dummy verification that
//! keeps unknown e-mail addresses from answering faster than known ones.
//! Does not own: where hashes are stored (`galette-store`) or login throttling.

use argon2::Argon2;
use argon2::{PasswordHash, PasswordHasher, PasswordVerifier};
use blake2::{Blake2s256, Digest};
use rand::Rng;

/// Longest password accepted, in bytes; longer input is refused before hashing.
pub const MAX_PASSWORD_BYTES: usize = 1024;
/// Salt length in bytes (the PHC recommendation).
const SALT_BYTES: usize = 16;
/// Prefix that keeps the fingerprint apart from any other digest of the hash.
const FINGERPRINT_DOMAIN: &[u8] = b"galette/session/password-fingerprint/v1\n";
/// A valid hash with `Argon2::default()` parameters, of a password nobody uses.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$Z2FsZXR0ZS1kdW1teS1zYQ$dlqogrohZ1PVGTmR19onZkcRbHkPnoE244we+MAs0XI";

/// Why a password could not be hashed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    /// The password is empty.
    #[error("the password must not be empty")]
    Empty,
    /// The password is longer than [`MAX_PASSWORD_BYTES`].
    #[error("the password must be at most 1024 bytes long")]
    TooLong,
    /// Argon2 refused the input (not expected with default parameters).
    #[error("the password could not be hashed: {0}")]
    Hashing(argon2::password_hash::Error),
}

/// Hashes `password` with Argon2id v19 (default parameters) and a salt from `rng`.
pub fn hash_password(password: &str, rng: &mut impl Rng) -> Result<String, PasswordError> {
    check_length(password)?;
    let mut salt_bytes = [0u8; SALT_BYTES];
    rng.fill(&mut salt_bytes);
    let hash = Argon2::default()
        .hash_password_with_salt(password.as_bytes(), &salt_bytes)
        .map_err(PasswordError::Hashing)?;
    Ok(hash.to_string())
}

/// Whether `password` matches the PHC string `phc`; false for a malformed hash.
pub fn verify_password(password: &str, phc: &str) -> bool {
    if check_length(password).is_err() {
        return false;
    }
    let Ok(parsed) = PasswordHash::new(phc) else {
        return false;
    };
    Argon2::default()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok()
}

/// Spends as long as a real [`verify_password`] when no account matches the e-mail.
pub fn dummy_verify(password: &str) {
    std::hint::black_box(verify_password(password, DUMMY_HASH));
}

/// A hex digest of the PHC hash that the session keeps, so a password change ends
/// older sessions (S-8).
pub fn password_fingerprint(phc: &str) -> String {
    let mut hasher = Blake2s256::new();
    hasher.update(FINGERPRINT_DOMAIN);
    hasher.update(phc.as_bytes());
    hasher
        .finalize()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// Refuses empty and overlong passwords before any hashing work.
fn check_length(password: &str) -> Result<(), PasswordError> {
    if password.is_empty() {
        Err(PasswordError::Empty)
    } else if password.len() > MAX_PASSWORD_BYTES {
        Err(PasswordError::TooLong)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {

    use super::*;
    use argon2::{Algorithm, Params, Version};
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    #[test]
    fn a_hashed_password_verifies_and_a_wrong_one_does_not() {
        let mut rng = StdRng::seed_from_u64(3);
        let phc = hash_password("correct horse battery staple", &mut rng).unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        assert!(verify_password("correct horse battery staple", &phc));
        assert!(!verify_password("correct horse battery stapl", &phc));
    }

    #[test]
    fn the_salt_comes_from_the_given_rng() {
        let first = hash_password("pw", &mut StdRng::seed_from_u64(4)).unwrap();
        let again = hash_password("pw", &mut StdRng::seed_from_u64(4)).unwrap();
        let other = hash_password("pw", &mut StdRng::seed_from_u64(5)).unwrap();
        assert_eq!(first, again);
        assert_ne!(first, other);
    }

    #[test]
    fn empty_and_overlong_passwords_are_refused() {
        let mut rng = StdRng::seed_from_u64(6);
        assert_eq!(hash_password("", &mut rng), Err(PasswordError::Empty));
        let too_long = "a".repeat(MAX_PASSWORD_BYTES + 1);
        assert_eq!(
            hash_password(&too_long, &mut rng),
            Err(PasswordError::TooLong)
        );
        assert!(!verify_password("", DUMMY_HASH));
        assert!(!verify_password(&too_long, DUMMY_HASH));
    }

    #[test]
    fn a_malformed_hash_never_verifies() {
        for phc in [
            "",
            "plain",
            "$argon2id$v=19$m=19456,t=2,p=1$",
            "pbkdf2_sha256$1$salt$hash",
        ] {
            assert!(!verify_password("pw", phc), "{phc:?}");
        }
    }

    #[test]
    fn the_dummy_hash_costs_what_a_real_one_costs() {
        let parsed = PasswordHash::new(DUMMY_HASH).unwrap();
        let defaults = Params::default();
        let params = Params::try_from(&parsed).unwrap();
        assert_eq!(parsed.algorithm, Algorithm::Argon2id.ident());
        assert_eq!(parsed.version, Some(Version::V0x13.into()));
        assert_eq!(
            (
                params.m_cost(),
                params.t_cost(),
                params.p_cost(),
                params.output_len()
            ),
            (
                defaults.m_cost(),
                defaults.t_cost(),
                defaults.p_cost(),
                Some(32)
            )
        );
        assert!(verify_password(
            "galette dummy password, never used",
            DUMMY_HASH
        ));
        dummy_verify("anything");
    }

    #[test]
    fn hashes_stored_by_argon2_0_5_still_verify() {
        // Produced by `hash_password` and by explicit parameters under argon2 0.5,
        // before the move to 0.6: stored accounts must keep logging in.
        let default_cost = "$argon2id$v=19$m=19456,t=2,p=1$3pfYYkpDgSG4ahlWVEvXLg$JrzwqqZnS7p8+38DForGII8jvi3Uk4gRgaDkQsKC2Zw";
        let custom_cost = "$argon2id$v=19$m=8192,t=3,p=2$Z2FsZXR0ZS0wLjUtc2FsdA$ZIpMJ2eNeu4YSRKZT/XKWxwamM0WZ6aUApe65x3HG84";
        assert!(verify_password("stored by argon2 0.5", default_cost));
        assert!(!verify_password("stored by argon2 0.6", default_cost));
        assert!(verify_password("custom cost params", custom_cost));
        assert!(!verify_password("custom cost param", custom_cost));
    }

    #[test]
    fn the_same_salt_gives_the_hash_argon2_0_5_gave() {
        let phc = hash_password("stored by argon2 0.5", &mut StdRng::seed_from_u64(10)).unwrap();
        assert_eq!(
            phc,
            "$argon2id$v=19$m=19456,t=2,p=1$3pfYYkpDgSG4ahlWVEvXLg$JrzwqqZnS7p8+38DForGII8jvi3Uk4gRgaDkQsKC2Zw"
        );
    }

    #[test]
    fn fingerprints_are_stable_hex_and_change_with_the_hash() {
        let phc = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA";
        let fingerprint = password_fingerprint(phc);
        assert_eq!(fingerprint, password_fingerprint(phc));
        assert_eq!(fingerprint.len(), 64);
        assert!(
            fingerprint
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        );
        assert_ne!(
            fingerprint,
            password_fingerprint(&phc.replace("aGFzaA", "aGFzaB"))
        );
        assert!(!fingerprint.contains(phc));
    }
}
