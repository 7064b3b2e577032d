//! The sentence model as an optional part: `lvzhi admit` with a model (the test suite's tiny
//! one, in the real file format), with a damaged one, and without; the town's item vectors kept
//! in the cache; and, where the real model is installed, its answers on the lists' own words.

mod common;

use std::path::{Path, PathBuf};

use common::{command, stderr, stdout};
use lvzhi::Dataset;
use lvzhi::admit::sense::item_text;
use lvzhi::meaning::format::{Shape, write_tiny};
use lvzhi::meaning::{self, Kind, Model};

const NOTICE: &str = "请各乡镇组织村干部对田间地头开展秸秆禁烧巡查，发现焚烧的立即制止并上报。";

fn tiny_model(dir: &Path) -> PathBuf {
    let pieces: Vec<(&str, f32)> = ["<s>", "<pad>", "</s>", "<unk>", "▁", "秸秆", "禁烧", "巡查"]
        .iter()
        .map(|p| (*p, -3.0))
        .collect();
    let shape = Shape {
        hidden: 32,
        layers: 1,
        heads: 2,
        ffn: 64,
        vocab: pieces.len(),
        positions: 64,
        eps: 1e-12,
    };
    let path = dir.join(meaning::FILE);
    std::fs::write(&path, write_tiny(shape, &pieces, 11)).unwrap();
    path
}

fn admit(model: &Path, cache: &Path, extra: &[&str]) -> std::process::Output {
    command()
        .env("LVZHI_MODEL", model)
        .env("XDG_CACHE_HOME", cache)
        .args(["admit", "--json"])
        .args(extra)
        .arg(NOTICE)
        .output()
        .unwrap()
}

fn caches(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir.join("lvzhi")) else {
        return Vec::new();
    };
    entries
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.starts_with("meaning-"))
        .collect()
}

#[test]
fn with_a_model_each_task_says_what_it_means_and_the_items_are_read_once() {
    let dir = tempfile::tempdir().unwrap();
    let model = tiny_model(dir.path());
    let cache = dir.path().join("cache");
    let first = admit(&model, &cache, &[]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(stderr(&first).contains("语义模型第一次读这份清单的 252 项事项"));
    let value: serde_json::Value = serde_json::from_str(&stdout(&first)).unwrap();
    let task = &value["tasks"][0];
    let meaning = &task["meaning"];
    assert!(
        meaning["closest"].as_str().unwrap().contains('-'),
        "{meaning}"
    );
    assert!(meaning["similarity"].as_f64().unwrap() > 0.0);
    assert_eq!(caches(&cache).len(), 1, "the town's vectors are kept");

    let again = admit(&model, &cache, &[]);
    assert!(!stderr(&again).contains("第一次"), "read from the cache");
    assert_eq!(stdout(&again), stdout(&first));

    let without = admit(&model, &cache, &["--no-meaning"]);
    let value: serde_json::Value = serde_json::from_str(&stdout(&without)).unwrap();
    assert!(value["tasks"][0].get("meaning").is_none());

    let config = command()
        .env("LVZHI_MODEL", &model)
        .arg("config")
        .output()
        .unwrap();
    assert!(stdout(&config).contains("已安装"), "{}", stdout(&config));
}

/// The model reads a notice's tasks in order until `MEANING_BUDGET` are spent, and no more
/// (issue 24): a task table of thousands of rows is judged by its words past them, in seconds
/// rather than minutes.
#[test]
fn the_model_reads_a_notices_first_tasks_and_no_more() {
    use lvzhi::meaning::{Kind, Model};
    let dir = tempfile::tempdir().unwrap();
    let model = tiny_model(dir.path());
    // Six headings of ninety clauses each: 540 tasks (a clause is numbered up to 99).
    let notice: String = "一二三四五六"
        .chars()
        .enumerate()
        .map(|(g, heading)| {
            let clauses: String = (1..=90)
                .map(|n| format!("{n}. 请第{g}组第{n}村做好秸秆禁烧巡查，落实网格员包片责任。\n"))
                .collect();
            format!("{heading}、第{g}组\n{clauses}")
        })
        .collect();
    let out = command()
        .env("LVZHI_MODEL", &model)
        .env("XDG_CACHE_HOME", dir.path().join("cache"))
        .args(["admit", "--json", &notice])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let value: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let tasks = value["tasks"].as_array().unwrap();
    assert_eq!(tasks.len(), 540);
    let read = tasks
        .iter()
        .take_while(|t| t.get("meaning").is_some())
        .count();
    assert!(
        tasks[read..].iter().all(|t| t.get("meaning").is_none()),
        "the model reads the first tasks, then none"
    );
    // As many as the budget pays for, at the model's own cost, and not one more.
    let m = Model::open(&model).unwrap();
    let cost = |t: &serde_json::Value| m.cost(t["text"].as_str().unwrap(), Kind::Query);
    let spent: usize = tasks[..read].iter().map(cost).sum();
    assert!(
        read > 0 && spent <= lvzhi::admit::MEANING_BUDGET,
        "{read} tasks, {spent} spent"
    );
    assert!(read < tasks.len(), "the whole notice was read");
    assert!(spent + cost(&tasks[read]) > lvzhi::admit::MEANING_BUDGET);
}

#[test]
fn a_damaged_model_is_said_and_the_command_goes_on_without_it() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join(meaning::FILE);
    std::fs::write(&model, b"E5S1 but nothing else").unwrap();
    let out = admit(&model, &dir.path().join("cache"), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("语义模型读不了"), "{}", stderr(&out));
    let value: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(value["tasks"][0]["verdict"], "coop");
    assert!(value["tasks"][0].get("meaning").is_none());
}

