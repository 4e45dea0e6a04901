//! The visitor's consent choice and its `cookies_preferences` cookie value.
//!
//! Owns: the value format `v1.<revision>.<granted>.<ts>.<consent_id>.<mac>` and its MAC
//! (`docs/consent.md` C-20), consent ids (C-22), whether a stored choice is still current
//! (C-30, C-32) and what it grants under Global Privacy Control (C-40).
//! Does not own: the cookie's attributes (`necessary_cookies`), the tenant secret (`tenant`)
//! or the log of choices (`consent::log_chain`).

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use rand::Rng;
use sha2::Sha256;

use super::categories::CategorySet;
use crate::registry::Category;

/// How long a choice stays valid: 182 days, the cookie's `Max-Age` (C-21, C-32).
pub const CHOICE_LIFETIME_SECS: i64 = 15_724_800;

/// The only format version galette writes and reads.
const VERSION: &str = "v1";
/// Base64url characters of 128 bits without padding.
const ID_CHARS: usize = 22;
/// Bytes of HMAC-SHA256 kept in the value.
const MAC_BYTES: usize = 16;
/// No valid value comes near this; longer input is refused before any work.
const MAX_VALUE_CHARS: usize = 200;

type HmacSha256 = Hmac<Sha256>;

/// A random id that links the successive choices of one browser (C-22).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ConsentId(String);

impl ConsentId {
    /// A new id of 128 random bits; `rng` must be a CSPRNG in production.
    pub fn generate(rng: &mut impl Rng) -> Self {
        let mut bytes = [0u8; 16];
        rng.fill(&mut bytes);
        Self(URL_SAFE_NO_PAD.encode(bytes))
    }

    /// Reads an id: exactly 22 characters of `A-Z a-z 0-9 _ -`.
    pub fn parse(value: &str) -> Option<Self> {
        is_base64url(value, ID_CHARS).then(|| Self(value.to_owned()))
    }

    /// The id as written in the cookie and the log.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ConsentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One choice as the `cookies_preferences` cookie carries it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsentChoice {
    /// The policy revision the choice was made under.
    pub revision: u64,
    /// The optional categories granted.
    pub granted: CategorySet,
    /// When the choice was made, in unix seconds (never negative).
    pub ts: i64,
    /// The browser's consent id.
    pub consent_id: ConsentId,
}

/// Why a `cookies_preferences` value was refused; every case counts as "no choice" (C-21).
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ChoiceError {
    /// Not six well-formed parts.
    #[error("the consent value is malformed")]
    Format,
    /// A version other than `v1`.
    #[error("the consent value has an unknown version")]
    Version,
    /// The MAC does not match: forged, edited or signed by another tenant.
    #[error("the consent value is not authentic")]
    Mac,
}

/// Whether a stored choice still applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChoiceStatus {
    /// Made under the current consent revision and less than 182 days ago.
    Current,
    /// Made before the last consent-relevant registry edit (C-30).
    Outdated,
    /// Made 182 days ago or more (C-32).
    Expired,
}

/// The cookie value of a choice, signed with the tenant's secret (C-20).
pub fn encode_choice(choice: &ConsentChoice, tenant_secret: &[u8]) -> String {
    let signed = format!(
        "{VERSION}.{}.{}.{}.{}",
        choice.revision,
        choice.granted.to_token(),
        choice.ts,
        choice.consent_id
    );
    let mut mac = keyed_mac(tenant_secret);
    mac.update(signed.as_bytes());
    let tag = mac.finalize().into_bytes();
    let truncated = tag.get(..MAC_BYTES).unwrap_or(&tag);
    format!("{signed}.{}", URL_SAFE_NO_PAD.encode(truncated))
}

