//! Nothing hangs and nothing fills memory (issue 24): every path lvzhi reads (data, config,
//! notice, review) may be a FIFO, a device or a symlink to one. Each is refused at once in one
//! line with exit 2, naming the path and what it is; none is opened in a way that blocks.

mod common;

use std::path::{Path, PathBuf};

use common::{bounded, command, fifo, stderr};

/// A folder holding a FIFO, a symlink to it, and a symlink to /dev/zero, /dev/urandom.
struct Traps {
    _dir: tempfile::TempDir,
    fifo: PathBuf,
    fifo_link: PathBuf,
    zero_link: PathBuf,
    random_link: PathBuf,
}

fn traps() -> Traps {
    let dir = tempfile::tempdir().unwrap();
    let fifo_path = dir.path().join("管道.json");
    fifo(&fifo_path);
    let link = |name: &str, to: &Path| {
        let path = dir.path().join(name);
        std::os::unix::fs::symlink(to, &path).unwrap();
        path
    };
    Traps {
        fifo_link: link("链接.json", &fifo_path),
        zero_link: link("zero.json", Path::new("/dev/zero")),
        random_link: link("random.toml", Path::new("/dev/urandom")),
        fifo: fifo_path,
        _dir: dir,
    }
}

/// One line on stderr, exit 2, naming `path` and `what` it is.
fn refused(output: &std::process::Output, path: &Path, what: &str) {
    let err = stderr(output);
    assert_eq!(output.status.code(), Some(2), "{path:?}: {err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{path:?}: {err}");
    assert!(err.contains(&path.display().to_string()), "{err}");
    assert!(err.contains(what), "{path:?}: {err}");
    assert!(
        output.stdout.len() < 4096,
        "{path:?}: printed {} bytes",
        output.stdout.len()
    );
}

#[test]
fn data_naming_a_fifo_or_a_device_is_refused_at_once() {
    let t = traps();
    for (path, what) in [
        (&t.fifo, "命名管道"),
        (&t.fifo_link, "命名管道"),
        (&t.zero_link, "设备文件"),
        (&PathBuf::from("/dev/zero"), "设备文件"),
    ] {
        let output = bounded(command().args(["list", "--data"]).arg(path));
        refused(&output, path, what);
    }
    // The same through the setting rather than the flag.
    let output = bounded(command().arg("list").env("LVZHI_DATA", &t.fifo));
    refused(&output, &t.fifo, "命名管道");
}

#[test]
fn a_config_file_that_is_a_fifo_or_a_device_is_refused_for_every_command() {
    let t = traps();
    for (path, what) in [
        (&t.fifo, "命名管道"),
        (&t.fifo_link, "命名管道"),
        (&t.zero_link, "设备文件"),
        (&t.random_link, "设备文件"),
    ] {
        for args in [&["list"][..], &["config"], &["search", "消防"]] {
            let output = bounded(command().args(args).env("LVZHI_SYSTEM_CONFIG", path));
            refused(&output, path, what);
        }
    }
    // The user's own file, a symlink to /dev/zero.
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("lvzhi")).unwrap();
    let user = home.path().join("lvzhi/config.toml");
    std::os::unix::fs::symlink("/dev/zero", &user).unwrap();
    let output = bounded(command().arg("list").env("XDG_CONFIG_HOME", home.path()));
    refused(&output, &user, "设备文件");
}

#[test]
fn a_notice_or_a_review_file_that_is_a_fifo_is_refused_at_once() {
    let t = traps();
    for path in [&t.fifo, &t.fifo_link] {
        let output = bounded(
            command()
                .args(["admit", "--no-meaning", "--file"])
                .arg(path),
        );
        refused(&output, path, "命名管道");
        let output = bounded(command().args(["export", "--review"]).arg(path));
        refused(&output, path, "命名管道");
    }
}

#[test]
fn a_data_file_larger_than_any_list_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("大.json");
    // Sparse: 300 MB on paper, nothing on disk.
    std::fs::File::create(&big)
        .unwrap()
        .set_len(300 * 1024 * 1024)
        .unwrap();
    let output = bounded(command().args(["list", "--data"]).arg(&big));
    refused(&output, &big, "超过上限 256 MB");
}

/// A workbook whose sheet says it inflates to 4 GB (a zip bomb, or a lie) is refused from
/// its headers, before calamine inflates anything; one whose headers understate it, by its
/// real size, inflated into nothing with a cap.
#[test]
fn a_workbook_that_inflates_past_the_limit_is_refused_before_it_is_read() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    out.start_file(
        "xl/worksheets/sheet1.xml",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    out.write_all("<row><c><v>1</v></c></row>".repeat(1000).as_bytes())
        .unwrap();
    let mut bytes = out.finish().unwrap().into_inner();
    // Every header's uncompressed size (local at 22, central at 24) set to 4 GB.
    for at in 0..bytes.len() - 46 {
        let field = match &bytes[at..at + 4] {
            b"PK\x03\x04" => at + 22,
            b"PK\x01\x02" => at + 24,
            _ => continue,
        };
        bytes[field..field + 4].copy_from_slice(&(u32::MAX - 1).to_le_bytes());
    }
    let book = dir.path().join("清单.xlsx");
    std::fs::write(&book, &bytes).unwrap();
    let output = bounded(command().args(["list", "--data"]).arg(&book));
    refused(
        &output,
        &book,
        "xl/worksheets/sheet1.xml 解压后有 4.0 GB，超过上限 64 MB",
    );
}
