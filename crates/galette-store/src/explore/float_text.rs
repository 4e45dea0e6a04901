//! A float as the text `compile::double_text` gives in SQL, computed here: the CSV lines of
//! an export answered from a columnar copy must be the very bytes the database would have
//! written.
//!
//! - SQLite writes a REAL with `printf("%!.15g")`: 15 significant digits, rounded half up
//!   from the decimal digits its `sqlite3FpDecode` finds by multiplying the value by powers
//!   of ten in x87 extended precision (64-bit significand, rounding to nearest even) until
//!   it lies in [1e17, 1e19), then truncating it to an integer; trailing zeros dropped but
//!   one kept after the point (`2.0`), exponents of at least two digits (`1.0e+20`). That
//!   arithmetic is reproduced exactly below with 128-bit integers.
//! - PostgreSQL (12 and later) writes the shortest digits that read back as the same value,
//!   in fixed notation from 1e-4 up to 1e15 and in scientific notation (`1e+15`, `1.5e-07`)
//!   outside; `double_text` writes integral values below 1e15 as an integer and `.0`.

use crate::Backend;
use std::fmt::Write;

/// Appends `x` as `double_text` would give it on `backend`.
pub fn write_double(x: f64, backend: Backend, out: &mut String) {
    match backend {
        Backend::Sqlite => sqlite_real(x, out),
        Backend::Postgres => super::shortest::postgres_double(x, out),
    }
}

/// A positive x87 extended value: `m`·2^`e`, `m` normalised (its top bit set).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Ext {
    m: u64,
    e: i32,
}

// The `long double` constants of sqlite3FpDecode, each the nearest extended value.
const E7: Ext = Ext {
    m: 0x9896_8000_0000_0000,
    e: -40,
};
const E17: Ext = Ext {
    m: 0xb1a2_bc2e_c500_0000,
    e: -7,
};
const E19: Ext = Ext {
    m: 0x8ac7_2304_89e8_0000,
    e: 0,
};
const E29: Ext = Ext {
    m: 0xa18f_07d7_36b9_0be5,
    e: 33,
};
const E119: Ext = Ext {
    m: 0x9e9f_11c4_014d_da7e,
    e: 332,
};
const E_97: Ext = Ext {
    m: 0xdab9_9e59_9588_85c5,
    e: -386,
};
const E1: Ext = Ext {
    m: 0xa000_0000_0000_0000,
    e: -60,
};
const E10: Ext = Ext {
    m: 0x9502_f900_0000_0000,
    e: -30,
};
const E100: Ext = Ext {
    m: 0x924d_692c_a61b_e758,
    e: 269,
};
const E_1: Ext = Ext {
    m: 0xcccc_cccc_cccc_cccd,
    e: -67,
};
const E_10: Ext = Ext {
    m: 0xdbe6_fece_bded_d5bf,
    e: -97,
};
const E_100: Ext = Ext {
    m: 0xdff9_7724_7029_7ebd,
    e: -396,
};

impl Ext {
    /// A positive finite double, exactly.
    fn of(x: f64) -> Ext {
        let (m, e) = super::shortest::binary_parts(x);
        let shift = m.leading_zeros();
        Ext {
            m: m << shift,
            e: e - shift as i32,
        }
    }

    /// The product, rounded to 64 bits to nearest, ties to even.
    fn mul(self, other: Ext) -> Ext {
        let product = u128::from(self.m) * u128::from(other.m);
        let shift: u32 = if product >> 127 == 1 { 64 } else { 63 };
        let mut m = (product >> shift) as u64;
        let rest = product & ((1u128 << shift) - 1);
        let half = 1u128 << (shift - 1);
        let mut e = self.e + other.e + shift as i32;
        if rest > half || (rest == half && m & 1 == 1) {
            m = m.wrapping_add(1);
            if m == 0 {
                m = 1 << 63;
                e += 1;
            }
        }
        Ext { m, e }
    }

    fn at_least(self, other: Ext) -> bool {
        (self.e, self.m) >= (other.e, other.m)
    }

    /// Truncated to an integer (the value is below 2^64).
    fn truncated(self) -> u64 {
        if self.e >= 0 {
            self.m
        } else {
            self.m.checked_shr(self.e.unsigned_abs()).unwrap_or(0)
        }
    }
}

