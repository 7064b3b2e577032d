//! `lvzhi register` and `lvzhi export --register`: the register listed, changed (a verdict and an
//! item checked against the lists first) and exported with its counts.

use std::path::Path;

use crate::admit::Verdict;
use crate::cli::context::Context;
use crate::cli::output::{ExportFormat, emit, emit_bytes, export_format};
use crate::error::{Error, Result};
use crate::export::{self, Format};
use crate::inert;
use crate::model::Dataset;
use crate::review::register::{Answer, Entry, Outcome};

#[derive(Debug, clap::Args)]
pub struct RegisterArgs {
    /// 输出 JSON：{entries: [{number, town, task, verdict, item, suggested, outcome…}], counts: [{source, total, verdicts, outcomes}]}，各字段见 docs/admit.md
    #[arg(long)]
    pub json: bool,
    #[command(subcommand)]
    pub action: Option<RegisterAction>,
}

#[derive(Debug, clap::Subcommand)]
pub enum RegisterAction {
    /// 改一条登记的处理结果、批准文号或备注（原来的记入历史）
    Set {
        /// 登记号（lvzhi register 列出的第一列）
        #[arg(value_parser = crate::cli::values::parse_number, value_name = "登记号")]
        number: i64,
        /// 退回|承接|报批|已准入|待定（或 return|accept|submit|admitted|pending）
        #[arg(long, value_parser = crate::cli::values::parse_outcome, value_name = "处理结果")]
        outcome: Option<Outcome>,
        /// 批准文号（已准入时）
        #[arg(long = "ref", value_name = "文号")]
        approval: Option<String>,
        /// 备注（替换原有备注）
        #[arg(long, value_name = "备注")]
        note: Option<String>,
        /// 改判断：basic|coop|recalled|outside（或 基本、配合、收回、清单外）；须和 --item 的清单一致
        #[arg(long, value_parser = crate::cli::values::parse_verdict, value_name = "判断")]
        verdict: Option<Verdict>,
        /// 改对应事项（如 coop-19、r7）；只给它时判断随事项所在的清单
        #[arg(long, value_name = "编号")]
        item: Option<String>,
    },
}

/// `register set N`: the entry of whichever town has it, changed; a verdict and an item are
/// checked against that town's lists before anything is written.
fn set_entry(
    ctx: &Context,
    towns: &[Dataset],
    number: i64,
    mut edit: crate::review::register::EntryEdit,
) -> Result<i32> {
    use crate::admit::Verdict;
    for dataset in towns {
        let mut store = ctx.open_store(dataset)?;
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
fn existing_registers(ctx: &Context, towns: &[Dataset]) -> Result<Vec<Vec<Entry>>> {
    towns
        .iter()
        .map(|dataset| match ctx.existing_store(dataset)? {
            Some(store) => store.register(),
            None => Ok(Vec::new()),
        })
        .collect()
}

/// `lvzhi register`: the entries listed, or one changed (`set`).
pub fn exec(ctx: &Context, given: &RegisterArgs) -> Result<i32> {
    let (json, action) = (given.json, given.action.as_ref());
    let towns = ctx.towns()?;
    if let Some(RegisterAction::Set {
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
        return set_entry(ctx, &towns, *number, edit);
    }
    let registers = existing_registers(ctx, &towns)?;
    let entries: Vec<(&str, &Entry)> = towns
        .iter()
        .zip(&registers)
        .flat_map(|(d, entries)| entries.iter().map(move |e| (d.town.as_str(), e)))
        .collect();
    let answers = answers(ctx, &entries);
    say_overdue(&entries, &answers);
    if json {
        let bytes = crate::export::register::render_answered(&entries, &answers, Format::Json)?;
        return emit_bytes(&bytes).map(|()| 0);
    }
    if entries.is_empty() {
        eprintln!("登记台账是空的：用 lvzhi admit … --record 登记收到的任务");
        return Ok(0);
    }
    emit(&listing(&entries, &answers, towns.len() > 1)).map(|()| 0)
}

/// Each entry's answer from the county where it is 报批, as it stands today.
fn answers(ctx: &Context, entries: &[(&str, &Entry)]) -> Vec<Option<Answer>> {
    let calendar = crate::workdays::Calendar::embedded();
    let today = crate::cli::context::today();
    entries
        .iter()
        .map(|(_, e)| e.answer(calendar, ctx.answer_days, today))
        .collect()
}

/// "报批逾期 2 条：第 5、9 号" on stderr, when the county is late with any answer.
fn say_overdue(entries: &[(&str, &Entry)], answers: &[Option<Answer>]) {
    let late: Vec<String> = entries
        .iter()
        .zip(answers)
        .filter(|(_, a)| a.as_ref().is_some_and(Answer::overdue))
        .map(|((_, e), _)| e.number.to_string())
        .collect();
    if !late.is_empty() {
        eprintln!("报批逾期 {} 条：第 {} 号", late.len(), late.join("、"));
    }
}

/// The register as tab-separated lines, the entries whose answer is late first.
fn listing(entries: &[(&str, &Entry)], answers: &[Option<Answer>], several: bool) -> String {
    let mut text = format!(
        "登记号\t{}收文日期\t办结时限\t来文部门\t判断\t对应事项\t处理结果\t答复期限\t任务\t备注\tlvzhi 原建议\n",
        if several { "乡镇\t" } else { "" }
    );
    let mut order: Vec<usize> = (0..entries.len()).collect();
    order.sort_by_key(|&i| !answers[i].as_ref().is_some_and(Answer::overdue));
    for i in order {
        let (town, e) = entries[i];
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
            "{}\t{town}{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
            e.number,
            inert::line(&e.request.received),
            inert::line(&e.request.deadline_text()),
            inert::line(&e.request.source),
            e.request.verdict.label(),
            if e.request.item.is_empty() {
                "-"
            } else {
                &e.request.item
            },
            e.request.outcome.label(),
            answers[i].as_ref().map(Answer::text).unwrap_or_default(),
            inert::line(&e.request.task),
            inert::line(&e.request.note),
            inert::line(&suggested),
        ));
    }
    text
}

/// `lvzhi export --register`: the register and its counts for the 编办.
pub(super) fn export(
    ctx: &Context,
    towns: &[Dataset],
    format: ExportFormat,
    output: Option<&Path>,
) -> Result<i32> {
    let format = export_format(format, output)?;
    let registers = existing_registers(ctx, towns)?;
    ctx.say_if_missing("导出的登记台账是空的");
    let entries: Vec<(&str, &Entry)> = towns
        .iter()
        .zip(&registers)
        .flat_map(|(d, entries)| entries.iter().map(move |e| (d.town.as_str(), e)))
        .collect();
    let bytes =
        crate::export::register::render_answered(&entries, &answers(ctx, &entries), format)?;
    match output {
        Some(path) => export::write_atomically(path, &bytes),
        None => emit_bytes(&bytes),
    }
    .map(|()| 0)
}
