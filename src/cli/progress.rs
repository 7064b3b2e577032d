//! A progress line on stderr while a large dataset loads ("载入 412/1000 个乡镇…", "建立索引…"),
//! so nobody faces a silent terminal for seconds; the app starts on the normal screen, so this is
//! what its user sees before the first frame too. Only when stderr is a terminal, and only once
//! a wait has lasted long enough to notice: piped output and a town's quick start stay silent.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

/// Nothing is shown before this much waiting; then at most one line per `EVERY`.
const AFTER: Duration = Duration::from_millis(300);
const EVERY: Duration = Duration::from_millis(100);

pub struct Progress {
    shown: bool,
    enabled: bool,
    started: Instant,
    last: Option<Instant>,
}

impl Progress {
    /// On stderr if it is a terminal.
    pub fn on_stderr() -> Progress {
        Progress {
            shown: false,
            enabled: std::io::stderr().is_terminal(),
            started: Instant::now(),
            last: None,
        }
    }

    /// Shows `line` (replacing the last one) unless it is too soon; `force` for a step that
    /// will itself take a while, shown as soon as anything has been.
    pub fn say(&mut self, line: &str, force: bool) {
        if !self.enabled || self.started.elapsed() < AFTER && !force {
            return;
        }
        let now = Instant::now();
        if !force && self.last.is_some_and(|t| now - t < EVERY) {
            return;
        }
        self.last = Some(now);
        self.shown = true;
        // \r and erase to the end of the line: the line is rewritten in place.
        let _ = write!(std::io::stderr(), "\r\x1b[K{line}");
    }

    /// Files loaded so far.
    pub fn towns(&mut self, done: usize, total: usize) {
        if total > 1 {
            self.say(&format!("载入 {done}/{total} 个乡镇…"), false);
        }
    }

    /// Erases the line, leaving the terminal as it was.
    pub fn clear(&mut self) {
        if self.shown {
            let _ = write!(std::io::stderr(), "\r\x1b[K");
            self.shown = false;
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.clear();
    }
}
