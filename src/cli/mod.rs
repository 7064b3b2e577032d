//! The command line: the options every command shares (`args`), the settings they are
//! resolved with (`config`) into one `Context`, and one file per command under `commands/`.
//! Everything here runs before (and instead of) any terminal setup.

mod args;
mod commands;
pub mod complete;
pub mod config;
mod context;
pub mod data;
mod output;
mod progress;
mod usage;
mod values;

pub use args::Args;
pub use usage::{command, parse_command_line, usage_error};

use args::Command;
use context::Context;

use crate::error::Result;

/// Runs one invocation of `lvzhi`; returns the process exit code. Only dispatches: the
/// settings are resolved once, into the context every command takes.
pub fn run(args: Args) -> Result<i32> {
    if let Some(done) = args.command.as_ref().and_then(Command::without_settings) {
        return done;
    }
    let settings = config::resolve(&config::Sources::from_environment(), &args.flags())?;
    if let Some(Command::Config) = &args.command {
        return commands::config::exec(&settings);
    }
    settings.check_paths()?;
    let ctx = Context::new(&settings);
    match &args.command {
        _ if args.version => commands::version::exec(&ctx),
        None => commands::app::exec(&ctx),
        Some(command) => command.exec(&ctx),
    }
}
