//! Reading one cell of a published list: HTML left by the conversion, numbered and unnumbered
//! steps, section headings, department lists. Shared by every reader of published lists.

use crate::departments;
use crate::model::Section;

use super::repair::{Field, Repairs, and_for_he, is_wide_script, join_piece};

/// Where in a line a cell starts, and which item it belongs to, for messages and repair tallies.
pub(crate) struct CellContext<'a> {
    pub item: &'a str,
    /// 1-based character column of the cell's first character in its line.
    pub column: usize,
}

/// A cell that cannot be read, with the 1-based column in the line.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct CellError {
    pub column: usize,
    pub message: String,
}

/// Block tags end a paragraph; any other tag is dropped without a trace.
const BLOCK_TAGS: &[&str] = &[
    "p", "ol", "ul", "li", "br", "div", "tr", "td", "th", "table", "h1", "h2", "h3", "h4", "h5",
    "h6",
];

/// Splits a cell into paragraphs at block tags, dropping all tags.
pub(crate) fn paragraphs(cell: &str, cx: &CellContext) -> Result<Vec<String>, CellError> {
    let chars: Vec<char> = cell.chars().collect();
    let mut paras = vec![String::new()];
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let opens_tag = c == '<'
            && chars
                .get(i + 1)
                .is_some_and(|&n| n.is_ascii_alphabetic() || n == '/' || n == '!');
        if !opens_tag {
            if let Some(p) = paras.last_mut() {
                p.push(c);
            }
            i += 1;
            continue;
        }
        let Some(len) = chars[i..].iter().position(|&c| c == '>') else {
            return Err(CellError {
                column: cx.column + i,
                message: "HTML 标签没有结束的「>」，这一行可能被截断了".into(),
            });
        };
        let name: String = chars[i + 1..i + len]
            .iter()
            .skip_while(|&&c| c == '/')
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if BLOCK_TAGS.contains(&name.as_str()) {
            paras.push(String::new());
        }
        i += len + 1;
    }
    paras.retain(|p| !p.trim().is_empty());
    Ok(paras)
}

/// "一、分户工作": a Chinese numeral, 、, then a short title.
fn is_numbered_heading(chunk: &str) -> bool {
    let numerals = chunk
        .chars()
        .take_while(|c| "一二三四五六七八九十".contains(*c))
        .count();
    let rest: String = chunk.chars().skip(numerals).collect();
    numerals > 0
        && rest.starts_with('、')
        && rest.chars().count() > 1
        && !rest.ends_with(['。', '；', ';'])
}

/// "3.统筹…" → (3, "统筹…"); a decimal such as "1.5倍" is not a step number.
fn step_number(chunk: &str) -> Option<(u32, &str)> {
    let digits = chunk.chars().take_while(|c| c.is_ascii_digit()).count();
    let rest = chunk[digits..].strip_prefix(['.', '．'])?;
    if digits == 0 || rest.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    Some((chunk[..digits].parse().ok()?, rest))
}

/// A chunk after which a new heading may start.
fn ends_sentence(chunk: &str) -> bool {
    chunk.ends_with(['。', '；', ';', '：', ':'])
}

