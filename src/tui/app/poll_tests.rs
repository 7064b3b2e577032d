//! An idle app's look at other sessions' marks: one query for the review file, however many
//! towns share it, and a change made elsewhere still seen.

use super::*;
use crate::model::Status;
use crate::review::{Store, VERSION_QUERIES};

/// `n` towns, each the real lists under its own name.
fn towns(n: usize) -> Vec<Dataset> {
    let base = Dataset::embedded().unwrap();
    (0..n)
        .map(|t| Dataset {
            town: format!("第{t}镇"),
            ..base.clone()
        })
        .collect()
}

/// The app over `towns`, reviewing into `path` as the app opens a province: one connection.
fn province_app(towns: Vec<Dataset>, path: &std::path::Path) -> App {
    let stores = Store::open_all(path, towns.iter().map(|d| (d, d.identity())), "张三").unwrap();
    let theme = Theme {
        color: true,
        ascii: false,
    };
    App::for_towns(Towns::new(towns), theme, Rect::new(0, 0, 80, 24))
        .with_stores(stores)
        .unwrap()
}

/// What `f` returned, and how many `PRAGMA data_version` it ran.
fn queries<R>(f: impl FnOnce() -> R) -> (R, usize) {
    let before = VERSION_QUERIES.with(|n| n.get());
    let result = f();
    (result, VERSION_QUERIES.with(|n| n.get()) - before)
}

#[test]
fn a_poll_asks_the_review_file_once_whatever_the_number_of_towns() {
    let dir = tempfile::tempdir().unwrap();
    for n in [1, 2, 12] {
        let mut app = province_app(towns(n), &dir.path().join(format!("{n}.db")));
        let (changed, asked) = queries(|| app.refresh_reviews());
        assert!(!changed, "{n} towns: nothing changed");
        assert_eq!(asked, 1, "{n} towns");
    }
}

#[test]
fn a_mark_made_elsewhere_is_seen_by_the_one_query() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("review.db");
    let towns = towns(12);
    let seventh = towns[7].clone();
    let mut app = province_app(towns, &path);
    let mut other = Store::open(&path, &seventh, "李四").unwrap();
    other.set_status("basic-44", Some(Status::Check)).unwrap();
    let (changed, asked) = queries(|| app.refresh_reviews());
    assert!(changed);
    assert_eq!(asked, 1);
    let per_town = seventh.items.len();
    let basic_44 = seventh
        .items
        .iter()
        .position(|i| i.id == "basic-44")
        .unwrap();
    let review = app.review_of(7 * per_town + basic_44).unwrap();
    assert_eq!(
        (review.status, review.reviewer.as_str()),
        (Some(Status::Check), "李四")
    );
    assert!(
        app.review_of(6 * per_town + basic_44).is_none(),
        "another town's"
    );
    assert!(!app.refresh_reviews(), "once per change");
}
