//! What the whole-process benches share (scale.rs, users.rs): the province's folder of town
//! files and the same text as lines for fzf, written once and kept; a command timed under GNU
//! time; and the app driven in a pseudo-terminal as a user over SSH meets it.
#![allow(dead_code)]

use std::ffi::OsString;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use lvzhi::Dataset;

use crate::province;

/// Which synthetic province: every town's text the same (the best case), or each county and
/// town worded its own way from a seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Identical,
    Realistic { seed: u64 },
}

/// The bench's arguments: a number of towns, `identical`, `seed=N`, and `key=value` others.
pub struct Args {
    pub towns: usize,
    pub kind: Kind,
    words: Vec<String>,
}

impl Args {
    pub fn parse(default_towns: usize) -> Args {
        let words: Vec<String> = std::env::args().skip(1).collect();
        let towns = words
            .iter()
            .find_map(|a| a.parse().ok())
            .unwrap_or(default_towns);
        let seed = words
            .iter()
            .find_map(|a| a.strip_prefix("seed=")?.parse().ok())
            .unwrap_or(29);
        let kind = match words.iter().any(|a| a == "identical") {
            true => Kind::Identical,
            false => Kind::Realistic { seed },
        };
        Args { towns, kind, words }
    }

    pub fn has(&self, word: &str) -> bool {
        self.words.iter().any(|a| a == word)
    }

    /// `key=N` among the arguments, or `default`.
    pub fn number(&self, key: &str, default: u64) -> u64 {
        self.words
            .iter()
            .find_map(|a| a.strip_prefix(key)?.strip_prefix('=')?.parse().ok())
            .unwrap_or(default)
    }
}

/// One line per item for fzf: the town, the id and every field lvzhi searches, tab-separated.
pub fn as_line(dataset: &Dataset, item: &lvzhi::Item) -> String {
    let text = [
        dataset.town.clone(),
        item.id.clone(),
        item.category.clone(),
        item.title.clone(),
        item.departments.join("、"),
        lvzhi::model::duties_text(&item.upper_duties),
        lvzhi::model::duties_text(&item.town_duties),
    ]
    .join("\t");
    text.replace('\n', " ")
}

/// A province's folder of towns and its lines file, written once and kept in the target dir.
pub struct Province {
    pub dir: PathBuf,
    pub lines: PathBuf,
    pub towns: usize,
    pub items: usize,
    /// Items with a text of their own (every field but the id), when the folder was written.
    pub distinct: Option<usize>,
    pub bytes: u64,
}

/// Writes (or finds) the province: keyed by the kind, the generator's version, seed and size.
pub fn prepare(towns: usize, kind: Kind) -> Province {
    let name = match kind {
        Kind::Identical => format!("scale-{towns}"),
        Kind::Realistic { seed } => {
            format!("province-g{}-s{seed}-{towns}", province::GENERATOR)
        }
    };
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let dir = root.join("towns");
    let lines = root.join("lines.txt");
    let base = Dataset::embedded().expect("embedded data");
    let mut distinct = std::fs::read_to_string(root.join("distinct"))
        .ok()
        .and_then(|s| s.trim().parse().ok());
    if !lines.exists() {
        std::fs::create_dir_all(&dir).expect("province folder");
        let all: Vec<Dataset> = match kind {
            Kind::Identical => (0..towns).map(|t| province::town(&base, t)).collect(),
            Kind::Realistic { seed } => province::realistic(&base, towns, seed).collect(),
        };
        let mut text = String::new();
        for (t, town) in all.iter().enumerate() {
            std::fs::write(dir.join(format!("{t:04}.json")), town.to_json()).expect("town file");
            for item in &town.items {
                text.push_str(&as_line(town, item));
                text.push('\n');
            }
        }
        let (count, _) = province::distinct_texts(&all);
        std::fs::write(root.join("distinct"), count.to_string()).expect("distinct file");
        distinct = Some(count);
        // Last: the lines file says the folder is whole.
        std::fs::write(&lines, text).expect("lines file");
    }
    let bytes = std::fs::read_dir(&dir)
        .map(|d| {
            d.filter_map(|e| e.ok()?.metadata().ok())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0);
    Province {
        dir,
        lines,
        towns,
        items: towns * base.items.len(),
        distinct,
        bytes,
    }
}

/// What one run of a command cost: seconds of wall time and peak resident memory in MB.
#[derive(Debug, Clone, Copy)]
pub struct Cost {
    pub seconds: f64,
    pub mb: f64,
}

/// Where the index cache is, for a run: kept warm, or emptied before every run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cache {
    Warm,
    Cold,
}

