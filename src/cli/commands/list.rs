//! `lvzhi list`: one line per item, for scripts and grep.

use crate::cli::context::Context;
use crate::cli::output::emit;
use crate::cli::values::parse_list;
use crate::error::Result;
use crate::inert;
use crate::model::{Dataset, ListKind};

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// 只列一个清单：basic|coop|recalled（或 基本|配合|收回）
    #[arg(value_parser = parse_list, add = crate::cli::complete::lists(), value_name = "清单")]
    pub list: Option<ListKind>,
}

pub fn exec(ctx: &Context, given: &ListArgs) -> Result<i32> {
    emit(&list_lines(&ctx.towns()?, given.list)).map(|()| 0)
}

/// One line per item; with several towns each line starts with the town.
fn list_lines(towns: &[Dataset], list: Option<ListKind>) -> String {
    let several = towns.len() > 1;
    towns
        .iter()
        .flat_map(|dataset| dataset.items.iter().map(move |item| (dataset, item)))
        .filter(|(_, item)| list.is_none_or(|l| item.list == l))
        .map(|(dataset, item)| {
            // Each field on its own: a tab or a line break in the data never splits a row.
            let town = if several {
                format!("{}\t", inert::line(&dataset.town))
            } else {
                String::new()
            };
            format!(
                "{town}{}\t{}\t{}\t{}\n",
                item.id,
                inert::line(&item.category),
                inert::line(&item.title),
                inert::line(&item.departments.join("、"))
            )
        })
        .collect()
}
