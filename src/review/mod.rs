//! The review store: each item's current verdict and note, an append-only history of every
//! change, and drafts of notes being typed when the app was cut off. One SQLite file, in the
//! user's data directory or shared by a team (`--review PATH`); WAL and a busy timeout let
//! several sessions write at once, and every change is committed as it is made.

pub mod register;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use crate::error::{Error, Result, WriteFailure};
use crate::model::{Dataset, Status};

/// Marks the file as ours ("LVZH"), so a foreign SQLite file is never taken over.
const APPLICATION_ID: i32 = 0x4C56_5A48;
const SCHEMA_VERSION: i32 = 1;
/// How long a write waits for another session's write to finish.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

const SCHEMA: &str = "
CREATE TABLE datasets (
    key TEXT PRIMARY KEY,
    town TEXT NOT NULL,
    source TEXT NOT NULL,
    first_seen TEXT NOT NULL
);
CREATE TABLE marks (
    dataset TEXT NOT NULL,
    item TEXT NOT NULL,
    status TEXT,
    note TEXT NOT NULL DEFAULT '',
    reviewer TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (dataset, item)
);
CREATE TABLE history (
    id INTEGER PRIMARY KEY,
    dataset TEXT NOT NULL,
    item TEXT NOT NULL,
    status TEXT,
    note TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX history_item ON history (dataset, item, id);
CREATE TABLE drafts (
    dataset TEXT NOT NULL,
    item TEXT NOT NULL,
    note TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    PRIMARY KEY (dataset, item)
);
";

/// Local time as the reviewers read it, from SQLite so every session writes the same form; a
/// fixed time (`?6`) instead when one is set.
const NOW: &str = "coalesce(?6, strftime('%Y-%m-%d %H:%M:%S', 'now', 'localtime'))";

/// The state of an item with a note and no verdict yet.
pub const NOTE_ONLY: &str = "仅备注";

/// An item's review as it stands.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Review {
    pub status: Option<Status>,
    pub note: String,
    pub reviewer: String,
    pub updated_at: String,
    /// A note that was being typed when the app was cut off, not yet saved.
    pub draft: Option<String>,
}

impl Review {
    /// Has a verdict or a note (a draft alone does not count): the one meaning of "reviewed"
    /// (已审) for the header's progress, `状态:未审` (its opposite), `--only-reviewed` and the
    /// exports, so the counts always add up.
    pub fn is_reviewed(&self) -> bool {
        self.status.is_some() || !self.note.is_empty()
    }

    /// How an item's verdict reads everywhere: 同意…, 仅备注 (a note, no verdict yet), or 未审.
    pub fn verdict_label(status: Option<Status>, note: &str) -> &'static str {
        match status {
            Some(status) => status.label(),
            None if !note.is_empty() => NOTE_ONLY,
            None => Status::UNDECIDED,
        }
    }

    /// What `状态:` searches on: the verdict, and whether a draft waits.
    pub fn search_mark(review: Option<&Review>) -> crate::search::ReviewMark {
        crate::search::ReviewMark {
            status: review.and_then(|r| r.status),
            reviewed: review.is_some_and(Review::is_reviewed),
            draft: review.is_some_and(|r| r.draft.is_some()),
        }
    }

    /// Has anything on record, a verdict or a note (a draft alone does not count): what a
    /// reviewer's name and time belong to.
    pub fn has_mark(&self) -> bool {
        self.status.is_some() || !self.note.is_empty()
    }
}

/// One change, as it was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub status: Option<Status>,
    pub note: String,
    pub reviewer: String,
    pub at: String,
}

/// Reviews by item id.
pub type Reviews = HashMap<String, Review>;

pub struct Store {
    conn: Connection,
    path: PathBuf,
    dataset: String,
    /// The dataset's town and source, recorded with its first change.
    town: String,
    source: String,
    reviewer: String,
    /// `PRAGMA data_version` when last looked at: it moves when another connection commits.
    version: i64,
    /// Written as the time of every change instead of the clock's, when set.
    fixed_time: Option<String>,
}

impl Store {
    /// The default file: `review.db` in the user's data directory (~/.local/share/lvzhi).
    pub fn default_path() -> Option<PathBuf> {
        directories::ProjectDirs::from("", "", "lvzhi").map(|d| d.data_dir().join("review.db"))
    }

