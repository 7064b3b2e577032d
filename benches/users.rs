//! A province's staff on one server (issue 29): lvzhi runs once per SSH session, so every user
//! is a process. On the realistic province (benches/province.rs), in one run: 20 users' apps at
//! once over one shared cache folder and one shared review file (the sum of their PSS, each
//! one's private memory, the CPU they use sitting idle); the app's warm start and a keystroke;
//! `search` cold and warm beside `fzf --filter` over the same text. One table at the end, each
//! figure against the bar.
//!
//! `cargo bench --bench users` (1,000 towns), `-- 200` for fewer towns, `-- users=5 idle=10`
//! for fewer users and a shorter idle wait (seconds), `-- identical` for the best case,
//! `-- seed=N`. Needs GNU time (/usr/bin/time) for the search rows and fzf for the ratios.

mod province;
mod shared;

use std::ffi::OsString;
use std::path::Path;
use std::time::{Duration, Instant};

use shared::{Cache, Pty, median};

/// The bars.
const PSS_MB: f64 = 1536.0;
const PRIVATE_MB: f64 = 60.0;
const IDLE_PERCENT: f64 = 2.0;
const WARM_START_S: f64 = 0.5;
const KEYSTROKE_MS: f64 = 16.0;
const COLD_RATIO: f64 = 1.0;
const WARM_RATIO: f64 = 0.25;

/// Memory left free when starting one more user (MB): the bench stops adding users below it
/// rather than let the machine run out.
const RESERVE_MB: f64 = 1500.0;

/// What the crowd of users measured.
struct Crowd {
    users: usize,
    first_screens: Vec<f64>,
    pss_mb: f64,
    private_mb: Vec<f64>,
    rss_mb: Vec<f64>,
    /// CPU of all of them while idle, percent of one core: from utime+stime, and from the
    /// scheduler's nanoseconds (finer than the 10 ms ticks).
    idle_percent: f64,
    idle_percent_ns: f64,
    wakeups_per_s: f64,
    idle_seconds: u64,
    quit_by_keys: usize,
}

fn main() {
    let args = shared::Args::parse(1000);
    let users = args.number("users", 20) as usize;
    let idle = args.number("idle", 30);
    let started = Instant::now();
    let province = shared::prepare(args.towns, args.kind);
    let share = province
        .distinct
        .map_or(0.0, |d| d as f64 / province.items as f64);
    println!(
        "{} towns ({:?}), {} items, {} distinct texts ({:.1} %), {:.0} MB of JSON in {} (ready after {:.0} s)",
        province.towns,
        args.kind,
        province.items,
        province.distinct.map_or("?".into(), |d| d.to_string()),
        share * 100.0,
        province.bytes as f64 / 1_048_576.0,
        province.dir.display(),
        started.elapsed().as_secs_f64()
    );
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("users-run");
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).expect("run folder");
    let bin = env!("CARGO_BIN_EXE_lvzhi");
    let crowd = crowd(bin, &province, users, idle, &root);
    let (starts, keys) = warm_starts(bin, &province, &root.join("cache"));
    let searches = searches(bin, &province, &root.join("search-cache"));
    table(crowd.as_ref(), &starts, &keys, searches);
    println!(
        "(the whole run took {:.0} s)",
        started.elapsed().as_secs_f64()
    );
}

