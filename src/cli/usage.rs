//! clap in the users' language: the help's headings, usage line, flags, defaults and possible
//! values, and every command-line mistake as one Chinese line naming what was typed.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command, CommandFactory};

use super::args::Args;

/// The help as clap lays it out, with our words for its own ("Usage:").
const TEMPLATE: &str = "{before-help}{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}";

/// Where each option goes in the help: how it looks, or which data it works on; the rest are
/// the command's own (选项), the positionals its 参数.
const DISPLAY: [&str; 8] = [
    "ascii", "no_ascii", "color", "no_color", "mouse", "no_mouse", "osc52", "no_osc52",
];
const DATA: [&str; 3] = ["data", "review", "reviewer"];
const DISPLAY_HEADING: &str = "显示";
const DATA_HEADING: &str = "数据";
const OWN_HEADING: &str = "选项";
const POSITIONAL_HEADING: &str = "参数";

/// The command line as lvzhi shows it: `Args` with every word clap would add in English
/// replaced (help, completions and the man page are all made from this).
/// Parses this process's command line, as `command` shows it.
pub fn parse_command_line() -> Result<Args, clap::Error> {
    use clap::FromArgMatches;
    Args::from_arg_matches(&command().try_get_matches()?)
}

pub fn command() -> Command {
    let mut command = with_own_help(Args::command()).disable_help_subcommand(true);
    command.build();
    localize(&mut command);
    command
}

/// `-h`/`--help` in our words, on every command; clap's own are switched off.
fn with_own_help(command: Command) -> Command {
    let names: Vec<String> = command
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    let mut command = command
        .help_template(TEMPLATE)
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令")
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("显示帮助"),
        );
    for name in names {
        command = command.mut_subcommand(name, with_own_help);
    }
    command
}

/// Headings, defaults, possible values and the usage line, on the built command (whose global
/// options have reached every subcommand by now).
fn localize(command: &mut Command) {
    let ids: Vec<clap::Id> = command
        .get_arguments()
        .map(|a| a.get_id().clone())
        .collect();
    let mut taken = std::mem::take(command);
    for id in ids {
        taken = taken.mut_arg(id, localize_arg);
    }
    *command = taken;
    // clap writes [OPTIONS] into the usage line itself: its line, with our word.
    let usage = command.render_usage().to_string();
    let usage = usage.trim_start_matches("Usage:").trim();
    let usage = usage.replace("[OPTIONS]", "[选项]");
    *command = std::mem::take(command).override_usage(usage);
    for sub in command.get_subcommands_mut() {
        localize(sub);
    }
}

fn localize_arg(arg: Arg) -> Arg {
    let id = arg.get_id().as_str();
    let heading = if DISPLAY.contains(&id) {
        DISPLAY_HEADING
    } else if DATA.contains(&id) {
        DATA_HEADING
    } else if arg.is_positional() {
        POSITIONAL_HEADING
    } else {
        OWN_HEADING
    };
    let mut help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
    let mut arg = arg.help_heading(heading);
    let takes_values = arg.get_action().takes_values();
    if takes_values && !arg.is_hide_possible_values_set() {
        let values: Vec<String> = arg
            .get_possible_values()
            .iter()
            .filter(|v| !v.is_hide_set())
            .map(|v| v.get_name().to_string())
            .collect();
        if !values.is_empty() {
            help.push_str(&format!(" [可选：{}]", values.join("、")));
            arg = arg.hide_possible_values(true);
        }
    }
    if takes_values && !arg.is_hide_default_value_set() && !arg.get_default_values().is_empty() {
        let defaults: Vec<String> = arg
            .get_default_values()
            .iter()
            .map(|v| v.to_string_lossy().into_owned())
            .collect();
        help.push_str(&format!(" [默认：{}]", defaults.join(" ")));
        arg = arg.hide_default_value(true);
    }
    if help.is_empty() { arg } else { arg.help(help) }
}

/// The subcommands a command line names, in order ("lvzhi register set"): whose help to
/// point to.
fn invoked(argv: &[String]) -> String {
    let mut command = Args::command();
    let mut path = vec!["lvzhi".to_string()];
    for word in argv.iter().skip(1) {
        let Some(sub) = command.find_subcommand(word).cloned() else {
            continue;
        };
        path.push(sub.get_name().to_string());
        command = sub;
    }
    path.join(" ")
}

