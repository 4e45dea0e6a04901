//! Text search lowered: `like`, `search(…)`/`suggest(…)` of fields, a bare search (`q=`, a
//! quoted string) and `startswith`, each as the SQL compiler writes it (`compile/search.rs`).
//!
//! - `f like "a b"`, `search(f, g, "a b")`: every word in `' ' || lower(f) || ' '`, the last
//!   as a prefix; `or` between fields. `lower()` is the database's: SQLite's lowers ASCII
//!   letters only; PostgreSQL's follows its database's ctype, so a text cell whose verdict
//!   would depend on it leaves the answer to SQL ([`Fold::Ctype`]), as does a cell holding
//!   a NUL character (SQLite's `LIKE` stops at it).
//! - A bare search: every word in the row's `words` column, which the import wrote from the
//!   text fields' words lower-cased in Rust, so the engine reads it from those fields on
//!   either backend ([`Haystack::Words`]).
//! - `startswith(f, "x")`: `substr(f, 1, length(x)) = x`, a prefix by characters, case kept
//!   (a text with a NUL stays with SQL: SQLite's `length` stops at it).

use super::super::search::search_terms;
use super::Lowering;
use crate::Backend;
use galette_columnar::{Fold, Haystack, Predicate};
use galette_core::dataset::FieldType;
use galette_core::explore::odsql::SearchKind;

/// How the database of `backend` lower-cases text.
pub(super) fn fold_of(backend: Backend) -> Fold {
    match backend {
        Backend::Sqlite => Fold::Ascii,
        Backend::Postgres => Fold::Ctype,
    }
}

impl Lowering<'_> {
    /// A text field (by name) to search.
    fn text_column(&self, name: &str) -> Option<usize> {
        self.field(name)
            .filter(|(_, t)| *t == FieldType::Text)
            .map(|(i, _)| i)
    }

    /// `column like text`.
    pub(super) fn like(&self, column: usize, text: &str) -> Predicate {
        self.words_in(column, text, Haystack::Lowered(self.fold))
    }

    /// `search`, `suggest`, `startswith` (of the first field, as the SQL path reads it).
    pub(super) fn search(
        &self,
        fields: &[String],
        text: &str,
        kind: SearchKind,
    ) -> Option<Predicate> {
        match kind {
            SearchKind::StartsWith => {
                let column = self.text_column(fields.first()?)?;
                (!text.contains('\0')).then(|| Predicate::StartsWith {
                    column,
                    prefix: text.to_owned(),
                })
            }
            SearchKind::Search | SearchKind::Suggest if fields.is_empty() => {
                Some(self.words_of_rows(text))
            }
            SearchKind::Search | SearchKind::Suggest => {
                let parts = fields
                    .iter()
                    .map(|f| Some(self.like(self.text_column(f)?, text)))
                    .collect::<Option<Vec<_>>>()?;
                Some(Predicate::Or(parts))
            }
        }
    }

    /// Every word of `text` in `column`, the last as a prefix (no word: true).
    fn words_in(&self, column: usize, text: &str, haystack: Haystack) -> Predicate {
        let words = search_terms(text);
        let last = words.len().saturating_sub(1);
        Predicate::And(
            words
                .into_iter()
                .enumerate()
                .map(|(i, word)| Predicate::Word {
                    column,
                    word,
                    prefix: i == last,
                    haystack,
                })
                .collect(),
        )
    }

    /// Every word of `text` among the row's words (those of its text fields), the last as a
    /// prefix: each word may come from another field.
    fn words_of_rows(&self, text: &str) -> Predicate {
        let columns: Vec<usize> = self
            .dataset
            .fields
            .iter()
            .enumerate()
            .filter(|(_, f)| f.field_type == FieldType::Text)
            .map(|(i, _)| i)
            .collect();
        let words = search_terms(text);
        let last = words.len().saturating_sub(1);
        Predicate::And(
            words
                .iter()
                .enumerate()
                .map(|(i, word)| {
                    Predicate::Or(
                        columns
                            .iter()
                            .map(|column| Predicate::Word {
                                column: *column,
                                word: word.clone(),
                                prefix: i == last,
                                haystack: Haystack::Words,
                            })
                            .collect(),
                    )
                })
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::compile;
    use super::super::super::testing::{dataset, query};
    use crate::Backend;
    use galette_columnar::{Fold, Haystack, Plan, Predicate};

    fn filter(backend: Backend, condition: &str) -> Option<Vec<Predicate>> {
        let query = query(&[("select", "n"), ("where", condition)]);
        let compiled = compile(&dataset(), backend, &query).unwrap();
        super::super::lower(&dataset(), &query, &compiled).map(|p: Plan| p.filter)
    }

    fn word(word: &str, prefix: bool, haystack: Haystack) -> Predicate {
        Predicate::Word {
            column: 0,
            word: word.to_owned(),
            prefix,
            haystack,
        }
    }

    #[test]
    fn like_and_search_look_for_each_lowered_word_the_last_as_a_prefix() {
        let ascii = Haystack::Lowered(Fold::Ascii);
        let both = Predicate::And(vec![word("united", false, ascii), word("air", true, ascii)]);
        assert_eq!(
            filter(Backend::Sqlite, "name like 'United, AIR'"),
            Some(vec![both.clone()])
        );
        assert_eq!(
            filter(Backend::Sqlite, "search(name, name, 'united air')"),
            Some(vec![Predicate::Or(vec![both.clone(), both])])
        );
        assert_eq!(
            filter(Backend::Postgres, "name like 'Élan'"),
            Some(vec![Predicate::And(vec![word(
                "élan",
                true,
                Haystack::Lowered(Fold::Ctype)
            )])])
        );
        // No word at all: every row, null or not, as the SQL path's `1 = 1`.
        assert_eq!(
            filter(Backend::Sqlite, "name like '...'"),
            Some(vec![Predicate::And(vec![])])
        );
    }

    #[test]
    fn a_bare_search_looks_for_each_word_in_any_text_field() {
        // The sample's only text field is `name`.
        assert_eq!(
            filter(Backend::Postgres, "'United air'"),
            Some(vec![Predicate::And(vec![
                Predicate::Or(vec![word("united", false, Haystack::Words)]),
                Predicate::Or(vec![word("air", true, Haystack::Words)]),
            ])])
        );
    }

    #[test]
    fn startswith_is_a_prefix_unless_it_holds_a_nul() {
        assert_eq!(
            filter(Backend::Sqlite, "startswith(name, 'Un')"),
            Some(vec![Predicate::StartsWith {
                column: 0,
                prefix: "Un".to_owned()
            }])
        );
        assert_eq!(filter(Backend::Sqlite, "startswith(name, 'a\u{0}b')"), None);
    }
}
