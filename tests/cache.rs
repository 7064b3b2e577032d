//! The cache (issues 16 and 29): a province's towns, items and index in one file, read in place
//! when the data files' bytes are unchanged, built again when a file changes or the cache file
//! is damaged, shared safely by processes building it at once, and never in the way: a folder
//! that cannot be written means no cache and no error. Whatever the cache did, the towns, their
//! items and identities are the files' own, and a search answers exactly as a fresh index does.

mod common;
#[path = "../benches/province.rs"]
mod province;

use std::path::{Path, PathBuf};
use std::process::Stdio;

use lvzhi::cache::{self, CACHE_FROM, Opened, Outcome};
use lvzhi::search::{Engine, Query};
use lvzhi::{Dataset, ListKind};

/// Towns enough to be cached: the real lists under nine names.
fn province(towns: usize) -> Vec<Dataset> {
    let base = Dataset::embedded().unwrap();
    (0..towns).map(|t| province::town(&base, t)).collect()
}

/// The towns written as a folder of data files, as a county keeps them.
struct Data {
    _dir: tempfile::TempDir,
    folder: PathBuf,
    files: Vec<PathBuf>,
    towns: Vec<Dataset>,
}

fn data(towns: Vec<Dataset>) -> Data {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("towns");
    std::fs::create_dir(&folder).unwrap();
    let files = towns
        .iter()
        .enumerate()
        .map(|(t, town)| {
            let path = folder.join(format!("{t:02}.json"));
            std::fs::write(&path, town.to_json()).unwrap();
            path
        })
        .collect();
    Data {
        _dir: dir,
        folder,
        files,
        towns,
    }
}

/// The data opened through the cache in `dirs`, in order.
fn open_in(data: &Data, dirs: &[PathBuf]) -> Opened {
    let load = || lvzhi::cli::data::load_all(&data.files);
    cache::open(&data.files, dirs, load, &mut || {}).unwrap()
}

