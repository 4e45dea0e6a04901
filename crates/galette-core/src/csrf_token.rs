//! The `csrftoken` cookie's secret and Django's masked-token scheme.
//!
//! Owns: minting the secret, masking and unmasking, the token comparison and the
//! Origin/Referer checks for unsafe requests, with Django's exact failure reasons
//! (`docs/cookies.md` ).
//! Does not own: the cookie's attributes (`necessary_cookies`), which requests are
//! checked, or where the token is read from (the HTTP crate).

use std::fmt;

use rand::Rng;
use subtle::ConstantTimeEq;

mod origin_check;

pub use origin_check::{check_origin, check_referer};

/// The characters of secrets, masks and tokens; the order defines each one's index.
pub const CSRF_ALLOWED_CHARS: &str =
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
/// Length of a secret, the cookie value (`CSRF_SECRET_LENGTH`).
pub const CSRF_SECRET_LENGTH: usize = 32;
/// Length of a masked token, mask then cipher (`CSRF_TOKEN_LENGTH`).
pub const CSRF_TOKEN_LENGTH: usize = 64;
/// Size of the alphabet; all index arithmetic is modulo this.
const ALPHABET_SIZE: u8 = 62;
/// Random bytes below this bound, taken modulo [`ALPHABET_SIZE`], are uniform indices.
const UNBIASED_BELOW: u8 = 4 * ALPHABET_SIZE;

/// Why an unsafe request was refused; `Display` is Django's reason string, word for word.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CsrfFailure {
    /// The request carried no `csrftoken` cookie.
    #[error("CSRF cookie not set.")]
    CookieNotSet,
    /// The cookie is neither 32 nor 64 characters long.
    #[error("CSRF cookie has incorrect length.")]
    CookieIncorrectLength,
    /// The cookie has the right length but a character outside the alphabet.
    #[error("CSRF cookie has invalid characters.")]
    CookieInvalidCharacters,
    /// Neither the form field nor the header carried a token.
    #[error("CSRF token missing.")]
    TokenMissing,
    /// The submitted token is neither 32 nor 64 characters long.
    #[error("CSRF token from {0} has incorrect length.")]
    TokenIncorrectLength(TokenSource),
    /// The submitted token has a character outside the alphabet.
    #[error("CSRF token from {0} has invalid characters.")]
    TokenInvalidCharacters(TokenSource),
    /// The submitted token is well-formed but does not match the cookie's secret.
    #[error("CSRF token from {0} incorrect.")]
    TokenIncorrect(TokenSource),
    /// The `Origin` header (kept verbatim) is neither this host nor a trusted origin.
    #[error("Origin checking failed - {0} does not match any trusted origins.")]
    BadOrigin(String),
    /// An HTTPS request came with neither `Origin` nor `Referer`.
    #[error("Referer checking failed - no Referer.")]
    NoReferer,
    /// The `Referer` lacks a scheme or a host, or cannot be parsed.
    #[error("Referer checking failed - Referer is malformed.")]
    MalformedReferer,
    /// The `Referer` is not `https` while the request is.
    #[error("Referer checking failed - Referer is insecure while host is secure.")]
    InsecureReferer,
    /// The `Referer` (as Python re-joins it) is neither this host nor a trusted one.
    #[error("Referer checking failed - {0} does not match any trusted origins.")]
    BadReferer(String),
}

/// Where the submitted token came from, which Django names in its reasons.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum TokenSource {
    /// The `csrfmiddlewaretoken` form field of a POST body.
    PostField,
    /// The `X-CSRFToken` request header.
    Header,
}

impl fmt::Display for TokenSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TokenSource::PostField => f.write_str("POST"),
            TokenSource::Header => f.write_str("the 'X-Csrftoken' HTTP header"),
        }
    }
}

/// The unmasked 32-character secret that the `csrftoken` cookie holds.
#[derive(Clone)]
pub struct CsrfSecret(String);

