//! Settings, written once: the server's file, then the user's file, then the environment, then
//! the command line; a later one wins. Each setting remembers where it came from, which is what
//! `lvzhi config` prints.

use std::collections::HashMap;
use std::ffi::OsString;
use std::path::PathBuf;

use crate::error::{Error, Result};

mod file;
mod render;

pub use render::Defaults;

/// The whole server's file; `LVZHI_SYSTEM_CONFIG` names another (to try one before installing it).
pub const SYSTEM_FILE: &str = "/etc/lvzhi/config.toml";

/// The keys a configuration file may set, in the order `lvzhi config` prints them.
pub const KEYS: [&str; 13] = [
    "data",
    "review",
    "cache",
    "reviewer",
    "ascii",
    "color",
    "mouse",
    "osc52",
    "model",
    "answer_days",
    "letter.sender",
    "letter.office",
    "letter.contact",
];

/// The environment variables read (NO_COLOR turns `color` off).
const ENV: [&str; 6] = [
    "LVZHI_DATA",
    "LVZHI_REVIEW",
    "LVZHI_CACHE",
    "LVZHI_REVIEWER",
    "LVZHI_MODEL",
    "NO_COLOR",
];

/// Where a setting's value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Default,
    File { path: PathBuf, line: usize },
    Env(&'static str),
    Flag(&'static str),
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::Default => write!(f, "默认"),
            Origin::File { path, line } => write!(f, "{} 第 {line} 行", path.display()),
            Origin::Env(name) => write!(f, "环境变量 {name}"),
            Origin::Flag(flag) => write!(f, "命令行 {flag}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting<T> {
    pub value: T,
    pub origin: Origin,
}

impl<T> Setting<T> {
    fn default(value: T) -> Setting<T> {
        Setting {
            value,
            origin: Origin::Default,
        }
    }

    fn set(&mut self, value: T, origin: Origin) {
        *self = Setting { value, origin };
    }
}

/// Box drawing: decided by probing the terminal, or fixed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ascii {
    Auto,
    On,
    Off,
}

/// The effective settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Empty: the data embedded in the binary.
    pub data: Setting<Vec<PathBuf>>,
    /// None: the file in the user's data directory.
    pub review: Setting<Option<PathBuf>>,
    /// The cache folder a server's users share (issue 29); None: each user's own.
    pub cache: Setting<Option<PathBuf>>,
    /// None: the login name.
    pub reviewer: Setting<Option<String>>,
    pub ascii: Setting<Ascii>,
    pub color: Setting<bool>,
    pub mouse: Setting<bool>,
    pub osc52: Setting<bool>,
    /// The sentence model's file; None: where the lvzhi-model package puts it.
    pub model: Setting<Option<PathBuf>>,
    /// The working days the county has to answer a task submitted for 准入.
    pub answer_days: Setting<u32>,
    /// The letters' 发文机关署名, 编办 and contact line ({town} and {county} are the data's).
    pub letter_sender: Setting<String>,
    pub letter_office: Setting<String>,
    pub letter_contact: Setting<Option<String>>,
    /// The files looked at, in order, and whether each was there.
    pub files: Vec<(PathBuf, bool)>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            data: Setting::default(Vec::new()),
            review: Setting::default(None),
            cache: Setting::default(None),
            reviewer: Setting::default(None),
            ascii: Setting::default(Ascii::Auto),
            color: Setting::default(true),
            mouse: Setting::default(false),
            osc52: Setting::default(true),
            model: Setting::default(None),
            answer_days: Setting::default(crate::workdays::DEFAULT_ANSWER_DAYS),
            letter_sender: Setting::default(crate::letter::DEFAULT_SENDER.into()),
            letter_office: Setting::default(crate::letter::DEFAULT_OFFICE.into()),
            letter_contact: Setting::default(None),
            files: Vec::new(),
        }
    }
}

/// What the command line says; `None` where it says nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Flags {
    pub data: Vec<PathBuf>,
    pub review: Option<PathBuf>,
    pub reviewer: Option<String>,
    pub ascii: Option<bool>,
    pub color: Option<bool>,
    pub mouse: Option<bool>,
    pub osc52: Option<bool>,
}

/// Where settings are read from: the files, in order, and the environment's variables.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    pub files: Vec<PathBuf>,
    pub env: HashMap<&'static str, OsString>,
    /// For `~/` in a file's paths.
    pub home: Option<PathBuf>,
}

impl Sources {
    /// This process's: the server's file, the user's config directory, its environment.
    pub fn from_environment() -> Sources {
        let system = std::env::var_os("LVZHI_SYSTEM_CONFIG")
            .filter(|v| !v.is_empty())
            .map_or_else(|| PathBuf::from(SYSTEM_FILE), PathBuf::from);
        let mut files = vec![system];
        files.extend(user_file());
        let env = ENV
            .iter()
            // An empty variable is an unset one (NO_COLOR= says so in its definition).
            .filter_map(|name| {
                std::env::var_os(name)
                    .filter(|v| !v.is_empty())
                    .map(|v| (*name, v))
            })
            .collect();
        let home = directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf());
        Sources { files, env, home }
    }
}