/// A command-line mistake in the users' language, naming the argument and the value, and the
/// help to read; `None` for `--help` (and any display clap prints itself).
pub fn usage_error(e: &clap::Error) -> Option<String> {
    let argv: Vec<String> = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    usage_error_in(e, &argv)
}

fn usage_error_in(e: &clap::Error, argv: &[String]) -> Option<String> {
    let get = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join("、"),
        Some(ContextValue::StyledStrs(v)) => v
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("、"),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    let arg = get(ContextKind::InvalidArg);
    // "--note <备注>": the option as typed is its first word.
    let option = arg
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_string();
    let value = get(ContextKind::InvalidValue);
    let valid = get(ContextKind::ValidValue);
    let message = match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => return None,
        // clap's own check: nothing after an option that takes a value, or an empty one.
        ErrorKind::InvalidValue if value.is_empty() => {
            let choices = if valid.is_empty() {
                String::new()
            } else {
                format!("，可用的有 {valid}")
            };
            format!("{option} 后面缺少值：应写成 {arg}{choices}")
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            match std::error::Error::source(e).map(ToString::to_string) {
                // Our own value parsers already say it in Chinese: theirs is the message.
                Some(reason) if reason.chars().any(is_chinese) => reason,
                _ if !valid.is_empty() => {
                    format!("「{value}」不能作为 {option}：可用的有 {valid}")
                }
                _ => format!("「{value}」不能作为 {arg}"),
            }
        }
        ErrorKind::UnknownArgument => unknown_argument(&arg, e),
        ErrorKind::InvalidSubcommand => {
            let name = get(ContextKind::InvalidSubcommand);
            match get(ContextKind::SuggestedSubcommand) {
                suggested if !suggested.is_empty() => {
                    format!("没有「{name}」这个命令，是不是要用 {suggested}")
                }
                _ => format!("没有「{name}」这个命令{}", commands_of(&invoked(argv))),
            }
        }
        ErrorKind::MissingRequiredArgument => {
            format!("缺少 {arg}（用法：{}）", usage_of(e))
        }
        ErrorKind::MissingSubcommand => {
            format!("缺少命令：可用的有 {}", get(ContextKind::ValidSubcommand))
        }
        // A flag given a value (--ascii=1), or an option a second one.
        ErrorKind::TooManyValues if !arg.contains('<') => {
            format!("{option} 后面不带值，多出了「{value}」")
        }
        ErrorKind::TooManyValues => format!("{option} 只要一个值，多出了「{value}」"),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            let expected = match (
                e.get(ContextKind::ExpectedNumValues),
                e.get(ContextKind::MinValues),
            ) {
                (Some(n), _) => format!("应有 {n} 个"),
                (None, Some(n)) => format!("至少要 {n} 个"),
                (None, None) => "个数不对".to_string(),
            };
            let actual = e
                .get(ContextKind::ActualNumValues)
                .map(|n| format!("，给了 {n} 个"))
                .unwrap_or_default();
            format!("{option} 的值{expected}{actual}")
        }
        ErrorKind::ArgumentConflict => match get(ContextKind::PriorArg) {
            prior if prior == arg => format!("{option} 只能给一次"),
            prior => format!("{arg} 不能和 {prior} 一起用"),
        },
        ErrorKind::NoEquals => format!("{option} 要写成 {option}=值"),
        ErrorKind::InvalidUtf8 => {
            "参数里有不是 UTF-8 的字符：请把终端或 SSH 客户端的字符编码设为 UTF-8".to_string()
        }
        _ => "命令行参数有误".to_string(),
    };
    Some(format!("{message}；用 {} --help 查看用法", invoked(argv)))
}

/// An option lvzhi does not know, or a word too many; with clap's suggestion in our words.
fn unknown_argument(arg: &str, e: &clap::Error) -> String {
    let what = if arg.starts_with('-') {
        format!("不认识的参数「{arg}」")
    } else {
        format!("多出来的参数「{arg}」")
    };
    if let Some(ContextValue::String(flag)) = e.get(ContextKind::SuggestedArg) {
        return format!("{what}，是不是要用 {flag}");
    }
    // clap's own suggestions are English sentences around what to type: the quoted part.
    let Some(ContextValue::StyledStrs(tips)) = e.get(ContextKind::Suggested) else {
        return what;
    };
    for tip in tips.iter().map(ToString::to_string) {
        let quoted: Vec<&str> = tip.split('\'').skip(1).step_by(2).collect();
        if tip.starts_with("to pass") {
            if let Some(typed) = quoted.get(1) {
                return format!("{what}；要把它当作文字，写成 {typed}");
            }
        } else if tip.ends_with("exists") {
            if let Some(typed) = quoted.first() {
                return format!("{what}，是不是要用 lvzhi {typed}");
            }
        }
    }
    what
}

