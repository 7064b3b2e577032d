//! The index cache (issue 16): read when the data is unchanged, built again when a town
//! changes or the file is damaged, shared safely by processes building it at once, and never
//! in the way: a folder that cannot be written means no cache and no error. Whatever the cache
//! did, a search answers exactly as a freshly built index does.

mod common;
#[path = "../benches/province.rs"]
mod province;

use std::path::{Path, PathBuf};
use std::process::Stdio;

use lvzhi::cache::{self, CACHE_FROM, Outcome};
use lvzhi::search::{Engine, Query};
use lvzhi::towns::Towns;
use lvzhi::{Dataset, ListKind};

/// Towns enough to be cached: the real lists under nine names.
fn province(towns: usize) -> Vec<Dataset> {
    let base = Dataset::embedded().unwrap();
    (0..towns).map(|t| province::town(&base, t)).collect()
}

fn open(towns: &[Dataset], dir: &Path) -> (Engine, Outcome) {
    cache::engine(towns, cache::Key::of(towns).whole, Some(dir), &mut || {})
}

/// A fresh index over every town's items, one run.
fn fresh(towns: &[Dataset]) -> Engine {
    Engine::over(towns.iter().flat_map(|d| &d.items))
}

fn cache_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| Some(e.ok()?.path())).collect())
        .unwrap_or_default();
    files.sort();
    files
}

/// Queries of every kind the engine answers: characters, pinyin, scopes, negation, a list.
const QUERIES: &[&str] = &[
    "消防",
    "xf",
    "yjgl",
    "部门:水利",
    "类别:应急",
    "河长 !巡查",
    "清单:配合 gaj",
    "防汛 抗旱",
    "dz",
];

/// Every hit and every highlight of `QUERIES`, as the user would see them.
fn answers(engine: &Engine) -> Vec<String> {
    QUERIES
        .iter()
        .map(|q| {
            let query = Query::parse(q).unwrap();
            let hits = engine.search(&query);
            let shown: Vec<String> = hits
                .iter()
                .take(30)
                .map(|h| {
                    format!(
                        "{}:{}:{:?}",
                        h.item,
                        h.score,
                        engine.highlights(h.item, &query)
                    )
                })
                .collect();
            format!("{q} {} {}", hits.len(), shown.join(" "))
        })
        .collect()
}

#[test]
fn unchanged_data_is_read_back_and_answers_as_a_fresh_index() {
    let dir = tempfile::tempdir().unwrap();
    let data = province(9);
    assert!(data.iter().map(|d| d.items.len()).sum::<usize>() >= CACHE_FROM);
    let (built, outcome) = open(&data, dir.path());
    assert_eq!(outcome, Outcome::Built { saved: true });
    assert_eq!(cache_files(dir.path()).len(), 1);
    let (loaded, outcome) = open(&data, dir.path());
    assert_eq!(outcome, Outcome::Loaded);
    let fresh = fresh(&data);
    assert_eq!(answers(&loaded), answers(&fresh));
    assert_eq!(answers(&built), answers(&fresh));
    // Every query finds something, so "the same answers" is no agreement on nothing.
    let empty: Vec<String> = answers(&fresh)
        .into_iter()
        .filter(|a| a.split(' ').nth(1) == Some("0"))
        .collect();
    assert!(empty.is_empty(), "{empty:?}");
}

#[test]
fn one_changed_town_builds_a_new_index() {
    let dir = tempfile::tempdir().unwrap();
    let mut towns = province(9);
    let (_, first) = open(&towns, dir.path());
    assert_eq!(first, Outcome::Built { saved: true });
    let item = towns[5]
        .items
        .iter_mut()
        .find(|i| i.list == ListKind::Coop)
        .unwrap();
    item.title = "草原鼠害统防统治".into();
    let changed = towns;
    let (engine, outcome) = open(&changed, dir.path());
    assert_eq!(outcome, Outcome::Built { saved: true });
    assert_eq!(cache_files(dir.path()).len(), 2);
    let hits = engine.search(&Query::parse("鼠害统防").unwrap());
    let all = Towns::new(changed.clone());
    assert_eq!(
        hits.first().map(|h| all.item(h.item).title.as_str()),
        Some("草原鼠害统防统治")
    );
    assert_eq!(open(&changed, dir.path()).1, Outcome::Loaded);
}

