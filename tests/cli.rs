//! The non-interactive commands, run as a user would: the real binary, its output, its exit code.

mod common;

use common::{lvzhi, repo_file, source_text, stderr, stdout};
use lvzhi::Dataset;

#[test]
fn export_json_prints_all_252_items_in_the_dataset_schema() {
    let out = lvzhi(&["export", "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let dataset = Dataset::from_json(&stdout(&out), "stdout").unwrap();
    assert_eq!(dataset.items.len(), 252);
    assert_eq!(dataset, Dataset::embedded().unwrap());
}

#[test]
fn export_writes_the_file_named_by_o() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.json");
    let out = lvzhi(&["export", "--format", "json", "-o", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).is_empty());
    let written = std::fs::read_to_string(&path).unwrap();
    assert_eq!(written, stdout(&lvzhi(&["export", "--format", "json"])));
    assert_eq!(
        Dataset::from_json(&written, "out.json").unwrap(),
        Dataset::embedded().unwrap()
    );
}

#[test]
fn show_accepts_every_id_form_and_prints_sections_and_numbered_steps() {
    let full = stdout(&lvzhi(&["show", "coop-19"]));
    assert_eq!(full, stdout(&lvzhi(&["show", "c19"])));
    assert!(full.contains("事项名称：文明养犬管理工作"));
    assert!(full.contains("对应上级部门：玛纳斯县公安局、"));
    assert!(full.contains("\n上级部门职责\n  1. 县公安局负责收集养犬人员基本信息"));
    assert!(full.contains("\n六户地镇配合职责\n  组织村结合走访入户"));

    let sections = stdout(&lvzhi(&["show", "c30"]));
    assert!(sections.contains("  一、农药使用指导、服务工作\n    1. 组织技术人员"));
    assert!(stdout(&lvzhi(&["show", "b44"])).contains("基本履职事项清单 第 44 项（basic-44）"));
    let recalled = stdout(&lvzhi(&["show", "r7"]));
    assert!(recalled.contains(
        "承接部门：玛纳斯县农业农村局\n\n工作方式\n  由县农业农村局负责动物疫情信息采集。"
    ));
}

#[test]
fn show_refuses_unknown_ids_with_exit_code_2() {
    for (id, says) in [
        ("c100", "没有事项 coop-100"),
        ("x19", "无法识别的事项编号「x19」"),
    ] {
        let out = lvzhi(&["show", id]);
        assert_eq!(out.status.code(), Some(2));
        assert!(stderr(&out).contains(says), "{}", stderr(&out));
    }
}

#[test]
fn list_prints_one_line_per_item() {
    let coop = stdout(&lvzhi(&["list", "coop"]));
    assert_eq!(coop.lines().count(), 99);
    assert_eq!(coop, stdout(&lvzhi(&["list", "配合"])));
    let line19 = coop.lines().find(|l| l.starts_with("coop-19\t")).unwrap();
    assert!(line19.contains("\t文明养犬管理工作\t玛纳斯县公安局、"));
    assert_eq!(stdout(&lvzhi(&["list"])).lines().count(), 252);
    assert_eq!(lvzhi(&["list", "nope"]).status.code(), Some(2));
}

#[test]
fn import_writes_the_committed_dataset_and_reports_repairs() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("liuhudi.json");
    let source = repo_file("data/source/liuhudi.txt");
    let out = lvzhi(&[
        "import",
        source.to_str().unwrap(),
        "-o",
        out_path.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("基本 110，配合 99，收回 43"));
    let committed = std::fs::read_to_string(repo_file("data/liuhudi.json")).unwrap();
    assert_eq!(std::fs::read_to_string(&out_path).unwrap(), committed);
}

/// Writes `content` as the input, points `-o` at a file that already holds the user's data, and
/// checks the import fails with exit code 2, names the line, and leaves the output untouched.
fn assert_import_refuses(content: &[u8], line: usize, says: &str) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("bad.txt");
    let output = dir.path().join("out.json");
    std::fs::write(&input, content).unwrap();
    std::fs::write(&output, "用户原有的文件").unwrap();
    let out = lvzhi(&[
        "import",
        input.to_str().unwrap(),
        "-o",
        output.to_str().unwrap(),
    ]);
    let message = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{message}");
    assert!(message.contains(&format!("第 {line} 行")), "{message}");
    assert!(message.contains(says), "{message}");
    assert_eq!(std::fs::read_to_string(&output).unwrap(), "用户原有的文件");
    let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(leftovers, 2, "the import left a file behind");
}

