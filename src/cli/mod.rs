//! The non-interactive commands. Everything here runs before (and instead of) any terminal setup.

mod admit;
mod args;
mod check;
pub mod complete;
pub mod config;
pub mod data;
mod progress;
mod search;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

pub use args::{Args, Command, ExportFormat, StatusArg, usage_error};

use crate::error::{Error, Result};
use crate::export::{self, Format};
use crate::import;
use crate::inert;
use crate::model::{Dataset, ListKind};
use crate::review::{Reviews, Store};
use crate::search::Engine;
use crate::towns::Towns;
use crate::tui::{self, theme::Theme};

/// Runs one invocation of `lvzhi`; returns the process exit code.
pub fn run(mut args: Args) -> Result<i32> {
    // Generated at packaging time: no configuration of this machine belongs in them.
    match &args.command {
        Some(Command::Completions { shell }) => {
            return emit_bytes(&complete::registration(*shell)).map(|()| 0);
        }
        Some(Command::Manpage) => return emit_bytes(&manpage()?).map(|()| 0),
        _ => {}
    }
    let settings = config::resolve(&config::Sources::from_environment(), &args.flags())?;
    if let Some(Command::Config) = &args.command {
        let defaults = config::Defaults {
            data: Dataset::embedded()?.place(),
            review: Store::default_path(),
            reviewer: login_name(),
        };
        let mut text = settings.render(&defaults);
        if let Err(problem) = settings.check_paths() {
            text.push_str(&inert::text(&format!("\n# 注意：{problem}\n")));
        }
        return emit(&text).map(|()| 0);
    }
    settings.check_paths()?;
    settle(&mut args, &settings);
    let Some(command) = &args.command else {
        tui::require_terminal()?;
        let (towns, engine, key) = searchable(&args)?;
        let identities = crate::cache::identities(
            towns.datasets(),
            key,
            crate::cache::default_dir().as_deref(),
        );
        let stores = open_stores(&args, towns.datasets(), identities)?;
        let options = tui::Options {
            theme: Theme {
                color: args.color,
                ascii: args.ascii,
            },
            probe_width: (settings.ascii.value == config::Ascii::Auto).then(probe_timeout),
            mouse: args.mouse,
            osc52: args.osc52,
        };
        return tui::run(towns, engine, stores, options);
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
        } => {
            let towns = data::load_all(&args.data)?;
            if *register {
                return export_register(&args, &towns, *format, output.as_deref());
            }
            let reviews = towns
                .iter()
                .map(|dataset| existing_reviews(&args, dataset))
                .collect::<Result<Vec<_>>>()?;
            let format = export_format(*format, output.as_deref())?;
            let options = export::Options {
                list: *list,
                only_reviewed: *only_reviewed,
            };
            let pairs: Vec<(&Dataset, &Reviews)> = towns.iter().zip(&reviews).collect();
            let bytes = export::render_towns(&pairs, format, options)?;
            match output {
                Some(path) => export::write_atomically(path, &bytes),
                None => emit_bytes(&bytes),
            }
            .map(|()| 0)
        }
        Command::Mark { id, status, note } => {
            let towns = data::load_all(&args.data)?;
            let (town, item) = data::find_item(&towns, id)?;
            let mut store = open_store(&args, &towns[town])?;
            store.change(&item.id, Some(status.0), note.as_deref())?;
            let what = status.0.map_or("未审", |s| s.label());
            let noted = match note.as_deref() {
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
        Command::Diff { old, new, json } => {
            let (old_path, new_path) = (old, new);
            let (mut old, mut new) = (import::load(old_path)?, import::load(new_path)?);
            // The files the user named, not the `source` recorded inside them (often the same
            // published name for both revisions).
            old.source = old_path.display().to_string();
            new.source = new_path.display().to_string();
            let diff = crate::diff::diff(&old, &new);
            let text = if *json {
                let mut text = crate::inert::json_pretty(&diff);
                text.push('\n');
                text
            } else {
                let color = std::io::stdout().is_terminal() && args.color;
                crate::diff::render(&diff, &old, &new, color)
            };
            emit(&text).map(|()| 0)
        }
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
        Command::Admit(admit) => admit_command(&args, admit),
        // Answered before the settings were applied.
        Command::Completions { .. } | Command::Manpage | Command::Config => Ok(0),
        Command::Register { json, action } => register_command(&args, *json, action.as_ref()),
    }
}

/// The towns `--data` names and their search engine (from the index cache when the data is
/// large and unchanged), with a progress line on a terminal while that takes a while; and their
/// cache key.
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
    use clap::CommandFactory;
    let failed = |cause| Error::Write {
        path: "man 手册页".into(),
        cause,
    };
    let man = clap_mangen::Man::new(Args::command());
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

fn export_format(format: ExportFormat, output: Option<&Path>) -> Result<Format> {
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
    Ok(format)
}

/// The one town a notice is read against: the only one loaded, or the one `--town` names.
fn admit_town<'a>(towns: &'a [Dataset], name: Option<&str>) -> Result<&'a Dataset> {
    let names = || data::town_names(towns);
    match (name, towns) {
        (None, [only]) => Ok(only),
        (None, _) => Err(Error::NoSuchTown {
            input: String::new(),
            towns: format!("{}；载入了几个乡镇时，请用 --town 指定对照哪一个", names()),
        }),
        (Some(name), _) => towns
            .iter()
            .find(|d| d.town == name || d.place().ends_with(name))
            .ok_or_else(|| Error::NoSuchTown {
                input: name.to_string(),
                towns: names(),
            }),
    }
}