#[test]
fn a_damaged_cache_file_is_ignored_and_built_again() {
    let dir = tempfile::tempdir().unwrap();
    let data = province(9);
    open(&data, dir.path());
    let file = cache_files(dir.path()).remove(0);
    let whole = std::fs::read(&file).unwrap();
    let fresh = answers(&fresh(&data));
    let mut flipped = whole.clone();
    flipped[whole.len() / 2] ^= 0x40;
    let damages: [(&str, Vec<u8>); 5] = [
        ("truncated", whole[..whole.len() / 2].to_vec()),
        ("one byte changed", flipped),
        ("empty", Vec::new()),
        ("another file", b"PK\x03\x04 not an index".to_vec()),
        ("one byte more", [whole.as_slice(), b"x"].concat()),
    ];
    for (what, bytes) in damages {
        std::fs::write(&file, bytes).unwrap();
        let (engine, outcome) = open(&data, dir.path());
        assert_eq!(outcome, Outcome::Built { saved: true }, "{what}");
        assert_eq!(answers(&engine), fresh, "{what}");
        assert_eq!(
            std::fs::read(&file).unwrap(),
            whole,
            "{what}: the file is whole again"
        );
        assert_eq!(open(&data, dir.path()).1, Outcome::Loaded, "{what}");
    }
}

#[test]
fn a_folder_that_cannot_be_written_means_no_cache_and_no_error() {
    let dir = tempfile::tempdir().unwrap();
    let data = province(9);
    let fresh = answers(&fresh(&data));
    // Under a file: no user can make that folder, root included.
    let blocked = dir.path().join("a-file");
    std::fs::write(&blocked, "").unwrap();
    let (engine, outcome) = open(&data, &blocked.join("lvzhi"));
    assert_eq!(outcome, Outcome::Built { saved: false });
    assert_eq!(answers(&engine), fresh);
    // A read-only folder (root may still write there: then it is simply a cache).
    use std::os::unix::fs::PermissionsExt;
    let read_only = dir.path().join("ro");
    std::fs::create_dir(&read_only).unwrap();
    std::fs::set_permissions(&read_only, std::fs::Permissions::from_mode(0o555)).unwrap();
    let (engine, outcome) = open(&data, &read_only);
    assert!(matches!(outcome, Outcome::Built { .. }), "{outcome:?}");
    assert_eq!(answers(&engine), fresh);
    assert!(
        cache_files(&read_only)
            .iter()
            .all(|f| !f.to_string_lossy().ends_with(".tmp"))
    );
}

#[test]
fn a_town_is_never_cached() {
    let dir = tempfile::tempdir().unwrap();
    let (_, outcome) = open(&[Dataset::embedded().unwrap()], dir.path());
    assert_eq!(outcome, Outcome::Small);
    assert!(cache_files(dir.path()).is_empty());
}

