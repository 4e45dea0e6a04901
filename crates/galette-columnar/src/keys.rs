//! Group keys: a column's cell, or the `range()` bucket of a numeric cell, computed as the
//! SQL path computes it (galette-store's `compile/functions.rs`):
//!
//! - integer widths of an integer column: `low = (cell / w − (cell < 0 and cell % w ≠ 0)) ·
//!   w` in integers, the label `[low, low + w[`;
//! - float widths: `low = ⌊float(cell) / w⌋ · w` in floats, the label's bounds written as
//!   the databases write floats. SQLite and PostgreSQL write them alike only from 0.0001 to
//!   10¹⁵ with at most 15 significant digits (`2.5`, `60.0`): a bound outside that, a
//!   quotient past 2⁵³ (where SQLite's integer cast saturates) or an integer bound that
//!   leaves the 64-bit range gives the plan up ([`ExecError::Undecided`]);
//! - fixed bounds: the first bucket holding the cell, its label written by the compiler.
//!
//! A range key groups by its label, orders by its low bound (or bucket), and an `order_by`
//! of it orders its labels as text, as the SQL path does.

use crate::ExecError;
use crate::cell::{compare_nulls_last, json};
use crate::column::{Column, Data};
use crate::plan::{Buckets, GroupKey};
use crate::table::Table;
use galette_core::explore::timezone::Zone;
use serde_json::Value;
use std::cmp::Ordering;

/// Integers whose float is exact: beyond, SQLite and PostgreSQL compare them with a float
/// bound differently.
const EXACT: i64 = 1 << 53;

/// A group key over a table.
#[derive(Clone, Copy, Debug)]
pub struct Key<'a> {
    /// The column it reads.
    pub column: &'a Column,
    buckets: Option<&'a Buckets>,
}

/// A group's key value: a column's cell (in the group's first row), or a range's bucket
/// and label (`None`: NULL).
#[derive(Clone, Debug)]
pub enum KeyValue {
    /// The cell of this row.
    Row(usize),
    /// A bucket and its label.
    Range(Option<(Bucket, String)>),
}

/// A bucket, ordered as the SQL path orders range keys.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Bucket {
    /// Its low bound, an integer.
    Int(i64),
    /// Its low bound, a float.
    Float(f64),
    /// Its position among fixed bounds.
    Fixed(usize),
}

