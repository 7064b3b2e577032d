//! The app in tmux, the terminal multiplexer the users really run it in: notes full of emoji
//! sequences (skin tones, VS16, ZWJ families, flags), moved over key by key, must leave tmux's
//! screen exactly as the app drew it, with no stale cell. tmux measures width its own way,
//! code point by code point, which is where such sequences go wrong.

#[path = "common/rows.rs"]
mod rows;

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use lvzhi::Dataset;
use lvzhi::review::Store;
use lvzhi::tui::action::Action;
use lvzhi::tui::app::{App, Tab};
use lvzhi::tui::theme::Theme;
use lvzhi::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use rows::buffer_row;

/// How long a key's effect may take to show (a deadline, never a sleep: each look at the screen
/// is a tmux call, which paces the loop).
const PATIENCE: Duration = Duration::from_secs(20);

struct Tmux {
    socket: String,
}

impl Tmux {
    fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .args(["-L", &self.socket, "-f", "/dev/null"])
            .args(args)
            .env("LC_ALL", "C.UTF-8")
            .output()
            .expect("run tmux")
    }

    fn screen(&self) -> Vec<String> {
        let out = self.run(&["capture-pane", "-p", "-t", "t"]);
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| l.trim_end().to_string())
            .collect()
    }

    fn wait_for(&self, text: &str) -> Vec<String> {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let screen = self.screen();
            if screen.iter().any(|l| l.contains(text)) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "never saw {text:?}:\n{}",
                screen.join("\n")
            );
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.run(&["kill-server"]);
    }
}

const NOTES: [(&str, &str); 3] = [
    ("coop-1", "同意👍🏽，请水利局牵头❤️ 👨‍👩‍👧 🇨🇳 1️⃣ 完"),
    ("coop-2", "❤️❤️❤️👍🏿👍🏻🏳️‍🌈 第二"),
    ("coop-3", "👩‍💻整理🇨🇳🇺🇸 ☺️ 第三"),
];

/// What the app draws for the same state at 80x24, as rows of text.
fn app_rows(review: &Path, downs: usize) -> Vec<String> {
    let dataset = Dataset::embedded().unwrap();
    let store = Store::open(review, &dataset, "张三").unwrap();
    let theme = Theme {
        color: true,
        ascii: false,
    };
    let mut app = App::new(dataset, theme, Rect::new(0, 0, 80, 24))
        .with_store(store)
        .unwrap();
    app.update(Action::ShowTab(Tab::Coop));
    for _ in 0..downs {
        app.update(Action::Down);
    }
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let buffer = terminal
        .draw(|f| view::draw(&app, f))
        .unwrap()
        .buffer
        .clone();
    (0..24)
        .map(|y| buffer_row(&buffer, y).trim_end().to_string())
        .collect()
}

#[test]
fn emoji_in_notes_leave_no_stale_cell_in_tmux() {
    if Command::new("tmux").arg("-V").output().is_err() {
        eprintln!("tmux is not installed: the vt100 test in tests/backend.rs stands alone");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let review = dir.path().join("review.db");
    {
        let dataset = Dataset::embedded().unwrap();
        let mut store = Store::open(&review, &dataset, "张三")
            .unwrap()
            .with_fixed_time("2026-11-30 10:00:00");
        for (item, note) in NOTES {
            store
                .change(item, Some(Some(lvzhi::Status::Agree)), Some(note))
                .unwrap();
        }
    }
    let tmux = Tmux {
        socket: format!("lvzhi-test-{}", std::process::id()),
    };
    let command = format!(
        "{} --review '{}'",
        env!("CARGO_BIN_EXE_lvzhi"),
        review.display()
    );
    let started = tmux.run(&[
        "new-session",
        "-d",
        "-s",
        "t",
        "-x",
        "80",
        "-y",
        "24",
        "-e",
        "XDG_DATA_HOME=/nonexistent",
        // No config of the machine running the tests (a server may have /etc/lvzhi).
        "-e",
        "XDG_CONFIG_HOME=/nonexistent/lvzhi-tests",
        "-e",
        "LVZHI_SYSTEM_CONFIG=/nonexistent/lvzhi-tests/config.toml",
        &command,
    ]);
    assert!(
        started.status.success(),
        "{}",
        String::from_utf8_lossy(&started.stderr)
    );
    tmux.wait_for("已审 3/252");
    tmux.run(&["send-keys", "-t", "t", "2"]);
    tmux.wait_for("配合履职事项清单 第 1 项");
    // Down over the notes and back, each move redrawing the cells the emoji were in.
    for (key, downs) in [
        ("Down", 1),
        ("Down", 2),
        ("Down", 3),
        ("Up", 2),
        ("Up", 1),
        ("Up", 0),
    ] {
        tmux.run(&["send-keys", "-t", "t", key]);
        let screen = tmux.wait_for(&format!("配合履职事项清单 第 {} 项", downs + 1));
        assert_eq!(
            screen,
            app_rows(&review, downs),
            "after {key} to coop-{}",
            downs + 1
        );
    }
}