/// `users` apps over the province, one shared cache folder and one shared review file, each
/// in its own pty at 80x24: the first builds the cache, the others start together once it is
/// built; measured when every one shows its first screen, then after `idle` seconds idle.
fn crowd(
    bin: &str,
    province: &shared::Province,
    users: usize,
    idle: u64,
    root: &Path,
) -> Option<Crowd> {
    // The server's shared cache folder (the `cache` setting, here from LVZHI_CACHE); each
    // user's own cache folder is apart and stays empty: the file is built once, mapped by all.
    let cache = root.join("cache");
    std::fs::create_dir_all(&cache).ok()?;
    let cache_env = ("LVZHI_CACHE", cache.into_os_string());
    let label = format!("{}个乡镇", province.towns);
    let spawn = |k: usize| {
        let args = [
            OsString::from("--data"),
            province.dir.clone().into_os_string(),
            OsString::from("--review"),
            root.join("review.db").into_os_string(),
            OsString::from("--no-mouse"),
        ];
        let env = [
            cache_env.clone(),
            (
                "XDG_DATA_HOME",
                root.join(format!("user-{k:02}")).into_os_string(),
            ),
            (
                "XDG_CACHE_HOME",
                root.join(format!("user-{k:02}/cache")).into_os_string(),
            ),
        ];
        Pty::spawn(bin, &args, &env)
    };
    let mut apps = vec![spawn(0)?];
    let mut first_screens = vec![
        apps[0]
            .wait_for(&label, Duration::from_secs(600))?
            .as_secs_f64(),
    ];
    apps[0].settle().ok()?;
    let own = smaps(apps[0].pid).1;
    for k in 1..users {
        if available_mb() < own * 1.5 + RESERVE_MB {
            println!("users: stopped at {k} users, {:.0} MB free", available_mb());
            break;
        }
        apps.push(spawn(k)?);
        // Started together, but not faster than the machine can give them memory.
        if k % 5 == 0 {
            std::thread::sleep(Duration::from_millis(500));
        }
    }
    for app in &mut apps[1..] {
        first_screens.push(
            app.wait_for(&label, Duration::from_secs(900))?
                .as_secs_f64(),
        );
    }
    for app in &mut apps {
        app.settle().ok()?;
    }
    let (mut pss_mb, mut private_mb, mut rss_mb) = (0.0, Vec::new(), Vec::new());
    for app in &apps {
        let (pss, private, rss) = smaps(app.pid);
        pss_mb += pss;
        private_mb.push(private);
        rss_mb.push(rss);
    }
    // Idle: a few seconds for anything left over from starting, then the measured wait.
    std::thread::sleep(Duration::from_secs(3));
    apps.iter_mut().for_each(Pty::drain);
    let before: Vec<Cpu> = apps.iter().map(|a| Cpu::of(a.pid)).collect();
    let t0 = Instant::now();
    std::thread::sleep(Duration::from_secs(idle));
    let seconds = t0.elapsed().as_secs_f64();
    let after: Vec<Cpu> = apps.iter().map(|a| Cpu::of(a.pid)).collect();
    let delta = |f: fn(&Cpu) -> f64| -> f64 {
        before
            .iter()
            .zip(&after)
            .map(|(b, a)| f(a) - f(b))
            .sum::<f64>()
    };
    let ticks = clock_ticks();
    let crowd = Crowd {
        users: apps.len(),
        first_screens,
        pss_mb,
        private_mb,
        rss_mb,
        idle_percent: delta(|c| c.ticks) / ticks / seconds * 100.0,
        idle_percent_ns: delta(|c| c.ns) / 1e9 / seconds * 100.0,
        wakeups_per_s: delta(|c| c.switches) / seconds,
        idle_seconds: idle,
        quit_by_keys: quit_all(&mut apps),
    };
    Some(crowd)
}

/// Esc, Esc, Q to every app at once; how many ended by themselves (the rest are killed when
/// dropped).
fn quit_all(apps: &mut [Pty]) -> usize {
    for key in [&b"\x1b"[..], b"\x1b", b"Q"] {
        for app in apps.iter_mut() {
            app.send(key);
        }
        std::thread::sleep(Duration::from_millis(300));
        apps.iter_mut().for_each(Pty::drain);
    }
    apps.iter_mut()
        .filter_map(|app| app.ended_within(Duration::from_secs(5)).then_some(()))
        .count()
}