/// The notice's text: the words given, standard input for `-`, or the file.
fn notice_text(text: &[String], file: Option<&Path>) -> Result<String> {
    use std::io::Read;
    let mut parts = Vec::new();
    if let Some(path) = file {
        parts.push(crate::admit::input::read_file(path)?);
    }
    for word in text {
        if word == "-" {
            let mut bytes = Vec::new();
            std::io::stdin()
                .lock()
                .take(crate::admit::input::MAX_BYTES)
                .read_to_end(&mut bytes)
                .map_err(|cause| Error::Read {
                    path: "标准输入".into(),
                    cause,
                })?;
            parts.push(crate::admit::input::read_bytes(&bytes).map_err(|problem| {
                Error::Notice {
                    path: "（标准输入）".into(),
                    problem: problem.to_string(),
                }
            })?);
        } else {
            parts.push(word.clone());
        }
    }
    let joined = parts.join("\n");
    if joined.trim().is_empty() {
        return Err(Error::Notice {
            path: if file.is_some() || text.iter().any(|t| t == "-") {
                "（给的文件或标准输入）".into()
            } else {
                "（命令行）".into()
            },
            problem: crate::admit::input::NoticeError::Empty.to_string(),
        });
    }
    Ok(joined)
}

fn admit_command(args: &Args, admit: &args::AdmitArgs) -> Result<i32> {
    let args::AdmitArgs {
        text,
        file,
        json,
        town,
        record,
        from,
        channel,
        doc_ref,
        deadline,
        received,
        outcome,
    } = admit;
    let notice = notice_text(text, file.as_deref())?;
    let towns = data::load_all(&args.data)?;
    let dataset = admit_town(&towns, town.as_deref())?;
    let admitter = crate::admit::Admitter::new(dataset);
    // The town's register is its memory: a task like one recorded before shows what was decided.
    // A review file not made yet has none (recording makes it).
    let register = match &args.review {
        Some(path) if !path.exists() => Vec::new(),
        _ => match existing_store(args, dataset)? {
            Some(store) => store.register()?,
            None => Vec::new(),
        },
    };
    let precedents: Vec<_> = register.iter().map(|e| e.recorded()).collect();
    let admission = admitter.admit_with(dataset, &notice, &precedents);
    let recorded = if *record {
        // The notice's own reading, with what the command line says instead.
        let entries: Vec<_> = admission
            .tasks
            .iter()
            .map(|task| {
                let mut entry = crate::review::register::Request::for_task(&admission, task);
                if file.is_some() {
                    entry.channel = crate::review::register::Channel::Document;
                }
                entry.channel = channel.unwrap_or(entry.channel);
                entry.received = received.clone().unwrap_or_default();
                entry.source = from.clone().unwrap_or(entry.source);
                entry.doc_ref = doc_ref.clone().unwrap_or(entry.doc_ref);
                entry.deadline = deadline.clone().unwrap_or(entry.deadline);
                entry.outcome = outcome.unwrap_or(entry.outcome);
                entry
            })
            .collect();
        let mut store = open_store(args, dataset)?;
        let recordings = store.record(&entries)?;
        Some((recordings, store.path().display().to_string()))
    } else {
        None
    };
    let text = if *json {
        let mut text = inert::json_pretty(&admission);
        text.push('\n');
        text
    } else {
        let color = std::io::stdout().is_terminal() && args.color;
        admit::render(&admission, &dataset.town, color)
    };
    emit(&text)?;
    if let Some((recordings, path)) = recorded {
        use crate::review::register::Recording;
        let mut numbers = Vec::new();
        for (task, recording) in recordings.iter().enumerate() {
            match recording {
                Recording::New(number) => numbers.push(*number),
                // A task read before is not recorded twice.
                Recording::Already(number) => {
                    eprintln!("第 {} 项任务已登记为第 {number} 号，没有再记", task + 1)
                }
            }
        }
        let range = match (numbers.first(), numbers.last()) {
            (Some(a), Some(b)) if a != b => format!("第 {a}–{b} 号"),
            (Some(a), _) => format!("第 {a} 号"),
            _ => "没有新的任务".into(),
        };
        eprintln!(
            "{}",
            inert::text(&format!(
                "已记入登记台账：{} 项，{range}（{path}）",
                numbers.len()
            ))
        );
    }
    Ok(0)
}

