//! The review file a command reads or writes, and who writes in it: opened once per command
//! from the settings folded into the arguments.

use std::path::PathBuf;

use super::args::Args;
use crate::error::{Error, Result};
use crate::model::Dataset;
use crate::review::{Reviews, Store};

/// Who is reviewing: the setting, else the login name.
pub(super) fn reviewer(args: &Args) -> String {
    args.reviewer
        .clone()
        .filter(|name| !name.trim().is_empty())
        .unwrap_or_else(login_name)
}

pub(super) fn login_name() -> String {
    // The account, not the environment: USER is often unset under tmux, cron or sudo.
    whoami::username()
        .ok()
        .filter(|name| !name.trim().is_empty())
        .unwrap_or_else(|| "未署名".to_string())
}

/// The review file: `--review`, else the user's data directory (created if need be).
pub(super) fn store_path(args: &Args) -> Result<PathBuf> {
    if let Some(path) = &args.review {
        return Ok(path.clone());
    }
    let path = Store::default_path().ok_or_else(|| Error::ReviewFile {
        path: "~/.local/share/lvzhi/review.db".into(),
        message: "找不到用户数据目录（没有 HOME）；请用 --review 指定文件".into(),
    })?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|cause| Error::Write {
            path: dir.display().to_string(),
            cause,
        })?;
    }
    Ok(path)
}

/// Every town's store, its reviews filed under `identities` (one per town, in order), over
/// one connection to the review file.
pub(super) fn open_stores(
    args: &Args,
    datasets: &[Dataset],
    identities: Vec<String>,
) -> Result<Vec<Store>> {
    Store::open_all(
        &store_path(args)?,
        datasets.iter().zip(identities),
        &reviewer(args),
    )
}

pub(super) fn open_store(args: &Args, dataset: &Dataset) -> Result<Store> {
    Store::open(&store_path(args)?, dataset, &reviewer(args))
}

/// The store a reading command (show, export, register, search) reads: none where the review
/// file does not exist yet, configured or default (nothing has been marked there yet: reading it
/// is reading an empty one). Reading creates nothing, neither the file nor its folder; the
/// first mark or recording does.
pub(super) fn existing_store(args: &Args, dataset: &Dataset) -> Result<Option<Store>> {
    let Some(path) = args.review.clone().or_else(Store::default_path) else {
        return Ok(None);
    };
    match std::fs::metadata(&path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        // A folder, a device, a file that cannot be read: Store::open says which.
        _ => Store::open(&path, dataset, &reviewer(args)).map(Some),
    }
}

/// An export read from a review file not made yet says so on stderr: what it writes is to be
/// handed on, and a mistyped `--review` would otherwise pass for "nothing reviewed".
pub(super) fn say_if_missing(args: &Args, what: &str) {
    let Some(path) = args.review.clone().or_else(Store::default_path) else {
        return;
    };
    let missing = std::fs::metadata(&path).is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound);
    if missing {
        eprintln!(
            "{}",
            crate::inert::text(&format!(
                "注意：审核记录 {} 还不存在（还没有人标记或登记过），{what}",
                path.display()
            ))
        );
    }
}

/// The reviews an export includes (see `existing_store`).
pub(super) fn existing_reviews(args: &Args, dataset: &Dataset) -> Result<Reviews> {
    match existing_store(args, dataset)? {
        Some(store) => store.reviews(),
        None => Ok(Reviews::new()),
    }
}
