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
    /// Where the line goes, None when nothing is shown (stderr is no terminal).
    out: Option<Box<dyn Write>>,
    /// Nothing is shown before this much waiting.
    after: Duration,
    shown: bool,
    started: Instant,
    last: Option<Instant>,
}

impl Progress {
    /// On stderr if it is a terminal.
    pub fn on_stderr() -> Progress {
        let out: Option<Box<dyn Write>> = std::io::stderr()
            .is_terminal()
            .then(|| Box::new(std::io::stderr()) as _);
        Progress::to(out, AFTER)
    }

    /// To `out` (none: silent), once a wait has lasted `after`.
    pub fn to(out: Option<Box<dyn Write>>, after: Duration) -> Progress {
        Progress {
            out,
            after,
            shown: false,
            started: Instant::now(),
            last: None,
        }
    }

    /// Shows `line` (replacing the last one) unless it is too soon; `force` for a step that
    /// will itself take a while, shown as soon as anything has been.
    pub fn say(&mut self, line: &str, force: bool) {
        let now = Instant::now();
        let early = now - self.started < self.after && !force;
        let often = !force && self.last.is_some_and(|t| now - t < EVERY);
        let Some(out) = self.out.as_mut().filter(|_| !early && !often) else {
            return;
        };
        self.last = Some(now);
        self.shown = true;
        // \r and erase to the end of the line: the line is rewritten in place.
        let _ = write!(out, "\r\x1b[K{line}");
        let _ = out.flush();
    }

    /// Files loaded so far.
    pub fn towns(&mut self, done: usize, total: usize) {
        if total > 1 {
            self.say(&format!("载入 {done}/{total} 个乡镇…"), false);
        }
    }

    /// Erases the line, leaving the terminal as it was.
    pub fn clear(&mut self) {
        if let (true, Some(out)) = (self.shown, self.out.as_mut()) {
            let _ = write!(out, "\r\x1b[K");
            let _ = out.flush();
            self.shown = false;
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    /// A terminal's stderr, kept to read.
    #[derive(Clone, Default)]
    struct Screen(Arc<Mutex<Vec<u8>>>);

    impl Write for Screen {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl Screen {
        fn text(&self) -> String {
            String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
        }
    }

    #[test]
    fn a_long_load_shows_one_line_rewritten_and_erased_at_the_end() {
        let screen = Screen::default();
        let mut progress = Progress::to(Some(Box::new(screen.clone())), Duration::ZERO);
        progress.towns(412, 1000);
        // Too soon after the last line: not written, the link is not flooded.
        progress.towns(413, 1000);
        progress.say("建立检索索引…", true);
        drop(progress);
        assert_eq!(
            screen.text(),
            "\r\x1b[K载入 412/1000 个乡镇…\r\x1b[K建立检索索引…\r\x1b[K"
        );
    }

    #[test]
    fn a_quick_load_or_a_pipe_shows_nothing() {
        let screen = Screen::default();
        let mut quick = Progress::to(Some(Box::new(screen.clone())), Duration::from_secs(60));
        quick.towns(1, 3);
        drop(quick);
        assert_eq!(screen.text(), "");
        let mut piped = Progress::to(None, Duration::ZERO);
        piped.say("建立检索索引…", true);
        assert!(!piped.shown);
    }

    #[test]
    fn one_town_is_no_count() {
        let screen = Screen::default();
        let mut progress = Progress::to(Some(Box::new(screen.clone())), Duration::ZERO);
        progress.towns(1, 1);
        drop(progress);
        assert_eq!(screen.text(), "");
    }
}
