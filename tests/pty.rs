//! The real binary in a pseudo-terminal, read through a terminal emulator (vt100): what a user
//! sees over SSH, including what is left on the terminal when the app ends.

mod common;
#[path = "../benches/province.rs"]
mod province;

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

/// How long any one expectation may take before the test gives up (a deadline, not a sleep).
const PATIENCE: Duration = Duration::from_secs(20);

struct Session {
    /// The session's review file and working directory; removed with the session.
    dir: tempfile::TempDir,
    child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    output: Receiver<Vec<u8>>,
    screen: vt100::Parser,
    closed: bool,
}

impl Session {
    fn start(cols: u16, rows: u16) -> Session {
        Session::start_in(tempfile::tempdir().unwrap(), cols, rows)
    }

    /// Starts in `dir`, with the review file `dir/review.db`, so no test touches the user's.
    fn start_in(dir: tempfile::TempDir, cols: u16, rows: u16) -> Session {
        Session::start_with(dir, cols, rows, &[])
    }

    /// As `start_in`, with more arguments.
    fn start_with(dir: tempfile::TempDir, cols: u16, rows: u16, args: &[&str]) -> Session {
        Session::start_env(dir, cols, rows, args, &[])
    }

    /// As `start_with`, with more environment.
    fn start_env(
        dir: tempfile::TempDir,
        cols: u16,
        rows: u16,
        args: &[&str],
        env: &[(&str, &str)],
    ) -> Session {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_lvzhi"));
        cmd.arg("--review");
        cmd.arg(dir.path().join("review.db"));
        cmd.args(args);
        cmd.cwd(dir.path());
        for (name, value) in common::isolated() {
            cmd.env(name, value);
        }
        cmd.env("XDG_DATA_HOME", dir.path());
        cmd.env("TERM", "xterm-256color");
        for (name, value) in env {
            cmd.env(name, value);
        }
        cmd.env_remove("NO_COLOR");
        let child = pair.slave.spawn_command(cmd).expect("spawn lvzhi");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let (tx, output) = channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        Session {
            dir,
            child,
            _master: pair.master,
            writer,
            output,
            screen: vt100::Parser::new(
                NonZeroU16::new(rows).unwrap(),
                NonZeroU16::new(cols).unwrap(),
                0,
            ),
            closed: false,
        }
    }

    /// Reads output until the screen satisfies `done`, or the output ends; false on timeout.
    fn wait_until(&mut self, done: impl Fn(&vt100::Screen) -> bool) -> bool {
        let deadline = Instant::now() + PATIENCE;
        while !done(self.screen.screen()) {
            if self.closed {
                return false;
            }
            let Some(left) = deadline.checked_duration_since(Instant::now()) else {
                return false;
            };
            match self.output.recv_timeout(left) {
                Ok(bytes) => self.screen.process(&bytes),
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => self.closed = true,
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => return false,
            }
        }
        true
    }

