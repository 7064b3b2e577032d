use super::*;
use std::path::Path;

fn file(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn sources(files: Vec<PathBuf>, env: &[(&'static str, &str)]) -> Sources {
    Sources {
        files,
        env: env.iter().map(|(k, v)| (*k, OsString::from(v))).collect(),
        home: Some(PathBuf::from("/home/zhang")),
    }
}

#[test]
fn later_sources_win_and_each_setting_says_where_it_came_from() {
    let dir = tempfile::tempdir().unwrap();
    let system = file(
        dir.path(),
        "system.toml",
        "data = \"/srv/county\"\nreview = \"review.db\"\nreviewer = \"系统\"\nmouse = true\nascii = true\n",
    );
    let user = file(
        dir.path(),
        "user.toml",
        "# 我的\nreviewer = \"张三\"\nascii = \"auto\"\n",
    );
    let missing = dir.path().join("none.toml");
    let s = resolve(
        &sources(vec![system.clone(), user.clone(), missing.clone()], &[]),
        &Flags::default(),
    )
    .unwrap();
    assert_eq!(s.data.value, vec![PathBuf::from("/srv/county")]);
    assert_eq!(
        s.data.origin,
        Origin::File {
            path: system.clone(),
            line: 1
        }
    );
    // Relative to the file that names it.
    assert_eq!(s.review.value, Some(dir.path().join("review.db")));
    assert_eq!(s.reviewer.value.as_deref(), Some("张三"));
    assert_eq!(
        s.reviewer.origin,
        Origin::File {
            path: user.clone(),
            line: 2
        }
    );
    assert_eq!(s.ascii.value, Ascii::Auto);
    assert!(s.mouse.value);
    assert_eq!(
        s.files,
        vec![
            (system.clone(), true),
            (user.clone(), true),
            (missing, false)
        ]
    );

    let env = [
        ("LVZHI_REVIEWER", "李四"),
        ("LVZHI_DATA", "/a:/b"),
        ("NO_COLOR", "1"),
    ];
    let s = resolve(
        &sources(vec![system.clone(), user.clone()], &env),
        &Flags::default(),
    )
    .unwrap();
    assert_eq!(s.reviewer.value.as_deref(), Some("李四"));
    assert_eq!(s.reviewer.origin, Origin::Env("LVZHI_REVIEWER"));
    assert_eq!(s.data.value, vec![PathBuf::from("/a"), PathBuf::from("/b")]);
    assert!(!s.color.value);

    let flags = Flags {
        reviewer: Some("王五".into()),
        data: vec![PathBuf::from("town.json")],
        color: Some(true),
        mouse: Some(false),
        ascii: Some(false),
        ..Flags::default()
    };
    let s = resolve(&sources(vec![system, user], &env), &flags).unwrap();
    assert_eq!(s.reviewer.value.as_deref(), Some("王五"));
    assert_eq!(s.reviewer.origin, Origin::Flag("--reviewer"));
    assert_eq!(s.data.value, vec![PathBuf::from("town.json")]);
    assert_eq!(
        s.color,
        Setting {
            value: true,
            origin: Origin::Flag("--color")
        }
    );
    assert_eq!(s.mouse.origin, Origin::Flag("--no-mouse"));
    assert_eq!(s.ascii.value, Ascii::Off);
}

/// The file the packages install: accepted as shipped (all commented), and each example
/// line, uncommented, is a setting lvzhi takes.
#[test]
fn the_shipped_config_file_and_its_examples_are_accepted() {
    let shipped = include_str!("../../../packaging/config.toml");
    let dir = tempfile::tempdir().unwrap();
    let f = file(dir.path(), "as-shipped.toml", shipped);
    let s = resolve(&sources(vec![f.clone()], &[]), &Flags::default()).unwrap();
    assert_eq!(s.files, vec![(f, true)]);
    assert_eq!(s.data.origin, Origin::Default);
    let examples: Vec<&str> = shipped
        .lines()
        .filter_map(|l| l.strip_prefix("# "))
        .filter(|l| KEYS.iter().any(|k| l.starts_with(&format!("{k} ="))))
        .collect();
    assert_eq!(examples.len(), 11, "{examples:?}");
    let f = file(dir.path(), "examples.toml", &examples.join("\n"));
    let s = resolve(&sources(vec![f], &[]), &Flags::default()).unwrap();
    assert_eq!(s.data.value, vec![PathBuf::from("/srv/lvzhi/county")]);
    assert_eq!(s.review.value, Some(PathBuf::from("/srv/lvzhi/review.db")));
    assert_eq!(s.cache.value, Some(PathBuf::from("/var/cache/lvzhi")));
    assert_eq!(s.answer_days.value, 15);
    assert_eq!(
        s.letter_contact.value.as_deref(),
        Some("联系人：张三，电话：0994-6601234")
    );
}

/// The server's shared cache folder (issue 29): from a file, relative to it, or from
/// LVZHI_CACHE; a folder that is not there is named with the line that set it; `lvzhi config`
/// prints it copyable.
#[test]
fn the_cache_folder_is_a_setting_and_a_missing_one_is_named() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("shared")).unwrap();
    let f = file(dir.path(), "c.toml", "\ncache = \"shared\"\n");
    let s = resolve(&sources(vec![f.clone()], &[]), &Flags::default()).unwrap();
    assert_eq!(s.cache.value, Some(dir.path().join("shared")));
    assert_eq!(
        s.cache.origin,
        Origin::File {
            path: f.clone(),
            line: 2
        }
    );
    s.check_paths().unwrap();
    let text = s.render(&Defaults {
        data: "玛纳斯县六户地镇".into(),
        review: None,
        cache: None,
        reviewer: "root".into(),
    });
    let shown = format!("cache = \"{}\"", dir.path().join("shared").display());
    assert!(text.contains(&shown), "{text}");
    let env = [("LVZHI_CACHE", "/no/such/cache")];
    let s = resolve(&sources(vec![f.clone()], &env), &Flags::default()).unwrap();
    assert_eq!(s.cache.origin, Origin::Env("LVZHI_CACHE"));
    let e = s.check_paths().unwrap_err();
    assert_eq!(e.exit_code(), 2);
    assert_eq!(
        e.to_string(),
        "设置 cache（来自 环境变量 LVZHI_CACHE）：缓存文件夹 /no/such/cache 不存在"
    );
    let wrong = file(dir.path(), "w.toml", "cache = 3\n");
    let e = resolve(&sources(vec![wrong], &[]), &Flags::default()).unwrap_err();
    assert!(e.to_string().contains("cache"), "{e}");
}

#[test]
fn paths_set_elsewhere_that_are_not_there_name_where_they_were_set() {
    let dir = tempfile::tempdir().unwrap();
    // Relative to the file: dir/conty and dir/nowhere, neither of which is there.
    let f = file(
        dir.path(),
        "c.toml",
        "data = [\"conty\"]\nreview = \"nowhere/review.db\"\n",
    );
    let s = resolve(&sources(vec![f.clone()], &[]), &Flags::default()).unwrap();
    let e = s.check_paths().unwrap_err();
    assert_eq!(e.exit_code(), 2);
    assert_eq!(
        e.to_string(),
        format!(
            "设置 data（来自 {} 第 1 行）：{} 不存在",
            f.display(),
            dir.path().join("conty").display()
        )
    );
    let env = [("LVZHI_DATA", dir.path().to_str().unwrap())];
    let e = resolve(&sources(vec![f.clone()], &env), &Flags::default())
        .unwrap()
        .check_paths()
        .unwrap_err();
    assert!(e.to_string().starts_with("设置 review（来自 "), "{e}");
    assert!(e.to_string().contains("nowhere 不存在"), "{e}");
    // A flag's path is left to the command, which names it itself.
    let flags = Flags {
        data: vec![PathBuf::from("/no/such")],
        review: Some(PathBuf::from("/no/such/r.db")),
        ..Flags::default()
    };
    assert!(
        resolve(&sources(vec![], &[]), &flags)
            .unwrap()
            .check_paths()
            .is_ok()
    );
}

#[test]
fn home_and_arrays_in_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let f = file(
        dir.path(),
        "c.toml",
        "data = [\"~/towns\", \"/srv/x.json\"]\nreview = \"~/r.db\"\n",
    );
    let s = resolve(&sources(vec![f], &[]), &Flags::default()).unwrap();
    assert_eq!(
        s.data.value,
        vec![
            PathBuf::from("/home/zhang/towns"),
            PathBuf::from("/srv/x.json")
        ]
    );
    assert_eq!(s.review.value, Some(PathBuf::from("/home/zhang/r.db")));
}

