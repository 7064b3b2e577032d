//! `lvzhi import`: published lists (text or workbooks) to a dataset file, with what was repaired.

use std::path::{Path, PathBuf};

use crate::cli::output::write_output;
use crate::error::Result;
use crate::import;
use crate::inert;
use crate::model::ListKind;

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// 公布的清单：一个 .txt（制表符分隔），或一个或几个 .xlsx/.xls（每张清单一张表或一个文件）
    #[arg(required = true, num_args = 1.., value_name = "文件")]
    pub files: Vec<PathBuf>,
    /// 写入的文件；不给则输出到标准输出
    #[arg(short, long, value_name = "文件")]
    pub output: Option<PathBuf>,
    /// 乡镇名（如 六户地镇 或 玛纳斯县六户地镇）：表里没有标题时必须给，有标题时以它为准
    #[arg(long, value_name = "乡镇")]
    pub town: Option<String>,
}

pub fn exec(given: &ImportArgs) -> Result<i32> {
    let paths: Vec<&Path> = given.files.iter().map(PathBuf::as_path).collect();
    let options = import::Options {
        town: given.town.as_deref(),
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
    write_output(given.output.as_deref(), &dataset.to_json()).map(|()| 0)
}
