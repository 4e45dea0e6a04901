//! A float as PostgreSQL writes it (12 and later; `float_text` for the dispatch): the
//! fewest significant digits of a decimal lying strictly inside the values that round to
//! it — PostgreSQL's Ryu does not accept the interval's ends even where reading would round
//! them back — and of those, the nearest, an exact tie going to the even digit. Fixed
//! notation from 1e-4 up to 1e15, scientific notation outside (`1e+15`, `1.5e-07`).
//!
//! Rust's own shortest digits are PostgreSQL's whenever they are at most 15 and the value
//! is below 2^53: an end of the interval, or a tie between two candidates, then needs more
//! digits than that. Other values are decided here with exact decimal arithmetic on the
//! value's and its neighbours' full expansions (slower, but rare in data read from text).

use std::cmp::Ordering;
use std::fmt::Write;

/// `double_text` on PostgreSQL: integral values below 1e15 as an integer and `.0`, the
/// others as `float8out` writes them.
pub(super) fn postgres_double(x: f64, out: &mut String) {
    if x.is_nan() {
        out.push_str("NaN");
        return;
    }
    if x.is_infinite() {
        out.push_str(if x < 0.0 { "-Infinity" } else { "Infinity" });
        return;
    }
    if x == x.floor() && x.abs() < 1e15 {
        let _ = write!(out, "{}.0", x as i64);
        return;
    }
    let (digits, e10) = shortest(x.abs());
    if x < 0.0 {
        out.push('-');
    }
    let digit = |i: usize| char::from(digits.get(i).copied().unwrap_or(0) + b'0');
    if (-4..15).contains(&e10) {
        if e10 < 0 {
            out.push_str("0.");
            (1..e10.unsigned_abs()).for_each(|_| out.push('0'));
            (0..digits.len()).for_each(|i| out.push(digit(i)));
        } else {
            let whole = e10 as usize + 1;
            (0..whole).for_each(|i| out.push(digit(i)));
            if digits.len() > whole {
                out.push('.');
                (whole..digits.len()).for_each(|i| out.push(digit(i)));
            }
        }
    } else {
        out.push(digit(0));
        if digits.len() > 1 {
            out.push('.');
            (1..digits.len()).for_each(|i| out.push(digit(i)));
        }
        let _ = write!(
            out,
            "e{}{:02}",
            if e10 < 0 { '-' } else { '+' },
            e10.unsigned_abs()
        );
    }
}

/// The digits (0 to 9, no trailing zero) of a positive finite `x` as PostgreSQL chooses
/// them, and the power of ten of the first.
fn shortest(x: f64) -> (Vec<u8>, i32) {
    let (digits, e10) = scientific(&format!("{x:e}"));
    if digits.len() <= 15 && x < 9_007_199_254_740_992.0 || no_tie_nor_end(x) {
        return (digits, e10);
    }
    exact_shortest(x).unwrap_or((digits, e10))
}

/// A finite non-negative double as `mantissa · 2^exponent`, exactly: the stored fraction
/// with its implicit leading bit (none for a subnormal), and the unbiased exponent.
pub(super) fn binary_parts(x: f64) -> (u64, i32) {
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let fraction = bits & ((1 << 52) - 1);
    if biased == 0 {
        (fraction, -1074)
    } else {
        (fraction | (1 << 52), biased - 1075)
    }
}

/// The digits (0 to 9) and the power of ten of the first, of a number Rust wrote in
/// scientific notation (`1.25e-7`).
fn scientific(text: &str) -> (Vec<u8>, i32) {
    let (mantissa, e10) = text.split_once('e').unwrap_or((text, "0"));
    let digits = mantissa
        .bytes()
        .filter(u8::is_ascii_digit)
        .map(|d| d - b'0')
        .collect();
    (digits, e10.parse().unwrap_or(0))
}

/// Whether `x` (positive) is below 2^52, where no end of its interval has 17 digits or
/// fewer, and its exact expansion is too long for two candidates of at most 17 digits to
/// be equally near (a tie needs an expansion of at most 18 digits ending in 5).
fn no_tie_nor_end(x: f64) -> bool {
    if x >= 4_503_599_627_370_496.0 {
        return false;
    }
    let (mantissa, exponent) = binary_parts(x);
    // x = odd · 2^(exponent + trailing zeros): that many binary places, as many decimal.
    let places = -(exponent + mantissa.trailing_zeros() as i32);
    if places <= 0 {
        // An integer below 2^53: its own digits, nothing shorter is inside.
        return true;
    }
    // Significant digits of the expansion, within one.
    let digits = x.log10().floor() as i32 + 1 + places;
    digits >= 20
}

/// A non-negative decimal: `digits` (most significant first) times 10^`exp`.
#[derive(Clone, Debug)]
struct Decimal {
    digits: Vec<u8>,
    exp: i32,
}

impl Decimal {
    /// The exact value of a finite non-negative double.
    fn of(x: f64) -> Decimal {
        // Every double's expansion has at most 767 significant digits.
        let (digits, e10) = scientific(&format!("{x:.800e}"));
        let exp = e10 - (digits.len() as i32 - 1);
        Decimal { digits, exp }.trimmed()
    }

    /// Without trailing zeros (zero is no digit at all).
    fn trimmed(mut self) -> Decimal {
        while self.digits.last() == Some(&0) {
            self.digits.pop();
            self.exp += 1;
        }
        let leading = self.digits.iter().take_while(|d| **d == 0).count();
        self.digits.drain(..leading);
        self
    }

