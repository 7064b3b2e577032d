//! The library's errors: each says what was wrong and where, in the users' language.

use thiserror::Error;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, Error)]
pub enum Error {
    #[error("无法读取 {path}：{}", io_reason(cause))]
    Read { path: String, cause: std::io::Error },

    #[error("无法写入 {path}：{}", io_reason(cause))]
    Write { path: String, cause: std::io::Error },

    /// A published list that cannot be read; nothing has been written.
    #[error("{path}：第 {line} 行{}：{message}", column.map(|c| format!("第 {c} 列")).unwrap_or_default())]
    Import {
        path: String,
        line: usize,
        column: Option<usize>,
        message: String,
    },

    /// A spreadsheet that cannot be opened at all.
    #[error("{path}：{message}")]
    Workbook { path: String, message: String },

    /// A sheet that cannot be read: `at` names the row and column ("第 5 行 D 列（上级部门职责）").
    #[error("{path}：工作表「{sheet}」{at}：{message}")]
    Sheet {
        path: String,
        sheet: String,
        at: String,
        message: String,
    },

    #[error("{path}：第 {line} 行第 {column} 列：{message}")]
    DatasetFile {
        path: String,
        line: usize,
        column: usize,
        message: String,
    },

    #[error("{path}：数据不一致：{message}")]
    DatasetInvalid { path: String, message: String },

    #[error("无法识别的事项编号「{input}」：应为 coop-19、c19、b44、r7 这样的形式")]
    BadItemRef { input: String },

    #[error("没有事项 {id}：{list_name}共有 {count} 项")]
    NoSuchItem {
        id: String,
        list_name: &'static str,
        count: usize,
    },

    #[error("文件夹 {path} 里没有清单数据文件（.json、.txt、.xlsx）")]
    NoData { path: String },

    #[error("{towns}都有 {id}：请写明是哪个乡镇的，如 {example}")]
    AmbiguousItem {
        id: String,
        towns: String,
        example: String,
    },

    #[error(
        "{town}的清单给了两份（{first}、{second}）：一个乡镇只载入一份；比较两个版本请用 lvzhi diff 旧 新"
    )]
    TownTwice {
        town: String,
        first: String,
        second: String,
    },

    #[error("没有乡镇「{input}」：已载入的是 {towns}")]
    NoSuchTown { input: String, towns: String },

    /// A `--review` file that is not (or no longer) a review store; it has not been touched.
    #[error("审核记录 {path}：{message}；没有改动它")]
    ReviewFile { path: String, message: String },

    #[error("审核记录 {path} 写入失败：{cause}")]
    ReviewWrite { path: String, cause: WriteFailure },

    #[error("{format} 是二进制文件，不能输出到终端：请用 -o 指定文件名，如 -o 审核结果.{format}")]
    BinaryToTerminal { format: &'static str },

    /// The search layer's `QueryError`, as the CLI reports it. Not `source`: the problem is the
    /// message, and would otherwise be printed twice.
    #[error("查询「{query}」{problem}")]
    Query { query: String, problem: String },

    /// `commands` says what there is instead ("：可用的有 import、export…").
    #[error("没有「{name}」这个命令{commands}")]
    NoSuchCommand { name: String, commands: String },

    #[error("登记台账里没有第 {number} 号：用 lvzhi register 查看登记号")]
    NoSuchEntry { number: i64 },

    #[error("第 {number} 号没有改：{problem}")]
    Decision { number: i64, problem: String },

    /// `lvzhi admit` given neither text, nor a file, nor `-`.
    #[error(
        "没有给通知：把通知的文字写在后面（lvzhi admit 通知的文字），用 -f 文件 读 .docx 或 .txt，或用 - 从标准输入读（lvzhi admit - < 通知.txt，或 lvzhi admit - 再粘贴）"
    )]
    NoNotice,

    /// A notice given to `lvzhi admit` that cannot be read (the admit layer's `NoticeError`).
    #[error("通知 {path} {problem}")]
    Notice { path: String, problem: String },

    /// A letter that cannot be written for what was asked (a basic task, nothing disputed…).
    #[error("没有写函：{problem}")]
    Letter { problem: String },

    /// A configuration file that cannot be used: `at` names the line and key ("第 3 行 ascii").
    #[error("配置文件 {path} {at}：{problem}")]
    Config {
        path: String,
        at: String,
        problem: String,
    },

    /// A setting from a config file or the environment that names what is not there.
    #[error("设置 {key}（来自 {origin}）：{problem}")]
    Setting {
        key: String,
        origin: String,
        problem: String,
    },

    #[error(
        "lvzhi 的界面需要在终端里运行；在脚本或管道里请用 lvzhi list、lvzhi show、lvzhi export"
    )]
    NotATerminal,

    /// A holiday file of lvzhi's own (data/holidays/) that cannot be read: which, and where.
    #[error("{file}{}：{message}", line.map(|l| format!("：第 {l} 行")).unwrap_or_default())]
    Holidays {
        file: String,
        line: Option<usize>,
        message: String,
    },

    #[error("终端出错：{0}")]
    Terminal(std::io::Error),

    /// A letter that could not be written as .docx: `part` names the piece of the package.
    #[error("公文 .docx 生成失败（{part}）：{cause}")]
    LetterDocx { part: String, cause: String },
}

impl Error {
    /// 2 when the user's input (a file, an argument) is unusable, 1 for everything else.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Write { .. }
            | Error::ReviewWrite { .. }
            | Error::Holidays { .. }
            | Error::Terminal(_)
            | Error::LetterDocx { .. } => 1,
            Error::Read { .. }
            | Error::Import { .. }
            | Error::Workbook { .. }
            | Error::Sheet { .. }
            | Error::DatasetFile { .. }
            | Error::DatasetInvalid { .. }
            | Error::BadItemRef { .. }
            | Error::NoSuchItem { .. }
            | Error::NoData { .. }
            | Error::AmbiguousItem { .. }
            | Error::NoSuchTown { .. }
            | Error::TownTwice { .. }
            | Error::ReviewFile { .. }
            | Error::BinaryToTerminal { .. }
            | Error::NotATerminal
            | Error::Config { .. }
            | Error::Setting { .. }
            | Error::Notice { .. }
            | Error::Letter { .. }
            | Error::NoNotice
            | Error::NoSuchEntry { .. }
            | Error::NoSuchCommand { .. }
            | Error::Decision { .. }
            | Error::Query { .. } => 2,
        }
    }
}

/// Why a write to the review file did not happen: one message per cause, all exit 1.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum WriteFailure {
    #[error("文件只读，或所在文件夹不能写入（只能查看和导出）")]
    ReadOnly,
    #[error("磁盘已满")]
    DiskFull,
    #[error("另一个会话占用时间过长（等了 {0} 秒）")]
    Busy(u64),
    #[error("读写磁盘出错（{0}）")]
    Io(String),
    #[error("SQLite 出错（{0}）")]
    Other(String),
}

/// The common I/O failures in the users' words; the system's text for the rest.
fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::NotFound => "文件或文件夹不存在".into(),
        ErrorKind::PermissionDenied => "没有权限".into(),
        ErrorKind::IsADirectory => "这是一个文件夹，不是文件".into(),
        ErrorKind::StorageFull => "磁盘已满".into(),
        _ => e.to_string(),
    }
}
