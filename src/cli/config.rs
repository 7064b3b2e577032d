//! Settings, written once: the server's file, then the user's file, then the environment, then
//! the command line; a later one wins. Each setting remembers where it came from, which is what
//! `lvzhi config` prints.

use std::collections::HashMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

use toml::Spanned;
use toml::de::{DeTable, DeValue};
use unicode_width::UnicodeWidthStr;

use crate::error::{Error, Result};

/// The whole server's file; `LVZHI_SYSTEM_CONFIG` names another (to try one before installing it).
pub const SYSTEM_FILE: &str = "/etc/lvzhi/config.toml";

/// The keys a configuration file may set, in the order `lvzhi config` prints them.
pub const KEYS: [&str; 8] = [
    "data", "review", "reviewer", "ascii", "color", "mouse", "osc52", "model",
];

/// The environment variables read (NO_COLOR turns `color` off).
const ENV: [&str; 5] = [
    "LVZHI_DATA",
    "LVZHI_REVIEW",
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
    /// None: the login name.
    pub reviewer: Setting<Option<String>>,
    pub ascii: Setting<Ascii>,
    pub color: Setting<bool>,
    pub mouse: Setting<bool>,
    pub osc52: Setting<bool>,
    /// The sentence model's file; None: where the lvzhi-model package puts it.
    pub model: Setting<Option<PathBuf>>,
    /// The files looked at, in order, and whether each was there.
    pub files: Vec<(PathBuf, bool)>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            data: Setting::default(Vec::new()),
            review: Setting::default(None),
            reviewer: Setting::default(None),
            ascii: Setting::default(Ascii::Auto),
            color: Setting::default(true),
            mouse: Setting::default(false),
            osc52: Setting::default(true),
            model: Setting::default(None),
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

/// A configuration file is a few lines; anything far larger is not one.
const CONFIG_LIMIT: u64 = 1024 * 1024;

/// The user's own file, in the config directory `directories` gives (~/.config/lvzhi/).
pub fn user_file() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "lvzhi").map(|d| d.config_dir().join("config.toml"))
}

/// The settings from every source, later ones winning. A file that is there but cannot be
/// used is an error naming the file, line and key: never a silent default.
pub fn resolve(sources: &Sources, flags: &Flags) -> Result<Settings> {
    let mut settings = Settings::default();
    for path in &sources.files {
        let text = match crate::files::read_capped(path, CONFIG_LIMIT) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                settings.files.push((path.clone(), false));
                continue;
            }
            Err(cause) => {
                return Err(Error::Read {
                    path: format!("配置文件 {}", path.display()),
                    cause,
                });
            }
        };
        let text = String::from_utf8(text).map_err(|e| {
            let line = line_of(e.as_bytes(), e.utf8_error().valid_up_to());
            config_error(path, format!("第 {line} 行"), "不是 UTF-8 文本".into())
        })?;
        apply_file(&mut settings, path, &text, sources.home.as_deref())?;
        settings.files.push((path.clone(), true));
    }
    apply_env(&mut settings, &sources.env);
    apply_flags(&mut settings, flags);
    Ok(settings)
}

fn config_error(path: &Path, at: String, problem: String) -> Error {
    Error::Config {
        path: path.display().to_string(),
        at,
        problem,
    }
}

