//! A task table pasted as text (tabs, bars or runs of spaces between its columns, or one field a
//! line): each row as the numbered line the splitter reads, its lead, responsible units, deadline
//! and points beside it.

/// What a task table's row says beside its task: "（牵头单位：县住建局；责任单位：各乡镇；完成时限：
/// 2026年12月31日）".
#[derive(Default)]
pub(super) struct Row {
    pub lead: Option<String>,
    pub deadline: Option<String>,
    pub responsible: Option<String>,
    pub points: Option<String>,
}

/// Labels of a task table's columns, written into a row's text.
const ROW_LABELS: [&str; 8] = [
    "牵头单位",
    "牵头部门",
    "责任单位",
    "配合单位",
    "完成时限",
    "时间要求",
    "完成时间",
    "分值",
];

/// A task table's columns written on lines of their own under each task ("完成时限：全年"):
/// put in brackets after the task, as a row in one line has them.
pub(super) fn row_fields(lines: &mut Vec<(usize, String)>) {
    let mut out: Vec<(usize, String)> = Vec::with_capacity(lines.len());
    for (number, line) in lines.drain(..) {
        let field = line.split_once(['：', ':']).filter(|(label, value)| {
            ROW_LABELS.contains(&label.trim())
                && value.chars().count() <= 30
                && !value.contains('。')
        });
        match (field, out.last_mut()) {
            (Some((label, value)), Some((_, last))) => {
                last.push_str(&format!("（{}：{}）", label.trim(), value.trim()));
            }
            _ => out.push((number, line)),
        }
    }
    *lines = out;
}

/// A row's text without its bracketed columns, and what they say.
pub(super) fn table_row(text: &str) -> (String, Row) {
    let mut row = Row::default();
    let Some(open) = text.rfind(['（', '(']) else {
        return (text.to_string(), row);
    };
    let inside = text[open..]
        .trim_start_matches(['（', '('])
        .trim_end_matches(['。', '；', ';'])
        .trim_end_matches(['）', ')']);
    if !ROW_LABELS.iter().any(|l| inside.contains(l)) {
        return (text.to_string(), row);
    }
    for part in inside.split(['；', ';', '，', ',']) {
        let Some((label, value)) = part.split_once(['：', ':']) else {
            continue;
        };
        let value = value.trim();
        match label.trim() {
            "牵头单位" | "牵头部门" if !value.is_empty() => {
                row.lead = Some(value.to_string())
            }
            "完成时限" | "时间要求" | "完成时间" if !value.is_empty() => {
                row.deadline = Some(value.to_string())
            }
            "责任单位" | "配合单位" if !value.is_empty() => {
                row.responsible = Some(value.to_string())
            }
            "分值" if !value.is_empty() => row.points = Some(value.to_string()),
            _ => {}
        }
    }
    (text[..open].trim_end().to_string(), row)
}

/// A table's columns, as a spreadsheet pastes them (tabs) or as typed (｜, |): at least three.
fn cells(line: &str) -> Option<Vec<&str>> {
    ['\t', '｜', '|']
        .into_iter()
        .find_map(|bar| {
            let cells: Vec<&str> = line.split(bar).map(str::trim).collect();
            (cells.len() >= 3).then_some(cells)
        })
        .or_else(|| {
            // A table pasted with its columns set apart by runs of spaces ("序号  工作任务  牵头单位").
            let cells = spaced(line.trim());
            (cells.len() >= 3).then_some(cells)
        })
}

/// A line cut at each run of two or more spaces (either width).
fn spaced(line: &str) -> Vec<&str> {
    let mut cells = Vec::new();
    let (mut start, mut run) = (0, None::<usize>);
    for (i, c) in line.char_indices() {
        if c == ' ' || c == '\u{3000}' {
            run.get_or_insert(i);
            continue;
        }
        if let Some(from) = run.take() {
            // A full-width space is three bytes: one alone is still a run of one.
            if line[from..i].chars().count() >= 2 {
                cells.push(&line[start..from]);
                start = i;
            }
        }
    }
    cells.push(&line[start..]);
    cells
}

/// Words in a column's name that say it holds what is asked: a task table's task and its
/// details, an assessment sheet's item and how it is scored ("重点任务", "具体内容", "评分标准"),
/// a batch of work orders' request ("处理要求").
const ASKED: &[&str] = &[
    "任务",
    "内容",
    "事项",
    "标准",
    "细则",
    "指标",
    "措施",
    "项目",
    "诉求",
    "要求",
    // A batch's 转办意见, a village's 具体情况 and 希望镇里怎么办.
    "意见",
    "情况",
    "怎么办",
];