/// The real text with line `n` (1-based) replaced.
fn with_line(n: usize, replace: impl Fn(&str) -> String) -> String {
    let text = source_text();
    let lines: Vec<String> = text
        .split('\n')
        .enumerate()
        .map(|(i, l)| {
            if i + 1 == n {
                replace(l)
            } else {
                l.to_string()
            }
        })
        .collect();
    lines.join("\n")
}

fn line_number_of(prefix: &str) -> usize {
    source_text()
        .split('\n')
        .position(|l| l.starts_with(prefix))
        .unwrap()
        + 1
}

#[test]
fn import_refuses_a_truncated_line() {
    let n = line_number_of("19\t平安法治\t文明养犬管理工作");
    let cut = with_line(n, |l| l.chars().take(40).collect());
    assert_import_refuses(cut.as_bytes(), n, "应有 6 列");
    let n = line_number_of("1\t党的建设\t推荐县级以上党代表工作");
    let in_tag = with_line(n, |l| {
        let at = l.rfind("<ol style=").unwrap() + "<ol style=".len();
        l[..at].to_string()
    });
    assert_import_refuses(in_tag.as_bytes(), n, "HTML 标签没有结束");
}

#[test]
fn import_refuses_a_wrong_column_count() {
    let n = line_number_of("7\t党的建设\t按照干部管理权限");
    let extra = with_line(n, |l| format!("{l}\t多出的一列"));
    assert_import_refuses(
        extra.as_bytes(),
        n,
        "应有 3 列（序号、事项类别、事项名称），实际有 4 列",
    );
}

#[test]
fn import_refuses_text_that_is_not_utf8() {
    let n = line_number_of("2\t党的建设");
    let mut bytes = Vec::new();
    for (i, line) in source_text().split('\n').enumerate() {
        if i > 0 {
            bytes.push(b'\n');
        }
        bytes.extend_from_slice(line.as_bytes());
        if i + 1 == n {
            bytes.extend_from_slice(&[0xB5, 0xB3]); // "党" in GBK
        }
    }
    assert_import_refuses(&bytes, n, "不是 UTF-8");
}

