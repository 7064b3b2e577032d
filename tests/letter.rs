//! `lvzhi letter`: the letter a register entry's decided verdict calls for, and the review's
//! 动态调整申请, written by the binary on the embedded data.

mod common;

use common::docx;
use std::process::Output;

use common::{command, stderr, stdout};
use lvzhi::Dataset;

/// A notice of four tasks, recorded and then decided by hand (the letters follow the decision,
/// not lvzhi's reading, which other tests hold).
const NOTICE: &str = "关于做好高龄津贴清理工作的通知\n玛民发〔2026〕12号\n各乡镇：\n\
一、追缴违规领取的高龄津贴。\n\
二、各村核实到龄老年人信息并报镇。\n\
三、做好本镇秸秆禁烧巡查。\n\
四、抽调2名干部参加专班，于12月20日前到岗。\n\
玛纳斯县民政局\n2026年11月28日\n";

/// Each entry's decision: (number, verdict, item).
const DECISIONS: [(&str, &str, &str); 4] = [
    ("1", "recalled", "recalled-2"),
    ("2", "coop", "coop-16"),
    ("3", "basic", "basic-12"),
    ("4", "outside", ""),
];

struct Town {
    dir: tempfile::TempDir,
}

impl Town {
    /// The notice recorded in a fresh review file, each entry decided as `DECISIONS` says.
    fn recorded() -> Town {
        let town = Town {
            dir: tempfile::tempdir().unwrap(),
        };
        let notice = town.dir.path().join("notice.txt");
        std::fs::write(&notice, NOTICE).unwrap();
        let out = town.run(&["admit", "-f", notice.to_str().unwrap(), "--record"]);
        assert!(out.status.success(), "{}", stderr(&out));
        for (number, verdict, item) in DECISIONS {
            let mut args = vec!["register", "set", number, "--verdict", verdict];
            if !item.is_empty() {
                args.extend(["--item", item]);
            }
            let out = town.run(&args);
            assert!(out.status.success(), "{}", stderr(&out));
        }
        town
    }

    fn path(&self, name: &str) -> String {
        self.dir.path().join(name).to_str().unwrap().to_string()
    }

    /// lvzhi in the town's folder, on its review file and with its config file (if written).
    fn run(&self, args: &[&str]) -> Output {
        command()
            .current_dir(self.dir.path())
            .env("LVZHI_REVIEW", self.path("review.db"))
            .env("LVZHI_REVIEWER", "张三")
            .env("LVZHI_SYSTEM_CONFIG", self.path("config.toml"))
            .args(args)
            .output()
            .unwrap()
    }

    /// `item` marked 有异议 with `note`.
    fn dispute(&self, item: &str, note: &str) {
        let out = self.run(&["mark", item, "有异议", "--note", note]);
        assert!(out.status.success(), "{}", stderr(&out));
    }

    fn letter(&self, args: &[&str]) -> Output {
        let mut all = vec!["letter", "--date", "2026-12-02"];
        all.extend(args);
        self.run(&all)
    }
}

fn item(id: &str) -> lvzhi::Item {
    Dataset::embedded().unwrap().find(id).unwrap().clone()
}

/// A refusal: exit 2, one line saying why, and no file written.
fn assert_no_letter(town: &Town, out: &Output, says: &str) {
    assert_eq!(out.status.code(), Some(2), "{}", stdout(out));
    let err = stderr(out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains(says), "{err}");
    let docx = std::fs::read_dir(town.dir.path())
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().extension() == Some("docx".as_ref()))
        .count();
    assert_eq!(docx, 0);
}