    fn wait_for_text(&mut self, text: &str) {
        let found = self.wait_until(|s| s.contents().contains(text));
        assert!(
            found,
            "never saw {text:?}; screen:\n{}",
            self.screen.screen().contents()
        );
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Reads the rest of the output and the exit status.
    fn finish(&mut self) -> portable_pty::ExitStatus {
        self.wait_until(|_| false);
        assert!(self.closed, "the app did not end");
        self.child.wait().unwrap()
    }

    /// A new session on this one's folder and review file, as the user coming back.
    fn reopen(mut self, cols: u16, rows: u16) -> Session {
        let dir = std::mem::replace(&mut self.dir, tempfile::tempdir().unwrap());
        Session::start_in(dir, cols, rows)
    }

    fn assert_restored(&self) {
        let screen = self.screen.screen();
        assert!(!screen.alternate_screen(), "still on the alternate screen");
        assert!(!screen.hide_cursor(), "cursor left hidden");
    }
}

/// Searches 犬, keeps the filter, quits: the app is alive and answers, and leaves cleanly.
fn find_the_dog_item_and_quit(mut s: Session) {
    s.send("/犬");
    s.wait_for_text("文明养犬管理工作");
    s.wait_for_text("全部 2/252");
    s.send("\r");
    s.wait_for_text("筛选：犬");
    s.send("Q");
    let status = s.finish();
    assert!(status.success(), "{status:?}");
    s.assert_restored();
}

#[test]
fn find_the_dog_item_then_quit() {
    let mut s = Session::start(80, 24);
    s.wait_for_text("全部 252");
    assert!(s.screen.screen().alternate_screen());
    find_the_dog_item_and_quit(s);
}

#[test]
fn a_folder_of_towns_opens_as_a_county_and_t_picks_one() {
    let dir = tempfile::tempdir().unwrap();
    let county = dir.path().join("county");
    std::fs::create_dir(&county).unwrap();
    let liuhudi = lvzhi::Dataset::embedded().unwrap();
    let mut letuyi = liuhudi.clone();
    letuyi.town = "乐土驿镇".into();
    std::fs::write(county.join("a.json"), letuyi.to_json()).unwrap();
    std::fs::write(county.join("b.json"), liuhudi.to_json()).unwrap();
    let county = county.to_str().unwrap().to_string();
    let mut s = Session::start_with(dir, 80, 24, &["--data", &county]);
    s.wait_for_text("玛纳斯县 2个乡镇");
    s.wait_for_text("乐土驿镇");
    s.send("T");
    s.wait_for_text("全部乡镇");
    // Down to 乐土驿镇, the first town, and choose it.
    s.send("\x1b[B\r");
    let scoped = s.wait_until(|screen| screen.contents().starts_with(" 乐土驿镇"));
    assert!(scoped, "{}", s.screen.screen().contents());
    s.wait_for_text("全部 252");
    s.send("Q");
    let status = s.finish();
    assert!(status.success(), "{status:?}");
    s.assert_restored();
}

impl Session {
    fn kill(&mut self, signal: &str) {
        let pid = self.child.process_id().expect("pid");
        let killed = std::process::Command::new("kill")
            .args([&format!("-{signal}"), &pid.to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
    }

    fn reviews(&self) -> lvzhi::review::Reviews {
        common::reviews_in(self.dir.path())
    }
}

/// Sends `signal` to the app once it shows its first screen; checks the exit code and the
/// terminal left behind.
fn assert_signal_restores(signal: &str, exit_code: u32) {
    let mut s = Session::start(80, 24);
    s.wait_for_text("全部 252");
    s.kill(signal);
    let status = s.finish();
    assert_eq!(status.exit_code(), exit_code, "128 + SIG{signal}");
    s.assert_restored();
}

#[test]
fn a_dropped_link_sighup_restores_the_terminal() {
    assert_signal_restores("HUP", 129);
}

#[test]
fn sigterm_restores_the_terminal() {
    assert_signal_restores("TERM", 143);
}

#[test]
fn marks_are_saved_at_once_and_a_note_being_typed_survives_a_dropped_link() {
    let mut s = Session::start(100, 30);
    s.wait_for_text("已审 0/252");
    // The first item (basic-1): a verdict, then a note half typed when the link drops.
    s.send("X");
    s.wait_for_text("已审 1/252");
    assert_eq!(
        s.reviews()["basic-1"].status,
        Some(lvzhi::Status::Dispute),
        "committed before the next key"
    );
    s.send("N");
    s.wait_for_text("备注：基1");
    s.send("镇里只负责宣传\r第二行");
    s.wait_for_text("第二行");
    s.kill("HUP");
    assert_eq!(s.finish().exit_code(), 129);
    s.assert_restored();
    let review = &s.reviews()["basic-1"];
    assert_eq!(review.draft.as_deref(), Some("镇里只负责宣传\n第二行"));
    assert_eq!(review.note, "", "a draft is not the saved note");

    // Back in: the draft is shown as such, and n carries on from it; Esc saves it.
    let mut s = s.reopen(100, 30);
    s.wait_for_text("有未保存的草稿");
    s.send("N");
    s.wait_for_text("第二行");
    s.send("。\x13");
    s.wait_for_text("备注已保存");
    let review = &s.reviews()["basic-1"];
    assert_eq!(review.note, "镇里只负责宣传\n第二行。");
    assert_eq!(review.draft, None);
    s.send("Q");
    assert!(s.finish().success());
}

/// After a dropped link the reviewer is back on the tab, filter and item left, not on 全部,
/// item 1 (issue 23), and is told why the list is filtered.
#[test]
fn a_dropped_link_reopens_on_the_tab_filter_and_item_left() {
    let mut s = Session::start(80, 24);
    s.wait_for_text("全部 252");
    // Typed without `/`: a search.
    s.send("犬");
    s.wait_for_text("全部 2/252");
    s.send("\r2");
    s.wait_for_text("配合履职事项清单 第 19 项");
    s.kill("HUP");
    assert_eq!(s.finish().exit_code(), 129);
    let mut s = s.reopen(80, 24);
    s.wait_for_text("回到上次离开的地方：筛选“犬”");
    s.wait_for_text("配合履职事项清单 第 19 项");
    s.send("\x1b");
    s.wait_for_text("全部 252");
    s.send("Q");
    assert!(s.finish().success());
    s.assert_restored();
}

#[test]
fn sigquit_keeps_the_note_as_a_draft_and_restores_the_terminal() {
    let mut s = Session::start(100, 30);
    s.wait_for_text("已审 0/252");
    s.send("N");
    s.wait_for_text("备注：基1");
    s.send("写到一半");
    s.wait_for_text("写到一半");
    s.kill("QUIT");
    assert_eq!(s.finish().exit_code(), 131, "128 + SIGQUIT");
    s.assert_restored();
    assert_eq!(s.reviews()["basic-1"].draft.as_deref(), Some("写到一半"));
}

#[test]
fn unrelated_signals_leave_the_app_running() {
    let mut s = Session::start(80, 24);
    s.wait_for_text("全部 252");
    s.kill("USR1");
    s.kill("USR2");
    find_the_dog_item_and_quit(s);
}

/// 准入 through the real binary: a notice pasted with bracketed paste (as Xshell, PuTTY and
/// Windows Terminal send it), read, a task recorded; a second notice half pasted when the link
/// drops is there again on the next `i`.
#[test]
fn a_pasted_notice_is_read_recorded_and_survives_a_dropped_link() {
    let mut s = Session::start(100, 30);
    s.wait_for_text("已审 0/252");
    s.send("i");
    s.wait_for_text("准入：粘贴或输入通知");
    s.send("\x1b[200~各乡镇：\r\n一、请组织村干部巡查田里烧麦草。\r\n二、请组织干部参加全县马拉松比赛。\r\n\x1b[201~");
    s.wait_for_text("马拉松比赛");
    s.send("\x13");
    s.wait_for_text("准入（六户地镇）：2 项");
    s.wait_for_text("coop-61");
    s.send("\x1b[BR");
    s.wait_for_text("已登记为第 1 号");
    s.send("5");
    s.wait_for_text("清单外事项登记台账 1 条");
    let dataset = lvzhi::Dataset::embedded().unwrap();
    let store = lvzhi::review::Store::open(&s.dir.path().join("review.db"), &dataset, "t").unwrap();
    let entries = store.register().unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].request.verdict, lvzhi::admit::Verdict::Outside);

