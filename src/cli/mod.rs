//! The non-interactive commands. Everything here runs before (and instead of) any terminal setup.

mod admit;
mod args;
mod check;
pub mod complete;
pub mod config;
pub mod data;
mod output;
mod progress;
mod register;
mod search;
mod stores;
mod usage;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

pub use args::{Args, Command, ExportFormat, StatusArg};
pub use usage::{command, parse_command_line, usage_error};

use crate::error::{Error, Result};
use crate::export;
use crate::import;
use crate::inert;
use crate::model::{Dataset, ListKind};
use crate::review::{Reviews, Store};
use crate::search::Engine;
use crate::towns::Towns;
use crate::tui::{self, theme::Theme};

use output::{emit, emit_bytes, export_format};
use stores::{existing_reviews, login_name, open_store, open_stores};

/// Runs one invocation of `lvzhi`; returns the process exit code.
pub fn run(mut args: Args) -> Result<i32> {
    // Generated at packaging time: no configuration of this machine belongs in them.
    match &args.command {
        Some(Command::Completions { shell }) => {
            return emit_bytes(&complete::registration(*shell)).map(|()| 0);
        }
        Some(Command::Manpage) => return emit_bytes(&manpage()?).map(|()| 0),
        Some(Command::Help { command }) => return help(command),
        _ => {}
    }
    let settings = config::resolve(&config::Sources::from_environment(), &args.flags())?;
    if let Some(Command::Config) = &args.command {
        return show_config(&settings);
    }
    settings.check_paths()?;
    settle(&mut args, &settings);
    if args.version {
        let text = args::version_of(&args.data, args.model.as_deref())?;
        return emit(&format!("{text}\n")).map(|()| 0);
    }
    let Some(command) = &args.command else {
        return app(&args, &settings);
    };
    match command {
        Command::Import {
            files,
            output,
            town,
        } => import(files, output.as_deref(), town.as_deref()),
        Command::Export {
            format,
            list,
            only_reviewed,
            output,
            register,
        } => export_lists(
            &args,
            *format,
            *list,
            *only_reviewed,
            output.as_deref(),
            *register,
        ),
        Command::Mark { id, status, note } => mark(&args, id, *status, note.as_deref()),
        Command::Show { id } => {
            let towns = data::load_all(&args.data)?;
            let (town, item) = data::find_item(&towns, id)?;
            let reviews = existing_reviews(&args, &towns[town])?;
            let mut text = export::text::item_text(&towns[town], item);
            text.push_str(&export::text::review_text(reviews.get(&item.id)));
            emit(&text).map(|()| 0)
        }
        Command::Check { json } => {
            let towns = data::load_for_check(&args.data)?;
            let color = !json && std::io::stdout().is_terminal() && args.color;
            let (text, errors) = check::report(&towns, *json, color);
            emit(&text)?;
            Ok(if errors > 0 { 1 } else { 0 })
        }
        Command::Diff { old, new, json } => diff(args.color, old, new, *json),
        Command::Search {
            query,
            list,
            limit,
            json,
        } => {
            let (towns, engine, _) = searchable(&args)?;
            // Only a query about verdicts needs (and opens) the review file.
            let asks_status = crate::search::Query::parse(query).is_ok_and(|q| q.has_status());
            let reviews = if asks_status {
                towns
                    .datasets()
                    .iter()
                    .map(|dataset| existing_reviews(&args, dataset))
                    .collect::<Result<Vec<_>>>()?
            } else {
                Vec::new()
            };
            let color = !json && std::io::stdout().is_terminal() && args.color;
            let (text, found) =
                search::run(&towns, engine, &reviews, query, *list, *limit, *json, color)?;
            emit(&text).map(|()| if found { 0 } else { 1 })
        }
        Command::List { list } => {
            let towns = data::load_all(&args.data)?;
            emit(&list_lines(&towns, *list)).map(|()| 0)
        }
        Command::Admit(given) => admit::command(&args, given),
        // Answered before the settings were applied.
        Command::Completions { .. } | Command::Manpage | Command::Config | Command::Help { .. } => {
            Ok(0)
        }
        Command::Register { json, action } => register::command(&args, *json, action.as_ref()),
    }
}