/// A process's PSS, private (clean + dirty) and resident memory in MB, from smaps_rollup.
fn smaps(pid: u32) -> (f64, f64, f64) {
    let text = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).unwrap_or_default();
    let kb = |key: &str| -> f64 {
        text.lines()
            .filter_map(|l| l.strip_prefix(key)?.strip_prefix(':'))
            .filter_map(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
            .sum()
    };
    (
        kb("Pss") / 1024.0,
        (kb("Private_Clean") + kb("Private_Dirty")) / 1024.0,
        kb("Rss") / 1024.0,
    )
}

fn available_mb() -> f64 {
    std::fs::read_to_string("/proc/meminfo")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("MemAvailable:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::MAX, |kb| kb / 1024.0)
}

fn clock_ticks() -> f64 {
    std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok()?.trim().parse().ok())
        .unwrap_or(100.0)
}

/// A process's CPU so far: utime + stime in clock ticks, the scheduler's nanoseconds on CPU
/// and its context switches (wake-ups), all threads.
struct Cpu {
    ticks: f64,
    ns: f64,
    switches: f64,
}

impl Cpu {
    fn of(pid: u32) -> Cpu {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        // After the command's name (in parentheses): state is field 3, utime 14, stime 15.
        let fields: Vec<&str> = stat
            .rsplit_once(')')
            .map_or(vec![], |(_, rest)| rest.split_whitespace().collect());
        let field = |n: usize| {
            fields
                .get(n - 3)
                .and_then(|v| v.parse::<f64>().ok())
                .unwrap_or(0.0)
        };
        let (mut ns, mut switches) = (0.0, 0.0);
        let tasks = std::fs::read_dir(format!("/proc/{pid}/task"))
            .into_iter()
            .flatten();
        for task in tasks.flatten() {
            let path = task.path();
            let sched = std::fs::read_to_string(path.join("schedstat")).unwrap_or_default();
            ns += sched
                .split_whitespace()
                .next()
                .and_then(|v| v.parse::<f64>().ok())
                .unwrap_or(0.0);
            let status = std::fs::read_to_string(path.join("status")).unwrap_or_default();
            switches += status
                .lines()
                .filter_map(|l| {
                    l.strip_prefix("voluntary_ctxt_switches:")
                        .or(l.strip_prefix("nonvoluntary_ctxt_switches:"))
                })
                .filter_map(|v| v.trim().parse::<f64>().ok())
                .sum::<f64>();
        }
        Cpu {
            ticks: field(14) + field(15),
            ns,
            switches,
        }
    }
}

/// Five starts with the cache warm: each one's first screen (s), and every keystroke settled
/// (ms).
fn warm_starts(bin: &str, province: &shared::Province, cache: &Path) -> (Vec<f64>, Vec<f64>) {
    let (mut starts, mut keys) = (Vec::new(), Vec::new());
    // As a second start: what the first one kept is there (the crowd's cache, or this one's).
    shared::app_session(bin, &province.dir, province.towns, cache);
    for _ in 0..5 {
        if let Some(s) = shared::app_session(bin, &province.dir, province.towns, cache) {
            starts.push(s.first_screen.as_secs_f64());
            keys.extend(s.keys.iter().map(|d| d.as_secs_f64() * 1000.0));
        }
    }
    (starts, keys)
}

/// `search 消防 --json --limit 50` cold (no cache) and warm, and `fzf --filter 消防` over the
/// same text: median seconds of three runs each, in that order.
fn searches(bin: &str, province: &shared::Province, cache: &Path) -> [Option<shared::Cost>; 3] {
    let search = format!(
        "{bin} --data {} search 消防 --json --limit 50",
        province.dir.display()
    );
    let cold = shared::measure(&search, 3, Cache::Cold, cache);
    let warm = shared::measure(&search, 3, Cache::Warm, cache);
    let fzf = std::process::Command::new("fzf")
        .arg("--version")
        .output()
        .is_ok()
        .then(|| {
            let filter = format!("fzf --filter 消防 < {}", province.lines.display());
            shared::measure(&filter, 3, Cache::Warm, cache)
        })
        .flatten();
    [cold, warm, fzf]
}

