//! Reading a configuration file: TOML parsed with its spans, so every problem names the file,
//! the line and the key; paths written in it are read against the file's folder and `~`.

use std::path::{Path, PathBuf};

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::error::{Error, Result};

use super::{Ascii, KEYS, Origin, Settings};

/// A configuration file is a few lines; anything far larger is not one.
const CONFIG_LIMIT: u64 = 1024 * 1024;

/// The file's text; None when there is no such file.
pub(super) fn read(path: &Path) -> Result<Option<String>> {
    let bytes = match crate::files::read_capped(path, CONFIG_LIMIT) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(cause) => {
            return Err(Error::Read {
                path: format!("配置文件 {}", path.display()),
                cause,
            });
        }
    };
    String::from_utf8(bytes).map(Some).map_err(|e| {
        let line = line_of(e.as_bytes(), e.utf8_error().valid_up_to());
        config_error(path, format!("第 {line} 行"), "不是 UTF-8 文本".into())
    })
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

pub(super) fn apply(
    settings: &mut Settings,
    path: &Path,
    text: &str,
    home: Option<&Path>,
) -> Result<()> {
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
        let name = key.get_ref().as_ref();
        let (origin, wrong) = place(path, text, key.span().start, name.to_string());
        let wrong = &*wrong;
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
            "review" | "model" | "cache" => {
                let (setting, what) = match name {
                    "review" => (&mut settings.review, "审核记录文件的路径"),
                    "cache" => (&mut settings.cache, "缓存文件夹的路径"),
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
            "answer_days" => settings.answer_days.set(days(value, &wrong)?, origin),
            "letter" => letter(settings, path, text, value)?,
            _ => return Err(wrong(unknown_key())),
        }
    }
    Ok(())
}

/// `answer_days = 15`: a number of working days within a year.
fn days(value: &Spanned<DeValue<'_>>, wrong: &dyn Fn(String) -> Error) -> Result<u32> {
    let days = match value.get_ref() {
        DeValue::Integer(i) => i.as_str().parse::<u32>().ok(),
        _ => None,
    };
    days.filter(|d| (1..=365).contains(d)).ok_or_else(|| {
        wrong(format!(
            "应为 1 到 365 的工作日数（如 15），写的是{}",
            kind(value.get_ref())
        ))
    })
}

fn unknown_key() -> String {
    format!("没有这个设置；可用的有 {}", KEYS.join("、"))
}

/// Where a key was written: the origin a setting from it keeps, and the error naming its line
/// and key.
fn place<'a>(
    path: &'a Path,
    text: &str,
    at: usize,
    key: String,
) -> (Origin, Box<dyn Fn(String) -> Error + 'a>) {
    let line = line_of(text.as_bytes(), at);
    let origin = Origin::File {
        path: path.to_path_buf(),
        line,
    };
    let wrong = move |problem: String| {
        config_error(
            path,
            format!("第 {line} 行 {}", crate::inert::line(&key)),
            problem,
        )
    };
    (origin, Box::new(wrong))
}

/// `[letter]` (or `letter.sender = …`): the letters' sender, 编办 and contact line.
fn letter(
    settings: &mut Settings,
    path: &Path,
    text: &str,
    value: &Spanned<DeValue<'_>>,
) -> Result<()> {
    let DeValue::Table(table) = value.get_ref() else {
        let line = line_of(text.as_bytes(), value.span().start);
        return Err(config_error(
            path,
            format!("第 {line} 行 letter"),
            format!(
                "应为 [letter] 表（sender、office、contact），写的是{}",
                kind(value.get_ref())
            ),
        ));
    };
    for (key, value) in table {
        let name = key.get_ref().as_ref();
        let (origin, wrong) = place(path, text, key.span().start, format!("letter.{name}"));
        let wrong = &*wrong;
        match name {
            "sender" => {
                let sender = non_empty_string(value, &wrong, "发文机关署名")?;
                settings.letter_sender.set(sender, origin);
            }
            "office" => {
                let office = non_empty_string(value, &wrong, "县委编办的全称")?;
                settings.letter_office.set(office, origin);
            }
            "contact" => {
                let contact = non_empty_string(value, &wrong, "联系人和电话")?;
                settings.letter_contact.set(Some(contact), origin);
            }
            _ => return Err(wrong(unknown_key())),
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