/// Reads a cookie value strictly and checks its MAC in constant time.
pub fn decode_choice(value: &str, tenant_secret: &[u8]) -> Result<ConsentChoice, ChoiceError> {
    if value.len() > MAX_VALUE_CHARS {
        return Err(ChoiceError::Format);
    }
    let (signed, mac_text) = value.rsplit_once('.').ok_or(ChoiceError::Format)?;
    let parts: Vec<&str> = signed.split('.').collect();
    let [version, revision, granted, ts, consent_id] = parts.as_slice() else {
        return match parts.first() {
            Some(v) if is_other_version(v) => Err(ChoiceError::Version),
            _ => Err(ChoiceError::Format),
        };
    };
    if *version != VERSION {
        return Err(if is_other_version(version) {
            ChoiceError::Version
        } else {
            ChoiceError::Format
        });
    }
    let revision: u64 = parse_decimal(revision)?;
    let ts: i64 = parse_decimal(ts)?;
    let granted = CategorySet::from_token(granted).ok_or(ChoiceError::Format)?;
    let consent_id = ConsentId::parse(consent_id).ok_or(ChoiceError::Format)?;
    if !is_base64url(mac_text, ID_CHARS) {
        return Err(ChoiceError::Format);
    }
    // The default engine refuses non-zero trailing bits, so each MAC has one spelling only.
    let tag = URL_SAFE_NO_PAD
        .decode(mac_text)
        .map_err(|_| ChoiceError::Mac)?;
    if tag.len() != MAC_BYTES {
        return Err(ChoiceError::Mac);
    }
    let mut mac = keyed_mac(tenant_secret);
    mac.update(signed.as_bytes());
    mac.verify_truncated_left(&tag)
        .map_err(|_| ChoiceError::Mac)?;
    Ok(ConsentChoice {
        revision,
        granted,
        ts,
        consent_id,
    })
}

/// Whether a choice still applies; an expired choice is reported as expired even when it is
/// also outdated, because expiry is what the log records (C-32 `expire`).
pub fn status(choice: &ConsentChoice, consent_revision: u64, now_unix: i64) -> ChoiceStatus {
    if now_unix.saturating_sub(choice.ts) >= CHOICE_LIFETIME_SECS {
        ChoiceStatus::Expired
    } else if choice.revision < consent_revision {
        ChoiceStatus::Outdated
    } else {
        ChoiceStatus::Current
    }
}

/// What a request may use: the current choice's grants (`None` when there is no current
/// choice grants nothing), minus `marketing` when the request carries `Sec-GPC: 1` (C-40).
pub fn effective_granted(stored: Option<CategorySet>, gpc: bool) -> CategorySet {
    let granted = stored.unwrap_or_default();
    if gpc {
        granted.without(Category::Marketing)
    } else {
        granted
    }
}

/// HMAC-SHA256 keyed with the tenant secret.
#[expect(
    clippy::expect_used,
    reason = "HMAC takes keys of any length, so new_from_slice cannot fail"
)]
fn keyed_mac(secret: &[u8]) -> HmacSha256 {
    <HmacSha256 as Mac>::new_from_slice(secret).expect("HMAC accepts any key length")
}

/// `v` followed by digits, but not `v1`: a format this version of galette does not know.
fn is_other_version(part: &str) -> bool {
    part.strip_prefix('v')
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        && part != VERSION
}

/// A canonical decimal: digits only, no sign, no leading zero (so each value has one spelling).
fn parse_decimal<T: std::str::FromStr>(text: &str) -> Result<T, ChoiceError> {
    let is_canonical = !text.is_empty()
        && text.bytes().all(|b| b.is_ascii_digit())
        && (text == "0" || !text.starts_with('0'));
    if !is_canonical {
        return Err(ChoiceError::Format);
    }
    text.parse().map_err(|_| ChoiceError::Format)
}

