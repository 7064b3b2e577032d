//! The interactive app: the terminal guard, signals, and the event loop. The only module besides
//! `cli` that touches the terminal.

pub mod action;
pub mod app;
pub mod backend;
pub mod edit;
pub mod glyph;
mod hangup;
pub mod input;
pub mod keymap;
pub mod layout;
pub mod mode;
pub mod note;
pub mod picker;
pub mod probe;
pub mod resume;
pub mod theme;
pub mod view;
mod wake;
pub mod wrap;

use std::io::{self, IsTerminal, Write};
use std::os::fd::AsFd;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event, KeyEventKind, MouseButton, MouseEventKind,
};
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::crossterm::{cursor, execute};
use ratatui::layout::{Rect, Size};

use crate::error::{Error, Result};
use crate::review::Store;
use crate::search::Engine;
use crate::towns::Towns;
use signal_hook::consts::SIGHUP;

use action::Action;
use app::{App, Effect, Update};
use backend::WireBackend;
use theme::Theme;

/// How the app should treat this terminal.
#[derive(Debug, Clone)]
pub struct Options {
    pub theme: Theme,
    /// Ask the terminal how wide it draws ─, waiting at most this long, and use ASCII if two
    /// columns; None when `--ascii`, `--no-ascii` or the config decided.
    pub probe_width: Option<Duration>,
    /// Capture the mouse (wheel scrolls, click selects); off by default, as it costs bytes.
    pub mouse: bool,
    /// `y` copies with OSC 52 (off with `--no-osc52`).
    pub osc52: bool,
    /// Who signs the letters `L` writes.
    pub letterhead: crate::letter::Letterhead,
    /// Working days the county has to answer a 报批 entry (答复期限).
    pub answer_days: u32,
    /// Today by the clock the command line reads, asked again while the app waits: a session
    /// left open overnight sees yesterday's answers fall due.
    pub today: fn() -> crate::date::Date,
}

/// How often an idle app looks for marks saved by other sessions (one pragma, no redraw
/// unless something changed).
const REVIEW_POLL: Duration = Duration::from_secs(2);

/// How often an idle app asks the clock for the day, so answers fall due after midnight.
const DATE_POLL: Duration = Duration::from_secs(60);

/// Signals that end the app, recorded by the handler and acted on by the loop: the ones a user,
/// a supervisor or a dying link sends, and the other ones whose default would kill the app
/// with the terminal still in raw mode on the alternate screen.
const ENDING_SIGNALS: [i32; 8] = [
    signal_hook::consts::SIGTERM,
    signal_hook::consts::SIGHUP,
    signal_hook::consts::SIGINT,
    signal_hook::consts::SIGQUIT,
    signal_hook::consts::SIGALRM,
    signal_hook::consts::SIGVTALRM,
    signal_hook::consts::SIGPROF,
    signal_hook::consts::SIGXCPU,
];

/// Signals that mean nothing to the app (log rotation, debuggers): ignored rather than
/// letting their default end it with the screen left behind.
const IGNORED_SIGNALS: [i32; 3] = [
    signal_hook::consts::SIGUSR1,
    signal_hook::consts::SIGUSR2,
    signal_hook::consts::SIGIO,
];

/// The app needs a terminal on both ends; asked before anything is loaded or created (a
/// review file made for an app that then refuses to start would be litter).
pub fn require_terminal() -> Result<()> {
    if io::stdin().is_terminal() && io::stdout().is_terminal() {
        Ok(())
    } else {
        Err(Error::NotATerminal)
    }
}

