//! `lvzhi manpage`: the man page, from the same clap definition as the help.

use crate::cli::output::emit_bytes;
use crate::cli::usage::command;
use crate::error::{Error, Result};

pub fn exec() -> Result<i32> {
    emit_bytes(&manpage()?).map(|()| 0)
}

/// The man page (roff): the clap definition's sections, then where settings come from, the
/// environment and the exit codes, which clap does not know.
pub fn manpage() -> Result<Vec<u8>> {
    let failed = |cause| Error::Write {
        path: "man 手册页".into(),
        cause,
    };
    let man = clap_mangen::Man::new(command());
    let mut page = Vec::new();
    man.render_title(&mut page).map_err(failed)?;
    // Chinese has no spaces to stretch or words to hyphenate: left-aligned, unbroken.
    page.extend_from_slice(b".ad l\n.nh\n");
    man.render_name_section(&mut page).map_err(failed)?;
    man.render_synopsis_section(&mut page).map_err(failed)?;
    man.render_description_section(&mut page).map_err(failed)?;
    man.render_options_section(&mut page).map_err(failed)?;
    man.render_subcommands_section(&mut page).map_err(failed)?;
    page.extend_from_slice(MAN_FILES.as_bytes());
    page.extend_from_slice(format!(".SH VERSION\n{}\n", super::version::version()).as_bytes());
    Ok(page)
}

const MAN_FILES: &str = r#".SH FILES
.TP
\fI/etc/lvzhi/config.toml\fR
全服务器的设置：data、review、cache、reviewer、ascii、color、mouse、osc52 等（TOML）。环境变量 LVZHI_SYSTEM_CONFIG 可改用别的文件。
.TP
\fI~/.config/lvzhi/config.toml\fR
每个用户的设置，覆盖全服务器的。\fBlvzhi config\fR 列出生效的设置和每一项来自哪里。
.TP
\fI~/.local/share/lvzhi/review.db\fR
没有设置 review 时的审核记录文件（SQLite）。
.TP
\fI~/.cache/lvzhi/\fR
大量乡镇（共 2000 项以上，如全省）的事项和检索索引，存成一个文件，数据不变时下次直接映射读取；数据一改自动重建。可随时删除。\fBXDG_CACHE_HOME\fR 可改变位置；设置 cache（如 /var/cache/lvzhi）时先用服务器上大家共用的那一份，内存里只占一份。
.SH ENVIRONMENT
.TP
\fBLVZHI_DATA\fR, \fBLVZHI_REVIEW\fR, \fBLVZHI_CACHE\fR, \fBLVZHI_REVIEWER\fR
覆盖配置文件里的 data（几个路径用 : 分隔）、review、cache、reviewer；命令行参数又覆盖它们。
.TP
\fBNO_COLOR\fR
不为空时不用颜色（\fB\-\-color\fR 除外）。
.TP
\fBLVZHI_PROBE_MS\fR
启动时等终端回答字符宽度的毫秒数，默认 150；链路很慢时可加大。
.TP
\fBLVZHI_COMPLETE\fR
由补全脚本设置：程序回答补全后即退出。
.SH "EXIT STATUS"
0 成功；1 其他错误（如写文件失败）；2 输入无法使用（文件、配置、编号、参数），并说明是哪个文件、哪一行。
"#;
