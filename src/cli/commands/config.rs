//! `lvzhi config`: the settings in effect and where each comes from.

use crate::cli::config;
use crate::cli::context::login_name;
use crate::cli::output::emit;
use crate::error::Result;
use crate::inert;
use crate::model::Dataset;
use crate::review::Store;

/// `lvzhi config`: the settings in effect and where each comes from, with what is wrong with
/// them said rather than refused.
pub fn exec(settings: &config::Settings) -> Result<i32> {
    let defaults = config::Defaults {
        data: Dataset::embedded()?.place(),
        review: Store::default_path(),
        cache: crate::cache::default_dir(),
        reviewer: login_name(),
    };
    let mut text = settings.render(&defaults);
    if let Err(problem) = settings.check_paths() {
        text.push_str(&inert::text(&format!("\n# 注意：{problem}\n")));
    }
    emit(&text).map(|()| 0)
}
