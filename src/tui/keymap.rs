//! The one table of key bindings: dispatch, the help overlay and the footer hints all read it.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::model::Status;

use super::action::Action;
use super::mode::{Mode, Tab};

/// A key with its modifiers, as written in the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

const fn key(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::NONE,
    }
}

const fn ch(c: char) -> Key {
    key(KeyCode::Char(c))
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::CONTROL,
    }
}

/// One row of the table: in which modes, which keys, what they do, and how help and footer say it.
pub struct Binding {
    pub modes: &'static [Mode],
    pub keys: &'static [Key],
    pub action: Action,
    /// The line in the help overlay.
    pub help: &'static str,
    /// The short word in the footer, for the bindings worth showing there.
    pub hint: Option<&'static str>,
}

use Mode::{Browse, Compare, Filter, Help, Note, Notice, Picker, Register, Tasks};

const ALL: &[Mode] = &[
    Browse, Filter, Compare, Help, Picker, Note, Notice, Tasks, Register,
];
/// Modes with a line to type in.
const TYPING: &[Mode] = &[Filter, Picker];
/// Modes with text to edit: a line, a note or a notice.
const EDITING: &[Mode] = &[Filter, Picker, Note, Notice];
/// Multi-line text: a note or a notice.
const TEXT: &[Mode] = &[Note, Notice];
const LISTS: &[Mode] = &[Browse, Compare];
/// The screens of 准入 and 登记, which have a list of their own.
const ADMIT: &[Mode] = &[Tasks, Register];
/// Where `?` opens the help.
const WITH_HELP: &[Mode] = &[Browse, Compare, Tasks, Register];
/// Everywhere nothing is being typed: in the note editor, the query line and a picker's line,
/// Ctrl-c closes what is being typed instead.
const OUTSIDE_EDITOR: &[Mode] = &[Browse, Compare, Help, Tasks, Register];

