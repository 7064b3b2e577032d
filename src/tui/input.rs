//! A one-line text input whose cursor is kept in characters and shown in display columns.

use unicode_width::UnicodeWidthStr;

use super::edit::TextEdit;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineInput {
    text: String,
    /// The cursor, as a count of characters before it.
    cursor: usize,
}

impl TextEdit for LineInput {
    fn insert(&mut self, c: char) -> bool {
        // Control characters would reach the terminal as commands; the query never needs them.
        if c.is_control() {
            return false;
        }
        let at = self.byte_at(self.cursor);
        self.text.insert(at, c);
        self.cursor += 1;
        true
    }

    fn backspace(&mut self) -> bool {
        if self.cursor == 0 {
            return false;
        }
        self.cursor -= 1;
        let at = self.byte_at(self.cursor);
        self.text.remove(at);
        true
    }

    fn delete(&mut self) -> bool {
        if self.cursor >= self.len() {
            return false;
        }
        let at = self.byte_at(self.cursor);
        self.text.remove(at);
        true
    }

    fn clear(&mut self) -> bool {
        let changed = !self.text.is_empty();
        self.text.clear();
        self.cursor = 0;
        changed
    }

    fn left(&mut self) -> bool {
        let moved = self.cursor > 0;
        self.cursor = self.cursor.saturating_sub(1);
        moved
    }

    fn right(&mut self) -> bool {
        let moved = self.cursor < self.len();
        self.cursor = (self.cursor + 1).min(self.len());
        moved
    }

    fn home(&mut self) -> bool {
        std::mem::replace(&mut self.cursor, 0) != 0
    }

    fn end(&mut self) -> bool {
        let end = self.len();
        std::mem::replace(&mut self.cursor, end) != end
    }
}

impl LineInput {
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Replaces the text, cursor at the end.
    pub fn set(&mut self, text: &str) {
        self.text = text.chars().filter(|c| !c.is_control()).collect();
        self.cursor = self.text.chars().count();
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Display columns before the cursor: where the terminal cursor goes (CJK counts 2).
    pub fn cursor_column(&self) -> usize {
        self.text[..self.byte_at(self.cursor)].width()
    }

    fn byte_at(&self, chars: usize) -> usize {
        self.text
            .char_indices()
            .nth(chars)
            .map_or(self.text.len(), |(i, _)| i)
    }

    fn len(&self) -> usize {
        self.text.chars().count()
    }

    /// Inserts a whole string at the cursor in one go (a paste), controls left out.
    pub fn insert_str(&mut self, text: &str) {
        let text: String = text.chars().filter(|c| !c.is_control()).collect();
        let at = self.byte_at(self.cursor);
        self.text.insert_str(at, &text);
        self.cursor += text.chars().count();
    }

    pub fn char_count(&self) -> usize {
        self.len()
    }

    /// Deletes back to the previous space, as Ctrl-w does in a shell.
    pub fn delete_word(&mut self) -> bool {
        let chars: Vec<char> = self.text.chars().collect();
        let mut start = self.cursor;
        while start > 0 && chars[start - 1] == ' ' {
            start -= 1;
        }
        while start > 0 && chars[start - 1] != ' ' {
            start -= 1;
        }
        if start == self.cursor {
            return false;
        }
        let (from, to) = (self.byte_at(start), self.byte_at(self.cursor));
        self.text.replace_range(from..to, "");
        self.cursor = start;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(s: &str) -> LineInput {
        let mut input = LineInput::default();
        s.chars().for_each(|c| {
            input.insert(c);
        });
        input
    }

    #[test]
    fn the_cursor_column_counts_chinese_as_two() {
        let mut input = typed("犬a只");
        assert_eq!(input.cursor_column(), 5);
        input.left();
        assert_eq!(input.cursor_column(), 3);
        input.home();
        input.right();
        assert_eq!(input.cursor_column(), 2);
    }

    #[test]
    fn editing_in_the_middle_of_chinese_text() {
        let mut input = typed("应急管理");
        input.left();
        input.left();
        input.insert('x');
        assert_eq!(input.text(), "应急x管理");
        assert!(input.backspace());
        assert!(input.delete());
        assert_eq!(input.text(), "应急理");
        input.end();
        input.insert(' ');
        "消防".chars().for_each(|c| {
            input.insert(c);
        });
        assert!(input.delete_word());
        assert_eq!(input.text(), "应急理 ");
        input.insert('\u{1b}');
        assert_eq!(input.text(), "应急理 ");
        assert!(input.clear() && input.is_empty() && input.cursor_column() == 0);
    }
}