#[test]
fn a_malformed_data_file_gets_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.json");
    let json = Dataset::embedded().unwrap().to_json();
    std::fs::write(&path, json.replacen("\"title\": ", "\"title\" ", 1)).unwrap();
    let out = lvzhi(&["--data", path.to_str().unwrap(), "list"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("broken.json：第 12 行第 15 列"),
        "{}",
        stderr(&out)
    );

    let missing = lvzhi(&["--data", "/nonexistent/lvzhi.json", "list"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("无法读取 /nonexistent/lvzhi.json"));
}

#[test]
fn data_loads_another_dataset_json_or_published_text() {
    let dir = tempfile::tempdir().unwrap();
    let mut dataset = Dataset::embedded().unwrap();
    dataset
        .items
        .retain(|i| i.list == lvzhi::ListKind::Recalled);
    dataset.town = "测试镇".into();
    let path = dir.path().join("small.json");
    std::fs::write(&path, dataset.to_json()).unwrap();
    let out = lvzhi(&["--data", path.to_str().unwrap(), "list"]);
    assert_eq!(stdout(&out).lines().count(), 43);

    let text = repo_file("data/source/liuhudi.txt");
    let out = lvzhi(&["--data", text.to_str().unwrap(), "show", "c75"]);
    assert!(stdout(&out).contains("  县委宣传部\n    1. 按要求向六户地镇配备各类图书；"));
}

#[test]
fn the_app_refuses_to_start_without_a_terminal() {
    let home = tempfile::tempdir().unwrap();
    let out = common::command()
        .env("XDG_DATA_HOME", home.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("需要在终端里运行"),
        "{}",
        stderr(&out)
    );
    // Refused before anything was made: no review file left behind for an app never opened.
    assert_eq!(std::fs::read_dir(home.path()).unwrap().count(), 0);
}

#[test]
fn a_query_longer_than_the_limit_is_refused_once_and_briefly() {
    let query = "犬 ".repeat(300);
    let out = lvzhi(&["search", &query]);
    assert_eq!(out.status.code(), Some(2));
    let message = stderr(&out);
    assert_eq!(message.matches("查询太长").count(), 1, "{message}");
    assert!(message.chars().count() < 120, "{message}");
}

#[test]
fn data_files_saved_by_notepad_load_with_a_bom_or_as_utf16() {
    let dir = tempfile::tempdir().unwrap();
    let json = lvzhi::Dataset::embedded().unwrap().to_json();
    let with_bom = dir.path().join("bom.json");
    std::fs::write(&with_bom, format!("\u{FEFF}{json}")).unwrap();
    let utf16 = dir.path().join("utf16.json");
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(json.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(&utf16, &bytes).unwrap();
    for path in [&with_bom, &utf16] {
        let out = lvzhi(&["--data", path.to_str().unwrap(), "show", "c19"]);
        assert!(out.status.success(), "{}: {}", path.display(), stderr(&out));
        assert!(stdout(&out).contains("文明养犬"), "{}", stdout(&out));
    }
    let no_bom = dir.path().join("utf16-no-bom.json");
    std::fs::write(&no_bom, &bytes[2..]).unwrap();
    let out = lvzhi(&["--data", no_bom.to_str().unwrap(), "list"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("UTF-16"), "{}", stderr(&out));
}

#[test]
fn search_with_no_match_says_so_on_stderr_suggests_and_exits_1() {
    for (query, meant) in [
        ("xiaofng", "消防"),
        ("消訪", "消防"),
        ("shuiliji", "玛纳斯县水利局"),
    ] {
        let out = lvzhi(&["search", query]);
        assert_eq!(out.status.code(), Some(1), "{query}");
        assert!(stdout(&out).is_empty());
        let message = stderr(&out);
        assert!(
            message.contains("没有匹配") && message.contains(meant),
            "{query}: {message}"
        );
    }
    // A typo short of a letter is already found by the engine itself.
    let out = lvzhi(&["search", "shuilij"]);
    assert!(out.status.success());
    assert!(stdout(&out).contains("玛纳斯县水利局"));
    let out = lvzhi(&["search", "zzzz"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("没有匹配「zzzz」"));
    assert!(
        !stderr(&out).contains("你是不是"),
        "nothing close: {}",
        stderr(&out)
    );
}

#[test]
fn command_line_mistakes_are_one_chinese_line_and_exit_2() {
    for (args, expected) in [
        (&["mark", "c19", "maybe"][..], "「maybe」不是审核状态"),
        (&["--frob"], "不认识的参数「--frob」"),
        (&["shw", "c19"], "没有「shw」这个命令，是不是要用 show"),
        (
            &["export", "--format", "pdf"],
            "可用的有 json、csv、xlsx、md",
        ),
        (
            &["mark"],
            "缺少 <编号>、<状态>（用法：lvzhi mark [选项] <编号> <状态>）",
        ),
        // Issue 23: a number that is not one, an option missing its value.
        (
            &["register", "set", "abc"],
            "「abc」不是登记号：应为 lvzhi register 列出的第一列的数，如 3；用 lvzhi register set --help 查看用法",
        ),
        (
            &["mark", "c19", "同意", "--note"],
            "--note 后面缺少值：应写成 --note <备注>；用 lvzhi mark --help 查看用法",
        ),
        (&["search", "犬", "--limit", "几个"], "「几个」不是项数"),
        // Issue 24: a number too large to hold is named as such, not in Rust's words.
        (
            &["register", "set", "99999999999999999999"],
            "登记号「99999999999999999999」太大：应为 lvzhi register 列出的第一列的数，如 3；用 lvzhi register set --help 查看用法",
        ),
        (
            &["search", "犬", "--limit", "99999999999999999999999"],
            "项数「99999999999999999999999」太大",
        ),
        (&["register", "set", "99999"], "登记台账里没有第 99999 号"),
        (
            &["admit", "--recrod"],
            "不认识的参数「--recrod」，是不是要用 --record",
        ),
        (&["show", "c19", "c20"], "多出来的参数「c20」"),
        (&["help", "shw"], "没有「shw」这个命令"),
    ] {
        let out = lvzhi(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let message = stderr(&out);
        assert!(message.contains(expected), "{args:?}: {message}");
        for english in [
            "error",
            "Usage",
            "invalid",
            "found",
            "For more",
            "可用的有 ；",
        ] {
            assert!(!message.contains(english), "{args:?}: {message}");
        }
        assert_eq!(message.lines().count(), 1, "{message}");
    }
    assert!(lvzhi(&["--help"]).status.success());
}

/// Every command's help as the binary prints it (`--help`, `-h`, `lvzhi help …`): clap's own
/// words in Chinese, and the options about how things look apart from those about the data and
/// from the command's own.
#[test]
fn every_help_is_chinese_with_display_and_data_options_apart() {
    let commands: [&[&str]; 16] = [
        &[],
        &["import"],
        &["export"],
        &["mark"],
        &["show"],
        &["check"],
        &["diff"],
        &["search"],
        &["admit"],
        &["register"],
        &["register", "set"],
        &["completions"],
        &["config"],
        &["manpage"],
        &["list"],
        &["help"],
    ];
    for command in commands {
        for asked in [&["--help"][..], &["-h"]] {
            let out = lvzhi(&[command, asked].concat());
            assert!(out.status.success(), "{command:?}: {}", stderr(&out));
            let help = stdout(&out);
            assert_eq!(
                help,
                stdout(&lvzhi(&[&["help"], command].concat())),
                "lvzhi help {command:?} is --help"
            );
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
                "For more",
            ] {
                assert!(!help.contains(english), "{english} in {command:?}:\n{help}");
            }
            assert!(help.contains("用法：lvzhi"), "{help}");
            assert!(help.contains("-h, --help"), "{help}");
            assert!(help.contains("显示帮助"), "{help}");
            // The shared options, each group under its heading, after the command's own.
            let display = help.find("\n显示:\n").expect("显示");
            let data = help.find("\n数据:\n").expect("数据");
            let ascii = help.find("--ascii").unwrap();
            let review = help.find("--review <文件>").unwrap();
            assert!(display < ascii && data < review, "{help}");
            assert!(
                !help[data..display.max(data)].contains("--ascii")
                    && !help[display..].contains("--review"),
                "{command:?}: display and data options mixed:\n{help}"
            );
            if let Some(own) = help.find("\n选项:\n") {
                assert!(own < data && own < display, "{help}");
                assert!(!help[own..data.min(display)].contains("--ascii"), "{help}");
            }
        }
    }
    let export = stdout(&lvzhi(&["export", "--help"]));
    assert!(
        export.contains("[可选：json、csv、xlsx、md] [默认：json]"),
        "{export}"
    );
    assert!(stdout(&lvzhi(&["search", "-h"])).contains("[默认：20]"));
    assert!(stdout(&lvzhi(&["completions", "-h"])).contains("[可选：bash、zsh、fish]"));
    let root = stdout(&lvzhi(&["--help"]));
    assert!(root.contains("用法：lvzhi [选项] [命令]"), "{root}");
    assert!(root.contains("\n命令:\n"), "{root}");
    assert!(root.contains("-V, --version"), "{root}");
    let man = stdout(&lvzhi(&["manpage"]));
    assert!(
        !man.contains("Print help") && man.contains("显示帮助"),
        "{man}"
    );
}

#[test]
fn show_includes_the_items_review() {
    let dir = tempfile::tempdir().unwrap();
    let review = dir.path().join("review.db");
    let review = review.to_str().unwrap();
    let out = lvzhi(&[
        "mark",
        "c19",
        "有异议",
        "--note",
        "应由公安办理",
        "--review",
        review,
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&lvzhi(&["show", "c19", "--review", review]));
    assert!(text.contains("审核：有异议（"), "{text}");
    assert!(text.contains("备注：\n  应由公安办理"), "{text}");
    let text = stdout(&lvzhi(&["show", "c20", "--review", review]));
    assert!(text.trim_end().ends_with("审核：未审"), "{text}");
}

/// What Chinese Excel, WPS and Notepad save by default ("ANSI"): GBK.
fn gbk(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

#[test]
fn a_published_list_or_a_csv_saved_in_gbk_imports_as_the_utf8_one() {
    let dir = tempfile::tempdir().unwrap();
    let txt = dir.path().join("清单.txt");
    std::fs::write(&txt, gbk(&source_text())).unwrap();
    let from_gbk = lvzhi::import::import_files(&[&txt], lvzhi::import::Options::default())
        .unwrap()
        .0;
    let expected = Dataset::embedded().unwrap();
    assert_eq!(from_gbk.items, expected.items);

    let csv = dir.path().join("审核结果.csv");
    let out = lvzhi(&["export", "--format", "csv", "-o", csv.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let utf8 = std::fs::read_to_string(&csv).unwrap();
    std::fs::write(&csv, gbk(utf8.trim_start_matches('\u{FEFF}'))).unwrap();
    let from_csv = lvzhi::import::import_files(&[&csv], lvzhi::import::Options::default())
        .unwrap()
        .0;
    assert_eq!(from_csv.items, expected.items);
}

/// The whole of what a user reads for the three mistakes most often made: each said once, in
/// Chinese, naming what was typed, and exit code 2.
#[test]
fn bad_query_status_and_id_print_exactly_one_line() {
    for (args, expected) in [
        (
            vec!["search", "犬 |"],
            "lvzhi：查询「犬 |」第 4 个字处：「|」后面少了一个词\n",
        ),
        (
            vec!["mark", "c19", "maybe"],
            "lvzhi：「maybe」不是审核状态：应为 同意、有异议、需修改、待核实、未审（或 agree、dispute、change、check、none）；用 lvzhi mark --help 查看用法\n",
        ),
        (
            vec!["show", "x19"],
            "lvzhi：无法识别的事项编号「x19」：应为 coop-19、c19、b44、r7 这样的形式\n",
        ),
        (
            vec!["show", "c100"],
            "lvzhi：没有事项 coop-100：配合履职事项清单共有 99 项\n",
        ),
    ] {
        let out = lvzhi(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(stderr(&out), expected, "{args:?}");
        assert!(stdout(&out).is_empty(), "{args:?}");
    }
}

/// The completion script of each shell calls the binary (found on PATH) for its answers, so
/// commands, flags, the words `mark` takes and the items of the data all complete; bash is run
/// for real, zsh and fish through the same protocol their scripts speak.
#[test]
fn completions_for_each_shell_and_the_man_page() {
    let bin_dir = std::path::Path::new(env!("CARGO_BIN_EXE_lvzhi"))
        .parent()
        .unwrap()
        .to_path_buf();
    let path = format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap());
    let bash = |words: &str, cword: usize| {
        let out = std::process::Command::new("bash")
            .arg("-c")
            .arg(format!(
                "source <(lvzhi completions bash); COMP_WORDS=({words}); COMP_CWORD={cword}; \
                 _clap_complete_lvzhi lvzhi \"${{COMP_WORDS[$COMP_CWORD]}}\" \
                 \"${{COMP_WORDS[$COMP_CWORD-1]}}\"; printf '%s\\n' \"${{COMPREPLY[@]}}\""
            ))
            .env("PATH", &path)
            .envs(common::isolated())
            .output()
            .expect("bash");
        assert!(bash_ok(&out), "{}", stderr(&out));
        stdout(&out).lines().map(String::from).collect::<Vec<_>>()
    };
    fn bash_ok(out: &std::process::Output) -> bool {
        out.status.success() && out.stderr.is_empty()
    }
    assert_eq!(bash("lvzhi reg", 1), ["register"]);
    let ids = bash("lvzhi show coop-1", 2);
    assert_eq!(ids.len(), 11, "{ids:?}");
    assert!(ids.contains(&"coop-19".to_string()), "{ids:?}");
    assert_eq!(bash("lvzhi mark r4", 2), ["r4", "r40", "r41", "r42", "r43"]);
    let words = bash("lvzhi mark c19 ''", 3);
    for word in ["同意", "有异议", "需修改", "待核实", "未审", "--note"] {
        assert!(words.contains(&word.to_string()), "{words:?}");
    }
    assert_eq!(bash("lvzhi search 犬 --list co", 4), ["coop"]);

    for (shell, expected) in [
        ("zsh", "r40:建立微型消防站"),
        ("fish", "r40\t建立微型消防站"),
    ] {
        let out = lvzhi(&["completions", shell]);
        assert!(out.status.success(), "{shell}: {}", stderr(&out));
        assert!(stdout(&out).contains("LVZHI_COMPLETE="), "{shell}");
        let answer = common::command()
            .args(["--", "lvzhi", "show", "r4"])
            .env("LVZHI_COMPLETE", shell)
            .env("_CLAP_COMPLETE_INDEX", "2")
            .output()
            .unwrap();
        let lines: Vec<String> = stdout(&answer).lines().map(String::from).collect();
        assert_eq!(lines.len(), 5, "{shell}: {lines:?}");
        assert!(lines.contains(&expected.to_string()), "{shell}: {lines:?}");
    }
    // The zsh file is also the body of `_lvzhi` when autoloaded from the function path.
    assert!(
        stdout(&lvzhi(&["completions", "zsh"])).contains("_clap_dynamic_completer_lvzhi \"$@\"")
    );
    let out = lvzhi(&["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));

    let man = stdout(&lvzhi(&["manpage"]));
    assert!(man.contains(".TH lvzhi 1"), "{man}");
    for command in ["admit", "register", "completions", "config"] {
        assert!(man.contains(command), "the man page names {command}");
    }
    for said in [
        ".SH FILES",
        "/etc/lvzhi/config.toml",
        "LVZHI_REVIEW",
        ".SH \"EXIT STATUS\"",
    ] {
        assert!(man.contains(said), "the man page says {said}");
    }
}

/// `--version` names the data inside the binary: the town, its counts, its day and the
/// identity its review marks are kept under.
#[test]
fn the_version_names_the_embedded_data() {
    let data = lvzhi::Dataset::embedded().unwrap();
    for flag in ["--version", "-V"] {
        let out = lvzhi(&[flag]);
        assert!(out.status.success());
        let text = stdout(&out);
        assert!(
            text.starts_with(&format!("lvzhi {}", env!("CARGO_PKG_VERSION"))),
            "{text}"
        );
        for part in [
            data.place(),
            "基本 110、配合 99、收回 43".to_string(),
            format!("{} 版", lvzhi::model::EMBEDDED_DATE),
            data.identity(),
        ] {
            assert!(text.contains(&part), "{part} in {text}");
        }
    }
}

/// The day `--version` gives is the day the data file last changed in the history.
#[test]
fn the_embedded_date_is_the_data_files_last_commit() {
    let out = std::process::Command::new("git")
        .args([
            "log",
            "-1",
            "--format=%cd",
            "--date=format-local:%Y-%m-%d",
            "--",
        ])
        .arg("data/liuhudi.json")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("TZ", "UTC")
        .output();
    match out {
        Ok(out) if out.status.success() && !out.stdout.is_empty() => {
            assert_eq!(stdout(&out).trim(), lvzhi::model::EMBEDDED_DATE);
        }
        // A source tarball has no history to hold the date to.
        _ => eprintln!("not a git checkout: the date is not checked"),
    }
}

/// The shape a `--json` help line promises, as nested key lists: `{a, b: [{c, d…}], e}`.
/// `open` is true where the help ends a level with "…" (more keys may follow).
#[derive(Debug)]
struct Shape {
    keys: Vec<(String, Option<Shape>)>,
    open: bool,
}

fn shape_of(text: &str) -> Shape {
    let inner = text
        .trim()
        .trim_start_matches('[')
        .trim_end_matches(']')
        .trim();
    let inner = &inner[1..inner.len() - 1];
    let (mut keys, mut depth, mut start, mut open) = (Vec::new(), 0, 0, false);
    let mut push = |part: &str, open: &mut bool| {
        let part = part.trim();
        let (name, nested) = match part.split_once(':') {
            Some((name, rest)) => (name.trim(), Some(shape_of(rest))),
            None => (part, None),
        };
        *open |= name.ends_with('…');
        keys.push((name.trim_end_matches('…').to_string(), nested));
    };
    for (i, c) in inner.char_indices() {
        match c {
            '{' | '[' => depth += 1,
            '}' | ']' => depth -= 1,
            ',' if depth == 0 => {
                push(&inner[start..i], &mut open);
                start = i + 1;
            }
            _ => {}
        }
    }
    push(&inner[start..], &mut open);
    Shape { keys, open }
}

/// The first `{…}` of `text`, with what it nests.
fn balanced(text: &str) -> &str {
    let start = text.find('{').expect("a shape in braces");
    let mut depth = 0;
    for (i, c) in text[start..].char_indices() {
        match c {
            '{' | '[' => depth += 1,
            '}' | ']' => depth -= 1,
            _ => {}
        }
        if depth == 0 {
            return &text[start..=start + i];
        }
    }
    panic!("unbalanced: {text}")
}

/// Every key of `value` is one the help names (unless it says "…"), and every key the help
/// names is there.
fn matches_shape(value: &serde_json::Value, shape: &Shape, at: &str) {
    let object = match value {
        serde_json::Value::Array(items) => {
            assert!(!items.is_empty(), "{at}: an empty array shows nothing");
            return items.iter().for_each(|v| matches_shape(v, shape, at));
        }
        serde_json::Value::Object(object) => object,
        other => panic!("{at}: {other} is not what the help says"),
    };
    for (name, nested) in &shape.keys {
        let field = object.get(name).unwrap_or_else(|| {
            panic!(
                "{at}: the help names {name}, the output has {:?}",
                object.keys()
            )
        });
        if let Some(nested) = nested {
            matches_shape(field, nested, &format!("{at}.{name}"));
        }
    }
    if !shape.open {
        for key in object.keys() {
            assert!(
                shape.keys.iter().any(|(name, _)| name == key),
                "{at}: the output has {key}, which the help does not name"
            );
        }
    }
}

/// Issue 24: `register --help` promised a JSON array and printed {entries, counts}. Every
/// `--json` help line now describes what the command prints, key by key.
#[test]
fn every_json_help_describes_the_output() {
    let dir = tempfile::tempdir().unwrap();
    let review = dir.path().join("r.db");
    let review = review.to_str().unwrap();
    let notice = "关于做好秸秆禁烧工作的通知\n2026年11月20日\n请各乡镇做好秸秆禁烧巡查。";
    let out = lvzhi(&[
        "admit",
        "--no-meaning",
        "--record",
        "--review",
        review,
        notice,
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let source = common::repo_file("data/source/liuhudi.txt");
    let source = source.to_str().unwrap();
    for args in [
        &["register", "--review", review][..],
        &["admit", "--no-meaning", notice],
        &["search", "消防"],
        &["check"],
        &["diff", source, source],
    ] {
        let help = stdout(&lvzhi(&[args[0], "--help"]));
        let line = help
            .lines()
            .find(|l| l.trim_start().starts_with("--json"))
            .unwrap_or_else(|| panic!("{args:?}: no --json in the help"));
        let promised = balanced(line.split_once('：').expect("输出 JSON：shape").1);
        let array = line.contains("JSON 数组");
        let out = lvzhi(&[args, &["--json"]].concat());
        let value: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{args:?}: {e}: {}", stderr(&out)));
        assert_eq!(value.is_array(), array, "{args:?}: {line}");
        matches_shape(&value, &shape_of(promised), args[0]);
    }
}
