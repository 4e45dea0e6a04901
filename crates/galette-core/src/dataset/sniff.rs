//! Guessing how a CSV file is written from its first bytes: encoding and delimiter.
//!
//! Owns: BOM and Windows-1252 detection, decoding cells of either encoding to UTF-8,
//! skipping a BOM while streaming, and choosing the delimiter among `,` `;` tab `|`.
//!
//! Every byte the CSV grammar cares about (delimiters, quotes, line ends) is ASCII, and
//! neither UTF-8 nor Windows-1252 uses ASCII bytes for anything else, so the file can be
//! split into rows and cells before it is decoded; only cell text is decoded.

use std::io::{self, Read};

/// The UTF-8 byte order mark, which Excel puts at the start of "CSV UTF-8" files.
const UTF8_BOM: [u8; 3] = [0xEF, 0xBB, 0xBF];

/// The delimiters the importer recognises, in order of preference on a tie.
const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// How many lines of the sample the delimiter sniffer compares.
const SNIFF_LINES: usize = 50;

/// How many bytes are read up front to guess the encoding and the delimiter.
pub(crate) const SAMPLE_LEN: usize = 64 * 1024;

/// What the characters of Windows-1252's bytes 0x80–0x9F are; the other bytes are Latin-1.
/// The five bytes Windows-1252 leaves undefined map to the C1 controls, as browsers do.
const WINDOWS_1252_HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
];

/// The character encoding of an imported file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Encoding {
    /// UTF-8 without a byte order mark.
    Utf8,
    /// UTF-8 starting with a byte order mark, which is not part of the data.
    Utf8Bom,
    /// Windows-1252, the Western-European "ANSI" code page (a superset of Latin-1).
    Latin1,
}

impl Encoding {
    /// Turns a cell's bytes into text; invalid UTF-8 becomes U+FFFD rather than an error.
    pub(crate) fn decode(self, bytes: &[u8]) -> String {
        match self {
            Encoding::Utf8 | Encoding::Utf8Bom => String::from_utf8_lossy(bytes).into_owned(),
            Encoding::Latin1 => bytes.iter().map(|&b| windows_1252_char(b)).collect(),
        }
    }
}

/// The encoding of a file from its first bytes: a BOM, else UTF-8 if they are valid UTF-8
/// (a character cut by the end of the sample still counts), else Windows-1252.
pub fn decode_to_utf8(sample: &[u8]) -> Encoding {
    if sample.starts_with(&UTF8_BOM) {
        return Encoding::Utf8Bom;
    }
    match std::str::from_utf8(sample) {
        Ok(_) => Encoding::Utf8,
        // `error_len() == None` means the input merely ends inside a character.
        Err(error) if error.error_len().is_none() => Encoding::Utf8,
        Err(_) => Encoding::Latin1,
    }
}

/// Whether a file starting with `sample` cannot be UTF-8 or Windows-1252 text: a NUL byte
/// never appears in a CSV file, but in every other byte of UTF-16 text (which also covers a
/// UTF-16 byte order mark) and early in spreadsheets, archives and images.
pub(crate) fn is_binary(sample: &[u8]) -> bool {
    sample.contains(&0)
}

/// The delimiter that splits the first lines of `sample` into the most consistent number
/// of columns (more than one), quoted fields respected; `,` when none does.
pub fn sniff_delimiter(sample: &[u8]) -> u8 {
    let sample = sample.strip_prefix(&UTF8_BOM).unwrap_or(sample);
    let mut best = (0, 0, b',');
    for delimiter in DELIMITERS {
        let counts = field_counts(sample, delimiter);
        let Some(&header_count) = counts.first() else {
            continue;
        };
        if header_count < 2 {
            continue;
        }
        let consistent_lines = counts.iter().filter(|&&c| c == header_count).count();
        // Prefer more agreeing lines, then more columns; `>` keeps the earlier delimiter on a tie.
        if (consistent_lines, header_count) > (best.0, best.1) {
            best = (consistent_lines, header_count, delimiter);
        }
    }
    best.2
}

/// The number of fields on each of the first complete, non-blank lines.
fn field_counts(sample: &[u8], delimiter: u8) -> Vec<usize> {
    let mut counts = Vec::new();
    let mut fields = 1;
    let mut is_quoted = false;
    let mut is_blank = true;
    for &byte in sample {
        match byte {
            b'"' => {
                is_quoted = !is_quoted;
                is_blank = false;
            }
            b'\n' | b'\r' if !is_quoted => {
                if !is_blank {
                    counts.push(fields);
                    if counts.len() == SNIFF_LINES {
                        break;
                    }
                }
                fields = 1;
                is_blank = true;
            }
            _ if byte == delimiter && !is_quoted => {
                fields += 1;
                is_blank = false;
            }
            _ => is_blank = false,
        }
    }
    // A last line without its line end is counted only when it is the only line: in a
    // longer sample it is most likely cut short.
    if counts.is_empty() && !is_blank {
        counts.push(fields);
    }
    counts
}

fn windows_1252_char(byte: u8) -> char {
    match byte {
        0x80..=0x9F => WINDOWS_1252_HIGH
            .get(usize::from(byte - 0x80))
            .copied()
            .unwrap_or(char::REPLACEMENT_CHARACTER),
        _ => char::from(byte),
    }
}

