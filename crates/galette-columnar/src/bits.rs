//! Bitmaps: the null bitmap of a column (bit set = null) and the three-valued masks a
//! filter produces for one chunk of rows (`truth`: the condition holds; `unknown`: it is
//! NULL; neither: it is false).

use crate::CHUNK;

/// Words in a chunk's mask.
pub const WORDS: usize = CHUNK / 64;

/// A growable bitmap, one bit per row.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Bitmap {
    words: Vec<u64>,
    len: usize,
}

impl Bitmap {
    /// Room for `n` bits.
    pub fn with_capacity(n: usize) -> Bitmap {
        Bitmap {
            words: Vec::with_capacity(n.div_ceil(64)),
            len: 0,
        }
    }

    /// Appends one bit.
    pub fn push(&mut self, bit: bool) {
        let (word, shift) = (self.len / 64, self.len % 64);
        if word == self.words.len() {
            self.words.push(0);
        }
        if bit && let Some(w) = self.words.get_mut(word) {
            *w |= 1 << shift;
        }
        self.len += 1;
    }

    /// The bit of row `row` (false past the end).
    pub fn get(&self, row: usize) -> bool {
        self.words
            .get(row / 64)
            .is_some_and(|w| (w >> (row % 64)) & 1 == 1)
    }

    /// Bits held.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether it holds no bit.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether any bit is set.
    pub fn any(&self) -> bool {
        self.words.iter().any(|w| *w != 0)
    }

    /// The words covering the chunk that starts at row `start` (a multiple of [`CHUNK`]),
    /// zero-padded to [`WORDS`].
    pub fn chunk(&self, start: usize) -> [u64; WORDS] {
        let mut out = [0; WORDS];
        let first = start / 64;
        for (o, w) in out.iter_mut().zip(self.words.iter().skip(first)) {
            *o = *w;
        }
        out
    }

    /// Bytes held.
    pub fn heap_bytes(&self) -> usize {
        self.words.capacity() * 8
    }

    /// Releases spare capacity.
    pub fn shrink(&mut self) {
        self.words.shrink_to_fit();
    }
}

/// A filter's verdict on one chunk: `truth` and `unknown` never share a bit.
#[derive(Clone, Copy, Debug)]
pub struct Mask {
    /// Rows where the condition holds.
    pub truth: [u64; WORDS],
    /// Rows where it is NULL.
    pub unknown: [u64; WORDS],
}

impl Mask {
    /// The same verdict for every row.
    pub fn constant(value: Option<bool>) -> Mask {
        let fill = |on: bool| if on { [u64::MAX; WORDS] } else { [0; WORDS] };
        Mask {
            truth: fill(value == Some(true)),
            unknown: fill(value.is_none()),
        }
    }

    /// Rows where the condition is false.
    fn falsity(&self) -> [u64; WORDS] {
        let mut out = [0; WORDS];
        for ((o, t), u) in out.iter_mut().zip(&self.truth).zip(&self.unknown) {
            *o = !t & !u;
        }
        out
    }

    /// SQL `AND`: false wins over NULL.
    pub fn and(&self, other: &Mask) -> Mask {
        let mut out = *self;
        for ((t, u), (t2, u2)) in out
            .truth
            .iter_mut()
            .zip(out.unknown.iter_mut())
            .zip(other.truth.iter().zip(&other.unknown))
        {
            let false_here = !*t & !*u;
            let false_there = !t2 & !u2;
            *t &= t2;
            *u = (*u | u2) & !(false_here | false_there);
        }
        out
    }

    /// SQL `OR`: true wins over NULL.
    pub fn or(&self, other: &Mask) -> Mask {
        let mut out = *self;
        for ((t, u), (t2, u2)) in out
            .truth
            .iter_mut()
            .zip(out.unknown.iter_mut())
            .zip(other.truth.iter().zip(&other.unknown))
        {
            *t |= t2;
            *u = (*u | u2) & !*t;
        }
        out
    }

    /// SQL `NOT`: NULL stays NULL.
    pub fn not(&self) -> Mask {
        Mask {
            truth: self.falsity(),
            unknown: self.unknown,
        }
    }

    /// Marks the rows of `nulls` NULL (a comparison with a NULL cell).
    pub fn with_nulls(mut self, nulls: &[u64; WORDS]) -> Mask {
        for ((t, u), n) in self
            .truth
            .iter_mut()
            .zip(self.unknown.iter_mut())
            .zip(nulls)
        {
            *t &= !n;
            *u |= n;
        }
        self
    }

    /// Keeps only the first `rows` rows of the chunk (the last chunk of a table is short).
    pub fn limit_to(mut self, rows: usize) -> Mask {
        for (i, (t, u)) in self
            .truth
            .iter_mut()
            .zip(self.unknown.iter_mut())
            .enumerate()
        {
            let keep = match rows.saturating_sub(i * 64) {
                0 => 0,
                n if n >= 64 => u64::MAX,
                n => (1u64 << n) - 1,
            };
            *t &= keep;
            *u &= keep;
        }
        self
    }
}

/// Sets bit `i` of `words` for each value of `values` that `test` accepts (`values` is at
/// most one chunk long).
pub fn test_each<T: Copy>(values: &[T], test: impl Fn(T) -> bool) -> [u64; WORDS] {
    let mut out = [0u64; WORDS];
    for (word, part) in out.iter_mut().zip(values.chunks(64)) {
        let mut bits = 0u64;
        for (b, v) in part.iter().enumerate() {
            bits |= u64::from(test(*v)) << b;
        }
        *word = bits;
    }
    out
}

/// The positions of the set bits of `words`, offset by `start`, in order.
pub fn each_set(words: &[u64; WORDS], start: usize, mut visit: impl FnMut(usize)) {
    for (i, w) in words.iter().enumerate() {
        let mut w = *w;
        while w != 0 {
            let b = w.trailing_zeros() as usize;
            visit(start + i * 64 + b);
            w &= w - 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mask(truth: u64, unknown: u64) -> Mask {
        let mut m = Mask::constant(Some(false));
        m.truth[0] = truth;
        m.unknown[0] = unknown;
        m
    }

    #[test]
    fn three_valued_logic_follows_sql() {
        // Bits: 0 = true, 1 = false, 2 = null, against each of the three.
        let left = mask(0b000_000_111, 0b111_000_000);
        let right = mask(0b001_001_001, 0b100_100_100);
        let and = left.and(&right);
        assert_eq!(and.truth[0], 0b000_000_001);
        assert_eq!(and.unknown[0], 0b101_000_100);
        let or = left.or(&right);
        assert_eq!(or.truth[0], 0b001_001_111);
        assert_eq!(or.unknown[0], 0b110_100_000);
        let not = left.not();
        assert_eq!(not.truth[0] & 0b111_111_111, 0b000_111_000);
        assert_eq!(not.unknown[0], 0b111_000_000);
    }

    #[test]
    fn bitmaps_and_set_bits_round_trip() {
        let mut b = Bitmap::default();
        for i in 0..200 {
            b.push(i % 7 == 0);
        }
        assert!(b.get(0) && b.get(196) && !b.get(197) && !b.get(10_000));
        let mut seen = Vec::new();
        each_set(&b.chunk(0), 0, |r| seen.push(r));
        assert_eq!(seen, (0..200).filter(|i| i % 7 == 0).collect::<Vec<_>>());
        assert_eq!(mask(u64::MAX, 0).limit_to(3).truth[0], 0b111);
    }
}
