//! A province on one server (issue 16), measured as a user meets it: a folder of N town files,
//! and the whole `lvzhi` process timed beside `fzf --filter` over the same text as lines, in one
//! run. `cargo bench --bench scale` (1,000 towns, about 252,000 items), or
//! `cargo bench --bench scale -- 200` for fewer. Wall time and peak memory come from GNU time
//! (/usr/bin/time); fzf is optional. Figures in docs/performance.md.

mod province;

use std::path::{Path, PathBuf};
use std::process::Command;

use lvzhi::Dataset;

/// What one run of a command cost: seconds of wall time and peak resident memory in MB.
#[derive(Debug, Clone, Copy)]
struct Cost {
    seconds: f64,
    mb: f64,
}

/// Runs `shell` (a `sh -c` line, output discarded) under GNU time, `runs` times: the median
/// time and the largest peak memory.
fn measure(shell: &str, runs: usize) -> Option<Cost> {
    let mut costs = Vec::new();
    for _ in 0..runs {
        let out = Command::new("/usr/bin/time")
            .args(["-f", "%e %M", "sh", "-c", &format!("{shell} > /dev/null")])
            .env(
                "LVZHI_SYSTEM_CONFIG",
                "/nonexistent/lvzhi-scale/config.toml",
            )
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
    let rows: Vec<(String, Option<Cost>)> = [
        (
            "lvzhi search 消防 --json --limit 50".to_string(),
            format!("{bin} --data {data} search 消防 --json --limit 50"),
        ),
        (
            "fzf --filter 消防 (same text as lines)".to_string(),
            format!("fzf --filter 消防 < {}", lines.display()),
        ),
        (
            "lvzhi list".to_string(),
            format!("{bin} --data {data} list"),
        ),
        (
            "lvzhi show (one town's c19)".to_string(),
            format!("{bin} --data {data} show 东东户镇/c19"),
        ),
    ]
    .into_iter()
    .filter(|(label, _)| fzf || !label.starts_with("fzf"))
    .map(|(label, shell)| (label, measure(&shell, runs)))
    .collect();
    println!("| command | wall time (median of {runs}) | peak memory |");
    println!("|---|---|---|");
    for (label, cost) in rows {
        match cost {
            Some(c) => println!("| {label} | {:.2} s | {:.0} MB |", c.seconds, c.mb),
            None => println!("| {label} | failed | |"),
        }
    }
    if !fzf {
        println!("fzf is not installed: no comparison");
    }
}
