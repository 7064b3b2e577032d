//! Opening a file somebody named (data, config, cache, notice, review, model): only a regular
//! file is read; a FIFO, a device, a socket or a folder is refused without blocking on it, and
//! never more is read than the caller's limit, so no path can hang lvzhi or fill its memory.

use std::fs::{File, FileType};
use std::io::{self, Read};
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::Path;

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
mod tests {
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
}