    /// Opens (or creates) the store at `path` for `dataset`'s marks, writing as `reviewer`. A
    /// file that is not a review store is refused and left exactly as it was. Opening writes
    /// nothing to a file that is already a store, so a read-only one can still be read.
    pub fn open(path: &Path, dataset: &Dataset, reviewer: &str) -> Result<Store> {
        check_file(path)?;
        let conn = match connect(path, false) {
            // A store on read-only media, or in a folder where SQLite cannot keep its WAL
            // index: read it as it stands, without locks (nobody can write it either).
            Err(Error::ReviewWrite {
                cause: WriteFailure::ReadOnly,
                ..
            }) if path.exists() => connect(path, true)?,
            other => other?,
        };
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            dataset: dataset.identity(),
            town: dataset.town.clone(),
            source: dataset.source.clone(),
            reviewer: reviewer.to_string(),
            version: 0,
            fixed_time: None,
        };
        store.version = store.data_version()?;
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Records `time` (as "2026-11-29 10:00:00") for every change from now on instead of the
    /// clock: for output that must come out the same twice (snapshots, examples in docs).
    pub fn with_fixed_time(mut self, time: &str) -> Store {
        self.fixed_time = Some(time.to_string());
        self
    }

    pub fn reviewer(&self) -> &str {
        &self.reviewer
    }

    /// Every review of this dataset, drafts included.
    pub fn reviews(&self) -> Result<Reviews> {
        let mut reviews = Reviews::new();
        let mut marks = self
            .conn
            .prepare_cached(
                "SELECT item, status, note, reviewer, updated_at FROM marks WHERE dataset = ?1",
            )
            .map_err(|e| self.read_failed(&e))?;
        let rows = marks
            .query_map([&self.dataset], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    Review {
                        status: status_of(row.get(1)?),
                        note: row.get(2)?,
                        reviewer: row.get(3)?,
                        updated_at: row.get(4)?,
                        draft: None,
                    },
                ))
            })
            .map_err(|e| self.read_failed(&e))?;
        for row in rows {
            let (item, review) = row.map_err(|e| self.read_failed(&e))?;
            reviews.insert(item, review);
        }
        let mut drafts = self
            .conn
            .prepare_cached("SELECT item, note FROM drafts WHERE dataset = ?1")
            .map_err(|e| self.read_failed(&e))?;
        let rows = drafts
            .query_map([&self.dataset], |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
            })
            .map_err(|e| self.read_failed(&e))?;
        for row in rows {
            let (item, draft) = row.map_err(|e| self.read_failed(&e))?;
            reviews.entry(item).or_default().draft = Some(draft);
        }
        Ok(reviews)
    }

    /// Gives an item a verdict (`None` clears it), keeping its note.
    pub fn set_status(&mut self, item: &str, status: Option<Status>) -> Result<()> {
        self.change(item, Some(status), None)
    }

    /// Replaces an item's note, keeping its verdict, and drops any draft of it.
    pub fn set_note(&mut self, item: &str, note: &str) -> Result<()> {
        self.change(item, None, Some(note))
    }

    /// Changes the verdict, the note or both in one commit, and records the result in the
    /// history. An item left with neither has no mark.
    pub fn change(
        &mut self,
        item: &str,
        status: Option<Option<Status>>,
        note: Option<&str>,
    ) -> Result<()> {
        let path = self.path.clone();
        let failed = |e: rusqlite::Error| store_error(&path, &e);
        let tx = rusqlite::Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)
            .map_err(failed)?;
        self.register_dataset(&tx).map_err(failed)?;
        let current: Option<(Option<String>, String)> = tx
            .query_row(
                "SELECT status, note FROM marks WHERE dataset = ?1 AND item = ?2",
                params![self.dataset, item],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()
            .map_err(failed)?;
        let note_given = note.is_some();
        let (old_status, old_note) = current.unwrap_or_default();
        let status = status.map_or(old_status, |s| s.map(|s| s.key().to_string()));
        let note = note.map_or(old_note, str::to_string);
        // The mark and its history row record the same values.
        let values = params![
            self.dataset,
            item,
            status,
            note,
            self.reviewer,
            self.fixed_time
        ];
        if status.is_none() && note.is_empty() {
            tx.execute(
                "DELETE FROM marks WHERE dataset = ?1 AND item = ?2",
                params![self.dataset, item],
            )
            .map_err(failed)?;
        } else {
            tx.execute(
                &format!(
                    "INSERT INTO marks (dataset, item, status, note, reviewer, updated_at) \
                     VALUES (?1, ?2, ?3, ?4, ?5, {NOW}) \
                     ON CONFLICT (dataset, item) DO UPDATE SET status = ?3, note = ?4, \
                     reviewer = ?5, updated_at = {NOW}"
                ),
                values,
            )
            .map_err(failed)?;
        }
        tx.execute(
            &format!(
                "INSERT INTO history (dataset, item, status, note, reviewer, at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, {NOW})"
            ),
            values,
        )
        .map_err(failed)?;
        if note_given {
            tx.execute(
                "DELETE FROM drafts WHERE dataset = ?1 AND item = ?2",
                params![self.dataset, item],
            )
            .map_err(failed)?;
        }
        tx.commit().map_err(failed)
    }

    /// Keeps a note being typed, so a dropped link loses nothing; shown as a draft until saved.
    pub fn save_draft(&mut self, item: &str, note: &str) -> Result<()> {
        let path = self.path.clone();
        let failed = |e: rusqlite::Error| store_error(&path, &e);
        let tx = rusqlite::Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)
            .map_err(failed)?;
        self.register_dataset(&tx).map_err(failed)?;
        tx.execute(
            &format!(
                "INSERT INTO drafts (dataset, item, note, reviewer, saved_at) \
                 VALUES (?1, ?2, ?3, ?4, {NOW}) \
                 ON CONFLICT (dataset, item) DO UPDATE SET note = ?3, reviewer = ?4, \
                 saved_at = {NOW}"
            ),
            params![
                self.dataset,
                item,
                note,
                self.reviewer,
                rusqlite::types::Null,
                self.fixed_time
            ],
        )
        .map_err(failed)?;
        tx.commit().map_err(failed)
    }

    /// Names the dataset in the file with its first change (not on opening, which writes
    /// nothing).
    fn register_dataset(&self, tx: &rusqlite::Transaction) -> rusqlite::Result<()> {
        tx.execute(
            &format!(
                "INSERT OR IGNORE INTO datasets (key, town, source, first_seen) \
                 VALUES (?1, ?2, ?3, {})",
                NOW.replace("?6", "NULL")
            ),
            params![self.dataset, self.town, self.source],
        )
        .map(drop)
    }

    /// Every change to an item, oldest first.
    pub fn history(&self, item: &str) -> Result<Vec<Change>> {
        Ok(self.histories()?.remove(item).unwrap_or_default())
    }

    /// Every item's history, oldest change first.
    pub fn histories(&self) -> Result<HashMap<String, Vec<Change>>> {
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT item, status, note, reviewer, at FROM history \
                 WHERE dataset = ?1 ORDER BY id",
            )
            .map_err(|e| self.read_failed(&e))?;
        let rows = statement
            .query_map(params![self.dataset], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    Change {
                        status: status_of(row.get(1)?),
                        note: row.get(2)?,
                        reviewer: row.get(3)?,
                        at: row.get(4)?,
                    },
                ))
            })
            .map_err(|e| self.read_failed(&e))?;
        let mut histories: HashMap<String, Vec<Change>> = HashMap::new();
        for row in rows {
            let (item, change) = row.map_err(|e| self.read_failed(&e))?;
            histories.entry(item).or_default().push(change);
        }
        Ok(histories)
    }

    /// True once per commit by another connection (another session, `lvzhi mark`) since the
    /// last call: a cheap check, one pragma, no table read.
    pub fn changed_elsewhere(&mut self) -> Result<bool> {
        let version = self.data_version()?;
        Ok(std::mem::replace(&mut self.version, version) != version)
    }

    fn data_version(&self) -> Result<i64> {
        self.conn
            .query_row("PRAGMA data_version", [], |row| row.get(0))
            .map_err(|e| self.read_failed(&e))
    }

    fn read_failed(&self, e: &rusqlite::Error) -> Error {
        store_error(&self.path, e)
    }
}