/// `register set N`: the entry of whichever town has it, changed; a verdict and an item are
/// checked against that town's lists before anything is written.
fn set_entry(
    args: &Args,
    towns: &[Dataset],
    number: i64,
    mut edit: crate::review::register::EntryEdit,
) -> Result<i32> {
    use crate::admit::Verdict;
    for dataset in towns {
        let mut store = open_store(args, dataset)?;
        let Some(entry) = store.register()?.into_iter().find(|e| e.number == number) else {
            continue;
        };
        if edit.verdict.is_some() || edit.item.is_some() {
            // An item alone brings its list; a list alone keeps the item if it is that list's.
            let item = edit.item.clone().or_else(|| {
                let kept = dataset.find(&entry.request.item).ok()?;
                edit.verdict
                    .is_some_and(|v| v == Verdict::of(kept.list))
                    .then(|| kept.id.clone())
            });
            let verdict = match (edit.verdict, item.as_deref()) {
                (Some(v), _) => v,
                (None, Some(id)) => Verdict::of(dataset.find(id)?.list),
                (None, None) => Verdict::Outside,
            };
            let item = crate::review::register::check_decision(dataset, verdict, item.as_deref())
                .map_err(|problem| Error::Decision { number, problem })?;
            edit.verdict = Some(verdict);
            edit.item = Some(item.unwrap_or_default());
        }
        let entry = store.edit_entry(number, &edit)?;
        let decision = match entry.request.item.as_str() {
            "" => entry.request.verdict.label().to_string(),
            item => format!("{} {item}", entry.request.verdict.label()),
        };
        eprintln!(
            "{}",
            inert::text(&format!(
                "第 {} 号：{}，{}（{}，{}）",
                entry.number,
                decision,
                entry.request.outcome.label(),
                store.reviewer(),
                store.path().display()
            ))
        );
        return Ok(0);
    }
    Err(Error::NoSuchEntry { number })
}

/// Each town's register entries (none where there is no review file yet).
fn existing_registers(
    args: &Args,
    towns: &[Dataset],
) -> Result<Vec<Vec<crate::review::register::Entry>>> {
    towns
        .iter()
        .map(|dataset| match existing_store(args, dataset)? {
            Some(store) => store.register(),
            None => Ok(Vec::new()),
        })
        .collect()
}