    s.send("i");
    s.wait_for_text("准入（六户地镇）：2 项");
    s.send("i\x15\x1b[200~请各乡镇于12月5日前报送流浪乞讨人员摸排情况\x1b[201~");
    s.wait_for_text("摸排情况");
    s.kill("HUP");
    assert_eq!(s.finish().exit_code(), 129);
    s.assert_restored();
    let mut s = s.reopen(100, 30);
    s.wait_for_text("已审 0/252");
    s.send("i");
    s.wait_for_text("流浪乞讨人员摸排情况");
    s.send("\x1b");
    // Esc and Q together would read as Alt-Q: the editor closes first.
    assert!(s.wait_until(|screen| !screen.contents().contains("准入：粘贴或输入通知")));
    s.send("Q");
    assert!(s.finish().success());
}

impl Session {
    /// Reads output until the terminal is asked where its cursor is; the bytes before it go to
    /// the screen. False if the app drew its first screen without asking.
    fn wait_for_cursor_query(&mut self) -> bool {
        let mut seen = Vec::new();
        let deadline = Instant::now() + PATIENCE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let Ok(bytes) = self.output.recv_timeout(left) else {
                return false;
            };
            self.screen.process(&bytes);
            seen.extend_from_slice(&bytes);
            if seen.windows(4).any(|w| w == b"\x1b[6n") {
                return true;
            }
            if String::from_utf8_lossy(&seen).contains("全部 252") {
                return false;
            }
        }
    }
}

