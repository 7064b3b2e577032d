//! `lvzhi help [命令…]`: the help of the command named, as `--help` gives it.

use crate::cli::output::emit;
use crate::cli::usage::{self, command};
use crate::error::{Error, Result};

#[derive(Debug, clap::Args)]
pub struct HelpArgs {
    /// 命令，如 admit 或 register set
    #[arg(value_name = "命令")]
    pub command: Vec<String>,
}

/// `lvzhi help [命令…]`: the help of the command named, as `--help` gives it.
pub fn exec(given: &HelpArgs) -> Result<i32> {
    let path = &given.command;
    let mut command = command();
    let mut at = &mut command;
    for (depth, name) in path.iter().enumerate() {
        at = match at.find_subcommand_mut(name) {
            Some(sub) => sub,
            None => {
                let parent = ["lvzhi"]
                    .into_iter()
                    .chain(path[..depth].iter().map(String::as_str))
                    .collect::<Vec<_>>()
                    .join(" ");
                return Err(Error::NoSuchCommand {
                    name: name.clone(),
                    commands: usage::commands_of(&parent),
                });
            }
        };
    }
    emit(&at.render_help().to_string()).map(|()| 0)
}
