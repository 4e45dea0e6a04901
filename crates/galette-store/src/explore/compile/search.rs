//! Text matching: word search (`search`, `suggest`, a bare quoted string), `startswith`,
//! `like`, `in (…)` lists and `in [a..b]` ranges, and the facet filters `refine`/`exclude`.
//!
//! Searches match whole lower-cased words with `LIKE` over space-padded text (the last word
//! as a prefix), never arbitrary substrings; every word is a bound, escaped pattern.

use super::Compiler;
use crate::explore::query::{Param, QueryError, SqlType, bad};
use crate::explore::validate;
use galette_core::explore::limits::search_words;
use galette_core::explore::odsql::{Expr, SearchKind};

impl Compiler<'_> {
    /// The condition of `refine=facet:value` (`exclude` negates it): equality for text and
    /// numbers, a prefix of the local `YYYY-MM-DDTHH:MM:SS` text for dates and datetimes.
    pub(super) fn refine(&mut self, facet: &str, value: &str) -> Result<String, QueryError> {
        let (column, t) = self.field(facet)?;
        match t {
            SqlType::Text => {
                let p = self.push(Param::Text(value.to_owned()));
                Ok(format!("{column} = {p}"))
            }
            SqlType::Date => {
                validate::check_refine_date(facet, value)?;
                let p = self.push(Param::Text(value.replace('/', "-")));
                Ok(format!("substr({column}, 1, length({p})) = {p}"))
            }
            SqlType::Datetime => {
                validate::check_refine_date(facet, value)?;
                let text = self.datetime_text(&column);
                let p = self.push(Param::Text(value.replace('/', "-")));
                Ok(format!("substr({text}, 1, length({p})) = {p}"))
            }
            SqlType::Int | SqlType::Double | SqlType::Boolean => {
                let number: f64 = value
                    .parse()
                    .map_err(|_| bad(format!("refine value `{value}` is not a number")))?;
                let p = self.push(Param::Double(number));
                Ok(format!("{column} = {p}"))
            }
            SqlType::Point | SqlType::Null | SqlType::Predicate => {
                Err(bad(format!("`{facet}` cannot be refined")))
            }
        }
    }

    /// `x in (a, b)`, `x not in (a, b)`: each candidate compared as with `=`.
    pub(super) fn in_list(
        &mut self,
        expr: &Expr,
        items: &[Expr],
        negated: bool,
    ) -> Result<(String, SqlType), QueryError> {
        let (sql, t) = self.expr(expr)?;
        let mut values = Vec::new();
        for item in items {
            let (v, vt) = self.comparable(item, t)?;
            let _ = vt;
            values.push(v);
        }
        let condition = format!("{sql} IN ({})", values.join(", "));
        Ok((
            self.boolean(if negated {
                format!("NOT ({condition})")
            } else {
                condition
            }),
            SqlType::Predicate,
        ))
    }

    /// `x in [low..high]`, each bound inclusive or not.
    pub(super) fn in_range(
        &mut self,
        expr: &Expr,
        low: &Expr,
        high: &Expr,
        low_inclusive: bool,
        high_inclusive: bool,
    ) -> Result<(String, SqlType), QueryError> {
        let (sql, t) = self.expr(expr)?;
        let (lo, _) = self.comparable(low, t)?;
        let (hi, _) = self.comparable(high, t)?;
        let (lo_op, hi_op) = (
            if low_inclusive { ">=" } else { ">" },
            if high_inclusive { "<=" } else { "<" },
        );
        Ok((
            self.boolean(format!("({sql} {lo_op} {lo} AND {sql} {hi_op} {hi})")),
            SqlType::Predicate,
        ))
    }

    /// `x like "words"`: a word match on a text value, as a search of that one field.
    pub(super) fn like(
        &mut self,
        expr: &Expr,
        pattern: &str,
    ) -> Result<(String, SqlType), QueryError> {
        let (sql, t) = self.expr(expr)?;
        if t != SqlType::Text {
            return Err(bad("`like` needs a text field"));
        }
        Ok((
            self.word_match(&format!("(' ' || lower({sql}) || ' ')"), pattern),
            SqlType::Predicate,
        ))
    }

    /// Whole words of `text` (the last may be a prefix) found in a space-padded, lower-cased
    /// text (explore-api §6: word match, never arbitrary substrings).
    pub(super) fn word_match(&mut self, haystack: &str, text: &str) -> String {
        let words = search_terms(text);
        if words.is_empty() {
            return self.boolean("1 = 1".to_owned());
        }
        let last = words.len() - 1;
        let mut parts = Vec::new();
        for (i, word) in words.iter().enumerate() {
            let escaped = word
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            let pattern = if i == last {
                format!("% {escaped}%")
            } else {
                format!("% {escaped} %")
            };
            let p = self.push(Param::Text(pattern));
            parts.push(format!("{haystack} LIKE {p} ESCAPE '\\'"));
        }
        self.boolean(parts.join(" AND "))
    }

    pub(super) fn search(
        &mut self,
        fields: &[String],
        text: &str,
        kind: SearchKind,
    ) -> Result<(String, SqlType), QueryError> {
        match kind {
            SearchKind::StartsWith => {
                let field = fields
                    .first()
                    .ok_or_else(|| bad("startswith needs a field"))?;
                let (sql, t) = self.field(field)?;
                if t != SqlType::Text {
                    return Err(bad("startswith needs a text field"));
                }
                let p = self.push(Param::Text(text.to_owned()));
                Ok((
                    self.boolean(format!("substr({sql}, 1, length({p})) = {p}")),
                    SqlType::Predicate,
                ))
            }
            SearchKind::Search | SearchKind::Suggest => {
                if fields.is_empty() {
                    return Ok((self.word_match("words", text), SqlType::Predicate));
                }
                let mut parts = Vec::new();
                for field in fields {
                    let (sql, t) = self.field(field)?;
                    if t != SqlType::Text {
                        return Err(bad(format!(
                            "search needs text fields; `{field}` is not one"
                        )));
                    }
                    let haystack = format!("(' ' || lower({sql}) || ' ')");
                    parts.push(self.word_match(&haystack, text));
                }
                Ok((self.boolean(parts.join(" OR ")), SqlType::Predicate))
            }
        }
    }
}