#[test]
fn every_bad_file_names_the_file_line_and_key() {
    let cases = [
        ("ascii = \"yes\"\n", "第 1 行 ascii", "\"auto\""),
        ("\n\ncolor = 1\n", "第 3 行 color", "数字 1"),
        ("mouse = \"true\"\n", "第 1 行 mouse", "true 或 false"),
        ("osc52 = []\n", "第 1 行 osc52", "数组"),
        ("colour = false\n", "第 1 行 colour", "没有这个设置"),
        ("data = 3\n", "第 1 行 data", "数字 3"),
        ("data = [\"/a\", 3]\n", "第 1 行 data", "数组里"),
        ("data = []\n", "第 1 行 data", "不能为空"),
        ("review = \"\"\n", "第 1 行 review", "不能为空"),
        ("reviewer = true\n", "第 1 行 reviewer", "字符串"),
        ("[lvzhi]\ndata = \"/a\"\n", "第 1 行 lvzhi", "没有这个设置"),
        ("data = \"/a\"\ndata = \"/b\"\n", "第 2 行", "TOML"),
        ("# 注释\nascii = \n", "第 2 行", "TOML"),
        ("ascii = tru\n", "第 1 行", "TOML"),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (text, at, problem) in cases {
        let f = file(dir.path(), "bad.toml", text);
        let e = resolve(&sources(vec![f.clone()], &[]), &Flags::default()).unwrap_err();
        assert_eq!(e.exit_code(), 2, "{text}");
        let message = e.to_string();
        assert!(
            message.contains(&f.display().to_string()),
            "{text}: {message}"
        );
        assert!(message.contains(at), "{text}: {message}");
        assert!(message.contains(problem), "{text}: {message}");
    }
    let f = dir.path().join("gbk.toml");
    std::fs::write(&f, b"reviewer = \"\xd5\xc5\xc8\xfd\"\n").unwrap();
    let e = resolve(&sources(vec![f], &[]), &Flags::default()).unwrap_err();
    assert!(e.to_string().contains("第 1 行：不是 UTF-8"), "{e}");
    // A folder where the file should be cannot be read: said, not skipped.
    let e = resolve(
        &sources(vec![dir.path().to_path_buf()], &[]),
        &Flags::default(),
    )
    .unwrap_err();
    assert_eq!(e.exit_code(), 2);
    assert!(e.to_string().contains("配置文件"), "{e}");
}

#[test]
fn the_rendering_is_a_config_file_with_origins() {
    let dir = tempfile::tempdir().unwrap();
    let f = file(dir.path(), "c.toml", "\nreviewer = \"张\\u001b[31m三\"\n");
    let s = resolve(
        &sources(vec![f.clone()], &[("LVZHI_REVIEW", "/srv/r.db")]),
        &Flags {
            mouse: Some(true),
            ..Flags::default()
        },
    )
    .unwrap();
    let text = s.render(&Defaults {
        data: "玛纳斯县六户地镇".into(),
        review: None,
        cache: None,
        reviewer: "root".into(),
    });
    assert!(text.contains("# data 未设置"), "{text}");
    assert!(text.contains("玛纳斯县六户地镇"), "{text}");
    assert!(text.contains("review = \"/srv/r.db\""), "{text}");
    assert!(text.contains("# 环境变量 LVZHI_REVIEW"), "{text}");
    assert!(
        text.contains(&format!("# {} 第 2 行", f.display())),
        "{text}"
    );
    assert!(text.contains("mouse = true"), "{text}");
    assert!(text.contains("# 命令行 --mouse"), "{text}");
    assert!(!text.contains('\x1b'), "{text}");
    // Each setting line, comment taken off, is TOML a file could hold.
    let settings: String = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| format!("{}\n", l.split("  #").next().unwrap()))
        .collect();
    let again = file(dir.path(), "again.toml", &settings);
    let s2 = resolve(&sources(vec![again], &[]), &Flags::default()).unwrap();
    assert_eq!(s2.reviewer.value, s.reviewer.value);
    assert_eq!(s2.review.value, s.review.value);
    assert_eq!(s2.mouse.value, s.mouse.value);
}

