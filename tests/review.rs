//! The review store on the real lists: what is written is read back, history is kept, sessions
//! writing at once lose nothing, revisions keep their own marks, foreign files are left alone.

use lvzhi::review::Store;
use lvzhi::{Dataset, Error, Status};

fn dataset() -> Dataset {
    Dataset::embedded().unwrap()
}

#[test]
fn a_mark_and_a_note_are_read_back_and_every_change_is_in_the_history() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("review.db");
    let data = dataset();
    {
        let mut store = Store::open(&path, &data, "张三").unwrap();
        store.set_status("coop-19", Some(Status::Dispute)).unwrap();
        store
            .set_note("coop-19", "养犬登记应由公安办理，\n镇里只配合宣传")
            .unwrap();
        store.set_status("coop-19", Some(Status::Change)).unwrap();
        store.set_status("basic-44", Some(Status::Agree)).unwrap();
    }
    // A new session (a new connection) sees what the first wrote.
    let store = Store::open(&path, &data, "李四").unwrap();
    let reviews = store.reviews().unwrap();
    let dogs = &reviews["coop-19"];
    assert_eq!(dogs.status, Some(Status::Change));
    assert_eq!(dogs.note, "养犬登记应由公安办理，\n镇里只配合宣传");
    assert_eq!(dogs.reviewer, "张三");
    assert_eq!(dogs.updated_at.len(), "2026-11-29 10:00:00".len());
    assert_eq!(reviews["basic-44"].status, Some(Status::Agree));
    assert_eq!(reviews.len(), 2);

    let history = store.history("coop-19").unwrap();
    let steps: Vec<(Option<Status>, &str)> = history
        .iter()
        .map(|c| (c.status, c.note.as_str()))
        .collect();
    assert_eq!(
        steps,
        [
            (Some(Status::Dispute), ""),
            (
                Some(Status::Dispute),
                "养犬登记应由公安办理，\n镇里只配合宣传"
            ),
            (
                Some(Status::Change),
                "养犬登记应由公安办理，\n镇里只配合宣传"
            ),
        ]
    );
}

#[test]
fn clearing_verdict_and_note_removes_the_mark_but_not_its_history() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("review.db");
    let mut store = Store::open(&path, &dataset(), "张三").unwrap();
    store.set_status("recalled-7", Some(Status::Check)).unwrap();
    store.set_status("recalled-7", None).unwrap();
    assert!(store.reviews().unwrap().is_empty());
    assert_eq!(store.history("recalled-7").unwrap().len(), 2);
}

#[test]
fn a_draft_is_kept_beside_the_saved_note_until_a_note_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("review.db");
    let mut store = Store::open(&path, &dataset(), "张三").unwrap();
    store.set_note("coop-1", "已保存").unwrap();
    store.save_draft("coop-1", "正在输入的备").unwrap();
    let review = &store.reviews().unwrap()["coop-1"];
    assert_eq!(review.note, "已保存");
    assert_eq!(review.draft.as_deref(), Some("正在输入的备"));
    store.set_note("coop-1", "正在输入的备注").unwrap();
    assert_eq!(store.reviews().unwrap()["coop-1"].draft, None);
}

#[test]
fn two_sessions_writing_100_marks_at_once_lose_none() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("review.db");
    let data = dataset();
    // Create the file first, as the first session to start would.
    drop(Store::open(&path, &data, "setup").unwrap());
    let ids: Vec<String> = data.items.iter().map(|i| i.id.clone()).collect();
    std::thread::scope(|scope| {
        for (who, status) in [("张三", Status::Agree), ("李四", Status::Dispute)] {
            let (path, data, ids) = (&path, &data, &ids);
            scope.spawn(move || {
                let mut store = Store::open(path, data, who).unwrap();
                let offset = if who == "张三" { 0 } else { 100 };
                for id in &ids[offset..offset + 100] {
                    store.set_status(id, Some(status)).unwrap();
                    store.set_note(id, who).unwrap();
                }
            });
        }
    });
    let store = Store::open(&path, &data, "check").unwrap();
    let reviews = store.reviews().unwrap();
    assert_eq!(reviews.len(), 200);
    for (k, id) in ids[..200].iter().enumerate() {
        let (who, status) = if k < 100 {
            ("张三", Status::Agree)
        } else {
            ("李四", Status::Dispute)
        };
        assert_eq!(reviews[id].status, Some(status), "{id}");
        assert_eq!(reviews[id].note, who, "{id}");
    }
}

