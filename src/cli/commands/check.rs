//! `lvzhi check`: every town's findings as text lines or JSON.

use std::io::IsTerminal;

use serde::Serialize;

use crate::cli::context::Context;
use crate::cli::output::emit;
use crate::error::Result;

use crate::check::{self, Finding, Severity};
use crate::import::ImportReport;
use crate::inert;
use crate::model::Dataset;

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// 输出 JSON 数组：{town, severity, id, what, why}
    #[arg(long)]
    pub json: bool,
}

/// Exit 1 when the lists have errors.
pub fn exec(ctx: &Context, given: &CheckArgs) -> Result<i32> {
    let towns = crate::cli::data::load_for_check(&ctx.data)?;
    let color = !given.json && std::io::stdout().is_terminal() && ctx.color;
    let (text, errors) = report(&towns, given.json, color);
    emit(&text)?;
    Ok(if errors > 0 { 1 } else { 0 })
}

/// One finding as `--json` prints it.
#[derive(Serialize)]
struct JsonFinding<'a> {
    town: &'a str,
    #[serde(flatten)]
    finding: &'a Finding,
}

/// `lvzhi check`'s output for every town, and how many errors it found.
fn report(towns: &[(Dataset, Option<ImportReport>)], json: bool, color: bool) -> (String, usize) {
    let results: Vec<(&Dataset, Vec<Finding>)> = towns
        .iter()
        .map(|(dataset, report)| (dataset, check::check(dataset, report.as_ref())))
        .collect();
    let errors = results
        .iter()
        .map(|(_, findings)| check::counts(findings).0)
        .sum();
    if json {
        let all: Vec<JsonFinding> = results
            .iter()
            .flat_map(|(dataset, findings)| {
                findings.iter().map(|finding| JsonFinding {
                    town: &dataset.town,
                    finding,
                })
            })
            .collect();
        let mut text = crate::inert::json_pretty(&all);
        text.push('\n');
        return (text, errors);
    }
    let mut text = String::new();
    for (dataset, findings) in &results {
        let (e, w, i) = check::counts(findings);
        text.push_str(&format!(
            "{}（{}）：{e} 个错误，{w} 个警告，{i} 个提示\n",
            inert::line(&dataset.place()),
            inert::line(&dataset.source)
        ));
        for finding in findings {
            let label = finding.severity.label();
            let label = match (color, finding.severity) {
                (true, Severity::Error) => inert::paint(inert::sgr::ERROR, label),
                (true, Severity::Warning) => inert::paint(inert::sgr::WARNING, label),
                _ => label.to_string(),
            };
            text.push_str(&format!(
                "{label}  {:<12}  {}\n{:16}{}\n",
                finding.id,
                inert::line(&finding.what),
                "",
                inert::line(&finding.why)
            ));
        }
    }
    (text, errors)
}
