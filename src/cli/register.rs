//! `lvzhi register` and `lvzhi export --register`: the register listed, changed (a verdict and an
//! item checked against the lists first) and exported with its counts.

use std::path::Path;

use super::args::Args;
use super::args::{ExportFormat, RegisterAction};
use super::data;
use super::output::{emit, emit_bytes, export_format};
use super::stores::{existing_store, open_store};
use crate::error::{Error, Result};
use crate::export::{self, Format};
use crate::inert;
use crate::model::Dataset;

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

/// `lvzhi register`: the entries listed, or one changed (`set`).
pub(super) fn command(args: &Args, json: bool, action: Option<&RegisterAction>) -> Result<i32> {
    let towns = data::load_all(&args.data)?;
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
        "登记号\t{}收文日期\t办结时限\t来文部门\t判断\t对应事项\t处理结果\t任务\t备注\tlvzhi 原建议\n",
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
            "{}\t{town}{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
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
            inert::line(&e.request.task),
            inert::line(&e.request.note),
            inert::line(&suggested),
        ));
    }
    emit(&text).map(|()| 0)
}

/// `lvzhi export --register`: the register and its counts for the 编办.
pub(super) fn export(
    args: &Args,
    towns: &[Dataset],
    format: ExportFormat,
    output: Option<&Path>,
) -> Result<i32> {
    let format = export_format(format, output)?;
    let registers = existing_registers(args, towns)?;
    super::stores::say_if_missing(args, "导出的登记台账是空的");
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
