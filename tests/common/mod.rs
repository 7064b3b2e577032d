//! Helpers shared by the integration tests: the real data files and the binary.
#![allow(dead_code)]

pub mod docx;

use std::path::PathBuf;
use std::process::{Command, Output};

pub fn repo_file(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path)
}

pub fn source_text() -> String {
    std::fs::read_to_string(repo_file("data/source/liuhudi.txt")).expect("data/source/liuhudi.txt")
}

/// Runs the real binary with `args`, no terminal attached. The user's data directory points
/// nowhere, so no test reads or writes the real review file.
pub fn lvzhi(args: &[&str]) -> Output {
    command().args(args).output().expect("run lvzhi")
}

/// The real binary, isolated from the machine's settings and the user's files (`isolated`).
pub fn command() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_lvzhi"));
    command.envs(isolated()).env_remove("NO_COLOR");
    command
}

/// The environment a test's lvzhi runs in: no user data, config or cache directory and no
/// server config file, so nothing on the machine running the tests leaks in or is written to.
pub fn isolated() -> [(&'static str, &'static str); 9] {
    [
        ("XDG_DATA_HOME", "/nonexistent/lvzhi-tests"),
        ("XDG_CACHE_HOME", "/nonexistent/lvzhi-tests"),
        ("XDG_CONFIG_HOME", "/nonexistent/lvzhi-tests"),
        (
            "LVZHI_SYSTEM_CONFIG",
            "/nonexistent/lvzhi-tests/config.toml",
        ),
        ("LVZHI_DATA", ""),
        ("LVZHI_REVIEW", ""),
        ("LVZHI_CACHE", ""),
        ("LVZHI_REVIEWER", ""),
        // No sentence model, even where the lvzhi-model package is installed.
        ("LVZHI_MODEL", "/nonexistent/lvzhi-tests/model.bin"),
    ]
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Chinese characters and Chinese punctuation, by Unicode block (independent of the importer).
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{303F}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}'
        | '\u{FF00}'..='\u{FFEF}' | '\u{2018}'..='\u{201F}')
}

/// True if some run of white space stands between two CJK characters.
pub fn has_space_between_cjk(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    (0..chars.len()).any(|i| {
        chars[i].is_whitespace() && i > 0 && is_cjk(chars[i - 1]) && {
            let next = chars[i..].iter().find(|c| !c.is_whitespace());
            next.is_some_and(|&c| is_cjk(c))
        }
    })
}

/// The reviews in `dir/review.db` for the embedded data, as the next session would read them.
pub fn reviews_in(dir: &std::path::Path) -> lvzhi::review::Reviews {
    let data = lvzhi::Dataset::embedded().unwrap();
    lvzhi::review::Store::open(&dir.join("review.db"), &data, "test")
        .unwrap()
        .reviews()
        .unwrap()
}

/// The actions of keys typed one character at a time in `mode`, as a terminal reports them
/// (a capital with Shift), through the app's one keymap; `None` for a key that does nothing.
pub fn typed(mode: lvzhi::tui::app::Mode, c: char) -> Option<lvzhi::tui::action::Action> {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let mods = if c.is_ascii_uppercase() {
        KeyModifiers::SHIFT
    } else {
        KeyModifiers::NONE
    };
    lvzhi::tui::keymap::action_for(mode, KeyEvent::new(KeyCode::Char(c), mods))
}

/// How long a command given a FIFO, a device or a damaged cache may take before it counts as
/// hung: far beyond any real run, so only a hang reaches it.
pub const HANG: std::time::Duration = std::time::Duration::from_secs(120);

/// Runs `command` (stdin empty) to its end, or kills it and fails the test if it is still
/// running after `HANG`: a test of "never blocks" must not block the suite itself.
pub fn bounded(command: &mut Command) -> Output {
    use std::process::Stdio;
    let child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run lvzhi");
    let pid = child.id();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || tx.send(child.wait_with_output()));
    match rx.recv_timeout(HANG) {
        Ok(output) => output.expect("lvzhi's output"),
        Err(_) => {
            let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
            panic!("{command:?} still ran after {HANG:?}: it hangs");
        }
    }
}

/// Makes a FIFO at `path`: what a hostile or confused user may put where a file is expected.
pub fn fifo(path: &std::path::Path) {
    let status = Command::new("mkfifo").arg(path).status().expect("mkfifo");
    assert!(status.success(), "mkfifo {path:?}");
}

