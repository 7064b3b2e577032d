//! `lvzhi letter`: the letter a register entry's decided verdict calls for (退回函 or 情况说明),
//! or the review's 动态调整申请, as a .docx laid out as a 公文.

use std::path::{Path, PathBuf};

use crate::cli::context::Context;
use crate::cli::output::emit;
use crate::date::Date;
use crate::error::{Error, Result};
use crate::inert;
use crate::letter::entry::Written;
use crate::letter::{Block, Letter};
use crate::model::Dataset;

#[derive(Debug, clap::Args)]
#[command(group = clap::ArgGroup::new("which").required(true).args(["number", "adjust"]))]
pub struct LetterArgs {
    /// 登记号：按这条登记的判断写函（收回或配合中属部门的工作写退回函，清单外写情况说明）
    #[arg(value_parser = crate::cli::values::parse_number, value_name = "登记号")]
    pub number: Option<i64>,
    /// 写动态调整申请：审核中标为有异议、需修改的事项，一项一行，主送县委编办
    #[arg(long, conflicts_with = "number")]
    pub adjust: bool,
    /// 写到这个 .docx 文件（已有则替换）；不给则写到当前文件夹，不覆盖已有的文件
    #[arg(short, long, value_name = "文件")]
    pub output: Option<PathBuf>,
    /// 成文日期，如 2026-12-02 或 2026年12月2日；默认今天
    #[arg(long, value_parser = crate::cli::values::parse_date, value_name = "日期")]
    pub date: Option<String>,
    /// 配合事项也写退回函（lvzhi 没看出所要求的是部门职责，但你判断是）
    #[arg(long = "return", conflicts_with = "adjust")]
    pub force_return: bool,
    /// 几个乡镇时，写哪个乡镇的调整申请
    #[arg(long, value_name = "乡镇", requires = "adjust")]
    pub town: Option<String>,
    /// 不写文件，把函的文字输出到终端（先看一遍）
    #[arg(long, conflicts_with = "output")]
    pub text: bool,
}

/// `lvzhi letter`.
pub fn exec(ctx: &Context, given: &LetterArgs) -> Result<i32> {
    let date = match &given.date {
        Some(day) => Date::parse_iso(day).ok_or_else(|| Error::Letter {
            problem: format!("读不出成文日期「{day}」"),
        })?,
        None => crate::cli::context::today(),
    };
    let towns = ctx.towns()?;
    let written = match given.number {
        Some(number) => entry_letter(ctx, &towns, number, date, given.force_return)?,
        None => {
            let dataset = super::admit::admit_town(&towns, given.town.as_deref())?;
            let reviews = ctx.existing_reviews(dataset)?;
            crate::letter::adjust::application(dataset, &reviews, &ctx.letterhead, date)
                .map_err(|problem| Error::Letter { problem })?
        }
    };
    for warning in &written.warnings {
        eprintln!("{}", inert::text(&format!("注意：{warning}")));
    }
    if given.text {
        return emit(&plain(&written.letter)).map(|()| 0);
    }
    let bytes = crate::letter::docx::render(&written.letter)?;
    let path = save(given.output.as_deref(), &written.stem, &bytes)?;
    eprintln!(
        "{}",
        inert::text(&format!(
            "已写入 {}（{}，主送{}）",
            std::path::absolute(&path).unwrap_or(path).display(),
            written.letter.kind.name(),
            written.letter.to
        ))
    );
    Ok(0)
}

/// The letter for register entry `number`, from whichever town has it.
fn entry_letter(
    ctx: &Context,
    towns: &[Dataset],
    number: i64,
    date: Date,
    force_return: bool,
) -> Result<Written> {
    for dataset in towns {
        let Some(store) = ctx.existing_store(dataset)? else {
            continue;
        };
        let Some(entry) = store.register()?.into_iter().find(|e| e.number == number) else {
            continue;
        };
        let written =
            crate::letter::entry::for_entry(dataset, &entry, &ctx.letterhead, date, force_return)
                .map_err(|refusal| Error::Letter {
                problem: match refusal.forcible {
                    true => format!("{}；如认为属部门职责，加 --return 写退回函", refusal.why),
                    false => refusal.why,
                },
            })?;
        return Ok(written);
    }
    Err(Error::NoSuchEntry { number })
}

/// `-o`'s file, replaced; or a new file in the current folder that replaces nothing.
fn save(output: Option<&Path>, stem: &str, bytes: &[u8]) -> Result<PathBuf> {
    match output {
        Some(path) => {
            crate::export::write_atomically(path, bytes)?;
            Ok(path.to_path_buf())
        }
        None => crate::export::write_new(Path::new("."), stem, "docx", bytes),
    }
}

/// The letter as text, for a look before writing it: its parts in a 公文's order.
pub fn plain(letter: &Letter) -> String {
    let mut out = format!("{}\n\n{}：\n", letter.title, letter.to);
    for block in &letter.body {
        match block {
            Block::Text(text) => out.push_str(&format!("　　{text}\n")),
            // A row a paragraph, each cell under its column's name: a terminal has no table.
            Block::Table(table) => {
                for row in &table.rows {
                    for (column, cell) in table.columns.iter().zip(row) {
                        let cell = cell.replace('\n', "\n　　　　　　");
                        out.push_str(&format!("　　　　{}：{cell}\n", column.name));
                    }
                    out.push('\n');
                }
            }
        }
    }
    out.push_str(&format!("\n{}\n{}\n", letter.sender, letter.date.chinese()));
    if let Some(note) = &letter.note {
        out.push_str(&format!("（{note}）\n"));
    }
    if !letter.cc.is_empty() {
        out.push_str(&format!("\n抄送：{}。\n", letter.cc.join("，")));
    }
    inert::text(&out).into_owned()
}
