//! The command line as clap sees it; `cli::run` turns it into plain options.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use super::complete::Shell;
use crate::admit::Verdict;
use crate::model::{ListKind, Status};
use crate::review::register::{Channel, Outcome};

#[derive(Debug, Parser)]
#[command(
    name = "lvzhi",
    version,
    // Our own -V/--version: it names the data actually given, which needs the settings.
    disable_version_flag = true,
    about = "履职：查阅、检索、审核乡镇履行职责事项清单（基本、配合、收回）",
    long_about = None,
    after_help = "设置可以写在 /etc/lvzhi/config.toml（全服务器）或 ~/.config/lvzhi/config.toml（自己）；lvzhi config 查看生效的设置和来处"
)]
pub struct Args {
    /// 显示版本，和所用的数据：--data（或设置里的 data）给的乡镇，没有给时是内置的乡镇
    #[arg(short = 'V', long)]
    pub version: bool,

    /// 改用别的清单数据：lvzhi import 生成的 .json、公布的 .txt 或 .xlsx，或放着各乡镇数据文件的文件夹；可给多次，一次看全县
    #[arg(long, global = true, value_name = "文件|文件夹")]
    pub data: Vec<PathBuf>,

    /// 边框、标记只用 ASCII 字符（默认启动时探测：终端把制表符画成双宽时自动改用）
    #[arg(long, global = true, overrides_with = "no_ascii")]
    pub ascii: bool,

    /// 不用 ASCII 字符画边框，也不探测终端
    #[arg(long, global = true, overrides_with = "ascii")]
    pub no_ascii: bool,

    /// 用颜色（即使配置文件或 NO_COLOR 说不用）
    #[arg(long, global = true, overrides_with = "no_color")]
    pub color: bool,

    /// 不用颜色（也可设置环境变量 NO_COLOR）
    #[arg(long, global = true, overrides_with = "color")]
    pub no_color: bool,

    /// 捕获鼠标：滚轮滚动、点击选择（默认关闭，慢速链路上更省流量）
    #[arg(long, overrides_with = "no_mouse")]
    pub mouse: bool,

    /// 不捕获鼠标（配置文件打开了鼠标时）
    #[arg(long, overrides_with = "mouse")]
    pub no_mouse: bool,

    /// 审核记录文件（SQLite）；几人共用一个文件即可一起审核。默认在用户数据目录下
    #[arg(long, global = true, value_name = "文件")]
    pub review: Option<PathBuf>,

    /// The sentence model's file, from the settings (config key `model`, `LVZHI_MODEL`).
    #[arg(skip)]
    pub model: Option<PathBuf>,

    /// 记在审核记录上的审核人；默认为登录名
    #[arg(long, global = true, value_name = "姓名")]
    pub reviewer: Option<String>,

    /// 按 Y 时用 OSC 52 转义序列复制到剪贴板（默认）
    #[arg(long, overrides_with = "no_osc52")]
    pub osc52: bool,

