//! The consent log: one record per choice, chained by hashes so any edit shows.
//!
//! Owns: the record and its JSONL keys (`docs/consent.md` C-25), sealing a record onto
//! the chain and its hash (C-26), verifying an export (C-28) and the digest of the registry
//! a visitor was shown (`policy_sha256`).
//! Does not own: storing records (`galette-store`), reading the clock (callers pass unix
//! seconds) or which fields may never be stored (C-27: this type simply has no place for them).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::categories::CategorySet;
use super::hex::{hex_decode, hex_encode};
use crate::canonical_json::canonical_json_value;
use crate::time::rfc3339_utc;

/// The `prev` of the first record of a tenant's chain: 64 zeros.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What the visitor did (C-25 `action`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentAction {
    /// "Reject all" on the banner or the centre.
    RejectAll,
    /// "Accept all" on the banner or the centre.
    AcceptAll,
    /// A saved selection in the preference centre.
    Save,
    /// A choice reduced by Global Privacy Control.
    Gpc,
    /// A save that grants less than before.
    Withdraw,
    /// A stored choice found expired (C-32).
    Expire,
}

impl ConsentAction {
    const ALL: [ConsentAction; 6] = [
        Self::RejectAll,
        Self::AcceptAll,
        Self::Save,
        Self::Gpc,
        Self::Withdraw,
        Self::Expire,
    ];

    /// The logged code, e.g. `reject_all`.
    pub const fn code(self) -> &'static str {
        match self {
            Self::RejectAll => "reject_all",
            Self::AcceptAll => "accept_all",
            Self::Save => "save",
            Self::Gpc => "gpc",
            Self::Withdraw => "withdraw",
            Self::Expire => "expire",
        }
    }

    /// Reads an exact code.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.code() == code)
    }
}

/// Where the choice was made (C-25 `source`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentSource {
    /// The first-layer banner.
    Banner,
    /// The preference centre `/cookies/`.
    Centre,
    /// A JSON client.
    Api,
}

impl ConsentSource {
    const ALL: [ConsentSource; 3] = [Self::Banner, Self::Centre, Self::Api];

    /// The logged code, e.g. `centre`.
    pub const fn code(self) -> &'static str {
        match self {
            Self::Banner => "banner",
            Self::Centre => "centre",
            Self::Api => "api",
        }
    }

    /// Reads an exact code.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// One sealed record, exactly as exported (C-25). Unknown keys are refused on reading, so a
/// key added to an export cannot pass unnoticed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsentRecord {
    /// Position in the tenant's chain, from 1.
    pub seq: u64,
    /// The tenant's slug.
    pub tenant: String,
    /// The browser's consent id.
    pub consent_id: String,
    /// When, in RFC 3339 UTC (`2026-11-23T19:02:22Z`).
    pub ts: String,
    /// A [`ConsentAction`] code.
    pub action: String,
    /// Optional categories granted, in the fixed order.
    pub granted: Vec<String>,
    /// Optional categories refused, in the fixed order.
    pub refused: Vec<String>,
    /// The policy revision shown.
    pub revision: u64,
    /// SHA-256 hex of the canonical registry JSON shown.
    pub policy_sha256: String,
    /// Whether the request carried `Sec-GPC: 1`.
    pub gpc: bool,
    /// The language the choice was made in.
    pub language: String,
    /// A [`ConsentSource`] code.
    pub source: String,
    /// HMAC of the user id with the tenant secret, or null for a visitor.
    pub user: Option<String>,
    /// The previous record's hash, or [`GENESIS`].
    pub prev: String,
    /// This record's hash (C-26).
    pub hash: String,
}

/// A choice to append to the log, before it is sealed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewRecord {
    /// The tenant's slug.
    pub tenant: String,
    /// The browser's consent id.
    pub consent_id: String,
    /// When, in unix seconds.
    pub ts_unix: i64,
    /// What the visitor did.
    pub action: ConsentAction,
    /// What the choice grants; the rest is logged as refused.
    pub granted: CategorySet,
    /// The policy revision shown.
    pub revision: u64,
    /// SHA-256 hex of the canonical registry JSON shown ([`registry_digest`]).
    pub policy_sha256: String,
    /// Whether the request carried `Sec-GPC: 1`.
    pub gpc: bool,
    /// The language code the choice was made in.
    pub language: String,
    /// Where the choice was made.
    pub source: ConsentSource,
    /// HMAC of the user id, for a signed-in user.
    pub user: Option<String>,
}