/// The words a search looks for: runs of letters and digits, lower-cased, as the import
/// wrote them in a row's `words` (`datasets::words_of`).
pub(super) fn search_terms(text: &str) -> Vec<String> {
    search_words(text).map(str::to_lowercase).collect()
}

#[cfg(test)]
mod tests {
    use super::super::testing::{sql, wheres};
    use insta::assert_snapshot;

    #[test]
    fn full_text_search() {
        assert_snapshot!(wheres(&[
            "'united air'",
            "search('United, air!')",
            "search(name, 'ua')",
            "search(name, name, 'ua')",
            "suggest(name, 'un')",
            "search('100%_done\\\\')",
            "search('...')",
        ]));
    }

    #[test]
    fn starts_with() {
        assert_snapshot!(wheres(&["startswith(name, 'Un')"]));
    }

    #[test]
    fn like() {
        assert_snapshot!(wheres(&[
            "name like 'air'",
            "name like 'united air'",
            "name not like 'air'",
        ]));
    }

    #[test]
    fn in_lists_and_ranges() {
        assert_snapshot!(wheres(&[
            "n in (1, 2, 3)",
            "n not in (1, 2)",
            "name in ('a', 'b')",
            "x in (1, 2.5)",
            "n in [1..5]",
            "n in ]1..5[",
            "x in [0..n]",
            "d in [date'2024-01-01'..date'2024-12-31']",
            "t in [date'2024-01-01'..date'2024-12-31'[",
        ]));
    }

    #[test]
    fn refine_and_exclude() {
        for facet in [
            "name:UA",
            "n:3",
            "x:2.5",
            "ok:1",
            "d:2024/03",
            "t:2024-03-31T10",
        ] {
            assert_snapshot!(
                format!("refine_{}", facet.split(':').next().unwrap_or_default()),
                sql(&[("select", "n"), ("refine", facet), ("exclude", facet)])
            );
        }
        assert_snapshot!(
            "refine_datetime_in_a_zone",
            sql(&[
                ("select", "n"),
                ("refine", "t:2024-03-31"),
                ("timezone", "Europe/Paris")
            ])
        );
    }

    #[test]
    fn refused_searches() {
        assert_snapshot!(wheres(&[
            "search(n, 'x')",
            "search(unknown, 'x')",
            "startswith(n, 'x')",
            "n like 'x'",
            "n in ('a')",
            "n in [1..'b']",
        ]));
        for facet in ["p:1", "n:abc", "d:2024-13", "t:2024-02-30", "unknown:x"] {
            assert_snapshot!(
                format!(
                    "refused_refine_{}",
                    facet.split(':').next().unwrap_or_default()
                ),
                sql(&[("select", "n"), ("refine", facet)])
            );
        }
    }
}