pub const BINDINGS: &[Binding] = &[
    // The query line first: while typing, printable keys are text, not commands.
    Binding {
        modes: &[Filter],
        keys: &[key(KeyCode::Enter)],
        action: Action::Confirm,
        help: "保留筛选，回到列表",
        hint: Some("保留"),
    },
    Binding {
        modes: &[Filter],
        keys: &[key(KeyCode::Esc)],
        action: Action::Cancel,
        help: "清除筛选，回到列表",
        hint: Some("清除"),
    },
    Binding {
        modes: TYPING,
        keys: &[ctrl('c')],
        action: Action::Cancel,
        help: "不输入了，回到列表（不退出程序）",
        hint: None,
    },
    Binding {
        modes: &[Filter],
        keys: &[key(KeyCode::Tab)],
        action: Action::TakeSuggestion,
        help: "没有匹配时，采用“你是不是要找”的第一个（列表里按 Enter 也行）",
        hint: Some("采用建议"),
    },
    Binding {
        modes: TYPING,
        keys: &[key(KeyCode::Down), ctrl('n')],
        action: Action::Down,
        help: "边输入边下移选择",
        hint: None,
    },
    Binding {
        modes: TYPING,
        keys: &[key(KeyCode::Up), ctrl('p')],
        action: Action::Up,
        help: "边输入边上移选择",
        hint: None,
    },
    Binding {
        modes: EDITING,
        keys: &[key(KeyCode::Backspace), ctrl('h')],
        action: Action::Backspace,
        help: "删除光标前一个字",
        hint: None,
    },
    Binding {
        modes: EDITING,
        keys: &[key(KeyCode::Delete)],
        action: Action::Delete,
        help: "删除光标处的字",
        hint: None,
    },
    Binding {
        modes: TYPING,
        keys: &[ctrl('w')],
        action: Action::DeleteWord,
        help: "删除光标前一个词",
        hint: None,
    },
    Binding {
        modes: TYPING,
        keys: &[ctrl('u')],
        action: Action::ClearQuery,
        help: "清空输入",
        hint: None,
    },
    Binding {
        modes: EDITING,
        keys: &[key(KeyCode::Left), ctrl('b')],
        action: Action::CursorLeft,
        help: "光标左移",
        hint: None,
    },
    Binding {
        modes: EDITING,
        keys: &[key(KeyCode::Right), ctrl('f')],
        action: Action::CursorRight,
        help: "光标右移",
        hint: None,
    },
    Binding {
        modes: EDITING,
        keys: &[key(KeyCode::Home), ctrl('a')],
        action: Action::CursorHome,
        help: "光标到行首",
        hint: None,
    },
    Binding {
        modes: EDITING,
        keys: &[key(KeyCode::End), ctrl('e')],
        action: Action::CursorEnd,
        help: "光标到行尾",
        hint: None,
    },
    Binding {
        modes: &[Picker],
        keys: &[key(KeyCode::Enter)],
        action: Action::Confirm,
        help: "选定",
        hint: Some("选定"),
    },
    Binding {
        modes: &[Picker],
        keys: &[key(KeyCode::Esc)],
        action: Action::Cancel,
        help: "不选，关闭",
        hint: Some("取消"),
    },
    // The note editor.
    Binding {
        modes: &[Note],
        keys: &[ctrl('s')],
        action: Action::SaveNote,
        help: "保存备注，关闭编辑",
        hint: Some("保存"),
    },
    Binding {
        modes: &[Note],
        keys: &[key(KeyCode::Esc), ctrl('c')],
        action: Action::Cancel,
        help: "不保存，关闭编辑；写过的字存为草稿，按 n 接着写",
        hint: Some("存草稿返回"),
    },
    Binding {
        modes: TEXT,
        keys: &[key(KeyCode::Enter)],
        action: Action::Newline,
        help: "换行",
        hint: Some("换行"),
    },
    Binding {
        modes: TEXT,
        keys: &[key(KeyCode::Up)],
        action: Action::Up,
        help: "光标上移一行",
        hint: None,
    },
    Binding {
        modes: TEXT,
        keys: &[key(KeyCode::Down)],
        action: Action::Down,
        help: "光标下移一行",
        hint: None,
    },
    // The notice editor (i), also used for a register entry's note.
    Binding {
        modes: &[Notice],
        keys: &[ctrl('s')],
        action: Action::SaveNote,
        help: "读通知：拆成任务，逐项对照清单（写登记备注时：保存）",
        hint: Some("读通知"),
    },
    Binding {
        modes: &[Notice],
        keys: &[key(KeyCode::Esc), ctrl('c')],
        action: Action::Cancel,
        help: "关闭，文字留着（存在审核记录里），再按 i 接着改；登记备注按 Esc 即保存",
        hint: Some("返回"),
    },
    Binding {
        modes: &[Notice],
        keys: &[ctrl('u')],
        action: Action::ClearQuery,
        help: "清空，换一份通知",
        hint: Some("清空"),
    },
    // The results of a notice.
    Binding {
        modes: ADMIT,
        keys: &[ch('j'), key(KeyCode::Down)],
        action: Action::Down,
        help: "下一项",
        hint: Some("移动"),
    },
    Binding {
        modes: ADMIT,
        keys: &[ch('k'), key(KeyCode::Up)],
        action: Action::Up,
        help: "上一项",
        hint: None,
    },
    Binding {
        modes: ADMIT,
        keys: &[key(KeyCode::PageDown), ch(' ')],
        action: Action::PageDown,
        help: "下翻",
        hint: None,
    },
    Binding {
        modes: ADMIT,
        keys: &[key(KeyCode::PageUp)],
        action: Action::PageUp,
        help: "上翻",
        hint: None,
    },
    Binding {
        modes: ADMIT,
        keys: &[ch('g'), key(KeyCode::Home)],
        action: Action::Top,
        help: "到第一项",
        hint: None,
    },
    Binding {
        modes: ADMIT,
        keys: &[ch('G'), key(KeyCode::End)],
        action: Action::Bottom,
        help: "到最后一项",
        hint: None,
    },
    Binding {
        modes: ADMIT,
        keys: &[ch('J')],
        action: Action::ScrollDown,
        help: "向下滚动右边的详情",
        hint: None,
    },
    Binding {
        modes: ADMIT,
        keys: &[ch('K')],
        action: Action::ScrollUp,
        help: "向上滚动右边的详情",
        hint: None,
    },
    Binding {
        modes: &[Tasks],
        keys: &[key(KeyCode::Tab)],
        action: Action::NextCandidate,
        help: "看下一个候选事项（最多 3 个）",
        hint: Some("候选"),
    },
    Binding {
        modes: &[Tasks],
        keys: &[key(KeyCode::Enter)],
        action: Action::Confirm,
        help: "在清单里打开右边这一项（i 回到这里）",
        hint: Some("打开"),
    },
    Binding {
        modes: &[Tasks],
        keys: &[ch('R')],
        action: Action::RecordTask,
        help: "把这项任务记入登记台账（来文部门、文号、时限取自通知）",
        hint: Some("登记"),
    },
    Binding {
        modes: ADMIT,
        keys: &[ch('i')],
        action: Action::OpenAdmit,
        help: "改通知，或粘贴另一份（Ctrl-u 清空）",
        hint: Some("通知"),
    },
    Binding {
        modes: &[Register],
        keys: &[ch('o')],
        action: Action::NextOutcome,
        help: "改处理结果：退回、承接、报批、已准入、待定，依次切换，立即保存",
        hint: Some("处理结果"),
    },
    Binding {
        modes: &[Register],
        keys: &[ch('n')],
        action: Action::EditNote,
        help: "写这条登记的备注（Ctrl-s 或 Esc 保存）",
        hint: Some("备注"),
    },
    Binding {
        modes: &[Register],
        keys: &[ch('e')],
        action: Action::Export,
        help: "导出登记台账 xlsx（含按部门统计）到当前目录",
        hint: Some("导出"),
    },
    Binding {
        modes: ADMIT,
        keys: &[key(KeyCode::Esc), ch('q')],
        action: Action::Cancel,
        help: "回到清单",
        hint: Some("返回"),
    },
    // Browsing the lists and the compare view.
    Binding {
        modes: &[Browse],
        keys: &[ch('/')],
        action: Action::StartFilter,
        help: "输入筛选：每输入一个字都重新筛选全部清单",
        hint: Some("筛选"),
    },
    Binding {
        modes: &[Browse],
        keys: &[key(KeyCode::Enter)],
        action: Action::Confirm,
        help: "对照查看：上级部门职责与本镇配合职责占满全屏",
        hint: Some("对照"),
    },
    Binding {
        modes: LISTS,
        keys: &[ch('j'), key(KeyCode::Down)],
        action: Action::Down,
        help: "下移一项（焦点在职责栏时向下滚动）",
        hint: Some("移动"),
    },
    Binding {
        modes: LISTS,
        keys: &[ch('k'), key(KeyCode::Up)],
        action: Action::Up,
        help: "上移一项（焦点在职责栏时向上滚动）",
        hint: None,
    },
    Binding {
        modes: LISTS,
        keys: &[key(KeyCode::PageDown), ch(' ')],
        action: Action::PageDown,
        help: "下翻一页",
        hint: None,
    },
    Binding {
        modes: LISTS,
        keys: &[key(KeyCode::PageUp)],
        action: Action::PageUp,
        help: "上翻一页",
        hint: None,
    },
    Binding {
        modes: LISTS,
        keys: &[ctrl('d')],
        action: Action::HalfPageDown,
        help: "下翻半页",
        hint: None,
    },
    Binding {
        modes: LISTS,
        keys: &[ctrl('u')],
        action: Action::HalfPageUp,
        help: "上翻半页",
        hint: None,
    },
    Binding {
        modes: LISTS,
        keys: &[ch('g'), key(KeyCode::Home)],
        action: Action::Top,
        help: "到第一项（职责栏：到顶）",
        hint: None,
    },
    Binding {
        modes: LISTS,
        keys: &[ch('G'), key(KeyCode::End)],
        action: Action::Bottom,
        help: "到最后一项（职责栏：到底）",
        hint: None,
    },
    Binding {
        modes: LISTS,
        keys: &[ch('h'), key(KeyCode::Left)],
        action: Action::FocusLeft,
        help: "焦点移到左边的栏",
        hint: None,
    },
    Binding {
        modes: LISTS,
        keys: &[ch('l'), key(KeyCode::Right)],
        action: Action::FocusRight,
        help: "焦点移到右边的栏",
        hint: Some("切换栏"),
    },
    Binding {
        modes: LISTS,
        keys: &[ch('J')],
        action: Action::ScrollDown,
        help: "向下滚动焦点所在的职责栏",
        hint: Some("滚动"),
    },
    Binding {
        modes: LISTS,
        keys: &[ch('K')],
        action: Action::ScrollUp,
        help: "向上滚动焦点所在的职责栏",
        hint: None,
    },
    Binding {
        modes: &[Browse],
        keys: &[key(KeyCode::Esc)],
        action: Action::Cancel,
        help: "清除筛选",
        hint: None,
    },
    // Review marks, on the selected item, in the list and the compare view.
    Binding {
        modes: LISTS,
        keys: &[ch('a')],
        action: Action::SetStatus(Some(Status::Agree)),
        help: "标记：同意",
        hint: Some("同意"),
    },
    Binding {
        modes: LISTS,
        keys: &[ch('x')],
        action: Action::SetStatus(Some(Status::Dispute)),
        help: "标记：有异议",
        hint: Some("异议"),
    },
    Binding {
        modes: LISTS,
        keys: &[ch('m')],
        action: Action::SetStatus(Some(Status::Change)),
        help: "标记：需修改",
        hint: None,
    },
    Binding {
        modes: LISTS,
        keys: &[ch('v')],
        action: Action::SetStatus(Some(Status::Check)),
        help: "标记：待核实",
        hint: None,
    },
    Binding {
        modes: LISTS,
        keys: &[ch('u')],
        action: Action::SetStatus(None),
        help: "清除审核状态（备注保留）",
        hint: None,
    },
    Binding {
        modes: LISTS,
        keys: &[ch('H')],
        action: Action::ShowHistory,
        help: "看选中事项的审核记录和修改历史（焦点移到那一栏）",
        hint: None,
    },
    Binding {
        modes: LISTS,
        keys: &[key(KeyCode::Backspace), ctrl('o')],
        action: Action::Back,
        help: "回到跳转（相关事项、部门、类别、乡镇）之前的位置，可一直往回",
        hint: None,
    },
    Binding {
        modes: LISTS,
        keys: &[ch('z'), ctrl('z')],
        action: Action::Undo,
        help: "撤销本次打开后的上一个标记或备注（记入修改历史）",
        hint: None,
    },
    Binding {
        modes: LISTS,
        keys: &[ch('n')],
        action: Action::EditNote,
        help: "写或改备注（多行；Ctrl-s 或 Esc 保存）",
        hint: Some("备注"),
    },
    Binding {
        modes: LISTS,
        keys: &[ch('y')],
        action: Action::CopyItem,
        help: "复制选中事项的全文到本机剪贴板（OSC 52，经 SSH 也可用）",
        hint: None,
    },
    Binding {
        modes: LISTS,
        keys: &[ch('e')],
        action: Action::Export,
        help: "导出 xlsx（含审核状态和备注）到当前目录",
        hint: None,
    },
    Binding {
        modes: &[Browse],
        keys: &[ch('i')],
        action: Action::OpenAdmit,
        help: "准入：粘贴或输入一份通知，逐项判断是不是本镇的（有结果时回到结果）",
        hint: Some("准入"),
    },
    Binding {
        modes: &[Browse, Tasks],
        keys: &[ch('5')],
        action: Action::ShowRegister,
        help: "登记台账：收到的任务和处理结果",
        hint: None,
    },
    Binding {
        modes: &[Browse],
        keys: &[ch('d')],
        action: Action::PickDepartment,
        help: "按部门查看：选一个部门，只列它的事项（同 部门:）",
        hint: Some("部门"),
    },
    Binding {
        modes: &[Browse],
        keys: &[ch('t')],
        action: Action::PickTown,
        help: "选乡镇：只看一个乡镇（载入几个乡镇时）；检索不选则跨所有乡镇",
        hint: Some("乡镇"),
    },
    Binding {
        modes: &[Browse],
        keys: &[ch('c')],
        action: Action::PickCategory,
        help: "按类别查看：选一个类别，只列它的事项（同 类别:）",
        hint: None,
    },
    Binding {
        modes: LISTS,
        keys: &[ch('r')],
        action: Action::PickRelated,
        help: "相关事项：其他清单里最相近的几项，选定即跳过去",
        hint: Some("相关"),
    },
    Binding {
        modes: &[Compare],
        keys: &[ch(']'), ctrl('n')],
        action: Action::NextItem,
        help: "对照下一项",
        hint: Some("下一项"),
    },
    Binding {
        modes: &[Compare],
        keys: &[ch('['), ctrl('p')],
        action: Action::PrevItem,
        help: "对照上一项",
        hint: Some("上一项"),
    },
    Binding {
        modes: &[Compare],
        keys: &[key(KeyCode::Esc), ch('q')],
        action: Action::Cancel,
        help: "回到列表",
        hint: Some("返回"),
    },
    Binding {
        modes: &[Browse, Register],
        keys: &[ch('1')],
        action: Action::ShowTab(Tab::Basic),
        help: "基本履职事项清单",
        hint: None,
    },
    Binding {
        modes: &[Browse, Register],
        keys: &[ch('2')],
        action: Action::ShowTab(Tab::Coop),
        help: "配合履职事项清单",
        hint: None,
    },
    Binding {
        modes: &[Browse, Register],
        keys: &[ch('3')],
        action: Action::ShowTab(Tab::Recalled),
        help: "上级部门收回事项清单",
        hint: None,
    },
    Binding {
        modes: &[Browse, Register],
        keys: &[ch('4')],
        action: Action::ShowTab(Tab::All),
        help: "全部三张清单",
        hint: None,
    },
    Binding {
        modes: &[Browse, Register],
        keys: &[key(KeyCode::Tab)],
        action: Action::NextTab,
        help: "下一张清单",
        hint: Some("清单"),
    },
    Binding {
        modes: &[Browse, Register],
        keys: &[key(KeyCode::BackTab)],
        action: Action::PrevTab,
        help: "上一张清单",
        hint: None,
    },
    // The help overlay.
    Binding {
        modes: &[Help],
        keys: &[ch('j'), key(KeyCode::Down)],
        action: Action::Down,
        help: "向下滚动帮助",
        hint: Some("滚动"),
    },
    Binding {
        modes: &[Help],
        keys: &[ch('k'), key(KeyCode::Up)],
        action: Action::Up,
        help: "向上滚动帮助",
        hint: None,
    },
    Binding {
        modes: &[Help],
        keys: &[key(KeyCode::Esc), ch('q'), ch('?')],
        action: Action::ToggleHelp,
        help: "关闭帮助",
        hint: Some("关闭"),
    },
    // Everywhere.
    Binding {
        modes: WITH_HELP,
        keys: &[ch('?')],
        action: Action::ToggleHelp,
        help: "按键帮助",
        hint: Some("帮助"),
    },
    Binding {
        modes: ALL,
        keys: &[ctrl('l')],
        action: Action::Redraw,
        help: "重画整个屏幕",
        hint: None,
    },
    Binding {
        modes: &[Browse],
        keys: &[ch('q')],
        action: Action::Quit,
        help: "退出",
        hint: Some("退出"),
    },
    Binding {
        modes: OUTSIDE_EDITOR,
        keys: &[ctrl('c')],
        action: Action::Quit,
        help: "退出",
        hint: None,
    },
];