/// Users opening the same county at the same moment: every process answers, and one whole
/// cache file is left, with no temporary file beside it.
#[test]
fn processes_building_at_once_all_succeed_and_leave_one_whole_file() {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().join("towns");
    std::fs::create_dir(&data_dir).unwrap();
    let towns = province(9);
    for (t, town) in towns.iter().enumerate() {
        std::fs::write(data_dir.join(format!("{t:02}.json")), town.to_json()).unwrap();
    }
    let cache_home = dir.path().join("cache");
    // `lvzhi search` over the folder, its cache under `home`.
    let search = |home: &Path| {
        let mut command = common::command();
        command
            .env("XDG_CACHE_HOME", home)
            .arg("--data")
            .arg(&data_dir)
            .args(["search", "消防", "--json", "--limit", "20"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        command
    };
    let children: Vec<_> = (0..4)
        .map(|_| search(&cache_home).spawn().unwrap())
        .collect();
    let outputs: Vec<_> = children
        .into_iter()
        .map(|c| c.wait_with_output().unwrap())
        .collect();
    assert!(outputs.iter().all(|o| o.status.success()), "{outputs:?}");
    assert!(outputs.iter().all(|o| o.stdout == outputs[0].stdout));
    // No progress line into a pipe.
    assert!(outputs.iter().all(|o| o.stderr.is_empty()), "{outputs:?}");
    let files = cache_files(&cache_home.join("lvzhi"));
    assert_eq!(files.len(), 1, "{files:?}");
    assert_eq!(open(&towns, &cache_home.join("lvzhi")).1, Outcome::Loaded);
    let again = search(&cache_home).output().unwrap();
    let no_folder = dir.path().join("a-file-is-no-folder");
    std::fs::write(&no_folder, "").unwrap();
    let without = search(&no_folder).output().unwrap();
    assert!(again.status.success());
    assert!(common::stdout(&again).contains("消防"));
    assert_eq!(common::stdout(&again), common::stdout(&without));
    assert_eq!(again.stdout, outputs[0].stdout);
}

/// The towns' review identities are kept beside the index and are the ones `Dataset::identity`
/// computes: reviews are filed under them, and a wrong one would hide every mark, or file it
/// under another town. The file is altered every way the index is (and by swapping two towns'
/// entries, and by one identity made up or another town's, each still valid JSON): each time
/// the identities are computed again, and the file is made whole.
#[test]
fn kept_identities_are_the_towns_own_and_an_altered_file_is_recomputed() {
    let dir = tempfile::tempdir().unwrap();
    let towns = province(9);
    let key = cache::Key::of(&towns);
    let expected: Vec<String> = towns.iter().map(Dataset::identity).collect();
    assert_eq!(cache::identities(&towns, &key, Some(dir.path())), expected);
    let file = cache_files(dir.path()).remove(0);
    assert!(file.to_string_lossy().contains("towns-"), "{file:?}");
    let whole = std::fs::read(&file).unwrap();
    let text = String::from_utf8(whole.clone()).unwrap();
    let json: serde_json::Value = serde_json::from_slice(&whole).unwrap();
    let edited = |f: &dyn Fn(&mut serde_json::Value)| {
        let mut v = json.clone();
        f(&mut v);
        serde_json::to_vec(&v).unwrap()
    };
    let mut flipped = whole.clone();
    flipped[whole.len() / 2] ^= 0x01;
    let damages: Vec<(&str, Vec<u8>)> = vec![
        ("truncated", whole[..whole.len() / 2].to_vec()),
        ("one byte changed", flipped),
        ("empty", Vec::new()),
        ("another file", b"PK\x03\x04 not a towns file".to_vec()),
        ("one byte more", [whole.as_slice(), b"x"].concat()),
        (
            "the old format, a bare list",
            serde_json::to_vec(&expected).unwrap(),
        ),
        (
            "two towns' entries swapped",
            edited(&|v| v["towns"].as_array_mut().unwrap().swap(0, 1)),
        ),
        (
            "two identities swapped",
            edited(&|v| {
                let (a, b) = (v["towns"][0][1].clone(), v["towns"][1][1].clone());
                v["towns"][0][1] = b;
                v["towns"][1][1] = a;
            }),
        ),
        (
            "an identity made up",
            edited(&|v| v["towns"][3][1] = format!("{}@0000000000000000", towns[3].town).into()),
        ),
        (
            "another town's identity written in",
            text.replace(&expected[3], &expected[4]).into_bytes(),
        ),
        (
            "one town fewer",
            edited(&|v| drop(v["towns"].as_array_mut().unwrap().pop())),
        ),
    ];
    for (what, bytes) in damages {
        std::fs::write(&file, bytes).unwrap();
        assert_eq!(
            cache::identities(&towns, &key, Some(dir.path())),
            expected,
            "{what}"
        );
        assert_eq!(
            std::fs::read(&file).unwrap(),
            whole,
            "{what}: the file is whole again"
        );
    }
    // Another town's content is another key.
    let mut renamed = towns.clone();
    renamed[0].items[0].no += 1000;
    assert_ne!(cache::Key::of(&renamed).whole, key.whole);
}

/// `f` on its own thread, failing the test (not hanging it) if it has not returned by
/// `common::HANG`.
fn bounded<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || tx.send(f()));
    rx.recv_timeout(common::HANG)
        .unwrap_or_else(|_| panic!("{what}: still running after {:?}, it hangs", common::HANG))
}