/// Runs the app until the user quits, a signal arrives or the terminal goes away; returns the
/// process exit code. A note being written when the app is cut off is kept as a draft.
pub fn run(
    towns: Towns,
    engine: Engine,
    stores: Vec<Store>,
    options: Options,
    meaning: Option<std::path::PathBuf>,
    resume: Option<resume::Resume>,
) -> Result<i32> {
    require_terminal()?;
    let (width, height) = ratatui::crossterm::terminal::size().map_err(Error::Terminal)?;
    // Built before the terminal is taken over, so a review file that cannot be read is
    // reported on a normal screen.
    let size = Rect::new(0, 0, width, height);
    let mut app = App::with_engine(towns, engine, options.theme, size);
    // The day and the county's days first: the register is read in its order, its first
    // row (the latest answer overdue) selected.
    app.set_answer_days(options.answer_days);
    app.set_today((options.today)());
    let mut app = app.with_stores(stores)?;
    app.set_osc52(options.osc52);
    app.set_letterhead(options.letterhead.clone());
    app.set_meaning(meaning);
    if let Some(place) = resume.as_ref().and_then(resume::Resume::load) {
        app.return_to(&place);
    }
    if let Ok(dir) = std::env::current_dir() {
        app.set_export_dir(dir);
    }
    let signal = Arc::new(AtomicUsize::new(0));
    for sig in ENDING_SIGNALS {
        signal_hook::flag::register_usize(sig, Arc::clone(&signal), sig as usize)
            .map_err(Error::Terminal)?;
    }
    let ignored = Arc::new(AtomicBool::new(false));
    for sig in IGNORED_SIGNALS {
        signal_hook::flag::register(sig, Arc::clone(&ignored)).map_err(Error::Terminal)?;
    }
    hangup::watch(Arc::clone(&signal)).map_err(Error::Terminal)?;
    // The ending signals wake the loop at once, and so does a resize (crossterm reads it).
    let mut waking = ENDING_SIGNALS.to_vec();
    waking.push(signal_hook::consts::SIGWINCH);
    let wake = wake::Wake::on(&waking).map_err(Error::Terminal)?;
    let guard = TerminalGuard::enter(options.mouse).map_err(Error::Terminal)?;
    if let Some(timeout) = options.probe_width {
        // On the alternate screen already, so the probe leaves nothing on the user's shell.
        if let Ok(Some(wide)) = probe::ambiguous_is_wide(&mut io::stdout(), timeout) {
            app.fit_ambiguous_width(wide);
        }
    }
    let result = event_loop(&mut app, options, &signal, &wake);
    let draft = app.keep_draft();
    // Where the reviewer was, for the next start: best effort, on every way out (quit, a
    // dropped link, a signal); a lost place costs a few keys, never the exit.
    if let Some(resume) = &resume {
        let _ = resume.save(app.left_at());
    }
    let hung_up = match &result {
        Err(e) => hangup::is_hangup(e) || signal.load(Ordering::SeqCst) != 0,
        Ok(_) => false,
    };
    if hung_up {
        // The link is gone: the terminal cannot be restored, and is not there to tell.
        let _ = signal.compare_exchange(0, SIGHUP as usize, Ordering::SeqCst, Ordering::SeqCst);
    }
    drop(guard);
    if let Err(e) = draft {
        // stderr may be the dead terminal: the draft error is best effort, never a panic.
        let _ = writeln!(io::stderr(), "lvzhi：备注草稿没有保存：{e}");
    }
    let code = match result {
        Ok(code) => code,
        Err(_) if hung_up => 0,
        Err(e) => return Err(Error::Terminal(e)),
    };
    Ok(match signal.load(Ordering::SeqCst) {
        0 => code,
        sig => 128 + sig as i32,
    })
}

fn event_loop(
    app: &mut App,
    options: Options,
    signal: &AtomicUsize,
    wake: &wake::Wake,
) -> io::Result<i32> {
    let (width, height) = (app.size.width, app.size.height);
    // Unbuffered: each frame leaves in one write, not split at newlines by a line buffer.
    let out = std::fs::File::from(io::stdout().as_fd().try_clone_to_owned()?);
    // The app's theme, which the terminal probe may have changed since the options were made.
    let backend = WireBackend::new(out, Size::new(width, height), app.theme.ascii);
    let mut terminal = Terminal::new(backend)?;
    terminal.clear()?;
    terminal.draw(|frame| view::draw(app, frame))?;
    let mut polled = Instant::now();
    let mut dated = Instant::now();
    let ended = || signal.load(Ordering::SeqCst) != 0;
    // Work done since memory was last given back (the start is work).
    let mut busy = true;
    while !ended() {
        // Waiting wakes for a key, a signal, or to look at other sessions' marks now and then;
        // nothing is drawn unless something changed.
        if !wake.wait(REVIEW_POLL.saturating_sub(polled.elapsed()))? {
            if polled.elapsed() >= REVIEW_POLL {
                polled = Instant::now();
                // Idle after work: what the work freed goes back to the system, once.
                if std::mem::take(&mut busy) {
                    crate::memory::release();
                }
                // The day turns once a day: asking the clock each minute is enough.
                let new_day = dated.elapsed() >= DATE_POLL && {
                    dated = Instant::now();
                    app.set_today((options.today)())
                };
                if app.refresh_reviews() || new_day {
                    terminal.draw(|frame| view::draw(app, frame))?;
                }
            }
            continue;
        }
        polled = Instant::now();
        busy = true;
        let mut changed = app.refresh_reviews();
        let mut effects = Vec::new();
        // Drain what is already queued, searching once for the last query typed: typing is
        // never held up by results for a query already out of date.
        app.begin_keys();
        loop {
            let event = event::read()?;
            // After a hang-up the event is the watchdog's filler, not a key anyone typed.
            if ended() {
                return Ok(0);
            }
            let update = handle(app, &mut terminal, event, options.mouse);
            changed |= update.redraw;
            effects.extend(update.effects);
            if effects.contains(&Effect::Quit) || !event::poll(Duration::ZERO)? {
                break;
            }
        }
        changed |= app.end_keys();
        let mut clear = false;
        for effect in effects.drain(..) {
            match effect {
                Effect::Quit => return Ok(0),
                Effect::Copy(text) => copy_osc52(terminal.backend_mut().writer_mut(), &text)?,
                Effect::Clear => clear = true,
                Effect::Save(save) => {
                    let result = save.write();
                    app.saved(&save, result);
                    changed = true;
                }
            }
        }
        if clear {
            terminal.clear()?;
        }
        if changed {
            terminal.draw(|frame| view::draw(app, frame))?;
        }
    }
    Ok(0)
}

