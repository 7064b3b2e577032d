//! The non-interactive commands. Everything here runs before (and instead of) any terminal setup.

mod args;
mod search;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

pub use args::{Args, Command, ExportFormat, StatusArg};

use crate::error::{Error, Result};
use crate::export::{self, Format};
use crate::import;
use crate::model::{Dataset, ListKind};
use crate::review::{Reviews, Store};
use crate::tui::{self, theme::Theme};

/// Runs one invocation of `lvzhi`; returns the process exit code.
pub fn run(args: Args) -> Result<i32> {
    if args.command.is_none() {
        let dataset = load(args.data.as_deref())?;
        let store = open_store(&args, &dataset)?;
        let options = tui::Options {
            theme: Theme {
                color: color_allowed(args.no_color),
                ascii: args.ascii,
            },
            mouse: args.mouse,
            osc52: !args.no_osc52,
        };
        return tui::run(dataset, store, options);
    }
    run_command(args).map(|()| 0)
}

fn run_command(args: Args) -> Result<()> {
    match &args.command {
        Some(Command::Import {
            files,
            output,
            town,
        }) => import(files, output.as_deref(), town.as_deref()),
        Some(Command::Export {
            format,
            list,
            only_reviewed,
            output,
        }) => {
            let dataset = load(args.data.as_deref())?;
            let reviews = existing_reviews(&args, &dataset)?;
            let format = match format {
                ExportFormat::Json => Format::Json,
                ExportFormat::Csv => Format::Csv,
                ExportFormat::Xlsx => Format::Xlsx,
                ExportFormat::Md => Format::Markdown,
            };
            if format.is_binary() && output.is_none() && std::io::stdout().is_terminal() {
                return Err(Error::BinaryToTerminal {
                    format: format.extension(),
                });
            }
            let options = export::Options {
                list: *list,
                only_reviewed: *only_reviewed,
            };
            let bytes = export::render(&dataset, &reviews, format, options)?;
            match output {
                Some(path) => export::write_atomically(path, &bytes),
                None => emit_bytes(&bytes),
            }
        }
        Some(Command::Mark { id, status, note }) => {
            let dataset = load(args.data.as_deref())?;
            let item = dataset.find(id)?;
            let mut store = open_store(&args, &dataset)?;
            store.change(&item.id, Some(status.0), note.as_deref())?;
            let what = status.0.map_or("未审", |s| s.label());
            let noted = match note.as_deref() {
                Some("") => "，备注已清除",
                Some(_) => "，备注已保存",
                None => "",
            };
            eprintln!(
                "{}：{what}{noted}（{}，{}）",
                item.id,
                store.reviewer(),
                store.path().display()
            );
            Ok(())
        }
        Some(Command::Show { id }) => {
            let dataset = load(args.data.as_deref())?;
            let item = dataset.find(id)?;
            emit(&export::text::item_text(&dataset, item))
        }
        Some(Command::Search {
            query,
            list,
            limit,
            json,
        }) => {
            let dataset = load(args.data.as_deref())?;
            // Only a query about verdicts needs (and opens) the review file.
            let asks_status = crate::search::Query::parse(query).is_ok_and(|q| q.has_status());
            let reviews = if asks_status {
                existing_reviews(&args, &dataset)?
            } else {
                Reviews::new()
            };
            let color = !json && std::io::stdout().is_terminal() && color_allowed(args.no_color);
            emit(&search::run(
                &dataset, &reviews, query, *list, *limit, *json, color,
            )?)
        }
        Some(Command::List { list }) => {
            let dataset = load(args.data.as_deref())?;
            emit(&list_lines(&dataset, *list))
        }
        None => Ok(()),
    }
}

/// Colour unless `--no-color` or a non-empty `NO_COLOR` (https://no-color.org).
fn color_allowed(no_color_flag: bool) -> bool {
    !no_color_flag && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Who is reviewing: `--reviewer`, else the login name.
fn reviewer(args: &Args) -> String {
    // The account, not the environment: USER is often unset under tmux, cron or sudo.
    args.reviewer
        .clone()
        .or_else(|| whoami::username().ok())
        .filter(|name| !name.trim().is_empty())
        .unwrap_or_else(|| "未署名".to_string())
}

/// The review file: `--review`, else the user's data directory (created if need be).
fn store_path(args: &Args) -> Result<PathBuf> {
    if let Some(path) = &args.review {
        return Ok(path.clone());
    }
    let path = Store::default_path().ok_or_else(|| Error::ReviewFile {
        path: "~/.local/share/lvzhi/review.db".into(),
        message: "找不到用户数据目录（没有 HOME）；请用 --review 指定文件".into(),
    })?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|cause| Error::Write {
            path: dir.display().to_string(),
            cause,
        })?;
    }
    Ok(path)
}

fn open_store(args: &Args, dataset: &Dataset) -> Result<Store> {
    Store::open(&store_path(args)?, dataset, &reviewer(args))
}

/// The reviews an export includes: none if there is no default review file yet (nothing has
/// been marked); a `--review` file that does not exist is an error, not an empty export.
fn existing_reviews(args: &Args, dataset: &Dataset) -> Result<Reviews> {
    let path = match &args.review {
        Some(path) if !path.exists() => {
            return Err(Error::Read {
                path: path.display().to_string(),
                cause: std::io::ErrorKind::NotFound.into(),
            });
        }
        Some(path) => path.clone(),
        None => match Store::default_path() {
            Some(path) if path.exists() => path,
            _ => return Ok(Reviews::new()),
        },
    };
    Store::open(&path, dataset, &reviewer(args))?.reviews()
}

/// The embedded dataset, or the one `--data` names.
pub fn load(data: Option<&Path>) -> Result<Dataset> {
    match data {
        Some(path) => Dataset::load(path),
        None => Dataset::embedded(),
    }
}

fn import(files: &[PathBuf], output: Option<&Path>, town: Option<&str>) -> Result<()> {
    let paths: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let (dataset, report) = match paths.as_slice() {
        [one] if !import::is_workbook(one) => {
            let (mut dataset, report) = import::import_text_file(one)?;
            if let Some(town) = town {
                dataset.set_place(town);
            }
            (dataset, report)
        }
        _ => {
            if let Some(text) = paths.iter().find(|p| !import::is_workbook(p)) {
                return Err(Error::Workbook {
                    path: text.display().to_string(),
                    message: "几个文件一起导入时都应是 Excel 工作簿（.xlsx、.xls、.ods）".into(),
                });
            }
            import::import_workbook_files(&paths, town)?
        }
    };
    let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    let mut note = format!(
        "已读入 {}（{}）：{}",
        names.join("、"),
        dataset.place(),
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
    emit_bytes(text.as_bytes())
}

fn emit_bytes(bytes: &[u8]) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::Write {
            path: "标准输出".into(),
            cause: e,
        }),
        _ => Ok(()),
    }
}
