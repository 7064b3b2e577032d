//! `lvzhi config`: the settings as a configuration file would write them, each with where it
//! came from.

use std::path::{Path, PathBuf};

use unicode_width::UnicodeWidthStr;

use super::{Ascii, Origin, Settings};

/// What the defaults are on this machine, for `lvzhi config` to say.
pub struct Defaults {
    /// The embedded dataset ("玛纳斯县六户地镇，…").
    pub data: String,
    pub review: Option<PathBuf>,
    /// The user's own cache folder.
    pub cache: Option<PathBuf>,
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
        let mut lines = self.file_lines(defaults);
        lines.extend([
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
        ]);
        lines.extend(self.letter_lines());
        let width = lines.iter().map(|(l, _)| l.width()).max().unwrap_or(0);
        for (line, origin) in lines {
            let pad = " ".repeat(width - line.width());
            out.push_str(&crate::inert::line(&format!("{line}{pad}  # {origin}")));
            out.push('\n');
        }
        out
    }
}

/// Where a setting came from, or what its default means.
fn default_or(origin: &Origin, default: &str) -> String {
    match origin {
        Origin::Default => default.to_string(),
        origin => origin.to_string(),
    }
}

impl Settings {
    /// The lines of the settings that name files and folders: data, review, cache.
    fn file_lines(&self, defaults: &Defaults) -> Vec<(String, String)> {
        let quote = |s: &str| serde_json::to_string(s).unwrap_or_default();
        let path = |p: &Path| quote(&p.display().to_string());
        let unset = |key: &str, what: String| (format!("# {key} 未设置"), what);
        vec![
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
            match &self.cache.value {
                Some(p) => (
                    format!("cache = {}", path(p)),
                    self.cache.origin.to_string(),
                ),
                None => unset(
                    "cache",
                    match &defaults.cache {
                        Some(p) => format!("用 {}（每个用户各一份）", p.display()),
                        None => "没有用户缓存目录：大数据每次启动都重建索引".into(),
                    },
                ),
            },
        ]
    }
}

impl Settings {
    /// The working days of an answer and the letters' settings, each with where it came from.
    fn letter_lines(&self) -> Vec<(String, String)> {
        let quote = |s: &str| serde_json::to_string(s).unwrap_or_default();
        let unset = |key: &str, what: String| (format!("# {key} 未设置"), what);
        vec![
            (
                format!("answer_days = {}", self.answer_days.value),
                default_or(
                    &self.answer_days.origin,
                    "默认：县里对报批（准入）事项作出决定的工作日数",
                ),
            ),
            (
                format!("letter.sender = {}", quote(&self.letter_sender.value)),
                default_or(
                    &self.letter_sender.origin,
                    "默认：函的落款，{town}、{county} 换成数据里的乡镇、县",
                ),
            ),
            (
                format!("letter.office = {}", quote(&self.letter_office.value)),
                default_or(
                    &self.letter_office.origin,
                    "默认：调整申请的主送、情况说明的抄送",
                ),
            ),
            match &self.letter_contact.value {
                Some(contact) => (
                    format!("letter.contact = {}", quote(contact)),
                    self.letter_contact.origin.to_string(),
                ),
                None => unset(
                    "letter.contact",
                    "函末不写联系人；可写如 \"联系人：张三，电话：0994-6601234\"".into(),
                ),
            },
        ]
    }
}
