//! What every command works from, resolved once from the four sources of settings (files, the
//! environment, the command line): the data, the review file and who writes in it, and how to
//! show things. Like ripgrep's HiArgs, commands never look at raw flags again.

use std::path::PathBuf;

use super::config::{Ascii, Settings};
use super::{data, progress};
use crate::date::Date;
use crate::error::{Error, Result};
use crate::model::Dataset;
use crate::review::{Reviews, Store};

pub struct Context {
    /// The data files and folders, or none for the embedded town.
    pub data: Vec<PathBuf>,
    pub review: Option<PathBuf>,
    /// The server's shared cache folder, if set.
    pub cache: Option<PathBuf>,
    /// The reviewer as set; `reviewer()` falls back to the login name.
    reviewer: Option<String>,
    pub model: Option<PathBuf>,
    pub color: bool,
    pub ascii: bool,
    /// The terminal is asked how wide it draws box characters (`ascii = "auto"`).
    pub probe_width: bool,
    pub mouse: bool,
    pub osc52: bool,
    /// Who signs the letters, the 编办 and the contact line.
    pub letterhead: crate::letter::Letterhead,
    /// Working days the county has to answer a 报批 entry (答复期限).
    pub answer_days: u32,
}

impl Context {
    pub fn new(settings: &Settings) -> Context {
        Context {
            data: settings.data.value.clone(),
            review: settings.review.value.clone(),
            cache: settings.cache.value.clone(),
            reviewer: settings.reviewer.value.clone(),
            model: settings.model.value.clone(),
            // NO_COLOR (https://no-color.org) is one of the settings' sources.
            color: settings.color.value,
            ascii: settings.ascii.value == Ascii::On,
            probe_width: settings.ascii.value == Ascii::Auto,
            mouse: settings.mouse.value,
            osc52: settings.osc52.value,
            letterhead: crate::letter::Letterhead {
                sender: settings.letter_sender.value.clone(),
                office: settings.letter_office.value.clone(),
                contact: settings.letter_contact.value.clone(),
            },
            answer_days: settings.answer_days.value,
        }
    }

    /// Every dataset the data names, or the embedded one.
    pub fn towns(&self) -> Result<Vec<Dataset>> {
        data::load_all(&self.data)
    }

    /// The towns, their search engine and their review identities: read in place from the
    /// cache when the data is large and unchanged (the server's shared cache folder first, then
    /// the user's own), else loaded, with a progress line on a terminal while that takes a while.
    pub fn searchable(&self) -> Result<crate::cache::Opened> {
        // Told of loading and of building, one after the other.
        let progress = std::cell::RefCell::new(progress::Progress::on_stderr());
        let files = match self.data.is_empty() {
            true => Vec::new(),
            false => data::data_files(&self.data)?,
        };
        crate::cache::open(
            &files,
            &self.cache_dirs(),
            || {
                data::load_all_with(&self.data, &mut |done, total| {
                    progress.borrow_mut().towns(done, total)
                })
            },
            &mut || {
                progress
                    .borrow_mut()
                    .say("建立检索索引…（数据不变时，下次直接读取）", true)
            },
        )
    }

    /// Where the cache is looked for and kept: the `cache` setting's folder (a server's, shared
    /// by its users), then the user's own.
    pub fn cache_dirs(&self) -> Vec<PathBuf> {
        self.cache
            .iter()
            .cloned()
            .chain(crate::cache::default_dir())
            .collect()
    }

    /// Who is reviewing: the setting, else the login name.
    pub fn reviewer(&self) -> String {
        self.reviewer
            .clone()
            .filter(|name| !name.trim().is_empty())
            .unwrap_or_else(login_name)
    }
}

/// Today by the local clock, read as the review file dates its changes (SQLite's `localtime`),
/// else by UTC. `LVZHI_TODAY=YYYY-MM-DD` fixes it for tests only: no setting, not in the manual.
pub fn today() -> Date {
    if let Some(day) = std::env::var("LVZHI_TODAY")
        .ok()
        .and_then(|text| Date::parse_iso(&text))
    {
        return day;
    }
    Date::today().unwrap_or_else(|| {
        let seconds = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Date::from_unix_days(i64::try_from(seconds / 86_400).unwrap_or(0))
    })
}

pub(super) fn login_name() -> String {
    // The account, not the environment: USER is often unset under tmux, cron or sudo.
    whoami::username()
        .ok()
        .filter(|name| !name.trim().is_empty())
        .unwrap_or_else(|| "未署名".to_string())
}

impl Context {
    /// The review file: `--review`, else the user's data directory (created if need be).
    pub fn store_path(&self) -> Result<PathBuf> {
        if let Some(path) = &self.review {
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
    pub fn open_stores(&self, datasets: &[Dataset], identities: Vec<String>) -> Result<Vec<Store>> {
        Store::open_all(
            &self.store_path()?,
            datasets.iter().zip(identities),
            &self.reviewer(),
        )
    }

    pub fn open_store(&self, dataset: &Dataset) -> Result<Store> {
        Store::open(&self.store_path()?, dataset, &self.reviewer())
    }

    /// The store a reading command (show, export, register, search) reads: none where the review
    /// file does not exist yet, configured or default (nothing has been marked there yet: reading it
    /// is reading an empty one). Reading creates nothing, neither the file nor its folder; the
    /// first mark or recording does.
    pub fn existing_store(&self, dataset: &Dataset) -> Result<Option<Store>> {
        let Some(path) = self.review.clone().or_else(Store::default_path) else {
            return Ok(None);
        };
        match std::fs::metadata(&path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            // A folder, a device, a file that cannot be read: Store::open says which.
            _ => Store::open(&path, dataset, &self.reviewer()).map(Some),
        }
    }

    /// An export read from a review file not made yet says so on stderr: what it writes is to be
    /// handed on, and a mistyped `--review` would otherwise pass for "nothing reviewed".
    pub fn say_if_missing(&self, what: &str) {
        let Some(path) = self.review.clone().or_else(Store::default_path) else {
            return;
        };
        let missing =
            std::fs::metadata(&path).is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound);
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

    /// Each town's reviews, as `existing_reviews` reads them, for towns whose identities are
    /// known (a province read from the cache holds its towns' names, not their items).
    pub fn existing_reviews_of(
        &self,
        heads: &[Dataset],
        identities: &[String],
    ) -> Result<Vec<Reviews>> {
        let path = self.review.clone().or_else(Store::default_path);
        let Some(path) = path.filter(|p| std::fs::symlink_metadata(p).is_ok()) else {
            return Ok(vec![Reviews::new(); heads.len()]);
        };
        let towns = heads.iter().zip(identities.iter().cloned());
        Store::open_all(&path, towns, &self.reviewer())?
            .iter()
            .map(Store::reviews)
            .collect()
    }

    /// The reviews an export includes (see `existing_store`).
    pub fn existing_reviews(&self, dataset: &Dataset) -> Result<Reviews> {
        match self.existing_store(dataset)? {
            Some(store) => store.reviews(),
            None => Ok(Reviews::new()),
        }
    }
}
