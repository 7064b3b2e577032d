//! The register's tables, and the columns added to a file an older lvzhi made.

pub(super) const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS register (
    id INTEGER PRIMARY KEY,
    dataset TEXT NOT NULL,
    received TEXT NOT NULL,
    source TEXT NOT NULL,
    channel TEXT NOT NULL,
    doc_ref TEXT NOT NULL,
    task TEXT NOT NULL,
    deadline TEXT NOT NULL,
    verdict TEXT NOT NULL,
    item TEXT NOT NULL,
    outcome TEXT NOT NULL,
    approval TEXT NOT NULL,
    handler TEXT NOT NULL,
    note TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    suggested_verdict TEXT NOT NULL DEFAULT '',
    suggested_item TEXT NOT NULL DEFAULT '',
    decided_by TEXT NOT NULL DEFAULT '',
    deadline_words TEXT NOT NULL DEFAULT '',
    notice_title TEXT NOT NULL DEFAULT '',
    notice_date TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS register_dataset ON register (dataset, id);
CREATE TABLE IF NOT EXISTS register_history (
    id INTEGER PRIMARY KEY,
    entry INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    approval TEXT NOT NULL,
    note TEXT NOT NULL,
    handler TEXT NOT NULL,
    at TEXT NOT NULL,
    verdict TEXT NOT NULL DEFAULT '',
    item TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS register_history_entry ON register_history (entry, id);
CREATE TABLE IF NOT EXISTS notice_drafts (
    dataset TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    text TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    PRIMARY KEY (dataset, reviewer)
);
";

/// Columns added after the register's first version (issue 22): what lvzhi suggested beside
/// what was decided, who decided it, and the decision in each history row; and (issue 23) the
/// deadline's words, `deadline` holding the day (YYYY-MM-DD) from then on. A file written by
/// an older lvzhi gets them with its next change; until then they read as empty, and a
/// `deadline` in words (an older lvzhi's) is read as the words, its day resolved on reading.
const ADDED: [(&str, &str); 8] = [
    ("register", "suggested_verdict"),
    ("register", "suggested_item"),
    ("register", "decided_by"),
    ("register_history", "verdict"),
    ("register_history", "item"),
    ("register", "deadline_words"),
    // Issue 28: the notice's title and date, which a letter cites.
    ("register", "notice_title"),
    ("register", "notice_date"),
];

/// Adds the columns an older file lacks; inside a write transaction.
pub(super) fn upgrade(tx: &rusqlite::Transaction) -> rusqlite::Result<()> {
    for (table, column) in ADDED {
        if !has_column(tx, table, column)? {
            tx.execute_batch(&format!(
                "ALTER TABLE {table} ADD COLUMN {column} TEXT NOT NULL DEFAULT ''"
            ))?;
        }
    }
    Ok(())
}

pub(super) fn has_column(
    conn: &rusqlite::Connection,
    table: &str,
    column: &str,
) -> rusqlite::Result<bool> {
    let mut statement = conn.prepare(&format!("PRAGMA table_info({table})"))?;
    let names = statement.query_map([], |row| row.get::<_, String>(1))?;
    for name in names {
        if name? == column {
            return Ok(true);
        }
    }
    Ok(false)
}
