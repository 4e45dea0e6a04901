//! Session ids: minting them and screening the ones clients present.
//!
//! Owns: the id format of `docs/cookies.md` S-1 (32 characters of
//! `a-z0-9` from a CSPRNG) and the "too short means absent" rule.
//! Does not own: uniqueness in the store, loading or expiry (`galette-store`).

use rand::Rng;

/// The symbols of a session id, as Django's `VALID_KEY_CHARS`.
const KEY_CHARS: &[u8; 36] = b"abcdefghijklmnopqrstuvwxyz0123456789";
/// Length of the ids galette mints.
const KEY_LENGTH: usize = 32;
/// Shortest id a client may present; shorter ones are treated as absent (S-1).
const MIN_PRESENTED_LENGTH: usize = 8;
/// Longest id worth looking up; anything longer cannot be one galette minted.
const MAX_PRESENTED_LENGTH: usize = 64;

/// A new 32-character session id; `rng` must be a CSPRNG in production (S-1).
pub fn generate_session_key(rng: &mut impl Rng) -> String {
    (0..KEY_LENGTH)
        .map(|_| {
            let index = rng.random_range(0..KEY_CHARS.len());
            KEY_CHARS.get(index).map_or('a', |&b| char::from(b))
        })
        .collect()
}

/// Whether a presented `sessionid` is worth looking up: 8 to 64 of `a-z0-9`.
pub fn is_plausible_session_key(v: &str) -> bool {
    (MIN_PRESENTED_LENGTH..=MAX_PRESENTED_LENGTH).contains(&v.len())
        && v.bytes().all(|b| KEY_CHARS.contains(&b))
}

#[cfg(test)]
mod tests {

    use super::*;
    use proptest::prelude::*;
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    #[test]
    fn generated_keys_are_32_lowercase_letters_and_digits() {
        let mut rng = StdRng::seed_from_u64(1);
        let key = generate_session_key(&mut rng);
        assert_eq!(key.len(), 32);
        assert!(
            key.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        );
        assert!(is_plausible_session_key(&key));
    }

    #[test]
    fn generated_keys_differ() {
        let mut rng = StdRng::seed_from_u64(2);
        assert_ne!(
            generate_session_key(&mut rng),
            generate_session_key(&mut rng)
        );
    }

    #[test]
    fn keys_shorter_than_8_characters_are_not_plausible() {
        assert!(!is_plausible_session_key(""));
        assert!(!is_plausible_session_key("abc1234"));
        assert!(is_plausible_session_key("abc12345"));
    }

    #[test]
    fn keys_longer_than_64_characters_are_not_plausible() {
        assert!(is_plausible_session_key(&"a".repeat(64)));
        assert!(!is_plausible_session_key(&"a".repeat(65)));
    }

    #[test]
    fn keys_with_other_characters_are_not_plausible() {
        for bad in [
            "ABCDEFGHIJ",
            "abcdefgh-",
            "abcd efgh",
            "abcdéfgh",
            "abcdefgh\0",
        ] {
            assert!(!is_plausible_session_key(bad), "{bad:?}");
        }
    }

    proptest! {
        #[test]
        fn every_seed_gives_a_plausible_key(seed in any::<u64>()) {
            let mut rng = StdRng::seed_from_u64(seed);
            prop_assert!(is_plausible_session_key(&generate_session_key(&mut rng)));
        }
    }
}
