//! The options every command shares, as clap sees them; each command's own are in its file
//! under commands/. `cli::run` resolves them with the settings into one `Context`.

use std::path::PathBuf;

use clap::Parser;

pub use super::commands::Command;

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