/// The usage line an error carries, without clap's heading.
fn usage_of(e: &clap::Error) -> String {
    match e.get(ContextKind::Usage) {
        Some(usage) => usage
            .to_string()
            .trim_start_matches("Usage:")
            .trim()
            .to_string(),
        None => String::new(),
    }
}

fn is_chinese(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// "：可用的有 import、export…" for the command at `path` ("lvzhi register"), or that it has
/// none under it.
pub(super) fn commands_of(path: &str) -> String {
    let command = command();
    let mut at = &command;
    for name in path.split_whitespace().skip(1) {
        match at.find_subcommand(name) {
            Some(sub) => at = sub,
            None => break,
        }
    }
    let names: Vec<&str> = at.get_subcommands().map(|c| c.get_name()).collect();
    if names.is_empty() {
        format!("：{path} 下面没有别的命令")
    } else {
        format!("：可用的有 {}", names.join("、"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mistake(argv: &[&str]) -> String {
        let argv: Vec<String> = argv.iter().map(|s| s.to_string()).collect();
        let e = command().try_get_matches_from(&argv).unwrap_err();
        usage_error_in(&e, &argv).unwrap_or_default()
    }

    #[test]
    fn every_mistake_reads_in_chinese_and_points_to_its_commands_help() {
        for (argv, says) in [
            (
                &["lvzhi", "register", "set", "abc"][..],
                "「abc」不是登记号",
            ),
            (
                &["lvzhi", "mark", "c19", "同意", "--note"],
                "--note 后面缺少值",
            ),
            (&["lvzhi", "search", "犬", "--limit", "x"], "「x」不是项数"),
            (
                &["lvzhi", "export", "--format", "pdf"],
                "可用的有 json、csv、xlsx、md",
            ),
            (&["lvzhi", "export", "--format"], "--format 后面缺少值"),
            (&["lvzhi", "admit", "--recrod"], "是不是要用 --record"),
            (&["lvzhi", "show", "c19", "c20"], "多出来的参数「c20」"),
            (&["lvzhi", "mark"], "缺少 <编号>"),
            (&["lvzhi", "register", "set"], "缺少 <登记号>"),
            (&["lvzhi", "shw"], "没有「shw」这个命令，是不是要用 show"),
            (
                &["lvzhi", "register", "foo"],
                "没有「foo」这个命令：可用的有 set",
            ),
            (&["lvzhi", "--ascii=1"], "--ascii 后面不带值，多出了「1」"),
            (
                &["lvzhi", "mark", "c1", "同意", "--note", "a", "--note", "b"],
                "--note 只能给一次",
            ),
            (&["lvzhi", "show", "-x"], "不认识的参数「-x」"),
            (&["lvzhi", "--data", ""], "--data 后面缺少值"),
        ] {
            let message = mistake(argv);
            assert!(message.contains(says), "{argv:?}: {message}");
            for english in [
                "error", "Usage", "invalid", "found", "value", "OPTIONS", "tip",
            ] {
                assert!(!message.contains(english), "{argv:?}: {message}");
            }
        }
        assert!(
            mistake(&["lvzhi", "register", "set", "abc"])
                .ends_with("用 lvzhi register set --help 查看用法")
        );
        assert!(mistake(&["lvzhi", "mark"]).contains("用法：lvzhi mark [选项] <编号> <状态>"));
    }

    /// Every line of every command's help, and no word of clap's English in any of them.
    #[test]
    fn every_help_is_in_chinese() {
        fn check(command: &mut Command) {
            let help = command.render_help().to_string();
            for english in [
                "Usage",
                "Options",
                "Arguments",
                "Commands",
                "Print",
                "default:",
                "possible values",
                "[OPTIONS]",
                "[COMMAND]",
                "<FILE",
                "<NAME>",
                "<PATH>",
            ] {
                assert!(
                    !help.contains(english),
                    "{english} in the help of {}:\n{help}",
                    command.get_name()
                );
            }
            assert!(help.contains("用法："), "{help}");
            for sub in command.get_subcommands_mut() {
                check(sub);
            }
        }
        check(&mut command());
    }
}