    /// The digits at exponent `exp` (which is at most `self.exp`).
    fn at(&self, exp: i32) -> Vec<u8> {
        let mut digits = self.digits.clone();
        digits.extend(std::iter::repeat_n(0, (self.exp - exp).max(0) as usize));
        digits
    }

    fn cmp(&self, other: &Decimal) -> Ordering {
        let exp = self.exp.min(other.exp);
        let significant =
            |v: Vec<u8>| -> Vec<u8> { v.into_iter().skip_while(|d| *d == 0).collect() };
        let (a, b) = (significant(self.at(exp)), significant(other.at(exp)));
        a.len().cmp(&b.len()).then_with(|| a.cmp(&b))
    }

    /// Half the sum of two decimals.
    fn midpoint(&self, other: &Decimal) -> Decimal {
        // Halving is exact one place further down.
        let exp = self.exp.min(other.exp) - 1;
        let (a, b) = (self.at(exp), other.at(exp));
        let len = a.len().max(b.len()) + 1;
        let pad = |v: Vec<u8>| {
            let mut p = vec![0; len - v.len()];
            p.extend(v);
            p
        };
        let (a, b) = (pad(a), pad(b));
        let mut sum = vec![0u8; len];
        let mut carry = 0;
        for i in (0..len).rev() {
            let s = a.get(i).copied().unwrap_or(0) + b.get(i).copied().unwrap_or(0) + carry;
            if let Some(slot) = sum.get_mut(i) {
                *slot = s % 10;
            }
            carry = s / 10;
        }
        let mut half = Vec::with_capacity(len);
        let mut rest = 0u8;
        for d in sum {
            let v = rest * 10 + d;
            half.push(v / 2);
            rest = v % 2;
        }
        Decimal { digits: half, exp }.trimmed()
    }

    /// The power of ten of the first digit.
    fn top(&self) -> i32 {
        self.exp + self.digits.len() as i32 - 1
    }
}

/// The shortest digits strictly between the midpoints to `x`'s neighbours, nearest `x`.
fn exact_shortest(x: f64) -> Option<(Vec<u8>, i32)> {
    let bits = x.to_bits();
    let below = f64::from_bits(bits.checked_sub(1)?);
    let above = f64::from_bits(bits + 1);
    let value = Decimal::of(x);
    let low = value.midpoint(&Decimal::of(below.max(0.0)));
    // The largest double has no neighbour above: Rust's digits stand.
    let high = value.midpoint(&Decimal::of(above.is_finite().then_some(above)?));
    let top = value.top();
    for n in 1..=17usize {
        let exp = top - n as i32 + 1;
        let mut truncated: Vec<u8> = value.digits.iter().take(n).copied().collect();
        truncated.resize(n, 0);
        let rest: Vec<u8> = value.digits.iter().skip(n).copied().collect();
        let down = Decimal {
            digits: truncated.clone(),
            exp,
        };
        let up = Decimal {
            digits: increment(&truncated),
            exp,
        };
        let inside = |d: &Decimal| {
            low.cmp(d) == Ordering::Less && d.cmp(&high) == Ordering::Less && !d.digits.is_empty()
        };
        let (down_in, up_in) = (
            inside(&down.clone().trimmed()),
            inside(&up.clone().trimmed()),
        );
        let chosen = match (down_in, up_in) {
            (false, false) => continue,
            (true, false) => down,
            (false, true) => up,
            (true, true) => match compare_half(&rest) {
                Ordering::Less => down,
                Ordering::Greater => up,
                Ordering::Equal if truncated.last().is_some_and(|d| d % 2 == 0) => down,
                Ordering::Equal => up,
            },
        };
        let chosen = chosen.trimmed();
        let top = chosen.top();
        return Some((chosen.digits, top));
    }
    None
}

/// The digits plus one in the last place (a carry past the first adds a digit).
fn increment(digits: &[u8]) -> Vec<u8> {
    let mut out = digits.to_vec();
    for d in out.iter_mut().rev() {
        if *d == 9 {
            *d = 0;
        } else {
            *d += 1;
            return out;
        }
    }
    out.insert(0, 1);
    out
}

/// How the fraction `0.rest` compares with one half.
fn compare_half(rest: &[u8]) -> Ordering {
    match rest.first() {
        None => Ordering::Less,
        Some(d) if *d != 5 => d.cmp(&5),
        Some(_) if rest.iter().skip(1).any(|d| *d != 0) => Ordering::Greater,
        Some(_) => Ordering::Equal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn postgres(x: f64) -> String {
        let mut s = String::new();
        postgres_double(x, &mut s);
        s
    }

    #[test]
    fn postgres_writes_the_shortest_digits_strictly_inside() {
        for (x, text) in [
            (0.0, "0.0"),
            (-0.0, "0.0"),
            (2.0, "2.0"),
            (-12.34, "-12.34"),
            (1.0 / 3.0, "0.3333333333333333"),
            (1e20, "1e+20"),
            (1.5e-7, "1.5e-07"),
            (0.0001, "0.0001"),
            (1e15, "1e+15"),
            (123_456_789_012_345.6, "123456789012345.6"),
            (1.25e100, "1.25e+100"),
            // An end of the interval, and a tie between two nearest.
            (2e23, "1.9999999999999998e+23"),
            (1_303_853_775_822_239.3, "1.3038537758222392e+15"),
            (-4.289_347_700_442_726e16, "-4.2893477004427264e+16"),
            (5e-324, "5e-324"),
        ] {
            assert_eq!(postgres(x), text, "{x}");
        }
    }
}
