//! Reading a request's `Cookie` header: the one parser that the necessary-cookie middleware
//! and the consent guard share.
//!
//! Owns: splitting `name=value; name2=value2` into pairs the way Django's parser does
//! (malformed pairs skipped, surrounding spaces and double quotes removed).
//! Does not own: which names matter or what their values mean.

/// The `(name, value)` pairs of one `Cookie` header value, in the order the browser sent them.
pub fn cookie_pairs(header: &str) -> impl Iterator<Item = (&str, &str)> {
    header.split(';').filter_map(|part| {
        let (name, value) = part.split_once('=')?;
        let name = name.trim();
        (!name.is_empty()).then(|| (name, value.trim().trim_matches('"')))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_are_trimmed_unquoted_and_malformed_ones_skipped() {
        let pairs: Vec<_> = cookie_pairs(" a=1; junk ;b=\"two\"; =x;c= 3 ").collect();
        assert_eq!(pairs, vec![("a", "1"), ("b", "two"), ("c", "3")]);
    }

    #[test]
    fn a_value_may_contain_equals_signs() {
        let pairs: Vec<_> = cookie_pairs("v=a=b=c").collect();
        assert_eq!(pairs, vec![("v", "a=b=c")]);
    }
}
