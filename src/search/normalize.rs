//! One character in, one character out, so matched positions in normalised text are positions
//! in the original: full-width forms become ASCII, Latin letters lower case.

use crate::model::fullwidth_to_ascii;

pub fn normalize(c: char) -> char {
    fullwidth_to_ascii(c).to_ascii_lowercase()
}

pub fn normalize_str(text: &str) -> String {
    text.chars().map(normalize).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_and_case_fold_to_ascii_one_for_one() {
        assert_eq!(normalize_str("（一）ＡＢｃ１２　Wps"), "(一)abc12 wps");
        let text = "（一）应急";
        assert_eq!(normalize_str(text).chars().count(), text.chars().count());
    }
}
