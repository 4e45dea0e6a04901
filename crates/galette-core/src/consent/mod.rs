//! Consent: what a visitor granted, the proof of it, and what the server lets through.
//!
//! Owns the pure rules of `docs/consent.md` §4: the `cookies_preferences` value (C-20…C-22),
//! re-consent and expiry (C-30, C-32), GPC (C-40), the hash-chained consent log (C-25…C-28),
//! the Set-Cookie guard's decisions (C-50, C-55) and the Content-Security-Policy (C-60).
//! Does not own: HTTP, storage or the clock; callers apply these rules.

pub mod categories;
pub mod choice;
pub mod csp;
pub mod enforcement;
pub(crate) mod hex;
pub mod log_chain;
pub mod pseudonym;

pub use categories::{CategorySet, OPTIONAL};
pub use choice::{
    CHOICE_LIFETIME_SECS, ChoiceError, ChoiceStatus, ConsentChoice, ConsentId, decode_choice,
    effective_granted, encode_choice, status,
};
pub use csp::{content_security_policy, granted};
pub use enforcement::{
    CookieVerdict, expire_cookie_header, judge_cookie, revoked_cookies, set_cookie_name,
};
pub use log_chain::{
    ChainError, ChainSummary, ConsentAction, ConsentRecord, ConsentSource, GENESIS, NewRecord,
    canonical_json, jsonl_line, parse_jsonl, record_hash, registry_digest, seal, verify_chain,
    verify_segment,
};
pub use pseudonym::user_pseudonym;