/// Every .rs file under src/, for the tests that read the sources (layers, the house).
pub fn rust_sources() -> Vec<PathBuf> {
    fn walk(dir: &std::path::Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("src") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(&repo_file("src"), &mut files);
    files
}

/// Makes a zip's directory (and the member's local header) say that `member` inflates to
/// `size` bytes, whatever it really holds: what a zip bomb's directory may say, or hide.
pub fn declare_size(zip: &mut [u8], member: &str, size: u32) {
    let u16_at = |z: &[u8], at: usize| u16::from_le_bytes([z[at], z[at + 1]]) as usize;
    let u32_at =
        |z: &[u8], at: usize| u32::from_le_bytes(z[at..at + 4].try_into().unwrap()) as usize;
    let end = zip.len() - 22;
    assert_eq!(&zip[end..end + 4], b"PK\x05\x06", "a zip without a comment");
    let mut at = u32_at(zip, end + 16);
    for _ in 0..u16_at(zip, end + 10) {
        let name_len = u16_at(zip, at + 28);
        if &zip[at + 46..at + 46 + name_len] == member.as_bytes() {
            let local = u32_at(zip, at + 42);
            zip[at + 24..at + 28].copy_from_slice(&size.to_le_bytes());
            zip[local + 22..local + 26].copy_from_slice(&size.to_le_bytes());
            return;
        }
        at += 46 + name_len + u16_at(zip, at + 30) + u16_at(zip, at + 32);
    }
    panic!("no {member} in the zip");
}

/// A notice fixture's path (tests/fixtures/notices/), as the binary is given it.
pub fn notice_fixture(name: &str) -> String {
    repo_file(&format!("tests/fixtures/notices/{name}"))
        .to_str()
        .expect("a UTF-8 path")
        .to_string()
}

/// Writes `bytes` as `name` in `dir`; the path as the binary is given it.
pub fn write_file(dir: &std::path::Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write a test file");
    path.to_str().expect("a UTF-8 path").to_string()
}

/// `lvzhi admit --file path` refuses it as a notice should be refused: exit 2, one line on
/// standard error naming the file and saying `says`, nothing on standard output.
pub fn assert_refused(path: &str, says: &str) {
    let out = lvzhi(&["admit", "--no-meaning", "--file", path]);
    let message = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{path}: {message}");
    assert!(
        message.contains(says) && message.contains(path),
        "{path}: {message}"
    );
    assert_eq!(message.trim_end().lines().count(), 1, "{message}");
    assert!(stdout(&out).is_empty(), "{path}");
}

/// The texts of the tasks in `admit --json`'s answer.
pub fn task_texts(value: &serde_json::Value) -> Vec<&str> {
    value["tasks"]
        .as_array()
        .expect("tasks")
        .iter()
        .map(|t| t["text"].as_str().expect("a task's text"))
        .collect()
}

/// What `admit --json` finds in the county notice the readers' fixtures hold
/// (tests/fixtures/notices/sources/notice.txt), whatever format it came in.
pub fn assert_county_notice(value: &serde_json::Value, from: &str) {
    assert_eq!(
        value["title"], "关于开展农村人居环境整治春季行动的通知",
        "{from}"
    );
    assert_eq!(value["doc_ref"], "玛农发〔2026〕12号", "{from}");
    assert_eq!(value["from"], "玛纳斯县农业农村局", "{from}");
    assert_eq!(value["date"], "2026-12-01", "{from}");
    assert_eq!(
        task_texts(value),
        [
            "开展村庄清洁行动。各乡镇于2026年12月15日前组织清理村内垃圾、杂物。",
            "对农村户厕问题进行摸排整改，建立问题台账。",
            "请各乡镇于12月20日前将工作总结报县农业农村局。",
        ],
        "{from}"
    );
}

/// A task as the register keeps it, from 县民政局's 玛民发〔2026〕12号 received 2026-11-28,
/// decided as given (lvzhi's suggestion the same).
pub fn decided_request(
    task: &str,
    verdict: lvzhi::admit::Verdict,
    item: &str,
    outcome: lvzhi::review::register::Outcome,
) -> lvzhi::review::register::Request {
    use lvzhi::review::register::{Channel, Request, Suggestion};
    Request {
        received: "2026-11-28".into(),
        source: "县民政局".into(),
        channel: Channel::Document,
        doc_ref: "玛民发〔2026〕12号".into(),
        notice_title: "关于做好高龄津贴清理工作的通知".into(),
        notice_date: "2026-11-20".into(),
        task: task.into(),
        deadline: String::new(),
        deadline_words: String::new(),
        verdict,
        item: item.into(),
        outcome,
        note: String::new(),
        suggested: Suggestion {
            verdict,
            item: item.into(),
        },
    }
}
