//! A `Letter` as .docx, laid out as GB/T 9704-2012 lays out a 公文.

use super::Letter;

/// The letter as the bytes of a .docx file.
pub fn render(_letter: &Letter) -> Vec<u8> {
    Vec::new()
}
