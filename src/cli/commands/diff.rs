//! `lvzhi diff`: what changed between two revisions of a town's lists.

use std::io::IsTerminal;
use std::path::PathBuf;

use crate::cli::context::Context;
use crate::cli::output::emit;
use crate::error::Result;
use crate::import;

#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// 旧版本（.json、.txt 或 .xlsx）
    #[arg(value_name = "旧")]
    pub old: PathBuf,
    /// 新版本
    #[arg(value_name = "新")]
    pub new: PathBuf,
    /// 输出 JSON：{added, removed, changed, renumbered}
    #[arg(long)]
    pub json: bool,
}

pub fn exec(ctx: &Context, given: &DiffArgs) -> Result<i32> {
    let (mut old, mut new) = (import::load(&given.old)?, import::load(&given.new)?);
    // The files the user named, not the `source` recorded inside them (often the same
    // published name for both revisions).
    old.source = given.old.display().to_string();
    new.source = given.new.display().to_string();
    let diff = crate::diff::diff(&old, &new);
    let text = if given.json {
        let mut text = crate::inert::json_pretty(&diff);
        text.push('\n');
        text
    } else {
        let color = std::io::stdout().is_terminal() && ctx.color;
        crate::diff::render(&diff, &old, &new, color)
    };
    emit(&text).map(|()| 0)
}
