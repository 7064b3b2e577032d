//! The review file itself: refusing what is not a store before SQLite touches it, creating the
//! tables in a file with nothing in it (one transaction, so sessions may open a new file at
//! once), WAL, and every SQLite failure in the users' words.

use std::path::Path;

use rusqlite::{Connection, TransactionBehavior};

use crate::error::{Error, Result, WriteFailure};

use super::{APPLICATION_ID, BUSY_TIMEOUT, SCHEMA, SCHEMA_VERSION};

/// A connection to a file known to be a store (or made one); `immutable` reads a file that
/// cannot be written.
pub(super) fn connect(path: &Path, immutable: bool) -> Result<Connection> {
    use rusqlite::OpenFlags;
    let conn = if immutable {
        let uri = format!("file:{}?immutable=1", uri_path(path));
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI;
        Connection::open_with_flags(uri, flags)
    } else {
        Connection::open(path)
    }
    .map_err(|e| store_error(path, &e))?;
    conn.busy_timeout(BUSY_TIMEOUT)
        .map_err(|e| store_error(path, &e))?;
    prepare_schema(&conn, path)?;
    if !immutable {
        share_with_group(path);
        use_wal(&conn, path)?;
    }
    Ok(conn)
}

/// A review file in a folder its group may write to (a shared /srv/lvzhi, mode 2775) is the
/// group's to write too, whatever the umask of the user who happened to create it: else the
/// next colleague could only read it. SQLite gives its -wal and -shm files the same mode.
fn for_the_group(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(crate::files::folder_of(path))
        .is_ok_and(|dir| dir.permissions().mode() & 0o020 != 0)
}

/// In a group's folder, every file of the review has the group's mode from its creation:
/// colleagues opening a new file at the same instant, or after its creator was killed, never
/// find it (or a journal beside it) private. SQLite makes its journal, -wal and -shm files with
/// the umask and sets their mode only after, so a session killed in between left one private
/// (seen: a 0600 -journal); this process's umask keeps group read and write instead, its other
/// bits as the user set them. SQLite would make a new database 0644 whatever the umask, so an
/// empty one (which it fills as a new store) is made here first; one already there is left.
/// A failure here is SQLite's to report when it opens the path.
pub(super) fn create_if_missing(path: &Path) {
    if !for_the_group(path) {
        return;
    }
    static GROUP_UMASK: std::sync::Once = std::sync::Once::new();
    GROUP_UMASK.call_once(|| {
        use rustix::fs::Mode;
        // Read by setting: once, at start, before any other thread of this process makes a file.
        let old = rustix::process::umask(Mode::from_raw_mode(0o077));
        rustix::process::umask(old & !Mode::from_raw_mode(0o060));
    });
    let _ = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path);
}

/// A file made by an earlier lvzhi, or by hand, in a group's folder: made the group's to write
/// as well, by its owner (for anyone else this fails and changes nothing).
fn share_with_group(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let Ok(file) = std::fs::metadata(path) else {
        return;
    };
    let mode = file.permissions().mode();
    if mode & 0o060 != 0o060 && for_the_group(path) {
        let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode | 0o060));
    }
}

/// A path as a URI's path: `%`, `?` and `#` would otherwise end or alter it.
pub(super) fn uri_path(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    absolute
        .to_string_lossy()
        .replace('%', "%25")
        .replace('?', "%3f")
        .replace('#', "%23")
}

/// Refuses what is not a regular file (a device such as /dev/null, a folder, a pipe: SQLite
/// would put its journal beside it) and a file that is not SQLite, before SQLite can touch it.
pub(super) fn check_file(path: &Path) -> Result<()> {
    use std::io::Read;
    let refuse = |message: &str| Error::ReviewFile {
        path: path.display().to_string(),
        message: message.to_string(),
    };
    // Opened without blocking: a FIFO put at the review path is refused, not waited on.
    let mut file = match crate::files::open_regular(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::IsADirectory => {
            return Err(refuse("是文件夹，不是文件"));
        }
        Err(e) if e.kind() == std::io::ErrorKind::InvalidInput => {
            return Err(refuse(&e.to_string()));
        }
        Err(cause) => {
            return Err(Error::Read {
                path: path.display().to_string(),
                cause,
            });
        }
    };
    let mut header = [0u8; 16];
    let read = file.read(&mut header).map_err(|cause| Error::Read {
        path: path.display().to_string(),
        cause,
    })?;
    if read > 0 && header[..read] != b"SQLite format 3\0"[..read] {
        return Err(refuse("不是 SQLite 数据库（是别的文件，或已损坏）"));
    }
    Ok(())
}

/// What a file holds, seen in one transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Contents {
    /// Not a byte on disk: a new file, or an empty one.
    Nothing,
    /// A review store, of this format version.
    Ours(i32),
    /// Any other database, even one without tables.
    Foreign,
}

/// Looks inside a transaction. The file's length, not `page_count`, tells a new file: a write
/// transaction gives even an empty file a page, and another program's database may have a page
/// and no table.
pub(super) fn contents(conn: &Connection, path: &Path) -> rusqlite::Result<Contents> {
    let pragma = |name: &str| -> rusqlite::Result<i64> {
        conn.query_row(&format!("PRAGMA {name}"), [], |row| row.get(0))
    };
    Ok(match pragma("application_id")? as i32 {
        APPLICATION_ID => Contents::Ours(pragma("user_version")? as i32),
        _ if std::fs::metadata(path).is_ok_and(|m| m.len() == 0) => Contents::Nothing,
        _ => Contents::Foreign,
    })
}