impl<'a> Key<'a> {
    /// The key `key` of `table`.
    pub fn new(table: &'a Table, key: &'a GroupKey) -> Result<Key<'a>, ExecError> {
        Ok(match key {
            GroupKey::Column(c) => Key {
                column: table.column(*c)?,
                buckets: None,
            },
            GroupKey::Range { column, buckets } => Key {
                column: table.column(*column)?,
                buckets: Some(buckets),
            },
        })
    }

    /// Whether it is a column's cell.
    pub fn is_column(&self) -> bool {
        self.buckets.is_none()
    }

    /// Bits equal exactly when two rows' keys are (`None`: NULL).
    pub fn bits(&self, row: usize) -> Result<Option<u64>, ExecError> {
        let Some(buckets) = self.buckets else {
            return Ok(cell_bits(self.column, row));
        };
        Ok(bucket(self.column, buckets, row)?.map(|b| match b {
            Bucket::Int(low) => low as u64,
            // -0.0 and 0.0 are one label.
            Bucket::Float(low) => (low + 0.0).to_bits(),
            Bucket::Fixed(i) => i as u64,
        }))
    }

    /// The key's value in `row`.
    pub fn value(&self, row: usize) -> Result<KeyValue, ExecError> {
        let Some(buckets) = self.buckets else {
            return Ok(KeyValue::Row(row));
        };
        let Some(b) = bucket(self.column, buckets, row)? else {
            return Ok(KeyValue::Range(None));
        };
        let undecided = || ExecError::Undecided("a range bound the databases write differently");
        let label = match (b, buckets) {
            (Bucket::Int(low), Buckets::IntWidth(w)) => {
                format!("[{low}, {}[", low.checked_add(*w).ok_or_else(undecided)?)
            }
            (Bucket::Float(low), Buckets::FloatWidth(w)) => format!(
                "[{}, {}[",
                float_text(low).ok_or_else(undecided)?,
                float_text(low + w).ok_or_else(undecided)?
            ),
            (Bucket::Fixed(i), Buckets::Fixed(list)) => list
                .get(i)
                .map(|(_, _, label)| label.clone())
                .ok_or(ExecError::Mismatch("no such bucket"))?,
            _ => return Err(ExecError::Mismatch("a bucket of another kind")),
        };
        Ok(KeyValue::Range(Some((b, label))))
    }

    /// Orders two values, nulls last: a range by its bucket or, when `by_label` (an
    /// `order_by` of the key), by its label as text.
    pub fn compare(
        &self,
        a: &KeyValue,
        b: &KeyValue,
        descending: bool,
        by_label: bool,
    ) -> Ordering {
        match (a, b) {
            (KeyValue::Row(a), KeyValue::Row(b)) => {
                compare_nulls_last(self.column, *a, *b, descending)
            }
            (KeyValue::Range(a), KeyValue::Range(b)) => {
                let o = match (a, b) {
                    (None, None) => return Ordering::Equal,
                    (None, Some(_)) => return Ordering::Greater,
                    (Some(_), None) => return Ordering::Less,
                    (Some((_, lx)), Some((_, ly))) if by_label => lx.cmp(ly),
                    (Some((x, _)), Some((y, _))) => match (x, y) {
                        (Bucket::Int(x), Bucket::Int(y)) => x.cmp(y),
                        (Bucket::Float(x), Bucket::Float(y)) => {
                            x.partial_cmp(y).unwrap_or(Ordering::Equal)
                        }
                        (Bucket::Fixed(x), Bucket::Fixed(y)) => x.cmp(y),
                        _ => Ordering::Equal,
                    },
                };
                if descending { o.reverse() } else { o }
            }
            _ => Ordering::Equal,
        }
    }

    /// The value as JSON.
    pub fn json(&self, value: &KeyValue, zone: &Zone) -> Value {
        match value {
            KeyValue::Row(row) => json(self.column, *row, zone),
            KeyValue::Range(Some((_, label))) => Value::String(label.clone()),
            KeyValue::Range(None) => Value::Null,
        }
    }
}

/// A cell as bits that are equal exactly when the cells are (`None`: null).
pub fn cell_bits(column: &Column, row: usize) -> Option<u64> {
    if column.is_null(row) {
        return None;
    }
    match &column.data {
        Data::Int(v) => v.get(row).map(|x| x as u64),
        // -0.0 and 0.0 are one group, as in SQL.
        Data::Double(v) => v.get(row).map(|x| (x + 0.0).to_bits()),
        Data::Dict { codes, .. } => codes.get(row).map(u64::from),
        Data::Point { .. } => Some(0),
    }
}

/// The bucket of row `row`'s cell (`None`: null, or in no fixed bucket).
fn bucket(column: &Column, buckets: &Buckets, row: usize) -> Result<Option<Bucket>, ExecError> {
    if column.is_null(row) {
        return Ok(None);
    }
    let undecided = ExecError::Undecided("a range of a value the databases bucket differently");
    let (int, float) = match &column.data {
        Data::Int(v) => {
            let x = v.get(row).unwrap_or(0);
            (Some(x), x as f64)
        }
        Data::Double(v) => (None, v.get(row).copied().unwrap_or(0.0)),
        _ => {
            return Err(ExecError::Mismatch(
                "a range of a column that is not numeric",
            ));
        }
    };
    Ok(match buckets {
        Buckets::IntWidth(w) => {
            let (Some(x), true) = (int, *w > 0) else {
                return Err(ExecError::Mismatch("an integer range of floats"));
            };
            Some(Bucket::Int(
                x.div_euclid(*w).checked_mul(*w).ok_or(undecided)?,
            ))
        }
        Buckets::FloatWidth(w) => {
            let ratio = float / w;
            if ratio.is_nan() || ratio.abs() >= EXACT as f64 {
                return Err(undecided);
            }
            Some(Bucket::Float(ratio.floor() * w))
        }
        Buckets::Fixed(list) => {
            if int.is_some_and(|x| !(-EXACT..=EXACT).contains(&x)) {
                return Err(undecided);
            }
            list.iter()
                .position(|(low, high, _)| {
                    low.is_none_or(|l| float >= l) && high.is_none_or(|h| float < h)
                })
                .map(Bucket::Fixed)
        }
    })
}