/// The letters' settings, as a table or as dotted keys, each remembering its line; a wrong
/// value names the key under its table.
#[test]
fn the_letter_settings_read_as_a_table_or_dotted_keys() {
    let dir = tempfile::tempdir().unwrap();
    let f = file(
        dir.path(),
        "a.toml",
        "answer_days = 20\n[letter]\nsender = \"{town}党委\"\ncontact = \"联系人：李四\"\n",
    );
    let s = resolve(&sources(vec![f.clone()], &[]), &Flags::default()).unwrap();
    assert_eq!(s.answer_days.value, 20);
    assert_eq!(s.letter_sender.value, "{town}党委");
    assert_eq!(s.letter_sender.origin, Origin::File { path: f, line: 3 });
    assert_eq!(s.letter_office.value, crate::letter::DEFAULT_OFFICE);
    assert_eq!(s.letter_contact.value.as_deref(), Some("联系人：李四"));
    let g = file(dir.path(), "b.toml", "letter.office = \"县编办\"\n");
    let s = resolve(&sources(vec![g], &[]), &Flags::default()).unwrap();
    assert_eq!(s.letter_office.value, "县编办");
    for (text, expected) in [
        (
            "answer_days = 0\n",
            "第 1 行 answer_days：应为 1 到 365 的工作日数",
        ),
        (
            "answer_days = \"15\"\n",
            "第 1 行 answer_days：应为 1 到 365",
        ),
        (
            "[letter]\nsender = \"\"\n",
            "第 2 行 letter.sender：发文机关署名不能为空",
        ),
        ("[letter]\nseal = 1\n", "第 2 行 letter.seal：没有这个设置"),
        ("letter = 3\n", "第 1 行 letter：应为 [letter] 表"),
    ] {
        let h = file(dir.path(), "c.toml", text);
        let e = resolve(&sources(vec![h], &[]), &Flags::default()).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert!(e.to_string().contains(expected), "{text:?}: {e}");
    }
}