/// Splits unnumbered text at "；" outside brackets and quotes, keeping each "；" with its step.
fn split_semicolons(step: &str) -> Vec<String> {
    let mut steps = Vec::new();
    let mut current = String::new();
    let mut depth = 0i32;
    for c in step.chars() {
        current.push(c);
        match c {
            '（' | '(' | '“' | '《' | '「' | '【' => depth += 1,
            '）' | ')' | '”' | '》' | '」' | '】' => depth -= 1,
            '；' | ';' if depth <= 0 => steps.push(std::mem::take(&mut current)),
            _ => {}
        }
    }
    steps.push(current);
    steps
        .into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Builds sections step by step.
struct SectionBuilder<'a, 'r> {
    sections: Vec<Section>,
    current: Section,
    step: Option<(String, bool)>,
    next_number: u32,
    cx: &'a CellContext<'a>,
    repairs: &'r mut Repairs,
}

impl SectionBuilder<'_, '_> {
    fn end_step(&mut self) {
        if let Some((text, numbered)) = self.step.take() {
            if numbered {
                self.current.steps.push(text);
            } else {
                self.current.steps.extend(split_semicolons(&text));
            }
        }
    }

    fn start_section(&mut self, heading: &str) {
        self.end_step();
        let previous = std::mem::replace(
            &mut self.current,
            Section {
                heading: Some(heading.to_string()),
                steps: Vec::new(),
            },
        );
        if previous.heading.is_some() || !previous.steps.is_empty() {
            self.sections.push(previous);
        }
        self.next_number = 1;
    }

    fn start_step(&mut self, text: &str, numbered: bool) {
        self.end_step();
        self.step = Some((text.to_string(), numbered));
    }

    fn continue_step(&mut self, chunk: &str) {
        match &mut self.step {
            Some((text, _)) => join_piece(text, chunk, Field::Duties, self.cx.item, self.repairs),
            None => self.step = Some((chunk.to_string(), false)),
        }
    }

    fn finish(mut self) -> Vec<Section> {
        self.end_step();
        if self.current.heading.is_some() || !self.current.steps.is_empty() {
            self.sections.push(self.current);
        }
        self.sections
    }
}

/// A duty cell → sections of steps. Headings are numbered titles ("一、分户工作") or department
/// names standing alone at the start of a paragraph or sentence ("县委宣传部 1.…").
/// With `lines`, each line of the cell is a paragraph too (a spreadsheet cell's steps).
pub(crate) fn duties(
    cell: &str,
    cx: &CellContext,
    lines: bool,
    repairs: &mut Repairs,
) -> Result<Vec<Section>, CellError> {
    let paras = if lines {
        let mut paras = Vec::new();
        for line in cell.lines() {
            paras.extend(paragraphs(line, cx)?);
        }
        paras
    } else {
        paragraphs(cell, cx)?
    };
    let mut b = SectionBuilder {
        sections: Vec::new(),
        current: Section {
            heading: None,
            steps: Vec::new(),
        },
        step: None,
        next_number: 1,
        cx,
        repairs,
    };
    for para in &paras {
        let para = and_for_he(para, Field::Duties, cx.item, b.repairs);
        b.end_step();
        let mut at_sentence_start = true;
        for chunk in para.split_whitespace() {
            let heading = at_sentence_start
                && (is_numbered_heading(chunk) || departments::resolve(chunk).is_some());
            if heading {
                b.start_section(chunk);
            } else if let Some((n, rest)) = step_number(chunk).filter(|(n, _)| *n == b.next_number)
            {
                b.start_step(rest, true);
                b.next_number = n + 1;
            } else {
                b.continue_step(chunk);
            }
            at_sentence_start = heading || ends_sentence(chunk);
        }
    }
    Ok(b.finish())
}

/// A department cell → canonical names, in order, without repeats. Names are separated by "、",
/// by a bare space, or run together; a space inside a name is an artefact. Unknown names are
/// kept as written (without spaces) and returned separately so the caller can warn.
pub(crate) fn departments(
    cell: &str,
    cx: &CellContext,
    repairs: &mut Repairs,
) -> Result<(Vec<String>, Vec<String>), CellError> {
    let cell: String = paragraphs(cell, cx)?.join(" ");
    let mut names: Vec<String> = Vec::new();
    let mut unknown = Vec::new();
    for part in cell.split(['、', '，', ',']) {
        let pieces: Vec<&str> = part.split_whitespace().collect();
        if pieces.is_empty() {
            continue;
        }
        let joined: String = pieces.concat();
        let found: Vec<String> = match departments::segment(&joined) {
            Some(segments) => {
                count_spaces_inside_names(&pieces, &segments, cx, repairs);
                segments.iter().map(|(d, _)| d.name.to_string()).collect()
            }
            None => {
                unknown.push(joined.clone());
                vec![joined]
            }
        };
        for name in found {
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    Ok((names, unknown))
}

/// A space between two pieces is a separator if a name ends there, an artefact otherwise.
fn count_spaces_inside_names(
    pieces: &[&str],
    segments: &[(&departments::Department, usize)],
    cx: &CellContext,
    repairs: &mut Repairs,
) {
    let mut offset = 0;
    for pair in pieces.windows(2) {
        offset += pair[0].chars().count();
        let at_boundary = segments.iter().any(|&(_, end)| end == offset);
        let wide = pair[0].chars().last().is_some_and(is_wide_script)
            && pair[1].chars().next().is_some_and(is_wide_script);
        if !at_boundary && wide {
            let mut probe = String::from(pair[0]);
            join_piece(&mut probe, pair[1], Field::Departments, cx.item, repairs);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cx() -> CellContext<'static> {
        CellContext {
            item: "test",
            column: 1,
        }
    }

    fn parse(cell: &str) -> Vec<Section> {
        duties(cell, &cx(), false, &mut Repairs::default()).unwrap()
    }

    fn section(heading: Option<&str>, steps: &[&str]) -> Section {
        Section {
            heading: heading.map(str::to_string),
            steps: steps.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn numbered_steps_split_only_at_the_next_number() {
        let cell = r#"<ol style="list-style-type: none"> 1.收集信息；负责办证； 2.在12月底前完成 3 项； 3.按1.5倍计。  "#;
        assert_eq!(
            parse(cell),
            vec![section(
                None,
                &[
                    "收集信息；负责办证；",
                    "在12月底前完成 3 项；",
                    "按1.5倍计。"
                ]
            )]
        );
    }

    #[test]
    fn unnumbered_steps_split_at_semicolons_outside_brackets() {
        let cell = "<ol> 核实信息（林、草；湿地）； 出具证明；签署意见。 ";
        assert_eq!(
            parse(cell),
            vec![section(
                None,
                &["核实信息（林、草；湿地）；", "出具证明；", "签署意见。"]
            )]
        );
    }

    #[test]
    fn headings_and_departments_head_their_own_sections() {
        let cell = "县委宣传部 1.配备图书； 2.指导选购。 县文化体育广播电视和旅游局 指导编目。";
        assert_eq!(
            parse(cell),
            vec![
                section(Some("县委宣传部"), &["配备图书；", "指导选购。"]),
                section(Some("县文化体育广播电视和旅游局"), &["指导编目。"]),
            ]
        );
        let cell =
            "<p>一、分户工作</p> <p>收到申请后，核实。</p> <p>二、落户工作</p> <p>核查。</p>";
        assert_eq!(
            parse(cell),
            vec![
                section(Some("一、分户工作"), &["收到申请后，核实。"]),
                section(Some("二、落户工作"), &["核查。"]),
            ]
        );
    }

    #[test]
    fn a_department_inside_a_sentence_is_not_a_heading() {
        let cell = "县应急管理局及其他部门负责检查，县公安局 配合。";
        assert_eq!(
            parse(cell),
            vec![section(
                None,
                &["县应急管理局及其他部门负责检查，县公安局配合。"]
            )]
        );
    }

    #[test]
    fn an_unclosed_tag_names_its_column() {
        let err = duties("1.甲； <ol style=", &cx(), false, &mut Repairs::default()).unwrap_err();
        assert_eq!(err.column, 6);
    }

    #[test]
    fn department_cells_split_on_separators_and_bare_spaces() {
        let mut repairs = Repairs::default();
        let (names, unknown) = departments(
            "玛纳斯县委宣传部 县文化体育广播电视和旅游局",
            &cx(),
            &mut repairs,
        )
        .unwrap();
        assert_eq!(
            names,
            ["玛纳斯县委宣传部", "玛纳斯县文化体育广播电视和旅游局"]
        );
        assert!(unknown.is_empty());
        assert_eq!(repairs.total(), 0);

        let (names, _) = departments(
            "玛纳斯县应 急管理局、 玛纳斯县自 然资源局",
            &cx(),
            &mut repairs,
        )
        .unwrap();
        assert_eq!(names, ["玛纳斯县应急管理局", "玛纳斯县自然资源局"]);
        assert_eq!(repairs.total(), 2);

        let (names, unknown) = departments("县外星事务局", &cx(), &mut repairs).unwrap();
        assert_eq!(names, ["县外星事务局"]);
        assert_eq!(unknown, ["县外星事务局"]);
    }
}
