//! The non-interactive commands. Everything here runs before (and instead of) any terminal setup.

mod args;
mod search;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

pub use args::{Args, Command, ExportFormat};

use crate::error::{Error, Result};
use crate::export::{self, Format};
use crate::import;
use crate::model::{Dataset, ListKind};
use crate::tui::{self, theme::Theme};

/// Runs one invocation of `lvzhi`; returns the process exit code.
pub fn run(args: Args) -> Result<i32> {
    if args.command.is_none() {
        let dataset = load(args.data.as_deref())?;
        let options = tui::Options {
            theme: Theme {
                color: color_allowed(args.no_color),
                ascii: args.ascii,
            },
            mouse: args.mouse,
        };
        return tui::run(dataset, options);
    }
    run_command(args).map(|()| 0)
}

fn run_command(args: Args) -> Result<()> {
    match args.command {
        Some(Command::Import { file, output }) => import(&file, output.as_deref()),
        Some(Command::Export { format, output }) => {
            let dataset = load(args.data.as_deref())?;
            let format = match format {
                ExportFormat::Json => Format::Json,
            };
            write_output(output, &export::render(&dataset, format))
        }
        Some(Command::Show { id }) => {
            let dataset = load(args.data.as_deref())?;
            let item = dataset.find(&id)?;
            emit(&export::text::item_text(&dataset, item))
        }
        Some(Command::Search {
            query,
            list,
            limit,
            json,
        }) => {
            let dataset = load(args.data.as_deref())?;
            let color = !json && std::io::stdout().is_terminal() && color_allowed(args.no_color);
            emit(&search::run(&dataset, &query, list, limit, json, color)?)
        }
        Some(Command::List { list }) => {
            let dataset = load(args.data.as_deref())?;
            emit(&list_lines(&dataset, list))
        }
        None => Ok(()),
    }
}

/// Colour unless `--no-color` or a non-empty `NO_COLOR` (https://no-color.org).
fn color_allowed(no_color_flag: bool) -> bool {
    !no_color_flag && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// The embedded dataset, or the one `--data` names.
pub fn load(data: Option<&Path>) -> Result<Dataset> {
    match data {
        Some(path) => Dataset::load(path),
        None => Dataset::embedded(),
    }
}

fn import(file: &Path, output: Option<&Path>) -> Result<()> {
    let (dataset, report) = import::import_text_file(file)?;
    let mut note = format!(
        "已读入 {}：{}",
        file.display(),
        ListKind::ALL
            .iter()
            .map(|&l| format!("{} {}", l.short_name(), dataset.count(l)))
            .collect::<Vec<_>>()
            .join("，")
    );
    note.push_str(&format!("；修复转换痕迹 {} 处\n", report.repairs.total()));
    note.push_str(&report.repairs.markdown_table());
    for warning in &report.warnings {
        note.push_str(&format!("注意：{warning}\n"));
    }
    eprint!("{note}");
    write_output(output.map(Path::to_path_buf), &dataset.to_json())
}

fn list_lines(dataset: &Dataset, list: Option<ListKind>) -> String {
    dataset
        .items
        .iter()
        .filter(|item| list.is_none_or(|l| item.list == l))
        .map(|item| {
            format!(
                "{}\t{}\t{}\t{}\n",
                item.id,
                item.category,
                item.title,
                item.departments.join("、")
            )
        })
        .collect()
}

fn write_output(output: Option<PathBuf>, contents: &str) -> Result<()> {
    match output {
        Some(path) => export::write_atomically(&path, contents.as_bytes()),
        None => emit(contents),
    }
}

/// Writes to standard output; a reader that went away (`| head`) is not an error.
fn emit(text: &str) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::Write {
            path: "标准输出".into(),
            cause: e,
        }),
        _ => Ok(()),
    }
}
