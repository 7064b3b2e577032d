//! `lvzhi admit`: a notice read task by task, as text for the clerk or JSON for scripts.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use crate::cli::context::Context;
use crate::cli::data;
use crate::cli::output::emit;
use crate::error::{Error, Result};
use crate::model::Dataset;
use crate::review::register::{Channel, Outcome};

use crate::admit::Admission;
use crate::inert;

mod given;
mod render;

/// The one town a notice is read against: the only one loaded, or the one `--town` names.
pub(crate) fn admit_town<'a>(towns: &'a [Dataset], name: Option<&str>) -> Result<&'a Dataset> {
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

/// `lvzhi admit`: the notice read against one town's lists and their register, printed as
/// text or JSON, its tasks recorded with `--record`.
/// The second opinion by meaning, when the model is installed: the town's items read once and
/// kept in the cache. A model that cannot be read is said, and the command goes on without it.
fn sense(configured: Option<&Path>, dataset: &Dataset) -> Option<crate::admit::Sense> {
    let path = crate::meaning::find(configured)?;
    let model = match crate::meaning::Model::open(&path) {
        Ok(model) => std::sync::Arc::new(model),
        Err(e) => {
            eprintln!("语义模型读不了，只按字词比对：{e}");
            return None;
        }
    };
    let dir = crate::cache::default_dir();
    crate::admit::Sense::new(model, dataset, dir.as_deref(), false, &mut |items| {
        eprintln!(
            "语义模型第一次读这份清单的 {items} 项事项，要一两分钟；读完存入缓存，下次不再等。"
        );
    })
}

/// What `lvzhi admit` is given.
#[derive(Debug, clap::Args)]
pub struct AdmitArgs {
    /// 通知的文字（可给几段，合成一份）；给 - 则从标准输入读
    #[arg(value_name = "文字")]
    pub text: Vec<String>,
    /// 通知文件或文件夹（可给几个）：.docx .doc .wps .pdf .ofd，任务分解表、考核细则 .xlsx .xls .et .csv，或 .txt（UTF-8 或 GBK）；文件夹读其中每个通知文件
    #[arg(short, long, value_name = "文件")]
    pub file: Vec<PathBuf>,
    /// 输出 JSON：{title, date, tasks: [{text, line, verdict, sure, matches, advice, acts, flags…}], flags}；不确定的任务另有 doubt，表格的行另有 lead、responsible、points、notes；读几份通知时外面是 notices（每份多一个 file）和 skipped（读不了的文件）；各字段见 docs/admit.md
    #[arg(long)]
    pub json: bool,
    /// 输出一张任务判断表（每项任务一行：序号、文件、来文单位、文号、任务、判断、对应事项、建议、时限、负担信号）：xlsx|csv|md；json 同 --json
    #[arg(long, value_enum, value_name = "格式")]
    pub format: Option<crate::cli::output::ExportFormat>,
    /// 判断表写到这个文件（和 --format 一起给；不给则写到标准输出，xlsx 不写到终端）
    #[arg(short, long, value_name = "文件", requires = "format")]
    pub output: Option<PathBuf>,
    /// 不用语义模型（装了 lvzhi-model 时），只按字词比对
    #[arg(long)]
    pub no_meaning: bool,
    /// 载入几个乡镇时，对照哪个乡镇的清单
    #[arg(long, value_name = "乡镇")]
    pub town: Option<String>,
    /// 把找到的任务记入登记台账（审核记录文件里）
    #[arg(long)]
    pub record: bool,
    /// 来文部门（--record 时；不给则取通知落款）
    #[arg(long = "from", value_name = "部门")]
    pub from: Option<String>,
    /// 来文渠道：文件|会议|电话|微信|12345|其他（或 document|meeting|phone|wechat|hotline|other）
    #[arg(long, value_parser = crate::cli::values::parse_channel, value_name = "渠道")]
    pub channel: Option<Channel>,
    /// 文号（不给则取通知里的文号）
    #[arg(long = "ref", value_name = "文号")]
    pub doc_ref: Option<String>,
    /// 办结时限，给通知里没写时限的任务：2026-12-05、12月5日、12-05、明天、下周五、月底……（没写年份的、明天、下周五按收文日期算）。通知给了时限的任务用通知的，不被覆盖
    #[arg(long, value_name = "时限", value_parser = crate::cli::values::parse_deadline)]
    pub deadline: Option<String>,
    /// 收文日期，如 2026-11-30 或 2026年11月30日（默认今天）
    #[arg(long, value_name = "日期", value_parser = crate::cli::values::parse_date)]
    pub received: Option<String>,
    /// 处理结果：退回|承接|报批|已准入|待定（或 return|accept|submit|admitted|pending）；默认按判断
    #[arg(long, value_parser = crate::cli::values::parse_outcome, value_name = "处理结果")]
    pub outcome: Option<Outcome>,
}

