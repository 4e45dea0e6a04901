//! Parsing the `Accept-Language` header exactly as Django does.
//!
//! Owns: rule L-5 of `docs/cookies.md`: the 500-character cut, the
//! all-or-nothing syntax check, q values and the stable sort.
//! Does not own: choosing a language from the result (`language::resolve_language`).

/// Longest `Accept-Language` header Django parses whole (`ACCEPT_LANGUAGE_HEADER_MAX_LENGTH`).
const MAX_HEADER_CHARS: usize = 500;
/// A q of 1, in thousandths.
const Q_ONE: u16 = 1000;

/// Parses an `Accept-Language` value into lower-cased ranges and q values (thousandths),
/// highest q first; `None` when the header is invalid or too long and must be ignored (L-5).
pub fn parse_accept_language(header: &str) -> Option<Vec<(String, u16)>> {
    let within_limit = cut_at_length_limit(header)?;
    let lowered = within_limit.to_lowercase();
    let mut ranges = Vec::new();
    let mut cursor = Cursor {
        rest: lowered.as_str(),
    };
    while !cursor.rest.is_empty() {
        let range = cursor.language_range()?;
        let q = cursor.quality()?.unwrap_or(Q_ONE);
        ranges.push((range.to_owned(), q));
        if !cursor.separator() {
            return None;
        }
    }
    // Stable, so equal q values keep their header order, as Python's sort does.
    ranges.sort_by_key(|range| std::cmp::Reverse(range.1));
    Some(ranges)
}

/// Django's cut: a header over 500 characters keeps what precedes its last comma
/// before position 500; with no such comma (or only one at position 0) it is dropped.
fn cut_at_length_limit(header: &str) -> Option<&str> {
    let Some((limit, _)) = header.char_indices().nth(MAX_HEADER_CHARS) else {
        return Some(header);
    };
    let head = header.get(..limit)?;
    match head.rfind(',') {
        Some(comma) if comma > 0 => header.get(..comma),
        _ => None,
    }
}

/// Reads one `Accept-Language` element after another (Django's `accept_language_re`).
struct Cursor<'a> {
    rest: &'a str,
}

impl<'a> Cursor<'a> {
    /// `*` or `[a-z]{1,8}(-[a-z0-9]{1,8})*`, which must end where a separator may start.
    fn language_range(&mut self) -> Option<&'a str> {
        let text = self.rest;
        let bytes = text.as_bytes();
        let end = if text.starts_with('*') {
            1
        } else {
            let mut end = run_length(bytes, 0, |b| b.is_ascii_lowercase());
            if !(1..=8).contains(&end) {
                return None;
            }
            while bytes.get(end) == Some(&b'-') {
                let subtag = run_length(bytes, end + 1, |b| {
                    b.is_ascii_lowercase() || b.is_ascii_digit()
                });
                if !(1..=8).contains(&subtag) {
                    return None;
                }
                end += 1 + subtag;
            }
            end
        };
        let (range, rest) = text.split_at_checked(end)?;
        self.rest = rest;
        Some(range)
    }

    /// An optional `;q=<value>`, with white space allowed around `;` and `=`:
    /// `Some(None)` when absent, `None` when present but malformed.
    fn quality(&mut self) -> Option<Option<u16>> {
        let after_space = self.rest.trim_start_matches(is_python_whitespace);
        let Some(after_semicolon) = after_space.strip_prefix(';') else {
            return Some(None);
        };
        let after_q = after_semicolon
            .trim_start_matches(is_python_whitespace)
            .strip_prefix('q')?;
        let value_text = after_q
            .trim_start_matches(is_python_whitespace)
            .strip_prefix('=')?
            .trim_start_matches(is_python_whitespace);
        let (q, consumed) = parse_q_value(value_text)?;
        self.rest = value_text.get(consumed..)?;
        Some(Some(q))
    }

    /// `\s*,\s*` or the end of the header; false when neither follows.
    fn separator(&mut self) -> bool {
        if self.rest.is_empty() {
            return true;
        }
        let after_space = self.rest.trim_start_matches(is_python_whitespace);
        match after_space.strip_prefix(',') {
            Some(after_comma) => {
                self.rest = after_comma.trim_start_matches(is_python_whitespace);
                true
            }
            None => false,
        }
    }
}