/// The decimal digits sqlite3FpDecode finds for a positive finite `x` (at most 19) and the
/// power of ten of the last one.
fn sqlite_digits(x: f64) -> (u64, i32) {
    let mut rr = Ext::of(x);
    let mut exp = 0;
    if rr.at_least(E19) {
        while rr.at_least(E119) {
            exp += 100;
            rr = rr.mul(E_100);
        }
        while rr.at_least(E29) {
            exp += 10;
            rr = rr.mul(E_10);
        }
        while rr.at_least(E19) {
            exp += 1;
            rr = rr.mul(E_1);
        }
    } else {
        while !rr.at_least(E_97) {
            exp -= 100;
            rr = rr.mul(E100);
        }
        while !rr.at_least(E7) {
            exp -= 10;
            rr = rr.mul(E10);
        }
        while !rr.at_least(E17) {
            exp -= 1;
            rr = rr.mul(E1);
        }
    }
    (rr.truncated(), exp)
}

/// `printf("%!.15g", x)` as SQLite writes it.
fn sqlite_real(x: f64, out: &mut String) {
    if x.is_nan() {
        out.push_str("NaN");
        return;
    }
    if x.is_infinite() {
        out.push_str(if x < 0.0 { "-Inf" } else { "Inf" });
        return;
    }
    if x == 0.0 {
        out.push_str("0.0");
        return;
    }
    let (v, exp) = sqlite_digits(x.abs());
    let length = v.checked_ilog10().map_or(1, |l| l + 1) as i32;
    // The place of the decimal point, counted in digits from the first.
    let mut point = length + exp;
    // Rounded half up to 15 significant digits, from the 16th digit alone.
    let mut kept = v;
    if length > 15 {
        let below = 10u64.pow((length - 16) as u32);
        let up = (v / below) % 10 >= 5;
        kept = v / below / 10 + u64::from(up);
        if kept == 1_000_000_000_000_000 {
            kept /= 10;
            point += 1;
        }
    }
    // The kept digits, most significant first, without trailing zeros.
    let mut buffer = [b'0'; 20];
    let mut count = 0;
    let mut rest = kept;
    while rest > 0 {
        count += 1;
        if let Some(slot) = buffer.get_mut(20 - count) {
            *slot = b'0' + (rest % 10) as u8;
        }
        rest /= 10;
    }
    let mut digits = buffer.get(20 - count..).unwrap_or_default();
    while digits.len() > 1 && digits.last() == Some(&b'0') {
        digits = digits.get(..digits.len() - 1).unwrap_or_default();
    }
    let digit = |i: usize| char::from(digits.get(i).copied().unwrap_or(b'0'));
    if x < 0.0 {
        out.push('-');
    }
    let e10 = point - 1;
    let start = out.len();
    if !(-4..=14).contains(&e10) {
        out.push(digit(0));
        out.push('.');
        (1..15).for_each(|i| out.push(digit(i)));
        trim_zeros(out, start);
        let _ = write!(
            out,
            "e{}{:02}",
            if e10 < 0 { '-' } else { '+' },
            e10.unsigned_abs()
        );
        return;
    }
    // Fixed notation with 15 significant digits.
    let decimals = (14 - e10) as usize;
    let mut next = 0;
    if e10 < 0 {
        out.push('0');
    } else {
        for _ in 0..=e10 {
            out.push(digit(next));
            next += 1;
        }
    }
    out.push('.');
    let leading = if e10 < 0 {
        (e10.unsigned_abs() - 1) as usize
    } else {
        0
    };
    for i in 0..decimals {
        if i < leading {
            out.push('0');
        } else {
            out.push(digit(next));
            next += 1;
        }
    }
    trim_zeros(out, start);
}

/// Drops the trailing zeros of the number written from `start`, keeping one after the point.
fn trim_zeros(out: &mut String, start: usize) {
    while out.len() > start && out.ends_with('0') {
        out.pop();
    }
    if out.ends_with('.') {
        out.push('0');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sqlite(x: f64) -> String {
        let mut s = String::new();
        sqlite_real(x, &mut s);
        s
    }

    #[test]
    fn sqlite_writes_fifteen_significant_digits() {
        for (x, text) in [
            (0.0, "0.0"),
            (2.0, "2.0"),
            (-12.34, "-12.34"),
            (0.1, "0.1"),
            (1.0 / 3.0, "0.333333333333333"),
            (1e20, "1.0e+20"),
            (1.5e-7, "1.5e-07"),
            (0.0001, "0.0001"),
            (123_456_789_012_345_680.0, "1.23456789012346e+17"),
            (1e15, "1.0e+15"),
            (999_999_999_999_999.0, "999999999999999.0"),
            (9_999_999_999_999_999.0, "1.0e+16"),
            (1e-300, "1.0e-300"),
        ] {
            assert_eq!(sqlite(x), text, "{x}");
        }
    }
}