#[test]
fn another_sessions_commit_is_noticed_and_ones_own_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("review.db");
    let data = dataset();
    let mut mine = Store::open(&path, &data, "张三").unwrap();
    let mut theirs = Store::open(&path, &data, "李四").unwrap();
    assert!(!mine.changed_elsewhere().unwrap());
    mine.set_status("coop-2", Some(Status::Agree)).unwrap();
    assert!(!mine.changed_elsewhere().unwrap());
    theirs.set_status("coop-3", Some(Status::Dispute)).unwrap();
    assert!(mine.changed_elsewhere().unwrap());
    assert!(!mine.changed_elsewhere().unwrap(), "once per change");
    assert_eq!(
        mine.reviews().unwrap()["coop-3"].status,
        Some(Status::Dispute)
    );
}

#[test]
fn a_revised_list_keeps_its_own_marks() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("review.db");
    let published = dataset();
    let mut revised = published.clone();
    revised.items[0].title.push_str("（修订）");
    assert_ne!(published.identity(), revised.identity());
    assert_eq!(published.identity(), dataset().identity(), "stable");

    Store::open(&path, &published, "张三")
        .unwrap()
        .set_status("basic-1", Some(Status::Agree))
        .unwrap();
    let mut store = Store::open(&path, &revised, "张三").unwrap();
    assert!(store.reviews().unwrap().is_empty());
    store.set_status("basic-1", Some(Status::Change)).unwrap();
    let first = Store::open(&path, &published, "张三").unwrap();
    assert_eq!(
        first.reviews().unwrap()["basic-1"].status,
        Some(Status::Agree)
    );
}

/// Opening `contents` as a review store fails with a message naming the file, and the file is
/// byte for byte what it was.
fn refused(name: &str, contents: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, contents).unwrap();
    let err = match Store::open(&path, &dataset(), "张三") {
        Err(e) => e,
        Ok(_) => panic!("{name} was accepted"),
    };
    assert!(matches!(err, Error::ReviewFile { .. }), "{err:?}");
    assert_eq!(err.exit_code(), 2);
    assert_eq!(
        std::fs::read(&path).unwrap(),
        contents,
        "{name} was changed"
    );
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "no journal or WAL left beside {name}");
    let message = err.to_string();
    assert!(message.contains(name), "{message}");
    message
}

#[test]
fn a_file_that_is_not_a_database_is_refused_and_left_alone() {
    let message = refused("notes.txt", "会议记录：coop-19 有异议\n".as_bytes());
    assert!(message.contains("不是 SQLite"), "{message}");
}

#[test]
fn a_corrupt_database_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.db");
    Store::open(&good, &dataset(), "张三")
        .unwrap()
        .set_status("coop-1", Some(Status::Agree))
        .unwrap();
    let mut bytes = std::fs::read(&good).unwrap();
    // Keep the header, wreck the page size and everything after it.
    for b in &mut bytes[16..] {
        *b = 0xA5;
    }
    refused("review.db", &bytes);
}

#[test]
fn another_programs_database_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("contacts.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "CREATE TABLE contacts (name TEXT, phone TEXT);
             INSERT INTO contacts VALUES ('王五', '0994-0000000');",
        )
        .unwrap();
    }
    let bytes = std::fs::read(&path).unwrap();
    let message = refused("contacts.db", &bytes);
    assert!(message.contains("别的程序"), "{message}");
}