impl CsrfSecret {
    /// Draws a new secret from `rng`, which must be a CSPRNG in production.
    pub fn generate(rng: &mut impl Rng) -> CsrfSecret {
        let secret = (0..CSRF_SECRET_LENGTH)
            .map(|_| char_at(rng.random_range(0..ALPHABET_SIZE)))
            .collect();
        CsrfSecret(secret)
    }

    /// Reads a `csrftoken` cookie value: 32 characters as is, 64 unmasked.
    pub fn from_cookie(value: &str) -> Result<CsrfSecret, CsrfFailure> {
        match check_format(value) {
            Err(FormatError::IncorrectLength) => Err(CsrfFailure::CookieIncorrectLength),
            Err(FormatError::InvalidCharacters) => Err(CsrfFailure::CookieInvalidCharacters),
            Ok(()) if value.len() == CSRF_TOKEN_LENGTH => unmask(value)
                .map(CsrfSecret)
                .ok_or(CsrfFailure::CookieIncorrectLength),
            Ok(()) => Ok(CsrfSecret(value.to_owned())),
        }
    }

    /// The 32-character value to send in the `csrftoken` cookie.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A fresh 64-character masked token for a page or an API response.
    pub fn mask(&self, rng: &mut impl Rng) -> String {
        // Built as bytes (all ASCII) and checked once: pushing 64 chars one by one cost
        // more than drawing the mask. The mask's 32 indices come from random bytes drawn
        // in one call, each byte below 248 (4 × 62) taken modulo 62 so that every index
        // is equally likely; a byte above is drawn again (3% of them).
        let mut token = [0u8; CSRF_TOKEN_LENGTH];
        let (mask, cipher) = token.split_at_mut(CSRF_SECRET_LENGTH);
        let mut drawn = [0u8; CSRF_TOKEN_LENGTH];
        let mut next = drawn.len();
        for ((m, c), s) in mask.iter_mut().zip(cipher.iter_mut()).zip(self.0.bytes()) {
            let index = loop {
                if next == drawn.len() {
                    rng.fill_bytes(&mut drawn);
                    next = 0;
                }
                let byte = drawn.get(next).copied().unwrap_or(u8::MAX);
                next += 1;
                if byte < UNBIASED_BELOW {
                    break byte % ALPHABET_SIZE;
                }
            };
            *m = byte_at(index);
            *c = byte_at((index_of(s) + index) % ALPHABET_SIZE);
        }
        String::from_utf8(token.to_vec()).unwrap_or_default()
    }

    /// The token for a given mask, for test vectors; `None` unless the mask is 32 alphabet characters.
    pub fn mask_with(&self, mask: &str) -> Option<String> {
        if mask.len() != CSRF_SECRET_LENGTH || !mask.bytes().all(is_alphabet_byte) {
            return None;
        }
        let cipher: String = self
            .0
            .bytes()
            .zip(mask.bytes())
            .map(|(s, m)| char_at((index_of(s) + index_of(m)) % ALPHABET_SIZE))
            .collect();
        Some(format!("{mask}{cipher}"))
    }
}

impl fmt::Debug for CsrfSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CsrfSecret(..)")
    }
}

impl PartialEq for CsrfSecret {
    fn eq(&self, other: &Self) -> bool {
        self.0.as_bytes().ct_eq(other.0.as_bytes()).into()
    }
}

impl Eq for CsrfSecret {}

/// The secret inside a well-formed 64-character token; `None` for anything else.
pub fn unmask(token: &str) -> Option<String> {
    if token.len() != CSRF_TOKEN_LENGTH || !token.bytes().all(is_alphabet_byte) {
        return None;
    }
    let (mask, cipher) = token.split_at_checked(CSRF_SECRET_LENGTH)?;
    let secret = cipher
        .bytes()
        .zip(mask.bytes())
        .map(|(c, m)| char_at((index_of(c) + ALPHABET_SIZE - index_of(m)) % ALPHABET_SIZE))
        .collect();
    Some(secret)
}

