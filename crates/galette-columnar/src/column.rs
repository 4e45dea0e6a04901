//! One column of a table: its kind (how its cells are written in JSON) and its data. Text
//! and dates are codes into a dictionary sorted by code point, the order SQLite and a
//! PostgreSQL database in the C collation compare text in, so comparing or ordering two
//! cells compares two integers.

use crate::bits::Bitmap;
use crate::widths::{Codes, Ints};
use std::collections::HashMap;

/// What a column holds, as the Explore API types it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Text.
    Text,
    /// `YYYY-MM-DD` text.
    Date,
    /// A 64-bit integer.
    Int,
    /// 0 or 1, written `false`/`true`.
    Boolean,
    /// Unix seconds, written as ISO 8601 in the request's zone.
    Datetime,
    /// A float.
    Double,
    /// A latitude and a longitude.
    Point,
}

/// The cells of a column.
#[derive(Debug)]
pub enum Data {
    /// Integers, booleans and datetimes (0 where null), as narrow as their values allow.
    Int(Ints),
    /// Floats (0 where null).
    Double(Vec<f64>),
    /// Text and dates: a code per row into `values`, sorted ascending and unique (0 where
    /// null: the null bitmap tells).
    Dict {
        /// The code of each row.
        codes: Codes,
        /// The distinct values, in code point order.
        values: Vec<Box<str>>,
    },
    /// Points (0 where null).
    Point {
        /// Latitudes.
        lat: Vec<f64>,
        /// Longitudes.
        lon: Vec<f64>,
    },
}

/// A finished column.
#[derive(Debug)]
pub struct Column {
    /// How its cells are written.
    pub kind: Kind,
    /// Its cells.
    pub data: Data,
    /// Bit set where the cell is null.
    pub nulls: Bitmap,
    /// Whether any cell is null (the filter then skips the bitmap).
    pub has_nulls: bool,
}

impl Column {
    /// Whether row `row`'s cell is null.
    pub fn is_null(&self, row: usize) -> bool {
        self.has_nulls && self.nulls.get(row)
    }

    /// Bytes held by its cells, bitmap and dictionary.
    pub fn heap_bytes(&self) -> usize {
        let data = match &self.data {
            Data::Int(v) => v.heap_bytes(),
            Data::Double(v) => v.capacity() * 8,
            Data::Dict { codes, values } => {
                codes.heap_bytes()
                    + values.capacity() * 16
                    + values.iter().map(|v| v.len()).sum::<usize>()
            }
            Data::Point { lat, lon } => (lat.capacity() + lon.capacity()) * 8,
        };
        data + self.nulls.heap_bytes()
    }
}

/// Builds a column row by row.
#[derive(Debug)]
pub struct ColumnBuilder {
    kind: Kind,
    data: Data,
    nulls: Bitmap,
    /// Text values seen so far with their provisional codes (first-seen order).
    seen: HashMap<Box<str>, u32>,
}

impl ColumnBuilder {
    /// An empty column of `kind`.
    pub fn new(kind: Kind) -> ColumnBuilder {
        ColumnBuilder::with_capacity(kind, 0)
    }

    /// An empty column of `kind` with room for `rows` cells: a column loaded whole is
    /// allocated once, never doubled on the way.
    pub fn with_capacity(kind: Kind, rows: usize) -> ColumnBuilder {
        let data = match kind {
            Kind::Int | Kind::Boolean | Kind::Datetime => Data::Int(Ints::with_capacity(rows)),
            Kind::Double => Data::Double(Vec::with_capacity(rows)),
            Kind::Text | Kind::Date => Data::Dict {
                codes: Codes::with_capacity(rows),
                values: Vec::new(),
            },
            Kind::Point => Data::Point {
                lat: Vec::with_capacity(rows),
                lon: Vec::with_capacity(rows),
            },
        };
        ColumnBuilder {
            kind,
            data,
            nulls: Bitmap::with_capacity(rows),
            seen: HashMap::new(),
        }
    }

    /// Appends an integer, boolean (0/1) or datetime cell; `Mismatch` for another kind.
    pub fn push_int(&mut self, cell: Option<i64>) -> Result<(), crate::ExecError> {
        let Data::Int(values) = &mut self.data else {
            return Err(crate::ExecError::Mismatch(
                "an integer for a column of another kind",
            ));
        };
        values.push(cell.unwrap_or(0));
        self.nulls.push(cell.is_none());
        Ok(())
    }

    /// Appends a float cell.
    pub fn push_double(&mut self, cell: Option<f64>) -> Result<(), crate::ExecError> {
        let Data::Double(values) = &mut self.data else {
            return Err(crate::ExecError::Mismatch(
                "a float for a column of another kind",
            ));
        };
        values.push(cell.unwrap_or(0.0));
        self.nulls.push(cell.is_none());
        Ok(())
    }

