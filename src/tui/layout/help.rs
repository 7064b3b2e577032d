//! The key help's lines and its popup, measured here below the app (which scrolls it) and drawn
//! by the view.

use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use crate::tui::action::Action;
use crate::tui::keymap;
use crate::tui::mode::Mode;
use crate::tui::theme::Theme;
use crate::tui::wrap::{self, StyledChar};

/// The query language, one line each: an example and what it means.
const QUERY_SYNTAX: &[(&str, &str)] = &[
    ("动物 检疫", "空格分开的词都要匹配"),
    ("秸秆 | 垃圾", "两边任一匹配即可"),
    ("yjgl xiaofang", "拼音首字母或全拼（名称、部门、类别）"),
    ("'安全检查", "原文里连续出现"),
    ("!处罚", "不含这几个字"),
    ("^对", "事项名称以它开头"),
    ("部门:残联", "部门（规范名称或简称），也可按 {部门} 选"),
    ("类别:民生服务", "事项类别，也可按 {类别} 选"),
    ("清单:收回", "只看一张清单：基本、配合、收回"),
    (
        "状态:有异议",
        "审核状态：同意、有异议、需修改、待核实、未审",
    ),
];

/// Display columns of the keys column, at most.
const KEYS_WIDTH: usize = 18;

/// The popup: centred, at most 72 columns, one row and column of margin.
pub fn popup(area: Rect) -> Rect {
    let [popup] = Layout::horizontal([Constraint::Length(area.width.saturating_sub(2).min(72))])
        .flex(Flex::Center)
        .areas(area);
    let [popup] = Layout::vertical([Constraint::Length(area.height.saturating_sub(2))])
        .flex(Flex::Center)
        .areas(popup);
    popup
}

/// Every line of help, wrapped to `width`; descriptions hang under their first line.
pub fn lines(theme: Theme, width: u16) -> Vec<Line<'static>> {
    let keys_width = KEYS_WIDTH.min(width as usize / 3);
    let intro = format!(
        "筛选：直接输入汉字、拼音首字母或全拼（或先按 {}），每输入一个字都立即筛选三张清单，最相关的在第一行。小写字母在列表里总是筛选，命令用大写字母、数字和 Ctrl 键（只有 i 例外：没有拼音以 i 开头）。",
        keymap::key_name(Mode::Browse, Action::StartFilter, theme.ascii)
    );
    let mut lines = wrap::wrap(&wrap::plain(&intro, theme.dim()), width, 0);
    let key = |action| keymap::key_name(Mode::Browse, action, theme.ascii);
    let syntax: Vec<(String, String)> = QUERY_SYNTAX
        .iter()
        .map(|&(example, meaning)| {
            let meaning = meaning
                .replace("{部门}", &key(Action::PickDepartment))
                .replace("{类别}", &key(Action::PickCategory));
            (example.to_string(), meaning)
        })
        .collect();
    let sections = std::iter::once(("查询语法（详见 docs/search.md）".to_string(), syntax)).chain(
        keymap::help_sections(theme.ascii)
            .into_iter()
            .map(|(title, lines)| {
                let lines = lines.into_iter().map(|(k, h)| (k, h.to_string())).collect();
                (title, lines)
            }),
    );
    for (title, entries) in sections {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(title, theme.heading())));
        for (keys, help) in entries {
            let keys = format!("  {keys}");
            let column = keys_width + 2;
            let mut chars: Vec<StyledChar> = if keys.width() < column {
                let pad = column - keys.width();
                wrap::styled(
                    &format!("{keys}{}", " ".repeat(pad)),
                    theme.key(),
                    theme.key(),
                    &[],
                )
            } else {
                // Keys longer than their column get a line of their own, so every description
                // starts in the same column at any width.
                lines.extend(wrap::wrap(&wrap::plain(&keys, theme.key()), width, 2));
                wrap::plain(&" ".repeat(column), theme.base())
            };
            let indent = column as u16;
            chars.extend(wrap::plain(&help, theme.base()));
            lines.extend(wrap::wrap(&chars, width, indent));
        }
    }
    lines
}

/// The line where a mode's section starts, so the help opens on the keys of the screen it was
/// asked from; 0 (the top, with the query language) for the lists.
pub fn section_start(theme: Theme, screen: Rect, mode: Mode) -> usize {
    let Some(title) = keymap::help_title(mode, theme.ascii).filter(|_| mode != Mode::Browse) else {
        return 0;
    };
    lines(theme, popup(screen).width.saturating_sub(2))
        .iter()
        .position(|line| line.to_string() == title)
        .unwrap_or(0)
}

/// How many lines the help has on a screen of this size (for scrolling).
pub fn line_count(theme: Theme, screen: Rect) -> usize {
    lines(theme, popup(screen).width.saturating_sub(2)).len()
}