/// What a key does in a mode. In the query line, any other printable key is typed as text; in
/// the list, a printable key that is not a command (a letter, a Chinese character from the
/// input method) starts the filter with it, so typing a search without `/` searches.
pub fn action_for(mode: Mode, event: KeyEvent) -> Option<Action> {
    let pressed = normalise(event);
    let bound = BINDINGS
        .iter()
        .find(|b| b.modes.contains(&mode) && b.keys.contains(&pressed))
        .map(|b| b.action);
    bound.or_else(|| match (mode, pressed.code) {
        (
            Mode::Filter | Mode::Picker | Mode::Note | Mode::Notice | Mode::Browse,
            KeyCode::Char(c),
        ) if !pressed
            .mods
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
            && !c.is_control() =>
        {
            Some(Action::Insert(c))
        }
        _ => None,
    })
}

/// Terminals report Shift-j as 'J' with SHIFT; the table writes it as plain 'J'.
fn normalise(event: KeyEvent) -> Key {
    let mut mods = event.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
    let code = match event.code {
        KeyCode::Char(c) if mods.contains(KeyModifiers::CONTROL) => {
            KeyCode::Char(c.to_ascii_lowercase())
        }
        KeyCode::BackTab => {
            mods = KeyModifiers::NONE;
            KeyCode::BackTab
        }
        other => other,
    };
    Key { code, mods }
}