/// What a verified chain proves: how many records, and the head hash to keep elsewhere.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChainSummary {
    /// Number of records.
    pub count: u64,
    /// The last record's hash, or [`GENESIS`] for an empty chain.
    pub head: String,
}

/// Why a log does not verify.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ChainError {
    /// The first record that breaks the chain, named by the `seq` it carries.
    #[error("record {seq} is broken: {reason}")]
    BrokenAt {
        /// The `seq` written in the offending record.
        seq: u64,
        /// What is wrong, in plain words.
        reason: &'static str,
    },
    /// A JSONL line that is not a record.
    #[error("line {line} is not a consent record: {reason}")]
    Malformed {
        /// 1-based line number.
        line: usize,
        /// The parser's explanation.
        reason: String,
    },
}

const OUT_OF_SEQUENCE: &str =
    "its seq is out of sequence: a record was deleted, inserted or reordered, or its seq edited";
const WRONG_TENANT: &str = "it belongs to another tenant";
const UNLINKED: &str =
    "it does not link to the record before it: a record was deleted, inserted or reordered";
const EDITED: &str = "its hash does not match its content";

/// Seals a new record onto the chain after `prev` (`None` for the tenant's first record).
///
/// The hash is `sha256_hex(prev_hash_bytes ‖ canonical_json(record without "hash"))` (C-26),
/// where `prev_hash_bytes` are the 32 bytes the `prev` hex spells (32 zero bytes for the
/// first record), not the 64 characters of hex text.
pub fn seal(prev: Option<&ConsentRecord>, new: NewRecord) -> ConsentRecord {
    let mut record = ConsentRecord {
        seq: prev.map_or(1, |p| p.seq.saturating_add(1)),
        tenant: new.tenant,
        consent_id: new.consent_id,
        ts: rfc3339_utc(new.ts_unix),
        action: new.action.code().to_owned(),
        granted: codes(new.granted),
        refused: codes(new.granted.refused()),
        revision: new.revision,
        policy_sha256: new.policy_sha256,
        gpc: new.gpc,
        language: new.language,
        source: new.source.code().to_owned(),
        user: new.user,
        prev: prev.map_or_else(|| GENESIS.to_owned(), |p| p.hash.clone()),
        hash: String::new(),
    };
    record.hash = record_hash(&record);
    record
}

/// The canonical JSON of a record without its `hash` key: what the hash covers.
pub fn canonical_json(record: &ConsentRecord) -> String {
    let mut map = record_map(record);
    map.remove("hash");
    canonical_json_value(&Value::Object(map))
}

/// The hash a record should carry, recomputed from its content and `prev`.
///
/// A `prev` that is not 64 hex digits (only a forged record has one) is hashed as its text.
pub fn record_hash(record: &ConsentRecord) -> String {
    let mut hasher = Sha256::new();
    match hex_decode(&record.prev) {
        Some(bytes) if bytes.len() == 32 => hasher.update(&bytes),
        _ => hasher.update(record.prev.as_bytes()),
    }
    hasher.update(canonical_json(record).as_bytes());
    hex_encode(&hasher.finalize())
}

/// A record as one JSONL line of an export: canonical JSON with its hash, no newline.
pub fn jsonl_line(record: &ConsentRecord) -> String {
    canonical_json_value(&Value::Object(record_map(record)))
}

/// Checks a tenant's records in order: seq 1, 2, 3…, the tenant, each `prev` against the
/// record before, then each hash. A record deleted from the middle is reported at the record
/// after the hole (its seq jumps); swapped records at the first one out of place.
pub fn verify_chain(records: &[ConsentRecord], tenant: &str) -> Result<ChainSummary, ChainError> {
    verify_from(records, tenant, 0, GENESIS)
}

