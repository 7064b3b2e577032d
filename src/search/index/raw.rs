//! An index's records as plain numbers, the same in memory and in the cache file, so either can
//! be read in place (`mapped::Arr`). Enums are numbers here and decoded when read: a number no
//! enum value has (a damaged file) decodes to a harmless value, never a panic.

use crate::model::ListKind;
use crate::search::{Field, Side};

use super::{Span, Stored};

/// A `Stored` as fourteen numbers (`Stored::to_raw`).
pub type RawStored = [u32; 14];

/// A `Span` as eight numbers: its field as four (`field_numbers`), then its bytes and chars.
pub type RawSpan = [u32; 8];

impl Stored {
    pub fn to_raw(self) -> RawStored {
        [
            self.text.0,
            self.text.1,
            self.spans.0,
            self.spans.1,
            self.short_spans,
            self.short.0,
            self.short.1,
            self.names.0,
            self.names.1,
            self.duty_start,
            list_number(self.list),
            self.title_len,
            self.title_end,
            self.depts_end,
        ]
    }

    pub fn from_raw(c: &RawStored) -> Stored {
        Stored {
            text: (c[0], c[1]),
            spans: (c[2], c[3]),
            short_spans: c[4],
            short: (c[5], c[6]),
            names: (c[7], c[8]),
            duty_start: c[9],
            list: ListKind::ALL
                .get(c[10] as usize)
                .copied()
                .unwrap_or(ListKind::ALL[0]),
            title_len: c[11],
            title_end: c[12],
            depts_end: c[13],
        }
    }
}

/// Where `title_len` lies in a `RawStored`: read for every candidate's sort key.
pub const TITLE_LEN: usize = 11;

impl Span {
    pub fn to_raw(self) -> RawSpan {
        let [tag, a, b, c] = field_numbers(self.field);
        [
            tag,
            a,
            b,
            c,
            self.bytes.0,
            self.bytes.1,
            self.chars.0,
            self.chars.1,
        ]
    }

    pub fn from_raw(c: &RawSpan) -> Span {
        Span {
            field: field_of([c[0], c[1], c[2], c[3]]),
            bytes: (c[4], c[5]),
            chars: (c[6], c[7]),
        }
    }
}

pub fn list_number(list: ListKind) -> u32 {
    ListKind::ALL.iter().position(|&l| l == list).unwrap_or(0) as u32
}

fn side_number(side: Side) -> u32 {
    match side {
        Side::Upper => 0,
        Side::Town => 1,
    }
}

fn field_numbers(field: Field) -> [u32; 4] {
    match field {
        Field::Title => [0, 0, 0, 0],
        Field::Category => [1, 0, 0, 0],
        Field::Department(i) => [2, i as u32, 0, 0],
        Field::Heading(side, i) => [3, side_number(side), i as u32, 0],
        Field::Step(side, i, j) => [4, side_number(side), i as u32, j as u32],
    }
}

/// An unknown tag decodes as a step no item has (nothing shows its highlights).
fn field_of([tag, a, b, c]: [u32; 4]) -> Field {
    let side = if a == 0 { Side::Upper } else { Side::Town };
    match tag {
        0 => Field::Title,
        1 => Field::Category,
        2 => Field::Department(a as usize),
        3 => Field::Heading(side, b as usize),
        4 => Field::Step(side, b as usize, c as usize),
        _ => Field::Step(Side::Town, u32::MAX as usize, u32::MAX as usize),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_survive_their_numbers_and_bad_numbers_decode_harmlessly() {
        let fields = [
            Field::Title,
            Field::Category,
            Field::Department(3),
            Field::Heading(Side::Town, 2),
            Field::Step(Side::Upper, 1, 7),
        ];
        for field in fields {
            let span = Span {
                field,
                bytes: (1, 2),
                chars: (3, 4),
            };
            let back = Span::from_raw(&span.to_raw());
            assert_eq!(
                (back.field, back.bytes, back.chars),
                (field, (1, 2), (3, 4))
            );
        }
        let odd = Span::from_raw(&[9, 9, 9, 9, 0, 0, 0, 0]);
        assert!(matches!(odd.field, Field::Step(..)));
        let stored = Stored::from_raw(&[u32::MAX; 14]);
        assert_eq!(stored.list, ListKind::ALL[0]);
        assert_eq!(Stored::from_raw(&stored.to_raw()), stored);
    }
}