    /// Appends a text or date cell.
    pub fn push_text(&mut self, cell: Option<&str>) -> Result<(), crate::ExecError> {
        let Data::Dict { codes, values } = &mut self.data else {
            return Err(crate::ExecError::Mismatch(
                "text for a column of another kind",
            ));
        };
        let code = match cell {
            None => 0,
            Some(text) => match self.seen.get(text) {
                Some(code) => *code,
                None => {
                    let code = u32::try_from(values.len())
                        .map_err(|_| crate::ExecError::Mismatch("too many distinct values"))?;
                    values.push(text.into());
                    self.seen.insert(text.into(), code);
                    code
                }
            },
        };
        codes.push(code);
        self.nulls.push(cell.is_none());
        Ok(())
    }

    /// Appends a point cell (latitude, longitude).
    pub fn push_point(&mut self, cell: Option<(f64, f64)>) -> Result<(), crate::ExecError> {
        let Data::Point { lat, lon } = &mut self.data else {
            return Err(crate::ExecError::Mismatch(
                "a point for a column of another kind",
            ));
        };
        let (a, o) = cell.unwrap_or((0.0, 0.0));
        lat.push(a);
        lon.push(o);
        self.nulls.push(cell.is_none());
        Ok(())
    }

    /// Cells pushed so far.
    pub fn len(&self) -> usize {
        self.nulls.len()
    }

    /// Whether no cell was pushed.
    pub fn is_empty(&self) -> bool {
        self.nulls.is_empty()
    }

    /// Bytes held so far, the dictionary's index included (an estimate of the finished
    /// column's size, somewhat above it).
    pub fn heap_bytes(&self) -> usize {
        let data = match &self.data {
            Data::Int(v) => v.heap_bytes(),
            Data::Double(v) => v.capacity() * 8,
            Data::Dict { codes, values } => {
                codes.heap_bytes()
                    + values.capacity() * 16
                    + 2 * values.iter().map(|v| v.len()).sum::<usize>()
                    + self.seen.capacity() * 24
            }
            Data::Point { lat, lon } => (lat.capacity() + lon.capacity()) * 8,
        };
        data + self.nulls.heap_bytes()
    }

    /// The finished column: a text dictionary is sorted and its codes renumbered.
    pub fn finish(self) -> Column {
        let ColumnBuilder {
            kind,
            mut data,
            mut nulls,
            ..
        } = self;
        if let Data::Dict { codes, values } = &mut data {
            let mut order: Vec<u32> = (0..values.len() as u32).collect();
            order.sort_unstable_by(|a, b| values.get(*a as usize).cmp(&values.get(*b as usize)));
            let mut renumber = vec![0u32; values.len()];
            for (new, old) in order.iter().enumerate() {
                if let Some(slot) = renumber.get_mut(*old as usize) {
                    *slot = new as u32;
                }
            }
            codes.renumber(&renumber);
            let mut taken: Vec<Option<Box<str>>> =
                std::mem::take(values).into_iter().map(Some).collect();
            *values = order
                .iter()
                .filter_map(|old| taken.get_mut(*old as usize).and_then(Option::take))
                .collect();
            codes.shrink();
            values.shrink_to_fit();
        }
        match &mut data {
            Data::Int(v) => v.shrink(),
            Data::Double(v) => v.shrink_to_fit(),
            Data::Point { lat, lon } => {
                lat.shrink_to_fit();
                lon.shrink_to_fit();
            }
            Data::Dict { .. } => {}
        }
        nulls.shrink();
        let has_nulls = nulls.any();
        Column {
            kind,
            data,
            nulls,
            has_nulls,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_column_is_a_sorted_dictionary_with_renumbered_codes() {
        let mut b = ColumnBuilder::new(Kind::Text);
        for cell in [
            Some("UA"),
            Some("AA"),
            None,
            Some("é"),
            Some("UA"),
            Some("Z"),
        ] {
            b.push_text(cell).unwrap();
        }
        let column = b.finish();
        let Data::Dict { codes, values } = &column.data else {
            panic!("not a dictionary")
        };
        let values: Vec<&str> = values.iter().map(|v| &**v).collect();
        assert_eq!(values, ["AA", "UA", "Z", "é"]);
        let codes: Vec<Option<u32>> = (0..6)
            .map(|r| (!column.is_null(r)).then(|| codes.get(r)).flatten())
            .collect();
        assert_eq!(codes, [Some(1), Some(0), None, Some(3), Some(1), Some(2)]);
        assert!(column.has_nulls && column.is_null(2) && !column.is_null(1));
    }

    #[test]
    fn a_cell_of_the_wrong_kind_is_refused() {
        let mut b = ColumnBuilder::new(Kind::Int);
        assert!(b.push_text(Some("x")).is_err());
        assert!(b.push_int(Some(3)).is_ok());
    }
}