/// The user's own file, in the config directory `directories` gives (~/.config/lvzhi/).
pub fn user_file() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "lvzhi").map(|d| d.config_dir().join("config.toml"))
}

/// The settings from every source, later ones winning. A file that is there but cannot be
/// used is an error naming the file, line and key: never a silent default.
pub fn resolve(sources: &Sources, flags: &Flags) -> Result<Settings> {
    let mut settings = Settings::default();
    for path in &sources.files {
        let Some(text) = file::read(path)? else {
            settings.files.push((path.clone(), false));
            continue;
        };
        file::apply(&mut settings, path, &text, sources.home.as_deref())?;
        settings.files.push((path.clone(), true));
    }
    apply_env(&mut settings, &sources.env);
    apply_flags(&mut settings, flags);
    Ok(settings)
}

fn apply_env(settings: &mut Settings, env: &HashMap<&'static str, OsString>) {
    let var = |name: &'static str| {
        env.get(name)
            .filter(|v| !v.is_empty())
            .map(|v| (v, Origin::Env(name)))
    };
    if let Some((value, origin)) = var("LVZHI_DATA") {
        let paths = std::env::split_paths(value).collect();
        settings.data.set(paths, origin);
    }
    if let Some((value, origin)) = var("LVZHI_REVIEW") {
        settings.review.set(Some(PathBuf::from(value)), origin);
    }
    if let Some((value, origin)) = var("LVZHI_CACHE") {
        settings.cache.set(Some(PathBuf::from(value)), origin);
    }
    if let Some((value, origin)) = var("LVZHI_REVIEWER") {
        let name = value.to_string_lossy().into_owned();
        settings.reviewer.set(Some(name), origin);
    }
    if let Some((value, origin)) = var("LVZHI_MODEL") {
        settings.model.set(Some(PathBuf::from(value)), origin);
    }
    if let Some((_, origin)) = var("NO_COLOR") {
        settings.color.set(false, origin);
    }
}

fn apply_flags(settings: &mut Settings, flags: &Flags) {
    if !flags.data.is_empty() {
        let origin = Origin::Flag("--data");
        settings.data.set(flags.data.clone(), origin);
    }
    if let Some(path) = &flags.review {
        settings
            .review
            .set(Some(path.clone()), Origin::Flag("--review"));
    }
    if let Some(name) = &flags.reviewer {
        settings
            .reviewer
            .set(Some(name.clone()), Origin::Flag("--reviewer"));
    }
    // The flag of a pair that was given, as its origin.
    let pair = |on: bool, yes, no| Origin::Flag(if on { yes } else { no });
    if let Some(on) = flags.ascii {
        let ascii = if on { Ascii::On } else { Ascii::Off };
        settings.ascii.set(ascii, pair(on, "--ascii", "--no-ascii"));
    }
    for (setting, given, yes, no) in [
        (&mut settings.color, flags.color, "--color", "--no-color"),
        (&mut settings.mouse, flags.mouse, "--mouse", "--no-mouse"),
        (&mut settings.osc52, flags.osc52, "--osc52", "--no-osc52"),
    ] {
        if let Some(on) = given {
            setting.set(on, pair(on, yes, no));
        }
    }
}

impl Settings {
    /// The paths a config file or the environment names must be there (the data) or have a
    /// folder to be made in (the review file): said with the line that set them, since the
    /// user who meets the error did not write it. A flag's path is the command's to report.
    pub fn check_paths(&self) -> Result<()> {
        let missing = |key: &str, origin: &Origin, problem: String| Error::Setting {
            key: key.into(),
            origin: origin.to_string(),
            problem,
        };
        if !matches!(self.data.origin, Origin::Flag(_) | Origin::Default) {
            if let Some(path) = self.data.value.iter().find(|p| !p.exists()) {
                return Err(missing(
                    "data",
                    &self.data.origin,
                    format!("{} 不存在", path.display()),
                ));
            }
        }
        if let (Some(path), Origin::File { .. } | Origin::Env(_)) =
            (&self.review.value, &self.review.origin)
        {
            let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
            if let Some(dir) = dir.filter(|d| !d.is_dir()) {
                return Err(missing(
                    "review",
                    &self.review.origin,
                    format!("审核记录文件所在的文件夹 {} 不存在", dir.display()),
                ));
            }
        }
        if let (Some(dir), Origin::File { .. } | Origin::Env(_)) =
            (&self.cache.value, &self.cache.origin)
        {
            if !dir.is_dir() {
                return Err(missing(
                    "cache",
                    &self.cache.origin,
                    format!("缓存文件夹 {} 不存在", dir.display()),
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