/// Exactly `len` characters of the base64url alphabet.
fn is_base64url(text: &str, len: usize) -> bool {
    text.len() == len
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

#[cfg(test)]
mod tests {

    use super::*;
    use proptest::prelude::*;
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    const SECRET: &[u8] = b"tenant-secret-of-civis";

    fn sample() -> ConsentChoice {
        ConsentChoice {
            revision: 7,
            granted: CategorySet::empty()
                .with(Category::Functionality)
                .with(Category::Statistics),
            ts: 1_717_171_717,
            consent_id: ConsentId::parse("q3Jx0b2m7w1VbQ6l8k2fZA").unwrap(),
        }
    }

    #[test]
    fn a_choice_round_trips_through_its_cookie_value() {
        let value = encode_choice(&sample(), SECRET);
        assert!(
            value.starts_with("v1.7.functionality-statistics.1717171717.q3Jx0b2m7w1VbQ6l8k2fZA.")
        );
        assert_eq!(decode_choice(&value, SECRET), Ok(sample()));
    }

    /// `^v1\.\d+\.(none|[a-z-]+)\.\d+\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{22}$`, by hand
    /// (the crate has no regex dependency).
    fn has_documented_shape(value: &str) -> bool {
        let parts: Vec<&str> = value.split('.').collect();
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        let id = |s: &str| is_base64url(s, 22);
        matches!(parts.as_slice(), [v, rev, granted, ts, cid, mac]
            if *v == "v1"
                && digits(rev)
                && (*granted == "none"
                    || (!granted.is_empty() && granted.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')))
                && digits(ts)
                && id(cid)
                && id(mac))
    }

    #[test]
    fn values_have_the_documented_shape() {
        let mut rng = StdRng::seed_from_u64(3);
        for granted in [CategorySet::empty(), CategorySet::all_optional()] {
            let choice = ConsentChoice {
                revision: 0,
                granted,
                ts: 0,
                consent_id: ConsentId::generate(&mut rng),
            };
            let value = encode_choice(&choice, SECRET);
            assert!(has_documented_shape(&value), "{value}");
        }
        assert!(!has_documented_shape("v1.7.none.1.short.mac"));
    }

    #[test]
    fn any_single_character_change_is_rejected() {
        let value = encode_choice(&sample(), SECRET);
        let alphabet: Vec<char> =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-+ =/%"
                .chars()
                .collect();
        for (i, original) in value.char_indices() {
            for &c in alphabet.iter().filter(|&&c| c != original) {
                let mut changed = value.clone();
                changed.replace_range(i..=i, &c.to_string());
                assert!(
                    decode_choice(&changed, SECRET).is_err(),
                    "accepted {changed}"
                );
            }
        }
    }

    #[test]
    fn truncated_or_extended_values_are_rejected() {
        let value = encode_choice(&sample(), SECRET);
        for end in 0..value.len() {
            assert!(decode_choice(value.get(..end).unwrap(), SECRET).is_err());
        }
        assert!(decode_choice(&format!("{value}A"), SECRET).is_err());
        assert!(decode_choice(&format!("{value}.x"), SECRET).is_err());
    }

    #[test]
    fn another_tenants_secret_does_not_verify() {
        let value = encode_choice(&sample(), SECRET);
        assert_eq!(
            decode_choice(&value, b"tenant-secret-of-other"),
            Err(ChoiceError::Mac)
        );
    }

    #[test]
    fn an_unknown_version_is_reported_as_such() {
        let value = encode_choice(&sample(), SECRET).replacen("v1", "v2", 1);
        assert_eq!(decode_choice(&value, SECRET), Err(ChoiceError::Version));
        assert_eq!(
            decode_choice("v2.whatever", SECRET),
            Err(ChoiceError::Version)
        );
        assert_eq!(
            decode_choice("x1.1.none.1.a.b", SECRET),
            Err(ChoiceError::Format)
        );
    }

    #[test]
    fn signs_and_leading_zeros_are_refused_even_with_a_valid_mac() {
        for (revision, ts) in [
            ("+7", "1"),
            ("07", "1"),
            ("7", "-1"),
            ("7", "01"),
            ("", "1"),
        ] {
            let signed = format!("v1.{revision}.none.{ts}.q3Jx0b2m7w1VbQ6l8k2fZA");
            let mut mac = keyed_mac(SECRET);
            mac.update(signed.as_bytes());
            let tag = mac.finalize().into_bytes();
            let value = format!("{signed}.{}", URL_SAFE_NO_PAD.encode(&tag[..16]));
            assert_eq!(
                decode_choice(&value, SECRET),
                Err(ChoiceError::Format),
                "{value}"
            );
        }
    }

    #[test]
    fn consent_ids_are_22_base64url_characters() {
        let mut rng = StdRng::seed_from_u64(9);
        let id = ConsentId::generate(&mut rng);
        assert_eq!(id.as_str().len(), 22);
        assert_eq!(ConsentId::parse(id.as_str()), Some(id.clone()));
        assert_ne!(ConsentId::generate(&mut rng), id);
        assert_eq!(ConsentId::parse("q3Jx0b2m7w1VbQ6l8k2fZ"), None);
        assert_eq!(ConsentId::parse("q3Jx0b2m7w1VbQ6l8k2fZA="), None);
        assert_eq!(ConsentId::parse("q3Jx0b2m7w1VbQ6l8k2f+A"), None);
    }

    #[test]
    fn a_choice_under_the_current_revision_is_current_until_182_days() {
        let choice = sample();
        assert_eq!(status(&choice, 7, choice.ts), ChoiceStatus::Current);
        assert_eq!(status(&choice, 6, choice.ts), ChoiceStatus::Current);
        let last_second = choice.ts + CHOICE_LIFETIME_SECS - 1;
        assert_eq!(status(&choice, 7, last_second), ChoiceStatus::Current);
        assert_eq!(status(&choice, 7, last_second + 1), ChoiceStatus::Expired);
    }

    #[test]
    fn a_choice_before_the_consent_revision_is_outdated() {
        let choice = sample();
        assert_eq!(status(&choice, 8, choice.ts + 10), ChoiceStatus::Outdated);
    }

    #[test]
    fn expiry_wins_over_an_outdated_revision() {
        let choice = sample();
        let late = choice.ts + CHOICE_LIFETIME_SECS;
        assert_eq!(status(&choice, 8, late), ChoiceStatus::Expired);
    }

    #[test]
    fn gpc_removes_marketing_and_no_choice_grants_nothing() {
        let all = CategorySet::all_optional();
        assert_eq!(effective_granted(Some(all), false), all);
        assert_eq!(
            effective_granted(Some(all), true),
            all.without(Category::Marketing)
        );
        assert_eq!(effective_granted(None, false), CategorySet::empty());
        assert_eq!(effective_granted(None, true), CategorySet::empty());
    }

    proptest! {
        #[test]
        fn decoding_never_panics_on_arbitrary_text(text in any::<String>()) {
            let _ = decode_choice(&text, SECRET);
        }

        #[test]
        fn decoding_never_panics_on_near_valid_text(text in "v[0-9]\\.[0-9+-]{0,21}\\.[a-z-]{0,40}\\.[0-9-]{0,20}\\.[A-Za-z0-9_-]{20,23}\\.[A-Za-z0-9_=-]{20,24}") {
            let _ = decode_choice(&text, SECRET);
        }

        #[test]
        fn arbitrary_choices_round_trip(
            revision in any::<u64>(),
            bits in 0u8..8,
            ts in 0..=i64::MAX,
            seed in any::<u64>(),
            secret in proptest::collection::vec(any::<u8>(), 0..80),
        ) {
            let granted: CategorySet = super::super::categories::OPTIONAL
                .into_iter()
                .enumerate()
                .filter(|(i, _)| bits & (1 << i) != 0)
                .map(|(_, c)| c)
                .collect();
            let choice = ConsentChoice {
                revision,
                granted,
                ts,
                consent_id: ConsentId::generate(&mut StdRng::seed_from_u64(seed)),
            };
            let value = encode_choice(&choice, &secret);
            prop_assert_eq!(decode_choice(&value, &secret), Ok(choice));
        }
    }
}