/// Checks a part of a chain (an export made with `--since`): the first record's `seq` and
/// `prev` are taken as the anchor, every later link is checked. Comparing the anchor and
/// the head with hashes kept elsewhere is what proves the part belongs to the whole.
pub fn verify_segment(records: &[ConsentRecord], tenant: &str) -> Result<ChainSummary, ChainError> {
    match records.first() {
        Some(first) => verify_from(records, tenant, first.seq.saturating_sub(1), &first.prev),
        None => Ok(ChainSummary {
            count: 0,
            head: GENESIS.to_owned(),
        }),
    }
}

fn verify_from(
    records: &[ConsentRecord],
    tenant: &str,
    start_seq: u64,
    start_head: &str,
) -> Result<ChainSummary, ChainError> {
    let mut head = start_head.to_owned();
    let mut seq = start_seq;
    for record in records {
        let broken = |reason| ChainError::BrokenAt {
            seq: record.seq,
            reason,
        };
        let expected_seq = seq.saturating_add(1);
        if record.seq != expected_seq {
            return Err(broken(OUT_OF_SEQUENCE));
        }
        if record.tenant != tenant {
            return Err(broken(WRONG_TENANT));
        }
        if record.prev != head {
            return Err(broken(UNLINKED));
        }
        if record_hash(record) != record.hash {
            return Err(broken(EDITED));
        }
        head.clone_from(&record.hash);
        seq = expected_seq;
    }
    let count = u64::try_from(records.len()).unwrap_or(u64::MAX);
    Ok(ChainSummary { count, head })
}

/// Reads an export: one record per line; blank lines are skipped.
pub fn parse_jsonl(text: &str) -> Result<Vec<ConsentRecord>, ChainError> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(index, line)| {
            serde_json::from_str(line).map_err(|e| ChainError::Malformed {
                line: index + 1,
                reason: e.to_string(),
            })
        })
        .collect()
}

/// The `policy_sha256` of a registry: SHA-256 hex of its canonical JSON
/// (`registry::canonical_registry_json`).
pub fn registry_digest(canonical_registry_json: &str) -> String {
    hex_encode(&Sha256::digest(canonical_registry_json.as_bytes()))
}

/// Every key of a record as a JSON object; built by hand so it cannot fail.
fn record_map(record: &ConsentRecord) -> Map<String, Value> {
    let strings = |items: &[String]| Value::Array(items.iter().cloned().map(Value::from).collect());
    let mut map = Map::new();
    map.insert("seq".into(), Value::from(record.seq));
    map.insert("tenant".into(), Value::from(record.tenant.clone()));
    map.insert("consent_id".into(), Value::from(record.consent_id.clone()));
    map.insert("ts".into(), Value::from(record.ts.clone()));
    map.insert("action".into(), Value::from(record.action.clone()));
    map.insert("granted".into(), strings(&record.granted));
    map.insert("refused".into(), strings(&record.refused));
    map.insert("revision".into(), Value::from(record.revision));
    map.insert(
        "policy_sha256".into(),
        Value::from(record.policy_sha256.clone()),
    );
    map.insert("gpc".into(), Value::from(record.gpc));
    map.insert("language".into(), Value::from(record.language.clone()));
    map.insert("source".into(), Value::from(record.source.clone()));
    map.insert(
        "user".into(),
        record.user.clone().map_or(Value::Null, Value::from),
    );
    map.insert("prev".into(), Value::from(record.prev.clone()));
    map.insert("hash".into(), Value::from(record.hash.clone()));
    map
}

fn codes(set: CategorySet) -> Vec<String> {
    set.codes().into_iter().map(str::to_owned).collect()
}

#[cfg(test)]
mod tests {

    use super::*;
    use crate::registry::Category;

    fn new_record(tenant: &str, n: i64) -> NewRecord {
        NewRecord {
            tenant: tenant.to_owned(),
            consent_id: "q3Jx0b2m7w1VbQ6l8k2fZA".to_owned(),
            ts_unix: 1_732_386_000 + n * 60,
            action: ConsentAction::Save,
            granted: CategorySet::empty().with(Category::Statistics),
            revision: 3,
            policy_sha256: registry_digest("{}"),
            gpc: false,
            language: "fr".to_owned(),
            source: ConsentSource::Centre,
            user: None,
        }
    }

