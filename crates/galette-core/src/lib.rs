//! galette's product rules, free of HTTP, SQL, clocks and I/O.
//!
//! Owns: host names, languages and their resolution, the necessary cookies' wire
//! format, session ids, Django's CSRF token scheme, safe redirect targets and password
//! hashing. Time and randomness always come in as parameters.
//! See `docs/cookies.md` for the rules (G-, A-, S-, X-, L-) cited here.

pub mod api_key;
pub mod canonical_json;
pub mod consent;
pub mod cookie_header;
pub mod csrf_token;
pub mod dataset;
pub mod demo;
pub mod explore;
pub mod hostname;
pub mod keyed_digest;
pub mod language;
pub mod necessary_cookies;
pub mod news;
pub mod password;
pub mod policy;
pub mod quota;
pub mod redirect;
pub mod registry;
pub mod session_key;
pub mod stats;
pub mod tenant;
pub mod throttle;
pub mod time;
pub mod url_split;
