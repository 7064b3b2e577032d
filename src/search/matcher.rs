//! Finding a term's characters in a field: contiguous (`find_chars`, `all_occurrences`), or in
//! order within a small window (`window`, `window_positions`).

/// A fuzzy match's characters may spread over the term's length plus this many characters.
pub(super) const WINDOW_SLACK: usize = 2;

pub(super) fn find_chars(haystack: &[char], needle: &[char]) -> Option<usize> {
    let (&first, rest) = needle.split_first()?;
    let last_start = haystack.len().checked_sub(needle.len())?;
    (0..=last_start).find(|&i| haystack[i] == first && haystack[i + 1..i + needle.len()] == *rest)
}

pub(super) fn all_occurrences(haystack: &[char], needle: &[char]) -> Vec<usize> {
    if needle.is_empty() || needle.len() > haystack.len() {
        return Vec::new();
    }
    haystack
        .windows(needle.len())
        .enumerate()
        .filter(|(_, w)| *w == needle)
        .flat_map(|(i, _)| i..i + needle.len())
        .collect()
}

/// The first match of `needle`'s characters in order within a window of its length plus
/// `WINDOW_SLACK`: (first, one past the last).
pub(super) fn window(haystack: &[char], needle: &[char]) -> Option<(usize, usize)> {
    let limit = needle.len() + WINDOW_SLACK;
    (0..haystack.len())
        .filter(|&i| haystack[i] == needle[0])
        .find_map(|start| {
            let mut at = start;
            for &c in &needle[1..] {
                let rest = &haystack[at + 1..(start + limit).min(haystack.len())];
                let rest = &rest[..rest.iter().position(|&h| h == '\n').unwrap_or(rest.len())];
                at += 1 + rest.iter().position(|&h| h == c)?;
            }
            Some((start, at + 1))
        })
}

pub(super) fn window_positions(haystack: &[char], needle: &[char]) -> Vec<usize> {
    let Some((start, end)) = window(haystack, needle) else {
        return Vec::new();
    };
    let mut positions = vec![start];
    let mut at = start;
    for &c in &needle[1..] {
        if let Some(p) = haystack[at + 1..end].iter().position(|&h| h == c) {
            at += 1 + p;
            positions.push(at);
        }
    }
    positions
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_bound_how_far_apart_matched_characters_may_be() {
        let chars = |s: &str| s.chars().collect::<Vec<_>>();
        assert_eq!(window(&chars("安全生产检查"), &chars("安检")), None);
        assert_eq!(window(&chars("安全检查"), &chars("安检")), Some((0, 3)));
        assert_eq!(
            window(&chars("xx安全x检查"), &chars("安全检查")),
            Some((2, 7))
        );
    }
}
