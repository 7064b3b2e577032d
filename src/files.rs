//! Opening a file somebody named (data, config, cache, notice, review, model): only a regular
//! file is read; a FIFO, a device, a socket or a folder is refused without blocking on it, and
//! never more is read than the caller's limit, so no path can hang lvzhi or fill its memory.

use std::fs::{File, FileType};
use std::io::{self, Read};
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

/// Opens `path` for reading if it is a regular file (a symlink to one is followed). Open is
/// non-blocking, so a FIFO with no writer is refused at once instead of waiting forever.
pub fn open_regular(path: &Path) -> io::Result<File> {
    let file = std::fs::OpenOptions::new()
        .read(true)
        // Regular files ignore O_NONBLOCK, so reads from the file are unchanged.
        .custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32)
        .open(path)?;
    let kind = file.metadata()?.file_type();
    if kind.is_file() {
        Ok(file)
    } else {
        Err(not_regular(kind))
    }
}

/// The whole of a regular file, refused when it is larger than `limit` bytes: checked before
/// reading, and again while reading, for a file that grows meanwhile.
pub fn read_capped(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    let file = open_regular(path)?;
    let len = file.metadata()?.len();
    if len > limit {
        return Err(too_large(len, limit));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64, limit));
    }
    Ok(bytes)
}

/// The folder a file is in: "." for a bare name.
pub fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Puts a file at `path` as `fill` writes it, whole or not at all: nobody ever reads half of
/// one, and an interrupted writer leaves nothing behind. It is written unnamed (`O_TMPFILE`),
/// which the kernel deletes with the process however it ends (SIGKILL included), synced to the
/// disk, then given a temporary name and renamed over `path` at once. Where the file system
/// cannot make unnamed files, a named temporary is written instead; either way, temporaries of
/// processes that no longer run are deleted first (`sweep`).
pub fn replace(path: &Path, fill: impl FnOnce(&mut File) -> io::Result<()>) -> io::Result<()> {
    let mut staged = stage(path, true)?;
    fill(staged.file())?;
    staged.commit(path)
}

/// A file being written for `path`, as `replace` writes one, kept open between steps: nobody
/// sees it until `commit` names it; dropped uncommitted, it leaves nothing behind.
pub struct Staged {
    file: File,
    tmp: PathBuf,
    /// Whether `file` is the named temporary (no unnamed files here), not an unnamed file.
    named: bool,
    synced: bool,
    committed: bool,
}

/// The file `replace` would write for `path`, to fill in steps (the province cache, whose
/// parts are written while the rest is still being made). `synced` false is for a file checked
/// whole every time it is read (the province cache, hashed at each open), which a crash may
/// leave torn and its next reader then builds again: syncing 263 MB was most of a cold
/// start's writing (issue 29).
pub fn stage(path: &Path, synced: bool) -> io::Result<Staged> {
    let dir = folder_of(path);
    sweep(dir);
    let tmp = dir.join(temporary_name(path));
    let (file, named) = match unnamed(dir) {
        Ok(file) => (file, false),
        Err(_) => (File::create(&tmp)?, true),
    };
    Ok(Staged {
        file,
        tmp,
        named,
        synced,
        committed: false,
    })
}

impl Staged {
    pub fn file(&mut self) -> &mut File {
        &mut self.file
    }