/// Words in a column's name that say who, when or how much ("责任单位", "完成时限", "分值").
const ABOUT: &[&str] = &[
    "单位",
    "部门",
    "时限",
    "时间",
    "分值",
    "序号",
    "编号",
    "备注",
    // Who: "诉求人", "联系人".
    "诉求人",
    "联系人",
    "负责人",
    "责任人",
    "来电人",
];

pub(in crate::admit) fn asks_column(name: &str) -> bool {
    ASKED.iter().any(|w| name.contains(w)) && !ABOUT.iter().any(|w| name.contains(w))
}

/// A table pasted as text, its header row first ("序号｜工作任务｜牵头单位｜…"), as numbered
/// lines the splitter reads like any other ("1. 任务（牵头单位：…；完成时限：…）"); the header
/// is dropped. Lines outside a table are as they were, one for one, so line numbers hold.
pub fn tables(lines: Vec<String>) -> Vec<String> {
    let mut header: Option<Vec<String>> = None;
    let mut row = 0u32;
    lines
        .into_iter()
        .map(|line| {
            let Some(cells) = cells(&line) else {
                // Rows set apart by blank lines are still the table's.
                if !line.trim().is_empty() {
                    header = None;
                }
                return line;
            };
            // "序号", or a batch of work orders by their numbers ("工单编号｜来电时间｜诉求摘要").
            if ["序号", "编号", "工单编号", "工单号"].contains(&cells[0]) {
                header = Some(cells.iter().map(|c| c.to_string()).collect());
                row = 0;
                return String::new();
            }
            let Some(head) = &header else {
                return line;
            };
            row += 1;
            let number = match head[0].as_str() {
                "序号" => match cells[0].parse::<u32>() {
                    Ok(number) => number,
                    Err(_) => return line,
                },
                _ => row,
            };
            row_line(number, head, &cells).unwrap_or(line)
        })
        .collect()
}

/// A table written as records, one field a line ("序号：1", "工作任务：…", "牵头单位：…",
/// a blank line or the next 序号 ending it): each record as the numbered line a row gives.
pub fn records(mut lines: Vec<String>) -> Vec<String> {
    let field = |line: &str| -> Option<(String, String)> {
        let (label, value) = line.trim().split_once(['：', ':'])?;
        let label = label.trim();
        ((1..=6).contains(&label.chars().count()))
            .then(|| (label.to_string(), value.trim().to_string()))
    };
    let mut i = 0;
    while i < lines.len() {
        let number = field(&lines[i])
            .filter(|(label, _)| label == "序号")
            .and_then(|(_, value)| value.parse::<u32>().ok());
        let Some(number) = number else {
            i += 1;
            continue;
        };
        let mut head = vec!["序号".to_string()];
        let mut cells = vec![number.to_string()];
        let mut end = i + 1;
        while let Some((label, value)) = lines.get(end).and_then(|l| field(l)) {
            if label == "序号" {
                break;
            }
            head.push(label);
            cells.push(value);
            end += 1;
        }
        let cells: Vec<&str> = cells.iter().map(String::as_str).collect();
        if let Some(row) = row_line(number, &head, &cells) {
            lines[i] = row;
            for line in &mut lines[i + 1..end] {
                line.clear();
            }
        }
        i = end;
    }
    lines
}

/// One row as a numbered line: its asked columns joined, its lead and deadline in brackets.
fn row_line(number: u32, head: &[String], cells: &[&str]) -> Option<String> {
    let column = |names: &[&str]| {
        head.iter()
            .position(|h| names.contains(&h.as_str()))
            .and_then(|i| cells.get(i))
            .filter(|c| !c.is_empty())
    };
    let asked: Vec<&str> = head
        .iter()
        .zip(cells)
        .filter(|(h, c)| asks_column(h) && !c.is_empty())
        .map(|(_, c)| *c)
        .collect();
    if asked.is_empty() {
        return None;
    }
    // The splitter knows clause numbers of three digits at most (four are a year): a longer
    // table counts again from 1, which starts a clause all the same.
    let shown = (number.max(1) - 1) % 999 + 1;
    let mut text = format!("{shown}. {}", asked.join("："));
    let mut columns = Vec::new();
    if let Some(lead) = column(&["牵头单位", "牵头部门"]) {
        columns.push(format!("牵头单位：{lead}"));
    }
    if let Some(responsible) = column(&["责任单位", "配合单位"]) {
        columns.push(format!("责任单位：{responsible}"));
    }
    if let Some(deadline) = column(&["完成时限", "时间要求", "完成时间"]) {
        columns.push(format!("完成时限：{deadline}"));
    }
    if let Some(points) = column(&["分值"]) {
        columns.push(format!("分值：{points}"));
    }
    if !columns.is_empty() {
        text.push_str(&format!("（{}）", columns.join("；")));
    }
    Some(text)
}
