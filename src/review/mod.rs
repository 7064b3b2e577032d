//! The review store: each item's current verdict and note, an append-only history of every
//! change, and drafts of notes being typed when the app was cut off. One SQLite file, in the
//! user's data directory or shared by a team (`--review PATH`); WAL and a busy timeout let
//! several sessions write at once, and every change is committed as it is made.

mod file;
pub mod register;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use crate::error::{Error, Result, WriteFailure};

use crate::model::{Dataset, Status};
use crate::towns::Towns;
pub use file::store_error;
use file::{check_file, connect};

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

    /// What `状态:` sees of every item of `towns`, in the run's order; `reviews` holds each
    /// town's, in the towns' order (none for a town: nothing reviewed there).
    pub fn search_marks(towns: &Towns, reviews: &[Reviews]) -> Vec<crate::search::ReviewMark> {
        let mut marks = vec![crate::search::ReviewMark::default(); towns.item_count()];
        // Only towns with reviews are looked at: a province's items are decoded from the cache
        // file one by one, and most towns have nothing marked.
        for (town, reviews) in reviews.iter().enumerate().filter(|(_, r)| !r.is_empty()) {
            for i in towns.range(town) {
                if let Some(review) = reviews.get(&towns.item(i).id) {
                    marks[i] = Review::search_mark(Some(review));
                }
            }
        }
        marks
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

/// The connection to a review file, created if need be; read-only (without locks) where the
/// file cannot be written.
fn open_connection(path: &Path) -> Result<Connection> {
    check_file(path)?;
    file::create_if_missing(path);
    match connect(path, false) {
        // A store on read-only media, in a folder where SQLite cannot keep its WAL index, or
        // on a full disk: read it as it stands, without locks (nobody can write it either);
        // only a write then says why it cannot be made.
        Err(Error::ReviewWrite {
            cause: WriteFailure::ReadOnly | WriteFailure::DiskFull,
            ..
        }) if path.exists() => connect(path, true),
        other => other,
    }
}

/// Reviews by item id.
pub type Reviews = HashMap<String, Review>;

#[cfg(test)]
thread_local! {
    /// `PRAGMA data_version` queries made on this thread: what a test counts of a poll.
    pub(crate) static VERSION_QUERIES: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

pub struct Store {
    /// Shared by the stores of towns opened together (`open_all`): one connection, not one per
    /// town of a province.
    conn: Rc<Connection>,
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
        let conn = Rc::new(open_connection(path)?);
        Store::with_connection(conn, path, dataset, dataset.identity(), reviewer)
    }

    /// The stores of several towns in one file, over one connection: `towns` pairs each
    /// dataset with its identity (kept in the index cache for a province's towns).
    pub fn open_all<'a>(
        path: &Path,
        towns: impl IntoIterator<Item = (&'a Dataset, String)>,
        reviewer: &str,
    ) -> Result<Vec<Store>> {
        let conn = Rc::new(open_connection(path)?);
        towns
            .into_iter()
            .map(|(dataset, identity)| {
                Store::with_connection(Rc::clone(&conn), path, dataset, identity, reviewer)
            })
            .collect()
    }

    fn with_connection(
        conn: Rc<Connection>,
        path: &Path,
        dataset: &Dataset,
        identity: String,
        reviewer: &str,
    ) -> Result<Store> {
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            dataset: identity,
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
        Store::changed_elsewhere_any(std::slice::from_mut(self))
    }

    /// True once per commit by another connection since the last call, for any of `stores`:
    /// one pragma per connection, so the towns of one file (`open_all`) cost one query a poll,
    /// not one each.
    pub fn changed_elsewhere_any(stores: &mut [Store]) -> Result<bool> {
        let mut asked: Option<(*const Connection, i64)> = None;
        let mut changed = false;
        for store in stores {
            let conn = Rc::as_ptr(&store.conn);
            let version = match asked {
                Some((seen, version)) if std::ptr::eq(seen, conn) => version,
                _ => store.data_version()?,
            };
            asked = Some((conn, version));
            changed |= std::mem::replace(&mut store.version, version) != version;
        }
        Ok(changed)
    }

    fn data_version(&self) -> Result<i64> {
        #[cfg(test)]
        VERSION_QUERIES.with(|n| n.set(n.get() + 1));
        self.conn
            .prepare_cached("PRAGMA data_version")
            .and_then(|mut pragma| pragma.query_row([], |row| row.get(0)))
            .map_err(|e| self.read_failed(&e))
    }

    fn read_failed(&self, e: &rusqlite::Error) -> Error {
        store_error(&self.path, e)
    }
}

fn status_of(key: Option<String>) -> Option<Status> {
    key.and_then(|k| Status::parse(&k)).flatten()
}
