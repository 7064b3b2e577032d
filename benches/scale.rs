//! A province on one server (issue 16), measured as a user meets it: a folder of N town files,
//! and the whole `lvzhi` process timed beside `fzf --filter` over the same text as lines, in one
//! run. `cargo bench --bench scale` (1,000 towns of the realistic province, about 252,000
//! items), `cargo bench --bench scale -- 200` for fewer, `-- identical` for the old best case
//! (every town's text the same), `-- seed=N` for another realistic province. Wall time and peak
//! memory come from GNU time (/usr/bin/time); fzf is optional. Figures in docs/performance.md.

mod province;
mod shared;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use shared::{Cache, Session, app_session};

/// The cache folder the measured runs use (never the user's).
fn cache_home() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("scale-cache")
}

fn measure(shell: &str, runs: usize, cache: Cache) -> Option<shared::Cost> {
    shared::measure(shell, runs, cache, &cache_home())
}

fn main() {
    let args = shared::Args::parse(1000);
    let towns = args.towns;
    if !Path::new("/usr/bin/time").exists() {
        println!("scale: GNU time (/usr/bin/time) is needed to measure; nothing measured");
        return;
    }
    let province = shared::prepare(towns, args.kind);
    let (dir, lines) = (province.dir.clone(), province.lines.clone());
    println!(
        "{towns} towns ({:?}), {} items, {} distinct texts, {:.0} MB of town files in {}",
        args.kind,
        province.items,
        province.distinct.map_or("?".into(), |d| d.to_string()),
        province.bytes as f64 / 1_048_576.0,
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
    let only_app = args.has("app");
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
        app_session(bin, &dir, towns, &cache_home());
        let mut sessions: Vec<Session> = (0..runs)
            .filter_map(|_| {
                if cache == Cache::Cold {
                    let _ = std::fs::remove_dir_all(cache_home());
                }
                app_session(bin, &dir, towns, &cache_home())
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