/// The terminal answers the probe as one that draws ─ `column - 1` columns wide (or not at
/// all); the first screen is drawn with the borders that terminal needs.
fn first_screen_after_probe(answer: Option<&str>, args: &[&str]) -> String {
    // A test machine busy with other tests may answer later than a terminal would: the app
    // waits longer for an answer that is coming (the default is for one that never does).
    let patience: &[(&str, &str)] = match answer {
        Some(_) => &[("LVZHI_PROBE_MS", "20000")],
        None => &[],
    };
    let mut s = Session::start_env(tempfile::tempdir().unwrap(), 80, 24, args, patience);
    let asked = s.wait_for_cursor_query();
    assert_eq!(asked, args.is_empty(), "probe asked with {args:?}");
    if let Some(answer) = answer {
        s.send(answer);
    }
    s.wait_for_text("全部 252");
    // The whole first frame, down to its last row (a frame may arrive in several reads): the
    // footer's hints, or what it says instead.
    assert!(s.wait_until(|screen| {
        let text = screen.contents();
        text.contains("Q 退出") || text.contains("--no-ascii 可取消")
    }));
    let screen = s.screen.screen().contents();
    s.send("Q");
    assert!(s.finish().success());
    s.assert_restored();
    screen
}

#[test]
fn a_terminal_drawing_box_characters_wide_gets_ascii_by_itself() {
    // The probe writes ─ at column 1: a CJK console's cursor lands on column 3.
    let screen = first_screen_after_probe(Some("\x1b[1;3R"), &[]);
    assert!(!screen.contains('─') && !screen.contains('│'), "{screen}");
    assert!(screen.contains("+ 全部清单 252 ---"), "{screen}");
    assert!(
        screen.contains("已改用 ASCII 边框；--no-ascii 可取消"),
        "{screen}"
    );
}

#[test]
fn a_terminal_drawing_them_narrow_keeps_the_box_characters() {
    let screen = first_screen_after_probe(Some("\x1b[1;2R"), &[]);
    assert!(screen.contains("┌ 全部清单 252 ───"), "{screen}");
    assert!(!screen.contains("ASCII"), "{screen}");
}

#[test]
fn a_terminal_that_never_answers_gets_the_default_after_the_timeout() {
    let screen = first_screen_after_probe(None, &[]);
    assert!(screen.contains("┌ 全部清单 252 ───"), "{screen}");
}

#[test]
fn ascii_flags_skip_the_probe() {
    let screen = first_screen_after_probe(None, &["--ascii"]);
    assert!(screen.contains("+ 全部清单 252 ---"), "{screen}");
    let screen = first_screen_after_probe(None, &["--no-ascii"]);
    assert!(screen.contains("┌ 全部清单 252 ───"), "{screen}");
}

/// A province's folder (here nine towns, enough to be cached): the first start builds and keeps
/// the cache file (items, index and the towns' review identities), the second reads it in place, and a mark made in the
/// first is shown by the second, so the identities read back are the ones the marks are under.
#[test]
fn a_province_opens_again_from_its_cache_with_its_marks() {
    let dir = tempfile::tempdir().unwrap();
    let towns = dir.path().join("province");
    std::fs::create_dir(&towns).unwrap();
    let base = lvzhi::Dataset::embedded().unwrap();
    for t in 0..9 {
        let town = province::town(&base, t);
        std::fs::write(towns.join(format!("{t:02}.json")), town.to_json()).unwrap();
    }
    let cache = dir.path().join("cache");
    let (towns, cache) = (towns.to_str().unwrap(), cache.to_str().unwrap());
    let env = [("XDG_CACHE_HOME", cache)];
    let mut s = Session::start_env(dir, 100, 30, &["--data", towns], &env);
    s.wait_for_text("9个乡镇");
    s.wait_for_text("已审 0/2268");
    s.send("X");
    s.wait_for_text("已审 1/2268");
    s.send("Q");
    assert!(s.finish().success());
    let kept: Vec<String> = std::fs::read_dir(std::path::Path::new(cache).join("lvzhi"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    // The towns, their items, identities and index, in one file.
    assert!(kept.iter().any(|f| f.starts_with("province-")), "{kept:?}");
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert!(kept.iter().all(|f| !f.ends_with(".tmp")), "{kept:?}");

    let dir = std::mem::replace(&mut s.dir, tempfile::tempdir().unwrap());
    let mut s = Session::start_env(dir, 100, 30, &["--data", towns], &env);
    s.wait_for_text("已审 1/2268");
    s.send("Q");
    assert!(s.finish().success());
    s.assert_restored();
}