/// Compares a submitted token with the cookie's secret (X-13 steps 2 to 4).
///
/// `token` is the form field when present and non-empty, otherwise the header.
/// An empty token counts as missing.
pub fn check_token(
    secret: &CsrfSecret,
    token: Option<&str>,
    source: TokenSource,
) -> Result<(), CsrfFailure> {
    let token = token
        .filter(|t| !t.is_empty())
        .ok_or(CsrfFailure::TokenMissing)?;
    check_format(token).map_err(|error| match error {
        FormatError::IncorrectLength => CsrfFailure::TokenIncorrectLength(source),
        FormatError::InvalidCharacters => CsrfFailure::TokenInvalidCharacters(source),
    })?;
    let candidate = if token.len() == CSRF_TOKEN_LENGTH {
        unmask(token).ok_or(CsrfFailure::TokenIncorrect(source))?
    } else {
        token.to_owned()
    };
    if bool::from(candidate.as_bytes().ct_eq(secret.0.as_bytes())) {
        Ok(())
    } else {
        Err(CsrfFailure::TokenIncorrect(source))
    }
}

/// The two ways a cookie or token can be malformed.
enum FormatError {
    IncorrectLength,
    InvalidCharacters,
}

/// X-5, with the length counted in characters as Python does.
fn check_format(value: &str) -> Result<(), FormatError> {
    let length = value.chars().count();
    if length != CSRF_SECRET_LENGTH && length != CSRF_TOKEN_LENGTH {
        return Err(FormatError::IncorrectLength);
    }
    if !value.bytes().all(is_alphabet_byte) {
        return Err(FormatError::InvalidCharacters);
    }
    Ok(())
}

/// Whether `b` is in [`CSRF_ALLOWED_CHARS`] (exactly the ASCII letters and digits).
fn is_alphabet_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

/// Index of an alphabet byte; only called on bytes already known to be in the alphabet.
fn index_of(b: u8) -> u8 {
    match b {
        b'a'..=b'z' => b - b'a',
        b'A'..=b'Z' => b - b'A' + 26,
        b'0'..=b'9' => b - b'0' + 52,
        _ => 0,
    }
}

/// The alphabet character at `index` (taken modulo 62).
fn char_at(index: u8) -> char {
    char::from(byte_at(index))
}

/// The alphabet byte at `index` (taken modulo 62).
fn byte_at(index: u8) -> u8 {
    let index = index % ALPHABET_SIZE;
    match index {
        0..=25 => b'a' + index,
        26..=51 => b'A' + (index - 26),
        _ => b'0' + (index - 52),
    }
}

#[cfg(test)]
mod tests {

