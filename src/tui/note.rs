//! The note editor: multi-line text with a cursor kept in characters, laid out in display
//! columns (a Chinese character takes two) and wrapped to the editor's width.

use unicode_width::UnicodeWidthStr;

use super::action::Action;
use super::edit::{Outcome, TextEdit};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteEditor {
    /// The item whose note this is (an index into the dataset).
    pub item: usize,
    chars: Vec<char>,
    /// The cursor, as a count of characters before it.
    cursor: usize,
    /// Whether the text differs from what was saved (a draft counts as unsaved).
    pub changed: bool,
}

/// Where each character goes on screen: (row, column) of every character and of the end.
pub struct Layout {
    pub rows: Vec<String>,
    pub cursor: (usize, usize),
}

impl NoteEditor {
    /// Starts on `text`, cursor at its end. `from_draft` text counts as unsaved.
    pub fn new(item: usize, text: &str, from_draft: bool) -> NoteEditor {
        let chars: Vec<char> = text
            .chars()
            .filter(|&c| c == '\n' || !c.is_control())
            .collect();
        NoteEditor {
            item,
            cursor: chars.len(),
            chars,
            changed: from_draft,
        }
    }

    pub fn text(&self) -> String {
        self.chars.iter().collect()
    }

    /// What the editor does with a key: the shared editing keys, line breaks and lines up and
    /// down change the text; Ctrl-s is its result, Esc closes it.
    pub fn handle(&mut self, action: Action) -> Outcome<()> {
        if let Some(changed) = self.edit(action) {
            return Outcome::of(changed);
        }
        match action {
            Action::Newline => Outcome::of(self.insert('\n')),
            Action::Up => Outcome::of(self.vertical(false)),
            Action::Down => Outcome::of(self.vertical(true)),
            Action::SaveNote => Outcome::Chosen(()),
            Action::Cancel => Outcome::Closed,
            _ => Outcome::Ignored,
        }
    }

    /// One line up or down, keeping the display column as far as the line allows.
    pub fn vertical(&mut self, down: bool) -> bool {
        let start = self.line_start(self.cursor);
        let column = self.columns(start, self.cursor);
        let target_start = if down {
            let end = self.line_end(self.cursor);
            if end >= self.chars.len() {
                return false;
            }
            end + 1
        } else {
            if start == 0 {
                return false;
            }
            self.line_start(start - 1)
        };
        let target_end = self.line_end(target_start);
        let mut at = target_start;
        while at < target_end && self.columns(target_start, at + 1) <= column {
            at += 1;
        }
        self.cursor = at;
        true
    }

    fn line_start(&self, at: usize) -> usize {
        self.chars[..at]
            .iter()
            .rposition(|&c| c == '\n')
            .map_or(0, |p| p + 1)
    }

    fn line_end(&self, at: usize) -> usize {
        self.chars[at..]
            .iter()
            .position(|&c| c == '\n')
            .map_or(self.chars.len(), |p| at + p)
    }

    /// Display columns of a run, measured as a whole: a skin tone, VS16 or a ZWJ join changes
    /// the width of the emoji before it, as ratatui lays it out.
    fn columns(&self, from: usize, to: usize) -> usize {
        self.chars[from..to].iter().collect::<String>().width()
    }

    /// The text wrapped to `width` columns, and where the cursor is in it. A wide character
    /// never straddles the edge; the cursor after a full row goes to the next.
    pub fn layout(&self, width: usize) -> Layout {
        let width = width.max(2);
        let mut rows = vec![String::new()];
        let mut column = 0;
        let mut cursor = (0, 0);
        for (i, &c) in self.chars.iter().enumerate() {
            if i == self.cursor {
                cursor = (rows.len() - 1, column);
            }
            if c == '\n' {
                rows.push(String::new());
                column = 0;
                continue;
            }
            // What `c` adds to its row: nothing for a modifier or a joined emoji, one for VS16.
            let row = rows.last().map_or("", String::as_str);
            let w = format!("{row}{c}").width().saturating_sub(row.width());
            if column + w > width {
                rows.push(String::new());
                column = 0;
                if i == self.cursor {
                    cursor = (rows.len() - 1, 0);
                }
            }
            if let Some(row) = rows.last_mut() {
                row.push(c);
            }
            column += w;
        }
        if self.cursor == self.chars.len() {
            if column >= width {
                rows.push(String::new());
                column = 0;
            }
            cursor = (rows.len() - 1, column);
        }
        Layout { rows, cursor }
    }
}

