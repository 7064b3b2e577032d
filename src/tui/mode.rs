//! What the keys drive and what the screen shows: the mode, the list tab, the focused pane. Below
//! the app state, so the actions and the keymap can name them without knowing the app.

use crate::model::ListKind;

/// The four tabs: one per list, and all three together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tab {
    Basic,
    Coop,
    Recalled,
    All,
}

impl Tab {
    pub const ALL: [Tab; 4] = [Tab::Basic, Tab::Coop, Tab::Recalled, Tab::All];

    pub fn list(self) -> Option<ListKind> {
        match self {
            Tab::Basic => Some(ListKind::Basic),
            Tab::Coop => Some(ListKind::Coop),
            Tab::Recalled => Some(ListKind::Recalled),
            Tab::All => None,
        }
    }

    pub fn label(self) -> &'static str {
        self.list().map_or("全部", ListKind::short_name)
    }

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn shifted(self, by: isize) -> Tab {
        let n = Tab::ALL.len() as isize;
        Tab::ALL[(self.index() as isize + by).rem_euclid(n) as usize]
    }
}

/// What the keys currently drive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The list and the detail of the selected item.
    Browse,
    /// Typing in the query line.
    Filter,
    /// The duty panes of one item over the whole screen.
    Compare,
    /// The key help over whatever was there.
    Help,
    /// A list to choose from (departments, categories, related items) over the screen.
    Picker,
    /// Writing the selected item's note.
    Note,
    /// Typing a notice to read (or a register entry's note).
    Notice,
    /// A notice read into tasks, with their verdicts and evidence.
    Tasks,
    /// The register of tasks received (the fifth tab, 登记).
    Register,
}

/// Which pane the movement keys act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    List,
    Upper,
    Town,
}