/// Turns one terminal event into actions; true if the screen needs drawing.
fn handle(
    app: &mut App,
    terminal: &mut Terminal<WireBackend<std::fs::File>>,
    event: Event,
    mouse: bool,
) -> Update {
    let redraw_only = |redraw| Update {
        redraw,
        effects: Vec::new(),
    };
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => {
            match keymap::action_for(app.mode, key) {
                Some(action) => app.update(action),
                None => Update::default(),
            }
        }
        Event::Paste(text) => redraw_only(app.paste(&text)),
        Event::Resize(width, height) => {
            terminal.backend_mut().resize(Size::new(width, height));
            app.update(Action::Resize(width, height))
        }
        Event::Mouse(m) if mouse => match m.kind {
            MouseEventKind::ScrollDown => app.update(Action::Wheel {
                x: m.column,
                y: m.row,
                down: true,
            }),
            MouseEventKind::ScrollUp => app.update(Action::Wheel {
                x: m.column,
                y: m.row,
                down: false,
            }),
            MouseEventKind::Down(MouseButton::Left) => app.update(Action::Click(m.column, m.row)),
            _ => Update::default(),
        },
        _ => Update::default(),
    }
}

/// Puts `text` on the clipboard of the terminal the user sits at: OSC 52 travels through SSH,
/// and tmux passes it on (its default `set-clipboard external`).
fn copy_osc52(out: &mut impl Write, text: &str) -> io::Result<()> {
    use base64::Engine;
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    write!(out, "\x1b]52;c;{encoded}\x07")?;
    out.flush()
}

/// Raw mode and the alternate screen for as long as it lives; restored on drop and on panic.
struct TerminalGuard {
    mouse: bool,
}

impl TerminalGuard {
    fn enter(mouse: bool) -> io::Result<TerminalGuard> {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore(mouse);
            previous(info);
        }));
        enable_raw_mode()?;
        let guard = TerminalGuard { mouse };
        let mut out = io::stdout();
        execute!(out, EnterAlternateScreen, EnableBracketedPaste)?;
        if mouse {
            execute!(out, EnableMouseCapture)?;
        }
        Ok(guard)
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        // While panicking the hook has restored already (and printed after restoring).
        if !std::thread::panicking() {
            restore(self.mouse);
        }
    }
}

/// Raw mode off first, then the screen; errors are ignored, the link may be gone (SIGHUP).
fn restore(mouse: bool) {
    let _ = disable_raw_mode();
    let mut out = io::stdout();
    if mouse {
        let _ = execute!(out, DisableMouseCapture);
    }
    let _ = execute!(
        out,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = out.write_all(b"\x1b[0m");
    let _ = out.flush();
}

/// The app at a size with the real data, for tests of views.
#[cfg(test)]
pub(crate) fn test_app(width: u16, height: u16) -> App {
    let theme = Theme {
        color: true,
        ascii: false,
    };
    App::new(
        crate::Dataset::embedded().expect("embedded data"),
        theme,
        Rect::new(0, 0, width, height),
    )
}