fn table(crowd: Option<&Crowd>, starts: &[f64], keys: &[f64], searches: [Option<shared::Cost>; 3]) {
    let met = |ok: bool| if ok { "yes" } else { "**no**" };
    println!();
    match crowd {
        Some(c) => {
            let mut screens = c.first_screens[1..].to_vec();
            println!(
                "{} users: the first's screen (building the cache) after {:.1} s; the others' after median {:.1} s, slowest {:.1} s; {} of {} quit by their keys",
                c.users,
                c.first_screens[0],
                median(&mut screens),
                screens.last().copied().unwrap_or(0.0),
                c.quit_by_keys,
                c.users,
            );
            let mut rss = c.rss_mb.clone();
            println!(
                "resident per user: median {:.0} MB; idle wake-ups: {:.1} per second in all",
                median(&mut rss),
                c.wakeups_per_s
            );
        }
        None => println!("users: could not be measured"),
    }
    println!();
    println!("| figure | measured | bar | met |");
    println!("|---|---|---|---|");
    if let Some(c) = crowd {
        let mut private = c.private_mb.clone();
        let median_private = median(&mut private);
        let max_private = private.last().copied().unwrap_or(0.0);
        println!(
            "| sum of PSS, {} users at once | {:.0} MB | ≤ 1.5 GB | {} |",
            c.users,
            c.pss_mb,
            met(c.pss_mb <= PSS_MB)
        );
        println!(
            "| private memory per user (clean + dirty), max; median | {max_private:.0} MB; {median_private:.0} MB | ≤ 60 MB each | {} |",
            met(max_private <= PRIVATE_MB)
        );
        println!(
            "| {} users idle {} s, CPU (utime+stime; scheduler ns) | {:.2} %; {:.2} % of one core | ≤ 2 % | {} |",
            c.users,
            c.idle_seconds,
            c.idle_percent,
            c.idle_percent_ns,
            met(c.idle_percent_ns <= IDLE_PERCENT)
        );
    }
    let mut starts = starts.to_vec();
    let start = median(&mut starts);
    println!(
        "| warm start to the first screen, median of {} | {start:.2} s | ≤ 0.5 s | {} |",
        starts.len(),
        met(start <= WARM_START_S && !starts.is_empty())
    );
    let mut keys = keys.to_vec();
    let key = median(&mut keys);
    let slowest = keys.last().copied().unwrap_or(0.0);
    println!(
        "| a keystroke settled on screen, median; slowest ({} keys) | {key:.1} ms; {slowest:.1} ms | ≤ 16 ms | {} |",
        keys.len(),
        met(key <= KEYSTROKE_MS && !keys.is_empty())
    );
    let [cold, warm, fzf] = searches;
    let seconds = |c: Option<shared::Cost>| {
        c.map_or("failed".to_string(), |c| {
            format!("{:.2} s, {:.0} MB", c.seconds, c.mb)
        })
    };
    println!(
        "| `search 消防 --json --limit 50`, cold; warm; fzf --filter 消防 | {}; {}; {} | | |",
        seconds(cold),
        seconds(warm),
        seconds(fzf)
    );
    for (label, run, bar, limit) in [
        ("cold search / fzf", cold, "≤ 1.0x", COLD_RATIO),
        ("warm search / fzf", warm, "≤ 0.25x", WARM_RATIO),
    ] {
        match (run, fzf) {
            (Some(r), Some(f)) => {
                let ratio = r.seconds / f.seconds;
                println!(
                    "| {label} | {ratio:.2}x | {bar} | {} |",
                    met(ratio <= limit)
                );
            }
            _ => println!("| {label} | not measured | {bar} | |"),
        }
    }
}