#[test]
fn without_a_model_nothing_changes_and_version_says_so() {
    let out = command()
        .args(["admit", "--json", NOTICE])
        .output()
        .unwrap();
    let value: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(value["tasks"][0].get("meaning").is_none());
    let version = command().arg("--version").output().unwrap();
    assert!(
        stdout(&version).contains("语义模型"),
        "{}",
        stdout(&version)
    );
}

/// The real model (the lvzhi-model package, or `LVZHI_MODEL`): a notice in the lists' own
/// words is closer to the item it comes from than to the others asked. Skipped where the model
/// is not installed (CI downloads nothing); a handful of texts, so a debug build is quick.
#[test]
fn the_real_model_finds_items_from_their_own_words() {
    let configured = std::env::var_os("LVZHI_MODEL").map(PathBuf::from);
    let Some(path) = meaning::find(configured.as_deref()) else {
        eprintln!("skipped: no sentence model installed");
        return;
    };
    let model = Model::open(&path).expect("the installed model");
    let dataset = Dataset::embedded().unwrap();
    let ids = ["coop-61", "recalled-2", "basic-29", "coop-19"];
    let items: Vec<Vec<f32>> = ids
        .iter()
        .map(|id| {
            let item = dataset.items.iter().find(|i| i.id == *id).unwrap();
            model.embed(&item_text(item), Kind::Passage)
        })
        .collect();
    let tasks = [
        "请各乡镇做好秸秆禁烧巡查，发现焚烧立即制止",
        "对违规领取的高龄津贴进行追缴",
        "组织开展农村低保对象的入户核查和动态管理",
        "做好文明养犬宣传，摸排流浪犬线索",
    ];
    for (want, text) in tasks.iter().enumerate() {
        let task = model.embed(text, Kind::Query);
        let closest = (0..items.len())
            .max_by(|&a, &b| {
                meaning::cosine(&task, &items[a]).total_cmp(&meaning::cosine(&task, &items[b]))
            })
            .unwrap();
        assert_eq!(ids[closest], ids[want], "{text}");
    }
}