/// Runs `shell` (a `sh -c` line, output discarded) under GNU time, `runs` times, with the cache
/// in `cache_home`: the median time and the largest peak memory. A cold run starts with no
/// index cache (and leaves one).
pub fn measure(shell: &str, runs: usize, cache: Cache, cache_home: &Path) -> Option<Cost> {
    let mut costs = Vec::new();
    for _ in 0..runs {
        if cache == Cache::Cold {
            let _ = std::fs::remove_dir_all(cache_home);
        }
        let out = Command::new("/usr/bin/time")
            .args(["-f", "%e %M", "sh", "-c", &format!("{shell} > /dev/null")])
            .env(
                "LVZHI_SYSTEM_CONFIG",
                "/nonexistent/lvzhi-scale/config.toml",
            )
            .env("XDG_CACHE_HOME", cache_home)
            .env("XDG_DATA_HOME", cache_home.join("data"))
            .output()
            .ok()?;
        let stderr = String::from_utf8_lossy(&out.stderr);
        let last = stderr.lines().last()?;
        let (seconds, kb) = last.split_once(' ')?;
        costs.push(Cost {
            seconds: seconds.parse().ok()?,
            mb: kb.trim().parse::<f64>().ok()? / 1024.0,
        });
    }
    costs.sort_by(|a, b| a.seconds.total_cmp(&b.seconds));
    let mb = costs.iter().map(|c| c.mb).fold(0.0, f64::max);
    costs.get(costs.len() / 2).map(|c| Cost {
        seconds: c.seconds,
        mb,
    })
}

/// Keys typed into the filter, one at a time: Chinese, then (after clearing) pinyin initials.
pub const TYPED: &[&str] = &["/", "消", "防", "安", "全", "\x15", "y", "j", "g", "l"];

/// How long the screen stays quiet after a key before its answer counts as settled. The app
/// writes nothing while idle, so quiet means settled.
pub const QUIET: Duration = Duration::from_millis(250);

/// The app in a pseudo-terminal at 80x24, as over SSH, read through a terminal emulator; the
/// cursor query it sends after drawing ─ is answered at once, one column wide (docs/
/// performance.md, issue 15). Killed (SIGHUP, then SIGKILL) if still running when dropped.
pub struct Pty {
    child: Box<dyn portable_pty::Child + Send + Sync>,
    pub pid: u32,
    writer: Arc<Mutex<Box<dyn Write + Send>>>,
    rx: Receiver<(Instant, Vec<u8>)>,
    screen: vt100::Parser,
    pub started: Instant,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Pty {
    /// Starts `bin` with `args` and `env` (besides a config file that does not exist, so the
    /// machine's own settings never count).
    pub fn spawn(bin: &str, args: &[OsString], env: &[(&str, OsString)]) -> Option<Pty> {
        use portable_pty::{CommandBuilder, PtySize, native_pty_system};
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .ok()?;
        let mut cmd = CommandBuilder::new(bin);
        cmd.args(args);
        cmd.env(
            "LVZHI_SYSTEM_CONFIG",
            "/nonexistent/lvzhi-scale/config.toml",
        );
        cmd.env("TERM", "xterm-256color");
        for (key, value) in env {
            cmd.env(key, value);
        }
        let started = Instant::now();
        let child = pair.slave.spawn_command(cmd).ok()?;
        drop(pair.slave);
        let pid = child.process_id()?;
        let mut reader = pair.master.try_clone_reader().ok()?;
        let writer = Arc::new(Mutex::new(pair.master.take_writer().ok()?));
        let answer = Arc::clone(&writer);
        let (tx, rx) = channel::<(Instant, Vec<u8>)>();
        std::thread::spawn(move || {
            let mut buf = [0u8; 65536];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                let at = Instant::now();
                if buf[..n].windows(4).any(|w| w == b"\x1b[6n") {
                    let _ = answer.lock().map(|mut w| w.write_all(b"\x1b[1;2R"));
                }
                if tx.send((at, buf[..n].to_vec())).is_err() {
                    break;
                }
            }
        });
        let screen = vt100::Parser::new(
            std::num::NonZeroU16::new(24)?,
            std::num::NonZeroU16::new(80)?,
            0,
        );
        Some(Pty {
            child,
            pid,
            writer,
            rx,
            screen,
            started,
            _master: pair.master,
        })
    }

