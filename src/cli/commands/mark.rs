//! `lvzhi mark`: one verdict (and note) saved, said on stderr with who and where.

use crate::cli::context::Context;
use crate::cli::data;
use crate::cli::values::{StatusArg, parse_status};
use crate::error::Result;
use crate::inert;

#[derive(Debug, clap::Args)]
pub struct MarkArgs {
    /// 事项编号，如 coop-19、c19
    #[arg(add = crate::cli::complete::item_ids(), value_name = "编号")]
    pub id: String,
    /// 同意|有异议|需修改|待核实|未审（或 agree|dispute|change|check|none）
    #[arg(value_parser = parse_status, add = crate::cli::complete::statuses(), value_name = "状态")]
    pub status: StatusArg,
    /// 备注（替换原有备注；给空字符串则清除）
    #[arg(long, value_name = "备注")]
    pub note: Option<String>,
}

pub fn exec(ctx: &Context, given: &MarkArgs) -> Result<i32> {
    let (id, note) = (&given.id, given.note.as_deref());
    let towns = ctx.towns()?;
    let (town, item) = data::find_item(&towns, id)?;
    let mut store = ctx.open_store(&towns[town])?;
    store.change(&item.id, Some(given.status.0), note)?;
    let what = given.status.0.map_or("未审", |s| s.label());
    let noted = match note {
        Some("") => "，备注已清除",
        Some(_) => "，备注已保存",
        None => "",
    };
    let place = if towns.len() > 1 {
        format!("{}/", towns[town].town)
    } else {
        String::new()
    };
    eprintln!(
        "{}",
        inert::text(&format!(
            "{place}{}：{what}{noted}（{}，{}）",
            item.id,
            store.reviewer(),
            store.path().display()
        ))
    );
    Ok(0)
}