    fn chain(tenant: &str, len: i64) -> Vec<ConsentRecord> {
        let mut records: Vec<ConsentRecord> = Vec::new();
        for n in 0..len {
            let record = seal(records.last(), new_record(tenant, n));
            records.push(record);
        }
        records
    }

    fn broken_seq(records: &[ConsentRecord]) -> (u64, &'static str) {
        match verify_chain(records, "civis") {
            Err(ChainError::BrokenAt { seq, reason }) => (seq, reason),
            other => panic!("expected a broken chain, got {other:?}"),
        }
    }

    #[test]
    fn a_chain_of_five_verifies_and_reports_its_head() {
        let records = chain("civis", 5);
        let summary = verify_chain(&records, "civis").unwrap();
        assert_eq!(summary.count, 5);
        assert_eq!(summary.head, records[4].hash);
        assert_eq!(records[0].prev, GENESIS);
        assert_eq!(records[0].seq, 1);
        assert_eq!(records[3].prev, records[2].hash);
    }

    #[test]
    fn an_empty_chain_verifies_with_the_genesis_head() {
        let summary = verify_chain(&[], "civis").unwrap();
        assert_eq!(
            summary,
            ChainSummary {
                count: 0,
                head: GENESIS.to_owned()
            }
        );
    }

    #[test]
    fn sealing_fills_refused_ts_and_codes() {
        let record = seal(None, new_record("civis", 0));
        assert_eq!(record.granted, vec!["statistics"]);
        assert_eq!(record.refused, vec!["functionality", "marketing"]);
        assert_eq!(record.ts, "2024-11-23T18:20:00Z");
        assert_eq!(record.action, "save");
        assert_eq!(record.source, "centre");
        assert_eq!(record.hash.len(), 64);
        assert_eq!(record.hash, record_hash(&record));
    }