    /// The time from the start until the screen shows `text`; None after `timeout` or an exit.
    pub fn wait_for(&mut self, text: &str, timeout: Duration) -> Option<Duration> {
        let deadline = self.started + timeout;
        loop {
            let left = deadline.checked_duration_since(Instant::now())?;
            let (at, bytes) = self.rx.recv_timeout(left).ok()?;
            self.screen.process(&bytes);
            if self.screen.screen().contents().contains(text) {
                return Some(at - self.started);
            }
        }
    }

    /// Reads until the screen has been quiet for `QUIET`; the time of the last byte, if any.
    /// None for the time when the app has gone.
    pub fn settle(&mut self) -> Result<Option<Instant>, ()> {
        let mut last = None;
        loop {
            match self.rx.recv_timeout(QUIET) {
                Ok((at, bytes)) => {
                    self.screen.process(&bytes);
                    last = Some(at);
                }
                Err(RecvTimeoutError::Timeout) => return Ok(last),
                Err(RecvTimeoutError::Disconnected) => return Err(()),
            }
        }
    }

    pub fn send(&mut self, bytes: &[u8]) -> Option<()> {
        self.writer.lock().ok()?.write_all(bytes).ok()
    }

    /// Types `key` and waits: the time to the last byte of its answer.
    pub fn key(&mut self, key: &str) -> Option<Duration> {
        let sent = Instant::now();
        self.send(key.as_bytes())?;
        Some(self.settle().ok()?? - sent)
    }

    /// Leaves with the app's own keys (Esc closes the query line, Esc clears the filter, Q
    /// quits), each in its own write so Esc is not read as the start of a sequence; true if the
    /// app then ended by itself within five seconds.
    pub fn quit(&mut self) -> bool {
        for key in [&b"\x1b"[..], b"\x1b", b"Q"] {
            if self.send(key).is_none() {
                break;
            }
            let _ = self.settle();
        }
        self.ended_within(Duration::from_secs(5))
    }

    /// Whether the app ends by itself within `wait`.
    pub fn ended_within(&mut self, wait: Duration) -> bool {
        let deadline = Instant::now() + wait;
        loop {
            if let Ok(Some(_)) = self.child.try_wait() {
                return true;
            }
            if Instant::now() >= deadline {
                return false;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Reads what has arrived without waiting (so the reader's queue does not grow).
    pub fn drain(&mut self) {
        while let Ok((_, bytes)) = self.rx.try_recv() {
            self.screen.process(&bytes);
        }
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}

/// What a user at the app met: the first screen, each keystroke, the memory it took.
pub struct Session {
    pub first_screen: Duration,
    pub keys: Vec<Duration>,
    pub mb: f64,
}

/// The app over `dir` in a pty, with its cache in `cache_home`: the time until its first screen
/// shows the towns, and for each key of `TYPED` the time until the last byte of its answer.
pub fn app_session(bin: &str, dir: &Path, towns: usize, cache_home: &Path) -> Option<Session> {
    let args = [
        OsString::from("--data"),
        dir.as_os_str().to_owned(),
        OsString::from("--no-mouse"),
    ];
    let env = [
        ("XDG_CACHE_HOME", cache_home.as_os_str().to_owned()),
        ("XDG_DATA_HOME", cache_home.join("data").into_os_string()),
    ];
    let mut app = Pty::spawn(bin, &args, &env)?;
    let first_screen = app.wait_for(&format!("{towns}个乡镇"), Duration::from_secs(180))?;
    // Let the first frame finish before typing.
    app.settle().ok()?;
    let mut keys = Vec::new();
    for key in TYPED {
        let took = app.key(key)?;
        if *key != "/" && *key != "\x15" {
            keys.push(took);
        }
    }
    let mb = status_kb(app.pid, "VmHWM:") / 1024.0;
    app.quit();
    Some(Session {
        first_screen,
        keys,
        mb,
    })
}

/// A figure of /proc/PID/status in kB (VmHWM:, VmRSS:), 0 if it cannot be read.
pub fn status_kb(pid: u32, key: &str) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix(key))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0.0)
}

/// The median of `values` (sorted here); 0 for none.
pub fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(0.0)
}