/// A FIFO where the index or the towns file belongs (or a symlink to one) blocked every start
/// forever in open(). Now it is refused without opening it for long, built again over it, and
/// the next start reads the cache.
#[test]
fn a_fifo_where_a_cache_file_belongs_is_built_over_not_waited_on() {
    let dir = tempfile::tempdir().unwrap();
    let towns = province(9);
    let key = cache::Key::of(&towns).whole;
    let index = dir.path().join(format!("index-{key:032x}.bin"));
    let towns_file = dir.path().join(format!("towns-{key:032x}.json"));
    common::fifo(&index);
    let elsewhere = dir.path().join("elsewhere");
    common::fifo(&elsewhere);
    std::os::unix::fs::symlink(&elsewhere, &towns_file).unwrap();
    let expected = answers(&fresh(&towns));
    let (data, path) = (towns.clone(), dir.path().to_path_buf());
    let (engine, outcome) = bounded("the index", move || open(&data, &path));
    assert_eq!(outcome, Outcome::Built { saved: true });
    assert_eq!(answers(&engine), expected);
    assert!(std::fs::metadata(&index).unwrap().is_file());
    let (data, path) = (towns.clone(), dir.path().to_path_buf());
    let identities = bounded("the towns file", move || {
        cache::identities(&data, &cache::Key::of(&data), Some(&path))
    });
    assert_eq!(
        identities,
        towns.iter().map(Dataset::identity).collect::<Vec<_>>()
    );
    assert!(std::fs::symlink_metadata(&towns_file).unwrap().is_file());
    assert_eq!(open(&towns, dir.path()).1, Outcome::Loaded);
}

/// A build interrupted at any point leaves no file: the index is written unnamed until it is
/// whole. A temporary left by an older lvzhi (or by a kill between naming and renaming) is
/// deleted at the next start once its process is gone; a running process's is left alone.
#[test]
fn an_interrupted_builds_temporary_is_deleted_at_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let towns = province(9);
    let key = cache::Key::of(&towns).whole;
    let mut gone = std::process::Command::new("true").spawn().unwrap();
    let dead = gone.id();
    gone.wait().unwrap();
    let stale = dir
        .path()
        .join(format!(".index-{key:032x}.bin.{dead}.0.tmp"));
    let other_stale = dir.path().join(format!(".towns-0.json.{dead}.3.tmp"));
    // Process 1 runs as long as the machine does (and another user's process counts as running).
    let running = dir.path().join(format!(".index-{key:032x}.bin.1.7.tmp"));
    let not_ours = dir.path().join(format!(".notes.{dead}.txt"));
    for path in [&stale, &other_stale, &running, &not_ours] {
        std::fs::write(path, vec![0u8; 4096]).unwrap();
    }
    assert_eq!(open(&towns, dir.path()).1, Outcome::Built { saved: true });
    assert!(
        !stale.exists() && !other_stale.exists(),
        "{:?}",
        cache_files(dir.path())
    );
    assert!(
        running.exists() && not_ours.exists(),
        "{:?}",
        cache_files(dir.path())
    );
}
