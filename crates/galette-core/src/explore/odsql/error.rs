//! The one error of ODSQL parsing, which the API answers as a 400 `ODSQLError`.

/// Why a query does not parse, and where: its `Display` is the `message` the API returns.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("ODSQL query is malformed: {message} (at position {position})")]
pub struct OdsqlError {
    /// Offset, in characters from 0, of the first character the parser could not accept.
    pub position: usize,
    /// A sentence for a person, without the position.
    pub message: String,
}

impl OdsqlError {
    /// An error at a character offset.
    pub fn new(position: usize, message: impl Into<String>) -> Self {
        OdsqlError {
            position,
            message: message.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_message_reads_as_one_sentence_with_its_position() {
        let error = OdsqlError::new(10, "expected a value after `=`");
        assert_eq!(
            error.to_string(),
            "ODSQL query is malformed: expected a value after `=` (at position 10)"
        );
    }
}
