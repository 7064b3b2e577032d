//! A dropped link as it really happens: the pty master is closed (sshd does that when the
//! connection dies, so does `tmux kill-session`). The app must keep the note being typed as a
//! draft, release the review file and be gone within a second, with or without the SIGHUP
//! that follows only when the pty is the app's controlling terminal.

mod common;

use std::ffi::CString;
use std::os::fd::OwnedFd;
use std::os::unix::process::CommandExt;
use std::process::{Child, ExitStatus, Stdio};
use std::sync::mpsc::channel;
use std::time::{Duration, Instant};

use rustix::event::{PollFd, PollFlags, poll};
use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};
use rustix::termios::{Winsize, tcsetwinsize};

/// How long the app may take to notice the hang-up, save and exit: the promise.
const HANGUP_LIMIT: Duration = Duration::from_secs(1);
/// How long the app may take to draw what a key asked for (a deadline, never a sleep).
const PATIENCE: Duration = Duration::from_secs(20);

struct Pty {
    master: Option<OwnedFd>,
    child: Option<Child>,
    screen: vt100::Parser,
    dir: tempfile::TempDir,
}

impl Pty {
    /// Starts lvzhi on a new pty; `controlling` makes the pty its controlling terminal (as a
    /// login shell's child has it), so closing the master also sends SIGHUP.
    fn start(controlling: bool) -> Pty {
        let master =
            openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY | OpenptFlags::CLOEXEC).expect("openpt");
        grantpt(&master).unwrap();
        unlockpt(&master).unwrap();
        let size = Winsize {
            ws_row: 30,
            ws_col: 100,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        tcsetwinsize(&master, size).unwrap();
        let name: CString = ptsname(&master, Vec::new()).unwrap();
        let slave: OwnedFd = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(name.to_str().unwrap())
            .unwrap()
            .into();
        let dir = tempfile::tempdir().unwrap();
        let mut command = common::command();
        command
            .arg("--review")
            .arg(dir.path().join("review.db"))
            .current_dir(dir.path())
            .env("XDG_DATA_HOME", dir.path())
            .env("TERM", "xterm-256color")
            .stdin(Stdio::from(slave.try_clone().unwrap()))
            .stdout(Stdio::from(slave.try_clone().unwrap()))
            .stderr(Stdio::from(slave));
        // SAFETY: only async-signal-safe calls between fork and exec.
        unsafe {
            command.pre_exec(move || {
                rustix::process::setsid()?;
                if controlling {
                    rustix::process::ioctl_tiocsctty(rustix::stdio::stdin())?;
                }
                Ok(())
            });
        }
        let child = command.spawn().expect("spawn lvzhi");
        Pty {
            master: Some(master),
            child: Some(child),
            screen: vt100::Parser::new(30.try_into().unwrap(), 100.try_into().unwrap(), 0),
            dir,
        }
    }

    fn master(&self) -> &OwnedFd {
        self.master.as_ref().expect("the pty is open")
    }

    fn wait_for_text(&mut self, text: &str) {
        let deadline = Instant::now() + PATIENCE;
        while !self.screen.screen().contents().contains(text) {
            let left = deadline
                .checked_duration_since(Instant::now())
                .unwrap_or_else(|| {
                    panic!("never saw {text:?}:\n{}", self.screen.screen().contents())
                });
            let timeout = rustix::time::Timespec::try_from(left).unwrap();
            let mut fds = [PollFd::new(self.master(), PollFlags::IN)];
            poll(&mut fds, Some(&timeout)).unwrap();
            let mut buf = [0u8; 8192];
            if let Ok(n) = rustix::io::read(self.master(), &mut buf) {
                self.screen.process(&buf[..n]);
            }
        }
    }

    fn send(&self, keys: &str) {
        rustix::io::write(self.master(), keys.as_bytes()).unwrap();
    }

    /// Closes the master, as a dying sshd does, and waits at most `HANGUP_LIMIT` for the exit.
    fn drop_link(&mut self) -> ExitStatus {
        self.master = None;
        let mut child = self.child.take().unwrap();
        let pid = rustix::process::Pid::from_child(&child);
        let (tx, rx) = channel();
        std::thread::spawn(move || tx.send(child.wait()));
        match rx.recv_timeout(HANGUP_LIMIT) {
            Ok(status) => status.unwrap(),
            Err(_) => {
                // Not left spinning on the machine after the test has failed.
                let _ = rustix::process::kill_process(pid, rustix::process::Signal::KILL);
                panic!("lvzhi still running {HANGUP_LIMIT:?} after the link dropped")
            }
        }
    }

    fn reviews(&self) -> lvzhi::review::Reviews {
        common::reviews_in(self.dir.path())
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        if let Some(child) = self.child.as_mut() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn note_survives_a_closed_pty(controlling: bool) {
    let mut s = Pty::start(controlling);
    s.wait_for_text("已审 0/252");
    s.send("N");
    s.wait_for_text("备注：基1");
    s.send("掉线前写的\r第二行");
    s.wait_for_text("第二行");
    let status = s.drop_link();
    use std::os::unix::process::ExitStatusExt;
    assert!(
        status.code() == Some(129) || status.signal().is_none() && status.code().is_some(),
        "a hang-up ends the app by itself, not by a signal's default: {status:?}"
    );
    let review = &s.reviews()["basic-1"];
    assert_eq!(review.draft.as_deref(), Some("掉线前写的\n第二行"));
    assert_eq!(review.note, "", "a draft is not the saved note");
}

#[test]
fn closing_the_pty_of_a_login_session_keeps_the_note_as_a_draft() {
    note_survives_a_closed_pty(true);
}

#[test]
fn closing_a_pty_that_sends_no_sighup_keeps_the_note_and_ends_the_app() {
    note_survives_a_closed_pty(false);
}
