//! Lines from glyphs placed on a page, and a document's text from its pages' lines: page
//! numbers and running headers dropped, a line wrapped mid-sentence joined to the next.

use std::ops::Range;

use crate::admit::marks::starts_numbered;

/// A glyph as drawn: its origin (y grows down the page), where it ends, its size, and its
/// text in the page's buffer.
#[derive(Debug, Clone)]
pub(super) struct Glyph {
    pub x: f64,
    pub y: f64,
    pub end: f64,
    pub size: f64,
    pub text: Range<usize>,
    /// A space glyph was drawn just before it.
    pub space_before: bool,
}

/// A line of a page: its text, where it starts and ends across, its height and its size.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Line {
    pub text: String,
    pub x0: f64,
    pub x1: f64,
    pub y: f64,
    pub size: f64,
}

/// A gap between glyphs wider than this many of their size is a space (between Latin words)...
const WORD_GAP: f64 = 0.15;
/// ...and wider than this, a space whatever the script: items set apart on one line.
const WIDE_GAP: f64 = 1.5;

/// The page's lines, top to bottom: glyphs on one baseline (within half their size) are a
/// line, read left to right.
pub(super) fn lines(glyphs: &[Glyph], chars: &str) -> Vec<Line> {
    let mut order: Vec<&Glyph> = glyphs.iter().collect();
    order.sort_by(|a, b| a.y.total_cmp(&b.y));
    let mut lines = Vec::new();
    let mut run: Vec<&Glyph> = Vec::new();
    for glyph in order {
        if let Some(first) = run.first()
            && glyph.y - first.y > 0.5 * first.size.min(glyph.size)
        {
            lines.extend(line(&mut run, chars));
            run.clear();
        }
        run.push(glyph);
    }
    lines.extend(line(&mut run, chars));
    lines
}

/// One line of glyphs: spaces kept between Latin words and between items set apart, none
/// around Chinese (what extraction puts in "12 月 15 日" is no space of the text).
fn line(run: &mut [&Glyph], chars: &str) -> Option<Line> {
    run.sort_by(|a, b| a.x.total_cmp(&b.x));
    let mut text = String::new();
    let mut previous: Option<&Glyph> = None;
    for &glyph in run.iter() {
        let piece = chars.get(glyph.text.clone()).unwrap_or_default();
        if let Some(p) = previous {
            // Drawn twice, a little apart, is how some producers make bold.
            let again = chars.get(p.text.clone()) == Some(piece);
            if again && (glyph.x - p.x).abs() < 0.3 * glyph.size {
                continue;
            }
            let size = glyph.size.max(p.size);
            let gap = glyph.x - p.end;
            let latin = |c: Option<char>| c.is_some_and(|c| !is_cjk(c));
            let spaced = glyph.space_before || gap > WORD_GAP * size;
            if gap > WIDE_GAP * size
                || spaced && latin(text.chars().next_back()) && latin(piece.chars().next())
            {
                text.push(' ');
            }
        }
        text.push_str(piece);
        previous = Some(glyph);
    }
    let (first, last) = (run.first()?, run.last()?);
    let text = text.trim().to_string();
    (!text.is_empty()).then(|| Line {
        text,
        x0: first.x,
        x1: last.end,
        y: first.y,
        size: run.iter().map(|g| g.size).fold(0.0, f64::max),
    })
}

/// Chinese, Japanese and Korean characters and their full-width punctuation.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FFF | 0x3000..=0x303F | 0x3040..=0x30FF | 0x3100..=0x31FF
        | 0x3200..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

/// The document's text from its pages' lines: page numbers and running headers and footers
/// dropped, lines wrapped mid-sentence joined, one line of text a line.
pub(super) fn compose(mut pages: Vec<Vec<Line>>) -> String {
    for (i, page) in pages.iter_mut().enumerate() {
        drop_page_numbers(page, i + 1);
    }
    for _ in 0..2 {
        drop_running(&mut pages, Edge::Top);
        drop_running(&mut pages, Edge::Bottom);
    }
    join(&pages)
}

/// Drops the page number at the foot or the head of a page (up to two lines each way).
fn drop_page_numbers(page: &mut Vec<Line>, number: usize) {
    for _ in 0..2 {
        match page.last() {
            Some(l) if is_page_number(&l.text) || is_number(&l.text) => page.pop(),
            _ => break,
        };
    }
    for _ in 0..2 {
        let Some(first) = page.first() else { break };
        // A lone number heads a page only as that page's number.
        let own = first.text.trim().parse::<usize>().ok() == Some(number);
        if !is_page_number(&first.text) && !own {
            break;
        }
        page.remove(0);
    }
}

fn is_number(text: &str) -> bool {
    let text = text.trim();
    !text.is_empty() && text.len() <= 4 && text.bytes().all(|b| b.is_ascii_digit())
}

/// "- 1 -", "— 2 —", "第 1 页 共 3 页", "1/3", "Page 2 of 5" and the like.
fn is_page_number(text: &str) -> bool {
    const DASHES: &[char] = &['-', '—', '–', '－', '_', '~', '·', '•'];
    let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let core = squeezed.trim_matches(DASHES);
    let dashed =
        core.len() < squeezed.len() && squeezed.starts_with(DASHES) && squeezed.ends_with(DASHES);
    let shape = digits_as_hash(&core.to_lowercase());
    match shape.as_str() {
        "#" => dashed,
        "第#页" | "第#页共#页" | "第#页,共#页" | "第#页，共#页" | "第#页/共#页" | "共#页第#页"
        | "#/#" | "第#/#页" | "page#" | "page#of#" | "#of#" => true,
        _ => false,
    }
}

