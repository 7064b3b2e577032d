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

const fn bind(
    modes: &'static [Mode],
    keys: &'static [Key],
    action: Action,
    help: &'static str,
    hint: Option<&'static str>,
) -> Binding {
    Binding {
        modes,
        keys,
        action,
        help,
        hint,
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

/// The table, one binding per line: modes, keys, action, the help line, the footer word.
#[rustfmt::skip]
pub const BINDINGS: &[Binding] = &[
    // The query line first: while typing, printable keys are text, not commands.
    bind(&[Filter], &[key(KeyCode::Enter)], Action::Confirm, "保留筛选，回到列表", Some("保留")),
    bind(&[Filter], &[key(KeyCode::Esc)], Action::Cancel, "清除筛选，回到列表", Some("清除")),
    bind(TYPING, &[ctrl('c')], Action::Cancel, "不输入了，回到列表（不退出程序）", None),
    bind(&[Filter], &[key(KeyCode::Tab)], Action::TakeSuggestion, "没有匹配时，采用“你是不是要找”的第一个（列表里按 Enter 也行）", Some("采用建议")),
    bind(TYPING, &[key(KeyCode::Down), ctrl('n')], Action::Down, "边输入边下移选择", None),
    bind(TYPING, &[key(KeyCode::Up), ctrl('p')], Action::Up, "边输入边上移选择", None),
    bind(EDITING, &[key(KeyCode::Backspace), ctrl('h')], Action::Backspace, "删除光标前一个字", None),
    bind(EDITING, &[key(KeyCode::Delete)], Action::Delete, "删除光标处的字", None),
    bind(TYPING, &[ctrl('w')], Action::DeleteWord, "删除光标前一个词", None),
    bind(TYPING, &[ctrl('u')], Action::ClearQuery, "清空输入", None),
    bind(EDITING, &[key(KeyCode::Left), ctrl('b')], Action::CursorLeft, "光标左移", None),
    bind(EDITING, &[key(KeyCode::Right), ctrl('f')], Action::CursorRight, "光标右移", None),
    bind(EDITING, &[key(KeyCode::Home), ctrl('a')], Action::CursorHome, "光标到行首", None),
    bind(EDITING, &[key(KeyCode::End), ctrl('e')], Action::CursorEnd, "光标到行尾", None),
    bind(&[Picker], &[key(KeyCode::Enter)], Action::Confirm, "选定", Some("选定")),
    bind(&[Picker], &[key(KeyCode::Esc)], Action::Cancel, "不选，关闭", Some("取消")),
    // The note editor.
    bind(&[Note], &[ctrl('s')], Action::SaveNote, "保存备注，关闭编辑", Some("保存")),
    bind(&[Note], &[key(KeyCode::Esc), ctrl('c')], Action::Cancel, "不保存，关闭编辑；写过的字存为草稿，按 N 接着写", Some("存草稿返回")),
    bind(TEXT, &[key(KeyCode::Enter)], Action::Newline, "换行", Some("换行")),
    bind(TEXT, &[key(KeyCode::Up)], Action::Up, "光标上移一行", None),
    bind(TEXT, &[key(KeyCode::Down)], Action::Down, "光标下移一行", None),
    // The notice editor (i), also used for a register entry's note.
    bind(&[Notice], &[ctrl('s')], Action::SaveNote, "读通知：拆成任务，逐项对照清单（写登记备注时：保存）", Some("读通知")),
    bind(&[Notice], &[key(KeyCode::Esc), ctrl('c')], Action::Cancel, "关闭，文字留着（存在审核记录里），再按 i 接着改；登记备注按 Esc 即保存", Some("返回")),
    bind(&[Notice], &[ctrl('u')], Action::ClearQuery, "清空，换一份通知", Some("清空")),
    // The results of a notice, and the register: moving is on the arrows and paging keys,
    // commands on capitals; a lowercase letter goes back to the lists and searches.
    bind(ADMIT, &[key(KeyCode::Down)], Action::Down, "下一项", Some("移动")),
    bind(ADMIT, &[key(KeyCode::Up)], Action::Up, "上一项", None),
    bind(ADMIT, &[key(KeyCode::PageDown), ch(' ')], Action::PageDown, "下翻", None),
    bind(ADMIT, &[key(KeyCode::PageUp)], Action::PageUp, "上翻", None),
    bind(ADMIT, &[key(KeyCode::Home)], Action::Top, "到第一项", None),
    bind(ADMIT, &[key(KeyCode::End)], Action::Bottom, "到最后一项", None),
    bind(ADMIT, &[ch('J')], Action::ScrollDown, "向下滚动右边的详情", None),
    bind(ADMIT, &[ch('K')], Action::ScrollUp, "向上滚动右边的详情", None),
    bind(&[Tasks], &[ch('V')], Action::ChangeDecision, "改判断：清单外，或从本镇全部事项里选一个（列表里 ? 是 lvzhi 没把握的，+ 是人改定的）", Some("改判断")),
    bind(&[Tasks], &[key(KeyCode::Tab)], Action::NextCandidate, "看下一个候选事项（最多 3 个）", Some("候选")),
    bind(&[Tasks], &[ch('C')], Action::AdoptCandidate, "采用右边这个候选作为判断（再按一次回到 lvzhi 的建议）", Some("采用")),
    bind(&[Tasks], &[ch('R')], Action::RecordTask, "把这项任务按现在的判断记入登记台账（来文部门、文号、时限取自通知；lvzhi 的建议一并记下）", Some("登记")),
    bind(&[Tasks], &[key(KeyCode::Enter)], Action::Confirm, "在清单里打开右边这一项（i 回到这里）", Some("打开")),
    bind(ADMIT, &[ch('i')], Action::OpenAdmit, "改通知，或粘贴另一份（Ctrl-u 清空）", Some("通知")),
    bind(&[Register], &[ch('V')], Action::ChangeDecision, "改这条登记的判断和对应事项（清单外或本镇任一事项），立即保存，记入修改历史", Some("改判断")),
    bind(&[Register], &[ch('O')], Action::NextOutcome, "改处理结果：退回、承接、报批、已准入、待定，依次切换，立即保存", Some("处理结果")),
    bind(&[Register], &[ch('N')], Action::EditNote, "写这条登记的备注（Ctrl-s 或 Esc 保存）", Some("备注")),
    bind(&[Register], &[ch('E')], Action::Export, "导出登记台账 xlsx（含按部门统计）到当前目录", Some("导出")),
    bind(&[Register], &[ch('L')], Action::WriteLetter, "按这条登记的判断写函（.docx）到当前目录：收回或属部门的配合工作写退回函，清单外写情况说明", Some("写函")),
    bind(&[Register], &[ch('Z'), ctrl('z')], Action::Undo, "登记的改动不能撤销：说明怎样改回（用 V、O 再改，修改历史都留着）", None),
    bind(ADMIT, &[key(KeyCode::Esc)], Action::Cancel, "回到清单", Some("返回")),
    // Browsing the lists and the compare view. A lowercase letter (or a Chinese character)
    // typed here is a search: commands are capitals, digits, punctuation and Ctrl keys, and
    // `i`, with which no pinyin syllable begins (docs/keys.md).
    bind(&[Browse], &[ch('/')], Action::StartFilter, "输入筛选（直接打字母或汉字也是筛选）", Some("筛选")),
    bind(LISTS, &[ch('i')], Action::OpenAdmit, "准入：粘贴或输入一份通知，逐项判断是不是本镇的（有结果时回到结果）", Some("准入")),
    bind(&[Browse], &[key(KeyCode::Enter)], Action::Confirm, "对照查看：上级部门职责与本镇配合职责占满全屏", Some("对照")),
    bind(LISTS, &[ch('A')], Action::SetStatus(Some(Status::Agree)), "标记：同意", Some("同意")),
    bind(LISTS, &[ch('X')], Action::SetStatus(Some(Status::Dispute)), "标记：有异议", Some("异议")),
    bind(LISTS, &[ch('M')], Action::SetStatus(Some(Status::Change)), "标记：需修改", Some("需修改")),
    bind(LISTS, &[ch('V')], Action::SetStatus(Some(Status::Check)), "标记：待核实", Some("待核实")),
    bind(LISTS, &[ch('U')], Action::SetStatus(None), "清除审核状态（备注保留）", None),
    bind(LISTS, &[ch('N')], Action::EditNote, "写或改备注（多行；Ctrl-s 保存，Esc 存为草稿）", Some("备注")),
    bind(LISTS, &[ch('Z'), ctrl('z')], Action::Undo, "撤销本次打开后的上一个标记或备注（记入修改历史）", Some("撤销")),
    bind(LISTS, &[key(KeyCode::Down)], Action::Down, "下移一项（焦点在职责栏时向下滚动）", Some("移动")),
    bind(LISTS, &[key(KeyCode::Up)], Action::Up, "上移一项（焦点在职责栏时向上滚动）", None),
    bind(&[Browse], &[ctrl('n')], Action::Down, "下移一项（焦点在职责栏时向下滚动）", None),
    bind(&[Browse], &[ctrl('p')], Action::Up, "上移一项（焦点在职责栏时向上滚动）", None),
    bind(LISTS, &[key(KeyCode::PageDown), ch(' ')], Action::PageDown, "下翻一页", None),
    bind(LISTS, &[key(KeyCode::PageUp)], Action::PageUp, "上翻一页", None),
    bind(LISTS, &[ctrl('d')], Action::HalfPageDown, "下翻半页", None),
    bind(LISTS, &[ctrl('u')], Action::HalfPageUp, "上翻半页", None),
    bind(LISTS, &[key(KeyCode::Home)], Action::Top, "到第一项（职责栏：到顶）", None),
    bind(LISTS, &[key(KeyCode::End)], Action::Bottom, "到最后一项（职责栏：到底）", None),
    bind(LISTS, &[key(KeyCode::Left)], Action::FocusLeft, "焦点移到左边的栏", None),
    bind(LISTS, &[key(KeyCode::Right)], Action::FocusRight, "焦点移到右边的栏", Some("切换栏")),
    bind(LISTS, &[ch('J')], Action::ScrollDown, "向下滚动焦点所在的职责栏", Some("滚动")),
    bind(LISTS, &[ch('K')], Action::ScrollUp, "向上滚动焦点所在的职责栏", None),
    bind(&[Browse], &[key(KeyCode::Esc)], Action::Cancel, "清除筛选", None),
    bind(LISTS, &[ch('H')], Action::ShowHistory, "看选中事项的审核记录和修改历史（焦点移到那一栏）", None),
    bind(LISTS, &[key(KeyCode::Backspace), ctrl('o')], Action::Back, "回到跳转（相关事项、部门、类别、乡镇）之前的位置，可一直往回", None),
    bind(LISTS, &[ch('Y')], Action::CopyItem, "复制选中事项的全文到本机剪贴板（OSC 52，经 SSH 也可用）", None),
    bind(LISTS, &[ch('E')], Action::Export, "导出 xlsx（含审核状态和备注）到当前目录", None),
    bind(LISTS, &[ch('L')], Action::WriteLetter, "写动态调整申请（.docx）到当前目录：标为有异议、需修改的事项一项一行，备注里写“建议：… 依据：… 理由：…”", None),
    bind(&[Browse, Tasks], &[ch('5')], Action::ShowRegister, "登记台账：收到的任务和处理结果", None),
    bind(&[Browse], &[ch('D')], Action::PickDepartment, "按部门查看：选一个部门，只列它的事项（同 部门:）", Some("部门")),
    bind(&[Browse], &[ch('T')], Action::PickTown, "选乡镇：只看一个乡镇（载入几个乡镇时）；检索不选则跨所有乡镇", Some("乡镇")),
    bind(&[Browse], &[ch('C')], Action::PickCategory, "按类别查看：选一个类别，只列它的事项（同 类别:）", None),
    bind(LISTS, &[ch('R')], Action::PickRelated, "相关事项：其他清单里最相近的几项，选定即跳过去", Some("相关")),
    bind(&[Compare], &[ch(']'), ctrl('n')], Action::NextItem, "对照下一项", Some("下一项")),
    bind(&[Compare], &[ch('['), ctrl('p')], Action::PrevItem, "对照上一项", Some("上一项")),
    bind(&[Compare], &[key(KeyCode::Esc)], Action::Cancel, "回到列表", Some("返回")),
    bind(&[Browse, Register], &[ch('1')], Action::ShowTab(Tab::Basic), "基本履职事项清单", None),
    bind(&[Browse, Register], &[ch('2')], Action::ShowTab(Tab::Coop), "配合履职事项清单", None),
    bind(&[Browse, Register], &[ch('3')], Action::ShowTab(Tab::Recalled), "上级部门收回事项清单", None),
    bind(&[Browse, Register], &[ch('4')], Action::ShowTab(Tab::All), "全部三张清单", None),
    bind(&[Browse, Register], &[key(KeyCode::Tab)], Action::NextTab, "下一张清单", Some("清单")),
    bind(&[Browse, Register], &[key(KeyCode::BackTab)], Action::PrevTab, "上一张清单", None),
    // The help overlay: nothing is typed here, so the reading keys of a pager work too.
    bind(&[Help], &[ch('j'), key(KeyCode::Down)], Action::Down, "向下滚动帮助", Some("滚动")),
    bind(&[Help], &[ch('k'), key(KeyCode::Up)], Action::Up, "向上滚动帮助", None),
    bind(&[Help], &[key(KeyCode::PageDown), ch(' '), ctrl('f')], Action::PageDown, "下翻一页", Some("翻页")),
    bind(&[Help], &[key(KeyCode::PageUp), ctrl('b')], Action::PageUp, "上翻一页", None),
    bind(&[Help], &[ctrl('d')], Action::HalfPageDown, "下翻半页", None),
    bind(&[Help], &[ctrl('u')], Action::HalfPageUp, "上翻半页", None),
    bind(&[Help], &[ch('g'), key(KeyCode::Home)], Action::Top, "到开头", None),
    bind(&[Help], &[ch('G'), key(KeyCode::End)], Action::Bottom, "到末尾", None),
    bind(&[Help], &[key(KeyCode::Esc), ch('q'), ch('?'), key(KeyCode::F(1))], Action::ToggleHelp, "关闭帮助", Some("关闭")),
    // Everywhere.
    bind(WITH_HELP, &[ch('?'), key(KeyCode::F(1))], Action::ToggleHelp, "按键帮助", Some("帮助")),
    bind(ALL, &[ctrl('l')], Action::Redraw, "重画整个屏幕", None),
    bind(OUTSIDE_EDITOR, &[ch('Q')], Action::Quit, "退出", Some("退出")),
    bind(OUTSIDE_EDITOR, &[ctrl('c')], Action::Quit, "退出", None),
];

/// What a key does in a mode. In the query line, any other printable key is typed as text; on
/// every screen with a list (the lists, the compare view, 准入's results, the register), a
/// printable key that is not a command (every lowercase letter but `i`, a Chinese character
/// from the input method) starts a search with it: typing pinyin anywhere is a search, never a
/// verdict.
pub fn action_for(mode: Mode, event: KeyEvent) -> Option<Action> {
    let pressed = normalise(event);
    let bound = BINDINGS
        .iter()
        .find(|b| b.modes.contains(&mode) && b.keys.contains(&pressed))
        .map(|b| b.action);
    bound.or_else(|| match (mode, pressed.code) {
        (
            Mode::Filter
            | Mode::Picker
            | Mode::Note
            | Mode::Notice
            | Mode::Browse
            | Mode::Compare
            | Mode::Tasks
            | Mode::Register,
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
        KeyCode::F(n) => format!("F{n}"),
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

/// The first key bound to `action` in `mode` (television's `get_key_for_action`): what every
/// screen and message names, so no key is typed by hand in a string.
pub fn key_for(mode: Mode, action: Action) -> Option<Key> {
    let bound = || {
        BINDINGS
            .iter()
            .filter(move |b| b.modes.contains(&mode) && b.action == action)
    };
    // The key the footer teaches (Esc closes a picker; Ctrl-c does too, unannounced).
    bound()
        .find(|b| b.hint.is_some())
        .or_else(|| bound().next())
        .map(|b| b.keys[0])
}

/// `key_for` as shown: "Ctrl-s", "Esc", "i". A missing binding shows as "?" in the text and
/// fails the keymap's tests.
pub fn key_name(mode: Mode, action: Action, ascii: bool) -> String {
    key_for(mode, action).map_or_else(|| "?".to_string(), |k| key_label(k, ascii))
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

/// The help's sections: each mode, its name, and the actions (from the lists) that open it.
const HELP_TITLES: [(Mode, &str, &[Action]); 8] = [
    (Browse, "浏览清单", &[]),
    (Compare, "对照查看", &[Action::Confirm]),
    (Filter, "输入筛选", &[Action::StartFilter]),
    (
        Picker,
        "部门、类别、相关事项、乡镇",
        &[
            Action::PickDepartment,
            Action::PickCategory,
            Action::PickRelated,
            Action::PickTown,
        ],
    ),
    (Note, "写备注", &[Action::EditNote]),
    (Notice, "准入：输入通知", &[Action::OpenAdmit]),
    (Tasks, "准入结果（通知读完后）", &[]),
    (Register, "登记台账", &[Action::ShowRegister]),
];

/// The title of a mode's section in the help: its name and the keys that open it, from the
/// table ("部门、类别、相关事项、乡镇（d、c、r、t 打开）").
pub fn help_title(mode: Mode, ascii: bool) -> Option<String> {
    let (_, name, openers) = HELP_TITLES.iter().find(|(m, _, _)| *m == mode)?;
    if openers.is_empty() {
        return Some(name.to_string());
    }
    let keys: Vec<String> = openers
        .iter()
        .map(|&a| key_name(Browse, a, ascii))
        .collect();
    Some(format!("{name}（{} 打开）", keys.join("、")))
}

/// The help overlay's sections: a title per mode and its (keys, description) lines, in table order.
pub fn help_sections(ascii: bool) -> Vec<(String, Vec<(String, &'static str)>)> {
    HELP_TITLES
        .into_iter()
        .map(|(mode, _, _)| {
            let title = help_title(mode, ascii).unwrap_or_default();
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
        assert_eq!(
            action_for(Browse, press(KeyCode::Down, KeyModifiers::NONE)),
            Some(Action::Down)
        );
        assert_eq!(
            action_for(Browse, press(KeyCode::Char('n'), KeyModifiers::CONTROL)),
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
        assert_eq!(
            action_for(Browse, press(KeyCode::Char('Q'), KeyModifiers::SHIFT)),
            Some(Action::Quit)
        );
        assert_eq!(
            action_for(Browse, press(KeyCode::Char('A'), KeyModifiers::SHIFT)),
            Some(Action::SetStatus(Some(Status::Agree)))
        );
        assert_eq!(
            action_for(Browse, press(KeyCode::Char('d'), KeyModifiers::CONTROL)),
            Some(Action::HalfPageDown)
        );
        assert_eq!(
            action_for(Browse, press(KeyCode::Char('z'), KeyModifiers::CONTROL)),
            Some(Action::Undo)
        );
        assert_eq!(action_for(Browse, plain('犬')), Some(Action::Insert('犬')));
        // No pinyin syllable starts with i: it opens 准入 without taking a search's first key.
        assert_eq!(action_for(Browse, plain('i')), Some(Action::OpenAdmit));
    }

    /// Issue 23: pinyin typed on any screen with a list is a search. Every lowercase letter but
    /// `i` is typed as text, on the lists, the compare view, 准入's results and the register.
    #[test]
    fn every_lowercase_letter_but_i_is_a_search_on_every_list() {
        for mode in [Browse, Compare, Tasks, Register] {
            for c in 'a'..='z' {
                let action = action_for(mode, plain(c));
                if c == 'i' {
                    assert_eq!(action, Some(Action::OpenAdmit), "{mode:?}");
                } else {
                    assert_eq!(action, Some(Action::Insert(c)), "{c} in {mode:?}");
                }
            }
        }
    }

    /// The proof docs/keys.md gives for keeping `i` a command: no reading of any Chinese
    /// character (CJK Unified Ideographs and extension A, every reading of a heteronym) starts
    /// with it, so no pinyin search, full or by initials, ever begins with `i`.
    #[test]
    fn no_pinyin_syllable_begins_with_i() {
        use pinyin::ToPinyinMulti;
        let mut read = 0;
        for c in (0x3400u32..=0x4DBF)
            .chain(0x4E00..=0x9FFF)
            .filter_map(char::from_u32)
        {
            let Some(readings) = c.to_pinyin_multi() else {
                continue;
            };
            for reading in readings {
                read += 1;
                assert!(
                    !reading.plain().starts_with('i'),
                    "{c} reads {}",
                    reading.plain()
                );
            }
        }
        assert!(read > 20_000, "the pinyin table was read: {read}");
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
    fn every_key_a_screen_or_message_names_is_bound() {
        use Action::*;
        let named = [
            (Browse, EditNote),
            (Browse, Undo),
            (Browse, ShowHistory),
            (Browse, PickTown),
            (Browse, PickDepartment),
            (Browse, PickCategory),
            (Browse, Confirm),
            (Browse, OpenAdmit),
            (Browse, Back),
            (Browse, ShowRegister),
            (Browse, ToggleHelp),
            (Filter, TakeSuggestion),
            (Picker, Confirm),
            (Picker, Cancel),
            (Note, SaveNote),
            (Notice, SaveNote),
            (Notice, Cancel),
            (Notice, ClearQuery),
            (Tasks, NextCandidate),
            (Tasks, ShowRegister),
            (Tasks, RecordTask),
            (Register, OpenAdmit),
            (Help, ToggleHelp),
            (Help, Down),
        ];
        for (mode, action) in named {
            assert!(key_for(mode, action).is_some(), "{action:?} in {mode:?}");
        }
        assert_eq!(key_name(Picker, Cancel, false), "Esc");
        assert_eq!(key_name(Note, SaveNote, false), "Ctrl-s");
        assert_eq!(
            help_title(Picker, false).unwrap(),
            "部门、类别、相关事项、乡镇（D、C、R、T 打开）"
        );
    }

    #[test]
    fn help_and_hints_come_from_the_table() {
        let sections = help_sections(false);
        let browse = &sections[0].1;
        assert!(browse.contains(&("↓/Ctrl-n".to_string(), "下移一项（焦点在职责栏时向下滚动）")));
        assert!(browse.contains(&("Q/Ctrl-c".to_string(), "退出")));
        let hints = hints(Browse, true);
        assert_eq!(hints[0], ("/".to_string(), "筛选", Action::StartFilter));
        assert_eq!(hints[1], ("i".to_string(), "准入", Action::OpenAdmit));
        assert!(hints.contains(&("Down".to_string(), "移动", Action::Down)));
        assert_eq!(key_label(key(KeyCode::Up), true), "Up");
    }
}
