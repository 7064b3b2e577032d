//! `lvzhi completions`: the shell's registration script; completions themselves are answered
//! by the binary (`cli::complete`).

use crate::cli::complete::{self, Shell};
use crate::cli::output::emit_bytes;
use crate::error::Result;

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// 用哪种 shell
    #[arg(value_enum, value_name = "shell")]
    pub shell: Shell,
}

pub fn exec(given: &CompletionsArgs) -> Result<i32> {
    emit_bytes(&complete::registration(given.shell)).map(|()| 0)
}
