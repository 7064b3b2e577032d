//! A province on one server (issue 16), measured as a user meets it: a folder of N town files,
//! and the whole `lvzhi` process timed beside `fzf --filter` over the same text as lines, in one
//! run. `cargo bench --bench scale` (1,000 towns, about 252,000 items), or
//! `cargo bench --bench scale -- 200` for fewer. Wall time and peak memory come from GNU time
//! (/usr/bin/time); fzf is optional. Figures in docs/performance.md.

mod province;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use lvzhi::Dataset;

/// What one run of a command cost: seconds of wall time and peak resident memory in MB.
#[derive(Debug, Clone, Copy)]
struct Cost {
    seconds: f64,
    mb: f64,
}

/// Where the index cache is, for a run: kept warm, or emptied before every run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cache {
    Warm,
    Cold,
}

/// The cache folder the measured runs use (never the user's).
fn cache_home() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("scale-cache")
}

/// Runs `shell` (a `sh -c` line, output discarded) under GNU time, `runs` times: the median
/// time and the largest peak memory. A cold run starts with no index cache (and leaves one).
fn measure(shell: &str, runs: usize, cache: Cache) -> Option<Cost> {
    let mut costs = Vec::new();
    for _ in 0..runs {
        if cache == Cache::Cold {
            let _ = std::fs::remove_dir_all(cache_home());
        }
        let out = Command::new("/usr/bin/time")
            .args(["-f", "%e %M", "sh", "-c", &format!("{shell} > /dev/null")])
            .env(
                "LVZHI_SYSTEM_CONFIG",
                "/nonexistent/lvzhi-scale/config.toml",
            )
            .env("XDG_CACHE_HOME", cache_home())
            .env("XDG_DATA_HOME", cache_home().join("data"))
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

/// One line per item for fzf: the town, the id and every field lvzhi searches, tab-separated.
fn as_line(dataset: &Dataset, item: &lvzhi::Item) -> String {
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

/// The folder of towns and the lines file, written once per size and kept in the target dir.
fn prepare(towns: usize) -> (PathBuf, PathBuf, usize) {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("scale-{towns}"));
    let dir = root.join("towns");
    let lines = root.join("lines.txt");
    let base = Dataset::embedded().expect("embedded data");
    let items = towns * base.items.len();
    if lines.exists() {
        return (dir, lines, items);
    }
    std::fs::create_dir_all(&dir).expect("scale folder");
    let mut text = String::new();
    for t in 0..towns {
        let town = province::town(&base, t);
        std::fs::write(dir.join(format!("{t:04}.json")), town.to_json()).expect("town file");
        for item in &town.items {
            text.push_str(&as_line(&town, item));
            text.push('\n');
        }
    }
    std::fs::write(&lines, text).expect("lines file");
    (dir, lines, items)
}

fn main() {
    let towns = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(1000);
    if !Path::new("/usr/bin/time").exists() {
        println!("scale: GNU time (/usr/bin/time) is needed to measure; nothing measured");
        return;
    }
    let (dir, lines, items) = prepare(towns);
    let size: u64 = std::fs::read_dir(&dir)
        .map(|d| {
            d.filter_map(|e| e.ok()?.metadata().ok())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0);
    println!(
        "{towns} towns, {items} items, {:.0} MB of town files in {}",
        size as f64 / 1_048_576.0,
        dir.display()
    );
    let bin = env!("CARGO_BIN_EXE_lvzhi");
    let data = dir.display();
    let fzf = Command::new("fzf").arg("--version").output().is_ok();
    let runs = 3;
    let search = |q: &str| format!("{bin} --data {data} search {q} --json --limit 50");
    let fzf_filter = |q: &str| format!("fzf --filter {q} < {}", lines.display());
    let rows: Vec<(String, String, Cache)> = vec![
        (
            "lvzhi search 消防 --json --limit 50, cache warm".into(),
            search("消防"),
            Cache::Warm,
        ),
        (
            "lvzhi search 消防 --json --limit 50, no cache yet".into(),
            search("消防"),
            Cache::Cold,
        ),
        (
            "fzf --filter 消防 (same text as lines)".into(),
            fzf_filter("消防"),
            Cache::Warm,
        ),
        (
            "lvzhi search yjgl --json --limit 50, cache warm".into(),
            search("yjgl"),
            Cache::Warm,
        ),
        (
            "fzf --filter yjgl (same text as lines)".into(),
            fzf_filter("yjgl"),
            Cache::Warm,
        ),
        (
            "lvzhi list".into(),
            format!("{bin} --data {data} list"),
            Cache::Warm,
        ),
        (
            "lvzhi show (one town's c19)".into(),
            format!("{bin} --data {data} show 东东户镇/c19"),
            Cache::Warm,
        ),
    ];
    // The warm rows find the cache the first cold run (or this one) left.
    measure(&search("消防"), 1, Cache::Cold);
    let only_app = std::env::args().any(|a| a == "app");
    println!("| command | wall time (median of {runs}) | peak memory |");
    println!("|---|---|---|");
    for (label, shell, cache) in rows {
        if only_app || label.starts_with("fzf") && !fzf {
            continue;
        }
        match measure(&shell, runs, cache) {
            Some(c) => println!("| {label} | {:.2} s | {:.0} MB |", c.seconds, c.mb),
            None => println!("| {label} | failed | |"),
        }
    }
    if !fzf {
        println!("fzf is not installed: no comparison");
    }
    for cache in [Cache::Warm, Cache::Cold] {
        // As the app's second start on these towns: what the first one kept is there.
        app_session(bin, &dir, towns);
        let mut sessions: Vec<Session> = (0..runs)
            .filter_map(|_| {
                if cache == Cache::Cold {
                    let _ = std::fs::remove_dir_all(cache_home());
                }
                app_session(bin, &dir, towns)
            })
            .collect();
        sessions.sort_by_key(|s| s.first_screen);
        let mb = sessions.iter().map(|s| s.mb).fold(0.0, f64::max);
        let keys: Vec<Duration> = sessions.iter().flat_map(|s| s.keys.clone()).collect();
        let median = sessions.get(sessions.len() / 2).map(|s| Session {
            first_screen: s.first_screen,
            keys,
            mb,
        });
        match median {
            Some(s) => {
                println!(
                    "app, cache {cache:?}: first screen after {:.2} s (median of {runs}); peak memory {:.0} MB",
                    s.first_screen.as_secs_f64(),
                    s.mb
                );
                let mut keys = s.keys.clone();
                keys.sort();
                let ms = |d: &Duration| d.as_secs_f64() * 1000.0;
                println!(
                    "  {} keystrokes settled on screen after: median {:.1} ms, slowest {:.1} ms ({})",
                    keys.len(),
                    keys.get(keys.len() / 2).map_or(0.0, ms),
                    keys.last().map_or(0.0, ms),
                    s.keys
                        .iter()
                        .map(|d| format!("{:.1}", ms(d)))
                        .collect::<Vec<_>>()
                        .join(" ")
                );
            }
            None => println!("app, cache {cache:?}: could not be measured"),
        }
    }
}

/// What a user at the app met: the first screen, each keystroke, the memory it took.
struct Session {
    first_screen: Duration,
    keys: Vec<Duration>,
    mb: f64,
}

/// Keys typed into the filter, one at a time: Chinese, then (after clearing) pinyin initials.
const TYPED: &[&str] = &["/", "消", "防", "安", "全", "\x15", "y", "j", "g", "l"];

/// The app in a pseudo-terminal at 80x24, as over SSH: the time until its first screen shows
/// the towns, and for each key typed, the time until the last byte of its answer (the screen
/// quiet for `QUIET` after it). The app writes nothing while idle, so quiet means settled.
fn app_session(bin: &str, dir: &Path, towns: usize) -> Option<Session> {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    use std::io::{Read, Write};
    use std::sync::mpsc::{RecvTimeoutError, channel};
    use std::time::Instant;
    const QUIET: Duration = Duration::from_millis(250);
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .ok()?;
    let mut cmd = CommandBuilder::new(bin);
    cmd.args(["--data".as_ref(), dir.as_os_str(), "--no-mouse".as_ref()]);
    cmd.env(
        "LVZHI_SYSTEM_CONFIG",
        "/nonexistent/lvzhi-scale/config.toml",
    );
    cmd.env("XDG_CACHE_HOME", cache_home());
    cmd.env("XDG_DATA_HOME", cache_home().join("data"));
    cmd.env("TERM", "xterm-256color");
    let started = Instant::now();
    let mut child = pair.slave.spawn_command(cmd).ok()?;
    drop(pair.slave);
    let pid = child.process_id()?;
    let mut reader = pair.master.try_clone_reader().ok()?;
    let mut writer = pair.master.take_writer().ok()?;
    let (tx, rx) = channel::<(Instant, Vec<u8>)>();
    std::thread::spawn(move || {
        let mut buf = [0u8; 65536];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 || tx.send((Instant::now(), buf[..n].to_vec())).is_err() {
                break;
            }
        }
    });
    let mut screen = vt100::Parser::new(
        std::num::NonZeroU16::new(24)?,
        std::num::NonZeroU16::new(80)?,
        0,
    );
    let label = format!("{towns}个乡镇");
    let first_screen = loop {
        let (at, bytes) = rx.recv_timeout(Duration::from_secs(120)).ok()?;
        // The app asks where the cursor is after drawing ─ (docs/performance.md, issue 15): a
        // terminal answers at once, here one column wide, as a narrow terminal would.
        if bytes.windows(4).any(|w| w == b"\x1b[6n") {
            writer.write_all(b"\x1b[1;2R").ok()?;
        }
        screen.process(&bytes);
        if screen.screen().contents().contains(&label) {
            break at - started;
        }
    };
    // Let the first frame finish before typing.
    while rx.recv_timeout(QUIET).is_ok() {}
    let mut keys = Vec::new();
    for key in TYPED {
        let sent = Instant::now();
        writer.write_all(key.as_bytes()).ok()?;
        let mut last = None;
        loop {
            match rx.recv_timeout(QUIET) {
                Ok((at, _)) => last = Some(at),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
        if *key != "/" && *key != "\x15" {
            keys.push(last? - sent);
        }
    }
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let kb: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0.0);
    // Ctrl-c closes the query line, Q quits (a lowercase q would be typed as a search).
    writer.write_all(b"\x03Q").ok()?;
    let _ = child.kill();
    let _ = child.wait();
    Some(Session {
        first_screen,
        keys,
        mb: kb / 1024.0,
    })
}
