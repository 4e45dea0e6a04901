//! Integers and dictionary codes in the narrowest width their values need: a column of
//! months takes one byte a row, not eight, which is less memory and less to scan. A vector
//! starts one byte wide and widens (once per width, copying) when a value does not fit.
//!
//! The hot loops are written once over a slice of any width with [`with_ints!`] and
//! [`with_codes!`], which expand to one monomorphic loop per width.

#![allow(
    clippy::useless_conversion,
    reason = "code written once for every width with with_ints!/with_codes!: for the widest width the conversion is the identity"
)]

/// Integers, each width holding the values of the narrower ones.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ints {
    /// -128..=127.
    I8(Vec<i8>),
    /// 16 bits.
    I16(Vec<i16>),
    /// 32 bits.
    I32(Vec<i32>),
    /// 64 bits.
    I64(Vec<i64>),
}

/// Dictionary codes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Codes {
    /// Up to 256 values.
    U8(Vec<u8>),
    /// Up to 65,536 values.
    U16(Vec<u16>),
    /// More.
    U32(Vec<u32>),
}

/// Runs `$body` with `$v` bound to the vector of an [`Ints`], whatever its width.
#[macro_export]
macro_rules! with_ints {
    ($ints:expr, $v:ident => $body:expr) => {
        match $ints {
            $crate::widths::Ints::I8($v) => $body,
            $crate::widths::Ints::I16($v) => $body,
            $crate::widths::Ints::I32($v) => $body,
            $crate::widths::Ints::I64($v) => $body,
        }
    };
}

/// Runs `$body` with `$v` bound to the vector of a [`Codes`], whatever its width.
#[macro_export]
macro_rules! with_codes {
    ($codes:expr, $v:ident => $body:expr) => {
        match $codes {
            $crate::widths::Codes::U8($v) => $body,
            $crate::widths::Codes::U16($v) => $body,
            $crate::widths::Codes::U32($v) => $body,
        }
    };
}

/// `values` in a wider type, with room for as many values as they had (a vector sized for
/// the whole column at the start stays so).
fn widened<T: Copy, U: From<T>>(values: &Vec<T>) -> Vec<U> {
    let mut out = Vec::with_capacity(values.capacity().max(16));
    out.extend(values.iter().map(|v| U::from(*v)));
    out
}

impl Default for Ints {
    fn default() -> Self {
        Ints::I8(Vec::new())
    }
}

impl Ints {
    /// Room for `n` values (one byte each until a value needs more).
    pub fn with_capacity(n: usize) -> Ints {
        Ints::I8(Vec::with_capacity(n))
    }

    /// Appends a value, widening first if it does not fit.
    pub fn push(&mut self, value: i64) {
        loop {
            match self {
                Ints::I8(v) => match i8::try_from(value) {
                    Ok(x) => return v.push(x),
                    Err(_) => *self = Ints::I16(widened(v)),
                },
                Ints::I16(v) => match i16::try_from(value) {
                    Ok(x) => return v.push(x),
                    Err(_) => *self = Ints::I32(widened(v)),
                },
                Ints::I32(v) => match i32::try_from(value) {
                    Ok(x) => return v.push(x),
                    Err(_) => *self = Ints::I64(widened(v)),
                },
                Ints::I64(v) => return v.push(value),
            }
        }
    }

    /// Value `row`.
    pub fn get(&self, row: usize) -> Option<i64> {
        with_ints!(self, v => v.get(row).map(|x| i64::from(*x)))
    }

    /// The last value.
    pub fn last(&self) -> Option<i64> {
        with_ints!(self, v => v.last().map(|x| i64::from(*x)))
    }

    /// Values held.
    pub fn len(&self) -> usize {
        with_ints!(self, v => v.len())
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Bytes held.
    pub fn heap_bytes(&self) -> usize {
        with_ints!(self, v => v.capacity() * std::mem::size_of_val(&v.first().copied().unwrap_or_default()))
    }

    /// Releases spare capacity.
    pub fn shrink(&mut self) {
        with_ints!(self, v => v.shrink_to_fit())
    }
}

impl Default for Codes {
    fn default() -> Self {
        Codes::U8(Vec::new())
    }
}

impl Codes {
    /// Room for `n` codes.
    pub fn with_capacity(n: usize) -> Codes {
        Codes::U8(Vec::with_capacity(n))
    }

    /// Appends a code, widening first if it does not fit.
    pub fn push(&mut self, code: u32) {
        loop {
            match self {
                Codes::U8(v) => match u8::try_from(code) {
                    Ok(x) => return v.push(x),
                    Err(_) => *self = Codes::U16(widened(v)),
                },
                Codes::U16(v) => match u16::try_from(code) {
                    Ok(x) => return v.push(x),
                    Err(_) => *self = Codes::U32(widened(v)),
                },
                Codes::U32(v) => return v.push(code),
            }
        }
    }

    /// Code `row`.
    pub fn get(&self, row: usize) -> Option<u32> {
        with_codes!(self, v => v.get(row).map(|x| u32::from(*x)))
    }

    /// Replaces each code `c` by `new[c]`.
    pub fn renumber(&mut self, new: &[u32]) {
        with_codes!(self, v => {
            for code in v.iter_mut() {
                if let Some(n) = new.get(u32::from(*code) as usize).and_then(|n| (*n).try_into().ok()) {
                    *code = n;
                }
            }
        })
    }

    /// Bytes held.
    pub fn heap_bytes(&self) -> usize {
        with_codes!(self, v => v.capacity() * std::mem::size_of_val(&v.first().copied().unwrap_or_default()))
    }

    /// Releases spare capacity.
    pub fn shrink(&mut self) {
        with_codes!(self, v => v.shrink_to_fit())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_vector_widens_only_as_far_as_its_values_need_and_keeps_them() {
        let mut ints = Ints::default();
        for v in [1, -5, 127] {
            ints.push(v);
        }
        assert!(matches!(ints, Ints::I8(_)));
        ints.push(300);
        assert!(matches!(ints, Ints::I16(_)));
        ints.push(i64::MIN);
        assert!(matches!(ints, Ints::I64(_)));
        let back: Vec<i64> = (0..ints.len()).filter_map(|i| ints.get(i)).collect();
        assert_eq!(back, [1, -5, 127, 300, i64::MIN]);

        let mut codes = Codes::default();
        for c in 0..300 {
            codes.push(c);
        }
        assert!(matches!(codes, Codes::U16(_)));
        assert_eq!(codes.get(299), Some(299));
    }
}