    /// Puts the file at `path` (the one it was staged for) at once, whole.
    pub fn commit(mut self, path: &Path) -> io::Result<()> {
        if self.synced {
            self.file.sync_all()?;
        }
        if !self.named {
            name_it(&mut self.file, &self.tmp)?;
        }
        std::fs::rename(&self.tmp, path)?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// `.name.<pid>.<n>.tmp`: unique to this process and this write (threads may write at once),
/// hidden, and naming its process so `sweep` can tell when it is litter.
fn temporary_name(path: &Path) -> String {
    static WRITES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = WRITES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    format!(".{name}.{}.{n}.tmp", std::process::id())
}

/// A file in `dir` with no name, readable and writable, with the mode a new file would get.
fn unnamed(dir: &Path) -> io::Result<File> {
    use rustix::fs::{Mode, OFlags};
    let fd = rustix::fs::openat(
        rustix::fs::CWD,
        dir,
        OFlags::TMPFILE | OFlags::RDWR | OFlags::CLOEXEC,
        Mode::from_raw_mode(0o666),
    )?;
    Ok(File::from(fd))
}

/// Gives an unnamed file the name `to`; through /proc, the one way without privileges.
fn link_unnamed(file: &File, to: &Path) -> io::Result<()> {
    use std::os::fd::AsRawFd;
    let proc_path = format!("/proc/self/fd/{}", file.as_raw_fd());
    rustix::fs::linkat(
        rustix::fs::CWD,
        proc_path.as_str(),
        rustix::fs::CWD,
        to,
        rustix::fs::AtFlags::SYMLINK_FOLLOW,
    )?;
    Ok(())
}

/// Gives an unnamed file the name `tmp`; without /proc, its bytes are copied to a new file of
/// that name.
fn name_it(file: &mut File, tmp: &Path) -> io::Result<()> {
    if link_unnamed(file, tmp).is_ok() {
        return Ok(());
    }
    use std::io::{Seek, Write};
    file.seek(io::SeekFrom::Start(0))?;
    let mut named = File::create(tmp)?;
    io::copy(file, &mut named)?;
    named.flush()?;
    named.sync_all()
}

/// Deletes the temporaries in `dir` (`.name.<pid>.<n>.tmp`) whose process no longer runs: a
/// named one left by a writer killed mid-write, on a file system without unnamed files, or
/// between naming and renaming.
pub fn sweep(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(writer_of) else {
            continue;
        };
        let gone = rustix::process::Pid::from_raw(pid).is_some_and(|pid| {
            rustix::process::test_kill_process(pid) == Err(rustix::io::Errno::SRCH)
        });
        if gone {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The process that wrote a temporary named `.name.<pid>.<n>.tmp`.
fn writer_of(name: &str) -> Option<i32> {
    let rest = name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let mut parts = rest.rsplit('.');
    parts.next()?.parse::<u64>().ok()?;
    let pid = parts.next()?.parse::<i32>().ok()?;
    parts.next().filter(|n| !n.is_empty())?;
    Some(pid)
}

/// Checks a zip archive (.xlsx, .ods, .docx) before a reader inflates it whole: every member's
/// declared size, then its real one, inflated into nothing with a cap, must be at most
/// `member_limit`, and all together at most `total_limit`. A few hundred kilobytes can inflate
/// to gigabytes (a zip bomb), and a member's header may lie about its size; this costs one more
/// pass over a real workbook's few megabytes and bounds time and memory for any archive.
pub fn zip_within(bytes: &[u8], member_limit: u64, total_limit: u64) -> Result<(), String> {
    let mut archive =
        zip::ZipArchive::new(io::Cursor::new(bytes)).map_err(|e| format!("压缩包损坏（{e}）"))?;
    let over = |name: &str, size: u64, limit: u64| {
        format!(
            "压缩包里的 {name} 解压后有 {}，超过上限 {}",
            self::size(size),
            self::size(limit)
        )
    };
    let mut declared = 0u64;
    for i in 0..archive.len() {
        let member = archive
            .by_index_raw(i)
            .map_err(|e| format!("压缩包损坏（{e}）"))?;
        if member.size() > member_limit {
            return Err(over(member.name(), member.size(), member_limit));
        }
        declared = declared.saturating_add(member.size());
    }
    if declared > total_limit {
        return Err(format!(
            "压缩包解压后共有 {}，超过上限 {}",
            size(declared),
            size(total_limit)
        ));
    }
    let mut total = 0u64;
    for i in 0..archive.len() {
        let member = archive
            .by_index(i)
            .map_err(|e| format!("压缩包损坏（{e}）"))?;
        let name = member.name().to_string();
        let inflated = io::copy(&mut member.take(member_limit + 1), &mut io::sink())
            .map_err(|e| format!("压缩包里的 {name} 解压出错（{e}）"))?;
        if inflated > member_limit {
            return Err(over(&name, inflated, member_limit));
        }
        total += inflated;
        if total > total_limit {
            return Err(format!("压缩包解压后超过上限 {}", size(total_limit)));
        }
    }
    Ok(())
}

/// Why a path that is there is not read, in the users' words.
fn not_regular(kind: FileType) -> io::Error {
    if kind.is_dir() {
        return io::Error::from(io::ErrorKind::IsADirectory);
    }
    let what = if kind.is_fifo() {
        "是命名管道（FIFO），不是普通文件"
    } else if kind.is_char_device() || kind.is_block_device() {
        "是设备文件，不是普通文件"
    } else if kind.is_socket() {
        "是套接字，不是普通文件"
    } else {
        "不是普通文件"
    };
    io::Error::new(io::ErrorKind::InvalidInput, what)
}

fn too_large(len: u64, limit: u64) -> io::Error {
    io::Error::new(
        io::ErrorKind::FileTooLarge,
        format!("文件有 {}，超过上限 {}", size(len), size(limit)),
    )
}

/// A size as people say it: "1 GB", "20 MB", "512 KB", "8 字节".
pub fn size(bytes: u64) -> String {
    const MB: u64 = 1024 * 1024;
    const GB: u64 = 1024 * MB;
    match bytes {
        b if b >= GB && b % GB == 0 => format!("{} GB", b / GB),
        b if b >= GB => format!("{:.1} GB", b as f64 / GB as f64),
        b if b >= MB && b % MB == 0 => format!("{} MB", b / MB),
        b if b >= MB => format!("{:.1} MB", b as f64 / MB as f64),
        b if b >= 1024 => format!("{} KB", b / 1024),
        b => format!("{b} 字节"),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn a_fifo_a_device_and_a_folder_are_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        rustix::fs::mknodat(
            rustix::fs::CWD,
            &fifo,
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::from_raw_mode(0o600),
            0,
        )
        .unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&fifo, &link).unwrap();
        for (path, words) in [
            (fifo.as_path(), "命名管道"),
            (link.as_path(), "命名管道"),
            (Path::new("/dev/zero"), "设备文件"),
        ] {
            let e = read_capped(path, 1024).unwrap_err();
            assert!(e.to_string().contains(words), "{path:?}: {e}");
        }
        let e = read_capped(dir.path(), 1024).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::IsADirectory);
    }

    #[test]
    fn a_file_over_the_limit_is_refused_and_one_at_it_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, [b'x'; 2048]).unwrap();
        assert_eq!(read_capped(&path, 2048).unwrap().len(), 2048);
        let e = read_capped(&path, 2047).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::FileTooLarge);
        assert_eq!(e.to_string(), "文件有 2 KB，超过上限 1 KB");
        assert_eq!(size(20 * 1024 * 1024), "20 MB");
        assert_eq!(size(1 << 30), "1 GB");
    }

    /// While a file is being written, nothing in its folder has a name it could be left under:
    /// a writer killed at that moment (SIGKILL included) leaves nothing to clean up.
    #[test]
    fn a_file_being_written_has_no_name_until_it_is_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("index.bin");
        let names = |dir: &Path| -> Vec<String> {
            let mut names: Vec<String> = std::fs::read_dir(dir)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            names.sort();
            names
        };
        replace(&path, |file| {
            std::io::Write::write_all(file, b"half")?;
            assert_eq!(names(dir.path()), Vec::<String>::new());
            std::io::Write::write_all(file, b" and the rest")
        })
        .unwrap();
        assert_eq!(names(dir.path()), ["index.bin"]);
        assert_eq!(std::fs::read(&path).unwrap(), b"half and the rest");
        // A failed write leaves the old file as it was, and nothing beside it.
        let failed = replace(&path, |_| Err(io::Error::other("disk gone")));
        assert!(failed.is_err());
        assert_eq!(names(dir.path()), ["index.bin"]);
        assert_eq!(std::fs::read(&path).unwrap(), b"half and the rest");
        // Staged and left (the province file's writer failing between its steps): the same.
        let mut staged = stage(&path, false).unwrap();
        std::io::Write::write_all(staged.file(), b"new").unwrap();
        drop(staged);
        assert_eq!(names(dir.path()), ["index.bin"]);
        assert_eq!(std::fs::read(&path).unwrap(), b"half and the rest");
        let mut staged = stage(&path, false).unwrap();
        std::io::Write::write_all(staged.file(), b"new").unwrap();
        staged.commit(&path).unwrap();
        assert_eq!(names(dir.path()), ["index.bin"]);
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
    }

    #[test]
    fn only_temporaries_name_their_writer() {
        assert_eq!(writer_of(".index-ab.bin.4242.0.tmp"), Some(4242));
        assert_eq!(writer_of(".places.json.17.3.tmp"), Some(17));
        for name in [
            "index-ab.bin",
            ".notes.4242.txt",
            ".4242.0.tmp",
            ".x.y.0.tmp",
            "..1.2.tmp",
        ] {
            assert_eq!(writer_of(name), None, "{name}");
        }
    }

    /// A zip of one member `name` holding `bytes`, deflated.
    fn zipped(name: &str, bytes: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut out = zip::ZipWriter::new(io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        out.start_file(name, options).unwrap();
        out.write_all(bytes).unwrap();
        out.finish().unwrap().into_inner()
    }

    /// Sets the uncompressed size every header of the zip declares (local and central): a zip
    /// that lies about what it inflates to.
    pub(crate) fn declare(zip: &mut [u8], declared: u32) {
        for at in 0..zip.len().saturating_sub(46) {
            let field = match &zip[at..at + 4] {
                b"PK\x03\x04" => at + 22,
                b"PK\x01\x02" => at + 24,
                _ => continue,
            };
            zip[field..field + 4].copy_from_slice(&declared.to_le_bytes());
        }
    }

    #[test]
    fn a_zip_inflating_past_the_limit_is_refused_whatever_its_headers_say() {
        let sheet = "<row><c><v>1</v></c></row>".repeat(80_000); // 2 MB, a few KB deflated
        let honest = zipped("xl/worksheets/sheet1.xml", sheet.as_bytes());
        assert!(honest.len() < 64 * 1024, "{}", honest.len());
        assert_eq!(zip_within(&honest, 4 << 20, 8 << 20), Ok(()));
        let e = zip_within(&honest, 1 << 20, 8 << 20).unwrap_err();
        assert_eq!(
            e,
            "压缩包里的 xl/worksheets/sheet1.xml 解压后有 2.0 MB，超过上限 1 MB"
        );
        assert!(
            zip_within(&honest, 4 << 20, 1 << 20)
                .unwrap_err()
                .contains("共有 2.0 MB")
        );
        // Headers that say 1 KB: the real size is what counts.
        let mut lying = honest.clone();
        declare(&mut lying, 1024);
        let e = zip_within(&lying, 1 << 20, 8 << 20).unwrap_err();
        assert!(
            e.contains("xl/worksheets/sheet1.xml") && e.contains("超过上限 1 MB"),
            "{e}"
        );
        // Headers that say 4 GB: refused on the word, before anything is inflated.
        let mut bomb = honest;
        declare(&mut bomb, u32::MAX - 1);
        let e = zip_within(&bomb, 64 << 20, 256 << 20).unwrap_err();
        assert!(e.contains("4.0 GB") && e.contains("超过上限 64 MB"), "{e}");
    }
}