#[test]
fn a_recalled_task_is_returned_citing_its_list_item_and_department() {
    let town = Town::recorded();
    let out = town.letter(&["1", "--text"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let recalled = item("recalled-2");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "六户地镇人民政府关于退回玛纳斯县民政局交办事项的函"
    );
    assert_eq!(lines[2], "玛纳斯县民政局：");
    for said in [
        "我镇收到你单位《关于做好高龄津贴清理工作的通知》（玛民发〔2026〕12号，2026年11月28日印发）",
        "“追缴违规领取的高龄津贴”",
        "《玛纳斯县六户地镇上级部门收回事项清单》",
        "第 2 项",
        &format!("“{}”", recalled.title),
        &format!("承接部门为{}", recalled.departments.join("、")),
        "现将该项工作退回你单位",
        "特此函告。",
    ] {
        assert!(text.contains(said), "{said}\n{text}");
    }
    // 落款 and 成文日期 close it; no 抄送 on a 退回函.
    assert!(
        text.ends_with("六户地镇人民政府\n2026年12月2日\n"),
        "{text}"
    );
}

#[test]
fn the_towns_own_work_gets_no_letter_and_a_shared_duty_only_when_asked() {
    let town = Town::recorded();
    let out = town.letter(&["3"]);
    assert_no_letter(&town, &out, "判为基本履职事项（basic-12），是本镇的职责");
    // 核实…并报镇 is the town's first step of coop-16: no letter unless the clerk says so.
    let out = town.letter(&["2"]);
    assert_no_letter(&town, &out, "在本镇的配合职责之内（配合职责第 1 条）");
    assert!(stderr(&out).contains("加 --return 写退回函"));
    let out = town.letter(&["2", "--return", "--text"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let coop = item("coop-16");
    let first_step = &coop.upper_duties[0].steps[0];
    for said in [
        "《玛纳斯县六户地镇配合履职事项清单》".to_string(),
        format!("第 16 项“{}”", coop.title),
        format!("由{}牵头、本镇配合", coop.departments.join("、")),
        first_step.trim_end_matches(['；', '。']).to_string(),
    ] {
        assert!(text.contains(&said), "{said}\n{text}");
    }
    assert!(town.run(&["letter", "9"]).status.code() == Some(2));
}

#[test]
fn a_task_in_no_list_gets_a_note_that_it_needs_admission_copied_to_the_office() {
    let town = Town::recorded();
    std::fs::write(
        town.path("config.toml"),
        "[letter]\nsender = \"{town}人民政府\"\noffice = \"{county}委编办\"\ncontact = \"联系人：王五，电话：0994-6601234\"\n",
    )
    .unwrap();
    let out = town.letter(&["4", "--text"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    for said in [
        "六户地镇人民政府关于玛纳斯县民政局交办事项需履行准入程序的情况说明",
        "不在我镇履行职责事项清单之内",
        "提前向玛纳斯县委编办提出准入申请",
        "钱随事转",
        "特此说明。",
        "（联系人：王五，电话：0994-6601234）",
        "抄送：玛纳斯县委编办。",
    ] {
        assert!(text.contains(said), "{said}\n{text}");
    }
    // The deadline is the task's own words: said once.
    assert_eq!(text.matches("12月20日").count(), 1, "{text}");
    // Once admitted, there is nothing to explain.
    let out = town.run(&[
        "register",
        "set",
        "4",
        "--outcome",
        "已准入",
        "--ref",
        "玛编〔2026〕9号",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = town.letter(&["4"]);
    assert_no_letter(&town, &out, "第 4 号已准入（玛编〔2026〕9号）");
}

#[test]
fn the_adjustment_lists_each_disputed_item_with_its_proposal_basis_and_reason() {
    let town = Town::recorded();
    let out = town.letter(&["--adjust"]);
    assert_no_letter(&town, &out, "没有标为有异议或需修改的事项");
    let note =
        "与县民政局职责重叠。建议：调整为上级部门收回事项；依据：《高龄津贴发放管理办法》第八条";
    for args in [
        ["mark", "c16", "有异议", "--note", note],
        ["mark", "b3", "需修改", "--note", "表述不清"],
        ["mark", "b5", "同意", "--note", "无"],
    ] {
        let out = town.run(&args);
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let out = town.letter(&["--adjust", "--text"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    for said in [
        "六户地镇人民政府关于申请动态调整履行职责事项清单的函",
        "中共玛纳斯县委机构编制委员会办公室：",
        "以下 2 个事项需要调整（有异议 1 项、需修改 1 项）",
        "事项名称：老年人高龄津贴的发放管理",
        "建议为：调整为上级部门收回事项",
        "主要依据：《高龄津贴发放管理办法》第八条",
        "理由：与县民政局职责重叠。",
        "理由：表述不清",
    ] {
        assert!(text.contains(said), "{said}\n{text}");
    }
    assert!(!text.contains(&item("basic-5").title), "{text}");
    // What the clerk must still fill in is said, naming the item.
    let err = stderr(&out);
    assert!(err.contains("没有写主要依据（basic-3）"), "{err}");
}

#[test]
fn letters_are_written_beside_earlier_ones_and_o_replaces_what_it_names() {
    let town = Town::recorded();
    for expected in ["退回函-第1号.docx", "退回函-第1号-2.docx"] {
        let out = town.letter(&["1"]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(stderr(&out).contains(expected), "{}", stderr(&out));
        let bytes = std::fs::read(town.dir.path().join(expected)).unwrap();
        assert_eq!(&bytes[..2], b"PK");
    }
    let named = town.path("函.docx");
    std::fs::write(&named, "旧的").unwrap();
    let out = town.letter(&["4", "-o", &named]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(&std::fs::read(&named).unwrap()[..2], b"PK");
}

#[test]
fn what_other_people_wrote_reaches_the_letter_inert() {
    let town = Town::recorded();
    town.dispute("c16", "理由：\x1b[31m=HYPERLINK(\"x\")\x07");
    let out = town.letter(&["--adjust", "--text"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stdout(&out).contains('\x1b'), "{}", stdout(&out));
    assert!(!stdout(&out).contains('\x07'));
    let out = town.letter(&["--adjust", "-o", &town.path("a.docx")]);
    assert!(out.status.success(), "{}", stderr(&out));
    // In the .docx the formula is words in a cell, and no control character is left.
    let package = docx::open(&std::fs::read(town.path("a.docx")).unwrap());
    let document = package.xml("word/document.xml");
    let written = docx::paragraphs(&document).join("\n");
    assert!(written.contains("=HYPERLINK(\"x\")"), "{written}");
    let raw = package.text("word/document.xml");
    assert!(!raw.chars().any(|c| c < ' ' && !"\t\n\r".contains(c)));
}

/// The .docx says what `--text` shows, on an A4 page with the standard's margins, in the
/// 公文's faces; the 调整申请's table holds a row per disputed item.
#[test]
fn the_docx_says_what_the_text_shows_on_the_standards_page() {
    let town = Town::recorded();
    town.dispute("c16", "依据：《办法》第八条；理由：发放在县里");
    for args in [vec!["1"], vec!["4"], vec!["--adjust"]] {
        let text = stdout(&town.letter(&[args.clone(), vec!["--text"]].concat()));
        let path = town.path("函.docx");
        let out = town.letter(&[args.clone(), vec!["-o", &path]].concat());
        assert!(out.status.success(), "{}", stderr(&out));
        let package = docx::open(&std::fs::read(&path).unwrap());
        let document = package.xml("word/document.xml");
        let written = docx::paragraphs(&document).join("\n");
        // Every paragraph of the text (not the table, shown column by column) is in the .docx.
        let lines = text
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with("　　　　"));
        for line in lines.map(|l| l.trim_start_matches('　')) {
            assert!(written.contains(line), "{args:?}: {line}\n{written}");
        }
        let section = document.find("w:sectPr").expect("a section");
        assert_eq!(docx::number(section, "w:pgSz", "w:w"), 11906);
        assert_eq!(docx::number(section, "w:pgSz", "w:h"), 16838);
        for (side, mm) in [
            ("w:top", 37.0),
            ("w:bottom", 35.0),
            ("w:left", 28.0),
            ("w:right", 26.0),
        ] {
            let twips = docx::number(section, "w:pgMar", side) as f64;
            assert!((twips / 56.692_9 - mm).abs() < 0.1, "{side}: {twips}");
        }
        let fonts = package.text("word/fontTable.xml");
        for face in ["方正小标宋简体", "仿宋_GB2312", "仿宋"] {
            assert!(fonts.contains(&format!("w:name=\"{face}\"")), "{face}");
        }
        let tables = document.all("w:tbl");
        if args == ["--adjust"] {
            let rows = tables[0].all("w:tr");
            assert_eq!(rows.len(), 2, "a header and coop-16");
            let cells: Vec<String> = rows[1].all("w:tc").iter().map(|c| c.text()).collect();
            assert_eq!(cells[2], "16");
            assert_eq!(cells[5], "《办法》第八条");
            assert_eq!(cells[6], "发放在县里");
        } else {
            assert!(tables.is_empty());
        }
    }
}