/// Accepts a file that is already ours; creates the tables in a file with nothing in it;
/// refuses every other database. The look and the creation are one write transaction, so any
/// number of sessions may open a new file at the same moment: one creates, the rest find it
/// made.
pub(super) fn prepare_schema(conn: &Connection, path: &Path) -> Result<()> {
    let failed = |e: rusqlite::Error| store_error(path, &e);
    let found = {
        // A read transaction, so the pragmas see one state of the file.
        let tx = rusqlite::Transaction::new_unchecked(conn, TransactionBehavior::Deferred)
            .map_err(failed)?;
        contents(&tx, path).map_err(failed)?
    };
    let found = match found {
        Contents::Nothing => {
            let tx = rusqlite::Transaction::new_unchecked(conn, TransactionBehavior::Immediate)
                .map_err(failed)?;
            let found = contents(&tx, path).map_err(failed)?;
            if found == Contents::Nothing {
                tx.execute_batch(&format!(
                    "{SCHEMA} PRAGMA application_id = {APPLICATION_ID}; \
                     PRAGMA user_version = {SCHEMA_VERSION};"
                ))
                .map_err(failed)?;
                tx.commit().map_err(failed)?;
                return Ok(());
            }
            found
        }
        found => found,
    };
    match found {
        Contents::Ours(version) if version > SCHEMA_VERSION => Err(Error::ReviewFile {
            path: path.display().to_string(),
            message: format!(
                "由更新版本的 lvzhi 写成（格式 {version}），这个版本只认得格式 {SCHEMA_VERSION}"
            ),
        }),
        Contents::Ours(_) | Contents::Nothing => Ok(()),
        Contents::Foreign => Err(Error::ReviewFile {
            path: path.display().to_string(),
            message: "是别的程序的 SQLite 数据库，不是 lvzhi 的审核记录".into(),
        }),
    }
}

/// WAL lets readers and a writer overlap; set once, when the file is known to be ours. A file
/// that cannot be written keeps its mode and is read as it is.
pub(super) fn use_wal(conn: &Connection, path: &Path) -> Result<()> {
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |row| row.get(0))
        .map_err(|e| store_error(path, &e))?;
    if mode.eq_ignore_ascii_case("wal") || conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false) {
        return Ok(());
    }
    match conn.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(())) {
        // The switch needs the file to itself and SQLite does not wait for that: with another
        // session in it (several opening a new file at once), stay in rollback mode, which is
        // as safe, and let a later opening switch.
        Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy) => Ok(()),
        other => other.map_err(|e| store_error(path, &e)),
    }
}

/// Every failure of the store in the users' words, one message per cause. A file that cannot
/// be read as a store is unusable input (exit 2); a write the disk, the permissions or another
/// session did not allow is a failed write (exit 1).
pub fn store_error(path: &Path, e: &rusqlite::Error) -> Error {
    use rusqlite::ErrorCode;
    let path_text = path.display().to_string();
    let unusable = |message: &str| Error::ReviewFile {
        path: path_text.clone(),
        message: message.to_string(),
    };
    let failed = |cause: WriteFailure| Error::ReviewWrite {
        path: path_text.clone(),
        cause,
    };
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) | Some(ErrorCode::DatabaseCorrupt) => {
            unusable("已损坏，不能当作审核记录读取")
        }
        Some(ErrorCode::CannotOpen) if !path.exists() => {
            unusable("打不开（文件夹不存在或没有权限）")
        }
        Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => {
            failed(WriteFailure::Busy(BUSY_TIMEOUT.as_secs()))
        }
        // A file read as it stands because the disk was full is read-only to SQLite; the
        // disk, not the file, is the cause the user can do something about.
        Some(ErrorCode::ReadOnly)
        | Some(ErrorCode::CannotOpen)
        | Some(ErrorCode::PermissionDenied)
            if disk_full(path) && writable(path) =>
        {
            failed(WriteFailure::DiskFull)
        }
        Some(ErrorCode::ReadOnly)
        | Some(ErrorCode::CannotOpen)
        | Some(ErrorCode::PermissionDenied) => failed(WriteFailure::ReadOnly),
        Some(ErrorCode::DiskFull) => failed(WriteFailure::DiskFull),
        Some(ErrorCode::SystemIoFailure) if disk_full(path) => failed(WriteFailure::DiskFull),
        Some(ErrorCode::SystemIoFailure) => failed(WriteFailure::Io(e.to_string())),
        _ => failed(WriteFailure::Other(e.to_string())),
    }
}

/// SQLite reports some writes on a full disk (the WAL index, a journal) as I/O errors: the
/// file system says which it was.
pub(super) fn disk_full(path: &Path) -> bool {
    rustix::fs::statvfs(crate::files::folder_of(path)).is_ok_and(|fs| fs.f_bavail == 0)
}

/// Whether this user may write the file (and so a failed write was not its mode's doing).
fn writable(path: &Path) -> bool {
    rustix::fs::access(path, rustix::fs::Access::WRITE_OK).is_ok()
}