    #[test]
    fn the_hash_covers_the_previous_hash_bytes_then_the_canonical_json() {
        let record = seal(None, new_record("civis", 0));
        let mut hasher = Sha256::new();
        hasher.update([0u8; 32]);
        hasher.update(canonical_json(&record).as_bytes());
        assert_eq!(record.hash, hex_encode(&hasher.finalize()));
        let json = canonical_json(&record);
        assert!(
            json.starts_with(r#"{"action":"save","consent_id":"#),
            "{json}"
        );
        assert!(json.contains(r#""user":null"#));
        assert!(!json.contains("hash"));
        assert!(!json.contains(' '));
    }

    #[test]
    fn editing_any_field_of_record_three_breaks_it_at_three() {
        let edits: Vec<fn(&mut ConsentRecord)> = vec![
            |r| r.consent_id.push('x'),
            |r| r.ts = "2024-11-23T18:21:00Z".to_owned(),
            |r| r.action = "accept_all".to_owned(),
            |r| r.granted.push("marketing".to_owned()),
            |r| r.refused.clear(),
            |r| r.revision += 1,
            |r| r.policy_sha256 = GENESIS.to_owned(),
            |r| r.gpc = true,
            |r| r.language = "en".to_owned(),
            |r| r.source = "api".to_owned(),
            |r| r.user = Some("someone".to_owned()),
            |r| r.hash = GENESIS.to_owned(),
        ];
        for edit in edits {
            let mut records = chain("civis", 5);
            edit(&mut records[2]);
            assert_eq!(broken_seq(&records), (3, EDITED));
        }
    }

    #[test]
    fn editing_the_seq_tenant_or_prev_of_record_three_is_caught_there() {
        let mut records = chain("civis", 5);
        records[2].prev = records[0].hash.clone();
        assert_eq!(broken_seq(&records), (3, UNLINKED));

        let mut records = chain("civis", 5);
        records[2].tenant = "other".to_owned();
        assert_eq!(broken_seq(&records), (3, WRONG_TENANT));

        // The offending record is named by the seq it carries.
        let mut records = chain("civis", 5);
        records[2].seq = 9;
        assert_eq!(broken_seq(&records), (9, OUT_OF_SEQUENCE));
    }

    #[test]
    fn deleting_record_three_breaks_the_chain_at_record_four() {
        let mut records = chain("civis", 5);
        records.remove(2);
        assert_eq!(broken_seq(&records), (4, OUT_OF_SEQUENCE));
    }

    #[test]
    fn deleting_and_renumbering_still_breaks_the_link() {
        let mut records = chain("civis", 5);
        records.remove(2);
        records[2].seq = 3;
        assert_eq!(broken_seq(&records), (3, UNLINKED));
    }

    #[test]
    fn swapping_records_two_and_three_is_caught_at_the_first_out_of_place() {
        let mut records = chain("civis", 5);
        records.swap(1, 2);
        assert_eq!(broken_seq(&records), (3, OUT_OF_SEQUENCE));
    }

    #[test]
    fn inserting_a_well_sealed_record_breaks_the_record_after_it() {
        let mut records = chain("civis", 5);
        let forged = seal(Some(&records[1]), new_record("civis", 99));
        records.insert(2, forged);
        assert_eq!(broken_seq(&records), (3, OUT_OF_SEQUENCE));
    }

    #[test]
    fn another_tenants_chain_does_not_verify_as_ours() {
        let records = chain("other", 2);
        assert_eq!(broken_seq(&records), (1, WRONG_TENANT));
    }

    #[test]
    fn a_cut_tail_still_verifies_but_changes_the_head() {
        let records = chain("civis", 5);
        let summary = verify_chain(&records[..4], "civis").unwrap();
        assert_ne!(summary.head, records[4].hash);
    }

    #[test]
    fn errors_read_as_sentences() {
        let error = ChainError::BrokenAt {
            seq: 3,
            reason: EDITED,
        };
        assert_eq!(
            error.to_string(),
            "record 3 is broken: its hash does not match its content"
        );
    }

    #[test]
    fn an_export_round_trips_through_jsonl_and_still_verifies() {
        let mut records = chain("civis", 3);
        records[1] = seal(
            Some(&records[0]),
            NewRecord {
                user: Some("ab12".to_owned()),
                language: "pt \"é\"".to_owned(),
                ..new_record("civis", 1)
            },
        );
        records[2] = seal(Some(&records[1]), new_record("civis", 2));
        let text: String = records.iter().map(|r| jsonl_line(r) + "\n").collect();
        let read = parse_jsonl(&text).unwrap();
        assert_eq!(read, records);
        assert_eq!(verify_chain(&read, "civis").unwrap().count, 3);
        assert_eq!(
            serde_json::to_string(&records[0])
                .unwrap()
                .matches("\"user\":null")
                .count(),
            1
        );
    }

    #[test]
    fn unparseable_lines_and_unknown_keys_are_named_by_line() {
        let records = chain("civis", 1);
        let line = jsonl_line(&records[0]);
        let extra = line.replacen('{', r#"{"ip":"1.2.3.4","#, 1);
        let text = format!("{line}\n\n{extra}\n");
        match parse_jsonl(&text) {
            Err(ChainError::Malformed { line, .. }) => assert_eq!(line, 3),
            other => panic!("expected a malformed line, got {other:?}"),
        }
        assert!(matches!(
            parse_jsonl("not json"),
            Err(ChainError::Malformed { line: 1, .. })
        ));
    }

    #[test]
    fn action_and_source_codes_round_trip() {
        for action in ConsentAction::ALL {
            assert_eq!(ConsentAction::parse(action.code()), Some(action));
            assert_eq!(
                serde_json::to_string(&action).unwrap(),
                format!("\"{}\"", action.code())
            );
        }
        for source in ConsentSource::ALL {
            assert_eq!(ConsentSource::parse(source.code()), Some(source));
        }
        assert_eq!(ConsentAction::parse("Accept_All"), None);
    }

    #[test]
    fn the_registry_digest_is_sha256_hex() {
        assert_eq!(
            registry_digest(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
