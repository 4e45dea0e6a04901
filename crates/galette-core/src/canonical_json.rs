//! Canonical JSON, the byte form that consent hashes are computed over.
//!
//! Owns: one spelling per JSON value (`docs/consent.md` C-26): object keys sorted by
//! code point, no whitespace, UTF-8 left as is, and only `"`, `\` and control characters
//! escaped. This equals Python's `json.dumps(v, sort_keys=True, separators=(",", ":"),
//! ensure_ascii=False)`, so an auditor can recompute a hash without galette.
//! Keys are sorted here rather than by `serde_json::Map`, so the output stays the same
//! even if another crate turns on serde_json's `preserve_order` feature.
//! Does not own: what is hashed (`consent::log_chain`, `registry::revision`).

use std::fmt::Write as _;

use serde_json::Value;

/// The canonical text of a JSON value: sorted keys, no whitespace.
pub fn canonical_json_value(value: &Value) -> String {
    let mut out = String::new();
    write_value(value, &mut out);
    out
}

fn write_value(value: &Value, out: &mut String) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        // Display of a JSON number is its JSON spelling.
        Value::Number(n) => {
            let _ = write!(out, "{n}");
        }
        Value::String(s) => write_string(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (i, (key, item)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(key, out);
                out.push(':');
                write_value(item, out);
            }
            out.push('}');
        }
    }
}

/// A JSON string with serde_json's (and Python's) escapes: quotes, backslashes and control
/// characters escaped, everything else as is. Exports written without `serde_json` use it
/// to give the same bytes.
pub fn write_string(text: &str, out: &mut String) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{08}' => out.push_str("\\b"),
            '\u{0c}' => out.push_str("\\f"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {

    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    #[test]
    fn keys_are_sorted_at_every_depth_and_whitespace_is_gone() {
        let value = json!({"b": 1, "a": {"z": [true, null], "y": "é"}, "A": -2});
        assert_eq!(
            canonical_json_value(&value),
            r#"{"A":-2,"a":{"y":"é","z":[true,null]},"b":1}"#
        );
    }

    #[test]
    fn control_characters_are_escaped_like_serde_json() {
        let text = "a\"b\\c\nd\u{1}\u{7f}/";
        assert_eq!(
            canonical_json_value(&json!(text)),
            serde_json::to_string(text).unwrap()
        );
    }

    proptest! {
        #[test]
        fn strings_are_written_exactly_as_serde_json_writes_them(text in any::<String>()) {
            prop_assert_eq!(
                canonical_json_value(&Value::String(text.clone())),
                serde_json::to_string(&text).unwrap()
            );
        }
    }
}
