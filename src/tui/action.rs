//! Everything the app can be asked to do. Keys map to these (keymap.rs); `App::update` performs them.

use crate::model::Status;

use super::mode::Tab;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Leave the app.
    Quit,
    /// Move the selection (or scroll the focused pane) one line down.
    Down,
    /// Move the selection (or scroll the focused pane) one line up.
    Up,
    /// One page down.
    PageDown,
    /// One page up.
    PageUp,
    /// Half a page down.
    HalfPageDown,
    /// Half a page up.
    HalfPageUp,
    /// To the first item (or the top of the focused pane).
    Top,
    /// To the last item (or the bottom of the focused pane).
    Bottom,
    /// Show one list: 基本, 配合, 收回 or 全部.
    ShowTab(Tab),
    /// The next tab to the right, wrapping.
    NextTab,
    /// The next tab to the left, wrapping.
    PrevTab,
    /// Move focus to the pane on the left.
    FocusLeft,
    /// Move focus to the pane on the right.
    FocusRight,
    /// Scroll the focused detail pane down.
    ScrollDown,
    /// Scroll the focused detail pane up.
    ScrollUp,
    /// Open the query line.
    StartFilter,
    /// Browse: open the compare view. Query line: keep the filter, back to the list.
    Confirm,
    /// Query line: clear the filter. Compare view or help: go back. List: clear the filter.
    Cancel,
    /// The next item, staying in the compare view.
    NextItem,
    /// The previous item, staying in the compare view.
    PrevItem,
    /// Choose a department to see only its items.
    PickDepartment,
    /// Choose a category to see only its items.
    PickCategory,
    /// Choose one of the items most like the selected one, and go there.
    PickRelated,
    /// Choose the town the lists show (several towns loaded).
    PickTown,
    /// Show or hide the key help.
    ToggleHelp,
    /// Type a character into the query line.
    Insert(char),
    /// Delete the character before the cursor.
    Backspace,
    /// Delete the character under the cursor.
    Delete,
    /// Delete the word before the cursor.
    DeleteWord,
    /// Empty the query line.
    ClearQuery,
    CursorLeft,
    CursorRight,
    CursorHome,
    CursorEnd,
    /// A mouse click (only with --mouse): select the list row under it, or focus the pane.
    Click(u16, u16),
    /// The mouse wheel (only with --mouse) over a point: scroll what is under it.
    Wheel {
        x: u16,
        y: u16,
        down: bool,
    },
    /// Give the selected item this verdict (`None` clears it), saved at once.
    SetStatus(Option<Status>),
    /// Run the first "did you mean" suggestion of a query that found nothing.
    TakeSuggestion,
    /// Show the selected item's review record and history: its pane, scrolled there.
    ShowHistory,
    /// Go back to where the last jump (a related item, a picker's choice) came from.
    Back,
    /// Take back this session's last verdict or note (recorded in the history as a change).
    Undo,
    /// Open the note editor on the selected item.
    EditNote,
    /// Note editor: save the note and close the editor.
    SaveNote,
    /// Note editor: a line break.
    Newline,
    /// Copy the selected item as text to the user's clipboard (OSC 52).
    CopyItem,
    /// Write the lists with their reviews to an xlsx file in the current directory.
    Export,
    /// Write a letter (.docx) in the current directory: the register entry's 退回函 or 情况说明,
    /// or on the lists the town's 动态调整申请.
    WriteLetter,
    /// 准入: open the notice editor, or the results of the last notice read.
    OpenAdmit,
    /// 准入 results: show the task's next candidate item.
    NextCandidate,
    /// 准入 results: record the task in the register.
    RecordTask,
    /// Show the register (the fifth tab).
    ShowRegister,
    /// Register: the selected entry's next outcome.
    NextOutcome,
    /// 准入: the candidate shown becomes the person's decision on the task.
    AdoptCandidate,
    /// 准入 and 登记: choose the verdict and item (清单外 or any of the town's items).
    ChangeDecision,
    /// The terminal changed size.
    Resize(u16, u16),
    /// Redraw the whole screen (after line noise on a bad link).
    Redraw,
}