/// The towns `--data` names and their search engine (from the index cache when the data is
/// large and unchanged), with a progress line on a terminal while that takes a while; and their
/// cache key.
/// `lvzhi config`: the settings in effect and where each comes from, with what is wrong with
/// them said rather than refused.
fn show_config(settings: &config::Settings) -> Result<i32> {
    let defaults = config::Defaults {
        data: Dataset::embedded()?.place(),
        review: Store::default_path(),
        reviewer: login_name(),
    };
    let mut text = settings.render(&defaults);
    if let Err(problem) = settings.check_paths() {
        text.push_str(&inert::text(&format!("\n# 注意：{problem}\n")));
    }
    emit(&text).map(|()| 0)
}

/// The interactive app on the data and review files the arguments name.
fn app(args: &Args, settings: &config::Settings) -> Result<i32> {
    tui::require_terminal()?;
    let (towns, engine, key) = searchable(args)?;
    let identities = crate::cache::identities(
        towns.datasets(),
        key,
        crate::cache::default_dir().as_deref(),
    );
    let stores = open_stores(args, towns.datasets(), identities)?;
    let options = tui::Options {
        theme: Theme {
            color: args.color,
            ascii: args.ascii,
        },
        probe_width: (settings.ascii.value == config::Ascii::Auto).then(probe_timeout),
        mouse: args.mouse,
        osc52: args.osc52,
    };
    let meaning = crate::meaning::find(args.model.as_deref());
    let resume = tui::resume::Resume::for_user(&stores::reviewer(args), &towns.label());
    tui::run(towns, engine, stores, options, meaning, resume)
}

/// `lvzhi export`: the lists with their reviews, or the register (`--register`).
fn export_lists(
    args: &Args,
    format: ExportFormat,
    list: Option<ListKind>,
    only_reviewed: bool,
    output: Option<&Path>,
    register: bool,
) -> Result<i32> {
    let towns = data::load_all(&args.data)?;
    if register {
        return register::export(args, &towns, format, output);
    }
    let format = export_format(format, output)?;
    let reviews = towns
        .iter()
        .map(|dataset| existing_reviews(args, dataset))
        .collect::<Result<Vec<_>>>()?;
    stores::say_if_missing(args, "导出的清单没有审核结果");
    let options = export::Options {
        list,
        only_reviewed,
    };
    let pairs: Vec<(&Dataset, &Reviews)> = towns.iter().zip(&reviews).collect();
    let bytes = export::render_towns(&pairs, format, options)?;
    match output {
        Some(path) => export::write_atomically(path, &bytes),
        None => emit_bytes(&bytes),
    }
    .map(|()| 0)
}

