//! Where an .ofd's characters stand on a page, and the lines a person reads from them.

use unicode_width::UnicodeWidthChar;

use super::{Code, Object, number};

/// A piece of text on a page (mm, y downwards): its first character's origin on the
/// baseline, where its last character ends, its font size.
#[derive(Debug, Clone)]
pub(super) struct Run {
    x: f64,
    y: f64,
    end: f64,
    size: f64,
    text: String,
}

/// DeltaX or DeltaY, at most `n` offsets: numbers, or "g count value" for a value repeated.
pub(super) fn deltas(value: &str, n: usize) -> Vec<f64> {
    let mut offsets = Vec::new();
    let mut tokens = value.split_ascii_whitespace();
    while offsets.len() < n {
        let Some(token) = tokens.next() else { break };
        if token == "g" {
            let count = tokens.next().and_then(|c| c.parse::<usize>().ok());
            let value = tokens.next().map_or(0.0, number);
            // The count is capped by the characters there are: "g 4000000000 1" allocates none.
            let count = count.unwrap_or(0).min(n - offsets.len());
            offsets.extend(std::iter::repeat_n(value, count));
        } else {
            offsets.push(number(token));
        }
    }
    offsets
}

/// How far a character advances without a DeltaX, in ems: CJK full, the rest half.
fn advance(c: char) -> f64 {
    if c.width() == Some(2) { 1.0 } else { 0.5 }
}

/// A TextCode's characters as runs on the page, one for each stretch on one baseline
/// (DeltaY moves to another); rotated or mirrored text (watermarks, stamps) is left out.
pub(super) fn runs_of(object: &Object, code: &Code, runs: &mut Vec<Run>) {
    let [a, b, c, d, e, f] = object.ctm;
    if !(a > 0.0 && d > 0.0 && b.abs() <= 0.01 * a && c.abs() <= 0.01 * d) {
        return;
    }
    // A line break or tab in a TextCode is the producer's XML layout, not a line: a space.
    let chars: Vec<char> = code
        .text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let steps = chars.len().saturating_sub(1);
    let (delta_x, delta_y) = (deltas(&code.delta_x, steps), deltas(&code.delta_y, steps));
    let page = |x: f64, y: f64| {
        (
            object.origin.0 + a * x + c * y + e,
            object.origin.1 + b * x + d * y + f,
        )
    };
    let (mut x, mut y) = (code.x, code.y);
    let (mut start, mut start_x) = (0, x);
    for (i, &ch) in chars.iter().enumerate() {
        let width = advance(ch) * object.size;
        let down = delta_y.get(i).copied().unwrap_or(0.0);
        if i + 1 == chars.len() || down != 0.0 {
            let text: String = chars[start..=i].iter().collect();
            let (left, base) = page(start_x, y);
            let (right, _) = page(x + width, y);
            if !text.trim().is_empty() {
                runs.push(Run {
                    x: left,
                    y: base,
                    end: right,
                    size: object.size * (a * d - b * c).abs().sqrt(),
                    text,
                });
            }
            start = i + 1;
        }
        x += delta_x.get(i).copied().unwrap_or(width);
        y += down;
        if start == i + 1 {
            start_x = x;
        }
    }
}

/// A page's lines: runs on one baseline (within half the font size) make a line; lines
/// top to bottom, runs left to right; a page number at the foot dropped.
pub(super) fn page_lines(mut runs: Vec<Run>) -> Vec<String> {
    runs.sort_by(|p, q| p.y.total_cmp(&q.y).then(p.x.total_cmp(&q.x)));
    let mut lines: Vec<Vec<Run>> = Vec::new();
    for run in runs {
        match lines.last_mut() {
            Some(line) if run.y - line[0].y <= 0.5 * line[0].size.max(run.size) => line.push(run),
            _ => lines.push(vec![run]),
        }
    }
    let mut lines: Vec<String> = lines
        .into_iter()
        .map(|mut line| {
            line.sort_by(|p, q| p.x.total_cmp(&q.x));
            join(&line)
        })
        .filter(|line| !line.is_empty())
        .collect();
    if lines.last().is_some_and(|line| page_number(line)) {
        lines.pop();
    }
    lines
}

/// A line's runs, left to right, joined: a space only between Latin letters or digits that
/// stand visibly apart; a run drawn twice over itself (a bold effect) read once.
fn join(line: &[Run]) -> String {
    let mut text = String::new();
    let mut last: Option<&Run> = None;
    for run in line {
        if let Some(before) = last {
            let size = before.size.max(run.size);
            if run.text == before.text && (run.x - before.x).abs() < 0.2 * size {
                continue;
            }
            let latin = |c: Option<char>| {
                c.is_some_and(|c| {
                    c.is_ascii_alphanumeric() || (c.is_alphanumeric() && c < '\u{2E80}')
                })
            };
            if run.x - before.end > 0.25 * size
                && latin(text.trim_end().chars().last())
                && latin(run.text.trim_start().chars().next())
            {
                text.push(' ');
            }
        }
        text.push_str(&run.text);
        last = Some(run);
    }
    text.trim().to_string()
}

/// A page number as printed at a page's foot: "- 1 -", "— 1 —", "1", "第 1 页", "1/3".
pub(super) fn page_number(line: &str) -> bool {
    let core: String = line
        .trim_matches(|c: char| c.is_whitespace() || "-—–－─―".contains(c))
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let digits = |s: &str| !s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit());
    if digits(&core) {
        return true;
    }
    if let Some((page, of)) = core.split_once('/') {
        return digits(page) && digits(of);
    }
    let Some(rest) = core.strip_prefix('第') else {
        return false;
    };
    let Some((page, rest)) = rest.split_once('页') else {
        return false;
    };
    let rest = rest.trim_start_matches(['，', ',', '、']);
    digits(page)
        && (rest.is_empty()
            || rest
                .strip_prefix('共')
                .and_then(|r| r.strip_suffix('页'))
                .is_some_and(digits))
}
