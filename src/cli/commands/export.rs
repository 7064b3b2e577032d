//! `lvzhi export`: the lists with their reviews, or the register (`--register`).

use std::path::PathBuf;

use crate::cli::context::Context;
use crate::cli::output::{ExportFormat, emit_bytes, export_format};
use crate::cli::values::parse_list;
use crate::error::Result;
use crate::export;
use crate::model::{Dataset, ListKind};
use crate::review::Reviews;

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// 导出格式
    #[arg(long, value_enum, default_value_t = ExportFormat::Json, value_name = "格式")]
    pub format: ExportFormat,
    /// 只导出一个清单：basic|coop|recalled（或 基本|配合|收回）
    #[arg(long, value_parser = parse_list, add = crate::cli::complete::lists(), value_name = "清单")]
    pub list: Option<ListKind>,
    /// 只导出已审（有审核状态或备注）的事项
    #[arg(long)]
    pub only_reviewed: bool,
    /// 写入的文件；不给则输出到标准输出（xlsx 必须给文件名）
    #[arg(short, long, value_name = "文件")]
    pub output: Option<PathBuf>,
    /// 导出清单外事项登记台账（和按部门、处理结果的统计），不导出清单
    #[arg(long)]
    pub register: bool,
}

pub fn exec(ctx: &Context, given: &ExportArgs) -> Result<i32> {
    let towns = ctx.towns()?;
    let output = given.output.as_deref();
    if given.register {
        return super::register::export(ctx, &towns, given.format, output);
    }
    let format = export_format(given.format, output)?;
    let reviews = towns
        .iter()
        .map(|dataset| ctx.existing_reviews(dataset))
        .collect::<Result<Vec<_>>>()?;
    ctx.say_if_missing("导出的清单没有审核结果");
    let options = export::Options {
        list: given.list,
        only_reviewed: given.only_reviewed,
    };
    let pairs: Vec<(&Dataset, &Reviews)> = towns.iter().zip(&reviews).collect();
    let bytes = export::render_towns(&pairs, format, options)?;
    match output {
        Some(path) => export::write_atomically(path, &bytes),
        None => emit_bytes(&bytes),
    }
    .map(|()| 0)
}
