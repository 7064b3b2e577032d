//! `lvzhi show`: one item whole, with its review.

use crate::cli::context::Context;
use crate::cli::data;
use crate::cli::output::emit;
use crate::error::Result;
use crate::export;

#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// 事项编号
    #[arg(add = crate::cli::complete::item_ids(), value_name = "编号")]
    pub id: String,
}

pub fn exec(ctx: &Context, given: &ShowArgs) -> Result<i32> {
    let towns = ctx.towns()?;
    let (town, item) = data::find_item(&towns, &given.id)?;
    let reviews = ctx.existing_reviews(&towns[town])?;
    let mut text = export::text::item_text(&towns[town], item);
    text.push_str(&export::text::review_text(reviews.get(&item.id)));
    emit(&text).map(|()| 0)
}
