//! What an action asks of the event loop besides a redraw: the app touches no terminal and
//! writes no file but the review file.

/// What the event loop does for an action besides drawing: the app itself touches no terminal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Leave the app.
    Quit,
    /// Clear the screen and draw it anew (Ctrl-l, a resize).
    Clear,
    /// Put this text on the user's clipboard (OSC 52).
    Copy(String),
    /// Write a file (an export) and tell the app how it went (`App::saved`).
    Save(Save),
}

/// A file the app has made and the event loop writes, never over an existing one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Save {
    pub dir: std::path::PathBuf,
    pub stem: String,
    pub ext: &'static str,
    pub bytes: Vec<u8>,
    /// What the message says was written ("已导出全部 252 项"), before the path.
    pub what: String,
}

impl Save {
    /// Writes the file beside any of the same name (`-2`, `-3`…); the path it went to.
    pub fn write(&self) -> crate::Result<std::path::PathBuf> {
        crate::export::write_new(&self.dir, &self.stem, self.ext, &self.bytes)
    }
}

/// The answer to an action.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Update {
    /// Something visible changed: draw.
    pub redraw: bool,
    pub effects: Vec<Effect>,
}

impl Update {
    pub fn quits(&self) -> bool {
        self.effects.contains(&Effect::Quit)
    }
}