fn open(data: &Data, dir: &Path) -> (Opened, Outcome) {
    let opened = open_in(data, &[dir.to_path_buf()]);
    let outcome = opened.outcome;
    (opened, outcome)
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

/// What was opened is the data, field for field: the towns' names, every item, each item's
/// list, and the identities `Dataset::identity` computes (what reviews are filed under).
fn assert_is(opened: &Opened, towns: &[Dataset]) {
    let o = &opened.towns;
    assert_eq!(o.len(), towns.len());
    for (t, town) in towns.iter().enumerate() {
        let head = &o.heads()[t];
        let names = (&head.town, &head.county, &head.prefecture, &head.source);
        assert_eq!(
            names,
            (&town.town, &town.county, &town.prefecture, &town.source)
        );
        assert_eq!(*o.dataset(t), *town);
        assert_eq!(opened.identities[t], town.identity());
        for (i, item) in o.range(t).zip(&town.items) {
            assert_eq!(o.list_of(i), item.list);
        }
    }
    assert_eq!(o.item_count(), opened.engine.len());
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
    let data = data(province(9));
    assert!(data.towns.iter().map(|d| d.items.len()).sum::<usize>() >= CACHE_FROM);
    let (built, outcome) = open(&data, dir.path());
    assert_eq!(outcome, Outcome::Built { saved: true });
    assert_eq!(cache_files(dir.path()).len(), 1);
    let (loaded, outcome) = open(&data, dir.path());
    assert_eq!(outcome, Outcome::Loaded);
    let fresh = fresh(&data.towns);
    assert_eq!(answers(&loaded.engine), answers(&fresh));
    assert_eq!(answers(&built.engine), answers(&fresh));
    assert_is(&loaded, &data.towns);
    assert_is(&built, &data.towns);
    // Every query finds something, so "the same answers" is no agreement on nothing.
    let empty: Vec<String> = answers(&fresh)
        .into_iter()
        .filter(|a| a.split(' ').nth(1) == Some("0"))
        .collect();
    assert!(empty.is_empty(), "{empty:?}");
    // Read by every user of a shared folder, whatever the builder's umask.
    use std::os::unix::fs::PermissionsExt;
    let file = cache_files(dir.path()).remove(0);
    let mode = std::fs::metadata(&file).unwrap().permissions().mode();
    assert_eq!(mode & 0o444, 0o444, "{mode:o}");
}

#[test]
fn one_changed_file_builds_a_new_cache() {
    let dir = tempfile::tempdir().unwrap();
    let mut data = data(province(9));
    assert_eq!(open(&data, dir.path()).1, Outcome::Built { saved: true });
    let item = data.towns[5]
        .items
        .iter_mut()
        .find(|i| i.list == ListKind::Coop)
        .unwrap();
    item.title = "草原鼠害统防统治".into();
    std::fs::write(&data.files[5], data.towns[5].to_json()).unwrap();
    let (opened, outcome) = open(&data, dir.path());
    assert_eq!(outcome, Outcome::Built { saved: true });
    assert_eq!(cache_files(dir.path()).len(), 2);
    let hits = opened.engine.search(&Query::parse("鼠害统防").unwrap());
    assert_eq!(
        hits.first()
            .map(|h| opened.towns.item(h.item).title.clone()),
        Some("草原鼠害统防统治".to_string())
    );
    let (again, outcome) = open(&data, dir.path());
    assert_eq!(outcome, Outcome::Loaded);
    assert_is(&again, &data.towns);
    // The key is the files' bytes: the same bytes written again (a new time) are the same.
    std::fs::write(&data.files[5], data.towns[5].to_json()).unwrap();
    assert_eq!(open(&data, dir.path()).1, Outcome::Loaded);
}

#[test]
fn a_damaged_cache_file_is_ignored_and_built_again() {
    let dir = tempfile::tempdir().unwrap();
    let data = data(province(9));
    open(&data, dir.path());
    let file = cache_files(dir.path()).remove(0);
    let whole = std::fs::read(&file).unwrap();
    let fresh = answers(&fresh(&data.towns));
    let flip = |at: usize, bit: u8| {
        let mut bytes = whole.clone();
        bytes[at] ^= bit;
        bytes
    };
    let damages: [(&str, Vec<u8>); 8] = [
        ("truncated", whole[..whole.len() / 2].to_vec()),
        ("one byte changed", flip(whole.len() / 2, 0x40)),
        ("empty", Vec::new()),
        ("another file", b"PK\x03\x04 not a cache file".to_vec()),
        ("one byte more", [whole.as_slice(), b"x"].concat()),
        ("another format", flip(8, 0x01)),
        ("another byte order", flip(12, 0x05)),
        ("a part's offset moved", flip(8 + 4 + 4 + 24 + 16, 0x08)),
    ];
    for (what, bytes) in damages {
        std::fs::write(&file, bytes).unwrap();
        let (opened, outcome) = open(&data, dir.path());
        assert_eq!(outcome, Outcome::Built { saved: true }, "{what}");
        assert_eq!(answers(&opened.engine), fresh, "{what}");
        assert_eq!(
            std::fs::read(&file).unwrap(),
            whole,
            "{what}: the file is whole again"
        );
        assert_eq!(open(&data, dir.path()).1, Outcome::Loaded, "{what}");
    }
}

/// The files of the format before this one (the index and the identities apart) are never
/// read again: a save removes them.
#[test]
fn files_of_the_format_before_are_removed() {
    let dir = tempfile::tempdir().unwrap();
    let old = [
        dir.path().join(format!("index-{:032x}.bin", 7)),
        dir.path().join(format!("towns-{:032x}.json", 7)),
    ];
    for path in &old {
        std::fs::write(path, b"old").unwrap();
    }
    let data = data(province(9));
    assert_eq!(open(&data, dir.path()).1, Outcome::Built { saved: true });
    assert!(
        old.iter().all(|p| !p.exists()),
        "{:?}",
        cache_files(dir.path())
    );
}

#[test]
fn a_folder_that_cannot_be_written_means_no_cache_and_no_error() {
    let dir = tempfile::tempdir().unwrap();
    let data = data(province(9));
    let fresh = answers(&fresh(&data.towns));
    // Under a file: no user can make that folder, root included.
    let blocked = dir.path().join("a-file");
    std::fs::write(&blocked, "").unwrap();
    let (opened, outcome) = open(&data, &blocked.join("lvzhi"));
    assert_eq!(outcome, Outcome::Built { saved: false });
    assert_eq!(answers(&opened.engine), fresh);
    assert_is(&opened, &data.towns);
    // A read-only folder (root may still write there: then it is simply a cache).
    use std::os::unix::fs::PermissionsExt;
    let read_only = dir.path().join("ro");
    std::fs::create_dir(&read_only).unwrap();
    std::fs::set_permissions(&read_only, std::fs::Permissions::from_mode(0o555)).unwrap();
    let (opened, outcome) = open(&data, &read_only);
    assert!(matches!(outcome, Outcome::Built { .. }), "{outcome:?}");
    assert_eq!(answers(&opened.engine), fresh);
    assert!(
        cache_files(&read_only)
            .iter()
            .all(|f| !f.to_string_lossy().ends_with(".tmp"))
    );
    // A server's shared folder that cannot be written: the user's own takes the file, and the
    // shared one is read first once it holds one.
    let own = dir.path().join("own");
    let shared = blocked.join("shared");
    let both = [shared.clone(), own.clone()];
    assert_eq!(
        open_in(&data, &both).outcome,
        Outcome::Built { saved: true }
    );
    assert_eq!(cache_files(&own).len(), 1);
    assert_eq!(open_in(&data, &both).outcome, Outcome::Loaded);
    let server = dir.path().join("server");
    let (_, outcome) = open(&data, &server);
    assert_eq!(outcome, Outcome::Built { saved: true });
    std::fs::remove_dir_all(&own).unwrap();
    let read = open_in(&data, &[server.clone(), own.clone()]);
    assert_eq!(read.outcome, Outcome::Loaded);
    assert!(
        !own.exists(),
        "read from the server's folder, nothing written to the user's"
    );
}

#[test]
fn a_town_is_never_cached() {
    let dir = tempfile::tempdir().unwrap();
    let (opened, outcome) = open(&data(vec![Dataset::embedded().unwrap()]), dir.path());
    assert_eq!(outcome, Outcome::Small);
    assert!(cache_files(dir.path()).is_empty());
    assert_eq!(opened.identities, [Dataset::embedded().unwrap().identity()]);
}

/// Users opening the same county at the same moment: every process answers, and one whole
/// cache file is left, with no temporary file beside it.
#[test]
fn processes_building_at_once_all_succeed_and_leave_one_whole_file() {
    let dir = tempfile::tempdir().unwrap();
    let data = data(province(9));
    let data_dir = data.folder.clone();
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
    assert_eq!(open(&data, &cache_home.join("lvzhi")).1, Outcome::Loaded);
    let again = search(&cache_home).output().unwrap();
    let no_folder = dir.path().join("a-file-is-no-folder");
    std::fs::write(&no_folder, "").unwrap();
    let without = search(&no_folder).output().unwrap();
    assert!(again.status.success());
    assert!(common::stdout(&again).contains("消防"));
    assert_eq!(common::stdout(&again), common::stdout(&without));
    assert_eq!(again.stdout, outputs[0].stdout);
}

/// `f` on its own thread, failing the test (not hanging it) if it has not returned by
/// `common::HANG`.
fn bounded<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || tx.send(f()));
    rx.recv_timeout(common::HANG)
        .unwrap_or_else(|_| panic!("{what}: still running after {:?}, it hangs", common::HANG))
}