pub fn exec(ctx: &Context, admit: &AdmitArgs) -> Result<i32> {
    let format = admit
        .format
        .map(|f| crate::cli::output::export_format(f, admit.output.as_deref()))
        .transpose()?;
    let given = given::notices(&admit.text, &admit.file)?;
    let towns = ctx.towns()?;
    let dataset = admit_town(&towns, admit.town.as_deref())?;
    let sense = (!admit.no_meaning)
        .then(|| sense(ctx.model.as_deref(), dataset))
        .flatten();
    let admitter = crate::admit::Admitter::new(dataset).with_sense(sense);
    // The town's register is its memory: a task like one recorded before shows what was decided.
    // A review file not made yet has none (recording makes it).
    let register = match ctx.existing_store(dataset)? {
        Some(store) => store.register()?,
        None => Vec::new(),
    };
    let precedents: Vec<_> = register.iter().map(|e| e.recorded()).collect();
    let mut budget = crate::admit::MEANING_BUDGET;
    let progress = given.several && std::io::stderr().is_terminal();
    let admissions: Vec<(&given::Given, Admission)> = given
        .notices
        .iter()
        .enumerate()
        .map(|(i, notice)| {
            if progress {
                eprint!(
                    "\r\x1b[K读第 {}/{} 份：{}",
                    i + 1,
                    given.notices.len(),
                    inert::line(&notice.file)
                );
            }
            let admission = admitter.admit_within(dataset, &notice.text, &precedents, &mut budget);
            (notice, admission)
        })
        .collect();
    if progress {
        eprint!("\r\x1b[K");
    }
    for skipped in &given.skipped {
        eprintln!(
            "{}",
            inert::line(&format!("跳过 {}：{}", skipped.file, skipped.problem))
        );
    }
    let recorded = if admit.record {
        Some(record(ctx, dataset, admit, &admissions)?)
    } else {
        None
    };
    let named: Vec<(&str, &Admission)> = admissions
        .iter()
        .map(|(notice, admission)| (notice.file.as_str(), admission))
        .collect();
    match format {
        Some(format) if format != crate::export::Format::Json => {
            let unread: Vec<(&str, &str)> = given
                .skipped
                .iter()
                .map(|s| (s.file.as_str(), s.problem.as_str()))
                .collect();
            let bytes = crate::export::verdicts::render(&named, &unread, format)?;
            match &admit.output {
                Some(path) => crate::export::write_atomically(path, &bytes)?,
                None => crate::cli::output::emit_bytes(&bytes)?,
            }
        }
        Some(_) => {
            crate::cli::output::write_output(admit.output.as_deref(), &json(&named, &given))?
        }
        None if admit.json => emit(&json(&named, &given))?,
        None => {
            let color = std::io::stdout().is_terminal() && ctx.color;
            emit(&render::render_all(
                &named,
                &dataset.town,
                color,
                given.several,
            ))?;
        }
    }
    if let Some((recordings, path)) = recorded {
        said_recorded(&recordings, &path);
    }
    Ok(0)
}

/// The JSON: one notice as it always was; several as `{notices: [{file, …}], skipped}`.
fn json(named: &[(&str, &Admission)], given: &given::Notices) -> String {
    #[derive(serde::Serialize)]
    struct Named<'a> {
        file: &'a str,
        #[serde(flatten)]
        admission: &'a Admission,
    }
    #[derive(serde::Serialize)]
    struct Several<'a> {
        notices: Vec<Named<'a>>,
        skipped: &'a [given::Skipped],
    }
    let mut text = match named {
        [(_, only)] if !given.several => inert::json_pretty(only),
        _ => inert::json_pretty(&Several {
            notices: named
                .iter()
                .map(|&(file, admission)| Named { file, admission })
                .collect(),
            skipped: &given.skipped,
        }),
    };
    text.push('\n');
    text
}

/// Records every task of every notice in the register, with what the command line says
/// instead of the notice's own reading; returns what each became and the file written.
fn record(
    ctx: &Context,
    dataset: &Dataset,
    admit: &AdmitArgs,
    admissions: &[(&given::Given, Admission)],
) -> Result<(Vec<crate::review::register::Recording>, String)> {
    let entries: Vec<_> = admissions
        .iter()
        .flat_map(|(notice, admission)| admission.tasks.iter().map(move |t| (notice, admission, t)))
        .map(|(notice, admission, task)| {
            let mut entry = crate::review::register::Request::for_task(admission, task);
            if notice.is_file {
                entry.channel = crate::review::register::Channel::Document;
            }
            entry.channel = admit.channel.unwrap_or(entry.channel);
            entry.received = admit.received.clone().unwrap_or_default();
            entry.source = admit.from.clone().unwrap_or(entry.source);
            entry.doc_ref = admit.doc_ref.clone().unwrap_or(entry.doc_ref);
            // The notice's own deadline for a task stands; the command line's is for the
            // tasks the notice gives none (its day found by `record`, from the day received).
            if let (true, Some(words)) = (entry.deadline_words.is_empty(), &admit.deadline) {
                entry.deadline_words = words.clone();
                entry.deadline = String::new();
            }
            entry.outcome = admit.outcome.unwrap_or(entry.outcome);
            entry
        })
        .collect();
    let mut store = ctx.open_store(dataset)?;
    let recordings = store.record(&entries)?;
    Ok((recordings, store.path().display().to_string()))
}

/// What was recorded, on standard error: the numbers given, and the tasks recorded before.
fn said_recorded(recordings: &[crate::review::register::Recording], path: &str) {
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
