//! `lvzhi admit` and the register from the shell: notices as offices send them (.docx, GBK
//! text, standard input), what a bad notice gets, the JSON's shape, recording with two
//! processes at once, `register set` with its history, and the register's export read back.

mod common;

use std::io::Write;
use std::process::Stdio;

use common::{lvzhi, stderr, stdout};
use lvzhi::Dataset;
use lvzhi::review::Store;
use lvzhi::review::register::Outcome;

const NOTICE: &str = "关于做好秸秆禁烧和高龄津贴工作的通知\n玛农发〔2026〕41号\n\n各乡镇：\n\
为做好今冬有关工作，现将有关事项通知如下：\n\
一、请各乡镇组织村干部对田间地头开展巡查，发现烧麦草的立即制止，巡查照片每日报送。\n\
二、对违规领取高龄津贴的人员，由各乡镇负责追缴，于12月20日前上缴。\n\
三、请各乡镇为县融媒体中心完成报刊征订任务，签订目标责任书。\n\n\
玛纳斯县农业农村局\n2026年11月20日\n";

fn json(out: &std::process::Output) -> serde_json::Value {
    assert!(out.status.success(), "{}", stderr(out));
    serde_json::from_str(&stdout(out)).expect("JSON")
}

fn verdicts(value: &serde_json::Value) -> Vec<String> {
    value["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["verdict"].as_str().unwrap().to_string())
        .collect()
}

/// A .docx as Word writes it: runs split mid-word, a tab, an entity, paragraphs.
fn docx(text: &str) -> Vec<u8> {
    let mut body = String::new();
    for line in text.lines() {
        let escaped = line.replace('&', "&amp;").replace('<', "&lt;");
        let (a, b) = escaped.split_at(
            escaped
                .char_indices()
                .nth(3)
                .map_or(escaped.len(), |(i, _)| i),
        );
        body.push_str(&format!(
            "<w:p><w:r><w:t>{a}</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">{b}</w:t></w:r></w:p>"
        ));
    }
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
         <w:body>{body}<w:sectPr/></w:body></w:document>"
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("[Content_Types].xml", options).unwrap();
    zip.write_all(b"<Types/>").unwrap();
    zip.start_file("word/document.xml", options).unwrap();
    zip.write_all(xml.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

#[test]
fn a_notice_is_read_into_its_tasks_with_verdicts_evidence_and_flags() {
    let value = json(&lvzhi(&["admit", NOTICE, "--json"]));
    assert_eq!(verdicts(&value), ["coop", "recalled", "outside"]);
    assert_eq!(value["doc_ref"], "玛农发〔2026〕41号");
    assert_eq!(value["from"], "玛纳斯县农业农村局");
    let tasks = value["tasks"].as_array().unwrap();
    for task in tasks {
        let matches = task["matches"].as_array().unwrap();
        assert!(matches.len() <= 3);
        let scores: Vec<f64> = matches
            .iter()
            .map(|m| m["score"].as_f64().unwrap())
            .collect();
        assert!(
            scores.windows(2).all(|w| w[0] >= w[1]),
            "best first: {scores:?}"
        );
        for m in matches {
            for key in ["id", "list", "title", "evidence"] {
                assert!(!m[key].is_null(), "{key} in {m}");
            }
        }
    }
    assert_eq!(tasks[0]["matches"][0]["id"], "coop-61");
    let evidence = &tasks[0]["matches"][0]["evidence"];
    assert!(
        evidence
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["notice"] == "烧麦草" && e["item"] == "禁烧" && e["field"] == "title"),
        "{evidence}"
    );
    // The town's part of the shared duty, to quote in the reply.
    let town = tasks[0]["quote"]["town"].to_string();
    assert!(town.contains("立即制止"), "{town}");
    assert_eq!(tasks[1]["matches"][0]["id"], "recalled-2");
    assert!(
        tasks[1]["advice"]
            .as_str()
            .unwrap()
            .contains("玛纳斯县民政局收回")
    );
    assert_eq!(tasks[1]["deadline"], "12月20日");
    let flags = |t: &serde_json::Value| -> Vec<String> {
        t["flags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["signal"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(
        flags(&tasks[0]).contains(&"频繁报送".to_string()),
        "{:?}",
        flags(&tasks[0])
    );
    assert!(flags(&tasks[2]).contains(&"签责任状".to_string()));
    assert_eq!(tasks[2]["flags"][0]["line"], 8);

    // On a terminal's terms: every verdict, the advice and the words.
    let text = stdout(&lvzhi(&["admit", NOTICE]));
    assert!(text.contains("【配合】") && text.contains("【收回】") && text.contains("【清单外】"));
    assert!(text.contains("烧麦草→禁烧（事项名称）"), "{text}");
    assert!(text.contains("本镇配合职责（本镇做的）"));
    assert!(!text.contains('\x1b'), "no colour when not a terminal");
}

#[test]
fn docx_gbk_and_standard_input_read_as_the_same_notice() {
    let dir = tempfile::tempdir().unwrap();
    let expected = stdout(&lvzhi(&["admit", NOTICE, "--json"]));
    let path = dir.path().join("通知.docx");
    std::fs::write(&path, docx(NOTICE)).unwrap();
    let from_docx = stdout(&lvzhi(&[
        "admit",
        "--file",
        path.to_str().unwrap(),
        "--json",
    ]));
    assert_eq!(
        verdicts(&serde_json::from_str(&from_docx).unwrap()),
        ["coop", "recalled", "outside"]
    );

    let (gbk, _, lossy) = encoding_rs::GBK.encode(NOTICE);
    assert!(!lossy);
    let path = dir.path().join("通知.txt");
    std::fs::write(&path, &gbk).unwrap();
    let from_gbk = stdout(&lvzhi(&[
        "admit",
        "--file",
        path.to_str().unwrap(),
        "--json",
    ]));
    assert_eq!(from_gbk, expected);

    let mut child = common::command()
        .args(["admit", "-", "--json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&gbk).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(stdout(&out), expected);
}

#[test]
fn a_notice_that_cannot_be_read_is_named_with_exit_code_2() {
    let dir = tempfile::tempdir().unwrap();
    let file = |name: &str, bytes: &[u8]| {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path.to_str().unwrap().to_string()
    };
    let mut not_docx = b"PK\x03\x04".to_vec();
    not_docx.extend_from_slice(&[7; 64]);
    let mut other_zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    other_zip
        .start_file("readme.txt", zip::write::SimpleFileOptions::default())
        .unwrap();
    other_zip.write_all(b"hello").unwrap();
    let other_zip = other_zip.finish().unwrap().into_inner();
    let cases = [
        (file("空.txt", b""), "是空的"),
        (file("空白.txt", "  \n\u{3000}\n".as_bytes()), "是空的"),
        (
            file("图.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            "不是文本文件",
        ),
        (file("坏.docx", &not_docx), "但已损坏"),
        (file("别的.docx", &other_zip), "不是 .docx、.xlsx 或 .ofd"),
        // Only the OLE signature: a Word 97 file cut short.
        (
            file("旧.doc", &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]),
            "是 Word 97–2003 或 WPS 文档，但读不了",
        ),
        (file("乱码.txt", b"\xe5\x86\x9c\xff\xfe abc"), "第 1 行"),
    ];
    for (path, says) in cases {
        common::assert_refused(&path, says);
    }
    let out = lvzhi(&["admit", "--file", "/nonexistent/通知.docx"]);
    assert_eq!(out.status.code(), Some(2));
    // Nothing given at all: how to give a notice, each of the three ways (issue 23).
    let out = lvzhi(&["admit"]);
    assert_eq!(out.status.code(), Some(2));
    let said = stderr(&out);
    for way in ["没有给通知", "通知的文字", "-f 文件", "- 从标准输入读"] {
        assert!(said.contains(way), "{way}: {said}");
    }
    assert_eq!(said.lines().count(), 1, "{said}");
    // An empty standard input is still said to be empty.
    let out = lvzhi(&["admit", "-"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("是空的"), "{}", stderr(&out));
    assert!(
        !stderr(&out).contains("Ctrl-D"),
        "no prompt when standard input is no terminal: {}",
        stderr(&out)
    );
}

/// A .docx that inflates far beyond any notice (a zip bomb) is refused from what its zip
/// says of it, before anything is inflated; one whose text runs past the notice limit is
/// refused as soon as the text read passes it, not after inflating it all (issue 24).
#[test]
fn a_docx_bomb_is_refused_before_it_fills_memory() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path.to_str().unwrap().to_string()
    };
    // The notice itself, but its document.xml declared at 1 GB: refused on the declaration,
    // so without inflating (the real member is a few KB and would read).
    let mut declared = docx(NOTICE);
    common::declare_size(&mut declared, "word/document.xml", 1 << 30);
    let path = write("炸弹.docx", &declared);
    let out = lvzhi(&["admit", "--file", &path]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let said = stderr(&out);
    assert!(said.contains(&path), "{said}");
    assert!(
        said.contains("word/document.xml 解压后有 1 GB，超过上限 64 MB"),
        "{said}"
    );
    assert_eq!(said.lines().count(), 1, "{said}");
    assert!(stdout(&out).is_empty());
    // A real bomb of text: 3 MB of paragraphs in a zip of a few KB, over the limit of a
    // notice's text (2 MB), its declared size within that of document.xml (64 MB).
    let paragraph = "一、请各乡镇组织村干部对田间地头开展巡查，发现烧麦草的立即制止。\n";
    let bomb = docx(&paragraph.repeat(3 * 1024 * 1024 / paragraph.len()));
    assert!(bomb.len() < 200 * 1024, "{}", bomb.len());
    let path = write("长.docx", &bomb);
    let out = lvzhi(&["admit", "--file", &path]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let said = stderr(&out);
    assert!(
        said.contains(&path) && said.contains("文字超过上限 2 MB"),
        "{said}"
    );
    assert!(stdout(&out).is_empty());
}

/// The notices of the test set one after another, repeated until `bytes` long: a long notice
/// of real paragraphs (`joiner` "\n"), or one line of them (`joiner` "，").
fn notices_joined(bytes: usize, joiner: &str) -> String {
    let mut paths: Vec<_> = std::fs::read_dir(common::repo_file("tests/admit/notices"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    let notices: Vec<String> = paths
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap().replace('\n', joiner))
        .collect();
    let mut text = String::new();
    for notice in notices.iter().cycle() {
        if text.len() >= bytes {
            break;
        }
        text.push_str(notice);
        text.push_str(joiner);
    }
    text
}

/// A notice's text over the limit (2 MB) is refused in one line, from a file or standard
/// input, before any of it is read into tasks (issue 24: 4 MB took minutes and 200 MB).
#[test]
fn a_notice_over_the_text_limit_is_refused_with_exit_2() {
    let limit = lvzhi::admit::input::MAX_TEXT;
    let mut text = notices_joined(limit - 1000, "\n");
    // The last notice joined may run past the mark by however long it is: cut back to it.
    let mut end = limit - 1000;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.truncate(end);
    text.push_str(&"请各乡镇开展巡查。".repeat(2000 / "请各乡镇开展巡查。".len()));
    assert!(
        text.len() > limit && text.len() < limit + 2000,
        "{}",
        text.len()
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("长通知.txt");
    std::fs::write(&path, &text).unwrap();
    let path = path.to_str().unwrap();
    let says = "文字超过上限 2 MB（约 70 万字）";
    let out = lvzhi(&["admit", "--file", path]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stdout(&out).is_empty());
    let said = stderr(&out);
    assert!(said.contains(path) && said.contains(says), "{said}");
    assert_eq!(said.lines().count(), 1, "{said}");
    let mut child = common::command()
        .args(["admit", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains(says), "{}", stderr(&out));
}

/// A long notice's signals outside its tasks are listed each kind once, with its first lines
/// and how many there are: the line does not grow with the notice (issue 24: it listed every
/// one, thousands in a long file).
#[test]
fn a_long_notices_signals_are_one_line_of_kinds() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("长通知.txt");
    std::fs::write(&path, notices_joined(200 * 1024, "\n")).unwrap();
    let out = lvzhi(&["admit", "--no-meaning", "--file", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let loose = text
        .lines()
        .find_map(|l| l.strip_prefix("通知其他部分的转嫁负担信号："))
        .expect("signals outside the tasks");
    let kinds: Vec<&str> = loose
        .split("）、")
        .map(|k| k.split('「').next().unwrap())
        .collect();
    let mut distinct = kinds.clone();
    distinct.sort_unstable();
    distinct.dedup();
    assert_eq!(kinds.len(), distinct.len(), "{loose}");
    assert!(loose.contains("…等 "), "{loose}");
    assert!(loose.chars().count() < 1500, "{loose}");
}

/// UTF-16 without a byte-order mark is one cause with one message, whether a notice or a
/// published list is given (issue 24: admit called it binary data, import UTF-16).
#[test]
fn utf16_without_a_bom_is_named_alike_by_admit_and_import() {
    const SAYS: &str = "是没有字节顺序标记（BOM）的 UTF-16 文本：请另存为 UTF-8";
    let dir = tempfile::tempdir().unwrap();
    let encode = |text: &str, big_endian: bool| -> Vec<u8> {
        text.encode_utf16()
            .flat_map(|u| match big_endian {
                true => u.to_be_bytes(),
                false => u.to_le_bytes(),
            })
            .collect()
    };
    for big_endian in [false, true] {
        let notice = dir.path().join(format!("通知-{big_endian}.txt"));
        std::fs::write(&notice, encode(NOTICE, big_endian)).unwrap();
        let out = lvzhi(&["admit", "--file", notice.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(stderr(&out).contains(SAYS), "admit: {}", stderr(&out));
        assert!(stdout(&out).is_empty());

        let list = dir.path().join(format!("清单-{big_endian}.txt"));
        std::fs::write(&list, encode(&common::source_text(), big_endian)).unwrap();
        let output = dir.path().join("out.json");
        let out = lvzhi(&[
            "import",
            list.to_str().unwrap(),
            "-o",
            output.to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(stderr(&out).contains(SAYS), "import: {}", stderr(&out));
        assert!(!output.exists());
    }
}

/// `lvzhi admit -` on a terminal says how to end the paste before it waits, then reads what
/// was pasted up to Ctrl-D (issue 23: it used to wait without a word).
#[test]
fn admit_dash_on_a_terminal_prompts_then_reads_the_paste() {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    use std::io::Read;
    use std::sync::mpsc;
    // How long the binary may take to say or print something (a deadline, never a sleep).
    const PATIENCE: std::time::Duration = std::time::Duration::from_secs(20);
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 40,
            cols: 120,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("open a pty");
    let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_lvzhi"));
    command.args(["admit", "-"]);
    for (name, value) in common::isolated() {
        command.env(name, value);
    }
    command.env("NO_COLOR", "1");
    let mut child = pair.slave.spawn_command(command).expect("spawn lvzhi");
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().unwrap();
    let mut writer = pair.master.take_writer().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        // EOF, or EIO on Linux once the child has closed the terminal.
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let mut seen = Vec::new();
    let wait_for = |what: &str, seen: &mut Vec<u8>| {
        while !String::from_utf8_lossy(seen).contains(what) {
            match rx.recv_timeout(PATIENCE) {
                Ok(bytes) => seen.extend_from_slice(&bytes),
                Err(_) => panic!("no {what} in: {}", String::from_utf8_lossy(seen)),
            }
        }
    };
    wait_for("Ctrl-D 结束", &mut seen);
    let prompt = String::from_utf8_lossy(&seen).into_owned();
    assert!(prompt.contains("粘贴或输入通知"), "{prompt}");
    writer
        .write_all(
            "请各乡镇组织村干部对田间地头开展巡查，发现烧麦草的立即制止。
"
            .as_bytes(),
        )
        .unwrap();
    writer.write_all(b"").unwrap();
    writer.flush().unwrap();
    wait_for("共 1 项任务", &mut seen);
    let status = child.wait().unwrap();
    assert!(status.success(), "{}", String::from_utf8_lossy(&seen));
}

#[test]
fn recorded_tasks_are_listed_changed_with_history_and_exported() {
    let dir = tempfile::tempdir().unwrap();
    let review = dir.path().join("review.db");
    let review = review.to_str().unwrap();
    let out = lvzhi(&[
        "--review",
        review,
        "--reviewer",
        "李四",
        "admit",
        NOTICE,
        "--record",
        "--channel",
        "微信",
        "--deadline",
        "2026-12-25",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("已记入登记台账：3 项"),
        "{}",
        stderr(&out)
    );
    let listed = json(&lvzhi(&["--review", review, "register", "--json"]));
    let entries = listed["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 3);
    assert_eq!(entries[0]["source"], "玛纳斯县农业农村局");
    assert_eq!(entries[0]["doc_ref"], "玛农发〔2026〕41号");
    assert_eq!(entries[0]["channel"], "wechat");
    assert_eq!(entries[0]["deadline"], "2026-12-25");
    assert_eq!(entries[0]["handler"], "李四");
    let outcomes: Vec<&str> = entries
        .iter()
        .map(|e| e["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(
        outcomes,
        ["accept", "return", "pending"],
        "the default follows the verdict"
    );
    let counts = &listed["counts"][0];
    assert_eq!(counts["source"], "玛纳斯县农业农村局");
    assert_eq!(counts["total"], 3);

    let third = entries[2]["number"].as_i64().unwrap();
    let out = lvzhi(&[
        "--review",
        review,
        "--reviewer",
        "王五",
        "register",
        "set",
        &third.to_string(),
        "--outcome",
        "submit",
        "--note",
        "已报编办",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = lvzhi(&[
        "--review",
        review,
        "register",
        "set",
        &third.to_string(),
        "--outcome",
        "已准入",
        "--ref",
        "玛编办〔2026〕7号",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let store = Store::open(
        dir.path().join("review.db").as_path(),
        &Dataset::embedded().unwrap(),
        "t",
    )
    .unwrap();
    let history = store.entry_history(third).unwrap();
    assert_eq!(
        history.iter().map(|h| h.outcome).collect::<Vec<_>>(),
        [Outcome::Pending, Outcome::Submit, Outcome::Admitted]
    );
    assert_eq!(history[1].handler, "王五");
    let entry = store.register().unwrap().remove(2);
    assert_eq!(
        (entry.approval.as_str(), entry.request.note.as_str()),
        ("玛编办〔2026〕7号", "已报编办")
    );

    let out = lvzhi(&[
        "--review",
        review,
        "register",
        "set",
        "999",
        "--outcome",
        "return",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("没有第 999 号"));
    let out = lvzhi(&[
        "--review",
        review,
        "register",
        "set",
        "1",
        "--outcome",
        "撤销",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("不是处理结果"), "{}", stderr(&out));

    // The export, read back as the 编办 would open it.
    use calamine::Reader;
    let mut book = register_xlsx(review, dir.path());
    assert_eq!(book.sheet_names(), ["清单外事项登记台账", "按来文部门统计"]);
    let entries_sheet = book.worksheet_range("清单外事项登记台账").unwrap();
    assert_eq!(entries_sheet.height(), 4);
    assert_eq!(entries_sheet.get((0, 6)).unwrap().to_string(), "任务内容");
    assert_eq!(entries_sheet.get((3, 11)).unwrap().to_string(), "已准入");
    let counts_sheet = book.worksheet_range("按来文部门统计").unwrap();
    assert_eq!(
        counts_sheet.get((1, 0)).unwrap().to_string(),
        "玛纳斯县农业农村局"
    );
    assert_eq!(counts_sheet.get((1, 1)).unwrap().to_string(), "3");

    let csv = stdout(&lvzhi(&[
        "--review",
        review,
        "export",
        "--register",
        "--format",
        "csv",
    ]));
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(&rows[2][11], "已准入");
    assert_eq!(
        &rows[4][0], "来文部门",
        "the counts follow after a blank row"
    );
    let md = stdout(&lvzhi(&[
        "--review",
        review,
        "export",
        "--register",
        "--format",
        "md",
    ]));
    assert!(md.contains("# 清单外事项登记台账") && md.contains("## 按来文部门统计"));
}

#[test]
fn a_task_that_reads_as_a_formula_stays_text_in_the_register_csv() {
    let dir = tempfile::tempdir().unwrap();
    let review = dir.path().join("review.db");
    let review = review.to_str().unwrap();
    let out = lvzhi(&[
        "--review",
        review,
        "admit",
        "=HYPERLINK(\"http://x\",\"请各乡镇报送照片\")",
        "--record",
        "--from",
        "@县某部门",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let csv = stdout(&lvzhi(&[
        "--review",
        review,
        "export",
        "--register",
        "--format",
        "csv",
    ]));
    assert!(csv.contains("'=HYPERLINK"), "{csv}");
    assert!(csv.contains("'@县某部门"), "{csv}");
}

#[test]
fn two_processes_recording_at_once_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let review = dir.path().join("review.db");
    let children: Vec<_> = (0..6)
        .map(|i| {
            common::command()
                .args(["--review", review.to_str().unwrap(), "--reviewer"])
                .arg(format!("会话{i}"))
                // Each session its own notice (the same one twice is recorded once).
                .args(["admit", NOTICE, "--record", "--ref"])
                .arg(format!("玛农发〔2026〕4{i}号"))
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let store = Store::open(&review, &Dataset::embedded().unwrap(), "t").unwrap();
    let entries = store.register().unwrap();
    assert_eq!(entries.len(), 18);
    let mut numbers: Vec<i64> = entries.iter().map(|e| e.number).collect();
    numbers.dedup();
    assert_eq!(numbers.len(), 18);
    for i in 0..6 {
        let mine = entries
            .iter()
            .filter(|e| e.handler == format!("会话{i}"))
            .count();
        assert_eq!(mine, 3, "session {i}");
    }
}

#[test]
fn several_towns_need_town_to_say_which_lists() {
    let dir = tempfile::tempdir().unwrap();
    let liuhudi = Dataset::embedded().unwrap();
    let mut other = liuhudi.clone();
    other.town = "乐土驿镇".into();
    std::fs::write(dir.path().join("a.json"), liuhudi.to_json()).unwrap();
    std::fs::write(dir.path().join("b.json"), other.to_json()).unwrap();
    let data = dir.path().to_str().unwrap();
    let out = lvzhi(&["--data", data, "admit", "给村民开单身证明"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--town"), "{}", stderr(&out));
    let out = lvzhi(&[
        "--data",
        data,
        "admit",
        "给村民开单身证明",
        "--town",
        "乐土驿镇",
        "--json",
    ]);
    assert_eq!(json(&out)["tasks"][0]["matches"][0]["id"], "recalled-1");
}

#[test]
fn a_docx_saved_by_libreoffice_reads_as_its_text() {
    // Made with `soffice --headless --convert-to docx` from notices/22-flood-multi.txt.
    let docx = common::repo_file("tests/admit/docx/libreoffice-flood.docx");
    let text = common::repo_file("tests/admit/notices/22-flood-multi.txt");
    let from_docx = json(&lvzhi(&[
        "admit",
        "--file",
        docx.to_str().unwrap(),
        "--json",
    ]));
    let from_text = json(&lvzhi(&[
        "admit",
        "--file",
        text.to_str().unwrap(),
        "--json",
    ]));
    assert_eq!(from_docx["tasks"], from_text["tasks"]);
    assert_eq!(from_docx["title"], "关于做好2026年防汛工作的通知");
}

#[test]
fn escape_sequences_in_a_notice_reach_no_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let review = dir.path().join("review.db");
    let review = review.to_str().unwrap();
    let notice = "各乡镇：\n一、请各乡镇\x1b]0;pwned\x07开展秸秆禁烧\x1b[2J巡查。\n二、\u{202e}请给村民开单身证明。\n";
    for args in [
        vec!["admit", notice],
        vec!["admit", notice, "--json"],
        vec![
            "--review",
            review,
            "admit",
            notice,
            "--record",
            "--from",
            "县\x1b[31m某局",
        ],
        vec!["--review", review, "register"],
        vec!["--review", review, "register", "--json"],
        vec!["--review", review, "export", "--register", "--format", "md"],
        vec![
            "--review",
            review,
            "export",
            "--register",
            "--format",
            "csv",
        ],
    ] {
        let out = lvzhi(&args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        for text in [stdout(&out), stderr(&out)] {
            assert!(
                !text
                    .chars()
                    .any(|c| c == '\x1b' || c == '\x07' || c == '\u{202e}'),
                "{args:?}: {text}"
            );
        }
    }
    // The matching still reads the words around them.
    let value = json(&lvzhi(&["admit", notice, "--json"]));
    assert_eq!(verdicts(&value), ["coop", "recalled"]);
}

/// The tasks of `lvzhi admit --json` for one line of text each.
fn read(texts: &[&str]) -> Vec<serde_json::Value> {
    let mut args = vec!["admit", "--json"];
    args.extend(texts);
    json(&lvzhi(&args))["tasks"].as_array().unwrap().clone()
}

/// The four tasks a new user tried (issue 22), read one at a time.
#[test]
fn the_new_users_tasks_are_read_in_words_with_each_act_on_its_side() {
    // 户厕 is one word, 户籍 another: nothing of coop-35 (农村户籍分户), no evidence cut across.
    let toilets = &read(&["对农村户厕问题进行摸排整改"])[0];
    assert_eq!(toilets["verdict"], "basic");
    assert_eq!(toilets["matches"][0]["id"], "basic-51");
    assert!(toilets["sure"].is_boolean());
    for m in toilets["matches"].as_array().unwrap() {
        assert_ne!(m["id"], "coop-35", "{m}");
        for e in m["evidence"].as_array().unwrap() {
            assert_ne!(e["item"], "农村户", "{e}");
        }
    }
    // 改厕 is the town's own duty, not the department's pollution control.
    let cleaning = &read(&["村庄清洁、改厕"])[0];
    assert_eq!(cleaning["verdict"], "basic");
    assert_eq!(cleaning["matches"][0]["id"], "basic-51");
    // Lending staff to a county office is a burden whatever department it names.
    let staff = &read(&["抽调2名干部到县应急管理局集中办公3个月"])[0];
    assert_eq!(staff["verdict"], "outside");
    assert_eq!(staff["sure"], true);
    let acts = staff["acts"].as_array().unwrap();
    assert!(
        acts.iter()
            .any(|a| a["side"] == "none" && a["text"].as_str().unwrap().contains("抽调")),
        "{acts:#?}"
    );
    // 立案处罚 is the department's part of coop-81, whose town part stops at 非高危 units.
    let check = &read(&["对加油站、烟花爆竹企业开展执法检查，由乡镇依法立案处罚"])[0];
    assert_eq!(check["verdict"], "coop");
    assert_eq!(check["matches"][0]["id"], "coop-81");
    let acts = check["acts"].as_array().unwrap();
    let punish = acts
        .iter()
        .find(|a| a["text"].as_str().unwrap().contains("立案处罚"))
        .expect("立案处罚 is an act");
    assert_eq!(punish["side"], "upper");
    assert_eq!(punish["item"], "coop-81");
    assert!(
        punish["step"]
            .as_str()
            .unwrap()
            .contains("查处安全生产违法行为"),
        "{punish}"
    );
    assert_eq!(check["beyond"][0]["limit"], "非高危");
    assert!(
        check["beyond"][0]["named"]
            .as_str()
            .unwrap()
            .contains("烟花爆竹")
    );
    let advice = check["advice"].as_str().unwrap();
    assert!(
        advice.contains("通知要求的「依法立案处罚」属玛纳斯县应急管理局"),
        "{advice}"
    );
    assert!(advice.contains("超出了这一限定"), "{advice}");
}

#[test]
fn a_task_lvzhi_is_not_sure_of_says_so_with_both_answers() {
    let out = lvzhi(&["admit", "对农村户厕问题进行摸排整改"]);
    let text = stdout(&out);
    assert!(text.contains("【基本】（不确定）"), "{text}");
    assert!(text.contains("其中 1 项不确定，请人工判断"), "{text}");
    assert!(text.contains("甲【基本】：basic-51"), "{text}");
    assert!(text.contains("乙【清单外】"), "{text}");
    let task = &read(&["对农村户厕问题进行摸排整改"])[0];
    assert_eq!(task["sure"], false);
    assert_eq!(task["doubt"]["choices"][0]["item"], "basic-51");
    assert_eq!(task["doubt"]["choices"][1]["verdict"], "outside");
}

#[test]
fn register_set_changes_the_decision_refuses_contradictions_and_keeps_lvzhis() {
    let dir = tempfile::tempdir().unwrap();
    let review = dir.path().join("review.db");
    let review = review.to_str().unwrap();
    let out = lvzhi(&["--review", review, "admit", NOTICE, "--record"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let set = |reviewer: &str, args: &[&str]| {
        let mut all = vec![
            "--review",
            review,
            "--reviewer",
            reviewer,
            "register",
            "set",
        ];
        all.extend(args);
        lvzhi(&all)
    };
    // Refused, each with exit 2, a Chinese reason, and nothing written.
    for (args, reason) in [
        (
            &["3", "--verdict", "recalled", "--item", "coop-61"][..],
            "在配合履职事项清单里",
        ),
        (&["3", "--item", "coop-999"][..], "没有事项 coop-999"),
        (
            &["3", "--verdict", "outside", "--item", "coop-1"][..],
            "就没有对应事项",
        ),
        (&["3", "--verdict", "coop"][..], "须指明依据的事项"),
        (&["3", "--verdict", "外头"][..], "不是判断"),
    ] {
        let out = set("王五", args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(reason), "{args:?}: {}", stderr(&out));
    }
    // The third task (报刊征订) decided as recalled-2 by 王五: an item alone brings its list.
    let out = set("王五", &["3", "--item", "r2"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("第 3 号：收回 recalled-2，退回"),
        "{}",
        stderr(&out)
    );
    let listed = json(&lvzhi(&["--review", review, "register", "--json"]));
    let third = &listed["entries"][2];
    assert_eq!(third["verdict"], "recalled");
    assert_eq!(third["item"], "recalled-2");
    assert_eq!(
        third["outcome"], "return",
        "the outcome follows the verdict"
    );
    assert_eq!(third["suggested"]["verdict"], "outside");
    assert_eq!(third["suggested"]["item"], "");
    assert_eq!(third["decided_by"], "王五");
    // The 编办's counts follow the decision: two recalled, none outside.
    let counts = &listed["counts"][0];
    let verdicts = counts["verdicts"].as_array().unwrap();
    let count = |key: &str| {
        verdicts
            .iter()
            .find(|v| v[0] == key)
            .map(|v| v[1].as_i64().unwrap())
            .unwrap()
    };
    assert_eq!((count("recalled"), count("outside")), (2, 0));
    // The history says who changed what.
    let store = Store::open(
        &dir.path().join("review.db"),
        &Dataset::embedded().unwrap(),
        "t",
    )
    .unwrap();
    let history = store.entry_history(3).unwrap();
    let decisions: Vec<_> = history
        .iter()
        .map(|h| {
            (
                h.verdict.map(|v| v.key()),
                h.item.as_str(),
                h.handler.as_str(),
            )
        })
        .collect();
    assert_eq!(decisions[1], (Some("recalled"), "recalled-2", "王五"));
    // The exports carry lvzhi's suggestion beside the decision, and who decided.
    let out = lvzhi(&[
        "--review",
        review,
        "export",
        "--register",
        "--format",
        "csv",
    ]);
    let csv = stdout(&out);
    let header = csv.lines().next().unwrap();
    assert!(header.contains(",lvzhi 原建议,改定人,"), "{header}");
    let row = csv.lines().nth(3).unwrap();
    assert!(row.contains(",清单外,王五,"), "{row}");
}

#[test]
fn a_notice_recorded_again_adds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let review = dir.path().join("review.db");
    let review = review.to_str().unwrap();
    let first = lvzhi(&["--review", review, "admit", NOTICE, "--record"]);
    assert!(first.status.success(), "{}", stderr(&first));
    let again = lvzhi(&["--review", review, "admit", NOTICE, "--record"]);
    assert!(again.status.success(), "{}", stderr(&again));
    let said = stderr(&again);
    for n in 1..=3 {
        assert!(
            said.contains(&format!("第 {n} 项任务已登记为第 {n} 号")),
            "{said}"
        );
    }
    assert!(said.contains("已记入登记台账：0 项"), "{said}");
    let listed = json(&lvzhi(&["--review", review, "register", "--json"]));
    assert_eq!(listed["entries"].as_array().unwrap().len(), 3);
}

#[test]
fn a_persons_correction_outweighs_the_match_when_a_task_like_it_comes_again() {
    let dir = tempfile::tempdir().unwrap();
    let review = dir.path().join("review.db");
    let review = review.to_str().unwrap();
    let first = "请各乡镇组织各村对农户家养的狗集中打狂犬病疫苗，逐户登记。";
    let out = lvzhi(&[
        "--review",
        review,
        "admit",
        first,
        "--record",
        "--from",
        "玛纳斯县农业农村局",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    // The town organises dogs' vaccination itself (basic-44): 张三 says so.
    let out = lvzhi(&[
        "--review",
        review,
        "--reviewer",
        "张三",
        "register",
        "set",
        "1",
        "--item",
        "basic-44",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    // The same task in other words, from the same department.
    let again = "玛纳斯县农业农村局\n各乡镇：请组织给农户养的狗统一注射狂犬疫苗，登记造册。";
    let task = json(&lvzhi(&["--review", review, "admit", again, "--json"]))["tasks"][0].clone();
    assert_eq!(task["verdict"], "basic", "{task:#}");
    assert_eq!(task["matches"][0]["id"], "basic-44");
    assert_eq!(task["precedent"]["number"], 1);
    assert_eq!(task["precedent"]["decided_by"], "张三");
    // Alike only in part, and the matcher alone would say otherwise: decided, but not sure.
    assert_eq!(task["sure"], false);
    assert!(task["doubt"]["why"].as_str().unwrap().contains("张三"));
    assert_eq!(task["doubt"]["choices"][0]["item"], "basic-44");
    let text = stdout(&lvzhi(&["--review", review, "admit", again]));
    assert!(
        text.contains("类似任务 → 基本 basic-44（张三改定），登记第 1 号"),
        "{text}"
    );
    // The same task asked again, from anyone: the person's decision, for sure.
    let same = "请各乡镇组织各村对农户家养的狗集中打狂犬病疫苗，逐户登记造册。";
    let task = json(&lvzhi(&["--review", review, "admit", same, "--json"]))["tasks"][0].clone();
    assert_eq!(task["matches"][0]["id"], "basic-44", "{task:#}");
    assert_eq!(task["sure"], true);
}

/// The register's deadlines are days (issue 23): `--deadline` in a clerk's words (明天, 12月5日,
/// 下周五) is resolved against the day received and goes only to the tasks the notice gives no
/// deadline of their own; a notice's deadline without a year takes the year of the notice's
/// date, or of the day received; the words are kept beside the day; the xlsx has a date.
#[test]
fn deadlines_are_days_the_notices_own_kept_and_the_year_inferred() {
    let dir = tempfile::tempdir().unwrap();
    let review = dir.path().join("review.db");
    let review = review.to_str().unwrap();
    // NOTICE is signed 2026年11月20日; its second task is due 12月20日.
    let out = lvzhi(&[
        "--review",
        review,
        "admit",
        NOTICE,
        "--record",
        "--received",
        "2026-11-30",
        "--deadline",
        "明天",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let listed = json(&lvzhi(&["--review", review, "register", "--json"]));
    let deadlines: Vec<(&str, &str)> = listed["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["deadline"].as_str().unwrap(),
                e["deadline_words"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        deadlines,
        [
            ("2026-12-01", "明天"),
            ("2026-12-20", "12月20日"),
            ("2026-12-01", "明天"),
        ],
        "明天 fills in where the notice gave no deadline, never over its own"
    );
    let text = stdout(&lvzhi(&["--review", review, "register"]));
    assert!(text.starts_with("登记号\t收文日期\t办结时限\t"), "{text}");
    assert!(
        text.contains("\t2026-11-30\t2026-12-20（12月20日）\t"),
        "{text}"
    );

    // A notice signed in December asking for January: next year's January.
    let december = "关于报送冬季供暖情况的通知\n各乡镇：\n一、请于1月10日前报送辖区供暖情况。\n\n\
                    玛纳斯县住房和城乡建设局\n二〇二六年十二月十八日\n";
    // No date of its own: the year of the day received (12月 → this year, 1月 → next).
    let undated = "各乡镇：\n一、请于1月5日前报送空巢老人名单。\n二、请于12月20日前完成走访。\n";
    for (notice, received) in [(december, "2027-01-03"), (undated, "2026-12-15")] {
        let out = lvzhi(&[
            "--review",
            review,
            "admit",
            notice,
            "--record",
            "--received",
            received,
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let listed = json(&lvzhi(&["--review", review, "register", "--json"]));
    let days: Vec<&str> = listed["entries"].as_array().unwrap()[3..]
        .iter()
        .map(|e| e["deadline"].as_str().unwrap())
        .collect();
    assert_eq!(days, ["2027-01-10", "2027-01-05", "2026-12-20"]);

    // The xlsx: 办结时限 a date cell, the notice's words beside it.
    use calamine::Reader;
    let mut book = register_xlsx(review, dir.path());
    let sheet = book.worksheet_range("清单外事项登记台账").unwrap();
    assert_eq!(sheet.get((0, 7)).unwrap().to_string(), "办结时限");
    assert_eq!(sheet.get((0, 8)).unwrap().to_string(), "时限原文");
    match sheet.get((2, 7)).unwrap() {
        // 2026-12-20 as Excel counts days (from 1899-12-30).
        calamine::Data::DateTime(day) => assert_eq!(day.as_f64(), 46376.0),
        other => panic!("办结时限 is no date: {other:?}"),
    }
    assert_eq!(sheet.get((2, 8)).unwrap().to_string(), "12月20日");
}

/// A deadline that names no day is refused before anything is read or written, naming it.
#[test]
fn a_deadline_that_names_no_day_is_refused_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let review = dir.path().join("review.db");
    for words in ["下个月吧", "尽快", "13月1日"] {
        let out = lvzhi(&[
            "--review",
            review.to_str().unwrap(),
            "admit",
            NOTICE,
            "--record",
            "--deadline",
            words,
        ]);
        assert_eq!(out.status.code(), Some(2), "{words}");
        let said = stderr(&out);
        assert!(
            said.contains(&format!("「{words}」不是办结时限")) && said.contains("12月5日"),
            "{said}"
        );
        assert!(stdout(&out).is_empty());
    }
    assert!(!review.exists(), "nothing recorded");
}

/// The register exported as xlsx into `dir` and opened as the 编办 would open it.
fn register_xlsx(
    review: &str,
    dir: &std::path::Path,
) -> calamine::Sheets<std::io::BufReader<std::fs::File>> {
    let xlsx = dir.join("台账.xlsx");
    let out = lvzhi(&[
        "--review",
        review,
        "export",
        "--register",
        "--format",
        "xlsx",
        "-o",
        xlsx.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    calamine::open_workbook_auto(&xlsx).unwrap()
}

/// Each answer lvzhi hesitates between is shown with its item and what it shares with the
/// task, even an item the matcher ranked below its first three (the app showed such a choice
/// as "三张清单都没有" under a 收回 label).
#[test]
fn every_answer_in_doubt_comes_with_its_item() {
    let mut doubts = 0;
    for fixture in ["notice.doc", "pdf_notice_31_pages.pdf", "county-notice.ofd"] {
        let path = common::repo_file(&format!("tests/fixtures/notices/{fixture}"));
        let value = json(&lvzhi(&["admit", "-f", path.to_str().unwrap(), "--json"]));
        for task in value["tasks"].as_array().unwrap() {
            let ids: Vec<&str> = task["matches"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m["id"].as_str().unwrap())
                .collect();
            for choice in task["doubt"]["choices"].as_array().into_iter().flatten() {
                doubts += 1;
                if let Some(id) = choice["item"].as_str() {
                    assert!(ids.contains(&id), "{fixture}: {id} offered, not in {ids:?}");
                }
            }
        }
    }
    assert!(doubts > 0, "the fixtures have tasks lvzhi is not sure of");
}

/// A register with three entries written on fixed days: 1 待定; 2 报批 on 2026-12-01; 3 报批
/// on 2026-12-21 (recorded 待定 that day and sent the same afternoon).
fn register_with_submissions(path: &std::path::Path) {
    use lvzhi::admit::Verdict;
    use lvzhi::review::register::EntryEdit;
    let dataset = Dataset::embedded().unwrap();
    let at = |time: &str| {
        Store::open(path, &dataset, "张三")
            .unwrap()
            .with_fixed_time(time)
    };
    let request =
        |task: &str, outcome| common::decided_request(task, Verdict::Outside, "", outcome);
    at("2026-12-01 09:00:00")
        .record(&[
            request("摸排辖区养老机构", Outcome::Pending),
            request("报送空巢老人名单", Outcome::Submit),
            request("统计流动人口", Outcome::Pending),
        ])
        .unwrap();
    let submit = EntryEdit {
        outcome: Some(Outcome::Submit),
        ..EntryEdit::default()
    };
    at("2026-12-21 15:00:00").edit_entry(3, &submit).unwrap();
}

/// Issue 28: the county answers a 报批 entry within 15 working days of its submission.
/// `register` lists the entries it is late with first and counts them on stderr; the 答复期限
/// column has the day, how late, and whether it was counted through a year whose holiday
/// notice is not in; the JSON has the day and whether late.
#[test]
fn the_countys_answer_is_due_in_working_days_and_the_late_come_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("review.db");
    register_with_submissions(&path);
    let review = path.to_str().unwrap();
    let run = |args: &[&str]| {
        common::command()
            .env("LVZHI_TODAY", "2026-12-28")
            .args(["--review", review])
            .args(args)
            .output()
            .unwrap()
    };
    let out = run(&["register"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stderr(&out), "报批逾期 1 条：第 2 号\n");
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].contains("\t处理结果\t答复期限\t任务\t"), "{text}");
    let numbers: Vec<&str> = lines[1..]
        .iter()
        .map(|l| l.split('\t').next().unwrap())
        .collect();
    assert_eq!(numbers, ["2", "1", "3"], "the late one first: {text}");
    // Due 12-22 (no holiday in December); 12-23, 24, 25 and 28 are past it.
    assert!(
        lines[1].contains("\t报批\t2026-12-22（逾期 4 个工作日）\t报送空巢老人名单\t"),
        "{text}"
    );
    assert!(lines[2].contains("\t待定\t\t摸排辖区养老机构\t"), "{text}");
    // From 12-21, through 2027's 元旦 (a Friday) and the weekends only.
    assert!(
        lines[3].contains("\t报批\t2027-01-12（2027 年放假安排未收录，按周末估算）\t"),
        "{text}"
    );

    let listed = json(&run(&["register", "--json"]));
    let entries = listed["entries"].as_array().unwrap();
    let first = entries[0].as_object().unwrap();
    for key in ["submitted", "answer_due", "overdue", "overdue_days"] {
        assert!(!first.contains_key(key), "{key} on a 待定 entry");
    }
    assert_eq!(entries[1]["submitted"], "2026-12-01");
    assert_eq!(entries[1]["answer_due"], "2026-12-22");
    assert_eq!(entries[1]["overdue"], true);
    assert_eq!(entries[1]["overdue_days"], 4);
    assert_eq!(entries[2]["submitted"], "2026-12-21");
    assert_eq!(entries[2]["overdue"], false);
    assert_eq!(entries[2]["answer_estimated"], serde_json::json!([2027]));
    let exported = json(&run(&["export", "--register", "--format", "json"]));
    assert_eq!(exported["entries"][1]["answer_due"], "2026-12-22");
    // The 编办's table has them too, as the last columns.
    let out = run(&["export", "--register", "--format", "csv"]);
    let table = stdout(&out);
    let mut rows = ::csv::Reader::from_reader(table.trim_start_matches('\u{feff}').as_bytes());
    let header: Vec<String> = rows.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header[header.len() - 4..],
        ["通知标题", "通知日期", "报批日期", "答复期限"]
    );
    let second: Vec<String> = rows
        .records()
        .nth(1)
        .unwrap()
        .unwrap()
        .iter()
        .map(String::from)
        .collect();
    assert_eq!(
        second[header.len() - 2..],
        ["2026-12-01", "2026-12-22（逾期 4 个工作日）"]
    );

    // The county's days are a setting: ten working days from 12-01 is 12-15.
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "answer_days = 10\n").unwrap();
    let out = common::command()
        .env("LVZHI_TODAY", "2026-12-28")
        .env("LVZHI_SYSTEM_CONFIG", &config)
        .args(["--review", review, "register", "--json"])
        .output()
        .unwrap();
    assert_eq!(json(&out)["entries"][1]["answer_due"], "2026-12-15");

    // Before the due day nothing is late, and nothing is said.
    let out = common::command()
        .env("LVZHI_TODAY", "2026-12-22")
        .args(["--review", review, "register"])
        .output()
        .unwrap();
    assert_eq!(stderr(&out), "");
    assert!(stdout(&out).lines().nth(1).unwrap().starts_with("1\t"));
}
