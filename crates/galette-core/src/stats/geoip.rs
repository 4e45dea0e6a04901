//! The country of a client address, from a local table the operator provides (none by
//! default: the statistics then record no country). The address itself is never stored;
//! only the two-letter code joins the event.
//!
//! The table is a CSV of address ranges, one per line, `first,last,CC` — IPv4 or IPv6,
//! inclusive, with an ISO 3166-1 alpha-2 code: the layout of the freely licensed
//! "IP to Country Lite" files and of exports from most GeoIP databases. Blank lines and lines
//! starting with `#` are skipped; fields may be quoted. Ranges are sorted at load time and
//! may not overlap, so a lookup is one binary search.

use std::net::IpAddr;

/// Why a table was refused: the line (from 1) and what was wrong with it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum GeoIpError {
    /// A line is not `first,last,CC`.
    #[error("line {0}: expected first address, last address and a two-letter country code")]
    Shape(usize),
    /// An address does not parse.
    #[error("line {line}: {text:?} is not an IP address")]
    Address {
        /// The line.
        line: usize,
        /// The field as written.
        text: String,
    },
    /// The range mixes IPv4 and IPv6, or ends before it starts.
    #[error("line {0}: the range must be one family and end after it starts")]
    Range(usize),
    /// The code is not two ASCII letters.
    #[error("line {line}: {text:?} is not a two-letter country code")]
    Country {
        /// The line.
        line: usize,
        /// The field as written.
        text: String,
    },
    /// Two ranges share addresses.
    #[error("line {0}: the range overlaps another one")]
    Overlap(usize),
    /// Not a single range.
    #[error("the table has no range")]
    Empty,
}

/// One range: first and last address (as numbers), its country, its line.
type Range<T> = (T, T, [u8; 2]);

/// Country ranges for IPv4 and IPv6, sorted by first address.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct CountryTable {
    v4: Vec<Range<u32>>,
    v6: Vec<Range<u128>>,
}

fn unquote(field: &str) -> &str {
    let field = field.trim();
    field
        .strip_prefix('"')
        .and_then(|f| f.strip_suffix('"'))
        .unwrap_or(field)
}

fn address(text: &str, line: usize) -> Result<IpAddr, GeoIpError> {
    text.parse().map_err(|_| GeoIpError::Address {
        line,
        text: text.to_owned(),
    })
}

/// Sorts the ranges and checks that no two overlap (each carries its line, for the error).
fn sorted<T: Ord + Copy>(mut ranges: Vec<(Range<T>, usize)>) -> Result<Vec<Range<T>>, GeoIpError> {
    ranges.sort_by_key(|((first, _, _), _)| *first);
    for pair in ranges.windows(2) {
        if let [((_, last, _), _), ((next, _, _), line)] = pair
            && next <= last
        {
            return Err(GeoIpError::Overlap(*line));
        }
    }
    Ok(ranges.into_iter().map(|(range, _)| range).collect())
}

fn find<T: Ord + Copy>(ranges: &[Range<T>], ip: T) -> Option<[u8; 2]> {
    let after = ranges.partition_point(|(first, _, _)| *first <= ip);
    let (_, last, country) = ranges.get(after.checked_sub(1)?)?;
    (ip <= *last).then_some(*country)
}

impl CountryTable {
    /// Reads a table from its CSV text.
    pub fn parse(text: &str) -> Result<CountryTable, GeoIpError> {
        let mut v4 = Vec::new();
        let mut v6 = Vec::new();
        for (index, raw) in text.lines().enumerate() {
            let line = index + 1;
            let trimmed = raw.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = trimmed.split(',').map(unquote).collect();
            let [first, last, code] = fields.as_slice() else {
                return Err(GeoIpError::Shape(line));
            };
            let country: [u8; 2] = match code.as_bytes() {
                [a, b] if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() => {
                    [a.to_ascii_uppercase(), b.to_ascii_uppercase()]
                }
                _ => {
                    return Err(GeoIpError::Country {
                        line,
                        text: (*code).to_owned(),
                    });
                }
            };
            match (address(first, line)?, address(last, line)?) {
                (IpAddr::V4(a), IpAddr::V4(b)) if a <= b => {
                    v4.push(((u32::from(a), u32::from(b), country), line));
                }
                (IpAddr::V6(a), IpAddr::V6(b)) if a <= b => {
                    v6.push(((u128::from(a), u128::from(b), country), line));
                }
                _ => return Err(GeoIpError::Range(line)),
            }
        }
        if v4.is_empty() && v6.is_empty() {
            return Err(GeoIpError::Empty);
        }
        Ok(CountryTable {
            v4: sorted(v4)?,
            v6: sorted(v6)?,
        })
    }

