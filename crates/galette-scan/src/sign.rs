//! Signing a report and checking a signature (Ed25519 over canonical JSON).
//!
//! Owns: the key file format (the 32-byte secret seed in base64 on one line), key
//! generation, and the bytes signed: galette-core's canonical JSON (sorted keys, no
//! whitespace) of the report with its `signature` field removed.

use crate::error::ScanError;
use crate::model::{Report, Signature};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
pub use ed25519_dalek::SigningKey;
use ed25519_dalek::{Signer, Verifier, VerifyingKey};
use galette_core::canonical_json::canonical_json_value;
use serde_json::Value;

/// A new secret key as the key file's text, and its public key in base64.
pub fn generate_key() -> (String, String) {
    let seed: [u8; 32] = rand::random();
    let key = SigningKey::from_bytes(&seed);
    (
        format!("{}\n", STANDARD.encode(seed)),
        STANDARD.encode(key.verifying_key().to_bytes()),
    )
}

/// Reads a key file (`galette scan keygen`).
pub fn load_key(path: &std::path::Path) -> Result<SigningKey, ScanError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| ScanError::Key(format!("cannot read the key file {}: {e}", path.display())))?;
    read_key(&text)
}

/// Reads a key file's text.
pub fn read_key(text: &str) -> Result<SigningKey, ScanError> {
    let bytes = STANDARD.decode(text.trim()).map_err(|_| {
        ScanError::Key(
            "the key file is not base64 (make one with `galette scan keygen`)".to_owned(),
        )
    })?;
    let seed: [u8; 32] = bytes.try_into().map_err(|_| {
        ScanError::Key("the key file does not hold a 32-byte Ed25519 key".to_owned())
    })?;
    Ok(SigningKey::from_bytes(&seed))
}

/// The bytes a signature covers: canonical JSON of the report without `signature`.
fn signed_bytes(mut value: Value) -> String {
    if let Some(obj) = value.as_object_mut() {
        obj.remove("signature");
    }
    canonical_json_value(&value)
}

/// Signs the report in place.
pub fn sign(report: &mut Report, key: &SigningKey) -> Result<(), ScanError> {
    report.signature = None;
    let value = serde_json::to_value(&*report)
        .map_err(|e| ScanError::Io(format!("cannot serialise the report: {e}")))?;
    let signature = key.sign(signed_bytes(value).as_bytes());
    report.signature = Some(Signature {
        algorithm: "ed25519".to_owned(),
        public_key: STANDARD.encode(key.verifying_key().to_bytes()),
        value: STANDARD.encode(signature.to_bytes()),
    });
    Ok(())
}

/// Why a report does not verify.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum VerifyError {
    /// Not JSON.
    #[error("the report is not JSON: {0}")]
    NotJson(String),
    /// No signature field.
    #[error("the report is not signed")]
    Unsigned,
    /// Malformed key or signature.
    #[error("the signature field is malformed: {0}")]
    Malformed(String),
    /// Signed by another key than the one expected.
    #[error("the report was signed by another key ({0})")]
    OtherKey(String),
    /// The content was changed after signing.
    #[error("the signature does not match: the report was altered after signing")]
    Altered,
}

/// Checks a report's text; returns the signing public key (base64) when it holds.
pub fn verify(text: &str, expected_key: Option<&str>) -> Result<String, VerifyError> {
    let value: Value =
        serde_json::from_str(text).map_err(|e| VerifyError::NotJson(e.to_string()))?;
    let signature: Signature = value
        .get("signature")
        .filter(|s| !s.is_null())
        .cloned()
        .map(serde_json::from_value)
        .ok_or(VerifyError::Unsigned)?
        .map_err(|e| VerifyError::Malformed(e.to_string()))?;
    if signature.algorithm != "ed25519" {
        return Err(VerifyError::Malformed(format!(
            "unknown algorithm {:?}",
            signature.algorithm
        )));
    }
    if let Some(expected) = expected_key
        && expected.trim() != signature.public_key
    {
        return Err(VerifyError::OtherKey(signature.public_key));
    }
    let key_bytes: [u8; 32] = STANDARD
        .decode(&signature.public_key)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| VerifyError::Malformed("public_key is not 32 bytes of base64".to_owned()))?;
    let sig_bytes: [u8; 64] = STANDARD
        .decode(&signature.value)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| VerifyError::Malformed("value is not 64 bytes of base64".to_owned()))?;
    let key =
        VerifyingKey::from_bytes(&key_bytes).map_err(|e| VerifyError::Malformed(e.to_string()))?;
    let sig = ed25519_dalek::Signature::from_bytes(&sig_bytes);
    key.verify(signed_bytes(value).as_bytes(), &sig)
        .map_err(|_| VerifyError::Altered)?;
    Ok(signature.public_key)
}