/// A FIFO where the cache file belongs (or a symlink to one) blocked every start forever in
/// open(). Now it is refused without opening it for long, built again over it, and the next
/// start reads the cache.
#[test]
fn a_fifo_where_a_cache_file_belongs_is_built_over_not_waited_on() {
    let dir = tempfile::tempdir().unwrap();
    let data = std::sync::Arc::new(data(province(9)));
    let key = cache::key_of(&data.files).unwrap();
    let file = dir.path().join(format!("province-{key:032x}.bin"));
    let elsewhere = dir.path().join("elsewhere");
    common::fifo(&elsewhere);
    std::os::unix::fs::symlink(&elsewhere, &file).unwrap();
    let expected = answers(&fresh(&data.towns));
    let (shared, path) = (std::sync::Arc::clone(&data), dir.path().to_path_buf());
    let outcome = bounded("a symlink to a FIFO", move || open(&shared, &path).1);
    assert_eq!(outcome, Outcome::Built { saved: true });
    assert!(std::fs::symlink_metadata(&file).unwrap().is_file());
    std::fs::remove_file(&file).unwrap();
    common::fifo(&file);
    let (shared, path) = (std::sync::Arc::clone(&data), dir.path().to_path_buf());
    let answered = bounded("a FIFO", move || answers(&open(&shared, &path).0.engine));
    assert_eq!(answered, expected);
    assert!(std::fs::metadata(&file).unwrap().is_file());
    assert_eq!(open(&data, dir.path()).1, Outcome::Loaded);
}