    /// The ranges the table holds.
    pub fn len(&self) -> usize {
        self.v4.len() + self.v6.len()
    }

    /// Whether the table holds no range (never true of a parsed table).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The country of `client` (an address as galette resolved it; IPv4-mapped IPv6
    /// addresses count as IPv4), or `None` when no range holds it or it is not an address.
    pub fn country(&self, client: &str) -> Option<String> {
        let code = match client.parse::<IpAddr>().ok()?.to_canonical() {
            IpAddr::V4(v4) => find(&self.v4, u32::from(v4)),
            IpAddr::V6(v6) => find(&self.v6, u128::from(v6)),
        }?;
        String::from_utf8(code.to_vec()).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &str = "\
# a comment, then ranges out of order
203.0.113.0,203.0.113.255,fr
\"192.0.2.0\",\"192.0.2.127\",\"MX\"

2001:db8::,2001:db8:0:ffff:ffff:ffff:ffff:ffff,PT
192.0.2.128,192.0.2.255,ES
";

    #[test]
    fn addresses_find_their_range_and_nothing_else() {
        let table = CountryTable::parse(TABLE).unwrap();
        assert_eq!(table.len(), 4);
        assert_eq!(table.country("192.0.2.0").as_deref(), Some("MX"));
        assert_eq!(table.country("192.0.2.127").as_deref(), Some("MX"));
        assert_eq!(table.country("192.0.2.128").as_deref(), Some("ES"));
        assert_eq!(table.country("203.0.113.7").as_deref(), Some("FR"));
        assert_eq!(table.country("::ffff:203.0.113.7").as_deref(), Some("FR"));
        assert_eq!(table.country("2001:db8::42").as_deref(), Some("PT"));
        assert_eq!(table.country("2001:db8:1::").as_deref(), None);
        assert_eq!(table.country("198.51.100.1"), None);
        assert_eq!(table.country("0.0.0.0"), None);
        assert_eq!(table.country("255.255.255.255"), None);
        assert_eq!(table.country("not an address"), None);
    }

    #[test]
    fn a_bad_line_is_refused_with_its_number() {
        let cases = [
            ("1.0.0.0,1.0.0.9", GeoIpError::Shape(1)),
            ("1.0.0.0,1.0.0.9,FR,extra", GeoIpError::Shape(1)),
            (
                "# header\n1.0.0.0,one,FR",
                GeoIpError::Address {
                    line: 2,
                    text: "one".into(),
                },
            ),
            ("1.0.0.9,1.0.0.0,FR", GeoIpError::Range(1)),
            ("1.0.0.0,::1,FR", GeoIpError::Range(1)),
            (
                "1.0.0.0,1.0.0.9,FRA",
                GeoIpError::Country {
                    line: 1,
                    text: "FRA".into(),
                },
            ),
            (
                "1.0.0.0,1.0.0.9,F1",
                GeoIpError::Country {
                    line: 1,
                    text: "F1".into(),
                },
            ),
            (
                "1.0.0.0,1.0.0.9,FR\n1.0.0.9,1.0.0.20,ES",
                GeoIpError::Overlap(2),
            ),
            ("# nothing\n\n", GeoIpError::Empty),
        ];
        for (text, error) in cases {
            assert_eq!(CountryTable::parse(text), Err(error), "{text:?}");
        }
    }
}