/// The text with each run of digits made one '#'.
fn digits_as_hash(text: &str) -> String {
    let mut shape = String::new();
    for c in text.chars() {
        if !c.is_ascii_digit() {
            shape.push(c);
        } else if !shape.ends_with('#') {
            shape.push('#');
        }
    }
    shape
}

#[derive(Clone, Copy)]
enum Edge {
    Top,
    Bottom,
}

/// Drops a running header (or footer): the same line, numbers aside, at that edge of most
/// pages.
fn drop_running(pages: &mut [Vec<Line>], edge: Edge) {
    let at = |page: &Vec<Line>| match edge {
        Edge::Top => page.first().map(|l| running_key(&l.text)),
        Edge::Bottom => page.last().map(|l| running_key(&l.text)),
    };
    let keys: Vec<Option<String>> = pages.iter().map(at).collect();
    let Some((key, count)) = keys
        .iter()
        .flatten()
        .map(|k| (k, keys.iter().filter(|o| o.as_ref() == Some(k)).count()))
        .max_by_key(|(_, n)| *n)
    else {
        return;
    };
    if count < 2 || count * 2 <= pages.len() {
        return;
    }
    let key = key.clone();
    for page in pages.iter_mut() {
        if at(page).as_ref() == Some(&key) {
            match edge {
                Edge::Top => page.remove(0),
                Edge::Bottom => page.remove(page.len() - 1),
            };
        }
    }
}

fn running_key(text: &str) -> String {
    digits_as_hash(
        &text
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>(),
    )
}

/// What may hang past the right edge at a line's end.
const HANGING: &[char] = &[
    '，', '。', '、', '；', '：', '！', '？', '”', '’', '）', '》', ',',
];

/// Where a page's lines start and end across, if enough of them reach its right edge to
/// tell where that is.
#[derive(Clone, Copy)]
struct Margins {
    left: f64,
    right: f64,
}

impl Margins {
    fn of(page: &[Line]) -> Option<Margins> {
        // Punctuation at a line's end may hang past the edge: the edge is where the others end.
        let hangs = |l: &&Line| l.text.ends_with(HANGING);
        let unhung = page.iter().filter(|l| !hangs(l)).map(|l| l.x1);
        let any = page.iter().map(|l| l.x1);
        let right = match unhung.clone().next() {
            Some(_) => unhung.fold(f64::MIN, f64::max),
            None => any.fold(f64::MIN, f64::max),
        };
        let left = page.iter().map(|l| l.x0).fold(f64::MAX, f64::min);
        let margins = Margins { left, right };
        // A column of text is wider than fifteen characters: two short lines ending alike
        // are no edge.
        let full = page
            .iter()
            .filter(|l| margins.reached_by(l) && l.x1 - left >= 15.0 * l.size)
            .count();
        (full >= 2).then_some(margins)
    }

    /// Whether a line runs to the right edge, short of it by less than what a ragged edge
    /// leaves (a character, and a number kept whole).
    fn reached_by(&self, line: &Line) -> bool {
        line.x1 >= self.right - 1.5 * line.size
    }

    /// Whether a line starts at the left edge, not indented as a paragraph's first line.
    fn starts(&self, line: &Line) -> bool {
        line.x0 <= self.left + 0.5 * line.size
    }

    /// Whether a line is centred and short: the rest of a title that filled the line above.
    fn centres(&self, line: &Line) -> bool {
        let (before, after) = (line.x0 - self.left, self.right - line.x1);
        before > line.size && (before - after).abs() <= line.size
    }
}

/// The lines one a line of text, a line wrapped mid-sentence joined to the next: the line
/// runs to the right edge without ending a sentence, and the next starts at the left edge (or
/// is centred, the rest of a title), in the same size, with no clause number.
fn join(pages: &[Vec<Line>]) -> String {
    let mut text = String::new();
    let mut wrapped: Option<&Line> = None;
    for page in pages {
        let margins = Margins::of(page);
        for line in page {
            let continues = wrapped.is_some_and(|w| {
                margins.is_some_and(|m| m.starts(line) || m.centres(line))
                    && (line.size - w.size).abs() <= 0.2 * w.size
                    && !starts_numbered(&line.text)
            });
            if continues {
                let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
                if latin(text.chars().next_back()) && latin(line.text.chars().next()) {
                    text.push(' ');
                }
            } else if !text.is_empty() {
                text.push('\n');
            }
            text.push_str(&line.text);
            wrapped = margins
                .filter(|m| m.reached_by(line) && !ends_sentence(&line.text))
                .map(|_| line);
        }
    }
    text.push('\n');
    text
}

/// Whether a line ends a sentence (。！？), closing quotes and brackets aside. A line that
/// runs to the edge after ：or ； is taken as wrapped: lines break there as anywhere, often
/// before the value a clause gives ("邮箱：" and the address), and a clause after them starts
/// with its number, which is never joined.
fn ends_sentence(text: &str) -> bool {
    let closing: &[char] = &['”', '’', '」', '』', '）', ')', '】', '》', '"', '\''];
    text.trim_end_matches(closing)
        .ends_with(['。', '！', '？', '!', '?', '.'])
}

#[cfg(test)]
#[path = "layout_tests.rs"]
mod tests;