fn register_command(args: &Args, json: bool, action: Option<&args::RegisterAction>) -> Result<i32> {
    let towns = data::load_all(&args.data)?;
    if let Some(args::RegisterAction::Set {
        number,
        outcome,
        approval,
        note,
        verdict,
        item,
    }) = action
    {
        let edit = crate::review::register::EntryEdit {
            outcome: *outcome,
            approval: approval.clone(),
            note: note.clone(),
            verdict: *verdict,
            item: item.clone(),
        };
        return set_entry(args, &towns, *number, edit);
    }
    let registers = existing_registers(args, &towns)?;
    let entries: Vec<(&str, &crate::review::register::Entry)> = towns
        .iter()
        .zip(&registers)
        .flat_map(|(d, entries)| entries.iter().map(move |e| (d.town.as_str(), e)))
        .collect();
    if json {
        let bytes = crate::export::register::render(&entries, Format::Json)?;
        return emit_bytes(&bytes).map(|()| 0);
    }
    if entries.is_empty() {
        eprintln!("登记台账是空的：用 lvzhi admit … --record 登记收到的任务");
        return Ok(0);
    }
    let several = towns.len() > 1;
    let mut text = format!(
        "登记号\t{}收文日期\t来文部门\t判断\t对应事项\t处理结果\t任务\t备注\tlvzhi 原建议\n",
        if several { "乡镇\t" } else { "" }
    );
    for (town, e) in entries {
        let town = if several {
            format!("{town}\t")
        } else {
            String::new()
        };
        // What lvzhi said, where a person decided otherwise (and who).
        let suggested = if e.request.overridden() {
            let s = &e.request.suggested;
            format!(
                "{} {}（{}改定）",
                s.verdict.label(),
                if s.item.is_empty() { "-" } else { &s.item },
                e.decided_by.as_deref().unwrap_or("")
            )
        } else {
            String::new()
        };
        text.push_str(&format!(
            "{}\t{town}{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
            e.number,
            inert::line(&e.request.received),
            inert::line(&e.request.source),
            e.request.verdict.label(),
            if e.request.item.is_empty() {
                "-"
            } else {
                &e.request.item
            },
            e.request.outcome.label(),
            inert::line(&e.request.task),
            inert::line(&e.request.note),
            inert::line(&suggested),
        ));
    }
    emit(&text).map(|()| 0)
}

fn export_register(
    args: &Args,
    towns: &[Dataset],
    format: ExportFormat,
    output: Option<&Path>,
) -> Result<i32> {
    let format = export_format(format, output)?;
    let registers = existing_registers(args, towns)?;
    let entries: Vec<(&str, &crate::review::register::Entry)> = towns
        .iter()
        .zip(&registers)
        .flat_map(|(d, entries)| entries.iter().map(move |e| (d.town.as_str(), e)))
        .collect();
    let bytes = crate::export::register::render(&entries, format)?;
    match output {
        Some(path) => export::write_atomically(path, &bytes),
        None => emit_bytes(&bytes),
    }
    .map(|()| 0)
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
}

/// Who is reviewing: the setting, else the login name.
fn reviewer(args: &Args) -> String {
    args.reviewer
        .clone()
        .filter(|name| !name.trim().is_empty())
        .unwrap_or_else(login_name)
}

fn login_name() -> String {
    // The account, not the environment: USER is often unset under tmux, cron or sudo.
    whoami::username()
        .ok()
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

/// Every town's store, its reviews filed under `identities` (one per town, in order), over
/// one connection to the review file.
fn open_stores(args: &Args, datasets: &[Dataset], identities: Vec<String>) -> Result<Vec<Store>> {
    Store::open_all(
        &store_path(args)?,
        datasets.iter().zip(identities),
        &reviewer(args),
    )
}

fn open_store(args: &Args, dataset: &Dataset) -> Result<Store> {
    Store::open(&store_path(args)?, dataset, &reviewer(args))
}

/// The store an export reads: none if there is no default review file yet (nothing has been
/// marked); a `--review` file that does not exist is an error, not an empty export.
fn existing_store(args: &Args, dataset: &Dataset) -> Result<Option<Store>> {
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
            _ => return Ok(None),
        },
    };
    Store::open(&path, dataset, &reviewer(args)).map(Some)
}

/// The reviews an export includes (see `existing_store`).
fn existing_reviews(args: &Args, dataset: &Dataset) -> Result<Reviews> {
    match existing_store(args, dataset)? {
        Some(store) => store.reviews(),
        None => Ok(Reviews::new()),
    }
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
