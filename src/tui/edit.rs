//! What every text field shares (the query line, a picker's line, the note and notice editors):
//! the editing keys, written once; and what an overlay answers when it is given a key, as
//! gitui's components do.

use super::action::Action;

/// A text with a cursor.
pub trait TextEdit {
    /// Types a character at the cursor; false if it was refused (a control character).
    fn insert(&mut self, c: char) -> bool;
    fn backspace(&mut self) -> bool;
    fn delete(&mut self) -> bool;
    fn clear(&mut self) -> bool;
    fn left(&mut self) -> bool;
    fn right(&mut self) -> bool;
    fn home(&mut self) -> bool;
    fn end(&mut self) -> bool;

    /// The editing keys every field shares: whether the text or the cursor changed, or `None`
    /// for any other action (which the field's owner decides).
    fn edit(&mut self, action: Action) -> Option<bool> {
        Some(match action {
            Action::Insert(c) => self.insert(c),
            Action::Backspace => self.backspace(),
            Action::Delete => self.delete(),
            Action::ClearQuery => self.clear(),
            Action::CursorLeft => self.left(),
            Action::CursorRight => self.right(),
            Action::CursorHome => self.home(),
            Action::CursorEnd => self.end(),
            _ => return None,
        })
    }
}

/// What an overlay (a picker, an editor) did with a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome<T> {
    /// Not its key, or nothing to show for it.
    Ignored,
    /// Its text, cursor or selection changed: draw again.
    Changed,
    /// It is to close without a result (Esc).
    Closed,
    /// It is to close with this result (Enter on a choice, Ctrl-s on a text).
    Chosen(T),
}

impl<T> Outcome<T> {
    /// An edit's answer: changed or not.
    pub fn of(changed: bool) -> Outcome<T> {
        if changed {
            Outcome::Changed
        } else {
            Outcome::Ignored
        }
    }
}