/// Length of the run of bytes from `start` that satisfy `accept`.
fn run_length(bytes: &[u8], start: usize, accept: impl Fn(u8) -> bool) -> usize {
    bytes
        .get(start..)
        .map_or(0, |tail| tail.iter().take_while(|&&b| accept(b)).count())
}

/// `0(\.[0-9]{0,3})?` or `1(\.0{0,3})?`, as thousandths, with the bytes consumed.
/// Like Django, `0.` and `1.` (a dot with no digits) are accepted.
fn parse_q_value(text: &str) -> Option<(u16, usize)> {
    let bytes = text.as_bytes();
    let whole = bytes.first().copied()?;
    let allowed_digit: fn(u8) -> bool = match whole {
        b'0' => |b: u8| b.is_ascii_digit(),
        b'1' => |b: u8| b == b'0',
        _ => return None,
    };
    if bytes.get(1) != Some(&b'.') {
        return Some((if whole == b'1' { Q_ONE } else { 0 }, 1));
    }
    let digits = run_length(bytes, 2, allowed_digit).min(3);
    let mut thousandths: u16 = 0;
    for position in 0..3 {
        let digit = if position < digits {
            bytes.get(2 + position).map_or(0, |b| u16::from(b - b'0'))
        } else {
            0
        };
        thousandths = thousandths * 10 + digit;
    }
    let value = if whole == b'1' { Q_ONE } else { thousandths };
    Some((value, 2 + digits))
}

/// Python's `\s` / `str.isspace`: Unicode white space plus U+001C–U+001F.
fn is_python_whitespace(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

#[cfg(test)]
mod tests {

    use super::*;

    fn ranges(header: &str) -> Vec<(String, u16)> {
        parse_accept_language(header).unwrap()
    }

    #[test]
    fn accept_language_over_500_characters_is_cut_at_its_last_comma_before_500() {
        let filler = "de;q=0.9, ".repeat(49); // 490 characters
        let header = format!("{filler}fr,{}", "en".repeat(10)); // comma at 492
        assert_eq!(header.chars().count(), 513);
        let parsed = ranges(&header);
        assert_eq!(parsed.len(), 50);
        assert_eq!(parsed.first().unwrap(), &("fr".to_owned(), 1000));
        let unlimited = format!(",{}", "x".repeat(600));
        assert_eq!(parse_accept_language(&unlimited), None);
    }

    #[test]
    fn ranges_are_lower_cased_and_sorted_stably_by_q() {
        assert_eq!(
            ranges("EN-us;q=0.5, fr, de;q=0.5, *;q=0.1, pt"),
            vec![
                ("fr".to_owned(), 1000),
                ("pt".to_owned(), 1000),
                ("en-us".to_owned(), 500),
                ("de".to_owned(), 500),
                ("*".to_owned(), 100),
            ]
        );
    }

    #[test]
    fn q_values_are_read_in_thousandths() {
        let header = "a;q=0, b;q=0.5, c;q=0.05, d;q=0.123, e;q=1, f;q=1.000, g;q=0., h;q=1.";
        let mut parsed = ranges(header);
        parsed.sort();
        let values: Vec<u16> = parsed.iter().map(|(_, q)| *q).collect();
        assert_eq!(values, vec![0, 500, 50, 123, 1000, 1000, 0, 1000]);
    }

    #[test]
    fn white_space_is_allowed_around_commas_semicolons_and_equals() {
        assert_eq!(
            ranges("fr ; q = 0.5 ,  de\t,pt;q=1"),
            vec![
                ("de".to_owned(), 1000),
                ("pt".to_owned(), 1000),
                ("fr".to_owned(), 500)
            ]
        );
        assert_eq!(ranges("fr,"), vec![("fr".to_owned(), 1000)]);
    }

    #[test]
    fn any_syntax_error_invalidates_the_whole_header() {
        for header in [
            "fr;;",
            "fr;q=2",
            "fr;q=1.5",
            "fr;q=0.1234",
            "fr;q=",
            "fr;x=1",
            ",fr",
            "fr,,de",
            "fr de",
            "fr ",
            " fr",
            "abcdefghi",
            "fr-",
            "fr-abcdefghi",
            "fr_CA",
            "é",
            "fr;q=.5",
        ] {
            assert_eq!(parse_accept_language(header), None, "{header:?}");
        }
    }

    #[test]
    fn an_empty_header_is_valid_and_empty() {
        assert_eq!(ranges(""), vec![]);
    }
}