fn status_of(key: Option<String>) -> Option<Status> {
    key.and_then(|k| Status::parse(&k)).flatten()
}

/// A connection to a file known to be a store (or made one); `immutable` reads a file that
/// cannot be written.
fn connect(path: &Path, immutable: bool) -> Result<Connection> {
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
        use_wal(&conn, path)?;
    }
    Ok(conn)
}

/// A path as a URI's path: `%`, `?` and `#` would otherwise end or alter it.
fn uri_path(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    absolute
        .to_string_lossy()
        .replace('%', "%25")
        .replace('?', "%3f")
        .replace('#', "%23")
}

/// Refuses what is not a regular file (a device such as /dev/null, a folder, a pipe: SQLite
/// would put its journal beside it) and a file that is not SQLite, before SQLite can touch it.
fn check_file(path: &Path) -> Result<()> {
    use std::io::Read;
    let refuse = |message: &str| Error::ReviewFile {
        path: path.display().to_string(),
        message: message.to_string(),
    };
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => return Err(refuse("是文件夹，不是文件")),
        Ok(meta) if !meta.is_file() => {
            return Err(refuse("不是普通文件（是设备、管道或套接字）"));
        }
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(cause) => {
            return Err(Error::Read {
                path: path.display().to_string(),
                cause,
            });
        }
    }
    let mut header = [0u8; 16];
    let read = std::fs::File::open(path)
        .and_then(|mut file| file.read(&mut header))
        .map_err(|cause| Error::Read {
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
enum Contents {
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
fn contents(conn: &Connection, path: &Path) -> rusqlite::Result<Contents> {
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
fn prepare_schema(conn: &Connection, path: &Path) -> Result<()> {
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
fn use_wal(conn: &Connection, path: &Path) -> Result<()> {
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
fn disk_full(path: &Path) -> bool {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    rustix::fs::statvfs(dir).is_ok_and(|fs| fs.f_bavail == 0)
}
