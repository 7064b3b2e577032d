//! `lvzhi` without a command: the interactive app on the data and review files of the context.

use crate::cli::context::Context;
use crate::error::Result;
use crate::tui::{self, theme::Theme};

/// The interactive app on the data and review files the arguments name.
pub fn exec(ctx: &Context) -> Result<i32> {
    tui::require_terminal()?;
    let opened = ctx.searchable()?;
    let (towns, engine) = (opened.towns, opened.engine);
    let stores = ctx.open_stores(towns.heads(), opened.identities)?;
    let options = tui::Options {
        theme: Theme {
            color: ctx.color,
            ascii: ctx.ascii,
        },
        probe_width: ctx.probe_width.then(probe_timeout),
        mouse: ctx.mouse,
        osc52: ctx.osc52,
        letterhead: ctx.letterhead.clone(),
        answer_days: ctx.answer_days,
        today: crate::cli::context::today,
    };
    let meaning = crate::meaning::find(ctx.model.as_deref());
    let resume = tui::resume::Resume::for_user(&ctx.reviewer(), &towns.label());
    tui::run(towns, engine, stores, options, meaning, resume)
}

/// How long the terminal may take to say how wide it draws ─: `LVZHI_PROBE_MS` for a link so
/// slow that the answer comes later than the default.
fn probe_timeout() -> std::time::Duration {
    std::env::var("LVZHI_PROBE_MS")
        .ok()
        .and_then(|ms| ms.trim().parse().ok())
        .map_or(tui::probe::TIMEOUT, std::time::Duration::from_millis)
}
