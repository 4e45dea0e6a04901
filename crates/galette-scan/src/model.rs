//! The scan report: what was observed in each consent state, what was wrong, and how the run
//! was made. Field names are stable; `docs/scan-report.schema.json` documents them.
//!
//! Owns: the report's data types and the consent states. Cookie values are never recorded.

use galette_core::registry::{Category, Party};
use serde::{Deserialize, Serialize};

/// The report format identifier, bumped when a field changes meaning.
pub const REPORT_FORMAT: &str = "galette-scan-report/1";

/// A consent state the site is crawled in, each with a fresh browser profile.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConsentState {
    /// The banner is left alone.
    NoChoice,
    /// "Reject all" was clicked.
    RejectAll,
    /// "Accept all" was clicked.
    AcceptAll,
    /// Only this optional category was granted (galette's preference centre).
    Only(Category),
}

impl ConsentState {
    /// The stable code used in reports: `no_choice`, `reject_all`, `accept_all`, `only_<category>`.
    pub fn code(self) -> String {
        match self {
            Self::NoChoice => "no_choice".to_owned(),
            Self::RejectAll => "reject_all".to_owned(),
            Self::AcceptAll => "accept_all".to_owned(),
            Self::Only(c) => format!("only_{}", c.code()),
        }
    }

    /// The categories a visitor allowed in this state (necessary always).
    pub fn allowed(self) -> Vec<Category> {
        match self {
            Self::NoChoice | Self::RejectAll => vec![Category::Necessary],
            Self::AcceptAll => Category::ALL.to_vec(),
            Self::Only(c) => vec![Category::Necessary, c],
        }
    }
}

/// The whole report.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// Always [`REPORT_FORMAT`].
    pub format: String,
    /// How the run was made.
    pub run: RunRecord,
    /// Where the policy came from and what it declares.
    pub policy: PolicyRecord,
    /// Counts, and whether the site is clean.
    pub summary: Summary,
    /// Every finding, in state order.
    pub findings: Vec<Finding>,
    /// What each consent state observed.
    pub states: Vec<StateRecord>,
    /// The Ed25519 signature over the canonical JSON of the report without this field.
    pub signature: Option<Signature>,
    /// The HAR 1.2 document of the run, when asked for; written to its own file, never part
    /// of the report or its signature.
    #[serde(skip)]
    pub har: Option<serde_json::Value>,
}

/// The run itself: versions, times, target and every option.
#[derive(Clone, Debug, Serialize)]
pub struct RunRecord {
    /// The scanner (`galette`) version.
    pub galette_version: String,
    /// Chromium's product string from `Browser.getVersion` (e.g. `Chrome/156.0…`).
    pub browser_product: String,
    /// Chromium's user agent.
    pub browser_user_agent: String,
    /// The DevTools protocol version.
    pub protocol_version: String,
    /// Start, RFC 3339 UTC.
    pub started_at: String,
    /// End, RFC 3339 UTC.
    pub finished_at: String,
    /// The URL the crawl started from.
    pub url: String,
    /// Whether the site is a galette portal (its banner was clicked without configuration).
    pub is_galette_site: bool,
    /// Every option the scan ran with.
    pub options: OptionsRecord,
}

/// The options of the run, as given.
#[derive(Clone, Debug, Serialize)]
pub struct OptionsRecord {
    /// Pages per state at most.
    pub pages: usize,
    /// Link depth from the start URL at most.
    pub depth: usize,
    /// `--policy`, if given.
    pub policy: Option<String>,
    /// `--accept`, if given.
    pub accept_selector: Option<String>,
    /// `--reject`, if given.
    pub reject_selector: Option<String>,
    /// The browser executable.
    pub chromium: String,
    /// Page load timeout, seconds.
    pub timeout_seconds: u64,
    /// Whether requests outside loopback were failed before leaving the machine.
    pub block_external: bool,
    /// Whether a HAR file was recorded.
    pub har: bool,
    /// Lifetime tolerance: a cookie may outlive its declaration by this percentage…
    pub lifetime_tolerance_percent: u64,
    /// …plus this many seconds.
    pub lifetime_tolerance_seconds: u64,
}

/// The policy compared against.
#[derive(Clone, Debug, Serialize)]
pub struct PolicyRecord {
    /// URL or file it was read from.
    pub source: String,
    /// SHA-256 of its bytes, hex.
    pub sha256: String,
    /// The site name it states.
    pub site: Option<String>,
    /// Its revision.
    pub revision: Option<u64>,
    /// Declared cookie rows (wildcards included).
    pub declared_cookies: usize,
    /// Declared third-party origins.
    pub declared_origins: Vec<String>,
}

/// Counts over the whole report.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Summary {
    /// No finding at all.
    pub is_clean: bool,
    /// Number of findings.
    pub findings: usize,
    /// Consent states crawled.
    pub states: usize,
    /// Pages visited over all states.
    pub pages: usize,
    /// Distinct cookie names seen.
    pub cookies: usize,
    /// Distinct third-party origins contacted.
    pub third_party_origins: usize,
}

