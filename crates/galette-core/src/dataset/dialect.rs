//! The CSV dialect both import passes share, and the line each row starts on.
//!
//! Owns: RFC 4180 parsing settings (any line end, blank lines skipped, ragged rows let
//! through so they can be reported), the field-count check, and line numbers as a text
//! editor shows them. The `csv` crate's own line count skips blank lines and miscounts
//! `\r\n`, so lines are counted here from the bytes the parser consumes.

use std::collections::VecDeque;
use std::io::{self, Read};

use csv::ByteRecord;

use super::error::{ImportError, MAX_CELL_BYTES};
use super::sniff::SkipBom;

/// Raw CSV records of a file, each with the 1-based line it starts on (the header is line 1).
pub(crate) struct CsvRecords<R> {
    csv: csv::Reader<LineCounter<SkipBom<R>>>,
    record: ByteRecord,
    line: u64,
    /// Records read so far; the first is the header, whose cells `MAX_COLUMN_NAME_CHARS` bounds.
    records_read: u64,
}

impl<R: Read> CsvRecords<R> {
    /// Records of `source` split on `delimiter`, after any BOM.
    pub(crate) fn new(source: R, delimiter: u8) -> Self {
        let csv = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(LineCounter::new(SkipBom::new(source)));
        CsvRecords {
            csv,
            record: ByteRecord::new(),
            line: 0,
            records_read: 0,
        }
    }

    /// Moves to the next record; `false` at the end of the file.
    pub(crate) fn advance(&mut self) -> Result<bool, ImportError> {
        match self.csv.read_byte_record(&mut self.record) {
            Ok(false) => Ok(false),
            Ok(true) => {
                let start = self.record.position().map_or(0, csv::Position::byte);
                self.line = self.csv.get_mut().line_at(start);
                self.records_read += 1;
                if self.records_read > 1 {
                    self.check_cell_sizes()?;
                }
                Ok(true)
            }
            Err(error) => Err(match error.kind() {
                csv::ErrorKind::Io(io) => ImportError::Io(io.to_string()),
                _ => ImportError::Malformed {
                    line: self.line + 1,
                    reason: error.to_string(),
                },
            }),
        }
    }

    /// The current record's cells.
    pub(crate) fn record(&self) -> &ByteRecord {
        &self.record
    }

    /// The line the current record starts on.
    pub(crate) fn line(&self) -> u64 {
        self.line
    }

    /// `CellTooLarge` for the first cell of the current record over `MAX_CELL_BYTES`.
    fn check_cell_sizes(&self) -> Result<(), ImportError> {
        match self
            .record
            .iter()
            .position(|cell| cell.len() > MAX_CELL_BYTES)
        {
            None => Ok(()),
            Some(index) => Err(ImportError::CellTooLarge {
                line: self.line,
                column: index + 1,
                bytes: self.record.get(index).map_or(0, <[u8]>::len),
            }),
        }
    }

    /// `FieldCount` unless the current record has exactly `expected` fields.
    pub(crate) fn check_width(&self, expected: usize) -> Result<(), ImportError> {
        if self.record.len() == expected {
            Ok(())
        } else {
            Err(ImportError::wrong_field_count(
                self.line,
                expected,
                self.record.len(),
            ))
        }
    }
}

/// A reader that notes where each non-blank line starts in what passes through.
///
/// The parser reports a record's start just after the previous record's terminator, which
/// may sit before blank lines or inside a `\r\n`; the record's line is that of the first
/// non-blank line from there. Only line starts the parser has read ahead but not yet asked
/// about are kept, so memory is bounded by its buffer (or by one multi-line record).
struct LineCounter<R> {
    inner: R,
    /// Bytes passed through so far.
    offset: u64,
    /// (offset, line) of each non-blank line start not yet asked about.
    line_starts: VecDeque<(u64, u64)>,
    /// The line of the next byte.
    line: u64,
    is_line_start: bool,
    is_after_cr: bool,
}

impl<R> LineCounter<R> {
    fn new(inner: R) -> Self {
        LineCounter {
            inner,
            offset: 0,
            line_starts: VecDeque::new(),
            line: 1,
            is_line_start: true,
            is_after_cr: false,
        }
    }

    /// The line of the first non-blank line at or after `offset`; asked in increasing order.
    fn line_at(&mut self, offset: u64) -> u64 {
        while self.line_starts.front().is_some_and(|&(at, _)| at < offset) {
            self.line_starts.pop_front();
        }
        self.line_starts
            .front()
            .map_or(self.line, |&(_, line)| line)
    }
}

impl<R: Read> Read for LineCounter<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        for (at, &byte) in (self.offset..).zip(buf.get(..n).unwrap_or_default()) {
            match byte {
                // `\n` right after `\r` ends the same line as the `\r` did.
                b'\n' if self.is_after_cr => {}
                b'\r' | b'\n' => {
                    self.line += 1;
                    self.is_line_start = true;
                }
                _ if self.is_line_start => {
                    self.line_starts.push_back((at, self.line));
                    self.is_line_start = false;
                }
                _ => {}
            }
            self.is_after_cr = byte == b'\r';
        }
        self.offset += n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {

    use super::*;

    fn lines(bytes: &[u8]) -> Vec<u64> {
        let mut records = CsvRecords::new(bytes, b',');
        let mut lines = Vec::new();
        while records.advance().unwrap() {
            lines.push(records.line());
        }
        lines
    }

    #[test]
    fn blank_lines_count_as_lines() {
        assert_eq!(lines(b"a,b\n1,2\n\n3,4\n"), [1, 2, 4]);
        assert_eq!(lines(b"a\n\n\n\nb\n"), [1, 5]);
    }

    #[test]
    fn every_kind_of_line_end_counts_once() {
        assert_eq!(lines(b"a,b\r\n1,2\r\n\r\n3,4\r\n"), [1, 2, 4]);
        assert_eq!(lines(b"a\rb\rc"), [1, 2, 3]);
    }

    #[test]
    fn a_line_break_inside_quotes_moves_the_next_row_down() {
        assert_eq!(lines(b"a,b\n\"x\ny\",2\n3,4\n"), [1, 2, 4]);
    }

    #[test]
    fn a_bom_does_not_shift_lines() {
        assert_eq!(lines(b"\xEF\xBB\xBFa\nb\n"), [1, 2]);
    }

    #[test]
    fn lines_stay_right_far_into_a_long_file() {
        let mut csv = b"n\n".to_vec();
        for i in 0..20_000 {
            csv.extend_from_slice(format!("{i}\n\n").as_bytes());
        }
        let found = lines(&csv);
        assert_eq!(found.last(), Some(&(2 + 2 * 19_999)));
    }
}
