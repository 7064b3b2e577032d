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

/// The store an export reads: none if there is no default review file yet (nothing has been
/// marked); a `--review` file that does not exist is an error, not an empty export.
pub(super) fn existing_store(args: &Args, dataset: &Dataset) -> Result<Option<Store>> {
    let path = match &args.review {
        Some(path) if !path.exists() => {
            return Err(Error::Read {
                path: path.display().to_string(),
                cause: std::io::ErrorKind::NotFound.into(),
            });
        }
        Some(path) => path.clone(),
        None => match Store::default_path() {
            Some(path) if path.exists() => path,
            _ => return Ok(None),
        },
    };
    Store::open(&path, dataset, &reviewer(args)).map(Some)
}

/// The reviews an export includes (see `existing_store`).
pub(super) fn existing_reviews(args: &Args, dataset: &Dataset) -> Result<Reviews> {
    match existing_store(args, dataset)? {
        Some(store) => store.reviews(),
        None => Ok(Reviews::new()),
    }
}
