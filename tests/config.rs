//! Settings written once, through the real binary: the server's file, the user's file, the
//! environment and the command line, later winning; and every bad file refused with its name,
//! line and key.

mod common;

use std::path::Path;
use std::process::Output;

use common::{stderr, stdout};

/// A server with a config file in `dir/etc.toml` and a user whose config dir is `dir/home`.
fn lvzhi_on(dir: &Path, env: &[(&str, &str)], args: &[&str]) -> Output {
    common::command()
        .args(args)
        .current_dir(dir)
        .env("LVZHI_SYSTEM_CONFIG", dir.join("etc.toml"))
        .env("XDG_CONFIG_HOME", dir.join("home"))
        .envs(env.iter().copied())
        .output()
        .expect("run lvzhi")
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// The line `lvzhi config` prints for `key`, its padding taken out: "key = value  # origin".
fn setting(out: &Output, key: &str) -> String {
    let text = stdout(out);
    let line = text
        .lines()
        .find(|l| l.starts_with(&format!("{key} =")) || l.starts_with(&format!("# {key} ")))
        .unwrap_or_else(|| panic!("no {key} in:\n{text}"));
    let (value, origin) = line.rsplit_once("  # ").unwrap();
    format!("{}  # {origin}", value.trim_end())
}

/// A county folder of two towns (the published text under two names), so the data a setting
/// names shows in what commands print.
fn county(dir: &Path) {
    std::fs::create_dir_all(dir.join("county")).unwrap();
    for town in ["甲镇", "乙镇"] {
        let path = dir.join("county").join(format!("{town}.json"));
        let out = common::lvzhi(&[
            "import",
            common::repo_file("data/source/liuhudi.txt")
                .to_str()
                .unwrap(),
            "--town",
            &format!("玛纳斯县{town}"),
            "-o",
            path.to_str().unwrap(),
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
    }
}

#[test]
fn four_lines_of_server_config_are_what_every_user_gets() {
    let dir = tempfile::tempdir().unwrap();
    county(dir.path());
    // Relative paths are the config file's folder's.
    write(
        &dir.path().join("etc.toml"),
        "# 玛纳斯县\ndata = \"county\"\nreview = \"county/review.db\"\nascii = true\n",
    );
    let out = lvzhi_on(dir.path(), &[], &["mark", "甲镇/b1", "同意"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let said = stderr(&out);
    let review = dir.path().join("county/review.db");
    assert!(said.contains(&review.display().to_string()), "{said}");
    assert!(review.exists());
    let out = lvzhi_on(dir.path(), &[], &["show", "甲镇/b1"]);
    assert!(stdout(&out).contains("审核：同意"), "{}", stdout(&out));
    let out = lvzhi_on(dir.path(), &[], &["list", "recalled"]);
    assert_eq!(stdout(&out).lines().count(), 2 * 43);
    assert!(stdout(&out).starts_with("乙镇\trecalled-1\t"));

    let out = lvzhi_on(dir.path(), &[], &["config"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let etc = dir.path().join("etc.toml").display().to_string();
    assert_eq!(
        setting(&out, "data"),
        format!(
            "data = [\"{}\"]  # {etc} 第 2 行",
            dir.path().join("county").display()
        )
    );
    assert!(setting(&out, "ascii").ends_with(&format!("# {etc} 第 4 行")));
    assert!(setting(&out, "reviewer").contains("未设置"));
}

#[test]
fn the_user_file_then_the_environment_then_a_flag_each_win() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join("etc.toml"),
        "reviewer = \"办公室\"\nmouse = true\ncolor = false\n",
    );
    let user = dir.path().join("home/lvzhi/config.toml");
    let user_name = user.display().to_string();
    let origin = |env: &[(&str, &str)], args: &[&str]| {
        let mut all = args.to_vec();
        all.push("config");
        setting(&lvzhi_on(dir.path(), env, &all), "reviewer")
    };
    let etc = dir.path().join("etc.toml").display().to_string();
    assert!(origin(&[], &[]).ends_with(&format!("\"办公室\"  # {etc} 第 1 行")));
    write(&user, "reviewer = \"张三\"\n");
    assert!(origin(&[], &[]).ends_with(&format!("\"张三\"  # {user_name} 第 1 行")));
    let env = [("LVZHI_REVIEWER", "李四")];
    assert!(origin(&env, &[]).ends_with("\"李四\"  # 环境变量 LVZHI_REVIEWER"));
    assert!(origin(&env, &["--reviewer", "王五"]).ends_with("\"王五\"  # 命令行 --reviewer"));

    // The settings are not only printed: the review file records the winner.
    let db = dir.path().join("r.db");
    let env = [
        ("LVZHI_REVIEWER", "李四"),
        ("LVZHI_REVIEW", db.to_str().unwrap()),
    ];
    let out = lvzhi_on(dir.path(), &env, &["mark", "c19", "有异议"]);
    assert!(stderr(&out).contains("李四"), "{}", stderr(&out));
    assert!(db.exists());

    // Booleans: the file's, NO_COLOR over the file, a flag over both.
    let out = lvzhi_on(dir.path(), &[], &["config"]);
    assert!(setting(&out, "mouse").starts_with("mouse = true"));
    assert!(setting(&out, "color").starts_with("color = false"));
    let out = lvzhi_on(dir.path(), &[], &["--no-mouse", "--color", "config"]);
    assert_eq!(setting(&out, "mouse"), "mouse = false  # 命令行 --no-mouse");
    assert!(setting(&out, "color").ends_with("# 命令行 --color"));
    let out = lvzhi_on(dir.path(), &[("NO_COLOR", "1")], &["config"]);
    assert!(setting(&out, "color").ends_with("# 环境变量 NO_COLOR"));
    // The later of two opposite flags.
    let out = lvzhi_on(dir.path(), &[], &["--ascii", "--no-ascii", "config"]);
    assert!(setting(&out, "ascii").starts_with("ascii = false"));
}

#[test]
fn a_bad_config_stops_every_command_naming_file_line_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let etc = dir.path().join("etc.toml");
    let user = dir.path().join("home/lvzhi/config.toml");
    let cases: [(&Path, &str, &str); 5] = [
        (
            &etc,
            "data = \"/srv\"\nascii = \"yes\"\n",
            "第 2 行 ascii：应为 true、false 或 \"auto\"",
        ),
        (&etc, "\ncolour = true\n", "第 2 行 colour：没有这个设置"),
        (
            &user,
            "mouse = 1\n",
            "第 1 行 mouse：应为 true 或 false，写的是数字 1",
        ),
        (&user, "reviewer = 张三\n", "第 1 行：不是有效的 TOML"),
        (&user, "data = []\n", "第 1 行 data：路径不能为空"),
    ];
    for (path, text, message) in cases {
        let _ = std::fs::remove_file(&etc);
        let _ = std::fs::remove_file(&user);
        write(path, text);
        let db = dir.path().join("never.db");
        for args in [
            vec!["mark", "b1", "同意", "--review", db.to_str().unwrap()],
            vec!["config"],
            vec!["list"],
        ] {
            let out = lvzhi_on(dir.path(), &[], &args);
            assert_eq!(out.status.code(), Some(2), "{text} {args:?}");
            let said = stderr(&out);
            let expected = format!("lvzhi：配置文件 {} {message}", path.display());
            assert!(said.starts_with(&expected), "{text}: {said}");
            assert_eq!(said.lines().count(), 1, "{said}");
            assert!(stdout(&out).is_empty());
        }
        assert!(!db.exists(), "nothing is written under a bad config");
    }
    // Completions and the man page are made at packaging time: no config of the machine counts.
    let out = lvzhi_on(dir.path(), &[], &["completions", "bash"]);
    assert!(out.status.success());
}

/// An administrator's typo in a path: every user meets it, so the message says which line of
/// which file set it; `lvzhi config` still shows the settings, with the problem under them.
#[test]
fn a_configured_path_that_is_not_there_names_the_line_that_set_it() {
    let dir = tempfile::tempdir().unwrap();
    let etc = dir.path().join("etc.toml");
    write(&etc, "data = \"conty\"\n");
    let out = lvzhi_on(dir.path(), &[], &["list"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        format!(
            "lvzhi：设置 data（来自 {} 第 1 行）：{} 不存在\n",
            etc.display(),
            dir.path().join("conty").display()
        )
    );
    let out = lvzhi_on(dir.path(), &[], &["config"]);
    assert!(out.status.success());
    assert!(
        stdout(&out).contains("# 注意：设置 data"),
        "{}",
        stdout(&out)
    );
}

/// `--version` names the data actually in use (issue 23): the towns `--data` or the settings
/// give, never the embedded town when other data is given.
#[test]
fn the_version_names_the_data_given_not_the_embedded_town() {
    let dir = tempfile::tempdir().unwrap();
    county(dir.path());
    let embedded = lvzhi::Dataset::embedded().unwrap().place();
    let out = lvzhi_on(dir.path(), &[], &["--data", "county", "--version"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with(&format!(
            "lvzhi {}（数据：county，2 个乡镇（昌吉州玛纳斯县乙镇、昌吉州玛纳斯县甲镇），共 基本 220、配合 198、收回 86）\n",
            env!("CARGO_PKG_VERSION")
        )),
        "{text}"
    );
    assert!(
        !text.contains(&embedded) && !text.contains("内置"),
        "{text}"
    );

    // One town, set in the server's config file: its name, counts and review identity.
    write(
        &dir.path().join("etc.toml"),
        "data = \"county/甲镇.json\"\n",
    );
    let town = lvzhi::import::load(&dir.path().join("county/甲镇.json")).unwrap();
    let text = stdout(&lvzhi_on(dir.path(), &[], &["-V"]));
    for part in [
        "数据：昌吉州玛纳斯县甲镇".to_string(),
        "基本 110、配合 99、收回 43".to_string(),
        town.identity(),
        "来自 ".to_string(),
        "语义模型".to_string(),
    ] {
        assert!(text.contains(&part), "{part} in {text}");
    }
    assert!(!text.contains(&embedded), "{text}");
}
