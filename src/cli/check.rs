//! `lvzhi check`: every town's findings as text lines or JSON.

use serde::Serialize;

use crate::check::{self, Finding, Severity};
use crate::import::ImportReport;
use crate::inert;
use crate::model::Dataset;

/// One finding as `--json` prints it.
#[derive(Serialize)]
struct JsonFinding<'a> {
    town: &'a str,
    #[serde(flatten)]
    finding: &'a Finding,
}

/// `lvzhi check`'s output for every town, and how many errors it found.
pub fn report(
    towns: &[(Dataset, Option<ImportReport>)],
    json: bool,
    color: bool,
) -> (String, usize) {
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