/// How a key is written in help and hints. Arrows are spelled out under `--ascii`, where the
/// console may draw ← ↑ → ↓ two columns wide.
pub fn key_label(key: Key, ascii: bool) -> String {
    let name = match key.code {
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => "Shift-Tab".into(),
        KeyCode::Backspace => "Backspace".into(),
        KeyCode::Delete => "Del".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::PageDown => "PgDn".into(),
        KeyCode::Up => if ascii { "Up" } else { "↑" }.into(),
        KeyCode::Down => if ascii { "Down" } else { "↓" }.into(),
        KeyCode::Left => if ascii { "Left" } else { "←" }.into(),
        KeyCode::Right => if ascii { "Right" } else { "→" }.into(),
        other => format!("{other:?}"),
    };
    if key.mods.contains(KeyModifiers::CONTROL) {
        format!("Ctrl-{name}")
    } else {
        name
    }
}

/// The keys of a binding joined for display: "j/↓".
pub fn keys_label(binding: &Binding, ascii: bool) -> String {
    binding
        .keys
        .iter()
        .map(|&k| key_label(k, ascii))
        .collect::<Vec<_>>()
        .join("/")
}

/// Whether a hint must stay in the footer at any width: help, and the way back or out (and in
/// compare view the way on).
pub fn essential(action: Action) -> bool {
    matches!(
        action,
        Action::ToggleHelp
            | Action::Quit
            | Action::Cancel
            | Action::SaveNote
            | Action::NextItem
            | Action::PrevItem
    )
}