/// A build interrupted at any point leaves no file: the cache is written unnamed until it is
/// whole. A temporary left by an older lvzhi (or by a kill between naming and renaming) is
/// deleted at the next start once its process is gone; a running process's is left alone.
#[test]
fn an_interrupted_builds_temporary_is_deleted_at_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let data = data(province(9));
    let key = cache::key_of(&data.files).unwrap();
    let mut gone = std::process::Command::new("true").spawn().unwrap();
    let dead = gone.id();
    gone.wait().unwrap();
    let stale = dir
        .path()
        .join(format!(".province-{key:032x}.bin.{dead}.0.tmp"));
    let other_stale = dir.path().join(format!(".towns-0.json.{dead}.3.tmp"));
    // Process 1 runs as long as the machine does (and another user's process counts as running).
    let running = dir.path().join(format!(".province-{key:032x}.bin.1.7.tmp"));
    let not_ours = dir.path().join(format!(".notes.{dead}.txt"));
    for path in [&stale, &other_stale, &running, &not_ours] {
        std::fs::write(path, vec![0u8; 4096]).unwrap();
    }
    assert_eq!(open(&data, dir.path()).1, Outcome::Built { saved: true });
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

/// A mapped file truncated under a running process (by someone else: lvzhi only ever renames a
/// new file over) faults with SIGBUS on the next page it touches. The process puts the
/// terminal back, says what happened and exits 1, instead of dying with the screen garbled.
/// Run in a child process of this test binary, which is the process that faults.
#[test]
fn a_file_truncated_under_the_mapping_ends_the_process_cleanly() {
    if std::env::var_os("LVZHI_TEST_SIGBUS_CHILD").is_some() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mapped.bin");
        std::fs::write(&path, vec![7u8; 3 * 4096]).unwrap();
        let region = lvzhi::mapped::Region::open(&path).unwrap();
        std::fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_len(0)
            .unwrap();
        let byte = region.bytes()[2 * 4096 + 1];
        panic!("read {byte} past the end of a truncated file without a fault");
    }
    let child = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "a_file_truncated_under_the_mapping_ends_the_process_cleanly",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("LVZHI_TEST_SIGBUS_CHILD", "1")
        .output()
        .unwrap();
    let stderr = common::stderr(&child);
    assert_eq!(child.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("缓存文件在使用中被截断"), "{stderr}");
    // The screen is put back where the app draws it.
    let out = &child.stdout;
    assert!(out.windows(8).any(|w| w == b"\x1b[?1049l"), "{out:?}");
}