/// `lvzhi mark`: one verdict (and note) saved, said on stderr with who and where.
fn mark(args: &Args, id: &str, status: StatusArg, note: Option<&str>) -> Result<i32> {
    let towns = data::load_all(&args.data)?;
    let (town, item) = data::find_item(&towns, id)?;
    let mut store = open_store(args, &towns[town])?;
    store.change(&item.id, Some(status.0), note)?;
    let what = status.0.map_or("未审", |s| s.label());
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

/// `lvzhi diff`: what changed between two revisions of a town's lists.
fn diff(color: bool, old_path: &Path, new_path: &Path, json: bool) -> Result<i32> {
    let (mut old, mut new) = (import::load(old_path)?, import::load(new_path)?);
    // The files the user named, not the `source` recorded inside them (often the same
    // published name for both revisions).
    old.source = old_path.display().to_string();
    new.source = new_path.display().to_string();
    let diff = crate::diff::diff(&old, &new);
    let text = if json {
        let mut text = crate::inert::json_pretty(&diff);
        text.push('\n');
        text
    } else {
        let color = std::io::stdout().is_terminal() && color;
        crate::diff::render(&diff, &old, &new, color)
    };
    emit(&text).map(|()| 0)
}

fn searchable(args: &Args) -> Result<(Towns, Engine, u128)> {
    let mut progress = progress::Progress::on_stderr();
    let datasets = data::load_all_with(&args.data, &mut |done, total| progress.towns(done, total))?;
    let key = crate::cache::key(&datasets);
    let (engine, _) = crate::cache::engine(
        &datasets,
        key,
        crate::cache::default_dir().as_deref(),
        &mut || progress.say("建立检索索引…（数据不变时，下次直接读取）", true),
    );
    Ok((Towns::new(datasets), engine, key))
}

/// The man page (roff): the clap definition's sections, then where settings come from, the
/// environment and the exit codes, which clap does not know.
pub fn manpage() -> Result<Vec<u8>> {
    let failed = |cause| Error::Write {
        path: "man 手册页".into(),
        cause,
    };
    let man = clap_mangen::Man::new(command());
    let mut page = Vec::new();
    man.render_title(&mut page).map_err(failed)?;
    // Chinese has no spaces to stretch or words to hyphenate: left-aligned, unbroken.
    page.extend_from_slice(b".ad l\n.nh\n");
    man.render_name_section(&mut page).map_err(failed)?;
    man.render_synopsis_section(&mut page).map_err(failed)?;
    man.render_description_section(&mut page).map_err(failed)?;
    man.render_options_section(&mut page).map_err(failed)?;
    man.render_subcommands_section(&mut page).map_err(failed)?;
    page.extend_from_slice(MAN_FILES.as_bytes());
    page.extend_from_slice(format!(".SH VERSION\n{}\n", args::version()).as_bytes());
    Ok(page)
}

const MAN_FILES: &str = r#".SH FILES
.TP
\fI/etc/lvzhi/config.toml\fR
全服务器的设置：data、review、reviewer、ascii、color、mouse、osc52（TOML）。环境变量 LVZHI_SYSTEM_CONFIG 可改用别的文件。
.TP
\fI~/.config/lvzhi/config.toml\fR
每个用户的设置，覆盖全服务器的。\fBlvzhi config\fR 列出生效的设置和每一项来自哪里。
.TP
\fI~/.local/share/lvzhi/review.db\fR
没有设置 review 时的审核记录文件（SQLite）。
.TP
\fI~/.cache/lvzhi/\fR
大量乡镇（共 2000 项以上，如全省）的检索索引，数据不变时下次直接读取；数据一改自动重建。可随时删除。\fBXDG_CACHE_HOME\fR 可改变位置。
.SH ENVIRONMENT
.TP
\fBLVZHI_DATA\fR, \fBLVZHI_REVIEW\fR, \fBLVZHI_REVIEWER\fR
覆盖配置文件里的 data（几个路径用 : 分隔）、review、reviewer；命令行参数又覆盖它们。
.TP
\fBNO_COLOR\fR
不为空时不用颜色（\fB\-\-color\fR 除外）。
.TP
\fBLVZHI_PROBE_MS\fR
启动时等终端回答字符宽度的毫秒数，默认 150；链路很慢时可加大。
.TP
\fBLVZHI_COMPLETE\fR
由补全脚本设置：程序回答补全后即退出。
.SH "EXIT STATUS"
0 成功；1 其他错误（如写文件失败）；2 输入无法使用（文件、配置、编号、参数），并说明是哪个文件、哪一行。
"#;

/// `lvzhi help [命令…]`: the help of the command named, as `--help` gives it.
fn help(path: &[String]) -> Result<i32> {
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

/// How long the terminal may take to say how wide it draws ─: `LVZHI_PROBE_MS` for a link so
/// slow that the answer comes later than the default.
fn probe_timeout() -> std::time::Duration {
    std::env::var("LVZHI_PROBE_MS")
        .ok()
        .and_then(|ms| ms.trim().parse().ok())
        .map_or(tui::probe::TIMEOUT, std::time::Duration::from_millis)
}

/// Folds the effective settings into the arguments, so every command reads them in one place.
fn settle(args: &mut Args, settings: &config::Settings) {
    args.data = settings.data.value.clone();
    args.review = settings.review.value.clone();
    args.reviewer = settings.reviewer.value.clone();
    args.ascii = settings.ascii.value == config::Ascii::On;
    // NO_COLOR (https://no-color.org) is one of the settings' sources.
    args.color = settings.color.value;
    args.mouse = settings.mouse.value;
    args.osc52 = settings.osc52.value;
    args.model = settings.model.value.clone();
}

fn import(files: &[PathBuf], output: Option<&Path>, town: Option<&str>) -> Result<i32> {
    let paths: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let options = import::Options {
        town,
        keep_going: false,
    };
    let (dataset, report) = import::import_files(&paths, options)?;
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
    if report.repairs.total() > 0 {
        note.push_str(&report.repairs.markdown_table());
    }
    for warning in &report.warnings {
        note.push_str(&format!("注意：{warning}\n"));
    }
    eprint!("{}", inert::text(&note));
    write_output(output.map(Path::to_path_buf), &dataset.to_json()).map(|()| 0)
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

fn write_output(output: Option<PathBuf>, contents: &str) -> Result<()> {
    match output {
        Some(path) => export::write_atomically(&path, contents.as_bytes()),
        None => emit(contents),
    }
}