/// What one consent state observed.
#[derive(Clone, Debug, Default, Serialize)]
pub struct StateRecord {
    /// The state's code ([`ConsentState::code`]).
    pub state: String,
    /// Categories allowed in this state.
    pub allowed_categories: Vec<Category>,
    /// Whether the consent action was taken (false for `no_choice`).
    pub is_consent_applied: bool,
    /// How (which selector or form), or why not.
    pub consent_note: String,
    /// Pages visited, in crawl order.
    pub pages: Vec<PageVisit>,
    /// Cookies stored at the end of the state.
    pub cookies: Vec<StoredCookie>,
    /// Every `Set-Cookie` header seen.
    pub set_cookies: Vec<CookieWrite>,
    /// Every `document.cookie` write seen.
    pub script_cookies: Vec<CookieWrite>,
    /// localStorage and sessionStorage keys.
    pub storage: Vec<StorageKey>,
    /// Requests to third-party origins.
    pub third_party_requests: Vec<ThirdPartyRequest>,
}

/// A visited page.
#[derive(Clone, Debug, Serialize)]
pub struct PageVisit {
    /// Its URL.
    pub url: String,
    /// Link depth from the start URL.
    pub depth: usize,
    /// Why it failed to load, if it did.
    pub error: Option<String>,
}

/// A cookie in the browser's jar at the end of a state.
#[derive(Clone, Debug, Serialize)]
pub struct StoredCookie {
    /// Name (never the value).
    pub name: String,
    /// Domain (leading dot for domain cookies).
    pub domain: String,
    /// Path.
    pub path: String,
    /// Expiry, Unix seconds; `None` for a session cookie.
    pub expires: Option<i64>,
    /// Seconds left when observed; `None` for a session cookie.
    pub lifetime_seconds: Option<i64>,
    /// `Secure`.
    pub secure: bool,
    /// `HttpOnly`.
    pub http_only: bool,
    /// `SameSite` (`strict`, `lax`, `none`), `None` when unspecified.
    pub same_site: Option<String>,
    /// First or third party to the scanned site.
    pub party: Party,
}

/// A cookie written by a response header or by a script.
#[derive(Clone, Debug, Serialize)]
pub struct CookieWrite {
    /// Name (never the value).
    pub name: String,
    /// `Domain` attribute, when given.
    pub domain: Option<String>,
    /// Lifetime the write asks for, seconds (`Max-Age`, or `Expires` minus now); `None` for a
    /// session cookie.
    pub lifetime_seconds: Option<i64>,
    /// `Secure`.
    pub secure: bool,
    /// `HttpOnly`.
    pub http_only: bool,
    /// `SameSite`, when given.
    pub same_site: Option<String>,
    /// Whether the write deletes the cookie (expiry in the past).
    pub is_deletion: bool,
    /// The page open when it happened.
    pub page: String,
    /// The request whose response set it, or the script that wrote it.
    pub source: Option<String>,
    /// The script stack, for `document.cookie` writes.
    pub stack: Vec<String>,
    /// First or third party to the scanned site.
    pub party: Party,
    /// Whether it happened before the state's consent action.
    pub is_before_consent: bool,
}

/// A storage key.
#[derive(Clone, Debug, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct StorageKey {
    /// `local` or `session`.
    pub kind: String,
    /// The origin owning it.
    pub origin: String,
    /// The key (never the value).
    pub key: String,
}

/// A request to a third-party origin.
#[derive(Clone, Debug, Serialize)]
pub struct ThirdPartyRequest {
    /// The origin contacted.
    pub origin: String,
    /// The full URL.
    pub url: String,
    /// CDP resource type (`Document`, `Script`, `Image`, `Ping`, …).
    pub resource_type: String,
    /// The page open when it happened.
    pub page: String,
    /// The initiator: `parser`, `script`, …
    pub initiator_type: String,
    /// The script or document that caused it.
    pub initiator_url: Option<String>,
    /// The script stack that caused it (`url:line:column` frames).
    pub initiator_stack: Vec<String>,
    /// Whether `--block-external` failed it before it left the machine.
    pub is_blocked: bool,
    /// Whether it happened before the state's consent action.
    pub is_before_consent: bool,
}

/// What kind of fault a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// A cookie the policy does not declare.
    UndeclaredCookie,
    /// An optional-category cookie set before consent or after a refusal.
    SetBeforeConsent,
    /// A cookie that lives longer than declared (beyond the tolerance).
    LifetimeLongerThanDeclared,
    /// A cookie whose attributes are weaker than declared (Secure, HttpOnly, SameSite).
    WeakerAttributes,
    /// A third-party origin the policy does not declare.
    UndeclaredThirdParty,
    /// A declared third-party origin contacted without its category's consent.
    ThirdPartyWithoutConsent,
}

impl FindingKind {
    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Self::UndeclaredCookie => "undeclared_cookie",
            Self::SetBeforeConsent => "set_before_consent",
            Self::LifetimeLongerThanDeclared => "lifetime_longer_than_declared",
            Self::WeakerAttributes => "weaker_attributes",
            Self::UndeclaredThirdParty => "undeclared_third_party",
            Self::ThirdPartyWithoutConsent => "third_party_without_consent",
        }
    }
}

/// One thing wrong, with its evidence.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Finding {
    /// What kind of fault.
    pub kind: FindingKind,
    /// The consent state it was seen in.
    pub state: String,
    /// The cookie name or origin.
    pub subject: String,
    /// One sentence saying what is wrong.
    pub message: String,
    /// The page it was seen on.
    pub page: Option<String>,
    /// The request, script or header that caused it.
    pub source: Option<String>,
}

/// An Ed25519 signature over the report.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Signature {
    /// Always `ed25519`.
    pub algorithm: String,
    /// The public key, base64 (32 bytes).
    pub public_key: String,
    /// The signature, base64 (64 bytes), over the canonical JSON of the report without
    /// `signature`.
    pub value: String,
}