    /// 按 Y 时不用 OSC 52 转义序列复制到剪贴板
    #[arg(long, overrides_with = "osc52")]
    pub no_osc52: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

impl Args {
    /// What the command line says about each setting (the rest comes from config files and
    /// the environment).
    pub fn flags(&self) -> super::config::Flags {
        let pair = |on: bool, off: bool| match (on, off) {
            (true, _) => Some(true),
            (_, true) => Some(false),
            _ => None,
        };
        super::config::Flags {
            data: self.data.clone(),
            review: self.review.clone(),
            reviewer: self.reviewer.clone(),
            ascii: pair(self.ascii, self.no_ascii),
            color: pair(self.color, self.no_color),
            mouse: pair(self.mouse, self.no_mouse),
            osc52: pair(self.osc52, self.no_osc52),
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 把公布的清单（文本或 Excel 工作簿）转成数据文件（JSON），并报告修复了哪些转换痕迹
    Import {
        /// 公布的清单：一个 .txt（制表符分隔），或一个或几个 .xlsx/.xls（每张清单一张表或一个文件）
        #[arg(required = true, num_args = 1.., value_name = "文件")]
        files: Vec<PathBuf>,
        /// 写入的文件；不给则输出到标准输出
        #[arg(short, long, value_name = "文件")]
        output: Option<PathBuf>,
        /// 乡镇名（如 六户地镇 或 玛纳斯县六户地镇）：表里没有标题时必须给，有标题时以它为准
        #[arg(long, value_name = "乡镇")]
        town: Option<String>,
    },
    /// 导出清单和审核结果：json、csv（Excel/WPS 可直接打开）、xlsx（每个清单一张表）、md（会议纪要）
    Export {
        /// 导出格式
        #[arg(long, value_enum, default_value_t = ExportFormat::Json, value_name = "格式")]
        format: ExportFormat,
        /// 只导出一个清单：basic|coop|recalled（或 基本|配合|收回）
        #[arg(long, value_parser = parse_list, add = super::complete::lists(), value_name = "清单")]
        list: Option<ListKind>,
        /// 只导出已审（有审核状态或备注）的事项
        #[arg(long)]
        only_reviewed: bool,
        /// 写入的文件；不给则输出到标准输出（xlsx 必须给文件名）
        #[arg(short, long, value_name = "文件")]
        output: Option<PathBuf>,
        /// 导出清单外事项登记台账（和按部门、处理结果的统计），不导出清单
        #[arg(long)]
        register: bool,
    },
    /// 给一个事项记审核状态（和备注），立即存入审核记录
    Mark {
        /// 事项编号，如 coop-19、c19
        #[arg(add = super::complete::item_ids(), value_name = "编号")]
        id: String,
        /// 同意|有异议|需修改|待核实|未审（或 agree|dispute|change|check|none）
        #[arg(value_parser = parse_status, add = super::complete::statuses(), value_name = "状态")]
        status: StatusArg,
        /// 备注（替换原有备注；给空字符串则清除）
        #[arg(long, value_name = "备注")]
        note: Option<String>,
    },
    /// 显示一个事项的全部内容，如 coop-19、c19、b44、r7（几个乡镇时写 六户地镇/c19）
    Show {
        /// 事项编号
        #[arg(add = super::complete::item_ids(), value_name = "编号")]
        id: String,
    },
    /// 检查清单本身：序号缺漏和重复、空单元格、职责里提到却没列出的部门、跨清单的相近事项、转换痕迹；有错误时退出码为 1
    Check {
        /// 输出 JSON 数组：{town, severity, id, what, why}
        #[arg(long)]
        json: bool,
    },
    /// 比较清单的两个版本：新增、删除、修改的事项，修改处逐字标出
    Diff {
        /// 旧版本（.json、.txt 或 .xlsx）
        #[arg(value_name = "旧")]
        old: PathBuf,
        /// 新版本
        #[arg(value_name = "新")]
        new: PathBuf,
        /// 输出 JSON：{added, removed, changed, renumbered}
        #[arg(long)]
        json: bool,
    },
    /// 检索三张清单，最相关的在前；查询语法见 docs/search.md
    Search {
        /// 查询，如 犬、yjgl、"部门:水利 !处罚"
        #[arg(value_name = "查询")]
        query: String,
        /// 只查一个清单：basic|coop|recalled（或 基本|配合|收回）
        #[arg(long, value_parser = parse_list, add = super::complete::lists(), value_name = "清单")]
        list: Option<ListKind>,
        /// 最多列出几项（0 为不限）
        #[arg(long, default_value_t = 20, value_parser = parse_limit, value_name = "项数")]
        limit: usize,
        /// 输出 JSON 数组：{id, list, no, title, departments, score, positions}
        #[arg(long)]
        json: bool,
    },
    /// 准入：读一份通知（文件、文字或标准输入），逐项判断是基本、配合、收回还是清单外，给出依据和建议
    Admit(AdmitArgs),
    /// 清单外事项登记台账：列出登记的任务；register set N 改处理结果
    Register {
        /// 输出 JSON：{entries: [{number, town, task, verdict, item, suggested, outcome…}], counts: [{source, total, verdicts, outcomes}]}，各字段见 docs/admit.md
        #[arg(long)]
        json: bool,
        #[command(subcommand)]
        action: Option<RegisterAction>,
    },
    /// 输出 shell 补全脚本：bash、zsh 或 fish（如 lvzhi completions bash > /etc/bash_completion.d/lvzhi）
    Completions {
        /// 用哪种 shell
        #[arg(value_enum, value_name = "shell")]
        shell: Shell,
    },
    /// 显示生效的设置，和每一项来自哪里（/etc/lvzhi/config.toml、~/.config/lvzhi/config.toml、环境变量、命令行）
    Config,
    /// 输出 man 手册页（roff 格式；如 lvzhi manpage > lvzhi.1）
    Manpage,
    /// 每行列出一个事项：编号、类别、名称、部门
    List {
        /// 只列一个清单：basic|coop|recalled（或 基本|配合|收回）
        #[arg(value_parser = parse_list, add = super::complete::lists(), value_name = "清单")]
        list: Option<ListKind>,
    },
    /// 显示帮助：lvzhi help 列出全部命令，lvzhi help 命令 说明那个命令（同 lvzhi 命令 --help）
    Help {
        /// 命令，如 admit 或 register set
        #[arg(value_name = "命令")]
        command: Vec<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum RegisterAction {
    /// 改一条登记的处理结果、批准文号或备注（原来的记入历史）
    Set {
        /// 登记号（lvzhi register 列出的第一列）
        #[arg(value_parser = parse_number, value_name = "登记号")]
        number: i64,
        /// 退回|承接|报批|已准入|待定（或 return|accept|submit|admitted|pending）
        #[arg(long, value_parser = parse_outcome, value_name = "处理结果")]
        outcome: Option<Outcome>,
        /// 批准文号（已准入时）
        #[arg(long = "ref", value_name = "文号")]
        approval: Option<String>,
        /// 备注（替换原有备注）
        #[arg(long, value_name = "备注")]
        note: Option<String>,
        /// 改判断：basic|coop|recalled|outside（或 基本、配合、收回、清单外）；须和 --item 的清单一致
        #[arg(long, value_parser = parse_verdict, value_name = "判断")]
        verdict: Option<Verdict>,
        /// 改对应事项（如 coop-19、r7）；只给它时判断随事项所在的清单
        #[arg(long, value_name = "编号")]
        item: Option<String>,
    },
}

/// What `lvzhi admit` is given.
#[derive(Debug, clap::Args)]
pub struct AdmitArgs {
    /// 通知的文字（可给几段，合成一份）；给 - 则从标准输入读
    #[arg(value_name = "文字")]
    pub text: Vec<String>,
    /// 通知文件：.docx，或 .txt（UTF-8 或 GBK）
    #[arg(short, long, value_name = "文件")]
    pub file: Option<PathBuf>,
    /// 输出 JSON：{title, date, tasks: [{text, line, verdict, sure, matches, advice, acts, flags…}], flags}；不确定的任务另有 doubt；各字段见 docs/admit.md
    #[arg(long)]
    pub json: bool,
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
    #[arg(long, value_parser = parse_channel, value_name = "渠道")]
    pub channel: Option<Channel>,
    /// 文号（不给则取通知里的文号）
    #[arg(long = "ref", value_name = "文号")]
    pub doc_ref: Option<String>,
    /// 办结时限，给通知里没写时限的任务：2026-12-05、12月5日、12-05、明天、下周五、月底……（没写年份的、明天、下周五按收文日期算）。通知给了时限的任务用通知的，不被覆盖
    #[arg(long, value_name = "时限", value_parser = parse_deadline)]
    pub deadline: Option<String>,
    /// 收文日期，如 2026-11-30 或 2026年11月30日（默认今天）
    #[arg(long, value_name = "日期", value_parser = parse_date)]
    pub received: Option<String>,
    /// 处理结果：退回|承接|报批|已准入|待定（或 return|accept|submit|admitted|pending）；默认按判断
    #[arg(long, value_parser = parse_outcome, value_name = "处理结果")]
    pub outcome: Option<Outcome>,
}

/// The version and the data inside the binary: which town, how many items, of which day, and
/// the identity its review marks are kept under (the man page's).
pub fn version() -> &'static str {
    static VERSION: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    VERSION.get_or_init(|| version_text(None))
}

/// `lvzhi --version`: the version and the data actually given, `data` (from `--data` or the
/// settings) or else the embedded town, and whether the sentence model is there.
pub fn version_of(
    data: &[PathBuf],
    model: Option<&std::path::Path>,
) -> crate::error::Result<String> {
    if data.is_empty() {
        return Ok(format!("lvzhi {}", version_text(model)));
    }
    let towns = super::data::load_all(data)?;
    let counts = |of: &dyn Fn(ListKind) -> usize| {
        ListKind::ALL
            .iter()
            .map(|&l| format!("{} {}", l.short_name(), of(l)))
            .collect::<Vec<_>>()
            .join("、")
    };
    let given = data
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join("、");
    let about = match towns.as_slice() {
        [town] => format!(
            "数据：{}，{}，{}，来自 {given}",
            town.place(),
            counts(&|l| town.count(l)),
            town.identity()
        ),
        _ => {
            const NAMED: usize = 5;
            let mut names: Vec<String> = towns.iter().take(NAMED).map(|t| t.place()).collect();
            if towns.len() > NAMED {
                names.push("…".into());
            }
            format!(
                "数据：{given}，{} 个乡镇（{}），共 {}",
                towns.len(),
                names.join("、"),
                counts(&|l| towns.iter().map(|t| t.count(l)).sum())
            )
        }
    };
    Ok(format!(
        "lvzhi {}（{about}）\n语义模型：{}",
        env!("CARGO_PKG_VERSION"),
        crate::meaning::status(model)
    ))
}

fn version_text(model: Option<&std::path::Path>) -> String {
    let crate_version = env!("CARGO_PKG_VERSION");
    // The model where the package installs it (a `model` setting is shown by `lvzhi config`).
    let model = format!("\n语义模型：{}", crate::meaning::status(model));
    let version = match crate::model::Dataset::embedded() {
        Ok(data) => format!(
            "{crate_version}（内置数据：{}，{}，{} 版，{}）",
            data.place(),
            ListKind::ALL
                .iter()
                .map(|&l| format!("{} {}", l.short_name(), data.count(l)))
                .collect::<Vec<_>>()
                .join("、"),
            crate::model::EMBEDDED_DATE,
            data.identity()
        ),
        Err(_) => crate_version.to_string(),
    };
    version + &model
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Json,
    Csv,
    Xlsx,
    Md,
}

/// A status as given on the command line; `None` clears the verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusArg(pub Option<Status>);

fn parse_status(s: &str) -> Result<StatusArg, String> {
    Status::parse(s)
        .map(StatusArg)
        .ok_or_else(|| format!("「{s}」不是审核状态：应为 {}", Status::EXPECTED))
}

/// A date as offices write it (2026-11-30, 2026/11/30, 2026.11.30, 2026年11月30日), kept as
/// YYYY-MM-DD so the register sorts and filters by it.
pub fn parse_date(s: &str) -> Result<String, String> {
    crate::date::parse_full(s)
        .map(|d| d.to_string())
        .ok_or_else(|| format!("「{s}」不是日期：应写成 2026-11-30 或 2026年11月30日"))
}

/// A deadline as a clerk types it, kept in their words: its day depends on the day received,
/// known only when the command runs (`date::deadline`). Refused here when it names no day.
fn parse_deadline(s: &str) -> Result<String, String> {
    crate::date::Date::new(2026, 1, 1)
        .and_then(|any_day| crate::date::deadline(s, any_day))
        .map(|_| s.trim().to_string())
        .ok_or_else(|| {
            format!(
                "「{s}」不是办结时限：应写成 2026-12-05、2026年12月5日、12月5日、12-05、明天、后天、周五、下周五、月底或 6月底"
            )
        })
}

/// A register's number as `lvzhi register` lists it.
fn parse_number(s: &str) -> Result<i64, String> {
    let expected = "应为 lvzhi register 列出的第一列的数，如 3";
    match s.trim().parse::<i64>() {
        Ok(n) if n > 0 => Ok(n),
        Err(e) if too_large(&e) => Err(format!("登记号「{s}」太大：{expected}")),
        _ => Err(format!("「{s}」不是登记号：{expected}")),
    }
}

fn parse_limit(s: &str) -> Result<usize, String> {
    let expected = "应为 0 或正整数，如 20（0 为不限）";
    s.trim().parse::<usize>().map_err(|e| {
        if too_large(&e) {
            format!("项数「{s}」太大：{expected}")
        } else {
            format!("「{s}」不是项数：{expected}")
        }
    })
}

/// Digits beyond what the number can hold: a number, but out of range, said as such.
fn too_large(e: &std::num::ParseIntError) -> bool {
    *e.kind() == std::num::IntErrorKind::PosOverflow
}

fn parse_channel(s: &str) -> Result<Channel, String> {
    Channel::parse(s)
        .ok_or_else(|| format!("「{s}」不是来文渠道：应为 文件、会议、电话、微信、12345、其他"))
}

fn parse_outcome(s: &str) -> Result<Outcome, String> {
    Outcome::parse(s).ok_or_else(|| {
        format!("「{s}」不是处理结果：应为 退回、承接、报批、已准入、待定（或 return、accept、submit、admitted、pending）")
    })
}

fn parse_verdict(s: &str) -> Result<Verdict, String> {
    Verdict::parse(s.trim()).ok_or_else(|| {
        format!("「{s}」不是判断：应为 basic、coop、recalled、outside 或 基本、配合、收回、清单外")
    })
}

fn parse_list(s: &str) -> Result<ListKind, String> {
    ListKind::parse(s)
        .ok_or_else(|| format!("「{s}」不是清单名：应为 basic、coop、recalled 或 基本、配合、收回"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_offices_write_them() {
        for written in [
            "2026-11-30",
            "2026/11/30",
            "2026.11.30",
            "2026年11月30日",
            " 2026-11-30 ",
        ] {
            assert_eq!(
                parse_date(written).as_deref(),
                Ok("2026-11-30"),
                "{written}"
            );
        }
        assert_eq!(parse_date("2028-2-29").as_deref(), Ok("2028-02-29"));
        for bad in [
            "2026-02-29",
            "2026-13-01",
            "昨天",
            "11-30",
            "2026-11-31",
            "",
        ] {
            let message = parse_date(bad).unwrap_err();
            assert!(message.contains("不是日期"), "{bad}: {message}");
        }
    }
}
