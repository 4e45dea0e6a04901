//! Word search in text cells, decided once per dictionary entry, exactly as the SQL path's
//! `LIKE` patterns decide it (galette-store's `compile/search.rs`):
//!
//! - [`Haystack::Lowered`] (`like`, `search(field, …)`): `' ' || lower(cell) || ' '` contains
//!   `' ' || word || ' '`, or `' ' || word` for the last word, which may be a prefix. The
//!   word is a literal (the SQL path escapes `%`, `_` and `\`); `lower()` is the database's.
//!   SQLite's `LIKE` stops at a NUL character: a cell holding one is left to it.
//! - [`Haystack::Words`] (a bare search, `q=`): the row's `words` column, its text cells'
//!   words lower-cased in Rust at import, holds the word (or a word beginning with it). A
//!   `words` column is the row's words in field order, each followed by one space, so this
//!   holds for the row exactly when it holds for one of its text cells.

use crate::ExecError;
use crate::plan::{Fold, Haystack};
use galette_core::explore::limits::search_words;

/// Whether each dictionary entry holds `word` (as a whole word, or as a word's beginning
/// when `prefix`); `Undecided` when an entry's verdict depends on how the database
/// lower-cases text ([`Fold::Ctype`]).
pub fn holders(
    values: &[Box<str>],
    word: &str,
    prefix: bool,
    haystack: Haystack,
) -> Result<Vec<bool>, ExecError> {
    values
        .iter()
        .map(|value| holds(value, word, prefix, haystack))
        .collect()
}

/// The verdict on one cell.
pub fn holds(cell: &str, word: &str, prefix: bool, haystack: Haystack) -> Result<bool, ExecError> {
    match haystack {
        Haystack::Words => Ok(search_words(cell).any(|w| {
            let w = w.to_lowercase();
            if prefix {
                w.starts_with(word)
            } else {
                w == word
            }
        })),
        // SQLite's `LIKE` reads text up to its first NUL.
        Haystack::Lowered(_) if cell.contains('\0') => Err(ExecError::Undecided(
            "a word search in text holding a NUL character",
        )),
        Haystack::Lowered(Fold::Ascii) => {
            Ok(padded_holds(&cell.to_ascii_lowercase(), word, prefix))
        }
        Haystack::Lowered(Fold::Ctype) => {
            let ascii = padded_holds(&cell.to_ascii_lowercase(), word, prefix);
            if cell.is_ascii() {
                return Ok(ascii);
            }
            let simple: String = cell.chars().map(simple_lowercase).collect();
            let full = cell.to_lowercase();
            if padded_holds(&simple, word, prefix) == ascii
                && padded_holds(&full, word, prefix) == ascii
            {
                Ok(ascii)
            } else {
                Err(ExecError::Undecided(
                    "a word search whose answer depends on how the database lower-cases letters beyond ASCII",
                ))
            }
        }
    }
}

/// Whether `' ' || lowered || ' '` contains `' ' || word || ' '` (or `' ' || word` when
/// `prefix`).
fn padded_holds(lowered: &str, word: &str, prefix: bool) -> bool {
    let needle = if prefix {
        format!(" {word}")
    } else {
        format!(" {word} ")
    };
    format!(" {lowered} ").contains(&needle)
}

/// A character's simple lower-case mapping (one character, as a C library's `towlower`
/// gives it): Rust's full mapping has more than one only for U+0130 (`İ`), whose simple
/// mapping is its first, `i`.
fn simple_lowercase(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lowered(cell: &str, word: &str, prefix: bool, fold: Fold) -> Result<bool, ExecError> {
        holds(cell, word, prefix, Haystack::Lowered(fold))
    }

    #[test]
    fn a_lowered_cell_holds_whole_words_between_spaces_and_the_last_as_a_prefix() {
        let ok = |cell, word, prefix| lowered(cell, word, prefix, Fold::Ascii).unwrap();
        assert!(ok("United Air Lines", "air", false));
        assert!(ok("United Air Lines", "united", false));
        assert!(ok("United Air Lines", "lines", false));
        assert!(!ok("United Air Lines", "ai", false));
        assert!(ok("United Air Lines", "ai", true));
        assert!(!ok("United Air Lines", "nited", true));
        // Punctuation is not a space: `LIKE '% united %'` misses "united,".
        assert!(!ok("United, Air", "united", false));
        assert!(ok("United, Air", "united", true));
        assert!(ok("x  y", "y", false));
        assert!(!ok("", "a", true));
    }

    #[test]
    fn sqlite_lowers_ascii_only_and_postgresql_gives_up_where_that_matters() {
        assert!(lowered("Élan", "élan", false, Fold::Ascii) == Ok(false));
        assert!(lowered("élan", "élan", false, Fold::Ascii) == Ok(true));
        assert!(lowered("ÉLAN", "lan", true, Fold::Ascii) == Ok(false));
        // Whatever PostgreSQL's ctype, "élan" holds "élan" and "Élan" does not hold "elan".
        assert_eq!(lowered("élan", "élan", false, Fold::Ctype), Ok(true));
        assert_eq!(lowered("Élan", "elan", false, Fold::Ctype), Ok(false));
        assert_eq!(lowered("Zoë B", "b", false, Fold::Ctype), Ok(true));
        // Whether "Élan" holds "élan" depends on it.
        assert!(matches!(
            lowered("Élan", "élan", false, Fold::Ctype),
            Err(ExecError::Undecided(_))
        ));
        // `İ` is `i` to a C library and `i̇` in full: undecided too.
        assert!(lowered("İzmir", "izmir", false, Fold::Ctype).is_err());
    }

    #[test]
    fn text_holding_a_nul_is_left_to_the_database() {
        assert!(lowered("abc\0 def", "def", true, Fold::Ascii).is_err());
        assert!(holds("abc\0 def", "def", true, Haystack::Words) == Ok(true));
    }

    #[test]
    fn a_bare_search_reads_words_as_the_import_lowered_them() {
        let words = |cell, word, prefix| holds(cell, word, prefix, Haystack::Words).unwrap();
        assert!(words("United, Air", "united", false));
        assert!(words("Élan-vital", "élan", false));
        assert!(words("ÅÄ", "åä", false));
        assert!(!words("ÅÄ", "å", false));
        assert!(words("ÅÄ", "å", true));
        assert!(!words("x y", "x y", false));
    }

    #[test]
    fn each_dictionary_entry_gets_its_verdict() {
        let values: Vec<Box<str>> = ["AA", "Air France", "air", "b"]
            .into_iter()
            .map(Into::into)
            .collect();
        assert_eq!(
            holders(&values, "air", false, Haystack::Lowered(Fold::Ascii)),
            Ok(vec![false, true, true, false])
        );
    }
}