/// The footer hints of a mode, in table order: ("/", "筛选", action), ("Enter", "对照", action), …
pub fn hints(mode: Mode, ascii: bool) -> Vec<(String, &'static str, Action)> {
    BINDINGS
        .iter()
        .filter(|b| b.modes.contains(&mode))
        .filter_map(|b| Some((key_label(b.keys[0], ascii), b.hint?, b.action)))
        .collect()
}

/// The help's section for a mode.
const HELP_TITLES: [(Mode, &str); 8] = [
    (Browse, "浏览清单"),
    (Compare, "对照查看（Enter 打开）"),
    (Filter, "输入筛选（/ 打开）"),
    (Picker, "部门、类别、相关事项、乡镇（d、c、r、t 打开）"),
    (Note, "写备注（n 打开）"),
    (Notice, "准入：输入通知（i 打开）"),
    (Tasks, "准入结果（通知读完后）"),
    (Register, "登记台账（5 打开）"),
];

/// The title of a mode's section in the help.
pub fn help_title(mode: Mode) -> Option<&'static str> {
    HELP_TITLES
        .iter()
        .find(|(m, _)| *m == mode)
        .map(|(_, title)| *title)
}

/// The help overlay's sections: a title per mode and its (keys, description) lines, in table order.
pub fn help_sections(ascii: bool) -> Vec<(&'static str, Vec<(String, &'static str)>)> {
    HELP_TITLES
        .into_iter()
        .map(|(mode, title)| {
            let mut lines: Vec<(String, &'static str)> = Vec::new();
            for b in BINDINGS.iter().filter(|b| b.modes.contains(&mode)) {
                let keys = keys_label(b, ascii);
                // Two rows for one action (q and Ctrl-c both quit) read better as one.
                match lines.iter_mut().find(|(_, help)| *help == b.help) {
                    Some((existing, _)) => {
                        existing.push('/');
                        existing.push_str(&keys);
                    }
                    None => lines.push((keys, b.help)),
                }
            }
            (title, lines)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyEventKind;

    fn press(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new_with_kind(code, mods, KeyEventKind::Press)
    }

    fn plain(c: char) -> KeyEvent {
        press(KeyCode::Char(c), KeyModifiers::NONE)
    }

    #[test]
    fn browse_keys_move_switch_and_quit() {
        assert_eq!(action_for(Browse, plain('j')), Some(Action::Down));
        assert_eq!(
            action_for(Browse, press(KeyCode::Down, KeyModifiers::NONE)),
            Some(Action::Down)
        );
        assert_eq!(
            action_for(Browse, plain('3')),
            Some(Action::ShowTab(Tab::Recalled))
        );
        assert_eq!(
            action_for(Browse, press(KeyCode::BackTab, KeyModifiers::SHIFT)),
            Some(Action::PrevTab)
        );
        assert_eq!(
            action_for(Browse, press(KeyCode::Char('J'), KeyModifiers::SHIFT)),
            Some(Action::ScrollDown)
        );
        assert_eq!(action_for(Browse, plain('q')), Some(Action::Quit));
        assert_eq!(
            action_for(Browse, press(KeyCode::Char('d'), KeyModifiers::CONTROL)),
            Some(Action::HalfPageDown)
        );
        assert_eq!(action_for(Browse, plain('z')), Some(Action::Undo));
        // Not a command: a search starts with it.
        assert_eq!(action_for(Browse, plain('w')), Some(Action::Insert('w')));
        assert_eq!(action_for(Browse, plain('犬')), Some(Action::Insert('犬')));
        assert_eq!(action_for(Compare, plain('w')), None);
        // No pinyin syllable starts with i: it opens 准入 without taking a search's first key.
        assert_eq!(action_for(Browse, plain('i')), Some(Action::OpenAdmit));
    }

    #[test]
    fn in_the_query_line_letters_and_chinese_are_text() {
        assert_eq!(action_for(Filter, plain('q')), Some(Action::Insert('q')));
        assert_eq!(action_for(Filter, plain('j')), Some(Action::Insert('j')));
        assert_eq!(action_for(Filter, plain('犬')), Some(Action::Insert('犬')));
        assert_eq!(
            action_for(Filter, press(KeyCode::Char('C'), KeyModifiers::SHIFT)),
            Some(Action::Insert('C'))
        );
        assert_eq!(
            action_for(Filter, press(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Some(Action::Cancel),
            "Ctrl-c in a line being typed closes it, never the app"
        );
        assert_eq!(
            action_for(Filter, press(KeyCode::Char('u'), KeyModifiers::CONTROL)),
            Some(Action::ClearQuery)
        );
        assert_eq!(
            action_for(Filter, press(KeyCode::Enter, KeyModifiers::NONE)),
            Some(Action::Confirm)
        );
    }

    #[test]
    fn no_key_is_bound_twice_in_one_mode() {
        for &mode in ALL {
            let mut seen = Vec::new();
            for b in BINDINGS.iter().filter(|b| b.modes.contains(&mode)) {
                for k in b.keys {
                    assert!(!seen.contains(k), "{k:?} bound twice in {mode:?}");
                    seen.push(*k);
                }
            }
        }
    }

    #[test]
    fn help_and_hints_come_from_the_table() {
        let sections = help_sections(false);
        let browse = &sections[0].1;
        assert!(browse.contains(&("j/↓".to_string(), "下移一项（焦点在职责栏时向下滚动）")));
        assert!(browse.contains(&("q/Ctrl-c".to_string(), "退出")));
        let hints = hints(Browse, true);
        assert_eq!(hints[0], ("/".to_string(), "筛选", Action::StartFilter));
        assert!(hints.contains(&("j".to_string(), "移动", Action::Down)));
        assert_eq!(key_label(key(KeyCode::Up), true), "Up");
    }
}