impl TextEdit for NoteEditor {
    /// Types a character; a line break is '\n', other control characters are dropped.
    fn insert(&mut self, c: char) -> bool {
        if c.is_control() && c != '\n' {
            return false;
        }
        self.chars.insert(self.cursor, c);
        self.cursor += 1;
        self.changed = true;
        true
    }

    /// Empties the text.
    fn clear(&mut self) -> bool {
        if self.chars.is_empty() {
            return false;
        }
        self.chars.clear();
        self.cursor = 0;
        self.changed = true;
        true
    }

    fn backspace(&mut self) -> bool {
        if self.cursor == 0 {
            return false;
        }
        self.cursor -= 1;
        self.chars.remove(self.cursor);
        self.changed = true;
        true
    }

    fn delete(&mut self) -> bool {
        if self.cursor >= self.chars.len() {
            return false;
        }
        self.chars.remove(self.cursor);
        self.changed = true;
        true
    }

    fn left(&mut self) -> bool {
        let moved = self.cursor > 0;
        self.cursor = self.cursor.saturating_sub(1);
        moved
    }

    fn right(&mut self) -> bool {
        let moved = self.cursor < self.chars.len();
        self.cursor = (self.cursor + 1).min(self.chars.len());
        moved
    }

    /// To the start of the line the cursor is on.
    fn home(&mut self) -> bool {
        let start = self.line_start(self.cursor);
        std::mem::replace(&mut self.cursor, start) != start
    }

    /// To the end of the line the cursor is on.
    fn end(&mut self) -> bool {
        let end = self.line_end(self.cursor);
        std::mem::replace(&mut self.cursor, end) != end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(text: &str) -> NoteEditor {
        let mut editor = NoteEditor::new(0, "", false);
        text.chars().for_each(|c| {
            editor.insert(c);
        });
        editor
    }

    #[test]
    fn emoji_sequences_count_the_columns_they_are_drawn_in() {
        // 同意 4, 👍🏽 2, ❤️ 2, 👨‍👩‍👧 2: where the cursor is drawn after them.
        let editor = typed("同意👍🏽❤️👨‍👩‍👧");
        assert_eq!(editor.layout(40).cursor, (0, 10));
        assert_eq!(editor.layout(9).rows, ["同意👍🏽❤️", "👨‍👩‍👧"]);
    }

    #[test]
    fn chinese_text_wraps_by_display_width_and_the_cursor_follows() {
        let editor = typed("养犬登记由公安办理");
        let layout = editor.layout(8);
        assert_eq!(layout.rows, ["养犬登记", "由公安办", "理"]);
        assert_eq!(layout.cursor, (2, 2));
        // Seven columns: the fourth character would straddle the edge, so it wraps.
        assert_eq!(editor.layout(7).rows[0], "养犬登");
    }

    #[test]
    fn line_breaks_and_moving_between_lines_keep_the_column() {
        let mut editor = typed("镇里配合\nab");
        assert!(editor.vertical(false));
        assert_eq!(editor.layout(20).cursor, (0, 2), "column 2 is after 镇");
        editor.end();
        assert!(editor.vertical(true));
        assert_eq!(editor.layout(20).cursor, (1, 2));
        assert!(!editor.vertical(true));
        editor.home();
        editor.insert('x');
        assert_eq!(editor.text(), "镇里配合\nxab");
        assert!(editor.changed);
    }

    #[test]
    fn editing_in_the_middle_and_control_characters() {
        let mut editor = NoteEditor::new(3, "应急管理", false);
        assert!(!editor.changed);
        editor.left();
        editor.left();
        assert!(editor.backspace());
        assert!(editor.delete());
        assert!(!editor.insert('\u{1b}'));
        assert_eq!(editor.text(), "应理");
        assert_eq!(editor.layout(10).cursor, (0, 2));
    }

    #[test]
    fn a_full_last_row_puts_the_cursor_on_the_next() {
        let editor = typed("公安局");
        assert_eq!(editor.layout(6).cursor, (1, 0));
        assert_eq!(editor.layout(6).rows, ["公安局", ""]);
    }
}