/// A float as both databases write it as text, if they agree: `60.0`, `2.5`, `0.0001`.
fn float_text(x: f64) -> Option<String> {
    if x == x.trunc() {
        return (x.abs() < 1e15).then(|| format!("{}.0", x as i64));
    }
    if !(1e-4..1e15).contains(&x.abs()) {
        return None;
    }
    let text = x.to_string();
    let digits = text
        .chars()
        .filter(char::is_ascii_digit)
        .skip_while(|d| *d == '0')
        .count();
    (digits <= 15).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_are_written_as_the_databases_write_them_or_not_at_all() {
        assert_eq!(float_text(60.0).as_deref(), Some("60.0"));
        assert_eq!(float_text(-0.0).as_deref(), Some("0.0"));
        assert_eq!(float_text(-2.5).as_deref(), Some("-2.5"));
        assert_eq!(float_text(0.0001).as_deref(), Some("0.0001"));
        assert_eq!(float_text(123_456.789).as_deref(), Some("123456.789"));
        // SQLite writes 15 digits, PostgreSQL the shortest exact text, exponents elsewhere.
        assert_eq!(float_text(0.1 + 0.2), None);
        assert_eq!(float_text(0.00001), None);
        assert_eq!(float_text(1e15), None);
    }

    #[test]
    fn buckets_round_down_below_zero_as_the_sql_path() {
        let mut b = crate::TableBuilder::new(&[crate::column::Kind::Int]);
        for (i, n) in [Some(-7), Some(7), Some(-10), None, Some(i64::MIN)]
            .into_iter()
            .enumerate()
        {
            b.push_rid(i as i64 + 1).unwrap();
            b.columns_mut()[0].push_int(n).unwrap();
        }
        let table = b.finish().unwrap();
        let int = GroupKey::Range {
            column: 0,
            buckets: Buckets::IntWidth(5),
        };
        let key = Key::new(&table, &int).unwrap();
        let label = |row| match key.value(row) {
            Ok(KeyValue::Range(v)) => Ok(v.map(|(_, l)| l)),
            Ok(KeyValue::Row(_)) => Ok(None),
            Err(e) => Err(e),
        };
        assert_eq!(label(0), Ok(Some("[-10, -5[".to_owned())));
        assert_eq!(label(1), Ok(Some("[5, 10[".to_owned())));
        assert_eq!(label(2), Ok(Some("[-10, -5[".to_owned())));
        assert_eq!(label(3), Ok(None));
        // Past the 64-bit range the databases disagree (a float, an error).
        assert!(label(4).is_err());
        let fixed = GroupKey::Range {
            column: 0,
            buckets: Buckets::Fixed(vec![
                (None, Some(0.0), "[*, 0[".to_owned()),
                (Some(0.0), Some(5.0), "[0, 5[".to_owned()),
            ]),
        };
        let key = Key::new(&table, &fixed).unwrap();
        assert_eq!(key.bits(0), Ok(Some(0)));
        assert_eq!(key.bits(1), Ok(None));
        assert!(key.bits(4).is_err());
    }
}