    use super::*;
    use proptest::prelude::*;
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    /// The four vectors of §7: (secret, mask, token).
    const VECTORS: [(&str, &str, &str); 4] = [
        (
            "abcdefghijklmnopqrstuvwxyzABCDEF",
            "0123456789ABCDEFGHIJKLMNOPQRSTUV",
            "0123456789ABCDEFGHIJKLMNOPQRSTUV02468acegiKMOQSUWY02468acegikmoq",
        ),
        (
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        ),
        (
            "99999999999999999999999999999999",
            "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
            "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        ),
        (
            "Z9aZ9aZ9aZ9aZ9aZ9aZ9aZ9aZ9aZ9aZ9",
            "9876543210zyxwvutsrqponmlkjihgfe",
            "9876543210zyxwvutsrqponmlkjihgfeY77V44S11Pyymvvjssgppdmmajj7gg4d",
        ),
    ];

    fn secret(value: &str) -> CsrfSecret {
        CsrfSecret::from_cookie(value).unwrap()
    }

    fn assert_vector(number: usize) {
        let (plain, mask, token) = VECTORS[number - 1];
        assert_eq!(secret(plain).mask_with(mask).as_deref(), Some(token));
        assert_eq!(unmask(token).as_deref(), Some(plain));
        assert_eq!(
            check_token(&secret(plain), Some(token), TokenSource::PostField),
            Ok(())
        );
    }

    #[test]
    fn masking_vector_one_matches_django() {
        assert_vector(1);
    }

    #[test]
    fn masking_vector_two_matches_django() {
        assert_vector(2);
    }

    #[test]
    fn masking_vector_three_wraps_around_like_django() {
        assert_vector(3);
    }

    #[test]
    fn masking_vector_four_matches_django() {
        assert_vector(4);
    }

    #[test]
    fn the_alphabet_is_lower_then_upper_then_digits() {
        let rebuilt: String = (0..62).map(char_at).collect();
        assert_eq!(rebuilt, CSRF_ALLOWED_CHARS);
        assert!(
            CSRF_ALLOWED_CHARS
                .bytes()
                .enumerate()
                .all(|(i, b)| usize::from(index_of(b)) == i)
        );
    }

    #[test]
    fn a_token_with_one_mask_character_changed_is_rejected() {
        for (plain, _, token) in VECTORS {
            let mut bytes = token.as_bytes().to_vec();
            bytes[5] = if bytes[5] == b'x' { b'y' } else { b'x' };
            let tampered = String::from_utf8(bytes).unwrap();
            assert_ne!(unmask(&tampered).as_deref(), Some(plain));
            assert_eq!(
                check_token(&secret(plain), Some(&tampered), TokenSource::PostField),
                Err(CsrfFailure::TokenIncorrect(TokenSource::PostField))
            );
        }
    }

    #[test]
    fn the_32_character_cookie_value_is_accepted_as_a_token() {
        let (plain, _, _) = VECTORS[0];
        assert_eq!(
            check_token(&secret(plain), Some(plain), TokenSource::Header),
            Ok(())
        );
    }

    #[test]
    fn a_64_character_cookie_is_unmasked_to_its_secret() {
        let (plain, _, token) = VECTORS[3];
        let from_old_cookie = CsrfSecret::from_cookie(token).unwrap();
        assert_eq!(from_old_cookie.as_str(), plain);
        assert_eq!(from_old_cookie, secret(plain));
    }

    #[test]
    fn generated_secrets_are_32_alphabet_characters_and_differ() {
        let mut rng = StdRng::seed_from_u64(7);
        let first = CsrfSecret::generate(&mut rng);
        let second = CsrfSecret::generate(&mut rng);
        assert_eq!(first.as_str().len(), CSRF_SECRET_LENGTH);
        assert!(first.as_str().bytes().all(is_alphabet_byte));
        assert_ne!(first, second);
    }

    #[test]
    fn each_masking_uses_a_fresh_mask_yet_unmasks_to_the_secret() {
        let mut rng = StdRng::seed_from_u64(8);
        let secret = CsrfSecret::generate(&mut rng);
        let first = secret.mask(&mut rng);
        let second = secret.mask(&mut rng);
        assert_ne!(first, second);
        assert_eq!(first.len(), CSRF_TOKEN_LENGTH);
        assert_eq!(unmask(&first).as_deref(), Some(secret.as_str()));
        assert_eq!(unmask(&second).as_deref(), Some(secret.as_str()));
        // The token is its mask followed by the cipher of the secret under that mask.
        assert_eq!(secret.mask_with(&first[..CSRF_SECRET_LENGTH]), Some(first));
    }

    #[test]
    fn every_mask_character_is_equally_likely() {
        // 2,000 masks: 64,000 characters, about 1,032 of each. Taking random bytes modulo
        // 62 without drawing again above 248 would give the first eight characters 1,250.
        let mut rng = StdRng::seed_from_u64(62);
        let secret = CsrfSecret::generate(&mut rng);
        let mut counts = [0u32; ALPHABET_SIZE as usize];
        for _ in 0..2_000 {
            for b in secret.mask(&mut rng).bytes().take(CSRF_SECRET_LENGTH) {
                counts[usize::from(index_of(b))] += 1;
            }
        }
        for (index, count) in counts.iter().enumerate() {
            assert!((880..1190).contains(count), "{index}: {count}");
        }
    }

    #[test]
    fn debug_output_hides_the_secret() {
        let (plain, _, _) = VECTORS[0];
        assert!(!format!("{:?}", secret(plain)).contains(plain));
    }

    #[test]
    fn mask_with_and_unmask_refuse_malformed_input() {
        let (plain, mask, token) = VECTORS[0];
        assert_eq!(secret(plain).mask_with(&mask[1..]), None);
        assert_eq!(
            secret(plain).mask_with("-123456789ABCDEFGHIJKLMNOPQRSTUV"),
            None
        );
        assert_eq!(unmask(plain), None);
        assert_eq!(unmask(&token.replace('0', "-")), None);
    }

    #[test]
    fn malformed_cookies_give_djangos_reasons() {
        let short = CsrfSecret::from_cookie("abc").unwrap_err();
        assert_eq!(short.to_string(), "CSRF cookie has incorrect length.");
        assert_eq!(
            CsrfSecret::from_cookie("").unwrap_err(),
            CsrfFailure::CookieIncorrectLength
        );
        let bad = CsrfSecret::from_cookie(&"-".repeat(32)).unwrap_err();
        assert_eq!(bad.to_string(), "CSRF cookie has invalid characters.");
        let accented = CsrfSecret::from_cookie(&"é".repeat(32)).unwrap_err();
        assert_eq!(accented, CsrfFailure::CookieInvalidCharacters);
        assert_eq!(
            CsrfFailure::CookieNotSet.to_string(),
            "CSRF cookie not set."
        );
    }

    #[test]
    fn a_missing_or_empty_token_is_reported_missing() {
        let (plain, _, _) = VECTORS[0];
        for token in [None, Some("")] {
            let failure = check_token(&secret(plain), token, TokenSource::PostField).unwrap_err();
            assert_eq!(failure.to_string(), "CSRF token missing.");
        }
    }

    #[test]
    fn token_failures_name_their_source_like_django() {
        let (plain, _, _) = VECTORS[0];
        let s = secret(plain);
        let reason = |token: &str, source| {
            check_token(&s, Some(token), source)
                .unwrap_err()
                .to_string()
        };
        let wrong = "b".repeat(32);
        let invalid = "!".repeat(64);
        assert_eq!(
            reason("abc", TokenSource::PostField),
            "CSRF token from POST has incorrect length."
        );
        assert_eq!(
            reason(&invalid, TokenSource::PostField),
            "CSRF token from POST has invalid characters."
        );
        assert_eq!(
            reason(&wrong, TokenSource::PostField),
            "CSRF token from POST incorrect."
        );
        assert_eq!(
            reason("abc", TokenSource::Header),
            "CSRF token from the 'X-Csrftoken' HTTP header has incorrect length."
        );
        assert_eq!(
            reason(&invalid, TokenSource::Header),
            "CSRF token from the 'X-Csrftoken' HTTP header has invalid characters."
        );
        assert_eq!(
            reason(&wrong, TokenSource::Header),
            "CSRF token from the 'X-Csrftoken' HTTP header incorrect."
        );
    }

    proptest! {
        #[test]
        fn mask_then_unmask_gives_back_the_secret(seed in any::<u64>()) {
            let mut rng = StdRng::seed_from_u64(seed);
            let secret = CsrfSecret::generate(&mut rng);
            let token = secret.mask(&mut rng);
            let unmasked = unmask(&token);
            prop_assert_eq!(unmasked.as_deref(), Some(secret.as_str()));
            prop_assert_eq!(check_token(&secret, Some(&token), TokenSource::Header), Ok(()));
        }

        #[test]
        fn check_token_never_panics(token in any::<String>(), alphabet_token in "[a-zA-Z0-9]{30,66}") {
            let secret = CsrfSecret::from_cookie(VECTORS[0].0).unwrap();
            let _ = check_token(&secret, Some(&token), TokenSource::PostField);
            let _ = check_token(&secret, Some(&alphabet_token), TokenSource::Header);
            let _ = CsrfSecret::from_cookie(&token);
        }

    }
}
