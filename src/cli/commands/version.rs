//! `lvzhi --version`: the version, the data actually given (or the embedded town) and whether
//! the sentence model is there.

use std::path::PathBuf;

use crate::cli::context::Context;
use crate::cli::output::emit;
use crate::error::Result;
use crate::model::ListKind;

pub fn exec(ctx: &Context) -> Result<i32> {
    let text = version_of(&ctx.data, ctx.model.as_deref())?;
    emit(&format!("{text}\n")).map(|()| 0)
}

/// The version and the data inside the binary: which town, how many items, of which day, and
/// the identity its review marks are kept under (the man page's).
pub fn version() -> &'static str {
    static VERSION: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    VERSION.get_or_init(|| version_text(None))
}

/// `lvzhi --version`: the version and the data actually given, `data` (from `--data` or the
/// settings) or else the embedded town, and whether the sentence model is there.
pub fn version_of(
    data: &[PathBuf],
    model: Option<&std::path::Path>,
) -> crate::error::Result<String> {
    if data.is_empty() {
        return Ok(format!("lvzhi {}", version_text(model)));
    }
    let towns = crate::cli::data::load_all(data)?;
    let counts = |of: &dyn Fn(ListKind) -> usize| {
        ListKind::ALL
            .iter()
            .map(|&l| format!("{} {}", l.short_name(), of(l)))
            .collect::<Vec<_>>()
            .join("、")
    };
    let given = data
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join("、");
    let about = match towns.as_slice() {
        [town] => format!(
            "数据：{}，{}，{}，来自 {given}",
            town.place(),
            counts(&|l| town.count(l)),
            town.identity()
        ),
        _ => {
            const NAMED: usize = 5;
            let mut names: Vec<String> = towns.iter().take(NAMED).map(|t| t.place()).collect();
            if towns.len() > NAMED {
                names.push("…".into());
            }
            format!(
                "数据：{given}，{} 个乡镇（{}），共 {}",
                towns.len(),
                names.join("、"),
                counts(&|l| towns.iter().map(|t| t.count(l)).sum())
            )
        }
    };
    Ok(format!(
        "lvzhi {}（{about}）\n语义模型：{}",
        env!("CARGO_PKG_VERSION"),
        crate::meaning::status(model)
    ))
}

fn version_text(model: Option<&std::path::Path>) -> String {
    let crate_version = env!("CARGO_PKG_VERSION");
    // The model where the package installs it (a `model` setting is shown by `lvzhi config`).
    let model = format!("\n语义模型：{}", crate::meaning::status(model));
    let version = match crate::model::Dataset::embedded() {
        Ok(data) => format!(
            "{crate_version}（内置数据：{}，{}，{} 版，{}）",
            data.place(),
            ListKind::ALL
                .iter()
                .map(|&l| format!("{} {}", l.short_name(), data.count(l)))
                .collect::<Vec<_>>()
                .join("、"),
            crate::model::EMBEDDED_DATE,
            data.identity()
        ),
        Err(_) => crate_version.to_string(),
    };
    version + &model
}
