//! One file per command, each with its arguments (a clap `Args` struct) and its `exec`, after
//! cargo's commands/: adding a command is a file here and a line in `Command` and in `exec`.

pub mod admit;
pub mod app;
pub mod check;
pub mod completions;
pub mod config;
pub mod diff;
pub mod export;
pub mod help;
pub mod import;
pub mod letter;
pub mod list;
pub mod manpage;
pub mod mark;
pub mod register;
pub mod search;
pub mod show;
pub mod version;

use clap::Subcommand;

use super::context::Context;
use crate::error::Result;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 把公布的清单（文本或 Excel 工作簿）转成数据文件（JSON），并报告修复了哪些转换痕迹
    Import(import::ImportArgs),
    /// 导出清单和审核结果：json、csv（Excel/WPS 可直接打开）、xlsx（每个清单一张表）、md（会议纪要）
    Export(export::ExportArgs),
    /// 给一个事项记审核状态（和备注），立即存入审核记录
    Mark(mark::MarkArgs),
    /// 显示一个事项的全部内容，如 coop-19、c19、b44、r7（几个乡镇时写 六户地镇/c19）
    Show(show::ShowArgs),
    /// 检查清单本身：序号缺漏和重复、空单元格、职责里提到却没列出的部门、跨清单的相近事项、转换痕迹；有错误时退出码为 1
    Check(check::CheckArgs),
    /// 比较清单的两个版本：新增、删除、修改的事项，修改处逐字标出
    Diff(diff::DiffArgs),
    /// 检索三张清单，最相关的在前；查询语法见 docs/search.md
    Search(search::SearchArgs),
    /// 准入：读通知（文件、一个文件夹的来文、文字或标准输入），逐项判断是基本、配合、收回还是清单外，给出依据和建议
    Admit(admit::AdmitArgs),
    /// 清单外事项登记台账：列出登记的任务；register set N 改处理结果
    Register(register::RegisterArgs),
    /// 写函（.docx，公文格式）：letter N 按登记的判断写退回函或情况说明；letter --adjust 写动态调整申请
    Letter(letter::LetterArgs),
    /// 输出 shell 补全脚本：bash、zsh 或 fish（如 lvzhi completions bash > /etc/bash_completion.d/lvzhi）
    Completions(completions::CompletionsArgs),
    /// 显示生效的设置，和每一项来自哪里（/etc/lvzhi/config.toml、~/.config/lvzhi/config.toml、环境变量、命令行）
    Config,
    /// 输出 man 手册页（roff 格式；如 lvzhi manpage > lvzhi.1）
    Manpage,
    /// 每行列出一个事项：编号、类别、名称、部门
    List(list::ListArgs),
    /// 显示帮助：lvzhi help 列出全部命令，lvzhi help 命令 说明那个命令（同 lvzhi 命令 --help）
    Help(help::HelpArgs),
}

impl Command {
    /// The commands answered before any setting is read: what they print belongs to no machine
    /// (completions and the man page are generated when packaging).
    pub fn without_settings(&self) -> Option<Result<i32>> {
        match self {
            Command::Completions(given) => Some(completions::exec(given)),
            Command::Manpage => Some(manpage::exec()),
            Command::Help(given) => Some(help::exec(given)),
            _ => None,
        }
    }

    /// Runs the command on the resolved context.
    pub fn exec(&self, ctx: &Context) -> Result<i32> {
        match self {
            Command::Import(given) => import::exec(given),
            Command::Export(given) => export::exec(ctx, given),
            Command::Mark(given) => mark::exec(ctx, given),
            Command::Show(given) => show::exec(ctx, given),
            Command::Check(given) => check::exec(ctx, given),
            Command::Diff(given) => diff::exec(ctx, given),
            Command::Search(given) => search::exec(ctx, given),
            Command::Admit(given) => admit::exec(ctx, given),
            Command::Register(given) => register::exec(ctx, given),
            Command::Letter(given) => letter::exec(ctx, given),
            Command::List(given) => list::exec(ctx, given),
            // Answered before the context was made (`without_settings`, `cli::run`).
            Command::Completions(_) | Command::Manpage | Command::Help(_) | Command::Config => {
                Ok(0)
            }
        }
    }
}