/// The 1-based line of a byte offset.
fn line_of(text: &[u8], offset: usize) -> usize {
    1 + text[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

fn apply_file(settings: &mut Settings, path: &Path, text: &str, home: Option<&Path>) -> Result<()> {
    let table = DeTable::parse(text).map_err(|e| {
        let line = e
            .span()
            .map_or(1, |span| line_of(text.as_bytes(), span.start));
        let message = e.message().trim().to_string();
        config_error(
            path,
            format!("第 {line} 行"),
            format!("不是有效的 TOML（{message}）"),
        )
    })?;
    let base = path.parent().unwrap_or(Path::new("."));
    for (key, value) in table.get_ref() {
        let line = line_of(text.as_bytes(), key.span().start);
        let name = key.get_ref().as_ref();
        let origin = Origin::File {
            path: path.to_path_buf(),
            line,
        };
        let wrong = |problem: String| {
            config_error(
                path,
                format!("第 {line} 行 {}", crate::inert::line(name)),
                problem,
            )
        };
        match name {
            "data" => {
                let paths = match value.get_ref() {
                    DeValue::String(s) => vec![s.to_string()],
                    DeValue::Array(items) => items
                        .iter()
                        .map(|item| match item.get_ref() {
                            DeValue::String(s) => Ok(s.to_string()),
                            other => Err(wrong(format!(
                                "数组里应是路径（用引号括起来的字符串），写的是{}",
                                kind(other)
                            ))),
                        })
                        .collect::<Result<_>>()?,
                    other => {
                        return Err(wrong(format!(
                            "应为路径（\"/srv/county\"）或路径的数组，写的是{}",
                            kind(other)
                        )));
                    }
                };
                if paths.is_empty() || paths.iter().any(|p| p.trim().is_empty()) {
                    return Err(wrong("路径不能为空；不设置 data 即用内置数据".into()));
                }
                let paths = paths.iter().map(|p| file_path(p, base, home)).collect();
                settings.data.set(paths, origin);
            }
            // A file's path, relative to the file that names it.
            "review" | "model" => {
                let (setting, what) = match name {
                    "review" => (&mut settings.review, "审核记录文件的路径"),
                    _ => (&mut settings.model, "语义模型文件的路径"),
                };
                let path = non_empty_string(value, &wrong, what)?;
                setting.set(Some(file_path(&path, base, home)), origin);
            }
            "reviewer" => {
                let name = non_empty_string(value, &wrong, "审核人的名字")?;
                settings.reviewer.set(Some(name), origin);
            }
            "ascii" => settings.ascii.set(ascii_value(value, &wrong)?, origin),
            "color" | "mouse" | "osc52" => {
                let DeValue::Boolean(on) = *value.get_ref() else {
                    return Err(wrong(format!(
                        "应为 true 或 false，写的是{}",
                        kind(value.get_ref())
                    )));
                };
                let setting = match name {
                    "color" => &mut settings.color,
                    "mouse" => &mut settings.mouse,
                    _ => &mut settings.osc52,
                };
                setting.set(on, origin);
            }
            _ => {
                return Err(wrong(format!("没有这个设置；可用的有 {}", KEYS.join("、"))));
            }
        }
    }
    Ok(())
}

/// `ascii = true | false | "auto"`.
fn ascii_value(value: &Spanned<DeValue<'_>>, wrong: &dyn Fn(String) -> Error) -> Result<Ascii> {
    match value.get_ref() {
        DeValue::Boolean(true) => Ok(Ascii::On),
        DeValue::Boolean(false) => Ok(Ascii::Off),
        DeValue::String(s) if s == "auto" => Ok(Ascii::Auto),
        other => Err(wrong(format!(
            "应为 true、false 或 \"auto\"，写的是{}",
            kind(other)
        ))),
    }
}

fn non_empty_string(
    value: &Spanned<DeValue<'_>>,
    wrong: &dyn Fn(String) -> Error,
    what: &str,
) -> Result<String> {
    match value.get_ref() {
        DeValue::String(s) if !s.trim().is_empty() => Ok(s.to_string()),
        DeValue::String(_) => Err(wrong(format!("{what}不能为空"))),
        other => Err(wrong(format!(
            "应为{what}（用引号括起来的字符串），写的是{}",
            kind(other)
        ))),
    }
}

/// What a value is, as the error says it ("写的是数字 3").
fn kind(value: &DeValue<'_>) -> String {
    match value {
        DeValue::String(s) => format!("字符串 \"{}\"", crate::inert::line(s)),
        DeValue::Integer(i) => format!("数字 {i}"),
        DeValue::Float(x) => format!("数字 {x}"),
        DeValue::Boolean(b) => format!("布尔值 {b}"),
        DeValue::Datetime(d) => format!("日期 {d}"),
        DeValue::Array(_) => "数组".into(),
        DeValue::Table(_) => "表".into(),
    }
}

/// A path as a file writes it: `~/` is the home directory, a relative path is the file's
/// folder's (so a county's config can name `review.db` beside itself).
fn file_path(written: &str, base: &Path, home: Option<&Path>) -> PathBuf {
    let path = match (written.strip_prefix("~/"), home) {
        (Some(rest), Some(home)) => home.join(rest),
        _ if written == "~" => home.map_or_else(|| PathBuf::from(written), Path::to_path_buf),
        _ => PathBuf::from(written),
    };
    if path.is_relative() {
        base.join(path)
    } else {
        path
    }
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
        Ok(())
    }
}

/// What the defaults are on this machine, for `lvzhi config` to say.
pub struct Defaults {
    /// The embedded dataset ("玛纳斯县六户地镇，…").
    pub data: String,
    pub review: Option<PathBuf>,
    pub reviewer: String,
}

impl Settings {
    /// The settings as a configuration file would write them, each with where it came from:
    /// a line can be copied into a file as it is.
    pub fn render(&self, defaults: &Defaults) -> String {
        let mut out = String::from("# lvzhi 生效的设置；后面的覆盖前面的：");
        let order: Vec<String> = self
            .files
            .iter()
            .map(|(path, _)| path.display().to_string())
            .chain(["环境变量".into(), "命令行".into()])
            .collect();
        out.push_str(&crate::inert::line(&order.join(" → ")));
        out.push('\n');
        for (path, found) in &self.files {
            let state = if *found {
                "已读取"
            } else {
                "没有这个文件"
            };
            out.push_str(&format!(
                "# {}：{state}\n",
                crate::inert::line(&path.display().to_string())
            ));
        }
        out.push('\n');
        let quote = |s: &str| serde_json::to_string(s).unwrap_or_default();
        let path = |p: &Path| quote(&p.display().to_string());
        let unset = |key: &str, what: String| (format!("# {key} 未设置"), what);
        let lines: Vec<(String, String)> = vec![
            if self.data.value.is_empty() {
                unset("data", format!("用内置数据（{}）", defaults.data))
            } else {
                let paths: Vec<String> = self.data.value.iter().map(|p| path(p)).collect();
                (
                    format!("data = [{}]", paths.join(", ")),
                    self.data.origin.to_string(),
                )
            },
            match &self.review.value {
                Some(p) => (
                    format!("review = {}", path(p)),
                    self.review.origin.to_string(),
                ),
                None => unset(
                    "review",
                    match &defaults.review {
                        Some(p) => format!("用 {}", p.display()),
                        None => "没有用户数据目录，请设置".into(),
                    },
                ),
            },
            match &self.reviewer.value {
                Some(name) => (
                    format!("reviewer = {}", quote(name)),
                    self.reviewer.origin.to_string(),
                ),
                None => unset("reviewer", format!("用登录名 {}", defaults.reviewer)),
            },
            (
                format!(
                    "ascii = {}",
                    match self.ascii.value {
                        Ascii::Auto => "\"auto\"",
                        Ascii::On => "true",
                        Ascii::Off => "false",
                    }
                ),
                match (self.ascii.value, &self.ascii.origin) {
                    (Ascii::Auto, Origin::Default) => {
                        "默认：启动时探测终端把 ─ │ “ ” 画成几列宽".into()
                    }
                    (_, origin) => origin.to_string(),
                },
            ),
            (
                format!("color = {}", self.color.value),
                self.color.origin.to_string(),
            ),
            (
                format!("mouse = {}", self.mouse.value),
                self.mouse.origin.to_string(),
            ),
            (
                format!("osc52 = {}", self.osc52.value),
                self.osc52.origin.to_string(),
            ),
            match &self.model.value {
                Some(p) => (
                    format!("model = {}", path(p)),
                    format!("{}；{}", self.model.origin, crate::meaning::status(Some(p))),
                ),
                None => unset("model", crate::meaning::status(None)),
            },
        ];
        let width = lines.iter().map(|(l, _)| l.width()).max().unwrap_or(0);
        for (line, origin) in lines {
            let pad = " ".repeat(width - line.width());
            out.push_str(&crate::inert::line(&format!("{line}{pad}  # {origin}")));
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(dir: &Path, name: &str, text: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    fn sources(files: Vec<PathBuf>, env: &[(&'static str, &str)]) -> Sources {
        Sources {
            files,
            env: env.iter().map(|(k, v)| (*k, OsString::from(v))).collect(),
            home: Some(PathBuf::from("/home/zhang")),
        }
    }

    #[test]
    fn later_sources_win_and_each_setting_says_where_it_came_from() {
        let dir = tempfile::tempdir().unwrap();
        let system = file(
            dir.path(),
            "system.toml",
            "data = \"/srv/county\"\nreview = \"review.db\"\nreviewer = \"系统\"\nmouse = true\nascii = true\n",
        );
        let user = file(
            dir.path(),
            "user.toml",
            "# 我的\nreviewer = \"张三\"\nascii = \"auto\"\n",
        );
        let missing = dir.path().join("none.toml");
        let s = resolve(
            &sources(vec![system.clone(), user.clone(), missing.clone()], &[]),
            &Flags::default(),
        )
        .unwrap();
        assert_eq!(s.data.value, vec![PathBuf::from("/srv/county")]);
        assert_eq!(
            s.data.origin,
            Origin::File {
                path: system.clone(),
                line: 1
            }
        );
        // Relative to the file that names it.
        assert_eq!(s.review.value, Some(dir.path().join("review.db")));
        assert_eq!(s.reviewer.value.as_deref(), Some("张三"));
        assert_eq!(
            s.reviewer.origin,
            Origin::File {
                path: user.clone(),
                line: 2
            }
        );
        assert_eq!(s.ascii.value, Ascii::Auto);
        assert!(s.mouse.value);
        assert_eq!(
            s.files,
            vec![
                (system.clone(), true),
                (user.clone(), true),
                (missing, false)
            ]
        );

        let env = [
            ("LVZHI_REVIEWER", "李四"),
            ("LVZHI_DATA", "/a:/b"),
            ("NO_COLOR", "1"),
        ];
        let s = resolve(
            &sources(vec![system.clone(), user.clone()], &env),
            &Flags::default(),
        )
        .unwrap();
        assert_eq!(s.reviewer.value.as_deref(), Some("李四"));
        assert_eq!(s.reviewer.origin, Origin::Env("LVZHI_REVIEWER"));
        assert_eq!(s.data.value, vec![PathBuf::from("/a"), PathBuf::from("/b")]);
        assert!(!s.color.value);

        let flags = Flags {
            reviewer: Some("王五".into()),
            data: vec![PathBuf::from("town.json")],
            color: Some(true),
            mouse: Some(false),
            ascii: Some(false),
            ..Flags::default()
        };
        let s = resolve(&sources(vec![system, user], &env), &flags).unwrap();
        assert_eq!(s.reviewer.value.as_deref(), Some("王五"));
        assert_eq!(s.reviewer.origin, Origin::Flag("--reviewer"));
        assert_eq!(s.data.value, vec![PathBuf::from("town.json")]);
        assert_eq!(
            s.color,
            Setting {
                value: true,
                origin: Origin::Flag("--color")
            }
        );
        assert_eq!(s.mouse.origin, Origin::Flag("--no-mouse"));
        assert_eq!(s.ascii.value, Ascii::Off);
    }

    /// The file the packages install: accepted as shipped (all commented), and each example
    /// line, uncommented, is a setting lvzhi takes.
    #[test]
    fn the_shipped_config_file_and_its_examples_are_accepted() {
        let shipped = include_str!("../../packaging/config.toml");
        let dir = tempfile::tempdir().unwrap();
        let f = file(dir.path(), "as-shipped.toml", shipped);
        let s = resolve(&sources(vec![f.clone()], &[]), &Flags::default()).unwrap();
        assert_eq!(s.files, vec![(f, true)]);
        assert_eq!(s.data.origin, Origin::Default);
        let examples: Vec<&str> = shipped
            .lines()
            .filter_map(|l| l.strip_prefix("# "))
            .filter(|l| KEYS.iter().any(|k| l.starts_with(&format!("{k} ="))))
            .collect();
        assert_eq!(examples.len(), 6, "{examples:?}");
        let f = file(dir.path(), "examples.toml", &examples.join("\n"));
        let s = resolve(&sources(vec![f], &[]), &Flags::default()).unwrap();
        assert_eq!(s.data.value, vec![PathBuf::from("/srv/lvzhi/county")]);
        assert_eq!(s.review.value, Some(PathBuf::from("/srv/lvzhi/review.db")));
    }

    #[test]
    fn paths_set_elsewhere_that_are_not_there_name_where_they_were_set() {
        let dir = tempfile::tempdir().unwrap();
        // Relative to the file: dir/conty and dir/nowhere, neither of which is there.
        let f = file(
            dir.path(),
            "c.toml",
            "data = [\"conty\"]\nreview = \"nowhere/review.db\"\n",
        );
        let s = resolve(&sources(vec![f.clone()], &[]), &Flags::default()).unwrap();
        let e = s.check_paths().unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert_eq!(
            e.to_string(),
            format!(
                "设置 data（来自 {} 第 1 行）：{} 不存在",
                f.display(),
                dir.path().join("conty").display()
            )
        );
        let env = [("LVZHI_DATA", dir.path().to_str().unwrap())];
        let e = resolve(&sources(vec![f.clone()], &env), &Flags::default())
            .unwrap()
            .check_paths()
            .unwrap_err();
        assert!(e.to_string().starts_with("设置 review（来自 "), "{e}");
        assert!(e.to_string().contains("nowhere 不存在"), "{e}");
        // A flag's path is left to the command, which names it itself.
        let flags = Flags {
            data: vec![PathBuf::from("/no/such")],
            review: Some(PathBuf::from("/no/such/r.db")),
            ..Flags::default()
        };
        assert!(
            resolve(&sources(vec![], &[]), &flags)
                .unwrap()
                .check_paths()
                .is_ok()
        );
    }

    #[test]
    fn home_and_arrays_in_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let f = file(
            dir.path(),
            "c.toml",
            "data = [\"~/towns\", \"/srv/x.json\"]\nreview = \"~/r.db\"\n",
        );
        let s = resolve(&sources(vec![f], &[]), &Flags::default()).unwrap();
        assert_eq!(
            s.data.value,
            vec![
                PathBuf::from("/home/zhang/towns"),
                PathBuf::from("/srv/x.json")
            ]
        );
        assert_eq!(s.review.value, Some(PathBuf::from("/home/zhang/r.db")));
    }

    #[test]
    fn every_bad_file_names_the_file_line_and_key() {
        let cases = [
            ("ascii = \"yes\"\n", "第 1 行 ascii", "\"auto\""),
            ("\n\ncolor = 1\n", "第 3 行 color", "数字 1"),
            ("mouse = \"true\"\n", "第 1 行 mouse", "true 或 false"),
            ("osc52 = []\n", "第 1 行 osc52", "数组"),
            ("colour = false\n", "第 1 行 colour", "没有这个设置"),
            ("data = 3\n", "第 1 行 data", "数字 3"),
            ("data = [\"/a\", 3]\n", "第 1 行 data", "数组里"),
            ("data = []\n", "第 1 行 data", "不能为空"),
            ("review = \"\"\n", "第 1 行 review", "不能为空"),
            ("reviewer = true\n", "第 1 行 reviewer", "字符串"),
            ("[lvzhi]\ndata = \"/a\"\n", "第 1 行 lvzhi", "没有这个设置"),
            ("data = \"/a\"\ndata = \"/b\"\n", "第 2 行", "TOML"),
            ("# 注释\nascii = \n", "第 2 行", "TOML"),
            ("ascii = tru\n", "第 1 行", "TOML"),
        ];
        let dir = tempfile::tempdir().unwrap();
        for (text, at, problem) in cases {
            let f = file(dir.path(), "bad.toml", text);
            let e = resolve(&sources(vec![f.clone()], &[]), &Flags::default()).unwrap_err();
            assert_eq!(e.exit_code(), 2, "{text}");
            let message = e.to_string();
            assert!(
                message.contains(&f.display().to_string()),
                "{text}: {message}"
            );
            assert!(message.contains(at), "{text}: {message}");
            assert!(message.contains(problem), "{text}: {message}");
        }
        let f = dir.path().join("gbk.toml");
        std::fs::write(&f, b"reviewer = \"\xd5\xc5\xc8\xfd\"\n").unwrap();
        let e = resolve(&sources(vec![f], &[]), &Flags::default()).unwrap_err();
        assert!(e.to_string().contains("第 1 行：不是 UTF-8"), "{e}");
        // A folder where the file should be cannot be read: said, not skipped.
        let e = resolve(
            &sources(vec![dir.path().to_path_buf()], &[]),
            &Flags::default(),
        )
        .unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert!(e.to_string().contains("配置文件"), "{e}");
    }

    #[test]
    fn the_rendering_is_a_config_file_with_origins() {
        let dir = tempfile::tempdir().unwrap();
        let f = file(dir.path(), "c.toml", "\nreviewer = \"张\\u001b[31m三\"\n");
        let s = resolve(
            &sources(vec![f.clone()], &[("LVZHI_REVIEW", "/srv/r.db")]),
            &Flags {
                mouse: Some(true),
                ..Flags::default()
            },
        )
        .unwrap();
        let text = s.render(&Defaults {
            data: "玛纳斯县六户地镇".into(),
            review: None,
            reviewer: "root".into(),
        });
        assert!(text.contains("# data 未设置"), "{text}");
        assert!(text.contains("玛纳斯县六户地镇"), "{text}");
        assert!(text.contains("review = \"/srv/r.db\""), "{text}");
        assert!(text.contains("# 环境变量 LVZHI_REVIEW"), "{text}");
        assert!(
            text.contains(&format!("# {} 第 2 行", f.display())),
            "{text}"
        );
        assert!(text.contains("mouse = true"), "{text}");
        assert!(text.contains("# 命令行 --mouse"), "{text}");
        assert!(!text.contains('\x1b'), "{text}");
        // Each setting line, comment taken off, is TOML a file could hold.
        let settings: String = text
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .map(|l| format!("{}\n", l.split("  #").next().unwrap()))
            .collect();
        let again = file(dir.path(), "again.toml", &settings);
        let s2 = resolve(&sources(vec![again], &[]), &Flags::default()).unwrap();
        assert_eq!(s2.reviewer.value, s.reviewer.value);
        assert_eq!(s2.review.value, s.review.value);
        assert_eq!(s2.mouse.value, s.mouse.value);
    }
}