/// Reads up to `SAMPLE_LEN` bytes from the start of `reader` (fewer only at end of file).
pub(crate) fn read_sample(reader: &mut impl Read) -> io::Result<Vec<u8>> {
    let mut sample = Vec::with_capacity(SAMPLE_LEN);
    reader.take(SAMPLE_LEN as u64).read_to_end(&mut sample)?;
    Ok(sample)
}

/// A reader that drops a leading UTF-8 BOM and passes everything else through.
pub(crate) struct SkipBom<R> {
    inner: R,
    /// The first bytes, held back until we know whether they are a BOM.
    head: Vec<u8>,
    is_head_checked: bool,
}

impl<R: Read> SkipBom<R> {
    pub(crate) fn new(inner: R) -> Self {
        SkipBom {
            inner,
            head: Vec::new(),
            is_head_checked: false,
        }
    }

    fn check_head(&mut self) -> io::Result<()> {
        let mut head = [0_u8; 3];
        let mut filled = 0;
        while let Some(rest) = head.get_mut(filled..).filter(|rest| !rest.is_empty()) {
            match self.inner.read(rest) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                Err(error) => return Err(error),
            }
        }
        let head = head.get(..filled).unwrap_or_default();
        if head != UTF8_BOM {
            self.head = head.to_vec();
        }
        self.is_head_checked = true;
        Ok(())
    }
}

impl<R: Read> Read for SkipBom<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if !self.is_head_checked {
            self.check_head()?;
        }
        if self.head.is_empty() {
            return self.inner.read(buf);
        }
        let n = self.head.len().min(buf.len());
        let held: Vec<u8> = self.head.drain(..n).collect();
        if let Some(target) = buf.get_mut(..n) {
            target.copy_from_slice(&held);
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {

    use super::*;

    fn skip_bom(bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        SkipBom::new(bytes).read_to_end(&mut out).unwrap();
        out
    }

    #[test]
    fn a_bom_marks_utf8_with_bom() {
        assert_eq!(decode_to_utf8(b"\xEF\xBB\xBFa,b\n"), Encoding::Utf8Bom);
    }

    #[test]
    fn valid_utf8_is_utf8_even_when_the_sample_cuts_a_character() {
        assert_eq!(decode_to_utf8("city\nZürich\n".as_bytes()), Encoding::Utf8);
        assert_eq!(decode_to_utf8(b"city\nZ\xC3"), Encoding::Utf8);
    }

    #[test]
    fn invalid_utf8_is_read_as_windows_1252() {
        let sample = b"city\nZ\xFCrich \x80\n";
        assert_eq!(decode_to_utf8(sample), Encoding::Latin1);
        assert_eq!(Encoding::Latin1.decode(b"Z\xFCrich \x80"), "Zürich €");
    }

    #[test]
    fn utf16_text_and_binary_files_are_not_text() {
        let utf16: Vec<u8> = "\u{FEFF}a,b\n1,2\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert!(is_binary(&utf16));
        assert!(
            is_binary(b"PK\x03\x04\x14\x00\x06\x00"),
            "an .xlsx is a zip archive"
        );
        assert!(!is_binary(b"city\nZ\xFCrich\n"));
        assert!(!is_binary("\u{FEFF}a;b\n".as_bytes()));
    }

    #[test]
    fn the_bom_is_skipped_and_nothing_else() {
        assert_eq!(skip_bom(b"\xEF\xBB\xBFa,b"), b"a,b");
        assert_eq!(skip_bom(b"a,b"), b"a,b");
        assert_eq!(skip_bom(b"ab"), b"ab");
        assert_eq!(skip_bom(b"\xEF\xBB"), b"\xEF\xBB");
        assert_eq!(skip_bom(b""), b"");
    }

    #[test]
    fn semicolons_tabs_and_pipes_are_sniffed() {
        assert_eq!(sniff_delimiter(b"a;b;c\n1;2,5;3\n4;5,5;6\n"), b';');
        assert_eq!(sniff_delimiter(b"a\tb\n1\t2\n"), b'\t');
        assert_eq!(sniff_delimiter(b"a|b|c\n1|2|3\n"), b'|');
        assert_eq!(sniff_delimiter(b"a,b\n1,2\n"), b',');
    }

    #[test]
    fn delimiters_inside_quotes_do_not_count() {
        let sample = b"name;place\n\"Smith, J.\";\"Paris, France\"\n\"Doe, A.\";\"Lyon, France\"\n";
        assert_eq!(sniff_delimiter(sample), b';');
    }

    #[test]
    fn a_single_column_or_empty_sample_defaults_to_comma() {
        assert_eq!(sniff_delimiter(b"name\nAda\nGrace\n"), b',');
        assert_eq!(sniff_delimiter(b""), b',');
    }

    #[test]
    fn the_delimiter_that_agrees_with_the_header_on_more_lines_wins() {
        // Commas give 3 fields on the header only; semicolons give 2 on every line.
        let sample = b"a,x;b,y\n1;2\n3;4\n5;6\n";
        assert_eq!(sniff_delimiter(sample), b';');
    }
}
